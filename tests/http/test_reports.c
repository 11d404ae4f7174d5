/* Reports over the real Apache: the admin's revenue numbers for bookings
 * this suite makes (paid ones only), grouping and filters, 422 for every bad
 * filter, admin-only access, and a CSV export that parses as RFC 4180 and
 * defuses formulas.
 *
 * The suite shares the site with every other suite, so its data is its
 * own: a movie with a unique genre on a screen of its own, and every
 * assertion filters by that movie (or genre).  Past-dated paid bookings
 * cannot be sold through the API (the show has started), so the rows are
 * written with SQL as www-data, as a confirmed walk-in sale leaves them:
 * pending → cash payment succeeded → confirmed (the schema's trigger
 * checks the payment). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "client.h"
#include "fixture.h"
#include "roles.h"

/* Set once by the unchecked fixture (in the parent; children inherit). */
static long long movie_id;
static char	 tag[32];		/* unique per run: "reptest12345" */
static char	 d0[11], d3[11], d40[11];	/* the site's today, -3, -40 */
static char	*admin;			/* "Cookie: sf_session=…" */

static struct hresp *
get_as(const char *cookie, const char *path)
{
	const char *hs[] = { cookie, NULL };

	return http("GET", path, NULL, NULL, 0, cookie ? hs : NULL);
}

static struct hresp *
revenue(const char *query)
{
	char	 path[512];
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/reports/revenue?%s", query);
	r = get_as(admin, path);
	ck_assert_msg(r->status == 200, "%s: %ld %s", path, r->status, r->body);
	return r;
}

/* date + n days (the site's calendar, lib/clock.c's). */
static void
add_days(const char *date, int n, char out[11])
{
	ck_assert_int_eq(clock_add_days(date, n, out), 0);
}

static void
add_show(struct buf *sql, const char *date, int slot)
{
	buf_printf(sql, "INSERT INTO shows (movie_id, screen_id, slot_id, date, "
	    "starts_at, ends_at, price, created_at) SELECT m.id, sc.id, %d, "
	    "'%s', 0, 1, 20000, 0 FROM movies m, screens sc "
	    "WHERE m.imdb_id = 'tt%s' AND sc.name = 'Screen %s';\n",
	    slot, date, tag, tag);
}

/* One booking of this suite's show (date, slot) on seats A<first>…,
 * brought to status the way the booking code does.  walkin NULL: the demo
 * customer's own booking. */
static void
add_booking(struct buf *sql, const char *date, int slot, long long amount,
    int seats, int first, const char *status, const char *walkin)
{
	const int live = strcmp(status, "expired") != 0 &&
	    strcmp(status, "cancelled") != 0;

	if (walkin != NULL) {
		buf_puts(sql, "INSERT INTO walkin_customers (name, phone, "
		    "created_at) VALUES ('");
		for (const char *p = walkin; *p != '\0'; p++)
			buf_puts(sql, *p == '\'' ? "''" : (char[2]){ *p, 0 });
		buf_printf(sql, "', '98765%05d', strftime('%%s', 'now'));\n",
		    first);
	}
	buf_printf(sql, "INSERT INTO bookings (show_id, user_id, "
	    "walkin_customer_id, status, amount, seat_count, created_at) "
	    "SELECT s.id, %s, %s, 'pending', %lld, %d, strftime('%%s', 'now') "
	    "FROM shows s JOIN screens sc ON sc.id = s.screen_id "
	    "WHERE sc.name = 'Screen %s' AND s.date = '%s' AND s.slot_id = %d;\n",
	    walkin ? "NULL" : "(SELECT id FROM users WHERE username = 'customer')",
	    walkin ? "(SELECT max(id) FROM walkin_customers)" : "NULL",
	    amount, seats, tag, date, slot);
	/* The seats' prices add up to the amount, as the booking code makes
	 * them (skyfoxctl check, which a restore runs, insists). */
	buf_printf(sql, "INSERT INTO booking_seats (booking_id, show_id, seat_id, "
	    "price, live) SELECT b.id, b.show_id, st.id, b.amount / %d + "
	    "CASE WHEN st.number = %d THEN b.amount %% %d ELSE 0 END, %d "
	    "FROM bookings b "
	    "JOIN shows s ON s.id = b.show_id JOIN seats st ON st.screen_id = "
	    "s.screen_id AND st.number BETWEEN %d AND %d "
	    "WHERE b.id = (SELECT max(id) FROM bookings);\n", seats, first,
	    seats, live, first, first + seats - 1);
	if (strcmp(status, "pending") == 0)
		return;
	if (!live) {
		buf_printf(sql, "UPDATE bookings SET status = '%s' "
		    "WHERE id = (SELECT max(id) FROM bookings);\n", status);
		return;
	}
	buf_printf(sql, "INSERT INTO payments (purpose, booking_id, method, "
	    "amount, cash_amount, status, created_at, settled_at) "
	    "SELECT 'booking', id, 'cash', amount, amount, 'succeeded', "
	    "created_at, created_at FROM bookings "
	    "WHERE id = (SELECT max(id) FROM bookings);\n"
	    "UPDATE bookings SET status = 'confirmed', confirmed_at = created_at "
	    "WHERE id = (SELECT max(id) FROM bookings);\n");
	if (strcmp(status, "checked_in") == 0)
		buf_puts(sql, "UPDATE bookings SET status = 'checked_in' "
		    "WHERE id = (SELECT max(id) FROM bookings);\n");
}

