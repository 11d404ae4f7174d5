/* Tickets and check-in over the real Apache: a walk-in sale and a paid
 * customer booking get PDF and PNG tickets whose QR codes (decoded with
 * zbarimg from the PDF rendered by pdftoppm, and from the PNG) are the
 * signed code; that code checks in once, then answers "already"; an altered
 * code, another customer, a pending booking and the wrong time are refused.
 *
 * Shows are scheduled in the coming days; the door's window is reached by
 * moving the site's clock (clock_offset), which the teardown puts back. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#include "buf.h"
#include "client.h"
#include "fixture.h"

#define PRICE	20000LL		/* a Standard seat (rows A–E) */

/* --- helpers -------------------------------------------------------------- */

static void
teardown(void)
{
	fx_clock_back();
	conf_set("checkin_opens_minutes", NULL);
}

/* A show the day after tomorrow on a screen of its own (every slot free);
 * *starts, *ends set. */
static long long
show_with_times(const char *admin, long long *starts, long long *ends)
{
	long long id = fx_show(admin, 2, (int)fx_screen_like(1), PRICE);

	*starts = fx_sql_int("SELECT starts_at FROM shows WHERE id = %lld", id);
	*ends = fx_sql_int("SELECT ends_at FROM shows WHERE id = %lld", id);
	return id;
}

/* A customer's hold, paid by card unless pay is 0. */
static long long
customer_booking(const char *token, long long show, const char *seats,
    int pay)
{
	long long id = fx_hold(token, show, seats);

	if (pay)
		fx_pay(token, id);
	return id;
}

/* A customer of our own, signed up and logged in: the token. */
static char *
new_customer(void)
{
	struct fx_account a;

	fx_signup("tix", &a);
	return login(a.username, a.password);
}

/* The signed code of a ticket, from its JSON. */
static char *
tk_code(const char *token, long long id)
{
	char	 path[64], *code;
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/tickets/%lld", id);
	r = api("GET", path, NULL, token);
	ck_assert_msg(r->status == 200, "ticket %lld: %ld %s", id, r->status,
	    r->body);
	code = strdup(jstr(r->json, "data.code"));
	hresp_free(r);
	ck_assert_ptr_nonnull(strstr(code, "SKYFOX1."));
	return code;
}

/* Save a response body to a new temporary file; its path (malloc'd). */
static char *
save(const struct hresp *r, const char *suffix)
{
	char	 tmpl[64];
	int	 fd;

	snprintf(tmpl, sizeof(tmpl), "/tmp/skyfox-ticket-XXXXXX%s", suffix);
	fd = mkstemps(tmpl, (int)strlen(suffix));
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, r->body, r->len), (ssize_t)r->len);
	close(fd);
	return strdup(tmpl);
}


/* The QR codes zbarimg finds in an image (one per line). */
static char *
qr_of_image(const char *path)
{
	char	 cmd[1100];

	snprintf(cmd, sizeof(cmd), "zbarimg --raw -q '%s' 2>/dev/null", path);
	return shell_output(cmd);
}

static struct hresp *
checkin_codes(const char *token, const char *code)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"codes\":[\"%s\"]}", code);
	return api("POST", "/api/checkins", body, token);
}

/* --- tests ------------------------------------------------------------------ */

