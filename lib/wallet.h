/* wallet — a customer's stored balance and its append-only ledger.
 *
 * The schema keeps the invariant (DESIGN §6): wallets.balance changes only
 * through a wallet_ledger row (trigger), always equals the sum of the
 * ledger, and never goes below zero (a CHECK: a debit larger than the
 * balance fails with SQLITE_CONSTRAINT_CHECK and changes nothing).  This
 * module reads balances and ledgers and appends rows inside the caller's
 * transaction; it never calls a gateway, so light binaries (bookings.cgi,
 * for refunds) can link it.  Kinds: 'topup' (+), 'payment' (−), 'refund'
 * (+). */
#ifndef SKYFOX_WALLET_H
#define SKYFOX_WALLET_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#define WALLET_PAGE_DEFAULT	20
#define WALLET_PAGE_MAX		100

/* The balance (0 when the user has no wallet row yet).  SQLite rc. */
int	 wallet_balance(sqlite3 *, long long user_id, long long *balance);
/* Create the user's empty wallet if it is missing.  SQLite rc. */
int	 wallet_ensure(sqlite3 *, long long user_id, time_t now);
/* Append a ledger row (booking_id, payment_id: 0 for none) inside the
 * caller's transaction.  SQLITE_CONSTRAINT_CHECK when a debit exceeds the
 * balance.  SQLite rc. */
int	 wallet_ledger_add(sqlite3 *, long long user_id, long long delta,
	    const char *kind, long long booking_id, long long payment_id,
	    time_t now);
/* The same with a note (NULL: none) the ledger keeps beside the row and
 * its description shows: why a refund was made (a cancelled show). */
int	 wallet_ledger_add_note(sqlite3 *, long long user_id, long long delta,
	    const char *kind, long long booking_id, long long payment_id,
	    const char *note, time_t now);
/* One page of the ledger, newest first: rows with id < before (0: from the
 * newest), at most limit.  Appends objects {id, kind, amount (signed),
 * balance_after, booking_id, payment_id, card {brand, last4} | null,
 * description, created_at} to items; *next_before is the cursor for the
 * next page, 0 when this was the last.  SQLite rc. */
int	 wallet_transactions(sqlite3 *, long long user_id, long long before,
	    int limit, cJSON *items, long long *next_before);

#endif
