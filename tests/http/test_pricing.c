/* Ticket types and price cards (issue 15 item 1) over the real Apache:
 * anyone lists the types, the admin adds and changes them (the default
 * type stays on sale); a price card must price every active type x seat
 * category (422 naming the first pair missing); a show priced by a card
 * gives each seat its prices per type in the seat map, its /live/ file and
 * the show; a hold, a change of one and a walk-in take typed seats and
 * charge the sum; a booking's seats come back as objects only when some
 * seat is not an adult's; the show's prices can't change once a seat is
 * held (SHOW_HAS_BOOKINGS); best available takes the types; the PDF
 * ticket and the CSV name each seat's type. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "client.h"
#include "fixture.h"

#define PRICE	20000

static const struct fx_film film = {
	"tt7700121", "Pricing Test Movie", "Pricing Screen", 3, PRICE,
	"07:30:00"
};

/* The card's price of a category for a type: Standard adult 250.00,
 * child 150.00, senior 180.00, student 200.00; Deluxe 150.00 more; any
 * other category as Standard. */
static long long
card_price(const char *category, const char *type)
{
	long long p = strcmp(type, "child") == 0 ? 15000 :
	    strcmp(type, "senior") == 0 ? 18000 :
	    strcmp(type, "student") == 0 ? 20000 : 25000;

	return strcmp(category, "Deluxe") == 0 ? p + 15000 : p;
}

/* {"name":name,"prices":[…]} for every category x active type, leaving
 * out skip_cat x skip_type (NULL: none), with extra appended to the list
 * (NULL: nothing). */
static char *
card_body(const char *name, const char *skip_cat, const char *skip_type,
    const char *extra)
{
	char	*cats = db_scalar("SELECT group_concat(name, '|') FROM "
	    "(SELECT name FROM seat_categories ORDER BY price_offset, id)");
	char	*types = db_scalar("SELECT group_concat(code, '|') FROM "
	    "(SELECT code FROM ticket_types WHERE active = 1 ORDER BY sort)");
	struct buf b = BUF_INIT;
	char	*c, *t, *cs, *ts, *out;
	int	 first = 1;

	buf_printf(&b, "{\"name\":\"%s\",\"prices\":[", name);
	for (c = strtok_r(cats, "|", &cs); c != NULL;
	    c = strtok_r(NULL, "|", &cs)) {
		char	*tcopy = strdup(types);

		for (t = strtok_r(tcopy, "|", &ts); t != NULL;
		    t = strtok_r(NULL, "|", &ts)) {
			if (skip_cat && strcmp(c, skip_cat) == 0 &&
			    strcmp(t, skip_type) == 0)
				continue;
			buf_printf(&b, "%s{\"category\":\"%s\",\"type\":\"%s\","
			    "\"price\":%lld}", first ? "" : ",", c, t,
			    card_price(c, t));
			first = 0;
		}
		free(tcopy);
	}
	if (extra != NULL)
		buf_printf(&b, ",%s", extra);
	buf_puts(&b, "]}");
	out = strdup(buf_str(&b));
	buf_free(&b);
	free(cats);
	free(types);
	return out;
}

/* A new complete card: its id. */
static long long
make_card(const char *admin)
{
	char	*body = card_body(fx_unique("Evening "), NULL, NULL, NULL);
	struct hresp *r = api("POST", "/api/price-cards", body, admin);
	long long id;

	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	id = jint(r->json, "data.id");
	hresp_free(r);
	free(body);
	return id;
}

static struct hresp *
patch_show(const char *token, long long show, const char *body)
{
	char	 path[64];

	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	return api("PATCH", path, body, token);
}

/* A seat's object in a seat map. */
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

/* The day's list (shows: an array of shows) has show id priced by its
 * card (adult 25000, child 15000, senior 18000), and every show of the
 * day priced by a single price sells each active type at that price: the
 * list works each show's prices out from its card or price. */
