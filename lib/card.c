/* card — card checks; see card.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "card.h"
#include "text.h"

int
card_digits(const char *in, char out[CARD_MAX_DIGITS + 1])
{
	size_t	 n = 0;

	out[0] = '\0';
	if (in == NULL)
		return -1;
	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (*in < '0' || *in > '9' || n == CARD_MAX_DIGITS) {
			out[0] = '\0';
			return -1;
		}
		out[n++] = *in;
	}
	out[n] = '\0';
	return n > 0 ? 0 : -1;
}

int
card_luhn_ok(const char *d)
{
	size_t	 n = strlen(d);
	int	 sum = 0, dbl = 0;

	if (n < 2)
		return 0;
	for (size_t i = n; i-- > 0; dbl = !dbl) {
		int v = d[i] - '0';

		if (v < 0 || v > 9)
			return 0;
		if (dbl && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* The first k digits of d as a number (d has at least k digits). */
static int
prefix(const char *d, int k)
{
	int	 v = 0;

	for (int i = 0; i < k; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

enum card_brand
card_brand_of(const char *d)
{
	size_t	 n = strlen(d);

	if (d[0] == '4' && (n == 13 || n == 16 || n == 19))
		return CARD_BRAND_VISA;
	if (n == 16) {
		int p2 = prefix(d, 2), p4 = prefix(d, 4);

		if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
			return CARD_BRAND_MASTERCARD;
	}
	return CARD_BRAND_NONE;
}

const char *
card_brand_name(enum card_brand b)
{
	switch (b) {
	case CARD_BRAND_VISA:
		return "visa";
	case CARD_BRAND_MASTERCARD:
		return "mastercard";
	case CARD_BRAND_NONE:
		break;
	}
	return NULL;
}

static int
two_digits(const char *s, int *v)
{
	long long x;

	/* Stops at the first non-digit, so never reads past a short s. */
	if (text_parse_intn(s, 2, 0, 99, &x) != TEXT_OK)
		return -1;
	*v = (int)x;
	return 0;
}

enum card_expiry
card_expiry_check(const char *s, time_t now, int *month, int *year)
{
	struct tm tm, end;
	int	 mm, yy, y, cy;
	time_t	 month_end;

	*month = *year = 0;
	if (s == NULL)
		return CARD_EXPIRY_FORMAT;
	while (*s == ' ')
		s++;
	if (two_digits(s, &mm) == -1)
		return CARD_EXPIRY_FORMAT;
	s += 2;
	while (*s == ' ')
		s++;
	if (*s++ != '/')
		return CARD_EXPIRY_FORMAT;
	while (*s == ' ')
		s++;
	if (two_digits(s, &yy) == -1)
		return CARD_EXPIRY_FORMAT;
	s += 2;
	while (*s == ' ')
		s++;
	if (*s != '\0' || mm < 1 || mm > 12)
		return CARD_EXPIRY_FORMAT;

	localtime_r(&now, &tm);
	cy = tm.tm_year + 1900;
	/* YY is the year nearest to now with those last two digits. */
	y = cy - cy % 100 + yy;
	if (y < cy - 50)
		y += 100;
	else if (y > cy + 50)
		y -= 100;
	*month = mm;
	*year = y;

	/* Valid through the month's last second: until local midnight that
	 * starts the next month (mktime carries month 13 into January). */
	memset(&end, 0, sizeof(end));
	end.tm_year = y - 1900;
	end.tm_mon = mm;		/* 0-based: the month after mm */
	end.tm_mday = 1;
	end.tm_isdst = -1;
	month_end = mktime(&end);
	if (month_end == (time_t)-1 || now >= month_end)
		return CARD_EXPIRY_PAST;
	if ((y * 12 + mm) - (cy * 12 + tm.tm_mon + 1) >
	    CARD_MAX_YEARS_AHEAD * 12)
		return CARD_EXPIRY_TOO_FAR;
	return CARD_EXPIRY_OK;
}

/* Decode one UTF-8 code point from *s (advancing it); -1 on a bad
 * sequence.  Input has been validated by the request parser already; this
 * is only careful, not a validator. */
static long
utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	long	 cp;
	int	 n;

	if (p[0] < 0x80) {
		*s = p + 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		cp = p[0] & 0x1f;
		n = 1;
	} else if ((p[0] & 0xf0) == 0xe0) {
		cp = p[0] & 0x0f;
		n = 2;
	} else if ((p[0] & 0xf8) == 0xf0) {
		cp = p[0] & 0x07;
		n = 3;
	} else
		return -1;
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	*s = p + n + 1;
	return cp;
}

/* A Latin letter: ASCII, Latin-1 Supplement (not × ÷), Latin Extended-A
 * and -B, Latin Extended Additional (Vietnamese and others). */
static int
latin_letter(long c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x1e00 && c <= 0x1eff);
}

static int
name_separator(long c)
{
	return c == ' ' || c == '\'' || c == 0x2019 || c == '-';
}

