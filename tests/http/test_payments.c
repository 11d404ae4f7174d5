/* /api/payments and /api/wallet over the real Apache: every path and code,
 * the partial-payment arithmetic, the concurrent double-pay, refunds, and —
 * against a gateway on loopback (fake_gateway.c) — declines, timeouts,
 * errors and a kill -9 mid-payment, each ending with the books whole.
 *
 * Each test makes its own customers and shows (SQL as the data directory's
 * owner), so suites sharing the site never meet.  Settings this suite
 * changes are put back by its fixtures. */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "fixture.h"
#include "fake_gateway.h"
#include "roles.h"

#define PRICE		20000		/* the test shows' base price */
#define DELUXE		15000		/* seed: rows F–J */
#define VISA		"4242424242424242"
#define MASTERCARD	"5555 5555 5555 4444"
#define DECLINED	"4000000000000002"
#define NO_FUNDS	"4000000000009995"

static struct fake_gateway gw;

/* --- the site's database and settings --------------------------------- */

/* Run cron/settle-payments as the cron user would. */
static void
settle(void)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "cd / && %s env SKYFOX_CONF='%s/skyfox.conf' "
	    "'%s/cron/settle-payments' >/dev/null 2>&1",
	    getuid() == 0 ? "runuser -u www-data --" : "",
	    getenv("SKYFOX_DATA"), getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
}

/* The suite's shows: its own movie and screens, Deluxe rows F–J;
 * tomorrow at 12:30 local unless a test says otherwise. */
static const struct fx_film film = {
	"tt7700006", "Payment Test Movie", "Payment Screen", 2, PRICE,
	"07:00:00"
};

static struct hresp *
topup(const char *token, const char *amount, const char *number)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "{\"amount\":%s,\"card\":{\"number\":"
	    "\"%s\",\"cvv\":\"123\",\"expiry\":\"12/35\",\"name\":"
	    "\"Payment Tester\"}}", amount, number);
	return api("POST", "/api/wallet/topups", body, token);
}

static void
fund(const char *token, long long amount)
{
	char	 a[32];
	struct hresp *r;

	snprintf(a, sizeof(a), "%lld", amount);
	r = topup(token, a, VISA);
	ck_assert_msg(r->status == 200, "topup: %ld %s", r->status, r->body);
	hresp_free(r);
}

static long long
balance(const char *token)
{
	struct hresp *r = api("GET", "/api/wallet", NULL, token);
	long long b;

	ck_assert_int_eq(r->status, 200);
	b = jint(r->json, "data.balance");
	hresp_free(r);
	return b;
}

static char *
booking_status(long long id)
{
	char	 q[128];

	snprintf(q, sizeof(q), "SELECT status FROM bookings WHERE id = %lld", id);
	return db_sql(q);
}

static void
expect_booking(long long id, const char *status)
{
	char	*s = booking_status(id);

	ck_assert_str_eq(s, status);
	free(s);
}

/* 1 when the error names the field. */
static int
has_field(const struct hresp *r, const char *field)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, jget(r->json, "error.fields"))
		if (strcmp(jstr(it, "field"), field) == 0)
			return 1;
	return 0;
}

/* The books are whole: skyfoxctl check passes, and every charge a gateway
 * took became a ticket or a wallet refund. */
static void
books_whole(void)
{
	ck_assert_int_eq(skyfoxctl("check"), 0);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments p WHERE "
	    "p.gateway_txn_id IS NOT NULL AND p.status <> 'succeeded' AND NOT "
	    "EXISTS (SELECT 1 FROM wallet_ledger l WHERE l.payment_id = p.id "
	    "AND l.kind = 'refund')"), 0);
}

/* --- paying with the simulator -------------------------------------- */

