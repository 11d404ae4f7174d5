/* roles — the shared role check: every route against every role.
 *
 * A feature lists its routes once, with who may call each:
 *
 *   static const struct role_case cases[] = {
 *       { "GET",  "/api/users/me", NULL, ROLE_ANYONE_LOGGED_IN },
 *       { "POST", "/api/shows", "{}", RC_ADMIN },
 *   };
 *   roles_check(cases, sizeof(cases) / sizeof(cases[0]));
 *
 * roles_check calls each route as an anonymous visitor and as each demo
 * account (customer, staff, admin), with a fresh Bearer token per call.  A
 * caller who may not use the route must get 401 UNAUTHORIZED (anonymous) or
 * 403 FORBIDDEN (logged in; or 404 NOT_FOUND where the case says the
 * resource is hidden rather than forbidden); a caller who may must get
 * anything else (a 422 for the case's empty body is fine: it got past the
 * role check).  Give writes a body that fails validation, so walking the
 * table changes nothing. */
#ifndef SKYFOX_TEST_ROLES_H
#define SKYFOX_TEST_ROLES_H

#include <stddef.h>

#define RC_ANON		0x8	/* no login needed */
#define RC_CUSTOMER	0x1	/* the same bits as lib/app.h's ROLE_* */
#define RC_STAFF	0x2
#define RC_ADMIN	0x4
#define RC_USER		(RC_CUSTOMER | RC_STAFF | RC_ADMIN)
#define RC_STAFF_ADMIN	(RC_STAFF | RC_ADMIN)
#define RC_EVERYONE	(RC_ANON | RC_USER)

struct role_case {
	const char	*method;
	const char	*path;
	const char	*body;		/* JSON or NULL */
	int		 allowed;	/* RC_* mask */
	int		 hidden;	/* 1: refused roles get 404, not 403 */
};

/* Assert every case for every role (Check assertions). */
void	 roles_check(const struct role_case *, size_t n);

#endif
