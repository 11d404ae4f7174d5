/* pay_errors — the HTTP face of lib/payment.h's enum pay_err, shared by
 * payments.cgi (paying a booking) and wallet.cgi (a top-up): the one place
 * where a payment failure becomes a status, an API code and a message.
 *
 * One row an error, as kcgi's khttps[]: status, code, Retry-After, and the
 * message for each of the two requests.  A message shows the failure's
 * details through its %s, filled in the order the row's `arg` names them
 * (every detail is turned into text first, so each row takes the same two
 * strings).  A charge refunded to the wallet answers by why it was refunded
 * (pay_refund_errors).  Header-only: each CGI is one .c. */
#ifndef SKYFOX_PAY_ERRORS_H
#define SKYFOX_PAY_ERRORS_H

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "money.h"
#include "payment.h"
#include "show.h"

/* Which request failed: the same failure is told differently. */
enum pay_for {
	PAY_FOR_BOOKING,	/* POST /api/payments */
	PAY_FOR_TOPUP		/* POST /api/wallet/topups */
};

/* A detail a message shows. */
enum pay_arg {
	PAY_ARG_NONE = 0,
	PAY_ARG_BOOKING,	/* result.booking_id */
	PAY_ARG_STATUS,		/* fail.booking_status */
	PAY_ARG_BALANCE,	/* result.wallet_balance, as money */
	PAY_ARG_AMOUNT,		/* result.amount, as money */
	PAY_ARG_CARD_AMOUNT,	/* result.card_amount, as money */
	PAY_ARG_REFUNDED,	/* fail.refunded, as money */
	PAY_ARG_WINDOW_DAYS	/* the last bookable day, counted from today */
};

struct pay_error {
	int		 status;
	const char	*code;
	const char	*retry_after;	/* seconds; NULL: no header */
	const char	*booking_msg;
	const char	*topup_msg;	/* NULL: a top-up never fails so, and
					 * answers as PAY_ERR_GATEWAY */
	enum pay_arg	 arg[2];
};

/* No row for PAY_OK, PAY_ERR_DB (ctx_fail_db answers it) or
 * PAY_ERR_REFUNDED (pay_refund_errors). */
static const struct pay_error pay_errors[] = {
	[PAY_ERR_NOT_FOUND] = { 404, "BOOKING_NOT_FOUND", NULL,
	    "no booking %s of yours", NULL, { PAY_ARG_BOOKING } },
	[PAY_ERR_NOT_PENDING] = { 409, "INVALID_BOOKING_STATUS", NULL,
	    "booking %s is %s; only a pending booking can be paid", NULL,
	    { PAY_ARG_BOOKING, PAY_ARG_STATUS } },
	[PAY_ERR_IN_PROGRESS] = { 409, "INVALID_BOOKING_STATUS", NULL,
	    "a payment for booking %s is already in progress", NULL,
	    { PAY_ARG_BOOKING } },
	[PAY_ERR_EXPIRED] = { 410, "BOOKING_EXPIRED", NULL,
	    "the hold on booking %s has expired; its seats were released "
	    "and nothing was charged", NULL, { PAY_ARG_BOOKING } },
	[PAY_ERR_INSUFFICIENT_BALANCE] = { 409, "INSUFFICIENT_BALANCE", NULL,
	    "your wallet holds %s and the booking costs %s; pay the rest by "
	    "card (wallet+card) or top up", NULL,
	    { PAY_ARG_BALANCE, PAY_ARG_AMOUNT } },
	[PAY_ERR_CARD_REQUIRED] = { 422, "PAYMENT_VALIDATION_FAILED", NULL,
	    "a card is needed to pay %s", NULL, { PAY_ARG_CARD_AMOUNT } },
	[PAY_ERR_DECLINED] = { 402, "CARD_DECLINED", NULL,
	    "the card was declined; the booking is still held, so you can "
	    "pay with another card",
	    "the card was declined; your wallet is unchanged", { 0 } },
	[PAY_ERR_INSUFFICIENT_FUNDS] = { 402, "INSUFFICIENT_FUNDS", NULL,
	    "the card has insufficient funds; the booking is still held, so "
	    "you can pay another way",
	    "the card has insufficient funds; your wallet is unchanged",
	    { 0 } },
	[PAY_ERR_GATEWAY] = { 502, "PAYMENT_SERVICE_ERROR", "5",
	    "the payment service did not answer properly; trying again is "
	    "safe: you will never be charged twice",
	    "the payment service did not answer properly; if your card was "
	    "charged, the money reaches your wallet within minutes", { 0 } },
	[PAY_ERR_RATE_LIMITED] = { 429, "RATE_LIMITED", "3600",
	    "too many declined cards in the last hour; try later",
	    "too many declined cards in the last hour; try later", { 0 } },
	[PAY_ERR_DATE_OUT_OF_RANGE] = { 400, "DATE_OUT_OF_RANGE", NULL,
	    "booking %s is for a show outside the dates that can be booked "
	    "(today to %s days ahead); nothing was charged", NULL,
	    { PAY_ARG_BOOKING, PAY_ARG_WINDOW_DAYS } },
	[PAY_ERR_SHOW_CANCELLED] = { 409, "SHOW_CANCELLED", NULL,
	    "the show of booking %s was cancelled; its hold ended and "
	    "nothing was charged", NULL, { PAY_ARG_BOOKING } },
};
/* A value added after the last row fails here rather than at run time. */
_Static_assert(sizeof(pay_errors) / sizeof(*pay_errors) ==
    PAY_ERR_SHOW_CANCELLED + 1, "pay_errors[] covers enum pay_err");

