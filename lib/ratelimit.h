/* ratelimit — counting failed attempts (logins, security answers, reset
 * tokens) in SQLite, per account and per client address (DESIGN §10).
 *
 * Failures are counted in one-minute buckets of the rate_limits table
 * (key, window_start, count), so the window slides: an account is blocked
 * while the failures of the last `window` seconds reach the limit, and the
 * Retry-After we answer is exactly when enough of them have aged out.
 * Checking is a read; counting a failure is one short write transaction,
 * never held across password hashing.  Keys are "<kind>:<account>" and
 * "ip:<address>": every kind of failure from one address counts together.
 *
 * Configuration (skyfox.conf): ratelimit_account_max (5),
 * ratelimit_address_max (20), ratelimit_window (900 seconds). */
#ifndef SKYFOX_RATELIMIT_H
#define SKYFOX_RATELIMIT_H

#include <sqlite3.h>
#include <time.h>

#include "app.h"
#include "config.h"

#define RATELIMIT_BUCKET	60	/* seconds per counting bucket */
#define RATELIMIT_KEY_MAX	128

struct ratelimit {
	int	 account_max;
	int	 address_max;
	int	 window;		/* seconds */
	char	 account_key[RATELIMIT_KEY_MAX];	/* "" when none */
	char	 address_key[RATELIMIT_KEY_MAX];	/* "" when none */
	int	 account_failures;	/* seen by ratelimit_check */
};

/* Fill rl from the configuration for kind ("login", "answer", "reset")
 * and the account (username or email; may be NULL) and client address
 * (may be NULL or ""). */
void	 ratelimit_init(struct ratelimit *, const struct conf *,
	    const char *kind, const char *account, const char *address);

/* One key: failures within window.  SQLITE_OK with *blocked = 1 and
 * *retry_after (seconds, >= 1) when count >= max. */
int	 ratelimit_key_blocked(sqlite3 *, const char *key, int max,
	    int window, time_t now, int *blocked, int *retry_after);
/* Count one failure for key at now and drop its buckets older than
 * window.  Runs inside the caller's transaction if one is open. */
int	 ratelimit_key_hit(sqlite3 *, const char *key, int window, time_t now);
int	 ratelimit_key_clear(sqlite3 *, const char *key);

/* Both keys of rl: SQLITE_OK, *retry_after > 0 when either is blocked. */
int	 ratelimit_check(sqlite3 *, struct ratelimit *, time_t now,
	    int *retry_after);
/* Count one failure on both keys (own transaction).  SQLITE_OK or rc. */
int	 ratelimit_fail(sqlite3 *, const struct ratelimit *, time_t now);
/* A success: forget the account's failures (the address keeps its
 * count, so one good password cannot launder a spray).  Writes only when
 * ratelimit_check saw failures.  SQLITE_OK or rc. */
int	 ratelimit_succeed(sqlite3 *, const struct ratelimit *);

/* For handlers: the check, failing c with 429 RATE_LIMITED and
 * Retry-After when blocked (-1), or with the database error (-1). */
int	 ratelimit_guard(struct ctx *, struct ratelimit *);
/* For handlers: count a failure; -1 (c failed) only on a database error. */
int	 ratelimit_count_failure(struct ctx *, const struct ratelimit *);
/* For handlers: a success (ratelimit_succeed); -1 on a database error. */
int	 ratelimit_count_success(struct ctx *, const struct ratelimit *);

#endif
