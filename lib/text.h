/* text — byte-level checks and decoders for untrusted input.
 *
 * Every string that arrives from a client passes through here before any
 * other module sees it: percent-decoding is strict (a '%' must be followed by
 * two hex digits), decoded text must be valid UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) and must not contain NUL.  Header values
 * we emit are checked for CR/LF so input can never split a response. */
#ifndef SKYFOX_TEXT_H
#define SKYFOX_TEXT_H

#include <stddef.h>

enum text_err {
	TEXT_OK = 0,
	TEXT_BAD_ESCAPE,	/* '%' not followed by two hex digits */
	TEXT_BAD_UTF8,		/* not valid UTF-8, or contains NUL */
	TEXT_TOO_LONG,		/* longer than the caller's limit */
	TEXT_NOT_INT,		/* not a decimal integer (see text_parse_int) */
	TEXT_OUT_OF_RANGE	/* an integer, but outside [min, max] */
};

/* 1 when s[0..n) is valid UTF-8 without NUL bytes. */
int		 text_utf8_valid(const char *s, size_t n);
/* 1 when r is a reason a person typed: 1 to max characters (not bytes,
 * as SQLite's length() counts) of valid UTF-8, no control characters, not
 * only spaces (a cancelled show's, a blocked seat's). */
int		 text_reason_valid(const char *r, size_t max);

/* Decode application/x-www-form-urlencoded text (RFC 3986 §2.1 escapes,
 * '+' as space when plus_is_space) into a new NUL-terminated string.
 * On success *out is malloc'd and *outlen its length. */
enum text_err	 text_percent_decode(const char *in, size_t n, int plus_is_space,
		    size_t max, char **out, size_t *outlen);

/* 1 when s is a parameter name we accept: [a-z0-9_], 1..64 bytes (after
 * Fossil: input can never pose as something else). */
int		 text_is_param_name(const char *s, size_t n);

/* 1 when s may be put in a response header: printable ASCII and tab only. */
int		 text_header_safe(const char *s);

/* Case-insensitive ASCII prefix test; returns pointer after prefix or NULL. */
const char	*text_skip_prefix_ci(const char *s, const char *prefix);

/* The one integer parser (after OpenBSD's strtonum): s must be decimal
 * digits only, with one leading '-' allowed only when min < 0.  Refused as
 * TEXT_NOT_INT: "", "-", a '+', any whitespace, trailing bytes ("1x"), hex
 * ("0x10"), a '-' when min >= 0.  Leading zeros are accepted ("007" is 7,
 * as strtonum and every parser it replaced read them).  An integer outside
 * [min, max] (bounds inclusive), or one that overflows a long long, is
 * TEXT_OUT_OF_RANGE.  *out is written only on TEXT_OK, so a caller may put
 * its default there first. */
enum text_err	 text_parse_int(const char *s, long long min, long long max,
		    long long *out);
/* The same over s[0..n), for a number inside a longer string. */
enum text_err	 text_parse_intn(const char *s, size_t n, long long min,
		    long long max, long long *out);

/* A row id as paths, filters and ticket codes spell it: 1 to TEXT_ID_MAX
 * (15 digits keep it below 2^53, exact in JSON), read from s[0..n) by
 * text_parse_intn, and with no leading zero, so that one id has one
 * spelling ("007" is TEXT_NOT_INT here). */
#define TEXT_ID_MAX	999999999999999LL
enum text_err	 text_parse_id(const char *s, size_t n, long long *out);

#endif
