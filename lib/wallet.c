/* wallet — balances and the ledger; see wallet.h. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "json.h"
#include "wallet.h"

int
wallet_balance(sqlite3 *db, long long user_id, long long *balance)
{
	sqlite3_stmt *st;
	int	 rc;

	*balance = 0;
	if ((rc = db_prepare(db, "SELECT balance FROM wallets "
	    "WHERE user_id = :u", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":u", user_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*balance = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

int
wallet_ensure(sqlite3 *db, long long user_id, time_t now)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO wallets (user_id, balance, "
	    "updated_at) VALUES (:u, 0, :now) ON CONFLICT (user_id) DO NOTHING",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":u", user_id);
	db_bind_int(st, ":now", (long long)now);
	return db_step_done(st);
}

int
wallet_ledger_add(sqlite3 *db, long long user_id, long long delta,
    const char *kind, long long booking_id, long long payment_id, time_t now)
{
	return wallet_ledger_add_note(db, user_id, delta, kind, booking_id,
	    payment_id, NULL, now);
}

int
wallet_ledger_add_note(sqlite3 *db, long long user_id, long long delta,
    const char *kind, long long booking_id, long long payment_id,
    const char *note, time_t now)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, booking_id, payment_id, note, created_at) VALUES (:u, "
	    ":delta, :kind, :booking, :payment, :note, :now)", &st)) !=
	    SQLITE_OK)
		return rc;
	if (note != NULL)
		db_bind_text(st, ":note", note);
	else
		db_bind_null(st, ":note");
	db_bind_int(st, ":u", user_id);
	db_bind_int(st, ":delta", delta);
	db_bind_text(st, ":kind", kind);
	if (booking_id > 0)
		db_bind_int(st, ":booking", booking_id);
	else
		db_bind_null(st, ":booking");
	if (payment_id > 0)
		db_bind_int(st, ":payment", payment_id);
	else
		db_bind_null(st, ":payment");
	db_bind_int(st, ":now", (long long)now);
	return db_step_done(st);
}

/* Sum of the deltas at or above id `from` (the rows newer than a page). */
static int
sum_newer(sqlite3 *db, long long user_id, long long from, long long *sum)
{
	sqlite3_stmt *st;
	int	 rc;

	*sum = 0;
	if (from <= 0)
		return SQLITE_OK;
	if ((rc = db_prepare(db, "SELECT coalesce(sum(delta), 0) FROM "
	    "wallet_ledger WHERE user_id = :u AND id >= :from", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_int(st, ":u", user_id);
	db_bind_int(st, ":from", from);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*sum = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* One ledger row as a page shows it.  The strings point into the
 * statement's current row: valid until its next step. */
struct wallet_txn {
	long long	 id;
	const char	*kind;
	long long	 amount;		/* signed */
	long long	 balance_after;
	long long	 booking_id;		/* 0: none */
	long long	 payment_id;		/* 0: none */
	const char	*card_brand;		/* "": no card */
	const char	*card_last4;		/* "": no card */
	const char	*movie;			/* "": no show */
	time_t		 starts_at;
	time_t		 created_at;
	const char	*note;			/* "": none */
};

static void
describe(char *out, size_t n, const struct wallet_txn *t)
{
	const char *b = strcmp(t->card_brand, "visa") == 0 ? "Visa" :
	    strcmp(t->card_brand, "mastercard") == 0 ? "Mastercard" : "";

	if (strcmp(t->kind, "topup") == 0) {
		if (*b != '\0' && *t->card_last4 != '\0')
			snprintf(out, n, "Top-up by %s ending %s", b,
			    t->card_last4);
		else
			snprintf(out, n, "Top-up");
	} else if (strcmp(t->kind, "payment") == 0)
		snprintf(out, n, "Payment for booking %lld%s%s", t->booking_id,
		    *t->movie ? ": " : "", t->movie);
	else
		snprintf(out, n, "Refund for booking %lld%s%s%s%s%s",
		    t->booking_id, *t->movie ? ": " : "", t->movie,
		    *t->note ? " (" : "", t->note, *t->note ? ")" : "");
}

static cJSON *
wallet_txn_json(const struct wallet_txn *t)
{
	cJSON	*o, *card, *show;
	char	 desc[512];

	o = cJSON_CreateObject();
	json_add_int(o, "id", t->id);
	json_add_str(o, "kind", t->kind);
	json_add_int(o, "amount", t->amount);
	json_add_int(o, "balance_after", t->balance_after);
	if (t->booking_id > 0)
		json_add_int(o, "booking_id", t->booking_id);
	else
		cJSON_AddNullToObject(o, "booking_id");
	if (t->payment_id > 0)
		json_add_int(o, "payment_id", t->payment_id);
	else
		cJSON_AddNullToObject(o, "payment_id");
	if (*t->card_last4 != '\0') {
		card = cJSON_AddObjectToObject(o, "card");
		json_add_str(card, "brand", t->card_brand);
		json_add_str(card, "last4", t->card_last4);
	} else
		cJSON_AddNullToObject(o, "card");
	if (t->booking_id > 0 && *t->movie != '\0') {
		show = cJSON_AddObjectToObject(o, "show");
		json_add_str(show, "movie", t->movie);
		json_add_time(show, "starts_at", t->starts_at);
	}
	describe(desc, sizeof(desc), t);
	json_add_str(o, "description", desc);
	json_add_time(o, "created_at", t->created_at);
	return o;
}

/* The row of the page's SELECT, balance_after left to the caller. */
static void
txn_read(sqlite3_stmt *st, struct wallet_txn *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->kind = db_text(st, 1);
	t->amount = sqlite3_column_int64(st, 2);
	t->booking_id = sqlite3_column_int64(st, 3);
	t->payment_id = sqlite3_column_int64(st, 4);
	t->created_at = (time_t)sqlite3_column_int64(st, 5);
	t->card_brand = db_text(st, 6);
	t->card_last4 = db_text(st, 7);
	t->movie = db_text(st, 8);
	t->starts_at = (time_t)sqlite3_column_int64(st, 9);
	t->note = db_text(st, 10);
}

static int
page(sqlite3 *db, long long user_id, long long before, int limit,
    cJSON *items, long long *next_before)
{
	sqlite3_stmt *st;
	struct wallet_txn t;
	long long balance, newer, after, last_id = 0;
	int	 rc, n = 0;

	if ((rc = wallet_balance(db, user_id, &balance)) != SQLITE_OK ||
	    (rc = sum_newer(db, user_id, before, &newer)) != SQLITE_OK)
		return rc;
	after = balance - newer;
	/* One more row than asked says whether there is a next page. */
	if ((rc = db_prepare(db, "SELECT l.id, l.kind, l.delta, "
	    "coalesce(l.booking_id, 0), coalesce(l.payment_id, 0), "
	    "l.created_at, coalesce(p.card_brand, ''), "
	    "coalesce(p.card_last4, ''), coalesce(m.title, ''), "
	    "coalesce(s.starts_at, 0), coalesce(l.note, '') "
	    "FROM wallet_ledger l "
	    "LEFT JOIN payments p ON p.id = l.payment_id "
	    "LEFT JOIN bookings b ON b.id = l.booking_id "
	    "LEFT JOIN shows s ON s.id = b.show_id "
	    "LEFT JOIN movies m ON m.id = s.movie_id "
	    "WHERE l.user_id = :u AND (:before = 0 OR l.id < :before) "
	    "ORDER BY l.id DESC LIMIT :lim", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":u", user_id);
	db_bind_int(st, ":before", before);
	db_bind_int(st, ":lim", limit + 1);
	*next_before = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			*next_before = last_id;
			break;
		}
		txn_read(st, &t);
		t.balance_after = after;
		after -= t.amount;
		last_id = t.id;
		cJSON_AddItemToArray(items, wallet_txn_json(&t));
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
wallet_transactions(sqlite3 *db, long long user_id, long long before,
    int limit, cJSON *items, long long *next_before)
{
	int	 rc;

	if (limit <= 0)
		limit = WALLET_PAGE_DEFAULT;
	if (limit > WALLET_PAGE_MAX)
		limit = WALLET_PAGE_MAX;
	/* One read transaction: the balance and the rows are one snapshot,
	 * so balance_after adds up. */
	if ((rc = db_exec(db, "BEGIN")) != SQLITE_OK)
		return rc;
	rc = page(db, user_id, before, limit, items, next_before);
	db_rollback(db);
	return rc;
}
