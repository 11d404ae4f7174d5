/* text — strict decoders; see text.h. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

int
text_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t	 len;
		unsigned cp;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;	/* continuation byte, C0/C1, F5+ */
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum text_err
text_percent_decode(const char *in, size_t n, int plus_is_space, size_t max,
    char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, o = 0;

	*out = NULL;
	*outlen = 0;
	if ((d = malloc(n + 1)) == NULL)
		return TEXT_TOO_LONG;
	for (i = 0; i < n; i++) {
		if (in[i] == '%') {
			int hi, lo;

			if (i + 2 >= n) {	/* truncated escape */
				free(d);
				return TEXT_BAD_ESCAPE;
			}
			hi = hexval((unsigned char)in[i + 1]);
			lo = hexval((unsigned char)in[i + 2]);
			if (hi < 0 || lo < 0) {
				free(d);
				return TEXT_BAD_ESCAPE;
			}
			d[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (in[i] == '+' && plus_is_space)
			d[o++] = ' ';
		else
			d[o++] = in[i];
	}
	d[o] = '\0';
	if (o > max) {
		free(d);
		return TEXT_TOO_LONG;
	}
	if (!text_utf8_valid(d, o)) {
		free(d);
		return TEXT_BAD_UTF8;
	}
	*out = d;
	*outlen = o;
	return TEXT_OK;
}

int
text_is_param_name(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

int
text_header_safe(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && c != '\t') || c >= 0x7F)
			return 0;
	}
	return 1;
}

const char *
text_skip_prefix_ci(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncasecmp(s, prefix, n) != 0)
		return NULL;
	return s + n;
}

enum text_err
text_parse_intn(const char *s, size_t n, long long min, long long max,
    long long *out)
{
	unsigned long long v = 0, lim = LLONG_MAX;
	long long x;
	size_t	 i = 0;
	int	 neg = 0, over = 0;

	if (n > 0 && s[0] == '-' && min < 0) {
		neg = 1;
		i = 1;
		lim = (unsigned long long)LLONG_MAX + 1;	/* LLONG_MIN */
	}
	if (i == n)
		return TEXT_NOT_INT;
	/* Every byte must be a digit before an overflow is reported, so
	 * "99999999999999999999x" is malformed, as with strtonum. */
	for (; i < n; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return TEXT_NOT_INT;
		d = (unsigned)(s[i] - '0');
		if (over || v > (lim - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	if (over)
		return TEXT_OUT_OF_RANGE;
	x = !neg ? (long long)v : v == lim ? LLONG_MIN : -(long long)v;
	if (x < min || x > max)
		return TEXT_OUT_OF_RANGE;
	*out = x;
	return TEXT_OK;
}

enum text_err
text_parse_int(const char *s, long long min, long long max, long long *out)
{
	return text_parse_intn(s, strlen(s), min, max, out);
}

enum text_err
text_parse_id(const char *s, size_t n, long long *out)
{
	if (n > 0 && s[0] == '0')
		return TEXT_NOT_INT;
	return text_parse_intn(s, n, 1, TEXT_ID_MAX, out);
}

int
text_reason_valid(const char *r, size_t max)
{
	size_t	 n, chars = 0, blank = 1;

	if (r == NULL || (n = strlen(r)) == 0 || !text_utf8_valid(r, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)r[i] & 0xC0) != 0x80)
			chars++;
		if ((unsigned char)r[i] < 0x20 || r[i] == 0x7f)
			return 0;
		if (r[i] != ' ')
			blank = 0;
	}
	return !blank && chars <= max;
}
