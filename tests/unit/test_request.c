/* request: req_parse driven with a fake CGI environment and fmemopen
 * bodies — every shape of body becomes one JSON object, and every limit
 * turns into its own error. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "request.h"

/* The fake environment: NULL-terminated name/value pairs. */
static const char *const *fake_env;

static const char *
env(const char *name)
{
	for (const char *const *p = fake_env; p != NULL && *p != NULL; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

/* Parse with the given environment and body (len bytes of it on the
 * stream, whatever CONTENT_LENGTH claims). */
static enum req_err
run(struct req *r, const char *const *e, const char *body, size_t len,
    size_t max)
{
	static char empty[1];
	FILE	*in;
	enum req_err re;

	fake_env = e;
	in = fmemopen(len ? (void *)body : empty, len ? len : 1, "r");
	ck_assert_ptr_nonnull(in);
	if (len == 0)
		(void)fgetc(in);	/* an empty stream */
	re = req_parse(r, env, in, max);
	fclose(in);
	return re;
}

#define MAX	REQ_DEFAULT_MAX_BODY

START_TEST(test_request_get_with_query_and_headers)
{
	static const char *const e[] = {
		"REQUEST_METHOD", "GET", "PATH_INFO", "/12/seats",
		"QUERY_STRING", "date=2026-11-25&screen_id=1",
		"HTTP_HOST", "cinema.example", "REMOTE_ADDR", "127.0.0.1",
		"HTTP_ORIGIN", "http://cinema.example",
		"HTTP_AUTHORIZATION", "Bearer t", "HTTP_X_CSRF_TOKEN", "c",
		"HTTP_IF_NONE_MATCH", "\"v3\"", "HTTPS", "on",
		"HTTP_COOKIE", "sf_session=abc; theme=dark", NULL };
	struct req r;

	ck_assert_int_eq(run(&r, e, NULL, 0, MAX), REQ_OK);
	ck_assert_str_eq(r.method, "GET");
	ck_assert_str_eq(r.path, "/12/seats");
	ck_assert_str_eq(req_query(&r, "date"), "2026-11-25");
	ck_assert_str_eq(req_query(&r, "screen_id"), "1");
	ck_assert_ptr_null(req_query(&r, "nope"));
	ck_assert_str_eq(req_cookie(&r, "sf_session"), "abc");
	ck_assert_str_eq(r.host, "cinema.example");
	ck_assert_str_eq(r.origin, "http://cinema.example");
	ck_assert_str_eq(r.authorization, "Bearer t");
	ck_assert_str_eq(r.csrf_header, "c");
	ck_assert_str_eq(r.if_none_match, "\"v3\"");
	ck_assert_int_eq(r.https, 1);
	ck_assert_ptr_null(r.body);
	req_free(&r);
}
END_TEST

START_TEST(test_request_defaults_when_environment_is_bare)
{
	static const char *const e[] = { NULL };
	struct req r;

	ck_assert_int_eq(run(&r, e, NULL, 0, MAX), REQ_OK);
	ck_assert_str_eq(r.method, "GET");
	ck_assert_str_eq(r.path, "");
	ck_assert_int_eq(r.https, 0);
	ck_assert_ptr_null(r.origin);
	ck_assert_ptr_null(r.body);
	req_free(&r);
}
END_TEST

START_TEST(test_request_json_body_becomes_body_object)
{
	static const char body[] = "{\"show_id\":7,\"seats\":[\"A1\",\"A2\"]}";
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json; charset=utf-8",
		"CONTENT_LENGTH", "33", NULL };
	struct req r;
	long long id;

	ck_assert_uint_eq(strlen(body), 33);
	ck_assert_int_eq(run(&r, e, body, 33, MAX), REQ_OK);
	ck_assert_ptr_nonnull(r.body);
	ck_assert_int_eq(json_get_int(r.body, "show_id", &id), 1);
	ck_assert_int_eq(id, 7);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r.body,
	    "seats")), 2);
	ck_assert_uint_eq(r.claimed, 33);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_bad_json_body)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "5",
		NULL };
	struct req r;

	ck_assert_int_eq(run(&r, e, "[1,2]", 5, MAX), REQ_BAD_JSON);
	ck_assert_str_eq(r.detail, "body must be a JSON object");
	ck_assert_int_eq(req_err_status(REQ_BAD_JSON), 400);
	req_free(&r);
	ck_assert_int_eq(run(&r, e, "{\"a\":", 5, MAX), REQ_BAD_JSON);
	req_free(&r);
}
END_TEST

