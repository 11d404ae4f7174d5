/* show_cancel on a real (temporary) SQLite database: the sums it refunds
 * and lists, the holds it ends, what it refuses, that it is all or nothing,
 * that the invariants hold after it, and that a cancelled show leaves the
 * lists and frees its slot.  Also migration 4 over a database with data. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "booking.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "invariant.h"
#include "migrate.h"
#include "show.h"
#include "unit.h"
#include "wallet.h"

#define PRICE	25000		/* 250.00; Deluxe (rows F-J) adds 150.00 */

static char	 path[64];
static sqlite3	*db;
static struct conf conf;
static time_t	 t0;
static long long show, alice, bob, carol, staff, admin;

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
	long long id;

	snprintf(sql, sizeof(sql), "INSERT INTO users (username, name, role, "
	    "password_hash, created_at, updated_at) VALUES ('%s', 'User %s', "
	    "'%s', 'x', 0, 0)", name, name, role);
	exec(sql);
	id = sqlite3_last_insert_rowid(db);
	ck_assert_int_eq(wallet_ensure(db, id, 0), SQLITE_OK);
	return id;
}

static long long
add_show(int slot, const char *date)
{
	struct show_new n;
	struct show_fail f;
	long long id;

	memset(&n, 0, sizeof(n));
	n.movie_id = 1;
	n.screen_id = 1;
	n.slot_id = slot;
	n.price = PRICE;
	snprintf(n.date, sizeof(n.date), "%s", date);
	ck_assert_msg(show_create(db, &n, t0, &id, &f) == 0, "err %d", f.err);
	return id;
}

static void
setup(void)
{
	char	 why[256];
	int	 from, to, fd;

	snprintf(path, sizeof(path), "/tmp/skyfox-unit-cancel.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	exec(skyfox_seed_sql);
	ck_assert_int_eq(conf_parse(&conf, "hold_minutes = 5\n"
	    "refund_cutoff_minutes = 120\n", why, sizeof(why)), 0);
	clock_use_zone("Asia/Kolkata");
	/* Tomorrow's Morning slot (08:30) is an hour away: inside any refund
	 * cut-off. */
	t0 = clock_local("2030-01-11", 450);
	exec("INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "VALUES (1, 'tt0000001', 'Test Movie', '{}', 0)");
	show = add_show(1, "2030-01-11");
	alice = add_user("alice", "customer");
	bob = add_user("bob", "customer");
	carol = add_user("carol", "customer");
	staff = add_user("sam", "staff");
	admin = add_user("ada", "admin");
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

static long long
hold(long long user, const char *list, time_t now)
{
	struct booking_seats s = seats(list);
	struct booking b;
	struct booking_fail f;

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_hold(db, &conf, now, show, user, &s, &b, &f),
	    0);
	return b.id;
}

/* A hold paid: by card (wallet_part 0) or partly from the wallet (topped
 * up first).  Returns the booking's id and amount. */
static long long
paid(long long user, const char *list, long long wallet_part,
    long long *amount)
{
	struct booking_fail f;
	long long id = hold(user, list, t0);
	char	 sql[512];

	*amount = scalar("SELECT max(amount) FROM bookings WHERE id = "
	    "(SELECT max(id) FROM bookings)");
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	if (wallet_part > 0)
		ck_assert_int_eq(wallet_ledger_add(db, user, wallet_part,
		    "topup", 0, 0, t0), SQLITE_OK);
	snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, wallet_amount, status, "
	    "created_at) VALUES ('booking', %lld, %lld, '%s', %lld, %lld, %lld, "
	    "'succeeded', 0)", id, user, wallet_part ? "wallet+card" : "card",
	    *amount, *amount - wallet_part, wallet_part);
	exec(sql);
	if (wallet_part > 0)
		ck_assert_int_eq(wallet_ledger_add(db, user, -wallet_part,
		    "payment", id, sqlite3_last_insert_rowid(db), t0),
		    SQLITE_OK);
	ck_assert_int_eq(booking_confirm(db, id, t0, &f), 0);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	return id;
}

static long long
walkin(const char *list, const char *name, const char *phone, long long amt)
{
	struct booking_walkin w = { show, name, phone, amt, staff };
	struct booking_seats s = seats(list);
	struct booking b;
	struct booking_fail f;

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &f), 0);
	return b.id;
}