static void
make_data(void)
{
	struct buf sql = BUF_INIT;
	struct hresp *r;
	char	*v;

	client_global_init();
	snprintf(tag, sizeof(tag), "reptest%ld", (long)getpid());
	admin = fx_cookie("admin", "Admin#2026");
	/* The site's own today (its clock may be offset). */
	r = revenue("group=day");
	snprintf(d0, sizeof(d0), "%s", jstr(r->json, "data.filters.to"));
	hresp_free(r);
	ck_assert_int_eq(strlen(d0), 10);
	add_days(d0, -3, d3);
	add_days(d0, -40, d40);

	buf_printf(&sql, "BEGIN IMMEDIATE;\n"
	    "INSERT INTO movies (imdb_id, title, genre, raw_json, fetched_at) "
	    "VALUES ('tt%s', 'Report Test %s', 'Drama, %s', '{}', "
	    "CAST(strftime('%%s', 'now') AS INTEGER));\n"
	    "INSERT INTO screens (name) VALUES ('Screen %s');\n"
	    "INSERT INTO seats (screen_id, row_label, number, label, "
	    "category_id, grid_row, grid_col) SELECT sc.id, 'A', n.value, "
	    "'A' || n.value, 1, 1, n.value FROM screens sc, (SELECT 1 AS value "
	    "UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 "
	    "UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9 "
	    "UNION SELECT 10) n WHERE sc.name = 'Screen %s';\n",
	    tag, tag, tag, tag, tag);
	add_show(&sql, d0, 1);
	add_show(&sql, d0, 4);
	add_show(&sql, d3, 2);
	add_show(&sql, d40, 1);
	add_show(&sql, "2031-03-15", 1);
	add_show(&sql, "2031-03-20", 2);
	add_show(&sql, "2031-04-01", 3);
	/* Today, Morning: two paid, three that must never count. */
	add_booking(&sql, d0, 1, 35000, 2, 1, "confirmed", "=Rao, \"Ravi\"");
	add_booking(&sql, d0, 1, 20000, 1, 3, "checked_in", "Meena Iyer");
	add_booking(&sql, d0, 1, 99900, 5, 4, "pending", NULL);
	add_booking(&sql, d0, 1, 88800, 4, 4, "expired", "Late Comer");
	add_booking(&sql, d0, 1, 77700, 3, 8, "cancelled", "+Changed Mind");
	add_booking(&sql, d0, 4, 50000, 2, 1, "confirmed", "Night Owl");
	add_booking(&sql, d3, 2, 10000, 1, 1, "confirmed", "Three Days");
	add_booking(&sql, d40, 1, 70000, 3, 1, "confirmed", "Forty Days");
	add_booking(&sql, "2031-03-15", 1, 40000, 2, 1, "confirmed", "March A");
	add_booking(&sql, "2031-03-20", 2, 60000, 3, 1, "checked_in", "March B");
	add_booking(&sql, "2031-04-01", 3, 25000, 1, 1, "confirmed", "April A");
	add_booking(&sql, "2031-04-01", 3, 99999, 1, 2, "pending", NULL);
	buf_puts(&sql, "COMMIT;\n");
	ck_assert(buf_ok(&sql));
	free(db_sql(buf_str(&sql)));
	buf_free(&sql);

	{
		char	 q[128];

		snprintf(q, sizeof(q), "SELECT id FROM movies WHERE imdb_id = "
		    "'tt%s'", tag);
		v = db_scalar(q);
		movie_id = atoll(v);
		free(v);
	}
	ck_assert_int_gt(movie_id, 0);
}

