/* report — the admin's revenue figures and the bookings CSV export.
 *
 * Revenue counts confirmed and checked-in bookings only, and a booking
 * belongs to the date of its SHOW (not to when it was paid), as the
 * original product reports: the money of a performance is that
 * performance's.  Groups are local calendar periods keyed by show date:
 *   day    "2026-11-25"  the last 30 days up to today
 *   week   "2026-W48"    ISO 8601 weeks: the last 16 up to this week
 *   month  "2026-11"     the last 12 months up to this month
 *   year   "2026"        every year with bookings
 *   all    "all"         one group
 * A year filter replaces the "last N" window by that year (or that month of
 * it); a month filter without a year keeps the window and keeps only show
 * dates in that calendar month.  Day, week and month groups are listed even
 * when empty (zeros), so a chart shows the gaps.
 *
 * Money: integer paise throughout; mean is rounded half up to the paisa,
 * the median of an even count is the mean of the middle two (half up). */
#ifndef SKYFOX_REPORT_H
#define SKYFOX_REPORT_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "err.h"

#define REPORT_GENRE_MAX	40
#define REPORT_KEY_LEN		12	/* "2026-W48" + NUL, with room */

enum report_group {
	REPORT_DAY = 0,
	REPORT_WEEK,
	REPORT_MONTH,
	REPORT_YEAR,
	REPORT_ALL
};

/* The raw query values (NULL or "" = not given). */
struct report_query {
	const char	*group;
	const char	*month;
	const char	*year;
	const char	*movie_id;
	const char	*slot_id;
	const char	*genre;
};

struct report_filter {
	enum report_group group;
	int		 month;		/* 1–12, 0 = any */
	int		 year;		/* 2000–2100, 0 = any */
	long long	 movie_id;	/* 0 = any */
	long long	 slot_id;	/* 0 = any */
	char		 genre[REPORT_GENRE_MAX + 1];	/* "" = any */
};

struct report_stats {
	long long	 revenue;	/* paise */
	long long	 bookings;
	long long	 seats;
	long long	 mean;		/* paise, half up; 0 when no bookings */
	long long	 median;	/* paise, half up; 0 when no bookings */
};

struct report_row {
	char		 key[REPORT_KEY_LEN];
	struct report_stats s;
};

struct report {
	struct report_filter f;
	char		 from[11];	/* show-date window, "" = unbounded */
	char		 to[11];
	struct report_stats totals;
	/* Paid bookings of shows after the window (and after today) that the
	 * figures leave out: advance sales, same movie/slot/genre filters;
	 * ahead_after is the last date left out ("" = nothing is ahead of an
	 * unbounded window).  mean and median stay 0. */
	struct report_stats ahead;
	char		 ahead_after[11];
	struct report_row *groups;	/* ascending by key */
	size_t		 ngroups;
};

/* Validate the query into f; every failing field goes to e (for 422
 * VALIDATION_ERROR).  0, or -1 when any field failed. */
int	 report_filter_parse(const struct report_query *, struct report_filter *,
	    struct err *);
const char *report_group_name(enum report_group);

/* The group key of a local date "YYYY-MM-DD"; 0 or -1 (bad date). */
int	 report_key(enum report_group, const char *date,
	    char out[REPORT_KEY_LEN]);
/* The show-date window of f as seen on local date today ("" = open). */
int	 report_window(const struct report_filter *, const char *today,
	    char from[11], char to[11]);

/* Stats of n amounts sorted ascending (seats given separately). */
void	 report_stats_of(const long long *sorted, size_t n, long long seats,
	    struct report_stats *);
long long report_mean(long long sum, long long n);
long long report_median(const long long *sorted, size_t n);

/* Run the revenue report; an SQLite result code (SQLITE_OK).  today is the
 * cinema's local date.  Free with report_free. */
int	 report_revenue(sqlite3 *, const struct report_filter *,
	    const char *today, struct report *);
void	 report_free(struct report *);
/* Fill r->ahead and r->ahead_after for a report made by report_revenue
 * (a query of its own, so the report's figures stay one statement).
 * SQLite result code. */
int	 report_booked_ahead(sqlite3 *, struct report *, const char *today);
/* {"currency","filters","group","totals","booked_ahead","groups"}. */
cJSON	*report_to_json(const struct report *, const char *currency);

/* The bookings CSV (RFC 4180, CRLF) of f's month/year by show date and its
 * movie, slot and genre filters (f's group is ignored), every status,
 * appended to out.  SQLite result code; SQLITE_TOOBIG when the
 * export would hold more than REPORT_CSV_MAX_ROWS bookings (the response
 * is built in memory: ask for a year or a month instead). */
#define REPORT_CSV_MAX_ROWS	200000
int	 report_bookings_csv(sqlite3 *, const struct report_filter *,
	    struct buf *out);
/* "bookings-2026-11.csv", "bookings-2026.csv", "bookings-m11.csv",
 * "bookings-all.csv". */
void	 report_csv_filename(const struct report_filter *, char *out, size_t);
/* One CSV text field: always quoted, quotes doubled, and a leading
 * = + - @ TAB or CR neutralised with an apostrophe (formula injection). */
void	 report_csv_text(struct buf *, const char *);
/* 35000 → "350.00" (integer formatting). */
void	 report_csv_amount(struct buf *, long long paise);

#endif