START_TEST(test_pdf_and_png_qr_decode_to_the_code_that_checks_in)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	long long starts, ends, show = show_with_times(admin, &starts, &ends);
	long long id = fx_walkin(staff, show, "[\"A1\",\"A2\"]", PRICE * 2, "Walk In Tester");
	char	*code = tk_code(staff, id), *pdf, *txt, *png, *qr, cmd[1024];
	char	 path[64], idtext[32], etag[128], inm[160], auth[1200];
	const char *with_auth[3] = { auth, inm, NULL };
	const char *anon[2] = { inm, NULL };
	struct hresp *r, *t;

	/* The PDF: headers, and the text a person reads. */
	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", id);
	r = api("GET", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(hdr(r, "Content-Type"), "application/pdf");
	ck_assert_ptr_nonnull(strstr(hdr(r, "Content-Disposition"), "attachment"));
	snprintf(idtext, sizeof(idtext), "skyfox-ticket-%lld.pdf", id);
	ck_assert_ptr_nonnull(strstr(hdr(r, "Content-Disposition"), idtext));
	ck_assert_str_eq(hdr(r, "Cache-Control"), "private, no-cache");
	ck_assert_ptr_nonnull(hdr(r, "ETag"));
	snprintf(etag, sizeof(etag), "%s", hdr(r, "ETag"));
	ck_assert_int_eq(memcmp(r->body, "%PDF-", 5), 0);
	pdf = save(r, ".pdf");
	hresp_free(r);

	snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' - 2>/dev/null", pdf);
	txt = shell_output(cmd);
	snprintf(path, sizeof(path), "/api/tickets/%lld", id);
	t = api("GET", path, NULL, staff);
	ck_assert_int_eq(t->status, 200);
	snprintf(idtext, sizeof(idtext), "%lld", id);
	ck_assert_msg(strstr(txt, "BOOKING ID") && strstr(txt, idtext),
	    "booking id not in PDF text:\n%s", txt);
	{
		/* The title may be wrapped: look for its first word and last. */
		const char *title = jstr(t->json, "data.title");
		char	 first[64];

		snprintf(first, sizeof(first), "%.*s", (int)strcspn(title, " "), title);
		ck_assert_msg(strstr(txt, first) != NULL, "title '%s' not in:\n%s",
		    title, txt);
		ck_assert_msg(strstr(txt, strrchr(title, ' ') ? strrchr(title, ' ') + 1 :
		    title) != NULL, "title end not in:\n%s", txt);
	}
	ck_assert_ptr_nonnull(strstr(txt, "A1, A2"));
	ck_assert_ptr_nonnull(strstr(txt, "₹400.00"));
	ck_assert_ptr_nonnull(strstr(txt, "Walk In Tester"));
	ck_assert_ptr_nonnull(strstr(txt, "Cash"));
	ck_assert_ptr_nonnull(strstr(txt, "Confirmed"));
	ck_assert_ptr_nonnull(strstr(txt, "Scan this at the entrance"));
	ck_assert_str_eq(jstr(t->json, "data.amount_text"), "₹400.00");
	hresp_free(t);
	free(txt);

	/* The QR in the PDF, rendered at 150 dpi, is the signed code. */
	snprintf(cmd, sizeof(cmd), "pdftoppm -r 150 -png -singlefile '%s' '%s' "
	    "2>/dev/null", pdf, pdf);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.png", pdf);
	qr = qr_of_image(cmd);
	ck_assert_str_eq(qr, code);
	free(qr);
	unlink(cmd);
	unlink(pdf);
	free(pdf);

	/* Unchanged: 304 without a rendering — but only after the checks. */
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", staff);
	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", id);
	r = http("GET", path, NULL, NULL, 0, with_auth);
	ck_assert_int_eq(r->status, 304);
	ck_assert_uint_eq(r->len, 0);
	hresp_free(r);
	r = http("GET", path, NULL, NULL, 0, anon);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);

	/* The PNG: module-exact, the same code. */
	snprintf(path, sizeof(path), "/api/tickets/%lld.png", id);
	r = api("GET", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(hdr(r, "Content-Type"), "image/png");
	png = save(r, ".png");
	hresp_free(r);
	qr = qr_of_image(png);
	ck_assert_str_eq(qr, code);
	free(qr);
	unlink(png);
	free(png);

	/* The SVG too is the QR (its modules are drawn as a path). */
	snprintf(path, sizeof(path), "/api/tickets/%lld.svg", id);
	r = api("GET", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(hdr(r, "Content-Type"), "image/svg+xml");
	ck_assert_ptr_nonnull(strstr(r->body, "<svg"));
	hresp_free(r);

	/* At the door: 30 minutes before the show.  The code checks in. */
	fx_clock_to(starts - 30 * 60);
	free(staff);
	staff = fx_login("staff");
	r = checkin_codes(staff, code);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.checked_in")), 1);
	ck_assert_int_eq(jint(r->json, "data.checked_in.0.booking_id"), id);
	ck_assert_str_eq(jstr(r->json, "data.checked_in.0.name"), "Walk In Tester");
	ck_assert_str_eq(jstr(r->json, "data.checked_in.0.seats.1"), "A2");
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.already_done")), 0);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.invalid")), 0);
	hresp_free(r);

	/* Twice: already done, with when and by whom. */
	r = checkin_codes(staff, code);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.checked_in")), 0);
	ck_assert_int_eq(jint(r->json, "data.already_done.0.booking_id"), id);
	ck_assert_str_eq(jstr(r->json, "data.already_done.0.checked_in_by"), "staff");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.already_done.0.checked_in_at"),
	    "+05:30"));
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/tickets/%lld", id);
	t = api("GET", path, NULL, staff);
	ck_assert_str_eq(jstr(t->json, "data.status"), "checked_in");
	hresp_free(t);

	/* One altered character: refused, and nothing else changes. */
	{
		char	*bad = strdup(code);
		size_t	 i = strlen(bad) - 10;

		bad[i] = bad[i] == 'Q' ? 'R' : 'Q';
		r = checkin_codes(staff, bad);
		ck_assert_int_eq(r->status, 200);
		ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"), "bad_signature");
		ck_assert_str_eq(jstr(r->json, "data.invalid.0.input"), bad);
		hresp_free(r);
		free(bad);
	}
	free(code);
	free(admin);
	free(staff);
}
END_TEST

