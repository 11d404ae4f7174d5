/* security-questions.cgi — GET /api/security-questions: the questions a
 * customer picks one of at sign-up.  Anyone; reference data. */
#include "account.h"
#include "app.h"

static int
get_questions(struct ctx *c)
{
	cJSON	*arr = cJSON_CreateArray();
	int	 rc;

	if (ctx_db(c) == NULL) {
		cJSON_Delete(arr);
		return -1;
	}
	if ((rc = account_list_questions(c->db, arr)) != SQLITE_OK) {
		cJSON_Delete(arr);
		return ctx_fail_db(c, rc);
	}
	resp_header(&c->resp, "Cache-Control", "public, max-age=300");
	return ctx_ok(c, 200, arr);
}

static const struct route routes[] = {
	{ "GET", "", ROLES_PUBLIC, get_questions },
};

int
main(void)
{
	static const struct app app = { "security-questions", routes,
	    sizeof(routes) / sizeof(routes[0]), 0, NULL };

	return app_main(&app);
}
