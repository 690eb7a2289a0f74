      ******************************************************************
      * DCLGEN TABLE(TSL.AANVRAAG)                                     *
      *        LIBRARY(TSL.PROD.DCLGEN(TSDAANV))                       *
      *        ACTION(REPLACE)                                         *
      *        LANGUAGE(COBOL)                                         *
      *        QUOTE                                                   *
      * ... IS THE DCLGEN COMMAND THAT MADE THE FOLLOWING STATEMENTS   *
      ******************************************************************
           EXEC SQL DECLARE TSL.AANVRAAG TABLE
           ( AANVRAAGNR                     CHAR(10) NOT NULL,
             BSN                            CHAR(9) NOT NULL,
             SOORT                          CHAR(2) NOT NULL,
             TOESLAGJAAR                    SMALLINT NOT NULL,
             AANVRAAG_STATUS                CHAR(1) NOT NULL,
             KANAAL                         CHAR(1) NOT NULL,
             ONTVANGSTDATUM                 DATE NOT NULL,
             TOETSINKOMEN                   DECIMAL(9,2) NOT NULL,
             PARTNER_BSN                    CHAR(9),
             PARTNER_INKOMEN                DECIMAL(9,2),
             HUUR                           DECIMAL(7,2),
             AANTAL_BEWONERS                SMALLINT NOT NULL,
             MAANDBEDRAG                    DECIMAL(9,2),
             LAATSTE_BETDAT                 DATE,
             GEWIJZIGD_DOOR                 CHAR(8) NOT NULL,
             MUTATIE_TS                     TIMESTAMP NOT NULL
           ) END-EXEC.
      ******************************************************************
      * COBOL DECLARATION FOR TABLE TSL.AANVRAAG                       *
      ******************************************************************
       01  DCLAANVRAAG.
           10 AANVRAAGNR           PIC X(10).
           10 BSN                  PIC X(9).
           10 SOORT                PIC X(2).
           10 TOESLAGJAAR          PIC S9(4) USAGE COMP.
           10 AANVRAAG-STATUS      PIC X(1).
           10 KANAAL               PIC X(1).
           10 ONTVANGSTDATUM       PIC X(10).
           10 TOETSINKOMEN         PIC S9(7)V9(2) USAGE COMP-3.
           10 PARTNER-BSN          PIC X(9).
           10 PARTNER-INKOMEN      PIC S9(7)V9(2) USAGE COMP-3.
           10 HUUR                 PIC S9(5)V9(2) USAGE COMP-3.
           10 AANTAL-BEWONERS      PIC S9(4) USAGE COMP.
           10 MAANDBEDRAG          PIC S9(7)V9(2) USAGE COMP-3.
           10 LAATSTE-BETDAT       PIC X(10).
           10 GEWIJZIGD-DOOR       PIC X(8).
           10 MUTATIE-TS           PIC X(26).
      ******************************************************************
      * THE NUMBER OF COLUMNS DESCRIBED BY THIS DECLARATION IS 16      *
      ******************************************************************
