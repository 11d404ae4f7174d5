/* input: what once slipped through the request layer (issue 10) — an early
 * refusal with the body still on the wire, U+0000 inside JSON strings,
 * numbers sent as strings, a status sent without its reason phrase, and
 * settings a site must not run with. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "fixture.h"

/* A JSON body of about n bytes (a padding field the handler never reads). */
static char *
padded_body(size_t n)
{
	static const char head[] = "{\"username\":\"x\",\"password\":\"y\","
	    "\"pad\":\"";
	char	*b = malloc(sizeof(head) + n + 2);

	ck_assert_ptr_nonnull(b);
	memcpy(b, head, sizeof(head) - 1);
	memset(b + sizeof(head) - 1, 'p', n);
	strcpy(b + sizeof(head) - 1 + n, "\"}");
	return b;
}

/* The whole answer arrives, as the API's JSON error, with curl's exit
 * status 0 (a reset under the answer was exit 18 or 52).  The curl tool,
 * not libcurl: it sends the path exactly as written ("%zz" stays). */
static void
expect_complete_error(const char *method, const char *path, long status,
    const char *code)
{
	char	*body = padded_body(60000), file[] = "/tmp/skyfox-pad.XXXXXX";
	char	*cmd, *out;
	FILE	*f;
	int	 fd = mkstemp(file);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs(body, f);
	fclose(f);
	/* Several times: the reset was a race between the CGI's exit and
	 * Apache still writing the body to it. */
	for (int i = 0; i < 5; i++) {
		cJSON	*j;
		long	 got;
		int	 rc;
		char	 tail[64];

		ck_assert_int_ne(asprintf(&cmd, "curl -sS -X %s -o - -w "
		    "'\\n%%{http_code}' -H 'Content-Type: application/json' "
		    "--data-binary @%s '%s%s'; echo \" $?\"", method, file,
		    client_base(), path), -1);
		out = shell_output(cmd);
		free(cmd);
		/* body \n status rc */
		ck_assert_ptr_nonnull(strrchr(out, '\n'));
		snprintf(tail, sizeof(tail), "%s", strrchr(out, '\n') + 1);
		*strrchr(out, '\n') = '\0';
		ck_assert_int_eq(sscanf(tail, "%ld %d", &got, &rc), 2);
		ck_assert_msg(rc == 0, "%s %.60s: curl exit %d", method, path, rc);
		ck_assert_int_eq(got, status);
		ck_assert_ptr_nonnull(j = cJSON_Parse(out));
		ck_assert_str_eq(jstr(j, "error.code"), code);
		ck_assert_str_ne(jstr(j, "request_id"), "");
		cJSON_Delete(j);
		free(out);
	}
	unlink(file);
	free(body);
}

START_TEST(test_early_refusal_with_a_body_on_the_wire_arrives_whole)
{
	char	 path[9100];

	expect_complete_error("POST", "/api/session?a=%zz", 400,
	    "VALIDATION_ERROR");
	expect_complete_error("POST", "/api/bookings/%ff", 400,
	    "VALIDATION_ERROR");
	strcpy(path, "/api/session?q=");
	memset(path + strlen(path), 'a', 9000);
	path[15 + 9000] = '\0';
	expect_complete_error("POST", path, 400, "VALIDATION_ERROR");
}
END_TEST

/* A site whose skyfox.conf is missing or garbage still answers whole. */
START_TEST(test_unconfigured_site_answers_503_whole)
{
	char	 conf[1024], aside[1100], cmd[2300];

	snprintf(conf, sizeof(conf), "%s/skyfox.conf", getenv("SKYFOX_DATA"));
	snprintf(aside, sizeof(aside), "%s.aside", conf);
	ck_assert_int_eq(rename(conf, aside), 0);
	expect_complete_error("POST", "/api/session", 503,
	    "SERVICE_UNAVAILABLE");
	/* Garbage in the file: the same. */
	snprintf(cmd, sizeof(cmd), "head -c 3000 /dev/urandom | tr -d '\\000' "
	    "> %s && chmod 644 %s", conf, conf);
	ck_assert_int_eq(system(cmd), 0);
	expect_complete_error("POST", "/api/session", 503,
	    "SERVICE_UNAVAILABLE");
	ck_assert_int_eq(rename(aside, conf), 0);
}
END_TEST

