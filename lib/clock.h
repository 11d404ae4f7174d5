/* clock — the site's notion of "now" and of local dates.
 *
 * Times are stored as UTC Unix seconds.  "Now" is the wall clock plus the
 * configured clock_offset, so a demo or a test can move the whole site (CGIs
 * and cron alike) forward to see a hold expire.  Dates and slot times are the
 * cinema's: clock_use_zone() sets TZ once per process and every conversion
 * below is in that zone.  JSON carries ISO 8601 with the zone's offset. */
#ifndef SKYFOX_CLOCK_H
#define SKYFOX_CLOCK_H

#include <time.h>

#include "config.h"

#define CLOCK_ZONEINFO	"/usr/share/zoneinfo"	/* or $TZDIR */

time_t	 clock_now(const struct conf *);
/* 1 when tz names a zone of the system's time zone database ("Asia/Kolkata":
 * a TZif file under $TZDIR or CLOCK_ZONEINFO; no "..", no absolute path). */
int	 clock_zone_valid(const char *tz);
/* Use tz for every local conversion.  -1 (and UTC, so nothing reads a
 * stale zone) when tz is not a known zone: a configuration error that the
 * caller reports — a wrong zone must never pass silently as UTC. */
int	 clock_use_zone(const char *tz);
/* "2026-11-25T19:30:00+05:30"; out must hold 32 bytes. */
void	 clock_iso8601(time_t, char out[32]);
/* The local calendar date of t: "2026-11-25"; out holds 11 bytes. */
void	 clock_date(time_t, char out[11]);
/* Strict YYYY-MM-DD that is a real calendar date.  0 or -1. */
int	 clock_parse_date(const char *, int *y, int *m, int *d);
/* Days since 1970-01-01 of a civil (proleptic Gregorian) date; exact for
 * every date (Howard Hinnant's algorithm). */
long	 clock_days_from_civil(int y, int m, int d);
/* Local date + minutes after local midnight → UTC seconds; -1 on error. */
time_t	 clock_local(const char *date, int minutes);
/* date + days → out (11 bytes); 0 or -1. */
int	 clock_add_days(const char *date, int days, char out[11]);
/* Whole days from date a to date b (b - a); fails with INT_MIN. */
int	 clock_days_between(const char *a, const char *b);
/* Microseconds of monotonic time, for request durations. */
long long clock_mono_us(void);

#endif
