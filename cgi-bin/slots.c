/* slots.cgi — GET /api/slots: the daily slots; with date and screen_id,
 * whether each is free on that screen that day (past ones are not), and with
 * movie_id, whether that film fits (a film longer than its slot must not run
 * into the next show).  Logged in. */
#include <stdio.h>

#include "app.h"
#include "auth.h"
#include "clock.h"
#include "movie.h"
#include "screen.h"
#include "show.h"
#include "slot.h"

/* The largest id the page ever read: 16 digits. */
#define SLOTS_ID_MAX	9999999999999999LL

/* A positive id from the query; 0 when absent or blank, -1 when bad. */
static long long
query_id(struct ctx *c, const char *name)
{
	long long x = 0;
	enum req_int ri = req_query_int(&c->req, name, 1, SLOTS_ID_MAX, &x);

	return ri == REQ_INT_OK || ri == REQ_INT_ABSENT ? x : -1;
}

static int
get_slots(struct ctx *c)
{
	const char *date = req_query(&c->req, "date");
	long long screen = query_id(c, "screen_id");
	long long movie_id = query_id(c, "movie_id");
	struct screen sc;
	struct movie m;
	cJSON	*list;
	int	 y, mo, d, rc, length = 0;

	if (date != NULL && *date == '\0')
		date = NULL;
	if (date != NULL && clock_parse_date(date, &y, &mo, &d) == -1)
		err_field(&c->err, "date", "must be a calendar date as YYYY-MM-DD");
	if (screen < 0)
		err_field(&c->err, "screen_id", "must be a screen id");
	if (movie_id < 0)
		err_field(&c->err, "movie_id", "must be a movie id");
	if ((date == NULL) != (screen == 0))
		err_field(&c->err, date == NULL ? "date" : "screen_id",
		    "date and screen_id go together");
	if (c->err.nfields > 0)
		return ctx_fail(c, 400, "VALIDATION_ERROR",
		    "some parameters are not valid");
	if (ctx_db(c) == NULL)
		return -1;
	if (date == NULL) {
		if ((rc = slot_list(c->db, &list)) != SQLITE_OK)
			return ctx_fail_db(c, rc);
		return ctx_ok(c, 200, list);
	}
	if ((rc = screen_get(c->db, screen, &sc)) == SQLITE_DONE) {
		err_field(&c->err, "screen_id", "no such screen");
		return ctx_fail(c, 400, "VALIDATION_ERROR", "no such screen");
	}
	if (rc != SQLITE_ROW)
		return ctx_fail_db(c, rc);
	if (movie_id > 0) {
		if ((rc = movie_get(c->db, movie_id, &m)) == SQLITE_DONE) {
			err_field(&c->err, "movie_id", "no such movie");
			return ctx_fail(c, 400, "VALIDATION_ERROR",
			    "no such movie");
		}
		if (rc != SQLITE_ROW)
			return ctx_fail_db(c, rc);
		length = show_length_min(m.runtime_min,
		    show_trailer_minutes(&c->conf));
		movie_free(&m);
	}
	if ((rc = show_slots(c->db, screen, date, length, c->now, &list)) !=
	    SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, list);
}

static const struct route routes[] = {
	{ "GET", "",  ROLES_USER, get_slots },
	{ "GET", "/", ROLES_USER, get_slots },
};

int
main(void)
{
	static const struct app app = { "slots", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
