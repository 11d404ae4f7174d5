/* reset — forgotten passwords through the security question (DESIGN §7).
 *
 *   1. reset_question(email): the account's question.  An unknown email
 *      gets a decoy: a question picked by an HMAC of the email under the
 *      site key, so it is the same on every ask and nobody can tell from
 *      outside which emails have accounts.
 *   2. reset_verify(email, answer): a right answer yields a reset token —
 *      32 random bytes (base64url), stored only as its BLAKE2b hash, valid
 *      RESET_TOKEN_SECONDS, single use, separate from session tokens.  An
 *      unknown email costs a dummy verification and fails like a wrong
 *      answer.
 *   3. reset_complete(token, password): in one transaction the token is
 *      claimed (used_at set only if still unused and unexpired), the
 *      password set with its history, and every session of the account
 *      revoked.  A password refused by the history rule does not spend
 *      the token.
 *
 * Each returns 0, or -1 with the struct reset_fail saying why (an enum
 * reset_err; for RESET_DB the SQLite result code).  No HTTP here:
 * cgi-bin/password-resets.c turns a reset_err into a status. */
#ifndef SKYFOX_RESET_H
#define SKYFOX_RESET_H

#include <sqlite3.h>
#include <time.h>

#include "config.h"

#define RESET_TOKEN_SECONDS	300
#define RESET_TOKEN_LEN		44	/* base64url of 32 bytes + NUL */

enum reset_err {
	RESET_OK = 0,		/* never the err of a failure */
	RESET_DB,		/* fail.rc holds the SQLite code */
	RESET_INTERNAL,
	RESET_BAD_ANSWER,	/* wrong answer or unknown email */
	RESET_BAD_TOKEN,	/* unknown, expired or used */
	RESET_PASSWORD_REUSE,
	RESET_BUSY		/* no hashing slot free: try later */
};

/* Why a function returned -1. */
struct reset_fail {
	enum reset_err	 err;
	int		 rc;		/* RESET_DB: the SQLite result code */
};

/* The question for email (lowercased by the caller); question holds 200
 * bytes. */
int	 reset_question(sqlite3 *, const unsigned char key[32],
	    const char *email, long long *question_id, char *question,
	    struct reset_fail *);
/* A right answer: a new token and when it expires.  RESET_BAD_ANSWER for
 * a wrong answer or an unknown email alike. */
int	 reset_verify(sqlite3 *, const struct conf *, const char *email,
	    const char *answer, time_t now, char token[RESET_TOKEN_LEN],
	    time_t *expires_at, struct reset_fail *);
/* On success username (32 bytes) names the account.  RESET_BAD_TOKEN,
 * or RESET_PASSWORD_REUSE (the token is not spent). */
int	 reset_complete(sqlite3 *, const struct conf *, const char *token,
	    const char *password, time_t now, char *username,
	    struct reset_fail *);

#endif
