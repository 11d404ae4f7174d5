/* money — integer minor units; see money.h. */
#include <stdio.h>
#include <string.h>

#include "money.h"

int
money_parse(const char *s, long long *out)
{
	long long whole = 0, frac = 0;
	int	 nd = 0, nf = -1;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (nf >= 0 || nd == 0)
				return -1;
			nf = 0;
		} else if (*s >= '0' && *s <= '9') {
			if (nf >= 0) {
				if (++nf > 2)
					return -1;
				frac = frac * 10 + (*s - '0');
			} else {
				if (++nd > 11)
					return -1;
				whole = whole * 10 + (*s - '0');
			}
		} else
			return -1;
	}
	if (nf == 0)
		return -1;		/* "150." */
	if (nf == 1)
		frac *= 10;
	*out = whole * 100 + frac;
	return 0;
}

const char *
money_symbol(const char *cur)
{
	if (strcmp(cur, "INR") == 0)
		return "\xe2\x82\xb9";	/* ₹ */
	if (strcmp(cur, "USD") == 0)
		return "$";
	if (strcmp(cur, "EUR") == 0)
		return "\xe2\x82\xac";
	if (strcmp(cur, "GBP") == 0)
		return "\xc2\xa3";
	return NULL;
}

char *
money_format(long long minor, const char *cur, int symbol, char *out,
    size_t outsz)
{
	char	 digits[32], grouped[48];
	int	 neg = minor < 0, n, g = 0, indian = strcmp(cur, "INR") == 0;
	unsigned long long v = neg ? 0ULL - (unsigned long long)minor :
	    (unsigned long long)minor;
	const char *sym = money_symbol(cur);

	n = snprintf(digits, sizeof(digits), "%llu", v / 100);
	/* Group from the right: 3 first, then 2s (Indian) or 3s. */
	{
		char	 rev[48];
		int	 r = 0, cnt = 0, size = 3;

		for (int i = n - 1; i >= 0; i--) {
			if (cnt == size) {
				rev[r++] = ',';
				cnt = 0;
				if (indian)
					size = 2;
			}
			rev[r++] = digits[i];
			cnt++;
		}
		for (int i = r - 1; i >= 0; i--)
			grouped[g++] = rev[i];
		grouped[g] = '\0';
	}
	if (symbol && sym != NULL)
		snprintf(out, outsz, "%s%s%s.%02llu", neg ? "-" : "", sym,
		    grouped, v % 100);
	else if (symbol)
		snprintf(out, outsz, "%s%s %s.%02llu", neg ? "-" : "", cur,
		    grouped, v % 100);
	else
		snprintf(out, outsz, "%s%s.%02llu", neg ? "-" : "", grouped,
		    v % 100);
	return out;
}
