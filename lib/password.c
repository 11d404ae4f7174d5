/* password — Argon2id via libsodium; see password.h. */
#include <ctype.h>
#include <string.h>

#include "password.h"

int
password_hash(const struct conf *c, const char *secret,
    char out[PASSWORD_HASH_LEN])
{
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t	 mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

	if (sodium_init() < 0)
		return -1;
	if (strcmp(conf_get(c, "pwhash_cost", "interactive"), "test") == 0) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	return crypto_pwhash_str(out, secret, strlen(secret), ops, mem) == 0 ?
	    0 : -1;
}

int
password_verify(const char *hash, const char *secret)
{
	if (sodium_init() < 0)
		return 0;
	return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

void
password_normalise_answer(const char *in, char out[256])
{
	size_t	 o = 0;
	int	 space = 0;

	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in != '\0' && o < 255; in++) {
		unsigned char ch = (unsigned char)*in;

		if (ch == ' ' || ch == '\t') {
			space = 1;
			continue;
		}
		if (space && o > 0 && o < 254)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)(ch < 0x80 ? tolower(ch) : ch);
	}
	out[o] = '\0';
}
