/* booking_errors — the HTTP face of a struct booking_fail (lib/booking.h,
 * lib/refund.h): the one place where a booking error becomes a status, an
 * API code and a message, with the field errors and headers that go with
 * it.  The table is kcgi's khttps[] habit: one row an enum value, so a new
 * error cannot be added without saying what the API answers.  Header-only:
 * each CGI is one .c. */
#ifndef SKYFOX_BOOKING_ERRORS_H
#define SKYFOX_BOOKING_ERRORS_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "booking.h"
#include "money.h"
#include "refund.h"
#include "ticket.h"

static const struct booking_http {
	int		 status;
	const char	*code;
} booking_https[] = {
	[BOOKING_OK] =			{ 200, "OK" },
	[BOOKING_ERR_DB] =		{ 500, "INTERNAL_ERROR" },
	[BOOKING_ERR_VALIDATION] =	{ 422, "VALIDATION_ERROR" },
	[BOOKING_ERR_SHOW_NOT_FOUND] =	{ 404, "SHOW_NOT_FOUND" },
	[BOOKING_ERR_SHOW_STARTED] =	{ 409, "SHOW_ALREADY_STARTED" },
	[BOOKING_ERR_TOO_MANY_SEATS] =	{ 422, "TOO_MANY_SEATS" },
	[BOOKING_ERR_DUPLICATE_SEAT] =	{ 422, "DUPLICATE_SEAT" },
	[BOOKING_ERR_INVALID_SEAT] =	{ 422, "INVALID_SEAT" },
	[BOOKING_ERR_SEATS_UNAVAILABLE] = { 409, "SEATS_UNAVAILABLE" },
	[BOOKING_ERR_INVALID_AMOUNT] =	{ 422, "INVALID_AMOUNT" },
	[BOOKING_ERR_NOT_FOUND] =	{ 404, "BOOKING_NOT_FOUND" },
	[BOOKING_ERR_EXPIRED] =		{ 410, "BOOKING_EXPIRED" },
	[BOOKING_ERR_BAD_STATUS] =	{ 409, "INVALID_BOOKING_STATUS" },
	/* As GET /api/shows?date= answers it. */
	[BOOKING_ERR_DATE_OUT_OF_RANGE] = { 400, "DATE_OUT_OF_RANGE" },
	[BOOKING_ERR_SHOW_SEATS_CAP] =	{ 409, "TOO_MANY_SEATS" },
	[BOOKING_ERR_PENDING_CAP] =	{ 429, "RATE_LIMITED" },
	[BOOKING_ERR_REFUND_TOO_LATE] =	{ 409, "INVALID_BOOKING_STATUS" },
	[BOOKING_ERR_REFUND_WALKIN] =	{ 409, "INVALID_BOOKING_STATUS" },
	[BOOKING_ERR_SHOW_CANCELLED] =	{ 409, "SHOW_CANCELLED" },
	[BOOKING_ERR_SINGLE_SEAT_GAP] =	{ 409, "SINGLE_SEAT_GAP" },
	[BOOKING_ERR_SEAT_BLOCKED] =	{ 409, "SEAT_BLOCKED" },
	[BOOKING_ERR_NOT_BLOCKED] =	{ 404, "NOT_FOUND" },
	[BOOKING_ERR_AGE_RESTRICTED] =	{ 422, "AGE_RESTRICTED" },
	[BOOKING_ERR_COMPANION_ONLY] =	{ 409, "COMPANION_ONLY" },
	[BOOKING_ERR_INVALID_TYPE] =	{ 422, "VALIDATION_ERROR" },
};
/* A value added after the last row fails here rather than at run time. */
_Static_assert(sizeof(booking_https) / sizeof(*booking_https) ==
    BOOKING_ERR_INVALID_TYPE + 1, "booking_https[] covers enum booking_err");

/* The request field the seats came from: "seats" for a hold, "add" for a
 * change of one (the rule names it in fail.field). */
static inline const char *
booking_seats_field(const struct booking_fail *f)
{
	return f->field[0] != '\0' ? f->field : "seats";
}

/* The errors about particular seats: each seat marked on the "seats"
 * field ("<label> <why>"), and the message lists them. */
static inline int
booking_fail_seats(struct ctx *c, const struct booking_fail *f,
    const char *why, const char *message)
{
	const struct booking_http *h = &booking_https[f->err];
	const char *field = booking_seats_field(f);
	char	 list[BOOKING_SEATS_LIMIT * (BOOKING_LABEL_MAX + 2) + 1];

	list[0] = '\0';

	for (int i = 0; i < f->seats.n; i++) {
		err_field(&c->err, field, "%s %s", f->seats.label[i], why);
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		    "%s%s", i ? ", " : "", f->seats.label[i]);
	}
	return ctx_fail(c, h->status, h->code, "%s: %s", message, list);
}