static void
day_list_prices(const cJSON *shows, long long id)
{
	const cJSON *s;
	int	 found = 0, single = 0;

	cJSON_ArrayForEach(s, shows) {
		if (jint(s, "id") == id) {
			found = 1;
			ck_assert_int_eq(jint(s, "prices.adult"), 25000);
			ck_assert_int_eq(jint(s, "prices.child"), 15000);
			ck_assert_int_eq(jint(s, "prices.senior"), 18000);
			continue;
		}
		if (!cJSON_IsNull(jget(s, "price_card_id")))
			continue;
		single++;
		ck_assert_int_eq(jint(s, "prices.adult"), jint(s, "price"));
		ck_assert_int_eq(jint(s, "prices.child"), jint(s, "price"));
		ck_assert_int_eq(jint(s, "prices.student"), jint(s, "price"));
	}
	ck_assert_msg(found, "show %lld not in the day's list", id);
	ck_assert_msg(single > 0, "no single-price show that day");
}

/* A show of this suite's film priced by a new card (through PATCH). */
static long long
card_show(const char *admin, long long *card, int days)
{
	long long show = fx_sql_show(&film, days);
	char	 body[64];
	struct hresp *r;

	*card = make_card(admin);
	snprintf(body, sizeof(body), "{\"price_card_id\":%lld}", *card);
	r = patch_show(admin, show, body);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	return show;
}