START_TEST(test_request_urlencoded_body_becomes_object_of_strings)
{
	static const char body[] = "username=asha&password=p%40ss+word&n=5&n=6";
	char	 len[24];
	const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", len, NULL };
	struct req r;
	const char *s;
	long long n;

	snprintf(len, sizeof(len), "%zu", strlen(body));
	ck_assert_int_eq(run(&r, e, body, strlen(body), MAX), REQ_OK);
	ck_assert(cJSON_IsObject(r.body));
	ck_assert_int_eq(json_get_str(r.body, "username", &s), 1);
	ck_assert_str_eq(s, "asha");
	ck_assert_int_eq(json_get_str(r.body, "password", &s), 1);
	ck_assert_str_eq(s, "p@ss word");
	/* Numbers arrive as strings; the typed getter reads them; the first
	 * of a repeated name wins. */
	ck_assert_int_eq(json_get_str(r.body, "n", &s), 1);
	ck_assert_int_eq(json_get_int(r.body, "n", &n), 1);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(cJSON_GetArraySize(r.body), 3);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_bad_urlencoded_body)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "5", NULL };
	struct req r;

	ck_assert_int_eq(run(&r, e, "a=%zz", 5, MAX), REQ_BAD_FORM);
	ck_assert_int_eq(req_err_status(REQ_BAD_FORM), 400);
	ck_assert_str_eq(req_err_code(REQ_BAD_FORM), "VALIDATION_ERROR");
	req_free(&r);
	ck_assert_int_eq(run(&r, e, "A=bcd", 5, MAX), REQ_BAD_FORM);
	req_free(&r);
}
END_TEST

#define MPB "xYzZy"
#define CRLF "\r\n"

