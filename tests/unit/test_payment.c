/* payment, wallet and refund over a real SQLite database (migrated schema,
 * reference data) with the deterministic simulator: the partial-payment
 * arithmetic, declines, expiry, settling lost answers, refunds, and the
 * invariants of DESIGN §6 after each of them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "gateway.h"
#include "migrate.h"
#include "payment.h"
#include "refund.h"
#include "wallet.h"
#include "unit.h"

static char	 dir[64];
static struct conf conf;
static sqlite3	*db;
static long long alice, bob, show_id;

#define GOOD_VISA	"4242424242424242"
#define DECLINED	"4000000000000002"
#define NO_FUNDS	"4000000000009995"

static long long
scalar(const char *sql)
{
	return unit_scalar(db, sql);
}

static void
exec(const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		ck_abort_msg("%s: %s", sql, msg);
}

static long long
add_customer(const char *name)
{
	char	 sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO users (username, name, role, "
	    "password_hash, created_at, updated_at) VALUES ('%s', '%s', "
	    "'customer', 'x', 0, 0)", name, name);
	exec(sql);
	snprintf(sql, sizeof(sql), "INSERT INTO wallets (user_id, balance, "
	    "updated_at) VALUES (%lld, 0, 0)", sqlite3_last_insert_rowid(db));
	exec(sql);
	return scalar("SELECT max(user_id) FROM wallets");
}

/* A show starting `minutes` from now, price 200.00 (Deluxe +150.00), dated
 * as the cinema's calendar has it (paying checks the customer's window). */
static long long
add_show(int minutes, int slot)
{
	char	 sql[512], date[11];
	long long now = (long long)clock_now(&conf);

	clock_date((time_t)(now + minutes * 60), date);
	snprintf(sql, sizeof(sql), "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) VALUES (1, 1, "
	    "%d, '%s', %lld, %lld, 20000, 0)", slot, date, now + minutes * 60,
	    now + minutes * 60 + 10800);
	exec(sql);
	return sqlite3_last_insert_rowid(db);
}

/* Hold seats (labels, comma separated) of the show for user, the hold
 * lapsing `secs` from now; returns the booking id. */
static long long
hold(long long user, const char *labels, int secs)
{
	char	 sql[1024], list[256], *tok, *save;
	long long now = (long long)clock_now(&conf), id, amount;

	snprintf(list, sizeof(list), "%s", labels);
	snprintf(sql, sizeof(sql), "INSERT INTO bookings (show_id, user_id, "
	    "status, amount, seat_count, created_at, expires_at) VALUES (%lld, "
	    "%lld, 'pending', 0, 1, %lld, %lld)", show_id, user, now,
	    now + secs);
	exec(sql);
	id = sqlite3_last_insert_rowid(db);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		snprintf(sql, sizeof(sql), "INSERT INTO booking_seats "
		    "(booking_id, show_id, seat_id, price, live, "
		    "hold_expires_at) SELECT %lld, %lld, s.id, 20000 + "
		    "c.price_offset, 1, %lld FROM seats s JOIN seat_categories c "
		    "ON c.id = s.category_id WHERE s.screen_id = 1 AND "
		    "s.label = '%s'", id, show_id, now + secs, tok);
		exec(sql);
	}
	snprintf(sql, sizeof(sql), "SELECT sum(price) FROM booking_seats "
	    "WHERE booking_id = %lld", id);
	amount = scalar(sql);
	snprintf(sql, sizeof(sql), "UPDATE bookings SET amount = %lld, "
	    "seat_count = (SELECT count(*) FROM booking_seats WHERE booking_id "
	    "= %lld) WHERE id = %lld", amount, id, id);
	exec(sql);
	return id;
}

static void
fund(long long user, long long amount)
{
	ck_assert_int_eq(wallet_ledger_add(db, user, amount, "topup", 0, 0,
	    clock_now(&conf)), SQLITE_OK);
}

static long long
balance(long long user)
{
	long long b;

	ck_assert_int_eq(wallet_balance(db, user, &b), SQLITE_OK);
	return b;
}

