/* invariant — the queries of DESIGN §6 and the loop that runs them.
 * Each query selects the rows that break its rule: no rows, no fault. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

#include "db.h"
#include "invariant.h"

/* A card payment left 'started' longer than this is worth a warning. */
#define INVARIANT_UNSETTLED_SECS	(15 * 60)
#define STR_(x)	#x
#define STR(x)	STR_(x)

const struct invariant invariant_foreign_keys = {
	"foreign keys", INVARIANT_MUST, NULL, "PRAGMA foreign_key_check"
};

const struct invariant invariant_table[] = {
	{ "each seat of a show in at most one live booking", INVARIANT_MUST,
	  NULL,
	  "SELECT show_id, seat_id FROM booking_seats WHERE live = 1 "
	  "GROUP BY show_id, seat_id HAVING count(*) > 1" },
	{ "live seats belong to live bookings", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id "
	  "WHERE bs.live = 1 AND b.status NOT IN ('pending','confirmed','checked_in')" },
	{ "confirmed bookings own their seats", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM bookings b WHERE b.status IN ('confirmed','checked_in') "
	  "AND b.seat_count <> (SELECT count(*) FROM booking_seats bs "
	  "WHERE bs.booking_id = b.id AND bs.live = 1)" },
	{ "booking amount equals the sum of its seats", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM bookings b WHERE b.amount <> (SELECT coalesce(sum(price),0) "
	  "FROM booking_seats bs WHERE bs.booking_id = b.id)" },
	{ "confirmed bookings are paid in full", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM bookings b WHERE b.status IN ('confirmed','checked_in') "
	  "AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id "
	  "AND p.status = 'succeeded' AND p.amount = b.amount)" },
	{ "no successful payment for an unpaid booking", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM payments p JOIN bookings b ON b.id = p.booking_id "
	  "WHERE p.status = 'succeeded' AND b.status IN ('pending','expired')" },
	{ "wallet balance equals its ledger and is not negative", INVARIANT_MUST,
	  NULL,
	  "SELECT 1 FROM wallets w WHERE w.balance < 0 OR w.balance <> "
	  "(SELECT coalesce(sum(delta),0) FROM wallet_ledger l "
	  "WHERE l.user_id = w.user_id)" },
	{ "every card charge became a ticket or a wallet refund", INVARIANT_MUST,
	  NULL,
	  "SELECT 1 FROM payments p WHERE p.gateway_txn_id IS NOT NULL "
	  "AND p.status <> 'succeeded' AND NOT EXISTS (SELECT 1 FROM "
	  "wallet_ledger l WHERE l.payment_id = p.id AND l.kind = 'refund')" },
	{ "card payments unsettled for over 15 minutes", INVARIANT_SHOULD,
	  "is cron/settle-payments running, and the gateway reachable?",
	  "SELECT 1 FROM payments WHERE status = 'started' "
	  "AND created_at < :now - " STR(INVARIANT_UNSETTLED_SECS) },
	{ "a cancelled show keeps no live booking", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM bookings b JOIN shows s ON s.id = b.show_id "
	  "WHERE s.cancelled_at IS NOT NULL "
	  "AND b.status IN ('pending','confirmed','checked_in')" },
	{ "a cancelled show's paid online bookings were refunded in full",
	  INVARIANT_MUST, NULL,
	  "SELECT 1 FROM bookings b JOIN shows s ON s.id = b.show_id "
	  "JOIN payments p ON p.booking_id = b.id AND p.status = 'succeeded' "
	  "WHERE s.cancelled_at IS NOT NULL AND b.user_id IS NOT NULL "
	  "AND b.status = 'cancelled' AND (SELECT coalesce(sum(l.delta), 0) "
	  "FROM wallet_ledger l WHERE l.booking_id = b.id AND "
	  "l.kind = 'refund') < b.amount" },
	{ "a blocked seat is sold only at the counter, and only a house seat",
	  INVARIANT_MUST, NULL,
	  "SELECT 1 FROM show_blocks k JOIN booking_seats bs ON bs.show_id = "
	  "k.show_id AND bs.seat_id = k.seat_id JOIN bookings b ON b.id = "
	  "bs.booking_id WHERE bs.live = 1 AND (bs.hold_expires_at IS NULL "
	  "OR bs.hold_expires_at > :now) AND (k.house = 0 OR b.user_id IS "
	  "NOT NULL)" },
	{ "a companion seat goes with a wheelchair space of its screen",
	  INVARIANT_MUST, NULL,
	  "SELECT 1 FROM seats c LEFT JOIN seats w ON w.id = c.companion_of "
	  "WHERE c.retired_at IS NULL AND (c.companion_of IS NOT NULL OR "
	  "c.kind = 'companion') AND (w.id IS NULL OR c.kind <> 'companion' "
	  "OR w.screen_id <> c.screen_id OR w.kind <> 'wheelchair' OR "
	  "w.retired_at IS NOT NULL)" },
	{ "no show to come has a blocked or removed seat taken",
	  INVARIANT_MUST, NULL,
	  "SELECT 1 FROM booking_seats bs JOIN seats se ON se.id = bs.seat_id "
	  "JOIN shows sh ON sh.id = bs.show_id WHERE bs.live = 1 AND "
	  "(bs.hold_expires_at IS NULL OR bs.hold_expires_at > :now) AND "
	  "sh.ends_at > :now AND (se.kind = 'blocked' OR se.retired_at IS "
	  "NOT NULL)" },
	{ "every customer has a wallet", INVARIANT_MUST, NULL,
	  "SELECT 1 FROM users u WHERE u.role = 'customer' AND NOT EXISTS "
	  "(SELECT 1 FROM wallets w WHERE w.user_id = u.id)" },
};

const int invariant_count =
    (int)(sizeof(invariant_table) / sizeof(invariant_table[0]));

static int
db_fail(struct invariant_fail *fail, int rc, const char *msg)
{
	fail->err = INVARIANT_ERR_DB;
	fail->rc = rc;
	snprintf(fail->msg, sizeof(fail->msg), "%s", msg);
	return -1;
}

/* Counts the rows rather than stopping at the first: the count is what a
 * SHOULD reports ("3 card payments …"). */
int
invariant_check(sqlite3 *db, const struct invariant *inv, time_t now,
    struct invariant_fail *fail)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(fail, 0, sizeof(*fail));
	if ((rc = db_prepare(db, inv->sql, &st)) != SQLITE_OK)
		return db_fail(fail, rc, sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_index(st, ":now") > 0)
		db_bind_int(st, ":now", (long long)now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fail->rows++;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(fail, rc, sqlite3_errstr(rc));
	if (fail->rows == 0)
		return 0;
	fail->err = INVARIANT_ERR_BROKEN;
	return -1;
}

int
invariant_check_all(sqlite3 *db, time_t now, invariant_cb *cb, void *arg)
{
	struct invariant_fail	 fail;
	int			 i, bad = 0;

	for (i = 0; i < invariant_count; i++) {
		if (invariant_check(db, &invariant_table[i], now, &fail) == -1 &&
		    invariant_table[i].level == INVARIANT_MUST)
			bad++;
		if (cb != NULL)
			cb(&invariant_table[i], &fail, arg);
	}
	return bad;
}
