/* show, seatmap and slots over an in-memory database built from the real
 * schema and seed: the scheduling rules of DESIGN §7, the seat-state rule
 * the booking engine relies on, the ETag's inputs, and that the hot queries
 * use indexes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "db.h"
#include "migrate.h"
#include "seatmap.h"
#include "json.h"
#include "show.h"

/* "Now" in every test: 2030-01-10 10:00 in Kolkata; Morning has started. */
#define DAY	"2030-01-10"
#define NEXT	"2030-01-11"
static time_t now;

static sqlite3 *
fixture(void)
{
	sqlite3	*db;
	int	 from, to;
	char	 why[256];

	clock_use_zone("Asia/Kolkata");
	now = clock_local(DAY, 600);
	ck_assert_int_eq(db_open(":memory:", &db), SQLITE_OK);
	ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(db_exec(db, skyfox_seed_sql), SQLITE_OK);
	ck_assert_int_eq(db_exec(db,
	    "INSERT INTO users (id, username, name, role, password_hash,"
	    " created_at, updated_at) VALUES"
	    " (1, 'alice', 'Alice', 'customer', 'x', 0, 0),"
	    " (2, 'bob', 'Bob', 'customer', 'x', 0, 0);"
	    "INSERT INTO movies (id, imdb_id, title, runtime_min, raw_json,"
	    " fetched_at) VALUES (1, 'tt0000001', 'Short', 120, '{}', 0),"
	    " (2, 'tt0000002', 'Long', 207, '{}', 0),"
	    " (3, 'tt0000003', 'Epic', 321, '{}', 0),"
	    " (4, 'tt0000004', 'Unknown length', NULL, '{}', 0)"), SQLITE_OK);
	return db;
}

static enum show_err
add(sqlite3 *db, long long movie, long long screen, long long slot,
    const char *date, long long *id, long long *clash)
{
	struct show_new n;
	struct show_fail f;

	memset(&n, 0, sizeof(n));
	n.movie_id = movie;
	n.screen_id = screen;
	n.slot_id = slot;
	n.price = 20000;
	snprintf(n.date, sizeof(n.date), "%s", date);
	*clash = 0;
	if (show_create(db, &n, now, id, &f) == 0)
		return SHOW_OK;
	*clash = f.clash;
	return f.err;
}

static long long
must_add(sqlite3 *db, long long movie, long long screen, long long slot,
    const char *date)
{
	long long id, clash;

	ck_assert_int_eq(add(db, movie, screen, slot, date, &id, &clash), SHOW_OK);
	return id;
}

static void
exec(sqlite3 *db, const char *sql)
{
	char	*msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "");
}

/* A booking of user on show for seats ("A1 A2"): status pending (hold until
 * expires) or confirmed (paid in cash, hold cleared).  Returns its id. */
static long long
book(sqlite3 *db, long long show, long long user, const char *status,
    time_t expires, const char *seats)
{
	char	 sql[1024], list[256], *tok, *save;
	long long id;
	int	 n = 0;

	snprintf(list, sizeof(list), "%s", seats);
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save))
		n++;
	snprintf(sql, sizeof(sql), "INSERT INTO bookings (show_id, user_id, "
	    "status, amount, seat_count, created_at, expires_at) VALUES "
	    "(%lld, %lld, 'pending', %d, %d, 0, %lld)", show, user, 100 * n, n,
	    (long long)expires);
	exec(db, sql);
	id = sqlite3_last_insert_rowid(db);
	snprintf(list, sizeof(list), "%s", seats);
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save)) {
		snprintf(sql, sizeof(sql), "INSERT INTO booking_seats (booking_id,"
		    " show_id, seat_id, price, live, hold_expires_at) SELECT %lld,"
		    " %lld, se.id, 100, 1, %lld FROM seats se JOIN shows sh ON"
		    " sh.screen_id = se.screen_id WHERE sh.id = %lld AND"
		    " se.label = '%s'", id, show, (long long)expires, show, tok);
		exec(db, sql);
		ck_assert_int_eq(sqlite3_changes(db), 1);
	}
	if (strcmp(status, "confirmed") == 0) {
		snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, "
		    "booking_id, method, amount, cash_amount, status, created_at)"
		    " VALUES ('booking', %lld, 'cash', %d, %d, 'succeeded', 0);"
		    "UPDATE bookings SET status = 'confirmed' WHERE id = %lld;"
		    "UPDATE booking_seats SET hold_expires_at = NULL WHERE "
		    "booking_id = %lld;", id, 100 * n, 100 * n, id, id);
		exec(db, sql);
	}
	return id;
}

