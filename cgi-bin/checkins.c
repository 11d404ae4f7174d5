/* checkins.cgi — the door.
 *
 *   POST /api/checkins           {"codes":[…]} and/or {"booking_ids":[…]},
 *                                optional "show_id" (refuse other shows'
 *                                tickets); at most 50 → three lists
 *   GET  /api/checkins?show_id=  a show's ticket holders, who is in, counts
 *   GET  /api/checkins?date=     the day's shows with counts (default today)
 *   GET  /api/checkins/key       the public key that verifies ticket codes
 *
 * Staff and admin, except the key, which is public: a scanner holding only
 * it can verify codes offline.  The rules and the JSON live in
 * lib/checkin.c.  Links no libharu, libqrencode or libpng. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "checkin.h"
#include "clock.h"
#include "json.h"
#include "keys.h"
#include "text.h"

/* The message of each way a body can ask for nothing usable; the fields
 * say what was wrong. */
static const char *const parse_messages[] = {
	[CHECKIN_PARSE_NOTHING] = "nothing to check in",
	[CHECKIN_PARSE_TOO_MANY] = "too many tickets in one request",
};

/* --- POST ---------------------------------------------------------------- */

static int
post_checkins(struct ctx *c)
{
	static struct checkin_item items[CHECKIN_MAX_BATCH];
	unsigned char pk[KEYS_SIGN_PUBLIC_LEN];
	struct checkin_opts o;
	enum checkin_parse pr;
	long long show_id = 0;
	sqlite3	*db;
	int	 n = 0, rc;

	if (json_get_int(c->req.body, "show_id", &show_id) == -1 || show_id < 0) {
		err_field(&c->err, "show_id", "must be a show id");
		return ctx_fail_fields(c, "invalid show");
	}
	if (keys_load_ticket_public(&c->conf, pk) == -1) {
		fprintf(stderr, "skyfox[%s] ticket public key missing; run "
		    "skyfoxctl migrate\n", c->request_id);
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "check-in is unavailable right now; try again later");
	}
	if ((pr = checkin_parse(c->req.body, pk, items, &n, &c->err)) !=
	    CHECKIN_PARSE_OK)
		return ctx_fail_fields(c, parse_messages[pr]);
	if ((db = ctx_db(c)) == NULL)
		return -1;
	o.now = c->now;
	o.user_id = c->user.id;
	o.opens_minutes = checkin_opens_minutes(&c->conf);
	o.show_id = show_id;
	if ((rc = checkin_apply(db, &o, items, n)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, checkin_batch_json(items, n));
}

/* --- GET ----------------------------------------------------------------- */

static int
get_show(struct ctx *c, const char *arg)
{
	struct checkin_show s;
	long long id;
	sqlite3	*db;
	cJSON	*d;
	int	 rc, found;

	if (text_parse_id(arg, strlen(arg), &id) != TEXT_OK) {
		err_field(&c->err, "show_id", "must be a show id");
		return ctx_fail_fields(c, "invalid show");
	}
	if ((db = ctx_db(c)) == NULL)
		return -1;
	rc = checkin_show_load(db, id, checkin_opens_minutes(&c->conf), 1, &s,
	    &found);
	if (rc != SQLITE_OK) {
		checkin_show_free(&s);
		return ctx_fail_db(c, rc);
	}
	if (!found)
		return ctx_fail(c, 404, "SHOW_NOT_FOUND", "no such show");
	d = checkin_show_json(&s, c->now, 1);
	checkin_show_free(&s);
	return ctx_ok(c, 200, d);
}

static int
get_checkins(struct ctx *c)
{
	const char *show = req_query(&c->req, "show_id");
	const char *date = req_query(&c->req, "date");
	struct checkin_show *v;
	char	 today[11];
	int	 y, m, dd, n, rc;
	sqlite3	*db;
	cJSON	*d;

	if (show != NULL)
		return get_show(c, show);
	if (date == NULL || *date == '\0') {
		clock_date(c->now, today);
		date = today;
	} else if (clock_parse_date(date, &y, &m, &dd) == -1) {
		err_field(&c->err, "date", "must be a date, YYYY-MM-DD");
		return ctx_fail_fields(c, "invalid date");
	}
	if ((db = ctx_db(c)) == NULL)
		return -1;
	if ((rc = checkin_day_load(db, date, checkin_opens_minutes(&c->conf),
	    &v, &n)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	d = checkin_day_json(date, v, n, c->now);
	free(v);
	return ctx_ok(c, 200, d);
}

static int
get_key(struct ctx *c)
{
	unsigned char pk[KEYS_SIGN_PUBLIC_LEN];
	char	 b64[KEYS_SIGN_PUBLIC_B64];
	cJSON	*d;

	if (keys_load_ticket_public(&c->conf, pk) == -1) {
		fprintf(stderr, "skyfox[%s] ticket public key missing; run "
		    "skyfoxctl migrate\n", c->request_id);
		return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
		    "the ticket key is not available right now");
	}
	keys_public_b64(pk, b64);
	d = cJSON_CreateObject();
	json_add_str(d, "algorithm", "Ed25519");
	json_add_str(d, "public_key", b64);
	json_add_str(d, "encoding", "base64url, no padding");
	json_add_str(d, "format", "SKYFOX1.<booking id>.<signature>");
	json_add_str(d, "signed_message", "SKYFOX1.<booking id>");
	/* Public, and changes only when the sysadmin replaces the key. */
	resp_header(&c->resp, "Cache-Control", "public, max-age=300");
	return ctx_ok(c, 200, d);
}

static const struct route routes[] = {
	{ "GET", "/key", ROLES_PUBLIC, get_key },
	{ "GET", "", ROLES_STAFF, get_checkins },
	{ "GET", "/", ROLES_STAFF, get_checkins },
	{ "POST", "", ROLES_STAFF, post_checkins },
	{ "POST", "/", ROLES_STAFF, post_checkins },
};

int
main(void)
{
	static const struct app app = { "checkins", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
