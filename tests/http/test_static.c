/* Static files over the real Apache and apache.conf (issue 14; README
 * "Static files"): every page loads its scripts, styles and images only
 * from /v/<hash>/ URLs, which answer gzipped when asked and with a year's
 * max-age; an old hash is a 404; pages, /live/ files and the seat map's
 * CGI answer are still 304s on revalidation with Accept-Encoding: gzip;
 * and the API's JSON comes gzipped only when asked, whole either way. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "fixture.h"

static const struct fx_film film = {
	"tt7700061", "Static Test Movie", "Static Screen", 3, 20000, "16:00:00"
};

static const char *const gzip_hs[] = { "Accept-Encoding: gzip", NULL };

/* The served copy of htdocs (tools/site.sh: build/www/htdocs). */
static const char *
served(void)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/build/www/htdocs",
	    getenv("SKYFOX_ROOT"));
	return path;
}

/* The /v/<hash>/ prefix the home page uses, into out. */
static void
version_prefix(char *out, size_t n)
{
	struct hresp *r = http("GET", "/", NULL, NULL, 0, NULL);
	const char *p, *e;

	ck_assert_int_eq(r->status, 200);
	p = strstr(r->body, "\"/v/");
	ck_assert_msg(p != NULL, "the home page has no /v/ URL: %s", r->body);
	p++;
	e = strchr(p + 3, '/');
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e - (p + 3), 10);
	ck_assert_int_lt((size_t)(e + 1 - p), n);
	memcpy(out, p, (size_t)(e + 1 - p));
	out[e + 1 - p] = '\0';
	hresp_free(r);
}

/* How the gzipped body of url decompresses: its sha256, from curl. */
static char *
gunzipped_sha(const char *path)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "curl -s --noproxy '*' -H 'Accept-Encoding: "
	    "gzip' '%s%s' | gzip -dc | sha256sum | cut -c1-64", client_base(),
	    path);
	return shell_output(cmd);
}

static char *
file_sha(const char *file)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "sha256sum '%s/%s' | cut -c1-64", served(),
	    file);
	return shell_output(cmd);
}

START_TEST(test_pages_load_only_versioned_assets)
{
	static const char *pages[] = { "/", "/show.html", "/login.html",
	    "/signup.html", "/checkout.html", "/wallet.html", "/ticket.html",
	    "/checkin.html", "/admin/staff.html", "/admin/revenue.html",
	    "/admin/schedule.html", "/docs/", "/no-such-page.html" };
	static const char *plain[] = { "\"/js/", "\"/css/", "\"/img/",
	    "\"/vendor/", "\"/favicon.svg\"", "\"/docs/docs.js\"" };
	char	 v[32], want[64];

	version_prefix(v, sizeof(v));
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct hresp *r = http("GET", pages[i], NULL, NULL, 0, NULL);
		const char *p;
		int	 n = 0;

		ck_assert_msg(r->status == 200 || (r->status == 404 &&
		    i == sizeof(pages) / sizeof(pages[0]) - 1), "%s: %ld",
		    pages[i], r->status);
		for (size_t j = 0; j < sizeof(plain) / sizeof(plain[0]); j++)
			ck_assert_msg(strstr(r->body, plain[j]) == NULL,
			    "%s loads an unversioned %s", pages[i], plain[j]);
		/* Every /v/ URL carries the one current version. */
		for (p = r->body; (p = strstr(p, "\"/v/")) != NULL; p++, n++)
			ck_assert_msg(strncmp(p + 1, v, strlen(v)) == 0,
			    "%s: %.30s is not under %s", pages[i], p, v);
		ck_assert_msg(n >= 3, "%s: %d versioned URLs", pages[i], n);
		snprintf(want, sizeof(want), "\"%scss/style.css\"", v);
		ck_assert_msg(strstr(r->body, want) != NULL, "%s: no %s",
		    pages[i], want);
		ck_assert_str_eq(hdr(r, "Cache-Control"), "no-cache");
		hresp_free(r);
	}
}
END_TEST

START_TEST(test_versioned_assets_are_gzipped_and_cached_a_year)
{
	static const char *files[] = { "js/pages/home.js", "js/api.js",
	    "css/style.css", "favicon.svg", "img/visa.svg",
	    "vendor/jsqr/jsQR.js", "docs/docs.js" };
	char	 v[32], path[256];

	version_prefix(v, sizeof(v));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct hresp *r;
		char	*a, *b;

		snprintf(path, sizeof(path), "%s%s", v, files[i]);
		r = http("GET", path, NULL, NULL, 0, gzip_hs);
		ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
		ck_assert_msg(hdr(r, "Content-Encoding") != NULL &&
		    strcmp(hdr(r, "Content-Encoding"), "gzip") == 0,
		    "%s: not gzipped", path);
		ck_assert(r->len > 2 && (unsigned char)r->body[0] == 0x1f &&
		    (unsigned char)r->body[1] == 0x8b);
		ck_assert_ptr_nonnull(strstr(hdr(r, "Vary"), "Accept-Encoding"));
		ck_assert_msg(strstr(hdr(r, "Cache-Control"),
		    "max-age=31536000") != NULL && strstr(hdr(r,
		    "Cache-Control"), "immutable") != NULL, "%s: %s", path,
		    hdr(r, "Cache-Control"));
		hresp_free(r);
		/* Whole: what gzip -d gives back is the file. */
		a = gunzipped_sha(path);
		b = file_sha(files[i]);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
		/* Not asked for gzip: the file as it is, cached as long. */
		r = http("GET", path, NULL, NULL, 0, NULL);
		ck_assert_int_eq(r->status, 200);
		ck_assert_ptr_null(hdr(r, "Content-Encoding"));
		ck_assert_ptr_nonnull(strstr(hdr(r, "Cache-Control"),
		    "max-age=31536000"));
		hresp_free(r);
	}
}
END_TEST

