/* Seats that can't be sold for one show (issue 15 item 5) over the real
 * Apache: staff block seats with a reason (POST /api/shows/<id>/blocks),
 * all of them or none; a customer's hold of a blocked seat is 409
 * SEAT_BLOCKED; the seat map and its /live/ file say "blocked" (staff's map
 * also says why); an unblocked seat can be held again; the counter sells a
 * house seat, never a broken one; a held seat can't be blocked; and a
 * block racing customers' holds of the same seat: exactly one wins.
 * skyfoxctl check stays clean throughout. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "burst.h"
#include "client.h"
#include "fixture.h"

#define PRICE	20000

static const struct fx_film film = {
	"tt7700091", "Blocks Test Movie", "Blocks Screen", 2, PRICE,
	"06:30:00"
};

static struct hresp *
post_blocks(const char *token, long long show, const char *body)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/api/shows/%lld/blocks", show);
	return api("POST", path, body, token);
}

static struct hresp *
unblock(const char *token, long long show, const char *seat)
{
	char	 path[96];

	snprintf(path, sizeof(path), "/api/shows/%lld/blocks/%s", show, seat);
	return api("DELETE", path, NULL, token);
}

/* POST the block, asserting 201. */
static void
must_block(const char *token, long long show, const char *body)
{
	struct hresp *r = post_blocks(token, show, body);

	ck_assert_msg(r->status == 201, "block %s: %ld %s", body, r->status,
	    r->body);
	hresp_free(r);
}

/* The seat label's object in a seat map (an API's "data" or a file). */
static const cJSON *
seat_in(const cJSON *map, const char *label)
{
	const cJSON *row, *s;

	cJSON_ArrayForEach(row, jget(map, "rows"))
		cJSON_ArrayForEach(s, jget(row, "seats"))
			if (strcmp(jstr(s, "seat"), label) == 0)
				return s;
	ck_abort_msg("no seat %s", label);
	return NULL;
}

/* GET /api/shows/<id>/seats as token (NULL: a visitor). */
static struct hresp *
seat_map(const char *token, long long show)
{
	char	 path[64];
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/shows/%lld/seats", show);
	r = api("GET", path, NULL, token);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	return r;
}

static struct hresp *
seat_file(long long show)
{
	char	 path[64];
	struct hresp *r;

	snprintf(path, sizeof(path), "/live/seats/%lld.json", show);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_msg(r->status == 200 && r->json != NULL, "%ld %s", r->status,
	    r->body);
	return r;
}

static long long
blocks_of(long long show)
{
	return fx_sql_int("SELECT count(*) FROM show_blocks WHERE show_id = "
	    "%lld", show);
}

START_TEST(test_a_blocked_seat_is_refused_to_customers_and_shown_blocked)
{
	char	*staff = fx_login("staff"), name[32];
	char	*cust = fx_sql_customer("bl", name);
	long long show = fx_sql_show(&film, 1);
	struct hresp *r, *f;

	r = post_blocks(staff, show, "{\"seats\":[\"C4\"],\"reason\":"
	    "\"broken\",\"house\":false}");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.show_id"), show);
	ck_assert_str_eq(jstr(r->json, "data.blocks.0.seat"), "C4");
	ck_assert_str_eq(jstr(r->json, "data.blocks.0.reason"), "broken");
	ck_assert(cJSON_IsFalse(jget(r->json, "data.blocks.0.house")));
	ck_assert_str_eq(jstr(r->json, "data.blocks.0.blocked_by"), "staff");
	hresp_free(r);

	r = fx_try_hold(cust, show, "[\"C3\",\"C4\"]");
	expect_error(r, 409, "SEAT_BLOCKED");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "seats");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.fields.0.message"),
	    "C4"));
	hresp_free(r);

	/* A visitor's map and the file: blocked, without the reason; the
	 * staff's map: the reason and whether it is a house seat. */
	r = seat_map(NULL, show);
	ck_assert_str_eq(jstr(seat_in(jget(r->json, "data"), "C4"), "status"),
	    "blocked");
	ck_assert_ptr_null(jget(seat_in(jget(r->json, "data"), "C4"),
	    "blocked"));
	ck_assert_int_eq(jint(r->json, "data.seats_available"), 99);
	hresp_free(r);
	r = seat_map(cust, show);
	ck_assert_ptr_null(strstr(r->body, "broken"));
	hresp_free(r);
	f = seat_file(show);
	ck_assert_str_eq(jstr(seat_in(f->json, "C4"), "status"), "blocked");
	ck_assert_ptr_null(strstr(f->body, "broken"));
	ck_assert_int_eq(jint(f->json, "seats_available"), 99);
	hresp_free(f);
	r = seat_map(staff, show);
	ck_assert_str_eq(jstr(seat_in(jget(r->json, "data"), "C4"),
	    "blocked.reason"), "broken");
	ck_assert(cJSON_IsFalse(jget(seat_in(jget(r->json, "data"), "C4"),
	    "blocked.house")));
	hresp_free(r);

	/* Unblocked: on sale again, in the map, the file and to a hold. */
	r = unblock(staff, show, "C4");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.blocks")), 0);
	hresp_free(r);
	r = unblock(staff, show, "C4");
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	f = seat_file(show);
	ck_assert_str_eq(jstr(seat_in(f->json, "C4"), "status"), "available");
	hresp_free(f);
	fx_hold(cust, show, "[\"C4\"]");
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(staff);
	free(cust);
}
END_TEST

