/* The booking engine on a real (temporary) SQLite database: hold rules,
 * amounts, taking over lapsed holds, walk-ins, cancels, lists, the hooks
 * payments uses, the sweeper's batching, and processes racing for seats. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "booking.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "migrate.h"
#include "refund.h"
#include "unit.h"

#define PRICE	25000		/* 250.00 */
#define DELUXE	15000		/* seed: Deluxe = base + 150.00 */

static char	 path[64];
static sqlite3	*db;
static struct conf conf;
static time_t	 t0;		/* "now" of each test */
static long long show, show2, alice, bob, staff;

static long long
scalar(const char *sql)
{
	return unit_scalar(db, sql);
}

static void
exec(const char *sql)
{
	char	*msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "");
}

static long long
add_user(const char *name, const char *role)
{
	char	 sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO users (username, name, role, "
	    "password_hash, created_at, updated_at) VALUES ('%s', 'User %s', "
	    "'%s', 'x', 0, 0)", name, name, role);
	exec(sql);
	return sqlite3_last_insert_rowid(db);
}

/* A show on screen 1 at starts, dated as the cinema's calendar has it
 * (customers' holds check the date against their window). */
static long long
add_show(int slot, time_t starts)
{
	char	 sql[512], date[11];

	clock_date(starts, date);
	snprintf(sql, sizeof(sql), "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) VALUES (1, 1, "
	    "%d, '%s', %lld, %lld, %d, 0)", slot, date, (long long)starts,
	    (long long)starts + 10800, PRICE);
	exec(sql);
	return sqlite3_last_insert_rowid(db);
}

