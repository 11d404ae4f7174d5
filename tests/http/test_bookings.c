/* /api/bookings over the real Apache: holds, walk-ins, reads, cancels, every
 * error code, every role, other people's bookings, lapsed holds (moving the
 * site's clock with clock_offset) and the seat map's ETag.
 *
 * Each test makes its own customers and shows (SQL as the data directory's
 * owner), so suites sharing the site never meet. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "client.h"
#include "fixture.h"

#define PRICE	25000		/* the test shows' base price */
#define DELUXE	15000		/* seed: rows F–J */

/* The suite's shows: its own movie and screens (the reads below tell them
 * from everyone's), Deluxe rows F–J; tomorrow at 20:30 local unless a
 * test says otherwise. */
static const struct fx_film film = {
	"tt7700001", "Booking Test Movie", "Booking Screen", 4, PRICE,
	"15:00:00"
};

static struct hresp *
get(const char *path, const char *token)
{
	return api("GET", path, NULL, token);
}

static void
expect_status(const char *method, const char *path, const char *token,
    long status, const char *code)
{
	struct hresp *r = api(method, path, NULL, token);

	expect_error(r, status, code);
	hresp_free(r);
}

/* 1 when the error's fields name this seat. */
static int
names_seat(const struct hresp *r, const char *label)
{
	const cJSON *f, *it;
	size_t	 n = strlen(label);

	f = jget(r->json, "error.fields");
	cJSON_ArrayForEach(it, f) {
		const char *m = jstr(it, "message");

		if (strncmp(m, label, n) == 0 && m[n] == ' ')
			return 1;
	}
	return 0;
}

START_TEST(test_customer_hold_answers_201_pending_with_expiry)
{
	char	 me[32], path[64], q[128];
	char	*tok = fx_sql_customer("bk", me);
	long long show = fx_sql_show(&film, 1);
	struct hresp *r = fx_try_hold(tok, show, "[\"A1\",\"F2\"]");
	const cJSON *seats;

	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_int_gt(jint(r->json, "data.id"), 0);
	ck_assert_str_eq(jstr(r->json, "data.status"), "pending");
	ck_assert_int_eq(jint(r->json, "data.show_id"), show);
	seats = jget(r->json, "data.seats");
	ck_assert_int_eq(cJSON_GetArraySize(seats), 2);
	ck_assert_str_eq(jstr(r->json, "data.seats.0"), "A1");
	ck_assert_str_eq(jstr(r->json, "data.seats.1"), "F2");
	ck_assert_int_eq(jint(r->json, "data.amount"), 2 * PRICE + DELUXE);
	ck_assert_str_eq(jstr(r->json, "data.currency"), "INR");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.expires_at"),
	    "+05:30"));
	snprintf(path, sizeof(path), "/api/bookings/%lld",
	    jint(r->json, "data.id"));
	ck_assert_str_eq(hdr(r, "Location"), path);
	ck_assert_str_eq(hdr(r, "Cache-Control"), "no-store");
	/* Five minutes, as configured. */
	snprintf(q, sizeof(q), "SELECT expires_at - created_at FROM bookings "
	    "WHERE id = %lld", jint(r->json, "data.id"));
	ck_assert_int_eq(fx_sql_int("%s", q), 300);
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_hold_refuses_bad_seat_lists_with_their_codes)
{
	char	 me[32];
	char	*tok = fx_sql_customer("bk", me);
	long long show = fx_sql_show(&film, 1), past = fx_sql_show_in(&film, -60);
	struct hresp *r;

	r = fx_try_hold(tok, show, "[\"A1\",\"A2\",\"A3\",\"A4\",\"A5\",\"A6\","
	    "\"A7\",\"A8\",\"A9\",\"A10\",\"B1\"]");
	expect_error(r, 422, "TOO_MANY_SEATS");
	hresp_free(r);
	r = fx_try_hold(tok, show, "[\"A1\",\"B2\",\"A1\"]");
	expect_error(r, 422, "DUPLICATE_SEAT");
	ck_assert(names_seat(r, "A1"));
	hresp_free(r);
	r = fx_try_hold(tok, show, "[\"A1\",\"Z9\",\"K1\",\"A11\"]");
	expect_error(r, 422, "INVALID_SEAT");
	ck_assert(names_seat(r, "Z9"));
	ck_assert(names_seat(r, "K1"));
	ck_assert(names_seat(r, "A11"));
	ck_assert(!names_seat(r, "A1"));
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"), "Z9"));
	hresp_free(r);
	r = fx_try_hold(tok, show, "[]");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = fx_try_hold(tok, show, "[1,2]");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	r = api("POST", "/api/bookings", "{\"seats\":[\"A1\"]}", tok);
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "show_id");
	hresp_free(r);
	r = fx_try_hold(tok, 99999999, "[\"A1\"]");
	expect_error(r, 404, "SHOW_NOT_FOUND");
	hresp_free(r);
	r = fx_try_hold(tok, past, "[\"A1\"]");
	expect_error(r, 409, "SHOW_ALREADY_STARTED");
	hresp_free(r);
	/* Nothing of all that was kept. */
	r = get("/api/bookings", tok);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 0);
	hresp_free(r);
	/* The good request next to the bad ones. */
	fx_hold(tok, show, "[\"A1\",\"A10\"]");
	free(tok);
}
END_TEST

