/* report: group keys (ISO weeks across year ends), windows, mean and median
 * in integer paise, filter validation, CSV quoting and the formula guard,
 * and the revenue query itself over an in-memory database. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "migrate.h"
#include "report.h"

static const char *
key(enum report_group g, const char *date)
{
	static char out[REPORT_KEY_LEN];

	if (report_key(g, date, out) == -1)
		return "(error)";
	return out;
}

START_TEST(test_iso_week_keys_across_year_ends)
{
	ck_assert_str_eq(key(REPORT_WEEK, "2026-11-25"), "2026-W48");
	/* 2026 starts on a Thursday: it has a week 53, which takes in the
	 * first days of 2027. */
	ck_assert_str_eq(key(REPORT_WEEK, "2026-12-31"), "2026-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2027-01-01"), "2026-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2027-01-03"), "2026-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2027-01-04"), "2027-W01");
	ck_assert_str_eq(key(REPORT_WEEK, "2020-12-31"), "2020-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2021-01-03"), "2020-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2021-01-04"), "2021-W01");
	/* …and the other way: late December in next year's week 1. */
	ck_assert_str_eq(key(REPORT_WEEK, "2024-12-30"), "2025-W01");
	ck_assert_str_eq(key(REPORT_WEEK, "2025-12-29"), "2026-W01");
	ck_assert_str_eq(key(REPORT_WEEK, "2026-01-01"), "2026-W01");
	ck_assert_str_eq(key(REPORT_WEEK, "2026-01-05"), "2026-W02");
	ck_assert_str_eq(key(REPORT_WEEK, "2015-12-31"), "2015-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2016-01-01"), "2015-W53");
	ck_assert_str_eq(key(REPORT_WEEK, "2019-12-30"), "2020-W01");
}
END_TEST

START_TEST(test_day_month_year_all_keys)
{
	ck_assert_str_eq(key(REPORT_DAY, "2026-02-01"), "2026-02-01");
	ck_assert_str_eq(key(REPORT_MONTH, "2026-02-01"), "2026-02");
	ck_assert_str_eq(key(REPORT_YEAR, "2026-02-01"), "2026");
	ck_assert_str_eq(key(REPORT_ALL, "2026-02-01"), "all");
	ck_assert_str_eq(key(REPORT_DAY, "2026-02-30"), "(error)");
	ck_assert_str_eq(key(REPORT_WEEK, "2026-13-01"), "(error)");
	ck_assert_str_eq(key(REPORT_MONTH, "not a date"), "(error)");
}
END_TEST

START_TEST(test_median_of_odd_and_even_counts)
{
	const long long one[] = { 700 };
	const long long odd[] = { 100, 300, 900 };
	const long long even[] = { 100, 200, 300, 1000 };
	const long long half[] = { 100, 201 };	/* 150.5 paise */

	ck_assert_int_eq(report_median(one, 1), 700);
	ck_assert_int_eq(report_median(odd, 3), 300);
	ck_assert_int_eq(report_median(even, 4), 250);
	ck_assert_int_eq(report_median(half, 2), 151);	/* half up */
	ck_assert_int_eq(report_median(NULL, 0), 0);
}
END_TEST

START_TEST(test_mean_rounds_half_up_to_the_paisa)
{
	ck_assert_int_eq(report_mean(5, 2), 3);		/* 2.5 → 3 */
	ck_assert_int_eq(report_mean(7, 2), 4);		/* 3.5 → 4 */
	ck_assert_int_eq(report_mean(4, 3), 1);		/* 1.33 → 1 */
	ck_assert_int_eq(report_mean(5, 3), 2);		/* 1.67 → 2 */
	ck_assert_int_eq(report_mean(100000, 3), 33333);
	ck_assert_int_eq(report_mean(100001, 2), 50001);
	ck_assert_int_eq(report_mean(0, 0), 0);
	/* Far beyond a double's exact range per booking sum is not needed,
	 * but a cinema-size total must stay exact: 10^12 paise / 7. */
	ck_assert_int_eq(report_mean(1000000000000LL, 7), 142857142857LL);
}
END_TEST

