      ******************************************************************
      * DCLGEN TABLE(TSL.PERSOON)                                      *
      *        LIBRARY(TSL.PROD.DCLGEN(TSDPERS))                       *
      *        ACTION(REPLACE)                                         *
      *        LANGUAGE(COBOL)                                         *
      *        QUOTE                                                   *
      * ... IS THE DCLGEN COMMAND THAT MADE THE FOLLOWING STATEMENTS   *
      ******************************************************************
           EXEC SQL DECLARE TSL.PERSOON TABLE
           ( BSN                            CHAR(9) NOT NULL,
             VOORLETTERS                    CHAR(6) NOT NULL,
             VOORVOEGSEL                    CHAR(10) NOT NULL,
             ACHTERNAAM                     VARCHAR(30) NOT NULL,
             GEBOORTEDATUM                  DATE,
             STRAAT                         VARCHAR(24) NOT NULL,
             HUISNUMMER                     INTEGER NOT NULL,
             HUISNR_TOEV                    CHAR(4) NOT NULL,
             POSTCODE                       CHAR(6) NOT NULL,
             WOONPLAATS                     VARCHAR(24) NOT NULL,
             GEMEENTECODE                   SMALLINT NOT NULL,
             IBAN                           CHAR(18),
             BURG_STAAT                     CHAR(1) NOT NULL,
             PERSOON_STATUS                 CHAR(1) NOT NULL,
             MUTATIE_TS                     TIMESTAMP NOT NULL
           ) END-EXEC.
      ******************************************************************
      * COBOL DECLARATION FOR TABLE TSL.PERSOON                        *
      ******************************************************************
       01  DCLPERSOON.
           10 BSN                  PIC X(9).
           10 VOORLETTERS          PIC X(6).
           10 VOORVOEGSEL          PIC X(10).
           10 ACHTERNAAM.
              49 ACHTERNAAM-LEN    PIC S9(4) USAGE COMP.
              49 ACHTERNAAM-TEXT   PIC X(30).
           10 GEBOORTEDATUM        PIC X(10).
           10 STRAAT.
              49 STRAAT-LEN        PIC S9(4) USAGE COMP.
              49 STRAAT-TEXT       PIC X(24).
           10 HUISNUMMER           PIC S9(9) USAGE COMP.
           10 HUISNR-TOEV          PIC X(4).
           10 POSTCODE             PIC X(6).
           10 WOONPLAATS.
              49 WOONPLAATS-LEN    PIC S9(4) USAGE COMP.
              49 WOONPLAATS-TEXT   PIC X(24).
           10 GEMEENTECODE         PIC S9(4) USAGE COMP.
           10 IBAN                 PIC X(18).
           10 BURG-STAAT           PIC X(1).
           10 PERSOON-STATUS       PIC X(1).
           10 MUTATIE-TS           PIC X(26).
      ******************************************************************
      * THE NUMBER OF COLUMNS DESCRIBED BY THIS DECLARATION IS 15      *
      ******************************************************************
