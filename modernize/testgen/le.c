/* Language Environment date services the legacy run answers (CEEDATM, CEEDAYS), in C because they
 * read picture strings. Lilian day 1 is 1582-10-15; the run's clock is pinned elsewhere (le.py).
 * Pictures: YYYY, YY, MM, DD, HH, MI, SS and 9 (fractions) are replaced, other characters copied.
 * A feedback code of 12 zero bytes means success; an unreadable date gives lilian 0 and severity 3.
 */
#include <string.h>

static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

#define LILIAN_EPOCH (days_from_civil(1582, 10, 15) - 1)

static int vstring(const unsigned char *v, const unsigned char **text)
{
	*text = v + 2;
	return (v[0] << 8) | v[1];
}

static void digits(char *out, long value, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + value % 10);
		value /= 10;
	}
}

static void feedback(unsigned char *fc, int severity)
{
	if (fc == NULL) return;
	memset(fc, 0, 12);
	fc[1] = (unsigned char)severity;
}

int CEEDATM(double *seconds, unsigned char *picture, char *out, unsigned char *fc)
{
	const unsigned char *pic;
	int n = vstring(picture, &pic), o = 0;
	long total = (long)*seconds, y;
	unsigned m, d;
	civil_from_days(total / 86400 + LILIAN_EPOCH, &y, &m, &d);
	long secs = total % 86400;
	memset(out, ' ', 80);
	for (int i = 0; i < n && o < 80;) {
		if (i + 4 <= n && !memcmp(pic + i, "YYYY", 4)) { digits(out + o, y, 4); o += 4; i += 4; }
		else if (i + 2 <= n && !memcmp(pic + i, "YY", 2)) { digits(out + o, y % 100, 2); o += 2; i += 2; }
		else if (i + 2 <= n && !memcmp(pic + i, "MM", 2)) { digits(out + o, m, 2); o += 2; i += 2; }
		else if (i + 2 <= n && !memcmp(pic + i, "DD", 2)) { digits(out + o, d, 2); o += 2; i += 2; }
		else if (i + 2 <= n && !memcmp(pic + i, "HH", 2)) { digits(out + o, secs / 3600, 2); o += 2; i += 2; }
		else if (i + 2 <= n && !memcmp(pic + i, "MI", 2)) { digits(out + o, secs / 60 % 60, 2); o += 2; i += 2; }
		else if (i + 2 <= n && !memcmp(pic + i, "SS", 2)) { digits(out + o, secs % 60, 2); o += 2; i += 2; }
		else if (pic[i] == '9') { out[o++] = '0'; i++; }
		else out[o++] = (char)pic[i++];
	}
	feedback(fc, 0);
	return 0;
}

int CEEDAYS(unsigned char *date, unsigned char *picture, int *lilian, unsigned char *fc)
{
	const unsigned char *text, *pic;
	int n = vstring(date, &text), p = vstring(picture, &pic);
	long y = -1, m = -1, d = -1;
	for (int i = 0; i < p && i < n;) {
		int width = (i + 4 <= p && !memcmp(pic + i, "YYYY", 4)) ? 4 : (i + 2 <= p && (!memcmp(pic + i, "MM", 2) || !memcmp(pic + i, "DD", 2))) ? 2 : 1;
		long value = 0;
		int ok = 1;
		for (int k = 0; k < width; k++) {
			if (i + k >= n || text[i + k] < '0' || text[i + k] > '9') { ok = 0; break; }
			value = value * 10 + (text[i + k] - '0');
		}
		if (width == 4 && ok) y = value;
		else if (width == 2 && ok && pic[i] == 'M') m = value;
		else if (width == 2 && ok && pic[i] == 'D') d = value;
		else if (width > 1 && !ok) { y = -1; break; }
		i += width;
	}
	int valid = y >= 1582 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
	if (valid) {
		long y2; unsigned m2, d2;
		civil_from_days(days_from_civil(y, (unsigned)m, (unsigned)d), &y2, &m2, &d2);
		valid = (long)m2 == m && (long)d2 == d;
	}
	*lilian = valid ? (int)(days_from_civil(y, (unsigned)m, (unsigned)d) - LILIAN_EPOCH) : 0;
	feedback(fc, valid ? 0 : 3);
	return 0;
}