/* Print and parse again: what a client receives (the seat map's integers
 * are raw items, readable only once printed). */
static cJSON *
reparse(cJSON *j)
{
	char	*text = cJSON_PrintUnformatted(j);
	cJSON	*back = cJSON_Parse(text);

	ck_assert_ptr_nonnull(back);
	cJSON_free(text);
	cJSON_Delete(j);
	return back;
}

static const struct seat_state *
seat(const struct seatmap *sm, const char *label)
{
	const struct seat_state *s = seatmap_find(sm, label);

	ck_assert_msg(s != NULL, "no seat %s", label);
	return s;
}

START_TEST(test_price_bounds)
{
	ck_assert(show_price_valid(1));
	ck_assert(show_price_valid(35000));
	ck_assert(show_price_valid(300000));		/* ₹3000.00 */
	ck_assert(!show_price_valid(300001));
	ck_assert(!show_price_valid(0));
	ck_assert(!show_price_valid(-100));
}
END_TEST

START_TEST(test_customer_window_is_today_to_today_plus_6)
{
	ck_assert(show_date_in_window("2026-11-25", "2026-11-25", 7));
	ck_assert(show_date_in_window("2026-11-25", "2026-12-01", 7));
	ck_assert(!show_date_in_window("2026-11-25", "2026-12-02", 7));
	ck_assert(!show_date_in_window("2026-11-25", "2026-11-24", 7));
	ck_assert(show_date_in_window("2026-12-28", "2027-01-03", 7));
	ck_assert(!show_date_in_window("2026-11-25", "2026-11-31", 7));
	ck_assert(!show_date_in_window("2026-11-25", "tomorrow", 7));
}
END_TEST

/* booking_window_days (default 7) decides the window, in the cinema's zone:
 * at 00:30 in Kolkata it is still the previous day in UTC. */
