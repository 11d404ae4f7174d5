/* shows.cgi — /api/shows: the list of a day, one show, its live seat map
 * (with an ETag: 304 when unchanged), "best available" seats of it, and
 * scheduling (admin).  A hot path:
 * links SQLite, cJSON and libsodium (for the session) and nothing else. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "booking.h"
#include "booking_errors.h"
#include "auth.h"
#include "clock.h"
#include "json.h"
#include "pricing.h"
#include "publish.h"
#include "seatblock.h"
#include "seatmap.h"
#include "show.h"

/* Why a show could not be scheduled, as the API says it: the status, the
 * code and the message, and the field blamed with what is wrong with it.
 * A message may name the show in the way once, as %lld (fail.clash). */
struct show_error {
	int		 status;
	const char	*code;
	const char	*message;
	const char	*field;
	const char	*problem;
};

static const struct show_error show_errors[] = {
	[SHOW_ERR_INVALID_MOVIE] = { 422, "INVALID_MOVIE", "no such movie",
	    "movie_id", "no such movie; import it first" },
	[SHOW_ERR_UNKNOWN_SCREEN] = { 422, "VALIDATION_ERROR", "no such screen",
	    "screen_id", "no such screen" },
	[SHOW_ERR_UNKNOWN_SLOT] = { 422, "VALIDATION_ERROR", "no such slot",
	    "slot_id", "no such slot" },
	[SHOW_ERR_PAST] = { 422, "PAST_DATETIME",
	    "a show cannot be scheduled in the past",
	    "slot_id", "this date and slot have already started" },
	[SHOW_ERR_SLOT_TAKEN] = { 409, "SLOT_NOT_AVAILABLE",
	    "the screen already has a show at that time (show %lld)",
	    "slot_id", "the screen is busy then (show %lld)" },
	[SHOW_ERR_NOT_FOUND] = { 404, "SHOW_NOT_FOUND", "no such show",
	    NULL, NULL },
	[SHOW_ERR_STARTED] = { 409, "SHOW_ALREADY_STARTED",
	    "this show has started; it can no longer be changed or cancelled",
	    NULL, NULL },
	[SHOW_ERR_CANCELLED] = { 409, "SHOW_CANCELLED",
	    "this show was cancelled", NULL, NULL },
	/* (fail_show words this one from fail.why.) */
	[SHOW_ERR_CARD] = { 422, "VALIDATION_ERROR", NULL, "price_card_id",
	    NULL },
	[SHOW_ERR_HAS_BOOKINGS] = { 409, "SHOW_HAS_BOOKINGS",
	    "seats of this show are already held or sold; its prices can no "
	    "longer change", NULL, NULL },
};

static int
fail_show(struct ctx *c, const struct show_fail *f)
{
	const struct show_error *e;

	if (f->err == SHOW_ERR_DB)
		return ctx_fail_db(c, f->rc);
	if ((size_t)f->err >= sizeof(show_errors) / sizeof(show_errors[0]) ||
	    show_errors[f->err].code == NULL)
		return ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
	e = &show_errors[f->err];
	if (f->err == SHOW_ERR_CARD) {
		err_field(&c->err, e->field, "%s", f->why);
		return ctx_fail(c, e->status, e->code, "this price card can't "
		    "price the show: %s", f->why);
	}
	if (e->field != NULL)
		err_field(&c->err, e->field, e->problem, f->clash);
	return ctx_fail(c, e->status, e->code, e->message, f->clash);
}

/* DESIGN §7: the one answer for a show outside a customer's window. */
static int
out_of_window(struct ctx *c)
{
	char	 today[11];

	clock_date(c->now, today);
	return ctx_fail(c, 400, "DATE_OUT_OF_RANGE", "shows can be seen from "
	    "today (%s) to %d days ahead", today,
	    show_window_days(&c->conf) - 1);
}

/* The reads are public (DESIGN §7): anyone browses the public window; a
 * valid staff or admin session opens every date.  A missing, expired or
 * revoked token browses as the public does, so a visitor whose session
 * lapsed still sees the week (holding still asks for a login). */
static int
sees_any_date(struct ctx *c)
{
	return ctx_try_auth(c) && (c->user.role & ROLES_STAFF) != 0;
}

/* The public may see show id only inside the window; staff and admin any.
 * 0 to go on; -1 after answering (404, DATE_OUT_OF_RANGE, 5xx). */