START_TEST(test_customer_ticket_for_owner_and_staff_only)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	char	*cust = fx_login("customer"), *other = new_customer();
	long long starts, ends, show = show_with_times(admin, &starts, &ends);
	long long paid = customer_booking(cust, show, "[\"B4\",\"B5\"]", 1);
	long long held = customer_booking(cust, show, "[\"B6\"]", 0);
	char	 path[64], *pdf, *txt, cmd[512];
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", paid);
	r = api("GET", path, NULL, cust);
	ck_assert_int_eq(r->status, 200);
	pdf = save(r, ".pdf");
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "pdftotext '%s' - 2>/dev/null", pdf);
	txt = shell_output(cmd);
	ck_assert_msg(strstr(txt, "Chitra Customer") != NULL, "%s", txt);
	ck_assert_ptr_nonnull(strstr(txt, "B4, B5"));
	ck_assert_ptr_nonnull(strstr(txt, "Card"));
	free(txt);
	unlink(pdf);
	free(pdf);

	/* Staff may print it; another customer is told it does not exist,
	 * exactly as for a booking that does not. */
	r = api("GET", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	r = api("GET", path, NULL, other);
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/tickets/%lld.png", paid);
	r = api("GET", path, NULL, other);
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = api("GET", "/api/tickets/999999999.pdf", NULL, cust);
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = api("GET", path, NULL, NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);

	/* A pending hold has no ticket (to its owner: 409; others: 404). */
	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", held);
	r = api("GET", path, NULL, cust);
	expect_error(r, 409, "INVALID_BOOKING_STATUS");
	hresp_free(r);
	r = api("GET", path, NULL, other);
	expect_error(r, 404, "BOOKING_NOT_FOUND");
	hresp_free(r);
	r = api("POST", path, "{}", cust);
	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	hresp_free(r);
	/* …and it cannot be checked in either. */
	{
		char	 body[96];

		snprintf(body, sizeof(body), "{\"booking_ids\":[%lld]}", held);
		fx_clock_to(starts - 10 * 60);
		free(staff);
		staff = fx_login("staff");
		r = api("POST", "/api/checkins", body, staff);
		ck_assert_int_eq(r->status, 200);
		ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"), "not_confirmed");
		hresp_free(r);
	}
	free(admin);
	free(staff);
	free(cust);
	free(other);
}
END_TEST

