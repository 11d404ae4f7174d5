/* report — revenue figures and the bookings CSV; see report.h.
 *
 * The revenue query returns one row per counted booking (show date, amount,
 * seats) and the grouping, mean and median are done here in C: SQLite has
 * no median, and 100 000 rows sort in a few milliseconds.  The SQL is put
 * together from constant fragments only (one per filter that is given, so
 * each variant can use its index); every value is bound. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "json.h"
#include "report.h"
#include "text.h"

static const char *const group_names[] = { "day", "week", "month", "year",
    "all" };

const char *
report_group_name(enum report_group g)
{
	return (unsigned)g < sizeof(group_names) / sizeof(group_names[0]) ?
	    group_names[g] : "day";
}

/* --- parsing the query -------------------------------------------------- */

static int
given(const char *s)
{
	return s != NULL && *s != '\0';
}

/* A row id, or a field error. */
static void
parse_id(const char *s, const char *field, long long *out, struct err *e)
{
	*out = 0;
	if (given(s) && text_parse_id(s, strlen(s), out) != TEXT_OK)
		err_field(e, field, "must be a positive whole number");
}

/* One genre name: letters, digits, spaces and hyphens ("Sci-Fi"). */
static int
genre_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > REPORT_GENRE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != ' ' && s[i] != '-')
			return 0;
	return 1;
}

int
report_filter_parse(const struct report_query *q, struct report_filter *f,
    struct err *e)
{
	int	 before = e->nfields;
	long long v;

	memset(f, 0, sizeof(*f));
	f->group = REPORT_DAY;
	if (given(q->group)) {
		size_t	 i, n = sizeof(group_names) / sizeof(group_names[0]);

		for (i = 0; i < n; i++)
			if (strcmp(q->group, group_names[i]) == 0)
				break;
		if (i == n)
			err_field(e, "group",
			    "must be one of day, week, month, year, all");
		else
			f->group = (enum report_group)i;
	}
	if (given(q->month)) {
		if (text_parse_int(q->month, 1, 12, &v) != TEXT_OK)
			err_field(e, "month", "must be a month from 1 to 12");
		else
			f->month = (int)v;
	}
	if (given(q->year)) {
		if (text_parse_int(q->year, 2000, 2100, &v) != TEXT_OK)
			err_field(e, "year", "must be a year from 2000 to 2100");
		else
			f->year = (int)v;
	}
	parse_id(q->movie_id, "movie_id", &f->movie_id, e);
	parse_id(q->slot_id, "slot_id", &f->slot_id, e);
	if (given(q->genre)) {
		if (!genre_ok(q->genre))
			err_field(e, "genre", "must be one genre of at most %d "
			    "letters, digits, spaces or hyphens",
			    REPORT_GENRE_MAX);
		else
			snprintf(f->genre, sizeof(f->genre), "%s", q->genre);
	}
	return e->nfields > before ? -1 : 0;
}

/* --- calendar ----------------------------------------------------------- */

/* A civil date from days since 1970-01-01 (Howard Hinnant's algorithm;
 * the way there is clock_days_from_civil). */
static void
civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
date_days(const char *date, long *out)
{
	int	 y, m, d;

	if (clock_parse_date(date, &y, &m, &d) == -1)
		return -1;
	*out = clock_days_from_civil(y, m, d);
	return 0;
}