START_TEST(test_customer_window_follows_booking_window_days)
{
	struct conf c;
	char	 why[128];
	time_t	 t;

	clock_use_zone("Asia/Kolkata");
	t = clock_local(DAY, 30);
	ck_assert_int_eq(conf_parse(&c, "", why, sizeof(why)), 0);
	ck_assert_int_eq(show_window_days(&c), 7);
	ck_assert(show_in_customer_window(&c, t, DAY));
	ck_assert(show_in_customer_window(&c, t, "2030-01-16"));
	ck_assert(!show_in_customer_window(&c, t, "2030-01-17"));
	ck_assert(!show_in_customer_window(&c, t, "2030-01-09"));	/* UTC's */
	ck_assert(!show_in_customer_window(&c, t, "2030-01-19"));	/* 9 ahead */
	ck_assert_int_eq(conf_parse(&c, "booking_window_days = 2\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(show_window_days(&c), 2);
	ck_assert(show_in_customer_window(&c, t, NEXT));
	ck_assert(!show_in_customer_window(&c, t, "2030-01-12"));
	/* Nonsense is clamped: never an empty window, never unbounded. */
	ck_assert_int_eq(conf_parse(&c, "booking_window_days = 0\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(show_window_days(&c), 1);
	ck_assert(show_in_customer_window(&c, t, DAY));
	ck_assert(!show_in_customer_window(&c, t, NEXT));
	ck_assert_int_eq(conf_parse(&c, "booking_window_days = 100000\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(show_window_days(&c), SHOW_WINDOW_DAYS_MAX);
}
END_TEST

START_TEST(test_show_date_of_reads_the_shows_local_date)
{
	sqlite3	*db = fixture();
	long long id, clash;
	char	 date[11];

	ck_assert_int_eq(add(db, 1, 1, 3, NEXT, &id, &clash), SHOW_OK);
	ck_assert_int_eq(show_date_of(db, id, date), SQLITE_ROW);
	ck_assert_str_eq(date, NEXT);
	ck_assert_int_eq(show_date_of(db, 999999, date), SQLITE_DONE);
	ck_assert_str_eq(date, "");
	db_close(db);
}
END_TEST

START_TEST(test_parse_new_reports_each_bad_field)
{
	struct show_new n;
	struct err e;
	cJSON	*b;

	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{\"movie_id\":3,\"slot_id\":4,"
	    "\"date\":\"2030-01-11\",\"price\":35000}");
	json_add_form_text(b, "screen_id", "2");
	ck_assert_int_eq(show_parse_new(b, &n, &e), 0);
	ck_assert_int_eq(n.screen_id, 2);	/* a form's string is fine */
	ck_assert_str_eq(n.date, "2030-01-11");
	ck_assert_int_eq(n.price, 35000);
	cJSON_Delete(b);

	b = cJSON_Parse("{\"movie_id\":-1,\"screen_id\":1.5,\"date\":"
	    "\"2030-02-30\",\"price\":350.5}");
	ck_assert_int_eq(show_parse_new(b, &n, &e), -1);
	ck_assert(err_has_field(&e, "movie_id"));
	ck_assert(err_has_field(&e, "screen_id"));
	ck_assert(err_has_field(&e, "slot_id"));	/* missing */
	ck_assert(err_has_field(&e, "date"));
	ck_assert(err_has_field(&e, "price"));
	cJSON_Delete(b);

	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{\"movie_id\":1,\"screen_id\":1,\"slot_id\":1,"
	    "\"date\":\"2030-01-11\",\"price\":300001}");
	ck_assert_int_eq(show_parse_new(b, &n, &e), -1);
	ck_assert_int_eq(e.nfields, 1);
	ck_assert(err_has_field(&e, "price"));
	cJSON_Delete(b);
}
END_TEST

START_TEST(test_schedule_refuses_the_past)
{
	sqlite3	*db = fixture();
	long long id, clash;

	/* Today's Morning started at 08:30; it is 10:00. */
	ck_assert_int_eq(add(db, 1, 1, 1, DAY, &id, &clash), SHOW_ERR_PAST);
	ck_assert_int_eq(add(db, 1, 1, 1, "2030-01-09", &id, &clash),
	    SHOW_ERR_PAST);
	ck_assert_int_eq(add(db, 1, 1, 2, DAY, &id, &clash), SHOW_OK);
	ck_assert_int_gt(id, 0);
	db_close(db);
}
END_TEST

START_TEST(test_schedule_refuses_a_taken_slot)
{
	sqlite3	*db = fixture();
	long long a = must_add(db, 1, 1, 3, NEXT), id, clash;

	ck_assert_int_eq(add(db, 4, 1, 3, NEXT, &id, &clash),
	    SHOW_ERR_SLOT_TAKEN);
	ck_assert_int_eq(clash, a);
	/* Another screen, or another date: free. */
	ck_assert_int_eq(add(db, 1, 2, 3, NEXT, &id, &clash), SHOW_OK);
	ck_assert_int_eq(add(db, 1, 1, 3, "2030-01-12", &id, &clash), SHOW_OK);
	db_close(db);
}
END_TEST

START_TEST(test_schedule_refuses_unknown_things)
{
	sqlite3	*db = fixture();
	long long id, clash;

	ck_assert_int_eq(add(db, 99, 1, 1, NEXT, &id, &clash),
	    SHOW_ERR_INVALID_MOVIE);
	ck_assert_int_eq(add(db, 1, 9, 1, NEXT, &id, &clash),
	    SHOW_ERR_UNKNOWN_SCREEN);
	ck_assert_int_eq(add(db, 1, 1, 9, NEXT, &id, &clash),
	    SHOW_ERR_UNKNOWN_SLOT);
	db_close(db);
}
END_TEST

START_TEST(test_long_film_keeps_its_screen_until_it_ends)
{
	sqlite3	*db = fixture();
	long long epic, id, clash;
	cJSON	*slots, *list;

	/* 321 minutes from 08:30 runs to 13:51: Afternoon is then busy. */
	epic = must_add(db, 3, 1, 1, NEXT);
	ck_assert_int_eq(add(db, 1, 1, 2, NEXT, &id, &clash),
	    SHOW_ERR_SLOT_TAKEN);
	ck_assert_int_eq(clash, epic);
	ck_assert_int_eq(show_slots(db, 1, NEXT, 0, now, &slots), SQLITE_OK);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(slots, 0),
	    "reason")->valuestring, "taken");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(slots, 1),
	    "reason")->valuestring, "overlap");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(slots, 2),
	    "available")));
	cJSON_Delete(slots);
	ck_assert_int_eq(show_list(db, NEXT, 0, now, "INR", &list), SQLITE_OK);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0),
	    "ends_at")->valuestring, "2030-01-11T13:51:00+05:30");
	cJSON_Delete(list);
	/* 207 minutes from 16:30 ends 19:57, before Night's 20:30. */
	must_add(db, 2, 1, 3, NEXT);
	must_add(db, 1, 1, 4, NEXT);
	/* A long film is refused where it would run into the next show, and
	 * the slot list says so when asked with its runtime. */
	must_add(db, 1, 2, 2, NEXT);
	ck_assert_int_eq(add(db, 3, 2, 1, NEXT, &id, &clash),
	    SHOW_ERR_SLOT_TAKEN);
	ck_assert_int_eq(show_slots(db, 2, NEXT, 321, now, &slots), SQLITE_OK);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(slots, 0),
	    "reason")->valuestring, "overlap");
	cJSON_Delete(slots);
	ck_assert_int_eq(show_slots(db, 2, NEXT, 120, now, &slots), SQLITE_OK);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(slots, 0),
	    "available")));
	cJSON_Delete(slots);
	db_close(db);
}
END_TEST

