/* payments.cgi — POST /api/payments: a customer pays a held booking by
 * card, wallet, or wallet + card (the wallet covers what it can, the card
 * the rest).  The money rules are in lib/payment.c; this file reads the
 * request and answers, and pay_errors.h turns a failure into its status,
 * code and message.  Links libcurl (through the HTTP gateway) — nothing
 * else on the booking path does. */
#include "app.h"
#include "auth.h"
#include "card.h"
#include "json.h"
#include "pay_errors.h"
#include "payment.h"
#include "publish.h"
#include "refund.h"

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

/* The answer to a payment that went through: the booking, the payment,
 * the wallet, and until when it can be cancelled for a refund. */
static cJSON *
paid_json(struct ctx *c, const struct pay_result *r)
{
	time_t	 starts_at;
	cJSON	*d, *p, *b;

	d = cJSON_CreateObject();
	if (r->has_booking) {
		b = booking_json(&r->booking, c->conf.currency, 0);
		starts_at = r->booking.starts_at;
	} else
		b = payment_booking_json(c->db, &c->conf, r->booking_id,
		    &starts_at);
	if (b != NULL)
		cJSON_AddItemToObject(d, "booking", b);
	p = cJSON_AddObjectToObject(d, "payment");
	json_add_int(p, "id", r->payment_id);
	json_add_str(p, "method", r->method);
	json_add_int(p, "amount", r->amount);
	json_add_int(p, "card_amount", r->card_amount);
	json_add_int(p, "wallet_amount", r->wallet_amount);
	json_add_str(p, "currency", c->conf.currency);
	json_add_str(p, "transaction_id", *r->transaction_id ?
	    r->transaction_id : NULL);
	json_add_str(p, "brand", *r->brand ? r->brand : NULL);
	json_add_str(p, "last4", *r->last4 ? r->last4 : NULL);
	p = cJSON_AddObjectToObject(d, "wallet");
	json_add_int(p, "balance", r->wallet_balance);
	json_add_str(p, "currency", c->conf.currency);
	/* Until when it can be cancelled for a refund (DELETE /api/bookings). */
	if (b != NULL)
		json_add_time(d, "cancellable_until",
		    refund_deadline(&c->conf, starts_at));
	return d;
}

static int
post_payment(struct ctx *c)
{
	struct card card;
	struct pay_result r;
	struct pay_fail f;
	enum pay_method method;
	const char *m = NULL;
	long long booking_id = 0;
	int	 given, bad, rc;

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
		pay_card_required(c);
		bad = 1;
	}
	if (bad)
		return ctx_fail(c, 422, "PAYMENT_VALIDATION_FAILED",
		    "check the card details");
	if (ctx_db(c) == NULL)
		return -1;
	/* A paid booking's seats turn sold: publish them (lib/publish.h). */
	publish_attach(c->db, &c->conf);
	rc = payment_pay_booking(c->db, &c->conf, booking_id, c->user.id,
	    method, method != PAY_METHOD_WALLET && given ? &card : NULL, &r,
	    &f);
	if (method != PAY_METHOD_WALLET && given)
		card_wipe(&card);
	r.booking_id = booking_id;
	if (rc == -1)
		return pay_fail_answer(c, PAY_FOR_BOOKING, &r, &f);
	return ctx_ok(c, 200, paid_json(c, &r));
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