START_TEST(test_card_payment_confirms_with_the_contract_shape)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long show = fx_sql_show(&film, 1), b = fx_hold(tok, show, "[\"A1\",\"F1\"]");
	struct hresp *r = fx_try_pay(tok, b, "card", VISA);
	char	 path[128];

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.booking.id"), b);
	ck_assert_str_eq(jstr(r->json, "data.booking.status"), "confirmed");
	ck_assert_int_eq(jint(r->json, "data.booking.amount"), 2 * PRICE + DELUXE);
	ck_assert_int_gt(jint(r->json, "data.payment.id"), 0);
	ck_assert_int_eq(jint(r->json, "data.payment.amount"), 2 * PRICE + DELUXE);
	ck_assert_int_eq(jint(r->json, "data.payment.card_amount"),
	    2 * PRICE + DELUXE);
	ck_assert_int_eq(jint(r->json, "data.payment.wallet_amount"), 0);
	ck_assert_str_eq(jstr(r->json, "data.payment.brand"), "visa");
	ck_assert_str_eq(jstr(r->json, "data.payment.last4"), "4242");
	ck_assert_int_gt(strlen(jstr(r->json, "data.payment.transaction_id")), 8);
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-store");
	hresp_free(r);

	/* The seats are sold: no longer on hold for anyone. */
	snprintf(path, sizeof(path), "/api/shows/%lld/seats", show);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats WHERE "
	    "booking_id = %lld AND live = 1 AND hold_expires_at IS NULL", b), 2);
	/* Only brand and last four are stored, nowhere the number or CVV. */
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND card_brand = 'visa' AND card_last4 = '4242'",
	    b), 1);
	{
		char	 cmd[512];

		snprintf(cmd, sizeof(cmd), "grep -rqa '%s' '%s/skyfox.db' "
		    "'%s/skyfox.db-wal' '%s/logs' 2>/dev/null", VISA,
		    getenv("SKYFOX_DATA"), getenv("SKYFOX_DATA"),
		    getenv("SKYFOX_DATA"));
		ck_assert_int_ne(WEXITSTATUS(system(cmd)), 0);
	}
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_every_failing_card_field_is_reported)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A2\"]");
	char	 body[512];
	struct hresp *r;

	snprintf(body, sizeof(body), "{\"booking_id\":%lld,\"method\":\"card\","
	    "\"card\":{\"number\":\"4111 1111 1111 1112\",\"cvv\":\"12a\","
	    "\"expiry\":\"13/30\",\"name\":\"R2-D2\"}}", b);
	r = api("POST", "/api/payments", body, tok);
	expect_error(r, 422, "PAYMENT_VALIDATION_FAILED");
	ck_assert(has_field(r, "card.number"));
	ck_assert(has_field(r, "card.cvv"));
	ck_assert(has_field(r, "card.expiry"));
	ck_assert(has_field(r, "card.name"));
	hresp_free(r);

	/* Expired last month; an Amex; a name in another script. */
	snprintf(body, sizeof(body), "{\"booking_id\":%lld,\"method\":\"card\","
	    "\"card\":{\"number\":\"378282246310005\",\"cvv\":\"123\","
	    "\"expiry\":\"01/20\",\"name\":\"Ясна Поляна\"}}", b);
	r = api("POST", "/api/payments", body, tok);
	expect_error(r, 422, "PAYMENT_VALIDATION_FAILED");
	ck_assert(has_field(r, "card.number"));
	ck_assert(!has_field(r, "card.cvv"));
	ck_assert(has_field(r, "card.expiry"));
	ck_assert(has_field(r, "card.name"));
	hresp_free(r);

	/* No card at all for a card payment. */
	r = fx_try_pay(tok, b, "card", NULL);
	expect_error(r, 422, "PAYMENT_VALIDATION_FAILED");
	ck_assert(has_field(r, "card.number"));
	hresp_free(r);

	/* The request itself. */
	r = api("POST", "/api/payments", "{\"method\":\"cash\"}", tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(has_field(r, "booking_id"));
	ck_assert(has_field(r, "method"));
	hresp_free(r);

	expect_booking(b, "pending");
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld", b), 0);
	free(tok);
}
END_TEST

START_TEST(test_refusals_name_the_reason_and_change_nothing)
{
	char	 me[32], other[32];
	char	*tok = fx_sql_customer("py", me), *tok2 = fx_sql_customer("py", other);
	long long show = fx_sql_show(&film, 1);
	long long b = fx_hold(tok, show, "[\"A3\"]"), paid = fx_hold(tok, show,
	    "[\"A4\"]");
	struct hresp *r;

	r = fx_try_pay(tok2, b, "card", VISA);		/* not hers */
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = fx_try_pay(tok, 999999999, "card", VISA);
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);

	r = fx_try_pay(tok, paid, "card", VISA);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = fx_try_pay(tok, paid, "card", VISA);
	expect_error(r, 409, "INVALID_BOOKING_STATUS");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"),
	    "confirmed"));
	hresp_free(r);

	r = fx_try_pay(tok, b, "wallet", NULL);		/* empty wallet */
	expect_error(r, 409, "INSUFFICIENT_BALANCE");
	hresp_free(r);
	expect_booking(b, "pending");
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld", b), 0);
	free(tok);
	free(tok2);
}
END_TEST

START_TEST(test_lapsed_hold_is_expired_and_seats_stay_unsold)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long show = fx_sql_show(&film, 1), b = fx_hold(tok, show, "[\"B1\",\"B2\"]");
	struct hresp *r;

	fx_clock_offset(400);	/* past the 5-minute hold */
	r = fx_try_pay(tok, b, "card", VISA);
	fx_clock_back();
	expect_error(r, 410, "BOOKING_EXPIRED");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld", b), 0);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats WHERE "
	    "booking_id = %lld AND hold_expires_at IS NULL", b), 0);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_declined_card_leaves_booking_pending_and_payable)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"C1\"]");
	struct hresp *r;

	r = fx_try_pay(tok, b, "card", DECLINED);
	expect_error(r, 402, "CARD_DECLINED");
	hresp_free(r);
	expect_booking(b, "pending");
	r = fx_try_pay(tok, b, "card", NO_FUNDS);
	expect_error(r, 402, "INSUFFICIENT_FUNDS");
	hresp_free(r);
	expect_booking(b, "pending");
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'declined'", b), 2);
	r = fx_try_pay(tok, b, "card", MASTERCARD);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.payment.brand"), "mastercard");
	hresp_free(r);
	expect_booking(b, "confirmed");
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_wallet_pays_whole_or_not_at_all)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A1\",\"A2\"]");
	struct hresp *r;

	fund(tok, 2 * PRICE - 100);
	r = fx_try_pay(tok, b, "wallet", NULL);
	expect_error(r, 409, "INSUFFICIENT_BALANCE");
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 2 * PRICE - 100);
	fund(tok, 100);
	r = fx_try_pay(tok, b, "wallet", NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.payment.wallet_amount"), 2 * PRICE);
	ck_assert_int_eq(jint(r->json, "data.payment.card_amount"), 0);
	ck_assert_ptr_null(jget(r->json, "data.payment.brand")->valuestring);
	ck_assert_int_eq(jint(r->json, "data.wallet.balance"), 0);
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 0);
	expect_booking(b, "confirmed");
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_wallet_plus_card_arithmetic)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"F1\",\"F2\",\"A9\"]");
	long long amount = 3 * PRICE + 2 * DELUXE;		/* 900.00 */
	struct hresp *r;

	fund(tok, 12345);					/* 123.45 */
	r = fx_try_pay(tok, b, "wallet+card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.payment.amount"), amount);
	ck_assert_int_eq(jint(r->json, "data.payment.wallet_amount"), 12345);
	ck_assert_int_eq(jint(r->json, "data.payment.card_amount"),
	    amount - 12345);
	ck_assert_str_eq(jstr(r->json, "data.payment.method"), "wallet+card");
	ck_assert_int_eq(jint(r->json, "data.wallet.balance"), 0);
	ck_assert_str_eq(jstr(r->json, "data.booking.payment_type"),
	    "wallet+card");
	hresp_free(r);
	/* The card was charged exactly the shortfall. */
	ck_assert_int_eq(fx_sql_int("SELECT s.amount FROM simulated_charges s "
	    "JOIN payments p ON p.idempotency_key = s.idempotency_key WHERE "
	    "p.booking_id = %lld", b), amount - 12345);
	ck_assert_int_eq(fx_sql_int("SELECT delta FROM wallet_ledger WHERE "
	    "booking_id = %lld AND kind = 'payment'", b), -12345);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_wallet_plus_card_with_enough_in_wallet_needs_no_card)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long show = fx_sql_show(&film, 1);
	long long b1 = fx_hold(tok, show, "[\"D1\"]"), b2 = fx_hold(tok, show,
	    "[\"D2\"]");
	struct hresp *r;

	fund(tok, PRICE + 500);
	r = fx_try_pay(tok, b1, "wallet+card", NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.payment.method"), "wallet");
	hresp_free(r);
	/* 5.00 left: the card is now needed for the rest. */
	r = fx_try_pay(tok, b2, "wallet+card", NULL);
	expect_error(r, 422, "PAYMENT_VALIDATION_FAILED");
	ck_assert(has_field(r, "card.number"));
	hresp_free(r);
	r = fx_try_pay(tok, b2, "wallet+card", MASTERCARD);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.payment.wallet_amount"), 500);
	ck_assert_int_eq(jint(r->json, "data.payment.card_amount"), PRICE - 500);
	hresp_free(r);
	books_whole();
	free(tok);
}
END_TEST