START_TEST(test_slots_mark_past_ones_for_today)
{
	sqlite3	*db = fixture();
	cJSON	*slots, *s;

	must_add(db, 1, 1, 3, DAY);
	ck_assert_int_eq(show_slots(db, 1, DAY, 0, now, &slots), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(slots), 4);
	s = cJSON_GetArrayItem(slots, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(s, "name")->valuestring, "Morning");
	ck_assert_str_eq(cJSON_GetObjectItem(s, "start")->valuestring, "08:30");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(s, "available")));
	ck_assert_str_eq(cJSON_GetObjectItem(s, "reason")->valuestring, "past");
	s = cJSON_GetArrayItem(slots, 1);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(s, "available")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(s, "reason")));
	ck_assert_str_eq(cJSON_GetObjectItem(s, "starts_at")->valuestring,
	    "2030-01-10T12:30:00+05:30");
	s = cJSON_GetArrayItem(slots, 2);
	ck_assert_str_eq(cJSON_GetObjectItem(s, "reason")->valuestring, "taken");
	cJSON_Delete(slots);
	db_close(db);
}
END_TEST

START_TEST(test_seat_statuses_follow_the_taken_rule)
{
	sqlite3	*db = fixture();
	long long show = must_add(db, 1, 1, 3, NEXT);
	struct seatmap sm;
	cJSON	*list;

	book(db, show, 2, "pending", now + 300, "A1 A2");	/* held */
	book(db, show, 2, "confirmed", 0, "B1");		/* sold */
	book(db, show, 1, "pending", now + 300, "C1");		/* mine */
	book(db, show, 1, "confirmed", 0, "C2");		/* mine */
	book(db, show, 2, "pending", now - 1, "D1");	/* lapsed, unswept */
	book(db, show, 2, "pending", now, "D2");	/* lapses right now */
	book(db, show, 2, "pending", now + 300, "E1");
	exec(db, "UPDATE booking_seats SET live = 0 WHERE seat_id = (SELECT id"
	    " FROM seats WHERE screen_id = 1 AND label = 'E1')");	/* swept */
	ck_assert_int_eq(seatmap_status(db, show, 1, now, &sm), SQLITE_OK);
	ck_assert_int_eq(sm.n, 100);
	ck_assert_int_eq(seat(&sm, "A1")->status, SEAT_HELD);
	ck_assert_int_eq(seat(&sm, "A2")->status, SEAT_HELD);
	ck_assert_int_eq(seat(&sm, "B1")->status, SEAT_SOLD);
	ck_assert_int_eq(seat(&sm, "C1")->status, SEAT_MINE);
	ck_assert_int_eq(seat(&sm, "C2")->status, SEAT_MINE);
	ck_assert_int_eq(seat(&sm, "D1")->status, SEAT_AVAILABLE);
	ck_assert_int_eq(seat(&sm, "D2")->status, SEAT_AVAILABLE);
	ck_assert_int_eq(seat(&sm, "E1")->status, SEAT_AVAILABLE);
	ck_assert_int_eq(seat(&sm, "J10")->status, SEAT_AVAILABLE);
	ck_assert_int_eq(sm.taken, 5);
	/* Prices: base for A–E, +150.00 for Deluxe F–J. */
	ck_assert_int_eq(seat(&sm, "A1")->price, 20000);
	ck_assert_int_eq(seat(&sm, "F7")->price, 35000);
	ck_assert_str_eq(seat(&sm, "F7")->category, "Deluxe");
	ck_assert_ptr_null(seatmap_find(&sm, "K1"));
	seatmap_free(&sm);
	/* For another viewer, alice's seats are simply held and sold. */
	ck_assert_int_eq(seatmap_status(db, show, 2, now, &sm), SQLITE_OK);
	ck_assert_int_eq(seat(&sm, "C1")->status, SEAT_HELD);
	ck_assert_int_eq(seat(&sm, "A1")->status, SEAT_MINE);
	ck_assert_int_eq(seat(&sm, "C2")->status, SEAT_SOLD);
	seatmap_free(&sm);
	/* The show list counts the same way. */
	ck_assert_int_eq(show_list(db, NEXT, 0, now, "INR", &list), SQLITE_OK);
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0),
	    "seats_available")->valuedouble, 95);
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0),
	    "seats_total")->valuedouble, 100);
	cJSON_Delete(list);
	ck_assert_int_eq(seatmap_status(db, show + 1, 1, now, &sm), SQLITE_DONE);
	db_close(db);
}
END_TEST

