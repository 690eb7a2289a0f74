//TSJ010   JOB (TSL,0100),'TSL INTAKE AANVRAGEN',
//             CLASS=A,MSGCLASS=X,MSGLEVEL=(1,1),
//             NOTIFY=&SYSUID,REGION=0M
//*====================================================================
//* JOB      : TSJ010  DAGELIJKSE INTAKE AANVRAGEN
//* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE
//* PLANNING : ELKE WERKDAG 19:00 (TWS APPLICATIE TSLDAG)
//*
//* STAPPEN  : STEP005  IEFBR14   FOUTBESTAND VAN VORIGE RUN WEG
//*            STEP010  SORT      AANVRAGEN (POST, BALIE, INTERNET)
//*                               SORTEREN OP BSN + SOORT -> &&AANVSRT
//*            STEP020  TSB010    CONTROLE AANVRAGEN
//*                               -> AANVGOED(+1) EN AANVFOUT
//*            STEP030  IEBGENER  FOUTLIJST NAAR DE BEHANDELAARS
//*                               (ALLEEN ALS TSB010 RC 0 OF 4 GAF)
//*            STEP039  IEBGENER  ANDERS: MELDING VOOR DE OPERATOR
//*
//* HERSTART : VANAF STEP005 (RESTART=STEP005); AANVGOED(+1) WORDT
//*            BIJ EEN ABEND NIET GECATALOGISEERD.
//*--------------------------------------------------------------------
//* 1994-03-11 JVDB  EERSTE VERSIE
//* 2001-06-05 RK    TS0106 INTERNET-AANVRAGEN ERBIJ (CONCATENATIE)
//* 2010-08-30 MDV   TS1008 SET HLQ, INCLUDE TSCOMDD
//*====================================================================
//         JCLLIB ORDER=(TSL.PROD.PROCLIB)
//         SET HLQ=TSL.PROD
//*
//*--------------------------------------------------------------------
//* STEP005: FOUTBESTAND VAN DE VORIGE RUN VERWIJDEREN
//*--------------------------------------------------------------------
//STEP005  EXEC PGM=IEFBR14
//DELFOUT  DD DSN=&HLQ..AANVFOUT,DISP=(MOD,DELETE,DELETE),
//            UNIT=SYSDA,SPACE=(TRK,0)
//*
//*--------------------------------------------------------------------
//* STEP010: AANVRAGEN SAMENVOEGEN EN SORTEREN OP BSN (1,9) + SOORT
//*--------------------------------------------------------------------
//STEP010  EXEC PGM=SORT
//SYSOUT   DD SYSOUT=*
//SORTIN   DD DISP=SHR,DSN=&HLQ..AANVRAAG.POST
//         DD DISP=SHR,DSN=&HLQ..AANVRAAG.BALIE
//         DD DISP=SHR,DSN=&HLQ..AANVRAAG.INTERNET
//SORTOUT  DD DSN=&&AANVSRT,DISP=(NEW,PASS),
//            UNIT=SYSDA,SPACE=(CYL,(5,5),RLSE),
//            DCB=(RECFM=FB,LRECL=100,BLKSIZE=0)
//SYSIN    DD *
  SORT FIELDS=(1,9,CH,A,10,2,CH,A),EQUALS
/*
//*
//*--------------------------------------------------------------------
//* STEP020: CONTROLE AANVRAGEN (ELFPROEF, IBAN, PERSOON, DUBBEL)
//*--------------------------------------------------------------------
//STEP020  EXEC PGM=TSB010,COND=(0,NE,STEP010)
//STEPLIB  DD DISP=SHR,DSN=&HLQ..LOADLIB
//AANVRIN  DD DSN=&&AANVSRT,DISP=(OLD,DELETE)
//PERSOON  DD DISP=SHR,DSN=&HLQ..PERSOON
//AANVGOED DD DSN=&HLQ..AANVGOED(+1),
//            DISP=(NEW,CATLG,DELETE),
//            UNIT=SYSDA,SPACE=(TRK,(30,15),RLSE),
//            DCB=(RECFM=FB,LRECL=100,BLKSIZE=0)
//AANVFOUT DD DSN=&HLQ..AANVFOUT,
//            DISP=(NEW,CATLG,DELETE),
//            UNIT=SYSDA,SPACE=(TRK,(5,5),RLSE),
//            DCB=(RECFM=FB,LRECL=80,BLKSIZE=0)
//         INCLUDE MEMBER=TSCOMDD
//*
//*--------------------------------------------------------------------
//* STEP030 / STEP039: FOUTLIJST OF OPERATORMELDING
//*--------------------------------------------------------------------
//         IF (STEP020.RC <= 4) THEN
//STEP030  EXEC PGM=IEBGENER
//SYSPRINT DD SYSOUT=*
//SYSUT1   DD DISP=SHR,DSN=&HLQ..AANVFOUT
//SYSUT2   DD SYSOUT=A,DEST=TSLPRT01,
//            DCB=(RECFM=FB,LRECL=80,BLKSIZE=0)
//SYSIN    DD DUMMY
//         ELSE
//STEP039  EXEC PGM=IEBGENER
//SYSPRINT DD SYSOUT=*
//SYSUT1   DD *
*** TSJ010 STEP020 (TSB010) NIET GOED GEEINDIGD ***
*** AANVGOED(+1) IS NIET AANGEMAAKT - BEL TSL APPLICATIEBEHEER ***
/*
//SYSUT2   DD SYSOUT=*
//SYSIN    DD DUMMY
//         ENDIF
