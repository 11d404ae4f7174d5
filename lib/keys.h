/* keys — the site's secrets, read from files made by `skyfoxctl init`.
 *
 * secret.key: 32 random bytes (libsodium's RNG), mode 0600: signs session
 * tokens (HS256), CSRF tokens and avatar URLs.  Secrets never reach a
 * browser or a log.
 *
 * ticket-sign.key / ticket-sign.pub: the Ed25519 pair that signs ticket codes
 * (ticketcode.h).  The secret file holds libsodium's 64-byte secret key
 * (seed || public key), mode 0600; the public file holds the 32-byte public
 * key as one line of base64url, for scanners that verify offline. */
#ifndef SKYFOX_KEYS_H
#define SKYFOX_KEYS_H

#include "config.h"

#define KEYS_SECRET_LEN	32
#define KEYS_SIGN_SECRET_LEN	64	/* crypto_sign_SECRETKEYBYTES */
#define KEYS_SIGN_PUBLIC_LEN	32	/* crypto_sign_PUBLICKEYBYTES */
#define KEYS_SIGN_PUBLIC_B64	44	/* base64url of 32 bytes + NUL */

enum keys_status {
	KEYS_OK = 0,
	KEYS_MISSING,		/* absent or unreadable */
	KEYS_EXPOSED		/* group or others may read or write it */
};

/* Whether a key file is private to its owner (no group/other bits).  A
 * secret another account on a shared host can read is no secret: the
 * loaders below refuse such a file (-1, with a log line on stderr that
 * names the fix, "chmod 600 <path>"), so the site answers 503 instead of
 * signing with it. */
enum keys_status keys_file_private(const char *path);

/* Path of the secret key: conf key_file, default <data_dir>/secret.key. */
void	 keys_secret_path(const struct conf *, char *out, size_t);
/* Read exactly KEYS_SECRET_LEN bytes from a private file.  0 or -1. */
int	 keys_load_secret(const struct conf *, unsigned char out[KEYS_SECRET_LEN]);
/* Create the file with fresh random bytes if absent (0600).  0 or -1. */
int	 keys_create_secret(const char *path);

/* Paths of the ticket keys: conf ticket_key_file, ticket_pub_file; default
 * <data_dir>/ticket-sign.key and <data_dir>/ticket-sign.pub. */
void	 keys_ticket_paths(const struct conf *, char *secret, char *pub, size_t);
/* The signing key; checked against its own public half.  0 or -1. */
int	 keys_load_ticket_secret(const struct conf *,
	    unsigned char sk[KEYS_SIGN_SECRET_LEN]);
/* The public key from the .pub file (or, when that is missing, from the
 * secret key).  0 or -1. */
int	 keys_load_ticket_public(const struct conf *,
	    unsigned char pk[KEYS_SIGN_PUBLIC_LEN]);
/* Make the pair if the secret is absent; (re)write the .pub file when it is
 * missing or does not match the secret.  Idempotent.  *made (may be NULL)
 * is 1 when a new pair was made.  0 or -1 (errno set). */
int	 keys_ensure_ticket_pair(const struct conf *, int *made);
/* base64url (no padding) of a public key. */
void	 keys_public_b64(const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
	    char out[KEYS_SIGN_PUBLIC_B64]);

#endif
