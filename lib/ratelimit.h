/* ratelimit — counting attempts (logins, security answers, reset tokens,
 * sign-ups) in SQLite, per account and per client address (DESIGN §10,
 * §10.1).
 *
 * Attempts are counted in one-minute buckets of the rate_limits table
 * (key, window_start, count), so the window slides: a key is blocked
 * while the attempts of the last `window` seconds reach its limit, and the
 * Retry-After we answer is exactly when enough of them have aged out.
 *
 * Checking and counting are ONE step: ratelimit_reserve() opens a write
 * transaction (BEGIN IMMEDIATE, under the writers' lock), checks both keys
 * and, unless one is blocked, counts this attempt on both before it
 * commits — all before the caller's expensive work (Argon2id).  Of any
 * burst of parallel attempts, at most the limit get through; the rest are
 * told to wait.  Afterwards a failure simply keeps its reservation; a
 * success calls ratelimit_succeed() (the attempt is given back on the
 * address and the account's failures are forgotten), and an attempt that
 * reached no verdict (database busy, no hashing slot) calls
 * ratelimit_release() (given back on both keys).  Keys are
 * "<kind>:<account>" and "ip:<address>": every kind of failure from one
 * address counts together.  Sign-up counts every attempt, success or not,
 * under "signup:<address>".
 *
 * Nothing here speaks HTTP: a blocked reservation is a retry_after for the
 * caller to turn into 429 RATE_LIMITED.
 *
 * Configuration (skyfox.conf): ratelimit_account_max (5),
 * ratelimit_address_max (20), ratelimit_window (900 seconds),
 * signup_per_hour (20). */
#ifndef SKYFOX_RATELIMIT_H
#define SKYFOX_RATELIMIT_H

#include <sqlite3.h>
#include <time.h>

#include "config.h"

#define RATELIMIT_BUCKET	60	/* seconds per counting bucket */
#define RATELIMIT_KEY_MAX	128
#define RATELIMIT_SIGNUP_WINDOW	3600	/* signup_per_hour is per hour */

struct ratelimit {
	int	 account_max;
	int	 address_max;
	int	 window;		/* seconds */
	char	 account_key[RATELIMIT_KEY_MAX];	/* "" when none */
	char	 address_key[RATELIMIT_KEY_MAX];	/* "" when none */
	int	 account_failures;	/* before this attempt */
	long long reserved;	/* bucket this attempt was counted in, or 0 */
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

/* Sign-up: only the address, under "signup:<address>", at most
 * signup_per_hour attempts an hour. */
void	 ratelimit_init_signup(struct ratelimit *, const struct conf *,
	    const char *address);

/* The atomic check-and-count, in its own write transaction: SQLITE_OK and
 * *retry_after > 0 (seconds) when either key is at its limit — nothing is
 * counted then; SQLITE_OK and *retry_after == 0 when this attempt is now
 * counted on both keys.  Otherwise a SQLite result code (nothing counted). */
int	 ratelimit_reserve(sqlite3 *, struct ratelimit *, time_t now,
	    int *retry_after);
/* A reserved attempt reached no verdict: give it back on both keys. */
int	 ratelimit_release(sqlite3 *, struct ratelimit *);
/* A reserved attempt succeeded: give it back on the address (one good
 * password cannot launder a spray, but neither does it count as one) and
 * forget the account's failures.  Also for a key not reserved (rl
 * initialised only): then it clears the account's failures. */
int	 ratelimit_succeed(sqlite3 *, struct ratelimit *);

#endif
