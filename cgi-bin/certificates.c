/* certificates.cgi — GET /api/certificates: the age ratings a film can
 * carry (lib/certificate.h), in the board's order.  Anyone; reference
 * data, so caches may keep it a while. */
#include "app.h"
#include "certificate.h"

static int
get_certificates(struct ctx *c)
{
	cJSON	*list;
	int	 rc;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = certificate_list(c->db, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	resp_header(&c->resp, "Cache-Control", "public, max-age=300");
	return ctx_ok(c, 200, list);
}

static const struct route routes[] = {
	{ "GET", "",  ROLES_PUBLIC, get_certificates },
	{ "GET", "/", ROLES_PUBLIC, get_certificates },
};

int
main(void)
{
	static const struct app app = { "certificates", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, NULL };

	return app_main(&app);
}