static const char *
status_of(long long booking)
{
	static char s[16];
	sqlite3_stmt *st;

	ck_assert_int_eq(db_prepare(db, "SELECT status FROM bookings WHERE id "
	    "= :id", &st), SQLITE_OK);
	db_bind_int(st, ":id", booking);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(s, sizeof(s), "%s", db_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static struct card
card(const char *number)
{
	struct card c;
	struct err e;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(card_check(number, "123", "12/40", "Alice Example",
	    clock_now(&conf), &c, &e), 0);
	return c;
}

/* payment_pay_booking as one value: PAY_OK, or the error its -1 carries
 * (never PAY_OK). */
static enum pay_err
pay(long long booking, long long user, enum pay_method m,
    const struct card *c, struct pay_result *r)
{
	struct pay_fail f;

	if (payment_pay_booking(db, &conf, booking, user, m, c, r, &f) == 0)
		return PAY_OK;
	ck_assert_int_ne(f.err, PAY_OK);
	return f.err;
}

/* payment_topup the same way. */
static enum pay_err
topup(long long user, long long amount, const struct card *c,
    struct pay_result *r)
{
	struct pay_fail f;

	if (payment_topup(db, &conf, user, amount, c, r, &f) == 0)
		return PAY_OK;
	ck_assert_int_ne(f.err, PAY_OK);
	return f.err;
}

/* The invariants skyfoxctl check holds the database to. */
static void
invariants(void)
{
	ck_assert_int_eq(scalar("SELECT count(*) FROM wallets w WHERE "
	    "w.balance < 0 OR w.balance <> (SELECT coalesce(sum(delta), 0) FROM "
	    "wallet_ledger l WHERE l.user_id = w.user_id)"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings b WHERE "
	    "b.status IN ('confirmed','checked_in') AND NOT EXISTS (SELECT 1 "
	    "FROM payments p WHERE p.booking_id = b.id AND p.status = "
	    "'succeeded' AND p.amount = b.amount)"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments p JOIN bookings "
	    "b ON b.id = p.booking_id WHERE p.status = 'succeeded' AND "
	    "b.status IN ('pending','expired')"), 0);
	/* Every approved simulated charge is a success or a wallet refund. */
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges s "
	    "JOIN payments p ON p.idempotency_key = s.idempotency_key WHERE "
	    "s.outcome = 'approved' AND NOT (p.status = 'succeeded' OR EXISTS "
	    "(SELECT 1 FROM wallet_ledger l WHERE l.payment_id = p.id AND "
	    "l.kind = 'refund'))"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE "
	    "card_last4 IS NOT NULL AND length(card_last4) <> 4"), 0);
}

static void
setup(void)
{
	char	 text[256], why[256];
	int	 from, to;

	snprintf(dir, sizeof(dir), "/tmp/skyfox-unit-pay.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(text, sizeof(text), "db_path = %s/t.db\n"
	    "payment_gateway = simulated\n", dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
	clock_use_zone("Asia/Kolkata");
	ck_assert_int_eq(db_open(conf.db_path, &db), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	exec(skyfox_seed_sql);
	exec("INSERT INTO movies (imdb_id, title, raw_json, fetched_at) "
	    "VALUES ('tt0111161', 'The Shawshank Redemption', '{}', 0)");
	alice = add_customer("alice");
	bob = add_customer("bob");
	show_id = add_show(24 * 60, 3);
}

static void
teardown(void)
{
	char	 cmd[128];

	invariants();
	db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_card_payment_confirms_booking)
{
	long long b = hold(alice, "A1,F1", 300);
	long long v0 = scalar("SELECT version FROM shows");
	struct card c = card(GOOD_VISA);
	struct pay_result r;

	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(r.amount, 20000 + 35000);
	ck_assert_int_eq(r.card_amount, 55000);
	ck_assert_int_eq(r.wallet_amount, 0);
	ck_assert_str_eq(r.method, "card");
	ck_assert_str_eq(r.brand, "visa");
	ck_assert_str_eq(r.last4, "4242");
	ck_assert_ptr_nonnull(strstr(r.transaction_id, "simtxn_"));
	ck_assert_str_eq(status_of(b), "confirmed");
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats WHERE "
	    "hold_expires_at IS NOT NULL"), 0);
	ck_assert_int_eq(scalar("SELECT version FROM shows"), v0 + 1);
	ck_assert_int_eq(balance(alice), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 1);
	/* Only brand and last four digits are stored. */
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE "
	    "card_last4 = '4242' AND card_brand = 'visa'"), 1);
}
END_TEST

