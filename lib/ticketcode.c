/* ticketcode — sign and verify ticket codes; see ticketcode.h. */
#include <stdio.h>
#include <string.h>
#include <sodium.h>

#include "text.h"
#include "ticketcode.h"

#define B64V	sodium_base64_VARIANT_URLSAFE_NO_PADDING

int
ticketcode_make(const unsigned char sk[KEYS_SIGN_SECRET_LEN],
    long long booking_id, char out[TICKETCODE_MAX])
{
	unsigned char sig[crypto_sign_BYTES];
	int	 n;

	if (booking_id <= 0 || booking_id > TEXT_ID_MAX ||
	    sodium_init() < 0)
		return -1;
	n = snprintf(out, TICKETCODE_MAX, TICKETCODE_PREFIX "%lld", booking_id);
	if (crypto_sign_detached(sig, NULL, (const unsigned char *)out,
	    (unsigned long long)n, sk) != 0)
		return -1;
	out[n++] = '.';
	sodium_bin2base64(out + n, TICKETCODE_MAX - (size_t)n, sig, sizeof(sig),
	    B64V);
	return 0;
}

enum ticketcode_err
ticketcode_verify(const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
    const char *code, long long *booking_id)
{
	const size_t plen = sizeof(TICKETCODE_PREFIX) - 1;
	unsigned char sig[crypto_sign_BYTES];
	char	 again[TICKETCODE_SIG_B64 + 1];
	const char *id, *dot, *b64;
	size_t	 len, siglen = 0;
	long long v;

	*booking_id = 0;
	if (code == NULL || (len = strnlen(code, TICKETCODE_MAX)) >= TICKETCODE_MAX ||
	    strncmp(code, TICKETCODE_PREFIX, plen) != 0)
		return TICKETCODE_MALFORMED;
	id = code + plen;
	if ((dot = strchr(id, '.')) == NULL ||
	    text_parse_id(id, (size_t)(dot - id), &v) != TEXT_OK)
		return TICKETCODE_MALFORMED;
	b64 = dot + 1;
	if (strlen(b64) != TICKETCODE_SIG_B64 || sodium_init() < 0 ||
	    sodium_base642bin(sig, sizeof(sig), b64, TICKETCODE_SIG_B64, NULL,
	    &siglen, NULL, B64V) != 0 || siglen != sizeof(sig))
		return TICKETCODE_MALFORMED;
	/* Only one spelling of a signature is accepted: the unused low bits
	 * of the last character must be zero. */
	sodium_bin2base64(again, sizeof(again), sig, sizeof(sig), B64V);
	if (strcmp(again, b64) != 0)
		return TICKETCODE_MALFORMED;
	if (crypto_sign_verify_detached(sig, (const unsigned char *)code,
	    (unsigned long long)(dot - code), pk) != 0)
		return TICKETCODE_BAD_SIGNATURE;
	*booking_id = v;
	return TICKETCODE_OK;
}

const char *
ticketcode_reason(enum ticketcode_err e)
{
	switch (e) {
	case TICKETCODE_OK:
		return "ok";
	case TICKETCODE_MALFORMED:
		return "malformed";
	case TICKETCODE_BAD_SIGNATURE:
		return "bad_signature";
	}
	return "malformed";
}
