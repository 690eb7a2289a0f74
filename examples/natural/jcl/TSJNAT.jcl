//TSJNAT   JOB (TSL,0500),'TSL NATURAL OVERZ',CLASS=A,MSGCLASS=X
//*====================================================================
//* JOB      : TSJNAT  OVERZICHT PER GEMEENTE (NATURAL BATCH)
//*====================================================================
//OVERZ    EXEC PGM=NATBATCH,REGION=0M,
//            PARM='IM=D,MADIO=0,MT=0,MAXCL=0'
//STEPLIB  DD DSN=SAG.NAT.LOAD,DISP=SHR
//         DD DSN=TSL.PROD.LOADLIB,DISP=SHR
//CMPRINT  DD SYSOUT=*
//CMSYNIN  DD *
LOGON TSLLIB
TSNBTCH
FIN
/*