int
card_name_ok(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	int	 chars = 0, letters = 0;
	long	 c, prev = 0;

	if (name == NULL)
		return 0;
	while (*s != '\0') {
		if ((c = utf8_next(&s)) < 0)
			return 0;
		if (latin_letter(c))
			letters++;
		else if (!name_separator(c) || chars == 0 ||
		    (c == ' ' && prev == ' '))
			return 0;	/* starts with a letter; one space */
		prev = c;
		if (++chars > CARD_NAME_MAX)
			return 0;
	}
	return chars >= CARD_NAME_MIN && letters >= 2 && latin_letter(prev);
}

/* Copy s without leading and trailing spaces into out (size n); -1 when
 * it does not fit. */
static int
trim_copy(const char *s, char *out, size_t n)
{
	size_t	 len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

static int
has_non_latin_letter(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	long	 c;

	while (*s != '\0') {
		if ((c = utf8_next(&s)) < 0)
			return 0;
		if (c >= 0x250 && !name_separator(c))
			return 1;
	}
	return 0;
}

/* The four checks of card_check, one a field: each fills its part of out,
 * or records why not in e and returns -1. */
static int
check_number(const char *number, struct card *out, struct err *e)
{
	if (number == NULL || *number == '\0')
		err_field(e, "card.number", "is required");
	else if (strlen(number) > 40 ||
	    card_digits(number, out->number) == -1)
		err_field(e, "card.number",
		    "must be 13 to 19 digits (spaces and dashes allowed)");
	else if ((out->brand = card_brand_of(out->number)) ==
	    CARD_BRAND_NONE)
		err_field(e, "card.number",
		    "must be a Visa (13, 16 or 19 digits starting with 4) or "
		    "Mastercard (16 digits) number");
	else if (!card_luhn_ok(out->number))
		err_field(e, "card.number",
		    "is not a valid card number; check the digits");
	else
		return 0;
	return -1;
}

static int
check_cvv(const char *cvv, struct card *out, struct err *e)
{
	if (cvv == NULL || *cvv == '\0')
		err_field(e, "card.cvv", "is required");
	else if (strlen(cvv) != 3 || strspn(cvv, "0123456789") != 3)
		err_field(e, "card.cvv", "must be the 3 digits on the back");
	else {
		memcpy(out->cvv, cvv, 4);
		return 0;
	}
	return -1;
}

static int
check_expiry(const char *expiry, time_t now, struct card *out,
    struct err *e)
{
	int	 m, y;

	if (expiry == NULL || *expiry == '\0') {
		err_field(e, "card.expiry", "is required");
		return -1;
	}
	switch (strlen(expiry) > 16 ? CARD_EXPIRY_FORMAT :
	    card_expiry_check(expiry, now, &m, &y)) {
	case CARD_EXPIRY_OK:
		out->exp_month = m;
		out->exp_year = y;
		out->expiry[0] = (char)('0' + m / 10);
		out->expiry[1] = (char)('0' + m % 10);
		out->expiry[2] = '/';
		out->expiry[3] = (char)('0' + y % 100 / 10);
		out->expiry[4] = (char)('0' + y % 10);
		out->expiry[5] = '\0';
		return 0;
	case CARD_EXPIRY_FORMAT:
		err_field(e, "card.expiry",
		    "must be MM/YY with a month from 01 to 12");
		break;
	case CARD_EXPIRY_PAST:
		err_field(e, "card.expiry", "the card has expired");
		break;
	case CARD_EXPIRY_TOO_FAR:
		err_field(e, "card.expiry",
		    "is more than %d years ahead", CARD_MAX_YEARS_AHEAD);
		break;
	}
	return -1;
}

static int
check_name(const char *name, struct card *out, struct err *e)
{
	if (name == NULL || *name == '\0')
		err_field(e, "card.name", "is required");
	else if (trim_copy(name, out->name, sizeof(out->name)) == -1 ||
	    !card_name_ok(out->name)) {
		if (out->name[0] != '\0' && has_non_latin_letter(out->name))
			err_field(e, "card.name", "must be written in Latin "
			    "letters, as on the card");
		else
			err_field(e, "card.name", "must be %d to %d letters, "
			    "spaces, ' or -, as on the card", CARD_NAME_MIN,
			    CARD_NAME_MAX);
	} else
		return 0;
	return -1;
}

int
card_check(const char *number, const char *cvv, const char *expiry,
    const char *name, time_t now, struct card *out, struct err *e)
{
	int	 bad;
	size_t	 n;

	memset(out, 0, sizeof(*out));
	/* One statement a field: every failing field is reported, in order. */
	bad = check_number(number, out, e) == -1;
	bad |= check_cvv(cvv, out, e) == -1;
	bad |= check_expiry(expiry, now, out, e) == -1;
	bad |= check_name(name, out, e) == -1;
	if (bad) {
		card_wipe(out);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	n = strlen(out->number);
	memcpy(out->last4, out->number + n - 4, 5);
	return 0;
}

void
card_wipe(struct card *c)
{
	explicit_bzero(c->number, sizeof(c->number));
	explicit_bzero(c->cvv, sizeof(c->cvv));
}