START_TEST(test_taken_seat_is_409_naming_only_the_taken_seats)
{
	char	 a[32], b[32];
	char	*ta = fx_sql_customer("bk", a), *tb = fx_sql_customer("bk", b);
	long long show = fx_sql_show(&film, 1);
	struct hresp *r;

	fx_hold(ta, show, "[\"C3\",\"C4\"]");
	r = fx_try_hold(tb, show, "[\"C2\",\"C3\",\"C4\",\"C5\"]");
	expect_error(r, 409, "SEATS_UNAVAILABLE");
	ck_assert(names_seat(r, "C3"));
	ck_assert(names_seat(r, "C4"));
	ck_assert(!names_seat(r, "C2"));
	ck_assert(!names_seat(r, "C5"));
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"), "C3"));
	hresp_free(r);
	/* All or nothing: C2 and C5 were not held for b. */
	fx_hold(tb, show, "[\"C2\",\"C5\"]");
	free(ta);
	free(tb);
}
END_TEST

START_TEST(test_form_post_holds_too)
{
	char	 me[32], body[128], auth[2200];
	char	*tok = fx_sql_customer("bk", me);
	long long show = fx_sql_show(&film, 1);
	const char *hs[2] = { auth, NULL };
	struct hresp *r;

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", tok);
	snprintf(body, sizeof(body), "show_id=%lld&seats=D1%%2CD2", show);
	r = http("POST", "/api/bookings", "application/x-www-form-urlencoded",
	    body, strlen(body), hs);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data.seats")), 2);
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_staff_and_admin_sell_walkins_for_cash)
{
	char	*staff = fx_login("staff");
	char	*admin = fx_login("admin");
	char	 me[32], q[256];
	char	*cust = fx_sql_customer("bk", me);
	long long show = fx_sql_show(&film, 1), id;
	struct hresp *r;

	r = fx_try_walkin(staff, show, "[\"G1\",\"A1\"]", 2 * PRICE + DELUXE,
	    "Ravi Kumar", "9000000001");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.status"), "confirmed");
	ck_assert_str_eq(jstr(r->json, "data.payment_type"), "cash");
	ck_assert_int_eq(jint(r->json, "data.amount"), 2 * PRICE + DELUXE);
	ck_assert_str_eq(jstr(r->json, "data.customer.name"), "Ravi Kumar");
	id = jint(r->json, "data.id");
	hresp_free(r);
	snprintf(q, sizeof(q), "SELECT count(*) FROM payments WHERE booking_id "
	    "= %lld AND method = 'cash' AND status = 'succeeded' AND "
	    "cash_amount = %d", id, 2 * PRICE + DELUXE);
	ck_assert_int_eq(fx_sql_int("%s", q), 1);
	/* Sold seats are refused to a customer. */
	r = fx_try_hold(cust, show, "[\"G1\"]");
	expect_error(r, 409, "SEATS_UNAVAILABLE");
	hresp_free(r);
	/* The amount must equal the price, to the paisa. */
	r = fx_try_walkin(admin, show, "[\"B1\"]", PRICE - 1, "Meena Iyer",
	    "9000000002");
	expect_error(r, 422, "INVALID_AMOUNT");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "amount_paid");
	hresp_free(r);
	r = fx_try_walkin(admin, show, "[\"B1\"]", PRICE + 100, "Meena Iyer",
	    "9000000002");
	expect_error(r, 422, "INVALID_AMOUNT");
	hresp_free(r);
	r = fx_try_walkin(admin, show, "[\"B1\"]", PRICE, "Me", "9000000002");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "customer_name");
	hresp_free(r);
	r = fx_try_walkin(admin, show, "[\"B1\"]", PRICE, "Meena Iyer", "900000000");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "phone");
	hresp_free(r);
	r = fx_try_walkin(admin, show, "[\"B1\"]", PRICE, "Meena 1yer", "9000000002");
	expect_error(r, 422, "VALIDATION_ERROR");
	hresp_free(r);
	/* Staff must name the customer: they do not hold seats themselves. */
	r = fx_try_hold(staff, show, "[\"B1\"]");
	expect_error(r, 422, "VALIDATION_ERROR");
	ck_assert_str_eq(jstr(r->json, "error.fields.0.field"), "customer_name");
	hresp_free(r);
	r = fx_try_walkin(admin, show, "[\"B1\"]", PRICE, "Meena Iyer", "9000000002");
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(staff);
	free(admin);
	free(cust);
}
END_TEST

START_TEST(test_booking_is_visible_to_owner_and_staff_only)
{
	char	 a[32], b[32], path[64];
	char	*ta = fx_sql_customer("bk", a), *tb = fx_sql_customer("bk", b);
	char	*staff = fx_login("staff");
	char	*admin = fx_login("admin");
	long long show = fx_sql_show(&film, 1), id = fx_hold(ta, show, "[\"E1\"]");
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = get(path, ta);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(jint(r->json, "data.id"), id);
	ck_assert_str_eq(jstr(r->json, "data.status"), "pending");
	ck_assert_str_eq(jstr(r->json, "data.show.movie.title"),
	    "Booking Test Movie");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.show.screen.name"),
	    "Booking Screen "));
	ck_assert_ptr_nonnull(jget(r->json, "data.show.starts_at"));
	ck_assert(cJSON_IsNull(jget(r->json, "data.payment_type")));
	/* The customer's own view carries no phone number. */
	ck_assert_ptr_null(jget(r->json, "data.customer.phone"));
	hresp_free(r);
	/* Another customer learns nothing, not even that it exists. */
	expect_status("GET", path, tb, 404, "BOOKING_NOT_FOUND");
	expect_status("DELETE", path, tb, 404, "BOOKING_NOT_FOUND");
	r = get(path, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_str_eq(jstr(r->json, "data.customer.username"), a);
	hresp_free(r);
	r = get(path, admin);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	expect_status("GET", "/api/bookings/999999999", ta, 404,
	    "BOOKING_NOT_FOUND");
	expect_status("GET", "/api/bookings/abc", ta, 404, "BOOKING_NOT_FOUND");
	expect_status("GET", "/api/bookings/0", staff, 404, "BOOKING_NOT_FOUND");
	/* b's attempt changed nothing. */
	r = get(path, ta);
	ck_assert_str_eq(jstr(r->json, "data.status"), "pending");
	hresp_free(r);
	free(ta);
	free(tb);
	free(staff);
	free(admin);
}
END_TEST