static int
check_window(struct ctx *c, long long id)
{
	char	 date[11];
	int	 rc;

	if (sees_any_date(c))
		return 0;
	if ((rc = show_date_of(c->db, id, date)) == SQLITE_DONE)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (rc != SQLITE_ROW)
		return ctx_fail_db(c, rc);
	return show_in_customer_window(&c->conf, c->now, date) ? 0 :
	    out_of_window(c);
}

static int
get_list(struct ctx *c)
{
	const char *date = req_query(&c->req, "date");
	char	 today[11];
	cJSON	*list;
	int	 y, m, d, rc, public;

	clock_date(c->now, today);
	if (date == NULL || *date == '\0')
		date = today;
	else if (clock_parse_date(date, &y, &m, &d) == -1) {
		err_field(&c->err, "date", "must be a calendar date as YYYY-MM-DD");
		return ctx_fail(c, 400, "VALIDATION_ERROR",
		    "date must be YYYY-MM-DD");
	}
	public = !sees_any_date(c);
	if (public && !show_in_customer_window(&c->conf, c->now, date))
		return out_of_window(c);
	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = show_list(c->db, date, public, c->now, c->conf.currency,
	    &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, list);
}

static int
get_one(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	cJSON	*show;
	int	 rc;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (ctx_db(c) == NULL || check_window(c, id) == -1)
		return -1;
	if ((rc = show_get(c->db, id, c->now, c->conf.currency, &show)) ==
	    SQLITE_DONE)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (rc != SQLITE_ROW)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, show);
}

static int
get_seats(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	char	 etag[SEATMAP_ETAG_LEN];
	struct seatmap sm;
	cJSON	*map;
	int	 rc;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (ctx_db(c) == NULL || check_window(c, id) == -1)
		return -1;
	/* The ETag costs one indexed count; the map, a pass over the seats. */
	if ((rc = seatmap_etag(c->db, id, c->user.id, c->now, etag)) ==
	    SQLITE_DONE)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (rc != SQLITE_OK)
		return ctx_fail_db(c, rc);
	resp_header(&c->resp, "ETag", etag);
	/* Per viewer ("mine"): a private cache may keep it, but must ask. */
	resp_header(&c->resp, "Cache-Control", "private, no-cache");
	if (seatmap_etag_matches(c->req.if_none_match, etag)) {
		resp_empty(&c->resp, 304);
		return 0;
	}
	if ((rc = seatmap_status(c->db, id, c->user.id, c->now, &sm)) ==
	    SQLITE_DONE)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (rc != SQLITE_OK)
		return ctx_fail_db(c, rc);
	/* The ETag and the map are two reads at the same c->now: a write
	 * landing between them makes the ETag older than the body, which
	 * costs the client one extra 200 on its next poll, never a stale map. */
	map = seatmap_json(&sm, c->conf.currency);
	/* The most seats one booking may hold (skyfox.conf max_seats): the
	 * page's picker stops there. */
	cJSON_AddNumberToObject(map, "max_seats", booking_max_seats(&c->conf));
	/* The counter tells a house seat it may sell from a broken one. */
	if (sees_any_date(c))
		seatmap_add_blocks(&sm, map);
	rc = ctx_ok(c, 200, map);
	seatmap_free(&sm);
	return rc;
}

/* types=adult,adult,child: each a ticket type the show sells (its seat
 * map's ticket_types).  *count becomes how many.  0, or -1 answered. */
