/* refund — cancel a confirmed booking into the wallet; see refund.h. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "refund.h"
#include "wallet.h"

static int
run(sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Inside the transaction.  SQLite rc; *status the verdict. */
static int
cancel_tx(sqlite3 *db, long long id, long long user_id, time_t now,
    struct refund_result *r, enum refund_status *status)
{
	sqlite3_stmt *st;
	long long owner = 0, walkin = 0, show_id = 0, payment_id = 0;
	int	 rc;

	*status = REFUND_OK;
	if ((rc = db_prepare(db, "SELECT coalesce(b.user_id, 0), "
	    "coalesce(b.walkin_customer_id, 0), b.status, b.amount, b.show_id, "
	    "s.starts_at, coalesce((SELECT p.id FROM payments p WHERE "
	    "p.booking_id = b.id AND p.status = 'succeeded'), 0) "
	    "FROM bookings b JOIN shows s ON s.id = b.show_id WHERE b.id = :id",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		owner = sqlite3_column_int64(st, 0);
		walkin = sqlite3_column_int64(st, 1);
		snprintf(r->status, sizeof(r->status), "%s", db_text(st, 2));
		r->amount = sqlite3_column_int64(st, 3);
		show_id = sqlite3_column_int64(st, 4);
		r->starts_at = (time_t)sqlite3_column_int64(st, 5);
		payment_id = sqlite3_column_int64(st, 6);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE || (rc == SQLITE_OK && user_id > 0 &&
	    owner != user_id)) {
		*status = REFUND_NOT_FOUND;
		return SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		return rc;
	r->cutoff_at = r->starts_at - (time_t)r->cutoff_minutes * 60;
	if (strcmp(r->status, "confirmed") != 0) {
		*status = REFUND_NOT_CONFIRMED;
		return SQLITE_OK;
	}
	if (walkin > 0 || owner == 0) {
		*status = REFUND_WALKIN;
		return SQLITE_OK;
	}
	if (now > r->cutoff_at) {
		*status = REFUND_TOO_LATE;
		return SQLITE_OK;
	}

	if ((rc = wallet_ensure(db, owner, now)) != SQLITE_OK ||
	    (rc = wallet_ledger_add(db, owner, r->amount, "refund", id,
	    payment_id, now)) != SQLITE_OK)
		return rc;
	r->ledger_id = sqlite3_last_insert_rowid(db);
	if ((rc = db_prepare(db, "UPDATE bookings SET status = 'cancelled', "
	    "cancelled_at = :now WHERE id = :id AND status = 'confirmed'",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":now", (long long)now);
	db_bind_int(st, ":id", id);
	if ((rc = run(st)) != SQLITE_OK)
		return rc;
	/* The seats are free the moment this commits. */
	if ((rc = db_prepare(db, "UPDATE booking_seats SET live = 0, "
	    "hold_expires_at = NULL WHERE booking_id = :id AND live = 1",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = run(st)) != SQLITE_OK)
		return rc;
	if ((rc = db_prepare(db, "UPDATE shows SET version = version + 1 "
	    "WHERE id = :show", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", show_id);
	if ((rc = run(st)) != SQLITE_OK)
		return rc;
	snprintf(r->status, sizeof(r->status), "cancelled");
	return wallet_balance(db, owner, &r->wallet_balance);
}

enum refund_status
refund_cancel_confirmed(sqlite3 *db, const struct conf *c, long long id,
    long long user_id, struct refund_result *r)
{
	enum refund_status status;
	long long cut = conf_int(c, "refund_cutoff_minutes",
	    REFUND_CUTOFF_DEFAULT_MIN);
	int	 rc;

	memset(r, 0, sizeof(*r));
	r->booking_id = id;
	r->cutoff_minutes = (int)(cut >= 0 && cut <= 7 * 24 * 60 ? cut :
	    REFUND_CUTOFF_DEFAULT_MIN);
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
