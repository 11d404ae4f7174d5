/* health.cgi — GET /api/health: is the site up, and is cron running.
 * For monitoring and for the pages; anyone may call it.  Links no
 * libsodium.
 *
 *   200 {"data": {"status": "ok", "schema_version", "time", "cinema",
 *                 "cron": {"sweep-holds": "ok"|"late", …}}}
 *
 * A late cron job is a warning, not an outage: still 200.  The cron states
 * are a few small files (lib/cronrun.h), no database work.
 *
 * In maintenance (skyfoxctl maintenance, or a restore under way) it is the
 * one binary that still runs its route, to say why: 503 SERVICE_UNAVAILABLE
 * with Retry-After, the API's error shape, and beside it its own members —
 * "status": "maintenance", "message", "since", "time", "cinema", "cron" —
 * without opening the database, which a restore is replacing. */
#include <stdio.h>

#include "app.h"
#include "clock.h"
#include "cronrun.h"
#include "db.h"
#include "json.h"
#include "version.h"
#include "maintenance.h"

static cJSON *
cron_states(const struct ctx *c)
{
	cJSON	*o = cJSON_CreateObject();

	for (size_t i = 0; i < cronrun_njobs; i++)
		json_add_str(o, cronrun_jobs[i].name, cronrun_late(&c->conf,
		    cronrun_jobs[i].name, c->now) ? "late" : "ok");
	return o;
}

static int
in_maintenance(struct ctx *c, const char *msg, time_t since)
{
	cJSON	*x = cJSON_CreateObject();

	json_add_str(x, "status", "maintenance");
	json_add_str(x, "message", msg);
	json_add_time(x, "since", since);
	json_add_time(x, "time", c->now);
	json_add_str(x, "cinema", c->conf.cinema_name);
	json_add_str(x, "version", skyfox_version);
	cJSON_AddItemToObject(x, "cron", cron_states(c));
	c->err_extra = x;
	return ctx_fail_maintenance(c, msg);
}

static int
get_health(struct ctx *c)
{
	sqlite3	*db;
	int	 v, rc;
	char	 iso[32], msg[MAINTENANCE_MSG_MAX + 1];
	time_t	 since;
	cJSON	*d;

	if (maintenance_get(&c->conf, msg, sizeof(msg), &since))
		return in_maintenance(c, msg, since);
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
	cJSON_AddItemToObject(d, "cron", cron_states(c));
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "GET", "", ROLES_PUBLIC, get_health },
	{ "GET", "/", ROLES_PUBLIC, get_health },
};

int
main(void)
{
	static const struct app app = { APP_HEALTH, routes,
	    sizeof(routes) / sizeof(routes[0]), 0, NULL };

	return app_main(&app);
}
