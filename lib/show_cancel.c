/* show_cancel — an admin cancels a show: its holds end, its paid online
 * bookings go back to the wallets, its walk-ins are listed for the
 * counter's cash; see show.h.  All in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "booking.h"
#include "db.h"
#include "json.h"
#include "show.h"
#include "text.h"
#include "wallet.h"

int
show_reason_valid(const char *r)
{
	return text_reason_valid(r, SHOW_REASON_MAX);
}

int
show_cancelled(sqlite3 *db, long long id, int *cancelled)
{
	sqlite3_stmt *st;
	int	 rc;

	*cancelled = 0;
	if ((rc = db_prepare(db, "SELECT cancelled_at IS NOT NULL FROM shows "
	    "WHERE id = :id", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*cancelled = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc;
}

/* One booking of the show that still holds or owns seats. */
struct victim {
	long long	 id;
	long long	 user_id;	/* 0: a walk-in */
	long long	 amount;
	long long	 payment_id;	/* its successful payment, 0: none */
	int		 pending;	/* 1: a hold */
	int		 lapsed;	/* a hold past its expiry, unswept */
	char		 name[80];
	char		 phone[11];
};

static int
fail_db(struct show_fail *f, int rc)
{
	f->err = SHOW_ERR_DB;
	f->rc = rc;
	return -1;
}

/* Inside the transaction: the show is there, not cancelled, not started;
 * then it is marked cancelled (its version moves: the files follow). */
