/* bookings.cgi — /api/bookings: hold seats, sell walk-ins, read, cancel.
 *
 *   POST   /api/bookings       customer: hold seats (pending, expires_at);
 *                              staff/admin: walk-in cash sale (confirmed)
 *   GET    /api/bookings       customer: their own, newest first;
 *                              staff/admin: any, by show_id, date, status
 *   GET    /api/bookings/<id>  the owner, or staff/admin (others: 404)
 *   DELETE /api/bookings/<id>  cancel a pending booking, freeing its seats;
 *                              a confirmed one until refund_cutoff_minutes
 *                              before the show, refunded to the wallet
 *                              (lib/refund.c)
 *
 * All the rules live in lib/booking.c; this file reads the request, calls
 * it and turns its errors into the API's.  Links sqlite, cjson and sodium
 * only: it is the hottest write endpoint (DESIGN §9). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "booking.h"
#include "clock.h"
#include "json.h"
#include "money.h"
#include "refund.h"

#define BOOKINGS_MAX_BODY	(16u * 1024)
#define BOOKINGS_PAGE		50

static int
is_staff(const struct ctx *c)
{
	return (c->user.role & ROLES_STAFF) != 0;
}

static void
join_labels(const struct booking_seats *s, char *out, size_t n)
{
	out[0] = '\0';
	for (int i = 0; i < s->n; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s",
		    i ? ", " : "", s->label[i]);
}

/* The one place a booking_fail becomes the API's error. */
static int
fail_booking(struct ctx *c, const struct booking_fail *f)
{
	char	 list[BOOKING_SEATS_LIMIT * (BOOKING_LABEL_MAX + 2) + 1];
	char	 due[48], secs[24];
	int	 status = booking_err_status(f->err);
	const char *code = booking_err_code(f->err);

	join_labels(&f->seats, list, sizeof(list));
	switch (f->err) {
	case BOOKING_OK:
	case BOOKING_ERR_DB:
		break;
	case BOOKING_ERR_VALIDATION:
		err_field(&c->err, f->field, "%s", f->detail);
		return ctx_fail_fields(c, "please correct the marked fields");
	case BOOKING_ERR_SHOW_NOT_FOUND:
		return ctx_fail(c, status, code, "no such show");
	case BOOKING_ERR_SHOW_STARTED:
		return ctx_fail(c, status, code,
		    "this show has already started; seats can no longer be "
		    "booked");
	case BOOKING_ERR_TOO_MANY_SEATS:
		err_field(&c->err, "seats", "at most %d seats", f->max_seats);
		return ctx_fail(c, status, code,
		    "at most %d seats can be booked at once", f->max_seats);
	case BOOKING_ERR_DUPLICATE_SEAT:
		for (int i = 0; i < f->seats.n; i++)
			err_field(&c->err, "seats", "%s is listed more than once",
			    f->seats.label[i]);
		return ctx_fail(c, status, code, "seat listed twice: %s", list);
	case BOOKING_ERR_INVALID_SEAT:
		for (int i = 0; i < f->seats.n; i++)
			err_field(&c->err, "seats", "%s does not exist on this "
			    "show's screen", f->seats.label[i]);
		return ctx_fail(c, status, code,
		    "no such seat on this show's screen: %s", list);
	case BOOKING_ERR_SEATS_UNAVAILABLE:
		for (int i = 0; i < f->seats.n; i++)
			err_field(&c->err, "seats", "%s is already taken",
			    f->seats.label[i]);
		return ctx_fail(c, status, code,
		    "%s %s no longer available: %s", f->seats.n > 1 ? "these" :
		    "this", f->seats.n > 1 ? "seats are" : "seat is", list);
	case BOOKING_ERR_INVALID_AMOUNT:
		money_format(f->amount_due, c->conf.currency, 0, due,
		    sizeof(due));
		err_field(&c->err, "amount_paid", "the price due is %s", due);
		return ctx_fail(c, status, code,
		    "amount_paid must equal the price due: %s (%lld)", due,
		    f->amount_due);
	case BOOKING_ERR_NOT_FOUND:
		return ctx_fail(c, status, code, "no such booking");
	case BOOKING_ERR_EXPIRED:
		return ctx_fail(c, status, code, "this booking's hold has "
		    "expired; its seats were released");
	case BOOKING_ERR_BAD_STATUS:
		return ctx_fail(c, status, code, "this booking is %s; only a "
		    "pending booking can be cancelled here", f->status);
	case BOOKING_ERR_DATE_OUT_OF_RANGE:
		return ctx_fail(c, status, code, "shows can be booked from "
		    "today to %d days ahead", f->window_days - 1);
	case BOOKING_ERR_SHOW_SEATS_CAP:
		err_field(&c->err, "seats", "at most %d seats of one show; you "
		    "already hold %d", f->max_seats, f->held_seats);
		return ctx_fail(c, status, code, "you already hold %d seats of "
		    "this show; one customer can hold at most %d at a time",
		    f->held_seats, f->max_seats);
	case BOOKING_ERR_PENDING_CAP:
		snprintf(secs, sizeof(secs), "%lld", f->retry_after);
		resp_header(&c->resp, "Retry-After", secs);
		return ctx_fail(c, status, code, "you already have %d unpaid "
		    "holds; pay for or cancel one, or wait %lld seconds for the "
		    "oldest to lapse", f->max_pending, f->retry_after);
	}
	return ctx_fail_db(c, f->rc);
}

