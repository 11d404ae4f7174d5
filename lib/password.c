/* password — Argon2id via libsodium; see password.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "password.h"
#include "workslot.h"

static enum workslot_rc
slot(const struct conf *c, struct workslot *ws)
{
	return workslot_acquire(workslot_base(c), "pwhash",
	    WORKSLOT_PWHASH_SLOTS, WORKSLOT_PWHASH_WAIT_MS, ws);
}

enum password_rc
password_hash(const struct conf *c, const char *secret,
    char out[PASSWORD_HASH_LEN])
{
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t	 mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	struct workslot ws;
	int	 rc;

	if (sodium_init() < 0)
		return PASSWORD_FAILED;
	if (strcmp(conf_get(c, "pwhash_cost", "interactive"), "test") == 0) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	if (slot(c, &ws) == WORKSLOT_BUSY)
		return PASSWORD_BUSY;
	rc = crypto_pwhash_str(out, secret, strlen(secret), ops, mem);
	workslot_release(&ws);
	return rc == 0 ? PASSWORD_OK : PASSWORD_FAILED;
}

enum password_rc
password_check(const struct conf *c, const char *hash, const char *secret)
{
	struct workslot ws;
	int	 rc;

	if (sodium_init() < 0)
		return PASSWORD_MISMATCH;
	if (slot(c, &ws) == WORKSLOT_BUSY)
		return PASSWORD_BUSY;
	rc = crypto_pwhash_str_verify(hash, secret, strlen(secret));
	workslot_release(&ws);
	return rc == 0 ? PASSWORD_OK : PASSWORD_MISMATCH;
}

/* Hashes of a random throwaway password at the interactive and the test
 * cost: verifying against them costs what a real verification costs. */
#define DUMMY_INTERACTIVE "$argon2id$v=19$m=65536,t=2,p=1$Fjt4crK8jRLTobVCO" \
	"dsxqw$udZl2B4BE/5UWyNQ2trYHK3q3i6ylrbJ/vt3Rs/Vbt0"
#define DUMMY_TEST "$argon2id$v=19$m=8,t=1,p=1$JRpLFbkiBnfjw+nxAxpDEQ$7Hfge" \
	"2q54hCARlxA96pj2oz0UQWPX9naQaLF8gPDO5g"

enum password_rc
password_check_dummy(const struct conf *c, const char *secret)
{
	char	 h[PASSWORD_HASH_LEN];	/* libsodium reads a full-size buffer */

	snprintf(h, sizeof(h), "%s", strcmp(conf_get(c, "pwhash_cost",
	    "interactive"), "test") == 0 ? DUMMY_TEST : DUMMY_INTERACTIVE);
	return password_check(c, h, secret) == PASSWORD_BUSY ? PASSWORD_BUSY :
	    PASSWORD_MISMATCH;
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
