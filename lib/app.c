/* app — request lifecycle; see app.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "app.h"
#include "clock.h"
#include "db.h"
#include "maintenance.h"
#include "text.h"

_Static_assert(sizeof(((struct err *)0)->message) > MAINTENANCE_MSG_MAX,
    "an error message must hold the whole maintenance message");

int
route_match(const char *pat, const char *path, char args[][128], int *nargs)
{
	*nargs = 0;
	while (*pat != '\0') {
		if (*pat == ':') {
			const char *start = path;
			char	 stop;
			size_t	 n;

			while (*pat != '\0' && *pat != '/' && *pat != '.')
				pat++;		/* skip ":name" */
			stop = *pat;		/* '/', '.', or '\0' */
			while (*path != '\0' && *path != '/' &&
			    (stop == '\0' || stop == '/' || *path != stop))
				path++;
			n = (size_t)(path - start);
			if (n == 0 || n >= 128 || *nargs >= CTX_MAX_ARGS)
				return 0;
			memcpy(args[*nargs], start, n);
			args[*nargs][n] = '\0';
			(*nargs)++;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *path == '\0';
}

static void
make_request_id(struct ctx *c)
{
	const char *u = getenv("UNIQUE_ID");
	unsigned char r[12];

	if (u != NULL && *u != '\0' && strlen(u) < sizeof(c->request_id) &&
	    text_header_safe(u)) {
		snprintf(c->request_id, sizeof(c->request_id), "%s", u);
		return;
	}
	/* Not a secret: an identifier for log lines. */
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		memset(r, 0, sizeof(r));
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(c->request_id + 2 * i, 3, "%02x", r[i]);
}

sqlite3 *
ctx_db(struct ctx *c)
{
	int	 rc;

	if (c->db != NULL)
		return c->db;
	if ((rc = db_open(c->conf.db_path, &c->db)) != SQLITE_OK) {
		err_set(&c->err, 503, "SERVICE_UNAVAILABLE",
		    "the database is unavailable; try again shortly");
		fprintf(stderr, "skyfox[%s] db_open %s: %s\n", c->request_id,
		    c->conf.db_path, sqlite3_errstr(rc));
		return NULL;
	}
	return c->db;
}

int
ctx_try_auth(struct ctx *c)
{
	if (c->authed)
		return 1;
	if (c->app->authenticate == NULL)
		return 0;
	memset(&c->err, 0, sizeof(c->err));
	if (c->app->authenticate(c) == 0)
		c->authed = 1;
	else
		memset(&c->err, 0, sizeof(c->err));
	return c->authed;
}

int
ctx_ok(struct ctx *c, int status, cJSON *data)
{
	resp_data(&c->resp, status, data, c->request_id);
	return 0;
}

int
ctx_fail(struct ctx *c, int status, const char *code, const char *fmt, ...)
{
	va_list	 ap;

	c->err.status = status;
	c->err.code = code;
	va_start(ap, fmt);
	vsnprintf(c->err.message, sizeof(c->err.message), fmt, ap);
	va_end(ap);
	return -1;
}

int
ctx_fail_fields(struct ctx *c, const char *message)
{
	if (c->err.nfields == 0)
		return 0;
	return ctx_fail(c, 422, "VALIDATION_ERROR", "%s", message);
}

int
ctx_fail_maintenance(struct ctx *c, const char *message)
{
	char	 secs[16];

	snprintf(secs, sizeof(secs), "%d", MAINTENANCE_RETRY_AFTER);
	resp_header(&c->resp, "Retry-After", secs);
	return ctx_fail(c, 503, "SERVICE_UNAVAILABLE", "%s", message);
}

/* 1 (and c->err filled) when the site is in maintenance and this binary
 * does not answer then.  One failed open() when the site is up. */
static int
refused_for_maintenance(struct ctx *c)
{
	char	 msg[MAINTENANCE_MSG_MAX + 1];

	if (strcmp(c->app->name, APP_HEALTH) == 0 ||
	    !maintenance_get(&c->conf, msg, sizeof(msg), NULL))
		return 0;
	ctx_fail_maintenance(c, msg);
	return 1;
}

int
ctx_fail_db(struct ctx *c, int rc)
{
	const char *msg = c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc);

	db_rollback(c->db);
	fprintf(stderr, "skyfox[%s] sqlite error %d: %s\n", c->request_id, rc,
	    msg);
	if (db_unavailable(rc))
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the database is busy or unavailable; try again shortly");
	return ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
}

const char *
ctx_arg(const struct ctx *c, int i)
{
	return i < c->nargs ? c->arg[i] : "";
}

long long
ctx_arg_id(const struct ctx *c, int i)
{
	const char *s = ctx_arg(c, i);
	long long v = 0;

	(void)text_parse_id(s, strlen(s), &v);
	return v;
}

static const char *
env_get(const char *name)
{
	return getenv(name);
}

static int
is_write(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 &&
	    strcmp(m, "OPTIONS") != 0;
}

/* A write from another site is refused whoever is logged in (DESIGN §8):
 * browsers send Origin on cross-origin POSTs and Sec-Fetch-Site on all. */
static int
cross_site(const struct req *r)
{
	char	 want[300];

	if (r->sec_fetch_site != NULL &&
	    strcmp(r->sec_fetch_site, "cross-site") == 0)
		return 1;
	if (r->origin == NULL || strcmp(r->origin, "null") == 0)
		return r->origin != NULL;
	snprintf(want, sizeof(want), "%s://%s", r->https ? "https" : "http",
	    r->host);
	return strcasecmp(r->origin, want) != 0;
}