static int
created(struct ctx *c, const struct booking *b)
{
	char	 loc[64];

	snprintf(loc, sizeof(loc), "/api/bookings/%lld", b->id);
	resp_header(&c->resp, "Location", loc);
	return ctx_ok(c, 201, booking_json(b, c->conf.currency, is_staff(c)));
}

/* POST: a customer holds seats; staff sell them to a walk-in customer. */
static int
post_booking(struct ctx *c)
{
	struct booking_fail f;
	struct booking_seats seats;
	struct booking b;
	struct booking_walkin w;
	long long show_id = 0;
	int	 r;
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	memset(&w, 0, sizeof(w));
	if ((r = json_get_int(c->req.body, "show_id", &show_id)) != 1 ||
	    show_id <= 0)
		err_field(&c->err, "show_id", "required: the show's id");
	if (is_staff(c)) {
		if (json_get_str(c->req.body, "customer_name",
		    &w.customer_name) != 1)
			err_field(&c->err, "customer_name", "required for a "
			    "walk-in sale: 3 to 70 letters and spaces");
		if (json_get_str(c->req.body, "phone", &w.phone) != 1)
			err_field(&c->err, "phone", "required: 10 digits");
		if (json_get_int(c->req.body, "amount_paid",
		    &w.amount_paid) != 1 || w.amount_paid < 0)
			err_field(&c->err, "amount_paid", "required: the cash "
			    "received, in minor units (paise)");
	}
	if (ctx_fail_fields(c, "please correct the marked fields") != 0)
		return -1;
	if (booking_parse_seats(cJSON_GetObjectItemCaseSensitive(c->req.body,
	    "seats"), booking_max_seats(&c->conf), &seats, &f) == -1)
		return fail_booking(c, &f);
	if ((db = ctx_db(c)) == NULL)
		return -1;
	if (!is_staff(c)) {
		if (booking_hold(db, &c->conf, c->now, show_id, c->user.id,
		    &seats, &b, &f) == -1)
			return fail_booking(c, &f);
		return created(c, &b);
	}
	w.show_id = show_id;
	w.sold_by = c->user.id;
	if (booking_sell_walkin(db, &c->conf, c->now, &w, &seats, &b, &f) == -1)
		return fail_booking(c, &f);
	return created(c, &b);
}

/* A bounded integer query parameter: 1 present and valid, 0 absent or
 * blank, -1 bad (field error recorded). */
static int
query_num(struct ctx *c, const char *name, long long min, long long max,
    long long *out)
{
	switch (req_query_int(&c->req, name, min, max, out)) {
	case REQ_INT_OK:
		return 1;
	case REQ_INT_ABSENT:
		return 0;
	default:
		err_field(&c->err, name, "a whole number from %lld to %lld",
		    min, max);
		return -1;
	}
}

struct list_out {
	cJSON		*array;
	const char	*currency;
	int		 staff;
};

static int
add_one(const struct booking *b, void *arg)
{
	struct list_out *o = arg;

	cJSON_AddItemToArray(o->array, booking_json(b, o->currency, o->staff));
	return 0;
}

/* GET: the customer's own bookings; staff/admin filter everyone's. */
static int
list_bookings(struct ctx *c)
{
	static const char *statuses[] = { "pending", "confirmed", "checked_in",
	    "expired", "cancelled" };
	struct booking_filter flt;
	struct booking_fail f;
	struct list_out out;
	long long v;
	const char *s;
	int	 y, m, d;
	sqlite3	*db;

	memset(&flt, 0, sizeof(flt));
	memset(&f, 0, sizeof(f));
	flt.limit = BOOKINGS_PAGE;
	if (query_num(c, "limit", 1, BOOKING_LIST_MAX, &v) == 1)
		flt.limit = (int)v;
	if (query_num(c, "offset", 0, 1000000, &v) == 1)
		flt.offset = (int)v;
	if (query_num(c, "before_id", 1, (1LL << 53), &v) == 1)
		flt.before_id = v;
	if ((s = req_query(&c->req, "status")) != NULL && *s != '\0') {
		for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
			if (strcmp(s, statuses[i]) == 0)
				snprintf(flt.status, sizeof(flt.status), "%s", s);
		if (flt.status[0] == '\0')
			err_field(&c->err, "status", "one of pending, "
			    "confirmed, checked_in, expired, cancelled");
	}
	if (query_num(c, "show_id", 1, (1LL << 53), &v) == 1)
		flt.show_id = v;
	if ((s = req_query(&c->req, "date")) != NULL && *s != '\0') {
		if (clock_parse_date(s, &y, &m, &d) == -1)
			err_field(&c->err, "date", "a date as YYYY-MM-DD");
		else
			snprintf(flt.date, sizeof(flt.date), "%s", s);
	}
	if (ctx_fail_fields(c, "please correct the marked query parameters"))
		return -1;
	if (!is_staff(c))
		flt.user_id = c->user.id;	/* customers: only their own */
	if ((db = ctx_db(c)) == NULL)
		return -1;
	out.array = cJSON_CreateArray();
	out.currency = c->conf.currency;
	out.staff = is_staff(c);
	if (booking_list(db, &flt, c->now, add_one, &out, &f) == -1) {
		cJSON_Delete(out.array);
		return fail_booking(c, &f);
	}
	return ctx_ok(c, 200, out.array);
}

