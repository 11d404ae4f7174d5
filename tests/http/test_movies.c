/* Movies over the real Apache: the local list, the bundled catalog, import
 * by IMDb id, and a misbehaving provider on loopback (slow, garbage, 5 MB,
 * 404, a refused API key) that must give 502 MOVIE_PROVIDER_ERROR, never a
 * hang or a 500.  Also the refresh cron job. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"
#include "fixture.h"

static void	 restore_provider(void);

START_TEST(test_local_movies_list_and_one)
{
	char	*c = fx_login("customer"), path[64];
	struct hresp *r = api("GET", "/api/movies", NULL, c);
	long long id;

	ck_assert_int_eq(r->status, 200);
	ck_assert_int_ge(cJSON_GetArraySize(jget(r->json, "data")), 8);
	id = jint(r->json, "data.0.id");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/movies/%lld", id);
	r = api("GET", path, NULL, c);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.id"), id);
	ck_assert_str_ne(jstr(r->json, "data.title"), "");
	ck_assert_str_ne(jstr(r->json, "data.director"), "");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.fetched_at"), "+05:30"));
	hresp_free(r);
	r = api("GET", "/api/movies/99999999", NULL, c);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	r = api("GET", "/api/movies/tt0111161", NULL, c);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(c);
}
END_TEST

START_TEST(test_catalog_lists_the_bundled_movies)
{
	char	*a = fx_login("admin");
	struct hresp *r;
	const cJSON *e;
	int	 imported = 0, n = 0;

	restore_provider();	/* whatever an earlier failure left */
	r = api("GET", "/api/movies/catalog", NULL, a);

	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	cJSON_ArrayForEach(e, jget(r->json, "data")) {
		n++;
		ck_assert_int_eq(strncmp(jstr(e, "imdb_id"), "tt", 2), 0);
		ck_assert_str_ne(jstr(e, "title"), "");
		if (cJSON_IsNumber(jget(e, "movie_id")))
			imported++;
		else
			ck_assert(cJSON_IsNull(jget(e, "movie_id")));
	}
	ck_assert_int_ge(n, 40);
	ck_assert_int_ge(imported, 8);		/* the demo's films */
	hresp_free(r);
	r = api("GET", "/api/movies/catalog?q=spider-VERSE", NULL, a);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 2);
	hresp_free(r);
	free(a);
}
END_TEST

START_TEST(test_import_checks_the_id)
{
	static const char *const bad[] = { "{}", "{\"imdb_id\":\"\"}",
	    "{\"imdb_id\":\"tt123\"}", "{\"imdb_id\":\"../../etc/passwd\"}",
	    "{\"imdb_id\":\"tt0111161?x=1\"}", "{\"imdb_id\":1234567}" };
	char	*a = fx_login("admin");

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hresp *r = api("POST", "/api/movies", bad[i], a);

		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "imdb_id");
		hresp_free(r);
	}
	free(a);
}
END_TEST

START_TEST(test_import_then_refresh_from_the_bundled_catalog)
{
	char	*a = fx_login("admin");
	struct hresp *r;
	long long id;

	restore_provider();
	r = api("POST", "/api/movies", "{\"imdb_id\":\"tt0133093\"}", a);
	ck_assert_msg(r->status == 201 || r->status == 200, "%ld %s", r->status,
	    r->body);
	id = jint(r->json, "data.id");
	ck_assert_str_eq(jstr(r->json, "data.title"), "The Matrix");
	ck_assert_int_eq(jint(r->json, "data.runtime_min"), 136);
	ck_assert_str_eq(jstr(r->json, "data.poster"),
	    "/catalog/posters/tt0133093.svg");
	hresp_free(r);
	r = api("POST", "/api/movies", "{\"imdb_id\":\"tt0133093\"}", a);
	ck_assert_int_eq(r->status, 200);		/* refreshed, not new */
	ck_assert_int_eq(jint(r->json, "data.id"), id);
	hresp_free(r);
	/* A form post works too. */
	{
		char	 hb[2200];
		const char *hs[2] = { hb, NULL };

		snprintf(hb, sizeof(hb), "Authorization: Bearer %s", a);
		r = http("POST", "/api/movies",
		    "application/x-www-form-urlencoded", "imdb_id=tt0133093", 17,
		    hs);
		ck_assert_int_eq(r->status, 200);
		hresp_free(r);
	}
	/* Not in the catalog: OMDb's own not-found answer. */
	r = api("POST", "/api/movies", "{\"imdb_id\":\"tt0000001\"}", a);
	expect_error(r, 404, "NOT_FOUND");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "imdb_id");
	hresp_free(r);
	free(a);
}
END_TEST

