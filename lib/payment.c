/* payment — booking payments and wallet top-ups; see payment.h for the
 * discipline (started → gateway → settled) that keeps money whole. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "booking.h"
#include "json.h"
#include "payment.h"
#include "show.h"
#include "wallet.h"

/* A payments row. */
struct prow {
	long long	 id, booking_id, user_id, amount, card_amount;
	long long	 wallet_amount, created_at;
	char		 purpose[8], method[12], status[10];
	char		 key[GATEWAY_KEY_LEN + 1];
	char		 brand[12], last4[5], txn[GATEWAY_TXN_MAX + 1];
	char		 failure[24];
};

/* failure_code values of a payment that charged the card but could not
 * confirm the booking, so its card amount went to the wallet. */
static const char *const REFUND_CODES[] = {
	"HOLD_EXPIRED", "BOOKING_NOT_PENDING", "ALREADY_PAID", "WALLET_SHORT",
	"AMOUNT_CHANGED", NULL
};

static int
is_refund_code(const char *code)
{
	for (int i = 0; REFUND_CODES[i] != NULL; i++)
		if (strcmp(code, REFUND_CODES[i]) == 0)
			return 1;
	return 0;
}

#define COPY(dst, src)	snprintf((dst), sizeof(dst), "%s", (src))

int
payment_method_parse(const char *s, enum pay_method *m)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "card") == 0)
		*m = PAY_METHOD_CARD;
	else if (strcmp(s, "wallet") == 0)
		*m = PAY_METHOD_WALLET;
	else if (strcmp(s, "wallet+card") == 0)
		*m = PAY_METHOD_WALLET_CARD;
	else
		return -1;
	return 0;
}

long long
payment_inflight_seconds(const struct conf *c)
{
	long long cto = conf_int(c, "payment_timeout_connect", 3);
	long long tto = conf_int(c, "payment_timeout_total", 10);

	return (cto > 0 ? cto : 3) + (tto > 0 ? tto : 10) + 5;
}

/* --- rows ----------------------------------------------------------- */

static int
prow_load(sqlite3 *db, long long id, struct prow *p)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(p, 0, sizeof(*p));
	if ((rc = db_prepare(db, "SELECT id, coalesce(booking_id, 0), "
	    "coalesce(user_id, 0), amount, card_amount, wallet_amount, "
	    "created_at, purpose, method, status, "
	    "coalesce(idempotency_key, ''), coalesce(card_brand, ''), "
	    "coalesce(card_last4, ''), coalesce(gateway_txn_id, ''), "
	    "coalesce(failure_code, '') FROM payments WHERE id = :id", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->booking_id = sqlite3_column_int64(st, 1);
		p->user_id = sqlite3_column_int64(st, 2);
		p->amount = sqlite3_column_int64(st, 3);
		p->card_amount = sqlite3_column_int64(st, 4);
		p->wallet_amount = sqlite3_column_int64(st, 5);
		p->created_at = sqlite3_column_int64(st, 6);
		COPY(p->purpose, db_text(st, 7));
		COPY(p->method, db_text(st, 8));
		COPY(p->status, db_text(st, 9));
		COPY(p->key, db_text(st, 10));
		COPY(p->brand, db_text(st, 11));
		COPY(p->last4, db_text(st, 12));
		COPY(p->txn, db_text(st, 13));
		COPY(p->failure, db_text(st, 14));
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_NOTFOUND;
	sqlite3_finalize(st);
	return rc;
}

/* The SQLite code behind a booking failure (a refusal inside our own
 * checked transaction is a constraint the caller did not expect). */
static int
booking_rc(const struct booking_fail *f)
{
	if (f->err == BOOKING_ERR_DB)
		return f->rc != SQLITE_OK ? f->rc : SQLITE_ERROR;
	return SQLITE_CONSTRAINT;
}

/* --- settling one payment ---------------------------------------------- */

static int
set_status(sqlite3 *db, long long id, const char *status, const char *code,
    const char *txn, time_t now, const char *only_if)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, only_if != NULL ?
	    "UPDATE payments SET status = :st, failure_code = :code, "
	    "gateway_txn_id = coalesce(:txn, gateway_txn_id), settled_at = :now "
	    "WHERE id = :id AND status = :only" :
	    "UPDATE payments SET status = :st, failure_code = :code, "
	    "gateway_txn_id = coalesce(:txn, gateway_txn_id), settled_at = :now "
	    "WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":st", status);
	db_bind_text(st, ":code", code);
	db_bind_text(st, ":txn", txn != NULL && *txn != '\0' ? txn : NULL);
	db_bind_int(st, ":now", (long long)now);
	db_bind_int(st, ":id", id);
	if (only_if != NULL)
		db_bind_text(st, ":only", only_if);
	return db_step_done(st);
}

/* A started row whose request is over without an answer. */
static int
mark_unknown(sqlite3 *db, long long id, const char *code)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE payments SET failure_code = :code "
	    "WHERE id = :id AND status = 'started'", &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":code", code);
	db_bind_int(st, ":id", id);
	return db_step_done(st);
}

