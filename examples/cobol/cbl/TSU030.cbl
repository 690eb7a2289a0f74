       IDENTIFICATION DIVISION.
       PROGRAM-ID.    TSU030.
       AUTHOR.        P. JANSEN.
       DATE-WRITTEN.  FEBRUARI 2014.
      *****************************************************************
      * TSU030 - CONTROLE NEDERLANDS IBAN (SEPA-MIGRATIE TS1402)      *
      *                                                               *
      * AANROEP: CALL 'TSU030' USING BY CONTENT    IBAN (X(18))       *
      *                              BY REFERENCE  RESULTAAT (X(01))  *
      *                                                               *
      * CONTROLE: LANDCODE NL, 2 CONTROLECIJFERS, 4 LETTERS BANKCODE, *
      * 10 CIJFERS REKENNUMMER. DAARNA DE MOD-97 PROEF (ISO 13616):   *
      *   - EERSTE 4 TEKENS ACHTERAAN ZETTEN                          *
      *   - LETTERS VERVANGEN DOOR 10..35 (A=10, B=11 ... Z=35)       *
      *   - HET GETAL MODULO 97 MOET 1 ZIJN.                          *
      * HET GETAL IS TE GROOT VOOR EEN PIC 9(18), DAAROM WORDT DE     *
      * REST PER CIJFER BEREKEND (REST = (REST * 10 + CIJFER) MOD 97).*
      *                                                               *
      * RESULTAAT: 'J' GELDIG, 'N' ONGELDIG.                          *
      *----------------------------------------------------------------
      * 2014-02-03 PJ    TS1402 EERSTE VERSIE                         *
      *****************************************************************
       ENVIRONMENT DIVISION.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       01  WS-ALFABET                  PIC X(26)
               VALUE 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.
       01  WS-ALFABET-R REDEFINES WS-ALFABET.
           05  WS-LETTER               PIC X(01) OCCURS 26 TIMES.
      *
       01  WS-HERSCHIKT                PIC X(18).
       01  WS-HERSCHIKT-R REDEFINES WS-HERSCHIKT.
           05  WS-TEKEN                PIC X(01) OCCURS 18 TIMES.
      *
       01  WS-VELDEN.
           05  WS-IX                   PIC S9(04) COMP.
           05  WS-LX                   PIC S9(04) COMP.
           05  WS-WAARDE               PIC S9(04) COMP.
           05  WS-REST                 PIC S9(04) COMP.
           05  WS-HULP                 PIC S9(08) COMP.
           05  WS-CIJFER               PIC 9(01).
           05  WS-GEVONDEN             PIC X(01).
               88  WS-LETTER-GEVONDEN  VALUE 'J'.
      *
       LINKAGE SECTION.
       01  LK-IBAN.
           05  LK-LANDCODE             PIC X(02).
           05  LK-CONTROLE             PIC X(02).
           05  LK-BANKCODE             PIC X(04).
           05  LK-REKENINGNR           PIC X(10).
       01  LK-RESULTAAT                PIC X(01).
           88  LK-IBAN-GELDIG          VALUE 'J'.
           88  LK-IBAN-ONGELDIG        VALUE 'N'.
      *
       PROCEDURE DIVISION USING LK-IBAN LK-RESULTAAT.
       A000-HOOFD.
           SET LK-IBAN-ONGELDIG        TO TRUE
           IF LK-LANDCODE NOT = 'NL'
           OR LK-CONTROLE NOT NUMERIC
           OR LK-BANKCODE NOT ALPHABETIC-UPPER
           OR LK-REKENINGNR NOT NUMERIC
               GOBACK
           END-IF
      *    BANKCODE + REKENNR + LANDCODE + CONTROLE
           STRING LK-BANKCODE LK-REKENINGNR LK-LANDCODE LK-CONTROLE
                  DELIMITED BY SIZE INTO WS-HERSCHIKT
           MOVE ZERO                   TO WS-REST
           PERFORM B000-VERWERK-TEKEN
               VARYING WS-IX FROM 1 BY 1 UNTIL WS-IX > 18
           IF WS-REST = 1
               SET LK-IBAN-GELDIG      TO TRUE
           END-IF
           GOBACK.
      *
       B000-VERWERK-TEKEN.
           IF WS-TEKEN (WS-IX) NUMERIC
               MOVE WS-TEKEN (WS-IX)   TO WS-CIJFER
               COMPUTE WS-HULP = WS-REST * 10 + WS-CIJFER
               DIVIDE WS-HULP BY 97 GIVING WS-HULP REMAINDER WS-REST
           ELSE
               MOVE 'N'                TO WS-GEVONDEN
               PERFORM VARYING WS-LX FROM 1 BY 1
                       UNTIL WS-LX > 26 OR WS-LETTER-GEVONDEN
                   IF WS-TEKEN (WS-IX) = WS-LETTER (WS-LX)
                       SET WS-LETTER-GEVONDEN TO TRUE
                       COMPUTE WS-WAARDE = WS-LX + 9
                   END-IF
               END-PERFORM
      *        LETTER TELT ALS TWEE CIJFERS (10..35)
               COMPUTE WS-HULP = WS-REST * 100 + WS-WAARDE
               DIVIDE WS-HULP BY 97 GIVING WS-HULP REMAINDER WS-REST
           END-IF.
