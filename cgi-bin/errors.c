/* errors.cgi — Apache's own errors, in the API's error shape under /api/.
 *
 * apache.conf points ErrorDocument here: inside <LocationMatch "^/api/">
 * for an unknown resource (no such CGI), a body over LimitRequestBody or a
 * CGI that crashed; and at server level for the requests Apache refuses
 * before it has mapped the URL at all (a %2F or %00 in the path, a
 * malformed Content-Length, TRACE), where no <Location> or <If> applies
 * yet.  So a request for a page can land here too: REDIRECT_URL (the
 * original path) tells; the API gets JSON, a page the HTML 404 page (or a
 * short HTML page for other statuses).  Apache keeps the original status;
 * REDIRECT_STATUS tells us which it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "response.h"
#include "text.h"

/* Every method the API serves somewhere; TRACE (and CONNECT) nowhere. */
#define API_METHODS	"GET, HEAD, POST, PUT, PATCH, DELETE"
/* Above apache.conf's largest LimitRequestBody. */
#define ERRORS_MAX_DRAIN	(9u * 1024 * 1024)

static int
redirect_status(void)
{
	const char *s = getenv("REDIRECT_STATUS");
	long long v;

	/* Apache sets it to three digits; anything else is not ours. */
	if (s == NULL || strlen(s) != 3 || text_parse_int(s, 400, 599, &v) !=
	    TEXT_OK)
		return 404;
	return (int)v;
}

static int
show_error(struct ctx *c)
{
	switch (redirect_status()) {
	case 400:
		return ctx_fail(c, 400, "VALIDATION_ERROR", "malformed request");
	case 403:
		return ctx_fail(c, 403, "FORBIDDEN", "forbidden");
	case 405:
		resp_header(&c->resp, "Allow", API_METHODS);
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

/* An early error on a page's address: what Apache would have sent for it
 * (the 404 page; a short page otherwise), never the API's JSON.  The short
 * page's content is in a <main>, so a screen reader finds it as the page's
 * main landmark (axe: landmark-one-main, region). */
static int
page_error(int status)
{
	static const struct { int status; const char *phrase; } phrases[] = {
		{ 400, "Bad Request" }, { 403, "Forbidden" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" },
		{ 413, "Content Too Large" }, { 500, "Internal Server Error" },
		{ 503, "Service Unavailable" },
	};
	const char *phrase = NULL, *root = getenv("DOCUMENT_ROOT");
	char	 path[4096], buf[8192];
	FILE	*f = NULL;
	size_t	 n;

	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (phrases[i].status == status)
			phrase = phrases[i].phrase;
	if (phrase == NULL) {
		status = 404;
		phrase = "Not Found";
	}
	if (status == 405)
		printf("Allow: GET, HEAD\r\n");
	printf("Status: %d %s\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Cache-Control: no-cache\r\n\r\n", status, phrase);
	if (status == 404 && root != NULL &&
	    snprintf(path, sizeof(path), "%s/404.html", root) <
	    (int)sizeof(path))
		f = fopen(path, "r");
	if (f != NULL) {
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	} else
		printf("<!doctype html>\n<html lang=\"en\"><head><meta "
		    "charset=\"utf-8\"><title>%d %s</title></head>\n<body><main>"
		    "<h1>%s</h1><p><a href=\"/\">SkyFox Cinema</a></p></main>"
		    "</body></html>\n", status, phrase, phrase);
	return fflush(stdout) == 0 ? 0 : 1;
}

static const struct route routes[] = {
	{ "GET", "/:status", ROLES_PUBLIC, show_error },
	{ "POST", "/:status", ROLES_PUBLIC, show_error },
	{ "PUT", "/:status", ROLES_PUBLIC, show_error },
	{ "PATCH", "/:status", ROLES_PUBLIC, show_error },
	{ "DELETE", "/:status", ROLES_PUBLIC, show_error },
};

/* Read and drop whatever body mod_cgid passes on (the original request's,
 * when Apache refused it before any CGI read it): a CGI that exits with
 * input unread makes mod_cgid's socket reset, and the client gets a
 * truncated answer.  Apache bounds it (LimitRequestBody) and ends it. */
static void
drain_body(void)
{
	char	 buf[16384];
	size_t	 n, total = 0;

	while (total < ERRORS_MAX_DRAIN &&
	    (n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		total += n;
}

int
main(void)
{
	/* The original body was refused or already consumed: read none. */
	static const struct app app = { "errors", routes,
	    sizeof(routes) / sizeof(routes[0]), 1, NULL };
	const char *url = getenv("REDIRECT_URL");

	drain_body();
	unsetenv("CONTENT_LENGTH");
	if (url != NULL && strncmp(url, "/api/", 5) != 0)
		return page_error(redirect_status());
	if (getenv("REDIRECT_UNIQUE_ID") != NULL)
		setenv("UNIQUE_ID", getenv("REDIRECT_UNIQUE_ID"), 1);
	return app_main(&app);
}
