/* ticketcode — the signed code a ticket's QR carries.
 *
 *   SKYFOX1.<booking id>.<base64url(Ed25519 signature over "SKYFOX1.<id>")>
 *
 * The signature is libsodium's crypto_sign_detached with the site's ticket
 * key (keys.h), base64url without padding (86 characters).  A scanner that
 * holds only the public key (GET /api/checkins/key) can verify a code
 * offline.  Verification is strict: the id is canonical decimal (no sign, no
 * leading zero), the base64 is canonical (re-encoding gives the same text),
 * so changing any character of a valid code makes it invalid. */
#ifndef SKYFOX_TICKETCODE_H
#define SKYFOX_TICKETCODE_H

#include "keys.h"

#define TICKETCODE_PREFIX	"SKYFOX1."
#define TICKETCODE_SIG_B64	86	/* base64url of 64 bytes, no padding */
/* Prefix + 15-digit id + '.' + signature + NUL, rounded up. */
#define TICKETCODE_MAX		128

enum ticketcode_err {
	TICKETCODE_OK = 0,
	TICKETCODE_MALFORMED,		/* wrong prefix, id, length or base64 */
	TICKETCODE_BAD_SIGNATURE	/* well formed, but not signed by us */
};

/* Sign the code of booking_id into out.  0 or -1. */
int		 ticketcode_make(const unsigned char sk[KEYS_SIGN_SECRET_LEN],
		    long long booking_id, char out[TICKETCODE_MAX]);
/* Check code; on TICKETCODE_OK *booking_id is set (else 0). */
enum ticketcode_err ticketcode_verify(const unsigned char pk[KEYS_SIGN_PUBLIC_LEN],
		    const char *code, long long *booking_id);
/* "malformed" / "bad_signature": the check-in API's reasons. */
const char	*ticketcode_reason(enum ticketcode_err);

#endif
