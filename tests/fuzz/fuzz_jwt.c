/* libFuzzer target: session tokens (auth_jwt_verify in lib/auth.c) — they
 * arrive in every cookie and Authorization header.  Even first bytes: the
 * input is the token as sent (the seeds hold tokens signed with the key
 * below, so mutations start from the real shape).  Odd: the input is a payload that we sign with
 * the key first, so the claims parser behind the signature check is
 * reached too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "auth.h"
#include "buf.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct auth_claims cl;
	struct buf t = BUF_INIT;
	char	 csrf[AUTH_CSRF_LEN];

	if (size < 1 || size > 4096 || sodium_init() < 0)
		return 0;
	if ((data[0] & 1) == 0) {
		buf_append(&t, data + 1, size - 1);
		if (memchr(data + 1, '\0', size - 1) == NULL &&
		    auth_jwt_verify(key, buf_str(&t), 1800000000, &cl) == 0 &&
		    (cl.exp <= 1800000000 || strlen(cl.username) >=
		    sizeof(cl.username) || strlen(cl.role) >= sizeof(cl.role)))
			abort();
	} else {
		char	 b64[8192];
		unsigned char mac[crypto_auth_hmacsha256_BYTES];

		buf_puts(&t, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.");
		sodium_bin2base64(b64, sizeof(b64), data + 1, size - 1,
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		buf_puts(&t, b64);
		crypto_auth_hmacsha256(mac, (const unsigned char *)buf_str(&t),
		    t.len, key);
		sodium_bin2base64(b64, sizeof(b64), mac, sizeof(mac),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		buf_putc(&t, '.');
		buf_puts(&t, b64);
		if (auth_jwt_verify(key, buf_str(&t), 1800000000, &cl) == 0 &&
		    (cl.exp <= 1800000000 || strlen(cl.username) >=
		    sizeof(cl.username) || strlen(cl.role) >= sizeof(cl.role)))
			abort();
	}
	(void)auth_csrf_token(key, buf_str(&t), csrf);
	buf_free(&t);
	return 0;
}
