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
 * bookings.cgi calls refund_cancel_confirmed for a confirmed one.  This
 * module links no gateway and no libcurl. */
#ifndef SKYFOX_REFUND_H
#define SKYFOX_REFUND_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>

#include "config.h"

#define REFUND_CUTOFF_DEFAULT_MIN	120

enum refund_status {
	REFUND_OK = 0,
	REFUND_NOT_FOUND,	/* no such booking of this customer */
	REFUND_NOT_CONFIRMED,	/* status says what it is (409) */
	REFUND_TOO_LATE,	/* inside the cutoff before the show (409) */
	REFUND_WALKIN,		/* sold for cash at the counter: no wallet */
	REFUND_DB		/* SQLite failed: rc */
};

struct refund_result {
	long long	 booking_id;
	long long	 amount;		/* refunded */
	long long	 wallet_balance;	/* after */
	long long	 ledger_id;
	time_t		 starts_at;		/* the show */
	time_t		 cutoff_at;		/* last moment to cancel */
	int		 cutoff_minutes;
	char		 status[16];		/* the booking's, after */
	int		 rc;
};

/* Cancel confirmed booking booking_id of user_id (0: whoever's it is — for
 * a caller that has checked staff rights) at the site clock.  Runs its own
 * transaction; the caller must not have one open. */
enum refund_status refund_cancel_confirmed(sqlite3 *, const struct conf *,
		    long long booking_id, long long user_id,
		    struct refund_result *);

/* The last moment a confirmed booking of a show starting at starts_at can
 * be cancelled for a refund (conf refund_cutoff_minutes). */
time_t		 refund_deadline(const struct conf *, time_t starts_at);
/* "2 hours", "1 hour", "90 minutes": the cutoff as a message says it. */
void		 refund_cutoff_text(int minutes, char *out, size_t n);

#endif