static int
dispatch(struct ctx *c)
{
	const char *method = c->req.method;
	char	 allow[128] = "";
	size_t	 n;
	const struct route *hit = NULL;

	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t i = 0; i < c->app->nroutes; i++) {
		const struct route *rt = &c->app->routes[i];

		if (!route_match(rt->pattern, c->req.path, c->arg, &c->nargs))
			continue;
		if (strcmp(rt->method, method) == 0) {
			hit = rt;
			break;
		}
		if (strstr(allow, rt->method) == NULL &&
		    (n = strlen(allow)) + strlen(rt->method) + 3 < sizeof(allow))
			snprintf(allow + n, sizeof(allow) - n, "%s%s",
			    n > 0 ? ", " : "", rt->method);
	}
	if (hit == NULL && *allow != '\0') {
		if (strstr(allow, "GET") != NULL) {
			n = strlen(allow);
			snprintf(allow + n, sizeof(allow) - n, ", HEAD");
		}
		resp_header(&c->resp, "Allow", allow);
		return ctx_fail(c, 405, "METHOD_NOT_ALLOWED",
		    "%s is not allowed here; allowed: %s", c->req.method, allow);
	}
	if (hit == NULL)
		return ctx_fail(c, 404, "NOT_FOUND", "no such resource");
	/* route_match on a later non-matching pattern may have clobbered the
	 * captures; match again to be sure they are the hit's. */
	(void)route_match(hit->pattern, c->req.path, c->arg, &c->nargs);
	c->route = hit;
	if (is_write(c->req.method) && cross_site(&c->req))
		return ctx_fail(c, 403, "CSRF_FAILED",
		    "cross-site requests are refused");
	if (hit->roles != ROLES_PUBLIC) {
		if (c->app->authenticate == NULL)
			return ctx_fail(c, 500, "INTERNAL_ERROR",
			    "route needs a login but binary has no auth");
		if (c->app->authenticate(c) != 0)
			return -1;
		c->authed = 1;
		if ((hit->roles & c->user.role) == 0)
			return ctx_fail(c, 403, "FORBIDDEN",
			    "your account may not do this");
	}
	return hit->fn(c);
}

int
app_main(const struct app *app)
{
	struct ctx *c;
	char	 why[256];
	enum req_err re;
	long long t0 = clock_mono_us();
	int	 status;

	/* Before anything can create a file: the database's -wal and -shm,
	 * photos and slot files are the web user's alone. */
	umask(077);
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return 1;
	c->app = app;
	make_request_id(c);
	/* The request first, so that even a site without configuration
	 * knows what body is on the wire (req_drain reads it before the
	 * answer: an unread body makes Apache reset the connection). */
	re = req_parse(&c->req, env_get, stdin,
	    app->max_body ? app->max_body : REQ_DEFAULT_MAX_BODY);
	if (conf_load(&c->conf, NULL, why, sizeof(why)) == -1) {
		fprintf(stderr, "skyfox[%s] config: %s\n", c->request_id, why);
		ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is not configured");
	} else if (clock_use_zone(c->conf.timezone) == -1) {
		fprintf(stderr, "skyfox[%s] config: timezone \"%s\" is not a "
		    "time zone this system knows (see /usr/share/zoneinfo); "
		    "fix skyfox.conf\n", c->request_id, c->conf.timezone);
		ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the site is misconfigured; try again later");
	} else {
		c->now = clock_now(&c->conf);
		if (refused_for_maintenance(c))
			;	/* the body is still drained below */
		else if (re == REQ_BAD_FIELD) {
			err_field(&c->err, c->req.field, "%s", c->req.detail);
			ctx_fail(c, 422, "VALIDATION_ERROR",
			    "a text field holds the character U+0000");
		} else if (re != REQ_OK)
			ctx_fail(c, req_err_status(re), req_err_code(re), "%s",
			    c->req.detail[0] ? c->req.detail : "bad request");
		else if (dispatch(c) != 0 && c->err.status == 0)
			ctx_fail(c, 500, "INTERNAL_ERROR", "internal error");
	}
	if (c->err.status != 0) {
		db_rollback(c->db);
		resp_error_extra(&c->resp, &c->err, c->request_id, c->err_extra);
		c->err_extra = NULL;
		if ((c->err.status == 429 || c->err.status == 503) &&
		    strstr(buf_str(&c->resp.headers), "Retry-After:") == NULL)
			resp_header(&c->resp, "Retry-After",
			    c->err.status == 503 ? "2" : "60");
	} else if (c->resp.status == 0) {
		err_set(&c->err, 500, "INTERNAL_ERROR", "handler gave no response");
		resp_error(&c->resp, &c->err, c->request_id);
	}
	status = c->resp.status;
	req_drain(&c->req, stdin);
	resp_write(&c->resp, c->request_id, stdout);
	fprintf(stderr, "skyfox[%s] %s %s %s -> %d %s %.1fms user=%s\n",
	    c->request_id, app->name, c->req.method ? c->req.method : "-",
	    c->route ? c->route->pattern : "-",	/* never raw input */
	    status, c->err.code ? c->err.code : "OK",
	    (clock_mono_us() - t0) / 1000.0,
	    c->authed ? c->user.username : "-");
	cJSON_Delete(c->err_extra);
	db_close(c->db);
	req_free(&c->req);
	resp_free(&c->resp);
	free(c);
	return 0;
}
