/* err — errors as values; see err.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

void
err_set(struct err *e, int status, const char *code, const char *fmt, ...)
{
	va_list	 ap;

	e->status = status;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}

void
err_field(struct err *e, const char *field, const char *fmt, ...)
{
	va_list	 ap;
	struct err_field *f;

	if (e->nfields >= ERR_MAX_FIELDS)
		return;
	f = &e->fields[e->nfields++];
	snprintf(f->field, sizeof(f->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
}

int
err_has_field(const struct err *e, const char *field)
{
	for (int i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].field, field) == 0)
			return 1;
	return 0;
}

/* The standard reason phrases (RFC 9110 §15) of every status this site
 * sends, indexed by status.  A status missing here has no phrase: the
 * response writer then refuses to send it (500 instead), so no answer ever
 * goes out as "402 Status". */
static const char *const reasons[ERR_STATUS_MAX + 1] = {
	[200] = "OK",
	[201] = "Created",
	[204] = "No Content",
	[304] = "Not Modified",
	[400] = "Bad Request",
	[401] = "Unauthorized",
	[402] = "Payment Required",
	[403] = "Forbidden",
	[404] = "Not Found",
	[405] = "Method Not Allowed",
	[408] = "Request Timeout",
	[409] = "Conflict",
	[410] = "Gone",
	[411] = "Length Required",
	[413] = "Content Too Large",
	[414] = "URI Too Long",
	[415] = "Unsupported Media Type",
	[422] = "Unprocessable Content",
	[429] = "Too Many Requests",
	[500] = "Internal Server Error",
	[502] = "Bad Gateway",
	[503] = "Service Unavailable",
	[504] = "Gateway Timeout",
};

const char *
err_status_text(int status)
{
	if (status < 0 || status > ERR_STATUS_MAX)
		return NULL;
	return reasons[status];
}
