/* Screens the manager draws and seats for everyone (issue 15 items 3, 4)
 * on a real SQLite database: a layout's checks (bounded, each fault naming
 * its field), the editor's diff (a changed seat held for a show to come
 * refuses the edit, a removed seat retires and comes back as itself),
 * best available on a screen with a blocked seat in the middle of its best
 * row, and the hold rules of the kinds: a blocked seat for nobody, a
 * wheelchair space confirmed, a companion seat only with its space until
 * companion_release_minutes before the show, staff exempt. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts_db.h"
#include "booking.h"
#include "clock.h"
#include "invariant.h"
#include "screen.h"
#include "seatkind.h"

#define PRICE	20000
#define T0	1900000000LL

static sqlite3	*db;
static struct conf conf;

static void
exec(const char *sql)
{
	char	*msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "");
	sqlite3_free(msg);
}

static long long
scalar(const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
setup(void)
{
	char	 why[128];

	db = test_db();
	ck_assert_int_eq(conf_parse(&conf, "hold_minutes = 5\nmax_seats = 10\n"
	    "gap_rule = on\n", why, sizeof(why)), 0);
	clock_use_zone("Asia/Kolkata");
	exec("INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "VALUES (1, 'tt0000001', 'Test Movie', '{}', 0);"
	    "INSERT INTO users (id, username, name, role, password_hash, "
	    "created_at, updated_at) VALUES (1, 'alice', 'Alice', 'customer', "
	    "'x', 0, 0), (2, 'bob', 'Bob', 'customer', 'x', 0, 0);"
	    "INSERT INTO wallets (user_id, updated_at) VALUES (1, 0), (2, 0)");
}

static void
teardown(void)
{
	sqlite3_close(db);
}

/* A layout from JSON text: 0, or -1 with f. */
static int
parse(const char *json, struct screen_layout *l, struct screen_fail *f)
{
	cJSON	*o = cJSON_Parse(json);
	int	 rv;

	ck_assert_ptr_nonnull(o);
	rv = screen_parse_layout(o, l, f);
	cJSON_Delete(o);
	return rv;
}

/* A row of seats "A1".."A<n>" at cols 1..n, with kinds from a string:
 * 's' standard, 'w' wheelchair, 'c' companion of the seat before, 'x'
 * blocked, ' ' an aisle (no seat, the column skipped). */
static void
row_json(char *out, size_t sz, const char *row, const char *kinds)
{
	int	 num = 0;

	snprintf(out, sz, "{\"row\":\"%s\",\"seats\":[", row);
	for (int col = 1; kinds[col - 1]; col++) {
		char	 k = kinds[col - 1];

		if (k == ' ')
			continue;
		num++;
		snprintf(out + strlen(out), sz - strlen(out), "%s{\"seat\":"
		    "\"%s%d\",\"col\":%d,\"category\":\"Standard\",\"kind\":"
		    "\"%s\",\"companion_of\":", num > 1 ? "," : "", row, num,
		    col, k == 'w' ? "wheelchair" : k == 'c' ? "companion" :
		    k == 'x' ? "blocked" : "standard");
		if (k == 'c')
			snprintf(out + strlen(out), sz - strlen(out),
			    "\"%s%d\"}", row, num - 1);
		else
			snprintf(out + strlen(out), sz - strlen(out), "null}");
	}
	snprintf(out + strlen(out), sz - strlen(out), "]}");
}

/* Save a screen of rows (kinds strings, rows A, B, … front first) as id
 * (0: new); 0 or -1 with f. */
static int
save(long long *id, const char *name, const char *const *rows, int n,
    struct screen_fail *f)
{
	static struct screen_layout l;
	static char json[262144], row[8192];
	char	 label[3];
	int	 rv;

	snprintf(json, sizeof(json), "{\"name\":\"%s\",\"rows\":[", name);
	for (int i = 0; i < n; i++) {
		/* A..Z, then AA, AB, … */
		if (i < 26)
			snprintf(label, sizeof(label), "%c", 'A' + i);
		else
			snprintf(label, sizeof(label), "A%c", 'A' + i - 26);
		row_json(row, sizeof(row), label, rows[i]);
		snprintf(json + strlen(json), sizeof(json) - strlen(json),
		    "%s%s", i ? "," : "", row);
	}
	snprintf(json + strlen(json), sizeof(json) - strlen(json), "]}");
	if ((rv = parse(json, &l, f)) == -1)
		return rv;
	return screen_save(db, (time_t)T0, id, &l, f);
}

