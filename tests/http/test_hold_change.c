/* PATCH /api/bookings/<id> over the real Apache: a customer adds seats to or
 * lets go of seats of their live hold, under the hold's own rules and its
 * own clock (issue 14: a second hold no longer stacks beside the first).
 * Each bad change next to the good one, and a burst of changes next to the
 * single one. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "burst.h"
#include "client.h"
#include "fixture.h"

#define PRICE	25000		/* the test shows' base price */
#define DELUXE	15000		/* seed: rows F–J */

static const struct fx_film film = {
	"tt7700041", "Hold Change Movie", "Hold Change Screen", 4, PRICE,
	"15:00:00"
};

static struct hresp *
patch(const char *token, long long id, const char *body)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	return api("PATCH", path, body, token);
}

/* The booking's seats, comma-joined, from the database. */
static char *
seats_of(long long id)
{
	char	 q[256];

	snprintf(q, sizeof(q), "SELECT group_concat(label, ',') FROM (SELECT "
	    "s.label FROM booking_seats bs JOIN seats s ON s.id = bs.seat_id "
	    "WHERE bs.booking_id = %lld AND bs.live = 1 ORDER BY s.id)", id);
	return db_scalar(q);
}

START_TEST(test_patch_adds_and_removes_seats_and_keeps_the_clock)
{
	char	 me[32], q[160];
	char	*tok = fx_sql_customer("hc", me), *s;
	long long show = fx_sql_show(&film, 1);
	long long id = fx_hold(tok, show, "[\"A1\",\"A2\"]");
	long long expires = fx_sql_int("SELECT expires_at FROM bookings WHERE "
	    "id = %lld", id);
	long long version = fx_sql_int("SELECT version FROM shows WHERE id = "
	    "%lld", show);
	struct hresp *r;

	r = patch(tok, id, "{\"add\":[\"F3\"],\"remove\":[\"A1\"]}");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.status"), "pending");
	ck_assert_int_eq(jint(r->json, "data.id"), id);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.seats")), 2);
	ck_assert_int_eq(jint(r->json, "data.amount"), 2 * PRICE + DELUXE);
	hresp_free(r);
	s = seats_of(id);
	ck_assert_str_eq(s, "A2,F3");
	free(s);
	/* The same clock, the amount and count in the row, the map's
	 * version moved. */
	ck_assert_int_eq(fx_sql_int("SELECT expires_at FROM bookings WHERE "
	    "id = %lld", id), expires);
	snprintf(q, sizeof(q), "SELECT amount * 10 + seat_count FROM bookings "
	    "WHERE id = %lld", id);
	ck_assert_int_eq(fx_sql_int("%s", q), (2 * PRICE + DELUXE) * 10 + 2);
	ck_assert_int_gt(fx_sql_int("SELECT version FROM shows WHERE id = "
	    "%lld", show), version);
	/* A1 is free for anyone at once; the published file says so. */
	snprintf(q, sizeof(q), "/live/seats/%lld.json", show);
	r = http("GET", q, NULL, NULL, 0, NULL);
	ck_assert_msg(r->status == 200, "%ld", r->status);
	ck_assert_ptr_nonnull(strstr(r->body, "\"seat\":\"A1\""));
	ck_assert_ptr_nonnull(strstr(strstr(r->body, "\"seat\":\"A1\""),
	    "\"status\":\"available\""));
	ck_assert(strstr(strstr(r->body, "\"seat\":\"A1\""),
	    "\"status\":\"available\"") < strstr(r->body, "\"seat\":\"A2\""));
	hresp_free(r);
	/* Only adding, as a form's comma list; only removing. */
	r = patch(tok, id, "{\"add\":\"A5, A6\"}");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	r = patch(tok, id, "{\"remove\":[\"F3\"],\"add\":[]}");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.amount"), 3 * PRICE);
	hresp_free(r);
	s = seats_of(id);
	ck_assert_str_eq(s, "A2,A5,A6");
	free(s);
	free(tok);
}
END_TEST

/* 1 when the error marks field with a message starting with text. */
static int
marks(const struct hresp *r, const char *field, const char *text)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, jget(r->json, "error.fields"))
		if (strcmp(jstr(it, "field"), field) == 0 &&
		    strncmp(jstr(it, "message"), text, strlen(text)) == 0)
			return 1;
	return 0;
}