/* --- a misbehaving provider on loopback ----------------------------------
 * Forked; one process per connection.  What it answers depends on the id:
 *   tt0000101 sleeps 3 s            tt0000102 200 with HTML
 *   tt0000103 5 MB, Content-Length  tt0000108 5 MB, no length (until close)
 *   tt0000104 404 with HTML         tt0000105 200 {"Response":"False"}
 *   tt0000106 a good record         tt0000107 401 "Invalid API key!"
 * Every request must carry apikey=k%26y (the key "k&y", encoded), or it is
 * answered 401; /search?s=… answers a search list. */
static const char good[] = "{\"Title\":\"Loopback Movie\",\"Year\":\"2024\","
    "\"Runtime\":\"99 min\",\"Genre\":\"Drama\",\"imdbRating\":\"N/A\","
    "\"Poster\":\"N/A\",\"imdbID\":\"tt0000106\",\"Response\":\"True\"}";

static void
reply(int fd, const char *status, const char *body)
{
	char	 head[256];

	snprintf(head, sizeof(head), "HTTP/1.1 %s\r\nContent-Type: "
	    "application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
	    status, strlen(body));
	(void)!write(fd, head, strlen(head));
	(void)!write(fd, body, strlen(body));
}

static void
big(int fd, int with_length)
{
	static char chunk[65536];
	char	 head[256];
	size_t	 total = 5 * 1024 * 1024;

	memset(chunk, 'a', sizeof(chunk));
	snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Type: "
	    "application/json\r\n%s%zu\r\nConnection: close\r\n\r\n{\"Title\":\"",
	    with_length ? "Content-Length: " : "X-Size: ", total);
	(void)!write(fd, head, strlen(head));
	for (size_t sent = 0; sent < total; sent += sizeof(chunk))
		if (write(fd, chunk, sizeof(chunk)) <= 0)
			break;
}

static void
serve(int fd)
{
	char	 req[4096];
	ssize_t	 n = read(fd, req, sizeof(req) - 1);

	if (n <= 0)
		return;
	req[n] = '\0';
	if (strstr(req, "apikey=k%26y") == NULL)
		reply(fd, "401 Unauthorized", "{\"Response\":\"False\",\"Error\":"
		    "\"No API key provided.\"}");
	else if (strncmp(req, "GET /search", 11) == 0)
		reply(fd, "200 OK", "{\"Search\":[{\"Title\":\"Loopback Movie\","
		    "\"Year\":\"2024\",\"imdbID\":\"tt0000106\",\"Poster\":\"N/A\"},"
		    "{\"Title\":\"Other\",\"imdbID\":\"tt0000109\"}],"
		    "\"Response\":\"True\"}");
	else if (strstr(req, "tt0000101") != NULL) {
		sleep(3);
		reply(fd, "200 OK", good);
	} else if (strstr(req, "tt0000102") != NULL)
		reply(fd, "200 OK", "<html><body>Service Temporarily Busy");
	else if (strstr(req, "tt0000103") != NULL)
		big(fd, 1);
	else if (strstr(req, "tt0000108") != NULL)
		big(fd, 0);
	else if (strstr(req, "tt0000104") != NULL)
		reply(fd, "404 Not Found", "<html>Not Found</html>");
	else if (strstr(req, "tt0000105") != NULL)
		reply(fd, "200 OK", "{\"Response\":\"False\",\"Error\":"
		    "\"Incorrect IMDb ID.\"}");
	else if (strstr(req, "tt0000106") != NULL)
		reply(fd, "200 OK", good);
	else
		reply(fd, "401 Unauthorized", "{\"Response\":\"False\","
		    "\"Error\":\"Invalid API key!\"}");
}

static pid_t
fake_provider(int *port)
{
	return loopback_server(serve, port);
}