static void
setup(void)
{
	char	 why[256];
	int	 from, to, fd;

	snprintf(path, sizeof(path), "/tmp/skyfox-unit-booking.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	exec(skyfox_seed_sql);
	ck_assert_int_eq(conf_parse(&conf, "hold_minutes = 5\nmax_seats = 10\n",
	    why, sizeof(why)), 0);
	clock_use_zone("Asia/Kolkata");
	t0 = 1900000000;
	exec("INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "VALUES (1, 'tt0000001', 'Test Movie', '{}', 0)");
	show = add_show(1, t0 + 86400);
	show2 = add_show(2, t0 + 86400);
	alice = add_user("alice", "customer");
	bob = add_user("bob", "customer");
	staff = add_user("sam", "staff");
}

static void
teardown(void)
{
	char	 p[96];

	db_close(db);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void
set_conf(const char *text)
{
	char	 why[128];

	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
}

/* seats("A1,A2") */
static struct booking_seats
seats(const char *list)
{
	struct booking_seats s;
	struct booking_fail f;
	cJSON	*v = cJSON_CreateString(list);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_parse_seats(v, 50, &s, &f), 0);
	cJSON_Delete(v);
	return s;
}

static int
hold(long long user, const char *list, time_t now, struct booking *b,
    struct booking_fail *f)
{
	struct booking_seats s = seats(list);

	memset(f, 0, sizeof(*f));
	return booking_hold(db, &conf, now, show, user, &s, b, f);
}

static long long
version(long long id)
{
	char	 sql[128];

	snprintf(sql, sizeof(sql), "SELECT version FROM shows WHERE id = %lld",
	    id);
	return scalar(sql);
}

static long long
live_rows(void)
{
	return scalar("SELECT count(*) FROM booking_seats WHERE live = 1");
}

START_TEST(test_hold_grants_free_seats_at_show_price_plus_category)
{
	struct booking b;
	struct booking_fail f;
	long long v = version(show);

	ck_assert_int_eq(hold(alice, "A1,F1", t0, &b, &f), 0);
	ck_assert_str_eq(b.status, "pending");
	ck_assert_int_eq(b.amount, PRICE + PRICE + DELUXE);
	ck_assert_int_eq(b.seats.n, 2);
	ck_assert_int_eq((long long)b.expires_at, (long long)t0 + 300);
	ck_assert_int_eq(version(show), v + 1);
	ck_assert_int_eq(live_rows(), 2);
	/* What was stored reads back the same, seats in seat-map order. */
	ck_assert_int_eq(booking_get(db, b.id, t0, &b, &f), 0);
	ck_assert_str_eq(b.status, "pending");
	ck_assert_str_eq(b.seats.label[0], "A1");
	ck_assert_str_eq(b.seats.label[1], "F1");
	ck_assert_str_eq(b.movie_title, "Test Movie");
	ck_assert_str_eq(b.screen_name, "Screen 1");
	ck_assert_str_eq(b.customer_name, "User alice");
	ck_assert_int_eq(scalar("SELECT sum(price) FROM booking_seats"),
	    2 * PRICE + DELUXE);
}
END_TEST

START_TEST(test_hold_minutes_come_from_conf)
{
	struct booking b;
	struct booking_fail f;
	char	 why[64];

	ck_assert_int_eq(conf_parse(&conf, "hold_minutes = 12\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(hold(alice, "B1", t0, &b, &f), 0);
	ck_assert_int_eq((long long)b.expires_at, (long long)t0 + 720);
}
END_TEST

START_TEST(test_hold_refuses_seat_held_by_someone_else_all_or_nothing)
{
	struct booking b;
	struct booking_fail f;
	long long v;

	ck_assert_int_eq(hold(alice, "A1,A2", t0, &b, &f), 0);
	v = version(show);
	ck_assert_int_eq(hold(bob, "A3,A2,A4", t0 + 10, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SEATS_UNAVAILABLE);
	ck_assert_int_eq(f.seats.n, 1);		/* names only the taken seat */
	ck_assert_str_eq(f.seats.label[0], "A2");
	/* Nothing of the refused request was kept. */
	ck_assert_int_eq(live_rows(), 2);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings"), 1);
	ck_assert_int_eq(version(show), v);
	/* The same customer cannot hold their own seat twice either. */
	ck_assert_int_eq(hold(alice, "A1", t0 + 20, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SEATS_UNAVAILABLE);
}
END_TEST

START_TEST(test_hold_takes_over_lapsed_hold_without_the_sweeper)
{
	struct booking a, b;
	struct booking_fail f;

	ck_assert_int_eq(hold(alice, "C3,C4", t0, &a, &f), 0);
	/* One second before expiry the hold still stands. */
	ck_assert_int_eq(hold(bob, "C4", t0 + 299, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SEATS_UNAVAILABLE);
	/* At the expiry instant the seat is free. */
	ck_assert_int_eq(hold(bob, "C4", t0 + 300, &b, &f), 0);
	/* Alice's booking lapsed whole: expired, and C3 is no longer live. */
	ck_assert_int_eq(booking_get(db, a.id, t0 + 300, &a, &f), 0);
	ck_assert_str_eq(a.status, "expired");
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings "
	    "WHERE status = 'expired'"), 1);
	ck_assert_int_eq(live_rows(), 1);
	ck_assert_int_eq(hold(alice, "C3", t0 + 301, &a, &f), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats bs "
	    "JOIN bookings b ON b.id = bs.booking_id WHERE bs.live = 1 AND "
	    "b.status NOT IN ('pending', 'confirmed')"), 0);
}
END_TEST

START_TEST(test_lapsed_but_unswept_booking_reads_expired)
{
	struct booking b;
	struct booking_fail f;

	ck_assert_int_eq(hold(alice, "D1", t0, &b, &f), 0);
	ck_assert_int_eq(booking_get(db, b.id, t0 + 299, &b, &f), 0);
	ck_assert_str_eq(b.status, "pending");
	ck_assert_int_eq(booking_get(db, b.id, t0 + 300, &b, &f), 0);
	ck_assert_str_eq(b.status, "expired");
	/* Nothing was written: the row itself is still pending. */
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings "
	    "WHERE status = 'pending'"), 1);
}
END_TEST

START_TEST(test_parse_seats_counts_and_duplicates)
{
	struct booking_seats s;
	struct booking_fail f;
	cJSON	*v;

	memset(&f, 0, sizeof(f));
	v = cJSON_Parse("[]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
	ck_assert_str_eq(f.field, "seats");
	cJSON_Delete(v);
	ck_assert_int_eq(booking_parse_seats(NULL, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);

	v = cJSON_Parse("[\"A1\",\"A2\",\"A3\",\"A4\",\"A5\",\"A6\",\"A7\","
	    "\"A8\",\"A9\",\"A10\"]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), 0);
	ck_assert_int_eq(s.n, 10);
	cJSON_AddItemToArray(v, cJSON_CreateString("B1"));
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_TOO_MANY_SEATS);
	ck_assert_int_eq(f.max_seats, 10);
	cJSON_Delete(v);

	v = cJSON_Parse("[\"A1\",\"B2\",\"A1\"]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_DUPLICATE_SEAT);
	ck_assert_int_eq(f.seats.n, 1);
	ck_assert_str_eq(f.seats.label[0], "A1");
	cJSON_Delete(v);

	v = cJSON_Parse("[\"A1\", 7]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
	cJSON_Delete(v);
	v = cJSON_Parse("{\"a\":1}");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
	cJSON_Delete(v);

	/* A form's "A1, B2" works like a list. */
	v = cJSON_CreateString(" A1, B2 ,C3");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), 0);
	ck_assert_int_eq(s.n, 3);
	ck_assert_str_eq(s.label[2], "C3");
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_hold_names_every_seat_not_on_the_screen)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s;
	cJSON	*v = cJSON_Parse("[\"A1\",\"Z9\",\"A11\",\"<script>\"]");

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), 0);
	cJSON_Delete(v);
	ck_assert_int_eq(booking_hold(db, &conf, t0, show, alice, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_INVALID_SEAT);
	ck_assert_int_eq(f.seats.n, 3);
	ck_assert_str_eq(f.seats.label[0], "Z9");
	ck_assert_str_eq(f.seats.label[1], "A11");
	ck_assert_str_eq(f.seats.label[2], "?");	/* never echoed raw */
	ck_assert_int_eq(live_rows(), 0);
}
END_TEST

START_TEST(test_hold_refuses_unknown_and_started_shows)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("A1");
	long long old = add_show(3, t0 - 60);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_hold(db, &conf, t0, 999, alice, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SHOW_NOT_FOUND);
	ck_assert_int_eq(booking_hold(db, &conf, t0, old, alice, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SHOW_STARTED);
	/* The very second it starts counts as started. */
	ck_assert_int_eq(booking_hold(db, &conf, t0 + 86400, show, alice, &s,
	    &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SHOW_STARTED);
	ck_assert_int_eq(booking_hold(db, &conf, t0 + 86399, show, alice, &s,
	    &b, &f), 0);
}
END_TEST

START_TEST(test_same_seat_on_two_shows_is_two_seats)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("E5");

	ck_assert_int_eq(hold(alice, "E5", t0, &b, &f), 0);
	ck_assert_int_eq(booking_hold(db, &conf, t0, show2, bob, &s, &b, &f),
	    0);
}
END_TEST

static struct booking_walkin
walkin(long long amount)
{
	struct booking_walkin w = { show, "Ravi Kumar", "9000000001", amount,
	    0 };

	w.sold_by = staff;
	return w;
}

/* The single-seat-gap rule in the hold's own transaction (lib/seatpick.h
 * has the rule on drawn rows): the seat it would strand is named; the
 * counter is not held to it; gap_rule = off lifts it. */
START_TEST(test_hold_refuses_a_single_seat_gap_naming_the_seat)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("B2,B3");
	struct booking_walkin w = walkin(2 * PRICE);

	ck_assert_int_eq(hold(alice, "B2,B3", t0, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SINGLE_SEAT_GAP);
	ck_assert_int_eq(f.seats.n, 1);
	ck_assert_str_eq(f.seats.label[0], "B1");
	ck_assert_int_eq(live_rows(), 0);
	/* Between a staff sale and a customer's seats too. */
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	ck_assert_int_eq(hold(alice, "B5,B6", t0, &b, &f), -1);
	ck_assert_str_eq(f.seats.label[0], "B4");
	ck_assert_int_eq(hold(alice, "B4,B5", t0, &b, &f), 0);
	set_conf("gap_rule = off\n");
	ck_assert_int_eq(hold(bob, "C2,C3", t0, &b, &f), 0);
}
END_TEST

START_TEST(test_gap_rule_yields_when_every_choice_strands)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("D4,D5,D6,D7,D8,D9,D10");
	struct booking_walkin w = walkin(7 * PRICE);

	/* D1–D3 left: any two of three strand the third. */
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	ck_assert_int_eq(hold(alice, "D1,D2", t0, &b, &f), 0);
}
END_TEST

START_TEST(test_change_that_strands_a_seat_is_refused)
{
	struct booking a, b;
	struct booking_fail f;
	struct booking_change ch;

	ck_assert_int_eq(hold(alice, "E1,E2,E3", t0, &a, &f), 0);
	/* Letting go of the middle seat leaves it alone. */
	memset(&ch, 0, sizeof(ch));
	ch.remove = seats("E2");
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_change(db, &conf, t0 + 1, a.id, alice, &ch, &b,
	    &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SINGLE_SEAT_GAP);
	ck_assert_str_eq(f.seats.label[0], "E2");
	ck_assert_str_eq(f.field, "remove");
	/* Adding E5 would strand E4; adding E4 is fine. */
	memset(&ch, 0, sizeof(ch));
	ch.add = seats("E5");
	ck_assert_int_eq(booking_change(db, &conf, t0 + 1, a.id, alice, &ch, &b,
	    &f), -1);
	ck_assert_str_eq(f.seats.label[0], "E4");
	ck_assert_str_eq(f.field, "add");
	ch.add = seats("E4");
	ck_assert_int_eq(booking_change(db, &conf, t0 + 1, a.id, alice, &ch, &b,
	    &f), 0);
	ck_assert_int_eq(b.seats.n, 4);
}
END_TEST

START_TEST(test_walkin_sells_confirmed_with_cash)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("G1,G2");
	struct booking_walkin w = walkin(2 * (PRICE + DELUXE));
	long long v = version(show);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	ck_assert_str_eq(b.status, "confirmed");
	ck_assert_str_eq(b.payment_type, "cash");
	ck_assert_int_eq(version(show), v + 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE method = "
	    "'cash' AND status = 'succeeded' AND cash_amount = 80000"), 1);
	ck_assert_int_eq(booking_get(db, b.id, t0 + 99999, &b, &f), 0);
	ck_assert_str_eq(b.status, "confirmed");	/* never lapses */
	ck_assert_str_eq(b.customer_name, "Ravi Kumar");
	ck_assert_str_eq(b.customer_phone, "9000000001");
	ck_assert_int_eq(b.user_id, 0);
	/* Sold seats stay taken long after any hold would have lapsed. */
	ck_assert_int_eq(hold(alice, "G2", t0 + 3600, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SEATS_UNAVAILABLE);
}
END_TEST