static long long
show_on(long long screen, long long starts_at)
{
	static int slot;
	char	 sql[512], date[11];

	/* Its local date, as the window checks it; a slot of its own. */
	clock_date((time_t)starts_at, date);
	slot = slot % 4 + 1;
	snprintf(sql, sizeof(sql), "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) VALUES (1, "
	    "%lld, %d, '%s', %lld, %lld, %d, 0)", screen, slot, date,
	    starts_at, starts_at + 10800, PRICE);
	exec(sql);
	return sqlite3_last_insert_rowid(db);
}

static struct booking_seats
seats(const char *list, int confirmed)
{
	struct booking_seats s;
	struct booking_fail f;
	cJSON	*v = cJSON_CreateString(list);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_parse_seats(v, 50, &s, &f), 0);
	cJSON_Delete(v);
	s.wheelchair_confirmed = confirmed;
	return s;
}

static int
hold(long long show, long long user, const char *list, int confirmed,
    time_t now, struct booking_fail *f)
{
	struct booking_seats s = seats(list, confirmed);
	struct booking b;

	memset(f, 0, sizeof(*f));
	return booking_hold(db, &conf, now, show, user, &s, &b, f);
}

START_TEST(test_a_layout_names_the_field_it_fails_on)
{
	static const struct {
		const char *json, *field;
	} bad[] = {
		{ "{\"name\":\"\",\"rows\":[]}", "name" },
		{ "{\"name\":\"S\",\"rows\":{}}", "rows" },
		{ "{\"name\":\"S\",\"rows\":[{\"row\":\"ABC\",\"seats\":[]}]}", "rows[0].row" },
		{ "{\"name\":\"S\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A100\",\"col\":1,\"category\":\"Standard\"}]}]}", "rows[0].seats[0].seat" },
		{ "{\"name\":\"S\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1.5,\"category\":\"Standard\"}]}]}", "rows[0].seats[0].col" },
		{ "{\"name\":\"S\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\",\"kind\":\"wheelchair\"}]},{\"row\":\"B\",\"seats\":[{\"seat\":\"B1\",\"col\":1,\"category\":\"Standard\",\"kind\":\"companion\",\"companion_of\":\"A2\"}]}]}", "rows[1].seats[0].companion_of" },
	};
	static struct screen_layout l;
	struct screen_fail f;
	char	 json[8192];
	int	 k = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		ck_assert_msg(parse(bad[i].json, &l, &f) == -1, "#%zu", i);
		ck_assert_int_eq(f.err, SCREEN_ERR_VALIDATION);
		ck_assert_msg(strcmp(f.field, bad[i].field) == 0, "#%zu: %s",
		    i, f.field);
	}
	/* 61 seats in a row: one too many. */
	k = snprintf(json, sizeof(json), "{\"name\":\"S\",\"rows\":[{\"row\":"
	    "\"A\",\"seats\":[");
	for (int i = 1; i <= SCREEN_ROW_SEATS_MAX + 1; i++)
		k += snprintf(json + k, sizeof(json) - (size_t)k, "%s{\"seat\":"
		    "\"A%d\",\"col\":%d,\"category\":\"Standard\"}", i > 1 ?
		    "," : "", i, i);
	snprintf(json + k, sizeof(json) - (size_t)k, "]}]}");
	ck_assert_int_eq(parse(json, &l, &f), -1);
	ck_assert_str_eq(f.field, "rows[0].seats");
	/* A companion across an aisle from its space, in another row: fine. */
	ck_assert_int_eq(parse("{\"name\":\"S\",\"rows\":[{\"row\":\"A\","
	    "\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\","
	    "\"kind\":\"wheelchair\"}]},{\"row\":\"B\",\"seats\":[{\"seat\":"
	    "\"B1\",\"col\":3,\"category\":\"Standard\",\"kind\":\"companion\","
	    "\"companion_of\":\"A1\"}]}]}", &l, &f), 0);
	ck_assert_int_eq(l.n, 2);
	ck_assert_int_eq(l.seat[1].grid_row, 2);
}
END_TEST

