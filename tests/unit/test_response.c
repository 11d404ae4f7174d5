/* response: the envelope of DESIGN §8, the headers of §10, and no way for
 * input to split a response. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "response.h"

/* Write r and return the whole CGI response text (malloc'd). */
static char *
written(struct resp *r, size_t *len)
{
	char	*s = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&s, &n);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(resp_write(r, "rid-123", f), 0);
	fclose(f);
	if (len != NULL)
		*len = n;
	return s;
}

/* The body after the blank line, parsed as JSON. */
static cJSON *
body_json(const char *out)
{
	const char *b = strstr(out, "\r\n\r\n");

	ck_assert_ptr_nonnull(b);
	return cJSON_Parse(b + 4);
}

static int
has_header(const char *out, const char *line)
{
	const char *end = strstr(out, "\r\n\r\n");
	const char *p = strstr(out, line);

	return p != NULL && p < end && (p == out || p[-1] == '\n');
}

START_TEST(test_response_data_envelope_shape)
{
	struct resp r = { 0 };
	cJSON	*d = cJSON_CreateObject(), *j;
	char	*out;

	json_add_str(d, "status", "ok");
	resp_data(&r, 201, d, "rid-123");
	out = written(&r, NULL);
	ck_assert(strncmp(out, "Status: 201 Created\r\n", 21) == 0);
	ck_assert(has_header(out, "Content-Type: application/json\r\n"));
	ck_assert(has_header(out, "X-Request-ID: rid-123\r\n"));
	j = body_json(out);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(cJSON_GetArraySize(j), 2);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "data"),
	    "status")->valuestring, "ok");
	ck_assert_str_eq(cJSON_GetObjectItem(j, "request_id")->valuestring,
	    "rid-123");
	cJSON_Delete(j);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_null_data_is_json_null)
{
	struct resp r = { 0 };
	cJSON	*j;
	char	*out;

	resp_data(&r, 200, NULL, "rid-123");
	out = written(&r, NULL);
	j = body_json(out);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "data")));
	cJSON_Delete(j);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_content_length_matches_body)
{
	struct resp r = { 0 };
	char	*out;
	size_t	 n;
	const char *cl, *body;

	resp_data(&r, 200, cJSON_CreateString("caf\xc3\xa9"), "rid-123");
	out = written(&r, &n);
	cl = strstr(out, "Content-Length: ");
	body = strstr(out, "\r\n\r\n") + 4;
	ck_assert_ptr_nonnull(cl);
	ck_assert_int_eq(atoi(cl + 16), (int)(n - (size_t)(body - out)));
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_error_shape_with_fields)
{
	struct resp r = { 0 };
	struct err e = { 0 };
	cJSON	*j, *err, *fields;
	char	*out;

	err_set(&e, 422, "VALIDATION_ERROR", "check the %s", "form");
	err_field(&e, "price", "must be > 0");
	err_field(&e, "date", "is in the past");
	resp_error(&r, &e, "rid-123");
	out = written(&r, NULL);
	ck_assert(strncmp(out, "Status: 422 Unprocessable Content\r\n", 35) == 0);
	j = body_json(out);
	ck_assert_ptr_nonnull(j);
	ck_assert_ptr_null(cJSON_GetObjectItem(j, "data"));
	err = cJSON_GetObjectItem(j, "error");
	ck_assert_str_eq(cJSON_GetObjectItem(err, "code")->valuestring,
	    "VALIDATION_ERROR");
	ck_assert_str_eq(cJSON_GetObjectItem(err, "message")->valuestring,
	    "check the form");
	fields = cJSON_GetObjectItem(err, "fields");
	ck_assert_int_eq(cJSON_GetArraySize(fields), 2);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(fields, 0),
	    "field")->valuestring, "price");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(fields, 1),
	    "message")->valuestring, "is in the past");
	ck_assert_str_eq(cJSON_GetObjectItem(j, "request_id")->valuestring,
	    "rid-123");
	cJSON_Delete(j);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_error_without_fields_has_empty_list)
{
	struct resp r = { 0 };
	struct err e = { 0 };
	cJSON	*j, *err;
	char	*out;

	err_set(&e, 404, "NOT_FOUND", "no such resource");
	resp_error(&r, &e, "rid-123");
	out = written(&r, NULL);
	ck_assert(strncmp(out, "Status: 404 Not Found\r\n", 23) == 0);
	j = body_json(out);
	err = cJSON_GetObjectItem(j, "error");
	ck_assert(cJSON_IsArray(cJSON_GetObjectItem(err, "fields")));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(err, "fields")), 0);
	cJSON_Delete(j);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_error_with_extra_members_keeps_the_error_shape)
{
	struct resp r = { 0 };
	struct err e = { 0 };
	cJSON	*j, *x = cJSON_CreateObject();
	char	*out;

	err_set(&e, 503, "SERVICE_UNAVAILABLE", "back soon");
	cJSON_AddStringToObject(x, "status", "maintenance");
	cJSON_AddNumberToObject(x, "n", 3);
	/* Members that would replace the envelope's own are dropped. */
	cJSON_AddStringToObject(x, "request_id", "forged");
	cJSON_AddStringToObject(x, "error", "forged");
	resp_error_extra(&r, &e, "rid-123", x);
	out = written(&r, NULL);
	ck_assert(strncmp(out, "Status: 503 Service Unavailable\r\n", 33) == 0);
	j = body_json(out);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"),
	    "code")->valuestring, "SERVICE_UNAVAILABLE");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"),
	    "message")->valuestring, "back soon");
	ck_assert_str_eq(cJSON_GetObjectItem(j, "request_id")->valuestring,
	    "rid-123");
	ck_assert_str_eq(cJSON_GetObjectItem(j, "status")->valuestring,
	    "maintenance");
	ck_assert_int_eq(cJSON_GetObjectItem(j, "n")->valueint, 3);
	ck_assert_int_eq(cJSON_GetArraySize(j), 4);
	cJSON_Delete(j);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_error_escapes_message_as_json)
{
	struct resp r = { 0 };
	struct err e = { 0 };
	cJSON	*j;
	char	*out;

	err_set(&e, 400, "VALIDATION_ERROR", "bad \"%s\"", "</script>\n");
	resp_error(&r, &e, "rid-123");
	out = written(&r, NULL);
	j = body_json(out);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"),
	    "message")->valuestring, "bad \"</script>\n\"");
	cJSON_Delete(j);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_has_security_headers_and_no_store_default)
{
	struct resp r = { 0 };
	char	*out;

	resp_data(&r, 200, NULL, "rid-123");
	out = written(&r, NULL);
	ck_assert(has_header(out, "X-Content-Type-Options: nosniff\r\n"));
	ck_assert(has_header(out, "Referrer-Policy: same-origin\r\n"));
	ck_assert(has_header(out, "X-Frame-Options: DENY\r\n"));
	ck_assert(has_header(out, "Content-Security-Policy: "));
	ck_assert_ptr_nonnull(strstr(out, "frame-ancestors 'none'"));
	ck_assert(has_header(out, "Cache-Control: no-store\r\n"));
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_handler_cache_control_replaces_default)
{
	struct resp r = { 0 };
	char	*out;

	ck_assert_int_eq(resp_header(&r, "cache-control", "private, max-age=0"), 0);
	resp_data(&r, 200, NULL, "rid-123");
	out = written(&r, NULL);
	ck_assert(has_header(out, "cache-control: private, max-age=0\r\n"));
	ck_assert_ptr_null(strstr(out, "no-store"));
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_refuses_header_injection)
{
	struct resp r = { 0 };
	char	*out;

	ck_assert_int_eq(resp_header(&r, "ETag", "\"v1\"\r\nSet-Cookie: evil=1"), -1);
	ck_assert_int_eq(resp_header(&r, "ETag", "\"v1\"\nX: y"), -1);
	ck_assert_int_eq(resp_header(&r, "X-Evil\r\nSet-Cookie", "1"), -1);
	ck_assert_int_eq(resp_header(&r, "X-A: b", "1"), -1);
	ck_assert_int_eq(resp_header(&r, "Location", "/caf\xc3\xa9"), -1);
	ck_assert_int_eq(resp_header(&r, "ETag", "\"v2\""), 0);
	resp_data(&r, 200, NULL, "rid-123");
	out = written(&r, NULL);
	ck_assert_ptr_null(strstr(out, "evil"));
	ck_assert_ptr_null(strstr(out, "X-Evil"));
	ck_assert(has_header(out, "ETag: \"v2\"\r\n"));
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_304_has_no_body_and_no_length)
{
	struct resp r = { 0 };
	char	*out;
	size_t	 n;

	resp_header(&r, "ETag", "\"v7\"");
	resp_empty(&r, 304);
	out = written(&r, &n);
	ck_assert(strncmp(out, "Status: 304 Not Modified\r\n", 26) == 0);
	ck_assert_ptr_null(strstr(out, "Content-Length"));
	ck_assert(!has_header(out, "Content-Type:"));
	ck_assert(has_header(out, "X-Request-ID: rid-123\r\n"));
	/* Nothing after the blank line. */
	ck_assert_uint_eq(n, (size_t)(strstr(out, "\r\n\r\n") + 4 - out));
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_304_drops_a_body_set_earlier)
{
	struct resp r = { 0 };
	char	*out;
	size_t	 n;

	resp_data(&r, 200, cJSON_CreateString("stale"), "rid-123");
	r.status = 304;
	out = written(&r, &n);
	ck_assert_ptr_null(strstr(out, "stale"));
	ck_assert_uint_eq(n, (size_t)(strstr(out, "\r\n\r\n") + 4 - out));
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_bytes_are_sent_verbatim)
{
	struct resp r = { 0 };
	static const char pdf[] = "%PDF-1.4\n\0\xff binary";
	char	*out;
	size_t	 n;
	const char *b;

	resp_bytes(&r, 200, "application/pdf", pdf, sizeof(pdf) - 1);
	out = written(&r, &n);
	ck_assert(has_header(out, "Content-Type: application/pdf\r\n"));
	b = strstr(out, "\r\n\r\n") + 4;
	ck_assert_uint_eq(n - (size_t)(b - out), sizeof(pdf) - 1);
	ck_assert_mem_eq(b, pdf, sizeof(pdf) - 1);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_without_status_is_500)
{
	struct resp r = { 0 };
	char	*out;

	out = written(&r, NULL);
	ck_assert(strncmp(out, "Status: 500 Internal Server Error\r\n", 35) == 0);
	free(out);
	resp_free(&r);
}
END_TEST

