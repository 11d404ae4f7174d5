/* "Best available" and the single-seat-gap rule over the real Apache
 * (issue 15 item 6): GET /api/shows/<id>/best?count=N, and a customer's
 * hold or change refused with 409 SINGLE_SEAT_GAP when it would leave one
 * empty seat alone in a row — the counter exempt, gap_rule = off lifting
 * it, the "every choice strands one" exception, and a crowd of customers
 * that leaves no seat sold twice and no single seat stranded.
 *
 * The test site runs with gap_rule = off (tools/site.sh: the other suites
 * hold seats anywhere); the rule's tests turn it on and put it back. */
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
	"tt7700081", "Best Seats Movie", "Best Seats Screen", 4, PRICE,
	"15:00:00"
};

/* GET best?query for show as the public (no login). */
static struct hresp *
best(long long show, const char *query)
{
	char	 path[128];

	snprintf(path, sizeof(path), "/api/shows/%lld/best%s", show, query);
	return api("GET", path, NULL, NULL);
}

/* The suggested seats, space separated ("G4 G5 G6"), asserting 200 and
 * together as expected. */
static const char *
best_seats(long long show, int count, int together)
{
	static char out[256];
	char	 q[32];
	struct hresp *r;
	const cJSON *it;

	snprintf(q, sizeof(q), "?count=%d", count);
	r = best(show, q);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_msg(cJSON_IsBool(jget(r->json, "data.together")) &&
	    cJSON_IsTrue(jget(r->json, "data.together")) == together,
	    "together: %s", r->body);
	out[0] = '\0';
	cJSON_ArrayForEach(it, jget(r->json, "data.seats"))
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s",
		    out[0] ? " " : "", it->valuestring);
	hresp_free(r);
	return out;
}

START_TEST(test_best_on_an_empty_show_is_centred_two_thirds_back)
{
	long long show = fx_sql_show(&film, 1);

	/* Screen 1's shape: rows A–J, 1–10; G is two-thirds back. */
	ck_assert_str_eq(best_seats(show, 3, 1), "G4 G5 G6");
	ck_assert_str_eq(best_seats(show, 1, 1), "G5");
	ck_assert_str_eq(best_seats(show, 10, 1),
	    "G1 G2 G3 G4 G5 G6 G7 G8 G9 G10");
}
END_TEST

START_TEST(test_best_moves_when_seats_are_taken_and_splits_when_it_must)
{
	char	*staff = fx_login("staff"), me[32];
	char	*tok = fx_sql_customer("bs", me);
	long long show = fx_sql_show(&film, 1);

	fx_walkin(staff, show, "[\"G1\",\"G2\",\"G3\",\"G4\",\"G5\",\"G6\","
	    "\"G7\",\"G8\",\"G9\",\"G10\"]", 10 * (PRICE + DELUXE), "Best Row");
	ck_assert_str_eq(best_seats(show, 3, 1), "H4 H5 H6");
	/* A customer's hold counts as taken too. */
	fx_hold(tok, show, "[\"H1\",\"H2\",\"H3\",\"H4\",\"H5\",\"H6\"]");
	ck_assert_str_eq(best_seats(show, 3, 1), "F4 F5 F6");
	/* One seat gone from every other row: ten side by side exist
	 * nowhere, so the best split, biggest group first. */
	fx_walkin(staff, show, "[\"A5\",\"B5\",\"C5\",\"D5\",\"E5\",\"F5\","
	    "\"I5\",\"J5\"]", 8 * PRICE + 3 * DELUXE, "Best Split");
	ck_assert_str_eq(best_seats(show, 10, 0),
	    "F6 F7 F8 F9 F10 I6 I7 I8 I9 I10");
	free(staff);
	free(tok);
}
END_TEST

