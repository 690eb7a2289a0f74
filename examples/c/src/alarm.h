/* alarm.h - drempel en routines van de alarmering */
#define ALARM_DREMPEL 3.0
void alarm(float *peil, int *meting);
void meld_dijkgraaf(int meting);