/* PAY_ERR_REFUNDED by fail.failure_code; the last row is any other. */
static const struct pay_refund_error {
	const char		*failure_code;
	struct pay_error	 e;
} pay_refund_errors[] = {
	{ "ALREADY_PAID", { 409, "INVALID_BOOKING_STATUS", NULL,
	    "booking %s was already paid; the %s charged to your card is in "
	    "your wallet", NULL, { PAY_ARG_BOOKING, PAY_ARG_REFUNDED } } },
	{ "WALLET_SHORT", { 409, "INSUFFICIENT_BALANCE", NULL,
	    "your wallet balance changed during the payment; the %s charged "
	    "to your card is in your wallet", NULL, { PAY_ARG_REFUNDED } } },
	{ NULL, { 410, "BOOKING_EXPIRED", NULL,
	    "the hold on booking %s expired before the payment completed; "
	    "the %s charged to your card is in your wallet", NULL,
	    { PAY_ARG_BOOKING, PAY_ARG_REFUNDED } } },
};

/* The four card fields, each "is required": no card, and one is needed. */
static inline void
pay_card_required(struct ctx *c)
{
	err_field(&c->err, "card.number", "is required");
	err_field(&c->err, "card.cvv", "is required");
	err_field(&c->err, "card.expiry", "is required");
	err_field(&c->err, "card.name", "is required");
}

/* The row that answers f for this request; NULL for none. */
static inline const struct pay_error *
pay_error_of(enum pay_for what, const struct pay_fail *f)
{
	const struct pay_error *e = NULL;
	size_t	 i;

	if (f->err == PAY_ERR_REFUNDED) {
		for (i = 0; pay_refund_errors[i].failure_code != NULL; i++)
			if (strcmp(f->failure_code,
			    pay_refund_errors[i].failure_code) == 0)
				break;
		e = &pay_refund_errors[i].e;
	} else if ((size_t)f->err < sizeof(pay_errors) / sizeof(pay_errors[0]))
		e = &pay_errors[f->err];
	if (e != NULL && e->status == 0)
		e = NULL;
	if (e != NULL && what == PAY_FOR_TOPUP && e->topup_msg == NULL)
		e = &pay_errors[PAY_ERR_GATEWAY];
	return e;
}

static inline void
pay_arg_text(const struct ctx *c, enum pay_arg arg,
    const struct pay_result *r, const struct pay_fail *f, char out[48])
{
	out[0] = '\0';
	switch (arg) {
	case PAY_ARG_NONE:
		break;
	case PAY_ARG_BOOKING:
		snprintf(out, 48, "%lld", r->booking_id);
		break;
	case PAY_ARG_STATUS:
		snprintf(out, 48, "%s", f->booking_status);
		break;
	case PAY_ARG_BALANCE:
		money_format(r->wallet_balance, c->conf.currency, 1, out, 48);
		break;
	case PAY_ARG_AMOUNT:
		money_format(r->amount, c->conf.currency, 1, out, 48);
		break;
	case PAY_ARG_CARD_AMOUNT:
		money_format(r->card_amount, c->conf.currency, 1, out, 48);
		break;
	case PAY_ARG_REFUNDED:
		money_format(f->refunded, c->conf.currency, 1, out, 48);
		break;
	case PAY_ARG_WINDOW_DAYS:
		snprintf(out, 48, "%d", show_window_days(&c->conf) - 1);
		break;
	}
}

/* What the operator should see: a charge whose fate the gateway did not
 * tell, or one that went to the wallet instead of a ticket. */
static inline void
pay_log(const struct ctx *c, enum pay_for what, const struct pay_error *e,
    const struct pay_result *r, const struct pay_fail *f)
{
	if (e == &pay_errors[PAY_ERR_GATEWAY])
		fprintf(stderr, "skyfox[%s] %spayment %lld: %s\n",
		    c->request_id, what == PAY_FOR_TOPUP ? "top-up " : "",
		    r->payment_id, f->detail);
	else if (f->err == PAY_ERR_REFUNDED)
		fprintf(stderr, "skyfox[%s] payment %lld: charged but %s; "
		    "refunded to wallet\n", c->request_id, r->payment_id,
		    f->failure_code);
}

/* Answer the failed payment or top-up: -1, as ctx_fail. */
static inline int
pay_fail_answer(struct ctx *c, enum pay_for what, const struct pay_result *r,
    const struct pay_fail *f)
{
	const struct pay_error *e;
	char	 a0[48], a1[48];

	if (f->err == PAY_ERR_DB)
		return ctx_fail_db(c, f->rc);
	if ((e = pay_error_of(what, f)) == NULL)
		return ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
	pay_log(c, what, e, r, f);
	if (e->retry_after != NULL)
		resp_header(&c->resp, "Retry-After", e->retry_after);
	if (e == &pay_errors[PAY_ERR_CARD_REQUIRED])
		pay_card_required(c);
	pay_arg_text(c, e->arg[0], r, f, a0);
	pay_arg_text(c, e->arg[1], r, f, a1);
	return ctx_fail(c, e->status, e->code, what == PAY_FOR_TOPUP ?
	    e->topup_msg : e->booking_msg, a0, a1);
}

#endif
