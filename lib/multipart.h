/* multipart — multipart/form-data bodies (RFC 7578 over RFC 2046 §5.1).
 *
 * The boundary must be 1..70 characters of RFC 2046 bchars; every part must
 * have a Content-Disposition: form-data with a name; the body must end with
 * the close delimiter, so a truncated upload is refused instead of being
 * stored half-written.  Text fields (no filename) are limited like form
 * values; file parts are limited only by the body limit. */
#ifndef SKYFOX_MULTIPART_H
#define SKYFOX_MULTIPART_H

#include <stddef.h>

#define MP_MAX_PARTS	32
#define MP_MAX_HEADERS	4096	/* bytes of headers per part */

struct mp_part {
	char	*name;
	char	*filename;	/* NULL for a plain field */
	char	*content_type;	/* NULL when not sent */
	const char *data;	/* points into the body: no copy */
	size_t	 len;
};

struct multipart {
	struct mp_part	*v;
	size_t		 n;
};

enum mp_err {
	MP_OK = 0,
	MP_NO_BOUNDARY,		/* Content-Type has no boundary parameter */
	MP_BAD_BOUNDARY,	/* boundary too long or has bad characters */
	MP_TRUNCATED,		/* no close delimiter */
	MP_BAD_PART,		/* malformed part headers or disposition */
	MP_TOO_MANY,		/* more than MP_MAX_PARTS */
	MP_NOMEM
};

/* Copy the boundary parameter of a multipart/form-data Content-Type. */
enum mp_err	 mp_boundary(const char *content_type, char *out, size_t outsz);
enum mp_err	 mp_parse(const char *body, size_t n, const char *boundary,
		    struct multipart *);
void		 mp_free(struct multipart *);
const char	*mp_strerror(enum mp_err);

#endif
