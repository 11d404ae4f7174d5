/* form — name/value parameters from query strings, urlencoded bodies and
 * cookies.
 *
 * Limits are hard: at most FORM_MAX_PARAMS parameters, names of
 * [a-z0-9_]{1,64}, values of at most FORM_MAX_VALUE decoded bytes of valid
 * UTF-8.  A request that breaks a limit is refused as a whole, never
 * truncated, so nothing downstream sees half of what was sent. */
#ifndef SKYFOX_FORM_H
#define SKYFOX_FORM_H

#include <stddef.h>

#define FORM_MAX_PARAMS	64
#define FORM_MAX_VALUE	8192

struct param {
	char	*name;
	char	*value;		/* NUL-terminated, valid UTF-8 */
	size_t	 len;
};

struct params {
	struct param	*v;
	size_t		 n;
};

enum form_err {
	FORM_OK = 0,
	FORM_TOO_MANY,		/* more than FORM_MAX_PARAMS */
	FORM_TOO_LONG,		/* a value over FORM_MAX_VALUE */
	FORM_BAD_NAME,		/* name not [a-z0-9_]{1,64} */
	FORM_BAD_ESCAPE,	/* '%' not followed by two hex digits */
	FORM_BAD_UTF8,		/* decoded value is not UTF-8, or has NUL */
	FORM_NOMEM
};

/* Parse "a=1&b=2" (RFC 3986 query or x-www-form-urlencoded body). */
enum form_err	 form_parse_urlencoded(const char *s, size_t n, struct params *);

/* Parse a Cookie header ("a=1; b=2").  Cookies set by other software on the
 * same host may not follow our naming rules: those are skipped, not fatal. */
enum form_err	 form_parse_cookies(const char *s, struct params *);

/* Add one already-decoded parameter (used by the multipart parser). */
enum form_err	 form_add(struct params *, const char *name, size_t nlen,
		    const char *value, size_t vlen);

/* The first value of name, or NULL. */
const char	*params_get(const struct params *, const char *name);
void		 params_free(struct params *);
const char	*form_strerror(enum form_err);

#endif
