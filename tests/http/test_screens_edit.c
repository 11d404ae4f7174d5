/* Screens the manager can draw and seats for everyone (issue 15 items 3
 * and 4) over the real Apache: the admin posts and puts a layout (an aisle,
 * wheelchair spaces with companions, a blocked seat) and reads it back; bad
 * layouts are 422 naming the field; only the admin may draw; an edit that
 * changes a seat held for a show to come is 409 SCREEN_IN_USE naming the
 * show and seat, and goes through once that hold is cancelled; a customer
 * confirms a wheelchair space, holds a companion seat only with its space
 * until companion_release_minutes before the show (COMPANION_ONLY), then
 * like any seat; the counter is exempt, but a blocked seat is sold to
 * nobody.  skyfoxctl check stays clean. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fixture.h"

#define PRICE	20000

/* Row A: A1 wheelchair, A2 its companion, aisle (col 3), A3 A4, A5
 * wheelchair, A6 its companion.  Row B: B1 B2, aisle, B3 (blocked) B4 B5
 * B6.  kind_a3 is A3's kind; with_a4 0 leaves A4 out. */
static void
layout(char *out, size_t n, const char *name, const char *kind_a3,
    int with_a4)
{
	snprintf(out, n, "{\"name\":\"%s\",\"rows\":["
	    "{\"row\":\"A\",\"seats\":["
	    "{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\",\"kind\":\"wheelchair\",\"companion_of\":null},"
	    "{\"seat\":\"A2\",\"col\":2,\"category\":\"Standard\",\"kind\":\"companion\",\"companion_of\":\"A1\"},"
	    "{\"seat\":\"A3\",\"col\":4,\"category\":\"Standard\",\"kind\":\"%s\"},"
	    "%s"
	    "{\"seat\":\"A5\",\"col\":6,\"category\":\"Standard\",\"kind\":\"wheelchair\"},"
	    "{\"seat\":\"A6\",\"col\":7,\"category\":\"Standard\",\"kind\":\"companion\",\"companion_of\":\"A5\"}]},"
	    "{\"row\":\"B\",\"seats\":["
	    "{\"seat\":\"B1\",\"col\":1,\"category\":\"Deluxe\"},"
	    "{\"seat\":\"B2\",\"col\":2,\"category\":\"Deluxe\"},"
	    "{\"seat\":\"B3\",\"col\":4,\"category\":\"Deluxe\",\"kind\":\"blocked\"},"
	    "{\"seat\":\"B4\",\"col\":5,\"category\":\"Deluxe\"},"
	    "{\"seat\":\"B5\",\"col\":6,\"category\":\"Deluxe\"},"
	    "{\"seat\":\"B6\",\"col\":7,\"category\":\"Deluxe\"}]}]}",
	    name, kind_a3, with_a4 ? "{\"seat\":\"A4\",\"col\":5,"
	    "\"category\":\"Standard\",\"kind\":\"standard\"}," : "");
}

/* A new screen drawn by the admin: its id. */
static long long
draw_screen(const char *admin, char name[32])
{
	char	 body[4096];
	struct hresp *r;
	long long id;

	snprintf(name, 32, "%s", fx_unique("Drawn "));
	layout(body, sizeof(body), name, "standard", 1);
	r = api("POST", "/api/screens", body, admin);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	id = jint(r->json, "data.id");
	{
		char	 loc[64];

		snprintf(loc, sizeof(loc), "/api/screens/%lld", id);
		ck_assert_str_eq(hdr(r, "Location"), loc);
	}
	hresp_free(r);
	return id;
}

static struct hresp *
put_layout(const char *admin, long long id, const char *name,
    const char *kind_a3, int with_a4)
{
	char	 body[4096], path[64];

	layout(body, sizeof(body), name, kind_a3, with_a4);
	snprintf(path, sizeof(path), "/api/screens/%lld", id);
	return api("PUT", path, body, admin);
}

