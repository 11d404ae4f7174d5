/* Age ratings over the real Apache (issue 15 item 2): the public list,
 * the certificate on a movie, a show and its published day, the admin's
 * PATCH with every way it can be refused, and an import from an OMDb
 * stand-in on loopback mapping Rated — with a refresh (the import again,
 * and the cron job) keeping the admin's choice. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "fixture.h"
#include "roles.h"

static const struct fx_film film = {
	"tt7700111", "Certificate Test Movie", "Certificate Screen", 2, 20000,
	"15:00:00"
};

START_TEST(test_list_is_public_and_cacheable)
{
	struct hresp *r = api("GET", "/api/certificates", NULL, NULL);
	const cJSON *e;
	int	 n = 0, ua13 = 0;

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_ptr_nonnull(strstr(hdr(r, "Cache-Control"), "public"));
	cJSON_ArrayForEach(e, jget(r->json, "data")) {
		n++;
		if (strcmp(jstr(e, "code"), "UA13") == 0) {
			ua13++;
			ck_assert_str_eq(jstr(e, "name"), "UA 13+");
			ck_assert_int_eq(jint(e, "min_age"), 13);
		}
	}
	ck_assert_int_eq(n, 6);
	ck_assert_int_eq(ua13, 1);
	ck_assert_str_eq(jstr(r->json, "data.0.code"), "U");
	ck_assert_int_eq(jint(r->json, "data.0.min_age"), 0);
	ck_assert_str_eq(jstr(r->json, "data.5.code"), "S");
	ck_assert_int_eq(jint(r->json, "data.5.min_age"), 18);
	hresp_free(r);
}
END_TEST

/* The film of a show made with SQL: no Rated, so no certificate until
 * the admin sets one; then the movie, the show and the day's published
 * list all say it. */
