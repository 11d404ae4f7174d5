/* Tickets: what a booking's ticket says, who may see it, and its PDF, PNG
 * and SVG renderings (made here without a server). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "buf.h"
#include "clock.h"
#include "money.h"
#include "ticket.h"
#include "ticket_fixture.h"
#include "ticket_pdf.h"
#include "ticket_png.h"
#include "ticket_qr.h"
#include "ticketcode.h"

#define LONG_TITLE "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb"
#define T0	1795629600LL	/* 2026-11-25 23:30 in Asia/Kolkata */

static struct tf f;

static void
setup(void)
{
	tf_open(&f);
}

static void
teardown(void)
{
	tf_close(&f);
}

static struct ticket
load(long long id)
{
	struct ticket t;
	int	 found = 0;

	ck_assert_int_eq(ticket_load(f.db, id, &t, &found), SQLITE_OK);
	ck_assert_int_eq(found, 1);
	return t;
}

START_TEST(test_ticket_holds_everything_printed)
{
	long long show = tf_show(&f, LONG_TITLE, T0, T0 + 3 * 3600);
	long long b = tf_booking(&f, show, f.customer, NULL, "A10,A2,A1",
	    "confirmed", "card");
	struct ticket t = load(b);
	char	 s[200];

	ck_assert_int_eq(t.booking_id, b);
	ck_assert_int_eq(t.show_id, show);
	ck_assert_int_eq(t.user_id, f.customer);
	ck_assert_int_eq(t.walkin, 0);
	ck_assert_str_eq(t.status, "confirmed");
	ck_assert_str_eq(t.title, LONG_TITLE);
	ck_assert_str_eq(t.slot, "Evening");
	ck_assert_str_eq(t.date, "2026-11-25");
	ck_assert_int_eq(t.starts_at, T0);
	ck_assert_int_eq(t.amount, 75000);
	ck_assert_str_eq(t.customer, "Cara Customer");
	/* Seats in seat-map order, not typing order. */
	ck_assert_int_eq(t.nseats, 3);
	ticket_seats_text(&t, s, sizeof(s));
	ck_assert_str_eq(s, "A1, A2, A10");
	ticket_payment_text(&t, s, sizeof(s));
	ck_assert_str_eq(s, "Card (Visa ending 1111)");
	ticket_day_text(T0, s, sizeof(s));
	ck_assert_str_eq(s, "Wed, 25 Nov 2026");
	ticket_time_text(T0, s, sizeof(s));
	ck_assert_str_eq(s, "23:30");
}
END_TEST

/* One day style with the pages (js/cinema-time.js cinemaDay): no leading
 * zero on the day, English names whatever the locale, the cinema's zone. */
START_TEST(test_ticket_day_text_is_the_pages_style)
{
	char	 s[40];

	ticket_day_text(1796479200LL, s, sizeof(s));	/* 2026-12-05 19:30 IST */
	ck_assert_str_eq(s, "Sat, 5 Dec 2026");
	ticket_time_text(1796479200LL, s, sizeof(s));
	ck_assert_str_eq(s, "19:30");
	/* 18:40 UTC on the 31st is already New Year's Day at the cinema. */
	ticket_day_text(1798742400LL, s, sizeof(s));
	ck_assert_str_eq(s, "Fri, 1 Jan 2027");
	ticket_time_text(1798742400LL, s, sizeof(s));
	ck_assert_str_eq(s, "00:10");
	/* A short buffer is cut, never overrun. */
	ticket_day_text(1796479200LL, s, 6);
	ck_assert_str_eq(s, "Sat, ");
}
END_TEST