/* Run n payments of booking b at once; the number that got 200. */
static int
race(const char *tok, long long *bookings, int n, const char *method,
    const char *number, int *conflicts)
{
	pid_t	 pid[16];
	int	 ok = 0, st;

	*conflicts = 0;
	for (int i = 0; i < n; i++) {
		if ((pid[i] = fork()) == 0) {
			struct hresp *r = fx_try_pay(tok, bookings[i], method, number);
			int code = r->status == 200 ? 0 : r->status == 409 ? 1 : 2;

			_exit(code);
		}
	}
	for (int i = 0; i < n; i++) {
		waitpid(pid[i], &st, 0);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
			(*conflicts)++;
	}
	return ok;
}

START_TEST(test_concurrent_double_pay_exactly_one_succeeds)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"E1\"]");
	long long same[6] = { b, b, b, b, b, b };
	int	 conflicts;

	ck_assert_int_eq(race(tok, same, 6, "card", VISA, &conflicts), 1);
	ck_assert_int_eq(conflicts, 5);
	expect_booking(b, "confirmed");
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'succeeded'", b), 1);
	/* Never charged twice: every approved simulated charge is the one
	 * success or was refunded. */
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM simulated_charges s "
	    "JOIN payments p ON p.idempotency_key = s.idempotency_key WHERE "
	    "p.booking_id = %lld AND s.outcome = 'approved'", b), 1);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_concurrent_wallet_payments_never_overdraw)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long show = fx_sql_show(&film, 1);
	long long bs[3];		/* max_pending_bookings live holds */
	int	 conflicts;

	for (int i = 0; i < 3; i++) {
		char	 seat[16];

		snprintf(seat, sizeof(seat), "[\"G%d\"]", i + 1);
		bs[i] = fx_hold(tok, show, seat);
	}
	fund(tok, PRICE + DELUXE);		/* enough for one of three */
	ck_assert_int_eq(race(tok, bs, 3, "wallet", NULL, &conflicts), 1);
	ck_assert_int_eq(conflicts, 2);
	ck_assert_int_eq(balance(tok), 0);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_roles)
{
	char	*staff = fx_login("staff");
	struct hresp *r;

	r = api("POST", "/api/payments", "{}", NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("POST", "/api/payments", "{}", staff);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("GET", "/api/wallet", NULL, staff);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("GET", "/api/wallet/transactions", NULL, NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("GET", "/api/payments", NULL, staff);
	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	hresp_free(r);
	r = api("GET", "/api/wallet/nothing", NULL, staff);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(staff);
}
END_TEST

START_TEST(test_every_route_for_every_role)
{
	static const struct role_case cases[] = {
		{ "POST", "/api/payments", "{}", RC_CUSTOMER, 0 },
		{ "GET", "/api/wallet", NULL, RC_CUSTOMER, 0 },
		{ "GET", "/api/wallet/transactions", NULL, RC_CUSTOMER, 0 },
		{ "POST", "/api/wallet/topups", "{}", RC_CUSTOMER, 0 },
	};

	roles_check(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_routes_are_documented)
{
	struct hresp *r = http("GET", "/docs/openapi.json", NULL, NULL, 0, NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(jget(r->json, "paths./api/payments.post"));
	ck_assert_ptr_nonnull(jget(r->json, "paths./api/wallet.get"));
	ck_assert_ptr_nonnull(jget(r->json,
	    "paths./api/wallet/transactions.get"));
	ck_assert_ptr_nonnull(jget(r->json, "paths./api/wallet/topups.post"));
	ck_assert_ptr_nonnull(jget(r->json, "components.schemas.Card"));
	hresp_free(r);
}
END_TEST

START_TEST(test_cookie_session_needs_csrf_token)
{
	char	 me[32], hdr_cookie[2048], hdr_csrf[256];
	char	*tok = fx_sql_customer("py", me), *csrf = NULL;
	char	*cookie = login_cookie(me, FX_CUSTOMER_PASSWORD, &csrf);
	const char *h1[] = { hdr_cookie, NULL };
	const char *h2[] = { hdr_cookie, hdr_csrf, NULL };
	const char *body = "{\"amount\":500,\"card\":{\"number\":\"" VISA
	    "\",\"cvv\":\"123\",\"expiry\":\"12/35\",\"name\":\"Pay Tester\"}}";
	struct hresp *r;

	snprintf(hdr_cookie, sizeof(hdr_cookie), "Cookie: %s", cookie);
	snprintf(hdr_csrf, sizeof(hdr_csrf), "X-CSRF-Token: %s", csrf);
	r = http("POST", "/api/wallet/topups", "application/json", body,
	    strlen(body), h1);
	expect_error(r, 403, "CSRF_FAILED");
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 0);
	r = http("POST", "/api/wallet/topups", "application/json", body,
	    strlen(body), h2);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 500);
	free(cookie);
	free(csrf);
	free(tok);
}
END_TEST

/* --- the wallet ----------------------------------------------------- */

START_TEST(test_topup_amount_limits)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	struct hresp *r;
	static const char *invalid[] = { "99", "0", "-100", "\"12.50\"",
	    "12.5", "\"abc\"", "null", "true" };

	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		r = topup(tok, invalid[i], VISA);
		ck_assert_msg(r->status == 422, "%s: %ld", invalid[i], r->status);
		expect_error(r, 422, "INVALID_AMOUNT");
		ck_assert(has_field(r, "amount"));
		hresp_free(r);
	}
	r = topup(tok, "1000001", VISA);
	expect_error(r, 422, "AMOUNT_TOO_LARGE");
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 0);

	r = topup(tok, "100", VISA);			/* 1.00 */
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.balance"), 100);
	ck_assert_str_eq(jstr(r->json, "data.currency"), "INR");
	hresp_free(r);
	r = topup(tok, "1000000", MASTERCARD);		/* 10000.00 */
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.balance"), 1000100);
	ck_assert_str_eq(jstr(r->json, "data.payment.brand"), "mastercard");
	hresp_free(r);
	r = topup(tok, "500", DECLINED);
	expect_error(r, 402, "CARD_DECLINED");
	hresp_free(r);
	r = topup(tok, "500", "4111111111111112");
	expect_error(r, 422, "PAYMENT_VALIDATION_FAILED");
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 1000100);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_transactions_page_newest_first)
{
	char	 me[32], path[128];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"H1\"]"), next;
	struct hresp *r;

	for (int i = 1; i <= 3; i++)
		fund(tok, i * 1000);			/* 60.00 */
	r = fx_try_pay(tok, b, "wallet+card", VISA);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);

	r = api("GET", "/api/wallet", NULL, tok);
	ck_assert_int_eq(jint(r->json, "data.balance"), 0);
	hresp_free(r);
	r = api("GET", "/api/wallet/transactions?limit=2", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json,
	    "data.transactions")), 2);
	ck_assert_str_eq(jstr(r->json, "data.transactions.0.kind"), "payment");
	ck_assert_int_eq(jint(r->json, "data.transactions.0.amount"), -6000);
	ck_assert_int_eq(jint(r->json, "data.transactions.0.booking_id"), b);
	ck_assert_int_eq(jint(r->json, "data.transactions.0.balance_after"), 0);
	ck_assert_str_eq(jstr(r->json, "data.transactions.1.kind"), "topup");
	ck_assert_int_eq(jint(r->json, "data.transactions.1.amount"), 3000);
	ck_assert_int_eq(jint(r->json, "data.transactions.1.balance_after"),
	    6000);
	ck_assert_str_eq(jstr(r->json, "data.transactions.1.card.last4"),
	    "4242");
	next = jint(r->json, "data.next_before");
	ck_assert_int_gt(next, 0);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/wallet/transactions?limit=2&before="
	    "%lld", next);
	r = api("GET", path, NULL, tok);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json,
	    "data.transactions")), 2);
	ck_assert_int_eq(jint(r->json, "data.transactions.1.amount"), 1000);
	ck_assert_int_eq(jint(r->json, "data.transactions.1.balance_after"),
	    1000);
	ck_assert(cJSON_IsNull(jget(r->json, "data.next_before")));
	hresp_free(r);

	r = api("GET", "/api/wallet/transactions?limit=0", NULL, tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("GET", "/api/wallet/transactions?before=x", NULL, tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_others_cannot_see_my_wallet)
{
	char	 me[32], other[32];
	char	*tok = fx_sql_customer("py", me), *tok2 = fx_sql_customer("py", other);
	struct hresp *r;

	fund(tok, 4200);
	ck_assert_int_eq(balance(tok2), 0);
	r = api("GET", "/api/wallet/transactions", NULL, tok2);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json,
	    "data.transactions")), 0);
	hresp_free(r);
	free(tok);
	free(tok2);
}
END_TEST

