/* account — the accounts of DESIGN §7: creating them (sign-up, staff,
 * skyfoxctl), logging in and out, profiles, passwords and their history,
 * security answers, and password resets.  The one place that writes the
 * users, customers, staff, password_history and reset_tokens tables.
 *
 * Functions return an enum account_err; ACCOUNT_DB means SQLite failed and
 * account_db_rc() holds its result code (the CGI answers 503 or 500).
 * Passwords and security answers are hashed with Argon2id (password.h)
 * before any write transaction opens, so the write lock is never held
 * across hashing. */
#ifndef SKYFOX_ACCOUNT_H
#define SKYFOX_ACCOUNT_H

#include <sqlite3.h>
#include <time.h>

#include "app.h"
#include "config.h"

enum account_err {
	ACCOUNT_OK = 0,
	ACCOUNT_DB,			/* see account_db_rc() */
	ACCOUNT_INTERNAL,		/* hashing or memory failed */
	ACCOUNT_BAD_CREDENTIALS,	/* unknown user or wrong password */
	ACCOUNT_NOT_FOUND
};

/* The SQLite result code behind the last ACCOUNT_DB. */
int	 account_db_rc(void);

/* Check username + password; fills u on success.  An unknown or disabled
 * user costs one dummy verification, so both failures look alike. */
enum account_err account_login(sqlite3 *, const struct conf *,
	    const char *username, const char *password, struct user *u);
/* Bump the user's token_version: every session token issued so far is
 * refused from now on.  Fills *new_version when not NULL. */
enum account_err account_revoke_sessions(sqlite3 *, long long uid,
	    time_t now, long long *new_version);

#endif