START_TEST(test_walkin_refuses_wrong_amount_and_bad_details)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("A5");
	struct booking_walkin w = walkin(PRICE - 1);
	static const char *bad_names[] = { "Al", "Ravi2", "R@vi", "",
	    "One Two Three Four Five", NULL };
	static const char *bad_phones[] = { "900000000", "90000000011",
	    "90000a0001", "", NULL };

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_INVALID_AMOUNT);
	ck_assert_int_eq(f.amount_due, PRICE);
	w.amount_paid = PRICE + 1;
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_INVALID_AMOUNT);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM walkin_customers"), 0);
	w.amount_paid = PRICE;
	for (int i = 0; bad_names[i]; i++) {
		w.customer_name = bad_names[i];
		ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b,
		    &f), -1);
		ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
		ck_assert_str_eq(f.field, "customer_name");
	}
	w.customer_name = "Lakshmi Devi Narayanan Iyer";
	for (int i = 0; bad_phones[i]; i++) {
		w.phone = bad_phones[i];
		ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b,
		    &f), -1);
		ck_assert_str_eq(f.field, "phone");
	}
	w.phone = "9876501234";
	w.customer_name = "Zoë Ana";		/* non-ASCII letters */
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
}
END_TEST

/* A walk-in's name keeps the rule an account's name keeps (person.h):
 * normalised first — what is checked and what is stored — then 3 to 70
 * letters and spaces, at most 4 words; the phone 10 digits. */
START_TEST(test_walkin_name_keeps_the_account_rule)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("A5");
	struct booking_walkin w = walkin(PRICE);

	memset(&f, 0, sizeof(f));
	w.customer_name = "Lakshmi Devi Narayanan Iyer Subramanian";
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
	ck_assert_str_eq(f.field, "customer_name");
	ck_assert_str_eq(f.detail, "may have at most 4 words");
	w.customer_name = "Asha Rao";
	w.phone = "98765-4321";
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
	ck_assert_str_eq(f.field, "phone");
	ck_assert_str_eq(f.detail, "must be 10 digits");
	ck_assert_int_eq(scalar("SELECT count(*) FROM walkin_customers"), 0);
	w.phone = "9876501234";
	w.customer_name = "  Asha   Rao ";
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	ck_assert_str_eq(b.customer_name, "Asha Rao");
	ck_assert_int_eq(scalar("SELECT count(*) FROM walkin_customers WHERE "
	    "name = 'Asha Rao'"), 1);
	ck_assert_int_eq(booking_get(db, b.id, t0, &b, &f), 0);
	ck_assert_str_eq(b.customer_name, "Asha Rao");
}
END_TEST

START_TEST(test_walkin_refuses_taken_seat_and_takes_lapsed_one)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("H1");
	struct booking_walkin w = walkin(PRICE + DELUXE);

	ck_assert_int_eq(hold(alice, "H1", t0, &b, &f), 0);
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0 + 1, &w, &s, &b,
	    &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SEATS_UNAVAILABLE);
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0 + 300, &w, &s, &b,
	    &f), 0);
	ck_assert_int_eq(live_rows(), 1);
}
END_TEST