static int
best_types(struct ctx *c, long long id, const char *types, int max,
    long long *count)
{
	struct pricing_show ps;
	char	 code[PRICING_CODE_MAX + 1];
	int	 rc, n = 0;

	if ((rc = pricing_show_load(c->db, id, &ps)) == SQLITE_DONE)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (rc != SQLITE_OK)
		return ctx_fail_db(c, rc);
	for (const char *p = types; *p != '\0'; ) {
		size_t	 len = strcspn(p, ",");

		if (++n > max) {
			err_field(&c->err, "types", "at most %d seats", max);
			return ctx_fail(c, 422, "VALIDATION_ERROR", "at most "
			    "%d seats can be booked at once", max);
		}
		snprintf(code, sizeof(code), "%.*s", (int)(len < sizeof(code) ?
		    len : 0), p);
		if (!pricing_code_valid(code) || pricing_type(&ps, code) ==
		    NULL || pricing_price(&ps, ps.cats[0].name, code) <= 0) {
			/* Only a code that could be one is echoed. */
			err_field(&c->err, "types", "%s%s%s is not a ticket "
			    "type on sale for this show", pricing_code_valid(
			    code) ? "\"" : "", pricing_code_valid(code) ? code :
			    "one", pricing_code_valid(code) ? "\"" : "");
			return ctx_fail(c, 422, "VALIDATION_ERROR", "types: "
			    "ticket types on sale for this show, separated by "
			    "commas");
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (n == 0) {
		err_field(&c->err, "types", "name at least one ticket type");
		return ctx_fail(c, 422, "VALIDATION_ERROR", "types: ticket "
		    "types, separated by commas");
	}
	*count = n;
	return 0;
}

/* GET /<id>/best?count=N[&types=adult,adult,child]: the seats "Best
 * available" suggests, as the seat map's public sees them (lib/booking.h
 * booking_best): {"seats":["F5","F6","F7"],"together":true}; none when
 * fewer than N are free ({"seats":[],"together":false}).  With types,
 * count is how many it lists (a count beside it must agree), and each
 * must be a ticket type the show sells: the page asks for a family's
 * seats and holds them with those types in that order. */
static int
get_best(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0), count = 0, typed = 0;
	int	 max = booking_max_seats(&c->conf), together, rc;
	const char *types = req_query(&c->req, "types");
	struct booking_seats best;
	cJSON	*o, *a;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if ((types == NULL || *types == '\0') &&
	    req_query_int(&c->req, "count", 1, max, &count) != REQ_INT_OK) {
		err_field(&c->err, "count", "a whole number of seats from 1 "
		    "to %d", max);
		return ctx_fail(c, 422, "VALIDATION_ERROR", "count must be a "
		    "whole number of seats from 1 to %d", max);
	}
	if (ctx_db(c) == NULL || check_window(c, id) == -1)
		return -1;
	if (types != NULL && *types != '\0') {
		if (best_types(c, id, types, max, &typed) == -1)
			return -1;
		if (req_query_int(&c->req, "count", 1, max, &count) ==
		    REQ_INT_OK && count != typed) {
			err_field(&c->err, "count", "must be the number of "
			    "types (%lld)", typed);
			return ctx_fail(c, 422, "VALIDATION_ERROR", "count and "
			    "types disagree");
		}
		count = typed;
	}
	if ((rc = booking_best(c->db, &c->conf, id, c->now, (int)count, &best,
	    &together)) == SQLITE_DONE)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (rc != SQLITE_OK)
		return ctx_fail_db(c, rc);
	o = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(o, "seats");
	for (int i = 0; i < best.n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(best.label[i]));
	cJSON_AddBoolToObject(o, "together", together);
	/* Seats come and go: the default Cache-Control (no-store) stands. */
	return ctx_ok(c, 200, o);
}

static int
post_show(struct ctx *c)
{
	struct show_new n;
	struct show_fail f;
	long long id;
	cJSON	*show;
	int	 rc;

	if (c->req.body == NULL) {
		err_field(&c->err, "movie_id", "is required");
		return ctx_fail_fields(c, "a show needs movie_id, screen_id, "
		    "date, slot_id and price");
	}
	if (show_parse_new(c->req.body, &n, &c->err) == -1)
		return ctx_fail_fields(c, "some fields are not valid");
	n.created_by = c->user.id;
	n.trailer_min = show_trailer_minutes(&c->conf);
	if (ctx_db(c) == NULL)
		return -1;
	/* The new show joins its day's list (lib/publish.h). */
	publish_attach(c->db, &c->conf);
	if (show_create(c->db, &n, c->now, &id, &f) == -1)
		return fail_show(c, &f);
	if ((rc = show_get(c->db, id, c->now, c->conf.currency, &show)) !=
	    SQLITE_ROW)
		return ctx_fail_db(c, rc);
	fprintf(stderr, "skyfox[%s] show %lld scheduled by %s\n", c->request_id,
	    id, c->user.username);
	return ctx_ok(c, 201, show);
}

/* PATCH /<id> {"price"} or {"price_card_id"} (admin): new prices, while
 * no seat of the show is held or sold (SHOW_HAS_BOOKINGS after). */
static int
patch_show(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0), price = 0, card = 0;
	struct show_fail f;
	cJSON	*show;
	int	 rc;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	(void)show_parse_pricing(c->req.body, &price, &card, &c->err);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0 ||
	    ctx_db(c) == NULL)
		return -1;
	publish_attach(c->db, &c->conf);
	if (show_set_pricing(c->db, id, price, card, c->now, &f) == -1)
		return fail_show(c, &f);
	if ((rc = show_get(c->db, id, c->now, c->conf.currency, &show)) !=
	    SQLITE_ROW)
		return ctx_fail_db(c, rc);
	fprintf(stderr, "skyfox[%s] show %lld priced by %s %lld by %s\n",
	    c->request_id, id, card > 0 ? "card" : "price", card > 0 ? card :
	    price, c->user.username);
	return ctx_ok(c, 200, show);
}