START_TEST(test_seat_map_json_shape_on_screen_2)
{
	sqlite3	*db = fixture();
	long long show = must_add(db, 1, 2, 4, NEXT);
	struct seatmap sm;
	cJSON	*j, *rows, *a, *cats;

	ck_assert_int_eq(seatmap_status(db, show, 0, now, &sm), SQLITE_OK);
	j = reparse(seatmap_json(&sm, "INR"));	/* as a client reads it */
	seatmap_free(&sm);
	ck_assert_int_eq((int)cJSON_GetObjectItem(j, "seats_total")->valuedouble,
	    90);
	rows = cJSON_GetObjectItem(j, "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 8);
	a = cJSON_GetArrayItem(rows, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(a, "row")->valuestring, "A");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(a, "seats")), 6);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(a, "seats"), 0), "category")->valuestring,
	    "Wheelchair");
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(rows, 1), "seats")), 12);
	/* The aisle: seat 7 of a full row stands in grid column 8. */
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "seats"), 6),
	    "grid_col")->valuedouble, 8);
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetObjectItem(j, "grid"),
	    "cols")->valuedouble, 13);
	cats = cJSON_GetObjectItem(j, "categories");
	ck_assert_int_eq(cJSON_GetArraySize(cats), 3);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cats, 2),
	    "name")->valuestring, "Deluxe");
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetArrayItem(cats, 2),
	    "price")->valuedouble, 35000);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(a, "seats"), 0), "status")->valuestring,
	    "available");
	cJSON_Delete(j);
	db_close(db);
}
END_TEST

START_TEST(test_etag_changes_when_a_hold_lapses_without_a_write)
{
	sqlite3	*db = fixture();
	long long show = must_add(db, 1, 1, 3, NEXT);
	char	 before[SEATMAP_ETAG_LEN], after[SEATMAP_ETAG_LEN];
	char	 again[SEATMAP_ETAG_LEN];

	book(db, show, 2, "pending", now + 300, "A1");
	ck_assert_int_eq(seatmap_etag(db, show, 1, now, before), SQLITE_OK);
	ck_assert_int_eq(seatmap_etag(db, show, 1, now + 299, again), SQLITE_OK);
	ck_assert_str_eq(before, again);		/* nothing changed */
	ck_assert_int_eq(seatmap_etag(db, show, 1, now + 300, after), SQLITE_OK);
	ck_assert_str_ne(before, after);		/* A1 is free now */
	/* The sweeper tidying up changes no seat: the tag may stay. */
	exec(db, "UPDATE booking_seats SET live = 0");
	ck_assert_int_eq(seatmap_etag(db, show, 1, now + 300, again), SQLITE_OK);
	ck_assert_str_eq(after, again);
	ck_assert_int_eq(seatmap_etag(db, show + 1, 1, now, again), SQLITE_DONE);
	db_close(db);
}
END_TEST