/* cJSON cut strings at U+0000: "F1\u0000X" booked F1, "alice\u0000" logged
 * in as alice, "Bob\u0000<b>x</b>" was saved as Bob. */
START_TEST(test_json_text_holding_nul_is_422_naming_the_field)
{
	static const struct { const char *method, *path, *body, *field; } c[] = {
		{ "POST", "/api/session",
		    "{\"username\":\"customer\\u0000\",\"password\":\"Customer#2026\"}",
		    "username" },
		{ "POST", "/api/bookings",
		    "{\"show_id\":1,\"seats\":[\"F1\\u0000X\"]}", "seats" },
		{ "POST", "/api/users",
		    "{\"name\":\"Bob\\u0000<b>x</b>\",\"username\":\"bob\"}", "name" },
		{ "POST", "/api/payments", "{\"booking_id\":1,\"method\":\"card\","
		    "\"card\":{\"name\":\"A\\u0000B\"}}", "card.name" },
	};
	char	*token = fx_login("customer");

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct hresp *r = api(c[i].method, c[i].path, c[i].body, token);

		expect_error(r, 422, "VALIDATION_ERROR");
		ck_assert_str_eq(jstr(r->json, "error.fields.0.field"),
		    c[i].field);
		ck_assert_str_eq(jstr(r->json, "error.fields.0.message"),
		    "text must not contain the character U+0000");
		hresp_free(r);
	}
	free(token);
}
END_TEST

/* In JSON an id, an amount or a count is a JSON integer; a form's text is
 * still read, strictly. */
START_TEST(test_json_numbers_sent_as_strings_are_refused)
{
	char	*admin = fx_login("admin"), *token, body[200], auth[2100];
	struct fx_account tc;
	struct hresp *r;
	long long show = fx_show(admin, 6, 2, 20000);
	const char *hdrs[2] = { auth, NULL };

	fx_signup("strnum", &tc);
	token = login(tc.username, tc.password);
	/* {"amount":"500"} topped a wallet up by ₹5.00. */
	r = api("POST", "/api/wallet/topups", "{\"amount\":\"50000\",\"card\":"
	    "{\"number\":\"4111111111111111\",\"cvv\":\"123\",\"expiry\":\"12/30\","
	    "\"name\":\"Test Person\"}}", token);
	expect_error(r, 422, "INVALID_AMOUNT");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "amount");
	hresp_free(r);
	r = api("GET", "/api/wallet", NULL, token);
	ck_assert_int_eq(jint(r->json, "data.balance"), 0);
	hresp_free(r);
	snprintf(body, sizeof(body), "{\"show_id\":\"%lld\",\"seats\":[\"A1\"]}",
	    show);
	r = api("POST", "/api/bookings", body, token);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "show_id");
	hresp_free(r);
	/* A browser form has only text: show_id=<n> is read as the number. */
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	snprintf(body, sizeof(body), "show_id=%lld&seats=B1", show);
	r = http("POST", "/api/bookings", "application/x-www-form-urlencoded",
	    body, strlen(body), hdrs);
	ck_assert_int_eq(r->status, 201);
	ck_assert_str_eq(jstr(r->json, "data.seats.0"), "B1");
	hresp_free(r);
	/* …strictly: "1e3" and " 7" are not numbers there either. */
	snprintf(body, sizeof(body), "show_id=%%20%lld&seats=A2", show);
	r = http("POST", "/api/bookings", "application/x-www-form-urlencoded",
	    body, strlen(body), hdrs);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	free(token);
	free(admin);
}
END_TEST