START_TEST(test_cancel_frees_seats_at_once)
{
	struct booking a, b;
	struct booking_fail f;
	long long v;

	ck_assert_int_eq(hold(alice, "J1,J2", t0, &a, &f), 0);
	v = version(show);
	/* Someone else's booking reads as not found. */
	ck_assert_int_eq(booking_cancel(db, a.id, bob, t0 + 5, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_NOT_FOUND);
	ck_assert_int_eq(booking_cancel(db, 424242, alice, t0 + 5, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_NOT_FOUND);
	ck_assert_int_eq(booking_cancel(db, a.id, alice, t0 + 5, &b, &f), 0);
	ck_assert_str_eq(b.status, "cancelled");
	ck_assert_int_eq(version(show), v + 1);
	ck_assert_int_eq(live_rows(), 0);
	ck_assert_int_eq(hold(bob, "J1", t0 + 6, &b, &f), 0);
	/* Twice: not pending any more. */
	ck_assert_int_eq(booking_cancel(db, a.id, alice, t0 + 7, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
	ck_assert_str_eq(f.status, "cancelled");
}
END_TEST

START_TEST(test_cancel_refuses_expired_and_confirmed)
{
	struct booking a, b;
	struct booking_fail f;
	struct booking_seats s = seats("I1");
	struct booking_walkin w = walkin(PRICE + DELUXE);

	ck_assert_int_eq(hold(alice, "I3", t0, &a, &f), 0);
	ck_assert_int_eq(booking_cancel(db, a.id, alice, t0 + 300, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
	ck_assert_str_eq(f.status, "expired");
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &a, &f), 0);
	ck_assert_int_eq(booking_cancel(db, a.id, 0, t0, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
	ck_assert_str_eq(f.status, "confirmed");
	ck_assert_int_eq(live_rows(), 2);	/* I3 lapsed-unswept, I1 sold */
}
END_TEST

/* DELETE's one call: a pending booking is cancelled (no refund), a
 * walk-in's cash is not refunded to any wallet, and the status is looked
 * at inside the transaction that acts on it. */
START_TEST(test_cancel_or_refund_decides_by_status)
{
	struct refund_cancel_result r;
	struct booking a;
	struct booking_fail f;
	struct booking_seats s = seats("I1");
	struct booking_walkin w = walkin(PRICE + DELUXE);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(hold(alice, "J1,J2", t0, &a, &f), 0);
	ck_assert_int_eq(refund_cancel(db, &conf, a.id, bob, t0 + 5, &r, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_NOT_FOUND);
	ck_assert_int_eq(refund_cancel(db, &conf, a.id, alice, t0 + 5, &r,
	    &f), 0);
	ck_assert_int_eq(r.refunded, 0);
	ck_assert_str_eq(r.booking.status, "cancelled");
	ck_assert_int_eq(r.booking.cancelled_at, t0 + 5);
	ck_assert_int_eq(r.booking.seats.n, 2);
	ck_assert_int_eq(live_rows(), 0);
	ck_assert_int_eq(refund_cancel(db, &conf, a.id, 0, t0 + 6, &r, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
	ck_assert_str_eq(f.status, "cancelled");
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &a, &f), 0);
	ck_assert_int_eq(refund_cancel(db, &conf, a.id, 0, t0 + 7, &r, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_REFUND_WALKIN);
	ck_assert_int_eq(booking_get(db, a.id, t0 + 7, &a, &f), 0);
	ck_assert_str_eq(a.status, "confirmed");
	ck_assert_int_eq(live_rows(), 1);
}
END_TEST

START_TEST(test_status_names_are_the_schemas)
{
	ck_assert_int_eq(booking_status_known("pending"), 1);
	ck_assert_int_eq(booking_status_known("checked_in"), 1);
	ck_assert_int_eq(booking_status_known("cancelled"), 1);
	ck_assert_int_eq(booking_status_known("Pending"), 0);
	ck_assert_int_eq(booking_status_known("paid"), 0);
	ck_assert_int_eq(booking_status_known(""), 0);
}
END_TEST

static int
collect(const struct booking *b, void *arg)
{
	long long *ids = arg;

	ids[++ids[0]] = b->id;
	return ids[0] >= 30;
}

START_TEST(test_list_own_newest_first_and_staff_filters)
{
	struct booking b;
	struct booking_fail f;
	struct booking_filter flt;
	struct booking_seats s = seats("B1");
	long long ids[32], a1, a2, a3;

	ck_assert_int_eq(hold(alice, "A1", t0, &b, &f), 0);
	a1 = b.id;
	ck_assert_int_eq(hold(bob, "A2", t0, &b, &f), 0);
	ck_assert_int_eq(hold(alice, "A3", t0 + 100, &b, &f), 0);
	a2 = b.id;
	ck_assert_int_eq(booking_hold(db, &conf, t0, show2, alice, &s, &b, &f),
	    0);
	a3 = b.id;

	memset(&flt, 0, sizeof(flt));
	flt.user_id = alice;
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0 + 350, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 3);
	ck_assert_int_eq(ids[1], a3);
	ck_assert_int_eq(ids[2], a2);
	ck_assert_int_eq(ids[3], a1);
	/* Effective status: a1 lapsed at t0+300, a2 holds until t0+400. */
	snprintf(flt.status, sizeof(flt.status), "expired");
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0 + 350, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 2);
	ck_assert_int_eq(ids[1], a3);
	ck_assert_int_eq(ids[2], a1);
	snprintf(flt.status, sizeof(flt.status), "pending");
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0 + 350, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 1);
	ck_assert_int_eq(ids[1], a2);

	/* Staff: everyone's, by show, paged. */
	memset(&flt, 0, sizeof(flt));
	flt.show_id = show;
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 3);
	flt.limit = 2;
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 2);
	flt.before_id = ids[2];
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 1);
	ck_assert_int_eq(ids[1], a1);
	flt.before_id = 0;
	flt.offset = 2;
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 1);
	memset(&flt, 0, sizeof(flt));
	snprintf(flt.date, sizeof(flt.date), "2030-03-18");	/* t0 + 1 day */
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 4);
	snprintf(flt.date, sizeof(flt.date), "2030-03-19");
	ids[0] = 0;
	ck_assert_int_eq(booking_list(db, &flt, t0, collect, ids, &f), 0);
	ck_assert_int_eq(ids[0], 0);
}
END_TEST

