/* wallet.cgi — a customer's wallet: GET /api/wallet (balance),
 * GET /api/wallet/transactions (the ledger, newest first, paged with
 * ?limit= and ?before=), POST /api/wallet/topups (add 1.00–10000.00 by
 * card through the gateway; lib/payment.c keeps the money whole, and
 * pay_errors.h turns a failed one into its status, code and message). */
#include "app.h"
#include "auth.h"
#include "card.h"
#include "json.h"
#include "money.h"
#include "pay_errors.h"
#include "payment.h"
#include "text.h"
#include "wallet.h"

static int
get_wallet(struct ctx *c)
{
	long long balance;
	int	 rc;
	cJSON	*d;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = wallet_balance(c->db, c->user.id, &balance)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	d = cJSON_CreateObject();
	json_add_int(d, "balance", balance);
	json_add_str(d, "currency", c->conf.currency);
	return ctx_ok(c, 200, d);
}

/* A positive integer query parameter: 1 when valid, 0 when absent, -1
 * when bad.  Unlike most lists, a blank "?limit=" is bad here, not
 * absent: the page has always refused it. */
static int
query_positive(struct ctx *c, const char *name, long long max,
    long long *out)
{
	const char *s = req_query(&c->req, name);

	if (s != NULL && *s == '\0')
		return -1;
	switch (req_query_int(&c->req, name, 1, max, out)) {
	case REQ_INT_OK:
		return 1;
	case REQ_INT_ABSENT:
		return 0;
	default:
		return -1;
	}
}

static int
get_transactions(struct ctx *c)
{
	long long limit = 0, before = 0, next = 0;
	int	 rc;
	cJSON	*d, *items;

	if (query_positive(c, "limit", WALLET_PAGE_MAX, &limit) == -1)
		err_field(&c->err, "limit", "must be 1 to %d", WALLET_PAGE_MAX);
	if (query_positive(c, "before", TEXT_ID_MAX, &before) == -1)
		err_field(&c->err, "before", "must be a transaction id");
	if (ctx_fail_fields(c, "check the query") != 0)
		return -1;
	if (ctx_db(c) == NULL)
		return -1;
	d = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(d, "transactions");
	if ((rc = wallet_transactions(c->db, c->user.id, before, (int)limit,
	    items, &next)) != SQLITE_OK) {
		cJSON_Delete(d);
		return ctx_fail_db(c, rc);
	}
	json_add_str(d, "currency", c->conf.currency);
	if (next > 0)
		json_add_int(d, "next_before", next);
	else
		cJSON_AddNullToObject(d, "next_before");
	return ctx_ok(c, 200, d);
}

/* body.amount, a whole number of paise in PAYMENT_TOPUP_MIN..MAX: 0, or
 * -1 with the 422 answered. */
static int
read_amount(struct ctx *c, long long *amount)
{
	char	 a[48], b[48];
	int	 got;

	got = json_get_int(c->req.body, "amount", amount);
	money_format(PAYMENT_TOPUP_MIN, c->conf.currency, 1, a, sizeof(a));
	money_format(PAYMENT_TOPUP_MAX, c->conf.currency, 1, b, sizeof(b));
	if (got != 1 || *amount < PAYMENT_TOPUP_MIN) {
		err_field(&c->err, "amount", "must be a whole number of paise "
		    "from %d (%s) to %d (%s)", PAYMENT_TOPUP_MIN, a,
		    PAYMENT_TOPUP_MAX, b);
		return ctx_fail(c, 422, "INVALID_AMOUNT",
		    "a top-up is %s to %s, in paise", a, b);
	}
	if (*amount > PAYMENT_TOPUP_MAX) {
		err_field(&c->err, "amount", "must be at most %d (%s)",
		    PAYMENT_TOPUP_MAX, b);
		return ctx_fail(c, 422, "AMOUNT_TOO_LARGE",
		    "a top-up is at most %s at a time", b);
	}
	return 0;
}

/* body.card, checked (a top-up always needs one): 0, or -1 with the 422
 * answered, every failing field named. */
static int
read_card(struct ctx *c, struct card *card)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(c->req.body, "card");
	const char *num = NULL, *cvv = NULL, *exp = NULL, *name = NULL;

	if (o != NULL && !cJSON_IsNull(o) && !cJSON_IsObject(o))
		err_field(&c->err, "card", "must be an object with number, "
		    "cvv, expiry and name");
	else if (o != NULL) {
		if (json_get_str(o, "number", &num) < 0)
			err_field(&c->err, "card.number", "must be a string");
		if (json_get_str(o, "cvv", &cvv) < 0)
			err_field(&c->err, "card.cvv", "must be a string");
		if (json_get_str(o, "expiry", &exp) < 0)
			err_field(&c->err, "card.expiry", "must be a string");
		if (json_get_str(o, "name", &name) < 0)
			err_field(&c->err, "card.name", "must be a string");
	}
	if (c->err.nfields > 0 ||
	    card_check(num, cvv, exp, name, c->now, card, &c->err) == -1)
		return ctx_fail(c, 422, "PAYMENT_VALIDATION_FAILED",
		    "check the card details");
	return 0;
}

static cJSON *
topup_json(const struct ctx *c, const struct pay_result *r)
{
	cJSON	*d, *p;

	d = cJSON_CreateObject();
	json_add_int(d, "balance", r->wallet_balance);
	json_add_str(d, "currency", c->conf.currency);
	p = cJSON_AddObjectToObject(d, "payment");
	json_add_int(p, "id", r->payment_id);
	json_add_int(p, "amount", r->amount);
	json_add_str(p, "transaction_id", r->transaction_id);
	json_add_str(p, "brand", r->brand);
	json_add_str(p, "last4", r->last4);
	return d;
}

static int
post_topup(struct ctx *c)
{
	struct card card;
	struct pay_result r;
	struct pay_fail f;
	long long amount;
	int	 rc;

	if (read_amount(c, &amount) == -1 || read_card(c, &card) == -1)
		return -1;
	if (ctx_db(c) == NULL) {
		card_wipe(&card);
		return -1;
	}
	rc = payment_topup(c->db, &c->conf, c->user.id, amount, &card, &r,
	    &f);
	card_wipe(&card);
	if (rc == -1)
		return pay_fail_answer(c, PAY_FOR_TOPUP, &r, &f);
	return ctx_ok(c, 200, topup_json(c, &r));
}

static const struct route routes[] = {
	{ "GET", "", ROLE_CUSTOMER, get_wallet },
	{ "GET", "/", ROLE_CUSTOMER, get_wallet },
	{ "GET", "/transactions", ROLE_CUSTOMER, get_transactions },
	{ "POST", "/topups", ROLE_CUSTOMER, post_topup },
};

int
main(void)
{
	static const struct app app = { "wallet", routes,
	    sizeof(routes) / sizeof(routes[0]), 8 * 1024, auth_authenticate };

	return app_main(&app);
}