/* The API's ticket: the words of the PDF as data, in the API's order. */
START_TEST(test_ticket_json_says_what_the_pdf_says)
{
	long long show = tf_show(&f, "Up", T0, T0 + 3 * 3600);
	long long b = tf_booking(&f, show, f.customer, NULL, "A2,A1",
	    "confirmed", "card");
	struct ticket t = load(b);
	cJSON	*d = ticket_json(&t, "SKYFOX1.x", "INR", T0 - 3600, T0 + 10800);
	cJSON	*w = cJSON_GetObjectItem(d, "checkin_window");
	char	*s = cJSON_PrintUnformatted(cJSON_GetObjectItem(d, "seats"));

	ck_assert_str_eq(d->child->string, "booking_id");
	ck_assert_int_eq(cJSON_GetObjectItem(d, "booking_id")->valueint, b);
	ck_assert_str_eq(cJSON_GetObjectItem(d, "code")->valuestring, "SKYFOX1.x");
	ck_assert_str_eq(s, "[\"A1\",\"A2\"]");
	ck_assert_str_eq(cJSON_GetObjectItem(d, "payment_text")->valuestring,
	    "Card (Visa ending 1111)");
	ck_assert_str_eq(cJSON_GetObjectItem(d, "customer_name")->valuestring,
	    "Cara Customer");
	ck_assert_str_eq(cJSON_GetObjectItem(w, "opens_at")->valuestring,
	    "2026-11-25T22:30:00+05:30");
	/* The links to the files are the CGI's: they come last, from it. */
	ck_assert_str_eq(cJSON_GetArrayItem(d, cJSON_GetArraySize(d) - 1)->string,
	    "checkin_window");
	free(s);
	cJSON_Delete(d);
}
END_TEST

START_TEST(test_walkin_ticket_names_the_walkin_customer)
{
	long long show = tf_show(&f, "Up", T0, T0 + 3600);
	long long b = tf_booking(&f, show, 0, "Zoë Ñandú", "A3", "confirmed",
	    "cash");
	struct ticket t = load(b);
	char	 s[64];

	ck_assert_int_eq(t.walkin, 1);
	ck_assert_int_eq(t.user_id, 0);
	ck_assert_str_eq(t.customer, "Zoë Ñandú");
	ticket_payment_text(&t, s, sizeof(s));
	ck_assert_str_eq(s, "Cash");
	/* A walk-in ticket belongs to no customer account. */
	ck_assert_int_eq(ticket_access(&t, f.customer, 0), TICKET_NOT_FOUND);
	ck_assert_int_eq(ticket_access(&t, 0, 0), TICKET_NOT_FOUND);
	ck_assert_int_eq(ticket_access(&t, f.staff, 1), TICKET_OK);
}
END_TEST

START_TEST(test_access_owner_staff_and_nobody_else)
{
	long long show = tf_show(&f, "Up", T0, T0 + 3600);
	long long ok = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed",
	    NULL);
	long long pend = tf_booking(&f, show, f.customer, NULL, "A2", "pending",
	    NULL);
	long long gone = tf_booking(&f, show, f.customer, NULL, "A3",
	    "cancelled", NULL);
	long long late = tf_booking(&f, show, f.customer, NULL, "A4", "expired",
	    NULL);
	struct ticket t;
	int	 found = 1;

	t = load(ok);
	ck_assert_int_eq(ticket_access(&t, f.customer, 0), TICKET_OK);
	ck_assert_int_eq(ticket_access(&t, f.customer2, 0), TICKET_NOT_FOUND);
	ck_assert_int_eq(ticket_access(&t, f.staff, 1), TICKET_OK);
	/* Not a ticket (yet, or any more) — but only its owner may learn so. */
	t = load(pend);
	ck_assert_int_eq(ticket_access(&t, f.customer, 0), TICKET_NOT_ISSUED);
	ck_assert_int_eq(ticket_access(&t, f.customer2, 0), TICKET_NOT_FOUND);
	ck_assert_int_eq(ticket_access(&t, f.staff, 1), TICKET_NOT_ISSUED);
	t = load(gone);
	ck_assert_int_eq(ticket_access(&t, f.customer, 0), TICKET_NOT_ISSUED);
	t = load(late);
	ck_assert_int_eq(ticket_access(&t, f.customer, 0), TICKET_NOT_ISSUED);
	ck_assert_int_eq(ticket_load(f.db, 999999, &t, &found), SQLITE_OK);
	ck_assert_int_eq(found, 0);
}
END_TEST