/* --- refunds --------------------------------------------------------- */

START_TEST(test_cancel_confirmed_refunds_to_wallet_and_frees_seats)
{
	char	 me[32], other[32], path[64];
	char	*tok = fx_sql_customer("py", me), *tok2 = fx_sql_customer("py", other);
	long long show = fx_sql_show(&film, 1), b = fx_hold(tok, show, "[\"J1\",\"J2\"]");
	long long v;
	struct hresp *r;

	fund(tok, 10000);
	r = fx_try_pay(tok, b, "wallet+card", VISA);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	v = fx_sql_int("SELECT version FROM shows WHERE id = %lld", show);
	snprintf(path, sizeof(path), "/api/bookings/%lld", b);
	r = api("DELETE", path, NULL, tok2);
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = api("DELETE", path, NULL, tok);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.status"), "cancelled");
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 2 * (PRICE + DELUXE));
	ck_assert_int_eq(fx_sql_int("SELECT delta FROM wallet_ledger WHERE "
	    "booking_id = %lld AND kind = 'refund'", b), 2 * (PRICE + DELUXE));
	ck_assert_int_gt(fx_sql_int("SELECT version FROM shows WHERE id = %lld",
	    show), v);
	/* The seats can be held again at once. */
	fx_hold(tok2, show, "[\"J1\",\"J2\"]");
	r = api("DELETE", path, NULL, tok);
	expect_error(r, 409, "INVALID_BOOKING_STATUS");
	hresp_free(r);
	books_whole();
	free(tok);
	free(tok2);
}
END_TEST

