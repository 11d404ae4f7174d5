/* screens.cgi — GET /api/screens: the screens, their sizes and seat
 * categories (logged in). */
#include "app.h"
#include "auth.h"
#include "screen.h"

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

static const struct route routes[] = {
	{ "GET", "",  ROLES_USER, get_list },
	{ "GET", "/", ROLES_USER, get_list },
};

int
main(void)
{
	static const struct app app = { "screens", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, auth_authenticate };

	return app_main(&app);
}
