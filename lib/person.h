/* person — the name and phone rules of DESIGN §7, one for every person
 * the cinema writes down: account holders (account.h: sign-up, profile
 * changes, skyfoxctl) and walk-in customers at the counter (booking.h).
 *
 * A name is first normalised — trimmed, runs of spaces and tabs collapsed
 * to one space — and then checked: 3 to 70 characters of letters and
 * spaces, at most 4 words.  Letters are ASCII letters or any non-ASCII
 * character (names are not all English).  The normalised form is the one
 * that is checked and the one that is stored.  A phone is exactly 10
 * digits.  The checks return NULL or what is wrong, worded to follow the
 * field's name ("name must be 3 to 70 characters"). */
#ifndef SKYFOX_PERSON_H
#define SKYFOX_PERSON_H

#include <stddef.h>

/* Room for a normalised name: 70 characters of up to 4 bytes of UTF-8.
 * A longer input is cut to fit and then fails the 70-character rule. */
#define PERSON_NAME_MAX		300
#define PERSON_NAME_CHARS	70
#define PERSON_NAME_WORDS	4
#define PERSON_PHONE_DIGITS	10
/* The rule in words, for a form's hint or a missing field's message. */
#define PERSON_NAME_RULE	"3 to 70 letters and spaces, at most 4 words"

/* Trim and collapse runs of spaces: "  Asha   Rao " → "Asha Rao". */
void		 person_normalise_name(const char *in, char *out, size_t outsz);
/* The name rule, on a name already normalised. */
const char	*person_check_name(const char *);
const char	*person_check_phone(const char *);

#endif
