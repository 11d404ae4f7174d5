/* gateway — the interface and the deterministic simulator; see gateway.h.
 * The HTTP implementation is in gateway_http.c (the only user of libcurl in
 * the payment path). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "clock.h"
#include "db.h"
#include "gateway.h"

#define SIM_DECLINED		"4000000000000002"
#define SIM_INSUFFICIENT	"4000000000009995"

int
gateway_new_key(const struct conf *c, char out[GATEWAY_KEY_LEN + 1])
{
	const char *kind = gateway_kind(c);
	unsigned char r[16];

	out[0] = '\0';
	if (kind == NULL || sodium_init() < 0)
		return -1;
	randombytes_buf(r, sizeof(r));
	memcpy(out, strcmp(kind, "http") == 0 ? "pay_" : "sim_", 4);
	sodium_bin2hex(out + 4, 33, r, sizeof(r));
	return 0;
}

const char *
gateway_kind(const struct conf *c)
{
	const char *k = conf_get(c, "payment_gateway", "simulated");

	if (strcmp(k, "simulated") == 0)
		return "simulated";
	if (strcmp(k, "http") == 0)
		return "http";
	return NULL;
}

int
gateway_is_local(const char *key)
{
	return strncmp(key, "sim_", 4) == 0;
}

int
gateway_charge(const struct conf *c, sqlite3 *db,
    const struct gateway_charge *ch, struct gateway_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (gateway_is_local(ch->idempotency_key))
		return gateway_sim_charge(db, ch, (long long)clock_now(c), out);
	return gateway_http_charge(c, ch, out);
}

int
gateway_lookup(const struct conf *c, sqlite3 *db, const char *key,
    struct gateway_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (gateway_is_local(key))
		return gateway_sim_lookup(db, key, out);
	return gateway_http_lookup(c, key, out);
}

/* --- the simulator ---------------------------------------------------- */

static enum gateway_result
sim_result(const char *outcome)
{
	if (strcmp(outcome, "approved") == 0)
		return GATEWAY_APPROVED;
	if (strcmp(outcome, "declined") == 0)
		return GATEWAY_DECLINED;
	return GATEWAY_INSUFFICIENT;
}

int
gateway_sim_lookup(sqlite3 *db, const char *key, struct gateway_outcome *out)
{
	sqlite3_stmt *st;
	int	 rc;

	memset(out, 0, sizeof(*out));
	out->answered = 1;
	if ((rc = db_prepare(db, "SELECT outcome, coalesce(transaction_id, '') "
	    "FROM simulated_charges WHERE idempotency_key = :k", &st)) !=
	    SQLITE_OK) {
		out->result = GATEWAY_UNKNOWN;
		snprintf(out->detail, sizeof(out->detail), "simulator: %s",
		    sqlite3_errstr(rc));
		return 0;
	}
	db_bind_text(st, ":k", key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->result = sim_result(db_text(st, 0));
		snprintf(out->transaction_id, sizeof(out->transaction_id), "%s",
		    db_text(st, 1));
		snprintf(out->detail, sizeof(out->detail), "simulator: %s",
		    db_text(st, 0));
	} else if (rc == SQLITE_DONE) {
		out->result = GATEWAY_NOT_FOUND;
		snprintf(out->detail, sizeof(out->detail),
		    "simulator: no charge with this key");
	} else {
		out->result = GATEWAY_UNKNOWN;
		snprintf(out->detail, sizeof(out->detail), "simulator: %s",
		    sqlite3_errstr(rc));
	}
	sqlite3_finalize(st);
	return 0;
}

int
gateway_sim_charge(sqlite3 *db, const struct gateway_charge *ch,
    long long now, struct gateway_outcome *out)
{
	sqlite3_stmt *st;
	const char *outcome = "approved";
	char	 txn[GATEWAY_TXN_MAX + 1];
	int	 rc;

	memset(out, 0, sizeof(*out));
	if (strcmp(ch->card->number, SIM_DECLINED) == 0)
		outcome = "declined";
	else if (strcmp(ch->card->number, SIM_INSUFFICIENT) == 0)
		outcome = "insufficient_funds";
	snprintf(txn, sizeof(txn), "simtxn_%s", ch->idempotency_key + 4);

	/* The first charge with a key decides; a repeat reads its answer. */
	if ((rc = db_prepare(db, "INSERT INTO simulated_charges "
	    "(idempotency_key, amount, currency, card_last4, outcome, "
	    "transaction_id, created_at) VALUES (:k, :amount, :cur, :last4, "
	    ":outcome, :txn, :now) ON CONFLICT (idempotency_key) DO NOTHING",
	    &st)) != SQLITE_OK) {
		out->result = GATEWAY_FAILED;
		snprintf(out->detail, sizeof(out->detail), "simulator: %s",
		    sqlite3_errstr(rc));
		return 0;
	}
	db_bind_text(st, ":k", ch->idempotency_key);
	db_bind_int(st, ":amount", ch->amount);
	db_bind_text(st, ":cur", ch->currency);
	db_bind_text(st, ":last4", ch->card->last4);
	db_bind_text(st, ":outcome", outcome);
	db_bind_text(st, ":txn", strcmp(outcome, "approved") == 0 ? txn : NULL);
	db_bind_int(st, ":now", now);
	rc = db_step_done(st);
	if (rc != SQLITE_OK) {
		/* The insert did not happen: nothing was charged. */
		out->result = GATEWAY_FAILED;
		snprintf(out->detail, sizeof(out->detail), "simulator: %s",
		    sqlite3_errstr(rc));
		return 0;
	}
	return gateway_sim_lookup(db, ch->idempotency_key, out);
}
