/* ratelimit — sliding-window failure counters in SQLite; see ratelimit.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "ratelimit.h"

void
ratelimit_init(struct ratelimit *rl, const struct conf *c, const char *kind,
    const char *account, const char *address)
{
	size_t	 o;

	memset(rl, 0, sizeof(*rl));
	rl->account_max = (int)conf_int(c, "ratelimit_account_max", 5);
	rl->address_max = (int)conf_int(c, "ratelimit_address_max", 20);
	rl->window = (int)conf_int(c, "ratelimit_window", 900);
	if (rl->window < RATELIMIT_BUCKET)
		rl->window = RATELIMIT_BUCKET;
	if (account != NULL && *account != '\0') {
		/* Case-folded and bounded, so "Admin" and "admin" share a
		 * counter and a huge input cannot make a huge key. */
		o = (size_t)snprintf(rl->account_key, sizeof(rl->account_key),
		    "%s:", kind);
		for (; *account != '\0' && o < 96; account++)
			rl->account_key[o++] = (char)tolower(
			    (unsigned char)*account);
		rl->account_key[o] = '\0';
	}
	if (address != NULL && *address != '\0' && strlen(address) < 64)
		snprintf(rl->address_key, sizeof(rl->address_key), "ip:%s",
		    address);
}

static int
ratelimit_count(sqlite3 *db, const char *key, int max, int window,
    time_t now, int *blocked, int *retry_after, int *failures)
{
	sqlite3_stmt *st;
	long long since = (long long)now - window, total = 0;
	long long ws[64], cnt[64];
	int	 n = 0, rc;

	*blocked = 0;
	*retry_after = 0;
	if ((rc = db_prepare(db, "SELECT window_start, count FROM rate_limits "
	    "WHERE key = :k AND window_start > :since ORDER BY window_start",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":k", key);
	db_bind_int(st, ":since", since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n < 64) {
			ws[n] = sqlite3_column_int64(st, 0);
			cnt[n] = sqlite3_column_int64(st, 1);
			n++;
		}
		total += sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	if (failures != NULL)
		*failures = total > 1000000 ? 1000000 : (int)total;
	if (total < max)
		return SQLITE_OK;
	*blocked = 1;
	/* Age out the oldest buckets until fewer than max remain: the next
	 * attempt is allowed once that bucket has left the window. */
	for (int i = 0; i < n; i++) {
		total -= cnt[i];
		if (total < max) {
			long long wait = ws[i] + window - (long long)now;

			*retry_after = wait < 1 ? 1 : (int)wait;
			return SQLITE_OK;
		}
	}
	*retry_after = window;
	return SQLITE_OK;
}

int
ratelimit_key_blocked(sqlite3 *db, const char *key, int max, int window,
    time_t now, int *blocked, int *retry_after)
{
	return ratelimit_count(db, key, max, window, now, blocked, retry_after,
	    NULL);
}

int
ratelimit_key_hit(sqlite3 *db, const char *key, int window, time_t now)
{
	sqlite3_stmt *st;
	long long bucket = (long long)now - (long long)now % RATELIMIT_BUCKET;
	int	 rc;

	if ((rc = db_prepare(db, "DELETE FROM rate_limits WHERE key = :k AND "
	    "window_start <= :old", &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":k", key);
	db_bind_int(st, ":old", (long long)now - window);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = db_prepare(db, "INSERT INTO rate_limits (key, window_start, "
	    "count) VALUES (:k, :w, 1) ON CONFLICT (key, window_start) "
	    "DO UPDATE SET count = count + 1", &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":k", key);
	db_bind_int(st, ":w", bucket);
	return db_step_done(st);
}

int
ratelimit_key_clear(sqlite3 *db, const char *key)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "DELETE FROM rate_limits WHERE key = :k",
	    &st)) != SQLITE_OK)
		return rc;
	db_bind_text(st, ":k", key);
	return db_step_done(st);
}