static void
days_date(long z, char out[11])
{
	int	 y, m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
static int
weekday(long z)
{
	return (int)(((z % 7) + 7 + 3) % 7);
}

int
report_key(enum report_group g, const char *date, char out[REPORT_KEY_LEN])
{
	int	 y, m, d;

	if (clock_parse_date(date, &y, &m, &d) == -1)
		return -1;
	switch (g) {
	case REPORT_DAY:
		snprintf(out, REPORT_KEY_LEN, "%04d-%02d-%02d", y, m, d);
		break;
	case REPORT_WEEK: {
		/* ISO 8601: the week belongs to the year of its Thursday. */
		long	 z = clock_days_from_civil(y, m, d);
		long	 thu = z - weekday(z) + 3;
		int	 ty, tm, td;

		civil_from_days(thu, &ty, &tm, &td);
		unsigned w = (unsigned)((thu - clock_days_from_civil(ty, 1, 1)) / 7 + 1);

		/* (Dates are 1970–2200 and weeks 1–53: the modulos only tell
		 * the compiler so.) */
		snprintf(out, REPORT_KEY_LEN, "%04u-W%02u", (unsigned)ty % 10000,
		    w % 100);
		break;
	}
	case REPORT_MONTH:
		snprintf(out, REPORT_KEY_LEN, "%04d-%02d", y, m);
		break;
	case REPORT_YEAR:
		snprintf(out, REPORT_KEY_LEN, "%04d", y);
		break;
	case REPORT_ALL:
	default:
		snprintf(out, REPORT_KEY_LEN, "all");
		break;
	}
	return 0;
}

int
report_window(const struct report_filter *f, const char *today,
    char from[11], char to[11])
{
	long	 t;
	int	 y, m, d;

	from[0] = to[0] = '\0';
	if (f->year != 0) {
		int	 m1 = f->month ? f->month : 1, m2 = f->month ? f->month : 12;

		days_date(clock_days_from_civil(f->year, m1, 1), from);
		days_date(m2 == 12 ? clock_days_from_civil(f->year + 1, 1, 1) - 1 :
		    clock_days_from_civil(f->year, m2 + 1, 1) - 1, to);
		return 0;
	}
	if (f->group == REPORT_YEAR || f->group == REPORT_ALL)
		return 0;
	if (date_days(today, &t) == -1)
		return -1;
	switch (f->group) {
	case REPORT_DAY:
		days_date(t - 29, from);
		days_date(t, to);
		break;
	case REPORT_WEEK:
		t -= weekday(t);			/* this Monday */
		days_date(t - 15 * 7, from);
		days_date(t + 6, to);
		break;
	default:				/* REPORT_MONTH */
		civil_from_days(t, &y, &m, &d);
		m -= 11;
		if (m < 1) {
			m += 12;
			y--;
		}
		days_date(clock_days_from_civil(y, m, 1), from);
		civil_from_days(t, &y, &m, &d);
		days_date(m == 12 ? clock_days_from_civil(y + 1, 1, 1) - 1 :
		    clock_days_from_civil(y, m + 1, 1) - 1, to);
		break;
	}
	return 0;
}

/* --- statistics --------------------------------------------------------- */

long long
report_mean(long long sum, long long n)
{
	/* Half up, in integers: floor((2·sum + n) / 2n) for sum ≥ 0. */
	return n > 0 ? (2 * sum + n) / (2 * n) : 0;
}

long long
report_median(const long long *v, size_t n)
{
	if (n == 0)
		return 0;
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2] + 1) / 2;
}

void
report_stats_of(const long long *v, size_t n, long long seats,
    struct report_stats *s)
{
	long long sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += v[i];
	s->revenue = sum;
	s->bookings = (long long)n;
	s->seats = seats;
	s->mean = report_mean(sum, (long long)n);
	s->median = report_median(v, n);
}

/* --- the revenue query -------------------------------------------------- */

struct rrow {
	char		 key[REPORT_KEY_LEN];
	long long	 amount;
	long long	 seats;
};