START_TEST(test_etag_changes_with_what_is_shown)
{
	long long show = tf_show(&f, "Up", T0, T0 + 3600);
	long long b = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed",
	    NULL);
	struct ticket t = load(b);
	char	 e1[TICKET_ETAG_LEN], e2[TICKET_ETAG_LEN];

	ticket_etag(&t, "code", "pdf", "cinema", e1);
	ck_assert_uint_eq(strlen(e1), 34);
	ck_assert_int_eq(e1[0], '"');
	ticket_etag(&t, "code", "pdf", "cinema", e2);
	ck_assert_str_eq(e1, e2);
	ticket_etag(&t, "code", "png", "cinema", e2);
	ck_assert_str_ne(e1, e2);
	ticket_etag(&t, "code", "pdf", "another cinema", e2);
	ck_assert_str_ne(e1, e2);
	snprintf(t.status, sizeof(t.status), "checked_in");
	ticket_etag(&t, "code", "pdf", "cinema", e2);
	ck_assert_str_ne(e1, e2);
}
END_TEST

START_TEST(test_copy_utf8_never_cuts_a_character)
{
	char	 out[6];

	ticket_copy_utf8(out, sizeof(out), "abcd€f");	/* € is 3 bytes */
	ck_assert_str_eq(out, "abcd");
	ticket_copy_utf8(out, sizeof(out), "ab€f");
	ck_assert_str_eq(out, "ab€");
	ticket_copy_utf8(out, sizeof(out), "abc");
	ck_assert_str_eq(out, "abc");
}
END_TEST

/* --- renderings --------------------------------------------------------- */

static void
code_for(long long id, char code[TICKETCODE_MAX])
{
	unsigned char pk[KEYS_SIGN_PUBLIC_LEN], sk[KEYS_SIGN_SECRET_LEN];

	ck_assert_int_ge(sodium_init(), 0);
	crypto_sign_keypair(pk, sk);
	ck_assert_int_eq(ticketcode_make(sk, id, code), 0);
}

static const struct ticket_pdf_opts OPTS = { "SkyFox Cinema", "INR",
	TICKET_FONT_DEFAULT, TICKET_FONT_BOLD_DEFAULT, 60 };

/* Is needle in the n bytes of hay? */
static int
has(const struct buf *b, const char *needle)
{
	return memmem(b->data, b->len, needle, strlen(needle)) != NULL;
}

START_TEST(test_pdf_is_one_complete_page)
{
	long long show = tf_show(&f, LONG_TITLE, T0, T0 + 3600);
	long long b = tf_booking(&f, show, f.customer, NULL, "A1,A2",
	    "confirmed", NULL);
	struct ticket t = load(b);
	struct ticket_qr q;
	struct buf out = BUF_INIT;
	char	 code[TICKETCODE_MAX], why[200] = "";

	code_for(b, code);
	ck_assert_int_eq(ticket_qr_encode(code, &q), 0);
	ck_assert_msg(ticket_pdf_render(&t, &q, &OPTS, &out, why, sizeof(why)) == 0,
	    "%s", why);
	ck_assert_uint_gt(out.len, 1000);
	ck_assert_int_eq(memcmp(out.data, "%PDF-", 5), 0);
	ck_assert(has(&out, "%%EOF"));
	ck_assert(has(&out, "/Count 1"));		/* one page */
	ck_assert(has(&out, "DejaVuSans"));		/* the font is embedded */
	ck_assert(has(&out, "/FontFile2"));
	ticket_qr_free(&q);
	buf_free(&out);
}
END_TEST

