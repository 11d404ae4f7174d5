/* reset — password resets by security question; see reset.h. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "account.h"
#include "db.h"
#include "password.h"
#include "reset.h"

#define B64V	sodium_base64_VARIANT_URLSAFE_NO_PADDING

static int
fail(struct reset_fail *f, enum reset_err e)
{
	f->err = e;
	f->rc = SQLITE_OK;
	return -1;
}

/* A SQLite failure: whatever transaction is open is rolled back. */
static int
fail_db(sqlite3 *db, struct reset_fail *f, int rc)
{
	if (!sqlite3_get_autocommit(db))
		db_rollback(db);
	f->err = RESET_DB;
	f->rc = rc;
	return -1;
}

/* A failure of the account module, told as a reset's. */
static int
fail_account(const struct account_fail *af, struct reset_fail *f)
{
	switch (af->err) {
	case ACCOUNT_DB:
		f->err = RESET_DB;
		f->rc = af->rc;
		return -1;
	case ACCOUNT_PASSWORD_REUSE:
		return fail(f, RESET_PASSWORD_REUSE);
	case ACCOUNT_BUSY:
		return fail(f, RESET_BUSY);
	default:
		return fail(f, RESET_INTERNAL);
	}
}

int
reset_question(sqlite3 *db, const unsigned char key[32], const char *email,
    long long *qid, char *question, struct reset_fail *f)
{
	sqlite3_stmt *st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	unsigned long long pick;
	int	 rc;

	if ((rc = db_prepare(db, "SELECT q.id, q.question FROM customers c "
	    "JOIN security_questions q ON q.id = c.security_question_id "
	    "WHERE c.email = :e", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":e", email);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*qid = sqlite3_column_int64(st, 0);
		snprintf(question, 200, "%s", db_text(st, 1));
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	/* The decoy: the same question every time for this email. */
	if (sodium_init() < 0)
		return fail(f, RESET_INTERNAL);
	{
		crypto_auth_hmacsha256_state h;

		crypto_auth_hmacsha256_init(&h, key, 32);
		crypto_auth_hmacsha256_update(&h,
		    (const unsigned char *)"decoy-question:", 15);
		crypto_auth_hmacsha256_update(&h, (const unsigned char *)email,
		    strlen(email));
		crypto_auth_hmacsha256_final(&h, mac);
	}
	memcpy(&pick, mac, sizeof(pick));
	if ((rc = db_prepare(db, "SELECT id, question FROM security_questions "
	    "ORDER BY id LIMIT 1 OFFSET :k % (SELECT count(*) FROM "
	    "security_questions)", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":k", (long long)(pick % 1000003));
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? fail(f, RESET_INTERNAL) :
		    fail_db(db, f, rc);
	}
	*qid = sqlite3_column_int64(st, 0);
	snprintf(question, 200, "%s", db_text(st, 1));
	sqlite3_finalize(st);
	return 0;
}

static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token,
	    strlen(token), NULL, 0);
}

int
reset_verify(sqlite3 *db, const struct conf *c, const char *email,
    const char *answer, time_t now, char token[RESET_TOKEN_LEN],
    time_t *expires_at, struct reset_fail *f)
{
	sqlite3_stmt *st;
	char	 hash[PASSWORD_HASH_LEN] = "", norm[256];
	unsigned char raw[32], th[32];
	long long uid = 0;
	int	 rc;

	if (sodium_init() < 0)
		return fail(f, RESET_INTERNAL);
	if ((rc = db_prepare(db, "SELECT user_id, security_answer_hash FROM "
	    "customers c JOIN users u ON u.id = c.user_id WHERE c.email = :e "
	    "AND u.disabled_at IS NULL", &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_text(st, ":e", email);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uid = sqlite3_column_int64(st, 0);
		snprintf(hash, sizeof(hash), "%s", db_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	password_normalise_answer(answer, norm);
	if (uid == 0)
		return fail(f, password_check_dummy(c, norm) == PASSWORD_BUSY ?
		    RESET_BUSY : RESET_BAD_ANSWER);
	switch (password_check(c, hash, norm)) {
	case PASSWORD_OK:
		break;
	case PASSWORD_BUSY:
		return fail(f, RESET_BUSY);
	default:
		return fail(f, RESET_BAD_ANSWER);
	}

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, RESET_TOKEN_LEN, raw, sizeof(raw), B64V);
	sodium_memzero(raw, sizeof(raw));
	token_hash(token, th);
	*expires_at = now + RESET_TOKEN_SECONDS;
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	/* One live token per account: asking again replaces the last. */
	if ((rc = db_prepare(db, "DELETE FROM reset_tokens WHERE user_id = :id",
	    &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_int(st, ":id", uid);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_prepare(db, "INSERT INTO reset_tokens (token_hash, "
	    "user_id, created_at, expires_at) VALUES (:h, :id, :t, :x)", &st)) !=
	    SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_blob(st, ":h", th, sizeof(th));
	db_bind_int(st, ":id", uid);
	db_bind_int(st, ":t", (long long)now);
	db_bind_int(st, ":x", (long long)*expires_at);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	return 0;
}

int
reset_complete(sqlite3 *db, const struct conf *c, const char *token,
    const char *password, time_t now, char *username, struct reset_fail *f)
{
	struct account_fail af;
	sqlite3_stmt *st;
	unsigned char th[32];
	char	 hash[PASSWORD_HASH_LEN];
	long long uid = 0;
	int	 rc;

	if (sodium_init() < 0)
		return fail(f, RESET_INTERNAL);
	if (strlen(token) != RESET_TOKEN_LEN - 1)
		return fail(f, RESET_BAD_TOKEN);
	token_hash(token, th);
	if ((rc = db_prepare(db, "SELECT t.user_id, u.username FROM "
	    "reset_tokens t JOIN users u ON u.id = t.user_id WHERE "
	    "t.token_hash = :h AND t.used_at IS NULL AND t.expires_at > :now",
	    &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_blob(st, ":h", th, sizeof(th));
	db_bind_int(st, ":now", (long long)now);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uid = sqlite3_column_int64(st, 0);
		snprintf(username, 32, "%s", db_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(db, f, rc);
	if (uid == 0)
		return fail(f, RESET_BAD_TOKEN);
	if (account_password_reused(db, c, uid, password, &af) == -1)
		return fail_account(&af, f);
	switch (password_hash(c, password, hash)) {
	case PASSWORD_OK:
		break;
	case PASSWORD_BUSY:
		return fail(f, RESET_BUSY);
	default:
		return fail(f, RESET_INTERNAL);
	}
	if ((rc = db_begin(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	/* Claim the token: of two racing requests only one changes the row. */
	if ((rc = db_prepare(db, "UPDATE reset_tokens SET used_at = :now "
	    "WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now",
	    &st)) != SQLITE_OK)
		return fail_db(db, f, rc);
	db_bind_blob(st, ":h", th, sizeof(th));
	db_bind_int(st, ":now", (long long)now);
	rc = db_step_done(st);
	if (rc != SQLITE_OK)
		return fail_db(db, f, rc);
	if (sqlite3_changes(db) != 1) {
		db_rollback(db);
		return fail(f, RESET_BAD_TOKEN);
	}
	if ((rc = account_store_password(db, uid, hash, now, NULL)) !=
	    SQLITE_OK)
		return fail_db(db, f, rc);
	if ((rc = db_commit(db)) != SQLITE_OK)
		return fail_db(db, f, rc);
	return 0;
}
