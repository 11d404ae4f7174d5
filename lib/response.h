/* response — the one place a CGI writes to the client.
 *
 * A response is built in memory (status, headers, body) and written once
 * with its Content-Length, after the handler returns.  Header values pass
 * text_header_safe() or are dropped, so input can never split a response.
 * Every response carries X-Request-ID and the security headers of DESIGN
 * §10; private data defaults to Cache-Control: no-store. */
#ifndef SKYFOX_RESPONSE_H
#define SKYFOX_RESPONSE_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "err.h"

struct resp {
	int		 status;	/* 0 until a handler sets one */
	const char	*content_type;
	int		 has_cache_control;
	struct buf	 headers;	/* extra "Name: value\r\n" lines */
	struct buf	 body;
};

/* Add a header; returns -1 (and adds nothing) if name or value is unsafe. */
int	 resp_header(struct resp *, const char *name, const char *value);
/* Set a raw body (PDF, PNG, CSV…); copies the bytes. */
void	 resp_bytes(struct resp *, int status, const char *content_type,
	    const void *, size_t);
/* {"data": data, "request_id": rid}; takes ownership of data (may be NULL
 * for "data": null). */
void	 resp_data(struct resp *, int status, cJSON *data, const char *rid);
/* {"error": {code, message, fields}, "request_id": rid} */
void	 resp_error(struct resp *, const struct err *, const char *rid);
/* The same with the members of the object extra beside "error" (health in
 * maintenance says why in its own words too); takes ownership of extra
 * (may be NULL).  Members named "error" or "request_id" are dropped. */
void	 resp_error_extra(struct resp *, const struct err *, const char *rid,
	    cJSON *extra);
/* An empty 304 or 204. */
void	 resp_empty(struct resp *, int status);
/* Write status line, headers and body to out (CGI response, RFC 3875 §6). */
int	 resp_write(struct resp *, const char *rid, FILE *out);
void	 resp_free(struct resp *);

#endif