START_TEST(test_the_counter_sells_a_house_seat_not_a_broken_one)
{
	char	*staff = fx_login("staff"), *admin = fx_login("admin");
	long long show = fx_sql_show(&film, 2);
	struct hresp *r;

	must_block(staff, show, "{\"seats\":[\"D1\",\"D2\"],\"reason\":"
	    "\"Mayor and guest\",\"house\":true}");
	must_block(admin, show, "{\"seats\":[\"D3\"],\"reason\":\"broken\"}");
	r = fx_try_walkin(staff, show, "[\"D3\"]", PRICE, "Ravi Kumar",
	    fx_phone());
	expect_error(r, 409, "SEAT_BLOCKED");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.fields.0.message"),
	    "not a house seat"));
	hresp_free(r);
	r = fx_try_walkin(staff, show, "[\"D1\",\"D3\"]", 2 * PRICE,
	    "Ravi Kumar", fx_phone());
	expect_error(r, 409, "SEAT_BLOCKED");
	hresp_free(r);
	fx_walkin(staff, show, "[\"D1\"]", PRICE, "Mayor Guest");
	/* Sold: the map says so; the block stays (staff still see it is a
	 * house seat), and it cannot be turned into a broken seat now. */
	r = seat_map(staff, show);
	ck_assert_str_eq(jstr(seat_in(jget(r->json, "data"), "D1"), "status"),
	    "sold");
	ck_assert(cJSON_IsTrue(jget(seat_in(jget(r->json, "data"), "D1"),
	    "blocked.house")));
	ck_assert_str_eq(jstr(seat_in(jget(r->json, "data"), "D2"), "status"),
	    "blocked");
	ck_assert_int_eq(jint(r->json, "data.seats_available"), 97);
	hresp_free(r);
	r = post_blocks(staff, show, "{\"seats\":[\"D1\"],\"reason\":\"broken\"}");
	expect_error(r, 409, "SEATS_UNAVAILABLE");
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(staff);
	free(admin);
}
END_TEST

START_TEST(test_blocking_refuses_bad_requests_and_changes_nothing)
{
	char	*staff = fx_login("staff"), *admin = fx_login("admin"), name[32];
	char	*cust = fx_sql_customer("bl", name);
	long long show = fx_sql_show(&film, 3);
	struct hresp *r;
	char	 body[400], path[96];
	long long v = fx_sql_int("SELECT version FROM shows WHERE id = %lld",
	    show);

	fx_hold(cust, show, "[\"E5\"]");
	v++;
	r = post_blocks(cust, show, "{\"seats\":[\"C4\"],\"reason\":\"x\"}");
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = post_blocks(NULL, show, "{\"seats\":[\"C4\"],\"reason\":\"x\"}");
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = unblock(cust, show, "C4");
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = unblock(NULL, show, "C4");
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld/blocks", show);
	{
		char	 auth[600];

		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", staff);
		r = http("POST", path, "application/json", "{\"seats\":[", 10,
		    (const char *const[]){ auth, NULL });
		expect_error(r, 400, "VALIDATION_ERROR");
		hresp_free(r);
	}
	r = post_blocks(staff, show, "{\"seats\":[\"C4\"]}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "reason");
	hresp_free(r);
	memset(body, 0, sizeof(body));
	strcpy(body, "{\"seats\":[\"C4\"],\"reason\":\"");
	memset(body + strlen(body), 'x', 101);
	strcat(body, "\"}");
	r = post_blocks(staff, show, body);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = post_blocks(staff, show, "{\"seats\":[\"C4\"],\"reason\":\"x\","
	    "\"house\":\"yes\"}");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "house");
	hresp_free(r);
	r = post_blocks(staff, show, "{\"seats\":[],\"reason\":\"x\"}");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	/* One bad seat: nothing is blocked. */
	r = post_blocks(staff, show, "{\"seats\":[\"C4\",\"Z99\",\"C5\"],"
	    "\"reason\":\"broken\"}");
	expect_error(r, 422, "INVALID_SEAT");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"), "Z99"));
	hresp_free(r);
	r = unblock(staff, show, "Z99");
	expect_error(r, 422, "INVALID_SEAT");
	hresp_free(r);
	/* A held seat: refused, named; the free one beside it stays free. */
	r = post_blocks(staff, show, "{\"seats\":[\"E4\",\"E5\"],\"reason\":"
	    "\"broken\"}");
	expect_error(r, 409, "SEATS_UNAVAILABLE");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.message"),
	    "E5 is already taken");
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "error.fields")), 1);
	hresp_free(r);
	r = post_blocks(staff, 987654321, "{\"seats\":[\"C4\"],\"reason\":\"x\"}");
	expect_error(r, 404, "SHOW_NOT_FOUND");
	hresp_free(r);
	ck_assert_int_eq(blocks_of(show), 0);
	ck_assert_int_eq(fx_sql_int("SELECT version FROM shows WHERE id = %lld",
	    show), v);

	/* A cancelled show takes no block, nor an unblock. */
	must_block(staff, show, "{\"seats\":[\"F1\"],\"reason\":\"broken\"}");
	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	r = api("DELETE", path, "{\"reason\":\"Power cut\"}", admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	r = post_blocks(staff, show, "{\"seats\":[\"C4\"],\"reason\":\"x\"}");
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);
	r = unblock(staff, show, "F1");
	expect_error(r, 409, "SHOW_CANCELLED");
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(staff);
	free(admin);
	free(cust);
}
END_TEST