static void
free_data(void)
{
	free(admin);
}

static const cJSON *
group_of(const cJSON *j, const char *key)
{
	const cJSON *g, *groups = jget(j, "data.groups");

	cJSON_ArrayForEach(g, groups)
		if (strcmp(jstr(g, "key"), key) == 0)
			return g;
	return NULL;
}

START_TEST(test_admin_sees_revenue_of_paid_bookings_by_show_day)
{
	char	 q[128], first[11];
	struct hresp *r;
	const cJSON *g;

	snprintf(q, sizeof(q), "group=day&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_str_eq(jstr(r->json, "data.currency"), "INR");
	ck_assert_str_eq(jstr(r->json, "data.group"), "day");
	ck_assert_int_eq(jint(r->json, "data.filters.movie_id"), movie_id);
	ck_assert_str_eq(jstr(r->json, "data.filters.to"), d0);
	/* 30 days, oldest first, empty days as zeros. */
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.groups")), 30);
	add_days(d0, -29, first);
	ck_assert_str_eq(jstr(r->json, "data.groups.0.key"), first);
	ck_assert_str_eq(jstr(r->json, "data.groups.29.key"), d0);
	/* Today: 350.00 + 200.00 (checked in) + 500.00; never the pending,
	 * expired or cancelled ones. */
	g = group_of(r->json, d0);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(jint(g, "revenue"), 105000);
	ck_assert_int_eq(jint(g, "bookings"), 3);
	ck_assert_int_eq(jint(g, "seats"), 5);
	ck_assert_int_eq(jint(g, "mean"), 35000);
	ck_assert_int_eq(jint(g, "median"), 35000);
	ck_assert_int_eq(jint(group_of(r->json, d3), "revenue"), 10000);
	/* 40 days ago is outside the window. */
	ck_assert_ptr_null(group_of(r->json, d40));
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"), 115000);
	ck_assert_int_eq(jint(r->json, "data.totals.bookings"), 4);
	ck_assert_int_eq(jint(r->json, "data.totals.seats"), 6);
	ck_assert_int_eq(jint(r->json, "data.totals.mean"), 28750);
	ck_assert_int_eq(jint(r->json, "data.totals.median"), 27500);
	hresp_free(r);
}
END_TEST

START_TEST(test_revenue_groups_and_filters)
{
	char	 q[192];
	struct hresp *r;

	/* Everything of the movie, one group. */
	snprintf(q, sizeof(q), "group=all&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.groups")), 1);
	ck_assert_str_eq(jstr(r->json, "data.groups.0.key"), "all");
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"),
	    185000 + 125000);
	ck_assert_int_eq(jint(r->json, "data.totals.bookings"), 8);
	ck_assert_int_eq(jint(r->json, "data.totals.seats"), 15);
	ck_assert_int_eq(jint(r->json, "data.totals.mean"), 38750);
	ck_assert_int_eq(jint(r->json, "data.totals.median"), 37500);
	hresp_free(r);

	/* The Night slot only. */
	snprintf(q, sizeof(q), "group=all&movie_id=%lld&slot_id=4", movie_id);
	r = revenue(q);
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"), 50000);
	ck_assert_int_eq(jint(r->json, "data.filters.slot_id"), 4);
	hresp_free(r);

	/* The genre alone picks this movie (whole names, any case). */
	snprintf(q, sizeof(q), "group=all&genre=%s", tag);
	r = revenue(q);
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"), 310000);
	ck_assert_str_eq(jstr(r->json, "data.filters.genre"), tag);
	hresp_free(r);
	snprintf(q, sizeof(q), "group=all&genre=%.5s&movie_id=%lld", tag,
	    movie_id);
	r = revenue(q);
	ck_assert_int_eq(jint(r->json, "data.totals.bookings"), 0);
	hresp_free(r);

	/* A year: its 12 months, empty ones included. */
	snprintf(q, sizeof(q), "group=month&year=2031&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.groups")), 12);
	ck_assert_str_eq(jstr(r->json, "data.filters.from"), "2031-01-01");
	ck_assert_str_eq(jstr(r->json, "data.filters.to"), "2031-12-31");
	ck_assert_int_eq(jint(group_of(r->json, "2031-03"), "revenue"), 100000);
	ck_assert_int_eq(jint(group_of(r->json, "2031-03"), "mean"), 50000);
	ck_assert_int_eq(jint(group_of(r->json, "2031-04"), "revenue"), 25000);
	ck_assert_int_eq(jint(group_of(r->json, "2031-05"), "revenue"), 0);
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"), 125000);
	hresp_free(r);

	/* ISO weeks of 2031 (2031-12-29 is already 2032-W01). */
	snprintf(q, sizeof(q), "group=week&year=2031&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.groups")), 53);
	ck_assert_str_eq(jstr(r->json, "data.groups.52.key"), "2032-W01");
	ck_assert_int_eq(jint(group_of(r->json, "2031-W11"), "revenue"), 40000);
	ck_assert_int_eq(jint(group_of(r->json, "2031-W12"), "revenue"), 60000);
	ck_assert_int_eq(jint(group_of(r->json, "2031-W14"), "revenue"), 25000);
	hresp_free(r);

	/* Month and year: the days of that month. */
	snprintf(q, sizeof(q), "group=day&month=3&year=2031&movie_id=%lld",
	    movie_id);
	r = revenue(q);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.groups")), 31);
	ck_assert_int_eq(jint(group_of(r->json, "2031-03-15"), "revenue"),
	    40000);
	ck_assert_int_eq(jint(r->json, "data.filters.month"), 3);
	hresp_free(r);

	/* A month without a year: that month of every year. */
	snprintf(q, sizeof(q), "group=year&month=04&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_int_eq(jint(group_of(r->json, "2031"), "revenue"), 25000);
	hresp_free(r);
}
END_TEST

