/* keys — the site's secrets, read from files made by `skyfoxctl init`.
 *
 * secret.key: 32 random bytes (libsodium's RNG), mode 0600: signs session
 * tokens (HS256), CSRF tokens and avatar URLs.  Secrets never reach a
 * browser or a log. */
#ifndef SKYFOX_KEYS_H
#define SKYFOX_KEYS_H

#include "config.h"

#define KEYS_SECRET_LEN	32

/* Path of the secret key: conf key_file, default <data_dir>/secret.key. */
void	 keys_secret_path(const struct conf *, char *out, size_t);
/* Read exactly KEYS_SECRET_LEN bytes.  0 or -1. */
int	 keys_load_secret(const struct conf *, unsigned char out[KEYS_SECRET_LEN]);
/* Create the file with fresh random bytes if absent (0600).  0 or -1. */
int	 keys_create_secret(const char *path);

#endif
