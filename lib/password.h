/* password — Argon2id hashing of passwords and security answers
 * (libsodium crypto_pwhash_str, its "interactive" limits).
 *
 * pwhash_cost = test in skyfox.conf lowers the cost to libsodium's minimum
 * so the test suites can create hundreds of accounts; nothing sets it by
 * default and `skyfoxctl check` warns when it is on.
 *
 * Every hash and verification runs in a "pwhash" work slot (workslot.h,
 * WORKSLOT_PWHASH_SLOTS at a time): a crowd of logins queues briefly and
 * then hears PASSWORD_BUSY (503) instead of taking the machine's memory. */
#ifndef SKYFOX_PASSWORD_H
#define SKYFOX_PASSWORD_H

#include <sodium.h>

#include "config.h"

#define PASSWORD_HASH_LEN	crypto_pwhash_STRBYTES

enum password_rc {
	PASSWORD_OK = 0,	/* hashed; or the secret matches */
	PASSWORD_MISMATCH,	/* the secret does not match */
	PASSWORD_BUSY,		/* no pwhash slot free in time: try later */
	PASSWORD_FAILED		/* out of memory */
};

/* Hash secret into out: PASSWORD_OK, _BUSY or _FAILED. */
enum password_rc password_hash(const struct conf *, const char *secret,
	    char out[PASSWORD_HASH_LEN]);
/* Does secret match hash (constant time inside libsodium)?
 * PASSWORD_OK, _MISMATCH or _BUSY. */
enum password_rc password_check(const struct conf *, const char *hash,
	    const char *secret);
/* Spend the time of one password_check at the configured cost against a
 * fixed hash, and fail: for an unknown user, so a wrong username and a
 * wrong password take the same time.  PASSWORD_MISMATCH or _BUSY. */
enum password_rc password_check_dummy(const struct conf *, const char *secret);
/* Normalise a security answer so "  Chennai " matches "chennai":
 * trim, collapse spaces, ASCII lowercase.  out holds 256 bytes. */
void	 password_normalise_answer(const char *in, char out[256]);

#endif
