/* melding.c - meldt een alarm aan de dienstdoende dijkgraaf (berichtenbestand). */
#include <stdio.h>
#include "alarm.h"

void meld_dijkgraaf(int meting)
{
    FILE *out = fopen("meldingen.txt", "a");
    if (out == NULL) {
        return;
    }
    fprintf(out, "ALARM meting %d\n", meting);
    fclose(out);
}