START_TEST(test_types_are_listed_to_anyone_and_changed_by_the_admin)
{
	char	*a = fx_login("admin"), *s = fx_login("staff"), name[32];
	char	*c = fx_sql_customer("pt", name), code[24], body[256];
	char	 path[64];
	struct hresp *r;

	r = api("GET", "/api/ticket-types", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.0.code"), "adult");
	ck_assert_str_eq(jstr(r->json, "data.0.name"), "Adult");
	ck_assert(cJSON_IsNull(jget(r->json, "data.0.min_age")));
	ck_assert(cJSON_IsNull(jget(r->json, "data.0.max_age")));
	ck_assert(cJSON_IsTrue(jget(r->json, "data.0.active")));
	ck_assert_str_eq(jstr(r->json, "data.1.code"), "child");
	ck_assert_int_eq(jint(r->json, "data.1.max_age"), 12);
	ck_assert_str_eq(jstr(r->json, "data.2.code"), "senior");
	ck_assert_int_eq(jint(r->json, "data.2.min_age"), 60);
	ck_assert_str_eq(jstr(r->json, "data.3.code"), "student");
	hresp_free(r);

	/* Only the admin adds one; bad ones beside the good one. */
	snprintf(code, sizeof(code), "%s", fx_unique("vip"));
	snprintf(body, sizeof(body), "{\"code\":\"%s\",\"name\":\"Guest %s\","
	    "\"min_age\":18,\"max_age\":null}", code, code);
	r = api("POST", "/api/ticket-types", body, NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("POST", "/api/ticket-types", body, c);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/ticket-types", body, s);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/ticket-types", "{\"code\":\"Not A Slug\","
	    "\"name\":\"X\"}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "code");
	hresp_free(r);
	r = api("POST", "/api/ticket-types", "{\"code\":\"kid\",\"name\":"
	    "\"Kid\",\"min_age\":10,\"max_age\":5}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("POST", "/api/ticket-types", "{\"code\":\"kid\"}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("POST", "/api/ticket-types", body, a);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.code"), code);
	ck_assert_int_eq(jint(r->json, "data.min_age"), 18);
	ck_assert(cJSON_IsTrue(jget(r->json, "data.active")));
	hresp_free(r);
	r = api("POST", "/api/ticket-types", body, a);
	expect_error(r, 409, "VALIDATION_ERROR");
	hresp_free(r);

	/* Made inactive (so the other tests' cards need not price it). */
	snprintf(path, sizeof(path), "/api/ticket-types/%s", code);
	r = api("PATCH", path, "{\"active\":false}", s);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("PATCH", path, "{\"active\":false,\"name\":\"Guest\"}", a);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert(cJSON_IsFalse(jget(r->json, "data.active")));
	ck_assert_str_eq(jstr(r->json, "data.name"), "Guest");
	hresp_free(r);
	r = api("PATCH", path, "{\"active\":\"maybe\"}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("PATCH", path, "{}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("PATCH", "/api/ticket-types/nosuchtype", "{\"active\":false}",
	    a);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	/* The default type stays on sale. */
	r = api("PATCH", "/api/ticket-types/adult", "{\"active\":false}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "active");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT active FROM ticket_types WHERE "
	    "code = 'adult'"), 1);
	free(a);
	free(s);
	free(c);
}
END_TEST

START_TEST(test_a_card_must_price_every_type_and_category)
{
	char	*a = fx_login("admin"), *s = fx_login("staff"), name[32];
	char	*c = fx_sql_customer("pt", name), *body;
	long long before = fx_sql_int("SELECT count(*) FROM price_cards");
	struct hresp *r;

	/* Deluxe x child left out: named. */
	body = card_body(fx_unique("Short "), "Deluxe", "child", NULL);
	r = api("POST", "/api/price-cards", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "prices");
	ck_assert_msg(strstr(jstr(r->json, "error.message"),
	    "no price for Deluxe × child") != NULL, "%s", r->body);
	hresp_free(r);
	free(body);
	/* An unknown category, an unknown type, a pair twice, a bad price. */
	body = card_body(fx_unique("Gold "), NULL, NULL, "{\"category\":"
	    "\"Gold\",\"type\":\"adult\",\"price\":100}");
	r = api("POST", "/api/price-cards", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_msg(strstr(r->body, "Gold") != NULL, "%s", r->body);
	hresp_free(r);
	free(body);
	body = card_body(fx_unique("Kid "), NULL, NULL, "{\"category\":"
	    "\"Standard\",\"type\":\"kid\",\"price\":100}");
	r = api("POST", "/api/price-cards", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_msg(strstr(r->body, "kid") != NULL, "%s", r->body);
	hresp_free(r);
	free(body);
	body = card_body(fx_unique("Twice "), NULL, NULL, "{\"category\":"
	    "\"Standard\",\"type\":\"adult\",\"price\":100}");
	r = api("POST", "/api/price-cards", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_msg(strstr(r->body, "twice") != NULL, "%s", r->body);
	hresp_free(r);
	free(body);
	body = card_body(fx_unique("Dear "), NULL, NULL, "{\"category\":"
	    "\"Standard\",\"type\":\"adult\",\"price\":300001}");
	r = api("POST", "/api/price-cards", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	free(body);
	r = api("POST", "/api/price-cards", "{\"name\":\"Empty\"}", a);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM price_cards"),
	    before);

	/* Roles: the admin makes one, staff read them, customers neither. */
	body = card_body("Staff Card", NULL, NULL, NULL);
	r = api("POST", "/api/price-cards", body, s);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/price-cards", body, c);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	free(body);
	make_card(a);
	r = api("GET", "/api/price-cards", NULL, s);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")),
	    (int)before + 1);
	ck_assert_int_eq(jint(r->json, "data.0.prices.0.price"), 25000);
	ck_assert_str_eq(jstr(r->json, "data.0.prices.0.category"),
	    "Standard");
	ck_assert_str_eq(jstr(r->json, "data.0.prices.0.type"), "adult");
	hresp_free(r);
	r = api("GET", "/api/price-cards", NULL, c);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	free(a);
	free(s);
	free(c);
}
END_TEST

START_TEST(test_a_show_is_scheduled_with_a_card_and_its_seats_carry_prices)
{
	char	*a = fx_login("admin"), day[11], body[256], path[64];
	long long card = make_card(a), movie = fx_movie(a), screen, slot, id;
	struct hresp *r, *f;
	const cJSON *seat;

	screen = fx_screen_like(1);
	fx_day(3, day);
	slot = fx_free_slot(a, day, (int)screen);
	/* Both, neither, an unknown card: refused. */
	snprintf(body, sizeof(body), "{\"movie_id\":%lld,\"screen_id\":%lld,"
	    "\"date\":\"%s\",\"slot_id\":%lld,\"price\":20000,"
	    "\"price_card_id\":%lld}", movie, screen, day, slot, card);
	r = api("POST", "/api/shows", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"),
	    "price_card_id");
	hresp_free(r);
	snprintf(body, sizeof(body), "{\"movie_id\":%lld,\"screen_id\":%lld,"
	    "\"date\":\"%s\",\"slot_id\":%lld,\"price_card_id\":987654}",
	    movie, screen, day, slot);
	r = api("POST", "/api/shows", body, a);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_msg(strstr(r->body, "no such price card") != NULL, "%s",
	    r->body);
	hresp_free(r);

	snprintf(body, sizeof(body), "{\"movie_id\":%lld,\"screen_id\":%lld,"
	    "\"date\":\"%s\",\"slot_id\":%lld,\"price_card_id\":%lld}", movie,
	    screen, day, slot, card);
	r = api("POST", "/api/shows", body, a);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	id = jint(r->json, "data.id");
	/* price: the default type's of the cheapest category. */
	ck_assert_int_eq(jint(r->json, "data.price"), 25000);
	ck_assert_int_eq(jint(r->json, "data.price_card_id"), card);
	ck_assert_int_eq(jint(r->json, "data.prices.child"), 15000);
	ck_assert_int_eq(jint(r->json, "data.prices.senior"), 18000);
	hresp_free(r);

	snprintf(path, sizeof(path), "/api/shows/%lld/seats", id);
	r = api("GET", path, NULL, a);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.price_card_id"), card);
	ck_assert_str_eq(jstr(r->json, "data.ticket_types.1.code"), "child");
	ck_assert_str_eq(jstr(r->json, "data.ticket_types.1.name"), "Child");
	seat = seat_in(jget(r->json, "data"), "A1");
	ck_assert_int_eq(jint(seat, "price"), 25000);
	ck_assert_int_eq(jint(seat, "prices.adult"), 25000);
	ck_assert_int_eq(jint(seat, "prices.child"), 15000);
	ck_assert_int_eq(jint(seat, "prices.student"), 20000);
	seat = seat_in(jget(r->json, "data"), "F1");
	ck_assert_int_eq(jint(seat, "price"), 40000);
	ck_assert_int_eq(jint(seat, "prices.child"), 30000);
	/* The published file carries the same prices. */
	snprintf(path, sizeof(path), "/live/seats/%lld.json", id);
	f = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(f->status, 200);
	seat = seat_in(f->json, "F1");
	ck_assert_int_eq(jint(seat, "prices.child"), 30000);
	ck_assert_int_eq(jint(seat, "prices.senior"), 33000);
	hresp_free(f);
	hresp_free(r);
	/* The day's list and its published file: the card's prices beside
	 * the demo's single-price shows of that day. */
	snprintf(path, sizeof(path), "/api/shows?date=%s", day);
	r = api("GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	day_list_prices(jget(r->json, "data"), id);
	hresp_free(r);
	snprintf(path, sizeof(path), "/live/shows/%s.json", day);
	f = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(f->status, 200);
	day_list_prices(jget(f->json, "shows"), id);
	hresp_free(f);

	/* A single-price show: every type pays the category's price. */
	id = fx_sql_show(&film, 2);
	snprintf(path, sizeof(path), "/api/shows/%lld/seats", id);
	r = api("GET", path, NULL, NULL);
	ck_assert(cJSON_IsNull(jget(r->json, "data.price_card_id")));
	seat = seat_in(jget(r->json, "data"), "F2");
	ck_assert_int_eq(jint(seat, "prices.adult"), PRICE + 15000);
	ck_assert_int_eq(jint(seat, "prices.child"), PRICE + 15000);
	hresp_free(r);
	free(a);
}
END_TEST

START_TEST(test_typed_holds_cost_the_sum_and_read_back_by_type)
{
	char	*a = fx_login("admin"), name[32], path[64];
	char	*c = fx_sql_customer("pt", name), *c2;
	long long card, show = card_show(a, &card, 2), id, plain;
	struct hresp *r;

	id = fx_hold(c, show, "[\"A1\",{\"seat\":\"A2\",\"type\":\"child\"},"
	    "{\"seat\":\"F1\",\"type\":\"senior\"}]");
	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = api("GET", path, NULL, c);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.amount"), 25000 + 15000 + 33000);
	ck_assert_str_eq(jstr(r->json, "data.seats.0.seat"), "A1");
	ck_assert_str_eq(jstr(r->json, "data.seats.0.type"), "adult");
	ck_assert_int_eq(jint(r->json, "data.seats.0.price"), 25000);
	ck_assert_str_eq(jstr(r->json, "data.seats.1.type"), "child");
	ck_assert_int_eq(jint(r->json, "data.seats.1.price"), 15000);
	ck_assert_str_eq(jstr(r->json, "data.seats.2.seat"), "F1");
	ck_assert_int_eq(jint(r->json, "data.seats.2.price"), 33000);
	hresp_free(r);

	/* A change adds a typed seat; the amount follows. */
	r = api("PATCH", path, "{\"add\":[{\"seat\":\"A3\",\"type\":"
	    "\"student\"}]}", c);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.amount"), 73000 + 20000);
	ck_assert_str_eq(jstr(r->json, "data.seats.2.type"), "student");
	hresp_free(r);

	/* All adults: the plain labels of before. */
	c2 = fx_sql_customer("pt", name);
	plain = fx_hold(c2, show, "[\"C1\",{\"seat\":\"C2\",\"type\":"
	    "\"adult\"}]");
	snprintf(path, sizeof(path), "/api/bookings/%lld", plain);
	r = api("GET", path, NULL, c2);
	ck_assert(cJSON_IsString(jget(r->json, "data.seats.0")));
	ck_assert_str_eq(jstr(r->json, "data.seats.1"), "C2");
	ck_assert_int_eq(jint(r->json, "data.amount"), 50000);
	hresp_free(r);

	/* Bad types, each naming its seat; nothing is held. */
	r = fx_try_hold(c2, show, "[\"D1\",{\"seat\":\"D2\",\"type\":\"kid\"}]");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "seats");
	ck_assert_msg(strstr(jstr(r->json, "error.fields.0.message"),
	    "D2") != NULL, "%s", r->body);
	ck_assert_msg(strstr(r->body, "kid") != NULL, "%s", r->body);
	hresp_free(r);
	r = fx_try_hold(c2, show, "[{\"seat\":\"D3\",\"type\":\"No Such!\"}]");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_msg(strstr(r->body, "D3") != NULL, "%s", r->body);
	hresp_free(r);
	r = fx_try_hold(c2, show, "[{\"type\":\"child\"}]");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = fx_try_hold(c2, show, "[\"D4\",{\"seat\":\"D4\",\"type\":\"child\"}]");
	expect_error(r, 422, "DUPLICATE_SEAT");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats bs "
	    "JOIN seats s ON s.id = bs.seat_id WHERE bs.show_id = %lld AND "
	    "s.label LIKE 'D%%'", show), 0);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats "
	    "WHERE show_id = %lld AND type = 'child'", show), 1);

	/* Now that seats are held, the show's prices stay. */
	snprintf(path, sizeof(path), "{\"price_card_id\":%lld}", card);
	r = patch_show(a, show, path);
	expect_error(r, 409, "SHOW_HAS_BOOKINGS");
	hresp_free(r);
	r = patch_show(a, show, "{\"price\":30000}");
	expect_error(r, 409, "SHOW_HAS_BOOKINGS");
	hresp_free(r);
	r = patch_show(a, show, "{\"price\":30000,\"price_card_id\":1}");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT price FROM shows WHERE id = %lld",
	    show), 25000);
	free(a);
	free(c);
	free(c2);
}
END_TEST

