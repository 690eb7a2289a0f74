000100*****************************************************************
000200* COPYBOOK : TSLAANV                                            *
000300* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE                      *
000400* INHOUD   : AANVRAAGRECORD  LRECL=100 RECFM=FB                 *
000500*            TSL.PROD.AANVRAAG / TSL.PROD.AANVGOED              *
000600* GEBRUIK  : COPY TSLAANV REPLACING ==:PFX:== BY ==XX==.        *
000700*            ZODAT HETZELFDE RECORD MEERDERE KEREN IN EEN       *
000800*            PROGRAMMA KAN STAAN (INVOER / UITVOER).            *
000900*----------------------------------------------------------------
001000* WIJZIGINGEN                                                   *
001100* 1994-03-11 JvdB  EERSTE VERSIE (HUURSUBSIDIE)                 *
001200* 2006-01-02 MdV   TS0601 ZORGTOESLAG TOEGEVOEGD                *
001300* 2014-02-03 PJ    TS1402 SEPA: IBAN IPV REKENINGNUMMER         *
001400* 2023-11-20 AB    TS2311 TOESLAGJAREN 2024-2025                *
001500*****************************************************************
001600 01  :PFX:-AANVRAAG.
001700     05  :PFX:-SLEUTEL.
001800         10  :PFX:-BSN               PIC 9(09).
001900         10  :PFX:-SOORT             PIC X(02).
002000             88  :PFX:-HUURTOESLAG   VALUE 'HT'.
002100             88  :PFX:-ZORGTOESLAG   VALUE 'ZT'.                  TS0601
002200             88  :PFX:-SOORT-GELDIG  VALUE 'HT' 'ZT'.             TS0601
002300     05  :PFX:-JAAR                  PIC 9(04).
002400         88  :PFX:-JAAR-GELDIG       VALUE 2024 THRU 2025.        TS2311
002500     05  :PFX:-MUTATIE               PIC X(01).
002600         88  :PFX:-MUT-NIEUW         VALUE 'N'.
002700         88  :PFX:-MUT-WIJZIGING     VALUE 'W'.
002800         88  :PFX:-MUT-STOP          VALUE 'S'.
002900         88  :PFX:-MUT-GELDIG        VALUE 'N' 'W' 'S'.
003000     05  :PFX:-KANAAL                PIC X(01).
003100         88  :PFX:-KANAAL-PAPIER     VALUE 'P'.
003200         88  :PFX:-KANAAL-BALIE      VALUE 'B'.
003300         88  :PFX:-KANAAL-INTERNET   VALUE 'I'.
003400     05  :PFX:-ONTVDAT               PIC 9(08).
003500     05  :PFX:-TOETSINKOMEN          PIC S9(07)V99.
003600     05  :PFX:-PARTNER-BSN           PIC 9(09).
003700         88  :PFX:-GEEN-PARTNER      VALUE ZERO.
003800     05  :PFX:-PARTNER-INKOMEN       PIC S9(07)V99.
003900     05  :PFX:-HUUR                  PIC 9(05)V99.
004000     05  :PFX:-AANTAL-BEWONERS       PIC 9(02).
004100     05  :PFX:-IBAN                  PIC X(18).                   TS1402
004200     05  :PFX:-GEMCODE               PIC 9(04).
004300     05  FILLER                      PIC X(06).
004400     05  :PFX:-AANVRAAGNR            PIC X(10).
004500     05  FILLER                      PIC X(01).
004600