START_TEST(test_response_write_reports_failed_output)
{
	struct resp r = { 0 };
	FILE	*f = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(f);
	resp_data(&r, 200, NULL, "rid");
	ck_assert_int_eq(resp_write(&r, "rid", f), -1);
	fclose(f);
	resp_free(&r);
}
END_TEST

Suite *
response_suite(void)
{
	Suite	*s = suite_create("response");
	TCase	*tc = tcase_create("envelope");
	TCase	*hc = tcase_create("headers");

	tcase_add_test(tc, test_response_data_envelope_shape);
	tcase_add_test(tc, test_response_null_data_is_json_null);
	tcase_add_test(tc, test_response_content_length_matches_body);
	tcase_add_test(tc, test_response_error_shape_with_fields);
	tcase_add_test(tc, test_response_error_without_fields_has_empty_list);
	tcase_add_test(tc, test_response_error_escapes_message_as_json);
	tcase_add_test(tc,
	    test_response_error_with_extra_members_keeps_the_error_shape);
	tcase_add_test(tc, test_response_bytes_are_sent_verbatim);
	tcase_add_test(tc, test_response_without_status_is_500);
	tcase_add_test(tc, test_response_write_reports_failed_output);
	tcase_add_test(hc, test_response_has_security_headers_and_no_store_default);
	tcase_add_test(hc, test_response_handler_cache_control_replaces_default);
	tcase_add_test(hc, test_response_refuses_header_injection);
	tcase_add_test(hc, test_response_304_has_no_body_and_no_length);
	tcase_add_test(hc, test_response_304_drops_a_body_set_earlier);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, hc);
	return s;
}
