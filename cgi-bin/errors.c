/* errors.cgi — Apache's own errors under /api/, in the API's error shape.
 *
 * apache.conf points ErrorDocument for /api/ here, so an unknown resource
 * (no such CGI), a body over LimitRequestBody, or a CGI that crashed still
 * answers JSON with a request id, never an HTML page.  Apache keeps the
 * original status; REDIRECT_STATUS tells us which it was. */
#include <stdlib.h>
#include <string.h>

#include "app.h"

static int
show_error(struct ctx *c)
{
	const char *s = getenv("REDIRECT_STATUS");
	int	 status = s ? atoi(s) : 404;

	switch (status) {
	case 400:
		return ctx_fail(c, 400, "VALIDATION_ERROR", "malformed request");
	case 403:
		return ctx_fail(c, 403, "FORBIDDEN", "forbidden");
	case 405:
		return ctx_fail(c, 405, "METHOD_NOT_ALLOWED", "method not allowed");
	case 413:
		return ctx_fail(c, 413, "PAYLOAD_TOO_LARGE",
		    "the request body is too large");
	case 500:
		return ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
	case 503:
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "service unavailable; try again shortly");
	default:
		return ctx_fail(c, 404, "NOT_FOUND", "no such resource");
	}
}

static const struct route routes[] = {
	{ "GET", "/:status", ROLES_PUBLIC, show_error },
	{ "POST", "/:status", ROLES_PUBLIC, show_error },
	{ "PUT", "/:status", ROLES_PUBLIC, show_error },
	{ "PATCH", "/:status", ROLES_PUBLIC, show_error },
	{ "DELETE", "/:status", ROLES_PUBLIC, show_error },
};

int
main(void)
{
	/* The original body was refused or already consumed: read none. */
	static const struct app app = { "errors", routes,
	    sizeof(routes) / sizeof(routes[0]), 1, NULL };

	unsetenv("CONTENT_LENGTH");
	if (getenv("REDIRECT_UNIQUE_ID") != NULL)
		setenv("UNIQUE_ID", getenv("REDIRECT_UNIQUE_ID"), 1);
	return app_main(&app);
}