void
ratelimit_init_signup(struct ratelimit *rl, const struct conf *c,
    const char *address)
{
	memset(rl, 0, sizeof(*rl));
	rl->address_max = (int)conf_int(c, "signup_per_hour", 20);
	rl->window = RATELIMIT_SIGNUP_WINDOW;
	if (address != NULL && *address != '\0' && strlen(address) < 64)
		snprintf(rl->address_key, sizeof(rl->address_key),
		    "signup:%s", address);
}

/* Give one attempt back on key in bucket (inside the caller's
 * transaction). */
static int
give_back(sqlite3 *db, const char *key, long long bucket)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE rate_limits SET count = count - 1 "
	    "WHERE key = :k AND window_start = :w AND count > 0", &st)) !=
	    SQLITE_OK)
		return rc;
	db_bind_text(st, ":k", key);
	db_bind_int(st, ":w", bucket);
	return db_step_done(st);
}

int
ratelimit_reserve(sqlite3 *db, struct ratelimit *rl, time_t now,
    int *retry_after)
{
	int	 blocked, wait, rc;

	*retry_after = 0;
	rl->account_failures = 0;
	rl->reserved = 0;
	if (*rl->account_key == '\0' && *rl->address_key == '\0')
		return SQLITE_OK;
	/* The writers' lock is held from the check to the count: no other
	 * attempt can be checked in between. */
	if ((rc = db_begin(db)) != SQLITE_OK)
		return rc;
	if (*rl->account_key != '\0') {
		if ((rc = ratelimit_count(db, rl->account_key,
		    rl->account_max, rl->window, now, &blocked, &wait,
		    &rl->account_failures)) != SQLITE_OK)
			goto fail;
		if (blocked)
			*retry_after = wait;
	}
	if (*rl->address_key != '\0') {
		if ((rc = ratelimit_key_blocked(db, rl->address_key,
		    rl->address_max, rl->window, now, &blocked, &wait)) !=
		    SQLITE_OK)
			goto fail;
		if (blocked && wait > *retry_after)
			*retry_after = wait;
	}
	if (*retry_after > 0) {
		db_rollback(db);
		return SQLITE_OK;
	}
	if (*rl->account_key != '\0' && (rc = ratelimit_key_hit(db,
	    rl->account_key, rl->window, now)) != SQLITE_OK)
		goto fail;
	if (*rl->address_key != '\0' && (rc = ratelimit_key_hit(db,
	    rl->address_key, rl->window, now)) != SQLITE_OK)
		goto fail;
	if ((rc = db_commit(db)) != SQLITE_OK)
		goto fail;
	rl->reserved = (long long)now - (long long)now % RATELIMIT_BUCKET;
	return SQLITE_OK;
fail:
	db_rollback(db);
	return rc;
}

/* Give the reservation back on the address, and on the account either
 * give it back too or (forget) clear the account's key. */
static int
settle(sqlite3 *db, struct ratelimit *rl, int forget)
{
	int	 rc = SQLITE_OK;

	if (rl->reserved == 0 && !(forget && *rl->account_key != '\0'))
		return SQLITE_OK;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return rc;
	if (*rl->account_key != '\0') {
		if (forget)
			rc = ratelimit_key_clear(db, rl->account_key);
		else if (rl->reserved != 0)
			rc = give_back(db, rl->account_key, rl->reserved);
	}
	if (rc == SQLITE_OK && *rl->address_key != '\0' && rl->reserved != 0)
		rc = give_back(db, rl->address_key, rl->reserved);
	if (rc == SQLITE_OK && (rc = db_commit(db)) == SQLITE_OK) {
		rl->reserved = 0;
		return SQLITE_OK;
	}
	db_rollback(db);
	return rc;
}

int
ratelimit_release(sqlite3 *db, struct ratelimit *rl)
{
	return settle(db, rl, 0);
}

int
ratelimit_succeed(sqlite3 *db, struct ratelimit *rl)
{
	return settle(db, rl, 1);
}