START_TEST(test_checkin_refused_outside_the_window)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	long long starts, ends, show = show_with_times(admin, &starts, &ends);
	long long id = fx_walkin(staff, show, "[\"C1\"]", PRICE, "Early Bird");
	char	*code = tk_code(staff, id), sql[96];
	struct hresp *r;

	/* Now (days before): closed, and the message says when it opens. */
	r = checkin_codes(staff, code);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.checked_in")), 0);
	ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"),
	    "CHECKIN_WINDOW_CLOSED");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.invalid.0.message"),
	    "not open yet"));
	ck_assert_ptr_nonnull(jget(r->json, "data.invalid.0.opens_at"));
	hresp_free(r);

	/* 61 minutes before: still closed; with a 90-minute window: open. */
	fx_clock_to(starts - 61 * 60);
	free(staff);
	staff = fx_login("staff");
	r = checkin_codes(staff, code);
	ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"),
	    "CHECKIN_WINDOW_CLOSED");
	hresp_free(r);

	/* After the show has ended: closed. */
	fx_clock_to(ends + 60);
	free(staff);
	staff = fx_login("staff");
	r = checkin_codes(staff, code);
	ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"),
	    "CHECKIN_WINDOW_CLOSED");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.invalid.0.message"), "ended"));
	hresp_free(r);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM checkins WHERE "
	    "booking_id = %lld", id);
	ck_assert_int_eq(fx_sql_int("%s", sql), 0);

	/* The window is a setting. */
	fx_clock_to(starts - 80 * 60);
	conf_set("checkin_opens_minutes", "90");
	free(staff);
	staff = fx_login("staff");
	r = checkin_codes(staff, code);
	ck_assert_int_eq(jint(r->json, "data.checked_in.0.booking_id"), id);
	hresp_free(r);
	ck_assert_int_eq(fx_sql_int("%s", sql), 1);
	free(code);
	free(admin);
	free(staff);
}
END_TEST

START_TEST(test_door_list_counts_and_batch)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	long long starts, ends, show = show_with_times(admin, &starts, &ends);
	long long a = fx_walkin(staff, show, "[\"D1\",\"D2\",\"D3\"]", PRICE * 3, "Group Leader");
	long long b = fx_walkin(staff, show, "[\"D4\"]", PRICE, "Solo Viewer");
	char	 path[64], body[256];
	struct hresp *r;

	fx_clock_to(starts - 5 * 60);
	free(staff);
	staff = fx_login("staff");
	snprintf(body, sizeof(body), "{\"booking_ids\":[%lld,%lld,%lld,424242424,"
	    "\"nope\"],\"show_id\":%lld}", a, a, b, show);
	r = api("POST", "/api/checkins", body, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.checked_in")), 2);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.already_done")), 1);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.invalid")), 2);
	ck_assert_str_eq(jstr(r->json, "data.invalid.0.reason"), "unknown_booking");
	ck_assert_str_eq(jstr(r->json, "data.invalid.1.reason"), "malformed");
	hresp_free(r);

	snprintf(path, sizeof(path), "/api/checkins?show_id=%lld", show);
	r = api("GET", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.counts.bookings"), 2);
	ck_assert_int_eq(jint(r->json, "data.counts.checked_in"), 2);
	ck_assert_int_eq(jint(r->json, "data.counts.seats"), 4);
	ck_assert_int_eq(jint(r->json, "data.counts.seats_checked_in"), 4);
	ck_assert(cJSON_IsTrue(jget(r->json, "data.open")));
	ck_assert_str_eq(jstr(r->json, "data.bookings.0.name"), "Group Leader");
	ck_assert_str_eq(jstr(r->json, "data.bookings.0.seats.2"), "D3");
	ck_assert_str_eq(jstr(r->json, "data.bookings.0.checked_in_by"), "staff");
	hresp_free(r);

	/* The day's list has the show with its counts. */
	r = api("GET", "/api/checkins", NULL, staff);
	ck_assert_int_eq(r->status, 200);
	{
		const cJSON *s;
		int	 seen = 0;

		cJSON_ArrayForEach(s, jget(r->json, "data.shows"))
			if (jint(s, "show_id") == show) {
				seen = 1;
				ck_assert_int_eq(jint(s, "counts.checked_in"), 2);
			}
		ck_assert(seen);
	}
	hresp_free(r);
	r = api("GET", "/api/checkins?show_id=999999999", NULL, staff);
	expect_error(r, 404, "SHOW_NOT_FOUND");
	hresp_free(r);
	free(admin);
	free(staff);
}
END_TEST

