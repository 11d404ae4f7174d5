/* payments.cgi — POST /api/payments: a customer pays a held booking by
 * card, wallet, or wallet + card (the wallet covers what it can, the card
 * the rest).  The money rules are in lib/payment.c; this file reads the
 * request and turns outcomes into answers.  Links libcurl (through the
 * HTTP gateway) — nothing else on the booking path does. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "card.h"
#include "clock.h"
#include "json.h"
#include "money.h"
#include "payment.h"
#include "refund.h"
#include "show.h"

/* Read body.card into a checked card; fields fail as card.number, … */
static int
read_card(struct ctx *c, struct card *card, int *given)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(c->req.body, "card");
	const char *num = NULL, *cvv = NULL, *exp = NULL, *name = NULL;

	*given = o != NULL && !cJSON_IsNull(o);
	if (!*given)
		return 0;
	if (!cJSON_IsObject(o)) {
		err_field(&c->err, "card", "must be an object with number, "
		    "cvv, expiry and name");
		return -1;
	}
	if (json_get_str(o, "number", &num) < 0)
		err_field(&c->err, "card.number", "must be a string");
	if (json_get_str(o, "cvv", &cvv) < 0)
		err_field(&c->err, "card.cvv", "must be a string");
	if (json_get_str(o, "expiry", &exp) < 0)
		err_field(&c->err, "card.expiry", "must be a string \"MM/YY\"");
	if (json_get_str(o, "name", &name) < 0)
		err_field(&c->err, "card.name", "must be a string");
	if (c->err.nfields > 0)
		return -1;
	return card_check(num, cvv, exp, name, c->now, card, &c->err);
}

static void
money(const struct ctx *c, long long v, char out[48])
{
	money_format(v, c->conf.currency, 1, out, 48);
}

static int
fail_payment(struct ctx *c, enum pay_status st, const struct pay_result *r)
{
	char	 a[48], b[48];

	switch (st) {
	case PAY_OK:
		break;
	case PAY_NOT_FOUND:
		return ctx_fail(c, 404, "BOOKING_NOT_FOUND",
		    "no booking %lld of yours", r->booking_id);
	case PAY_NOT_PENDING:
		return ctx_fail(c, 409, "INVALID_BOOKING_STATUS",
		    "booking %lld is %s; only a pending booking can be paid",
		    r->booking_id, r->booking_status);
	case PAY_IN_PROGRESS:
		return ctx_fail(c, 409, "INVALID_BOOKING_STATUS",
		    "a payment for booking %lld is already in progress",
		    r->booking_id);
	case PAY_EXPIRED:
		return ctx_fail(c, 410, "BOOKING_EXPIRED",
		    "the hold on booking %lld has expired; its seats were "
		    "released and nothing was charged", r->booking_id);
	case PAY_INSUFFICIENT_BALANCE:
		money(c, r->wallet_balance, a);
		money(c, r->amount, b);
		return ctx_fail(c, 409, "INSUFFICIENT_BALANCE",
		    "your wallet holds %s and the booking costs %s; pay the "
		    "rest by card (wallet+card) or top up", a, b);
	case PAY_CARD_REQUIRED:
		money(c, r->card_amount, a);
		err_field(&c->err, "card.number", "is required");
		err_field(&c->err, "card.cvv", "is required");
		err_field(&c->err, "card.expiry", "is required");
		err_field(&c->err, "card.name", "is required");
		return ctx_fail(c, 422, "PAYMENT_VALIDATION_FAILED",
		    "a card is needed to pay %s", a);
	case PAY_DECLINED:
		return ctx_fail(c, 402, "CARD_DECLINED",
		    "the card was declined; the booking is still held, so you "
		    "can pay with another card");
	case PAY_INSUFFICIENT_FUNDS:
		return ctx_fail(c, 402, "INSUFFICIENT_FUNDS",
		    "the card has insufficient funds; the booking is still "
		    "held, so you can pay another way");
	case PAY_GATEWAY_ERROR:
		fprintf(stderr, "skyfox[%s] payment %lld: %s\n", c->request_id,
		    r->payment_id, r->detail);
		resp_header(&c->resp, "Retry-After", "5");
		return ctx_fail(c, 502, "PAYMENT_SERVICE_ERROR",
		    "the payment service did not answer properly; trying "
		    "again is safe: you will never be charged twice");
	case PAY_REFUNDED:
		money(c, r->refunded, a);
		fprintf(stderr, "skyfox[%s] payment %lld: charged but %s; "
		    "refunded to wallet\n", c->request_id, r->payment_id,
		    r->failure_code);
		if (strcmp(r->failure_code, "ALREADY_PAID") == 0)
			return ctx_fail(c, 409, "INVALID_BOOKING_STATUS",
			    "booking %lld was already paid; the %s charged to "
			    "your card is in your wallet", r->booking_id, a);
		if (strcmp(r->failure_code, "WALLET_SHORT") == 0)
			return ctx_fail(c, 409, "INSUFFICIENT_BALANCE",
			    "your wallet balance changed during the payment; "
			    "the %s charged to your card is in your wallet",
			    a);
		return ctx_fail(c, 410, "BOOKING_EXPIRED",
		    "the hold on booking %lld expired before the payment "
		    "completed; the %s charged to your card is in your wallet",
		    r->booking_id, a);
	case PAY_RATE_LIMITED:
		resp_header(&c->resp, "Retry-After", "3600");
		return ctx_fail(c, 429, "RATE_LIMITED",
		    "too many declined cards in the last hour; try later");
	case PAY_DATE_OUT_OF_RANGE:
		return ctx_fail(c, 400, "DATE_OUT_OF_RANGE", "booking %lld is "
		    "for a show outside the dates that can be booked (today to "
		    "%d days ahead); nothing was charged", r->booking_id,
		    show_window_days(&c->conf) - 1);
	case PAY_DB:
		return ctx_fail_db(c, r->rc);
	}
	return ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
}

