/* Ticket types and price cards (issue 15 item 1): the card check (pure:
 * every active type x category priced, the first missing pair named,
 * unknown names and pairs twice refused), the price of each category x
 * type by a card and by a single price, typed seats parsed from a hold,
 * and a typed hold's amount as the sum of its seats' prices — on a real
 * SQLite database at the latest schema. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "pricing.h"
#include "unit.h"

static char	*dir;
static sqlite3	*db;
static struct conf conf;
static time_t	 t0;

static void
exec(const char *sql)
{
	char	*msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "");
	sqlite3_free(msg);
}

static void
setup(void)
{
	char	 p[600], why[256];
	int	 from, to;

	dir = unit_tmpdir();
	snprintf(p, sizeof(p), "%s/skyfox.db", dir);
	ck_assert_int_eq(db_open(p, &db), SQLITE_OK);
	ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	exec(skyfox_seed_sql);
	ck_assert_int_eq(conf_parse(&conf, "hold_minutes = 5\nmax_seats = 10\n"
	    "gap_rule = off\n", why, sizeof(why)), 0);
	clock_use_zone("Asia/Kolkata");
	t0 = 1900000000;
	exec("INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "VALUES (1, 'tt0000001', 'Test Movie', '{}', 0);"
	    "INSERT INTO users (id, username, name, role, password_hash, "
	    "created_at, updated_at) VALUES (1, 'alice', 'Alice', 'customer', "
	    "'x', 0, 0);"
	    "INSERT INTO wallets (user_id, updated_at) VALUES (1, 0)");
}

static void
teardown(void)
{
	db_close(db);
	unit_rmdir(dir);
}

static const struct tickettype types4[] = {
	{ "adult", "Adult", -1, -1, 1, 10 },
	{ "child", "Child", -1, 12, 1, 20 },
	{ "senior", "Senior", 60, -1, 1, 30 },
	{ "student", "Student", -1, -1, 1, 40 },
};
static const char *const cats2[] = { "Standard", "Deluxe" };

/* A card pricing every pair of cats2 x types4 (Standard adult 250.00,
 * each type 10.00 less than the one before, Deluxe 150.00 more). */
static void
full_card(struct pricing_card_in *in)
{
	memset(in, 0, sizeof(*in));
	snprintf(in->name, sizeof(in->name), "Evening");
	for (int c = 0; c < 2; c++)
		for (int t = 0; t < 4; t++) {
			struct pricing_card_price *p = &in->p[in->n++];

			snprintf(p->category, sizeof(p->category), "%s",
			    cats2[c]);
			snprintf(p->type, sizeof(p->type), "%.20s",
			    types4[t].code);
			p->price = 25000 - 1000 * t + 15000 * c;
		}
}