START_TEST(test_every_bad_filter_is_422_naming_the_field)
{
	static const struct { const char *query, *field; } bad[] = {
		{ "group=daily", "group" },
		{ "group=Week", "group" },
		{ "month=0", "month" },
		{ "month=13", "month" },
		{ "month=march", "month" },
		{ "year=1999", "year" },
		{ "year=2101", "year" },
		{ "year=26", "year" },
		{ "movie_id=0", "movie_id" },
		{ "movie_id=-4", "movie_id" },
		{ "movie_id=1e3", "movie_id" },
		{ "slot_id=x", "slot_id" },
		{ "slot_id=99999999999999999", "slot_id" },
		{ "genre=Drama,Crime", "genre" },
		{ "genre=%3Dcmd", "genre" },
		{ "genre=Abcdefghijklmnopqrstuvwxyzabcdefghijklmno", "genre" },
	};
	char	 path[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hresp *r;

		snprintf(path, sizeof(path), "/api/reports/revenue?%s",
		    bad[i].query);
		r = get_as(admin, path);
		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_msg(strcmp(jstr(r->json, "error.fields.0.field"),
		    bad[i].field) == 0, "%s: %s", bad[i].query, r->body);
		hresp_free(r);
	}
	/* The same rules for the export. */
	{
		struct hresp *r = get_as(admin,
		    "/api/reports/bookings.csv?month=13&year=2101");

		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_int_eq(cJSON_GetArraySize(jget(r->json,
		    "error.fields")), 2);
		hresp_free(r);
	}
	/* …and the good value next to the bad. */
	{
		struct hresp *r = revenue("group=week&month=12&year=2100&"
		    "genre=Sci-Fi&slot_id=1&movie_id=1");

		ck_assert_str_eq(jstr(r->json, "data.group"), "week");
		hresp_free(r);
	}
}
END_TEST