START_TEST(test_schema_refuses_second_live_row_even_if_code_were_wrong)
{
	struct booking b;
	struct booking_fail f;
	char	 sql[256];
	char	*msg = NULL;
	int	 rc;

	ck_assert_int_eq(hold(alice, "A1", t0, &b, &f), 0);
	exec("INSERT INTO bookings (id, show_id, user_id, status, amount, "
	    "seat_count, created_at, expires_at) VALUES (900, 1, 2, 'pending', "
	    "1, 1, 0, 0)");
	snprintf(sql, sizeof(sql), "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price, live) VALUES (900, %lld, "
	    "(SELECT id FROM seats WHERE label = 'A1' AND screen_id = 1), 1, 1)",
	    show);
	rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	ck_assert_int_eq(rc, SQLITE_CONSTRAINT_UNIQUE);
}
END_TEST

static void
pay(long long id, long long amount)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', %lld, %lld, 'card', %lld, %lld, 'succeeded', 0)", id,
	    alice, amount, amount);
	exec(sql);
}

START_TEST(test_payment_hooks_load_and_confirm)
{
	struct booking b, x;
	struct booking_fail f;
	long long v;

	ck_assert_int_eq(hold(alice, "F5,F6", t0, &b, &f), 0);
	ck_assert_int_eq(booking_load_for_payment(db, b.id, bob, t0, &x, &f),
	    -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_NOT_FOUND);
	ck_assert_int_eq(booking_load_for_payment(db, b.id, alice, t0 + 300, &x,
	    &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_EXPIRED);
	ck_assert_int_eq(booking_load_for_payment(db, b.id, alice, t0 + 10, &x,
	    &f), 0);
	ck_assert_int_eq(x.amount, 2 * (PRICE + DELUXE));

	/* Without a payment the schema refuses the confirmation. */
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(booking_confirm(db, b.id, t0 + 10, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_DB);
	db_rollback(db);

	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	v = version(show);
	pay(b.id, x.amount);
	ck_assert_int_eq(booking_confirm(db, b.id, t0 + 10, &f), 0);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	ck_assert_int_eq(version(show), v + 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats WHERE live "
	    "= 1 AND hold_expires_at IS NULL"), 2);
	/* Paid seats stay sold after the hold time. */
	ck_assert_int_eq(hold(bob, "F5", t0 + 1000, &x, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SEATS_UNAVAILABLE);
	ck_assert_int_eq(booking_get(db, b.id, t0 + 1000, &x, &f), 0);
	ck_assert_str_eq(x.status, "confirmed");
	ck_assert_str_eq(x.payment_type, "card");
	ck_assert_int_eq(booking_load_for_payment(db, b.id, alice, t0 + 11, &x,
	    &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
}
END_TEST

START_TEST(test_confirm_after_expiry_is_refused)
{
	struct booking b;
	struct booking_fail f;

	ck_assert_int_eq(hold(alice, "F7", t0, &b, &f), 0);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	pay(b.id, b.amount);
	ck_assert_int_eq(booking_confirm(db, b.id, t0 + 300, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_EXPIRED);
	db_rollback(db);
}
END_TEST

START_TEST(test_release_is_the_refund_hook)
{
	struct booking b;
	struct booking_fail f;
	struct booking_seats s = seats("A9");
	struct booking_walkin w = walkin(PRICE);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(booking_release(db, b.id, "cancelled", t0 + 5, &f), 0);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	ck_assert_int_eq(live_rows(), 0);
	ck_assert_int_eq(booking_get(db, b.id, t0, &b, &f), 0);
	ck_assert_str_eq(b.status, "cancelled");
	ck_assert_int_eq((long long)b.cancelled_at, (long long)t0 + 5);
	ck_assert_int_eq(booking_release(db, 777777, "cancelled", t0, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_NOT_FOUND);
}
END_TEST

/* nshows new shows with every one of their 100 seats in a lapsed one-seat
 * hold (booking id = show id * 1000 + seat id), plus one fresh hold. */
static void
lapsed_holds(int nshows)
{
	char	 sql[1024];

	snprintf(sql, sizeof(sql),
	    "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
	    "WHERE i < %d) INSERT INTO shows (movie_id, screen_id, slot_id, "
	    "date, starts_at, ends_at, price, created_at) SELECT 1, 1, 1, "
	    "date('2031-01-01', '+' || i || ' days'), %lld, %lld, %d, 0 FROM k",
	    nshows, (long long)t0 + 86400, (long long)t0 + 90000, PRICE);
	exec(sql);
	snprintf(sql, sizeof(sql), "INSERT INTO bookings (id, show_id, user_id, "
	    "status, amount, seat_count, created_at, expires_at) SELECT "
	    "s.id * 1000 + se.id, s.id, %lld, 'pending', %d, 1, 0, "
	    "%lld - se.id FROM shows s, seats se WHERE s.date >= '2031-01-01' "
	    "AND se.screen_id = 1", alice, PRICE, (long long)t0);
	exec(sql);
	exec("INSERT INTO booking_seats (booking_id, show_id, seat_id, price, "
	    "live, hold_expires_at) SELECT id, show_id, id % 1000, amount, 1, "
	    "expires_at FROM bookings");
	/* One still-valid hold must survive every sweep. */
	snprintf(sql, sizeof(sql), "INSERT INTO bookings (id, show_id, user_id, "
	    "status, amount, seat_count, created_at, expires_at) VALUES (5, "
	    "%lld, %lld, 'pending', 1, 1, 0, %lld)", show, alice,
	    (long long)t0 + 1);
	exec(sql);
	snprintf(sql, sizeof(sql), "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price, live, hold_expires_at) VALUES (5, %lld, "
	    "100, 1, 1, %lld)", show, (long long)t0 + 1);
	exec(sql);
}

START_TEST(test_sweeper_expires_in_batches_and_is_idempotent)
{
	struct booking_sweep_stats st;
	struct booking_fail f;
	long long v1 = version(show);

	lapsed_holds(12);
	memset(&st, 0, sizeof(st));
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sweep(db, t0, 500, 1000000, &st, &f), 0);
	ck_assert_int_eq(st.bookings, 1200);
	ck_assert_int_eq(st.seats, 1200);
	ck_assert_int_eq(st.transactions, 3);		/* 500 + 500 + 200 */
	ck_assert_int_gt(st.max_tx_us, 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings "
	    "WHERE status = 'expired'"), 1200);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings "
	    "WHERE status = 'pending'"), 1);		/* the fresh hold */
	ck_assert_int_eq(live_rows(), 1);
	/* Every swept show's seat map changed; the untouched one did not. */
	ck_assert_int_eq(scalar("SELECT count(*) FROM shows WHERE date >= "
	    "'2031-01-01' AND version = 0"), 0);
	ck_assert_int_eq(version(show), v1);
	/* Again: nothing to do, nothing changes. */
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(booking_sweep(db, t0, 500, 1000000, &st, &f), 0);
	ck_assert_int_eq(st.bookings, 0);
	ck_assert_int_eq(st.transactions, 1);
	ck_assert_int_eq(version(show), v1);
	/* And the fresh hold goes when its time comes. */
	ck_assert_int_eq(booking_sweep(db, t0 + 1, 500, 1000000, &st, &f), 0);
	ck_assert_int_eq(live_rows(), 0);
	ck_assert_int_eq(version(show), v1 + 1);
}
END_TEST

START_TEST(test_sweeper_shrinks_batch_when_a_transaction_runs_long)
{
	struct booking_sweep_stats st;
	struct booking_fail f;

	lapsed_holds(3);
	memset(&st, 0, sizeof(st));
	memset(&f, 0, sizeof(f));
	/* A target no transaction can meet: the batch halves every time. */
	ck_assert_int_eq(booking_sweep(db, t0, 64, 0, &st, &f), 0);
	ck_assert_int_eq(st.bookings, 300);
	ck_assert_int_lt(st.final_batch, 64);
	ck_assert_int_gt(st.transactions, 300 / 64 + 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings "
	    "WHERE status = 'pending'"), 1);
}
END_TEST

START_TEST(test_sweeper_leaves_confirmed_and_live_holds_alone)
{
	struct booking b;
	struct booking_fail f;
	struct booking_sweep_stats st;
	struct booking_seats s = seats("B5");
	struct booking_walkin w = walkin(PRICE);

	ck_assert_int_eq(hold(alice, "B1", t0, &b, &f), 0);
	ck_assert_int_eq(hold(bob, "B2", t0 + 200, &b, &f), 0);
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	memset(&st, 0, sizeof(st));
	ck_assert_int_eq(booking_sweep(db, t0 + 300, 500, 20000, &st, &f), 0);
	ck_assert_int_eq(st.bookings, 1);
	ck_assert_int_eq(live_rows(), 2);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings WHERE status = "
	    "'confirmed'"), 1);
}
END_TEST

