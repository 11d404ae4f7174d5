/* migrate: numbered schema blocks; an upgrade from any earlier version gives
 * exactly the schema of a fresh install; and the invariants of DESIGN §6
 * that the schema itself enforces. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "migrate.h"
#include "unit.h"

static char *dir;
static int ndb;

static void
setup(void)
{
	dir = unit_tmpdir();
	ndb = 0;
}

static void
teardown(void)
{
	unit_rmdir(dir);
}

/* A new, empty database file in the test's directory. */
static sqlite3 *
fresh_db(void)
{
	char	*p;
	sqlite3	*db;

	ck_assert_int_ne(asprintf(&p, "%s/db%d.sqlite", dir, ndb++), -1);
	ck_assert_int_eq(db_open(p, &db), SQLITE_OK);
	free(p);
	return db;
}

/* The whole schema as one string (type, name, table, SQL of every object). */
static char *
schema_of(sqlite3 *db)
{
	sqlite3_stmt *st;
	struct buf b = BUF_INIT;
	char	*s;

	ck_assert_int_eq(db_prepare(db, "SELECT type, name, tbl_name, "
	    "coalesce(sql, '') FROM sqlite_master ORDER BY name", &st),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s|%s|%s|%s\n", db_text(st, 0), db_text(st, 1),
		    db_text(st, 2), db_text(st, 3));
	sqlite3_finalize(st);
	s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static int
version(sqlite3 *db)
{
	int	 v = -1;

	ck_assert_int_eq(db_user_version(db, &v), SQLITE_OK);
	return v;
}

START_TEST(test_migrate_latest_counts_well_numbered_blocks)
{
	ck_assert_int_ge(migrate_latest(skyfox_schema_sql), 1);
	ck_assert_int_eq(migrate_latest(""), 0);
	ck_assert_int_eq(migrate_latest("-- migration 1: a\nSELECT 1;\n"
	    "-- migration 2: b\nSELECT 2;\n"), 2);
	/* A header that does not start a line is not a header. */
	ck_assert_int_eq(migrate_latest("-- migration 1: a\n"
	    "SELECT 1; -- migration 5: no\n"), 1);
}
END_TEST

START_TEST(test_migrate_latest_refuses_bad_numbering)
{
	ck_assert_int_eq(migrate_latest("-- migration 2: starts late\n"), -1);
	ck_assert_int_eq(migrate_latest("-- migration 1: a\n-- migration 3: gap\n"),
	    -1);
	ck_assert_int_eq(migrate_latest("-- migration 1: a\n-- migration 1: dup\n"),
	    -1);
	ck_assert_int_eq(migrate_latest("-- migration 1: a\n-- migration 2 b\n"),
	    -1);
	ck_assert_int_eq(migrate_latest("-- migration one: a\n"), -1);
}
END_TEST

START_TEST(test_migrate_fresh_install_reaches_latest)
{
	sqlite3	*db = fresh_db();
	int	 from = -1, to = -1, n = migrate_latest(skyfox_schema_sql);
	char	 why[256] = "";

	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(from, 0);
	ck_assert_int_eq(to, n);
	ck_assert_int_eq(version(db), n);
	/* Reference data loads on top, twice without harm. */
	ck_assert_int_eq(db_exec(db, skyfox_seed_sql), SQLITE_OK);
	ck_assert_int_eq(db_exec(db, skyfox_seed_sql), SQLITE_OK);
	db_close(db);
}
END_TEST

START_TEST(test_migrate_twice_is_a_no_op)
{
	sqlite3	*db = fresh_db();
	int	 from, to, n = migrate_latest(skyfox_schema_sql);
	char	 why[256];
	char	*before, *after;

	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	before = schema_of(db);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(from, n);
	ck_assert_int_eq(to, n);
	after = schema_of(db);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	db_close(db);
}
END_TEST

START_TEST(test_migrate_upgrade_from_every_version_equals_fresh_install)
{
	int	 n = migrate_latest(skyfox_schema_sql), from, to;
	char	 why[256];
	sqlite3	*db = fresh_db();
	char	*want;

	ck_assert_int_ge(n, 1);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	want = schema_of(db);
	db_close(db);
	for (int k = 0; k <= n; k++) {
		char	*got;

		db = fresh_db();
		ck_assert_msg(migrate_apply_upto(db, skyfox_schema_sql, k, why,
		    sizeof(why)) == 0, "to %d: %s", k, why);
		ck_assert_int_eq(version(db), k);
		ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to,
		    why, sizeof(why)) == 0, "%d to latest: %s", k, why);
		ck_assert_int_eq(from, k);
		ck_assert_int_eq(to, n);
		got = schema_of(db);
		ck_assert_msg(strcmp(got, want) == 0,
		    "schema upgraded from %d differs from a fresh install", k);
		free(got);
		db_close(db);
	}
	free(want);
}
END_TEST

