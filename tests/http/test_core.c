/* The foundation over the real Apache: health, routing errors, body limits,
 * content types, malformed input, security headers.  Every malformed request
 * gets its 4xx JSON error with a request id — never a 500, hang or crash. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "client.h"
#include "fixture.h"

START_TEST(test_health_reports_schema_version)
{
	struct hresp *r = api("GET", "/api/health", NULL, NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.status"), "ok");
	ck_assert_int_ge(jint(r->json, "data.schema_version"), 1);
	/* ISO 8601 with the cinema's offset (Asia/Kolkata by default). */
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.time"), "+05:30"));
	ck_assert_str_eq(jstr(r->json, "request_id"), hdr(r, "X-Request-ID"));
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-store");
	hresp_free(r);
}
END_TEST

START_TEST(test_unknown_resource_is_json_404)
{
	struct hresp *r = api("GET", "/api/no-such-thing", NULL, NULL);

	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	r = api("GET", "/api/health/extra/path", NULL, NULL);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	/* Characters outside the resource-name rule never reach a binary. */
	r = api("GET", "/api/..%2f..%2fetc", NULL, NULL);
	ck_assert_int_ge(r->status, 400);
	ck_assert_int_lt(r->status, 500);
	hresp_free(r);
}
END_TEST

START_TEST(test_wrong_method_is_405_with_allow)
{
	struct hresp *r = api("DELETE", "/api/health", NULL, NULL);

	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	ck_assert_ptr_nonnull(hdr(r, "Allow"));
	ck_assert_ptr_nonnull(strstr(hdr(r, "Allow"), "GET"));
	hresp_free(r);
}
END_TEST

START_TEST(test_body_over_cgi_limit_is_413)
{
	size_t	 n = 100 * 1024;
	char	*big = malloc(n);
	struct hresp *r;

	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	r = http("POST", "/api/health", "application/json", big, n, NULL);
	expect_error(r, 413, "PAYLOAD_TOO_LARGE");
	hresp_free(r);
	free(big);
}
END_TEST

START_TEST(test_body_over_apache_limit_is_json_413)
{
	size_t	 n = 9 * 1024 * 1024;
	char	*big = malloc(n);
	struct hresp *r;

	memset(big, 'a', n);
	r = http("POST", "/api/health", "application/json", big, n, NULL);
	expect_error(r, 413, "PAYLOAD_TOO_LARGE");
	hresp_free(r);
	free(big);
}
END_TEST

START_TEST(test_unknown_content_type_is_415)
{
	struct hresp *r = http("POST", "/api/health", "text/plain", "hello", 5,
	    NULL);

	expect_error(r, 415, "UNSUPPORTED_MEDIA_TYPE");
	hresp_free(r);
}
END_TEST

START_TEST(test_malformed_bodies_are_400)
{
	static const struct { const char *ct, *body; } cases[] = {
		{ "application/json", "{\"a\":" },
		{ "application/json", "[1,2,3]" },
		{ "application/json", "{\"a\":\"\xc3\x28\"}" },	/* bad UTF-8 */
		{ "application/json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" },
		{ "application/x-www-form-urlencoded", "a=%zz" },
		{ "application/x-www-form-urlencoded", "a=%e2%82" },
		{ "application/x-www-form-urlencoded", "Bad-Name=1" },
		{ "multipart/form-data", "--x\r\n" },		/* no boundary */
		{ "multipart/form-data; boundary=xyz",
		  "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hresp *r = http("POST", "/api/health", cases[i].ct,
		    cases[i].body, strlen(cases[i].body), NULL);

		ck_assert_msg(r->status == 400, "case %zu: %ld %s", i, r->status,
		    r->body);
		expect_error(r, 400, "VALIDATION_ERROR");
		hresp_free(r);
	}
}
END_TEST

START_TEST(test_bad_query_strings_are_400)
{
	static const char *qs[] = { "?date=%", "?date=%4", "?date=%c3%28",
	    "?Date=1", "?a=%00" };

	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		char	 path[64];
		struct hresp *r;

		snprintf(path, sizeof(path), "/api/health%s", qs[i]);
		r = api("GET", path, NULL, NULL);
		ck_assert_msg(r->status == 400, "%s: %ld", qs[i], r->status);
		expect_error(r, 400, "VALIDATION_ERROR");
		hresp_free(r);
	}
}
END_TEST

START_TEST(test_too_many_parameters_is_400)
{
	char	 q[4096] = "/api/health?";

	for (int i = 0; i < 70; i++)
		snprintf(q + strlen(q), sizeof(q) - strlen(q), "p%d=1&", i);
	struct hresp *r = api("GET", q, NULL, NULL);
	expect_error(r, 400, "VALIDATION_ERROR");
	hresp_free(r);
}
END_TEST


/* Send req as it is on a fresh connection, half-close, read the whole
 * answer into resp (NUL-terminated). */
