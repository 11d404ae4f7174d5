/* migrate — numbered schema blocks; see migrate.h. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "migrate.h"
#include "text.h"

#define HEADER	"-- migration "
/* A block that rebuilds a table (SQLite's twelve steps for a schema change
 * ALTER TABLE cannot make) says so on a line of its own: it runs with
 * foreign keys off, since dropping the old table would otherwise break the
 * rows that point at it, and its transaction commits only when
 * PRAGMA foreign_key_check finds nothing. */
#define REBUILD	"\n-- migrate: foreign keys off"

/* The number of the header at p ("-- migration 12: what it does"); -1 when
 * the header is not followed by a number and a colon. */
static long long
block_number(const char *p)
{
	const char *s = p + strlen(HEADER);
	size_t	 k = strspn(s, "0123456789");
	long long v;

	if (s[k] != ':' || text_parse_intn(s, k, 0, INT_MAX, &v) != TEXT_OK)
		return -1;
	return v;
}

/* Find block number n: sets *start and *end around its SQL.  Returns 0 or -1. */
static int
find_block(const char *s, int n, const char **start, const char **end)
{
	const char *p = s;

	while ((p = strstr(p, HEADER)) != NULL) {
		if ((p == s || p[-1] == '\n') && block_number(p) == n) {
			const char *next = p + 1;

			*start = p;
			while ((next = strstr(next, HEADER)) != NULL &&
			    next[-1] != '\n')
				next++;
			*end = next ? next : p + strlen(p);
			return 0;
		}
		p++;
	}
	return -1;
}

int
migrate_latest(const char *s)
{
	const char *p = s;
	int	 expect = 1;

	while ((p = strstr(p, HEADER)) != NULL) {
		if (p == s || p[-1] == '\n') {
			if (block_number(p) != expect)
				return -1;
			expect++;
		}
		p++;
	}
	return expect - 1;
}

/* SQLITE_OK when PRAGMA foreign_key_check finds no row that points
 * nowhere. */
static int
foreign_keys_hold(sqlite3 *db)
{
	sqlite3_stmt *st;
	int	 rc;

	if ((rc = db_prepare(db, "PRAGMA foreign_key_check", &st)) !=
	    SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc == SQLITE_ROW ?
	    SQLITE_CONSTRAINT_FOREIGNKEY : rc;
}

/* One block and its version in one transaction; a rebuild (REBUILD) with
 * foreign keys off around it (the pragma is a no-op inside a
 * transaction) and checked before the commit.  *msg: SQLite's message for
 * the block's own SQL, to sqlite3_free. */
static int
apply_block(sqlite3 *db, const char *sql, const char *pragma, int rebuild,
    char **msg)
{
	int	 rc;

	*msg = NULL;
	if (rebuild && (rc = db_exec(db, "PRAGMA foreign_keys = OFF")) !=
	    SQLITE_OK)
		return rc;
	if ((rc = db_begin(db)) != SQLITE_OK ||
	    (rc = sqlite3_exec(db, sql, NULL, NULL, msg)) != SQLITE_OK ||
	    (rebuild && (rc = foreign_keys_hold(db)) != SQLITE_OK) ||
	    (rc = db_exec(db, pragma)) != SQLITE_OK ||
	    (rc = db_commit(db)) != SQLITE_OK)
		db_rollback(db);
	if (rebuild)
		db_exec(db, "PRAGMA foreign_keys = ON");
	return rc;
}

static int
apply_range(sqlite3 *db, const char *schema, int upto, int *from, int *to,
    char *errbuf, size_t errsz)
{
	int	 cur, latest = migrate_latest(schema), rc;

	if (latest < 0) {
		snprintf(errbuf, errsz, "schema.sql migrations are not numbered 1..N");
		return -1;
	}
	if (upto > latest)
		upto = latest;
	if ((rc = db_user_version(db, &cur)) != SQLITE_OK) {
		snprintf(errbuf, errsz, "%s", sqlite3_errstr(rc));
		return -1;
	}
	*from = cur;
	if (cur > latest) {
		snprintf(errbuf, errsz, "database is at version %d, newer than "
		    "this release (%d)", cur, latest);
		return -1;
	}
	for (int v = cur + 1; v <= upto; v++) {
		const char *start, *end;
		char	*sql, *msg = NULL;
		char	 pragma[64];

		if (find_block(schema, v, &start, &end) == -1) {
			snprintf(errbuf, errsz, "migration %d missing", v);
			return -1;
		}
		if ((sql = strndup(start, (size_t)(end - start))) == NULL)
			return -1;
		/* v is our own loop counter, never input. */
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v);
		rc = apply_block(db, sql, pragma, strstr(sql, REBUILD) != NULL,
		    &msg);
		if (rc != SQLITE_OK) {
			snprintf(errbuf, errsz, "migration %d: %s", v,
			    msg ? msg : rc == SQLITE_CONSTRAINT_FOREIGNKEY ?
			    "foreign key check failed" : sqlite3_errmsg(db));
			sqlite3_free(msg);
			free(sql);
			return -1;
		}
		free(sql);
		*to = v;
	}
	if (*to < cur)
		*to = cur;
	return 0;
}

int
migrate_apply(sqlite3 *db, const char *schema, int *from, int *to,
    char *errbuf, size_t errsz)
{
	*from = *to = 0;
	return apply_range(db, schema, 1 << 30, from, to, errbuf, errsz);
}

int
migrate_apply_upto(sqlite3 *db, const char *schema, int upto, char *errbuf,
    size_t errsz)
{
	int	 from = 0, to = 0;

	return apply_range(db, schema, upto, &from, &to, errbuf, errsz);
}