START_TEST(test_request_multipart_gives_fields_and_files)
{
	static const char body[] = "--" MPB CRLF
	    "Content-Disposition: form-data; name=\"name\"" CRLF CRLF
	    "Asha Rao" CRLF
	    "--" MPB CRLF
	    "Content-Disposition: form-data; name=\"avatar\"; filename=\"me.jpg\"" CRLF
	    "Content-Type: image/jpeg" CRLF CRLF
	    "\xff\xd8\xff\xe0\0JFIF" CRLF
	    "--" MPB "--" CRLF;
	char	 len[24];
	const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "multipart/form-data; boundary=" MPB,
		"CONTENT_LENGTH", len, NULL };
	struct req r;
	const char *s;

	snprintf(len, sizeof(len), "%zu", sizeof(body) - 1);
	ck_assert_int_eq(run(&r, e, body, sizeof(body) - 1, MAX), REQ_OK);
	ck_assert_int_eq(json_get_str(r.body, "name", &s), 1);
	ck_assert_str_eq(s, "Asha Rao");
	/* The file is not in the body object, it is in files. */
	ck_assert_int_eq(json_get_str(r.body, "avatar", &s), 0);
	ck_assert_uint_eq(r.nfiles, 1);
	ck_assert_str_eq(r.files[0].name, "avatar");
	ck_assert_str_eq(r.files[0].filename, "me.jpg");
	ck_assert_str_eq(r.files[0].content_type, "image/jpeg");
	ck_assert_uint_eq(r.files[0].len, 9);
	ck_assert_mem_eq(r.files[0].data, "\xff\xd8\xff\xe0\0JFIF", 9);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_bad_multipart)
{
	static const char trunc[] = "--" MPB CRLF
	    "Content-Disposition: form-data; name=\"name\"" CRLF CRLF "Asha";
	static const char badname[] = "--" MPB CRLF
	    "Content-Disposition: form-data; name=\"Name\"" CRLF CRLF "A" CRLF
	    "--" MPB "--";
	static const char badtext[] = "--" MPB CRLF
	    "Content-Disposition: form-data; name=\"n\"" CRLF CRLF "\xff" CRLF
	    "--" MPB "--";
	char	 len[24];
	const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "multipart/form-data; boundary=" MPB,
		"CONTENT_LENGTH", len, NULL };
	const char *const nob[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "multipart/form-data",
		"CONTENT_LENGTH", len, NULL };
	struct req r;

	snprintf(len, sizeof(len), "%zu", sizeof(trunc) - 1);
	ck_assert_int_eq(run(&r, e, trunc, sizeof(trunc) - 1, MAX),
	    REQ_BAD_MULTIPART);
	ck_assert_str_eq(r.detail, "multipart body is truncated");
	req_free(&r);
	ck_assert_int_eq(run(&r, nob, trunc, sizeof(trunc) - 1, MAX),
	    REQ_BAD_MULTIPART);
	req_free(&r);
	snprintf(len, sizeof(len), "%zu", sizeof(badname) - 1);
	ck_assert_int_eq(run(&r, e, badname, sizeof(badname) - 1, MAX),
	    REQ_BAD_MULTIPART);
	req_free(&r);
	snprintf(len, sizeof(len), "%zu", sizeof(badtext) - 1);
	ck_assert_int_eq(run(&r, e, badtext, sizeof(badtext) - 1, MAX),
	    REQ_BAD_MULTIPART);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_content_length_over_max)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "1025",
		NULL };
	static const char *const at[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "1024",
		NULL };
	char	 body[1025];
	struct req r;

	memset(body, ' ', sizeof(body));
	body[0] = '{';
	body[1023] = '}';
	ck_assert_int_eq(run(&r, e, body, 1025, 1024), REQ_TOO_LARGE);
	ck_assert_int_eq(req_err_status(REQ_TOO_LARGE), 413);
	ck_assert_str_eq(req_err_code(REQ_TOO_LARGE), "PAYLOAD_TOO_LARGE");
	/* Refused before reading: req_drain consumes what is left. */
	ck_assert_int_eq(r.body_read, 0);
	req_free(&r);
	ck_assert_int_eq(run(&r, at, body, 1024, 1024), REQ_OK);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_lying_content_length)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "100",
		NULL };
	struct req r;

	/* Claims 100 bytes; the stream holds 9. */
	ck_assert_int_eq(run(&r, e, "{\"a\":\"b\"}", 9, MAX), REQ_SHORT_BODY);
	ck_assert_uint_eq(r.rawlen, 9);
	ck_assert_ptr_null(r.body);
	ck_assert_int_eq(req_err_status(REQ_SHORT_BODY), 400);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_a_chunked_body_without_length)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json", "HTTP_TRANSFER_ENCODING",
		"chunked", NULL };
	static const char *const get[] = { "REQUEST_METHOD", "GET", NULL };
	struct req r;

	/* Apache hands a chunked body over with no CONTENT_LENGTH: it is
	 * refused (411), never read as an empty body. */
	ck_assert_int_eq(run(&r, e, "{\"a\":\"b\"}", 9, MAX),
	    REQ_LENGTH_REQUIRED);
	ck_assert_int_eq(req_err_status(REQ_LENGTH_REQUIRED), 411);
	ck_assert_str_eq(req_err_code(REQ_LENGTH_REQUIRED), "LENGTH_REQUIRED");
	req_free(&r);
	ck_assert_int_eq(run(&r, get, "", 0, MAX), REQ_OK);
	req_free(&r);
}
END_TEST

START_TEST(test_request_reads_no_more_than_content_length)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/json", "CONTENT_LENGTH", "9",
		NULL };
	struct req r;

	/* Extra bytes after the claimed length are not part of the body. */
	ck_assert_int_eq(run(&r, e, "{\"a\":\"b\"}garbage", 16, MAX), REQ_OK);
	ck_assert_uint_eq(r.rawlen, 9);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_malformed_content_length)
{
	static const char *bad[] = { "12abc", "-1", "+5", " 5", "1.0", "0x10",
	    "99999999999999999999", "1e3" };
	struct req r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *const e[] = { "REQUEST_METHOD", "POST",
			"CONTENT_TYPE", "application/json",
			"CONTENT_LENGTH", bad[i], NULL };

		ck_assert_msg(run(&r, e, "{}", 2, MAX) == REQ_BAD_LENGTH,
		    "CONTENT_LENGTH %s accepted", bad[i]);
		ck_assert_int_eq(req_err_status(REQ_BAD_LENGTH), 400);
		req_free(&r);
	}
}
END_TEST

