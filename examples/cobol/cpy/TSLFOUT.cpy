000100*****************************************************************
000200* COPYBOOK : TSLFOUT                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : FOUTRECORD AFGEKEURDE AANVRAGEN  LRECL=80          *
000500*            TSL.PROD.AANVFOUT  (DDNAME AANVFOUT)               *
000600*----------------------------------------------------------------
000700* 1994-03-11 JvdB  EERSTE VERSIE                                *
000800* 2014-02-03 PJ    TS1402 FOUTCODE E003 IBAN                    *
000900*****************************************************************
001000 01  FOUT-RECORD.
001100     05  FOUT-BSN                PIC 9(09).
001200     05  FOUT-SOORT              PIC X(02).
001300     05  FOUT-AANVRAAGNR         PIC X(10).
001400     05  FOUT-CODE               PIC X(04).
001500         88  FOUT-BSN-ELFPROEF   VALUE 'E001'.
001600         88  FOUT-PARTNER-BSN    VALUE 'E002'.
001700         88  FOUT-IBAN           VALUE 'E003'.                    TS1402
001800         88  FOUT-ONBEKEND       VALUE 'E004'.
001900         88  FOUT-NIET-ACTIEF    VALUE 'E005'.
002000         88  FOUT-SOORT-ONGELDIG VALUE 'E006'.
002100         88  FOUT-JAAR-ONGELDIG  VALUE 'E007'.
002200         88  FOUT-DUBBEL         VALUE 'E008'.
002300         88  FOUT-MUTATIECODE    VALUE 'E009'.
002400         88  FOUT-HUUR-ONTBREEKT VALUE 'E010'.
002500         88  FOUT-PERSOONSFOUT   VALUE 'E004' THRU 'E005'.
002600     05  FOUT-TEKST              PIC X(40).
002700     05  FOUT-DATUM              PIC 9(08).
002800     05  FILLER                  PIC X(07).
002900