START_TEST(test_etag_changes_with_version_and_viewer)
{
	sqlite3	*db = fixture();
	long long show = must_add(db, 1, 1, 3, NEXT);
	char	 a[SEATMAP_ETAG_LEN], b[SEATMAP_ETAG_LEN];

	ck_assert_int_eq(seatmap_etag(db, show, 1, now, a), SQLITE_OK);
	ck_assert_str_eq(a, "W/\"0-0-1\"");
	ck_assert_int_eq(seatmap_etag(db, show, 2, now, b), SQLITE_OK);
	ck_assert_str_ne(a, b);				/* "mine" differs */
	/* held → sold keeps the count; the writer's version bump shows it. */
	exec(db, "UPDATE shows SET version = version + 1");
	ck_assert_int_eq(seatmap_etag(db, show, 1, now, b), SQLITE_OK);
	ck_assert_str_eq(b, "W/\"1-0-1\"");
	book(db, show, 2, "confirmed", 0, "J10");
	ck_assert_int_eq(seatmap_etag(db, show, 1, now, a), SQLITE_OK);
	ck_assert_str_eq(a, "W/\"1-1-1\"");
	db_close(db);
}
END_TEST

START_TEST(test_if_none_match_rules)
{
	const char *tag = "W/\"3-12-7\"";

	ck_assert(seatmap_etag_matches("W/\"3-12-7\"", tag));
	ck_assert(seatmap_etag_matches("\"3-12-7\"", tag));	/* weak compare */
	ck_assert(seatmap_etag_matches("\"x\", W/\"3-12-7\"", tag));
	ck_assert(seatmap_etag_matches("*", tag));
	ck_assert(!seatmap_etag_matches("W/\"3-12-8\"", tag));
	ck_assert(!seatmap_etag_matches("W/\"3-12-7", tag));
	ck_assert(!seatmap_etag_matches("3-12-7", tag));
	ck_assert(!seatmap_etag_matches("", tag));
	ck_assert(!seatmap_etag_matches(NULL, tag));
	ck_assert(!seatmap_etag_matches("W/\"3-12-7\"", ""));
}
END_TEST

START_TEST(test_show_list_shape_and_customer_view)
{
	sqlite3	*db = fixture();
	cJSON	*list, *s;

	must_add(db, 1, 2, 2, DAY);
	must_add(db, 2, 1, 4, DAY);
	exec(db, "UPDATE shows SET starts_at = starts_at - 86400 WHERE slot_id = 4");
	ck_assert_int_eq(show_list(db, DAY, 0, now, "INR", &list), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);
	cJSON_Delete(list);
	/* Customers: only shows that have not started. */
	ck_assert_int_eq(show_list(db, DAY, 1, now, "INR", &list), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	s = cJSON_GetArrayItem(list, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(s, "date")->valuestring, DAY);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "movie"),
	    "title")->valuestring, "Short");
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetObjectItem(s, "movie"),
	    "runtime_min")->valuedouble, 120);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(s,
	    "movie"), "poster")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "screen"),
	    "name")->valuestring, "Screen 2");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "slot"),
	    "end")->valuestring, "15:30");
	ck_assert_str_eq(cJSON_GetObjectItem(s, "starts_at")->valuestring,
	    "2030-01-10T12:30:00+05:30");
	ck_assert_str_eq(cJSON_GetObjectItem(s, "currency")->valuestring, "INR");
	ck_assert_int_eq((int)cJSON_GetObjectItem(s, "seats_total")->valuedouble,
	    90);
	cJSON_Delete(list);
	db_close(db);
}
END_TEST

/* show_json is what the API and the published day files both write: the
 * keys of DESIGN §8.1 in that order, absent movie fields as null, runtime 0
 * as null, times in the cinema's zone, money and counts as integers. */