START_TEST(test_reports_are_for_the_admin_only)
{
	char	*staff = fx_cookie("staff", "Staff#2026");
	char	*customer = fx_cookie("customer", "Customer#2026");
	static const char *paths[] = { "/api/reports/revenue",
	    "/api/reports/bookings.csv?month=1&year=2031" };

	for (size_t i = 0; i < 2; i++) {
		struct hresp *r = get_as(staff, paths[i]);

		expect_error(r, 403, "FORBIDDEN");
		hresp_free(r);
		r = get_as(customer, paths[i]);
		expect_error(r, 403, "FORBIDDEN");
		hresp_free(r);
		r = get_as(NULL, paths[i]);
		expect_error(r, 401, "UNAUTHORIZED");
		hresp_free(r);
		r = get_as(admin, paths[i]);
		ck_assert_int_eq(r->status, 200);
		hresp_free(r);
	}
	{
		struct hresp *r = http("POST", "/api/reports/revenue", NULL, NULL,
		    0, (const char *[]){ admin, NULL });

		expect_error(r, 405, "METHOD_NOT_ALLOWED");
		hresp_free(r);
	}
	free(staff);
	free(customer);
}
END_TEST

/* A strict RFC 4180 reader: records of fields; -1 on anything malformed
 * (a bare LF, a quote inside an unquoted field, text after a closing
 * quote, an unterminated quote). */
#define CSV_MAX_FIELDS	16
struct csv_rec {
	char	*f[CSV_MAX_FIELDS];
	int	 n;
};

static int
csv_parse(const char *s, size_t len, struct csv_rec *recs, int maxrecs)
{
	const char *p = s, *end = s + len;
	int	 nr = 0;

	while (p < end) {
		struct csv_rec *rec;

		if (nr == maxrecs)
			return -1;
		rec = &recs[nr++];
		rec->n = 0;
		for (;;) {
			struct buf b = BUF_INIT;

			buf_puts(&b, "");
			if (p < end && *p == '"') {
				for (p++;; p++) {
					if (p >= end)
						return -1;
					if (*p == '"') {
						if (p + 1 < end && p[1] == '"')
							p++;
						else {
							p++;
							break;
						}
					}
					buf_putc(&b, *p);
				}
			} else {
				for (; p < end && *p != ',' && *p != '\r'; p++) {
					if (*p == '"' || *p == '\n')
						return -1;
					buf_putc(&b, *p);
				}
			}
			if (rec->n == CSV_MAX_FIELDS)
				return -1;
			rec->f[rec->n++] = strdup(buf_str(&b));
			buf_free(&b);
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			if (p + 1 < end && p[0] == '\r' && p[1] == '\n') {
				p += 2;
				break;
			}
			return -1;	/* every record ends with CRLF */
		}
	}
	return nr;
}

static const struct csv_rec *
csv_find(const struct csv_rec *recs, int n, const char *col8)
{
	for (int i = 1; i < n; i++)
		if (recs[i].n > 8 && strcmp(recs[i].f[8], col8) == 0)
			return &recs[i];
	return NULL;
}