/* Still to be settled as charged: started, or written off as not charged
 * by a settle that raced a slow request which then did charge. */
static int
awaits_charge(const struct prow *p)
{
	return strcmp(p->status, "started") == 0 ||
	    (strcmp(p->status, "failed") == 0 &&
	    (strcmp(p->failure, "NOT_CHARGED") == 0 ||
	    strcmp(p->failure, "GATEWAY_ERROR") == 0));
}

/* b as booking_get reads it once a payment by method has confirmed it. */
static void
as_confirmed(struct booking *b, time_t now, const char *method)
{
	snprintf(b->status, sizeof(b->status), "confirmed");
	b->confirmed_at = now;
	snprintf(b->payment_type, sizeof(b->payment_type), "%s", method);
}

static int
approved_tx(sqlite3 *db, long long pid, const char *txn, time_t now,
    struct booking *known, enum settle_outcome *out)
{
	struct prow p;
	struct booking b;
	struct booking_fail f;
	const char *why = NULL;
	long long balance;
	int	 rc;

	memset(&f, 0, sizeof(f));
	if ((rc = prow_load(db, pid, &p)) != SQLITE_OK)
		return rc;
	if (!awaits_charge(&p)) {
		*out = SETTLE_ALREADY;
		return SQLITE_OK;
	}
	if (strcmp(p.purpose, "topup") == 0) {
		if ((rc = wallet_ensure(db, p.user_id, now)) != SQLITE_OK ||
		    (rc = set_status(db, pid, "succeeded", NULL, txn, now,
		    NULL)) != SQLITE_OK ||
		    (rc = wallet_ledger_add(db, p.user_id, p.amount, "topup", 0,
		    pid, now)) != SQLITE_OK)
			return rc;
		*out = SETTLE_CONFIRMED;
		return SQLITE_OK;
	}
	/* The booking as it is now (a lapsed hold reads 'expired'), unless the
	 * caller read it in this same transaction. */
	if (known != NULL && known->id == p.booking_id)
		b = *known;
	else if (booking_get(db, p.booking_id, now, &b, &f) == -1)
		return booking_rc(&f);
	if ((rc = wallet_balance(db, p.user_id, &balance)) != SQLITE_OK)
		return rc;
	if (strcmp(b.status, "confirmed") == 0 ||
	    strcmp(b.status, "checked_in") == 0)
		why = "ALREADY_PAID";
	else if (strcmp(b.status, "expired") == 0)
		why = "HOLD_EXPIRED";
	else if (strcmp(b.status, "pending") != 0)
		why = "BOOKING_NOT_PENDING";
	else if (b.amount != p.amount)
		why = "AMOUNT_CHANGED";
	else if (balance < p.wallet_amount)
		why = "WALLET_SHORT";
	if (why == NULL) {
		if ((rc = set_status(db, pid, "succeeded", NULL, txn, now,
		    NULL)) != SQLITE_OK)
			return rc;
		if (p.wallet_amount > 0 && (rc = wallet_ledger_add(db,
		    p.user_id, -p.wallet_amount, "payment", b.id, pid, now)) !=
		    SQLITE_OK)
			return rc;
		if (booking_confirm(db, b.id, now, &f) == -1)
			return booking_rc(&f);
		if (known != NULL) {
			*known = b;
			as_confirmed(known, now, p.method);
		}
		*out = SETTLE_CONFIRMED;
		return SQLITE_OK;
	}
	/* Charged, but no ticket can follow: the card amount goes to the
	 * wallet, in the same transaction that closes the attempt. */
	if ((rc = set_status(db, pid, "failed", why, txn, now, NULL)) !=
	    SQLITE_OK ||
	    (rc = wallet_ensure(db, p.user_id, now)) != SQLITE_OK ||
	    (rc = wallet_ledger_add(db, p.user_id, p.card_amount, "refund",
	    b.id, pid, now)) != SQLITE_OK)
		return rc;
	*out = SETTLE_REFUNDED;
	return SQLITE_OK;
}

