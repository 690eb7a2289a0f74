000100 IDENTIFICATION DIVISION.
000200 PROGRAM-ID.    TSB040.
000300 AUTHOR.        J. VAN DEN BERG.
000400 INSTALLATION.  TSL - TOESLAGEN ADMINISTRATIE.
000500 DATE-WRITTEN.  MEI 1994.
000600 DATE-COMPILED.
000700*****************************************************************
000800* TSB040 - BETAALLIJST (MAANDELIJKS, PROC TSBATCH STAP RAPPORT) *
000900*                                                               *
001000* INVOER : BETALING  BETAALRECORDS (REGULIER UIT TSB020 +       *
001100*                    CORRECTIES UIT TSB050)                     *
001200* UITVOER: BETLIJST  AFDRUK 132 POS. (SYSOUT KLASSE A)          *
001300*                                                               *
001400* DE LIJST BEVAT ALLE BETALINGEN, DAARNA DE TOTALEN PER         *
001500* GEMEENTE (TABEL MET OCCURS DEPENDING ON, GESORTEERD OP        *
001600* GEMEENTECODE) EN DE EINDTOTALEN.                              *
001700* HET IBAN WORDT AFGEDRUKT IN GROEPJES VAN 4 (GENEST            *
001800* PROGRAMMA TSB040F).                                           *
001900*----------------------------------------------------------------
002000* WIJZIGINGEN                                                   *
002100* 1994-05-02 JvdB  EERSTE VERSIE                                *
002200* 1997-06-30 JvdB  TS9706 TOTALEN PER GEMEENTE                  *
002300* 2002-01-02 RK    EUR001 BEDRAGEN IN EURO                      *
002400* 2014-02-03 PJ    TS1402 IBAN IN GROEPJES (TSB040F)            *
002500*****************************************************************
002600 ENVIRONMENT DIVISION.
002700 CONFIGURATION SECTION.
002800 SOURCE-COMPUTER. IBM-370.
002900 OBJECT-COMPUTER. IBM-370.
003000 SPECIAL-NAMES.
003100     DECIMAL-POINT IS COMMA.
003200 INPUT-OUTPUT SECTION.
003300 FILE-CONTROL.
003400     SELECT BETAAL-IN        ASSIGN TO BETALING
003500                             ORGANIZATION IS SEQUENTIAL
003600                             FILE STATUS IS WS-FS-BETALING.
003700     SELECT LIJST-UIT        ASSIGN TO BETLIJST
003800                             ORGANIZATION IS SEQUENTIAL
003900                             FILE STATUS IS WS-FS-BETLIJST.
004000 DATA DIVISION.
004100 FILE SECTION.
004200 FD  BETAAL-IN
004300     RECORDING MODE IS F
004400     LABEL RECORDS ARE STANDARD
004500     BLOCK CONTAINS 0 RECORDS.
004600     COPY TSLBETR.
004700*
004800 FD  LIJST-UIT
004900     RECORDING MODE IS F
005000     LABEL RECORDS ARE OMITTED.
005100 01  LIJST-REGEL                 PIC X(132).
005200*
005300 WORKING-STORAGE SECTION.
005400 01  WS-PROGRAMMA                PIC X(08) VALUE 'TSB040'.
005500*
005600 01  WS-FILE-STATUSSEN.
005700     05  WS-FS-BETALING          PIC X(02).
005800     05  WS-FS-BETLIJST          PIC X(02).
005900*
006000 01  WS-SCHAKELAARS.
006100     05  WS-EOF-SW               PIC X(01) VALUE 'N'.
006200         88  WS-EOF              VALUE 'J'.
006300     05  WS-GEM-SW               PIC X(01).
006400         88  WS-GEM-GEVONDEN     VALUE 'J'.
006500         88  WS-GEM-NIEUW        VALUE 'N'.
006600*
006700 01  WS-PAGINERING.
006800     05  WS-BLAD                 PIC S9(04) COMP VALUE ZERO.
006900     05  WS-REGEL                PIC S9(04) COMP VALUE +99.
007000     05  WS-MAX-REGELS           PIC S9(04) COMP VALUE +50.
007100*
007200 01  WS-TOTALEN.
007300     05  WS-AANT-REGULIER        PIC S9(07) COMP-3 VALUE ZERO.
007400     05  WS-AANT-CORRECTIE       PIC S9(07) COMP-3 VALUE ZERO.
007500     05  WS-AANT-TOTAAL          PIC S9(07) COMP-3 VALUE ZERO.
007600     05  WS-BEDR-REGULIER        PIC S9(09)V99 COMP-3 VALUE ZERO.
007700     05  WS-BEDR-CORRECTIE       PIC S9(09)V99 COMP-3 VALUE ZERO.
007800     05  WS-BEDR-TOTAAL          PIC S9(09)V99 COMP-3 VALUE ZERO.
007900*
008000*    TOTALEN PER GEMEENTE - TABEL GROEIT MET DE GEVONDEN CODES
008100 01  WS-GEM-TABEL.                                                TS9706
008200     05  WS-GEM-AANTAL           PIC S9(04) COMP VALUE ZERO.      TS9706
008300     05  WS-GEM-MAX              PIC S9(04) COMP VALUE +400.      TS9706
008400     05  WS-GEM-REGEL            OCCURS 1 TO 400 TIMES            TS9706
008500                                 DEPENDING ON WS-GEM-AANTAL       TS9706
008600                                 INDEXED BY GEM-IX GEM-IX2.       TS9706
008700         10  WS-GEM-CODE         PIC 9(04).                       TS9706
008800         10  WS-GEM-AANT         PIC S9(07) COMP-3.               TS9706
008900         10  WS-GEM-BEDRAG       PIC S9(09)V99 COMP-3.            TS9706
009000*
009100 01  WS-IBAN-AFDRUK              PIC X(22).                       TS1402
009200*
009300*---------------------------------------------------------------*
009400* AFDRUKREGELS                                                  *
009500*---------------------------------------------------------------*
009600 01  WS-KOP1.
009700     05  FILLER                  PIC X(08) VALUE 'TSB040'.
009800     05  FILLER                  PIC X(74) VALUE 'TOESLAGEN ADMINI
009900-    'STRATIE - BETAALLIJST REGULIERE BETALINGEN EN CORRECTIES'.
010000     05  FILLER                  PIC X(06) VALUE 'BLAD '.
010100     05  K1-BLAD                 PIC ZZZ9.
010200 01  WS-KOP2.
010300     05  FILLER                  PIC X(08) VALUE SPACES.
010400     05  FILLER                  PIC X(14) VALUE 'BETAALDATUM '.
010500     05  K2-DAG                  PIC 99.
010600     05  FILLER                  PIC X(01) VALUE '-'.
010700     05  K2-MAAND                PIC 99.
010800     05  FILLER                  PIC X(01) VALUE '-'.
010900     05  K2-JAAR                 PIC 9999.
011000 01  WS-KOP3.
011100     05  FILLER                  PIC X(48) VALUE
011200         'BSN       SRT AANVRAAGNR PERIODE S IBAN'.
011300     05  FILLER                  PIC X(48) VALUE
011400         '                   BEDRAG    VOLGNR GEM.'.
011500 01  WS-DETAIL.
011600     05  D-BSN                   PIC 9(09).
011700     05  FILLER                  PIC X(01) VALUE SPACE.
011800     05  D-SOORT                 PIC X(02).
011900     05  FILLER                  PIC X(02) VALUE SPACES.
012000     05  D-AANVRAAGNR            PIC X(10).
012100     05  FILLER                  PIC X(01) VALUE SPACE.
012200     05  D-JAAR                  PIC 9(04).
012300     05  FILLER                  PIC X(01) VALUE '-'.
012400     05  D-MAAND                 PIC 9(02).
012500     05  FILLER                  PIC X(01) VALUE SPACE.
012600     05  D-SOORT-BET             PIC X(01).
012700     05  FILLER                  PIC X(01) VALUE SPACE.
012800     05  D-IBAN                  PIC X(22).
012900     05  D-BEDRAG                PIC ---.---.--9,99.              EUR001
013000     05  FILLER                  PIC X(01) VALUE SPACE.
013100     05  D-VOLGNR                PIC Z(08)9.
013200     05  FILLER                  PIC X(01) VALUE SPACE.
013300     05  D-GEMCODE               PIC 9(04).
013400     05  FILLER                  PIC X(01) VALUE SPACE.
013500     05  D-REDEN                 PIC X(02).
013600 01  WS-GEM-KOP.                                                  TS9706
013700     05  FILLER                  PIC X(44) VALUE                  TS9706
013800         'TOTALEN PER GEMEENTE   GEM.   AANTAL'.                  TS9706
013900     05  FILLER                  PIC X(20) VALUE '        BEDRAG'.TS9706
014000 01  WS-GEM-DETAIL.                                               TS9706
014100     05  FILLER                  PIC X(23) VALUE SPACES.          TS9706
014200     05  G-CODE                  PIC 9(04).                       TS9706
014300     05  FILLER                  PIC X(01) VALUE SPACE.           TS9706
014400     05  G-AANTAL                PIC ZZZZZ9.                      TS9706
014500     05  FILLER                  PIC X(01) VALUE SPACE.           TS9706
014600     05  G-BEDRAG                PIC ---.---.--9,99.              TS9706
014700 01  WS-TOTAALREGEL.
014800     05  T-OMSCHRIJVING          PIC X(23).
014900     05  FILLER                  PIC X(05) VALUE SPACES.
015000     05  T-AANTAL                PIC ZZZZZ9.
015100     05  FILLER                  PIC X(01) VALUE SPACE.
015200     05  T-BEDRAG                PIC ---.---.--9,99.              EUR001
015300/
015400 PROCEDURE DIVISION.
015500 0000-HOOFD SECTION.
015600 0000-START.
015700     PERFORM 1000-INITIALISATIE
015800     PERFORM 2000-VERWERK-BETALING
015900         UNTIL WS-EOF
016000     PERFORM 3000-TOTALEN
016100     PERFORM 9000-AFSLUITING
016200     STOP RUN.
016300*
016400 1000-INITIALISATIE SECTION.
016500 1000-START.
016600     OPEN INPUT  BETAAL-IN
016700          OUTPUT LIJST-UIT
016800     IF WS-FS-BETALING NOT = '00' OR WS-FS-BETLIJST NOT = '00'
016900         DISPLAY WS-PROGRAMMA ' FOUT BIJ OPENEN ' WS-FS-BETALING
017000                 ' ' WS-FS-BETLIJST
017100         MOVE 16                 TO RETURN-CODE
017200         STOP RUN
017300     END-IF
017400     PERFORM 8000-LEES-BETALING
017500     IF NOT WS-EOF
017600         MOVE BET-BETAALDAT (7:2) TO K2-DAG
017700         MOVE BET-BETAALDAT (5:2) TO K2-MAAND
017800         MOVE BET-BETAALDAT (1:4) TO K2-JAAR
017900     END-IF.
018000 1000-EXIT.
018100     EXIT.
018200*
018300 2000-VERWERK-BETALING SECTION.
018400 2000-START.
018500     IF WS-REGEL > WS-MAX-REGELS
018600         PERFORM 7000-KOPPEN
018700     END-IF
018800     MOVE BET-BSN                TO D-BSN
018900     MOVE BET-SOORT              TO D-SOORT
019000     MOVE BET-AANVRAAGNR         TO D-AANVRAAGNR
019100     MOVE BET-JAAR               TO D-JAAR
019200     MOVE BET-MAAND              TO D-MAAND
019300     MOVE BET-SOORT-BET          TO D-SOORT-BET
019400     CALL 'TSB040F' USING BET-IBAN WS-IBAN-AFDRUK                 TS1402
019500     MOVE WS-IBAN-AFDRUK         TO D-IBAN                        TS1402
019600     MOVE BET-BEDRAG             TO D-BEDRAG
019700     MOVE BET-VOLGNR             TO D-VOLGNR
019800     MOVE BET-GEMCODE            TO D-GEMCODE
019900     MOVE BET-REDEN              TO D-REDEN
020000     WRITE LIJST-REGEL FROM WS-DETAIL AFTER ADVANCING 1 LINE
020100     ADD 1                       TO WS-REGEL
020200*
020300     EVALUATE TRUE
020400         WHEN BET-REGULIER
020500             ADD 1               TO WS-AANT-REGULIER
020600             ADD BET-BEDRAG      TO WS-BEDR-REGULIER
020700         WHEN BET-CORRECTIE
020800             ADD 1               TO WS-AANT-CORRECTIE
020900             ADD BET-BEDRAG      TO WS-BEDR-CORRECTIE
021000     END-EVALUATE
021100     ADD 1                       TO WS-AANT-TOTAAL
021200     ADD BET-BEDRAG              TO WS-BEDR-TOTAAL
021300     PERFORM 2100-GEMEENTE-TOTAAL
021400     PERFORM 8000-LEES-BETALING.
021500 2000-EXIT.
021600     EXIT.
021700*
021800 2100-GEMEENTE-TOTAAL SECTION.                                    TS9706
021900*---------------------------------------------------------------*
022000* ZOEK DE GEMEENTE; NIEUWE CODE OP DE JUISTE PLAATS TUSSENVOEGEN*
022100*---------------------------------------------------------------*
022200 2100-START.                                                      TS9706
022300     SET WS-GEM-NIEUW            TO TRUE                          TS9706
022400     SET GEM-IX                  TO 1                             TS9706
022500     PERFORM UNTIL GEM-IX > WS-GEM-AANTAL                         TS9706
022600                OR WS-GEM-CODE (GEM-IX) NOT < BET-GEMCODE         TS9706
022700         SET GEM-IX              UP BY 1                          TS9706
022800     END-PERFORM                                                  TS9706
022900     IF GEM-IX NOT > WS-GEM-AANTAL                                TS9706
023000         IF WS-GEM-CODE (GEM-IX) = BET-GEMCODE                    TS9706
023100             SET WS-GEM-GEVONDEN TO TRUE                          TS9706
023200         END-IF                                                   TS9706
023300     END-IF                                                       TS9706
023400     IF WS-GEM-NIEUW                                              TS9706
023500         IF WS-GEM-AANTAL NOT < WS-GEM-MAX                        TS9706
023600             DISPLAY WS-PROGRAMMA ' GEMEENTETABEL VOL'            TS9706
023700             MOVE 16             TO RETURN-CODE                   TS9706
023800             STOP RUN                                             TS9706
023900         END-IF                                                   TS9706
024000         ADD 1                   TO WS-GEM-AANTAL                 TS9706
024100         SET GEM-IX2             TO WS-GEM-AANTAL                 TS9706
024200         PERFORM UNTIL GEM-IX2 NOT > GEM-IX                       TS9706
024300             MOVE WS-GEM-REGEL (GEM-IX2 - 1)                      TS9706
024400                                 TO WS-GEM-REGEL (GEM-IX2)        TS9706
024500             SET GEM-IX2         DOWN BY 1                        TS9706
024600         END-PERFORM                                              TS9706
024700         MOVE BET-GEMCODE        TO WS-GEM-CODE (GEM-IX)          TS9706
024800         MOVE ZERO               TO WS-GEM-AANT (GEM-IX)          TS9706
024900                                    WS-GEM-BEDRAG (GEM-IX)        TS9706
025000     END-IF                                                       TS9706
025100     ADD 1                       TO WS-GEM-AANT (GEM-IX)          TS9706
025200     ADD BET-BEDRAG              TO WS-GEM-BEDRAG (GEM-IX).       TS9706
025300 2100-EXIT.                                                       TS9706
025400     EXIT.                                                        TS9706
025500*
025600 3000-TOTALEN SECTION.
025700 3000-START.
025800     PERFORM 7000-KOPPEN
025900     WRITE LIJST-REGEL FROM WS-GEM-KOP AFTER ADVANCING 2 LINES    TS9706
026000     PERFORM VARYING GEM-IX FROM 1 BY 1                           TS9706
026100             UNTIL GEM-IX > WS-GEM-AANTAL                         TS9706
026200         MOVE WS-GEM-CODE (GEM-IX)   TO G-CODE                    TS9706
026300         MOVE WS-GEM-AANT (GEM-IX)   TO G-AANTAL                  TS9706
026400         MOVE WS-GEM-BEDRAG (GEM-IX) TO G-BEDRAG                  TS9706
026500         WRITE LIJST-REGEL FROM WS-GEM-DETAIL                     TS9706
026600             AFTER ADVANCING 1 LINE                               TS9706
026700     END-PERFORM                                                  TS9706
026800     MOVE 'TOTAAL REGULIER'      TO T-OMSCHRIJVING
026900     MOVE WS-AANT-REGULIER       TO T-AANTAL
027000     MOVE WS-BEDR-REGULIER       TO T-BEDRAG
027100     WRITE LIJST-REGEL FROM WS-TOTAALREGEL
027200         AFTER ADVANCING 3 LINES
027300     MOVE 'TOTAAL CORRECTIES'    TO T-OMSCHRIJVING
027400     MOVE WS-AANT-CORRECTIE      TO T-AANTAL
027500     MOVE WS-BEDR-CORRECTIE      TO T-BEDRAG
027600     WRITE LIJST-REGEL FROM WS-TOTAALREGEL
027700         AFTER ADVANCING 1 LINE
027800     MOVE 'TOTAAL GENERAAL'      TO T-OMSCHRIJVING
027900     MOVE WS-AANT-TOTAAL         TO T-AANTAL
028000     MOVE WS-BEDR-TOTAAL         TO T-BEDRAG
028100     WRITE LIJST-REGEL FROM WS-TOTAALREGEL
028200         AFTER ADVANCING 2 LINES.
028300 3000-EXIT.
028400     EXIT.
028500*
028600 7000-KOPPEN SECTION.
028700 7000-START.
028800     ADD 1                       TO WS-BLAD
028900     MOVE WS-BLAD                TO K1-BLAD
029000     WRITE LIJST-REGEL FROM WS-KOP1 AFTER ADVANCING PAGE
029100     WRITE LIJST-REGEL FROM WS-KOP2 AFTER ADVANCING 1 LINE
029200     WRITE LIJST-REGEL FROM WS-KOP3 AFTER ADVANCING 2 LINES
029300     MOVE SPACES                 TO LIJST-REGEL
029400     WRITE LIJST-REGEL AFTER ADVANCING 1 LINE
029500     MOVE 5                      TO WS-REGEL.
029600 7000-EXIT.
029700     EXIT.
029800*
029900 8000-LEES-BETALING SECTION.
030000 8000-START.
030100     READ BETAAL-IN
030200         AT END
030300             SET WS-EOF          TO TRUE
030400     END-READ
030500     IF WS-FS-BETALING NOT = '00' AND NOT = '10'
030600         DISPLAY WS-PROGRAMMA ' LEESFOUT ' WS-FS-BETALING
030700         MOVE 16                 TO RETURN-CODE
030800         STOP RUN
030900     END-IF.
031000 8000-EXIT.
031100     EXIT.
031200*
031300 9000-AFSLUITING SECTION.
031400 9000-START.
031500     CLOSE BETAAL-IN
031600           LIJST-UIT
031700     MOVE WS-AANT-TOTAAL         TO T-AANTAL
031800     MOVE WS-BEDR-TOTAAL         TO T-BEDRAG
031900     DISPLAY WS-PROGRAMMA ' BETALINGEN AFGEDRUKT: ' T-AANTAL
032000             ' TOTAAL: ' T-BEDRAG
032100     MOVE ZERO                   TO RETURN-CODE.
032200 9000-EXIT.
032300     EXIT.
032400*
032500*****************************************************************
032600* TSB040F - GENEST PROGRAMMA: IBAN IN GROEPJES VAN VIER         *
032700*           NL91ABNA0417164300 -> NL91 ABNA 0417 1643 00        *
032800*****************************************************************
032900 IDENTIFICATION DIVISION.                                         TS1402
033000 PROGRAM-ID.    TSB040F.                                          TS1402
033100 DATA DIVISION.                                                   TS1402
033200 WORKING-STORAGE SECTION.                                         TS1402
033300 01  WS-POS                      PIC S9(04) COMP.                 TS1402
033400 01  WS-UIT                      PIC S9(04) COMP.                 TS1402
033500 LINKAGE SECTION.                                                 TS1402
033600 01  LK-IBAN                     PIC X(18).                       TS1402
033700 01  LK-AFDRUK                   PIC X(22).                       TS1402
033800 PROCEDURE DIVISION USING LK-IBAN LK-AFDRUK.                      TS1402
033900 F000-START.                                                      TS1402
034000     MOVE SPACES                 TO LK-AFDRUK                     TS1402
034100     MOVE 1                      TO WS-UIT                        TS1402
034200     PERFORM VARYING WS-POS FROM 1 BY 4 UNTIL WS-POS > 18         TS1402
034300         IF WS-POS < 17                                           TS1402
034400             MOVE LK-IBAN (WS-POS:4) TO LK-AFDRUK (WS-UIT:4)      TS1402
034500         ELSE                                                     TS1402
034600             MOVE LK-IBAN (WS-POS:2) TO LK-AFDRUK (WS-UIT:2)      TS1402
034700         END-IF                                                   TS1402
034800         ADD 5                   TO WS-UIT                        TS1402
034900     END-PERFORM                                                  TS1402
035000     GOBACK.                                                      TS1402
035100 END PROGRAM TSB040F.                                             TS1402
035200 END PROGRAM TSB040.
035300
