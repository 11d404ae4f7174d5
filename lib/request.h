/* request — one CGI request (RFC 3875), parsed and bounded.
 *
 * req_parse reads the CGI meta-variables through an env lookup function (so
 * tests can feed any environment) and the body from a stream.  Whatever the
 * body's type, handlers see it as one JSON object in req->body:
 *   application/json                  the object itself;
 *   application/x-www-form-urlencoded an object of strings;
 *   multipart/form-data               an object of strings for plain fields,
 *                                     and req->files for file parts.
 * CONTENT_LENGTH is a claim, not a fact: we read at most that many bytes and
 * refuse the request when fewer arrive. */
#ifndef SKYFOX_REQUEST_H
#define SKYFOX_REQUEST_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>

#include "form.h"
#include "multipart.h"

/* The request's limits: each bounds what a client can make a CGI hold
 * or walk before anything else is looked at. */
/* A body's default cap: the largest JSON or form any route takes (photo
 * uploads raise it per CGI through app's max_body). */
#define REQ_DEFAULT_MAX_BODY	(64u * 1024)
/* CONTENT_LENGTH's bound: 12 digits, far above any body we take and far
 * below size_t's range, so the parse never overflows. */
#define REQ_LENGTH_MAX		999999999999LL
/* PATH_INFO's bound: our routes are a few dozen bytes; more is an attack
 * on the UTF-8 check and the route matcher, not a resource. */
#define REQ_PATH_MAX		1024
/* QUERY_STRING's bound, below apache.conf's LimitRequestLine (16384) so
 * the CGI, not Apache, answers an over-long query with our JSON error. */
#define REQ_QUERY_MAX		8192
/* HTTP_COOKIE's bound: Apache's LimitRequestFieldSize (8190) keeps real
 * ones below it; a longer one is ignored, as if no cookie came. */
#define REQ_COOKIE_MAX		8192
/* A multipart boundary's buffer: RFC 2046 allows 1..70 characters; the
 * longest and its NUL fit, with a byte to spare. */
#define REQ_BOUNDARY_SIZE	72
/* The most req_drain reads of a refused body: apache.conf's
 * LimitRequestBody (the largest body any route takes). */
#define REQ_DRAIN_MAX		(8u * 1024 * 1024)

enum req_err {
	REQ_OK = 0,
	REQ_TOO_LARGE,		/* 413 PAYLOAD_TOO_LARGE */
	REQ_UNSUPPORTED_TYPE,	/* 415 UNSUPPORTED_MEDIA_TYPE */
	REQ_BAD_LENGTH,		/* 400: CONTENT_LENGTH malformed */
	REQ_SHORT_BODY,		/* 400: fewer bytes than CONTENT_LENGTH */
	REQ_BAD_QUERY,		/* 400: query string malformed */
	REQ_BAD_FORM,		/* 400: urlencoded body malformed */
	REQ_BAD_JSON,		/* 400: JSON malformed */
	REQ_BAD_MULTIPART,	/* 400: multipart malformed */
	REQ_BAD_PATH,		/* 400: PATH_INFO not clean UTF-8 */
	REQ_LENGTH_REQUIRED,	/* 411: a chunked body (no CONTENT_LENGTH) */
	REQ_BAD_FIELD,		/* 422: a JSON string holds U+0000; field names it */
	REQ_NOMEM		/* 500 */
};

struct req_file {
	char		*name;		/* form field name */
	char		*filename;
	char		*content_type;
	const char	*data;		/* into req->raw */
	size_t		 len;
};

struct req {
	const char	*method;	/* "GET", … */
	const char	*path;		/* PATH_INFO, "" when none */
	const char	*content_type;
	const char	*remote_addr;
	const char	*host;		/* HTTP_HOST */
	const char	*origin;	/* HTTP_ORIGIN or NULL */
	const char	*sec_fetch_site;
	const char	*authorization;
	const char	*csrf_header;	/* HTTP_X_CSRF_TOKEN */
	const char	*if_none_match;
	const char	*user_agent;
	int		 https;
	struct params	 query;
	struct params	 cookies;
	cJSON		*body;		/* NULL when the request had none */
	struct req_file	*files;
	size_t		 nfiles;
	char		*raw;		/* the body bytes */
	size_t		 rawlen;
	size_t		 claimed;	/* CONTENT_LENGTH */
	int		 body_read;	/* 1 once stdin was consumed */
	struct multipart mp;
	char		 detail[160];	/* what was wrong, for the error */
	char		 field[48];	/* REQ_BAD_FIELD: "card.name" */
};

typedef const char *(*req_env_fn)(const char *);

enum req_err	 req_parse(struct req *, req_env_fn env, FILE *in, size_t max_body);
/* Read and discard whatever of the body is still unread, whatever refused
 * it (413, 415, a bad query or path, a site without configuration), so
 * Apache never sees the CGI close its stdin early and cut the response.
 * req_parse learns the body's length before anything else can fail. */
void		 req_drain(struct req *, FILE *in);
void		 req_free(struct req *);
const char	*req_query(const struct req *, const char *name);
const char	*req_cookie(const struct req *, const char *name);

/* What req_query_int found.  A parameter that is missing, or given empty
 * ("?limit=", an HTML form's blank field), is REQ_INT_ABSENT: the caller's
 * default applies.  Text that is not a decimal integer (text_parse_int's
 * rules: no sign unless min < 0, no spaces, no trailing bytes) is
 * REQ_INT_MALFORMED; an integer outside [min, max] is REQ_INT_RANGE.  The
 * caller words the field error, since only it knows what the number is. */
enum req_int {
	REQ_INT_OK = 0,		/* *out holds the value */
	REQ_INT_ABSENT,
	REQ_INT_MALFORMED,
	REQ_INT_RANGE
};

/* The query parameter name as an integer in [min, max] (inclusive).  *out
 * is written only on REQ_INT_OK, so it may hold the default beforehand. */
enum req_int	 req_query_int(const struct req *, const char *name,
		    long long min, long long max, long long *out);
/* The HTTP status and API error code for a parse failure. */
int		 req_err_status(enum req_err);
const char	*req_err_code(enum req_err);

#endif