static struct hresp *
hold(const char *token, long long show, const char *seats, const char *more)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":%s%s}", show,
	    seats, more);
	return api("POST", "/api/bookings", body, token);
}

/* The seat's object in the show's seat map as token sees it. */
static cJSON *
map_seat(const char *token, long long show, const char *label,
    struct hresp **keep)
{
	char	 path[64];
	const cJSON *row, *s;

	snprintf(path, sizeof(path), "/api/shows/%lld/seats", show);
	*keep = api("GET", path, NULL, token);
	ck_assert_msg((*keep)->status == 200, "%s", (*keep)->body);
	cJSON_ArrayForEach(row, jget((*keep)->json, "data.rows"))
		cJSON_ArrayForEach(s, jget(row, "seats"))
			if (strcmp(jstr(s, "seat"), label) == 0)
				return (cJSON *)s;
	return NULL;
}

START_TEST(test_the_admin_draws_a_screen_and_everyone_reads_its_layout)
{
	char	*admin = fx_login("admin"), *cust = fx_login("customer");
	char	 name[32], path[64];
	long long id = draw_screen(admin, name);
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/screens/%lld", id);
	r = api("GET", path, NULL, cust);
	ck_assert_msg(r->status == 200, "%s", r->body);
	ck_assert_str_eq(jstr(r->json, "data.name"), name);
	ck_assert_str_eq(jstr(r->json, "data.rows.0.row"), "A");
	ck_assert_str_eq(jstr(r->json, "data.rows.0.seats.0.kind"),
	    "wheelchair");
	ck_assert(cJSON_IsNull(jget(r->json, "data.rows.0.seats.0."
	    "companion_of")));
	ck_assert_str_eq(jstr(r->json, "data.rows.0.seats.1.kind"),
	    "companion");
	ck_assert_str_eq(jstr(r->json, "data.rows.0.seats.1.companion_of"),
	    "A1");
	/* The aisle: A3 stands at column 4. */
	ck_assert_int_eq(jint(r->json, "data.rows.0.seats.2.col"), 4);
	ck_assert_str_eq(jstr(r->json, "data.rows.1.seats.2.kind"), "blocked");
	ck_assert_str_eq(jstr(r->json, "data.rows.1.seats.0.category"),
	    "Deluxe");
	hresp_free(r);
	r = api("GET", "/api/screens", NULL, cust);
	ck_assert_ptr_nonnull(strstr(r->body, name));
	hresp_free(r);
	r = api("GET", "/api/screens/999999999", NULL, cust);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(admin);
	free(cust);
}
END_TEST

START_TEST(test_only_the_admin_draws_screens)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	char	*cust = fx_login("customer"), name[32], body[4096];
	long long id = draw_screen(admin, name);
	struct hresp *r;

	layout(body, sizeof(body), fx_unique("Nope "), "standard", 1);
	r = api("POST", "/api/screens", body, staff);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/screens", body, cust);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/screens", body, NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = put_layout(staff, id, name, "blocked", 1);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM seats WHERE "
	    "screen_id = %lld AND kind = 'blocked'", id), 1);
	free(admin);
	free(staff);
	free(cust);
}
END_TEST

