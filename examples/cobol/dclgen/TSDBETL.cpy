      ******************************************************************
      * DCLGEN TABLE(TSL.BETALING)                                     *
      *        LIBRARY(TSL.PROD.DCLGEN(TSDBETL))                       *
      *        ACTION(REPLACE)                                         *
      *        LANGUAGE(COBOL)                                         *
      *        QUOTE                                                   *
      * ... IS THE DCLGEN COMMAND THAT MADE THE FOLLOWING STATEMENTS   *
      ******************************************************************
           EXEC SQL DECLARE TSL.BETALING TABLE
           ( BETALING_ID                    INTEGER NOT NULL,
             AANVRAAGNR                     CHAR(10) NOT NULL,
             BSN                            CHAR(9) NOT NULL,
             SOORT                          CHAR(2) NOT NULL,
             TOESLAGJAAR                    SMALLINT NOT NULL,
             BETAALMAAND                    SMALLINT NOT NULL,
             SOORT_BETALING                 CHAR(1) NOT NULL,
             BEDRAG                         DECIMAL(9,2) NOT NULL,
             IBAN                           CHAR(18) NOT NULL,
             BETAALDATUM                    DATE NOT NULL,
             REDEN                          CHAR(2) NOT NULL,
             GEMEENTECODE                   SMALLINT NOT NULL,
             VERWERKT_TS                    TIMESTAMP NOT NULL
           ) END-EXEC.
      ******************************************************************
      * COBOL DECLARATION FOR TABLE TSL.BETALING                       *
      ******************************************************************
       01  DCLBETALING.
           10 BETALING-ID          PIC S9(9) USAGE COMP.
           10 AANVRAAGNR           PIC X(10).
           10 BSN                  PIC X(9).
           10 SOORT                PIC X(2).
           10 TOESLAGJAAR          PIC S9(4) USAGE COMP.
           10 BETAALMAAND          PIC S9(4) USAGE COMP.
           10 SOORT-BETALING       PIC X(1).
           10 BEDRAG               PIC S9(7)V9(2) USAGE COMP-3.
           10 IBAN                 PIC X(18).
           10 BETAALDATUM          PIC X(10).
           10 REDEN                PIC X(2).
           10 GEMEENTECODE         PIC S9(4) USAGE COMP.
           10 VERWERKT-TS          PIC X(26).
      ******************************************************************
      * THE NUMBER OF COLUMNS DESCRIBED BY THIS DECLARATION IS 13      *
      ******************************************************************
