/* invariant — what must always be true of the database (DESIGN §6), as
 * queries that return no rows when it holds.
 *
 * The rules of booking, payment and wallet keep these by construction;
 * this module is the second look, for skyfoxctl check (after an upgrade, a
 * restore, or whenever a person wonders) and for the tests.  A query finds
 * the rows that break its invariant, so a violation names its culprits to
 * anyone who runs the SQL by hand.
 *
 * An invariant is a MUST (a broken one is a problem with the data) or a
 * SHOULD (a warning: the site is healthy but something, usually a cron
 * job, is behind).  Queries may use :now, bound to the caller's clock.
 *
 * Nothing here prints: each result goes to the caller's callback, which
 * decides the words.  The order of invariant_table is the order people read
 * in skyfoxctl check's output. */
#ifndef SKYFOX_INVARIANT_H
#define SKYFOX_INVARIANT_H

#include <time.h>
#include <sqlite3.h>

#define INVARIANT_MSG_MAX	160	/* SQLite's error message, cut */

enum invariant_level {
	INVARIANT_MUST = 0,	/* a row is a fault in the data */
	INVARIANT_SHOULD	/* a row is a warning */
};

struct invariant {
	const char		*name;	/* what holds (MUST) or what is
					 * behind (SHOULD), as people read it */
	enum invariant_level	 level;
	const char		*hint;	/* SHOULD: where to look; else NULL */
	const char		*sql;	/* must return no rows */
};

enum invariant_err {
	INVARIANT_OK = 0,
	INVARIANT_ERR_BROKEN,		/* fail.rows rows break it */
	INVARIANT_ERR_DB		/* fail.rc, fail.msg: not checked */
};

struct invariant_fail {
	enum invariant_err err;
	long long	 rows;		/* INVARIANT_ERR_BROKEN */
	int		 rc;		/* INVARIANT_ERR_DB */
	char		 msg[INVARIANT_MSG_MAX];	/* INVARIANT_ERR_DB */
};

/* Called once per invariant, in table order. */
typedef void invariant_cb(const struct invariant *,
    const struct invariant_fail *, void *arg);

extern const struct invariant invariant_table[];
extern const int invariant_count;

/* The schema's own foreign keys (PRAGMA foreign_key_check): not a rule of
 * the cinema, so not in the table; skyfoxctl check runs it first. */
extern const struct invariant invariant_foreign_keys;

/* One invariant: 0 when it holds, else -1 and fail says why. */
int	 invariant_check(sqlite3 *, const struct invariant *, time_t now,
	    struct invariant_fail *);

/* Every invariant of the table, each result to cb (may be NULL).  Returns
 * how many MUST invariants are broken or could not be checked. */
int	 invariant_check_all(sqlite3 *, time_t now, invariant_cb *, void *arg);

#endif
