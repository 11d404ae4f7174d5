/* price-cards.cgi — /api/price-cards: a price for every seat category x
 * ticket type (lib/pricing.h).
 *
 *   GET  /api/price-cards   staff/admin: every card with its prices
 *   POST /api/price-cards   admin: {"name","prices":[{"category","type",
 *                           "price"}]}; every active type x category must
 *                           be priced (422 naming the first pair missing)
 *
 * A card is never changed once made: a show's prices change only through
 * PATCH /api/shows/<id>, while nothing of it is sold. */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "auth.h"
#include "pricing.h"

#define CARDS_MAX_BODY	(64u * 1024)

static int
get_cards(struct ctx *c)
{
	cJSON	*list;
	int	 rc;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = pricing_card_list_json(c->db, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return ctx_ok(c, 200, list);
}

/* The new card as the list shows it. */
static int
answer_card(struct ctx *c, long long id)
{
	const cJSON *it;
	cJSON	*list;
	int	 rc;

	if ((rc = pricing_card_list_json(c->db, &list)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	cJSON_ArrayForEach(it, list) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "id");

		if (cJSON_IsNumber(v) && (long long)v->valuedouble == id) {
			cJSON	*one = cJSON_DetachItemViaPointer(list,
			    (cJSON *)it);

			cJSON_Delete(list);
			return ctx_ok(c, 201, one);
		}
	}
	cJSON_Delete(list);
	return ctx_fail_db(c, SQLITE_ERROR);
}

static int
post_card(struct ctx *c)
{
	struct pricing_card_in *in;
	enum pricing_err e;
	long long id = 0;
	int	 rc = 0, rv;

	if ((in = calloc(1, sizeof(*in))) == NULL)
		return ctx_fail_db(c, SQLITE_NOMEM);
	if (pricing_card_parse(c->req.body, in, &c->err) == -1) {
		free(in);
		return ctx_fail_fields(c, "please correct the marked fields");
	}
	if (ctx_db(c) == NULL) {
		free(in);
		return -1;
	}
	e = pricing_card_create(c->db, in, c->user.id, c->now, &id, &c->err,
	    &rc);
	free(in);
	switch (e) {
	case PRICING_OK:
		break;
	case PRICING_ERR_INVALID:
		/* The first missing or wrong price, in the message too. */
		return ctx_fail(c, 422, "VALIDATION_ERROR", "%s",
		    c->err.fields[0].message);
	case PRICING_ERR_EXISTS:
		return ctx_fail(c, 409, "VALIDATION_ERROR", "there is already "
		    "a price card with that name");
	default:
		return ctx_fail_db(c, rc);
	}
	fprintf(stderr, "skyfox[%s] price card %lld made by %s\n",
	    c->request_id, id, c->user.username);
	rv = answer_card(c, id);
	return rv;
}

static const struct route routes[] = {
	{ "GET",  "",  ROLES_STAFF, get_cards },
	{ "GET",  "/", ROLES_STAFF, get_cards },
	{ "POST", "",  ROLE_ADMIN, post_card },
	{ "POST", "/", ROLE_ADMIN, post_card },
};

int
main(void)
{
	static const struct app app = { "price-cards", routes,
	    sizeof(routes) / sizeof(routes[0]), CARDS_MAX_BODY,
	    auth_authenticate };

	return app_main(&app);
}