START_TEST(test_declined_card_leaves_booking_payable)
{
	long long b = hold(alice, "A1", 300);
	struct card bad = card(DECLINED), poor = card(NO_FUNDS);
	struct card good = card("5555555555554444");
	struct pay_result r;

	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &bad, &r),
	    PAY_ERR_DECLINED);
	ck_assert_str_eq(status_of(b), "pending");
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &poor, &r),
	    PAY_ERR_INSUFFICIENT_FUNDS);
	ck_assert_str_eq(status_of(b), "pending");
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE status = "
	    "'declined'"), 2);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &good, &r), PAY_OK);
	ck_assert_str_eq(r.brand, "mastercard");
	ck_assert_str_eq(status_of(b), "confirmed");
}
END_TEST

START_TEST(test_wallet_only_pays_or_refuses_whole)
{
	long long b = hold(alice, "A1,A2", 300);	/* 400.00 */
	struct pay_result r;

	fund(alice, 39999);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_WALLET, NULL, &r),
	    PAY_ERR_INSUFFICIENT_BALANCE);
	ck_assert_int_eq(r.wallet_balance, 39999);
	ck_assert_int_eq(balance(alice), 39999);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments"), 0);
	fund(alice, 1);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_WALLET, NULL, &r), PAY_OK);
	ck_assert_int_eq(r.wallet_amount, 40000);
	ck_assert_int_eq(r.card_amount, 0);
	ck_assert_int_eq(r.wallet_balance, 0);
	ck_assert_str_eq(status_of(b), "confirmed");
	ck_assert_int_eq(scalar("SELECT delta FROM wallet_ledger WHERE kind = "
	    "'payment'"), -40000);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 0);
}
END_TEST

START_TEST(test_wallet_plus_card_splits_the_amount)
{
	long long b = hold(alice, "F1,F2,A3", 300);	/* 350+350+200 */
	struct card c = card(GOOD_VISA);
	struct pay_result r;

	fund(alice, 12345);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_WALLET_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(r.amount, 90000);
	ck_assert_int_eq(r.wallet_amount, 12345);
	ck_assert_int_eq(r.card_amount, 90000 - 12345);
	ck_assert_int_eq(r.wallet_amount + r.card_amount, r.amount);
	ck_assert_str_eq(r.method, "wallet+card");
	ck_assert_int_eq(r.wallet_balance, 0);
	ck_assert_int_eq(scalar("SELECT amount FROM simulated_charges"), 77655);
	ck_assert_str_eq(status_of(b), "confirmed");
}
END_TEST

START_TEST(test_wallet_plus_card_uses_only_what_is_needed)
{
	long long b1 = hold(alice, "A1", 300), b2 = hold(alice, "A2", 300);
	long long b3 = hold(bob, "A3", 300);
	struct card c = card(GOOD_VISA);
	struct pay_result r;

	/* The wallet covers it all: no card charge, card not even needed. */
	fund(alice, 50000);
	ck_assert_int_eq(pay(b1, alice, PAY_METHOD_WALLET_CARD, NULL, &r),
	    PAY_OK);
	ck_assert_str_eq(r.method, "wallet");
	ck_assert_int_eq(r.card_amount, 0);
	ck_assert_int_eq(balance(alice), 30000);
	/* With some left, a card is needed for the rest. */
	ck_assert_int_eq(pay(b2, alice, PAY_METHOD_WALLET_CARD, &c, &r),
	    PAY_OK);
	ck_assert_int_eq(r.wallet_amount, 20000);
	ck_assert_int_eq(balance(alice), 10000);
	/* An empty wallet: the card pays everything. */
	ck_assert_int_eq(pay(b3, bob, PAY_METHOD_WALLET_CARD, NULL, &r),
	    PAY_ERR_CARD_REQUIRED);
	ck_assert_int_eq(r.card_amount, 20000);
	ck_assert_int_eq(pay(b3, bob, PAY_METHOD_WALLET_CARD, &c, &r), PAY_OK);
	ck_assert_str_eq(r.method, "card");
	ck_assert_int_eq(r.wallet_amount, 0);
}
END_TEST