START_TEST(test_migrate_refuses_database_newer_than_release)
{
	sqlite3	*db = fresh_db();
	int	 from, to, n = migrate_latest(skyfox_schema_sql);
	char	 why[256] = "";
	char	 pragma[64];

	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", n + 1);
	ck_assert_int_eq(db_exec(db, pragma), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "newer than this release"));
	ck_assert_int_eq(version(db), n + 1);
	db_close(db);
}
END_TEST

START_TEST(test_migrate_failed_block_leaves_whole_previous_version)
{
	static const char schema[] =
	    "-- migration 1: a\nCREATE TABLE a(x);\n"
	    "-- migration 2: b\nCREATE TABLE b(x);\nTHIS IS NOT SQL;\n";
	sqlite3	*db = fresh_db();
	int	 from, to;
	char	 why[256] = "";

	ck_assert_int_eq(migrate_apply(db, schema, &from, &to, why,
	    sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "migration 2"));
	ck_assert_int_eq(version(db), 1);
	/* Block 2 ran in one transaction: its first statement is undone. */
	ck_assert_int_ne(db_exec(db, "SELECT * FROM b"), SQLITE_OK);
	ck_assert_int_eq(db_exec(db, "SELECT * FROM a"), SQLITE_OK);
	ck_assert(sqlite3_get_autocommit(db));
	db_close(db);
}
END_TEST

START_TEST(test_migrate_refuses_badly_numbered_schema)
{
	sqlite3	*db = fresh_db();
	int	 from, to;
	char	 why[256] = "";

	ck_assert_int_eq(migrate_apply(db, "-- migration 1: a\nCREATE TABLE a(x);\n"
	    "-- migration 3: c\nCREATE TABLE c(x);\n", &from, &to, why,
	    sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "not numbered"));
	ck_assert_int_eq(version(db), 0);
	db_close(db);
}
END_TEST

/* --- the invariants the schema enforces -------------------------------- */

static sqlite3 *idb;