START_TEST(test_cancel_frees_seats_at_once)
{
	char	 a[32], b[32], path[64];
	char	*ta = fx_sql_customer("bk", a), *tb = fx_sql_customer("bk", b);
	char	*staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1), id = fx_hold(ta, show, "[\"H1\",\"H2\"]");
	struct hresp *r;

	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = api("DELETE", path, NULL, ta);
	ck_assert_msg(r->status == 200, "%ld %s", r->status, r->body);
	ck_assert_str_eq(jstr(r->json, "data.status"), "cancelled");
	hresp_free(r);
	fx_hold(tb, show, "[\"H2\"]");
	expect_status("DELETE", path, ta, 409, "INVALID_BOOKING_STATUS");
	/* Staff may cancel a customer's pending hold. */
	id = fx_hold(ta, show, "[\"H3\"]");
	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = api("DELETE", path, NULL, staff);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	/* A paid booking is not cancelled here (payments refunds it). */
	r = fx_try_walkin(staff, show, "[\"H4\"]", PRICE + DELUXE, "Ravi Kumar",
	    "9000000001");
	ck_assert_int_eq(r->status, 201);
	snprintf(path, sizeof(path), "/api/bookings/%lld",
	    jint(r->json, "data.id"));
	hresp_free(r);
	expect_status("DELETE", path, staff, 409, "INVALID_BOOKING_STATUS");
	expect_status("DELETE", "/api/bookings/999999999", staff, 404,
	    "BOOKING_NOT_FOUND");
	free(ta);
	free(tb);
	free(staff);
}
END_TEST

START_TEST(test_my_bookings_newest_first_and_only_mine)
{
	char	 a[32], b[32];
	char	*ta = fx_sql_customer("bk", a), *tb = fx_sql_customer("bk", b);
	long long s1 = fx_sql_show(&film, 1), s2 = fx_sql_show(&film, 1), first, second;
	struct hresp *r;

	first = fx_hold(ta, s1, "[\"A5\"]");
	fx_hold(tb, s1, "[\"A6\"]");
	second = fx_hold(ta, s2, "[\"J9\",\"J10\"]");
	r = get("/api/bookings", ta);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 2);
	ck_assert_int_eq(jint(r->json, "data.0.id"), second);
	ck_assert_int_eq(jint(r->json, "data.1.id"), first);
	ck_assert_int_eq(jint(r->json, "data.0.amount"), 2 * (PRICE + DELUXE));
	ck_assert_str_eq(jstr(r->json, "data.0.status"), "pending");
	ck_assert_str_eq(jstr(r->json, "data.0.seats.1"), "J10");
	ck_assert_str_eq(jstr(r->json, "data.0.show.movie.title"),
	    "Booking Test Movie");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.0.show.screen.name"),
	    "Booking Screen "));
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "data.0.show.starts_at"),
	    "+05:30"));
	ck_assert_ptr_nonnull(jget(r->json, "data.0.payment_type"));
	hresp_free(r);
	/* A customer's show_id filter cannot reach other people's. */
	r = get("/api/bookings?limit=1", ta);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 1);
	hresp_free(r);
	free(ta);
	free(tb);
}
END_TEST