START_TEST(test_show_json_of_a_filled_struct_has_the_documented_keys_in_order)
{
	struct show s;
	cJSON	*j;
	char	*text;

	clock_use_zone("Asia/Kolkata");
	memset(&s, 0, sizeof(s));
	s.id = 7;
	snprintf(s.date, sizeof(s.date), "%s", NEXT);
	s.movie.id = 3;
	s.movie.imdb_id = "tt0000003";
	s.movie.title = "Epic \"Cut\"";
	s.movie.genre = "Drama";
	s.movie.rating = "8.1";
	s.screen_id = 2;
	s.screen_name = "Screen 2";
	s.slot.id = 4;
	snprintf(s.slot.name, sizeof(s.slot.name), "%s", "Evening");
	s.slot.start_min = 16 * 60 + 30;
	s.slot.end_min = 19 * 60 + 30;
	s.starts_at = clock_local(NEXT, s.slot.start_min);
	s.ends_at = s.starts_at + 321 * 60;
	s.price = 35000;
	s.seats_total = 90;
	s.seats_available = 88;
	j = show_json(&s, "INR");
	text = cJSON_PrintUnformatted(j);
	ck_assert_str_eq(text, "{\"id\":7,\"date\":\"2030-01-11\","
	    "\"movie\":{\"id\":3,\"imdb_id\":\"tt0000003\","
	    "\"title\":\"Epic \\\"Cut\\\"\",\"runtime_min\":null,"
	    "\"genre\":\"Drama\",\"plot\":null,\"rating\":\"8.1\","
	    "\"poster\":null,\"certificate\":null},"
	    "\"screen\":{\"id\":2,\"name\":\"Screen 2\"},"
	    "\"slot\":{\"id\":4,\"name\":\"Evening\",\"start\":\"16:30\","
	    "\"end\":\"19:30\"},"
	    "\"starts_at\":\"2030-01-11T16:30:00+05:30\","
	    "\"ends_at\":\"2030-01-11T21:51:00+05:30\","
	    "\"price\":35000,\"price_card_id\":null,\"prices\":{},"
	    "\"currency\":\"INR\","
	    "\"seats_total\":90,\"seats_available\":88}");
	free(text);
	cJSON_Delete(j);
	/* A known runtime is a number. */
	s.movie.runtime_min = 321;
	j = show_json(&s, "INR");
	ck_assert_int_eq((int)cJSON_GetObjectItem(cJSON_GetObjectItem(j,
	    "movie"), "runtime_min")->valuedouble, 321);
	cJSON_Delete(j);
	/* A rated film carries its certificate (issue 15 item 2). */
	snprintf(s.movie.cert.code, sizeof(s.movie.cert.code), "UA13");
	snprintf(s.movie.cert.name, sizeof(s.movie.cert.name), "UA 13+");
	s.movie.cert.min_age = 13;
	j = show_json(&s, "INR");
	text = cJSON_PrintUnformatted(cJSON_GetObjectItem(cJSON_GetObjectItem(j,
	    "movie"), "certificate"));
	ck_assert_str_eq(text, "{\"code\":\"UA13\",\"name\":\"UA 13+\","
	    "\"min_age\":13}");
	free(text);
	cJSON_Delete(j);
}
END_TEST

/* show_list is show_json over the rows show_each reads, and show_get
 * gives the same object for one show. */
static int
count_and_stop(const struct show *s, void *arg)
{
	int	*n = arg;

	ck_assert_str_eq(s->date, NEXT);
	return ++*n == 1;
}

