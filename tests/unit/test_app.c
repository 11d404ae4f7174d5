/* app: route matching, path captures, and the life of one request through
 * app_main (config, parse, route, 404/405, cross-site refusal, one
 * response) with a fake CGI environment. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "json.h"
#include "unit.h"

static char args[CTX_MAX_ARGS][128];
static int nargs;

static int
match(const char *pat, const char *path)
{
	return route_match(pat, path, args, &nargs);
}

START_TEST(test_route_literal_paths)
{
	ck_assert(match("", ""));
	ck_assert_int_eq(nargs, 0);
	ck_assert(match("/me/avatar", "/me/avatar"));
	ck_assert(!match("/me/avatar", "/me/avatarx"));
	ck_assert(!match("/me/avatar", "/me/avata"));
	ck_assert(!match("/me/avatar", "/Me/avatar"));
	ck_assert(!match("", "/anything"));
}
END_TEST

START_TEST(test_route_captures_one_segment)
{
	ck_assert(match("/:id", "/12"));
	ck_assert_int_eq(nargs, 1);
	ck_assert_str_eq(args[0], "12");
	ck_assert(match("/:id/seats", "/12/seats"));
	ck_assert_str_eq(args[0], "12");
	ck_assert(!match("/:id/seats", "/12/seat"));
	ck_assert(!match("/:id/seats", "/12/seats/more"));
	ck_assert(!match("/:id", "/12/seats"));
	/* An empty capture never matches. */
	ck_assert(!match("/:id", "/"));
	ck_assert(!match("/:id/seats", "//seats"));
	ck_assert(!match("/:id", ""));
}
END_TEST

START_TEST(test_route_captures_several_segments)
{
	ck_assert(match("/:show/seats/:seat", "/7/seats/A10"));
	ck_assert_int_eq(nargs, 2);
	ck_assert_str_eq(args[0], "7");
	ck_assert_str_eq(args[1], "A10");
	ck_assert(!match("/:a/:b/:c/:d/:e", "/1/2/3/4/5"));	/* > CTX_MAX_ARGS */
	ck_assert(match("/:a/:b/:c/:d", "/1/2/3/4"));
	ck_assert_int_eq(nargs, 4);
}
END_TEST

START_TEST(test_route_suffix_patterns)
{
	ck_assert(match("/:id.pdf", "/12.pdf"));
	ck_assert_str_eq(args[0], "12");
	ck_assert(match("/:id.png", "/12.png"));
	ck_assert(!match("/:id.pdf", "/12.png"));
	ck_assert(!match("/:id.pdf", "/12"));
	ck_assert(!match("/:id.pdf", "/.pdf"));
	ck_assert(!match("/:id.pdf", "/12.pdf.pdf"));
	ck_assert(!match("/:id.pdf", "/12.pdfx"));
	ck_assert(!match("/:id.pdf", "/1/2.pdf"));
	/* Without a suffix the dot is part of the capture (ids refuse it). */
	ck_assert(match("/:id", "/12.pdf"));
	ck_assert_str_eq(args[0], "12.pdf");
}
END_TEST

START_TEST(test_route_trailing_slash_is_a_different_path)
{
	ck_assert(!match("/:id", "/12/"));
	ck_assert(!match("/me/avatar", "/me/avatar/"));
	ck_assert(!match("", "/"));
}
END_TEST

START_TEST(test_route_refuses_too_long_capture)
{
	char	 path[200];

	path[0] = '/';
	memset(path + 1, '9', 127);
	path[128] = '\0';
	ck_assert(match("/:id", path));
	ck_assert_uint_eq(strlen(args[0]), 127);
	memset(path + 1, '9', 128);
	path[129] = '\0';
	ck_assert(!match("/:id", path));
}
END_TEST

static struct ctx *
ctx_with(const char *a0)
{
	static struct ctx c;

	memset(&c, 0, sizeof(c));
	if (a0 != NULL) {
		snprintf(c.arg[0], sizeof(c.arg[0]), "%s", a0);
		c.nargs = 1;
	}
	return &c;
}

