/* Cancelling a show over the real Apache (issue 15 item 7): DELETE
 * /api/shows/<id> {"reason"} by the admin refunds every paid online
 * booking in full to its wallet (the ledger says why), cancels the holds,
 * lists the walk-ins for cash at the counter, and takes the show out of
 * every list and file; after it nothing of the show can be held, paid,
 * sold or checked in (409 SHOW_CANCELLED), its slot can be scheduled
 * again, and skyfoxctl check stays clean. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fixture.h"

#define PRICE	20000

static const struct fx_film cancel_film = {
	"tt7700071", "Cancel Test Movie", "Cancel Screen", 2, PRICE,
	"06:00:00"
};

static struct hresp *
cancel(long long show, const char *body, const char *token)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	return api("DELETE", path, body, token);
}

/* Whether the list (a JSON array of shows) has show id. */
static int
lists(const cJSON *list, long long id)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, list)
		if (jint(s, "id") == id)
			return 1;
	return 0;
}

static long long
balance(const char *token)
{
	struct hresp *r = api("GET", "/api/wallet", NULL, token);
	long long b;

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	b = jint(r->json, "data.balance");
	hresp_free(r);
	return b;
}

START_TEST(test_cancel_refunds_lists_walkins_and_hides_the_show)
{
	char	*a = fx_login("admin"), *staff = fx_login("staff");
	char	 n1[32], n2[32], n3[32], path[96], date[11], *s;
	char	*c1 = fx_sql_customer("sc", n1), *c2 = fx_sql_customer("sc", n2);
	char	*c3 = fx_sql_customer("sc", n3);
	long long show = fx_sql_show(&cancel_film, 2);
	long long p1 = fx_hold(c1, show, "[\"A1\",\"A2\"]");
	long long p2 = fx_hold(c2, show, "[\"F5\"]");
	long long held, walk, again, screen, slot;
	struct hresp *r;

	fx_pay(c1, p1);
	fx_pay(c2, p2);
	walk = fx_walkin(staff, show, "[\"C3\"]", PRICE, "Ravi Kumar");
	held = fx_hold(c3, show, "[\"D4\"]");
	s = db_scalar("SELECT date FROM shows WHERE id = (SELECT max(id) FROM "
	    "shows WHERE movie_id = (SELECT id FROM movies WHERE imdb_id = "
	    "'tt7700071'))");
	snprintf(date, sizeof(date), "%s", s);
	free(s);

	/* The bad requests beside the good one: nothing moves. */
	r = cancel(show, "{}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "reason");
	hresp_free(r);
	r = cancel(show, "{\"reason\":\"\"}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = cancel(show, NULL, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = cancel(show, "{\"reason\":\"   \"}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = cancel(show, "{\"reason\":42}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	{
		char	 body[300];

		memset(body, 0, sizeof(body));
		memcpy(body, "{\"reason\":\"", 11);
		memset(body + 11, 'x', 201);
		memcpy(body + 212, "\"}", 2);
		r = cancel(show, body, a);
		expect_error(r, 422, "VALIDATION_ERROR");
		hresp_free(r);
	}
	r = cancel(show, "{\"reason\":\"Projector broken\"}", c1);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = cancel(show, "{\"reason\":\"Projector broken\"}", staff);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = cancel(show, "{\"reason\":\"Projector broken\"}", NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = cancel(987654321, "{\"reason\":\"Projector broken\"}", a);
	expect_error(r, 404, "SHOW_NOT_FOUND");
	hresp_free(r);
	ck_assert_int_eq(balance(c1), 0);

	r = cancel(show, "{\"reason\":\"Projector broken\"}", a);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert(cJSON_IsTrue(jget(r->json, "data.cancelled")));
	ck_assert_int_eq(jint(r->json, "data.holds_cancelled"), 1);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.refunded")), 2);
	ck_assert_int_eq(jint(r->json, "data.refunded.0.booking_id"), p1);
	ck_assert_int_eq(jint(r->json, "data.refunded.0.amount"), 2 * PRICE);
	ck_assert_int_eq(jint(r->json, "data.refunded.1.booking_id"), p2);
	ck_assert_int_eq(jint(r->json, "data.refunded.1.amount"),
	    PRICE + 15000);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json,
	    "data.cash_refunds")), 1);
	ck_assert_int_eq(jint(r->json, "data.cash_refunds.0.booking_id"), walk);
	ck_assert_int_eq(jint(r->json, "data.cash_refunds.0.amount"), PRICE);
	ck_assert_str_eq(jstr(r->json, "data.cash_refunds.0.customer_name"),
	    "Ravi Kumar");
	ck_assert_int_eq(strlen(jstr(r->json, "data.cash_refunds.0.phone")), 10);
	hresp_free(r);

	/* The refunds equal what was paid, to the paise, in the ledger with
	 * the reason, all at the one instant of the cancellation. */
	ck_assert_int_eq(balance(c1), fx_sql_int("SELECT amount FROM payments "
	    "WHERE booking_id = %lld AND status = 'succeeded'", p1));
	ck_assert_int_eq(balance(c2), PRICE + 15000);
	ck_assert_int_eq(balance(c3), 0);
	r = api("GET", "/api/wallet/transactions", NULL, c1);
	ck_assert_str_eq(jstr(r->json, "data.transactions.0.kind"), "refund");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.transactions.0.description"),
	    "Projector broken"));
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(DISTINCT l.created_at) FROM "
	    "wallet_ledger l JOIN bookings b ON b.id = l.booking_id WHERE "
	    "b.show_id = %lld AND l.kind = 'refund' AND l.created_at = (SELECT "
	    "cancelled_at FROM shows WHERE id = %lld)", show, show), 1);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM bookings WHERE "
	    "show_id = %lld AND status = 'cancelled' AND cancelled_at = (SELECT "
	    "cancelled_at FROM shows WHERE id = %lld)", show, show), 4);
	ck_assert_int_eq(skyfoxctl("check"), 0);

	/* Gone from the lists and files; the one read says why. */
	snprintf(path, sizeof(path), "/api/shows?date=%s", date);
	r = api("GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!lists(jget(r->json, "data"), show));
	hresp_free(r);
	r = api("GET", path, NULL, a);
	ck_assert(!lists(jget(r->json, "data"), show));
	hresp_free(r);
	snprintf(path, sizeof(path), "/live/shows/%s.json", date);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert(!lists(jget(r->json, "shows"), show));
	hresp_free(r);
	snprintf(path, sizeof(path), "/live/seats/%lld.json", show);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 404);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	r = api("GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.cancelled.reason"),
	    "Projector broken");
	ck_assert_ptr_nonnull(jget(r->json, "data.cancelled.at"));
	hresp_free(r);
	/* The customer's booking says why (My bookings shows it). */
	snprintf(path, sizeof(path), "/api/bookings/%lld", p1);
	r = api("GET", path, NULL, c1);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.status"), "cancelled");
	ck_assert_str_eq(jstr(r->json, "data.show.cancelled.reason"),
	    "Projector broken");
	hresp_free(r);

	/* Nothing of it can be held, paid, sold, changed or cancelled again. */
	r = fx_try_hold(c1, show, "[\"B1\"]");
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);
	r = fx_try_pay(c3, held, "card", FX_VISA);
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);
	r = fx_try_walkin(staff, show, "[\"B2\"]", PRICE, "Ravi Kumar",
	    fx_phone());
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	r = api("PATCH", path, "{\"price\":30000}", a);
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);
	r = cancel(show, "{\"reason\":\"Again\"}", a);
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);

	/* Its slot can be scheduled again. */
	screen = fx_sql_int("SELECT screen_id FROM shows WHERE id = %lld", show);
	slot = fx_sql_int("SELECT slot_id FROM shows WHERE id = %lld", show);
	{
		char	 body[256];

		snprintf(body, sizeof(body), "{\"movie_id\":%lld,\"screen_id\":"
		    "%lld,\"date\":\"%s\",\"slot_id\":%lld,\"price\":25000}",
		    fx_movie(a), screen, date, slot);
		r = api("POST", "/api/shows", body, a);
		ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
		again = jint(r->json, "data.id");
		ck_assert_int_ne(again, show);
		hresp_free(r);
	}
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(a);
	free(staff);
	free(c1);
	free(c2);
	free(c3);
}
END_TEST