START_TEST(test_request_empty_or_zero_length_has_no_body)
{
	static const char *const zero[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "text/plain", "CONTENT_LENGTH", "0", NULL };
	static const char *const empty[] = { "REQUEST_METHOD", "DELETE",
		"CONTENT_LENGTH", "", NULL };
	struct req r;

	/* No body at all: the media type does not matter. */
	ck_assert_int_eq(run(&r, zero, "", 0, MAX), REQ_OK);
	ck_assert_ptr_null(r.body);
	req_free(&r);
	ck_assert_int_eq(run(&r, empty, "", 0, MAX), REQ_OK);
	ck_assert_ptr_null(r.body);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_unsupported_content_type)
{
	static const char *const plain[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "text/plain", "CONTENT_LENGTH", "2", NULL };
	static const char *const none[] = { "REQUEST_METHOD", "POST",
		"CONTENT_LENGTH", "2", NULL };
	static const char *const prefix[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/jsonx", "CONTENT_LENGTH", "2",
		NULL };
	struct req r;

	ck_assert_int_eq(run(&r, plain, "{}", 2, MAX), REQ_UNSUPPORTED_TYPE);
	ck_assert_int_eq(req_err_status(REQ_UNSUPPORTED_TYPE), 415);
	ck_assert_str_eq(req_err_code(REQ_UNSUPPORTED_TYPE),
	    "UNSUPPORTED_MEDIA_TYPE");
	req_free(&r);
	ck_assert_int_eq(run(&r, none, "{}", 2, MAX), REQ_UNSUPPORTED_TYPE);
	req_free(&r);
	ck_assert_int_eq(run(&r, prefix, "{}", 2, MAX), REQ_UNSUPPORTED_TYPE);
	req_free(&r);
}
END_TEST

START_TEST(test_request_media_type_is_case_insensitive)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "Application/JSON;charset=UTF-8",
		"CONTENT_LENGTH", "2", NULL };
	struct req r;

	ck_assert_int_eq(run(&r, e, "{}", 2, MAX), REQ_OK);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_bad_path_info)
{
	static const char *const bad[] = { "PATH_INFO", "/caf\xc3", NULL };
	static const char *const over[] = { "PATH_INFO", "/\xed\xa0\x80", NULL };
	static const char *const good[] = { "PATH_INFO", "/caf\xc3\xa9", NULL };
	char	 longp[1100];
	const char *const toolong[] = { "PATH_INFO", longp, NULL };
	struct req r;

	ck_assert_int_eq(run(&r, bad, NULL, 0, MAX), REQ_BAD_PATH);
	ck_assert_int_eq(req_err_status(REQ_BAD_PATH), 400);
	req_free(&r);
	ck_assert_int_eq(run(&r, over, NULL, 0, MAX), REQ_BAD_PATH);
	req_free(&r);
	ck_assert_int_eq(run(&r, good, NULL, 0, MAX), REQ_OK);
	req_free(&r);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	ck_assert_int_eq(run(&r, toolong, NULL, 0, MAX), REQ_BAD_PATH);
	req_free(&r);
}
END_TEST

START_TEST(test_request_refuses_bad_query_string)
{
	static const char *const esc[] = { "QUERY_STRING", "date=%zz", NULL };
	static const char *const name[] = { "QUERY_STRING", "Date=1", NULL };
	char	 big[8300];
	const char *const over[] = { "QUERY_STRING", big, NULL };
	struct buf b = BUF_INIT;
	struct req r;

	ck_assert_int_eq(run(&r, esc, NULL, 0, MAX), REQ_BAD_QUERY);
	ck_assert_int_eq(req_err_status(REQ_BAD_QUERY), 400);
	req_free(&r);
	ck_assert_int_eq(run(&r, name, NULL, 0, MAX), REQ_BAD_QUERY);
	req_free(&r);
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "q=", 2);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(run(&r, over, NULL, 0, MAX), REQ_BAD_QUERY);
	req_free(&r);
	for (int i = 0; i < 65; i++)
		buf_printf(&b, "%sp%d=1", i ? "&" : "", i);
	{
		const char *const many[] = { "QUERY_STRING", buf_str(&b), NULL };

		ck_assert_int_eq(run(&r, many, NULL, 0, MAX), REQ_BAD_QUERY);
		req_free(&r);
	}
	buf_free(&b);
}
END_TEST

