/* invariant: a fresh migrated database keeps every invariant; a database
 * broken in one way (as a bug or a hand edit would break it) fails exactly
 * that invariant, by name, and no other.  The schema guards most of these
 * itself, so the tests first remove the guard that would stop the damage,
 * as a wrong migration could. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include "accounts_db.h"
#include "db.h"
#include "invariant.h"

#define NOW	1000000		/* the tests' clock */

static sqlite3	*idb;

/* The names of the invariants a run found broken, "|"-separated. */
struct broken {
	char	 names[1024];
	long long rows;		/* of the last broken one */
	int	 calls;
};

static void
collect(const struct invariant *inv, const struct invariant_fail *f,
    void *arg)
{
	struct broken	*b = arg;
	size_t		 n = strlen(b->names);

	b->calls++;
	if (f->err == INVARIANT_OK)
		return;
	snprintf(b->names + n, sizeof(b->names) - n, "%s%s",
	    n ? "|" : "", inv->name);
	b->rows = f->rows;
}

static void
exec(const char *sql)
{
	ck_assert_msg(db_exec(idb, sql) == SQLITE_OK, "%s: %s", sql,
	    sqlite3_errmsg(idb));
}

/* Two customers with wallets (one topped up through the ledger), a show,
 * and one booking of seat A1, held, paid by card and confirmed. */
static void
setup_db(void)
{
	idb = test_db();
	exec("INSERT INTO users (id, username, name, role, password_hash, "
	    "  created_at, updated_at) VALUES "
	    "  (1, 'asha', 'Asha Rao', 'customer', 'x', 0, 0),"
	    "  (2, 'ravi', 'Ravi Kumar', 'customer', 'x', 0, 0);"
	    "INSERT INTO wallets (user_id, updated_at) VALUES (1, 0), (2, 0);"
	    "INSERT INTO wallet_ledger (user_id, delta, kind, created_at) "
	    "  VALUES (1, 50000, 'topup', 0);"
	    "INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "  VALUES (1, 'tt0111161', 'The Film', '{}', 0);"
	    "INSERT INTO shows (id, movie_id, screen_id, slot_id, date, "
	    "  starts_at, ends_at, price, created_at) "
	    "  VALUES (1, 1, 1, 1, '2026-11-25', 2000000, 2009000, 15000, 0);"
	    "INSERT INTO bookings (id, show_id, user_id, status, amount, "
	    "  seat_count, created_at, expires_at) VALUES "
	    "  (1, 1, 1, 'pending', 15000, 1, 0, 300);"
	    "INSERT INTO booking_seats (booking_id, show_id, seat_id, price, "
	    "  hold_expires_at) SELECT 1, 1, id, 15000, 300 FROM seats "
	    "  WHERE screen_id = 1 AND label = 'A1';"
	    "INSERT INTO payments (purpose, booking_id, user_id, method, "
	    "  amount, card_amount, gateway_txn_id, status, created_at) "
	    "  VALUES ('booking', 1, 1, 'card', 15000, 15000, 'tx1', "
	    "  'succeeded', 0);"
	    "UPDATE booking_seats SET hold_expires_at = NULL "
	    "  WHERE booking_id = 1;"
	    "UPDATE bookings SET status = 'confirmed', expires_at = NULL, "
	    "  confirmed_at = 0 WHERE id = 1;");
}

static void
teardown_db(void)
{
	db_close(idb);
}

static struct broken
run_all(int *bad)
{
	struct broken	 b;

	memset(&b, 0, sizeof(b));
	*bad = invariant_check_all(idb, NOW, collect, &b);
	ck_assert_int_eq(b.calls, invariant_count);
	return b;
}

START_TEST(test_fresh_database_keeps_every_invariant)
{
	struct invariant_fail	 f;
	struct broken		 b;
	int			 bad;

	teardown_db();
	idb = test_db();	/* as migrate and seed leave it */
	b = run_all(&bad);
	ck_assert_str_eq(b.names, "");
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(invariant_check(idb, &invariant_foreign_keys, NOW,
	    &f), 0);
	ck_assert_int_eq(f.err, INVARIANT_OK);
}
END_TEST

