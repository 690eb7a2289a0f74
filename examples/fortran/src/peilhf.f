C=======================================================================
C     PEILHF - WATERSTANDEN: DAGGEMIDDELDE PEILEN EN AFVOER PER GEMAAL
C     LEEST DE METINGEN (UNIT 10, DD FT10F001), BEREKENT DE AFVOER MET
C     AFVOER (afvoer.f90) EN SCHRIJFT HET RESULTAAT (UNIT 11, FT11F001).
C     BIJ EEN PEIL BOVEN DE ALARMGRENS WORDT ALARM (C) AANGEROEPEN.
C     1987-09-14 JdB  EERSTE VERSIE
C=======================================================================
      PROGRAM PEILHF
      INCLUDE 'peilcom.inc'
      INTEGER I, N
      REAL GRENS
      PARAMETER (GRENS = 2.5)
      OPEN(UNIT=10, STATUS='OLD')
      OPEN(UNIT=11, STATUS='NEW')
      N = 0
      DO 100 I = 1, NMAX
         READ(10, 900, END=200) H(I)
         N = N + 1
         IF (H(I) .GT. GRENS) THEN
            CALL ALARM(H(I),
     &                 I)
         ENDIF
  100 CONTINUE
  200 CALL AFVOER(N)
      DO 300 I = 1, N
         WRITE(11, 910) I, H(I), Q(I)
  300 CONTINUE
      STOP
  900 FORMAT(F8.3)
  910 FORMAT(I4, 2F10.3)
      END