START_TEST(test_csv_export_parses_and_defuses_formulas)
{
	char	 path[128], want[64], title[64];
	struct hresp *r;
	static struct csv_rec recs[20000];
	const struct csv_rec *x;
	int	 n, mine = 0;

	snprintf(path, sizeof(path), "/api/reports/bookings.csv?month=%.2s&"
	    "year=%.4s", d0 + 5, d0);
	r = get_as(admin, path);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(hdr(r, "Content-Type"), "text/csv; charset=utf-8");
	snprintf(want, sizeof(want), "attachment; filename=\"bookings-%.4s-%.2s"
	    ".csv\"", d0, d0 + 5);
	ck_assert_str_eq(hdr(r, "Content-Disposition"), want);
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-store");

	n = csv_parse(r->body, r->len, recs, 20000);
	ck_assert_msg(n >= 2, "CSV does not parse: %.300s", r->body);
	ck_assert_int_eq(recs[0].n, 15);
	ck_assert_str_eq(recs[0].f[0], "Booking ID");
	ck_assert_str_eq(recs[0].f[12], "Amount");
	ck_assert_str_eq(recs[0].f[14], "Ticket types");
	snprintf(title, sizeof(title), "Report Test %s", tag);
	for (int i = 1; i < n; i++) {
		ck_assert_int_eq(recs[i].n, 15);
		if (strcmp(recs[i].f[4], title) == 0 &&
		    strcmp(recs[i].f[2], d0) == 0)
			mine++;
	}
	/* Today's six bookings of this movie, whatever their status. */
	ck_assert_int_eq(mine, 6);

	/* The comma, the quotes and the leading '=' survive as text. */
	x = csv_find(recs, n, "'=Rao, \"Ravi\"");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->f[2], d0);
	ck_assert_str_eq(x->f[3], "Morning");
	ck_assert_str_eq(x->f[4], title);
	snprintf(want, sizeof(want), "Screen %s", tag);
	ck_assert_str_eq(x->f[5], want);
	ck_assert_str_eq(x->f[6], "A1 A2");
	ck_assert_str_eq(x->f[7], "2");
	ck_assert_str_eq(x->f[9], "");
	ck_assert_str_eq(x->f[10], "9876500001");
	ck_assert_str_eq(x->f[11], "confirmed");
	ck_assert_str_eq(x->f[12], "350.00");
	ck_assert_str_eq(x->f[13], "cash");
	ck_assert_int_eq(strncmp(x->f[1], d0, 4), 0);	/* booked at: ISO */
	ck_assert_ptr_nonnull(strstr(x->f[1], "T"));
	/* …and on the wire the field is quoted with its quotes doubled. */
	ck_assert_ptr_nonnull(strstr(r->body, ",\"'=Rao, \"\"Ravi\"\"\","));
	ck_assert_ptr_nonnull(csv_find(recs, n, "'+Changed Mind"));
	ck_assert_str_eq(csv_find(recs, n, "'+Changed Mind")->f[11],
	    "cancelled");
	ck_assert_str_eq(csv_find(recs, n, "Late Comer")->f[13], "");

	/* The customer's own (pending) booking shows the username. */
	for (int i = 1; i < n; i++)
		if (strcmp(recs[i].f[4], title) == 0 &&
		    strcmp(recs[i].f[11], "pending") == 0) {
			ck_assert_str_eq(recs[i].f[8], "Chitra Customer");
			ck_assert_str_eq(recs[i].f[9], "customer");
			ck_assert_str_eq(recs[i].f[10], "");
			ck_assert_str_eq(recs[i].f[12], "999.00");
		}
	for (int i = 0; i < n; i++)
		for (int k = 0; k < recs[i].n; k++)
			free(recs[i].f[k]);
	hresp_free(r);

	/* A year alone: its own file name and only that year's shows. */
	r = get_as(admin, "/api/reports/bookings.csv?year=2031");
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(hdr(r, "Content-Disposition"),
	    "attachment; filename=\"bookings-2031.csv\"");
	n = csv_parse(r->body, r->len, recs, 20000);
	mine = 0;
	for (int i = 1; i < n; i++) {
		ck_assert_int_eq(strncmp(recs[i].f[2], "2031-", 5), 0);
		mine += strcmp(recs[i].f[4], title) == 0;
	}
	ck_assert_int_eq(mine, 4);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < recs[i].n; k++)
			free(recs[i].f[k]);
	hresp_free(r);
}
END_TEST

/* The dashboard's filters reach the export: movie, slot and genre narrow
 * it as they narrow the figures (every status still listed), and they are
 * checked as they are for the figures. */
START_TEST(test_csv_export_carries_the_dashboards_filters)
{
	static const struct { const char *query; int rows; const char *slot; }
	    cases[] = {
		{ "movie_id=%lld", 12, NULL },
		{ "movie_id=%lld&slot_id=1", 7, "Morning" },
		{ "movie_id=%lld&year=2031&slot_id=3", 2, NULL },
	};
	static struct csv_rec recs[20000];
	char	 path[256], q[128], title[64];
	struct hresp *r;
	int	 n;

	snprintf(title, sizeof(title), "Report Test %s", tag);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		snprintf(q, sizeof(q), cases[c].query, movie_id);
		snprintf(path, sizeof(path), "/api/reports/bookings.csv?%s", q);
		r = get_as(admin, path);
		ck_assert_msg(r->status == 200, "%s: %ld %s", path, r->status,
		    r->body);
		n = csv_parse(r->body, r->len, recs, 20000);
		ck_assert_msg(n - 1 == cases[c].rows, "%s: %d rows", path,
		    n - 1);
		for (int i = 1; i < n; i++) {
			ck_assert_str_eq(recs[i].f[4], title);
			if (cases[c].slot != NULL)
				ck_assert_str_eq(recs[i].f[3], cases[c].slot);
		}
		for (int i = 0; i < n; i++)
			for (int k = 0; k < recs[i].n; k++)
				free(recs[i].f[k]);
		hresp_free(r);
	}
	/* The genre is this suite's own, so only its movie's bookings. */
	snprintf(path, sizeof(path), "/api/reports/bookings.csv?genre=%s", tag);
	r = get_as(admin, path);
	ck_assert_int_eq(r->status, 200);
	n = csv_parse(r->body, r->len, recs, 20000);
	ck_assert_int_eq(n - 1, 12);
	for (int i = 1; i < n; i++)
		ck_assert_str_eq(recs[i].f[4], title);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < recs[i].n; k++)
			free(recs[i].f[k]);
	hresp_free(r);
	/* Bad filters: 422 naming each. */
	r = get_as(admin, "/api/reports/bookings.csv?movie_id=0&genre=%3Dx");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "error.fields")), 2);
	hresp_free(r);
}
END_TEST