/* Settle pid from a gateway outcome (of a charge, or of a lookup), inside
 * the caller's transaction. */
static int
settle_tx(sqlite3 *db, long long pid, const struct gateway_outcome *o,
    time_t now, struct booking *known, enum settle_outcome *out)
{
	switch (o->result) {
	case GATEWAY_APPROVED:
		return approved_tx(db, pid, o->transaction_id, now, known, out);
	case GATEWAY_DECLINED:
	case GATEWAY_INSUFFICIENT:
		*out = SETTLE_DECLINED;
		return set_status(db, pid, "declined",
		    o->result == GATEWAY_DECLINED ? "CARD_DECLINED" :
		    "INSUFFICIENT_FUNDS", NULL, now, "started");
	case GATEWAY_FAILED:
	case GATEWAY_NOT_FOUND:
		*out = SETTLE_NOT_CHARGED;
		return set_status(db, pid, "failed",
		    o->result == GATEWAY_FAILED ? "GATEWAY_ERROR" :
		    "NOT_CHARGED", NULL, now, "started");
	case GATEWAY_UNKNOWN:
		break;
	}
	*out = SETTLE_UNKNOWN;
	return mark_unknown(db, pid, o->answered ? "GATEWAY_UNKNOWN" :
	    "GATEWAY_TIMEOUT");
}

