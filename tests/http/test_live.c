/* The published seat maps and show lists (DESIGN §12) over the real Apache:
 * each write's change is in /live/ by the time its answer arrives, a poll
 * with If-None-Match is a 304, nothing but the .json files is served,
 * skyfoxctl check catches a hand-edited file that skyfoxctl publish
 * repairs, and a file keeps its length through writes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "fixture.h"

#define PRICE	20000

static const struct fx_film film = {
	"tt7700031", "Live Test Movie", "Live Screen", 3, PRICE, "16:00:00"
};

static struct hresp *
live(const char *fmt, long long id)
{
	char	 path[128];

	snprintf(path, sizeof(path), fmt, id);
	return http("GET", path, NULL, NULL, 0, NULL);
}

/* The seat label's object in a /live/seats file. */
static const cJSON *
seat(const struct hresp *r, const char *label)
{
	const cJSON *row, *s;

	cJSON_ArrayForEach(row, jget(r->json, "rows"))
		cJSON_ArrayForEach(s, jget(row, "seats"))
			if (strcmp(jstr(s, "seat"), label) == 0)
				return s;
	ck_abort_msg("no seat %s in %s", label, r->body);
	return NULL;
}

static struct hresp *
seats_file(long long show)
{
	struct hresp *r = live("/live/seats/%lld.json", show);

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_ptr_nonnull(r->json);
	return r;
}

START_TEST(test_a_hold_is_in_the_file_when_its_answer_arrives)
{
	char	 name[32], q[128], *v;
	char	*tok = fx_sql_customer("lv", name);
	long long show = fx_sql_show(&film, 1);
	struct hresp *r;

	fx_hold(tok, show, "[\"C1\"]");
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "C1"), "status"), "held");
	ck_assert_int_eq(strlen(jstr(seat(r, "C1"), "held_until")), 25);
	ck_assert_str_eq(jstr(seat(r, "C2"), "status"), "available");
	ck_assert_ptr_null(jget(seat(r, "C2"), "held_until"));
	ck_assert_ptr_null(strstr(r->body, "\"mine\""));
	ck_assert_int_eq(jint(r->json, "show_id"), show);
	/* The page's cap on a pick, as the API's map has it (max_seats). */
	ck_assert_int_eq(jint(r->json, "max_seats"), 10);
	snprintf(q, sizeof(q), "SELECT version FROM shows WHERE id = %lld",
	    show);
	v = db_scalar(q);
	ck_assert_int_eq(jint(r->json, "version"), atoll(v));
	ck_assert_str_eq(hdr(r, "Content-Type"), "application/json");
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-cache");
	free(v);
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_a_poll_of_an_unchanged_file_is_304_and_a_change_is_200)
{
	char	 name[32], inm[160];
	char	*tok = fx_sql_customer("lv", name);
	long long show = fx_sql_show(&film, 2);
	const char *hs[2] = { inm, NULL };
	struct hresp *r;

	fx_hold(tok, show, "[\"C3\"]");
	r = seats_file(show);
	ck_assert_ptr_nonnull(hdr(r, "ETag"));
	ck_assert_ptr_nonnull(hdr(r, "Last-Modified"));
	snprintf(inm, sizeof(inm), "If-None-Match: %s", hdr(r, "ETag"));
	hresp_free(r);
	r = http("GET", "/live/seats/0.json", NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 404);
	hresp_free(r);
	snprintf(name, sizeof(name), "/live/seats/%lld.json", show);
	r = http("GET", name, NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 304);
	ck_assert_int_eq(r->len, 0);
	hresp_free(r);
	fx_hold(tok, show, "[\"C4\"]");
	r = http("GET", name, NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(seat(r, "C4"), "status"), "held");
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_pay_cancel_and_walkin_each_update_the_file)
{
	char	 name[32], path[64];
	char	*tok = fx_sql_customer("lv", name), *staff = fx_login("staff");
	long long show = fx_sql_show(&film, 3), paid, dropped;
	struct hresp *r;

	paid = fx_hold(tok, show, "[\"C5\"]");
	dropped = fx_hold(tok, show, "[\"C6\"]");
	fx_pay(tok, paid);
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "C5"), "status"), "sold");
	ck_assert_ptr_null(jget(seat(r, "C5"), "held_until"));
	ck_assert_str_eq(jstr(seat(r, "C6"), "status"), "held");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/bookings/%lld", dropped);
	r = api("DELETE", path, NULL, tok);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "C6"), "status"), "available");
	hresp_free(r);
	fx_walkin(staff, show, "[\"C7\"]", PRICE, "Live Walk In");
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "C7"), "status"), "sold");
	hresp_free(r);
	free(staff);
	free(tok);
}
END_TEST