static long long
balance(long long user)
{
	long long b = -1;

	ck_assert_int_eq(wallet_balance(db, user, &b), SQLITE_OK);
	return b;
}

static int
list_count(const struct show *s, void *arg)
{
	(void)s;
	(*(int *)arg)++;
	return 0;
}

START_TEST(test_cancel_refunds_paid_lists_walkins_and_ends_holds)
{
	struct show_cancel_result r;
	struct show_fail f;
	long long a1, a2, b1, w1, amt_a1, amt_a2, amt_b1, pend, lapsed;
	int	 n = 0;
	char	 date[11];

	a1 = paid(alice, "A1,A2", 0, &amt_a1);
	a2 = paid(alice, "F1", 10000, &amt_a2);	/* wallet+card */
	b1 = paid(bob, "B5", 0, &amt_b1);
	w1 = walkin("G1,G2", "Ravi Kumar", "9000000001",
	    2 * (PRICE + 15000));
	lapsed = hold(carol, "C1", t0 - 600);	/* lapsed, unswept */
	pend = hold(carol, "C3", t0);
	ck_assert_int_eq(amt_a1, 2 * PRICE);
	ck_assert_int_eq(balance(alice), 0);

	ck_assert_int_eq(show_cancel(db, show, "Projector broken", admin, t0 +
	    60, &r, &f), 0);
	ck_assert_int_eq(r.holds_cancelled, 1);
	ck_assert_int_eq(r.nrefunded, 3);
	ck_assert_int_eq(r.refunded[0].booking_id, a1);
	ck_assert_int_eq(r.refunded[0].amount, amt_a1);
	ck_assert_int_eq(r.refunded[1].booking_id, a2);
	ck_assert_int_eq(r.refunded[1].amount, amt_a2);
	ck_assert_int_eq(r.refunded[2].booking_id, b1);
	ck_assert_int_eq(r.refunded_total, amt_a1 + amt_a2 + amt_b1);
	ck_assert_int_eq(r.ncash, 1);
	ck_assert_int_eq(r.cash[0].booking_id, w1);
	ck_assert_int_eq(r.cash[0].amount, 2 * (PRICE + 15000));
	ck_assert_str_eq(r.cash[0].customer_name, "Ravi Kumar");
	ck_assert_str_eq(r.cash[0].phone, "9000000001");
	ck_assert_int_eq(r.cash_total, 2 * (PRICE + 15000));
	show_cancel_result_free(&r);

	/* Refunds in full, whatever share the card paid, past the cut-off. */
	ck_assert_int_eq(balance(alice), amt_a1 + amt_a2);
	ck_assert_int_eq(balance(bob), amt_b1);
	ck_assert_int_eq(balance(carol), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM wallet_ledger WHERE "
	    "kind = 'refund' AND note = 'show cancelled: Projector broken'"),
	    3);
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats WHERE "
	    "live = 1"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings WHERE status = "
	    "'cancelled'"), 5);
	{
		char	 sql[128];

		snprintf(sql, sizeof(sql), "SELECT status = 'expired' FROM "
		    "bookings WHERE id = %lld", lapsed);
		ck_assert_int_eq(scalar(sql), 1);
		snprintf(sql, sizeof(sql), "SELECT status = 'cancelled' FROM "
		    "bookings WHERE id = %lld", pend);
		ck_assert_int_eq(scalar(sql), 1);
	}
	ck_assert_int_eq(scalar("SELECT count(*) FROM audit_log WHERE action "
	    "= 'show.cancel'"), 1);
	ck_assert_int_eq(invariant_check_all(db, t0 + 60, NULL, NULL), 0);

	/* Gone from the list; the one read says it was cancelled. */
	ck_assert_int_eq(show_date_of(db, show, date), SQLITE_ROW);
	ck_assert_int_eq(show_each(db, date, 0, t0, list_count, &n), SQLITE_OK);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_cancelled_show_refuses_everything_after)
{
	struct show_cancel_result r;
	struct show_fail f;
	struct booking_seats s = seats("D1");
	struct booking b;
	struct booking_fail bf;
	struct booking_walkin w = { 0, "Ravi Kumar", "9000000001", PRICE,
	    0 };
	long long pend = hold(carol, "C3", t0), again;
	int	 cancelled = 0;
	cJSON	*o;

	ck_assert_int_eq(show_cancel(db, show, "Flood", admin, t0, &r, &f), 0);
	show_cancel_result_free(&r);
	/* Twice: refused, and nothing moves. */
	ck_assert_int_eq(show_cancel(db, show, "Again", admin, t0, &r, &f), -1);
	ck_assert_int_eq(f.err, SHOW_ERR_CANCELLED);
	ck_assert_int_eq(show_cancelled(db, show, &cancelled), SQLITE_ROW);
	ck_assert_int_eq(cancelled, 1);

	memset(&bf, 0, sizeof(bf));
	ck_assert_int_eq(booking_hold(db, &conf, t0, show, alice, &s, &b, &bf),
	    -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_SHOW_CANCELLED);
	w.show_id = show;
	w.sold_by = staff;
	ck_assert_int_eq(booking_sell_walkin(db, &conf, t0, &w, &s, &b, &bf),
	    -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_SHOW_CANCELLED);
	ck_assert_int_eq(booking_load_for_payment(db, pend, carol, t0, &b,
	    &bf), -1);
	ck_assert_int_eq(bf.err, BOOKING_ERR_SHOW_CANCELLED);
	ck_assert_int_eq(show_set_pricing(db, show, 30000, 0, t0, &f), -1);
	ck_assert_int_eq(f.err, SHOW_ERR_CANCELLED);

	/* One read still answers, saying why. */
	ck_assert_int_eq(show_get(db, show, t0, "INR", &o), SQLITE_ROW);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o,
	    "cancelled"), "reason")->valuestring, "Flood");
	cJSON_Delete(o);

	/* Its slot is free again. */
	again = add_show(1, "2030-01-11");
	ck_assert_int_gt(again, show);
}
END_TEST