/* Processes racing on one database file: each seat ends in at most one
 * live booking, and every granted hold owns exactly its seats. */
START_TEST(test_racing_processes_never_share_a_seat)
{
	enum { PROCS = 8, ROUNDS = 40 };
	int	 status;

	/* Seats, not caps, are this test's subject (the caps have their own
	 * race below): two customers holding on and on must not be capped. */
	set_conf("hold_minutes = 5\nmax_seats = 50\n"
	    "max_pending_bookings = 100\n");

	for (int p = 0; p < PROCS; p++) {
		if (fork() == 0) {
			sqlite3	*mine;
			struct booking b;
			struct booking_fail f;
			char	 list[64];

			srand((unsigned)getpid());
			if (db_open(path, &mine) != SQLITE_OK)
				_exit(2);
			for (int r = 0; r < ROUNDS; r++) {
				struct booking_seats s;
				cJSON	*v;
				int	 row = rand() % 3, col = 1 + rand() % 8;

				snprintf(list, sizeof(list), "%c%d,%c%d,%c%d",
				    'A' + row, col, 'A' + row, col + 1, 'A' + row,
				    col + 2);
				v = cJSON_CreateString(list);
				memset(&f, 0, sizeof(f));
				booking_parse_seats(v, 10, &s, &f);
				cJSON_Delete(v);
				if (booking_hold(mine, &conf, t0 + r * 30, show,
				    p % 2 ? alice : bob, &s, &b, &f) == -1 &&
				    f.err != BOOKING_ERR_SEATS_UNAVAILABLE &&
				    f.err != BOOKING_ERR_SINGLE_SEAT_GAP)
					_exit(3);
			}
			db_close(mine);
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		ck_assert_int_ne(wait(&status), -1);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "racer failed: %d", status);
	}
	ck_assert_int_eq(scalar("SELECT count(*) FROM (SELECT 1 FROM "
	    "booking_seats WHERE live = 1 GROUP BY show_id, seat_id "
	    "HAVING count(*) > 1)"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings b WHERE "
	    "b.status = 'pending' AND b.seat_count <> (SELECT count(*) FROM "
	    "booking_seats bs WHERE bs.booking_id = b.id AND bs.live = 1)"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats bs JOIN "
	    "bookings b ON b.id = bs.booking_id WHERE bs.live = 1 AND "
	    "b.status <> 'pending'"), 0);
	ck_assert_int_gt(scalar("SELECT count(*) FROM bookings"), 0);
}
END_TEST

/* --- what one customer may hold (DESIGN §7) -------------------------------- */

/* How many bookings of user match cond (SQL over bookings). */
static long long
count_of(long long user, const char *cond)
{
	char	 sql[256];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bookings WHERE "
	    "user_id = %lld AND %s", user, cond);
	return scalar(sql);
}

static int
hold_on(long long on, long long user, const char *list, time_t now,
    struct booking *b, struct booking_fail *f)
{
	struct booking_seats s = seats(list);

	memset(f, 0, sizeof(*f));
	return booking_hold(db, &conf, now, on, user, &s, b, f);
}