START_TEST(test_pdf_refuses_a_missing_font_with_a_reason)
{
	long long show = tf_show(&f, "Up", T0, T0 + 3600);
	long long b = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed",
	    NULL);
	struct ticket t = load(b);
	struct ticket_pdf_opts o = OPTS;
	struct ticket_qr q;
	struct buf out = BUF_INIT;
	char	 code[TICKETCODE_MAX], why[200] = "";

	code_for(b, code);
	ck_assert_int_eq(ticket_qr_encode(code, &q), 0);
	o.font = "/nonexistent/font.ttf";
	ck_assert_int_eq(ticket_pdf_render(&t, &q, &o, &out, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "/nonexistent/font.ttf"));
	/* A file that is not a font: libharu's error comes back, no crash. */
	o.font = "/etc/hostname";
	why[0] = '\0';
	ck_assert_int_eq(ticket_pdf_render(&t, &q, &o, &out, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "libharu"));
	ticket_qr_free(&q);
	buf_free(&out);
}
END_TEST

/* The film's certificate is on the ticket: in its JSON, on the PDF, and
 * in the ETag (a new certificate is a new PDF). */
START_TEST(test_ticket_carries_the_films_certificate)
{
	long long show = tf_show(&f, "Rated Film", T0, T0 + 3600);
	long long b = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed",
	    "card");
	char	 sql[200], e1[TICKET_ETAG_LEN], e2[TICKET_ETAG_LEN];
	char	 code[TICKETCODE_MAX], why[200];
	struct ticket t = load(b);
	struct ticket_qr q;
	struct buf out = BUF_INIT;
	cJSON	*d;

	ck_assert_str_eq(t.cert.code, "");
	d = ticket_json(&t, "SKYFOX1.x", "INR", T0 - 3600, T0 + 3600);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(d, "certificate")));
	cJSON_Delete(d);
	ticket_etag(&t, "code", "pdf", "cinema", e1);

	snprintf(sql, sizeof(sql), "UPDATE movies SET certificate = 'UA13' "
	    "WHERE id = (SELECT movie_id FROM shows WHERE id = %lld) "
	    "RETURNING id", show);
	ck_assert_int_gt(tf_int(&f, sql), 0);
	t = load(b);
	ck_assert_str_eq(t.cert.code, "UA13");
	ck_assert_str_eq(t.cert.name, "UA 13+");
	ck_assert_int_eq(t.cert.min_age, 13);
	d = ticket_json(&t, "SKYFOX1.x", "INR", T0 - 3600, T0 + 3600);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(d,
	    "certificate"), "name")->valuestring, "UA 13+");
	cJSON_Delete(d);
	ticket_etag(&t, "code", "pdf", "cinema", e2);
	ck_assert_str_ne(e1, e2);

	code_for(b, code);
	ck_assert_int_eq(ticket_qr_encode(code, &q), 0);
	ck_assert_msg(ticket_pdf_render(&t, &q, &OPTS, &out, why, sizeof(why)) ==
	    0, "%s", why);
	ck_assert_int_eq(memcmp(out.data, "%PDF-", 5), 0);
	ticket_qr_free(&q);
	buf_free(&out);
}
END_TEST

/* Titles and seat lists of every length lay out without failing. */
START_TEST(test_pdf_lays_out_extremes)
{
	static const char *titles[] = { "X", LONG_TITLE LONG_TITLE LONG_TITLE,
	    "Supercalifragilisticexpialidocious-Antidisestablishmentarianism-"
	    "Pneumonoultramicroscopicsilicovolcanoconiosis" };
	long long b;
	struct ticket t;
	struct ticket_qr q;
	char	 code[TICKETCODE_MAX], why[200];

	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		struct buf out = BUF_INIT;
		long long show = tf_show(&f, titles[i], T0, T0 + 3600);

		b = tf_booking(&f, show, f.customer, NULL,
		    "A1,A2,A3,A4,A5,A6,A7,A8,A9,A10", "confirmed", "wallet+card");
		t = load(b);
		code_for(b, code);
		ck_assert_int_eq(ticket_qr_encode(code, &q), 0);
		ck_assert_msg(ticket_pdf_render(&t, &q, &OPTS, &out, why,
		    sizeof(why)) == 0, "%s", why);
		ck_assert_int_eq(memcmp(out.data, "%PDF-", 5), 0);
		ticket_qr_free(&q);
		buf_free(&out);
	}
}
END_TEST