static void
inv_setup(void)
{
	int	 from, to;
	char	 why[256];

	setup();
	idb = fresh_db();
	ck_assert_int_eq(migrate_apply(idb, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	ck_assert_int_eq(db_exec(idb, skyfox_seed_sql), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb,
	    "INSERT INTO users (id, username, name, role, password_hash, "
	    "  created_at, updated_at) VALUES "
	    "  (1, 'asha', 'Asha Rao', 'customer', 'x', 0, 0),"
	    "  (2, 'ravi', 'Ravi Kumar', 'customer', 'x', 0, 0);"
	    "INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "  VALUES (1, 'tt0111161', 'The Film', '{}', 0);"
	    "INSERT INTO shows (id, movie_id, screen_id, slot_id, date, "
	    "  starts_at, ends_at, price, created_at) "
	    "  VALUES (1, 1, 1, 1, '2026-11-25', 1000, 2000, 15000, 0);"
	    "INSERT INTO bookings (id, show_id, user_id, status, amount, "
	    "  seat_count, created_at, expires_at) VALUES "
	    "  (1, 1, 1, 'pending', 15000, 1, 0, 300),"
	    "  (2, 1, 2, 'pending', 15000, 1, 0, 300);"), SQLITE_OK);
}

static void
inv_teardown(void)
{
	db_close(idb);
	teardown();
}

START_TEST(test_schema_refuses_second_live_booking_of_a_seat)
{
	ck_assert_int_eq(db_exec(idb, "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price) VALUES (1, 1, 1, 15000)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price) VALUES (2, 1, 1, 15000)"),
	    SQLITE_CONSTRAINT_UNIQUE);
	/* A different seat is fine. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price) VALUES (2, 1, 2, 15000)"), SQLITE_OK);
	/* Once the first hold is no longer live, the seat can be taken. */
	ck_assert_int_eq(db_exec(idb, "UPDATE booking_seats SET live = 0 "
	    "WHERE booking_id = 1"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price) VALUES (2, 1, 1, 15000)"), SQLITE_OK);
	/* And the dead row cannot come back to life over the new one. */
	ck_assert_int_eq(db_exec(idb, "UPDATE booking_seats SET live = 1 "
	    "WHERE booking_id = 1"), SQLITE_CONSTRAINT_UNIQUE);
}
END_TEST

START_TEST(test_schema_refuses_second_show_in_same_screen_date_slot)
{
	ck_assert_int_eq(db_exec(idb, "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) "
	    "VALUES (1, 1, 1, '2026-11-25', 1000, 2000, 15000, 0)"),
	    SQLITE_CONSTRAINT_UNIQUE);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) "
	    "VALUES (1, 1, 2, '2026-11-25', 3000, 4000, 15000, 0)"), SQLITE_OK);
	/* Price bounds: > 0 and ≤ 3000.00. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) "
	    "VALUES (1, 1, 3, '2026-11-25', 5000, 6000, 300001, 0)"),
	    SQLITE_CONSTRAINT_CHECK);
}
END_TEST

START_TEST(test_schema_wallet_balance_follows_ledger_and_never_goes_negative)
{
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallets (user_id, updated_at) "
	    "VALUES (1, 0)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, created_at) VALUES (1, 10000, 'topup', 5)"), SQLITE_OK);
	{
		sqlite3_stmt *st;

		ck_assert_int_eq(db_prepare(idb, "SELECT balance FROM wallets "
		    "WHERE user_id = 1", &st), SQLITE_OK);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int64(st, 0), 10000);
		sqlite3_finalize(st);
	}
	/* Spending more than the balance fails, and leaves no ledger row. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, created_at) VALUES (1, -10001, 'payment', 6)"),
	    SQLITE_CONSTRAINT_CHECK);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, created_at) VALUES (1, -10000, 'payment', 6)"), SQLITE_OK);
	/* The balance cannot be set around the ledger. */
	ck_assert_int_eq(db_exec(idb, "UPDATE wallets SET balance = 500 "
	    "WHERE user_id = 1"), SQLITE_CONSTRAINT_TRIGGER);
	/* A wallet starts empty. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallets (user_id, balance, "
	    "updated_at) VALUES (2, 100, 0)"), SQLITE_CONSTRAINT_TRIGGER);
	/* A ledger row for a user without a wallet has nowhere to go. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, created_at) VALUES (2, 100, 'topup', 6)"),
	    SQLITE_CONSTRAINT_FOREIGNKEY);
}
END_TEST

START_TEST(test_schema_ledger_is_append_only)
{
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallets (user_id, updated_at) "
	    "VALUES (1, 0);"
	    "INSERT INTO wallet_ledger (id, user_id, delta, kind, created_at) "
	    "VALUES (1, 1, 500, 'topup', 5)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "UPDATE wallet_ledger SET delta = 50000 "
	    "WHERE id = 1"), SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_int_eq(db_exec(idb, "DELETE FROM wallet_ledger WHERE id = 1"),
	    SQLITE_CONSTRAINT_TRIGGER);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, created_at) VALUES (1, 0, 'topup', 5)"),
	    SQLITE_CONSTRAINT_CHECK);
}
END_TEST

START_TEST(test_schema_refuses_confirming_booking_without_matching_payment)
{
	/* No payment at all. */
	ck_assert_int_eq(db_exec(idb, "UPDATE bookings SET status = 'confirmed' "
	    "WHERE id = 1"), SQLITE_CONSTRAINT_TRIGGER);
	/* A payment of the wrong amount. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', 1, 1, 'card', 100, 100, 'succeeded', 0)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "UPDATE bookings SET status = 'confirmed' "
	    "WHERE id = 1"), SQLITE_CONSTRAINT_TRIGGER);
	/* A declined payment of the right amount. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', 2, 2, 'card', 15000, 15000, 'declined', 0)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "UPDATE bookings SET status = 'confirmed' "
	    "WHERE id = 2"), SQLITE_CONSTRAINT_TRIGGER);
	/* A succeeded payment of exactly the amount. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', 2, 2, 'card', 15000, 15000, 'succeeded', 0)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "UPDATE bookings SET status = 'confirmed' "
	    "WHERE id = 2"), SQLITE_OK);
}
END_TEST

START_TEST(test_schema_refuses_booking_born_confirmed)
{
	ck_assert_int_eq(db_exec(idb, "INSERT INTO bookings (show_id, user_id, "
	    "status, amount, seat_count, created_at) VALUES "
	    "(1, 1, 'confirmed', 15000, 1, 0)"), SQLITE_CONSTRAINT_TRIGGER);
	/* Exactly one of user and walk-in customer. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO bookings (show_id, status, "
	    "amount, seat_count, created_at) VALUES "
	    "(1, 'pending', 15000, 1, 0)"), SQLITE_CONSTRAINT_CHECK);
}
END_TEST

START_TEST(test_schema_refuses_second_successful_payment_and_bad_split)
{
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', 1, 1, 'card', 15000, 15000, 'succeeded', 0)"), SQLITE_OK);
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', 1, 1, 'card', 15000, 15000, 'succeeded', 0)"),
	    SQLITE_CONSTRAINT_UNIQUE);
	/* The parts of a payment add up to its amount. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, wallet_amount, status, "
	    "created_at) VALUES ('booking', 2, 2, 'wallet+card', 15000, 10000, "
	    "4000, 'started', 0)"), SQLITE_CONSTRAINT_CHECK);
	/* A top-up names no booking; a booking payment must. */
	ck_assert_int_eq(db_exec(idb, "INSERT INTO payments (purpose, "
	    "user_id, method, amount, card_amount, status, created_at) VALUES "
	    "('booking', 2, 'card', 100, 100, 'started', 0)"),
	    SQLITE_CONSTRAINT_CHECK);
}
END_TEST

