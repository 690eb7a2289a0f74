000100*****************************************************************
000200* COPYBOOK : TSLBERK                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : PARAMETERBLOK VOOR REKENMODULE TSU020.             *
000500*            TSU020 WORDT DYNAMISCH AANGEROEPEN (CALL WS-PGM),  *
000600*            ZODAT NIEUWE REKENREGELS ZONDER HERLINKEN VAN DE   *
000700*            BATCHPROGRAMMA'S IN PRODUKTIE KUNNEN.              *
000800*----------------------------------------------------------------
000900* 1994-03-11 JvdB  EERSTE VERSIE                                *
001000* 2002-01-02 RK    EUR001 BEDRAGEN IN EURO, COMP-3              *
001100* 2006-01-02 MdV   TS0601 ZORGTOESLAG                           *
001200*****************************************************************
001300 01  BERK-PARAMETERS.
001400     05  BERK-INVOER.
001500         10  BERK-SOORT              PIC X(02).
001600         10  BERK-JAAR               PIC 9(04).
001700         10  BERK-INKOMEN-AANVR      PIC S9(07)V99 COMP-3.        EUR001
001800         10  BERK-INKOMEN-PARTNER    PIC S9(07)V99 COMP-3.        EUR001
001900         10  BERK-PARTNER-IND        PIC X(01).
002000             88  BERK-MET-PARTNER    VALUE 'J'.
002100             88  BERK-ZONDER-PARTNER VALUE 'N'.
002200         10  BERK-HUUR               PIC S9(05)V99 COMP-3.        EUR001
002300         10  BERK-AANTAL-BEWONERS    PIC 9(02).
002400     05  BERK-UITVOER.
002500         10  BERK-TOETSINKOMEN       PIC S9(07)V99 COMP-3.        EUR001
002600         10  BERK-INKOMENSGRENS      PIC S9(07)V99 COMP-3.        EUR001
002700         10  BERK-JAARBEDRAG         PIC S9(07)V99 COMP-3.        EUR001
002800         10  BERK-MAANDBEDRAG        PIC S9(07)V99 COMP-3.        EUR001
002900         10  BERK-RESULTAAT          PIC X(02).
003000             88  BERK-TOEGEKEND      VALUE 'TK'.
003100             88  BERK-AFW-INKOMEN    VALUE 'IG'.
003200             88  BERK-AFW-HUUR       VALUE 'HG'.
003300             88  BERK-AFW-NIHIL      VALUE 'NB'.
003400             88  BERK-AFGEWEZEN      VALUE 'HG' 'IG' 'NB'.
003500             88  BERK-PARAM-FOUT     VALUE 'PF'.
003600         10  BERK-RETURNCODE         PIC S9(04) COMP.
003700