/* The errors of cancelling a paid booking (lib/refund.c). */
static inline int
booking_fail_refund(struct ctx *c, const struct booking_fail *f)
{
	const struct booking_http *h = &booking_https[f->err];
	char	 cut[32], day[40], hm[8];

	if (f->err == BOOKING_ERR_REFUND_WALKIN)
		return ctx_fail(c, h->status, h->code,
		    "a walk-in ticket is refunded in cash at the counter");
	refund_cutoff_text(f->cutoff_minutes, cut, sizeof(cut));
	/* The ticket's words for the day and time, as the pages write them. */
	ticket_day_text(f->starts_at, day, sizeof(day));
	ticket_time_text(f->starts_at, hm, sizeof(hm));
	return ctx_fail(c, h->status, h->code,
	    "a paid booking can be cancelled up to %s before the show; "
	    "this show starts at %s on %s", cut, hm, day);
}

/* The errors about the customer's limits (DESIGN §7). */
static inline int
booking_fail_caps(struct ctx *c, const struct booking_fail *f)
{
	const struct booking_http *h = &booking_https[f->err];
	char	 secs[24];

	switch (f->err) {
	case BOOKING_ERR_TOO_MANY_SEATS:
		err_field(&c->err, booking_seats_field(f), "at most %d seats",
		    f->max_seats);
		return ctx_fail(c, h->status, h->code,
		    "at most %d seats can be booked at once", f->max_seats);
	case BOOKING_ERR_SHOW_SEATS_CAP:
		err_field(&c->err, booking_seats_field(f), "at most %d seats "
		    "of one show; you already hold %d", f->max_seats,
		    f->held_seats);
		return ctx_fail(c, h->status, h->code, "you already hold %d "
		    "seats of this show; one customer can hold at most %d at a "
		    "time", f->held_seats, f->max_seats);
	default:	/* BOOKING_ERR_PENDING_CAP */
		snprintf(secs, sizeof(secs), "%lld", f->retry_after);
		resp_header(&c->resp, "Retry-After", secs);
		return ctx_fail(c, h->status, h->code, "you already have %d "
		    "unpaid holds; pay for or cancel one, or wait %lld seconds "
		    "for the oldest to lapse", f->max_pending, f->retry_after);
	}
}

/* A seat whose ticket type is too young for the film (lib/certificate.h):
 * fields [{"field":"seats","message":"F7 (Child ticket): this film is
 * UA 13+"}] and the sentence "Seat F7: a Child ticket can't be sold for a
 * UA 13+ film." */
static inline int
booking_fail_age_answer(struct ctx *c, const struct booking_fail *f)
{
	const struct booking_http *h = &booking_https[f->err];
	struct certificate cert;
	char	 why[256];

	memset(&cert, 0, sizeof(cert));
	snprintf(cert.name, sizeof(cert.name), "%s", f->certificate);
	certificate_refusal_text(f->seats.label[0], f->ticket_type, &cert, why,
	    sizeof(why));
	err_field(&c->err, booking_seats_field(f), "%s (%s ticket): this film "
	    "is %s", f->seats.label[0], f->ticket_type, f->certificate);
	return ctx_fail(c, h->status, h->code, "%s", why);
}

