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
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
wallet_ledger_add(sqlite3 *db, long long user_id, long long delta,
    const char *kind, long long booking_id, long long payment_id, time_t now)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "INSERT INTO wallet_ledger (user_id, delta, "
	    "kind, booking_id, payment_id, created_at) VALUES (:u, :delta, "
	    ":kind, :booking, :payment, :now)", &st)) != SQLITE_OK)
		return rc;
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
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
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

static void
describe(char *out, size_t n, const char *kind, long long booking_id,
    const char *brand, const char *last4, const char *title)
{
	const char *b = strcmp(brand, "visa") == 0 ? "Visa" :
	    strcmp(brand, "mastercard") == 0 ? "Mastercard" : "";

	if (strcmp(kind, "topup") == 0) {
		if (*b != '\0' && *last4 != '\0')
			snprintf(out, n, "Top-up by %s ending %s", b, last4);
		else
			snprintf(out, n, "Top-up");
	} else if (strcmp(kind, "payment") == 0)
		snprintf(out, n, "Payment for booking %lld%s%s", booking_id,
		    *title ? ": " : "", title);
	else
		snprintf(out, n, "Refund for booking %lld%s%s", booking_id,
		    *title ? ": " : "", title);
}

static int
page(sqlite3 *db, long long user_id, long long before, int limit,
    cJSON *items, long long *next_before)
{
	sqlite3_stmt *st;
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
	    "coalesce(s.starts_at, 0) "
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
		cJSON	*o, *card;
		char	 desc[200];
		long long delta = sqlite3_column_int64(st, 2);
		long long booking = sqlite3_column_int64(st, 3);

		if (n == limit) {
			*next_before = last_id;
			break;
		}
		last_id = sqlite3_column_int64(st, 0);
		o = cJSON_CreateObject();
		json_add_int(o, "id", last_id);
		json_add_str(o, "kind", db_text(st, 1));
		json_add_int(o, "amount", delta);
		json_add_int(o, "balance_after", after);
		after -= delta;
		if (booking > 0)
			json_add_int(o, "booking_id", booking);
		else
			cJSON_AddNullToObject(o, "booking_id");
		if (sqlite3_column_int64(st, 4) > 0)
			json_add_int(o, "payment_id", sqlite3_column_int64(st, 4));
		else
			cJSON_AddNullToObject(o, "payment_id");
		if (*db_text(st, 7) != '\0') {
			card = cJSON_AddObjectToObject(o, "card");
			json_add_str(card, "brand", db_text(st, 6));
			json_add_str(card, "last4", db_text(st, 7));
		} else
			cJSON_AddNullToObject(o, "card");
		if (booking > 0 && *db_text(st, 8) != '\0') {
			cJSON *b = cJSON_AddObjectToObject(o, "show");

			json_add_str(b, "movie", db_text(st, 8));
			json_add_time(b, "starts_at", sqlite3_column_int64(st, 9));
		}
		describe(desc, sizeof(desc), db_text(st, 1), booking,
		    db_text(st, 6), db_text(st, 7), db_text(st, 8));
		json_add_str(o, "description", desc);
		json_add_time(o, "created_at", sqlite3_column_int64(st, 5));
		cJSON_AddItemToArray(items, o);
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