/* A burst: for each of three seats, the staff's block and seven customers'
 * holds of it at once.  Exactly one of the eight wins each seat, and no
 * seat is both held and blocked. */
struct race {
	long long	 show;
	const char	*seat;
	char		*staff;
	char		*cust[7];
};

static struct hresp *
racer(int i, void *arg)
{
	const struct race *r = arg;
	char	 body[128];

	if (i == 0) {
		snprintf(body, sizeof(body), "{\"seats\":[\"%s\"],\"reason\":"
		    "\"broken\"}", r->seat);
		return post_blocks(r->staff, r->show, body);
	}
	snprintf(body, sizeof(body), "[\"%s\"]", r->seat);
	return fx_try_hold(r->cust[i - 1], r->show, body);
}

START_TEST(test_a_block_racing_holds_of_the_seat_one_wins)
{
	static const long ok[] = { 201, 409, 0 };
	static const char *const seats[] = { "G5", "G6", "G7" };
	struct race race;
	struct burst b;
	char	 name[32];

	race.show = fx_sql_show(&film, 4);
	race.staff = fx_login("staff");
	for (int i = 0; i < 7; i++)
		race.cust[i] = fx_sql_customer("br", name);
	for (size_t k = 0; k < sizeof(seats) / sizeof(*seats); k++) {
		race.seat = seats[k];
		burst_run(8, racer, &race, &b);
		burst_expect_only(&b, ok);
		ck_assert_msg(burst_count(&b, 201) == 1, "%s: %s", seats[k],
		    burst_summary(&b));
		for (int i = 1; i < b.n; i++)
			ck_assert(b.status[i] == 201 ||
			    strcmp(b.code[i], b.status[0] == 201 ?
			    "SEAT_BLOCKED" : "SEATS_UNAVAILABLE") == 0);
		if (b.status[0] != 201)
			ck_assert_str_eq(b.code[0], "SEATS_UNAVAILABLE");
	}
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM show_blocks k JOIN "
	    "booking_seats bs ON bs.show_id = k.show_id AND bs.seat_id = "
	    "k.seat_id AND bs.live = 1 WHERE k.show_id = %lld", race.show), 0);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats WHERE "
	    "show_id = %lld AND live = 1", race.show) + blocks_of(race.show),
	    3);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(race.staff);
	for (int i = 0; i < 7; i++)
		free(race.cust[i]);
}
END_TEST

Suite *
blocks_suite(void)
{
	Suite	*s = suite_create("blocks");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 90);
	tcase_add_test(t,
	    test_a_blocked_seat_is_refused_to_customers_and_shown_blocked);
	tcase_add_test(t, test_the_counter_sells_a_house_seat_not_a_broken_one);
	tcase_add_test(t, test_blocking_refuses_bad_requests_and_changes_nothing);
	tcase_add_test(t, test_a_block_racing_holds_of_the_seat_one_wins);
	suite_add_tcase(s, t);
	return s;
}
