/* ticket-types.cgi — /api/ticket-types: who a seat is sold to.
 *
 *   GET   /api/ticket-types         anyone: every type, in order
 *   POST  /api/ticket-types         admin: add {"code","name","min_age",
 *                                   "max_age","active","sort"}
 *   PATCH /api/ticket-types/<code>  admin: change any of name, min_age,
 *                                   max_age, active, sort
 *
 * The rules live in lib/pricing.c; this file reads, calls and answers. */
#include <stdio.h>

#include "app.h"
#include "auth.h"
#include "pricing.h"
#include "publish.h"

#define TYPES_MAX_BODY	(4u * 1024)

/* A pricing error as the API answers it (the fields are already in
 * c->err). */
static int
fail_pricing(struct ctx *c, enum pricing_err e, int rc)
{
	switch (e) {
	case PRICING_ERR_INVALID:
		return ctx_fail_fields(c, "please correct the marked fields");
	case PRICING_ERR_EXISTS:
		return ctx_fail(c, 409, "VALIDATION_ERROR", "a ticket type "
		    "with that code or name already exists");
	case PRICING_ERR_NOT_FOUND:
		return ctx_fail(c, 404, "NOT_FOUND", "no such ticket type");
	default:
		return ctx_fail_db(c, rc);
	}
}

static int
get_types(struct ctx *c)
{
	cJSON	*list;
	int	 rc;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = tickettype_list_json(c->db, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, list);
}

static int
post_type(struct ctx *c)
{
	struct tickettype t, out;
	enum pricing_err e;
	unsigned set;
	int	 rc;

	if (tickettype_parse(c->req.body, 1, &t, &set, &c->err) == -1)
		return ctx_fail_fields(c, "please correct the marked fields");
	if (ctx_db(c) == NULL)
		return -1;
	/* Every seat map and day list names the types on sale. */
	publish_attach(c->db, &c->conf);
	if ((e = tickettype_create(c->db, &t, &c->err, &rc)) != PRICING_OK)
		return fail_pricing(c, e, rc);
	if ((rc = tickettype_get(c->db, t.code, &out)) != SQLITE_ROW)
		return ctx_fail_db(c, rc);
	fprintf(stderr, "skyfox[%s] ticket type %s added by %s\n",
	    c->request_id, out.code, c->user.username);
	return ctx_ok(c, 201, tickettype_json(&out));
}

static int
patch_type(struct ctx *c)
{
	const char *code = ctx_arg(c, 0);
	struct tickettype t, out;
	enum pricing_err e;
	unsigned set;
	int	 rc;

	if (!pricing_code_valid(code))
		return fail_pricing(c, PRICING_ERR_NOT_FOUND, 0);
	if (tickettype_parse(c->req.body, 0, &t, &set, &c->err) == -1)
		return ctx_fail_fields(c, "please correct the marked fields");
	if (ctx_db(c) == NULL)
		return -1;
	publish_attach(c->db, &c->conf);
	if ((e = tickettype_update(c->db, code, &t, set, &out, &c->err,
	    &rc)) != PRICING_OK)
		return fail_pricing(c, e, rc);
	fprintf(stderr, "skyfox[%s] ticket type %s changed by %s\n",
	    c->request_id, out.code, c->user.username);
	return ctx_ok(c, 200, tickettype_json(&out));
}

static const struct route routes[] = {
	{ "GET",   "",       ROLES_PUBLIC, get_types },
	{ "GET",   "/",      ROLES_PUBLIC, get_types },
	{ "POST",  "",       ROLE_ADMIN, post_type },
	{ "POST",  "/",      ROLE_ADMIN, post_type },
	{ "PATCH", "/:code", ROLE_ADMIN, patch_type },
};

int
main(void)
{
	static const struct app app = { "ticket-types", routes,
	    sizeof(routes) / sizeof(routes[0]), TYPES_MAX_BODY,
	    auth_authenticate };

	return app_main(&app);
}