static double
now_s(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static void
point_provider_at(int port)
{
	char	 url[128];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/?i={imdb_id}&apikey={apikey}",
	    port);
	conf_set("movie_provider_url", url);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/search?s={query}&apikey={apikey}",
	    port);
	conf_set("movie_catalog_url", url);
	conf_set("movie_provider_key", "k&y");
	conf_set("movie_provider_timeout_ms", "1000");
}

static void
restore_provider(void)
{
	char	 url[128];

	snprintf(url, sizeof(url), "%s/catalog/{imdb_id}.json", client_base());
	conf_set("movie_provider_url", url);
	snprintf(url, sizeof(url), "%s/catalog/index.json", client_base());
	conf_set("movie_catalog_url", url);
	conf_set("movie_provider_key", NULL);
	conf_set("movie_provider_timeout_ms", NULL);
}

static void
import_fails(const char *token, const char *id, long status, const char *code)
{
	char	 body[64];
	struct hresp *r;
	double	 t0 = now_s();

	snprintf(body, sizeof(body), "{\"imdb_id\":\"%s\"}", id);
	r = api("POST", "/api/movies", body, token);
	ck_assert_msg(r->status == status, "%s: %ld %s", id, r->status, r->body);
	expect_error(r, status, code);
	/* Quick, whatever the provider does (timeout 1 s). */
	ck_assert_msg(now_s() - t0 < 2.5, "%s took %.1fs", id, now_s() - t0);
	hresp_free(r);
}

START_TEST(test_a_misbehaving_provider_is_502)
{
	char	*a = fx_login("admin");
	int	 port;
	pid_t	 pid = fake_provider(&port);
	struct hresp *r;
	char	*n;

	point_provider_at(port);
	import_fails(a, "tt0000101", 502, "MOVIE_PROVIDER_ERROR");	/* slow */
	import_fails(a, "tt0000102", 502, "MOVIE_PROVIDER_ERROR");	/* garbage */
	import_fails(a, "tt0000103", 502, "MOVIE_PROVIDER_ERROR");	/* 5 MB */
	import_fails(a, "tt0000108", 502, "MOVIE_PROVIDER_ERROR");	/* 5 MB */
	import_fails(a, "tt0000104", 502, "MOVIE_PROVIDER_ERROR");	/* 404 */
	import_fails(a, "tt0000107", 502, "MOVIE_PROVIDER_ERROR");	/* key */
	import_fails(a, "tt0000105", 404, "NOT_FOUND");	/* no such movie */
	n = db_scalar("SELECT count(*) FROM movies WHERE imdb_id IN ("
	    "'tt0000101', 'tt0000102', 'tt0000103', 'tt0000104', 'tt0000105',"
	    " 'tt0000107', 'tt0000108')");
	ck_assert_str_eq(n, "0");
	free(n);

	/* A good record. */
	r = api("POST", "/api/movies", "{\"imdb_id\":\"tt0000106\"}", a);
	ck_assert_msg(r->status == 201 || r->status == 200, "%ld %s", r->status,
	    r->body);
	ck_assert_str_eq(jstr(r->json, "data.title"), "Loopback Movie");
	ck_assert_int_eq(jint(r->json, "data.runtime_min"), 99);
	ck_assert(cJSON_IsNull(jget(r->json, "data.rating")));	/* N/A */
	ck_assert(cJSON_IsNull(jget(r->json, "data.poster")));
	hresp_free(r);
	/* The catalog through the same provider: {query} and {apikey}. */
	r = api("GET", "/api/movies/catalog?q=loop", NULL, a);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 1);
	ck_assert_str_eq(jstr(r->json, "data.0.imdb_id"), "tt0000106");
	ck_assert_int_gt(jint(r->json, "data.0.movie_id"), 0);
	hresp_free(r);
	/* A wrong key: the provider refuses, we say so. */
	conf_set("movie_provider_key", "wrong");
	import_fails(a, "tt0000106", 502, "MOVIE_PROVIDER_ERROR");
	r = api("GET", "/api/movies/catalog", NULL, a);
	expect_error(r, 502, "MOVIE_PROVIDER_ERROR");
	hresp_free(r);
	/* Nobody listening at all. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	conf_set("movie_provider_key", "k&y");
	import_fails(a, "tt0000106", 502, "MOVIE_PROVIDER_ERROR");
	restore_provider();
	r = api("GET", "/api/movies/catalog?q=matrix", NULL, a);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(a);
}
END_TEST

/* Run the cron job as cron would; its exit status, its output in out. */
static int
run_refresh(char *out, size_t n, const char *env)
{
	char	 cmd[1024];
	FILE	*p;
	size_t	 got;

	snprintf(cmd, sizeof(cmd), "%s SKYFOX_CONF='%s/skyfox.conf' '%s/cron/"
	    "refresh-movies' 2>&1", env ? env : "", getenv("SKYFOX_DATA"),
	    getenv("SKYFOX_ROOT"));
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	got = fread(out, 1, n - 1, p);
	out[got] = '\0';
	return WEXITSTATUS(pclose(p));
}