START_TEST(test_staff_filter_by_show_date_status_and_page)
{
	char	 a[32], path[160], date[16], *d;
	char	*ta = fx_sql_customer("bk", a);
	char	*staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1), other = fx_sql_show(&film, 2), h1, h2, h3;
	const cJSON *it;
	int	 seen = 0;
	struct hresp *r;

	h1 = fx_hold(ta, show, "[\"B1\"]");
	h2 = fx_hold(ta, show, "[\"B2\"]");
	fx_hold(ta, other, "[\"B3\"]");
	r = fx_try_walkin(staff, show, "[\"B4\"]", PRICE, "Ravi Kumar", "9000000001");
	h3 = jint(r->json, "data.id");
	hresp_free(r);

	snprintf(path, sizeof(path), "/api/bookings?show_id=%lld", show);
	r = get(path, staff);
	ck_assert_int_eq(r->status, 200);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 3);
	ck_assert_int_eq(jint(r->json, "data.0.id"), h3);
	ck_assert_str_eq(jstr(r->json, "data.0.customer.phone"), "9000000001");
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/bookings?show_id=%lld&status="
	    "confirmed", show);
	r = get(path, staff);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 1);
	ck_assert_int_eq(jint(r->json, "data.0.id"), h3);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/bookings?show_id=%lld&status="
	    "pending&limit=1", show);
	r = get(path, staff);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 1);
	ck_assert_int_eq(jint(r->json, "data.0.id"), h2);
	hresp_free(r);
	/* The cursor: what comes after h2. */
	snprintf(path, sizeof(path), "/api/bookings?show_id=%lld&before_id=%lld",
	    show, h2);
	r = get(path, staff);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 1);
	ck_assert_int_eq(jint(r->json, "data.0.id"), h1);
	hresp_free(r);
	snprintf(path, sizeof(path), "/api/bookings?show_id=%lld&offset=2",
	    show);
	r = get(path, staff);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 1);
	hresp_free(r);
	snprintf(path, sizeof(path), "SELECT date FROM shows WHERE id = %lld",
	    other);
	d = db_sql(path);
	snprintf(date, sizeof(date), "%s", d);
	free(d);
	snprintf(path, sizeof(path), "/api/bookings?date=%s", date);
	r = get(path, staff);
	/* Only that date's (other tests may book shows of that day too). */
	cJSON_ArrayForEach(it, jget(r->json, "data")) {
		ck_assert_str_eq(jstr(it, "show.date"), date);
		ck_assert_int_ne(jint(it, "show_id"), show);
		seen += jint(it, "show_id") == other;
	}
	ck_assert_int_eq(seen, 1);
	hresp_free(r);
	/* A customer asking for a show sees only their own in it. */
	snprintf(path, sizeof(path), "/api/bookings?show_id=%lld", show);
	r = get(path, ta);
	ck_assert_int_eq(cJSON_GetArraySize(jget(r->json, "data")), 2);
	hresp_free(r);
	expect_status("GET", "/api/bookings?status=bogus", staff, 422,
	    "VALIDATION_ERROR");
	expect_status("GET", "/api/bookings?date=2026-13-01", staff, 422,
	    "VALIDATION_ERROR");
	expect_status("GET", "/api/bookings?limit=0", staff, 422,
	    "VALIDATION_ERROR");
	expect_status("GET", "/api/bookings?limit=201", staff, 422,
	    "VALIDATION_ERROR");
	expect_status("GET", "/api/bookings?show_id=x", staff, 422,
	    "VALIDATION_ERROR");
	free(ta);
	free(staff);
}
END_TEST

START_TEST(test_every_route_needs_a_login_and_is_open_to_every_role)
{
	static const struct { const char *method, *path, *body; } routes[] = {
		{ "POST", "/api/bookings", "{}" },
		{ "GET", "/api/bookings", NULL },
		{ "GET", "/api/bookings/1", NULL },
		{ "DELETE", "/api/bookings/999999999", NULL },
	};
	static const char *who[][2] = { { "customer", "Customer#2026" },
	    { "staff", "Staff#2026" }, { "admin", "Admin#2026" } };

	for (size_t i = 0; i < sizeof(routes) / sizeof(*routes); i++) {
		struct hresp *r = api(routes[i].method, routes[i].path,
		    routes[i].body, NULL);

		expect_error(r, 401, "UNAUTHORIZED");
		hresp_free(r);
		r = api(routes[i].method, routes[i].path, routes[i].body,
		    "not.a.token");
		expect_error(r, 401, "UNAUTHORIZED");
		hresp_free(r);
		for (size_t w = 0; w < 3; w++) {
			char	*tok = login(who[w][0], who[w][1]);

			r = api(routes[i].method, routes[i].path,
			    routes[i].body, tok);
			ck_assert_msg(r->status != 401 && r->status != 403 &&
			    r->status < 500, "%s %s as %s: %ld %s",
			    routes[i].method, routes[i].path, who[w][0],
			    r->status, r->body);
			hresp_free(r);
			free(tok);
		}
	}
}
END_TEST

START_TEST(test_wrong_methods_are_405)
{
	char	*tok = fx_login("customer");
	struct hresp *r = api("PUT", "/api/bookings", "{}", tok);

	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	ck_assert_ptr_nonnull(strstr(hdr(r, "Allow"), "POST"));
	hresp_free(r);
	r = api("PUT", "/api/bookings/1", "{}", tok);
	expect_error(r, 405, "METHOD_NOT_ALLOWED");
	ck_assert_ptr_nonnull(strstr(hdr(r, "Allow"), "DELETE"));
	ck_assert_ptr_nonnull(strstr(hdr(r, "Allow"), "PATCH"));
	hresp_free(r);
	r = api("GET", "/api/bookings/1/extra", NULL, tok);
	expect_error(r, 404, "NOT_FOUND");
	hresp_free(r);
	free(tok);
}
END_TEST

START_TEST(test_cookie_writes_need_the_csrf_token)
{
	char	 me[32], body[128], cookie[2300], csrfh[128];
	char	*tok = fx_sql_customer("bk", me), *csrf;
	char	*c = login_cookie(me, FX_CUSTOMER_PASSWORD, &csrf);
	long long show = fx_sql_show(&film, 1);
	const char *no_token[] = { cookie, NULL };
	const char *with_token[] = { cookie, csrfh, NULL };
	const char *cross[] = { cookie, csrfh, "Origin: https://evil.example",
	    NULL };
	struct hresp *r;

	snprintf(cookie, sizeof(cookie), "Cookie: %s", c);
	snprintf(csrfh, sizeof(csrfh), "X-CSRF-Token: %s", csrf);
	snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":[\"I1\"]}",
	    show);
	r = http("POST", "/api/bookings", "application/json", body,
	    strlen(body), no_token);
	expect_error(r, 403, "CSRF_FAILED");
	hresp_free(r);
	r = http("POST", "/api/bookings", "application/json", body,
	    strlen(body), cross);
	expect_error(r, 403, "CSRF_FAILED");
	hresp_free(r);
	r = http("POST", "/api/bookings", "application/json", body,
	    strlen(body), with_token);
	ck_assert_msg(r->status == 201, "%ld %s", r->status, r->body);
	hresp_free(r);
	free(tok);
	free(c);
	free(csrf);
}
END_TEST