/* The one place a booking_fail becomes the API's error. */
static inline int
booking_fail_answer(struct ctx *c, const struct booking_fail *f)
{
	const struct booking_http *h = &booking_https[f->err];
	char	 due[48];
	int	 many = f->seats.n > 1;

	switch (f->err) {
	case BOOKING_OK:
	case BOOKING_ERR_DB:
		break;
	case BOOKING_ERR_VALIDATION:
		err_field(&c->err, f->field, "%s", f->detail);
		return ctx_fail_fields(c, "please correct the marked fields");
	case BOOKING_ERR_SHOW_NOT_FOUND:
		return ctx_fail(c, h->status, h->code, "no such show");
	case BOOKING_ERR_SHOW_CANCELLED:
		return ctx_fail(c, h->status, h->code, "this show was "
		    "cancelled; its seats can no longer be booked");
	case BOOKING_ERR_SHOW_STARTED:
		return ctx_fail(c, h->status, h->code, "this show has already "
		    "started; seats can no longer be booked");
	case BOOKING_ERR_DUPLICATE_SEAT:
		return booking_fail_seats(c, f, "is listed more than once",
		    "seat listed twice");
	case BOOKING_ERR_INVALID_SEAT:
		return booking_fail_seats(c, f, "does not exist on this "
		    "show's screen", "no such seat on this show's screen");
	case BOOKING_ERR_SEATS_UNAVAILABLE:
		return booking_fail_seats(c, f, "is already taken", many ?
		    "these seats are no longer available" :
		    "this seat is no longer available");
	case BOOKING_ERR_SINGLE_SEAT_GAP:
		/* fields: [{"field":"seats"|"add"|"remove","message":"F8 would
		 * be left on its own"}] — the seat first, as the other seat
		 * errors name theirs. */
		err_field(&c->err, booking_seats_field(f), "%s would be left "
		    "on its own", f->seats.label[0]);
		return ctx_fail(c, h->status, h->code, "%s would be left on "
		    "its own: choose seats that leave no single empty seat "
		    "in the row", f->seats.label[0]);
	case BOOKING_ERR_SEAT_BLOCKED:
		/* A seat of kind blocked (lib/seatkind.h) is sold to nobody. */
		if (f->detail[0] != '\0')
			return booking_fail_seats(c, f, "is a blocked seat of "
			    "this screen, never sold", many ? "these seats are "
			    "never sold" : "this seat is never sold");
		/* The counter may sell a house seat, so it is told why. */
		return booking_fail_seats(c, f, (c->user.role & ROLES_STAFF) ?
		    "is blocked for this show and is not a house seat" :
		    "is not on sale for this show", many ?
		    "these seats are not on sale for this show" :
		    "this seat is not on sale for this show");
	case BOOKING_ERR_COMPANION_ONLY:
		/* fields: [{"field":"seats","message":"A4 is a companion seat:
		 * it is held with its wheelchair space A3"}] */
		return booking_fail_seats(c, f, "is a companion seat, held "
		    "only with the wheelchair space beside it until shortly "
		    "before the show", many ? "these seats are companion "
		    "seats, held only with their wheelchair spaces" : "this "
		    "seat is a companion seat, held only with its wheelchair "
		    "space");
	case BOOKING_ERR_NOT_BLOCKED:
		return booking_fail_seats(c, f, "is not blocked",
		    "this seat is not blocked for this show");
	case BOOKING_ERR_AGE_RESTRICTED:
		return booking_fail_age_answer(c, f);
	case BOOKING_ERR_INVALID_TYPE:
		/* fields: [{"field":"seats","message":"A2: no ticket type
		 * \"kid\" on sale for this show"}] — the seat first. */
		err_field(&c->err, booking_seats_field(f), "%s: %s%s%s on sale "
		    "for this show", f->seats.label[0], f->detail[0] ?
		    "no ticket type \"" : "no such ticket type", f->detail,
		    f->detail[0] ? "\"" : "");
		return ctx_fail(c, h->status, h->code, "%s: %s%s%s on sale "
		    "for this show", f->seats.label[0], f->detail[0] ?
		    "no ticket type \"" : "no such ticket type", f->detail,
		    f->detail[0] ? "\"" : "");
	case BOOKING_ERR_INVALID_AMOUNT:
		money_format(f->amount_due, c->conf.currency, 0, due,
		    sizeof(due));
		err_field(&c->err, "amount_paid", "the price due is %s", due);
		return ctx_fail(c, h->status, h->code, "amount_paid must equal "
		    "the price due: %s (%lld)", due, f->amount_due);
	case BOOKING_ERR_NOT_FOUND:
		return ctx_fail(c, h->status, h->code, "no such booking");
	case BOOKING_ERR_EXPIRED:
		return ctx_fail(c, h->status, h->code, "this booking's hold "
		    "has expired; its seats were released");
	case BOOKING_ERR_BAD_STATUS:
		return ctx_fail(c, h->status, h->code, "this booking is %s; only "
		    "a pending booking can be %s here", f->status,
		    strcmp(c->req.method, "PATCH") == 0 ? "changed" :
		    "cancelled");
	case BOOKING_ERR_DATE_OUT_OF_RANGE:
		return ctx_fail(c, h->status, h->code, "shows can be booked "
		    "from today to %d days ahead", f->window_days - 1);
	case BOOKING_ERR_TOO_MANY_SEATS:
	case BOOKING_ERR_SHOW_SEATS_CAP:
	case BOOKING_ERR_PENDING_CAP:
		return booking_fail_caps(c, f);
	case BOOKING_ERR_REFUND_TOO_LATE:
	case BOOKING_ERR_REFUND_WALKIN:
		return booking_fail_refund(c, f);
	}
	return ctx_fail_db(c, f->rc);
}

#endif
