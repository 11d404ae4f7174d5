/* The admin manages staff accounts (issue 15 item 8) over the real Apache:
 * the list; deactivating ends the account's sessions at once (Bearer and
 * cookie) and its logins answer 403 ACCOUNT_DISABLED; reactivating lets
 * it log in again while the old tokens stay dead; a new password ends its
 * sessions and follows the user's own rules; every refusal — who may call,
 * which accounts, what bodies — next to the request that works.  Every
 * account here is made for its test: the demo staff account is never
 * touched. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "client.h"
#include "fixture.h"
#include "roles.h"

#define STAFF_PW	"Counter#12"

/* A new staff account made by the demo admin: its username in u. */
static void
new_staff(char u[32])
{
	snprintf(u, 32, "%s", fx_unique("sm"));
	fx_staff("staff", u, STAFF_PW, 7);
}

static struct hresp *
set_active(const char *username, const char *body, const char *token)
{
	char	 path[128];

	snprintf(path, sizeof(path), "/api/staff/%s", username);
	return api("PATCH", path, body, token);
}

static struct hresp *
set_password(const char *username, const char *body, const char *token)
{
	char	 path[128];

	snprintf(path, sizeof(path), "/api/staff/%s/password", username);
	return api("PUT", path, body, token);
}

static struct hresp *
try_login(const char *username, const char *password)
{
	char	 body[256];

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":\"%s\"}",
	    username, password);
	return api("POST", "/api/session", body, NULL);
}

/* The error names field. */
static int
names_field(const struct hresp *r, const char *field)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, jget(r->json, "error.fields"))
		if (strcmp(jstr(f, "field"), field) == 0)
			return 1;
	return 0;
}

/* username's entry in GET /api/staff (NULL when absent), from r. */
static const cJSON *
listed(const struct hresp *r, const char *username)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, jget(r->json, "data"))
		if (strcmp(jstr(o, "username"), username) == 0)
			return o;
	return NULL;
}

START_TEST(test_admin_lists_staff_and_admins_with_their_state)
{
	char	 u[32], *admin = fx_login("admin");
	struct hresp *r;
	const cJSON *o;

	new_staff(u);
	r = api("GET", "/api/staff", NULL, admin);
	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(o = listed(r, u));
	ck_assert_str_eq(jstr(o, "role"), "staff");
	ck_assert_str_eq(jstr(o, "name"), "Test Staff");
	ck_assert_int_eq(jint(o, "counter_no"), 7);
	ck_assert(cJSON_IsTrue(jget(o, "active")));
	ck_assert(cJSON_IsNull(jget(o, "disabled_at")));
	ck_assert_uint_gt(strlen(jstr(o, "created_at")), 18);
	ck_assert_ptr_nonnull(o = listed(r, "admin"));
	ck_assert_str_eq(jstr(o, "role"), "admin");
	ck_assert_ptr_null(listed(r, "customer"));
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-store");
	hresp_free(r);
	free(admin);
}
END_TEST