static int
mark_cancelled(sqlite3 *db, long long id, const char *reason,
    long long admin, time_t now, struct show_fail *f)
{
	sqlite3_stmt *st;
	long long starts = 0;
	int	 rc, cancelled = 0;

	if ((rc = db_prepare(db, "SELECT starts_at, cancelled_at IS NOT NULL "
	    "FROM shows WHERE id = :id", &st)) != SQLITE_OK)
		return fail_db(f, rc);
	db_bind_int(st, ":id", id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		starts = sqlite3_column_int64(st, 0);
		cancelled = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		f->err = SHOW_ERR_NOT_FOUND;
	else if (rc != SQLITE_ROW)
		return fail_db(f, rc);
	else if (cancelled)
		f->err = SHOW_ERR_CANCELLED;
	else if (starts <= (long long)now)
		f->err = SHOW_ERR_STARTED;
	if (f->err != SHOW_OK)
		return -1;
	if ((rc = db_prepare(db, "UPDATE shows SET cancelled_at = :now, "
	    "cancelled_by = :by, cancel_reason = :why, version = version + 1 "
	    "WHERE id = :id", &st)) != SQLITE_OK)
		return fail_db(f, rc);
	db_bind_int(st, ":now", (long long)now);
	if (admin > 0)
		db_bind_int(st, ":by", admin);
	else
		db_bind_null(st, ":by");
	db_bind_text(st, ":why", reason);
	db_bind_int(st, ":id", id);
	return (rc = db_step_done(st)) == SQLITE_OK ? 0 : fail_db(f, rc);
}

/* The show's bookings that hold or own seats, read whole before any is
 * changed: *out (malloc'd) and *n. */
static int
victims_load(sqlite3 *db, long long show, time_t now, struct victim **out,
    int *n)
{
	sqlite3_stmt *st;
	struct victim *v = NULL, *p;
	int	 rc, cap = 0;

	*out = NULL;
	*n = 0;
	if ((rc = db_prepare(db, "SELECT b.id, coalesce(b.user_id, 0), "
	    "b.amount, b.status = 'pending', b.status = 'pending' AND "
	    "b.expires_at <= :now, coalesce(w.name, ''), coalesce(w.phone, ''), "
	    "coalesce((SELECT p.id FROM payments p WHERE p.booking_id = b.id "
	    "AND p.purpose = 'booking' AND p.status = 'succeeded'), 0) "
	    "FROM bookings b LEFT JOIN walkin_customers w ON "
	    "w.id = b.walkin_customer_id WHERE b.show_id = :show AND "
	    "b.status IN ('pending', 'confirmed', 'checked_in') ORDER BY b.id",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":show", show);
	db_bind_int(st, ":now", (long long)now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(v, cap * sizeof(*v))) == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = p;
		}
		p = &v[(*n)++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(st, 0);
		p->user_id = sqlite3_column_int64(st, 1);
		p->amount = sqlite3_column_int64(st, 2);
		p->pending = sqlite3_column_int(st, 3);
		p->lapsed = sqlite3_column_int(st, 4);
		snprintf(p->name, sizeof(p->name), "%s", db_text(st, 5));
		snprintf(p->phone, sizeof(p->phone), "%s", db_text(st, 6));
		p->payment_id = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	*out = v;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A paid online booking: its whole amount to the wallet, the reason in
 * the ledger row's note. */
static int
refund_to_wallet(sqlite3 *db, const struct victim *v, const char *reason,
    time_t now, struct show_cancel_result *r)
{
	struct show_refund *p;
	char	 note[SHOW_REASON_MAX * 4 + 32];
	int	 rc;

	snprintf(note, sizeof(note), "show cancelled: %s", reason);
	if ((rc = wallet_ensure(db, v->user_id, now)) != SQLITE_OK ||
	    (rc = wallet_ledger_add_note(db, v->user_id, v->amount, "refund",
	    v->id, v->payment_id, note, now)) != SQLITE_OK)
		return rc;
	if ((p = realloc(r->refunded, (r->nrefunded + 1) * sizeof(*p))) ==
	    NULL)
		return SQLITE_NOMEM;
	r->refunded = p;
	p[r->nrefunded++] = (struct show_refund){ v->id, v->user_id,
	    v->amount };
	r->refunded_total += v->amount;
	return SQLITE_OK;
}

static int
list_cash(const struct victim *v, struct show_cancel_result *r)
{
	struct show_cash_refund *p;

	if ((p = realloc(r->cash, (r->ncash + 1) * sizeof(*p))) == NULL)
		return SQLITE_NOMEM;
	r->cash = p;
	p += r->ncash++;
	memset(p, 0, sizeof(*p));
	p->booking_id = v->id;
	p->amount = v->amount;
	snprintf(p->customer_name, sizeof(p->customer_name), "%s", v->name);
	snprintf(p->phone, sizeof(p->phone), "%s", v->phone);
	r->cash_total += v->amount;
	return SQLITE_OK;
}

/* One booking ended as the cancelled show needs; SQLite rc. */
static int
end_booking(sqlite3 *db, const struct victim *v, const char *reason,
    time_t now, struct show_cancel_result *r)
{
	struct booking_fail bf;
	int	 rc = SQLITE_OK;

	memset(&bf, 0, sizeof(bf));
	if (v->pending)
		r->holds_cancelled += !v->lapsed;
	else if (v->user_id > 0)
		rc = refund_to_wallet(db, v, reason, now, r);
	else
		rc = list_cash(v, r);
	if (rc != SQLITE_OK)
		return rc;
	if (booking_release(db, v->id, v->lapsed ? "expired" : "cancelled",
	    now, &bf) == -1)
		return bf.err == BOOKING_ERR_DB ? bf.rc : SQLITE_ERROR;
	return SQLITE_OK;
}

static int
audit(sqlite3 *db, long long show, const char *reason, long long admin,
    time_t now, const struct show_cancel_result *r)
{
	sqlite3_stmt *st;
	char	 target[32], detail[SHOW_REASON_MAX * 4 + 160];
	int	 rc;

	snprintf(target, sizeof(target), "show:%lld", show);
	snprintf(detail, sizeof(detail), "%s; holds %d; refunded %d (%lld); "
	    "cash %d (%lld)", reason, r->holds_cancelled, r->nrefunded,
	    r->refunded_total, r->ncash, r->cash_total);
	if ((rc = db_prepare(db, "INSERT INTO audit_log (at, user_id, action, "
	    "target, detail) VALUES (:now, :by, 'show.cancel', :target, "
	    ":detail)", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":now", (long long)now);
	if (admin > 0)
		db_bind_int(st, ":by", admin);
	else
		db_bind_null(st, ":by");
	db_bind_text(st, ":target", target);
	db_bind_text(st, ":detail", detail);
	return db_step_done(st);
}

int
show_cancel(sqlite3 *db, long long id, const char *reason, long long admin,
    time_t now, struct show_cancel_result *r, struct show_fail *f)
{
	struct victim *v = NULL;
	int	 rc, n = 0, rv = -1;

	memset(r, 0, sizeof(*r));
	memset(f, 0, sizeof(*f));
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(f, rc);
	if (mark_cancelled(db, id, reason, admin, now, f) == -1)
		goto out;
	if ((rc = victims_load(db, id, now, &v, &n)) != SQLITE_OK)
		goto dberr;
	for (int i = 0; i < n; i++)
		if ((rc = end_booking(db, &v[i], reason, now, r)) != SQLITE_OK)
			goto dberr;
	if ((rc = audit(db, id, reason, admin, now, r)) != SQLITE_OK ||
	    (rc = db_commit(db)) != SQLITE_OK)
		goto dberr;
	rv = 0;
	goto out;
dberr:
	fail_db(f, rc);
out:
	free(v);
	if (rv != 0) {
		db_rollback(db);
		show_cancel_result_free(r);
	}
	return rv;
}

void
show_cancel_result_free(struct show_cancel_result *r)
{
	free(r->refunded);
	free(r->cash);
	memset(r, 0, sizeof(*r));
}

cJSON *
show_cancel_json(const struct show_cancel_result *r, const char *currency)
{
	cJSON	*o = cJSON_CreateObject(), *a, *it;

	cJSON_AddBoolToObject(o, "cancelled", 1);
	a = cJSON_AddArrayToObject(o, "refunded");
	for (int i = 0; i < r->nrefunded; i++) {
		it = cJSON_CreateObject();
		json_add_int(it, "booking_id", r->refunded[i].booking_id);
		json_add_int(it, "amount", r->refunded[i].amount);
		cJSON_AddItemToArray(a, it);
	}
	a = cJSON_AddArrayToObject(o, "cash_refunds");
	for (int i = 0; i < r->ncash; i++) {
		it = cJSON_CreateObject();
		json_add_int(it, "booking_id", r->cash[i].booking_id);
		json_add_int(it, "amount", r->cash[i].amount);
		json_add_str(it, "customer_name", r->cash[i].customer_name);
		json_add_str(it, "phone", r->cash[i].phone);
		cJSON_AddItemToArray(a, it);
	}
	cJSON_AddNumberToObject(o, "holds_cancelled", r->holds_cancelled);
	json_add_str(o, "currency", currency);
	return o;
}