/* --- the site's clock moved forward: holds lapse ------------------------- */

static char *
seat_etag(long long show, const char *token)
{
	char	 path[64];
	struct hresp *r;
	char	*e;

	snprintf(path, sizeof(path), "/api/shows/%lld/seats", show);
	r = get(path, token);
	ck_assert_msg(r->status == 200, "seat map: %ld %s", r->status,
	    r->body);
	ck_assert_ptr_nonnull(hdr(r, "ETag"));
	e = strdup(hdr(r, "ETag"));
	hresp_free(r);
	return e;
}

static const char *
seat_status(long long show, const char *token, const char *label)
{
	static char out[16];
	char	 path[64];
	struct hresp *r;
	const cJSON *row, *seat;

	snprintf(path, sizeof(path), "/api/shows/%lld/seats", show);
	r = get(path, token);
	ck_assert_int_eq(r->status, 200);
	out[0] = '\0';
	cJSON_ArrayForEach(row, jget(r->json, "data.rows"))
		cJSON_ArrayForEach(seat, jget(row, "seats"))
			if (strcmp(jstr(seat, "seat"), label) == 0)
				snprintf(out, sizeof(out), "%s",
				    jstr(seat, "status"));
	hresp_free(r);
	return out;
}

START_TEST(test_lapsed_hold_is_free_for_someone_else_and_reads_expired)
{
	char	 a[32], b[32], path[64];
	char	*ta = fx_sql_customer("bk", a), *tb = fx_sql_customer("bk", b);
	long long show = fx_sql_show(&film, 1), id = fx_hold(ta, show, "[\"F9\",\"F10\"]");
	struct hresp *r;

	r = fx_try_hold(tb, show, "[\"F10\"]");
	expect_error(r, 409, "SEATS_UNAVAILABLE");
	hresp_free(r);
	fx_clock_offset(400);	/* past the 5-minute hold */
	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = get(path, ta);
	ck_assert_str_eq(jstr(r->json, "data.status"), "expired");
	hresp_free(r);
	r = get("/api/bookings?status=expired", ta);
	ck_assert_int_eq(jint(r->json, "data.0.id"), id);
	hresp_free(r);
	/* Free to someone else with no sweeper run. */
	fx_hold(tb, show, "[\"F10\"]");
	expect_status("DELETE", path, ta, 409, "INVALID_BOOKING_STATUS");
	r = get(path, ta);
	ck_assert_str_eq(jstr(r->json, "data.status"), "expired");
	hresp_free(r);
	fx_clock_back();
	free(ta);
	free(tb);
}
END_TEST

START_TEST(test_seat_map_etag_changes_on_hold_cancel_expiry_and_sale)
{
	char	 a[32], b[32], path[64];
	char	*ta = fx_sql_customer("bk", a), *tb = fx_sql_customer("bk", b);
	char	*staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1), id;
	char	*e0, *e1, *e2, *e3, *e4;
	struct hresp *r;

	e0 = seat_etag(show, tb);
	id = fx_hold(ta, show, "[\"D7\"]");
	e1 = seat_etag(show, tb);
	ck_assert_str_ne(e0, e1);
	ck_assert_str_eq(seat_status(show, tb, "D7"), "held");
	ck_assert_str_eq(seat_status(show, ta, "D7"), "mine");
	snprintf(path, sizeof(path), "/api/bookings/%lld", id);
	r = api("DELETE", path, NULL, ta);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	e2 = seat_etag(show, tb);
	ck_assert_str_ne(e1, e2);
	ck_assert_str_eq(seat_status(show, tb, "D7"), "available");
	fx_hold(ta, show, "[\"D8\"]");
	e3 = seat_etag(show, tb);
	fx_clock_offset(400);
	e4 = seat_etag(show, tb);
	ck_assert_str_ne(e3, e4);		/* lapsed with no write at all */
	ck_assert_str_eq(seat_status(show, tb, "D8"), "available");
	fx_clock_back();
	free(e1);
	e1 = seat_etag(show, tb);
	r = fx_try_walkin(staff, show, "[\"D9\"]", PRICE, "Ravi Kumar", "9000000001");
	ck_assert_int_eq(r->status, 201);
	hresp_free(r);
	free(e2);
	e2 = seat_etag(show, tb);
	ck_assert_str_ne(e1, e2);
	ck_assert_str_eq(seat_status(show, tb, "D9"), "sold");
	free(e0);
	free(e1);
	free(e2);
	free(e3);
	free(e4);
	free(ta);
	free(tb);
	free(staff);
}
END_TEST

