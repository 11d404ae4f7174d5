/* refund — cancel a confirmed booking into the wallet; see refund.h. */
#include <stdio.h>
#include <string.h>

#include "booking.h"
#include "clock.h"
#include "db.h"
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

/* Inside the transaction.  SQLite rc; *status the verdict. */
static int
cancel_tx(sqlite3 *db, long long id, long long user_id, time_t now,
    struct refund_result *r, enum refund_status *status)
{
	struct booking b;
	struct booking_fail f;
	long long payment_id;
	int	 rc;

	*status = REFUND_OK;
	memset(&f, 0, sizeof(f));
	if (booking_get(db, id, now, &b, &f) == -1) {
		if (f.err != BOOKING_ERR_NOT_FOUND)
			return f.rc != SQLITE_OK ? f.rc : SQLITE_ERROR;
		*status = REFUND_NOT_FOUND;
		return SQLITE_OK;
	}
	if (user_id > 0 && b.user_id != user_id) {
		*status = REFUND_NOT_FOUND;
		return SQLITE_OK;
	}
	snprintf(r->status, sizeof(r->status), "%s", b.status);
	r->amount = b.amount;
	r->starts_at = b.starts_at;
	r->cutoff_at = b.starts_at - (time_t)r->cutoff_minutes * 60;
	if (strcmp(b.status, "confirmed") != 0) {
		*status = REFUND_NOT_CONFIRMED;
		return SQLITE_OK;
	}
	if (b.walkin_customer_id > 0 || b.user_id == 0) {
		*status = REFUND_WALKIN;
		return SQLITE_OK;
	}
	if (now > r->cutoff_at) {
		*status = REFUND_TOO_LATE;
		return SQLITE_OK;
	}
	if ((rc = paid_by(db, id, &payment_id)) != SQLITE_OK ||
	    (rc = wallet_ensure(db, b.user_id, now)) != SQLITE_OK ||
	    (rc = wallet_ledger_add(db, b.user_id, b.amount, "refund", id,
	    payment_id, now)) != SQLITE_OK)
		return rc;
	r->ledger_id = sqlite3_last_insert_rowid(db);
	/* Cancelled, its seats free the moment this commits, the show's
	 * seat map version moved: the booking module's release. */
	if (booking_release(db, id, "cancelled", now, &f) == -1)
		return f.err == BOOKING_ERR_DB && f.rc != SQLITE_OK ? f.rc :
		    SQLITE_ERROR;
	snprintf(r->status, sizeof(r->status), "cancelled");
	return wallet_balance(db, b.user_id, &r->wallet_balance);
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

enum refund_status
refund_cancel_confirmed(sqlite3 *db, const struct conf *c, long long id,
    long long user_id, struct refund_result *r)
{
	enum refund_status status;
	int	 rc;

	memset(r, 0, sizeof(*r));
	r->booking_id = id;
	r->cutoff_minutes = cutoff_minutes(c);
	if ((rc = db_begin(db)) != SQLITE_OK) {
		r->rc = rc;
		return REFUND_DB;
	}
	rc = cancel_tx(db, id, user_id, clock_now(c), r, &status);
	if (rc != SQLITE_OK) {
		db_rollback(db);
		r->rc = rc;
		return REFUND_DB;
	}
	if (status != REFUND_OK) {
		db_rollback(db);
		return status;
	}
	if ((rc = db_commit(db)) != SQLITE_OK) {
		db_rollback(db);
		r->rc = rc;
		return REFUND_DB;
	}
	return REFUND_OK;
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
