/* refund — cancel a confirmed booking into the wallet, and decide between
 * that and a plain cancel; see refund.h.  Every failure is a
 * booking_fail, as the booking functions it calls report theirs. */
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "db.h"
#include "json.h"
#include "refund.h"
#include "wallet.h"

/* The booking's successful payment (0 when none: cannot be for a
 * confirmed booking, the schema insists). */
static int
paid_by(sqlite3 *db, long long booking_id, long long *payment_id)
{
	sqlite3_stmt *st;
	int	 rc;

	*payment_id = 0;
	if ((rc = db_prepare(db, "SELECT id FROM payments WHERE booking_id = "
	    ":b AND status = 'succeeded'", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":b", booking_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*payment_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
cutoff_minutes(const struct conf *c)
{
	long long cut = conf_int(c, "refund_cutoff_minutes",
	    REFUND_CUTOFF_DEFAULT_MIN);

	return (int)(cut >= 0 && cut <= 7 * 24 * 60 ? cut :
	    REFUND_CUTOFF_DEFAULT_MIN);
}

time_t
refund_deadline(const struct conf *c, time_t starts_at)
{
	return starts_at - (time_t)cutoff_minutes(c) * 60;
}

static int
fail(struct booking_fail *f, enum booking_err e)
{
	f->err = e;
	return -1;
}

static int
fail_db(struct booking_fail *f, int rc)
{
	f->err = BOOKING_ERR_DB;
	f->rc = rc;
	return -1;
}

/* Inside the transaction: *b, confirmed and read in it, refunded to its
 * customer's wallet and cancelled; *b then reads as the cancelled booking
 * (what booking_release wrote). */
static int
refund_tx(sqlite3 *db, const struct conf *c, struct booking *b, time_t now,
    struct refund_result *r, struct booking_fail *f)
{
	long long payment_id;
	int	 rc;

	memset(r, 0, sizeof(*r));
	r->booking_id = b->id;
	r->amount = b->amount;
	if (b->walkin_customer_id > 0 || b->user_id == 0)
		return fail(f, BOOKING_ERR_REFUND_WALKIN);
	if (now > refund_deadline(c, b->starts_at)) {
		f->cutoff_minutes = cutoff_minutes(c);
		f->starts_at = b->starts_at;
		return fail(f, BOOKING_ERR_REFUND_TOO_LATE);
	}
	if ((rc = paid_by(db, b->id, &payment_id)) != SQLITE_OK ||
	    (rc = wallet_ensure(db, b->user_id, now)) != SQLITE_OK ||
	    (rc = wallet_ledger_add(db, b->user_id, b->amount, "refund", b->id,
	    payment_id, now)) != SQLITE_OK)
		return fail_db(f, rc);
	r->ledger_id = sqlite3_last_insert_rowid(db);
	/* Cancelled, its seats free the moment this commits, the show's
	 * seat map version moved: the booking module's release. */
	if (booking_release(db, b->id, "cancelled", now, f) == -1)
		return -1;
	snprintf(b->status, sizeof(b->status), "cancelled");
	b->cancelled_at = now;
	if ((rc = wallet_balance(db, b->user_id, &r->wallet_balance)) !=
	    SQLITE_OK)
		return fail_db(f, rc);
	return 0;
}

/* End the transaction: commit when the work in it succeeded (rv 0), else
 * roll back.  0 or -1. */
static int
finish(sqlite3 *db, int rv, struct booking_fail *f)
{
	int	 rc;

	if (rv == 0 && (rc = db_commit(db)) != SQLITE_OK)
		rv = fail_db(f, rc);
	if (rv != 0)
		db_rollback(db);
	return rv;
}

int
refund_cancel_confirmed(sqlite3 *db, const struct conf *c, long long id,
    long long user_id, time_t now, struct refund_result *r,
    struct booking_fail *f)
{
	struct booking b;
	int	 rc, rv;

	memset(r, 0, sizeof(*r));
	r->booking_id = id;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(f, rc);
	if ((rv = booking_get_as(db, id, user_id, now, &b, f)) == 0) {
		if (strcmp(b.status, "confirmed") == 0)
			rv = refund_tx(db, c, &b, now, r, f);
		else {
			snprintf(f->status, sizeof(f->status), "%s", b.status);
			rv = fail(f, BOOKING_ERR_BAD_STATUS);
		}
	}
	return finish(db, rv, f);
}

int
refund_cancel(sqlite3 *db, const struct conf *c, long long id,
    long long user_id, time_t now, struct refund_cancel_result *out,
    struct booking_fail *f)
{
	struct booking *b = &out->booking;
	int	 rc, rv;

	memset(out, 0, sizeof(*out));
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(f, rc);
	if ((rv = booking_get_as(db, id, user_id, now, b, f)) == 0) {
		if (strcmp(b->status, "confirmed") == 0) {
			rv = refund_tx(db, c, b, now, &out->refund, f);
			out->refunded = rv == 0;
		} else
			rv = booking_cancel_pending(db, b, now, f);
	}
	return finish(db, rv, f);
}

void
refund_cutoff_text(int minutes, char *out, size_t n)
{
	if (minutes > 0 && minutes % 60 == 0)
		snprintf(out, n, "%d hour%s", minutes / 60,
		    minutes == 60 ? "" : "s");
	else
		snprintf(out, n, "%d minute%s", minutes, minutes == 1 ? "" : "s");
}

cJSON *
refund_json(const struct refund_result *r, const char *currency,
    int with_balance)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_int(o, "amount", r->amount);
	json_add_str(o, "currency", currency);
	json_add_str(o, "to", "wallet");
	if (with_balance)
		json_add_int(o, "wallet_balance", r->wallet_balance);
	return o;
}