START_TEST(test_refusals_write_nothing)
{
	long long mine = hold(alice, "A1", 300), lapsed = hold(alice, "A2", -1);
	long long now_lapsing = hold(alice, "A4", 0);
	struct card c = card(GOOD_VISA);
	struct pay_result r;
	struct pay_fail f;

	ck_assert_int_eq(pay(mine, bob, PAY_METHOD_CARD, &c, &r),
	    PAY_ERR_NOT_FOUND);
	ck_assert_int_eq(pay(9999, alice, PAY_METHOD_CARD, &c, &r),
	    PAY_ERR_NOT_FOUND);
	ck_assert_int_eq(pay(lapsed, alice, PAY_METHOD_CARD, &c, &r),
	    PAY_ERR_EXPIRED);
	/* Valid while now < expires_at: at the instant itself it has lapsed. */
	ck_assert_int_eq(pay(now_lapsing, alice, PAY_METHOD_CARD, &c, &r),
	    PAY_ERR_EXPIRED);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 0);
	ck_assert_str_eq(status_of(lapsed), "pending");	/* the sweeper's */

	ck_assert_int_eq(pay(mine, alice, PAY_METHOD_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(payment_pay_booking(db, &conf, mine, alice,
	    PAY_METHOD_CARD, &c, &r, &f), -1);
	ck_assert_int_eq(f.err, PAY_ERR_NOT_PENDING);
	ck_assert_str_eq(f.booking_status, "confirmed");
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 1);
}
END_TEST

START_TEST(test_attempt_in_flight_refuses_a_second)
{
	long long b = hold(alice, "A1", 300);
	struct card c = card(GOOD_VISA);
	struct pay_result r;
	char	 sql[512];

	/* Another request has recorded its attempt and is at the gateway. */
	snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, idempotency_key, status, "
	    "created_at) VALUES ('booking', %lld, %lld, 'card', 20000, 20000, "
	    "'sim_inflight', 'started', %lld)", b, alice,
	    (long long)clock_now(&conf));
	exec(sql);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &c, &r),
	    PAY_ERR_IN_PROGRESS);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 0);
}
END_TEST

/* A crash after the simulator said yes: the started row and the charge
 * exist, nothing else.  Insert exactly that. */
static long long
crashed_attempt(long long booking, long long user, long long card_amount,
    long long wallet_amount, const char *failure, long long age)
{
	char	 sql[1024];
	long long now = (long long)clock_now(&conf);

	snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, wallet_amount, card_brand, "
	    "card_last4, idempotency_key, status, failure_code, created_at) "
	    "VALUES ('booking', %lld, %lld, '%s', %lld, %lld, %lld, 'visa', "
	    "'4242', 'sim_crash%lld', 'started', %s%s%s, %lld)", booking, user,
	    wallet_amount ? "wallet+card" : "card", card_amount + wallet_amount,
	    card_amount, wallet_amount, booking, failure ? "'" : "",
	    failure ? failure : "NULL", failure ? "'" : "", now - age);
	exec(sql);
	snprintf(sql, sizeof(sql), "INSERT INTO simulated_charges "
	    "(idempotency_key, amount, currency, card_last4, outcome, "
	    "transaction_id, created_at) VALUES ('sim_crash%lld', %lld, 'INR', "
	    "'4242', 'approved', 'simtxn_crash', %lld)", booking, card_amount,
	    now - age);
	exec(sql);
	return sqlite3_last_insert_rowid(db);
}