START_TEST(test_best_refuses_a_bad_count_and_an_unknown_show)
{
	static const char *bad[] = { "?count=0", "?count=-1", "?count=11",
	    "?count=x", "?count=", "", "?count=3.5" };
	long long show = fx_sql_show(&film, 1);
	struct hresp *r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		r = best(show, bad[i]);
		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "count");
		hresp_free(r);
	}
	r = best(999999999, "?count=2");
	expect_error(r, 404, "SHOW_NOT_FOUND");
	hresp_free(r);
	/* A cancelled show has no seats to suggest. */
	{
		char	 q[160];

		snprintf(q, sizeof(q), "UPDATE shows SET cancelled_at = 1, "
		    "cancel_reason = 'test' WHERE id = %lld", show);
		free(db_sql(q));
	}
	r = best(show, "?count=2");
	expect_error(r, 404, "SHOW_NOT_FOUND");
	hresp_free(r);
	/* types= belongs to ticket types (not built yet): ignored. */
	show = fx_sql_show(&film, 1);
	ck_assert_str_eq(best_seats(show, 2, 1), "G5 G6");
	r = best(show, "?count=2&types=adult,child");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
}
END_TEST

START_TEST(test_best_with_nothing_free_is_an_empty_list)
{
	char	*staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1);

	/* Everything but J10 sold. */
	for (int r = 0; r < 10; r++) {
		char	 seats[160] = "[";

		for (int n = 1; n <= 10; n++) {
			if (r == 9 && n == 10)
				break;
			snprintf(seats + strlen(seats), sizeof(seats) -
			    strlen(seats), "%s\"%c%d\"", n > 1 ? "," : "",
			    'A' + r, n);
		}
		strcat(seats, "]");
		fx_walkin(staff, show, seats, (r == 9 ? 9 : 10) *
		    (PRICE + (r >= 5 ? DELUXE : 0)), "Full House");
	}
	ck_assert_str_eq(best_seats(show, 1, 1), "J10");
	ck_assert_str_eq(best_seats(show, 2, 0), "");
	free(staff);
}
END_TEST

/* --- the gap rule --------------------------------------------------------- */

static void
gap_rule_on(void)
{
	conf_set("gap_rule", "on");
}

static void
gap_rule_back(void)
{
	conf_set("gap_rule", "off");
}

static struct hresp *
patch(const char *token, long long id, const char *body)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	return api("PATCH", path, body, token);
}

START_TEST(test_customer_hold_that_strands_a_seat_is_409_naming_it)
{
	char	 me[32];
	char	*tok = fx_sql_customer("bs", me), *staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1);
	struct hresp *r;

	r = fx_try_hold(tok, show, "[\"C2\",\"C3\"]");
	expect_error(r, 409, "SINGLE_SEAT_GAP");
	ck_assert_msg(strstr(jstr(r->json, "error.message"),
	    "C1 would be left on its own") != NULL, "%s", r->body);
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "seats");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.message"),
	    "C1 would be left on its own");
	hresp_free(r);
	/* Nothing was held. */
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats "
	    "WHERE show_id = %lld AND live = 1", show), 0);
	/* Between a sold seat and the customer's: C8 between C7 and C9. */
	r = fx_try_hold(tok, show, "[\"C9\",\"C10\"]");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	r = fx_try_hold(tok, show, "[\"C6\",\"C7\"]");
	expect_error(r, 409, "SINGLE_SEAT_GAP");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.message"),
	    "C8 would be left on its own");
	hresp_free(r);
	/* The counter is not held to it: the same seats sell. */
	r = fx_try_walkin(staff, show, "[\"C2\",\"C3\"]", 2 * PRICE,
	    "Gap Walkin", fx_phone());
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(tok);
	free(staff);
}
END_TEST

START_TEST(test_gap_rule_off_and_the_every_choice_exception)
{
	char	 me[32];
	char	*tok = fx_sql_customer("bs", me), *staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1);
	struct hresp *r;

	/* D1–D3 left: any two of three leave the third alone. */
	fx_walkin(staff, show, "[\"D4\",\"D5\",\"D6\",\"D7\",\"D8\",\"D9\","
	    "\"D10\"]", 7 * PRICE, "Gap Except");
	r = fx_try_hold(tok, show, "[\"D1\",\"D2\"]");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	/* Off: anything goes. */
	conf_set("gap_rule", "off");
	r = fx_try_hold(tok, show, "[\"E2\",\"E3\"]");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(tok);
	free(staff);
}
END_TEST

