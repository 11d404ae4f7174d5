/* What Apache itself answers, before or instead of a CGI (apache.conf,
 * DESIGN §10.1): requests it refuses before mapping the URL (%2F, %00, bad
 * escapes, a malformed Content-Length or Transfer-Encoding), TRACE, a body
 * that stalls.  Under /api/ every answer is the JSON error shape with its
 * status, standard reason phrase and X-Request-ID; a page's address keeps
 * its HTML.  Raw sockets: libcurl would tidy these requests up. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "client.h"

/* Connect to the test site; the socket. */
static int
site_connect(void)
{
	const char *base = client_base();
	struct sockaddr_in sa;
	int	 fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(strrchr(base, ':') + 1));
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Undo chunked transfer coding in place; the decoded length. */
static size_t
dechunk(char *b, size_t len)
{
	size_t	 in = 0, out = 0;

	while (in < len) {
		char	*end;
		unsigned long n = strtoul(b + in, &end, 16);

		if (end == b + in || (end = strstr(end, "\r\n")) == NULL)
			break;
		in = (size_t)(end - b) + 2;
		if (n == 0 || in + n > len)
			break;
		memmove(b + out, b + in, n);
		out += n;
		in += n + 2;
	}
	b[out] = '\0';
	return out;
}

/* The whole answer to a raw request (sent as is, then half-closed when
 * close_after), as an hresp: status, headers, body (de-chunked) and its
 * JSON; *line gets the status line. */
static struct hresp *
raw(const char *req, size_t reqlen, char line[128])
{
	struct hresp *r = calloc(1, sizeof(*r));
	size_t	 size = 1 << 20, got = 0, hlen;
	char	*all = malloc(size), *sep, *eol;
	ssize_t	 n;
	int	 fd = site_connect();

	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(all);
	ck_assert_int_eq(write(fd, req, reqlen), (ssize_t)reqlen);
	shutdown(fd, SHUT_WR);
	while (got < size - 1 && (n = read(fd, all + got, size - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	all[got] = '\0';
	ck_assert_msg(strncmp(all, "HTTP/1.1 ", 9) == 0, "no answer: %.200s",
	    all);
	eol = strstr(all, "\r\n");
	ck_assert_ptr_nonnull(eol);
	snprintf(line, 128, "%.*s", (int)(eol - all), all);
	r->status = atol(all + 9);
	sep = strstr(all, "\r\n\r\n");
	ck_assert_msg(sep != NULL, "no end of headers: %s", all);
	hlen = (size_t)(sep - eol - 2);
	r->headers = strndup(eol + 2, hlen);
	for (char *p = r->headers; *p; p++)	/* "\r\n" → "\n" for hdr() */
		if (*p == '\r')
			*p = ' ';
	r->body = strdup(sep + 4);
	r->len = strlen(r->body);
	if (hdr(r, "Transfer-Encoding") != NULL &&
	    strcasecmp(hdr(r, "Transfer-Encoding"), "chunked") == 0)
		r->len = dechunk(r->body, r->len);
	r->json = cJSON_ParseWithLength(r->body, r->len);
	free(all);
	return r;
}

static struct hresp *
rawz(const char *req, char line[128])
{
	return raw(req, strlen(req), line);
}

/* The JSON error shape (expect_error: status, code, fields, request_id ==
 * X-Request-ID), as application/json, with the standard reason phrase. */
static void
expect_api_error(const struct hresp *r, const char *line, long status,
    const char *phrase, const char *code)
{
	char	 want[128];

	expect_error(r, status, code);
	snprintf(want, sizeof(want), "HTTP/1.1 %ld %s", status, phrase);
	ck_assert_str_eq(line, want);
	ck_assert_ptr_nonnull(hdr(r, "Content-Type"));
	ck_assert_msg(strncmp(hdr(r, "Content-Type"), "application/json", 16)
	    == 0, "Content-Type %s", hdr(r, "Content-Type"));
}

static void
expect_html(const struct hresp *r, long status)
{
	ck_assert_int_eq(r->status, status);
	ck_assert_ptr_nonnull(hdr(r, "Content-Type"));
	ck_assert_msg(strncmp(hdr(r, "Content-Type"), "text/html", 9) == 0,
	    "Content-Type %s", hdr(r, "Content-Type"));
	ck_assert_ptr_null(r->json);
	ck_assert_ptr_nonnull(strstr(r->body, "<html"));
	ck_assert_ptr_nonnull(hdr(r, "X-Request-ID"));
}

/* %2F (AllowEncodedSlashes) and %00 are refused before <LocationMatch>
 * applies: still the API's 404, not the HTML page. */
START_TEST(test_encoded_slash_and_nul_under_api_are_json_404)
{
	static const char *const paths[] = {
		"/api/bookings%2F1", "/api/bookings/%00", "/api/bookings/1%2f",
		"/api/health%00",
	};
	char	 req[512], line[128];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct hresp *r;

		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1"
		    "\r\nConnection: close\r\n\r\n", paths[i]);
		r = rawz(req, line);
		expect_api_error(r, line, 404, "Not Found", "NOT_FOUND");
		hresp_free(r);
	}
}
END_TEST

/* A percent sign that is no escape: Apache's 400, as JSON. */
START_TEST(test_bad_escape_in_api_path_is_json_400)
{
	char	 line[128];
	struct hresp *r = rawz("GET /api/bookings/%zz HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nConnection: close\r\n\r\n", line);

	expect_api_error(r, line, 400, "Bad Request", "VALIDATION_ERROR");
	hresp_free(r);
}
END_TEST

/* The same refusals on a page's address keep the HTML pages (the 404 page
 * for a missing page). */
START_TEST(test_early_refusals_on_pages_stay_html)
{
	static const char *const paths[] = {
		"/nosuch%00", "/css%2Fstyle.css", "/nosuch.html",
	};
	char	 req[512], line[128];
	struct hresp *r;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1"
		    "\r\nConnection: close\r\n\r\n", paths[i]);
		r = rawz(req, line);
		expect_html(r, 404);
		ck_assert_ptr_nonnull(strstr(r->body, "Page not found"));
		hresp_free(r);
	}
	r = rawz("POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Length: 1e3\r\nConnection: close\r\n\r\n", line);
	expect_html(r, 400);
	hresp_free(r);
}
END_TEST