Suite *
migrate_suite(void)
{
	Suite	*s = suite_create("migrate");
	TCase	*tc = tcase_create("migrations");
	TCase	*ic = tcase_create("invariants");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_migrate_latest_counts_well_numbered_blocks);
	tcase_add_test(tc, test_migrate_latest_refuses_bad_numbering);
	tcase_add_test(tc, test_migrate_fresh_install_reaches_latest);
	tcase_add_test(tc, test_migrate_twice_is_a_no_op);
	tcase_add_test(tc, test_migrate_upgrade_from_every_version_equals_fresh_install);
	tcase_add_test(tc, test_migrate_refuses_database_newer_than_release);
	tcase_add_test(tc, test_migrate_failed_block_leaves_whole_previous_version);
	tcase_add_test(tc, test_migrate_refuses_badly_numbered_schema);
	tcase_add_checked_fixture(ic, inv_setup, inv_teardown);
	tcase_add_test(ic, test_schema_refuses_second_live_booking_of_a_seat);
	tcase_add_test(ic, test_schema_refuses_second_show_in_same_screen_date_slot);
	tcase_add_test(ic, test_schema_wallet_balance_follows_ledger_and_never_goes_negative);
	tcase_add_test(ic, test_schema_ledger_is_append_only);
	tcase_add_test(ic, test_schema_refuses_confirming_booking_without_matching_payment);
	tcase_add_test(ic, test_schema_refuses_booking_born_confirmed);
	tcase_add_test(ic, test_schema_refuses_second_successful_payment_and_bad_split);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, ic);
	return s;
}