START_TEST(test_admin_sets_a_certificate_that_every_movie_json_carries)
{
	char	*admin = fx_login("admin"), path[96], body[64], day[11];
	long long show = fx_sql_show(&film, 1);
	long long movie = fx_sql_int("SELECT movie_id FROM shows WHERE id = "
	    "%lld", show);
	struct hresp *r;
	const cJSON *s;
	int	 found = 0;

	fx_sql_int("UPDATE movies SET certificate = NULL WHERE id = %lld "
	    "RETURNING id", movie);
	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	r = api("GET", path, NULL, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert(cJSON_IsNull(jget(r->json, "data.movie.certificate")));
	hresp_free(r);

	snprintf(path, sizeof(path), "/api/movies/%lld", movie);
	snprintf(body, sizeof(body), "{\"certificate\":\"UA13\"}");
	r = api("PATCH", path, body, admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.id"), movie);
	ck_assert_str_eq(jstr(r->json, "data.certificate.code"), "UA13");
	ck_assert_str_eq(jstr(r->json, "data.certificate.name"), "UA 13+");
	ck_assert_int_eq(jint(r->json, "data.certificate.min_age"), 13);
	hresp_free(r);

	r = api("GET", path, NULL, NULL);	/* anyone: it shows this week */
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.certificate.code"), "UA13");
	hresp_free(r);
	r = api("GET", "/api/movies", NULL, admin);
	cJSON_ArrayForEach(s, jget(r->json, "data"))
		if (jint(s, "id") == movie) {
			found++;
			ck_assert_int_eq(jint(s, "certificate.min_age"), 13);
		} else
			ck_assert(cJSON_IsNull(jget(s, "certificate")) ||
			    jint(s, "certificate.min_age") >= 0);
	ck_assert_int_eq(found, 1);
	hresp_free(r);

	snprintf(path, sizeof(path), "/api/shows/%lld", show);
	r = api("GET", path, NULL, NULL);
	ck_assert_str_eq(jstr(r->json, "data.movie.certificate.code"), "UA13");
	ck_assert_str_eq(jstr(r->json, "data.movie.certificate.name"),
	    "UA 13+");
	hresp_free(r);

	/* The day's published list, rewritten before the PATCH answered. */
	fx_day(1, day);
	snprintf(path, sizeof(path), "/live/shows/%s.json", day);
	r = http("GET", path, NULL, NULL, 0, NULL);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	found = 0;
	cJSON_ArrayForEach(s, jget(r->json, "shows"))
		if (jint(s, "id") == show) {
			found++;
			ck_assert_str_eq(jstr(s, "movie.certificate.code"),
			    "UA13");
		}
	ck_assert_int_eq(found, 1);
	hresp_free(r);

	/* And again to another: the file follows. */
	snprintf(path, sizeof(path), "/api/movies/%lld", movie);
	r = api("PATCH", path, "{\"certificate\":\"A\"}", admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(jint(r->json, "data.certificate.min_age"), 18);
	hresp_free(r);
	snprintf(path, sizeof(path), "/live/shows/%s.json", day);
	r = http("GET", path, NULL, NULL, 0, NULL);
	cJSON_ArrayForEach(s, jget(r->json, "shows"))
		if (jint(s, "id") == show)
			ck_assert_str_eq(jstr(s, "movie.certificate.code"),
			    "A");
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(admin);
}
END_TEST

START_TEST(test_patch_refuses_bad_input)
{
	static const char *const bad[] = { "{}", "{\"certificate\":\"\"}",
	    "{\"certificate\":\"XX\"}", "{\"certificate\":\"ua13\"}",
	    "{\"certificate\":\"UA 13+\"}", "{\"certificate\":13}",
	    "{\"certificate\":null}", "{\"certificate\":[\"U\"]}",
	    "{\"certificate\":\"UA13UA13UA13UA13\"}" };
	char	*admin = fx_login("admin"), path[64], *before;
	long long movie = fx_movie(admin);
	char	 q[128];
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/movies/%lld", movie);
	snprintf(q, sizeof(q), "SELECT coalesce(certificate, '-') FROM movies "
	    "WHERE id = %lld", movie);
	before = db_scalar(q);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		r = api("PATCH", path, bad[i], admin);
		ck_assert_msg(r->status == 422, "%s: %ld %s", bad[i], r->status,
		    r->body);
		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_str_eq(jstr(r->json, "error.fields.0.field"),
		    "certificate");
		hresp_free(r);
	}
	{
		char	*after = db_scalar(q);

		ck_assert_str_eq(after, before);	/* nothing changed */
		free(after);
	}
	/* Not JSON at all. */
	r = api("PATCH", path, "{\"certificate\":", admin);
	ck_assert_int_eq(r->status, 400);
	ck_assert_ptr_nonnull(jget(r->json, "error.code"));
	hresp_free(r);
	/* No such movie, or no movie id. */
	r = api("PATCH", "/api/movies/99999999", "{\"certificate\":\"U\"}",
	    admin);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	r = api("PATCH", "/api/movies/tt0111161", "{\"certificate\":\"U\"}",
	    admin);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	/* The form post a browser would send works too. */
	{
		char	 hb[2200];
		const char *hs[2] = { hb, NULL };

		snprintf(hb, sizeof(hb), "Authorization: Bearer %s", admin);
		r = http("PATCH", path, "application/x-www-form-urlencoded",
		    "certificate=S", 13, hs);
		ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
		ck_assert_str_eq(jstr(r->json, "data.certificate.code"), "S");
		hresp_free(r);
	}
	if (strcmp(before, "-") != 0) {
		char	 put[64];

		snprintf(put, sizeof(put), "{\"certificate\":\"%s\"}", before);
		r = api("PATCH", path, put, admin);
		ck_assert_int_eq(r->status, 200);
		hresp_free(r);
	}
	free(before);
	free(admin);
}
END_TEST

/* Anyone reads the list; only the admin sets a film's certificate. */
START_TEST(test_certificate_routes_by_role)
{
	static const struct role_case cases[] = {
		{ "GET", "/api/certificates", NULL, RC_EVERYONE, 0 },
		{ "PATCH", "/api/movies/1", "{}", RC_ADMIN, 0 },
	};

	roles_check(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/* --- an OMDb stand-in on loopback ----------------------------------------
 * Forked, one process per connection: tt0000811 is rated TV-14,
 * tt0000812 "Not Rated", tt0000813 " pg-13 " (spaced, lower case). */
static void
reply_record(int fd, const char *id, const char *rated)
{
	char	 body[512], head[256];

	snprintf(body, sizeof(body), "{\"Title\":\"Rated %s\",\"Year\":\"2024\","
	    "\"Rated\":\"%s\",\"Runtime\":\"95 min\",\"imdbID\":\"%s\","
	    "\"Response\":\"True\"}", id, rated, id);
	snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\nConnection: close\r\n"
	    "\r\n", strlen(body));
	(void)!write(fd, head, strlen(head));
	(void)!write(fd, body, strlen(body));
}

static void
serve(int fd)
{
	char	 req[4096];
	ssize_t	 n = read(fd, req, sizeof(req) - 1);
	static const char *const ids[] = { "tt0000811", "tt0000812",
	    "tt0000813" };
	static const char *const rated[] = { "TV-14", "Not Rated", " pg-13 " };

	if (n <= 0)
		return;
	req[n] = '\0';
	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++)
		if (strstr(req, ids[i]) != NULL) {
			reply_record(fd, ids[i], rated[i]);
			return;
		}
	reply_record(fd, "tt0000000", "N/A");	/* another id: malformed */
}

static pid_t
stand_in(int *port)
{
	return loopback_server(serve, port);
}

static void
restore_provider(void)
{
	char	 url[128];

	snprintf(url, sizeof(url), "%s/catalog/{imdb_id}.json", client_base());
	conf_set("movie_provider_url", url);
	conf_set("movie_provider_timeout_ms", NULL);
}

/* POST /api/movies {"imdb_id"}: the answer (200 or 201 asserted). */
static struct hresp *
import(const char *admin, const char *id)
{
	char	 body[64];
	struct hresp *r;

	snprintf(body, sizeof(body), "{\"imdb_id\":\"%s\"}", id);
	r = api("POST", "/api/movies", body, admin);
	ck_assert_msg(r->status == 200 || r->status == 201, "%s: %ld %s", id,
	    r->status, r->body);
	return r;
}

/* The cron job, as cron runs it; its output is not this test's concern
 * (other suites' records may be stale too). */
static void
run_refresh(void)
{
	char	 cmd[1024];

	snprintf(cmd, sizeof(cmd), "SKYFOX_CONF='%s/skyfox.conf' '%s/cron/"
	    "refresh-movies' >/dev/null 2>&1", getenv("SKYFOX_DATA"),
	    getenv("SKYFOX_ROOT"));
	(void)!system(cmd);
}

START_TEST(test_import_maps_rated_and_a_refresh_keeps_the_admins_choice)
{
	char	*admin = fx_login("admin"), path[64], *v;
	char	 url[128];
	int	 port;
	pid_t	 pid = stand_in(&port);
	struct hresp *r;
	long long id;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/?i={imdb_id}", port);
	conf_set("movie_provider_url", url);
	conf_set("movie_provider_timeout_ms", "2000");

	r = import(admin, "tt0000811");
	ck_assert_str_eq(jstr(r->json, "data.rated"), "TV-14");
	ck_assert_str_eq(jstr(r->json, "data.certificate.code"), "UA16");
	ck_assert_int_eq(jint(r->json, "data.certificate.min_age"), 16);
	id = jint(r->json, "data.id");
	hresp_free(r);
	r = import(admin, "tt0000812");
	ck_assert(cJSON_IsNull(jget(r->json, "data.certificate")));
	hresp_free(r);
	r = import(admin, "tt0000813");
	ck_assert_str_eq(jstr(r->json, "data.certificate.code"), "UA13");
	hresp_free(r);

	/* The admin says A; importing the record again keeps it. */
	snprintf(path, sizeof(path), "/api/movies/%lld", id);
	r = api("PATCH", path, "{\"certificate\":\"A\"}", admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
	r = import(admin, "tt0000811");
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.rated"), "TV-14");
	ck_assert_str_eq(jstr(r->json, "data.certificate.code"), "A");
	hresp_free(r);

	/* And so does the cron job's refresh of a stale record. */
	free(db_sql("UPDATE movies SET fetched_at = strftime('%s', 'now')"));
	free(db_sql("UPDATE movies SET fetched_at = 1000 WHERE imdb_id = "
	    "'tt0000811'"));
	run_refresh();
	v = db_scalar("SELECT fetched_at > 1000 AND certificate = 'A' FROM "
	    "movies WHERE imdb_id = 'tt0000811'");
	ck_assert_str_eq(v, "1");
	free(v);

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	restore_provider();
	free(admin);
}
END_TEST

/* The age rule at the box office: a ticket type whose age range ends below
 * the film's certificate is refused (422 AGE_RESTRICTED naming the seat)
 * in a hold, in a change of one and at the counter, with nothing held;
 * types without an upper age are sold; a lower certificate lets the
 * child in. */
static const struct fx_film age_film = {
	"tt7700112", "Age Rule Test Movie", "Age Rule Screen", 3, 20000,
	"16:00:00"
};

static void
set_certificate(const char *admin, long long show, const char *code)
{
	char	 path[64], body[64];
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/movies/%lld", fx_sql_int(
	    "SELECT movie_id FROM shows WHERE id = %lld", show));
	snprintf(body, sizeof(body), "{\"certificate\":\"%s\"}", code);
	r = api("PATCH", path, body, admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	hresp_free(r);
}

START_TEST(test_a_ticket_type_too_young_for_the_film_is_refused)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	char	 name[32], path[64];
	char	*c = fx_sql_customer("ag", name);
	long long show = fx_sql_show(&age_film, 2), id;
	struct hresp *r;

	set_certificate(admin, show, "UA13");
	r = fx_try_hold(c, show, "[\"A1\",{\"seat\":\"A2\",\"type\":\"child\"}]");
	expect_error(r, 422, "AGE_RESTRICTED");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "seats");
	ck_assert_msg(strstr(jstr(r->json, "error.message"), "A2") != NULL &&
	    strstr(jstr(r->json, "error.message"), "UA 13+") != NULL, "%s",
	    r->body);
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats "
	    "WHERE show_id = %lld", show), 0);

	/* An adult and a senior (no upper age) are sold; a child added to
	 * that hold is refused on "add", and the hold stays as it was. */
	id = fx_hold(c, show, "[\"A1\",{\"seat\":\"A2\",\"type\":\"senior\"}]");
	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = api("PATCH", path, "{\"add\":[{\"seat\":\"A3\",\"type\":"
	    "\"child\"}]}", c);
	expect_error(r, 422, "AGE_RESTRICTED");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "add");
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("SELECT count(*) FROM booking_seats "
	    "WHERE booking_id = %lld AND live = 1", id), 2);

	/* The counter is held to it too, before any money is counted. */
	r = fx_try_walkin(staff, show, "[{\"seat\":\"B1\",\"type\":\"child\"}]",
	    1, "Age Tester", fx_phone());
	expect_error(r, 422, "AGE_RESTRICTED");
	hresp_free(r);

	/* UA 7+ admits a child of 12 and under. */
	set_certificate(admin, show, "UA7");
	free(c);
	c = fx_sql_customer("ag", name);
	fx_hold(c, show, "[{\"seat\":\"C1\",\"type\":\"child\"}]");
	free(admin);
	free(staff);
	free(c);
}
END_TEST

Suite *
certificates_suite(void)
{
	Suite	*s = suite_create("certificates");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 60);
	tcase_add_unchecked_fixture(t, NULL, restore_provider);
	tcase_add_test(t, test_list_is_public_and_cacheable);
	tcase_add_test(t, test_admin_sets_a_certificate_that_every_movie_json_carries);
	tcase_add_test(t, test_patch_refuses_bad_input);
	tcase_add_test(t, test_certificate_routes_by_role);
	tcase_add_test(t, test_import_maps_rated_and_a_refresh_keeps_the_admins_choice);
	tcase_add_test(t, test_a_ticket_type_too_young_for_the_film_is_refused);
	suite_add_tcase(s, t);
	return s;
}
