000100*****************************************************************
000200* COPYBOOK : TSLADRS                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : ADRESGEGEVENS (NIVEAU 10), WORDT GECOPIEERD BINNEN *
000500*            EEN 05-GROEP, ZIE TSLPERS. LENGTE 63 POSITIES.     *
000600*----------------------------------------------------------------
000700* WIJZIGINGEN                                                   *
000800* 1994-03-11 JvdB  EERSTE VERSIE                                *
000900* 1998-09-02 RK    TS9809 HUISNR-TOEVOEGING 2 -> 4 POS.         *
001000*****************************************************************
001100     10  ADR-STRAAT              PIC X(24).
001200     10  ADR-HUISNR              PIC 9(05).
001300     10  ADR-HUISNR-TOEV         PIC X(04).                       TS9809
001400     10  ADR-POSTCODE.
001500         15  ADR-PC-CIJFERS      PIC 9(04).
001600         15  ADR-PC-LETTERS      PIC X(02).
001700     10  ADR-WOONPLAATS          PIC X(24).
001800