static unsigned
be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

START_TEST(test_png_is_module_exact)
{
	struct ticket_qr q;
	struct buf out = BUF_INIT;
	char	 code[TICKETCODE_MAX];
	const unsigned char *p;

	code_for(1234567890, code);
	ck_assert_int_eq(ticket_qr_encode(code, &q), 0);
	ck_assert_int_eq(q.width, 41);		/* version 6 */
	ck_assert_int_eq(ticket_png_render(&q, TICKET_PNG_SCALE, &out), 0);
	p = (const unsigned char *)out.data;
	ck_assert_int_eq(memcmp(p, "\x89PNG\r\n\x1a\n", 8), 0);
	ck_assert_int_eq(memcmp(p + 12, "IHDR", 4), 0);
	ck_assert_uint_eq(be32(p + 16), (41 + 2 * TICKET_QR_QUIET) * 8);
	ck_assert_uint_eq(be32(p + 20), (41 + 2 * TICKET_QR_QUIET) * 8);
	ck_assert_int_eq(p[24], 1);	/* bit depth */
	ck_assert_int_eq(p[25], 0);	/* greyscale */
	buf_free(&out);
	ck_assert_int_eq(ticket_png_render(&q, 0, &out), -1);
	ticket_qr_free(&q);
	buf_free(&out);
}
END_TEST

START_TEST(test_qr_matrix_and_svg)
{
	struct ticket_qr q;
	struct buf out = BUF_INIT;
	char	 code[TICKETCODE_MAX];

	code_for(7, code);
	ck_assert_int_eq(ticket_qr_encode(code, &q), 0);
	/* The three finder patterns: dark corners at (0,0), (w-1,0), (0,w-1),
	 * and the light separator next to them. */
	ck_assert(ticket_qr_is_dark(&q, 0, 0));
	ck_assert(ticket_qr_is_dark(&q, q.width - 1, 0));
	ck_assert(ticket_qr_is_dark(&q, 0, q.width - 1));
	ck_assert(!ticket_qr_is_dark(&q, 7, 0));
	ck_assert(!ticket_qr_is_dark(&q, q.width - 8, 0));
	ck_assert(!ticket_qr_is_dark(&q, -1, 0));	/* outside: light */
	ticket_qr_svg(&q, &out);
	ck_assert(has(&out, "<svg"));
	ck_assert(has(&out, "viewBox=\"0 0 49 49\""));
	ck_assert(has(&out, "M4 4h7v1h-7z"));	/* finder pattern's top edge */
	ticket_qr_free(&q);
	buf_free(&out);
}
END_TEST

Suite *
ticket_suite(void)
{
	Suite	*s = suite_create("ticket");
	TCase	*t = tcase_create("ticket");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 20);
	tcase_add_test(t, test_ticket_holds_everything_printed);
	tcase_add_test(t, test_ticket_day_text_is_the_pages_style);
	tcase_add_test(t, test_ticket_json_says_what_the_pdf_says);
	tcase_add_test(t, test_walkin_ticket_names_the_walkin_customer);
	tcase_add_test(t, test_access_owner_staff_and_nobody_else);
	tcase_add_test(t, test_etag_changes_with_what_is_shown);
	tcase_add_test(t, test_copy_utf8_never_cuts_a_character);
	tcase_add_test(t, test_pdf_is_one_complete_page);
	tcase_add_test(t, test_pdf_refuses_a_missing_font_with_a_reason);
	tcase_add_test(t, test_pdf_lays_out_extremes);
	tcase_add_test(t, test_ticket_carries_the_films_certificate);
	tcase_add_test(t, test_png_is_module_exact);
	tcase_add_test(t, test_qr_matrix_and_svg);
	suite_add_tcase(s, t);
	return s;
}