/* A show whose door is open (it starts in 30 minutes) is cancelled: its
 * walk-in's ticket is turned away with the reason; a show that has started
 * cannot be cancelled. */
START_TEST(test_cancelled_show_is_not_checked_in_and_started_one_stays)
{
	char	*a = fx_login("admin"), *staff = fx_login("staff");
	long long show = fx_sql_show_in(&cancel_film, 30);
	long long started = fx_sql_show_in(&cancel_film, -10);
	long long walk = fx_walkin(staff, show, "[\"E1\"]", PRICE, "Asha Rao");
	char	 body[128];
	struct hresp *r;

	r = cancel(started, "{\"reason\":\"Too late\"}", a);
	expect_error(r, 409, "SHOW_ALREADY_STARTED");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT cancelled_at IS NULL FROM shows "
	    "WHERE id = %lld", started), 1);

	r = cancel(show, "{\"reason\":\"Power cut\"}", a);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.cash_refunds.0.booking_id"), walk);
	hresp_free(r);
	snprintf(body, sizeof(body), "{\"booking_ids\":[%lld]}", walk);
	r = api("POST", "/api/checkins", body, staff);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.checked_in")),
	    0);
	ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"),
	    "SHOW_CANCELLED");
	hresp_free(r);
	r = api("GET", "/api/checkins", NULL, staff);
	ck_assert_int_eq(r->status, 200);
	{
		const cJSON *s;

		cJSON_ArrayForEach(s, jget(r->json, "data.shows"))
			ck_assert_int_ne(jint(s, "show_id"), show);
	}
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(a);
	free(staff);
}
END_TEST

Suite *
show_cancel_suite(void)
{
	Suite	*s = suite_create("show_cancel");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_cancel_refunds_lists_walkins_and_hides_the_show);
	tcase_add_test(t,
	    test_cancelled_show_is_not_checked_in_and_started_one_stays);
	suite_add_tcase(s, t);
	return s;
}
