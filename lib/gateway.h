/* gateway — charging a card, behind one interface with two implementations
 * chosen by the conf key payment_gateway:
 *
 *   simulated (default)  deterministic, in-process: card 4000000000000002 is
 *                        declined, 4000000000009995 has insufficient funds,
 *                        every other valid card is approved.  It keeps its
 *                        own books in the table simulated_charges (one row
 *                        per idempotency key) exactly as a real gateway
 *                        does, so a retry gets the first answer and a crash
 *                        after its "yes" can be settled by asking it.
 *   http                 a remote gateway reached with libcurl
 *                        (gateway_http.c): payment_gateway_url,
 *                        payment_gateway_key, payment_timeout_connect and
 *                        payment_timeout_total (seconds, default 3 and 10).
 *
 * Every charge carries an idempotency key made for that payment attempt and
 * stored with it before the call, so asking again with the same key never
 * charges twice, and gateway_lookup() can find out what became of a charge
 * whose answer we never received.
 *
 * The remote protocol (documented for whoever runs the gateway):
 *   POST <url>/charges            X-Api-Key: <key>, Idempotency-Key: <key>
 *     {"amount": paise, "currency": "INR", "idempotency_key",
 *      "description", "card": {"number","cvv","expiry":"MM/YY","name"}}
 *     200/201 {"status":"approved","transaction_id":"…"}
 *     402     {"status":"declined"} or {"status":"insufficient_funds"}
 *     a repeated key answers the first outcome without charging again.
 *   GET  <url>/charges/<idempotency key>
 *     200 {"status": …, "transaction_id"} as above; 404: never charged.
 * Anything else — 5xx, a timeout, a malformed answer — is "unknown": the
 * charge may or may not have happened, and the attempt stays open until a
 * lookup settles it.  A refused connection or a 4xx (other than 402/404)
 * means the charge certainly did not happen. */
#ifndef SKYFOX_GATEWAY_H
#define SKYFOX_GATEWAY_H

#include <sqlite3.h>

#include "card.h"
#include "config.h"

#define GATEWAY_TXN_MAX		64
#define GATEWAY_KEY_LEN		36	/* "pay_" or "sim_" + 32 hex */

enum gateway_result {
	GATEWAY_APPROVED = 0,
	GATEWAY_DECLINED,	/* card declined */
	GATEWAY_INSUFFICIENT,	/* insufficient funds on the card */
	GATEWAY_FAILED,		/* certainly not charged (refused, 4xx) */
	GATEWAY_UNKNOWN,	/* timeout, 5xx, garbage: maybe charged */
	GATEWAY_NOT_FOUND	/* lookup: the gateway never saw the key */
};

struct gateway_charge {
	long long	 amount;		/* minor units, > 0 */
	const char	*currency;
	const struct card *card;
	const char	*idempotency_key;
	const char	*description;		/* "SkyFox booking 12" */
};

struct gateway_outcome {
	enum gateway_result result;
	char		 transaction_id[GATEWAY_TXN_MAX + 1];
	char		 detail[160];	/* why, for the log; never card data */
	int		 answered;	/* 1: the gateway sent an HTTP answer */
};

/* A fresh idempotency key for one payment attempt (libsodium RNG), made
 * for the gateway conf names now: "sim_" + 32 hex for the simulator,
 * "pay_" + 32 hex for the HTTP gateway.  The key, not the conf, decides
 * where a charge and its lookup go, so switching gateways never sends a
 * lookup to a gateway that did not see the charge.  -1 when conf names no
 * known gateway. */
int		 gateway_new_key(const struct conf *, char out[GATEWAY_KEY_LEN + 1]);
/* "simulated" or "http" from conf; NULL when the value is neither. */
const char	*gateway_kind(const struct conf *);

/* Charge (or, with a key seen before, repeat the first answer).  db is used
 * by the simulator only and must not be inside a transaction.  Returns 0
 * with out filled (the result may be any of the above). */
int		 gateway_charge(const struct conf *, sqlite3 *db,
		    const struct gateway_charge *, struct gateway_outcome *out);
/* What became of the charge with this key. */
int		 gateway_lookup(const struct conf *, sqlite3 *db,
		    const char *idempotency_key, struct gateway_outcome *out);

/* The two implementations (gateway.c dispatches). */
int		 gateway_sim_charge(sqlite3 *, const struct gateway_charge *,
		    long long now, struct gateway_outcome *);
int		 gateway_sim_lookup(sqlite3 *, const char *key,
		    struct gateway_outcome *);
int		 gateway_http_charge(const struct conf *,
		    const struct gateway_charge *, struct gateway_outcome *);
int		 gateway_http_lookup(const struct conf *, const char *key,
		    struct gateway_outcome *);

#endif
