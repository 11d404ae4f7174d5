/* users.c — skyfoxctl's account creation (the sysadmin's first admin, and
 * the demo accounts). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "password.h"
#include "skyfoxctl.h"

static int
step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "skyfoxctl: %s: %s\n", what, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* Insert the user row, its password history and its role's details.
 * Customers get their contact details and an empty wallet. */
int
ctl_insert_user(const struct conf *c, sqlite3 *db, const char *role,
    const char *username, const char *name, const char *password, int counter,
    const char *email, const char *phone, int question, const char *answer)
{
	char	 hash[PASSWORD_HASH_LEN], ahash[PASSWORD_HASH_LEN], norm[256];
	sqlite3_stmt *st;
	long long uid, now = (long long)time(NULL);

	if (password_hash(c, password, hash) == -1)
		return -1;
	if (db_prepare(db, "INSERT INTO users (username, name, role, "
	    "password_hash, created_at, updated_at) VALUES (:u, :n, :r, :h, "
	    ":t, :t)", &st) != SQLITE_OK)
		return -1;
	db_bind_text(st, ":u", username);
	db_bind_text(st, ":n", name);
	db_bind_text(st, ":r", role);
	db_bind_text(st, ":h", hash);
	db_bind_int(st, ":t", now);
	if (step_done(db, st, "add user") == -1)
		return -1;
	uid = sqlite3_last_insert_rowid(db);
	if (db_prepare(db, "INSERT INTO password_history (user_id, "
	    "password_hash, created_at) VALUES (:id, :h, :t)", &st) != SQLITE_OK)
		return -1;
	db_bind_int(st, ":id", uid);
	db_bind_text(st, ":h", hash);
	db_bind_int(st, ":t", now);
	if (step_done(db, st, "password history") == -1)
		return -1;
	if (strcmp(role, "customer") != 0) {
		if (db_prepare(db, "INSERT INTO staff (user_id, counter_no) "
		    "VALUES (:id, :c)", &st) != SQLITE_OK)
			return -1;
		db_bind_int(st, ":id", uid);
		db_bind_int(st, ":c", counter);
		return step_done(db, st, "staff details");
	}
	password_normalise_answer(answer, norm);
	if (password_hash(c, norm, ahash) == -1)
		return -1;
	if (db_prepare(db, "INSERT INTO customers (user_id, email, phone, "
	    "security_question_id, security_answer_hash) VALUES (:id, :e, :p, "
	    ":q, :a)", &st) != SQLITE_OK)
		return -1;
	db_bind_int(st, ":id", uid);
	db_bind_text(st, ":e", email);
	db_bind_text(st, ":p", phone);
	db_bind_int(st, ":q", question);
	db_bind_text(st, ":a", ahash);
	if (step_done(db, st, "customer details") == -1)
		return -1;
	if (db_prepare(db, "INSERT INTO wallets (user_id, balance, updated_at) "
	    "VALUES (:id, 0, :t)", &st) != SQLITE_OK)
		return -1;
	db_bind_int(st, ":id", uid);
	db_bind_int(st, ":t", now);
	return step_done(db, st, "wallet");
}

int
demo_add_user(const struct conf *c, sqlite3 *db, const char *role,
    const char *username, const char *name, const char *password, int counter)
{
	if (strcmp(role, "admin") != 0 && strcmp(role, "staff") != 0) {
		fputs("skyfoxctl: ROLE is admin or staff (customers sign up "
		    "on the site)\n", stderr);
		return -1;
	}
	if (counter < 1 || counter > 999) {
		fputs("skyfoxctl: COUNTER is 1..999\n", stderr);
		return -1;
	}
	return ctl_insert_user(c, db, role, username, name, password, counter,
	    NULL, NULL, 0, NULL);
}
