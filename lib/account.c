/* account — accounts, passwords, profiles, resets; see account.h. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "db.h"
#include "password.h"

static int last_rc;

int
account_db_rc(void)
{
	return last_rc;
}

static enum account_err
db_fail(sqlite3 *db, int rc)
{
	last_rc = rc;
	if (db != NULL && !sqlite3_get_autocommit(db))
		db_rollback(db);
	return ACCOUNT_DB;
}

enum account_err
account_login(sqlite3 *db, const struct conf *c, const char *username,
    const char *password, struct user *u)
{
	sqlite3_stmt *st;
	char	 hash[PASSWORD_HASH_LEN] = "";
	int	 rc, found = 0;

	memset(u, 0, sizeof(*u));
	if ((rc = db_prepare(db, "SELECT id, username, name, role, "
	    "password_hash, token_version FROM users WHERE username = :u "
	    "AND disabled_at IS NULL", &st)) != SQLITE_OK)
		return db_fail(db, rc);
	db_bind_text(st, ":u", username);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		u->id = sqlite3_column_int64(st, 0);
		snprintf(u->username, sizeof(u->username), "%s", db_text(st, 1));
		snprintf(u->name, sizeof(u->name), "%s", db_text(st, 2));
		u->role = role_from_name(db_text(st, 3));
		snprintf(hash, sizeof(hash), "%s", db_text(st, 4));
		u->token_version = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, rc);
	if (!found) {
		password_verify_dummy(c, password);
		return ACCOUNT_BAD_CREDENTIALS;
	}
	if (!password_verify(hash, password)) {
		memset(u, 0, sizeof(*u));
		return ACCOUNT_BAD_CREDENTIALS;
	}
	return ACCOUNT_OK;
}

enum account_err
account_revoke_sessions(sqlite3 *db, long long uid, time_t now,
    long long *new_version)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "UPDATE users SET token_version = "
	    "token_version + 1, updated_at = :t WHERE id = :id "
	    "RETURNING token_version", &st)) != SQLITE_OK)
		return db_fail(db, rc);
	db_bind_int(st, ":id", uid);
	db_bind_int(st, ":t", (long long)now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && new_version != NULL)
		*new_version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return ACCOUNT_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return db_fail(db, rc);
	return ACCOUNT_OK;
}