START_TEST(test_patch_refuses_what_a_hold_would_and_changes_nothing)
{
	char	 me[32], other[32];
	char	*tok = fx_sql_customer("hc", me), *s;
	char	*tok2 = fx_sql_customer("hc", other);
	char	*staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1);
	long long id = fx_hold(tok, show, "[\"B1\",\"B2\"]");
	long long theirs = fx_hold(tok2, show, "[\"B5\"]");
	struct hresp *r;

	r = patch(tok, id, "{\"add\":[\"B3\",\"B5\"]}");	/* B5 is taken */
	expect_error(r, 409, "SEATS_UNAVAILABLE");
	ck_assert(marks(r, "add", "B5 "));
	ck_assert(!marks(r, "add", "B3 "));
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"Z99\"]}");
	expect_error(r, 422, "INVALID_SEAT");
	ck_assert(marks(r, "add", "Z99 "));
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"B3\",\"B3\"]}");
	expect_error(r, 422, "DUPLICATE_SEAT");
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"B2\"]}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(marks(r, "add", "B2 is already in this hold"));
	hresp_free(r);
	r = patch(tok, id, "{\"remove\":[\"B9\"]}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(marks(r, "remove", "B9 is not in this hold"));
	hresp_free(r);
	r = patch(tok, id, "{\"remove\":[\"B1\",\"B2\"]}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(marks(r, "remove", "a hold keeps at least one seat"));
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"B3\"],\"remove\":[\"B3\"]}");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = patch(tok, id, "{}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(marks(r, "add", "give seats to add or to remove"));
	hresp_free(r);
	r = patch(tok, id, "{\"add\":5}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(marks(r, "add", "seats must be a list"));
	hresp_free(r);
	r = patch(tok, id, "[1,2]");
	expect_error(r, 400, "VALIDATION_ERROR");
	hresp_free(r);
	/* Nine more would make eleven of a show (max_seats 10). */
	r = patch(tok, id, "{\"add\":[\"C1\",\"C2\",\"C3\",\"C4\",\"C5\","
	    "\"C6\",\"C7\",\"C8\",\"C9\"]}");
	expect_error(r, 422, "TOO_MANY_SEATS");
	ck_assert(marks(r, "add", "at most 10 seats"));
	hresp_free(r);
	/* Not theirs; not a customer; no such booking. */
	r = patch(tok, theirs, "{\"add\":[\"B6\"]}");
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = patch(staff, id, "{\"add\":[\"B6\"]}");
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = patch(tok, 987654321, "{\"add\":[\"B6\"]}");
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = patch(NULL, id, "{\"add\":[\"B6\"]}");
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	s = seats_of(id);
	ck_assert_str_eq(s, "B1,B2");
	free(s);
	/* A paid booking is no hold any more. */
	fx_pay(tok2, theirs);
	r = patch(tok2, theirs, "{\"add\":[\"B6\"]}");
	expect_error(r, 409, "INVALID_BOOKING_STATUS");
	hresp_free(r);
	free(tok);
	free(tok2);
	free(staff);
}
END_TEST

START_TEST(test_patch_of_a_lapsed_hold_is_410)
{
	char	 me[32];
	char	*tok = fx_sql_customer("hc", me);
	long long show = fx_sql_show(&film, 1);
	long long id = fx_hold(tok, show, "[\"D1\"]");
	struct hresp *r;

	fx_clock_offset(301);
	r = patch(tok, id, "{\"add\":[\"D2\"]}");
	expect_error(r, 410, "BOOKING_EXPIRED");
	hresp_free(r);
	fx_clock_back();
	free(tok);
}
END_TEST

/* A burst: one customer's hold of one seat gets ten changes at once, each
 * adding two seats of its own: the seat cap (10) holds across them — four
 * are granted, the rest are TOO_MANY_SEATS — and the booking's amount and
 * count match its rows.  Meanwhile nobody else can get a seat it got. */
struct change_burst {
	const char	*token;
	long long	 id;
};

static struct hresp *
one_change(int i, void *arg)
{
	const struct change_burst *b = arg;
	char	 body[96];

	snprintf(body, sizeof(body), "{\"add\":[\"E%d\",\"G%d\"]}", i + 1,
	    i + 1);
	return patch(b->token, b->id, body);
}

START_TEST(test_a_burst_of_changes_keeps_the_seat_cap_and_the_amount)
{
	static const long ok[] = { 200, 422, 0 };
	char	 me[32], q[256];
	char	*tok = fx_sql_customer("hc", me);
	long long show = fx_sql_show(&film, 1);
	struct change_burst arg = { tok, fx_hold(tok, show, "[\"H1\"]") };
	struct burst b;

	burst_run(10, one_change, &arg, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 200) == 4, "%s", burst_summary(&b));
	for (int i = 0; i < b.n; i++)
		ck_assert(b.status[i] == 200 ||
		    strcmp(b.code[i], "TOO_MANY_SEATS") == 0);
	snprintf(q, sizeof(q), "SELECT b.seat_count = count(*) AND b.amount = "
	    "sum(bs.price) AND count(*) = 9 FROM bookings b JOIN booking_seats "
	    "bs ON bs.booking_id = b.id AND bs.live = 1 WHERE b.id = %lld",
	    arg.id);
	ck_assert_int_eq(fx_sql_int("%s", q), 1);
	free(tok);
}
END_TEST

Suite *
hold_change_suite(void)
{
	Suite	*s = suite_create("hold change");
	TCase	*t = tcase_create("http"), *c = tcase_create("clock");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_patch_adds_and_removes_seats_and_keeps_the_clock);
	tcase_add_test(t,
	    test_patch_refuses_what_a_hold_would_and_changes_nothing);
	tcase_add_test(t,
	    test_a_burst_of_changes_keeps_the_seat_cap_and_the_amount);
	suite_add_tcase(s, t);
	tcase_set_timeout(c, 30);
	tcase_add_unchecked_fixture(c, NULL, fx_clock_back);
	tcase_add_test(c, test_patch_of_a_lapsed_hold_is_410);
	suite_add_tcase(s, c);
	return s;
}