/* Paid bookings of shows after the window are "booked ahead": a total of
 * their own, never in the figures, with the movie/slot/genre filters. */
START_TEST(test_paid_bookings_of_future_shows_are_booked_ahead)
{
	char	 q[128];
	struct hresp *r;

	/* The last 30 days: 2031's three paid bookings are ahead (its pending
	 * one is not paid), and none of them is in the totals. */
	snprintf(q, sizeof(q), "group=day&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_str_eq(jstr(r->json, "data.booked_ahead.after"), d0);
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.bookings"), 3);
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.revenue"), 125000);
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.seats"), 6);
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"),
	    35000 + 20000 + 50000 + 10000);
	hresp_free(r);

	/* A slot narrows it as it narrows the figures. */
	snprintf(q, sizeof(q), "group=day&movie_id=%lld&slot_id=1", movie_id);
	r = revenue(q);
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.bookings"), 1);
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.revenue"), 40000);
	hresp_free(r);

	/* A window that holds 2031 leaves nothing after it. */
	snprintf(q, sizeof(q), "group=month&year=2031&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert_str_eq(jstr(r->json, "data.booked_ahead.after"),
	    "2031-12-31");
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.bookings"), 0);
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"), 125000);
	hresp_free(r);

	/* An unbounded window counts every date: nothing is ahead of it. */
	snprintf(q, sizeof(q), "group=year&movie_id=%lld", movie_id);
	r = revenue(q);
	ck_assert(cJSON_IsNull(jget(r->json, "data.booked_ahead.after")));
	ck_assert_int_eq(jint(r->json, "data.booked_ahead.revenue"), 0);
	hresp_free(r);
}
END_TEST

/* The real path: the admin schedules a show, the counter sells two seats
 * for cash, and the sale is in the figures and the export at once. */
