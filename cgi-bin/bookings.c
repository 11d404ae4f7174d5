/* bookings.cgi — /api/bookings: hold seats, sell walk-ins, read, cancel.
 *
 *   POST   /api/bookings       customer: hold seats (pending, expires_at);
 *                              staff/admin: walk-in cash sale (confirmed)
 *   GET    /api/bookings       customer: their own, newest first;
 *                              staff/admin: any, by show_id, date, status
 *   GET    /api/bookings/<id>  the owner, or staff/admin (others: 404)
 *   PATCH  /api/bookings/<id>  customer: add seats to or let go of seats of
 *                              their live hold, same rules, same expires_at
 *   DELETE /api/bookings/<id>  cancel a pending booking, freeing its seats;
 *                              a confirmed one until refund_cutoff_minutes
 *                              before the show, refunded to the wallet
 *                              (lib/refund.c)
 *
 * All the rules live in lib/booking.c and lib/refund.c; this file reads
 * the request, calls them and answers; booking_errors.h turns their errors
 * into the API's.  Every write here changes a seat map, so the connection
 * publishes after each COMMIT (lib/publish.h).  Links sqlite, cjson and
 * sodium only: it is the hottest write endpoint (DESIGN §9). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "booking.h"
#include "booking_errors.h"
#include "clock.h"
#include "json.h"
#include "publish.h"
#include "refund.h"
#include "seatkind.h"

#define BOOKINGS_MAX_BODY	(16u * 1024)
#define BOOKINGS_PAGE		50

static int
is_staff(const struct ctx *c)
{
	return (c->user.role & ROLES_STAFF) != 0;
}

/* The booking id of the path, and the database.  An id that cannot be a
 * booking's is not found without opening it.  0, or -1 answered. */
static int
open_id(struct ctx *c, long long *id, sqlite3 **db)
{
	struct booking_fail f = { .err = BOOKING_ERR_NOT_FOUND };

	if ((*id = ctx_arg_id(c, 0)) == 0)
		return booking_fail_answer(c, &f);
	if ((*db = ctx_db(c)) == NULL)
		return -1;
	publish_attach(*db, &c->conf);
	return 0;
}

/* POST: a customer holds seats; staff sell them to a walk-in customer. */
static int
post_booking(struct ctx *c)
{
	struct booking_fail f;
	struct booking_seats seats;
	struct booking b;
	struct booking_walkin w;
	char	 loc[64];
	int	 rv;
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	memset(&w, 0, sizeof(w));
	if (json_get_int(c->req.body, "show_id", &w.show_id) != 1 ||
	    w.show_id <= 0)
		err_field(&c->err, "show_id", "required: the show's id");
	if (is_staff(c)) {
		if (json_get_str(c->req.body, "customer_name",
		    &w.customer_name) != 1)
			err_field(&c->err, "customer_name", "required for a "
			    "walk-in sale: %s", PERSON_NAME_RULE);
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
	    "seats"), booking_max_seats(&c->conf), &seats, &f) == -1 ||
	    seatkind_parse_confirm(c->req.body, &seats.wheelchair_confirmed,
	    &f) == -1)
		return booking_fail_answer(c, &f);
	if ((db = ctx_db(c)) == NULL)
		return -1;
	publish_attach(db, &c->conf);
	w.sold_by = c->user.id;
	if (is_staff(c))
		rv = booking_sell_walkin(db, &c->conf, c->now, &w, &seats, &b,
		    &f);
	else
		rv = booking_hold(db, &c->conf, c->now, w.show_id, c->user.id,
		    &seats, &b, &f);
	if (rv == -1)
		return booking_fail_answer(c, &f);
	snprintf(loc, sizeof(loc), "/api/bookings/%lld", b.id);
	resp_header(&c->resp, "Location", loc);
	return ctx_ok(c, 201, booking_json(&b, c->conf.currency, is_staff(c)));
}

/* A bounded integer query parameter: 1 present and valid, 0 absent or
 * blank or bad (a bad one's field error recorded). */
