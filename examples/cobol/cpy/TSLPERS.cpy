000100*****************************************************************
000200* COPYBOOK : TSLPERS                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : PERSOONSRECORD (BASISREGISTRATIE-UITTREKSEL)       *
000500*            SEQ. BESTAND TSL.PROD.PERSOON   LRECL=160 RECFM=FB *
000600*            VSAM KSDS    TSL.PROD.PERSOON.KSDS  SLEUTEL 1-9    *
000700* GEBRUIKT : TSB010 TSB090 TSO110                               *
000800*----------------------------------------------------------------
000900* WIJZIGINGEN                                                   *
001000* 1994-03-11 JvdB  EERSTE VERSIE (SOFI-NUMMER)                  *
001100* 1998-09-02 RK    TS9809 ADRES NAAR COPY TSLADRS               *
001200* 1999-02-15 RK    Y2K001 GEBOORTEDATUM 6 -> 8 POSITIES         *
001300* 2007-01-08 MdV   TS0701 SOFI-NUMMER WORDT BSN                 *
001400* 2014-02-03 PJ    TS1402 SEPA: GIRO/BANKNR VERVANGEN DOOR IBAN *
001500*****************************************************************
001600 01  PERS-RECORD.
001700     05  PERS-BSN                PIC 9(09).                       TS0701
001800     05  PERS-NAAM.
001900         10  PERS-VOORLETTERS    PIC X(06).
002000         10  PERS-VOORVOEGSEL    PIC X(10).
002100         10  PERS-ACHTERNAAM     PIC X(30).
002200     05  PERS-GEBDAT             PIC 9(08).                       Y2K001
002300     05  PERS-GEBDAT-R REDEFINES PERS-GEBDAT.                     Y2K001
002400         10  PERS-GEB-JJJJ       PIC 9(04).                       Y2K001
002500         10  PERS-GEB-MM         PIC 9(02).                       Y2K001
002600         10  PERS-GEB-DD         PIC 9(02).                       Y2K001
002700     05  PERS-ADRES.                                              TS9809
002800         COPY TSLADRS.                                            TS9809
002900     05  PERS-GEMCODE            PIC 9(04).
003000     05  PERS-IBAN               PIC X(18).                       TS1402
003100     05  PERS-BURG-STAAT         PIC X(01).
003200         88  PERS-ALLEENSTAAND   VALUE 'A'.
003300         88  PERS-GEHUWD         VALUE 'G' 'P'.
003400         88  PERS-SAMENWONEND    VALUE 'S'.
003500     05  PERS-STATUS             PIC X(01).
003600         88  PERS-ACTIEF         VALUE 'A'.
003700         88  PERS-OVERLEDEN      VALUE 'O'.
003800         88  PERS-GEEMIGREERD    VALUE 'E'.
003900         88  PERS-BSN-FOUT       VALUE 'X'.                       TS0701
004000     05  FILLER                  PIC X(01).
004100     05  PERS-MUTDAT             PIC 9(08).                       Y2K001
004200     05  FILLER                  PIC X(01).
004300
