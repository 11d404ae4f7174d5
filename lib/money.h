/* money — amounts are integers of minor units (paise for INR) everywhere.
 * No floating point touches money: parsing and formatting are done on the
 * decimal digits. */
#ifndef SKYFOX_MONEY_H
#define SKYFOX_MONEY_H

#include <stddef.h>

/* "150", "150.5", "150.50" → 15050.  Refuses signs, exponents, more than 2
 * decimals, and anything over 10^13 minor units.  0 or -1. */
int		 money_parse(const char *, long long *minor);
/* 123456789 → "1,234,567.89" (Indian grouping for INR: "12,34,567.89").
 * With symbol: "₹12,34,567.89".  Returns out. */
char		*money_format(long long minor, const char *currency, int symbol,
		    char *out, size_t outsz);
/* "₹" for INR, "$" for USD, "€" EUR, "£" GBP, else the code + space. */
const char	*money_symbol(const char *currency);

#endif