START_TEST(test_bad_layouts_are_refused_naming_the_field)
{
	static const struct {
		const char *body, *field;
	} bad[] = {
		{ "{\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\"}]}]}", "name" },
		{ "{\"name\":\"X\",\"rows\":[]}", "rows" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"a\",\"seats\":[{\"seat\":\"a1\",\"col\":1,\"category\":\"Standard\"}]}]}", "rows[0].row" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[]}]}", "rows[0].seats" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\"}]},{\"row\":\"A\",\"seats\":[{\"seat\":\"A2\",\"col\":1,\"category\":\"Standard\"}]}]}", "rows[1].row" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"B1\",\"col\":1,\"category\":\"Standard\"}]}]}", "rows[0].seats[0].seat" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A01\",\"col\":1,\"category\":\"Standard\"}]}]}", "rows[0].seats[0].seat" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":0,\"category\":\"Standard\"}]}]}", "rows[0].seats[0].col" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":81,\"category\":\"Standard\"}]}]}", "rows[0].seats[0].col" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":\"1\",\"category\":\"Standard\"}]}]}", "rows[0].seats[0].col" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\"},{\"seat\":\"A2\",\"col\":1,\"category\":\"Standard\"}]}]}", "rows[0].seats[1].col" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\"},{\"seat\":\"A1\",\"col\":2,\"category\":\"Standard\"}]}]}", "rows[0].seats[1].seat" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Gold\"}]}]}", "rows[0].seats[0].category" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\",\"kind\":\"vip\"}]}]}", "rows[0].seats[0].kind" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\",\"kind\":\"companion\"}]}]}", "rows[0].seats[0].companion_of" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\"},{\"seat\":\"A2\",\"col\":2,\"category\":\"Standard\",\"kind\":\"companion\",\"companion_of\":\"A1\"}]}]}", "rows[0].seats[1].companion_of" },
		{ "{\"name\":\"X\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\",\"kind\":\"wheelchair\",\"companion_of\":\"A1\"}]}]}", "rows[0].seats[0].companion_of" },
		{ "{\"name\":\"Screen 1\",\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,\"category\":\"Standard\"}]}]}", "name" },
	};
	char	*admin = fx_login("admin");
	long long before = fx_sql_int("SELECT count(*) FROM seats");
	struct hresp *r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		r = api("POST", "/api/screens", bad[i].body, admin);
		ck_assert_msg(r->status == 422, "#%zu: %ld %s", i, r->status,
		    r->body);
		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_msg(strcmp(jstr(r->json, "error.fields.0.field"),
		    bad[i].field) == 0, "#%zu: %s", i, r->body);
		hresp_free(r);
	}
	r = api("PUT", "/api/screens/999999999", bad[17].body, admin);
	ck_assert_int_eq(r->status, 422);	/* the name is taken */
	hresp_free(r);
	r = api("PUT", "/api/screens/999999999", "{\"name\":\"Nowhere 1\","
	    "\"rows\":[{\"row\":\"A\",\"seats\":[{\"seat\":\"A1\",\"col\":1,"
	    "\"category\":\"Standard\"}]}]}", admin);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	r = api("POST", "/api/screens", "[1,2]", admin);
	ck_assert_msg(r->status >= 400 && r->status < 500, "%s", r->body);
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM seats"), before);
	free(admin);
}
END_TEST