START_TEST(test_cancel_refuses_started_unknown_and_changes_nothing)
{
	struct show_cancel_result r;
	struct show_fail f;
	long long amt;

	paid(alice, "A1", 0, &amt);
	ck_assert_int_eq(show_cancel(db, show, "Late", admin, t0 + 3600, &r,
	    &f), -1);
	ck_assert_int_eq(f.err, SHOW_ERR_STARTED);
	ck_assert_int_eq(show_cancel(db, 9999, "Nope", admin, t0, &r, &f), -1);
	ck_assert_int_eq(f.err, SHOW_ERR_NOT_FOUND);
	ck_assert_int_eq(r.nrefunded, 0);
	ck_assert_int_eq(balance(alice), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM shows WHERE cancelled_at "
	    "IS NOT NULL"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings WHERE status = "
	    "'confirmed'"), 1);
}
END_TEST

/* All or nothing: a refund that cannot be written (here a wallet the
 * ledger cannot credit) leaves the show, the holds and the other refunds
 * as they were. */
START_TEST(test_cancel_is_one_transaction)
{
	struct show_cancel_result r;
	struct show_fail f;
	long long amt;

	paid(alice, "A1", 0, &amt);
	paid(bob, "A2", 0, &amt);
	hold(carol, "C1", t0);
	exec("CREATE TRIGGER no_refund_for_bob BEFORE INSERT ON wallet_ledger "
	    "WHEN NEW.user_id = (SELECT id FROM users WHERE username = 'bob') "
	    "BEGIN SELECT RAISE(ABORT, 'test'); END");
	ck_assert_int_eq(show_cancel(db, show, "Broken", admin, t0, &r, &f), -1);
	ck_assert_int_eq(f.err, SHOW_ERR_DB);
	ck_assert_int_eq(balance(alice), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM shows WHERE cancelled_at "
	    "IS NOT NULL"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats WHERE "
	    "live = 1"), 3);
	ck_assert_int_eq(scalar("SELECT count(*) FROM audit_log"), 0);
}
END_TEST