/* A Content-Length that is no number Apache takes (negative, exponent,
 * beyond 64 bits): refused while reading the headers, JSON all the same. */
START_TEST(test_malformed_content_length_is_json_400)
{
	static const char *const lengths[] = {
		"-1", "1e3", "12345678901234567890", "+5", "5, 5",
	};
	char	 req[512], line[128];

	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		struct hresp *r;

		snprintf(req, sizeof(req), "POST /api/session HTTP/1.1\r\n"
		    "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
		    "Content-Length: %s\r\nConnection: close\r\n\r\n{\"a\":1}",
		    lengths[i]);
		r = rawz(req, line);
		expect_api_error(r, line, 400, "Bad Request",
		    "VALIDATION_ERROR");
		hresp_free(r);
	}
}
END_TEST

START_TEST(test_unknown_transfer_encoding_is_json_400)
{
	char	 line[128];
	struct hresp *r = rawz("POST /api/session HTTP/1.1\r\nHost: 127.0.0.1"
	    "\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n"
	    "Connection: close\r\n\r\n", line);

	expect_api_error(r, line, 400, "Bad Request", "VALIDATION_ERROR");
	hresp_free(r);
}
END_TEST

/* TRACE would echo the request — session cookie and bearer token
 * included — into a page's reach: refused, nothing echoed. */