START_TEST(test_an_edit_of_a_seat_held_for_a_show_to_come_is_refused)
{
	char	*admin = fx_login("admin"), name[32], cname[32];
	char	*cust = fx_sql_customer("scr", cname);
	long long id = draw_screen(admin, name);
	long long show = fx_show(admin, 1, (int)id, PRICE), booking;
	long long a4 = fx_sql_int("SELECT id FROM seats WHERE screen_id = %lld "
	    "AND label = 'A4'", id);
	struct hresp *r, *m;
	char	 path[64];
	cJSON	*s;

	booking = fx_hold(cust, show, "[\"A3\"]");
	r = put_layout(admin, id, name, "blocked", 1);
	expect_error(r, 409, "SCREEN_IN_USE");
	ck_assert_msg(strstr(jstr(r->json, "error.message"), "A3") != NULL,
	    "%s", r->body);
	snprintf(path, sizeof(path), "(show %lld)", show);
	ck_assert_msg(strstr(jstr(r->json, "error.message"), path) != NULL,
	    "%s", r->body);
	hresp_free(r);
	s = map_seat(cust, show, "A3", &m);
	ck_assert_str_eq(jstr(s, "kind"), "standard");
	ck_assert_str_eq(jstr(s, "status"), "mine");
	hresp_free(m);
	/* Removing a seat nobody holds is fine; A3 stays as it was. */
	r = put_layout(admin, id, name, "standard", 0);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	ck_assert_ptr_null(map_seat(cust, show, "A4", &m));
	hresp_free(m);
	/* Once the hold is cancelled the edit goes through, and the show to
	 * come sees it: its map and its published file. */
	snprintf(path, sizeof(path), "/api/bookings/%lld", booking);
	r = api("DELETE", path, NULL, cust);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = put_layout(admin, id, name, "blocked", 1);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	s = map_seat(cust, show, "A3", &m);
	ck_assert_str_eq(jstr(s, "kind"), "blocked");
	ck_assert_str_eq(jstr(s, "status"), "blocked");
	ck_assert_int_eq(jint(m->json, "data.seats_total"), 10);
	hresp_free(m);
	/* A4 came back as the same seat. */
	ck_assert_int_eq(fx_sql_int("SELECT id FROM seats WHERE screen_id = "
	    "%lld AND label = 'A4' AND retired_at IS NULL", id), a4);
	snprintf(path, sizeof(path), "/live/seats/%lld.json", show);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(strstr(r->body, "\"seat\":\"A3\""));
	ck_assert_ptr_nonnull(strstr(r->body, "\"kind\":\"blocked\""));
	ck_assert_ptr_nonnull(strstr(r->body, "\"companion_of\":\"A5\""));
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(admin);
	free(cust);
}
END_TEST

START_TEST(test_a_wheelchair_space_is_held_by_who_confirms_they_need_it)
{
	char	*admin = fx_login("admin"), name[32], cname[32];
	char	*cust = fx_sql_customer("wch", cname);
	long long id = draw_screen(admin, name);
	long long show = fx_show(admin, 1, (int)id, PRICE);
	struct hresp *r;

	r = hold(cust, show, "[\"A5\"]", "");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"),
	    "wheelchair_confirmed");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.fields.0.message"),
	    "A5"));
	hresp_free(r);
	r = hold(cust, show, "[\"A5\"]", ",\"wheelchair_confirmed\":\"yes\"");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"),
	    "wheelchair_confirmed");
	hresp_free(r);
	r = hold(cust, show, "[\"A5\"]", ",\"wheelchair_confirmed\":false");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = hold(cust, show, "[\"A5\"]", ",\"wheelchair_confirmed\":true");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(admin);
	free(cust);
}
END_TEST

START_TEST(test_a_companion_seat_goes_with_its_space_until_the_release)
{
	char	*admin = fx_login("admin"), name[32], c1[32], c2[32];
	char	*cust = fx_sql_customer("cmp", c1);
	char	*other = fx_sql_customer("cmq", c2);
	long long id = draw_screen(admin, name);
	long long show = fx_show(admin, 1, (int)id, PRICE), booking;
	long long starts = fx_sql_int("SELECT starts_at FROM shows WHERE id = "
	    "%lld", show);
	struct hresp *r;
	char	 path[64];

	r = hold(cust, show, "[\"A2\"]", "");
	expect_error(r, 409, "COMPANION_ONLY");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "seats");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"), "A2"));
	hresp_free(r);
	/* With its wheelchair space, in the same booking: yes. */
	r = hold(cust, show, "[\"A1\",\"A2\"]", ",\"wheelchair_confirmed\":"
	    "true");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	booking = jint(r->json, "data.id");
	hresp_free(r);
	/* Letting go of the space but keeping its companion: no. */
	snprintf(path, sizeof(path), "/api/bookings/%lld", booking);
	r = api("PATCH", path, "{\"remove\":[\"A1\"]}", cust);
	expect_error(r, 409, "COMPANION_ONLY");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "remove");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.fields.0.message"),
	    "A2"));
	hresp_free(r);
	/* Nor can it add another companion seat without its space. */
	r = api("PATCH", path, "{\"add\":[\"A6\"]}", cust);
	expect_error(r, 409, "COMPANION_ONLY");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "add");
	hresp_free(r);
	/* Before the release, another customer can't have A6 alone… (a
	 * day on, they log in again) */
	fx_clock_to(starts - 61 * 60);
	free(other);
	other = login(c2, FX_CUSTOMER_PASSWORD);
	r = hold(other, show, "[\"A6\"]", "");
	expect_error(r, 409, "COMPANION_ONLY");
	hresp_free(r);
	/* …from companion_release_minutes (60) before the show, they can. */
	fx_clock_to(starts - 59 * 60);
	r = hold(other, show, "[\"A6\"]", "");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	fx_clock_back();
	free(admin);
	free(cust);
	free(other);
}
END_TEST