START_TEST(test_sweeper_marks_lapsed_holds_expired_and_frees_seats)
{
	char	 a[32], cmd[1024], q[256], line[512] = "";
	char	*ta = fx_sql_customer("bk", a);
	long long show = fx_sql_show(&film, 1), id = fx_hold(ta, show, "[\"E9\"]");
	FILE	*p;
	char	*v;

	fx_clock_offset(400);
	snprintf(cmd, sizeof(cmd), "cd / && SKYFOX_CONF='%s/skyfox.conf' "
	    "%s/cron/sweep-holds", getenv("SKYFOX_DATA"),
	    getenv("SKYFOX_ROOT"));
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	if (fgets(line, sizeof(line), p) == NULL)
		line[0] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	fx_clock_back();
	ck_assert_msg(strstr(line, "expired") != NULL, "sweeper said: %s", line);
	snprintf(q, sizeof(q), "SELECT status || ':' || (SELECT sum(live) FROM "
	    "booking_seats WHERE booking_id = %lld) FROM bookings WHERE id = "
	    "%lld", id, id);
	v = db_sql(q);
	ck_assert_str_eq(v, "expired:0");
	free(v);
	/* A quiet second run prints nothing. */
	p = popen(cmd, "r");
	ck_assert_ptr_null(fgets(line, sizeof(line), p));
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_int_eq(skyfoxctl("check"), 0);
	free(ta);
}
END_TEST

/* --- one customer pushing: the caps of DESIGN §7 --------------------------- */

#define MAX_SEATS	10	/* skyfox.conf max_seats, the test site's default */
#define MAX_PENDING	3	/* skyfox.conf max_pending_bookings, default */

struct shot {
	long	 status;
	char	 code[32];
	long	 retry_after;	/* -1: no header */
};

/* n requests POST /api/bookings {bodies[i]} as token, all at once: one
 * process each, released together by closing a pipe. */
static void
burst(int n, const char *token, char bodies[][256], struct shot *out)
{
	int	 gun[2], res[2];
	char	 line[128];
	FILE	*in;

	ck_assert_int_eq(pipe(gun), 0);
	ck_assert_int_eq(pipe(res), 0);
	for (int i = 0; i < n; i++) {
		pid_t	 pid = fork();

		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			struct hresp *r;
			const char *ra;
			char	 c;

			close(gun[1]);
			close(res[0]);
			if (read(gun[0], &c, 1) < 0)	/* EOF: go */
				_exit(1);
			r = api("POST", "/api/bookings", bodies[i], token);
			ra = hdr(r, "Retry-After");
			snprintf(line, sizeof(line), "%d %ld %s %s\n", i,
			    r->status, jstr(r->json, "error.code")[0] ?
			    jstr(r->json, "error.code") : "-", ra ? ra : "-1");
			if (write(res[1], line, strlen(line)) < 0)
				_exit(1);
			_exit(0);
		}
	}
	close(gun[0]);
	close(res[1]);
	close(gun[1]);
	in = fdopen(res[0], "r");
	for (int i = 0; i < n; i++)
		out[i].status = 0;
	while (fgets(line, sizeof(line), in) != NULL) {
		int	 i;
		long	 st, ra;
		char	 code[32];

		if (sscanf(line, "%d %ld %31s %ld", &i, &st, code, &ra) == 4 &&
		    i >= 0 && i < n) {
			out[i].status = st;
			snprintf(out[i].code, sizeof(out[i].code), "%s", code);
			out[i].retry_after = ra;
		}
	}
	fclose(in);
	while (wait(NULL) > 0)
		;
}

/* Seats of a customer's live (pending, not lapsed) holds on a show. */
static long long
live_held(const char *username, long long show)
{
	char	 q[512];

	snprintf(q, sizeof(q), "SELECT count(*) FROM booking_seats bs JOIN "
	    "bookings b ON b.id = bs.booking_id JOIN users u ON u.id = "
	    "b.user_id WHERE u.username = '%s' AND b.show_id = %lld AND "
	    "b.status = 'pending' AND bs.live = 1", username, show);
	return fx_sql_int("%s", q);
}

START_TEST(test_customer_seats_in_live_holds_of_a_show_are_capped)
{
	char	 me[32], other[32], path[64];
	char	*tok = fx_sql_customer("bk", me), *tok2 = fx_sql_customer("bk", other);
	char	*staff = fx_login("staff");
	long long show = fx_sql_show(&film, 1), first;
	struct hresp *r;

	first = fx_hold(tok, show, "[\"A1\",\"A2\",\"A3\",\"A4\",\"A5\","
	    "\"A6\"]");
	/* 6 held + 5 asked > 10: refused, whatever the seats. */
	r = fx_try_hold(tok, show, "[\"B1\",\"B2\",\"B3\",\"B4\",\"B5\"]");
	expect_error(r, 409, "TOO_MANY_SEATS");
	ck_assert_ptr_nonnull(strstr(jstr(r->json, "error.message"), "10"));
	hresp_free(r);
	fx_hold(tok, show, "[\"B1\",\"B2\",\"B3\",\"B4\"]");	/* = 10 */
	r = fx_try_hold(tok, show, "[\"C1\"]");
	expect_error(r, 409, "TOO_MANY_SEATS");
	hresp_free(r);
	ck_assert_int_eq(live_held(me, show), MAX_SEATS);
	/* Another customer and another show are not affected. */
	fx_hold(tok2, show, "[\"C1\",\"C2\"]");
	fx_hold(tok, fx_sql_show(&film, 1), "[\"C1\"]");
	/* Staff sell walk-ins without any cap. */
	for (int i = 0; i < 3; i++) {
		char	 seats[128];

		snprintf(seats, sizeof(seats), "[\"%c1\",\"%c2\",\"%c3\","
		    "\"%c4\",\"%c5\",\"%c6\",\"%c7\",\"%c8\",\"%c9\","
		    "\"%c10\"]", 'E' + i, 'E' + i, 'E' + i, 'E' + i, 'E' + i,
		    'E' + i, 'E' + i, 'E' + i, 'E' + i, 'E' + i);
		r = fx_try_walkin(staff, show, seats, 10 * (PRICE + (i ? DELUXE : 0)),
		    "Ravi Kumar", "9000000001");
		ck_assert_msg(r->status == 201, "walk-in %d: %ld %s", i,
		    r->status, r->body);
		hresp_free(r);
	}
	/* Cancelling frees the customer's share at once. */
	snprintf(path, sizeof(path), "/api/bookings/%lld", first);
	r = api("DELETE", path, NULL, tok);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	fx_hold(tok, show, "[\"D1\",\"D2\",\"D3\",\"D4\",\"D5\",\"D6\"]");
	ck_assert_int_eq(live_held(me, show), MAX_SEATS);
	free(tok);
	free(tok2);
	free(staff);
}
END_TEST