START_TEST(test_ctx_arg_id_accepts_only_clean_positive_numbers)
{
	ck_assert_int_eq(ctx_arg_id(ctx_with("12"), 0), 12);
	ck_assert_int_eq(ctx_arg_id(ctx_with("999999999999999"), 0),
	    999999999999999LL);
	ck_assert_int_eq(ctx_arg_id(ctx_with("9999999999999999"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("0"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("012"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("12a"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("-1"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("+1"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("12.pdf"), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with(""), 0), 0);
	ck_assert_int_eq(ctx_arg_id(ctx_with("12"), 1), 0);	/* no such arg */
	ck_assert_str_eq(ctx_arg(ctx_with(NULL), 0), "");
}
END_TEST

START_TEST(test_roles_round_trip_names)
{
	ck_assert_str_eq(role_name(ROLE_CUSTOMER), "customer");
	ck_assert_str_eq(role_name(ROLE_STAFF), "staff");
	ck_assert_str_eq(role_name(ROLE_ADMIN), "admin");
	ck_assert_str_eq(role_name(0), "none");
	ck_assert_int_eq(role_from_name("admin"), ROLE_ADMIN);
	ck_assert_int_eq(role_from_name("staff"), ROLE_STAFF);
	ck_assert_int_eq(role_from_name("customer"), ROLE_CUSTOMER);
	ck_assert_int_eq(role_from_name("Admin"), 0);
	ck_assert_int_eq(role_from_name(NULL), 0);
}
END_TEST

START_TEST(test_ctx_fail_fields_only_when_a_field_failed)
{
	struct ctx *c = ctx_with(NULL);

	ck_assert_int_eq(ctx_fail_fields(c, "check the form"), 0);
	ck_assert_int_eq(c->err.status, 0);
	err_field(&c->err, "price", "must be > 0");
	ck_assert_int_eq(ctx_fail_fields(c, "check the form"), -1);
	ck_assert_int_eq(c->err.status, 422);
	ck_assert_str_eq(c->err.code, "VALIDATION_ERROR");
}
END_TEST

START_TEST(test_ctx_fail_db_maps_busy_to_503_and_bugs_to_500)
{
	struct ctx *c = ctx_with(NULL);

	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	ck_assert_int_eq(ctx_fail_db(c, SQLITE_BUSY), -1);
	ck_assert_int_eq(c->err.status, 503);
	ck_assert_str_eq(c->err.code, "SERVICE_UNAVAILABLE");
	ck_assert_int_eq(ctx_fail_db(c, SQLITE_FULL), -1);
	ck_assert_int_eq(c->err.status, 503);
	ck_assert_int_eq(ctx_fail_db(c, SQLITE_CONSTRAINT_UNIQUE), -1);
	ck_assert_int_eq(c->err.status, 500);
	ck_assert_str_eq(c->err.code, "INTERNAL_ERROR");
	/* The message never carries SQLite's own text to the client. */
	ck_assert_str_eq(c->err.message, "internal error");
}
END_TEST

START_TEST(test_ctx_db_unavailable_is_503)
{
	struct ctx *c = ctx_with(NULL);
	char	 why[64];

	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	ck_assert_int_eq(conf_parse(&c->conf, "db_path = /nonexistent/dir/x.db\n",
	    why, sizeof(why)), 0);
	ck_assert_ptr_null(ctx_db(c));
	ck_assert_int_eq(c->err.status, 503);
	ck_assert_str_eq(c->err.code, "SERVICE_UNAVAILABLE");
}
END_TEST

/* --- app_main end to end, in the test's own child process --------------- */

static int
get_thing(struct ctx *c)
{
	cJSON	*d = cJSON_CreateObject();

	json_add_int(d, "id", ctx_arg_id(c, 0));
	return ctx_ok(c, 200, d);
}

static int
post_thing(struct ctx *c)
{
	const char *name;

	if (json_get_str(c->req.body, "name", &name) != 1)
		err_field(&c->err, "name", "is required");
	if (ctx_fail_fields(c, "check the form") != 0)
		return -1;
	return ctx_ok(c, 201, cJSON_CreateString(name));
}

static int
silent(struct ctx *c)
{
	(void)c;
	return 0;		/* a handler bug: no response */
}

static int
needs_login(struct ctx *c)
{
	return ctx_ok(c, 200, NULL);
}

static const struct route routes[] = {
	{ "GET", "/silent", ROLES_PUBLIC, silent },
	{ "GET", "/private", ROLES_USER, needs_login },
	{ "GET", "/:id", ROLES_PUBLIC, get_thing },
	{ "POST", "", ROLES_PUBLIC, post_thing },
};
static const struct app app = { "things", routes, 4, 256, NULL };

static char *dir;

static void
app_setup(void)
{
	char	*conf;

	dir = unit_tmpdir();
	conf = unit_write_file(dir, "skyfox.conf", "db_path = /nonexistent/x.db\n",
	    28);
	setenv("SKYFOX_CONF", conf, 1);
	setenv("HTTP_HOST", "cinema.example", 1);
	setenv("UNIQUE_ID", "req-1", 1);
	unsetenv("CONTENT_TYPE");
	unsetenv("CONTENT_LENGTH");
	unsetenv("QUERY_STRING");
	unsetenv("HTTP_ORIGIN");
	free(conf);
}

static void
app_teardown(void)
{
	unit_rmdir(dir);
}

/* Run app_main with method, path and body; return its whole output. */
static char *
run_app(const char *method, const char *path, const char *ctype,
    const char *body)
{
	char	*in, *out, *text;
	FILE	*f;
	long	 n;

	setenv("REQUEST_METHOD", method, 1);
	setenv("PATH_INFO", path, 1);
	unsetenv("CONTENT_TYPE");
	unsetenv("CONTENT_LENGTH");
	if (ctype != NULL)
		setenv("CONTENT_TYPE", ctype, 1);
	if (body != NULL) {
		char	 len[24];

		snprintf(len, sizeof(len), "%zu", strlen(body));
		setenv("CONTENT_LENGTH", len, 1);
	}
	in = unit_write_file(dir, "in", body ? body : "", body ? strlen(body) : 0);
	ck_assert_int_ne(asprintf(&out, "%s/out", dir), -1);
	ck_assert_ptr_nonnull(freopen(in, "r", stdin));
	ck_assert_ptr_nonnull(freopen(out, "w", stdout));
	ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
	ck_assert_int_eq(app_main(&app), 0);
	fflush(stdout);
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(text, 1, (size_t)n, f), n);
	fclose(f);
	free(in);
	free(out);
	return text;
}

START_TEST(test_app_runs_matching_handler_with_captures)
{
	char	*out = run_app("GET", "/42", NULL, NULL);

	ck_assert(strncmp(out, "Status: 200 OK\r\n", 16) == 0);
	ck_assert_ptr_nonnull(strstr(out, "X-Request-ID: req-1\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "{\"data\":{\"id\":42},\"request_id\":\"req-1\"}"));
	free(out);
}
END_TEST

START_TEST(test_app_head_is_served_by_get)
{
	char	*out = run_app("HEAD", "/42", NULL, NULL);

	ck_assert(strncmp(out, "Status: 200 OK\r\n", 16) == 0);
	free(out);
}
END_TEST

START_TEST(test_app_unknown_path_is_json_404)
{
	char	*out = run_app("GET", "/42/nope", NULL, NULL);

	ck_assert(strncmp(out, "Status: 404 Not Found\r\n", 23) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"code\":\"NOT_FOUND\""));
	ck_assert_ptr_nonnull(strstr(out, "\"request_id\":\"req-1\""));
	free(out);
}
END_TEST

START_TEST(test_app_wrong_method_is_405_with_allow)
{
	char	*out = run_app("DELETE", "/42", NULL, NULL);

	ck_assert(strncmp(out, "Status: 405 Method Not Allowed\r\n", 32) == 0);
	ck_assert_ptr_nonnull(strstr(out, "Allow: GET, HEAD\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\"code\":\"METHOD_NOT_ALLOWED\""));
	free(out);
	out = run_app("PUT", "", NULL, NULL);
	ck_assert_ptr_nonnull(strstr(out, "Allow: POST\r\n"));
	free(out);
}
END_TEST

START_TEST(test_app_post_json_reaches_handler)
{
	char	*out = run_app("POST", "", "application/json",
	    "{\"name\":\"Asha\"}");

	ck_assert(strncmp(out, "Status: 201 Created\r\n", 21) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"data\":\"Asha\""));
	free(out);
}
END_TEST

START_TEST(test_app_field_errors_are_422)
{
	char	*out = run_app("POST", "", "application/x-www-form-urlencoded",
	    "other=1");

	ck_assert(strncmp(out, "Status: 422 ", 12) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"fields\":[{\"field\":\"name\","
	    "\"message\":\"is required\"}]"));
	free(out);
}
END_TEST

START_TEST(test_app_refuses_cross_site_write)
{
	char	*out;

	setenv("HTTP_ORIGIN", "https://evil.example", 1);
	out = run_app("POST", "", "application/json", "{\"name\":\"x\"}");
	ck_assert(strncmp(out, "Status: 403 ", 12) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"code\":\"CSRF_FAILED\""));
	free(out);
	/* The same origin passes. */
	setenv("HTTP_ORIGIN", "http://cinema.example", 1);
	out = run_app("POST", "", "application/json", "{\"name\":\"x\"}");
	ck_assert(strncmp(out, "Status: 201 ", 12) == 0);
	free(out);
	/* Sec-Fetch-Site: cross-site is refused even without Origin. */
	unsetenv("HTTP_ORIGIN");
	setenv("HTTP_SEC_FETCH_SITE", "cross-site", 1);
	out = run_app("POST", "", "application/json", "{\"name\":\"x\"}");
	ck_assert(strncmp(out, "Status: 403 ", 12) == 0);
	free(out);
	unsetenv("HTTP_SEC_FETCH_SITE");
	/* A cross-site GET is just a read. */
	setenv("HTTP_ORIGIN", "https://evil.example", 1);
	out = run_app("GET", "/1", NULL, NULL);
	ck_assert(strncmp(out, "Status: 200 ", 12) == 0);
	free(out);
}
END_TEST

START_TEST(test_app_body_over_limit_is_413)
{
	char	 big[400];
	char	*out;

	memset(big, ' ', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = '{';
	big[sizeof(big) - 2] = '}';
	out = run_app("POST", "", "application/json", big);
	ck_assert(strncmp(out, "Status: 413 ", 12) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"code\":\"PAYLOAD_TOO_LARGE\""));
	free(out);
}
END_TEST

START_TEST(test_app_unsupported_type_is_415)
{
	char	*out = run_app("POST", "", "text/plain", "name=x");

	ck_assert(strncmp(out, "Status: 415 ", 12) == 0);
	free(out);
}
END_TEST

START_TEST(test_app_handler_without_response_is_500)
{
	char	*out = run_app("GET", "/silent", NULL, NULL);

	ck_assert(strncmp(out, "Status: 500 ", 12) == 0);
	ck_assert_ptr_nonnull(strstr(out, "\"code\":\"INTERNAL_ERROR\""));
	free(out);
	/* A capture that is not an id reaches the handler as 0. */
	out = run_app("GET", "/abc", NULL, NULL);
	ck_assert_ptr_nonnull(strstr(out, "{\"id\":0}"));
	free(out);
}
END_TEST

START_TEST(test_app_login_route_without_auth_hook_is_500)
{
	char	*out = run_app("GET", "/private", NULL, NULL);

	ck_assert(strncmp(out, "Status: 500 ", 12) == 0);
	free(out);
}
END_TEST

START_TEST(test_app_missing_config_is_503)
{
	char	*out;

	setenv("SKYFOX_CONF", "/nonexistent/skyfox.conf", 1);
	out = run_app("GET", "/1", NULL, NULL);
	ck_assert(strncmp(out, "Status: 503 ", 12) == 0);
	ck_assert_ptr_nonnull(strstr(out, "Retry-After: 2\r\n"));
	ck_assert_ptr_nonnull(strstr(out, "\"code\":\"SERVICE_UNAVAILABLE\""));
	free(out);
}
END_TEST

START_TEST(test_app_bad_request_id_is_replaced)
{
	char	*out;

	setenv("UNIQUE_ID", "evil\r\nSet-Cookie: x=1", 1);
	out = run_app("GET", "/1", NULL, NULL);
	ck_assert_ptr_null(strstr(out, "Set-Cookie"));
	ck_assert_ptr_nonnull(strstr(out, "X-Request-ID: "));
	free(out);
}
END_TEST

Suite *
app_suite(void)
{
	Suite	*s = suite_create("app");
	TCase	*rc = tcase_create("routes");
	TCase	*cc = tcase_create("ctx");
	TCase	*ac = tcase_create("app_main");

	tcase_add_test(rc, test_route_literal_paths);
	tcase_add_test(rc, test_route_captures_one_segment);
	tcase_add_test(rc, test_route_captures_several_segments);
	tcase_add_test(rc, test_route_suffix_patterns);
	tcase_add_test(rc, test_route_trailing_slash_is_a_different_path);
	tcase_add_test(rc, test_route_refuses_too_long_capture);
	tcase_add_test(cc, test_ctx_arg_id_accepts_only_clean_positive_numbers);
	tcase_add_test(cc, test_roles_round_trip_names);
	tcase_add_test(cc, test_ctx_fail_fields_only_when_a_field_failed);
	tcase_add_test(cc, test_ctx_fail_db_maps_busy_to_503_and_bugs_to_500);
	tcase_add_test(cc, test_ctx_db_unavailable_is_503);
	tcase_add_checked_fixture(ac, app_setup, app_teardown);
	tcase_add_test(ac, test_app_runs_matching_handler_with_captures);
	tcase_add_test(ac, test_app_head_is_served_by_get);
	tcase_add_test(ac, test_app_unknown_path_is_json_404);
	tcase_add_test(ac, test_app_wrong_method_is_405_with_allow);
	tcase_add_test(ac, test_app_post_json_reaches_handler);
	tcase_add_test(ac, test_app_field_errors_are_422);
	tcase_add_test(ac, test_app_refuses_cross_site_write);
	tcase_add_test(ac, test_app_body_over_limit_is_413);
	tcase_add_test(ac, test_app_unsupported_type_is_415);
	tcase_add_test(ac, test_app_handler_without_response_is_500);
	tcase_add_test(ac, test_app_login_route_without_auth_hook_is_500);
	tcase_add_test(ac, test_app_missing_config_is_503);
	tcase_add_test(ac, test_app_bad_request_id_is_replaced);
	suite_add_tcase(s, rc);
	suite_add_tcase(s, cc);
	suite_add_tcase(s, ac);
	return s;
}