START_TEST(test_checkins_roles_and_bad_input)
{
	char	*staff = fx_login("staff"), *cust = fx_login("customer");
	struct buf big = BUF_INIT;
	struct hresp *r;

	r = api("POST", "/api/checkins", "{\"booking_ids\":[1]}", cust);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("GET", "/api/checkins", NULL, cust);
	expect_error(r, 403, "FORBIDDEN");
	hresp_free(r);
	r = api("POST", "/api/checkins", "{\"booking_ids\":[1]}", NULL);
	expect_error(r, 401, "UNAUTHORIZED");
	hresp_free(r);
	r = api("POST", "/api/checkins", "{}", staff);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("POST", "/api/checkins", "{\"codes\":\"SKYFOX1.1.x\"}", staff);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "codes");
	hresp_free(r);
	buf_puts(&big, "{\"booking_ids\":[");
	for (int i = 1; i <= 51; i++)
		buf_printf(&big, "%s%d", i > 1 ? "," : "", i);
	buf_puts(&big, "]}");
	r = api("POST", "/api/checkins", buf_str(&big), staff);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	buf_free(&big);
	r = api("GET", "/api/checkins?show_id=abc", NULL, staff);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("GET", "/api/checkins?date=2026-02-30", NULL, staff);
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("DELETE", "/api/checkins", NULL, staff);
	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	hresp_free(r);
	free(staff);
	free(cust);
}
END_TEST

