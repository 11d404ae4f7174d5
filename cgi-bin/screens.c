/* screens.cgi — /api/screens: the screens and the layouts the manager
 * draws (issue 15 item 3).
 *
 *   GET  /api/screens       logged in: screens, sizes, seat categories
 *   GET  /api/screens/<id>  logged in: the layout (lib/screen.h)
 *   POST /api/screens       admin: a new screen from a layout
 *   PUT  /api/screens/<id>  admin: replace the layout; refused with 409
 *                           SCREEN_IN_USE when it changes a seat held or
 *                           sold for a show to come
 *
 * The rules live in lib/screen.c; an edit changes the seat maps of the
 * screen's shows to come, so the connection publishes after its COMMIT
 * (lib/publish.h). */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "auth.h"
#include "clock.h"
#include "publish.h"
#include "screen.h"
#include "ticket.h"

/* A layout of SCREEN_SEATS_MAX seats at ~110 bytes of JSON each (and
 * apache.conf's LimitRequestBody for these routes). */
#define SCREENS_MAX_BODY	(256u * 1024)

static int
get_list(struct ctx *c)
{
	cJSON	*list;
	int	 rc;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = screen_list(c->db, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, list);
}

static int
not_found(struct ctx *c)
{
	return ctx_fail(c, 404, "NOT_FOUND", "no such screen");
}

static int
get_layout(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);
	cJSON	*o;
	int	 rc;

	if (id == 0)
		return not_found(c);
	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = screen_layout_json(c->db, id, &o)) == SQLITE_DONE)
		return not_found(c);
	if (rc != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, o);
}

/* The one place a screen_fail becomes a status, a code and a message. */
static int
fail_answer(struct ctx *c, const struct screen_fail *f)
{
	char	 at[32], day[32];

	switch (f->err) {
	case SCREEN_ERR_VALIDATION:
		err_field(&c->err, f->field, "%s", f->detail);
		return ctx_fail_fields(c, "please correct the layout");
	case SCREEN_ERR_NOT_FOUND:
		return not_found(c);
	case SCREEN_ERR_NAME_TAKEN:
		err_field(&c->err, "name", "another screen has this name");
		return ctx_fail_fields(c, "another screen has this name");
	case SCREEN_ERR_IN_USE:
		/* The show's day as the pages and the ticket say it. */
		clock_iso8601(f->show_starts_at, at);
		ticket_day_text(f->show_starts_at, day, sizeof(day));
		err_field(&c->err, "rows", "%s is held or sold for %s on %s at "
		    "%.5s", f->seat, f->show_title, day, at + 11);
		return ctx_fail(c, 409, "SCREEN_IN_USE", "%s is held or sold "
		    "for %s on %s at %.5s (show %lld): that show keeps its "
		    "seats as they are, so this change can't be made until "
		    "it is over or the booking is cancelled", f->seat,
		    f->show_title, day, at + 11, f->show_id);
	case SCREEN_OK:
	case SCREEN_ERR_DB:
		break;
	}
	return ctx_fail_db(c, f->rc);
}

/* POST (id 0: 201 and its Location) or PUT /<id> (200): parse, save,
 * answer the layout as stored. */
static int
save(struct ctx *c, long long id)
{
	int	 created = id == 0;
	struct screen_layout *l;
	struct screen_fail f;
	cJSON	*o;
	int	 rc;

	if ((l = malloc(sizeof(*l))) == NULL)
		return ctx_fail_db(c, SQLITE_NOMEM);
	if (screen_parse_layout(c->req.body, l, &f) == -1) {
		free(l);
		return fail_answer(c, &f);
	}
	if (ctx_db(c) == NULL) {
		free(l);
		return -1;
	}
	publish_attach(c->db, &c->conf);
	rc = screen_save(c->db, c->now, &id, l, &f);
	free(l);
	if (rc == -1)
		return fail_answer(c, &f);
	if ((rc = screen_layout_json(c->db, id, &o)) != SQLITE_OK)
		return ctx_fail_db(c, rc == SQLITE_DONE ? SQLITE_ERROR : rc);
	if (created) {
		char	 loc[64];

		snprintf(loc, sizeof(loc), "/api/screens/%lld", id);
		resp_header(&c->resp, "Location", loc);
		return ctx_ok(c, 201, o);
	}
	return ctx_ok(c, 200, o);
}

static int
post_screen(struct ctx *c)
{
	return save(c, 0);
}

static int
put_screen(struct ctx *c)
{
	long long id = ctx_arg_id(c, 0);

	return id == 0 ? not_found(c) : save(c, id);
}

static const struct route routes[] = {
	{ "GET",  "",     ROLES_USER, get_list },
	{ "GET",  "/",    ROLES_USER, get_list },
	{ "POST", "",     ROLE_ADMIN, post_screen },
	{ "POST", "/",    ROLE_ADMIN, post_screen },
	{ "GET",  "/:id", ROLES_USER, get_layout },
	{ "PUT",  "/:id", ROLE_ADMIN, put_screen },
};

int
main(void)
{
	static const struct app app = { "screens", routes,
	    sizeof(routes) / sizeof(routes[0]), SCREENS_MAX_BODY,
	    auth_authenticate };

	return app_main(&app);
}