/* DELETE /<id> {"reason"} (admin): cancel the show; its holds end, its
 * paid online bookings are refunded to the wallets, its walk-ins are
 * answered as cash for the counter to hand back (lib/show.h). */
static int
delete_show(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	struct show_cancel_result r;
	struct show_fail f;
	const char *reason = NULL;
	int	 rv;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (json_get_str(c->req.body, "reason", &reason) == 0)
		err_field(&c->err, "reason", "is required: say why the show "
		    "is cancelled");
	else if (!show_reason_valid(reason))
		err_field(&c->err, "reason", "must be 1 to %d characters of "
		    "text", SHOW_REASON_MAX);
	if (ctx_fail_fields(c, "please correct the marked fields") != 0 ||
	    ctx_db(c) == NULL)
		return -1;
	/* The show leaves its day's list; its seat map file goes. */
	publish_attach(c->db, &c->conf);
	if (show_cancel(c->db, id, reason, c->user.id, c->now, &r, &f) == -1)
		return fail_show(c, &f);
	fprintf(stderr, "skyfox[%s] show %lld cancelled by %s: %d holds, "
	    "%d refunded (%lld), %d cash (%lld)\n", c->request_id, id,
	    c->user.username, r.holds_cancelled, r.nrefunded, r.refunded_total,
	    r.ncash, r.cash_total);
	rv = ctx_ok(c, 200, show_cancel_json(&r, c->conf.currency));
	show_cancel_result_free(&r);
	return rv;
}

/* The show's blocks after a write: 201 for a POST, 200 for a DELETE. */
static int
blocks_answer(struct ctx *c, long long id, int status)
{
	cJSON	*list;
	int	 rc;

	if ((rc = seatblock_list_json(c->db, id, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, status, list);
}

/* POST /<id>/blocks {"seats","reason","house"} (staff, admin): the seats
 * can't be sold for this show, all of them or none (lib/seatblock.h). */
static int
post_blocks(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	struct seatblock_req req;
	struct booking_fail f;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (seatblock_parse(c->req.body, &req, &f) == -1)
		return booking_fail_answer(c, &f);
	if (ctx_db(c) == NULL)
		return -1;
	/* The seat map's file shows the blocked seats (lib/publish.h). */
	publish_attach(c->db, &c->conf);
	if (seatblock_add(c->db, c->now, id, c->user.id, &req, &f) == -1)
		return booking_fail_answer(c, &f);
	fprintf(stderr, "skyfox[%s] show %lld: %d seat(s) blocked%s by %s, "
	    "first %s\n", c->request_id, id, req.seats.n, req.house ?
	    " as house seats" : "", c->user.username, req.seats.label[0]);
	return blocks_answer(c, id, 201);
}

/* DELETE /<id>/blocks/<seat> (staff, admin): the seat is on sale again. */
static int
delete_block(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	struct booking_fail f;

	if (id == 0)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	if (ctx_db(c) == NULL)
		return -1;
	publish_attach(c->db, &c->conf);
	if (seatblock_remove(c->db, c->now, id, ctx_arg(c, 1), &f) == -1)
		return booking_fail_answer(c, &f);
	/* The label is a seat of the screen (else it was refused). */
	fprintf(stderr, "skyfox[%s] show %lld: seat %s unblocked by %s\n",
	    c->request_id, id, ctx_arg(c, 1), c->user.username);
	return blocks_answer(c, id, 200);
}

static const struct route routes[] = {
	{ "GET",  "",           ROLES_PUBLIC, get_list },
	{ "GET",  "/",          ROLES_PUBLIC, get_list },
	{ "POST", "",           ROLE_ADMIN, post_show },
	{ "POST", "/",          ROLE_ADMIN, post_show },
	{ "GET",  "/:id",       ROLES_PUBLIC, get_one },
	{ "PATCH", "/:id",      ROLE_ADMIN, patch_show },
	{ "DELETE", "/:id",     ROLE_ADMIN, delete_show },
	{ "GET",  "/:id/seats", ROLES_PUBLIC, get_seats },
	{ "GET",  "/:id/best",  ROLES_PUBLIC, get_best },
	{ "POST", "/:id/blocks", ROLES_STAFF, post_blocks },
	{ "DELETE", "/:id/blocks/:seat", ROLES_STAFF, delete_block },
};

int
main(void)
{
	static const struct app app = { "shows", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
