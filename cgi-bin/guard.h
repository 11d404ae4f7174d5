/* guard — the HTTP face of the limits in lib/ (ratelimit.h, workslot.h),
 * shared by the CGIs that count attempts: the one place where "blocked"
 * becomes 429 RATE_LIMITED and "no slot" becomes 503 SERVICE_UNAVAILABLE,
 * each with Retry-After (DESIGN §10.1).  Header-only: each CGI is one .c. */
#ifndef SKYFOX_GUARD_H
#define SKYFOX_GUARD_H

#include <stdio.h>

#include "app.h"
#include "ratelimit.h"
#include "workslot.h"

/* Reserve this attempt (ratelimit_reserve).  0: go ahead, the attempt is
 * counted; -1: c failed with 429 + Retry-After, or the database error. */
static inline int
guard_reserve(struct ctx *c, struct ratelimit *rl)
{
	char	 v[16];
	int	 rc, wait;

	if (ctx_db(c) == NULL)
		return -1;
	if ((rc = ratelimit_reserve(c->db, rl, c->now, &wait)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	if (wait == 0)
		return 0;
	snprintf(v, sizeof(v), "%d", wait);
	resp_header(&c->resp, "Retry-After", v);
	return ctx_fail(c, 429, "RATE_LIMITED",
	    "too many attempts; try again in %d seconds", wait);
}

/* The attempt succeeded (ratelimit_succeed); -1 on a database error. */
static inline int
guard_succeed(struct ctx *c, struct ratelimit *rl)
{
	int	 rc;

	if ((rc = ratelimit_succeed(c->db, rl)) != SQLITE_OK)
		return ctx_fail_db(c, rc);
	return 0;
}

/* The attempt reached no verdict: give it back, best effort (the answer
 * is already an error). */
static inline void
guard_release(struct ctx *c, struct ratelimit *rl)
{
	if (c->db != NULL)
		(void)ratelimit_release(c->db, rl);
}

/* 503 for work that found no free slot. */
static inline int
guard_busy(struct ctx *c)
{
	char	 v[16];

	snprintf(v, sizeof(v), "%d", WORKSLOT_RETRY_AFTER);
	resp_header(&c->resp, "Retry-After", v);
	return ctx_fail(c, 503, "SERVICE_UNAVAILABLE",
	    "the site is busy; try again in a few seconds");
}

#endif