START_TEST(test_request_ignores_junk_cookies)
{
	static const char *const e[] = {
		"HTTP_COOKIE", "Bad Name=1; sf_session=tok; x=\xff", NULL };
	char	 big[9000];
	const char *const over[] = { "HTTP_COOKIE", big, NULL };
	struct req r;

	ck_assert_int_eq(run(&r, e, NULL, 0, MAX), REQ_OK);
	ck_assert_str_eq(req_cookie(&r, "sf_session"), "tok");
	ck_assert_ptr_null(req_cookie(&r, "x"));
	req_free(&r);
	/* An over-long Cookie header is ignored, not fatal. */
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "sf_session=", 11);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(run(&r, over, NULL, 0, MAX), REQ_OK);
	ck_assert_ptr_null(req_cookie(&r, "sf_session"));
	req_free(&r);
}
END_TEST

START_TEST(test_request_drain_consumes_refused_body)
{
	static const char *const e[] = { "REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "text/plain", "CONTENT_LENGTH", "20000", NULL };
	char	*body = calloc(1, 20010);
	FILE	*in;
	struct req r;

	memset(body, 'x', 20010);
	fake_env = e;
	in = fmemopen(body, 20010, "r");
	ck_assert_int_eq(req_parse(&r, env, in, MAX), REQ_UNSUPPORTED_TYPE);
	ck_assert_int_eq(ftell(in), 0);
	req_drain(&r, in);
	/* Exactly the claimed bytes, not the rest of the stream. */
	ck_assert_int_eq(ftell(in), 20000);
	ck_assert_int_eq(r.body_read, 1);
	req_drain(&r, in);
	ck_assert_int_eq(ftell(in), 20000);
	fclose(in);
	req_free(&r);
	free(body);
}
END_TEST

/* A request refused before its body was looked at — a bad path, a bad
 * query — still drains the body, or Apache resets the connection under
 * the answer. */
START_TEST(test_request_drain_after_an_early_refusal)
{
	static const char *const bad_path[] = { "REQUEST_METHOD", "POST",
		"PATH_INFO", "/\xff", "CONTENT_TYPE", "application/json",
		"CONTENT_LENGTH", "3000", NULL };
	static const char *const bad_query[] = { "REQUEST_METHOD", "POST",
		"QUERY_STRING", "a=%zz", "CONTENT_TYPE", "application/json",
		"CONTENT_LENGTH", "3000", NULL };
	const char *const *envs[] = { bad_path, bad_query };
	enum req_err want[] = { REQ_BAD_PATH, REQ_BAD_QUERY };
	char	 body[3100];

	memset(body, ' ', sizeof(body));
	for (int i = 0; i < 2; i++) {
		struct req r;
		FILE	*in;

		fake_env = envs[i];
		in = fmemopen(body, sizeof(body), "r");
		ck_assert_int_eq(req_parse(&r, env, in, MAX), want[i]);
		ck_assert_int_eq(r.claimed, 3000);
		req_drain(&r, in);
		ck_assert_int_eq(ftell(in), 3000);
		fclose(in);
		req_free(&r);
	}
}
END_TEST

/* U+0000 in a JSON body: 422 naming the field, not a string cut short. */
START_TEST(test_request_json_text_with_nul_names_the_field)
{
	static const char body[] = "{\"card\":{\"name\":\"Bob\\u0000x\"}}";
	char	 len[16];
	const char *e[] = { "REQUEST_METHOD", "POST", "CONTENT_TYPE",
		"application/json", "CONTENT_LENGTH", len, NULL };
	struct req r;

	snprintf(len, sizeof(len), "%zu", strlen(body));
	ck_assert_int_eq(run(&r, e, body, strlen(body), MAX), REQ_BAD_FIELD);
	ck_assert_str_eq(r.field, "card.name");
	ck_assert_int_eq(req_err_status(REQ_BAD_FIELD), 422);
	ck_assert_str_eq(req_err_code(REQ_BAD_FIELD), "VALIDATION_ERROR");
	req_free(&r);
}
END_TEST

START_TEST(test_request_error_codes_map_to_statuses)
{
	ck_assert_int_eq(req_err_status(REQ_OK), 200);
	ck_assert_int_eq(req_err_status(REQ_NOMEM), 500);
	ck_assert_str_eq(req_err_code(REQ_NOMEM), "INTERNAL_ERROR");
	for (int e = REQ_BAD_LENGTH; e <= REQ_BAD_PATH; e++) {
		ck_assert_int_eq(req_err_status((enum req_err)e), 400);
		ck_assert_str_eq(req_err_code((enum req_err)e),
		    "VALIDATION_ERROR");
	}
}
END_TEST

START_TEST(test_request_query_int_tells_absent_malformed_and_range_apart)
{
	static const char *const e[] = { "REQUEST_METHOD", "GET",
		"QUERY_STRING", "limit=20&empty=&neg=-3&junk=2x&plus=%2B2&"
		"space=+2&zeros=007&big=201&huge=99999999999999999999", NULL };
	struct req r;
	long long v = 50;

	ck_assert_int_eq(run(&r, e, NULL, 0, MAX), REQ_OK);
	ck_assert_int_eq(req_query_int(&r, "limit", 1, 200, &v), REQ_INT_OK);
	ck_assert(v == 20);
	v = 50;
	/* Absent and blank leave the default alone. */
	ck_assert_int_eq(req_query_int(&r, "offset", 0, 9, &v), REQ_INT_ABSENT);
	ck_assert_int_eq(req_query_int(&r, "empty", 0, 9, &v), REQ_INT_ABSENT);
	ck_assert_int_eq(req_query_int(&r, "neg", 0, 9, &v), REQ_INT_MALFORMED);
	ck_assert_int_eq(req_query_int(&r, "junk", 0, 9, &v), REQ_INT_MALFORMED);
	ck_assert_int_eq(req_query_int(&r, "plus", 0, 9, &v), REQ_INT_MALFORMED);
	ck_assert_int_eq(req_query_int(&r, "space", 0, 9, &v),
	    REQ_INT_MALFORMED);
	ck_assert_int_eq(req_query_int(&r, "big", 1, 200, &v), REQ_INT_RANGE);
	ck_assert_int_eq(req_query_int(&r, "huge", 1, 200, &v), REQ_INT_RANGE);
	ck_assert(v == 50);
	ck_assert_int_eq(req_query_int(&r, "neg", -5, 5, &v), REQ_INT_OK);
	ck_assert(v == -3);
	ck_assert_int_eq(req_query_int(&r, "zeros", 0, 9, &v), REQ_INT_OK);
	ck_assert(v == 7);
	req_free(&r);
}
END_TEST

Suite *
request_suite(void)
{
	Suite	*s = suite_create("request");
	TCase	*tc = tcase_create("parse");
	TCase	*lc = tcase_create("limits");

	tcase_add_test(tc, test_request_get_with_query_and_headers);
	tcase_add_test(tc, test_request_defaults_when_environment_is_bare);
	tcase_add_test(tc, test_request_json_body_becomes_body_object);
	tcase_add_test(tc, test_request_refuses_bad_json_body);
	tcase_add_test(tc, test_request_urlencoded_body_becomes_object_of_strings);
	tcase_add_test(tc, test_request_refuses_bad_urlencoded_body);
	tcase_add_test(tc, test_request_multipart_gives_fields_and_files);
	tcase_add_test(tc, test_request_refuses_bad_multipart);
	tcase_add_test(tc, test_request_media_type_is_case_insensitive);
	tcase_add_test(tc, test_request_ignores_junk_cookies);
	tcase_add_test(tc, test_request_query_int_tells_absent_malformed_and_range_apart);
	tcase_add_test(lc, test_request_refuses_content_length_over_max);
	tcase_add_test(lc, test_request_refuses_lying_content_length);
	tcase_add_test(lc, test_request_reads_no_more_than_content_length);
	tcase_add_test(lc, test_request_refuses_a_chunked_body_without_length);
	tcase_add_test(lc, test_request_refuses_malformed_content_length);
	tcase_add_test(lc, test_request_drain_after_an_early_refusal);
	tcase_add_test(lc, test_request_json_text_with_nul_names_the_field);
	tcase_add_test(lc, test_request_empty_or_zero_length_has_no_body);
	tcase_add_test(lc, test_request_refuses_unsupported_content_type);
	tcase_add_test(lc, test_request_refuses_bad_path_info);
	tcase_add_test(lc, test_request_refuses_bad_query_string);
	tcase_add_test(lc, test_request_drain_consumes_refused_body);
	tcase_add_test(lc, test_request_error_codes_map_to_statuses);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, lc);
	return s;
}
