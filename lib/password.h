/* password — Argon2id hashing of passwords and security answers
 * (libsodium crypto_pwhash_str, its "interactive" limits).
 *
 * pwhash_cost = test in skyfox.conf lowers the cost to libsodium's minimum
 * so the test suites can create hundreds of accounts; nothing sets it by
 * default and `skyfoxctl check` warns when it is on. */
#ifndef SKYFOX_PASSWORD_H
#define SKYFOX_PASSWORD_H

#include <sodium.h>

#include "config.h"

#define PASSWORD_HASH_LEN	crypto_pwhash_STRBYTES

/* 0, or -1 when out of memory. */
int	 password_hash(const struct conf *, const char *secret,
	    char out[PASSWORD_HASH_LEN]);
/* 1 when secret matches hash (constant time inside libsodium). */
int	 password_verify(const char *hash, const char *secret);
/* Spend the time of one password_verify at the configured cost against a
 * fixed hash, and fail: for an unknown user, so a wrong username and a
 * wrong password take the same time.  Always 0. */
int	 password_verify_dummy(const struct conf *, const char *secret);
/* Normalise a security answer so "  Chennai " matches "chennai":
 * trim, collapse spaces, ASCII lowercase.  out holds 256 bytes. */
void	 password_normalise_answer(const char *in, char out[256]);

#endif