/* Ten holds of ten seats at once, one customer, one show: one is granted. */
START_TEST(test_parallel_holds_of_one_customer_hold_at_most_max_seats)
{
	char	 me[32], bodies[10][256];
	char	*tok = fx_sql_customer("bk", me);
	long long show = fx_sql_show(&film, 1);
	struct shot shots[10];
	int	 granted = 0, capped = 0;

	for (int i = 0; i < 10; i++)
		snprintf(bodies[i], sizeof(bodies[i]), "{\"show_id\":%lld,"
		    "\"seats\":[\"%c1\",\"%c2\",\"%c3\",\"%c4\",\"%c5\","
		    "\"%c6\",\"%c7\",\"%c8\",\"%c9\",\"%c10\"]}", show,
		    'A' + i, 'A' + i, 'A' + i, 'A' + i, 'A' + i, 'A' + i, 'A' + i,
		    'A' + i, 'A' + i, 'A' + i);
	burst(10, tok, bodies, shots);
	for (int i = 0; i < 10; i++) {
		if (shots[i].status == 201)
			granted++;
		else if (shots[i].status == 409 &&
		    strcmp(shots[i].code, "TOO_MANY_SEATS") == 0)
			capped++;
		else
			ck_abort_msg("hold %d: %ld %s", i, shots[i].status,
			    shots[i].code);
	}
	ck_assert_int_eq(granted, 1);
	ck_assert_int_eq(capped, 9);
	ck_assert_int_eq(live_held(me, show), MAX_SEATS);
	free(tok);
}
END_TEST

/* Ten one-seat holds at once on ten shows: max_pending_bookings granted, the
 * rest 429 with a Retry-After no later than the oldest hold's lapse. */
START_TEST(test_parallel_holds_across_shows_get_at_most_max_pending)
{
	char	 me[32], bodies[10][256], q[256];
	char	*tok = fx_sql_customer("bk", me);
	struct shot shots[10];
	int	 granted = 0, limited = 0;

	for (int i = 0; i < 10; i++)
		snprintf(bodies[i], sizeof(bodies[i]), "{\"show_id\":%lld,"
		    "\"seats\":[\"J1\"]}", fx_sql_show(&film, 1));
	burst(10, tok, bodies, shots);
	for (int i = 0; i < 10; i++) {
		if (shots[i].status == 201)
			granted++;
		else if (shots[i].status == 429 &&
		    strcmp(shots[i].code, "RATE_LIMITED") == 0) {
			limited++;
			ck_assert_int_ge(shots[i].retry_after, 290);
			ck_assert_int_le(shots[i].retry_after, 300);
		} else
			ck_abort_msg("hold %d: %ld %s", i, shots[i].status,
			    shots[i].code);
	}
	ck_assert_int_eq(granted, MAX_PENDING);
	ck_assert_int_eq(limited, 10 - MAX_PENDING);
	snprintf(q, sizeof(q), "SELECT count(*) FROM bookings b JOIN users u ON "
	    "u.id = b.user_id WHERE u.username = '%s'", me);
	ck_assert_int_eq(fx_sql_int("%s", q), MAX_PENDING);
	free(tok);
}
END_TEST

/* The fourth live hold across shows: 429, Retry-After = the seconds until
 * the oldest live hold lapses (on the site's clock); a lapsed hold no longer
 * counts (no sweeper needed), nor a cancelled or a paid one. */
