000100*****************************************************************
000200* COPYBOOK : TSLPARM                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : REKENPARAMETERS PER TOESLAGJAAR EN SOORT.          *
000500*            TABEL MET VASTE WAARDEN (VALUE) DIE MET REDEFINES  *
000600*            ALS OCCURS-TABEL WORDT BENADERD.                   *
000700*            NIEUW JAAR = NIEUWE REGEL + PRM-AANTAL VERHOGEN,   *
000800*            DAARNA TSU020 OPNIEUW COMPILEREN.                  *
000900*                                                               *
001000* PER REGEL (55 POS.):                                          *
001100*   JAAR(4) SOORT(2) GRENS-ALLEEN(6) GRENS-PARTNER(6)           *
001200*   MAX-ALLEEN(5V2) MAX-PARTNER(5V2) DREMPEL(6) AFBOUW(1V4)     *
001300*   HUURGRENS(4V2) MINHUUR(4V2)                                 *
001400*----------------------------------------------------------------
001500* 2006-01-02 MdV   TS0601 ZORGTOESLAG                           *
001600* 2023-11-20 AB    TS2311 PARAMETERS 2024 EN 2025               *
001700*****************************************************************
001800 01  PRM-WAARDEN.
001900     05  FILLER                  PIC X(55) VALUE                  TS2311
002000     '2024ZT0374960473680147600028200002507001000000000000000'.   TS2311
002100     05  FILLER                  PIC X(55) VALUE                  TS2311
002200     '2024HT0440000600000000000000000001900002500087966022500'.   TS2311
002300     05  FILLER                  PIC X(55) VALUE                  TS2311
002400     '2025ZT0397190502060158400029880002648801000000000000000'.   TS2311
002500     05  FILLER                  PIC X(55) VALUE                  TS2311
002600     '2025HT0455000620000000000000000001950002500090000023000'.   TS2311
002700 01  PRM-TABEL REDEFINES PRM-WAARDEN.
002800     05  PRM-REGEL               OCCURS 4 TIMES
002900                                 INDEXED BY PRM-IX.
003000         10  PRM-JAAR            PIC 9(04).
003100         10  PRM-SOORT           PIC X(02).
003200         10  PRM-GRENS-ALLEEN    PIC 9(06).
003300         10  PRM-GRENS-PARTNER   PIC 9(06).
003400         10  PRM-MAX-ALLEEN      PIC 9(05)V99.
003500         10  PRM-MAX-PARTNER     PIC 9(05)V99.
003600         10  PRM-DREMPEL         PIC 9(06).
003700         10  PRM-AFBOUW-PCT      PIC 9V9(04).
003800         10  PRM-HUURGRENS       PIC 9(04)V99.
003900         10  PRM-MINHUUR         PIC 9(04)V99.
004000 01  PRM-AANTAL                  PIC S9(04) COMP VALUE +4.        TS2311
004100
