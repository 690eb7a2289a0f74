000100*****************************************************************
000200* COPYBOOK : TSLTELR                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : TELLERRECORD (LAATST UITGEGEVEN VOLGNUMMER VAN DE  *
000500*            BETALINGEN). EEN RECORD, LRECL=40.                 *
000600*            TSL.PROD.TELLER  - WORDT BIJGEWERKT MET OPEN I-O   *
000700*            EN REWRITE DOOR TSB020 EN TSB050.                  *
000800*----------------------------------------------------------------
000900* 1994-03-11 JvdB  EERSTE VERSIE                                *
001000*****************************************************************
001100 01  TELR-RECORD.
001200     05  TELR-ID                 PIC X(08).
001300         88  TELR-BETALING       VALUE 'BETALING'.
001400     05  TELR-LAATSTE-PGM        PIC X(08).
001500     05  TELR-RUNDATUM           PIC 9(08).
001600     05  TELR-AANTAL-RUNS        PIC 9(06).
001700     05  TELR-VOLGNR             PIC 9(09).
001800     05  FILLER                  PIC X(01).
001900