static void
raw_http(const char *req, char *resp, size_t size)
{
	const char *base = client_base();
	int	 port = atoi(strrchr(base, ':') + 1), fd;
	struct sockaddr_in sa;
	size_t	 got = 0;
	ssize_t	 n;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	shutdown(fd, SHUT_WR);
	while (got < size - 1 && (n = read(fd, resp + got, size - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	resp[got] = '\0';
}

/* A client that promises 100 bytes, sends 10 and closes: the CGI must not
 * wait forever or act on half a body. */
START_TEST(test_lying_content_length_is_400)
{
	char	 resp[4096];

	raw_http("POST /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Type: application/json\r\nContent-Length: 100\r\n"
	    "Connection: close\r\n\r\n{\"a\":1234}", resp, sizeof(resp));
	/* Apache answers 400 itself when the client hangs up early (or the
	 * CGI does, REQ_SHORT_BODY): the API's JSON shape either way, with a
	 * request id (apache.conf's string ErrorDocument and header). */
	ck_assert_msg(strncmp(resp, "HTTP/1.1 400", 12) == 0, "got: %.80s", resp);
	ck_assert_msg(strcasestr(resp, "\r\nContent-Type: application/json") !=
	    NULL, "not JSON:\n%s", resp);
	ck_assert_msg(strcasestr(resp, "\r\nX-Request-ID: ") != NULL,
	    "no request id:\n%s", resp);
	ck_assert_msg(strstr(resp, "\r\n\r\n{\"error\":{\"code\":"
	    "\"VALIDATION_ERROR\"") != NULL, "not the error shape:\n%s", resp);
}
END_TEST

/* One parameter too long, in the query (8192 bytes is the CGIs' cap, below
 * Apache's request-line limit) and in a form body: JSON 400s. */
START_TEST(test_too_long_parameters_are_400)
{
	char	*q = malloc(9200), *body = malloc(9100);
	struct hresp *r;

	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_nonnull(body);
	char	 resp[4096];

	/* (Raw: the test client's URLs stop at 2 KB.) */
	strcpy(q, "GET /api/shows?date=");
	memset(q + strlen(q), 'a', 9000);
	strcpy(q + 20 + 9000, " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n\r\n");
	raw_http(q, resp, sizeof(resp));
	ck_assert_msg(strncmp(resp, "HTTP/1.1 400", 12) == 0, "got: %.80s", resp);
	ck_assert_msg(strstr(resp, "{\"error\":{\"code\":\"VALIDATION_ERROR\","
	    "\"message\":\"query string too long\"") != NULL, "got:\n%s", resp);
	ck_assert_ptr_nonnull(strcasestr(resp, "\r\nX-Request-ID: "));

	strcpy(body, "username=");
	memset(body + 9, 'u', 9000);		/* over FORM_MAX_VALUE */
	strcpy(body + 9 + 9000, "&password=x");
	r = http("POST", "/api/session", "application/x-www-form-urlencoded",
	    body, strlen(body), NULL);
	ck_assert_int_eq(r->status, 400);
	ck_assert_str_eq(jstr(r->json, "error.code"), "VALIDATION_ERROR");
	hresp_free(r);
	free(q);
	free(body);
}
END_TEST

/* A chunked body reaches a CGI without a length: a JSON 411, not a
 * request treated as bodiless. */
START_TEST(test_chunked_body_is_411)
{
	char	 resp[4096];

	raw_http("POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
	    "Connection: close\r\n\r\n9\r\n{\"a\":\"b\"}\r\n0\r\n\r\n",
	    resp, sizeof(resp));
	ck_assert_msg(strncmp(resp, "HTTP/1.1 411", 12) == 0, "got: %.200s", resp);
	ck_assert_ptr_nonnull(strstr(resp, "\"code\":\"LENGTH_REQUIRED\""));
}
END_TEST

/* One line per request in Apache's error log, with the request id the
 * client got: a support request names the id, the sysadmin greps it. */
START_TEST(test_each_request_logs_one_line_with_its_id)
{
	struct hresp *r = api("GET", "/api/shows/987654321", NULL, NULL);
	char	 id[128], cmd[1024], *out;

	ck_assert_int_eq(r->status, 404);	/* public read, no such show */
	snprintf(id, sizeof(id), "%s", hdr(r, "X-Request-ID"));
	hresp_free(r);
	ck_assert_uint_gt(strlen(id), 10);
	snprintf(cmd, sizeof(cmd), "grep -F 'skyfox[%s]' '%s/logs/error.log'",
	    id, getenv("SKYFOX_DATA"));
	out = shell_output(cmd);
	ck_assert_msg(strstr(out, "shows GET") != NULL &&
	    strstr(out, "-> 404 SHOW_NOT_FOUND") != NULL, "log: '%s'", out);
	ck_assert_msg(strchr(out, '\n') == NULL, "more than one line: %s", out);
	free(out);
}
END_TEST

/* skyfoxctl check is not a rubber stamp: a customer without a wallet (an
 * invariant of DESIGN §6) makes it fail, and name what is wrong. */
START_TEST(test_skyfoxctl_check_fails_on_a_broken_invariant)
{
	char	 cmd[1024], *out;

	free(db_sql("INSERT INTO users (username, name, role, password_hash, "
	    "created_at, updated_at) VALUES ('nowallet', 'No Wallet', "
	    "'customer', 'x', 0, 0)"));
	ck_assert_int_eq(skyfoxctl("check"), 1);
	snprintf(cmd, sizeof(cmd), "SKYFOX_CONF='%s/skyfox.conf' '%s/bin/skyfoxctl' "
	    "check 2>&1", getenv("SKYFOX_DATA"), getenv("SKYFOX_ROOT"));
	out = shell_output(cmd);
	free(db_sql("DELETE FROM users WHERE username = 'nowallet'"));
	ck_assert_msg(strstr(out, "every customer has a wallet") != NULL &&
	    strstr(out, "PROBLEMS FOUND") != NULL, "%s", out);
	free(out);
	ck_assert_int_eq(skyfoxctl("check"), 0);
}
END_TEST

START_TEST(test_static_pages_have_security_headers)
{
	struct hresp *r = http("GET", "/", NULL, NULL, 0, NULL);
	const char *csp;

	ck_assert_int_eq(r->status, 200);
	csp = hdr(r, "Content-Security-Policy");
	ck_assert_ptr_nonnull(csp);
	ck_assert_ptr_nonnull(strstr(csp, "script-src 'self'"));
	ck_assert_ptr_null(strstr(csp, "unsafe-inline"));
	ck_assert_ptr_nonnull(strstr(csp, "frame-ancestors 'none'"));
	ck_assert_str_eq(hdr(r, "X-Content-Type-Options"), "nosniff");
	ck_assert_ptr_nonnull(hdr(r, "Referrer-Policy"));
	ck_assert_ptr_nonnull(strstr(r->body, "SkyFox"));
	hresp_free(r);
}
END_TEST

START_TEST(test_api_responses_have_security_headers)
{
	struct hresp *r = api("GET", "/api/health", NULL, NULL);

	ck_assert_ptr_nonnull(strstr(hdr(r, "Content-Security-Policy"),
	    "frame-ancestors 'none'"));
	ck_assert_str_eq(hdr(r, "X-Content-Type-Options"), "nosniff");
	ck_assert_ptr_nonnull(hdr(r, "Referrer-Policy"));
	hresp_free(r);
}
END_TEST

START_TEST(test_code_and_data_outside_htdocs_unreachable)
{
	static const char *paths[] = { "/cgi-bin/health.cgi", "/schema.sql",
	    "/../skyfox.conf", "/.htaccess", "/lib/app.c", "/apache.conf" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct hresp *r = http("GET", paths[i], NULL, NULL, 0, NULL);

		ck_assert_msg(r->status == 404 || r->status == 403 ||
		    r->status == 400, "%s: %ld", paths[i], r->status);
		ck_assert_ptr_null(strstr(r->body, "CREATE TABLE"));
		hresp_free(r);
	}
}
END_TEST

START_TEST(test_openapi_document_is_served)
{
	struct hresp *r = http("GET", "/docs/openapi.json", NULL, NULL, 0, NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_ptr_nonnull(r->json);
	ck_assert_str_eq(jstr(r->json, "openapi"), "3.1.0");
	ck_assert_ptr_nonnull(jget(r->json, "paths./api/health.get"));
	ck_assert_ptr_nonnull(jget(r->json, "components.schemas.Error"));
	hresp_free(r);
}
END_TEST

Suite *
core_suite(void)
{
	Suite	*s = suite_create("http core");
	TCase	*t = tcase_create("core");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_health_reports_schema_version);
	tcase_add_test(t, test_unknown_resource_is_json_404);
	tcase_add_test(t, test_wrong_method_is_405_with_allow);
	tcase_add_test(t, test_body_over_cgi_limit_is_413);
	tcase_add_test(t, test_body_over_apache_limit_is_json_413);
	tcase_add_test(t, test_unknown_content_type_is_415);
	tcase_add_test(t, test_malformed_bodies_are_400);
	tcase_add_test(t, test_bad_query_strings_are_400);
	tcase_add_test(t, test_too_many_parameters_is_400);
	tcase_add_test(t, test_lying_content_length_is_400);
	tcase_add_test(t, test_too_long_parameters_are_400);
	tcase_add_test(t, test_chunked_body_is_411);
	tcase_add_test(t, test_each_request_logs_one_line_with_its_id);
	tcase_add_test(t, test_skyfoxctl_check_fails_on_a_broken_invariant);
	tcase_add_test(t, test_static_pages_have_security_headers);
	tcase_add_test(t, test_api_responses_have_security_headers);
	tcase_add_test(t, test_code_and_data_outside_htdocs_unreachable);
	tcase_add_test(t, test_openapi_document_is_served);
	suite_add_tcase(s, t);
	return s;
}