START_TEST(test_reason_rule)
{
	char	 long_r[SHOW_REASON_MAX * 2 + 4];

	ck_assert(show_reason_valid("Projector broken"));
	ck_assert(show_reason_valid("प्रोजेक्टर खराब"));
	ck_assert(!show_reason_valid(NULL));
	ck_assert(!show_reason_valid(""));
	ck_assert(!show_reason_valid("   "));
	ck_assert(!show_reason_valid("line\nbreak"));
	ck_assert(!show_reason_valid("del\x7f"));
	ck_assert(!show_reason_valid("\xff bad"));
	memset(long_r, 'x', SHOW_REASON_MAX);
	long_r[SHOW_REASON_MAX] = '\0';
	ck_assert(show_reason_valid(long_r));
	long_r[SHOW_REASON_MAX] = 'x';
	long_r[SHOW_REASON_MAX + 1] = '\0';
	ck_assert(!show_reason_valid(long_r));
	/* 200 characters of two bytes each are 200 characters. */
	for (int i = 0; i < SHOW_REASON_MAX; i++)
		memcpy(long_r + 2 * i, "\xc3\xa9", 2);
	long_r[2 * SHOW_REASON_MAX] = '\0';
	ck_assert(show_reason_valid(long_r));
}
END_TEST

/* Migration 4 rebuilds shows under rows that point at it: an upgrade from
 * 3 with bookings keeps every row and every reference. */
START_TEST(test_migration_4_keeps_data_and_references)
{
	sqlite3	*old;
	char	 p[96], why[256];
	int	 from, to;

	snprintf(p, sizeof(p), "%s-m3", path);
	unlink(p);
	ck_assert_int_eq(db_open(p, &old), SQLITE_OK);
	ck_assert_int_eq(migrate_apply_upto(old, skyfox_schema_sql, 3, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(db_exec(old, skyfox_seed_sql), SQLITE_OK);
	ck_assert_int_eq(db_exec(old, "INSERT INTO users (id, username, name, "
	    "role, password_hash, created_at, updated_at) VALUES (7, 'al', "
	    "'Al Bee', 'customer', 'x', 0, 0);"
	    "INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "VALUES (1, 'tt1', 'M', '{}', 0);"
	    "INSERT INTO shows (id, movie_id, screen_id, slot_id, date, "
	    "starts_at, ends_at, price, version, created_at) VALUES "
	    "(42, 1, 1, 1, '2030-01-01', 10, 20, 100, 5, 0);"
	    "INSERT INTO bookings (id, show_id, user_id, status, amount, "
	    "seat_count, created_at, expires_at) VALUES (3, 42, 7, 'pending', "
	    "100, 1, 0, 99);"
	    "INSERT INTO booking_seats (booking_id, show_id, seat_id, price) "
	    "VALUES (3, 42, 1, 100);"), SQLITE_OK);
	ck_assert_msg(migrate_apply(old, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(unit_scalar(old, "SELECT version FROM shows WHERE id "
	    "= 42"), 5);
	ck_assert_int_eq(unit_scalar(old, "SELECT count(*) FROM bookings b "
	    "JOIN shows s ON s.id = b.show_id"), 1);
	ck_assert_int_eq(unit_scalar(old, "SELECT count(*) FROM "
	    "pragma_foreign_key_check"), 0);
	ck_assert_int_eq(unit_scalar(old, "SELECT foreign_keys FROM "
	    "pragma_foreign_keys"), 1);
	/* The references still hold: a booking of a show that is not there
	 * is refused. */
	ck_assert_int_ne(db_exec(old, "INSERT INTO bookings (show_id, user_id, "
	    "status, amount, seat_count, created_at) VALUES (4242, 7, "
	    "'pending', 1, 1, 0)"), SQLITE_OK);
	db_close(old);
	unlink(p);
}
END_TEST

Suite *
show_cancel_suite(void)
{
	Suite	*s = suite_create("show_cancel");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cancel_refunds_paid_lists_walkins_and_ends_holds);
	tcase_add_test(tc, test_cancelled_show_refuses_everything_after);
	tcase_add_test(tc, test_cancel_refuses_started_unknown_and_changes_nothing);
	tcase_add_test(tc, test_cancel_is_one_transaction);
	tcase_add_test(tc, test_reason_rule);
	tcase_add_test(tc, test_migration_4_keeps_data_and_references);
	suite_add_tcase(s, tc);
	return s;
}
