000100*****************************************************************
000200* COPYBOOK : TSLCORR                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : CORRECTIERECORD (HANDMATIGE CORRECTIES VAN DE      *
000500*            BEHANDELAARS)  LRECL=80  TSL.PROD.CORRECTIE        *
000600*            BEDRAG MET LOSSTAAND TEKEN: -0000125,00 = TERUG-   *
000700*            VORDERING, +0000050,00 = NABETALING.               *
000800*----------------------------------------------------------------
000900* 1995-06-19 JvdB  EERSTE VERSIE                                *
001000* 2002-01-02 RK    EUR001 BEDRAGEN IN EURO                      *
001100* 2003-09-01 RK    TS0309 GEMEENTECODE, KENMERK 12 -> 10 POS.   *
001200*****************************************************************
001300 01  CORR-RECORD.
001400     05  CORR-BSN                PIC 9(09).
001500     05  CORR-SOORT              PIC X(02).
001600     05  CORR-JAAR               PIC 9(04).
001700     05  CORR-MAAND              PIC 9(02).
001800         88  CORR-MAAND-GELDIG   VALUE 01 THRU 12.
001900     05  CORR-REDEN              PIC X(02).
002000         88  CORR-INKOMENSWIJZ   VALUE 'IW'.
002100         88  CORR-HUURWIJZ       VALUE 'HW'.
002200         88  CORR-TERUGVORDERING VALUE 'TV'.
002300         88  CORR-NABETALING     VALUE 'NB'.
002400         88  CORR-REDEN-GELDIG   VALUE 'IW' 'HW' 'TV' 'NB'.
002500     05  CORR-BEDRAG             PIC S9(07)V99                    EUR001
002600                                 SIGN IS LEADING SEPARATE.        EUR001
002700     05  CORR-IBAN               PIC X(18).
002800     05  CORR-AANVRAAGNR         PIC X(10).
002900     05  CORR-GEMCODE            PIC 9(04).                       TS0309
003000     05  CORR-KENMERK            PIC X(10).                       TS0309
003100     05  CORR-INVOERDAT          PIC 9(08).
003200     05  FILLER                  PIC X(01).
003300