START_TEST(test_cancel_inside_two_hours_is_refused_with_why)
{
	char	 me[32], path[64];
	char	*tok = fx_sql_customer("py", me);
	long long soon = fx_sql_show_in(&film, 119), later = fx_sql_show_in(&film, 125);
	long long b1 = fx_hold(tok, soon, "[\"A1\"]"), b2 = fx_hold(tok, later,
	    "[\"A1\"]");
	struct hresp *r;

	r = fx_try_pay(tok, b1, "card", VISA);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = fx_try_pay(tok, b2, "card", VISA);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/bookings/%lld", b1);
	r = api("DELETE", path, NULL, tok);
	expect_error(r, 409, "INVALID_BOOKING_STATUS");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"),
	    "2 hours"));
	/* The show's day as the ticket and the pages say it: "19:30 on
	 * Sat, 5 Dec 2026", never "19:30 on 05 Dec 2026". */
	{
		regex_t	 re;

		ck_assert_int_eq(regcomp(&re, "starts at [0-2][0-9]:[0-5][0-9] "
		    "on (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [1-9][0-9]? "
		    "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
		    "[0-9]{4}$", REG_EXTENDED | REG_NOSUB), 0);
		ck_assert_msg(regexec(&re, jstr(r->json, "error.message"), 0,
		    NULL, 0) == 0, "day style: %s",
		    jstr(r->json, "error.message"));
		regfree(&re);
	}
	hresp_free(r);
	expect_booking(b1, "confirmed");
	ck_assert_int_eq(balance(tok), 0);

	/* The cutoff is a setting. */
	conf_set("refund_cutoff_minutes", "150");
	snprintf(path, sizeof(path), "/api/bookings/%lld", b2);
	r = api("DELETE", path, NULL, tok);
	expect_error(r, 409, "INVALID_BOOKING_STATUS");
	hresp_free(r);
	conf_set("refund_cutoff_minutes", NULL);
	r = api("DELETE", path, NULL, tok);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	ck_assert_int_eq(balance(tok), PRICE);
	free(tok);
}
END_TEST

START_TEST(test_unknown_gateway_setting_is_a_service_error)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A5\"]");
	struct hresp *r;

	conf_set("payment_gateway", "stripe");
	r = fx_try_pay(tok, b, "card", VISA);
	conf_set("payment_gateway", NULL);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	expect_booking(b, "pending");
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld", b), 0);
	free(tok);
}
END_TEST

/* --- a real HTTP gateway on loopback ---------------------------------- */

static void
gateway_up(void)
{
	ck_assert_int_eq(fake_gateway_start(&gw), 0);
	conf_set("payment_gateway", "http");
	conf_set("payment_gateway_url", gw.url);
	conf_set("payment_gateway_key", FAKE_GATEWAY_KEY);
	conf_set("payment_timeout_connect", "2");
	conf_set("payment_timeout_total", "2");
}

static void
gateway_down(void)
{
	fake_gateway_stop(&gw);
	conf_set("payment_gateway", NULL);
	conf_set("payment_gateway_url", NULL);
	conf_set("payment_gateway_key", NULL);
	conf_set("payment_timeout_connect", NULL);
	conf_set("payment_timeout_total", NULL);
	conf_set("settle_after_seconds", NULL);
	fx_clock_back();
}

static void
gateway_normal(void)
{
	fake_gateway_mode(&gw, "normal", 0);
	conf_set("payment_gateway_key", FAKE_GATEWAY_KEY);
	conf_set("payment_gateway_url", gw.url);
	conf_set("payment_timeout_total", "2");
}

static char *
payment_key(long long booking)
{
	char	 q[256];

	snprintf(q, sizeof(q), "SELECT idempotency_key FROM payments WHERE "
	    "booking_id = %lld ORDER BY id LIMIT 1", booking);
	return db_sql(q);
}

