000100*****************************************************************
000200* COPYBOOK : TSLAUDT                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE  (ONLINE / CICS)     *
000400* INHOUD   : AUDITREGEL. WORDT VIA EXEC CICS LINK AAN TSO900    *
000500*            GEGEVEN (COMMAREA) EN DOOR TSO900 MET WRITEQ TS    *
000600*            IN DE QUEUE 'TSAU' + TERMINAL-ID GESCHREVEN.       *
000700*            DE NACHTBATCH (BUITEN TSL) LEEST DE QUEUES LEEG.   *
000800*----------------------------------------------------------------
000900* 1996-04-22 HvL   EERSTE VERSIE                                *
001000* 2007-01-08 MdV   TS0701 BSN                                   *
001100*****************************************************************
001200 01  AUDT-RECORD.
001300     05  AUDT-TRANSID            PIC X(04).
001400     05  AUDT-PROGRAMMA          PIC X(08).
001500     05  AUDT-TERMID             PIC X(04).
001600     05  AUDT-GEBRUIKER          PIC X(08).
001700     05  AUDT-ACTIE              PIC X(01).
001800         88  AUDT-INZIEN         VALUE 'I'.
001900         88  AUDT-WIJZIGEN       VALUE 'W'.
002000     05  AUDT-BSN                PIC 9(09).                       TS0701
002100     05  AUDT-SOORT              PIC X(02).
002200     05  AUDT-JAAR               PIC 9(04).
002300     05  AUDT-DATUM              PIC S9(07) COMP-3.
002400     05  AUDT-TIJD               PIC S9(07) COMP-3.
002500     05  AUDT-OMSCHRIJVING       PIC X(40).
002600     05  AUDT-RETURNCODE         PIC S9(04) COMP.
002700