START_TEST(test_card_check_names_the_first_missing_pair)
{
	struct pricing_card_in in;
	char	 why[160];

	full_card(&in);
	ck_assert_int_eq(pricing_card_check(&in, cats2, 2, types4, 4, why,
	    sizeof(why)), 0);
	/* Deluxe x senior left out (the last but one). */
	in.p[6] = in.p[7];
	in.n--;
	ck_assert_int_eq(pricing_card_check(&in, cats2, 2, types4, 4, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "no price for Deluxe × senior");
	/* A fifth type, active: the card no longer covers it. */
	full_card(&in);
	{
		struct tickettype five[5];

		memcpy(five, types4, sizeof(types4));
		five[4] = (struct tickettype){ "vip", "VIP", 18, -1, 1, 50 };
		ck_assert_int_eq(pricing_card_check(&in, cats2, 2, five, 5,
		    why, sizeof(why)), -1);
		ck_assert_str_eq(why, "no price for Standard × vip");
	}
}
END_TEST

START_TEST(test_card_check_refuses_unknown_names_and_pairs_twice)
{
	struct pricing_card_in in;
	char	 why[160];

	full_card(&in);
	snprintf(in.p[3].category, sizeof(in.p[3].category), "Gold");
	ck_assert_int_eq(pricing_card_check(&in, cats2, 2, types4, 4, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "prices[3]: no seat category \"Gold\"");
	full_card(&in);
	snprintf(in.p[5].type, sizeof(in.p[5].type), "kid");
	ck_assert_int_eq(pricing_card_check(&in, cats2, 2, types4, 4, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "prices[5]: no ticket type \"kid\" on sale");
	/* An inactive type is as good as unknown: pass only the active. */
	full_card(&in);
	ck_assert_int_eq(pricing_card_check(&in, cats2, 2, types4, 3, why,
	    sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "\"student\""));
	full_card(&in);
	in.p[in.n++] = in.p[0];
	ck_assert_int_eq(pricing_card_check(&in, cats2, 2, types4, 4, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "Standard × adult is priced twice");
}
END_TEST

START_TEST(test_card_parse_checks_shape_and_bounds)
{
	struct pricing_card_in in;
	struct err e;
	cJSON	*b;

	memset(&e, 0, sizeof(e));
	b = cJSON_Parse("{\"name\":\"Matinee\",\"prices\":[{\"category\":"
	    "\"Standard\",\"type\":\"adult\",\"price\":12000}]}");
	ck_assert_int_eq(pricing_card_parse(b, &in, &e), 0);
	ck_assert_int_eq(in.n, 1);
	ck_assert_int_eq(in.p[0].price, 12000);
	cJSON_Delete(b);
	b = cJSON_Parse("{\"name\":\"\",\"prices\":[{\"category\":\"Standard\","
	    "\"type\":\"adult\",\"price\":0},{\"category\":\"Standard\","
	    "\"type\":\"child\",\"price\":300001},7]}");
	ck_assert_int_eq(pricing_card_parse(b, &in, &e), -1);
	ck_assert_int_eq(e.nfields, 4);
	ck_assert_str_eq(e.fields[0].field, "name");
	ck_assert_str_eq(e.fields[1].field, "prices");
	cJSON_Delete(b);
}
END_TEST

/* The seed's categories: Standard (+0), Wheelchair (+0), Deluxe (+150). */
START_TEST(test_price_per_type_and_category_by_card_and_single_price)
{
	struct pricing_show ps;
	struct err e;
	struct pricing_card_in in;
	long long card, base;
	char	 why[160];
	int	 rc;

	/* A single price: every type pays the category's price. */
	ck_assert_int_eq(pricing_load(db, 0, 20000, &ps), SQLITE_OK);
	ck_assert_int_eq(ps.ntypes, 4);
	ck_assert_int_eq(pricing_price(&ps, "Standard", "adult"), 20000);
	ck_assert_int_eq(pricing_price(&ps, "Standard", "child"), 20000);
	ck_assert_int_eq(pricing_price(&ps, "Deluxe", NULL), 35000);
	ck_assert_int_eq(pricing_price(&ps, "Deluxe", "senior"), 35000);
	ck_assert_int_eq(pricing_price(&ps, "Gold", "adult"), 0);
	ck_assert_int_eq(pricing_price(&ps, "Standard", "kid"), 0);

	/* A card: each pair its own price. */
	full_card(&in);
	for (int t = 0; t < 4; t++) {		/* Wheelchair as Standard */
		struct pricing_card_price *p = &in.p[in.n++];

		snprintf(p->category, sizeof(p->category), "Wheelchair");
		snprintf(p->type, sizeof(p->type), "%.20s", types4[t].code);
		p->price = 25000 - 1000 * t;
	}
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(pricing_card_create(db, &in, 0, t0, &card, &e, &rc),
	    PRICING_OK);
	ck_assert_int_eq(pricing_load(db, card, 1, &ps), SQLITE_OK);
	for (int c = 0; c < 2; c++)
		for (int t = 0; t < 4; t++)
			ck_assert_int_eq(pricing_price(&ps, cats2[c],
			    types4[t].code), 25000 - 1000 * t + 15000 * c);
	ck_assert_int_eq(pricing_price(&ps, "Standard", ""), 25000);
	ck_assert_int_eq(pricing_card_usable(db, card, &base, why,
	    sizeof(why), &rc), PRICING_OK);
	ck_assert_int_eq(base, 25000);

	/* A type added since: not sold by the card, which is short now. */
	exec("INSERT INTO ticket_types (code, name, sort) VALUES ('vip', "
	    "'VIP', 50)");
	ck_assert_int_eq(pricing_load(db, card, 1, &ps), SQLITE_OK);
	ck_assert_int_eq(pricing_price(&ps, "Standard", "vip"), 0);
	ck_assert_int_eq(pricing_card_usable(db, card, &base, why,
	    sizeof(why), &rc), PRICING_ERR_INVALID);
	ck_assert_str_eq(why, "no price for Standard × vip");
	/* Made inactive, the card is whole again. */
	exec("UPDATE ticket_types SET active = 0 WHERE code = 'vip'");
	ck_assert_int_eq(pricing_card_usable(db, card, &base, why,
	    sizeof(why), &rc), PRICING_OK);
	ck_assert_int_eq(pricing_card_usable(db, card + 99, &base, why,
	    sizeof(why), &rc), PRICING_ERR_NOT_FOUND);
}
END_TEST

START_TEST(test_hold_parses_typed_seats)
{
	struct booking_seats s;
	struct booking_fail f;
	cJSON	*v;

	memset(&f, 0, sizeof(f));
	v = cJSON_Parse("[\"A1\",{\"seat\":\"A2\",\"type\":\"child\"}]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.label[0], "A1");
	ck_assert_str_eq(s.type[0], "");
	ck_assert_str_eq(s.label[1], "A2");
	ck_assert_str_eq(s.type[1], "child");
	cJSON_Delete(v);
	/* A type that can't be a code names its seat. */
	v = cJSON_Parse("[\"A1\",{\"seat\":\"A2\",\"type\":\"Child!\"}]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_INVALID_TYPE);
	ck_assert_str_eq(f.seats.label[0], "A2");
	cJSON_Delete(v);
	/* Twice, whatever the types. */
	v = cJSON_Parse("[{\"seat\":\"A2\",\"type\":\"adult\"},{\"seat\":"
	    "\"A2\",\"type\":\"child\"}]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_DUPLICATE_SEAT);
	cJSON_Delete(v);
	v = cJSON_Parse("[{\"type\":\"child\"}]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_VALIDATION);
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_a_typed_hold_costs_the_sum_of_its_seats)
{
	struct pricing_card_in in;
	struct booking_seats s;
	struct booking_fail f;
	struct booking b;
	struct err e;
	long long card, show;
	char	 sql[512];
	cJSON	*v, *j;
	int	 rc;

	full_card(&in);
	for (int t = 0; t < 4; t++) {
		struct pricing_card_price *p = &in.p[in.n++];

		snprintf(p->category, sizeof(p->category), "Wheelchair");
		snprintf(p->type, sizeof(p->type), "%.20s", types4[t].code);
		p->price = 9000;
	}
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(pricing_card_create(db, &in, 0, t0, &card, &e, &rc),
	    PRICING_OK);
	snprintf(sql, sizeof(sql), "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, price_card_id, "
	    "created_at) VALUES (1, 1, 1, '2030-03-17', %lld, %lld, 25000, "
	    "%lld, 0)", (long long)t0 + 86400, (long long)t0 + 97200, card);
	exec(sql);
	show = sqlite3_last_insert_rowid(db);
	memset(&f, 0, sizeof(f));
	v = cJSON_Parse("[\"A1\",{\"seat\":\"A2\",\"type\":\"child\"},"
	    "{\"seat\":\"F1\",\"type\":\"senior\"}]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), 0);
	cJSON_Delete(v);
	ck_assert_int_eq(booking_hold(db, &conf, t0, show, 1, &s, &b, &f), 0);
	/* 250.00 + 240.00 + (230.00 + 150.00) */
	ck_assert_int_eq(b.amount, 25000 + 24000 + 38000);
	ck_assert_str_eq(b.seats.type[0], "adult");
	ck_assert_int_eq(b.seats.price[2], 38000);
	ck_assert_int_eq(unit_scalar(db, "SELECT sum(price) FROM booking_seats"),
	    87000);
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM booking_seats "
	    "WHERE type = 'child'"), 1);
	/* Read back: the same types and prices; JSON seats are objects. */
	ck_assert_int_eq(booking_get(db, b.id, t0, &b, &f), 0);
	ck_assert_str_eq(b.seats.type[1], "child");
	ck_assert_int_eq(b.seats.price[1], 24000);
	j = booking_json(&b, "INR", 0);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(j, "seats"), 1), "type")->valuestring, "child");
	cJSON_Delete(j);

	/* An unknown type names its seat; nothing is held. */
	v = cJSON_Parse("[\"B1\",{\"seat\":\"B2\",\"type\":\"kid\"}]");
	ck_assert_int_eq(booking_parse_seats(v, 10, &s, &f), 0);
	cJSON_Delete(v);
	ck_assert_int_eq(booking_hold(db, &conf, t0, show, 1, &s, &b, &f), -1);
	ck_assert_int_eq(f.err, BOOKING_ERR_INVALID_TYPE);
	ck_assert_str_eq(f.seats.label[0], "B2");
	ck_assert_str_eq(f.detail, "kid");
	ck_assert_int_eq(unit_scalar(db, "SELECT count(*) FROM booking_seats"),
	    3);
}
END_TEST

Suite *
pricing_suite(void)
{
	Suite	*s = suite_create("pricing");
	TCase	*tc = tcase_create("pricing");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_card_check_names_the_first_missing_pair);
	tcase_add_test(tc,
	    test_card_check_refuses_unknown_names_and_pairs_twice);
	tcase_add_test(tc, test_card_parse_checks_shape_and_bounds);
	tcase_add_test(tc,
	    test_price_per_type_and_category_by_card_and_single_price);
	tcase_add_test(tc, test_hold_parses_typed_seats);
	tcase_add_test(tc, test_a_typed_hold_costs_the_sum_of_its_seats);
	suite_add_tcase(s, tc);
	return s;
}