/* GET /api/shows/<id>/best?count=n: the seats suggested, comma-joined. */
static void
best(long long show, int n, char *out, size_t len)
{
	char	 path[96];
	const cJSON *s;
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/shows/%lld/best?count=%d", show, n);
	r = api("GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	out[0] = '\0';
	cJSON_ArrayForEach(s, jget(r->json, "data.seats"))
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
		    out[0] ? "," : "", s->valuestring);
	hresp_free(r);
}

/* Best available never hands out a wheelchair space, nor a companion
 * seat while it is kept for its space; from companion_release_minutes
 * before the show an unsold companion seat is on general sale, so best
 * available offers it like any seat (a family arriving late to a full
 * house gets the seats there are). */
START_TEST(test_best_available_offers_companion_seats_once_released)
{
	char	*admin = fx_login("admin"), name[32], c1[32], got[64];
	char	*cust = fx_sql_customer("bcr", c1);
	long long id = draw_screen(admin, name);
	long long show = fx_show(admin, 1, (int)id, PRICE);
	long long starts = fx_sql_int("SELECT starts_at FROM shows WHERE id = "
	    "%lld", show);
	struct hresp *r;

	/* An hour and a minute before the show (a day on: log in again),
	 * every standard seat is held: only A1, A5 (spaces) and A2, A6
	 * (their companions) are free. */
	fx_clock_to(starts - 61 * 60);
	free(cust);
	cust = login(c1, FX_CUSTOMER_PASSWORD);
	r = hold(cust, show, "[\"A3\",\"A4\",\"B1\",\"B2\",\"B4\",\"B5\","
	    "\"B6\"]", "");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	best(show, 1, got, sizeof(got));
	ck_assert_msg(got[0] == '\0', "before the release: %s", got);
	fx_clock_to(starts - 59 * 60);
	best(show, 1, got, sizeof(got));
	ck_assert_msg(strcmp(got, "A2") == 0 || strcmp(got, "A6") == 0,
	    "after the release: \"%s\"", got);
	best(show, 2, got, sizeof(got));
	ck_assert_msg(strcmp(got, "A2,A6") == 0 || strcmp(got, "A6,A2") == 0,
	    "two after the release: \"%s\"", got);
	fx_clock_back();
	free(admin);
	free(cust);
}
END_TEST

START_TEST(test_the_counter_sells_any_seat_but_a_blocked_one)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	char	 name[32], cname[32];
	char	*cust = fx_sql_customer("cnt", cname);
	long long id = draw_screen(admin, name);
	long long show = fx_show(admin, 1, (int)id, PRICE);
	struct hresp *r;

	fx_walkin(staff, show, "[\"A6\"]", PRICE, "Walk In");
	fx_walkin(staff, show, "[\"A1\"]", PRICE, "Walk In");
	fx_walkin(staff, show, "[\"A3\"]", PRICE, "Walk In");
	r = fx_try_walkin(staff, show, "[\"B3\"]", PRICE + 15000, "Walk In",
	    fx_phone());
	expect_error(r, 409, "SEAT_BLOCKED");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"),
	    "never sold"));
	hresp_free(r);
	r = hold(cust, show, "[\"B3\"]", "");
	expect_error(r, 409, "SEAT_BLOCKED");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.fields.0.message"),
	    "B3"));
	hresp_free(r);
	/* A seat the counter sold is not changed by an edit either, while
	 * the show is to come; the rest of the screen can be. */
	r = put_layout(admin, id, name, "blocked", 1);
	expect_error(r, 409, "SCREEN_IN_USE");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"), "A3"));
	hresp_free(r);
	r = put_layout(admin, id, name, "standard", 0);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(admin);
	free(staff);
	free(cust);
}
END_TEST