START_TEST(test_stats_of_sorted_amounts)
{
	const long long v[] = { 20000, 35000, 35000, 50000 };
	struct report_stats s;

	report_stats_of(v, 4, 9, &s);
	ck_assert_int_eq(s.revenue, 140000);
	ck_assert_int_eq(s.bookings, 4);
	ck_assert_int_eq(s.seats, 9);
	ck_assert_int_eq(s.mean, 35000);
	ck_assert_int_eq(s.median, 35000);
}
END_TEST

static int
parse(const char *group, const char *month, const char *year,
    const char *movie, const char *slot, const char *genre,
    struct report_filter *f, struct err *e)
{
	struct report_query q = { group, month, year, movie, slot, genre };

	memset(e, 0, sizeof(*e));
	return report_filter_parse(&q, f, e);
}

START_TEST(test_filter_accepts_good_values_and_blanks)
{
	struct report_filter f;
	struct err e;

	ck_assert_int_eq(parse("week", "11", "2026", "7", "2", "Sci-Fi", &f, &e),
	    0);
	ck_assert_int_eq(f.group, REPORT_WEEK);
	ck_assert_int_eq(f.month, 11);
	ck_assert_int_eq(f.year, 2026);
	ck_assert_int_eq(f.movie_id, 7);
	ck_assert_int_eq(f.slot_id, 2);
	ck_assert_str_eq(f.genre, "Sci-Fi");
	/* Empty values are "not given" (a form sends them so). */
	ck_assert_int_eq(parse("", "", "", "", "", "", &f, &e), 0);
	ck_assert_int_eq(f.group, REPORT_DAY);
	ck_assert_int_eq(f.month + f.year + f.movie_id + f.slot_id, 0);
	ck_assert_str_eq(f.genre, "");
	ck_assert_int_eq(parse(NULL, "1", "2000", NULL, NULL, NULL, &f, &e), 0);
	ck_assert_int_eq(parse("all", "12", "2100", NULL, NULL, NULL, &f, &e), 0);
	ck_assert_int_eq(f.group, REPORT_ALL);
}
END_TEST

START_TEST(test_filter_refuses_each_bad_value_by_name)
{
	static const struct { const char *g, *m, *y, *mv, *sl, *ge, *field; }
	    bad[] = {
		{ "daily", NULL, NULL, NULL, NULL, NULL, "group" },
		{ "DAY", NULL, NULL, NULL, NULL, NULL, "group" },
		{ NULL, "0", NULL, NULL, NULL, NULL, "month" },
		{ NULL, "13", NULL, NULL, NULL, NULL, "month" },
		{ NULL, "1x", NULL, NULL, NULL, NULL, "month" },
		{ NULL, "-1", NULL, NULL, NULL, NULL, "month" },
		{ NULL, "100", NULL, NULL, NULL, NULL, "month" },
		{ NULL, NULL, "1999", NULL, NULL, NULL, "year" },
		{ NULL, NULL, "2101", NULL, NULL, NULL, "year" },
		{ NULL, NULL, "20260", NULL, NULL, NULL, "year" },
		{ NULL, NULL, " 2026", NULL, NULL, NULL, "year" },
		{ NULL, NULL, NULL, "0", NULL, NULL, "movie_id" },
		{ NULL, NULL, NULL, "-3", NULL, NULL, "movie_id" },
		{ NULL, NULL, NULL, "07", NULL, NULL, "movie_id" },
		{ NULL, NULL, NULL, "1.5", NULL, NULL, "movie_id" },
		{ NULL, NULL, NULL, "9999999999999999", NULL, NULL, "movie_id" },
		{ NULL, NULL, NULL, NULL, "abc", NULL, "slot_id" },
		{ NULL, NULL, NULL, NULL, "0", NULL, "slot_id" },
		{ NULL, NULL, NULL, NULL, NULL,
		  "Abcdefghijklmnopqrstuvwxyzabcdefghijklmno", "genre" }, /* 41 */
		{ NULL, NULL, NULL, NULL, NULL, "Drama, Crime", "genre" },
		{ NULL, NULL, NULL, NULL, NULL, "Drama%", "genre" },
		{ NULL, NULL, NULL, NULL, NULL, "x'--", "genre" },
	};
	struct report_filter f;
	struct err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(parse(bad[i].g, bad[i].m, bad[i].y, bad[i].mv,
		    bad[i].sl, bad[i].ge, &f, &e) == -1, "case %zu accepted", i);
		ck_assert_int_eq(e.nfields, 1);
		ck_assert_str_eq(e.fields[0].field, bad[i].field);
	}
	/* 40 characters is still one genre. */
	ck_assert_int_eq(parse(NULL, NULL, NULL, NULL, NULL,
	    "Abcdefghijklmnopqrstuvwxyzabcdefghijklmn", &f, &e), 0);
	/* Every failing field is reported at once. */
	ck_assert_int_eq(parse("x", "0", "1", "a", "b", ",", &f, &e), -1);
	ck_assert_int_eq(e.nfields, 6);
}
END_TEST