START_TEST(test_hold_caps_a_customers_seats_in_live_holds_of_a_show)
{
	struct booking b, first;
	struct booking_fail f;
	struct booking_walkin w = { show, "Ravi Kumar", "9000000001",
	    10 * (PRICE + DELUXE), 0 };
	struct booking_seats many = seats("F1,F2,F3,F4,F5,F6,F7,F8,F9,F10");
	long long v;

	ck_assert_int_eq(hold(alice, "A1,A2,A3,A4,A5,A6", t0, &first, &f), 0);
	v = version(show);
	ck_assert_int_eq(hold(alice, "B1,B2,B3,B4,B5", t0 + 1, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SHOW_SEATS_CAP);
	ck_assert_int_eq(f.held_seats, 6);
	ck_assert_int_eq(f.max_seats, 10);
	ck_assert_int_eq(version(show), v);	/* nothing written */
	ck_assert_int_eq(hold(alice, "B1,B2,B3,B4", t0 + 2, &b, &f), 0);
	ck_assert_int_eq(hold(alice, "C1", t0 + 3, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SHOW_SEATS_CAP);
	ck_assert_int_eq(f.held_seats, 10);
	/* Someone else, and another show, are not affected. */
	ck_assert_int_eq(hold(bob, "C1,C2", t0 + 4, &b, &f), 0);
	ck_assert_int_eq(hold_on(show2, alice, "C1", t0 + 5, &b, &f), 0);
	/* The counter sells without caps. */
	w.sold_by = staff;
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0 + 6, &w, &many, &b,
	    &f), 0);
	/* A cancelled hold counts for nothing at once. */
	ck_assert_int_eq(booking_cancel(db, first.id, alice, t0 + 7, &first,
	    &f), 0);
	ck_assert_int_eq(hold(alice, "D1,D2,D3,D4,D5,D6", t0 + 8, &b, &f), 0);
	/* A max_seats of 4 caps at 4 (and what is held already counts). */
	set_conf("max_seats = 4\n");
	ck_assert_int_eq(hold(bob, "E1,E2,E3", t0 + 9, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_SHOW_SEATS_CAP);
	ck_assert_int_eq(f.max_seats, 4);
	ck_assert_int_eq(hold(bob, "E1,E2", t0 + 9, &b, &f), 0);
}
END_TEST

START_TEST(test_hold_caps_live_holds_across_shows_with_retry_after)
{
	struct booking b, h[3];
	struct booking_fail f;
	long long s3 = add_show(3, t0 + 86400), s4 = add_show(4, t0 + 86400);

	ck_assert_int_eq(booking_max_pending(&conf), 3);	/* the default */
	ck_assert_int_eq(hold_on(show, alice, "A1", t0, &h[0], &f), 0);
	ck_assert_int_eq(hold_on(show2, alice, "A1", t0 + 100, &h[1], &f), 0);
	ck_assert_int_eq(hold_on(s3, alice, "A1", t0 + 200, &h[2], &f), 0);
	ck_assert_int_eq(hold_on(s4, alice, "A1", t0 + 250, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_PENDING_CAP);
	ck_assert_int_eq(f.max_pending, 3);
	ck_assert_int_eq(f.retry_after, 50);	/* the oldest lapses at +300 */
	/* Bob is not affected. */
	ck_assert_int_eq(hold_on(s4, bob, "B1", t0 + 250, &b, &f), 0);
	/* One second before the lapse: still refused, 1 s to wait. */
	ck_assert_int_eq(hold_on(s4, alice, "A1", t0 + 299, &b, &f), -1);
	ck_assert_int_eq(f.retry_after, 1);
	/* Lapsed, not swept: no longer counts. */
	ck_assert_int_eq(hold_on(s4, alice, "A1", t0 + 300, &b, &f), 0);
	ck_assert_int_eq(count_of(alice, "status = 'pending'"), 4); /* unswept */
	ck_assert_int_eq(hold_on(s4, alice, "A2", t0 + 301, &b, &f), -1);
	ck_assert_int_eq(f.retry_after, 400 - 301);	/* h[1] is oldest now */
	/* Cancelled or paid holds are not live holds. */
	ck_assert_int_eq(booking_cancel(db, h[1].id, alice, t0 + 302, &b, &f),
	    0);
	ck_assert_int_eq(hold_on(s4, alice, "A2", t0 + 303, &b, &f), 0);
	ck_assert_int_eq(hold_on(s4, alice, "A3", t0 + 304, &b, &f), -1);
	exec("INSERT INTO payments (purpose, booking_id, method, amount, "
	    "cash_amount, status, created_at, settled_at) SELECT 'booking', "
	    "id, 'cash', amount, amount, 'succeeded', 0, 0 FROM bookings "
	    "WHERE id = (SELECT max(id) FROM bookings)");
	ck_assert_int_eq(booking_confirm(db, scalar("SELECT max(id) FROM "
	    "bookings"), t0 + 305, &f), 0);
	ck_assert_int_eq(hold_on(s4, alice, "A3", t0 + 306, &b, &f), 0);
	/* max_pending_bookings comes from skyfox.conf. */
	set_conf("max_pending_bookings = 1\n");
	ck_assert_int_eq(hold_on(s3, bob, "B1", t0 + 306, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_PENDING_CAP);
	ck_assert_int_eq(f.retry_after, 250 + 300 - 306);
	set_conf("max_pending_bookings = 0\n");
	ck_assert_int_eq(booking_max_pending(&conf), 1);
}
END_TEST

START_TEST(test_hold_refuses_show_outside_the_customers_window)
{
	struct booking b;
	struct booking_fail f;
	struct booking_walkin w = { 0, "Ravi Kumar", "9000000001", PRICE, 0 };
	struct booking_seats one = seats("A1");
	long long far = add_show(1, t0 + 9 * 86400);
	long long edge = add_show(1, clock_local("2030-03-23", 600));

	ck_assert_int_eq(hold_on(far, alice, "A1", t0, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_DATE_OUT_OF_RANGE);
	ck_assert_int_eq(f.window_days, 7);
	/* Today (2030-03-17 in Kolkata) + 6 is the last day in it. */
	ck_assert_int_eq(hold_on(edge, alice, "A1", t0, &b, &f), 0);
	/* The counter sells any date. */
	w.show_id = far;
	w.sold_by = staff;
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &one, &b, &f),
	    0);
	/* A wider window lets the customer in. */
	set_conf("booking_window_days = 10\n");
	ck_assert_int_eq(hold_on(far, alice, "A2", t0, &b, &f), 0);
}
END_TEST

/* Processes racing as ONE customer: the caps hold because they are checked
 * inside the hold's write transaction, not before it. */
START_TEST(test_racing_holds_of_one_customer_keep_both_caps)
{
	enum { PROCS = 10 };
	long long shows[PROCS];
	int	 status;

	for (int p = 0; p < PROCS; p++)
		shows[p] = add_show(1 + p % 4, t0 + 86400 * (2 + p / 4));
	for (int round = 0; round < 2; round++) {
		for (int p = 0; p < PROCS; p++) {
			if (fork() == 0) {
				sqlite3	*mine;
				struct booking b;
				struct booking_fail f;
				struct booking_seats s;
				char	 list[64];
				cJSON	*v;

				if (db_open(path, &mine) != SQLITE_OK)
					_exit(2);
				/* Round 0: ten seats each of one show; round
				 * 1: one seat each of ten shows (bob). */
				snprintf(list, sizeof(list), "%c1,%c2,%c3,%c4,"
				    "%c5,%c6,%c7,%c8,%c9,%c10", 'A' + p, 'A' + p,
				    'A' + p, 'A' + p, 'A' + p, 'A' + p, 'A' + p,
				    'A' + p, 'A' + p, 'A' + p);
				v = cJSON_CreateString(round == 0 ? list : "J5");
				memset(&f, 0, sizeof(f));
				booking_parse_seats(v, 10, &s, &f);
				cJSON_Delete(v);
				if (booking_hold(mine, &conf, t0, round == 0 ?
				    show : shows[p], round == 0 ? alice : bob,
				    &s, &b, &f) == 0)
					_exit(0);
				db_close(mine);
				_exit(f.err == (round == 0 ?
				    BOOKING_ERR_SHOW_SEATS_CAP :
				    BOOKING_ERR_PENDING_CAP) ? 10 : 3);
			}
		}
		for (int p = 0; p < PROCS; p++) {
			ck_assert_int_ne(wait(&status), -1);
			ck_assert_msg(WIFEXITED(status) &&
			    (WEXITSTATUS(status) == 0 ||
			    WEXITSTATUS(status) == 10), "racer: %d", status);
		}
	}
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats WHERE "
	    "live = 1 AND booking_id IN (SELECT id FROM bookings WHERE "
	    "user_id = (SELECT id FROM users WHERE username = 'alice'))"), 10);
	ck_assert_int_eq(count_of(alice, "1"), 1);
	ck_assert_int_eq(count_of(bob, "1"), 3);
}
END_TEST

