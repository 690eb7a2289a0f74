000100*****************************************************************
000200* COPYBOOK : TSLCOMM                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE  (ONLINE / CICS)     *
000400* INHOUD   : COMMAREA TUSSEN DE TRANSACTIES TS00 TS01 TS02.     *
000500*            WORDT DOORGEGEVEN BIJ XCTL EN RETURN TRANSID.      *
000600*----------------------------------------------------------------
000700* 1996-04-22 HvL   EERSTE VERSIE                                *
000800* 2007-01-08 MdV   TS0701 BSN                                   *
000900*****************************************************************
001000 01  TSL-COMMAREA.
001100     05  CA-FASE                 PIC X(01).
001200         88  CA-EERSTE-KEER      VALUE SPACE.
001300         88  CA-SCHERM-GETOOND   VALUE '1'.
001400         88  CA-WIJZ-BEVESTIGEN  VALUE '2'.
001500     05  CA-VAN-PROGRAMMA        PIC X(08).
001600     05  CA-SLEUTEL.
001700         10  CA-BSN              PIC 9(09).                       TS0701
001800         10  CA-SOORT            PIC X(02).
001900         10  CA-JAAR             PIC 9(04).
002000     05  CA-AANVRAAGNR           PIC X(10).
002100     05  CA-MELDING              PIC X(60).
002200     05  FILLER                  PIC X(06).
002300
