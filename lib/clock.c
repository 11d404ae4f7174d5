/* clock — local time in the cinema's zone; see clock.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

time_t
clock_now(const struct conf *c)
{
	return time(NULL) + (time_t)(c ? c->clock_offset : 0);
}

int
clock_zone_valid(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char	 path[PATH_MAX], magic[4];
	FILE	*f;
	size_t	 n;

	if (tz == NULL || *tz == '\0' || *tz == '/' || strlen(tz) > 64 ||
	    strstr(tz, "..") != NULL)
		return 0;
	for (const char *p = tz; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		    *p == '-' || *p == '+'))
			return 0;
	if (dir == NULL || *dir == '\0')
		dir = CLOCK_ZONEINFO;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, tz) >=
	    sizeof(path) || (f = fopen(path, "re")) == NULL)
		return 0;
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return n == sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

int
clock_use_zone(const char *tz)
{
	if (!clock_zone_valid(tz)) {
		/* Never a silent fallback: glibc would quietly show UTC. */
		setenv("TZ", "UTC", 1);
		tzset();
		return -1;
	}
	setenv("TZ", tz, 1);
	tzset();
	return 0;
}

void
clock_iso8601(time_t t, char out[32])
{
	struct tm tm;
	char	 off[8];

	localtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(off, sizeof(off), "%z", &tm);	/* +0530 → +05:30 */
	if (strlen(off) == 5)
		snprintf(out + strlen(out), 32 - strlen(out), "%.3s:%s", off,
		    off + 3);
	else
		snprintf(out + strlen(out), 32 - strlen(out), "Z");
}

void
clock_date(time_t t, char out[11])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
clock_parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1970 || *y > 2200 || *m < 1 || *m > 12 || *d < 1)
		return -1;
	if (*d > mdays[*m - 1] + (*m == 2 && leap(*y)))
		return -1;
	return 0;
}

/* The local time minutes after midnight, days after date, into *tm
 * (normalised by mktime); -1 for a date that is not one. */
static time_t
local_tm(const char *date, int days, int minutes, struct tm *tm)
{
	int	 y, m, d;

	if (clock_parse_date(date, &y, &m, &d) == -1)
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d + days;
	tm->tm_hour = minutes / 60;
	tm->tm_min = minutes % 60;
	tm->tm_isdst = -1;
	return mktime(tm);
}

time_t
clock_local(const char *date, int minutes)
{
	struct tm tm;

	return local_tm(date, 0, minutes, &tm);
}

int
clock_add_days(const char *date, int days, char out[11])
{
	struct tm tm;

	/* noon: immune to DST shifts */
	if (local_tm(date, days, 12 * 60, &tm) == -1)
		return -1;
	strftime(out, 11, "%Y-%m-%d", &tm);
	return 0;
}

long
clock_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
clock_days_between(const char *a, const char *b)
{
	int	 y1, m1, d1, y2, m2, d2;

	if (clock_parse_date(a, &y1, &m1, &d1) == -1 ||
	    clock_parse_date(b, &y2, &m2, &d2) == -1)
		return INT_MIN;
	return (int)(clock_days_from_civil(y2, m2, d2) - clock_days_from_civil(y1, m1, d1));
}

long long
clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