START_TEST(test_gateway_gets_json_key_and_idempotency_key)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me), *last, *key;
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A1\",\"A2\"]"), before;
	struct hresp *r;
	cJSON	*j;

	gateway_normal();
	fund(tok, 1000);		/* through the gateway too */
	before = fake_gateway_charges(&gw, NULL);
	r = fx_try_pay(tok, b, "wallet+card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.payment.card_amount"),
	    2 * PRICE - 1000);
	ck_assert_int_eq(strncmp(jstr(r->json, "data.payment.transaction_id"),
	    "fake_", 5), 0);
	hresp_free(r);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);

	last = fake_gateway_last(&gw);
	j = cJSON_Parse(last);
	key = payment_key(b);
	ck_assert_str_eq(jstr(j, "api_key"), FAKE_GATEWAY_KEY);
	ck_assert_str_eq(jstr(j, "idempotency_header"), key);
	ck_assert_str_eq(jstr(j, "body.idempotency_key"), key);
	ck_assert_int_eq(strncmp(key, "pay_", 4), 0);
	ck_assert_int_eq(jint(j, "body.amount"), 2 * PRICE - 1000);
	ck_assert_str_eq(jstr(j, "body.currency"), "INR");
	ck_assert_str_eq(jstr(j, "body.card.number"), VISA);
	ck_assert_str_eq(jstr(j, "body.card.cvv"), "123");
	ck_assert_str_eq(jstr(j, "body.card.expiry"), "12/35");
	ck_assert_str_eq(jstr(j, "body.card.name"), "Payment Tester");
	ck_assert_ptr_nonnull(strstr(jstr(j, "body.description"), "booking"));
	cJSON_Delete(j);
	free(last);
	free(key);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_gateway_decline_leaves_booking_payable)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A3\"]");
	struct hresp *r;

	gateway_normal();
	r = fx_try_pay(tok, b, "card", DECLINED);
	expect_error(r, 402, "CARD_DECLINED");
	hresp_free(r);
	r = fx_try_pay(tok, b, "card", NO_FUNDS);
	expect_error(r, 402, "INSUFFICIENT_FUNDS");
	hresp_free(r);
	expect_booking(b, "pending");
	r = fx_try_pay(tok, b, "card", VISA);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	expect_booking(b, "confirmed");
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_timeout_then_retry_charges_once)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me), *key;
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A4\"]");
	long long before = fake_gateway_charges(&gw, NULL), first;
	struct hresp *r;

	gateway_normal();
	/* The gateway charges, then answers after our 2-second timeout. */
	fake_gateway_mode(&gw, "slow", 4);
	r = fx_try_pay(tok, b, "card", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	expect_booking(b, "pending");
	key = payment_key(b);
	ck_assert_int_eq(fake_gateway_charges(&gw, key), 1);
	first = fx_sql_int("SELECT id FROM payments WHERE booking_id = %lld AND "
	    "status = 'started' AND failure_code = 'GATEWAY_TIMEOUT'", b);
	ck_assert_int_gt(first, 0);

	/* The customer tries again: the lost charge is found, not repeated. */
	fake_gateway_mode(&gw, "normal", 0);
	r = fx_try_pay(tok, b, "card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.payment.id"), first);
	hresp_free(r);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);
	ck_assert_int_eq(fake_gateway_charges(&gw, key), 1);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld", b), 1);
	expect_booking(b, "confirmed");
	books_whole();
	free(key);
	free(tok);
}
END_TEST

START_TEST(test_timeout_before_charging_then_retry_charges_once)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A6\"]");
	long long before = fake_gateway_charges(&gw, NULL);
	struct hresp *r;

	gateway_normal();
	fake_gateway_mode(&gw, "hang", 4);	/* never gets to charge */
	r = fx_try_pay(tok, b, "card", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before);
	fake_gateway_mode(&gw, "normal", 0);
	r = fx_try_pay(tok, b, "card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);
	/* The first attempt is closed as not charged; the second paid. */
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'failed' AND failure_code = "
	    "'NOT_CHARGED'", b), 1);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_gateway_error_is_502_with_nothing_half_written)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long show = fx_sql_show(&film, 1), b = fx_hold(tok, show, "[\"A7\"]");
	long long v = fx_sql_int("SELECT version FROM shows WHERE id = %lld", show);
	struct hresp *r;

	gateway_normal();
	fund(tok, 700);
	fake_gateway_mode(&gw, "error", 0);
	r = fx_try_pay(tok, b, "wallet+card", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	ck_assert_ptr_nonnull(hdr(r, "Retry-After"));
	hresp_free(r);
	expect_booking(b, "pending");
	ck_assert_int_eq(balance(tok), 700);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM wallet_ledger WHERE "
	    "booking_id = %lld", b), 0);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'failed' AND failure_code = "
	    "'NOT_CHARGED'", b), 1);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats WHERE "
	    "booking_id = %lld AND live = 1 AND hold_expires_at IS NOT NULL",
	    b), 1);
	ck_assert_int_eq(fx_sql_int("SELECT version FROM shows WHERE id = %lld",
	    show), v);
	books_whole();

	/* A 500 after charging: the lookup finds the charge: paid. */
	fake_gateway_mode(&gw, "error_after", 0);
	r = fx_try_pay(tok, b, "wallet+card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_gateway_refusals_never_charge)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A8\"]");
	long long before = fake_gateway_charges(&gw, NULL);
	struct hresp *r;

	gateway_normal();
	conf_set("payment_gateway_key", "wrong-key");
	r = fx_try_pay(tok, b, "card", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	/* Nobody listening. */
	conf_set("payment_gateway_key", FAKE_GATEWAY_KEY);
	conf_set("payment_gateway_url", "http://127.0.0.1:9/v1");
	r = fx_try_pay(tok, b, "card", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	/* A garbage answer: unknown until the lookup says charged. */
	gateway_normal();
	fake_gateway_mode(&gw, "garbage", 0);
	r = fx_try_pay(tok, b, "card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'failed' AND failure_code = "
	    "'GATEWAY_ERROR'", b), 2);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_gateway_down_for_lookups_keeps_attempt_open_and_charges_none)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"A9\"]");
	long long before = fake_gateway_charges(&gw, NULL);
	struct hresp *r;

	gateway_normal();
	fake_gateway_mode(&gw, "slow", 4);
	r = fx_try_pay(tok, b, "card", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	fake_gateway_mode(&gw, "down", 0);
	r = fx_try_pay(tok, b, "card", VISA);	/* cannot learn: charges nothing */
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld", b), 1);
	expect_booking(b, "pending");
	books_whole();
	/* The gateway is back: cron settles it into a ticket. */
	fake_gateway_mode(&gw, "normal", 0);
	conf_set("settle_after_seconds", "0");
	settle();
	expect_booking(b, "confirmed");
	books_whole();
	free(tok);
}
END_TEST