static void
window(enum report_group g, int month, int year, const char *today,
    const char *want_from, const char *want_to)
{
	struct report_filter f;
	char	 from[11], to[11];

	memset(&f, 0, sizeof(f));
	f.group = g;
	f.month = month;
	f.year = year;
	ck_assert_int_eq(report_window(&f, today, from, to), 0);
	ck_assert_str_eq(from, want_from);
	ck_assert_str_eq(to, want_to);
}

START_TEST(test_windows_are_the_last_n_periods_or_the_year)
{
	window(REPORT_DAY, 0, 0, "2026-11-25", "2026-10-27", "2026-11-25");
	/* 16 ISO weeks: Monday 15 weeks before this one … this Sunday. */
	window(REPORT_WEEK, 0, 0, "2026-11-25", "2026-08-10", "2026-11-29");
	window(REPORT_WEEK, 0, 0, "2026-11-23", "2026-08-10", "2026-11-29");
	window(REPORT_WEEK, 0, 0, "2026-11-29", "2026-08-10", "2026-11-29");
	window(REPORT_MONTH, 0, 0, "2026-11-25", "2025-12-01", "2026-11-30");
	window(REPORT_MONTH, 0, 0, "2026-12-31", "2026-01-01", "2026-12-31");
	window(REPORT_DAY, 0, 0, "2024-03-01", "2024-02-01", "2024-03-01");
	window(REPORT_DAY, 0, 0, "2026-03-01", "2026-01-31", "2026-03-01");
	window(REPORT_DAY, 0, 0, "2027-01-05", "2026-12-07", "2027-01-05");
	window(REPORT_YEAR, 0, 0, "2026-11-25", "", "");
	window(REPORT_ALL, 0, 0, "2026-11-25", "", "");
	/* A month alone keeps the window (the month is a separate filter). */
	window(REPORT_DAY, 11, 0, "2026-11-25", "2026-10-27", "2026-11-25");
	/* A year replaces it. */
	window(REPORT_DAY, 0, 2025, "2026-11-25", "2025-01-01", "2025-12-31");
	window(REPORT_ALL, 2, 2024, "2026-11-25", "2024-02-01", "2024-02-29");
	window(REPORT_WEEK, 12, 2026, "2026-11-25", "2026-12-01", "2026-12-31");
}
END_TEST

