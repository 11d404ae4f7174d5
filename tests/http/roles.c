/* roles — every route × every role; see roles.h. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "roles.h"

static const struct {
	int		 bit;
	const char	*name, *username, *password;
} who[] = {
	{ RC_ANON, "anonymous", NULL, NULL },
	{ RC_CUSTOMER, "customer", "customer", "Customer#2026" },
	{ RC_STAFF, "staff", "staff", "Staff#2026" },
	{ RC_ADMIN, "admin", "admin", "Admin#2026" },
};

void
roles_check(const struct role_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct role_case *k = &cases[i];

		for (size_t w = 0; w < sizeof(who) / sizeof(who[0]); w++) {
			char	*tok = who[w].username ?
			    login(who[w].username, who[w].password) : NULL;
			struct hresp *r = api(k->method, k->path, k->body, tok);
			int	 may = (k->allowed & who[w].bit) != 0;

			if (may)
				ck_assert_msg(r->status != 401 &&
				    r->status != 403 && r->status != 405 &&
				    r->status < 500,
				    "%s %s as %s: allowed, got %ld %s",
				    k->method, k->path, who[w].name, r->status,
				    r->body);
			else if (who[w].bit == RC_ANON)
				ck_assert_msg(r->status == 401 &&
				    strcmp(jstr(r->json, "error.code"),
				    "UNAUTHORIZED") == 0,
				    "%s %s anonymous: want 401, got %ld %s",
				    k->method, k->path, r->status, r->body);
			else
				ck_assert_msg(r->status == (k->hidden ? 404 :
				    403), "%s %s as %s: want %d, got %ld %s",
				    k->method, k->path, who[w].name,
				    k->hidden ? 404 : 403, r->status, r->body);
			hresp_free(r);
			free(tok);
		}
	}
}