START_TEST(test_show_get_is_the_list_entry_and_show_each_stops_when_asked)
{
	sqlite3	*db = fixture();
	long long a = must_add(db, 1, 1, 3, NEXT);
	cJSON	*list, *one;
	char	*l, *o;
	int	 n = 0;

	must_add(db, 2, 2, 4, NEXT);
	ck_assert_int_eq(show_list(db, NEXT, 0, now, "INR", &list), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);
	ck_assert_int_eq(show_get(db, a, now, "INR", &one), SQLITE_ROW);
	l = cJSON_PrintUnformatted(cJSON_GetArrayItem(list, 0));
	o = cJSON_PrintUnformatted(one);
	ck_assert_str_eq(l, o);
	free(l);
	free(o);
	cJSON_Delete(list);
	cJSON_Delete(one);
	ck_assert_int_eq(show_each(db, NEXT, 0, now, count_and_stop, &n),
	    SQLITE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(show_get(db, 999, now, "INR", &one), SQLITE_DONE);
	ck_assert_ptr_null(one);
	db_close(db);
}
END_TEST

/* Every statement run through the trace hook, to EXPLAIN afterwards. */
struct traced {
	char	*sql[32];
	int	 n;
};

static int
trace_cb(unsigned kind, void *ud, void *p, void *x)
{
	struct traced *t = ud;
	const char *sql = sqlite3_sql(p);

	(void)kind;
	(void)x;
	if (sql != NULL && t->n < 32)
		t->sql[t->n++] = strdup(sql);
	return 0;
}

START_TEST(test_hot_queries_use_indexes)
{
	sqlite3	*db = fixture();
	long long show = must_add(db, 1, 1, 3, NEXT);
	struct traced t = { { NULL }, 0 };
	struct seatmap sm;
	char	 tag[SEATMAP_ETAG_LEN];
	cJSON	*j;
	long long id, clash;

	book(db, show, 2, "pending", now + 300, "A1");
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_cb, &t);
	ck_assert_int_eq(show_list(db, NEXT, 1, now, "INR", &j), SQLITE_OK);
	cJSON_Delete(j);
	ck_assert_int_eq(seatmap_etag(db, show, 1, now, tag), SQLITE_OK);
	ck_assert_int_eq(seatmap_status(db, show, 1, now, &sm), SQLITE_OK);
	seatmap_free(&sm);
	ck_assert_int_eq(show_slots(db, 1, NEXT, 0, now, &j), SQLITE_OK);
	cJSON_Delete(j);
	ck_assert_int_eq(add(db, 1, 1, 4, NEXT, &id, &clash), SHOW_OK);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	ck_assert_int_ge(t.n, 5);
	for (int i = 0; i < t.n; i++) {
		sqlite3_stmt *st;
		char	 q[4096];

		snprintf(q, sizeof(q), "EXPLAIN QUERY PLAN %s", t.sql[i]);
		if (db_prepare(db, q, &st) != SQLITE_OK) {	/* BEGIN, COMMIT */
			free(t.sql[i]);
			continue;
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = db_text(st, 3);

			ck_assert_msg(strncmp(d, "SCAN booking_seats", 18) != 0 &&
			    strncmp(d, "SCAN bs", 7) != 0 &&
			    strncmp(d, "SCAN bookings", 13) != 0 &&
			    strncmp(d, "SCAN b ", 7) != 0 &&
			    strncmp(d, "SCAN shows", 10) != 0 &&
			    strncmp(d, "SCAN sh", 7) != 0 &&
			    strncmp(d, "SCAN seats", 10) != 0 &&
			    strncmp(d, "SCAN se", 7) != 0,
			    "%s\n  → %s", t.sql[i], d);
		}
		sqlite3_finalize(st);
		free(t.sql[i]);
	}
	db_close(db);
}
END_TEST

Suite *
show_suite(void)
{
	Suite	*s = suite_create("show");
	TCase	*t = tcase_create("core");

	tcase_add_test(t, test_price_bounds);
	tcase_add_test(t, test_customer_window_is_today_to_today_plus_6);
	tcase_add_test(t, test_customer_window_follows_booking_window_days);
	tcase_add_test(t, test_show_date_of_reads_the_shows_local_date);
	tcase_add_test(t, test_parse_new_reports_each_bad_field);
	tcase_add_test(t, test_schedule_refuses_the_past);
	tcase_add_test(t, test_schedule_refuses_a_taken_slot);
	tcase_add_test(t, test_schedule_refuses_unknown_things);
	tcase_add_test(t, test_long_film_keeps_its_screen_until_it_ends);
	tcase_add_test(t, test_slots_mark_past_ones_for_today);
	tcase_add_test(t, test_show_list_shape_and_customer_view);
	tcase_add_test(t,
	    test_show_json_of_a_filled_struct_has_the_documented_keys_in_order);
	tcase_add_test(t,
	    test_show_get_is_the_list_entry_and_show_each_stops_when_asked);
	suite_add_tcase(s, t);
	return s;
}

Suite *
seatmap_suite(void)
{
	Suite	*s = suite_create("seatmap");
	TCase	*t = tcase_create("core");

	tcase_add_test(t, test_seat_statuses_follow_the_taken_rule);
	tcase_add_test(t, test_seat_map_json_shape_on_screen_2);
	tcase_add_test(t, test_etag_changes_when_a_hold_lapses_without_a_write);
	tcase_add_test(t, test_etag_changes_with_version_and_viewer);
	tcase_add_test(t, test_if_none_match_rules);
	tcase_add_test(t, test_hot_queries_use_indexes);
	suite_add_tcase(s, t);
	return s;
}
