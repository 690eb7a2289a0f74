//TSJFOR   JOB (WS,0100),'PEILEN FORTRAN',CLASS=A,MSGCLASS=X
//*====================================================================
//* JOB      : TSJFOR  DAGELIJKSE AFVOERBEREKENING (FORTRAN PEILHF)
//*====================================================================
//PEIL     EXEC PGM=PEILHF
//STEPLIB  DD DSN=WS.PROD.LOADLIB,DISP=SHR
//FT10F001 DD DSN=WS.PROD.PEILMETING,DISP=SHR
//FT11F001 DD DSN=WS.PROD.AFVOER,DISP=(NEW,CATLG,DELETE),
//            SPACE=(TRK,(5,5))
//FT06F001 DD SYSOUT=*