START_TEST(test_a_change_that_strands_a_seat_is_409)
{
	char	 me[32];
	char	*tok = fx_sql_customer("bs", me);
	long long show = fx_sql_show(&film, 1);
	long long id = fx_hold(tok, show, "[\"B1\",\"B2\",\"B3\"]");
	struct hresp *r;

	r = patch(tok, id, "{\"remove\":[\"B2\"]}");
	expect_error(r, 409, "SINGLE_SEAT_GAP");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "remove");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.message"),
	    "B2 would be left on its own");
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"B5\"]}");
	expect_error(r, 409, "SINGLE_SEAT_GAP");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "add");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.message"),
	    "B4 would be left on its own");
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"B4\"],\"remove\":[\"B1\"]}");
	ck_assert_msg(r->status == 409, "%ld %s", r->status, r->body);
	hresp_free(r);
	r = patch(tok, id, "{\"add\":[\"B4\"]}");
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(tok);
}
END_TEST

/* A crowd in one row: nine customers each want a pair, overlapping. */
struct crowd {
	char		*tok[9];
	long long	 show;
};

static struct hresp *
hold_pair(int i, void *arg)
{
	struct crowd *c = arg;
	char	 seats[32];

	snprintf(seats, sizeof(seats), "[\"G%d\",\"G%d\"]", i + 1, i + 2);
	return fx_try_hold(c->tok[i], c->show, seats);
}

START_TEST(test_a_crowd_sells_no_seat_twice_and_strands_none)
{
	static const long ok[] = { 201, 409, 0 };
	struct crowd c;
	struct burst b;
	char	 me[32], *taken;
	int	 row[12] = { 0 };

	c.show = fx_sql_show(&film, 1);
	for (int i = 0; i < 9; i++)
		c.tok[i] = fx_sql_customer("bs", me);
	burst_run(9, hold_pair, &c, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 201) >= 1, "%s", burst_summary(&b));
	for (int i = 0; i < b.n; i++)
		ck_assert_msg(b.status[i] == 201 ||
		    strcmp(b.code[i], "SEATS_UNAVAILABLE") == 0 ||
		    strcmp(b.code[i], "SINGLE_SEAT_GAP") == 0, "%s", b.code[i]);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM (SELECT 1 FROM "
	    "booking_seats WHERE show_id = %lld AND live = 1 GROUP BY seat_id "
	    "HAVING count(*) > 1)", c.show), 0);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats WHERE "
	    "show_id = %lld AND live = 1", c.show), 2 * burst_count(&b, 201));
	/* Row G as it stands: no free seat with both sides taken or ends. */
	{
		char	 q[256];

		snprintf(q, sizeof(q), "SELECT group_concat(s.number) FROM "
		    "booking_seats bs JOIN seats s ON s.id = bs.seat_id WHERE "
		    "bs.show_id = %lld AND bs.live = 1", c.show);
		taken = db_scalar(q);
	}
	for (char *p = taken; p != NULL && *p != '\0'; ) {
		row[atoi(p)] = 1;
		p = strchr(p, ',');
		p = p != NULL ? p + 1 : NULL;
	}
	row[0] = row[11] = 1;		/* the row's ends */
	for (int n = 1; n <= 10; n++)
		ck_assert_msg(row[n] || !row[n - 1] || !row[n + 1],
		    "G%d stranded (taken: %s)", n, taken);
	free(taken);
	for (int i = 0; i < 9; i++)
		free(c.tok[i]);
}
END_TEST

Suite *
best_suite(void)
{
	Suite	*s = suite_create("best");
	TCase	*t = tcase_create("best"), *g = tcase_create("gap rule");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_best_on_an_empty_show_is_centred_two_thirds_back);
	tcase_add_test(t,
	    test_best_moves_when_seats_are_taken_and_splits_when_it_must);
	tcase_add_test(t, test_best_refuses_a_bad_count_and_an_unknown_show);
	tcase_add_test(t, test_best_with_nothing_free_is_an_empty_list);
	suite_add_tcase(s, t);
	tcase_set_timeout(g, 60);
	tcase_add_unchecked_fixture(g, gap_rule_on, gap_rule_back);
	tcase_add_checked_fixture(g, gap_rule_on, NULL);
	tcase_add_test(g, test_customer_hold_that_strands_a_seat_is_409_naming_it);
	tcase_add_test(g, test_gap_rule_off_and_the_every_choice_exception);
	tcase_add_test(g, test_a_change_that_strands_a_seat_is_409);
	tcase_add_test(g, test_a_crowd_sells_no_seat_twice_and_strands_none);
	suite_add_tcase(s, g);
	return s;
}