/* A screen of 900 seats (a body near 90 KB, past the API's usual 64 KB
 * limit) is taken whole; one more row than allowed is a field error. */
START_TEST(test_a_large_screen_is_taken_and_too_many_rows_are_refused)
{
	char	*admin = fx_login("admin");
	size_t	 cap = 200000, n = 0;
	char	*body = malloc(cap);
	struct hresp *r;

	ck_assert_ptr_nonnull(body);
	for (int rows = 30; rows <= 31; rows++) {
		n = (size_t)snprintf(body, cap, "{\"name\":\"%s\",\"rows\":[",
		    fx_unique("Big "));
		for (int i = 0; i < rows; i++) {
			char	 row[3];

			snprintf(row, sizeof(row), i < 26 ? "%c" : "A%c",
			    i < 26 ? 'A' + i : 'A' + i - 26);
			n += (size_t)snprintf(body + n, cap - n, "%s{\"row\":"
			    "\"%s\",\"seats\":[", i ? "," : "", row);
			for (int j = 1; j <= 30; j++)
				n += (size_t)snprintf(body + n, cap - n, "%s{"
				    "\"seat\":\"%s%d\",\"col\":%d,\"category\":"
				    "\"Standard\",\"kind\":\"standard\","
				    "\"companion_of\":null}", j > 1 ? "," : "",
				    row, j, j + (j > 15));
			n += (size_t)snprintf(body + n, cap - n, "]}");
		}
		snprintf(body + n, cap - n, "]}");
		ck_assert_uint_gt(strlen(body), 65536);
		r = api("POST", "/api/screens", body, admin);
		if (rows == 30) {
			ck_assert_msg(r->status == 201, "%ld %.300s", r->status,
			    r->body);
			ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM seats "
			    "WHERE screen_id = %lld", jint(r->json, "data.id")),
			    900);
		} else {
			expect_error(r, 422, "VALIDATION_ERROR");
			ck_assert_str_eq(jstr(r->json, "error.fields.0.field"),
			    "rows");
		}
		hresp_free(r);
	}
	free(body);
	free(admin);
}
END_TEST

static void
clock_back(void)
{
	fx_clock_back();
}

Suite *
screens_edit_suite(void)
{
	Suite	*s = suite_create("screens_edit");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 90);
	tcase_add_unchecked_fixture(t, NULL, clock_back);
	tcase_add_test(t,
	    test_the_admin_draws_a_screen_and_everyone_reads_its_layout);
	tcase_add_test(t, test_only_the_admin_draws_screens);
	tcase_add_test(t, test_bad_layouts_are_refused_naming_the_field);
	tcase_add_test(t,
	    test_an_edit_of_a_seat_held_for_a_show_to_come_is_refused);
	tcase_add_test(t,
	    test_a_wheelchair_space_is_held_by_who_confirms_they_need_it);
	tcase_add_test(t,
	    test_a_companion_seat_goes_with_its_space_until_the_release);
	tcase_add_test(t, test_the_counter_sells_any_seat_but_a_blocked_one);
	tcase_add_test(t,
	    test_best_available_offers_companion_seats_once_released);
	tcase_add_test(t,
	    test_a_large_screen_is_taken_and_too_many_rows_are_refused);
	suite_add_tcase(s, t);
	return s;
}