static const char *
csv_text(const char *s)
{
	static char out[256];
	struct buf b = BUF_INIT;

	report_csv_text(&b, s);
	snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

START_TEST(test_csv_text_is_quoted_with_quotes_doubled)
{
	ck_assert_str_eq(csv_text("Asha"), "\"Asha\"");
	ck_assert_str_eq(csv_text(""), "\"\"");
	ck_assert_str_eq(csv_text("Rao, Ravi"), "\"Rao, Ravi\"");
	ck_assert_str_eq(csv_text("The \"Big\" One"), "\"The \"\"Big\"\" One\"");
	ck_assert_str_eq(csv_text("two\r\nlines"), "\"two\r\nlines\"");
	ck_assert_str_eq(csv_text("M\xc3\xa9lanie"), "\"M\xc3\xa9lanie\"");
}
END_TEST

START_TEST(test_csv_guards_against_formula_injection)
{
	ck_assert_str_eq(csv_text("=HYPERLINK(\"x\")"),
	    "\"'=HYPERLINK(\"\"x\"\")\"");
	ck_assert_str_eq(csv_text("+91"), "\"'+91\"");
	ck_assert_str_eq(csv_text("-2+3"), "\"'-2+3\"");
	ck_assert_str_eq(csv_text("@SUM(A1)"), "\"'@SUM(A1)\"");
	ck_assert_str_eq(csv_text("\tx"), "\"'\tx\"");
	ck_assert_str_eq(csv_text("\rx"), "\"'\rx\"");
	/* Only the first character matters. */
	ck_assert_str_eq(csv_text("a=b"), "\"a=b\"");
	ck_assert_str_eq(csv_text("Spider-Man"), "\"Spider-Man\"");
}
END_TEST

START_TEST(test_csv_amount_and_filename)
{
	struct buf b = BUF_INIT;
	struct report_filter f;
	char	 name[40];

	report_csv_amount(&b, 35000);
	buf_putc(&b, ' ');
	report_csv_amount(&b, 5);
	buf_putc(&b, ' ');
	report_csv_amount(&b, 0);
	buf_putc(&b, ' ');
	report_csv_amount(&b, 123456789);
	ck_assert_str_eq(buf_str(&b), "350.00 0.05 0.00 1234567.89");
	buf_free(&b);

	memset(&f, 0, sizeof(f));
	report_csv_filename(&f, name, sizeof(name));
	ck_assert_str_eq(name, "bookings-all.csv");
	f.month = 3;
	report_csv_filename(&f, name, sizeof(name));
	ck_assert_str_eq(name, "bookings-m03.csv");
	f.year = 2026;
	f.month = 11;
	report_csv_filename(&f, name, sizeof(name));
	ck_assert_str_eq(name, "bookings-2026-11.csv");
	f.month = 0;
	report_csv_filename(&f, name, sizeof(name));
	ck_assert_str_eq(name, "bookings-2026.csv");
}
END_TEST

/* --- the query over a real schema --------------------------------------- */

static sqlite3 *db;

static void
sql(const char *fmt, ...)
{
	char	 q[2048], *msg = NULL;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	ck_assert_msg(sqlite3_exec(db, q, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", q, msg ? msg : "");
}

/* A booking of show, brought to status; confirmed ones are paid. */
static void
booking(int show, long long amount, int seats, const char *status,
    const char *customer)
{
	sql("INSERT INTO walkin_customers (name, phone, created_at) "
	    "VALUES ('%s', '9000000000', 0)", customer);
	sql("INSERT INTO bookings (show_id, walkin_customer_id, status, amount, "
	    "seat_count, created_at) VALUES (%d, last_insert_rowid(), "
	    "'pending', %lld, %d, 1700000000)", show, amount, seats);
	if (strcmp(status, "pending") == 0)
		return;
	if (strcmp(status, "expired") == 0 || strcmp(status, "cancelled") == 0) {
		sql("UPDATE bookings SET status = '%s' WHERE id = "
		    "last_insert_rowid()", status);
		return;
	}
	sql("INSERT INTO payments (purpose, booking_id, method, amount, "
	    "cash_amount, status, created_at) SELECT 'booking', max(id), "
	    "'cash', %lld, %lld, 'succeeded', 0 FROM bookings", amount, amount);
	sql("UPDATE bookings SET status = 'confirmed', confirmed_at = 1 "
	    "WHERE id = (SELECT max(id) FROM bookings)");
	if (strcmp(status, "checked_in") == 0)
		sql("UPDATE bookings SET status = 'checked_in' "
		    "WHERE id = (SELECT max(id) FROM bookings)");
}

static void
show(int id, int movie, int slot, const char *date)
{
	sql("INSERT INTO shows (id, movie_id, screen_id, slot_id, date, "
	    "starts_at, ends_at, price, created_at) VALUES (%d, %d, 1, %d, "
	    "'%s', 0, 1, 20000, 0)", id, movie, slot, date);
}

static void
setup_db(void)
{
	char	 why[256];
	int	 from, to;

	ck_assert_int_eq(db_open(":memory:", &db), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(db_exec(db, skyfox_seed_sql), SQLITE_OK);
	sql("INSERT INTO movies (id, imdb_id, title, genre, raw_json, "
	    "fetched_at) VALUES (1, 'tt1', 'Crime Film', 'Drama, Crime', '{}', 0),"
	    "(2, 'tt2', 'Space Film', 'Action, Sci-Fi', '{}', 0)");
	show(1, 1, 1, "2026-11-25");	/* today */
	show(2, 2, 4, "2026-11-25");
	show(3, 1, 3, "2026-11-20");
	show(4, 2, 1, "2026-10-01");	/* outside the 30 days */
	show(5, 1, 2, "2027-01-01");	/* the future: 2026-W53 */
	show(6, 2, 2, "2025-11-02");
	booking(1, 35000, 2, "confirmed", "A");
	booking(1, 20000, 1, "checked_in", "B");
	booking(1, 99900, 5, "pending", "C");
	booking(1, 88800, 4, "expired", "D");
	booking(1, 77700, 3, "cancelled", "E");
	booking(2, 50000, 2, "confirmed", "F");
	booking(3, 10000, 1, "confirmed", "G");
	booking(4, 70000, 3, "confirmed", "H");
	booking(5, 30000, 1, "confirmed", "I");
	booking(6, 40000, 2, "confirmed", "J");
}

static void
teardown_db(void)
{
	db_close(db);
	db = NULL;
}

static void
run(enum report_group g, int month, int year, long long movie, long long slot,
    const char *genre, struct report *r)
{
	struct report_filter f;

	memset(&f, 0, sizeof(f));
	f.group = g;
	f.month = month;
	f.year = year;
	f.movie_id = movie;
	f.slot_id = slot;
	snprintf(f.genre, sizeof(f.genre), "%s", genre ? genre : "");
	ck_assert_int_eq(report_revenue(db, &f, "2026-11-25", r), SQLITE_OK);
}

static const struct report_row *
group(const struct report *r, const char *k)
{
	for (size_t i = 0; i < r->ngroups; i++)
		if (strcmp(r->groups[i].key, k) == 0)
			return &r->groups[i];
	return NULL;
}

START_TEST(test_revenue_by_day_counts_only_paid_bookings)
{
	struct report r;
	const struct report_row *today;

	run(REPORT_DAY, 0, 0, 0, 0, NULL, &r);
	ck_assert_str_eq(r.from, "2026-10-27");
	ck_assert_str_eq(r.to, "2026-11-25");
	/* 30 days listed, empty ones as zeros, ascending. */
	ck_assert_uint_eq(r.ngroups, 30);
	ck_assert_str_eq(r.groups[0].key, "2026-10-27");
	ck_assert_str_eq(r.groups[29].key, "2026-11-25");
	ck_assert_int_eq(group(&r, "2026-11-01")->s.bookings, 0);
	today = group(&r, "2026-11-25");
	/* confirmed 350 + checked-in 200 + confirmed 500; never the
	 * pending, expired or cancelled ones. */
	ck_assert_int_eq(today->s.revenue, 105000);
	ck_assert_int_eq(today->s.bookings, 3);
	ck_assert_int_eq(today->s.seats, 5);
	ck_assert_int_eq(today->s.mean, 35000);
	ck_assert_int_eq(today->s.median, 35000);
	ck_assert_int_eq(group(&r, "2026-11-20")->s.revenue, 10000);
	ck_assert_int_eq(r.totals.revenue, 115000);
	ck_assert_int_eq(r.totals.bookings, 4);
	ck_assert_int_eq(r.totals.seats, 6);
	ck_assert_int_eq(r.totals.mean, 28750);
	ck_assert_int_eq(r.totals.median, 27500);	/* (20000+35000)/2 */
	report_free(&r);
}
END_TEST

START_TEST(test_revenue_by_week_month_year_all)
{
	struct report r;

	run(REPORT_WEEK, 0, 0, 0, 0, NULL, &r);
	ck_assert_uint_eq(r.ngroups, 16);
	ck_assert_str_eq(r.groups[0].key, "2026-W33");
	ck_assert_str_eq(r.groups[15].key, "2026-W48");
	ck_assert_int_eq(group(&r, "2026-W48")->s.revenue, 105000);
	ck_assert_int_eq(group(&r, "2026-W47")->s.revenue, 10000);
	ck_assert_int_eq(group(&r, "2026-W40")->s.revenue, 70000);
	report_free(&r);

	run(REPORT_MONTH, 0, 0, 0, 0, NULL, &r);
	ck_assert_uint_eq(r.ngroups, 12);
	ck_assert_str_eq(r.groups[0].key, "2025-12");
	ck_assert_int_eq(group(&r, "2026-11")->s.revenue, 115000);
	ck_assert_int_eq(group(&r, "2026-10")->s.revenue, 70000);
	ck_assert_ptr_null(group(&r, "2025-11"));	/* 13 months ago */
	report_free(&r);

	run(REPORT_YEAR, 0, 0, 0, 0, NULL, &r);
	ck_assert_uint_eq(r.ngroups, 3);
	ck_assert_str_eq(r.groups[0].key, "2025");
	ck_assert_int_eq(r.groups[0].s.revenue, 40000);
	ck_assert_str_eq(r.groups[1].key, "2026");
	ck_assert_int_eq(r.groups[1].s.revenue, 185000);
	ck_assert_str_eq(r.groups[2].key, "2027");
	ck_assert_int_eq(r.totals.revenue, 255000);
	report_free(&r);

	run(REPORT_ALL, 0, 0, 0, 0, NULL, &r);
	ck_assert_uint_eq(r.ngroups, 1);
	ck_assert_str_eq(r.groups[0].key, "all");
	ck_assert_int_eq(r.groups[0].s.bookings, 7);
	ck_assert_int_eq(r.groups[0].s.median, 35000);
	report_free(&r);

	/* The week of 2027-01-01 is 2026's week 53. */
	run(REPORT_WEEK, 0, 2027, 0, 0, NULL, &r);
	ck_assert_str_eq(r.groups[0].key, "2026-W53");
	ck_assert_int_eq(r.groups[0].s.revenue, 30000);
	report_free(&r);
}
END_TEST

START_TEST(test_revenue_filters)
{
	struct report r;

	run(REPORT_ALL, 0, 0, 1, 0, NULL, &r);		/* movie 1 */
	ck_assert_int_eq(r.totals.revenue, 35000 + 20000 + 10000 + 30000);
	report_free(&r);
	run(REPORT_ALL, 0, 0, 0, 4, NULL, &r);		/* Night slot */
	ck_assert_int_eq(r.totals.revenue, 50000);
	report_free(&r);
	run(REPORT_ALL, 0, 0, 0, 0, "sci-fi", &r);	/* any case */
	ck_assert_int_eq(r.totals.revenue, 50000 + 70000 + 40000);
	report_free(&r);
	run(REPORT_ALL, 0, 0, 0, 0, "Crime", &r);
	ck_assert_int_eq(r.totals.revenue, 95000);
	report_free(&r);
	run(REPORT_ALL, 0, 0, 0, 0, "Crim", &r);	/* whole names only */
	ck_assert_int_eq(r.totals.bookings, 0);
	ck_assert_uint_eq(r.ngroups, 1);
	ck_assert_int_eq(r.groups[0].s.mean, 0);
	report_free(&r);
	run(REPORT_YEAR, 11, 0, 0, 0, NULL, &r);	/* every November */
	ck_assert_uint_eq(r.ngroups, 2);
	ck_assert_int_eq(r.groups[0].s.revenue, 40000);
	ck_assert_int_eq(r.groups[1].s.revenue, 115000);
	report_free(&r);
	run(REPORT_MONTH, 10, 2026, 0, 0, NULL, &r);
	ck_assert_uint_eq(r.ngroups, 1);
	ck_assert_str_eq(r.groups[0].key, "2026-10");
	ck_assert_int_eq(r.totals.revenue, 70000);
	report_free(&r);
	run(REPORT_DAY, 11, 0, 0, 0, NULL, &r);		/* window ∩ November */
	ck_assert_uint_eq(r.ngroups, 25);
	ck_assert_str_eq(r.groups[0].key, "2026-11-01");
	report_free(&r);
	run(REPORT_MONTH, 0, 2026, 2, 1, "Action", &r);	/* all together */
	ck_assert_uint_eq(r.ngroups, 12);
	ck_assert_int_eq(r.totals.revenue, 70000);
	report_free(&r);
}
END_TEST

START_TEST(test_report_json_shape)
{
	struct report r;
	cJSON	*j;
	char	*s;

	run(REPORT_MONTH, 0, 2026, 0, 0, "Drama", &r);
	j = report_to_json(&r, "INR");
	s = cJSON_PrintUnformatted(j);
	ck_assert_ptr_nonnull(strstr(s, "\"currency\":\"INR\",\"filters\":"
	    "{\"month\":null,\"year\":2026,\"movie_id\":null,\"slot_id\":null,"
	    "\"genre\":\"Drama\",\"from\":\"2026-01-01\",\"to\":\"2026-12-31\"},"
	    "\"group\":\"month\",\"totals\":{\"revenue\":65000,\"bookings\":3,"
	    "\"seats\":4,\"mean\":21667,\"median\":20000}"));
	ck_assert_ptr_nonnull(strstr(s, "{\"key\":\"2026-11\",\"revenue\":65000"));
	free(s);
	cJSON_Delete(j);
	report_free(&r);
}
END_TEST

START_TEST(test_bookings_csv_rows)
{
	struct report_filter f;
	struct buf b = BUF_INIT;
	const char *line;

	sql("UPDATE walkin_customers SET name = '=cmd|'' /C calc''!A0' "
	    "WHERE name = 'A'");
	memset(&f, 0, sizeof(f));
	f.month = 11;
	f.year = 2026;
	ck_assert_int_eq(report_bookings_csv(db, &f, &b), SQLITE_OK);
	line = buf_str(&b);
	ck_assert_ptr_nonnull(strstr(line, "Booking ID,Booked at,Show date,"
	    "Slot,Movie,Screen,Seats,Seat count,Customer,Username,Phone,Status,"
	    "Amount,Payment method,Ticket types\r\n"));
	/* Every status is exported; show 3 (Nov 20) comes first. */
	ck_assert_ptr_nonnull(strstr(line, "\r\n7,"));
	ck_assert(strstr(line, "\r\n7,") < strstr(line, "\r\n1,"));
	ck_assert_ptr_nonnull(strstr(line, ",2026-11-25,\"Morning\",\"Crime Film\""
	    ",\"Screen 1\",\"\",2,\"'=cmd|' /C calc'!A0\",\"\",\"9000000000\","
	    "\"confirmed\",350.00,\"cash\",\"\"\r\n"));
	ck_assert_ptr_nonnull(strstr(line, "\"expired\",888.00,\"\",\"\"\r\n"));
	ck_assert_ptr_null(strstr(line, "2026-10-01"));
	/* 7 bookings of November 2026 + the header. */
	{
		int	 n = 0;

		for (const char *p = line; (p = strstr(p, "\r\n")) != NULL; p += 2)
			n++;
		ck_assert_int_eq(n, 8);
	}
	buf_free(&b);
}
END_TEST

/* Every statement run through the trace hook, to EXPLAIN afterwards. */
struct traced {
	char	*sql[16];
	int	 n;
};

static int
trace_cb(unsigned kind, void *ud, void *p, void *x)
{
	struct traced *t = ud;
	const char *q = sqlite3_sql(p);

	(void)kind;
	(void)x;
	if (q != NULL && t->n < 16)
		t->sql[t->n++] = strdup(q);
	return 0;
}

/* A report bounded by dates or by a movie reads only its shows (by index)
 * and their bookings (by index), never the whole bookings table.  (group
 * year or all without a filter sums every booking: a scan is the work.) */
START_TEST(test_bounded_reports_use_indexes)
{
	struct traced t = { { NULL }, 0 };
	struct report r;
	struct report_filter f;
	struct buf b = BUF_INIT;

	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_cb, &t);
	run(REPORT_DAY, 0, 0, 0, 0, NULL, &r);
	report_free(&r);
	run(REPORT_WEEK, 0, 0, 0, 4, "Drama", &r);
	report_free(&r);
	run(REPORT_MONTH, 3, 2026, 0, 0, NULL, &r);
	report_free(&r);
	run(REPORT_ALL, 0, 0, 2, 0, NULL, &r);
	report_free(&r);
	memset(&f, 0, sizeof(f));
	f.month = 11;
	f.year = 2026;
	ck_assert_int_eq(report_bookings_csv(db, &f, &b), SQLITE_OK);
	buf_free(&b);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	ck_assert_int_eq(t.n, 5);
	for (int i = 0; i < t.n; i++) {
		sqlite3_stmt *st;
		char	 q[4096];
		int	 used_index = 0;

		snprintf(q, sizeof(q), "EXPLAIN QUERY PLAN %s", t.sql[i]);
		ck_assert_int_eq(db_prepare(db, q, &st), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = db_text(st, 3);

			ck_assert_msg(strncmp(d, "SCAN b", 6) != 0 &&
			    strncmp(d, "SCAN s", 6) != 0 &&
			    strncmp(d, "SCAN p", 6) != 0,
			    "%s\n  → %s", t.sql[i], d);
			used_index += strstr(d, "USING INDEX shows_by_") != NULL ||
			    strstr(d, "COVERING INDEX shows_by_") != NULL;
		}
		ck_assert_msg(used_index, "no show index: %s", t.sql[i]);
		sqlite3_finalize(st);
		free(t.sql[i]);
	}
}
END_TEST

Suite *
report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*t = tcase_create("pure");
	TCase	*q = tcase_create("query");

	tcase_add_test(t, test_iso_week_keys_across_year_ends);
	tcase_add_test(t, test_day_month_year_all_keys);
	tcase_add_test(t, test_median_of_odd_and_even_counts);
	tcase_add_test(t, test_mean_rounds_half_up_to_the_paisa);
	tcase_add_test(t, test_stats_of_sorted_amounts);
	tcase_add_test(t, test_filter_accepts_good_values_and_blanks);
	tcase_add_test(t, test_filter_refuses_each_bad_value_by_name);
	tcase_add_test(t, test_windows_are_the_last_n_periods_or_the_year);
	tcase_add_test(t, test_csv_text_is_quoted_with_quotes_doubled);
	tcase_add_test(t, test_csv_guards_against_formula_injection);
	tcase_add_test(t, test_csv_amount_and_filename);
	suite_add_tcase(s, t);
	tcase_add_checked_fixture(q, setup_db, teardown_db);
	tcase_add_test(q, test_revenue_by_day_counts_only_paid_bookings);
	tcase_add_test(q, test_revenue_by_week_month_year_all);
	tcase_add_test(q, test_revenue_filters);
	tcase_add_test(q, test_report_json_shape);
	tcase_add_test(q, test_bookings_csv_rows);
	tcase_add_test(q, test_bounded_reports_use_indexes);
	suite_add_tcase(s, q);
	return s;
}