START_TEST(test_walkin_sale_through_the_api_counts)
{
	char	 body[1024], q[256], date[11], *admin_tok, *staff_tok, *v;
	long long movie2, screen, show, booking;
	struct hresp *r;

	add_days(d0, 2, date);	/* a show that has not started */
	snprintf(body, sizeof(body), "BEGIN IMMEDIATE;\n"
	    "INSERT INTO movies (imdb_id, title, genre, raw_json, fetched_at) "
	    "VALUES ('tt%sw', 'Walk-in Test %s', 'Comedy', '{}', "
	    "CAST(strftime('%%s', 'now') AS INTEGER));\n"
	    "INSERT INTO screens (name) VALUES ('Screen %sw');\n"
	    "INSERT INTO seats (screen_id, row_label, number, label, "
	    "category_id, grid_row, grid_col) SELECT id, 'A', 1, 'A1', 1, 1, 1 "
	    "FROM screens WHERE name = 'Screen %sw' UNION ALL SELECT id, 'A', 2, "
	    "'A2', 1, 1, 2 FROM screens WHERE name = 'Screen %sw';\nCOMMIT;\n",
	    tag, tag, tag, tag, tag);
	free(db_sql(body));
	snprintf(q, sizeof(q), "SELECT id FROM movies WHERE imdb_id = 'tt%sw'",
	    tag);
	movie2 = atoll(v = db_scalar(q));
	free(v);
	snprintf(q, sizeof(q), "SELECT id FROM screens WHERE name = "
	    "'Screen %sw'", tag);
	screen = atoll(v = db_scalar(q));
	free(v);

	admin_tok = fx_login("admin");
	snprintf(body, sizeof(body), "{\"movie_id\":%lld,\"screen_id\":%lld,"
	    "\"date\":\"%s\",\"slot_id\":4,\"price\":22500}", movie2, screen,
	    date);
	r = api("POST", "/api/shows", body, admin_tok);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	show = jint(r->json, "data.id");
	hresp_free(r);

	staff_tok = fx_login("staff");
	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":[\"A1\","
	    "\"A2\"],\"customer_name\":\"Kavya Nair\",\"phone\":"
	    "\"9123456780\",\"amount_paid\":45000}", show);
	r = api("POST", "/api/bookings", body, staff_tok);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.status"), "confirmed");
	booking = jint(r->json, "data.id");
	hresp_free(r);

	snprintf(q, sizeof(q), "group=all&movie_id=%lld", movie2);
	r = revenue(q);
	ck_assert_int_eq(jint(r->json, "data.totals.revenue"), 45000);
	ck_assert_int_eq(jint(r->json, "data.totals.bookings"), 1);
	ck_assert_int_eq(jint(r->json, "data.totals.seats"), 2);
	ck_assert_int_eq(jint(r->json, "data.totals.median"), 45000);
	hresp_free(r);

	snprintf(q, sizeof(q), "/api/reports/bookings.csv?month=%.2s&year=%.4s",
	    date + 5, date);
	r = get_as(admin, q);
	ck_assert_int_eq(r->status, 200);
	snprintf(body, sizeof(body), "\r\n%lld,", booking);
	ck_assert_ptr_nonnull(strstr(r->body, body));
	snprintf(body, sizeof(body), ",%s,\"Night\",\"Walk-in Test %s\","
	    "\"Screen %sw\",\"A1 A2\",2,\"Kavya Nair\",\"\",\"9123456780\","
	    "\"confirmed\",450.00,\"cash\",\"A1 Adult, A2 Adult\"\r\n", date,
	    tag, tag);
	ck_assert_msg(strstr(r->body, body) != NULL, "no row %s", body);
	hresp_free(r);
	free(admin_tok);
	free(staff_tok);
}
END_TEST

START_TEST(test_reports_routes_by_role_with_bearer_tokens)
{
	static const struct role_case cases[] = {
		{ "GET", "/api/reports/revenue", NULL, RC_ADMIN, 0 },
		{ "GET", "/api/reports/revenue?group=year", NULL, RC_ADMIN, 0 },
		{ "GET", "/api/reports/bookings.csv?year=2031", NULL, RC_ADMIN, 0 },
	};

	roles_check(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_reports_are_in_the_api_document)
{
	struct hresp *r = http("GET", "/docs/openapi.json", NULL, NULL, 0, NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(jget(r->json, "paths./api/reports/revenue.get"));
	/* (jget splits on dots: look the CSV path up by hand.) */
	ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(jget(r->json, "paths"),
	    "/api/reports/bookings.csv"), "get"));
	ck_assert_ptr_nonnull(jget(r->json,
	    "components.schemas.RevenueReport"));
	hresp_free(r);
}
END_TEST

Suite *
reports_suite(void)
{
	Suite	*s = suite_create("http reports");
	TCase	*t = tcase_create("reports");

	tcase_set_timeout(t, 60);
	tcase_add_unchecked_fixture(t, make_data, free_data);
	tcase_add_test(t, test_admin_sees_revenue_of_paid_bookings_by_show_day);
	tcase_add_test(t, test_revenue_groups_and_filters);
	tcase_add_test(t, test_every_bad_filter_is_422_naming_the_field);
	tcase_add_test(t, test_reports_are_for_the_admin_only);
	tcase_add_test(t, test_csv_export_parses_and_defuses_formulas);
	tcase_add_test(t, test_csv_export_carries_the_dashboards_filters);
	tcase_add_test(t, test_paid_bookings_of_future_shows_are_booked_ahead);
	tcase_add_test(t, test_walkin_sale_through_the_api_counts);
	tcase_add_test(t, test_reports_routes_by_role_with_bearer_tokens);
	tcase_add_test(t, test_reports_are_in_the_api_document);
	suite_add_tcase(s, t);
	return s;
}
