//TSJ030   JOB (TSL,0300),'TSL PERSOON VSAM',
//             CLASS=A,MSGCLASS=X,MSGLEVEL=(1,1),
//             USER=TSLBAT,PASSWORD=GEHEIM1,
//             NOTIFY=&SYSUID
//*====================================================================
//* JOB      : TSJ030  HERLADEN PERSOONSBESTAND (VSAM KSDS VOOR CICS)
//* SYSTEEM  : TSL - TOESLAGEN ADMINISTRATIE
//* PLANNING : WEKELIJKS, ZONDAG 06:00. CICS-FILE TSPERS MOET DICHT
//*            STAAN (CEMT SET FILE(TSPERS) CLOSED DISABLED).
//*
//* STAPPEN  : DEFINE   IDCAMS  KSDS VERWIJDEREN EN OPNIEUW DEFINIEREN
//*            LADEN    IDCAMS  REPRO UIT HET SEQUENTIELE BESTAND
//*                             TSL.PROD.PERSOON (GESORTEERD OP BSN)
//*            CONTROLE IDCAMS  PRINT VAN DE EERSTE 5 RECORDS
//*--------------------------------------------------------------------
//* 1996-04-22 HVL   EERSTE VERSIE
//* 2005-02-14 RK    USER/PASSWORD IVM NIEUWE RACF-REGELS (TIJDELIJK)
//*====================================================================
//DEFINE   EXEC PGM=IDCAMS
//SYSPRINT DD SYSOUT=*
//SYSIN    DD *
  DELETE TSL.PROD.PERSOON.KSDS CLUSTER PURGE
  IF LASTCC = 8 THEN SET MAXCC = 0
  DEFINE CLUSTER (NAME(TSL.PROD.PERSOON.KSDS)      -
                  INDEXED                          -
                  KEYS(9 0)                        -
                  RECORDSIZE(160 160)              -
                  FREESPACE(10 10)                 -
                  SHAREOPTIONS(2 3)                -
                  CYLINDERS(10 5))                 -
         DATA    (NAME(TSL.PROD.PERSOON.KSDS.DATA)  -
                  CONTROLINTERVALSIZE(8192))       -
         INDEX   (NAME(TSL.PROD.PERSOON.KSDS.INDEX))
/*
//*
//LADEN    EXEC PGM=IDCAMS,COND=(0,NE,DEFINE)
//SYSPRINT DD SYSOUT=*
//INVOER   DD DISP=SHR,DSN=TSL.PROD.PERSOON
//KSDS     DD DISP=OLD,DSN=TSL.PROD.PERSOON.KSDS
//SYSIN    DD *
  REPRO INFILE(INVOER) OUTFILE(KSDS)
/*
//*
//CONTROLE EXEC PGM=IDCAMS,COND=(0,NE)
//SYSPRINT DD SYSOUT=*
//SYSIN    DD *
  PRINT INDATASET(TSL.PROD.PERSOON.KSDS) CHARACTER COUNT(5)
/*
