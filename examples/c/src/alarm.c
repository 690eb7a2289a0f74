/* alarm.c - waarschuwt de dijkgraaf als een peil boven de drempel komt.
 * Aangeroepen vanuit Fortran (PEILHF: CALL ALARM(H, I)); schrijft een regel in alarm.log. */
#include <stdio.h>
#include "alarm.h"

static int boven_drempel(double peil)
{
    return peil > ALARM_DREMPEL;
}

void alarm(float *peil, int *meting)
{
    FILE *log = fopen("alarm.log", "a");
    if (boven_drempel(*peil) && log != NULL) {
        fprintf(log, "meting %d: peil %.3f\n", *meting, *peil);
        meld_dijkgraaf(*meting);
    }
    if (log != NULL) {
        fclose(log);
    }
}