/* The same in one transaction of its own (the answer came from outside). */
static int
apply_outcome(sqlite3 *db, const struct conf *c, long long pid,
    const struct gateway_outcome *o, enum settle_outcome *out)
{
	int	 rc;

	if ((rc = db_begin(db)) != SQLITE_OK)
		return rc;
	if ((rc = settle_tx(db, pid, o, clock_now(c), NULL, out)) !=
	    SQLITE_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

int
payment_settle(sqlite3 *db, const struct conf *c, long long pid,
    enum settle_outcome *out)
{
	struct gateway_outcome o;
	struct prow p;
	int	 rc;

	*out = SETTLE_ALREADY;
	if ((rc = prow_load(db, pid, &p)) != SQLITE_OK)
		return rc == SQLITE_NOTFOUND ? SQLITE_OK : rc;
	if (strcmp(p.status, "started") != 0)
		return SQLITE_OK;
	if (p.key[0] == '\0') {		/* cannot happen: started rows have keys */
		*out = SETTLE_NOT_CHARGED;
		return set_status(db, pid, "failed", "NOT_CHARGED", NULL,
		    clock_now(c), "started");
	}
	gateway_lookup(c, db, p.key, &o);
	return apply_outcome(db, c, pid, &o, out);
}

int
payment_due(sqlite3 *db, time_t before, long long *ids, int max, int *n)
{
	sqlite3_stmt *st;
	int	 rc;

	*n = 0;
	if ((rc = db_prepare(db, "SELECT id FROM payments WHERE status = "
	    "'started' AND created_at <= :before ORDER BY created_at LIMIT :max",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":before", (long long)before);
	db_bind_int(st, ":max", max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* --- failures, and the answer a settled row gives ------------------- */

static int
pay_failed(struct pay_fail *f, enum pay_err err)
{
	f->err = err;
	return -1;
}

/* SQLite failed: roll back whatever the attempt has open. */
static int
db_fail(sqlite3 *db, int rc, struct pay_fail *f)
{
	db_rollback(db);
	f->rc = rc;
	return pay_failed(f, PAY_ERR_DB);
}

/* A refusal inside the attempt's open transaction: nothing is written. */
static int
refuse(sqlite3 *db, struct pay_fail *f, enum pay_err err)
{
	db_rollback(db);
	return pay_failed(f, err);
}

/* Fill r from the final state of payment pid; when it did not succeed,
 * fail with what that state means. */
static int
result_from_row(sqlite3 *db, long long pid, struct pay_result *r,
    struct pay_fail *f)
{
	struct prow p;
	int	 rc;

	if ((rc = prow_load(db, pid, &p)) != SQLITE_OK ||
	    (rc = wallet_balance(db, p.user_id, &r->wallet_balance)) !=
	    SQLITE_OK) {
		f->rc = rc;
		return pay_failed(f, PAY_ERR_DB);
	}
	r->payment_id = p.id;
	r->booking_id = p.booking_id;
	r->amount = p.amount;
	r->card_amount = p.card_amount;
	r->wallet_amount = p.wallet_amount;
	COPY(r->method, p.method);
	COPY(r->transaction_id, p.txn);
	COPY(r->brand, p.brand);
	COPY(r->last4, p.last4);
	if (strcmp(p.status, "succeeded") == 0)
		return 0;
	COPY(f->failure_code, p.failure);
	if (strcmp(p.status, "declined") == 0 &&
	    strcmp(p.failure, "INSUFFICIENT_FUNDS") == 0)
		return pay_failed(f, PAY_ERR_INSUFFICIENT_FUNDS);
	if (strcmp(p.status, "declined") == 0)
		return pay_failed(f, PAY_ERR_DECLINED);
	if (strcmp(p.status, "failed") == 0 && is_refund_code(p.failure)) {
		f->refunded = p.card_amount;
		return pay_failed(f, PAY_ERR_REFUNDED);
	}
	return pay_failed(f, PAY_ERR_GATEWAY);
}

/* Declined cards in the last hour: a stolen-card tester is slowed down. */
static int
too_many_declines(sqlite3 *db, const struct conf *c, long long user_id,
    time_t now, int *over)
{
	sqlite3_stmt *st;
	long long limit = conf_int(c, "payment_max_declines_per_hour", 10);
	int	 rc;

	*over = 0;
	if ((rc = db_prepare(db, "SELECT count(*) FROM payments WHERE "
	    "user_id = :u AND created_at > :since AND status = 'declined'",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":u", user_id);
	db_bind_int(st, ":since", (long long)now - 3600);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*over = limit > 0 && sqlite3_column_int64(st, 0) >= limit;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Earlier attempts whose answer was lost (at booking_id, or the user's
 * top-ups when it is 0): settle them before anything new is charged.
 * *confirmed gets the id of one that paid; *unknown says one is still
 * unanswered. */
static int
settle_earlier(sqlite3 *db, const struct conf *c, long long booking_id,
    long long user_id, long long *confirmed, int *unknown)
{
	sqlite3_stmt *st;
	long long ids[8];
	int	 rc, n = 0;
	time_t	 now = clock_now(c);

	*confirmed = 0;
	*unknown = 0;
	if ((rc = db_prepare(db, booking_id > 0 ?
	    "SELECT id FROM payments WHERE booking_id = :b AND user_id = :u "
	    "AND status = 'started' AND "
	    "(failure_code IS NOT NULL OR created_at <= :dead) ORDER BY id" :
	    "SELECT id FROM payments WHERE user_id = :u AND purpose = 'topup' "
	    "AND status = 'started' AND "
	    "(failure_code IS NOT NULL OR created_at <= :dead) ORDER BY id",
	    &st)) != SQLITE_OK)
		return rc;
	if (booking_id > 0)
		db_bind_int(st, ":b", booking_id);
	db_bind_int(st, ":u", user_id);
	db_bind_int(st, ":dead",
	    (long long)(now - payment_inflight_seconds(c)));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 8)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return rc;
	for (int i = 0; i < n; i++) {
		enum settle_outcome so;

		if ((rc = payment_settle(db, c, ids[i], &so)) != SQLITE_OK)
			return rc;
		if (so == SETTLE_CONFIRMED)
			*confirmed = ids[i];
		else if (so == SETTLE_UNKNOWN)
			*unknown = 1;
	}
	return SQLITE_OK;
}

/* --- one attempt ---------------------------------------------------- */

/* What a payments row records of an attempt, as the steps below share it. */
struct attempt {
	const char	*purpose;	/* "booking", "topup" */
	long long	 booking_id;	/* 0: a top-up */
	long long	 user_id;
	const char	*method;	/* "card", "wallet", "wallet+card" */
	long long	 amount;
	long long	 card_amount;
	long long	 wallet_amount;
	const struct card *card;	/* read only when card_amount > 0 */
	char		 description[160];	/* for the gateway */
	time_t		 now;
	struct booking	*known;		/* read in this transaction, or NULL */
};

static int
insert_payment(sqlite3 *db, const struct attempt *a, const char *key,
    const char *status, long long *pid)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, wallet_amount, card_brand, "
	    "card_last4, idempotency_key, status, created_at, settled_at) "
	    "VALUES (:purpose, :booking, :u, :method, :amount, :card, :wallet, "
	    ":brand, :last4, :key, :status, :now, :settled)", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_text(st, ":purpose", a->purpose);
	if (a->booking_id > 0)
		db_bind_int(st, ":booking", a->booking_id);
	else
		db_bind_null(st, ":booking");
	db_bind_int(st, ":u", a->user_id);
	db_bind_text(st, ":method", a->method);
	db_bind_int(st, ":amount", a->amount);
	db_bind_int(st, ":card", a->card_amount);
	db_bind_int(st, ":wallet", a->wallet_amount);
	db_bind_text(st, ":brand", a->card_amount > 0 ?
	    card_brand_name(a->card->brand) : NULL);
	db_bind_text(st, ":last4", a->card_amount > 0 ? a->card->last4 : NULL);
	db_bind_text(st, ":key", key);
	db_bind_text(st, ":status", status);
	db_bind_int(st, ":now", (long long)a->now);
	if (strcmp(status, "started") == 0)
		db_bind_null(st, ":settled");
	else
		db_bind_int(st, ":settled", (long long)a->now);
	if ((rc = db_step_done(st)) == SQLITE_OK)
		*pid = sqlite3_last_insert_rowid(db);
	return rc;
}

/* Ask the gateway to charge the attempt's card share under key; its
 * detail goes to the failure, for the log. */
static void
charge_once(sqlite3 *db, const struct conf *c, const char *key,
    const struct attempt *a, struct gateway_outcome *o, struct pay_fail *f)
{
	struct gateway_charge ch = { a->card_amount, c->currency, a->card, key,
	    a->description };

	gateway_charge(c, db, &ch, o);
	COPY(f->detail, o->detail);
}

/* Steps 2 and 3 of payment.h: charge the recorded attempt pid, outside
 * any transaction, and settle it from the answer. */
static int
charge_and_settle(sqlite3 *db, const struct conf *c, long long pid,
    const char *key, const struct attempt *a, struct pay_result *r,
    struct pay_fail *f)
{
	struct gateway_outcome o;
	enum settle_outcome so;
	int	 rc;

	charge_once(db, c, key, a, &o, f);
	if (o.result == GATEWAY_UNKNOWN && o.answered) {
		/* The gateway answered but not usefully (a 5xx): ask once what
		 * became of the key, so the attempt usually ends here. */
		struct gateway_outcome l;

		gateway_lookup(c, db, key, &l);
		if (l.result != GATEWAY_UNKNOWN) {
			o = l;
			COPY(f->detail, o.detail);
		}
	}
	if ((rc = apply_outcome(db, c, pid, &o, &so)) != SQLITE_OK) {
		f->rc = rc;
		return pay_failed(f, PAY_ERR_DB);
	}
	return result_from_row(db, pid, r, f);
}

/* The simulator keeps its books in this database, so with it the attempt,
 * the charge and the settlement commit together in the caller's open
 * transaction: there is no answer to lose, and a payment costs one write
 * transaction instead of three. */
static int
charge_local(sqlite3 *db, const struct conf *c, long long pid,
    const char *key, const struct attempt *a, struct pay_result *r,
    struct pay_fail *f)
{
	struct gateway_outcome o;
	enum settle_outcome so;
	int	 rc;

	charge_once(db, c, key, a, &o, f);
	if ((rc = settle_tx(db, pid, &o, a->now, a->known, &so)) != SQLITE_OK ||
	    (rc = db_commit(db)) != SQLITE_OK)
		return db_fail(db, rc, f);
	if (a->known != NULL && so == SETTLE_CONFIRMED) {
		r->booking = *a->known;
		r->has_booking = 1;
	}
	return result_from_row(db, pid, r, f);
}

/* The end of step 1 for an attempt with a card share, shared by a booking's
 * payment and a top-up, in the transaction the caller opened and checked:
 * the decline limit, a fresh idempotency key and the 'started' row; then
 * the charge and its settlement. */
static int
charge_card(sqlite3 *db, const struct conf *c, const struct attempt *a,
    struct pay_result *r, struct pay_fail *f)
{
	char	 key[GATEWAY_KEY_LEN + 1];
	long long pid;
	int	 rc, over;

	if ((rc = too_many_declines(db, c, a->user_id, a->now, &over)) !=
	    SQLITE_OK)
		return db_fail(db, rc, f);
	if (over)
		return refuse(db, f, PAY_ERR_RATE_LIMITED);
	if (gateway_new_key(c, key) == -1) {
		COPY(f->detail, "payment_gateway must be simulated or http");
		return refuse(db, f, PAY_ERR_GATEWAY);
	}
	if ((rc = insert_payment(db, a, key, "started", &pid)) != SQLITE_OK)
		return db_fail(db, rc, f);
	if (gateway_is_local(key))
		return charge_local(db, c, pid, key, a, r, f);
	if ((rc = db_commit(db)) != SQLITE_OK)
		return db_fail(db, rc, f);
	return charge_and_settle(db, c, pid, key, a, r, f);
}

/* --- paying a booking ------------------------------------------------- */

/* Step 1's checks: the booking is this customer's and still payable, its
 * show inside their window, and no other attempt is at it.  On -1 the
 * transaction is rolled back. */
static int
check_booking(sqlite3 *db, const struct conf *c, long long booking_id,
    long long user_id, time_t now, struct booking *b, struct pay_fail *f)
{
	struct booking_fail bf;
	sqlite3_stmt *st;
	int	 rc, busy;

	memset(&bf, 0, sizeof(bf));
	if (booking_load_for_payment(db, booking_id, user_id, now, b, &bf) ==
	    -1) {
		COPY(f->booking_status, bf.status);
		switch (bf.err) {
		case BOOKING_ERR_NOT_FOUND:
			return refuse(db, f, PAY_ERR_NOT_FOUND);
		case BOOKING_ERR_EXPIRED:
			return refuse(db, f, PAY_ERR_EXPIRED);
		case BOOKING_ERR_BAD_STATUS:
			return refuse(db, f, PAY_ERR_NOT_PENDING);
		case BOOKING_ERR_SHOW_CANCELLED:
			return refuse(db, f, PAY_ERR_SHOW_CANCELLED);
		default:
			return db_fail(db, booking_rc(&bf), f);
		}
	}
	/* DESIGN §7: a customer pays only for a show inside their window (it
	 * may have left it since the hold, if booking_window_days shrank). */
	if (!show_in_customer_window(c, now, b->date))
		return refuse(db, f, PAY_ERR_DATE_OUT_OF_RANGE);
	/* Anything still started now is another request's attempt. */
	if ((rc = db_prepare(db, "SELECT count(*) FROM payments WHERE "
	    "booking_id = :b AND status = 'started'", &st)) != SQLITE_OK)
		return db_fail(db, rc, f);
	db_bind_int(st, ":b", booking_id);
	rc = sqlite3_step(st);
	busy = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, f);
	if (busy)
		return refuse(db, f, PAY_ERR_IN_PROGRESS);
	return 0;
}

/* Who pays what of b: the wallet all it can (unless the method is card),
 * the card the rest.  Refused when the method cannot cover it. */
static int
split_amount(sqlite3 *db, enum pay_method method, const struct booking *b,
    struct attempt *a, struct pay_result *r, struct pay_fail *f)
{
	long long balance;
	int	 rc;

	if ((rc = wallet_balance(db, a->user_id, &balance)) != SQLITE_OK)
		return db_fail(db, rc, f);
	r->wallet_balance = balance;
	a->wallet_amount = 0;
	if (method != PAY_METHOD_CARD)
		a->wallet_amount = balance < b->amount ? balance : b->amount;
	a->card_amount = b->amount - a->wallet_amount;
	if (method == PAY_METHOD_WALLET && a->card_amount > 0)
		return refuse(db, f, PAY_ERR_INSUFFICIENT_BALANCE);
	if (a->card_amount > 0 && a->card == NULL) {
		r->card_amount = a->card_amount;
		r->wallet_amount = a->wallet_amount;
		return refuse(db, f, PAY_ERR_CARD_REQUIRED);
	}
	a->method = a->card_amount == 0 ? "wallet" :
	    a->wallet_amount == 0 ? "card" : "wallet+card";
	return 0;
}

/* The wallet pays it all: no gateway, one transaction. */
static int
pay_from_wallet(sqlite3 *db, const struct attempt *a, struct pay_result *r,
    struct pay_fail *f)
{
	struct booking_fail bf;
	long long pid;
	int	 rc;

	memset(&bf, 0, sizeof(bf));
	if ((rc = insert_payment(db, a, NULL, "succeeded", &pid)) !=
	    SQLITE_OK ||
	    (rc = wallet_ledger_add(db, a->user_id, -a->wallet_amount,
	    "payment", a->booking_id, pid, a->now)) != SQLITE_OK ||
	    (rc = booking_confirm(db, a->booking_id, a->now, &bf) == -1 ?
	    booking_rc(&bf) : SQLITE_OK) != SQLITE_OK ||
	    (rc = db_commit(db)) != SQLITE_OK)
		return db_fail(db, rc, f);
	r->booking = *a->known;
	r->has_booking = 1;
	as_confirmed(&r->booking, a->now, a->method);
	return result_from_row(db, pid, r, f);
}

int
payment_pay_booking(sqlite3 *db, const struct conf *c, long long booking_id,
    long long user_id, enum pay_method method, const struct card *card,
    struct pay_result *r, struct pay_fail *f)
{
	struct booking b;
	struct attempt a;
	long long done;
	int	 rc, unknown;

	memset(r, 0, sizeof(*r));
	memset(f, 0, sizeof(*f));
	r->booking_id = booking_id;

	/* First, an earlier attempt at this booking that never got its answer
	 * is settled, by asking the gateway about its key.  If it paid, this
	 * attempt's answer is that payment; if nobody knows yet, nothing new
	 * is charged. */
	if ((rc = settle_earlier(db, c, booking_id, user_id, &done,
	    &unknown)) != SQLITE_OK)
		return db_fail(db, rc, f);
	if (done > 0)
		return result_from_row(db, done, r, f);
	if (unknown) {
		COPY(f->detail, "an earlier attempt is still unanswered");
		return pay_failed(f, PAY_ERR_GATEWAY);
	}

	/* Step 1 of payment.h: check and record the attempt. */
	if ((rc = db_begin(db)) != SQLITE_OK)
		return db_fail(db, rc, f);
	a = (struct attempt){ .purpose = "booking", .user_id = user_id,
	    .card = card, .now = clock_now(c), .known = &b };
	if (check_booking(db, c, booking_id, user_id, a.now, &b, f) == -1)
		return -1;
	r->amount = a.amount = b.amount;
	a.booking_id = b.id;
	if (split_amount(db, method, &b, &a, r, f) == -1)
		return -1;
	if (a.card_amount == 0)
		return pay_from_wallet(db, &a, r, f);
	snprintf(a.description, sizeof(a.description), "%s booking %lld",
	    c->cinema_name, b.id);
	return charge_card(db, c, &a, r, f);
}

/* --- topping up a wallet ---------------------------------------------- */

int
payment_topup(sqlite3 *db, const struct conf *c, long long user_id,
    long long amount, const struct card *card, struct pay_result *r,
    struct pay_fail *f)
{
	struct attempt a;
	long long done;
	int	 rc, unknown;

	memset(r, 0, sizeof(*r));
	memset(f, 0, sizeof(*f));
	/* Earlier top-ups whose answer was lost are credited (or closed)
	 * first, so the balance this answer shows is right.  One still
	 * unanswered does not hold up a new top-up. */
	if ((rc = settle_earlier(db, c, 0, user_id, &done, &unknown)) !=
	    SQLITE_OK)
		return db_fail(db, rc, f);

	if ((rc = db_begin(db)) != SQLITE_OK)
		return db_fail(db, rc, f);
	a = (struct attempt){ .purpose = "topup", .user_id = user_id,
	    .method = "card", .amount = amount, .card_amount = amount,
	    .card = card, .now = clock_now(c) };
	snprintf(a.description, sizeof(a.description), "%s wallet top-up",
	    c->cinema_name);
	if ((rc = wallet_ensure(db, user_id, a.now)) != SQLITE_OK)
		return db_fail(db, rc, f);
	return charge_card(db, c, &a, r, f);
}

/* --- the booking as the answer shows it -------------------------------- */

cJSON *
payment_booking_json(sqlite3 *db, const struct conf *c, long long id,
    time_t *starts_at)
{
	struct booking b;
	struct booking_fail f;

	memset(&f, 0, sizeof(f));
	*starts_at = 0;
	if (booking_get(db, id, clock_now(c), &b, &f) == -1)
		return NULL;
	*starts_at = b.starts_at;
	return booking_json(&b, c->currency, 0);
}