/* A declined card was answered "HTTP/1.1 402 Status". */
START_TEST(test_declined_card_is_402_payment_required)
{
	char	*admin = fx_login("admin"), *token, body[400];
	struct fx_account tc;
	struct hresp *r;
	long long show = fx_show(admin, 5, 2, 20000), booking;

	fx_signup("decline", &tc);
	token = login(tc.username, tc.password);
	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":[\"B2\"]}", show);
	r = api("POST", "/api/bookings", body, token);
	ck_assert_int_eq(r->status, 201);
	booking = jint(r->json, "data.id");
	hresp_free(r);
	snprintf(body, sizeof(body), "{\"booking_id\":%lld,\"method\":\"card\","
	    "\"card\":{\"number\":\"4000000000000002\",\"cvv\":\"123\","
	    "\"expiry\":\"12/30\",\"name\":\"Test Person\"}}", booking);
	r = api("POST", "/api/payments", body, token);
	expect_error(r, 402, "CARD_DECLINED");
	ck_assert_msg(strncmp(r->headers, "HTTP/1.1 402 Payment Required\r\n",
	    31) == 0, "status line: %.40s", r->headers);
	hresp_free(r);
	free(token);
	free(admin);
}
END_TEST

/* A secret.key other accounts can read is refused: 503, a log line that
 * names the fix, and skyfoxctl check fails. */
START_TEST(test_key_file_readable_by_others_is_refused)
{
	char	 key[1024], cmd[1200], *log;
	struct hresp *r;
	char	*token = fx_login("customer");

	snprintf(key, sizeof(key), "%s/secret.key", getenv("SKYFOX_DATA"));
	ck_assert_int_eq(skyfoxctl("check >/dev/null"), 0);
	ck_assert_int_eq(chmod(key, 0644), 0);
	r = api("GET", "/api/session", NULL, token);
	expect_error(r, 503, "SERVICE_UNAVAILABLE");
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "grep -c 'chmod 600 %s' %s/logs/error.log",
	    key, getenv("SKYFOX_DATA"));
	log = shell_output(cmd);
	ck_assert_int_ge(atoi(log), 1);
	free(log);
	ck_assert_int_ne(skyfoxctl("check >/dev/null"), 0);
	ck_assert_int_eq(chmod(key, 0600), 0);
	r = api("GET", "/api/session", NULL, token);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	free(token);
}
END_TEST

/* timezone = ../../../etc/passwd showed every time in UTC, silently. */
START_TEST(test_unknown_time_zone_is_refused)
{
	static const char *const bad[] = { "../../../etc/passwd", "Mars/Olympus",
	    "/usr/share/zoneinfo/UTC", "Asia/Kolkata;x" };
	struct hresp *r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		conf_set("timezone", bad[i]);
		r = api("GET", "/api/health", NULL, NULL);
		expect_error(r, 503, "SERVICE_UNAVAILABLE");
		hresp_free(r);
		ck_assert_int_ne(skyfoxctl("check >/dev/null"), 0);
	}
	conf_set("timezone", "Europe/London");
	r = api("GET", "/api/health", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	conf_set("timezone", NULL);
	ck_assert_int_eq(skyfoxctl("check >/dev/null"), 0);
}
END_TEST

/* Each test starts from a working site even when the one before it
 * failed halfway through breaking it on purpose. */
static void
restore_site(void)
{
	char	 conf[1024], aside[1100];

	snprintf(conf, sizeof(conf), "%s/skyfox.conf", getenv("SKYFOX_DATA"));
	snprintf(aside, sizeof(aside), "%s.aside", conf);
	(void)rename(aside, conf);
	snprintf(conf, sizeof(conf), "%s/secret.key", getenv("SKYFOX_DATA"));
	(void)chmod(conf, 0600);
}

Suite *
input_suite(void)
{
	Suite	*s = suite_create("input");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, restore_site, NULL);
	tcase_add_test(tc, test_early_refusal_with_a_body_on_the_wire_arrives_whole);
	tcase_add_test(tc, test_unconfigured_site_answers_503_whole);
	tcase_add_test(tc, test_json_text_holding_nul_is_422_naming_the_field);
	tcase_add_test(tc, test_json_numbers_sent_as_strings_are_refused);
	tcase_add_test(tc, test_declined_card_is_402_payment_required);
	tcase_add_test(tc, test_key_file_readable_by_others_is_refused);
	tcase_add_test(tc, test_unknown_time_zone_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