START_TEST(test_an_inactive_type_is_not_sold)
{
	char	*a = fx_login("admin"), name[32];
	char	*c = fx_sql_customer("pt", name);
	long long show = fx_sql_show(&film, 3);
	struct hresp *r;
	char	 path[64];

	snprintf(path, sizeof(path), "/live/seats/%lld.json", show);
	r = api("PATCH", "/api/ticket-types/student", "{\"active\":false}", a);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = fx_try_hold(c, show, "[{\"seat\":\"E5\",\"type\":\"student\"}]");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_msg(strstr(r->body, "E5") != NULL, "%s", r->body);
	hresp_free(r);
	/* The published seat maps follow at once (the whole window is
	 * rewritten), so the files and the database agree. */
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_null(jget(seat_in(r->json, "E5"), "prices.student"));
	ck_assert_int_eq(jint(seat_in(r->json, "E5"), "prices.child"), PRICE);
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	r = api("PATCH", "/api/ticket-types/student", "{\"active\":true}", a);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(jint(seat_in(r->json, "E5"), "prices.student"), PRICE);
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	r = fx_try_hold(c, show, "[{\"seat\":\"E5\",\"type\":\"student\"}]");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	/* A single price: the student pays the category's price. */
	ck_assert_int_eq(jint(r->json, "data.amount"), PRICE);
	ck_assert_str_eq(jstr(r->json, "data.seats.0.type"), "student");
	hresp_free(r);
	free(a);
	free(c);
}
END_TEST

