/* refund — a customer cancels a confirmed booking and gets the money back
 * in the wallet (DESIGN §7 "Wallet").
 *
 * Policy: allowed until refund_cutoff_minutes (default 120) before the
 * show starts.  The whole amount — whatever share was paid by card or by
 * wallet — goes to the customer's wallet as one 'refund' ledger row; the
 * seats are free at once (their rows stop being live and the show's
 * version moves, so seat maps change); the booking becomes 'cancelled'.
 * All of it in one BEGIN IMMEDIATE transaction.  The payment row stays
 * 'succeeded': it did happen; the ledger row records the refund.
 *
 * Cancelling a pending booking (no money moved) is the booking module's;
 * refund_cancel() is the one call that decides, by the booking's status,
 * which of the two a booking gets (DELETE /api/bookings/<id>).  Failures
 * are the booking module's: 0 or -1 with a struct booking_fail, whose
 * BOOKING_ERR_REFUND_* values are this module's verdicts.  This module
 * links no gateway and no libcurl. */
#ifndef SKYFOX_REFUND_H
#define SKYFOX_REFUND_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "booking.h"
#include "config.h"

#define REFUND_CUTOFF_DEFAULT_MIN	120

/* The money of a refund. */
struct refund_result {
	long long	 booking_id;
	long long	 amount;		/* refunded */
	long long	 wallet_balance;	/* after */
	long long	 ledger_id;
};

/* What refund_cancel() did: the booking as it reads after, and the refund
 * when it was a paid one. */
struct refund_cancel_result {
	struct booking	 booking;
	int		 refunded;		/* 1: refund holds the money */
	struct refund_result refund;
};

/* Cancel confirmed booking booking_id of user_id (0: whoever's it is — for
 * a caller that has checked staff rights) at now, the money to the wallet.
 * BOOKING_ERR_NOT_FOUND (not theirs either), BOOKING_ERR_BAD_STATUS
 * (fail.status) when not confirmed, BOOKING_ERR_REFUND_WALKIN,
 * BOOKING_ERR_REFUND_TOO_LATE, BOOKING_ERR_DB.  Runs its own transaction;
 * the caller must not have one open. */
int		 refund_cancel_confirmed(sqlite3 *, const struct conf *,
		    long long booking_id, long long user_id, time_t now,
		    struct refund_result *, struct booking_fail *);
/* Cancel booking booking_id as its customer (user_id) or staff (0) asks:
 * a pending one as booking_cancel() does, a confirmed one with a refund as
 * refund_cancel_confirmed() does, anything else BOOKING_ERR_BAD_STATUS —
 * decided and done in one transaction, so the status cannot change between
 * the look and the act. */
int		 refund_cancel(sqlite3 *, const struct conf *,
		    long long booking_id, long long user_id, time_t now,
		    struct refund_cancel_result *, struct booking_fail *);

/* The last moment a confirmed booking of a show starting at starts_at can
 * be cancelled for a refund (conf refund_cutoff_minutes). */
time_t		 refund_deadline(const struct conf *, time_t starts_at);
/* "2 hours", "1 hour", "90 minutes": the cutoff as a message says it. */
void		 refund_cutoff_text(int minutes, char *out, size_t n);
/* The refund as the API shows it beside the booking: amount, currency,
 * "to": "wallet", and the wallet's balance after when with_balance (the
 * customer's own request; staff do not see a customer's wallet). */
cJSON		*refund_json(const struct refund_result *, const char *currency,
		    int with_balance);

#endif
