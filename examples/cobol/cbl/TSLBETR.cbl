000100*****************************************************************
000200* COPYBOOK : TSLBETR   (STAAT IN DE PROGRAMMABIBLIOTHEEK, NIET  *
000300*                       IN DE COPYLIB - HISTORISCH ZO GEGROEID) *
000400* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000500* INHOUD   : BETAALRECORD  LRECL=80 RECFM=FB                    *
000600*            GDG TSL.PROD.BETALING(+1)                          *
000700*            GESCHREVEN DOOR TSB020 (REGULIER) EN TSB050        *
000800*            (CORRECTIES, OPEN EXTEND). GELEZEN DOOR TSB030,    *
000900*            TSB040 EN TSB060.                                  *
001000*----------------------------------------------------------------
001100* 1994-03-11 JvdB  EERSTE VERSIE                                *
001200* 1999-02-15 RK    Y2K001 BETAALDATUM 8 POSITIES                *
001300* 2002-01-02 RK    EUR001 BEDRAG IN EURO (COMP-3)               *
001400* 2014-02-03 PJ    TS1402 IBAN                                  *
001500*****************************************************************
001600 01  BET-RECORD.
001700     05  BET-SLEUTEL.
001800         10  BET-BSN             PIC 9(09).
001900         10  BET-SOORT           PIC X(02).
002000             88  BET-HUURTOESLAG VALUE 'HT'.
002100             88  BET-ZORGTOESLAG VALUE 'ZT'.
002200         10  BET-JAAR            PIC 9(04).
002300         10  BET-MAAND           PIC 9(02).
002400     05  BET-SOORT-BET           PIC X(01).
002500         88  BET-REGULIER        VALUE 'R'.
002600         88  BET-CORRECTIE       VALUE 'C'.
002700     05  BET-BEDRAG              PIC S9(07)V99 COMP-3.            EUR001
002800     05  BET-IBAN                PIC X(18).                       TS1402
002900     05  BET-AANVRAAGNR          PIC X(10).
003000     05  BET-BETAALDAT           PIC 9(08).                       Y2K001
003100     05  BET-VOLGNR              PIC S9(09) COMP.
003200     05  BET-GEMCODE             PIC 9(04).
003300     05  BET-REDEN               PIC X(02).
003400     05  FILLER                  PIC X(11).
003500