/* A show scheduled through the API is in its day's list at once, with a
 * seat map of its own. */
START_TEST(test_scheduling_a_show_publishes_its_day)
{
	char	*admin = fx_login("admin"), day[11], path[64];
	long long show;
	const cJSON *s;
	struct hresp *r;
	int	 found = 0;

	show = fx_show(admin, 4, (int)fx_screen_like(1), PRICE);
	fx_day(4, day);
	snprintf(path, sizeof(path), "/live/shows/%s.json", day);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "date"), day);
	cJSON_ArrayForEach(s, jget(r->json, "shows"))
		found += jint(s, "id") == show;
	ck_assert_int_eq(found, 1);
	hresp_free(r);
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "A1"), "status"), "available");
	hresp_free(r);
	/* Beyond the public window: no file. */
	r = http("GET", "/live/shows/2001-01-01.json", NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 404);
	hresp_free(r);
	free(admin);
}
END_TEST

/* Importing a film again refreshes its record (title, poster, runtime):
 * the days that list its shows are rewritten before the answer. */
START_TEST(test_a_refreshed_film_is_in_its_days_lists_when_the_import_answers)
{
	char	*admin = fx_login("admin"), day[11], path[64], body[64], q[96];
	char	*imdb;
	long long show = fx_show(admin, 2, (int)fx_screen_like(1), PRICE);
	long long movie = fx_sql_int("SELECT movie_id FROM shows WHERE id = %lld",
	    show);
	const cJSON *s;
	struct hresp *r;
	int	 found = 0;

	snprintf(q, sizeof(q), "SELECT imdb_id FROM movies WHERE id = %lld",
	    movie);
	imdb = db_scalar(q);
	fx_sql_int("UPDATE movies SET title = 'Stale Title' WHERE id = %lld "
	    "RETURNING id", movie);
	ck_assert_int_eq(skyfoxctl("publish"), 0);
	fx_day(2, day);
	snprintf(path, sizeof(path), "/live/shows/%s.json", day);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_ptr_nonnull(strstr(r->body, "Stale Title"));
	hresp_free(r);

	snprintf(body, sizeof(body), "{\"imdb_id\":\"%s\"}", imdb);
	r = api("POST", "/api/movies", body, admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_ne(jstr(r->json, "data.title"), "Stale Title");
	hresp_free(r);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_ptr_null(strstr(r->body, "Stale Title"));
	cJSON_ArrayForEach(s, jget(r->json, "shows"))
		found += jint(s, "id") == show;
	ck_assert_int_eq(found, 1);
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(imdb);
	free(admin);
}
END_TEST

/* A hold that lapses is freed by the sweeper, which publishes too. */
START_TEST(test_the_sweeper_publishes_the_seats_it_frees)
{
	char	 name[32], cmd[1024];
	char	*tok = fx_sql_customer("lv", name);
	long long show = fx_sql_show(&film, 5);
	struct hresp *r;

	fx_hold(tok, show, "[\"C8\"]");
	fx_clock_offset(400);
	snprintf(cmd, sizeof(cmd), "cd / && SKYFOX_CONF='%s/skyfox.conf' "
	    "%s/cron/sweep-holds >/dev/null", getenv("SKYFOX_DATA"),
	    getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(system(cmd), 0);
	fx_clock_back();
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "C8"), "status"), "available");
	hresp_free(r);
	free(tok);
}
END_TEST

static void
put_file(const char *rel, const char *text)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/public/%s", getenv("SKYFOX_DATA"),
	    rel);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void
drop_file(const char *rel)
{
	char	 path[1024];

	snprintf(path, sizeof(path), "%s/public/%s", getenv("SKYFOX_DATA"),
	    rel);
	unlink(path);
}

START_TEST(test_live_serves_nothing_but_the_json_files)
{
	static const char *const refused[] = { "/live/", "/live/seats/",
	    "/live/shows/", "/live/seats/.1.json.AbC123",
	    "/live/seats/1.json.tmp", "/live/seats/notes.txt",
	    "/live/public/" };
	struct hresp *r;

	put_file("seats/.1.json.AbC123", "{}");
	put_file("seats/1.json.tmp", "{}");
	put_file("seats/notes.txt", "secret");
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		r = http("GET", refused[i], NULL, NULL, 0, NULL);
		ck_assert_msg(r->status == 403 || r->status == 404,
		    "%s: %ld", refused[i], r->status);
		ck_assert_ptr_null(strstr(r->body, "secret"));
		ck_assert_ptr_null(strstr(r->body, "Index of"));
		hresp_free(r);
	}
	drop_file("seats/.1.json.AbC123");
	drop_file("seats/1.json.tmp");
	drop_file("seats/notes.txt");
}
END_TEST