START_TEST(test_deactivate_ends_sessions_at_once_and_refuses_login)
{
	char	 u[32], *admin = fx_login("admin"), *tok, *cookie;
	const char *hs[2] = { NULL, NULL };
	struct hresp *r;

	client_set_source(client_fresh_source());
	new_staff(u);
	tok = login(u, STAFF_PW);
	cookie = fx_cookie(u, STAFF_PW);
	hs[0] = cookie;
	r = api("GET", "/api/checkins?show_id=1", NULL, tok);
	ck_assert_int_ne(r->status, 401);	/* a working staff session */
	ck_assert_int_ne(r->status, 403);
	hresp_free(r);
	r = set_active(u, "{\"active\":false}", admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert(cJSON_IsFalse(jget(r->json, "data.active")));
	ck_assert_uint_gt(strlen(jstr(r->json, "data.disabled_at")), 18);
	hresp_free(r);
	/* Its live tokens are refused at once, Bearer and cookie alike. */
	r = api("GET", "/api/session", NULL, tok);
	expect_error(r, 403, "ACCOUNT_DISABLED");
	hresp_free(r);
	r = api("GET", "/api/checkins?show_id=1", NULL, tok);
	expect_error(r, 403, "ACCOUNT_DISABLED");
	hresp_free(r);
	r = http("GET", "/api/session", NULL, NULL, 0, hs);
	expect_error(r, 403, "ACCOUNT_DISABLED");
	ck_assert_ptr_nonnull(strstr(r->headers, "sf_in=;"));	/* hint gone */
	hresp_free(r);
	/* Its login: the right password says why; a wrong one does not. */
	r = try_login(u, STAFF_PW);
	expect_error(r, 403, "ACCOUNT_DISABLED");
	ck_assert_ptr_null(hdr(r, "Set-Cookie"));
	hresp_free(r);
	r = try_login(u, "Counter#13");
	expect_error(r, 401, "INVALID_CREDENTIALS");
	hresp_free(r);
	/* The list says so; deactivating again is no change. */
	r = api("GET", "/api/staff", NULL, admin);
	ck_assert(cJSON_IsFalse(jget(listed(r, u), "active")));
	hresp_free(r);
	r = set_active(u, "{\"active\":false}", admin);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(tok);
	free(cookie);
	free(admin);
}
END_TEST

START_TEST(test_reactivate_lets_it_log_in_old_tokens_stay_dead)
{
	char	 u[32], *admin = fx_login("admin"), *old, *tok;
	struct hresp *r;

	client_set_source(client_fresh_source());
	new_staff(u);
	old = login(u, STAFF_PW);
	r = set_active(u, "{\"active\":false}", admin);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = set_active(u, "{\"active\":true}", admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert(cJSON_IsTrue(jget(r->json, "data.active")));
	ck_assert(cJSON_IsNull(jget(r->json, "data.disabled_at")));
	hresp_free(r);
	tok = login(u, STAFF_PW);
	r = api("GET", "/api/session", NULL, tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.user.role"), "staff");
	hresp_free(r);
	r = api("GET", "/api/session", NULL, old);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	free(old);
	free(tok);
	free(admin);
}
END_TEST

START_TEST(test_set_password_ends_sessions_old_refused_new_works)
{
	char	 u[32], *admin = fx_login("admin"), *old, *tok;
	struct hresp *r;

	client_set_source(client_fresh_source());
	new_staff(u);
	old = login(u, STAFF_PW);
	/* Weak, and its current one (the history), each on the field. */
	r = set_password(u, "{\"password\":\"weakpass\"}", admin);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert(names_field(r, "password"));
	hresp_free(r);
	r = set_password(u, "{\"password\":\"" STAFF_PW "\"}", admin);
	expect_error(r, 422, "PASSWORD_REUSE");
	ck_assert(names_field(r, "password"));
	hresp_free(r);
	r = api("GET", "/api/session", NULL, old);	/* refusals end nothing */
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = set_password(u, "{\"password\":\"Fresh#2026x\"}", admin);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.username"), u);
	ck_assert_ptr_null(strstr(r->body, "Fresh#2026x"));
	hresp_free(r);
	r = api("GET", "/api/session", NULL, old);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = try_login(u, STAFF_PW);
	expect_error(r, 401, "INVALID_CREDENTIALS");
	hresp_free(r);
	tok = login(u, "Fresh#2026x");
	free(tok);
	free(old);
	free(admin);
}
END_TEST

/* The accounts an admin may not manage here, each next to one it may. */
START_TEST(test_admins_self_customers_and_strangers_are_refused)
{
	char	 u[32], a[32], *admin = fx_login("admin");
	struct hresp *r;
	static const char *gone[] = { "nobody-here", "customer", "Staff",
	    "x", "a%2Fb" };

	new_staff(u);
	snprintf(a, sizeof(a), "%s", fx_unique("sa"));
	fx_staff("admin", a, "Manager#77", 2);
	r = set_active(a, "{\"active\":false}", admin);
	expect_error(r, 409, "ACCOUNT_PROTECTED");
	hresp_free(r);
	r = set_password(a, "{\"password\":\"Fresh#2026x\"}", admin);
	expect_error(r, 409, "ACCOUNT_PROTECTED");
	hresp_free(r);
	r = set_active("admin", "{\"active\":false}", admin);	/* self */
	expect_error(r, 409, "ACCOUNT_PROTECTED");
	hresp_free(r);
	r = set_password("admin", "{\"password\":\"Fresh#2026x\"}", admin);
	expect_error(r, 409, "ACCOUNT_PROTECTED");
	hresp_free(r);
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		r = set_active(gone[i], "{\"active\":false}", admin);
		ck_assert_msg(r->status == 404, "%s: %ld", gone[i], r->status);
		expect_error(r, 404, "NOT_FOUND");
		hresp_free(r);
		r = set_password(gone[i], "{\"password\":\"Fresh#2026x\"}",
		    admin);
		expect_error(r, 404, "NOT_FOUND");
		hresp_free(r);
	}
	/* The demo admin, the new admin and the demo customer still log in;
	 * the staff account next to them can be deactivated. */
	free(login(a, "Manager#77"));
	free(login("customer", "Customer#2026"));
	r = set_active(u, "{\"active\":false}", admin);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(admin);
}
END_TEST

START_TEST(test_bad_bodies_are_refused_next_to_a_good_one)
{
	char	 u[32], *admin = fx_login("admin");
	struct hresp *r;
	static const char *notbool[] = { "{\"active\":\"false\"}",
	    "{\"active\":0}", "{\"active\":null}", "{}", "{\"active\":[false]}",
	    "{\"enabled\":false}" };
	static const char *badjson[] = { "{\"active\":", "[false]",
	    "{\"active\":fals}" };
	static const char *badpw[] = { "{}", "{\"password\":\"\"}",
	    "{\"password\":12345678}", "{\"password\":\"short#1\"}",
	    "{\"password\":\"nouppercase#1\"}" };

	new_staff(u);
	for (size_t i = 0; i < sizeof(notbool) / sizeof(notbool[0]); i++) {
		r = set_active(u, notbool[i], admin);
		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_msg(names_field(r, "active"), "%s", notbool[i]);
		hresp_free(r);
	}
	for (size_t i = 0; i < sizeof(badjson) / sizeof(badjson[0]); i++) {
		r = set_active(u, badjson[i], admin);
		expect_error(r, 400, "VALIDATION_ERROR");
		hresp_free(r);
		r = set_password(u, badjson[i], admin);
		expect_error(r, 400, "VALIDATION_ERROR");
		hresp_free(r);
	}
	for (size_t i = 0; i < sizeof(badpw) / sizeof(badpw[0]); i++) {
		r = set_password(u, badpw[i], admin);
		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_msg(names_field(r, "password"), "%s", badpw[i]);
		hresp_free(r);
	}
	/* None of it changed the account: it still logs in, then a good
	 * body works. */
	free(login(u, STAFF_PW));
	r = set_active(u, "{\"active\":false}", admin);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(admin);
}
END_TEST

/* Admin only, checked on the server: anonymous 401, customer and staff
 * 403 (bodies that would fail validation, so nothing changes). */
START_TEST(test_staff_routes_by_role)
{
	static const struct role_case cases[] = {
		{ "GET", "/api/staff", NULL, RC_ADMIN, 0 },
		{ "PATCH", "/api/staff/staff", "{}", RC_ADMIN, 0 },
		{ "PUT", "/api/staff/staff/password", "{}", RC_ADMIN, 0 },
	};

	roles_check(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/* A staff member can't deactivate anyone, themself included, with a real
 * body; the admin's change is in the log with who made it. */
START_TEST(test_staff_cannot_manage_and_changes_are_logged)
{
	char	 u[32], *admin = fx_login("admin"), *st, cmd[1024], *out;
	char	 id[128];
	struct hresp *r;

	new_staff(u);
	st = login(u, STAFF_PW);
	r = set_active(u, "{\"active\":false}", st);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = set_password("staff", "{\"password\":\"Fresh#2026x\"}", st);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = set_active(u, "{\"active\":false}", NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = set_active(u, "{\"active\":false}", admin);
	ck_assert_int_eq(r->status, 200);
	snprintf(id, sizeof(id), "%s", hdr(r, "X-Request-ID"));
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "grep -F 'skyfox[%s] staff %s deactivated "
	    "by admin' '%s/logs/error.log'", id, u, getenv("SKYFOX_DATA"));
	out = shell_output(cmd);
	ck_assert_msg(*out != '\0', "no log line for %s", id);
	free(out);
	free(st);
	free(admin);
}
END_TEST

Suite *
staff_suite(void)
{
	Suite	*s = suite_create("http staff");
	TCase	*t = tcase_create("staff");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_admin_lists_staff_and_admins_with_their_state);
	tcase_add_test(t, test_deactivate_ends_sessions_at_once_and_refuses_login);
	tcase_add_test(t, test_reactivate_lets_it_log_in_old_tokens_stay_dead);
	tcase_add_test(t, test_set_password_ends_sessions_old_refused_new_works);
	tcase_add_test(t, test_admins_self_customers_and_strangers_are_refused);
	tcase_add_test(t, test_bad_bodies_are_refused_next_to_a_good_one);
	tcase_add_test(t, test_staff_routes_by_role);
	tcase_add_test(t, test_staff_cannot_manage_and_changes_are_logged);
	suite_add_tcase(s, t);
	return s;
}
