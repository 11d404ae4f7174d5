/* Sessions over the real Apache: logging in and out, who am I, cookies
 * and CSRF, tampered / expired / revoked tokens, and the failure limits
 * per account and per client address. */
#include <check.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "buf.h"
#include "burst.h"
#include "client.h"
#include "fixture.h"
#include "roles.h"

static struct hresp *
post_login(const char *username, const char *password)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}",
	    username, password);
	return api("POST", "/api/session", body, NULL);
}

/* Sign claims with the test site's own key: a token only the server (or
 * someone holding its key file) could have made. */
static char *
forge(long long uid, const char *username, const char *role, long long ver,
    long long iat, long long exp)
{
	char	 path[1024];
	unsigned char key[32];
	struct auth_claims cl;
	struct buf b = BUF_INIT;
	int	 fd;
	char	*s;

	snprintf(path, sizeof(path), "%s/secret.key", getenv("SKYFOX_DATA"));
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, key, sizeof(key)), 32);
	close(fd);
	memset(&cl, 0, sizeof(cl));
	cl.uid = uid;
	snprintf(cl.username, sizeof(cl.username), "%s", username);
	snprintf(cl.role, sizeof(cl.role), "%s", role);
	cl.ver = ver;
	cl.iat = iat;
	cl.exp = exp;
	ck_assert_int_eq(auth_jwt_sign(key, &cl, &b), 0);
	s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

START_TEST(test_login_returns_user_token_csrf_and_cookie)
{
	struct hresp *r = post_login("admin", "Admin#2026");
	const char *sc;

	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.username"), "admin");
	ck_assert_str_eq(jstr(r->json, "data.user.role"), "admin");
	ck_assert_str_eq(jstr(r->json, "data.user.name"), "Asha Admin");
	ck_assert_int_gt(strlen(jstr(r->json, "data.token")), 40);
	ck_assert_int_eq(strlen(jstr(r->json, "data.csrf_token")), 43);
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.expires_at"), "+05:30"));
	sc = hdr(r, "Set-Cookie");
	ck_assert_ptr_nonnull(sc);
	ck_assert_ptr_nonnull(strstr(sc, "sf_session="));
	ck_assert_ptr_nonnull(strstr(sc, "HttpOnly"));
	ck_assert_ptr_nonnull(strstr(sc, "SameSite=Strict"));
	ck_assert_ptr_null(strstr(sc, "Secure"));	/* plain HTTP here */
	ck_assert_ptr_nonnull(strstr(sc, jstr(r->json, "data.token")));
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-store");
	hresp_free(r);
}
END_TEST

/* A host that ends TLS at a proxy hands the CGI plain HTTP: the site's
 * https:// address still makes the cookie Secure. */
START_TEST(test_an_https_site_url_makes_the_cookie_secure_behind_a_proxy)
{
	struct hresp *r;

	conf_set("site_url", "https://tickets.example.com");
	r = post_login("admin", "Admin#2026");
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(strstr(hdr(r, "Set-Cookie"), "; Secure"));
	hresp_free(r);
	conf_set("site_url", "http://127.0.0.1");
	r = post_login("admin", "Admin#2026");
	ck_assert_ptr_null(strstr(hdr(r, "Set-Cookie"), "Secure"));
	hresp_free(r);
	conf_set("site_url", NULL);
}
END_TEST

START_TEST(test_login_is_case_insensitive_on_username)
{
	struct hresp *r = post_login("Staff", "Staff#2026");

	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.username"), "staff");
	hresp_free(r);
}
END_TEST

START_TEST(test_wrong_password_and_unknown_user_look_the_same)
{
	struct hresp *a, *b;

	client_set_source(client_fresh_source());
	a = post_login("customer", "Customer#2025");
	b = post_login(fx_unique("nobody"), "Customer#2026");
	expect_error(a, 401, "INVALID_CREDENTIALS");
	expect_error(b, 401, "INVALID_CREDENTIALS");
	ck_assert_str_eq(jstr(a->json, "error.message"),
	    jstr(b->json, "error.message"));
	ck_assert_ptr_null(hdr(a, "Set-Cookie"));
	hresp_free(a);
	hresp_free(b);
}
END_TEST

START_TEST(test_login_without_fields_names_both)
{
	struct hresp *r = api("POST", "/api/session", "{}", NULL);

	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "username");
	ck_assert_str_eq(jstr(r->json, "error.fields.1.field"), "password");
	hresp_free(r);
	r = api("POST", "/api/session", "{\"username\":5,\"password\":\"x\"}",
	    NULL);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
}
END_TEST