START_TEST(test_an_edit_is_refused_only_on_a_changed_seat_held_for_a_show_to_come)
{
	const char *v1[] = { "wcss ssss", "ssss ssss" };
	const char *v2[] = { "wcsx ssss", "ssss ssss" };	/* A4 blocked */
	const char *v3[] = { "wcss ssss", "ssss sss" };		/* B8 gone */
	const char *v4[] = { "wcss ssss", "ssss ssss" };
	struct screen_fail f;
	struct booking_fail bf;
	long long id = 0, show, past, b8;

	ck_assert_int_eq(save(&id, "Edit Screen", v1, 2, &f), 0);
	show = show_on(id, T0 + 86400);
	past = show_on(id, T0 - 86400);
	b8 = scalar("SELECT id FROM seats WHERE label = 'B8' AND screen_id = "
	    "(SELECT max(id) FROM screens)");
	/* A sale of the past show on A4 does not stand in the way. */
	{
		char	 sql[512];

		snprintf(sql, sizeof(sql), "INSERT INTO bookings (id, show_id, "
		    "user_id, status, amount, seat_count, created_at, "
		    "expires_at) VALUES (90, %lld, 2, 'pending', 20000, 1, 0, "
		    "99999999999); INSERT INTO booking_seats (booking_id, "
		    "show_id, seat_id, price) SELECT 90, %lld, id, 20000 FROM "
		    "seats WHERE screen_id = %lld AND label = 'A4'", past,
		    past, id);
		exec(sql);
	}
	ck_assert_int_eq(hold(show, 1, "A4", 0, (time_t)T0, &bf), 0);
	ck_assert_int_eq(save(&id, "Edit Screen", v2, 2, &f), -1);
	ck_assert_int_eq(f.err, SCREEN_ERR_IN_USE);
	ck_assert_str_eq(f.seat, "A4");
	ck_assert_int_eq(f.show_id, show);
	ck_assert_str_eq(f.show_title, "Test Movie");
	ck_assert_int_eq(scalar("SELECT count(*) FROM seats WHERE kind = "
	    "'blocked'"), 0);
	/* Moving, removing or re-kinding the others is fine; B8 is retired
	 * and comes back as itself. */
	ck_assert_int_eq(save(&id, "Edit Screen", v3, 2, &f), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM seats WHERE retired_at "
	    "IS NOT NULL"), 1);
	ck_assert_int_eq(save(&id, "Edit Screen", v4, 2, &f), 0);
	ck_assert_int_eq(scalar("SELECT id FROM seats WHERE label = 'B8' AND "
	    "retired_at IS NULL AND screen_id = (SELECT max(id) FROM "
	    "screens)"), b8);
	/* The show to come saw each edit. */
	ck_assert_int_ge(scalar("SELECT version FROM shows ORDER BY id DESC "
	    "LIMIT 1 OFFSET 1"), 3);
	/* The name is the screen's own: another screen can't take it. */
	id = 0;
	ck_assert_int_eq(save(&id, "Edit Screen", v1, 2, &f), -1);
	ck_assert_int_eq(f.err, SCREEN_ERR_NAME_TAKEN);
}
END_TEST

/* labels of out, space separated. */
static const char *
joined(const struct booking_seats *out)
{
	static char got[128];

	got[0] = '\0';
	for (int i = 0; i < out->n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
		    i ? " " : "", out->label[i]);
	return got;
}

/* Best available never gives a blocked seat, and the gap rule treats it
 * as taken: one row of nine, the best there is, with a blocked seat in
 * the middle (A5). */