/* GET /<id>: the owner or staff; anyone else learns nothing. */
static int
get_booking(struct ctx *c)
{
	struct booking b;
	struct booking_fail f;
	long long id = ctx_arg_id(c, 0);
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	if (id == 0)
		return ctx_fail(c, 404, "BOOKING_NOT_FOUND", "no such booking");
	if ((db = ctx_db(c)) == NULL)
		return -1;
	if (booking_get(db, id, c->now, &b, &f) == -1)
		return fail_booking(c, &f);
	if (!is_staff(c) && b.user_id != c->user.id)
		return ctx_fail(c, 404, "BOOKING_NOT_FOUND", "no such booking");
	return ctx_ok(c, 200, booking_json(&b, c->conf.currency, is_staff(c)));
}

/* A confirmed booking is cancelled with a refund to the customer's wallet
 * (the payments feature's rules, lib/refund.c). */
static int
cancel_paid(struct ctx *c, sqlite3 *db, long long id)
{
	struct refund_result r;
	struct booking b;
	struct booking_fail f;
	char	 cut[32], when[64];
	struct tm tm;
	cJSON	*d, *x;

	switch (refund_cancel_confirmed(db, &c->conf, id,
	    is_staff(c) ? 0 : c->user.id, &r)) {
	case REFUND_OK:
		break;
	case REFUND_NOT_FOUND:
		return ctx_fail(c, 404, "BOOKING_NOT_FOUND", "no such booking");
	case REFUND_NOT_CONFIRMED:
		return ctx_fail(c, 409, "INVALID_BOOKING_STATUS",
		    "this booking is %s; it cannot be cancelled", r.status);
	case REFUND_TOO_LATE:
		refund_cutoff_text(r.cutoff_minutes, cut, sizeof(cut));
		localtime_r(&r.starts_at, &tm);
		strftime(when, sizeof(when), "%H:%M on %d %b %Y", &tm);
		return ctx_fail(c, 409, "INVALID_BOOKING_STATUS",
		    "a paid booking can be cancelled up to %s before the show; "
		    "this show starts at %s", cut, when);
	case REFUND_WALKIN:
		return ctx_fail(c, 409, "INVALID_BOOKING_STATUS",
		    "a walk-in ticket is refunded in cash at the counter");
	case REFUND_DB:
		return ctx_fail_db(c, r.rc);
	}
	memset(&f, 0, sizeof(f));
	if (booking_get(db, id, c->now, &b, &f) == -1)
		return fail_booking(c, &f);
	d = booking_json(&b, c->conf.currency, is_staff(c));
	x = cJSON_AddObjectToObject(d, "refund");
	json_add_int(x, "amount", r.amount);
	json_add_str(x, "currency", c->conf.currency);
	json_add_str(x, "to", "wallet");
	if (!is_staff(c))
		json_add_int(x, "wallet_balance", r.wallet_balance);
	return ctx_ok(c, 200, d);
}

/* DELETE /<id>: a pending booking is cancelled and its seats are free at
 * once; a confirmed one goes through cancel_paid (refund to the wallet). */
static int
cancel_booking(struct ctx *c)
{
	struct booking b;
	struct booking_fail f;
	long long id = ctx_arg_id(c, 0);
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	if (id == 0)
		return ctx_fail(c, 404, "BOOKING_NOT_FOUND", "no such booking");
	if ((db = ctx_db(c)) == NULL)
		return -1;
	if (booking_cancel(db, id, is_staff(c) ? 0 : c->user.id, c->now, &b,
	    &f) == -1) {
		if (f.err == BOOKING_ERR_BAD_STATUS &&
		    strcmp(f.status, "confirmed") == 0)
			return cancel_paid(c, db, id);
		return fail_booking(c, &f);
	}
	return ctx_ok(c, 200, booking_json(&b, c->conf.currency, is_staff(c)));
}

static const struct route routes[] = {
	{ "POST",   "",     ROLES_USER, post_booking },
	{ "GET",    "",     ROLES_USER, list_bookings },
	{ "POST",   "/",    ROLES_USER, post_booking },
	{ "GET",    "/",    ROLES_USER, list_bookings },
	{ "GET",    "/:id", ROLES_USER, get_booking },
	{ "DELETE", "/:id", ROLES_USER, cancel_booking },
};

int
main(void)
{
	static const struct app app = { "bookings", routes,
	    sizeof(routes) / sizeof(routes[0]), BOOKINGS_MAX_BODY,
	    auth_authenticate };

	return app_main(&app);
}