START_TEST(test_settle_confirms_a_charge_whose_answer_was_lost)
{
	long long b = hold(alice, "A1", 300), ids[8], pid;
	enum settle_outcome so;
	int	 n;

	fund(alice, 5000);
	crashed_attempt(b, alice, 15000, 5000, NULL, 120);
	pid = scalar("SELECT id FROM payments");
	ck_assert_int_eq(payment_due(db, clock_now(&conf) - 60, ids, 8, &n),
	    SQLITE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(ids[0], pid);
	ck_assert_int_eq(payment_settle(db, &conf, pid, &so), SQLITE_OK);
	ck_assert_int_eq(so, SETTLE_CONFIRMED);
	ck_assert_str_eq(status_of(b), "confirmed");
	ck_assert_int_eq(balance(alice), 0);	/* the wallet share, debited */
	/* Settling again changes nothing. */
	ck_assert_int_eq(payment_settle(db, &conf, pid, &so), SQLITE_OK);
	ck_assert_int_eq(so, SETTLE_ALREADY);
	ck_assert_int_eq(scalar("SELECT count(*) FROM wallet_ledger"), 2);
	ck_assert_int_eq(payment_due(db, clock_now(&conf), ids, 8, &n),
	    SQLITE_OK);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_settle_refunds_when_the_hold_lapsed_meanwhile)
{
	long long b = hold(alice, "F1", -10), pid;
	enum settle_outcome so;

	crashed_attempt(b, alice, 35000, 0, NULL, 120);
	pid = scalar("SELECT id FROM payments");
	ck_assert_int_eq(payment_settle(db, &conf, pid, &so), SQLITE_OK);
	ck_assert_int_eq(so, SETTLE_REFUNDED);
	ck_assert_str_eq(status_of(b), "pending");	/* not confirmed */
	ck_assert_int_eq(balance(alice), 35000);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE status = "
	    "'failed' AND failure_code = 'HOLD_EXPIRED' AND gateway_txn_id = "
	    "'simtxn_crash'"), 1);
}
END_TEST

START_TEST(test_settle_closes_a_charge_never_made)
{
	long long b = hold(alice, "A1", 300), pid;
	enum settle_outcome so;
	char	 sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, idempotency_key, status, "
	    "created_at) VALUES ('booking', %lld, %lld, 'card', 20000, 20000, "
	    "'sim_never', 'started', 0)", b, alice);
	exec(sql);
	pid = sqlite3_last_insert_rowid(db);
	ck_assert_int_eq(payment_settle(db, &conf, pid, &so), SQLITE_OK);
	ck_assert_int_eq(so, SETTLE_NOT_CHARGED);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE status = "
	    "'failed' AND failure_code = 'NOT_CHARGED'"), 1);
	ck_assert_str_eq(status_of(b), "pending");
	ck_assert_int_eq(balance(alice), 0);
}
END_TEST

START_TEST(test_retry_after_timeout_settles_instead_of_charging_again)
{
	long long b = hold(alice, "A1", 300), pid;
	struct card c = card(GOOD_VISA);
	struct pay_result r;

	/* The first request timed out after the charge was made. */
	pid = crashed_attempt(b, alice, 20000, 0, "GATEWAY_TIMEOUT", 2);
	pid = scalar("SELECT id FROM payments");
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(r.payment_id, pid);
	ck_assert_str_eq(r.transaction_id, "simtxn_crash");
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments"), 1);
	ck_assert_str_eq(status_of(b), "confirmed");
}
END_TEST

START_TEST(test_charged_twice_for_one_booking_refunds_the_second)
{
	long long b = hold(alice, "A1", 300), first, second;
	enum settle_outcome so;

	/* Two attempts both charged (a slow one written off, then charged):
	 * the booking is confirmed once, the other charge refunded. */
	crashed_attempt(b, alice, 20000, 0, "GATEWAY_UNKNOWN", 120);
	first = scalar("SELECT max(id) FROM payments");
	exec("UPDATE simulated_charges SET idempotency_key = 'sim_first'");
	exec("UPDATE payments SET idempotency_key = 'sim_first'");
	crashed_attempt(b, alice, 20000, 0, "GATEWAY_UNKNOWN", 100);
	second = scalar("SELECT max(id) FROM payments");
	ck_assert_int_eq(payment_settle(db, &conf, first, &so), SQLITE_OK);
	ck_assert_int_eq(so, SETTLE_CONFIRMED);
	ck_assert_int_eq(payment_settle(db, &conf, second, &so), SQLITE_OK);
	ck_assert_int_eq(so, SETTLE_REFUNDED);
	ck_assert_int_eq(balance(alice), 20000);
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE status = "
	    "'succeeded'"), 1);
}
END_TEST