static int
post_payment(struct ctx *c)
{
	struct card card;
	struct pay_result r;
	enum pay_method method;
	enum pay_status st;
	const char *m = NULL;
	long long booking_id = 0;
	int	 given, bad;
	time_t	 starts_at;
	cJSON	*d, *p, *b;

	if (json_get_int(c->req.body, "booking_id", &booking_id) != 1 ||
	    booking_id <= 0)
		err_field(&c->err, "booking_id", "must be a booking id");
	if (json_get_str(c->req.body, "method", &m) != 1 ||
	    payment_method_parse(m, &method) == -1)
		err_field(&c->err, "method",
		    "must be card, wallet or wallet+card");
	if (ctx_fail_fields(c, "check the highlighted fields") != 0)
		return -1;

	bad = method != PAY_METHOD_WALLET &&
	    read_card(c, &card, &given) == -1;
	if (method == PAY_METHOD_CARD && !bad && !given) {
		err_field(&c->err, "card.number", "is required");
		err_field(&c->err, "card.cvv", "is required");
		err_field(&c->err, "card.expiry", "is required");
		err_field(&c->err, "card.name", "is required");
		bad = 1;
	}
	if (bad)
		return ctx_fail(c, 422, "PAYMENT_VALIDATION_FAILED",
		    "check the card details");
	if (ctx_db(c) == NULL)
		return -1;

	st = payment_pay_booking(c->db, &c->conf, booking_id, c->user.id,
	    method, method != PAY_METHOD_WALLET && given ? &card : NULL, &r);
	if (method != PAY_METHOD_WALLET && given)
		card_wipe(&card);
	r.booking_id = booking_id;
	if (st != PAY_OK)
		return fail_payment(c, st, &r);

	d = cJSON_CreateObject();
	if (r.has_booking) {
		b = booking_json(&r.booking, c->conf.currency, 0);
		starts_at = r.booking.starts_at;
	} else
		b = payment_booking_json(c->db, &c->conf, r.booking_id,
		    &starts_at);
	if (b != NULL)
		cJSON_AddItemToObject(d, "booking", b);
	p = cJSON_AddObjectToObject(d, "payment");
	json_add_int(p, "id", r.payment_id);
	json_add_str(p, "method", r.method);
	json_add_int(p, "amount", r.amount);
	json_add_int(p, "card_amount", r.card_amount);
	json_add_int(p, "wallet_amount", r.wallet_amount);
	json_add_str(p, "currency", c->conf.currency);
	json_add_str(p, "transaction_id", *r.transaction_id ?
	    r.transaction_id : NULL);
	json_add_str(p, "brand", *r.brand ? r.brand : NULL);
	json_add_str(p, "last4", *r.last4 ? r.last4 : NULL);
	p = cJSON_AddObjectToObject(d, "wallet");
	json_add_int(p, "balance", r.wallet_balance);
	json_add_str(p, "currency", c->conf.currency);
	/* Until when it can be cancelled for a refund (DELETE /api/bookings). */
	if (b != NULL) {
		json_add_time(d, "cancellable_until", refund_deadline(&c->conf, starts_at));
	}
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "POST", "", ROLE_CUSTOMER, post_payment },
	{ "POST", "/", ROLE_CUSTOMER, post_payment },
};

int
main(void)
{
	static const struct app app = { "payments", routes,
	    sizeof(routes) / sizeof(routes[0]), 8 * 1024, auth_authenticate };

	return app_main(&app);
}