START_TEST(test_booking_json_has_the_contract_fields)
{
	struct booking b;
	struct booking_fail f;
	cJSON	*j;

	ck_assert_int_eq(hold(alice, "A1,A2", t0, &b, &f), 0);
	j = booking_json(&b, "INR", 0);
	ck_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring,
	    "pending");
	ck_assert_int_eq(cJSON_GetObjectItem(j, "amount")->valuedouble,
	    2 * PRICE);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "seats")),
	    2);
	ck_assert_str_eq(cJSON_GetObjectItem(j, "currency")->valuestring, "INR");
	/* 1900000300 in Asia/Kolkata. */
	ck_assert_str_eq(cJSON_GetObjectItem(j, "expires_at")->valuestring,
	    "2030-03-17T23:21:40+05:30");
	cJSON_Delete(j);
}
END_TEST

Suite *
booking_suite(void)
{
	Suite	*s = suite_create("booking");
	TCase	*tc = tcase_create("engine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_hold_grants_free_seats_at_show_price_plus_category);
	tcase_add_test(tc, test_hold_minutes_come_from_conf);
	tcase_add_test(tc, test_hold_refuses_seat_held_by_someone_else_all_or_nothing);
	tcase_add_test(tc, test_hold_takes_over_lapsed_hold_without_the_sweeper);
	tcase_add_test(tc, test_lapsed_but_unswept_booking_reads_expired);
	tcase_add_test(tc, test_parse_seats_counts_and_duplicates);
	tcase_add_test(tc, test_hold_names_every_seat_not_on_the_screen);
	tcase_add_test(tc, test_hold_refuses_unknown_and_started_shows);
	tcase_add_test(tc, test_same_seat_on_two_shows_is_two_seats);
	tcase_add_test(tc, test_hold_refuses_a_single_seat_gap_naming_the_seat);
	tcase_add_test(tc, test_gap_rule_yields_when_every_choice_strands);
	tcase_add_test(tc, test_change_that_strands_a_seat_is_refused);
	tcase_add_test(tc, test_walkin_sells_confirmed_with_cash);
	tcase_add_test(tc, test_walkin_refuses_wrong_amount_and_bad_details);
	tcase_add_test(tc, test_walkin_name_keeps_the_account_rule);
	tcase_add_test(tc, test_walkin_refuses_taken_seat_and_takes_lapsed_one);
	tcase_add_test(tc, test_cancel_frees_seats_at_once);
	tcase_add_test(tc, test_cancel_refuses_expired_and_confirmed);
	tcase_add_test(tc, test_cancel_or_refund_decides_by_status);
	tcase_add_test(tc, test_status_names_are_the_schemas);
	tcase_add_test(tc, test_list_own_newest_first_and_staff_filters);
	tcase_add_test(tc, test_schema_refuses_second_live_row_even_if_code_were_wrong);
	tcase_add_test(tc, test_payment_hooks_load_and_confirm);
	tcase_add_test(tc, test_confirm_after_expiry_is_refused);
	tcase_add_test(tc, test_release_is_the_refund_hook);
	tcase_add_test(tc, test_sweeper_expires_in_batches_and_is_idempotent);
	tcase_add_test(tc, test_sweeper_shrinks_batch_when_a_transaction_runs_long);
	tcase_add_test(tc, test_sweeper_leaves_confirmed_and_live_holds_alone);
	tcase_add_test(tc, test_racing_processes_never_share_a_seat);
	tcase_add_test(tc, test_booking_json_has_the_contract_fields);
	tcase_add_test(tc, test_hold_caps_a_customers_seats_in_live_holds_of_a_show);
	tcase_add_test(tc, test_hold_caps_live_holds_across_shows_with_retry_after);
	tcase_add_test(tc, test_hold_refuses_show_outside_the_customers_window);
	tcase_add_test(tc, test_racing_holds_of_one_customer_keep_both_caps);
	suite_add_tcase(s, tc);
	return s;
}