START_TEST(test_simulator_is_idempotent_per_key)
{
	struct card c = card(GOOD_VISA), d = card(DECLINED);
	struct gateway_charge ch = { 5000, "INR", &c, "sim_k1", "t" };
	struct gateway_outcome o1, o2, o3;

	ck_assert_int_eq(gateway_charge(&conf, db, &ch, &o1), 0);
	ck_assert_int_eq(o1.result, GATEWAY_APPROVED);
	ch.card = &d;		/* a repeat with the same key: first answer */
	ck_assert_int_eq(gateway_charge(&conf, db, &ch, &o2), 0);
	ck_assert_int_eq(o2.result, GATEWAY_APPROVED);
	ck_assert_str_eq(o1.transaction_id, o2.transaction_id);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 1);
	ch.idempotency_key = "sim_k2";
	ck_assert_int_eq(gateway_charge(&conf, db, &ch, &o3), 0);
	ck_assert_int_eq(o3.result, GATEWAY_DECLINED);
	ck_assert_str_eq(o3.transaction_id, "");
	ck_assert_int_eq(gateway_lookup(&conf, db, "sim_k2", &o3), 0);
	ck_assert_int_eq(o3.result, GATEWAY_DECLINED);
	ck_assert_int_eq(gateway_lookup(&conf, db, "sim_nope", &o3), 0);
	ck_assert_int_eq(o3.result, GATEWAY_NOT_FOUND);
	exec("DELETE FROM simulated_charges");
}
END_TEST

START_TEST(test_new_keys_are_unique_and_name_the_gateway)
{
	char	 a[GATEWAY_KEY_LEN + 1], b[GATEWAY_KEY_LEN + 1], why[64];
	struct conf h;

	ck_assert_int_eq(gateway_new_key(&conf, a), 0);
	ck_assert_int_eq(gateway_new_key(&conf, b), 0);
	ck_assert_int_eq(strlen(a), GATEWAY_KEY_LEN);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(strncmp(a, "sim_", 4), 0);
	ck_assert_int_eq(conf_parse(&h, "payment_gateway = http\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(gateway_new_key(&h, a), 0);
	ck_assert_int_eq(strncmp(a, "pay_", 4), 0);
	ck_assert_int_eq(conf_parse(&h, "payment_gateway = stripe\n", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(gateway_new_key(&h, a), -1);
}
END_TEST

START_TEST(test_topup_credits_wallet_or_leaves_it)
{
	struct card good = card(GOOD_VISA), bad = card(DECLINED);
	struct pay_result r;

	ck_assert_int_eq(topup(alice, 100, &good, &r), PAY_OK);
	ck_assert_int_eq(r.wallet_balance, 100);
	ck_assert_int_eq(topup(alice, 1000000, &good, &r), PAY_OK);
	ck_assert_int_eq(balance(alice), 1000100);
	ck_assert_int_eq(topup(alice, 5000, &bad, &r), PAY_ERR_DECLINED);
	ck_assert_int_eq(balance(alice), 1000100);
	ck_assert_int_eq(scalar("SELECT count(*) FROM wallet_ledger WHERE "
	    "kind = 'topup'"), 2);
}
END_TEST

START_TEST(test_declines_are_rate_limited)
{
	long long b = hold(alice, "A1", 300);
	struct card bad = card(DECLINED);
	struct pay_result r;
	char	 why[64];

	ck_assert_int_eq(conf_parse(&conf, "payment_max_declines_per_hour = 2\n",
	    why, sizeof(why)), 0);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &bad, &r),
	    PAY_ERR_DECLINED);
	ck_assert_int_eq(topup(alice, 500, &bad, &r), PAY_ERR_DECLINED);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &bad, &r),
	    PAY_ERR_RATE_LIMITED);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 2);
	/* Bob is not slowed down by Alice's declines. */
	ck_assert_int_eq(topup(bob, 500, &bad, &r), PAY_ERR_DECLINED);
}
END_TEST