/* A scanner holding only the published key verifies a ticket offline. */
START_TEST(test_published_key_verifies_codes_offline)
{
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	long long starts, ends, show = show_with_times(admin, &starts, &ends);
	long long id = fx_walkin(staff, show, "[\"E1\"]", PRICE, "Key Checker");
	char	*code = tk_code(staff, id);
	unsigned char pk[32], sig[64];
	size_t	 len;
	const char *dot;
	struct hresp *r = api("GET", "/api/checkins/key", NULL, NULL);

	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.algorithm"), "Ed25519");
	ck_assert_ptr_nonnull(strstr(hdr(r, "Cache-Control"), "public"));
	ck_assert_int_eq(sodium_base642bin(pk, sizeof(pk), jstr(r->json,
	    "data.public_key"), strlen(jstr(r->json, "data.public_key")), NULL,
	    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	ck_assert_uint_eq(len, 32);
	hresp_free(r);
	dot = strrchr(code, '.');
	ck_assert_int_eq(sodium_base642bin(sig, sizeof(sig), dot + 1, strlen(dot + 1),
	    NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	ck_assert_int_eq(crypto_sign_verify_detached(sig, (const unsigned char *)code,
	    (unsigned long long)(dot - code), pk), 0);
	/* The signature does not fit another booking's id. */
	ck_assert_int_ne(crypto_sign_verify_detached(sig,
	    (const unsigned char *)"SKYFOX1.1", 9, pk), 0);

	/* migrate keeps the key (idempotent): tickets stay valid. */
	ck_assert_int_eq(skyfoxctl("migrate"), 0);
	r = api("GET", "/api/checkins/key", NULL, NULL);
	{
		unsigned char pk2[32];

		sodium_base642bin(pk2, sizeof(pk2), jstr(r->json, "data.public_key"),
		    strlen(jstr(r->json, "data.public_key")), NULL, &len, NULL,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		ck_assert_mem_eq(pk, pk2, 32);
	}
	hresp_free(r);
	free(code);
	free(admin);
	free(staff);
}
END_TEST

/* Only tickets.cgi loads the PDF and image libraries, and no CGI links
 * libcurl or MagickWand (DESIGN §9). */
START_TEST(test_heavy_libraries_only_in_tickets_cgi)
{
	char	 cmd[1024], *out;
	const char *light[] = { "checkins", "bookings", "health", "movies",
	    "payments", "wallet" };

	snprintf(cmd, sizeof(cmd), "ldd '%s/cgi-bin/tickets.cgi'",
	    getenv("SKYFOX_ROOT"));
	out = shell_output(cmd);
	ck_assert_ptr_nonnull(strstr(out, "libhpdf"));
	ck_assert_ptr_nonnull(strstr(out, "libqrencode"));
	ck_assert_ptr_nonnull(strstr(out, "libpng"));
	free(out);
	for (size_t i = 0; i < sizeof(light) / sizeof(light[0]); i++) {
		snprintf(cmd, sizeof(cmd), "ldd '%s/cgi-bin/%s.cgi' 2>&1",
		    getenv("SKYFOX_ROOT"), light[i]);
		out = shell_output(cmd);
		/* libcurl too: movies.cgi and the payment CGIs load it
		 * (lib/dlcurl) only when they call out. */
		ck_assert_msg(strstr(out, "libhpdf") == NULL &&
		    strstr(out, "libqrencode") == NULL &&
		    strstr(out, "libpng") == NULL &&
		    strstr(out, "libcurl") == NULL &&
		    strstr(out, "MagickWand") == NULL,
		    "%s.cgi links a heavy library:\n%s", light[i], out);
		free(out);
	}
}
END_TEST

/* The ticket's fonts (the subsets of tools/subset-fonts.sh, or Debian's
 * full DejaVu) print what a cinema's name, a film's title or a customer's
 * name may hold: Latin in its extensions (Polish, Vietnamese), Greek,
 * Cyrillic, and the rupee sign. */
START_TEST(test_ticket_prints_latin_greek_cyrillic_and_the_rupee)
{
	const char *words[] = { "Ciné", "Łódź", "Nguyễn", "Ωμέγα", "Кино",
	    "₹" };
	char	*admin = fx_login("admin"), *staff = fx_login("staff");
	long long starts, ends, show = show_with_times(admin, &starts, &ends);
	long long id = fx_walkin(staff, show, "[\"C1\"]", PRICE, "Script Tester");
	char	 path[64], cmd[512], *pdf, *txt;
	struct hresp *r;

	conf_set("cinema_name", "Ciné Łódź Nguyễn Ωμέγα Кино");
	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", id);
	r = api("GET", path, NULL, staff);
	conf_set("cinema_name", NULL);
	ck_assert_int_eq(r->status, 200);
	pdf = save(r, ".pdf");
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "pdftotext '%s' - 2>/dev/null", pdf);
	txt = shell_output(cmd);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		ck_assert_msg(strstr(txt, words[i]) != NULL, "'%s' not in:\n%s",
		    words[i], txt);
	/* Every font is embedded (a viewer without DejaVu shows the same). */
	snprintf(cmd, sizeof(cmd), "pdffonts '%s' 2>/dev/null | tail -n +3 | "
	    "awk '$(NF-4) != \"yes\"' | wc -l", pdf);
	free(txt);
	txt = shell_output(cmd);
	ck_assert_str_eq(txt, "0");
	free(txt);
	/* pdftotext reads the text layer, which names the characters even
	 * where the font has no glyph (a box on paper): the subset fonts
	 * themselves must draw each one (read with Debian's fontTools). */
	snprintf(cmd, sizeof(cmd), "cd '%s' && [ -f fonts/DejaVuSans.ttf ] && "
	    "/usr/bin/python3 -c 'import sys\n"
	    "from fontTools.ttLib import TTFont\n"
	    "for f in sys.argv[2:]:\n"
	    "    cmap = TTFont(f).getBestCmap()\n"
	    "    print(f, [c for c in sys.argv[1] if c != \" \" and ord(c) not in cmap])' "
	    "'%s' fonts/DejaVuSans.ttf fonts/DejaVuSans-Bold.ttf 2>&1 || true",
	    getenv("SKYFOX_ROOT"), "Ciné Łódź Nguyễn Ωμέγα Кино ₹ Ñúñez Şahin Øre");
	txt = shell_output(cmd);
	ck_assert_msg(*txt == '\0' || (strstr(txt, "[]\nfonts/DejaVuSans-Bold.ttf []")
	    != NULL && strstr(txt, "Error") == NULL), "glyphs missing: %s", txt);
	free(txt);
	unlink(pdf);
	free(pdf);
	free(admin);
	free(staff);
}
END_TEST

/* The ticket says its day as the pages do (js/cinema-time.js cinemaDay):
 * "Sat, 3 Apr 2027", never "Sat, 03 Apr 2027".  The site's clock is moved
 * to noon on the first of next month, so the show — the day after
 * tomorrow — falls on the 3rd whatever today is. */
START_TEST(test_ticket_day_has_no_leading_zero)
{
	static const char *days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat" };
	static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char	*admin, *staff;
	char	 path[64], cmd[512], want[40], *pdf, *txt;
	time_t	 now = time(NULL), first, show_day;
	struct tm tm;
	long long starts, ends, show, id;
	struct hresp *r;

	gmtime_r(&now, &tm);
	tm.tm_mon += 1;
	tm.tm_mday = 1;
	tm.tm_hour = 6;		/* 12:00 in Asia/Kolkata */
	tm.tm_min = 30;
	tm.tm_sec = 0;
	first = timegm(&tm);
	fx_clock_to((long long)first);
	admin = fx_login("admin");	/* a session is dated on the site's clock */
	staff = fx_login("staff");
	show = show_with_times(admin, &starts, &ends);
	show_day = first + 2 * 86400;
	gmtime_r(&show_day, &tm);
	snprintf(want, sizeof(want), "%s, %d %s %d", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
	ck_assert_int_eq(tm.tm_mday, 3);
	id = fx_walkin(staff, show, "[\"B1\"]", PRICE, "Day Tester");

	snprintf(path, sizeof(path), "/api/tickets/%lld.pdf", id);
	r = api("GET", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	pdf = save(r, ".pdf");
	hresp_free(r);
	snprintf(cmd, sizeof(cmd), "pdftotext '%s' - 2>/dev/null", pdf);
	txt = shell_output(cmd);
	ck_assert_msg(strstr(txt, want) != NULL, "'%s' not in:\n%s", want,
	    txt);
	ck_assert_msg(strstr(txt, ", 03 ") == NULL, "a padded day in:\n%s",
	    txt);
	free(txt);
	unlink(pdf);
	free(pdf);
	free(admin);
	free(staff);
}
END_TEST

Suite *
tickets_suite(void)
{
	Suite	*s = suite_create("tickets");
	TCase	*t = tcase_create("tickets");

	tcase_add_checked_fixture(t, NULL, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_pdf_and_png_qr_decode_to_the_code_that_checks_in);
	tcase_add_test(t, test_customer_ticket_for_owner_and_staff_only);
	tcase_add_test(t, test_checkin_refused_outside_the_window);
	tcase_add_test(t, test_door_list_counts_and_batch);
	tcase_add_test(t, test_checkins_roles_and_bad_input);
	tcase_add_test(t, test_published_key_verifies_codes_offline);
	tcase_add_test(t, test_heavy_libraries_only_in_tickets_cgi);
	tcase_add_test(t, test_ticket_prints_latin_greek_cyrillic_and_the_rupee);
	tcase_add_test(t, test_ticket_day_has_no_leading_zero);
	suite_add_tcase(s, t);
	return s;
}