/* The pids of this site's payments.cgi processes (by executable path). */
static int
payment_cgis(pid_t *pids, int max)
{
	char	 want[PATH_MAX], path[300], exe[PATH_MAX], tmp[PATH_MAX];
	DIR	*d = opendir("/proc");
	struct dirent *e;
	int	 n = 0;
	ssize_t	 len;

	snprintf(tmp, sizeof(tmp), "%s/cgi-bin/payments.cgi",
	    getenv("SKYFOX_ROOT"));
	ck_assert_ptr_nonnull(realpath(tmp, want));
	while (d != NULL && (e = readdir(d)) != NULL && n < max) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/exe", e->d_name);
		if ((len = readlink(path, exe, sizeof(exe) - 1)) <= 0)
			continue;
		exe[len] = '\0';
		if (strcmp(exe, want) == 0)
			pids[n++] = (pid_t)atoi(e->d_name);
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* Start paying b in a child, wait until the gateway has charged, kill -9
 * the CGI, and collect the child. */
static void
pay_and_kill(const char *tok, long long b, long long charges_before)
{
	pid_t	 child, cgi[4];
	int	 st, n = 0;

	fake_gateway_mode(&gw, "slow", 20);
	conf_set("payment_timeout_total", "25");
	if ((child = fork()) == 0) {
		struct hresp *r = fx_try_pay(tok, b, "card", VISA);

		_exit(r->status == 200 ? 0 : 1);
	}
	for (int i = 0; i < 100 && fake_gateway_charges(&gw, NULL) ==
	    charges_before; i++)
		usleep(100 * 1000);
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), charges_before + 1);
	for (int i = 0; i < 50 && (n = payment_cgis(cgi, 4)) == 0; i++)
		usleep(100 * 1000);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(kill(cgi[0], SIGKILL), 0);
	waitpid(child, &st, 0);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);	/* no 200 */
	fake_gateway_mode(&gw, "normal", 0);
	conf_set("payment_timeout_total", "2");
}

START_TEST(test_kill_9_mid_payment_then_settle_gives_the_ticket)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"B3\"]");
	long long before = fake_gateway_charges(&gw, NULL);

	gateway_normal();
	pay_and_kill(tok, b, before);
	/* Charged, killed before our commit: the attempt is open and the
	 * database is consistent. */
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'started'", b), 1);
	expect_booking(b, "pending");
	ck_assert_int_eq(skyfoxctl("check"), 0);
	conf_set("settle_after_seconds", "0");
	settle();
	expect_booking(b, "confirmed");
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);
	ck_assert_int_eq(balance(tok), 0);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_kill_9_mid_payment_after_hold_lapsed_refunds_to_wallet)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"B4\"]");
	long long before = fake_gateway_charges(&gw, NULL);
	struct hresp *r;

	gateway_normal();
	pay_and_kill(tok, b, before);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	conf_set("settle_after_seconds", "0");
	fx_clock_offset(400);	/* the hold lapses meanwhile */
	settle();
	fx_clock_back();
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM bookings WHERE id = "
	    "%lld AND status = 'confirmed'", b), 0);
	ck_assert_int_eq(balance(tok), PRICE);	/* the charge came back */
	r = api("GET", "/api/wallet/transactions", NULL, tok);
	ck_assert_str_eq(jstr(r->json, "data.transactions.0.kind"), "refund");
	ck_assert_int_eq(jint(r->json, "data.transactions.0.amount"), PRICE);
	hresp_free(r);
	books_whole();
	free(tok);
}
END_TEST

START_TEST(test_topup_timeout_is_credited_by_settle)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	struct hresp *r;

	gateway_normal();
	fake_gateway_mode(&gw, "slow", 4);
	r = topup(tok, "2500", VISA);
	expect_error(r, 502, "PAYMENT_SERVICE_ERROR");
	hresp_free(r);
	ck_assert_int_eq(balance(tok), 0);
	fake_gateway_mode(&gw, "normal", 0);
	conf_set("settle_after_seconds", "0");
	settle();
	ck_assert_int_eq(balance(tok), 2500);
	settle();				/* twice: credited once */
	ck_assert_int_eq(balance(tok), 2500);
	books_whole();
	free(tok);
}
END_TEST

/* Six payments of one booking at once through the HTTP gateway, which
 * takes a second to answer: the window between recording the attempt and
 * settling it is wide open, and still one payment wins, the others are
 * refused, and the card is charged once. */
START_TEST(test_concurrent_double_pay_through_the_gateway_charges_once)
{
	char	 me[32];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"E2\"]");
	long long same[6] = { b, b, b, b, b, b };
	long long before = fake_gateway_charges(&gw, NULL);
	int	 conflicts;

	gateway_normal();
	fake_gateway_mode(&gw, "slow", 1);
	ck_assert_int_eq(race(tok, same, 6, "card", VISA, &conflicts), 1);
	fake_gateway_mode(&gw, "normal", 0);
	ck_assert_int_eq(conflicts, 5);
	expect_booking(b, "confirmed");
	ck_assert_int_eq(fake_gateway_charges(&gw, NULL), before + 1);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM payments WHERE "
	    "booking_id = %lld AND status = 'succeeded'", b), 1);
	books_whole();
	free(tok);
}
END_TEST