START_TEST(test_trace_is_refused_and_echoes_nothing)
{
	static const char *const paths[] = { "/api/health", "/", "/login.html" };
	char	 req[512], line[128];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct hresp *r;

		snprintf(req, sizeof(req), "TRACE %s HTTP/1.1\r\n"
		    "Host: 127.0.0.1\r\nCookie: sf_session=COOKIE-SECRET-1\r\n"
		    "Authorization: Bearer TOKEN-SECRET-2\r\n"
		    "Connection: close\r\n\r\n", paths[i]);
		r = rawz(req, line);
		ck_assert_msg(r->status == 405 || r->status == 403,
		    "TRACE %s: %s", paths[i], line);
		ck_assert_ptr_null(strstr(r->body, "COOKIE-SECRET-1"));
		ck_assert_ptr_null(strstr(r->body, "TOKEN-SECRET-2"));
		ck_assert_ptr_null(strstr(r->headers, "COOKIE-SECRET-1"));
		ck_assert_ptr_null(strstr(r->headers, "TOKEN-SECRET-2"));
		if (i == 0) {
			expect_api_error(r, line, 405, "Method Not Allowed",
			    "METHOD_NOT_ALLOWED");
			ck_assert_ptr_nonnull(hdr(r, "Allow"));
			ck_assert_ptr_null(strstr(hdr(r, "Allow"), "TRACE"));
		}
		hresp_free(r);
	}
}
END_TEST

/* Refused early with a body on the wire: the whole JSON answer arrives
 * (errors.cgi reads the body mod_cgid hands it before answering). */
START_TEST(test_early_refusal_with_a_body_arrives_whole)
{
	static const char *const paths[] = {
		"/api/bookings%2F1", "/api/bookings/%00", "/api/nosuch",
	};
	size_t	 n = 60000;
	char	*body = malloc(n + 1), line[128];

	ck_assert_ptr_nonnull(body);
	memset(body, 'a', n);
	memcpy(body, "{\"a\":\"", 6);
	memcpy(body + n - 2, "\"}", 2);
	body[n] = '\0';
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char	*req = malloc(n + 512);
		int	 hl;
		struct hresp *r;

		ck_assert_ptr_nonnull(req);
		hl = snprintf(req, 512, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		    "Connection: close\r\n\r\n", paths[i], n);
		memcpy(req + hl, body, n);
		r = raw(req, (size_t)hl + n, line);
		expect_api_error(r, line, 404, "Not Found", "NOT_FOUND");
		hresp_free(r);
		free(req);
	}
	free(body);
}
END_TEST

/* A body that stops coming is cut off by mod_reqtimeout (within ~10 s, not
 * Timeout's 30 s or never), with the JSON 408. */
START_TEST(test_stalled_body_is_cut_with_json_408)
{
	char	 line[128];
	time_t	 t0 = time(NULL);
	int	 fd = site_connect();
	const char *req = "POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Type: application/json\r\nContent-Length: 1000\r\n"
	    "\r\n{\"username\":";
	char	 all[8192];
	size_t	 got = 0;
	ssize_t	 n;
	struct hresp r = { 0 };
	char	*sep;

	ck_assert_int_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	/* No half-close: a stalled client keeps its side open. */
	while (got < sizeof(all) - 1 &&
	    (n = read(fd, all + got, sizeof(all) - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	all[got] = '\0';
	ck_assert_msg(time(NULL) - t0 <= 15, "cut after %ld s",
	    (long)(time(NULL) - t0));
	sep = strstr(all, "\r\n\r\n");
	ck_assert_msg(sep != NULL, "no answer: %s", all);
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(all, "\r"), all);
	*sep = '\0';
	r.status = atol(all + 9);
	r.headers = strchr(all, '\n') + 1;
	for (char *p = r.headers; *p; p++)
		if (*p == '\r')
			*p = ' ';
	r.body = sep + 4;
	r.json = cJSON_Parse(r.body);
	expect_api_error(&r, line, 408, "Request Timeout", "REQUEST_TIMEOUT");
	cJSON_Delete(r.json);
}
END_TEST

Suite *
apache_suite(void)
{
	Suite	*s = suite_create("http apache");
	TCase	*t = tcase_create("apache");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_encoded_slash_and_nul_under_api_are_json_404);
	tcase_add_test(t, test_bad_escape_in_api_path_is_json_400);
	tcase_add_test(t, test_early_refusals_on_pages_stay_html);
	tcase_add_test(t, test_malformed_content_length_is_json_400);
	tcase_add_test(t, test_unknown_transfer_encoding_is_json_400);
	tcase_add_test(t, test_trace_is_refused_and_echoes_nothing);
	tcase_add_test(t, test_early_refusal_with_a_body_arrives_whole);
	tcase_add_test(t, test_stalled_body_is_cut_with_json_408);
	suite_add_tcase(s, t);
	return s;
}
