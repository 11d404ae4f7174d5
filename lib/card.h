/* card — the card checks of DESIGN §7, before any gateway sees a card.
 *
 * Number: digits, with spaces or dashes between groups tolerated; passes the
 * Luhn check; Visa (starts 4; 13, 16 or 19 digits) or Mastercard (16 digits;
 * 51–55 or 2221–2720).  CVV: exactly 3 digits.  Expiry: "MM/YY", valid
 * through the last second of that month in the cinema's zone (the process's
 * TZ, set by clock_use_zone) and at most 20 years ahead.  Holder name: 2–40
 * characters of letters, spaces, apostrophes and hyphens, with at least two
 * letters.  "Letters" are Latin ones, accented included (é, ñ, ø, ł, ş…):
 * names on cards are embossed and encoded in Latin script (ISO/IEC 7813), so
 * a name in another script cannot match the card; it is refused with a
 * message that says so rather than passed to a gateway that would decline.
 *
 * Every failing field is reported ("card.number", "card.cvv",
 * "card.expiry", "card.name").  Only the brand and the last four digits may
 * leave this module's caller: struct card holds the full number and CVV in
 * memory for the one gateway call, and card_wipe() clears them. */
#ifndef SKYFOX_CARD_H
#define SKYFOX_CARD_H

#include <time.h>

#include "err.h"

#define CARD_MAX_DIGITS		19
#define CARD_NAME_MIN		2
#define CARD_NAME_MAX		40	/* characters, not bytes */
#define CARD_MAX_YEARS_AHEAD	20

enum card_brand {
	CARD_BRAND_NONE = 0,
	CARD_BRAND_VISA,
	CARD_BRAND_MASTERCARD
};

enum card_expiry {
	CARD_EXPIRY_OK = 0,
	CARD_EXPIRY_FORMAT,	/* not MM/YY, or month not 01–12 */
	CARD_EXPIRY_PAST,	/* the month has ended */
	CARD_EXPIRY_TOO_FAR	/* more than 20 years ahead */
};

struct card {
	char		 number[CARD_MAX_DIGITS + 1];	/* digits only */
	char		 cvv[4];
	char		 expiry[6];		/* "MM/YY" */
	int		 exp_month;		/* 1–12 */
	int		 exp_year;		/* four digits */
	char		 name[CARD_NAME_MAX * 4 + 1];	/* trimmed UTF-8 */
	enum card_brand	 brand;
	char		 last4[5];
};

/* Strip spaces and dashes from in; 0 when what is left is 1–19 digits and
 * no other character was present, -1 otherwise. */
int		 card_digits(const char *in, char out[CARD_MAX_DIGITS + 1]);
/* 1 when the digit string passes the Luhn (mod 10) check. */
int		 card_luhn_ok(const char *digits);
/* The brand by prefix and length, CARD_BRAND_NONE when neither. */
enum card_brand	 card_brand_of(const char *digits);
/* "visa", "mastercard", or NULL. */
const char	*card_brand_name(enum card_brand);
/* Parse "MM/YY" against now; fills month and four-digit year when the
 * format is right, whatever the verdict. */
enum card_expiry card_expiry_check(const char *s, time_t now, int *month,
		    int *year);
/* 1 when name (already trimmed) is an acceptable holder name. */
int		 card_name_ok(const char *name);

/* Check all four fields (any may be NULL: "is required"), recording each
 * failure in e with err_field.  0 and out filled when all pass; -1
 * otherwise (out wiped). */
int		 card_check(const char *number, const char *cvv,
		    const char *expiry, const char *name, time_t now,
		    struct card *out, struct err *e);
/* Clear the number and CVV (not optimised away). */
void		 card_wipe(struct card *);

#endif
