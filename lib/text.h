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
	TEXT_TOO_LONG		/* longer than the caller's limit */
};

/* 1 when s[0..n) is valid UTF-8 without NUL bytes. */
int		 text_utf8_valid(const char *s, size_t n);

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

#endif