static char *
save_pdf(const struct hresp *r)
{
	char	 tmpl[64];
	int	 fd;

	snprintf(tmpl, sizeof(tmpl), "/tmp/skyfox-pricing-XXXXXX.pdf");
	fd = mkstemps(tmpl, 4);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, r->body, r->len), (ssize_t)r->len);
	close(fd);
	return strdup(tmpl);
}

START_TEST(test_the_counter_sells_typed_seats_and_the_ticket_names_them)
{
	char	*a = fx_login("admin"), *s = fx_login("staff"), path[64];
	char	 cmd[256], *pdf, *txt;
	long long card, show = card_show(a, &card, 2), id;
	struct hresp *r;

	/* The amount must be the typed sum. */
	r = fx_try_walkin(s, show, "[\"B1\",{\"seat\":\"B2\",\"type\":"
	    "\"child\"}]", 50000, "Ravi Kumar", fx_phone());
	expect_error(r, 422, "INVALID_AMOUNT");
	ck_assert_msg(strstr(r->body, "40000") != NULL, "%s", r->body);
	hresp_free(r);
	id = fx_walkin(s, show, "[\"B1\",{\"seat\":\"B2\",\"type\":\"child\"}]",
	    40000, "Ravi Kumar");
	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = api("GET", path, NULL, s);
	ck_assert_str_eq(jstr(r->json, "data.seats.1.type"), "child");
	hresp_free(r);

	/* The ticket: JSON and PDF say who each seat is for. */
	snprintf(path, sizeof(path), "/api/tickets/%lld", id);
	r = api("GET", path, NULL, s);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.tickets.1.seat"), "B2");
	ck_assert_str_eq(jstr(r->json, "data.tickets.1.name"), "Child");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", id);
	r = api("GET", path, NULL, s);
	ck_assert_int_eq(r->status, 200);
	pdf = save_pdf(r);
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "pdftotext '%s' - 2>/dev/null", pdf);
	txt = shell_output(cmd);
	ck_assert_msg(strstr(txt, "B1 Adult, B2 Child") != NULL,
	    "types not in the PDF:\n%s", txt);
	free(txt);
	unlink(pdf);
	free(pdf);
	free(a);
	free(s);
}
END_TEST