START_TEST(test_best_available_steps_around_a_blocked_seat_in_the_middle)
{
	const char *rows[] = { "ssssxssss" };
	struct screen_fail f;
	struct booking_fail bf;
	struct booking_seats out;
	long long id = 0, show;
	int	 together;

	ck_assert_int_eq(save(&id, "Best Screen", rows, 1, &f), 0);
	show = show_on(id, T0 + 86400);
	/* Three side by side would leave one seat alone in a half (A1-A3
	 * strands A4 against the blocked seat, as A2-A4 strands A1 at the
	 * row's end) while the row can take three without that: split,
	 * beside the blocked seat. */
	ck_assert_int_eq(booking_best(db, &conf, show, (time_t)T0, 3, &out,
	    &together), SQLITE_OK);
	ck_assert_str_eq(joined(&out), "A3 A4 A6");
	ck_assert(!together);
	ck_assert_int_eq(booking_best(db, &conf, show, (time_t)T0, 4, &out,
	    &together), SQLITE_OK);
	ck_assert_str_eq(joined(&out), "A1 A2 A3 A4");
	ck_assert(together);
	/* Five can't sit together across it: split, never A5. */
	ck_assert_int_eq(booking_best(db, &conf, show, (time_t)T0, 5, &out,
	    &together), SQLITE_OK);
	ck_assert_int_eq(out.n, 5);
	ck_assert(!together);
	ck_assert_ptr_null(strstr(joined(&out), "A5"));
	/* A7-A9 would leave A6 alone between the blocked seat and them. */
	ck_assert_int_eq(hold(show, 1, "A7,A8,A9", 0, (time_t)T0, &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_SINGLE_SEAT_GAP);
	ck_assert_str_eq(bf.seats.label[0], "A6");
	ck_assert_int_eq(hold(show, 1, "A6,A7", 0, (time_t)T0, &bf), 0);
}
END_TEST

START_TEST(test_the_kinds_hold_rules_and_the_companion_release)
{
	const char *rows[] = { "wc sss wc", "ssxssssss" };
	struct screen_fail f;
	struct booking_fail bf;
	struct booking_walkin w;
	struct booking_seats s;
	struct booking b;
	long long id = 0, show;
	time_t	 starts = (time_t)T0 + 86400;

	ck_assert_int_eq(save(&id, "Kinds Screen", rows, 2, &f), 0);
	show = show_on(id, starts);
	/* Best available hands out none of them: row B around its blocked
	 * seat, never a wheelchair space or companion seat of row A. */
	{
		struct booking_seats out;
		int	 together;

		ck_assert_int_eq(booking_best(db, &conf, show, (time_t)T0, 5, &out,
		    &together), SQLITE_OK);
		ck_assert_int_eq(out.n, 5);
		for (int i = 0; i < out.n; i++)
			ck_assert_msg(strcmp(out.label[i], "A1") != 0 &&
			    strcmp(out.label[i], "A2") != 0 &&
			    strcmp(out.label[i], "A6") != 0 &&
			    strcmp(out.label[i], "A7") != 0 &&
			    strcmp(out.label[i], "B3") != 0, "%s",
			    out.label[i]);
	}
	/* A blocked seat: nobody. */
	ck_assert_int_eq(hold(show, 1, "B3", 0, (time_t)T0, &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_SEAT_BLOCKED);
	ck_assert_str_eq(bf.seats.label[0], "B3");
	/* A wheelchair space: confirmed. */
	ck_assert_int_eq(hold(show, 1, "A1", 0, (time_t)T0, &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_VALIDATION);
	ck_assert_str_eq(bf.field, "wheelchair_confirmed");
	/* A companion seat alone: not until the release. */
	ck_assert_int_eq(hold(show, 1, "A2", 0, (time_t)T0, &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_COMPANION_ONLY);
	ck_assert_str_eq(bf.seats.label[0], "A2");
	ck_assert_int_eq(hold(show, 1, "A1,A2", 1, (time_t)T0, &bf), 0);
	ck_assert_int_eq(hold(show, 2, "A7", 0, starts - 61 * 60, &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_COMPANION_ONLY);
	ck_assert_int_eq(hold(show, 2, "A7", 0, starts - 60 * 60, &bf), 0);
	/* The release is skyfox.conf's. */
	{
		char	 why[128];

		ck_assert_int_eq(conf_parse(&conf, "companion_release_minutes "
		    "= 0\n", why, sizeof(why)), 0);
		ck_assert_int_eq(seatkind_release_minutes(&conf), 0);
		ck_assert(!seatkind_released(&conf, starts, starts - 1));
		ck_assert(seatkind_released(&conf, starts, starts));
		ck_assert_int_eq(conf_parse(&conf, "", why, sizeof(why)), 0);
		ck_assert_int_eq(seatkind_release_minutes(&conf), 60);
	}
	/* The counter: any kind but blocked. */
	memset(&w, 0, sizeof(w));
	w.show_id = show;
	w.customer_name = "Walk In";
	w.phone = "9876543210";
	w.amount_paid = PRICE;
	w.sold_by = 1;
	s = seats("B3", 0);
	ck_assert_int_eq(booking_sell_walkin(db, &conf, (time_t)T0, &w, &s, &b,
	    &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_SEAT_BLOCKED);
	ck_assert_int_eq(invariant_check_all(db, (time_t)T0, NULL, NULL), 0);
	/* skyfoxctl check sees a seat made blocked under a hold, and a
	 * companion whose space is no longer one (writes the editor
	 * refuses, made here by hand). */
	exec("UPDATE seats SET kind = 'blocked' WHERE label = 'A1' AND "
	    "screen_id = (SELECT max(id) FROM screens)");
	ck_assert_int_eq(invariant_check_all(db, (time_t)T0, NULL, NULL), 2);
	exec("UPDATE seats SET kind = 'wheelchair' WHERE label = 'A1' AND "
	    "screen_id = (SELECT max(id) FROM screens)");
	ck_assert_int_eq(invariant_check_all(db, (time_t)T0, NULL, NULL), 0);
	/* The schema refuses it too. */
	ck_assert_int_ne(sqlite3_exec(db, "INSERT INTO booking_seats "
	    "(booking_id, show_id, seat_id, price) SELECT 1, sh.id, se.id, 1 "
	    "FROM shows sh JOIN seats se ON se.screen_id = sh.screen_id WHERE "
	    "se.kind = 'blocked'", NULL, NULL, NULL), SQLITE_OK);
}
END_TEST

/* The largest screen the limits allow saves and reads back whole. */
START_TEST(test_the_largest_screen_saves_and_reads_back)
{
	static const char *rows[SCREEN_ROWS_MAX];
	static char row[64];
	struct screen_fail f;
	long long id = 0;
	cJSON	*o;
	char	*text;

	/* 33 seats and an aisle: 30 rows of 33 is 990 seats. */
	memset(row, 's', 34);
	row[16] = ' ';
	row[34] = '\0';
	for (int i = 0; i < SCREEN_ROWS_MAX; i++)
		rows[i] = row;
	ck_assert_int_eq(save(&id, "Big Screen", rows, SCREEN_ROWS_MAX, &f), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM seats WHERE screen_id = "
	    "(SELECT max(id) FROM screens)"), 990);
	ck_assert_int_eq(screen_layout_json(db, id, &o), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(o, "rows")),
	    SCREEN_ROWS_MAX);
	text = cJSON_PrintUnformatted(o);
	/* Under the screens CGI's body limit as it comes back (256 KiB). */
	ck_assert_uint_lt(strlen(text), 256u * 1024);
	free(text);
	cJSON_Delete(o);
	/* Saved again unchanged: nothing is refused or retired. */
	ck_assert_int_eq(save(&id, "Big Screen", rows, SCREEN_ROWS_MAX, &f), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM seats WHERE retired_at "
	    "IS NOT NULL"), 0);
}
END_TEST

Suite *
seatkind_suite(void)
{
	Suite	*s = suite_create("seatkind");
	TCase	*t = tcase_create("core");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_a_layout_names_the_field_it_fails_on);
	tcase_add_test(t,
	    test_an_edit_is_refused_only_on_a_changed_seat_held_for_a_show_to_come);
	tcase_add_test(t,
	    test_best_available_steps_around_a_blocked_seat_in_the_middle);
	tcase_add_test(t, test_the_kinds_hold_rules_and_the_companion_release);
	tcase_add_test(t, test_the_largest_screen_saves_and_reads_back);
	suite_add_tcase(s, t);
	return s;
}