static int
cmp_row(const void *a, const void *b)
{
	const struct rrow *x = a, *y = b;
	int	 c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return (x->amount > y->amount) - (x->amount < y->amount);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Append a WHERE clause for f (constant fragments only) and bind it. */
static void
where_sql(struct buf *sql, const struct report_filter *f, const char *from)
{
	buf_puts(sql, " WHERE 1");
	if (*from != '\0')
		buf_puts(sql, " AND s.date BETWEEN :from AND :to");
	if (f->month != 0 && f->year == 0)
		buf_puts(sql, " AND substr(s.date, 6, 2) = :mm");
	if (f->movie_id != 0)
		buf_puts(sql, " AND s.movie_id = :movie");
	if (f->slot_id != 0)
		buf_puts(sql, " AND s.slot_id = :slot");
	if (f->genre[0] != '\0')
		/* Whole genre names of the comma list, any case or spacing. */
		buf_puts(sql, " AND instr(',' || replace(lower(m.genre), ' ', "
		    "'') || ',', :genre) > 0");
}

static int
where_bind(sqlite3_stmt *st, const struct report_filter *f,
    const char *from, const char *to)
{
	char	 mm[3], g[REPORT_GENRE_MAX + 3];
	size_t	 n = 0;
	int	 rc = SQLITE_OK;

	if (*from != '\0' && ((rc = db_bind_text(st, ":from", from)) !=
	    SQLITE_OK || (rc = db_bind_text(st, ":to", to)) != SQLITE_OK))
		return rc;
	if (f->month != 0 && f->year == 0) {
		snprintf(mm, sizeof(mm), "%02d", f->month);
		if ((rc = db_bind_text(st, ":mm", mm)) != SQLITE_OK)
			return rc;
	}
	if (f->movie_id != 0 &&
	    (rc = db_bind_int(st, ":movie", f->movie_id)) != SQLITE_OK)
		return rc;
	if (f->slot_id != 0 &&
	    (rc = db_bind_int(st, ":slot", f->slot_id)) != SQLITE_OK)
		return rc;
	if (f->genre[0] != '\0') {
		g[n++] = ',';
		for (const char *p = f->genre; *p != '\0'; p++)
			if (*p != ' ')
				g[n++] = (char)tolower((unsigned char)*p);
		g[n++] = ',';
		g[n] = '\0';
		rc = db_bind_text(st, ":genre", g);
	}
	return rc;
}

/* Prepare the query built in sql (freed here) and bind the filter's
 * values; *st is NULL unless SQLITE_OK. */
static int
prepare_where(sqlite3 *db, struct buf *sql, const struct report_filter *f,
    const char *from, const char *to, sqlite3_stmt **st)
{
	int	 rc;

	*st = NULL;
	if (!buf_ok(sql)) {
		buf_free(sql);
		return SQLITE_NOMEM;
	}
	rc = db_prepare(db, buf_str(sql), st);
	buf_free(sql);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = where_bind(*st, f, from, to)) != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

/* The keys every day/week/month report lists, empty or not: each period of
 * the window that holds a date the month filter lets through. */
static int
zero_keys(const struct report *r, char (**keys)[REPORT_KEY_LEN], size_t *n)
{
	long	 a, b;
	size_t	 cap = 0;
	char	 date[11], key[REPORT_KEY_LEN];

	*keys = NULL;
	*n = 0;
	if (r->f.group == REPORT_ALL || (r->f.group == REPORT_YEAR &&
	    r->f.year != 0)) {
		/* One group, listed even when empty. */
		if ((*keys = calloc(1, REPORT_KEY_LEN)) == NULL)
			return SQLITE_NOMEM;
		if (r->f.group == REPORT_ALL)
			snprintf((*keys)[0], REPORT_KEY_LEN, "all");
		else
			snprintf((*keys)[0], REPORT_KEY_LEN, "%04d", r->f.year);
		*n = 1;
		return SQLITE_OK;
	}
	if (r->f.group == REPORT_YEAR || r->from[0] == '\0' ||
	    date_days(r->from, &a) == -1 || date_days(r->to, &b) == -1)
		return SQLITE_OK;
	for (long z = a; z <= b; z++) {
		int	 y, m, d;

		civil_from_days(z, &y, &m, &d);
		if (r->f.month != 0 && m != r->f.month)
			continue;
		days_date(z, date);
		report_key(r->f.group, date, key);
		if (*n > 0 && strcmp((*keys)[*n - 1], key) == 0)
			continue;
		if (*n == cap) {
			size_t	 ncap = cap ? cap * 2 : 64;
			void	*p = realloc(*keys, ncap * REPORT_KEY_LEN);

			if (p == NULL)
				return SQLITE_NOMEM;
			*keys = p;
			cap = ncap;
		}
		memcpy((*keys)[(*n)++], key, REPORT_KEY_LEN);
	}
	return SQLITE_OK;
}

static int
fetch_rows(sqlite3 *db, const struct report *r, struct rrow **rows,
    size_t *nrows)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t	 cap = 0;
	char	 last_date[11] = "", last_key[REPORT_KEY_LEN] = "";
	int	 rc;

	*rows = NULL;
	*nrows = 0;
	buf_puts(&sql, "SELECT s.date, b.amount, b.seat_count FROM shows s "
	    "JOIN bookings b ON b.show_id = s.id "
	    "AND b.status IN ('confirmed', 'checked_in')");
	if (r->f.genre[0] != '\0')
		buf_puts(&sql, " JOIN movies m ON m.id = s.movie_id");
	where_sql(&sql, &r->f, r->from);
	if ((rc = prepare_where(db, &sql, &r->f, r->from, r->to, &st)) !=
	    SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *date = db_text(st, 0);
		struct rrow *row;

		if (*nrows == cap) {
			size_t	 ncap = cap ? cap * 2 : 1024;
			void	*p = realloc(*rows, ncap * sizeof(**rows));

			if (p == NULL) {
				rc = SQLITE_NOMEM;
				goto out;
			}
			*rows = p;
			cap = ncap;
		}
		/* Rows of one show date come together: key each date once. */
		if (strcmp(date, last_date) != 0) {
			if (report_key(r->f.group, date, last_key) == -1)
				continue;	/* not a date: cannot be grouped */
			snprintf(last_date, sizeof(last_date), "%s", date);
		}
		row = &(*rows)[(*nrows)++];
		memcpy(row->key, last_key, sizeof(row->key));
		row->amount = sqlite3_column_int64(st, 1);
		row->seats = sqlite3_column_int64(st, 2);
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
add_group(struct report *r, size_t *cap, const char *key,
    const struct rrow *rows, size_t n, long long *scratch)
{
	struct report_row *g;
	long long seats = 0;

	if (r->ngroups == *cap) {
		size_t	 ncap = *cap ? *cap * 2 : 64;
		void	*p = realloc(r->groups, ncap * sizeof(*r->groups));

		if (p == NULL)
			return SQLITE_NOMEM;
		r->groups = p;
		*cap = ncap;
	}
	g = &r->groups[r->ngroups++];
	memset(g, 0, sizeof(*g));
	snprintf(g->key, sizeof(g->key), "%s", key);
	for (size_t i = 0; i < n; i++) {
		scratch[i] = rows[i].amount;	/* already ascending */
		seats += rows[i].seats;
	}
	report_stats_of(scratch, n, seats, &g->s);
	return SQLITE_OK;
}

/* r->ahead: paid bookings of shows after max(window end, today), with the
 * movie, slot and genre filters; nothing when the window is unbounded. */
int
report_booked_ahead(sqlite3 *db, struct report *r, const char *today)
{
	struct report_filter af = r->f;
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int	 rc;

	if (r->to[0] == '\0')
		return SQLITE_OK;
	snprintf(r->ahead_after, sizeof(r->ahead_after), "%s",
	    strcmp(r->to, today) > 0 ? r->to : today);
	af.month = 0;
	af.year = 0;
	buf_puts(&sql, "SELECT count(*), coalesce(sum(b.amount), 0), "
	    "coalesce(sum(b.seat_count), 0) FROM shows s "
	    "JOIN bookings b ON b.show_id = s.id "
	    "AND b.status IN ('confirmed', 'checked_in') "
	    "JOIN movies m ON m.id = s.movie_id");
	where_sql(&sql, &af, "");
	buf_puts(&sql, " AND s.date > :after");
	if ((rc = prepare_where(db, &sql, &af, "", "", &st)) != SQLITE_OK)
		return rc;
	if ((rc = db_bind_text(st, ":after", r->ahead_after)) == SQLITE_OK &&
	    (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->ahead.bookings = sqlite3_column_int64(st, 0);
		r->ahead.revenue = sqlite3_column_int64(st, 1);
		r->ahead.seats = sqlite3_column_int64(st, 2);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int
report_revenue(sqlite3 *db, const struct report_filter *f, const char *today,
    struct report *r)
{
	struct rrow *rows = NULL;
	char	(*keys)[REPORT_KEY_LEN] = NULL;
	long long *amounts = NULL, seats = 0;
	size_t	 nrows = 0, nkeys = 0, cap = 0, i = 0, k = 0;
	int	 rc;

	memset(r, 0, sizeof(*r));
	r->f = *f;
	if (report_window(f, today, r->from, r->to) == -1)
		return SQLITE_MISUSE;
	if ((rc = zero_keys(r, &keys, &nkeys)) != SQLITE_OK ||
	    (rc = fetch_rows(db, r, &rows, &nrows)) != SQLITE_OK)
		goto out;
	if ((amounts = malloc((nrows ? nrows : 1) * sizeof(*amounts))) ==
	    NULL) {
		rc = SQLITE_NOMEM;
		goto out;
	}
	if (nrows > 1)		/* qsort(NULL, 0, …) is undefined */
		qsort(rows, nrows, sizeof(*rows), cmp_row);

	/* Totals: every amount, sorted for the median. */
	for (size_t j = 0; j < nrows; j++) {
		amounts[j] = rows[j].amount;
		seats += rows[j].seats;
	}
	if (nrows > 1)
		qsort(amounts, nrows, sizeof(*amounts), cmp_ll);
	report_stats_of(amounts, nrows, seats, &r->totals);

	/* Groups: the union of the listed keys and the keys with rows, both
	 * ascending. */
	while (i < nrows || k < nkeys) {
		const char *key;
		size_t	 j = i;
		int	 c;

		if (i >= nrows)
			c = 1;
		else if (k >= nkeys)
			c = -1;
		else
			c = strcmp(rows[i].key, keys[k]);
		key = c <= 0 ? rows[i].key : keys[k];
		if (c <= 0)
			while (j < nrows && strcmp(rows[j].key, key) == 0)
				j++;
		if (c >= 0)
			k++;
		if ((rc = add_group(r, &cap, key, rows + i, j - i, amounts)) !=
		    SQLITE_OK)
			goto out;
		i = j;
	}
out:
	free(rows);
	free(keys);
	free(amounts);
	if (rc != SQLITE_OK)
		report_free(r);
	return rc;
}

void
report_free(struct report *r)
{
	free(r->groups);
	r->groups = NULL;
	r->ngroups = 0;
}

static void
stats_json(cJSON *o, const struct report_stats *s)
{
	json_add_int(o, "revenue", s->revenue);
	json_add_int(o, "bookings", s->bookings);
	json_add_int(o, "seats", s->seats);
	json_add_int(o, "mean", s->mean);
	json_add_int(o, "median", s->median);
}

static void
int_or_null(cJSON *o, const char *key, long long v)
{
	if (v != 0)
		json_add_int(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *
report_to_json(const struct report *r, const char *currency)
{
	cJSON	*d = cJSON_CreateObject(), *f, *g;

	json_add_str(d, "currency", currency);
	f = cJSON_AddObjectToObject(d, "filters");
	int_or_null(f, "month", r->f.month);
	int_or_null(f, "year", r->f.year);
	int_or_null(f, "movie_id", r->f.movie_id);
	int_or_null(f, "slot_id", r->f.slot_id);
	json_add_str(f, "genre", r->f.genre[0] ? r->f.genre : NULL);
	json_add_str(f, "from", r->from[0] ? r->from : NULL);
	json_add_str(f, "to", r->to[0] ? r->to : NULL);
	json_add_str(d, "group", report_group_name(r->f.group));
	stats_json(cJSON_AddObjectToObject(d, "totals"), &r->totals);
	f = cJSON_AddObjectToObject(d, "booked_ahead");
	json_add_str(f, "after", r->ahead_after[0] ? r->ahead_after : NULL);
	json_add_int(f, "revenue", r->ahead.revenue);
	json_add_int(f, "bookings", r->ahead.bookings);
	json_add_int(f, "seats", r->ahead.seats);
	g = cJSON_AddArrayToObject(d, "groups");
	for (size_t i = 0; i < r->ngroups; i++) {
		cJSON	*o = cJSON_CreateObject();

		json_add_str(o, "key", r->groups[i].key);
		stats_json(o, &r->groups[i].s);
		cJSON_AddItemToArray(g, o);
	}
	return d;
}

/* --- CSV ---------------------------------------------------------------- */

void
report_csv_text(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	/* A spreadsheet runs a cell that starts with one of these as a
	 * formula (OWASP "CSV injection"); an apostrophe makes it text. */
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		buf_putc(b, '\'');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void
report_csv_amount(struct buf *b, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	buf_printf(b, "%s%llu.%02llu", v < 0 ? "-" : "", u / 100, u % 100);
}

void
report_csv_filename(const struct report_filter *f, char *out, size_t n)
{
	if (f->year != 0 && f->month != 0)
		snprintf(out, n, "bookings-%04d-%02d.csv", f->year, f->month);
	else if (f->year != 0)
		snprintf(out, n, "bookings-%04d.csv", f->year);
	else if (f->month != 0)
		snprintf(out, n, "bookings-m%02d.csv", f->month);
	else
		snprintf(out, n, "bookings-all.csv");
}

int
report_bookings_csv(sqlite3 *db, const struct report_filter *f,
    struct buf *out)
{
	struct report_filter cf;
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st = NULL;
	char	 from[11] = "", to[11] = "", iso[32];
	long	 rows = 0;
	int	 rc;

	/* The revenue report's filters, without its "last N" window: the
	 * export covers every show date unless a month or year is given. */
	cf = *f;
	cf.group = REPORT_ALL;
	(void)report_window(&cf, "", from, to);
	buf_puts(&sql, "SELECT b.id, b.created_at, s.date, sl.name, m.title, "
	    "sc.name, "
	    "(SELECT group_concat(label, ' ') FROM (SELECT st.label FROM "
	    "booking_seats bs JOIN seats st ON st.id = bs.seat_id "
	    "WHERE bs.booking_id = b.id ORDER BY st.grid_row, st.grid_col)), "
	    "b.seat_count, coalesce(u.name, w.name), u.username, w.phone, "
	    "b.status, b.amount, "
	    "(SELECT p.method FROM payments p WHERE p.booking_id = b.id "
	    "AND p.status = 'succeeded' AND p.purpose = 'booking'), "
	    /* Each seat with its ticket type (lib/pricing.h), as the
	     * ticket prints them: "F5 Adult, F7 Child". */
	    "(SELECT group_concat(t, ', ') FROM (SELECT st.label || ' ' || "
	    "coalesce(tt.name, bs.type) AS t FROM booking_seats bs "
	    "JOIN seats st ON st.id = bs.seat_id "
	    "LEFT JOIN ticket_types tt ON tt.code = bs.type "
	    "WHERE bs.booking_id = b.id ORDER BY st.grid_row, st.grid_col)) "
	    "FROM shows s JOIN bookings b ON b.show_id = s.id "
	    "JOIN slots sl ON sl.id = s.slot_id "
	    "JOIN movies m ON m.id = s.movie_id "
	    "JOIN screens sc ON sc.id = s.screen_id "
	    "LEFT JOIN users u ON u.id = b.user_id "
	    "LEFT JOIN walkin_customers w ON w.id = b.walkin_customer_id");
	where_sql(&sql, &cf, from);
	buf_puts(&sql, " ORDER BY s.date, s.starts_at, b.id");
	if ((rc = prepare_where(db, &sql, &cf, from, to, &st)) != SQLITE_OK)
		return rc;
	buf_puts(out, "Booking ID,Booked at,Show date,Slot,Movie,Screen,Seats,"
	    "Seat count,Customer,Username,Phone,Status,Amount,Payment method,"
	    "Ticket types\r\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++rows > REPORT_CSV_MAX_ROWS) {
			rc = SQLITE_TOOBIG;
			goto done;
		}
		clock_iso8601((time_t)sqlite3_column_int64(st, 1), iso);
		buf_printf(out, "%lld,%s,%s,", sqlite3_column_int64(st, 0), iso,
		    db_text(st, 2));
		for (int col = 3; col <= 6; col++) {	/* slot … seats */
			report_csv_text(out, db_text(st, col));
			buf_putc(out, ',');
		}
		buf_printf(out, "%lld,", sqlite3_column_int64(st, 7));
		for (int col = 8; col <= 11; col++) {	/* customer … status */
			report_csv_text(out, db_text(st, col));
			buf_putc(out, ',');
		}
		report_csv_amount(out, sqlite3_column_int64(st, 12));
		buf_putc(out, ',');
		report_csv_text(out, db_text(st, 13));
		buf_putc(out, ',');
		report_csv_text(out, db_text(st, 14));
		buf_puts(out, "\r\n");
		if (!buf_ok(out)) {
			rc = SQLITE_NOMEM;
			goto done;
		}
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
done:
	sqlite3_finalize(st);
	return rc;
}