START_TEST(test_refresh_job_updates_stale_records_quietly)
{
	char	 out[4096], *before, *after;

	restore_provider();
	/* Fresh records (other suites' test movies included): nothing to do,
	 * nothing said. */
	free(db_sql("UPDATE movies SET fetched_at = strftime('%s', 'now')"));
	ck_assert_int_eq(run_refresh(out, sizeof(out), NULL), 0);
	ck_assert_str_eq(out, "");
	/* A stale one is fetched again, directly: proxy variables in the
	 * environment (httpoxy) are ignored. */
	free(db_sql("UPDATE movies SET fetched_at = 1000, rating = 'stale' "
	    "WHERE imdb_id = 'tt1375666'"));
	ck_assert_int_eq(run_refresh(out, sizeof(out), "http_proxy=http://"
	    "127.0.0.1:9/ HTTP_PROXY=http://127.0.0.1:9/ ALL_PROXY=http://"
	    "127.0.0.1:9/ all_proxy=http://127.0.0.1:9/"), 0);
	ck_assert_str_eq(out, "");
	before = db_scalar("SELECT rating FROM movies WHERE imdb_id = 'tt1375666'");
	after = db_scalar("SELECT fetched_at > 1000 FROM movies WHERE imdb_id = "
	    "'tt1375666'");
	ck_assert_str_eq(before, "8.8");		/* back from the catalog */
	ck_assert_str_eq(after, "1");
	free(before);
	free(after);
	/* An unreachable provider: one line per record, exit 1. */
	free(db_sql("UPDATE movies SET fetched_at = 1000 WHERE imdb_id = "
	    "'tt1375666'"));
	conf_set("movie_provider_url", "http://127.0.0.1:9/{imdb_id}");
	ck_assert_int_eq(run_refresh(out, sizeof(out), NULL), 1);
	ck_assert_ptr_nonnull(strstr(out, "tt1375666"));
	restore_provider();
	ck_assert_int_eq(run_refresh(out, sizeof(out), NULL), 0);
	/* A record the provider no longer has: said once, then left alone
	 * until the next refresh period. */
	free(db_sql("INSERT OR IGNORE INTO movies (imdb_id, title, raw_json,"
	    " fetched_at) VALUES ('tt0000001', 'Withdrawn', '{}', 1000)"));
	free(db_sql("UPDATE movies SET fetched_at = 1000 WHERE imdb_id = 'tt0000001'"));
	ck_assert_int_eq(run_refresh(out, sizeof(out), NULL), 1);
	ck_assert_ptr_nonnull(strstr(out, "tt0000001"));
	ck_assert_ptr_nonnull(strstr(out, "keeping our copy"));
	ck_assert_int_eq(run_refresh(out, sizeof(out), NULL), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

Suite *
movies_suite(void)
{
	Suite	*s = suite_create("movies");
	TCase	*t = tcase_create("http");

	tcase_set_timeout(t, 60);
	/* After the last test, even a failed one: the bundled catalog again. */
	tcase_add_unchecked_fixture(t, NULL, restore_provider);
	tcase_add_test(t, test_local_movies_list_and_one);
	tcase_add_test(t, test_catalog_lists_the_bundled_movies);
	tcase_add_test(t, test_import_checks_the_id);
	tcase_add_test(t, test_import_then_refresh_from_the_bundled_catalog);
	tcase_add_test(t, test_a_misbehaving_provider_is_502);
	tcase_add_test(t, test_refresh_job_updates_stale_records_quietly);
	suite_add_tcase(s, t);
	return s;
}