START_TEST(test_fourth_live_hold_is_429_until_the_oldest_lapses)
{
	char	 me[32], q[256], path[64];
	char	*tok = fx_sql_customer("bk", me);
	char	*staff = fx_login("staff");
	long long s[6], oldest, second, exp0;
	long	 before, after, ra;
	struct hresp *r;

	for (int i = 0; i < 6; i++)
		s[i] = fx_sql_show(&film, 1);
	oldest = fx_hold(tok, s[0], "[\"A1\"]");
	fx_clock_offset(100);
	second = fx_hold(tok, s[1], "[\"A1\"]");
	fx_clock_offset(200);
	fx_hold(tok, s[2], "[\"A1\"]");
	fx_clock_offset(250);
	snprintf(q, sizeof(q), "SELECT expires_at FROM bookings WHERE id = "
	    "%lld", oldest);
	exp0 = fx_sql_int("%s", q);
	before = (long)time(NULL) + 250;
	r = fx_try_hold(tok, s[3], "[\"A1\"]");
	after = (long)time(NULL) + 250;
	expect_error(r, 429, "RATE_LIMITED");
	ck_assert_ptr_nonnull(hdr(r, "Retry-After"));
	ra = atol(hdr(r, "Retry-After"));
	/* exp0 - now, with now the site's clock while the request ran. */
	ck_assert_msg(ra >= exp0 - after && ra <= exp0 - before,
	    "Retry-After %ld, expected %lld - [%ld, %ld]", ra, exp0, before,
	    after);
	ck_assert_int_ge(ra, 45);
	ck_assert_int_le(ra, 50);
	hresp_free(r);
	/* Staff are not limited on the customer's behalf. */
	r = fx_try_walkin(staff, s[3], "[\"B1\"]", PRICE, "Ravi Kumar", "9000000001");
	ck_assert_int_eq(r->status, 201);
	hresp_free(r);
	/* The oldest lapses at 300: free again with no sweeper run. */
	fx_clock_offset(301);
	fx_hold(tok, s[3], "[\"A1\"]");
	r = fx_try_hold(tok, s[4], "[\"A1\"]");
	expect_error(r, 429, "RATE_LIMITED");
	/* Now the second (made at +100) is the oldest live one. */
	snprintf(q, sizeof(q), "SELECT expires_at FROM bookings WHERE id = "
	    "%lld", second);
	ra = atol(hdr(r, "Retry-After"));
	ck_assert_int_le(ra, fx_sql_int("%s", q) - ((long)time(NULL) + 301) + 1);
	ck_assert_int_ge(ra, 95);
	hresp_free(r);
	/* Cancelling one frees a place at once. */
	snprintf(path, sizeof(path), "/api/bookings/%lld", second);
	r = api("DELETE", path, NULL, tok);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	fx_hold(tok, s[4], "[\"A1\"]");
	r = fx_try_hold(tok, s[5], "[\"A1\"]");
	expect_error(r, 429, "RATE_LIMITED");
	hresp_free(r);
	fx_clock_back();
	free(tok);
	free(staff);
}
END_TEST

/* A lapsed hold's seats no longer count toward the per-show cap either. */
START_TEST(test_lapsed_holds_do_not_count_toward_the_seat_cap)
{
	char	 me[32];
	char	*tok = fx_sql_customer("bk", me);
	long long show = fx_sql_show(&film, 1);
	struct hresp *r;

	fx_hold(tok, show, "[\"G1\",\"G2\",\"G3\",\"G4\",\"G5\",\"G6\","
	    "\"G7\",\"G8\"]");
	r = fx_try_hold(tok, show, "[\"H1\",\"H2\",\"H3\"]");
	expect_error(r, 409, "TOO_MANY_SEATS");
	hresp_free(r);
	fx_clock_offset(301);
	fx_hold(tok, show, "[\"H1\",\"H2\",\"H3\",\"H4\",\"H5\","
	    "\"H6\",\"H7\",\"H8\",\"H9\",\"H10\"]");
	fx_clock_back();
	free(tok);
}
END_TEST

Suite *
bookings_suite(void)
{
	Suite	*s = suite_create("bookings");
	TCase	*tc = tcase_create("bookings");
	TCase	*clock = tcase_create("bookings, clock moved");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_customer_hold_answers_201_pending_with_expiry);
	tcase_add_test(tc, test_hold_refuses_bad_seat_lists_with_their_codes);
	tcase_add_test(tc, test_taken_seat_is_409_naming_only_the_taken_seats);
	tcase_add_test(tc, test_form_post_holds_too);
	tcase_add_test(tc, test_staff_and_admin_sell_walkins_for_cash);
	tcase_add_test(tc, test_booking_is_visible_to_owner_and_staff_only);
	tcase_add_test(tc, test_cancel_frees_seats_at_once);
	tcase_add_test(tc, test_my_bookings_newest_first_and_only_mine);
	tcase_add_test(tc, test_staff_filter_by_show_date_status_and_page);
	tcase_add_test(tc, test_every_route_needs_a_login_and_is_open_to_every_role);
	tcase_add_test(tc, test_wrong_methods_are_405);
	tcase_add_test(tc, test_cookie_writes_need_the_csrf_token);
	tcase_add_test(tc, test_customer_seats_in_live_holds_of_a_show_are_capped);
	tcase_add_test(tc, test_parallel_holds_of_one_customer_hold_at_most_max_seats);
	tcase_add_test(tc, test_parallel_holds_across_shows_get_at_most_max_pending);
	suite_add_tcase(s, tc);
	/* These move the whole site's clock; the unchecked teardown (run in
	 * the parent) puts it back even when a test fails half-way. */
	tcase_set_timeout(clock, 60);
	tcase_add_unchecked_fixture(clock, NULL, fx_clock_back);
	tcase_add_test(clock, test_lapsed_hold_is_free_for_someone_else_and_reads_expired);
	tcase_add_test(clock, test_seat_map_etag_changes_on_hold_cancel_expiry_and_sale);
	tcase_add_test(clock, test_sweeper_marks_lapsed_holds_expired_and_frees_seats);
	tcase_add_test(clock, test_fourth_live_hold_is_429_until_the_oldest_lapses);
	tcase_add_test(clock, test_lapsed_holds_do_not_count_toward_the_seat_cap);
	suite_add_tcase(s, clock);
	return s;
}
