/* health.cgi — GET /api/health: is the database reachable, at which schema
 * version.  For monitoring; anyone may call it.  Links no libsodium. */
#include <stdio.h>

#include "app.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "version.h"

static int
get_health(struct ctx *c)
{
	sqlite3	*db;
	int	 v, rc;
	char	 iso[32];
	cJSON	*d;

	if ((db = ctx_db(c)) == NULL)
		return -1;
	if ((rc = db_user_version(db, &v)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	if (v == 0)
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the database has no schema; run skyfoxctl migrate");
	clock_iso8601(c->now, iso);
	d = cJSON_CreateObject();
	json_add_str(d, "status", "ok");
	json_add_int(d, "schema_version", v);
	json_add_str(d, "version", skyfox_version);
	json_add_str(d, "time", iso);
	json_add_str(d, "cinema", c->conf.cinema_name);
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "GET", "", ROLES_PUBLIC, get_health },
	{ "GET", "/", ROLES_PUBLIC, get_health },
};

int
main(void)
{
	static const struct app app = { "health", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, NULL };

	return app_main(&app);
}