static int
query_num(struct ctx *c, const char *name, long long min, long long max,
    long long *out)
{
	enum req_int r = req_query_int(&c->req, name, min, max, out);

	if (r != REQ_INT_OK && r != REQ_INT_ABSENT)
		err_field(&c->err, name, "a whole number from %lld to %lld",
		    min, max);
	return r == REQ_INT_OK;
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

/* The query of GET /api/bookings as a filter; bad parameters are
 * recorded as field errors. */
static void
read_filter(struct ctx *c, struct booking_filter *flt)
{
	long long v;
	const char *s;
	int	 y, m, d;

	memset(flt, 0, sizeof(*flt));
	flt->limit = BOOKINGS_PAGE;
	if (query_num(c, "limit", 1, BOOKING_LIST_MAX, &v) == 1)
		flt->limit = (int)v;
	if (query_num(c, "offset", 0, 1000000, &v) == 1)
		flt->offset = (int)v;
	if (query_num(c, "before_id", 1, (1LL << 53), &v) == 1)
		flt->before_id = v;
	if ((s = req_query(&c->req, "status")) != NULL && *s != '\0') {
		if (booking_status_known(s))
			snprintf(flt->status, sizeof(flt->status), "%s", s);
		else
			err_field(&c->err, "status", "one of pending, "
			    "confirmed, checked_in, expired, cancelled");
	}
	if (query_num(c, "show_id", 1, (1LL << 53), &v) == 1)
		flt->show_id = v;
	if ((s = req_query(&c->req, "date")) != NULL && *s != '\0') {
		if (clock_parse_date(s, &y, &m, &d) == -1)
			err_field(&c->err, "date", "a date as YYYY-MM-DD");
		else
			snprintf(flt->date, sizeof(flt->date), "%s", s);
	}
	if (!is_staff(c))
		flt->user_id = c->user.id;	/* customers: only their own */
}

/* GET: the customer's own bookings; staff/admin filter everyone's. */
static int
list_bookings(struct ctx *c)
{
	struct booking_filter flt;
	struct booking_fail f;
	struct list_out out;
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	read_filter(c, &flt);
	if (ctx_fail_fields(c, "please correct the marked query parameters"))
		return -1;
	if ((db = ctx_db(c)) == NULL)
		return -1;
	out.array = cJSON_CreateArray();
	out.currency = c->conf.currency;
	out.staff = is_staff(c);
	if (booking_list(db, &flt, c->now, add_one, &out, &f) == -1) {
		cJSON_Delete(out.array);
		return booking_fail_answer(c, &f);
	}
	return ctx_ok(c, 200, out.array);
}

/* GET /<id>: the owner or staff; anyone else learns nothing. */
static int
get_booking(struct ctx *c)
{
	struct booking b;
	struct booking_fail f;
	long long id;
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	if (open_id(c, &id, &db) == -1)
		return -1;
	if (booking_get_as(db, id, is_staff(c) ? 0 : c->user.id, c->now, &b,
	    &f) == -1)
		return booking_fail_answer(c, &f);
	return ctx_ok(c, 200, booking_json(&b, c->conf.currency, is_staff(c)));
}

/* DELETE /<id>: a pending booking is cancelled and its seats are free at
 * once; a confirmed one is refunded to the wallet too, the refund shown
 * beside the booking (lib/refund.c decides which). */
static int
cancel_booking(struct ctx *c)
{
	struct refund_cancel_result r;
	struct booking_fail f;
	long long id;
	sqlite3	*db;
	cJSON	*d;

	memset(&f, 0, sizeof(f));
	if (open_id(c, &id, &db) == -1)
		return -1;
	if (refund_cancel(db, &c->conf, id, is_staff(c) ? 0 : c->user.id,
	    c->now, &r, &f) == -1)
		return booking_fail_answer(c, &f);
	d = booking_json(&r.booking, c->conf.currency, is_staff(c));
	if (r.refunded)
		cJSON_AddItemToObject(d, "refund", refund_json(&r.refund,
		    c->conf.currency, !is_staff(c)));
	return ctx_ok(c, 200, d);
}

/* PATCH /<id>: {"add": [...], "remove": [...]} changes the customer's live
 * hold without restarting its clock (lib/booking.c booking_change). */
static int
patch_booking(struct ctx *c)
{
	struct booking_change ch;
	struct booking_fail f;
	struct booking b;
	long long id;
	sqlite3	*db;

	memset(&f, 0, sizeof(f));
	if (booking_parse_change(c->req.body, booking_max_seats(&c->conf), &ch,
	    &f) == -1 || seatkind_parse_confirm(c->req.body,
	    &ch.add.wheelchair_confirmed, &f) == -1)
		return booking_fail_answer(c, &f);
	if (open_id(c, &id, &db) == -1)
		return -1;
	if (booking_change(db, &c->conf, c->now, id, c->user.id, &ch, &b,
	    &f) == -1)
		return booking_fail_answer(c, &f);
	return ctx_ok(c, 200, booking_json(&b, c->conf.currency, is_staff(c)));
}

static const struct route routes[] = {
	{ "POST",   "",     ROLES_USER, post_booking },
	{ "GET",    "",     ROLES_USER, list_bookings },
	{ "POST",   "/",    ROLES_USER, post_booking },
	{ "GET",    "/",    ROLES_USER, list_bookings },
	{ "GET",    "/:id", ROLES_USER, get_booking },
	{ "PATCH",  "/:id", ROLE_CUSTOMER, patch_booking },
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
