/* payment — paying a held booking (card, wallet, or wallet + card) and
 * topping up a wallet, with money that is never half-moved.
 *
 * The discipline, for every attempt that involves a card:
 *   1. a short BEGIN IMMEDIATE transaction checks the booking (a top-up
 *      has none) and the customer's declined cards in the last hour, and
 *      records a payments row, status 'started', with a fresh idempotency
 *      key;
 *   2. the gateway is called outside any transaction, with that key;
 *   3. one BEGIN IMMEDIATE transaction settles the row: approved → the
 *      booking is re-checked (still pending, hold not lapsed, seats still
 *      live, not paid by someone else, wallet still covering its share) and
 *      then the payment succeeds, the wallet share is debited and the
 *      booking confirmed, together; if the booking can no longer be
 *      confirmed, the card amount is refunded to the wallet instead.
 *      declined → the row says so and the booking stays payable.  No answer
 *      (timeout, 5xx) → the row stays 'started', marked as over.
 * The simulator keeps its books in this same database, so with it steps
 * 1–3 are one transaction: the charge and its settlement commit together.
 * A 'started' row whose answer was lost (a timeout, a crash, a kill -9) is
 * settled by asking the gateway about its key: by the customer's next
 * attempt at the same booking or next top-up (before anything new is
 * charged), or by cron/settle-payments (payment_due + payment_settle).
 * Either way it ends as a confirmed booking, a wallet refund, or "not
 * charged": never a charge without a ticket or a refund.  A wallet-only
 * payment has no gateway and is one transaction.  Two attempts at one
 * booking: the second sees the first in flight and is refused; the unique
 * index payments_one_success is the last word.
 *
 * The booking's own rules (what pending, expired and confirmed mean, and
 * what confirming does to its seats and show) are the booking module's;
 * this module calls them inside its transactions. */
#ifndef SKYFOX_PAYMENT_H
#define SKYFOX_PAYMENT_H

#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "booking.h"
#include "card.h"
#include "config.h"
#include "gateway.h"

#define PAYMENT_TOPUP_MIN	100		/* 1.00 */
#define PAYMENT_TOPUP_MAX	1000000		/* 10000.00 */

enum pay_method {
	PAY_METHOD_CARD = 0,
	PAY_METHOD_WALLET,
	PAY_METHOD_WALLET_CARD
};

/* Functions fail the booking_fail way: 0, or -1 with struct pay_fail
 * saying why (an enum, its details, the SQLite code). */
enum pay_err {
	PAY_OK = 0,
	PAY_ERR_DB,			/* fail.rc holds the SQLite code */
	PAY_ERR_NOT_FOUND,		/* no such booking of this customer */
	PAY_ERR_NOT_PENDING,		/* fail.booking_status says what it
					 * is */
	PAY_ERR_IN_PROGRESS,		/* another attempt at this booking is
					 * running */
	PAY_ERR_EXPIRED,		/* the hold lapsed; seats stay unsold */
	PAY_ERR_INSUFFICIENT_BALANCE,	/* wallet only, and the wallet is
					 * short */
	PAY_ERR_CARD_REQUIRED,		/* the card must pay a share, none
					 * given */
	PAY_ERR_DECLINED,		/* the card was declined */
	PAY_ERR_INSUFFICIENT_FUNDS,	/* the card has too little money */
	PAY_ERR_GATEWAY,		/* no usable answer: not charged, or
					 * unknown (fail.detail) */
	PAY_ERR_REFUNDED,		/* charged, but the booking could no
					 * longer be confirmed: fail.refunded
					 * went to the wallet, fail.failure_code
					 * says why */
	PAY_ERR_RATE_LIMITED,		/* too many declined cards lately */
	PAY_ERR_DATE_OUT_OF_RANGE,	/* the show is outside the customer's
					 * window (show_in_customer_window,
					 * lib/show.h) */
	PAY_ERR_SHOW_CANCELLED		/* the show was cancelled: its hold
					 * ended, nothing was charged */
};

struct pay_fail {
	enum pay_err	 err;
	int		 rc;			/* PAY_ERR_DB */
	char		 booking_status[16];	/* PAY_ERR_NOT_PENDING */
	char		 failure_code[24];	/* PAY_ERR_REFUNDED */
	long long	 refunded;	/* PAY_ERR_REFUNDED: to the wallet */
	char		 detail[160];	/* PAY_ERR_GATEWAY: for the log */
};

/* The attempt, filled as far as it got: on success all of it; on
 * PAY_ERR_INSUFFICIENT_BALANCE amount and wallet_balance; on
 * PAY_ERR_CARD_REQUIRED card_amount and wallet_amount; once a payments row
 * was settled, that row (payment_id for the log). */
struct pay_result {
	long long	 payment_id;
	long long	 booking_id;
	long long	 amount;
	long long	 card_amount;
	long long	 wallet_amount;
	long long	 wallet_balance;	/* after the attempt */
	char		 method[12];
	char		 transaction_id[GATEWAY_TXN_MAX + 1];
	char		 brand[12];		/* "visa", "mastercard", "" */
	char		 last4[5];
	/* Paid: the confirmed booking, when this request read it in the
	 * paying transaction (else read it with payment_booking_json). */
	struct booking	 booking;
	int		 has_booking;
};

/* "card", "wallet", "wallet+card".  0 or -1. */
int		 payment_method_parse(const char *, enum pay_method *);

/* Pay booking_id of user_id.  card is NULL when none was given (checked
 * already by card_check otherwise).  0 or -1. */
int		 payment_pay_booking(sqlite3 *, const struct conf *,
		    long long booking_id, long long user_id, enum pay_method,
		    const struct card *, struct pay_result *,
		    struct pay_fail *);

/* Top up user_id's wallet by amount (PAYMENT_TOPUP_MIN..MAX, checked by the
 * caller) with card.  0 or -1. */
int		 payment_topup(sqlite3 *, const struct conf *,
		    long long user_id, long long amount, const struct card *,
		    struct pay_result *, struct pay_fail *);

enum settle_outcome {
	SETTLE_CONFIRMED,	/* booking confirmed / wallet credited */
	SETTLE_REFUNDED,	/* charged; refunded to the wallet */
	SETTLE_DECLINED,	/* the gateway had declined it */
	SETTLE_NOT_CHARGED,	/* the gateway never charged it */
	SETTLE_UNKNOWN,		/* still no answer: try again later */
	SETTLE_ALREADY		/* someone else settled it first */
};

/* Ids of 'started' payments created at or before `before`, oldest first,
 * at most max.  SQLite rc. */
int		 payment_due(sqlite3 *, time_t before, long long *ids, int max,
		    int *n);
/* Ask the gateway what became of a started payment and settle it.  SQLite
 * rc; *outcome says what happened. */
int		 payment_settle(sqlite3 *, const struct conf *,
		    long long payment_id, enum settle_outcome *);
/* Seconds after which a started attempt with no answer recorded is
 * presumed dead (its CGI would have given up): the gateway timeouts plus a
 * margin. */
long long	 payment_inflight_seconds(const struct conf *);

/* The booking as the payment answer shows it (booking_json of
 * lib/booking.c); *starts_at gets its show's start.  NULL when it cannot be
 * read. */
cJSON		*payment_booking_json(sqlite3 *, const struct conf *,
		    long long booking_id, time_t *starts_at);

#endif