START_TEST(test_best_available_takes_the_types)
{
	char	*a = fx_login("admin"), path[128];
	long long card, show = card_show(a, &card, 3);
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/shows/%lld/best?types=adult,adult,"
	    "child", show);
	r = api("GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.seats")), 3);
	ck_assert(cJSON_IsTrue(jget(r->json, "data.together")));
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld/best?count=3&types=adult,"
	    "child,child", show);
	r = api("GET", path, NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld/best?count=2&types=adult,"
	    "child,child", show);
	r = api("GET", path, NULL, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld/best?types=adult,kid",
	    show);
	r = api("GET", path, NULL, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "types");
	ck_assert_msg(strstr(r->body, "kid") != NULL, "%s", r->body);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/shows/%lld/best?types=,", show);
	r = api("GET", path, NULL, NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	free(a);
}
END_TEST

Suite *
pricing_suite(void)
{
	Suite	*s = suite_create("pricing");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 60);
	tcase_add_test(t,
	    test_types_are_listed_to_anyone_and_changed_by_the_admin);
	tcase_add_test(t, test_a_card_must_price_every_type_and_category);
	tcase_add_test(t,
	    test_a_show_is_scheduled_with_a_card_and_its_seats_carry_prices);
	tcase_add_test(t, test_typed_holds_cost_the_sum_and_read_back_by_type);
	tcase_add_test(t, test_an_inactive_type_is_not_sold);
	tcase_add_test(t,
	    test_the_counter_sells_typed_seats_and_the_ticket_names_them);
	tcase_add_test(t, test_best_available_takes_the_types);
	suite_add_tcase(s, t);
	return s;
}