START_TEST(test_refund_returns_everything_to_the_wallet)
{
	long long b = hold(alice, "F1,F2", 300), v;
	struct card c = card(GOOD_VISA);
	struct pay_result r;
	struct refund_result rr;
	struct booking_fail f;

	fund(alice, 10000);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_WALLET_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(balance(alice), 0);
	v = scalar("SELECT version FROM shows");
	ck_assert_int_eq(refund_cancel_confirmed(db, &conf, b, bob,
	    clock_now(&conf), &rr, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_NOT_FOUND);
	ck_assert_int_eq(refund_cancel_confirmed(db, &conf, b, alice,
	    clock_now(&conf), &rr, &f), 0);
	ck_assert_int_eq(rr.amount, 70000);
	ck_assert_int_eq(rr.wallet_balance, 70000);
	ck_assert_str_eq(status_of(b), "cancelled");
	ck_assert_int_eq(scalar("SELECT count(*) FROM booking_seats WHERE "
	    "live = 1"), 0);
	ck_assert_int_eq(scalar("SELECT version FROM shows"), v + 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM wallet_ledger WHERE "
	    "kind = 'refund' AND delta = 70000 AND payment_id IS NOT NULL"), 1);
	/* Twice: it is no longer confirmed. */
	ck_assert_int_eq(refund_cancel_confirmed(db, &conf, b, alice,
	    clock_now(&conf), &rr, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
	ck_assert_str_eq(f.status, "cancelled");
	ck_assert_int_eq(balance(alice), 70000);
	/* The freed seat can be held again at once. */
	hold(bob, "F1", 300);
}
END_TEST

START_TEST(test_refund_cutoff_two_hours_before_the_show)
{
	long long b1, b2, b3;
	struct card c = card(GOOD_VISA);
	struct pay_result r;
	struct refund_result rr;
	struct booking_fail f;

	show_id = add_show(121, 1);
	b1 = hold(alice, "A1", 300);
	show_id = add_show(119, 2);
	b2 = hold(alice, "A1", 300);
	b3 = hold(alice, "A2", 300);
	ck_assert_int_eq(pay(b1, alice, PAY_METHOD_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(pay(b2, alice, PAY_METHOD_CARD, &c, &r), PAY_OK);
	ck_assert_int_eq(refund_cancel_confirmed(db, &conf, b2, alice,
	    clock_now(&conf), &rr, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_REFUND_TOO_LATE);
	ck_assert_int_eq(f.cutoff_minutes, 120);
	ck_assert_str_eq(status_of(b2), "confirmed");
	ck_assert_int_eq(refund_cancel_confirmed(db, &conf, b3, alice,
	    clock_now(&conf), &rr, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_BAD_STATUS);
	ck_assert_str_eq(f.status, "pending");
	ck_assert_int_eq(refund_cancel_confirmed(db, &conf, b1, alice,
	    clock_now(&conf), &rr, &f), 0);
	ck_assert_int_eq(balance(alice), 20000);
}
END_TEST

START_TEST(test_ledger_pages_newest_first_with_running_balance)
{
	cJSON	*items = cJSON_CreateArray();
	long long next;
	const cJSON *it;

	for (int i = 1; i <= 5; i++)
		fund(alice, i * 100);		/* balance 1500 */
	ck_assert_int_eq(wallet_transactions(db, alice, 0, 2, items, &next),
	    SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(items), 2);
	it = cJSON_GetArrayItem(items, 0);
	ck_assert_int_eq(cJSON_GetObjectItem(it, "amount")->valuedouble, 500);
	ck_assert_int_eq(cJSON_GetObjectItem(it, "balance_after")->valuedouble,
	    1500);
	it = cJSON_GetArrayItem(items, 1);
	ck_assert_int_eq(cJSON_GetObjectItem(it, "balance_after")->valuedouble,
	    1000);
	ck_assert_int_gt(next, 0);
	cJSON_Delete(items);
	items = cJSON_CreateArray();
	ck_assert_int_eq(wallet_transactions(db, alice, next, 10, items, &next),
	    SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(items), 3);
	it = cJSON_GetArrayItem(items, 0);
	ck_assert_int_eq(cJSON_GetObjectItem(it, "balance_after")->valuedouble,
	    600);
	it = cJSON_GetArrayItem(items, 2);
	ck_assert_int_eq(cJSON_GetObjectItem(it, "balance_after")->valuedouble,
	    100);
	ck_assert_int_eq(next, 0);
	cJSON_Delete(items);
	/* Bob sees none of it. */
	items = cJSON_CreateArray();
	ck_assert_int_eq(wallet_transactions(db, bob, 0, 10, items, &next),
	    SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(items), 0);
	cJSON_Delete(items);
}
END_TEST

START_TEST(test_schema_refuses_overdraft_and_ledger_edits)
{
	fund(alice, 100);
	ck_assert_int_ne(wallet_ledger_add(db, alice, -101, "payment", 0, 0,
	    clock_now(&conf)), SQLITE_OK);
	ck_assert_int_eq(balance(alice), 100);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE wallet_ledger SET delta = 5",
	    NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_ne(sqlite3_exec(db, "UPDATE wallets SET balance = 5",
	    NULL, NULL, NULL), SQLITE_OK);
}
END_TEST

/* DESIGN §7: a customer pays only for a show inside their window (here it
 * left it: booking_window_days shrank to today only after the hold). */
START_TEST(test_show_outside_the_window_is_not_paid)
{
	long long b = hold(alice, "A1", 300);	/* the show is tomorrow */
	struct card c = card(GOOD_VISA);
	struct pay_result r;
	char	 text[256], why[256];

	fund(alice, 100000);
	snprintf(text, sizeof(text), "db_path = %s/t.db\n"
	    "payment_gateway = simulated\nbooking_window_days = 1\n", dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &c, &r),
	    PAY_ERR_DATE_OUT_OF_RANGE);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_WALLET, NULL, &r),
	    PAY_ERR_DATE_OUT_OF_RANGE);
	ck_assert_str_eq(status_of(b), "pending");
	ck_assert_int_eq(scalar("SELECT count(*) FROM payments WHERE "
	    "purpose = 'booking'"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM simulated_charges"), 0);
	ck_assert_int_eq(balance(alice), 100000);
	snprintf(text, sizeof(text), "db_path = %s/t.db\n"
	    "payment_gateway = simulated\nbooking_window_days = 2\n", dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
	ck_assert_int_eq(pay(b, alice, PAY_METHOD_CARD, &c, &r), PAY_OK);
	ck_assert_str_eq(status_of(b), "confirmed");
}
END_TEST

Suite *
payment_suite(void)
{
	Suite	*s = suite_create("payment");
	TCase	*t = tcase_create("payment");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_card_payment_confirms_booking);
	tcase_add_test(t, test_declined_card_leaves_booking_payable);
	tcase_add_test(t, test_wallet_only_pays_or_refuses_whole);
	tcase_add_test(t, test_wallet_plus_card_splits_the_amount);
	tcase_add_test(t, test_wallet_plus_card_uses_only_what_is_needed);
	tcase_add_test(t, test_refusals_write_nothing);
	tcase_add_test(t, test_attempt_in_flight_refuses_a_second);
	tcase_add_test(t, test_settle_confirms_a_charge_whose_answer_was_lost);
	tcase_add_test(t, test_settle_refunds_when_the_hold_lapsed_meanwhile);
	tcase_add_test(t, test_settle_closes_a_charge_never_made);
	tcase_add_test(t, test_retry_after_timeout_settles_instead_of_charging_again);
	tcase_add_test(t, test_charged_twice_for_one_booking_refunds_the_second);
	tcase_add_test(t, test_simulator_is_idempotent_per_key);
	tcase_add_test(t, test_new_keys_are_unique_and_name_the_gateway);
	tcase_add_test(t, test_topup_credits_wallet_or_leaves_it);
	tcase_add_test(t, test_declines_are_rate_limited);
	tcase_add_test(t, test_refund_returns_everything_to_the_wallet);
	tcase_add_test(t, test_refund_cutoff_two_hours_before_the_show);
	tcase_add_test(t, test_ledger_pages_newest_first_with_running_balance);
	tcase_add_test(t, test_schema_refuses_overdraft_and_ledger_edits);
	tcase_add_test(t, test_show_outside_the_window_is_not_paid);
	suite_add_tcase(s, t);
	return s;
}