START_TEST(test_a_booked_site_keeps_every_invariant)
{
	struct broken	 b;
	int		 bad;

	b = run_all(&bad);
	ck_assert_str_eq(b.names, "");
	ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_seat_in_two_live_bookings_breaks_only_that_one)
{
	struct broken	 b;
	int		 bad;

	exec("DROP INDEX booking_seats_one_live;"
	    "INSERT INTO bookings (id, show_id, user_id, status, amount, "
	    "  seat_count, created_at, expires_at) VALUES "
	    "  (2, 1, 2, 'pending', 15000, 1, 0, 2000000);"
	    "INSERT INTO booking_seats (booking_id, show_id, seat_id, price, "
	    "  hold_expires_at) SELECT 2, 1, id, 15000, 2000000 FROM seats "
	    "  WHERE screen_id = 1 AND label = 'A1';");
	b = run_all(&bad);
	ck_assert_str_eq(b.names,
	    "each seat of a show in at most one live booking");
	ck_assert_int_eq(bad, 1);
}
END_TEST

START_TEST(test_wallet_not_its_ledger_breaks_only_that_one)
{
	struct broken	 b;
	int		 bad;

	exec("DROP TRIGGER wallets_balance_from_ledger;"
	    "UPDATE wallets SET balance = balance + 100 WHERE user_id = 2;");
	b = run_all(&bad);
	ck_assert_str_eq(b.names,
	    "wallet balance equals its ledger and is not negative");
	ck_assert_int_eq(b.rows, 1);
	ck_assert_int_eq(bad, 1);
}
END_TEST

START_TEST(test_customer_without_wallet_breaks_only_that_one)
{
	struct broken	 b;
	int		 bad;

	exec("INSERT INTO users (id, username, name, role, password_hash, "
	    "  created_at, updated_at) "
	    "  VALUES (3, 'meera', 'Meera', 'customer', 'x', 0, 0);");
	b = run_all(&bad);
	ck_assert_str_eq(b.names, "every customer has a wallet");
	ck_assert_int_eq(bad, 1);
}
END_TEST

/* A card payment still 'started' after 15 minutes is a warning: reported,
 * counted, but not a fault.  :now is the caller's clock. */
START_TEST(test_unsettled_payment_is_a_warning_not_a_fault)
{
	struct broken	 b;
	int		 bad;

	exec("INSERT INTO payments (purpose, user_id, method, amount, "
	    "  card_amount, status, created_at) VALUES "
	    "  ('topup', 2, 'card', 500, 500, 'started', 1000000 - 901),"
	    "  ('topup', 2, 'card', 500, 500, 'started', 1000000 - 901);");
	b = run_all(&bad);
	ck_assert_str_eq(b.names, "card payments unsettled for over 15 minutes");
	ck_assert_int_eq(b.rows, 2);
	ck_assert_int_eq(bad, 0);
	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(invariant_check_all(idb, NOW - 2, collect, &b), 0);
	ck_assert_str_eq(b.names, "");
}
END_TEST

START_TEST(test_unreadable_invariant_carries_the_sqlite_code)
{
	const struct invariant	 gone = { "nowhere is empty", INVARIANT_MUST,
				    NULL, "SELECT 1 FROM nowhere" };
	struct invariant_fail	 f;

	ck_assert_int_eq(invariant_check(idb, &gone, NOW, &f), -1);
	ck_assert_int_eq(f.err, INVARIANT_ERR_DB);
	ck_assert_int_eq(f.rc, SQLITE_ERROR);
	ck_assert_str_eq(f.msg, "no such table: nowhere");
}
END_TEST

Suite *
invariant_suite(void)
{
	Suite	*s = suite_create("invariant");
	TCase	*t = tcase_create("invariant");

	tcase_add_checked_fixture(t, setup_db, teardown_db);
	tcase_add_test(t, test_fresh_database_keeps_every_invariant);
	tcase_add_test(t, test_a_booked_site_keeps_every_invariant);
	tcase_add_test(t, test_seat_in_two_live_bookings_breaks_only_that_one);
	tcase_add_test(t, test_wallet_not_its_ledger_breaks_only_that_one);
	tcase_add_test(t, test_customer_without_wallet_breaks_only_that_one);
	tcase_add_test(t, test_unsettled_payment_is_a_warning_not_a_fault);
	tcase_add_test(t, test_unreadable_invariant_carries_the_sqlite_code);
	suite_add_tcase(s, t);
	return s;
}