/* An old (or made-up) version is a 404, never today's file under a name a
 * browser would keep for a year; nothing but the assets is under /v/. */
START_TEST(test_an_old_or_wrong_hash_is_a_404)
{
	char	 v[32], path[256];
	const char *bad[] = { "/v/0000000000/js/pages/home.js",
	    "/v/deadbeef00/css/style.css", "/v/x/js/api.js", NULL, NULL,
	    NULL, NULL };
	struct hresp *r;

	version_prefix(v, sizeof(v));
	snprintf(path, sizeof(path), "%sindex.html", v);
	bad[3] = strdup(path);
	snprintf(path, sizeof(path), "%scatalog/index.json", v);
	bad[4] = strdup(path);
	snprintf(path, sizeof(path), "%sv/", v);
	bad[5] = strdup(path);
	for (size_t i = 0; bad[i] != NULL; i++) {
		r = http("GET", bad[i], NULL, NULL, 0, NULL);
		ck_assert_msg(r->status == 404, "%s: %ld", bad[i], r->status);
		ck_assert_ptr_null(strstr(hdr(r, "Cache-Control") ?
		    hdr(r, "Cache-Control") : "", "max-age=31536000"));
		hresp_free(r);
	}
	/* The plain addresses still work (revalidated each time). */
	r = http("GET", "/js/api.js", NULL, NULL, 0, NULL);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-cache");
	hresp_free(r);
	free((char *)bad[3]);
	free((char *)bad[4]);
	free((char *)bad[5]);
}
END_TEST

/* Revalidate path with the ETag a gzip answer gave: a 304. */
static void
revalidates(const char *path, const char *auth)
{
	char	 inm[256], etag[200];
	const char *hs[4] = { "Accept-Encoding: gzip", inm, auth, NULL };
	const char *first[3] = { "Accept-Encoding: gzip", auth, NULL };
	struct hresp *r = http("GET", path, NULL, NULL, 0, first);

	ck_assert_msg(r->status == 200, "%s: %ld", path, r->status);
	ck_assert_str_eq(hdr(r, "Content-Encoding"), "gzip");
	ck_assert_ptr_nonnull(hdr(r, "ETag"));
	snprintf(etag, sizeof(etag), "%s", hdr(r, "ETag"));
	/* mod_deflate's suffix: the very thing that broke 304s (bug 45023). */
	ck_assert_msg(strstr(etag, "-gzip\"") != NULL, "%s: %s", path, etag);
	hresp_free(r);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	r = http("GET", path, NULL, NULL, 0, hs);
	ck_assert_msg(r->status == 304, "%s with %s: %ld", path, etag,
	    r->status);
	ck_assert_int_eq(r->len, 0);
	hresp_free(r);
	/* And a stale tag is still a 200. */
	snprintf(inm, sizeof(inm), "If-None-Match: \"stale-gzip\"");
	r = http("GET", path, NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
}

START_TEST(test_pages_and_live_files_revalidate_to_304_when_gzipped)
{
	char	 path[64];
	long long show = fx_sql_show(&film, 1);

	ck_assert_int_eq(skyfoxctl("publish"), 0);	/* made with SQL */
	revalidates("/", NULL);
	revalidates("/admin/staff.html", NULL);
	snprintf(path, sizeof(path), "/live/seats/%lld.json", show);
	revalidates(path, NULL);
}
END_TEST

/* The API's JSON: gzipped only when asked, whole, and the seat map's own
 * ETag (its CGI's, W/"…") still gives 304s. */
START_TEST(test_cgi_answers_gzip_and_keep_their_304s)
{
	char	*tok = fx_login("customer"), auth[2200], path[64], cmd[512];
	char	*a, *b;
	long long show = fx_sql_show(&film, 2);
	const char *hs[2] = { auth, NULL };
	struct hresp *r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
	snprintf(path, sizeof(path), "/api/shows/%lld/seats", show);
	revalidates(path, auth);
	/* Not asked: plain JSON, as before. */
	r = http("GET", path, NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_null(hdr(r, "Content-Encoding"));
	ck_assert_ptr_nonnull(r->json);
	ck_assert_int_eq(jint(r->json, "data.show_id"), show);
	hresp_free(r);
	/* Asked: the same JSON once gunzipped. */
	snprintf(cmd, sizeof(cmd), "curl -s --noproxy '*' -H 'Accept-Encoding:"
	    " gzip' '%s/api/health' | gzip -dc | jq -r .data.status",
	    client_base());
	a = shell_output(cmd);
	r = http("GET", "/api/health", NULL, NULL, 0, NULL);
	b = strdup(jstr(r->json, "data.status"));
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, "");
	hresp_free(r);
	/* An error answer is still the §8 shape, gzipped or not. */
	r = http("GET", "/api/no-such-thing", NULL, NULL, 0, NULL);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(a);
	free(b);
	free(tok);
}
END_TEST

Suite *
static_suite(void)
{
	Suite	*s = suite_create("static");
	TCase	*t = tcase_create("static");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_pages_load_only_versioned_assets);
	tcase_add_test(t, test_versioned_assets_are_gzipped_and_cached_a_year);
	tcase_add_test(t, test_an_old_or_wrong_hash_is_a_404);
	tcase_add_test(t,
	    test_pages_and_live_files_revalidate_to_304_when_gzipped);
	tcase_add_test(t, test_cgi_answers_gzip_and_keep_their_304s);
	suite_add_tcase(s, t);
	return s;
}
