/* app — the life of one request, the same in every CGI binary.
 *
 *   main() { return app_main(&app); }
 *
 * app_main loads skyfox.conf, parses the request (bounded), matches method +
 * PATH_INFO against the binary's route table (404 / 405 with Allow),
 * refuses cross-site writes, authenticates and checks the route's roles,
 * runs the handler, writes exactly one response and one log line, and
 * exits.  A handler returns 0 after ctx_ok()/resp_*, or -1 after filling
 * c->err through ctx_fail*(): errors are values, turned into the JSON error
 * envelope here and nowhere else.
 *
 * While the site is in maintenance (lib/maintenance.h: skyfoxctl
 * maintenance, restore) every binary but health (APP_HEALTH, which says
 * why itself) answers 503 with the sysadmin's message before its routes,
 * and opens no database.  Every file
 * a CGI creates is private to the web user (umask 077), whatever Apache's
 * umask: the database's -wal and -shm, photos, slot files. */
#ifndef SKYFOX_APP_H
#define SKYFOX_APP_H

#include <stddef.h>
#include <time.h>
#include <sqlite3.h>
#include <cjson/cJSON.h>

#include "config.h"
#include "err.h"
#include "request.h"
#include "response.h"
#include "user.h"

/* Who may call a route: a mask of the ROLE_* bits of user.h. */
#define ROLES_PUBLIC	0			/* anyone, no login */
#define ROLES_USER	(ROLE_CUSTOMER | ROLE_STAFF | ROLE_ADMIN)
#define ROLES_STAFF	(ROLE_STAFF | ROLE_ADMIN)

#define CTX_MAX_ARGS	4
/* The one app that runs its routes in maintenance. */
#define APP_HEALTH	"health"

struct ctx;
typedef int (*handler_fn)(struct ctx *);

struct route {
	const char	*method;	/* "GET"; HEAD is served by GET */
	const char	*pattern;	/* "/", "/:id", "/:id/seats", "/:id.pdf" */
	int		 roles;		/* ROLES_PUBLIC or a mask of ROLE_* */
	handler_fn	 fn;
};

struct app {
	const char	*name;		/* "bookings": for the log line */
	const struct route *routes;
	size_t		 nroutes;
	size_t		 max_body;	/* 0: REQ_DEFAULT_MAX_BODY */
	/* Set by binaries that have logged-in routes (auth_authenticate);
	 * NULL keeps libsodium out of binaries that never need it. */
	int		(*authenticate)(struct ctx *);
};

struct ctx {
	const struct app *app;
	const struct route *route;
	struct conf	 conf;
	struct req	 req;
	struct resp	 resp;
	struct err	 err;
	sqlite3		*db;		/* opened by ctx_db() on first use */
	time_t		 now;		/* wall clock + clock_offset */
	int		 authed;
	struct user	 user;
	char		 arg[CTX_MAX_ARGS][128];	/* ":name" captures */
	int		 nargs;
	char		 request_id[48];
	/* Members beside "error" in an error body (health in maintenance);
	 * app_main writes and frees them. */
	cJSON		*err_extra;
};

int		 app_main(const struct app *);

/* Match path against pattern, filling args; 1 on match.  (Exposed for the
 * unit tests.) */
int		 route_match(const char *pattern, const char *path,
		    char args[][128], int *nargs);

sqlite3		*ctx_db(struct ctx *);
/* Try to authenticate on a public route (e.g. admin creating staff through
 * the public sign-up route).  1 when a user is logged in. */
int		 ctx_try_auth(struct ctx *);
int		 ctx_ok(struct ctx *, int status, cJSON *data);
int		 ctx_fail(struct ctx *, int status, const char *code,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 422 VALIDATION_ERROR when any field failed; 0 otherwise. */
int		 ctx_fail_fields(struct ctx *, const char *message);
/* 503 SERVICE_UNAVAILABLE with the maintenance message and Retry-After
 * (MAINTENANCE_RETRY_AFTER). */
int		 ctx_fail_maintenance(struct ctx *, const char *message);
/* A failed SQLite call: 503 when unavailable, 500 otherwise (logged). */
int		 ctx_fail_db(struct ctx *, int rc);
const char	*ctx_arg(const struct ctx *, int);
/* Parse a positive id from a path capture; 0 when not a clean number. */
long long	 ctx_arg_id(const struct ctx *, int);

#endif