START_TEST(test_login_by_form_post)
{
	const char *body = "username=customer&password=Customer%232026";
	struct hresp *r = http("POST", "/api/session",
	    "application/x-www-form-urlencoded", body, strlen(body), NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.role"), "customer");
	hresp_free(r);
}
END_TEST

START_TEST(test_who_am_i_with_bearer_and_cookie)
{
	char	*tok = fx_login("customer"), *csrf, *cookie;
	struct hresp *r = api("GET", "/api/session", NULL, tok);
	const char *hs[2] = { NULL, NULL };
	char	 h[4096];

	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.username"), "customer");
	ck_assert_str_eq(jstr(r->json, "data.user.name"), "Chitra Customer");
	ck_assert_str_eq(jstr(r->json, "data.user.role"), "customer");
	ck_assert_ptr_null(jget(r->json, "data.csrf_token"));
	hresp_free(r);

	cookie = login_cookie("customer", "Customer#2026", &csrf);
	snprintf(h, sizeof(h), "Cookie: %s", cookie);
	hs[0] = h;
	r = http("GET", "/api/session", NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.username"), "customer");
	/* A new tab learns its CSRF token here. */
	ck_assert_str_eq(jstr(r->json, "data.csrf_token"), csrf);
	hresp_free(r);
	free(tok);
	free(cookie);
	free(csrf);
}
END_TEST

START_TEST(test_who_am_i_anonymous_is_401)
{
	struct hresp *r = api("GET", "/api/session", NULL, NULL);

	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("GET", "/api/session", NULL, "not-a-token");
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
}
END_TEST

/* Change one character of each part of a real token: all refused. */
START_TEST(test_tampered_tokens_are_refused)
{
	char	*tok = fx_login("customer");
	char	*t = strdup(tok), *dot1 = strchr(t, '.'), *dot2 = strrchr(t, '.');
	char	*spots[] = { t + 3, dot1 + 5, dot2 + 5, t + strlen(t) - 1 };
	struct hresp *r;

	for (size_t i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
		char	 was = *spots[i];

		*spots[i] = was == 'A' ? 'B' : 'A';
		r = api("GET", "/api/session", NULL, t);
		expect_error(r, 401, "UNAUTHORIZED");
		hresp_free(r);
		*spots[i] = was;
	}
	/* The untouched token still works: the refusals were the edits. */
	r = api("GET", "/api/session", NULL, t);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(t);
	free(tok);
}
END_TEST

/* A customer's token whose payload claims admin, re-encoded but not
 * re-signed; and the same claims with "alg":"none". */
START_TEST(test_role_escalation_in_payload_is_refused)
{
	/* {"sub":"customer","uid":3,"role":"admin","ver":1,"iat":1,"exp":9999999999} */
	const char *payload = "eyJzdWIiOiJjdXN0b21lciIsInVpZCI6Mywicm9sZSI6ImFkbW"
	    "luIiwidmVyIjoxLCJpYXQiOjEsImV4cCI6OTk5OTk5OTk5OX0";
	char	*tok = fx_login("customer"), forged[2048];
	struct hresp *r;

	snprintf(forged, sizeof(forged), "%.*s.%s%s",
	    (int)(strchr(tok, '.') - tok), tok, payload, strrchr(tok, '.'));
	r = api("GET", "/api/session", NULL, forged);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	/* {"alg":"none","typ":"JWT"} */
	snprintf(forged, sizeof(forged), "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.%s.",
	    payload);
	r = api("GET", "/api/session", NULL, forged);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_expired_token_is_refused)
{
	char	*uid = db_scalar("SELECT id || ' ' || token_version FROM users "
	    "WHERE username = 'staff'");
	long long id = atoll(uid), ver = atoll(strchr(uid, ' ') + 1);
	long long now = (long long)time(NULL);
	char	*old = forge(id, "staff", "staff", ver, now - 90000, now - 3600);
	char	*good = forge(id, "staff", "staff", ver, now, now + 3600);
	struct hresp *r;

	r = api("GET", "/api/session", NULL, old);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	/* The same forge, unexpired, is accepted: expiry was the reason. */
	r = api("GET", "/api/session", NULL, good);
	ck_assert_int_eq(r->status, 200);
	/* The role in a token is not trusted either: it comes from the row. */
	hresp_free(r);
	free(good);
	good = forge(id, "staff", "admin", ver, now, now + 3600);
	r = api("GET", "/api/session", NULL, good);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.role"), "staff");
	hresp_free(r);
	free(uid);
	free(old);
	free(good);
}
END_TEST

START_TEST(test_logout_revokes_every_older_token)
{
	char	 user[32];
	char	*a, *b, *c2;
	struct hresp *r;

	snprintf(user, sizeof(user), "%s", fx_unique("lo"));
	fx_staff("staff", user, "Logout#2026", 7);
	a = login(user, "Logout#2026");
	b = login(user, "Logout#2026");		/* another device */
	r = api("DELETE", "/api/session", NULL, a);
	ck_assert_int_eq(r->status, 204);
	ck_assert_ptr_nonnull(strstr(hdr(r, "Set-Cookie"), "Max-Age=0"));
	hresp_free(r);
	r = api("GET", "/api/session", NULL, a);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("GET", "/api/session", NULL, b);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("DELETE", "/api/session", NULL, b);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	/* Logging in again works. */
	c2 = login(user, "Logout#2026");
	r = api("GET", "/api/session", NULL, c2);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(a);
	free(b);
	free(c2);
}
END_TEST

START_TEST(test_cookie_logout_needs_csrf_token)
{
	char	*csrf, *cookie = login_cookie("customer", "Customer#2026", &csrf);
	char	 h1[4096], h2[256];
	const char *hs[3] = { h1, NULL, NULL };
	struct hresp *r;

	snprintf(h1, sizeof(h1), "Cookie: %s", cookie);
	r = http("DELETE", "/api/session", NULL, NULL, 0, hs);
	expect_error(r, 403, "CSRF_FAILED");
	hresp_free(r);
	snprintf(h2, sizeof(h2), "X-CSRF-Token: %sx", csrf);
	hs[1] = h2;
	r = http("DELETE", "/api/session", NULL, NULL, 0, hs);
	expect_error(r, 403, "CSRF_FAILED");
	hresp_free(r);
	/* Still logged in: the refused logouts did nothing. */
	hs[1] = NULL;
	r = http("GET", "/api/session", NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	snprintf(h2, sizeof(h2), "X-CSRF-Token: %s", csrf);
	hs[1] = h2;
	r = http("DELETE", "/api/session", NULL, NULL, 0, hs);
	ck_assert_int_eq(r->status, 204);
	hresp_free(r);
	hs[1] = NULL;
	r = http("GET", "/api/session", NULL, NULL, 0, hs);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	free(cookie);
	free(csrf);
}
END_TEST

START_TEST(test_cross_site_login_post_is_refused)
{
	const char *body = "{\"username\":\"admin\",\"password\":\"Admin#2026\"}";
	const char *hs[] = { "Origin: https://evil.example", NULL };
	const char *fs[] = { "Sec-Fetch-Site: cross-site", NULL };
	struct hresp *r = http("POST", "/api/session", "application/json", body,
	    strlen(body), hs);

	expect_error(r, 403, "CSRF_FAILED");
	ck_assert_ptr_null(hdr(r, "Set-Cookie"));
	hresp_free(r);
	r = http("POST", "/api/session", "application/json", body,
	    strlen(body), fs);
	expect_error(r, 403, "CSRF_FAILED");
	hresp_free(r);
}
END_TEST

/* 5 failures per account per window: the 6th attempt is refused even
 * with the right password, with a Retry-After inside the window. */
START_TEST(test_sixth_wrong_password_is_rate_limited)
{
	char	 user[32];
	struct hresp *r;
	long	 wait;

	snprintf(user, sizeof(user), "%s", fx_unique("rl"));
	fx_staff("staff", user, "Right#2026", 7);
	client_set_source(client_fresh_source());
	for (int i = 0; i < 5; i++) {
		r = post_login(user, "Wrong#2026");
		expect_error(r, 401, "INVALID_CREDENTIALS");
		hresp_free(r);
	}
	r = post_login(user, "Wrong#2026");
	expect_error(r, 429, "RATE_LIMITED");
	ck_assert_ptr_nonnull(hdr(r, "Retry-After"));
	wait = atol(hdr(r, "Retry-After"));
	ck_assert_int_ge(wait, 800);
	ck_assert_int_le(wait, 900);
	hresp_free(r);
	r = post_login(user, "Right#2026");
	expect_error(r, 429, "RATE_LIMITED");
	hresp_free(r);
	/* The lock is the account's, not the address's: from another address
	 * the account is still locked, and other accounts still log in. */
	client_set_source(client_fresh_source());
	r = post_login(user, "Right#2026");
	expect_error(r, 429, "RATE_LIMITED");
	hresp_free(r);
	r = post_login("staff", "Staff#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
}
END_TEST

static struct hresp *
wrong_login(int i, void *user)
{
	(void)i;
	return post_login(user, "Wrong#2026");
}

/* The limit is one atomic step: 40 wrong passwords sent at once for one
 * account get at most 5 evaluated (401); the rest are refused (429 with
 * Retry-After) before any hashing, and the account is then locked. */
START_TEST(test_burst_of_wrong_passwords_evaluates_at_most_the_limit)
{
	static const long ok[] = { 401, 429, 0 };
	char	 user[32];
	struct burst b;
	struct hresp *r;

	snprintf(user, sizeof(user), "%s", fx_unique("burst"));
	fx_staff("staff", user, "Right#2026", 7);
	client_set_source(client_fresh_source());
	burst_run(40, wrong_login, user, &b);
	burst_expect_only(&b, ok);
	ck_assert_msg(burst_count(&b, 401) <= 5, "%s", burst_summary(&b));
	ck_assert_msg(burst_count(&b, 429) >= 35, "%s", burst_summary(&b));
	r = post_login(user, "Right#2026");
	expect_error(r, 429, "RATE_LIMITED");
	hresp_free(r);
}
END_TEST

START_TEST(test_success_forgets_the_account_failures)
{
	char	 user[32];
	struct hresp *r;

	snprintf(user, sizeof(user), "%s", fx_unique("ok"));
	fx_staff("staff", user, "Right#2026", 7);
	client_set_source(client_fresh_source());
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 4; i++) {
			r = post_login(user, "Wrong#2026");
			expect_error(r, 401, "INVALID_CREDENTIALS");
			hresp_free(r);
		}
		r = post_login(user, "Right#2026");
		ck_assert_int_eq(r->status, 200);
		hresp_free(r);
	}
}
END_TEST

/* 20 failures from one address, spread over many accounts: the address is
 * refused for every account, even the right password of a real one. */
START_TEST(test_twenty_failures_from_one_address_are_rate_limited)
{
	struct hresp *r;

	client_set_source(client_fresh_source());
	for (int i = 0; i < 20; i++) {
		r = post_login(fx_unique("spray"), "Guess#2026");
		expect_error(r, 401, "INVALID_CREDENTIALS");
		hresp_free(r);
	}
	r = post_login("customer", "Customer#2026");
	expect_error(r, 429, "RATE_LIMITED");
	ck_assert_int_gt(atol(hdr(r, "Retry-After")), 0);
	hresp_free(r);
	/* Another address is unaffected. */
	client_set_source(client_fresh_source());
	r = post_login("customer", "Customer#2026");
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
}
END_TEST

START_TEST(test_session_routes_by_role)
{
	static const struct role_case cases[] = {
		{ "POST", "/api/session", "{}", RC_EVERYONE, 0 },
		{ "GET", "/api/session", NULL, RC_USER, 0 },
		{ "DELETE", "/api/session", NULL, RC_USER, 0 },
	};

	roles_check(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_session_wrong_method_is_405)
{
	struct hresp *r = api("PUT", "/api/session", "{}", NULL);

	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	ck_assert_ptr_nonnull(strstr(hdr(r, "Allow"), "POST"));
	hresp_free(r);
	r = api("GET", "/api/session/extra", NULL, NULL);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
}
END_TEST

Suite *
session_suite(void)
{
	Suite	*s = suite_create("http session");
	TCase	*t = tcase_create("session");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_login_returns_user_token_csrf_and_cookie);
	tcase_add_test(t, test_an_https_site_url_makes_the_cookie_secure_behind_a_proxy);
	tcase_add_test(t, test_login_is_case_insensitive_on_username);
	tcase_add_test(t, test_wrong_password_and_unknown_user_look_the_same);
	tcase_add_test(t, test_login_without_fields_names_both);
	tcase_add_test(t, test_login_by_form_post);
	tcase_add_test(t, test_who_am_i_with_bearer_and_cookie);
	tcase_add_test(t, test_who_am_i_anonymous_is_401);
	tcase_add_test(t, test_tampered_tokens_are_refused);
	tcase_add_test(t, test_role_escalation_in_payload_is_refused);
	tcase_add_test(t, test_expired_token_is_refused);
	tcase_add_test(t, test_logout_revokes_every_older_token);
	tcase_add_test(t, test_cookie_logout_needs_csrf_token);
	tcase_add_test(t, test_cross_site_login_post_is_refused);
	tcase_add_test(t, test_sixth_wrong_password_is_rate_limited);
	tcase_add_test(t, test_burst_of_wrong_passwords_evaluates_at_most_the_limit);
	tcase_add_test(t, test_success_forgets_the_account_failures);
	tcase_add_test(t, test_twenty_failures_from_one_address_are_rate_limited);
	tcase_add_test(t, test_session_routes_by_role);
	tcase_add_test(t, test_session_wrong_method_is_405);
	suite_add_tcase(s, t);
	return s;
}