/* After every gateway path above (timeouts, errors, garbage, kills,
 * settling): no card number, and no request body with a CVV, in the
 * database, its WAL or the logs. */
START_TEST(test_gateway_paths_leave_no_card_data_behind)
{
	const char *secrets[] = { VISA, "5555555555554444", DECLINED,
	    "\"cvv\"", "cvv=" };
	char	 cmd[1024];

	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		snprintf(cmd, sizeof(cmd), "grep -rqaF -e '%s' '%s/skyfox.db' "
		    "'%s/skyfox.db-wal' '%s/logs' 2>/dev/null", secrets[i],
		    getenv("SKYFOX_DATA"), getenv("SKYFOX_DATA"),
		    getenv("SKYFOX_DATA"));
		ck_assert_msg(WEXITSTATUS(system(cmd)) != 0,
		    "%s found in the data directory", secrets[i]);
	}
}
END_TEST

/* DESIGN §7: paying is a customer route too.  A booking whose show has
 * left the window (booking_window_days lowered after the hold) cannot be
 * paid: DATE_OUT_OF_RANGE, nothing charged, the hold still pending. */
START_TEST(test_payment_of_a_show_outside_the_window_is_refused)
{
	char	 me[32], q[160];
	char	*tok = fx_sql_customer("py", me);
	long long b = fx_hold(tok, fx_sql_show(&film, 1), "[\"D1\"]");	/* tomorrow */
	struct hresp *r;

	fund(tok, 100000);
	conf_set("booking_window_days", "1");		/* today only */
	r = fx_try_pay(tok, b, "card", VISA);
	expect_error(r, 400, "DATE_OUT_OF_RANGE");
	hresp_free(r);
	r = fx_try_pay(tok, b, "wallet", NULL);
	expect_error(r, 400, "DATE_OUT_OF_RANGE");
	hresp_free(r);
	expect_booking(b, "pending");
	snprintf(q, sizeof(q), "SELECT count(*) FROM payments WHERE booking_id "
	    "= %lld", b);
	ck_assert_int_eq(fx_sql_int("%s", q), 0);
	ck_assert_int_eq(balance(tok), 100000);
	conf_set("booking_window_days", NULL);
	r = fx_try_pay(tok, b, "card", VISA);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	expect_booking(b, "confirmed");
	books_whole();
	free(tok);
}
END_TEST

static void
window_back(void)
{
	conf_set("booking_window_days", NULL);
}

Suite *
payments_suite(void)
{
	Suite	*s = suite_create("payments");
	TCase	*t = tcase_create("simulator");
	TCase	*g = tcase_create("http gateway");
	TCase	*w = tcase_create("window");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_card_payment_confirms_with_the_contract_shape);
	tcase_add_test(t, test_every_failing_card_field_is_reported);
	tcase_add_test(t, test_refusals_name_the_reason_and_change_nothing);
	tcase_add_test(t, test_lapsed_hold_is_expired_and_seats_stay_unsold);
	tcase_add_test(t, test_declined_card_leaves_booking_pending_and_payable);
	tcase_add_test(t, test_wallet_pays_whole_or_not_at_all);
	tcase_add_test(t, test_wallet_plus_card_arithmetic);
	tcase_add_test(t, test_wallet_plus_card_with_enough_in_wallet_needs_no_card);
	tcase_add_test(t, test_concurrent_double_pay_exactly_one_succeeds);
	tcase_add_test(t, test_concurrent_wallet_payments_never_overdraw);
	tcase_add_test(t, test_roles);
	tcase_add_test(t, test_every_route_for_every_role);
	tcase_add_test(t, test_routes_are_documented);
	tcase_add_test(t, test_cookie_session_needs_csrf_token);
	tcase_add_test(t, test_topup_amount_limits);
	tcase_add_test(t, test_transactions_page_newest_first);
	tcase_add_test(t, test_others_cannot_see_my_wallet);
	tcase_add_test(t, test_cancel_confirmed_refunds_to_wallet_and_frees_seats);
	tcase_add_test(t, test_cancel_inside_two_hours_is_refused_with_why);
	tcase_add_test(t, test_unknown_gateway_setting_is_a_service_error);
	suite_add_tcase(s, t);

	tcase_set_timeout(g, 90);
	tcase_add_unchecked_fixture(g, gateway_up, gateway_down);
	tcase_add_test(g, test_gateway_gets_json_key_and_idempotency_key);
	tcase_add_test(g, test_gateway_decline_leaves_booking_payable);
	tcase_add_test(g, test_timeout_then_retry_charges_once);
	tcase_add_test(g, test_timeout_before_charging_then_retry_charges_once);
	tcase_add_test(g, test_gateway_error_is_502_with_nothing_half_written);
	tcase_add_test(g, test_gateway_refusals_never_charge);
	tcase_add_test(g, test_gateway_down_for_lookups_keeps_attempt_open_and_charges_none);
	tcase_add_test(g, test_kill_9_mid_payment_then_settle_gives_the_ticket);
	tcase_add_test(g, test_kill_9_mid_payment_after_hold_lapsed_refunds_to_wallet);
	tcase_add_test(g, test_topup_timeout_is_credited_by_settle);
	tcase_add_test(g, test_concurrent_double_pay_through_the_gateway_charges_once);
	tcase_add_test(g, test_gateway_paths_leave_no_card_data_behind);
	suite_add_tcase(s, g);
	/* Changes skyfox.conf; put back by the unchecked teardown. */
	tcase_set_timeout(w, 60);
	tcase_add_unchecked_fixture(w, NULL, window_back);
	tcase_add_test(w, test_payment_of_a_show_outside_the_window_is_refused);
	suite_add_tcase(s, w);
	return s;
}