START_TEST(test_check_fails_on_a_hand_edited_file_and_publish_repairs_it)
{
	char	 name[32], rel[64];
	char	*tok = fx_sql_customer("lv", name);
	long long show = fx_sql_show(&film, 6);
	struct hresp *r;
	char	*text, *p;

	fx_hold(tok, show, "[\"D1\"]");
	ck_assert_int_eq(skyfoxctl("publish"), 0);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	r = seats_file(show);
	text = strdup(r->body);
	hresp_free(r);
	/* D1 made to look sold. */
	ck_assert_ptr_nonnull(p = strstr(text, "\"seat\":\"D1\""));
	ck_assert_ptr_nonnull(p = strstr(p, "\"held\""));
	memcpy(p, "\"sold\"", 6);
	snprintf(rel, sizeof(rel), "seats/%lld.json", show);
	put_file(rel, text);
	free(text);
	ck_assert_int_eq(skyfoxctl("check"), 1);
	text = shell_output("cd / && \"$SKYFOX_ROOT/bin/skyfoxctl\" check "
	    "2>&1 | grep '^FAIL'");
	ck_assert_msg(strstr(text, rel) != NULL, "%s", text);
	free(text);
	ck_assert_int_eq(skyfoxctl("publish"), 0);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "D1"), "status"), "held");
	hresp_free(r);
	free(tok);
}
END_TEST

/* Apache stat()s a file before it opens it: a rename() between the two
 * sends the old length with the new bytes.  So a path keeps one size
 * (lib/publish.h), and a torn read is the whole new file: over HTTP the
 * seat file and its day's file have one length through a hold and a
 * cancel, the body one JSON value and spaces after it. */
START_TEST(test_a_file_keeps_its_length_through_writes)
{
	char	 name[32], day[11], path[64], q[160];
	char	*tok = fx_sql_customer("lv", name), *d;
	long long show = fx_sql_show(&film, 2), id;
	size_t	 seats_len, day_len;
	struct hresp *r;

	ck_assert_int_eq(skyfoxctl("publish"), 0);
	snprintf(q, sizeof(q), "SELECT date FROM shows WHERE id = %lld", show);
	d = db_scalar(q);
	snprintf(day, sizeof(day), "%s", d);
	free(d);
	snprintf(path, sizeof(path), "/live/shows/%s.json", day);
	r = seats_file(show);
	seats_len = r->len;
	ck_assert_int_eq(r->body[r->len - 1], ' ');
	hresp_free(r);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 200);
	day_len = r->len;
	hresp_free(r);
	id = fx_hold(tok, show, "[\"D2\",\"D3\",\"D4\"]");
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "D3"), "status"), "held");
	ck_assert_uint_eq(r->len, seats_len);
	hresp_free(r);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_uint_eq(r->len, day_len);
	hresp_free(r);
	snprintf(q, sizeof(q), "/api/bookings/%lld", id);
	r = api("DELETE", q, NULL, tok);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = seats_file(show);
	ck_assert_str_eq(jstr(seat(r, "D3"), "status"), "available");
	ck_assert_uint_eq(r->len, seats_len);
	hresp_free(r);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_uint_eq(r->len, day_len);
	hresp_free(r);
	free(tok);
}
END_TEST

Suite *
live_suite(void)
{
	Suite	*s = suite_create("live");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 30);
	tcase_add_unchecked_fixture(t, NULL, fx_clock_back);
	tcase_add_test(t, test_a_hold_is_in_the_file_when_its_answer_arrives);
	tcase_add_test(t,
	    test_a_poll_of_an_unchanged_file_is_304_and_a_change_is_200);
	tcase_add_test(t, test_pay_cancel_and_walkin_each_update_the_file);
	tcase_add_test(t, test_scheduling_a_show_publishes_its_day);
	tcase_add_test(t,
	    test_a_refreshed_film_is_in_its_days_lists_when_the_import_answers);
	tcase_add_test(t, test_the_sweeper_publishes_the_seats_it_frees);
	tcase_add_test(t, test_live_serves_nothing_but_the_json_files);
	tcase_add_test(t,
	    test_check_fails_on_a_hand_edited_file_and_publish_repairs_it);
	tcase_add_test(t, test_a_file_keeps_its_length_through_writes);
	suite_add_tcase(s, t);
	return s;
}
