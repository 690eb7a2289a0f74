000100*****************************************************************
000200* COPYBOOK : TSLELFP                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : PARAMETERBLOK VOOR SUBPROGRAMMA TSU010 (ELFPROEF    *
000500*            BSN). CALL 'TSU010' USING ELFP-PARAMETERS.         *
000600*----------------------------------------------------------------
000700* 1994-03-11 JvdB  EERSTE VERSIE (SOFI-NUMMER)                  *
000800* 2007-01-08 MdV   TS0701 BSN                                   *
000900*****************************************************************
001000 01  ELFP-PARAMETERS.
001100     05  ELFP-BSN                PIC 9(09).                       TS0701
001200     05  ELFP-BSN-X REDEFINES ELFP-BSN                            TS0701
001300                                 PIC X(09).                       TS0701
001400     05  ELFP-RESULTAAT          PIC X(01).
001500         88  ELFP-GELDIG         VALUE 'J'.
001600         88  ELFP-ONGELDIG       VALUE 'N'.
001700     05  ELFP-REDEN              PIC X(02).
001800         88  ELFP-OK             VALUE '00'.
001900         88  ELFP-NIET-NUMERIEK  VALUE '01'.
002000         88  ELFP-NUL            VALUE '02'.
002100         88  ELFP-ELFPROEF-FOUT  VALUE '03'.
002200
