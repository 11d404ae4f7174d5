/* db — SQLite access; see db.h. */
#include <string.h>

#include "db.h"

static int
setup(sqlite3 *db, int readonly)
{
	int	 rc;

	/* SQLite's own backoff (1, 2, 5, 10 … ms).  Short jittered naps were
	 * tried and measured worse: 64 writers polling every 0.3 ms on two
	 * cores halved the holds per second (bench/booking.sh). */
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if (!readonly &&
	    (rc = db_exec(db, "PRAGMA journal_mode=WAL")) != SQLITE_OK)
		return rc;
	if ((rc = db_exec(db, "PRAGMA foreign_keys=ON")) != SQLITE_OK)
		return rc;
	return db_exec(db, "PRAGMA synchronous=NORMAL");
}

/* Process-wide settings, made once before SQLite initialises itself.  A
 * CGI lives for one request, so start-up is its cost: the memory-usage
 * statistics go: they take a mutex around every allocation, and parsing
 * the schema alone allocates thousands of times (callgrind: 9 % of a seat
 * map request).  Each connection is opened NOMUTEX: a connection is never
 * shared by threads. */
static void
configure(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
db_open(const char *path, sqlite3 **out)
{
	int	 rc;

	configure();
	*out = NULL;
	rc = sqlite3_open_v2(path, out, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = setup(*out, 0);
	if (rc != SQLITE_OK) {
		sqlite3_close(*out);
		*out = NULL;
	}
	return rc;
}

int
db_open_readonly(const char *path, sqlite3 **out)
{
	int	 rc;

	configure();
	*out = NULL;
	rc = sqlite3_open_v2(path, out, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = setup(*out, 1);
	if (rc != SQLITE_OK) {
		sqlite3_close(*out);
		*out = NULL;
	}
	return rc;
}

void
db_close(sqlite3 *db)
{
	if (db != NULL)
		sqlite3_close_v2(db);
}

int
db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	return sqlite3_prepare_v2(db, sql, -1, st, NULL);
}

int
db_exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int
db_begin(sqlite3 *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(sqlite3 *db)
{
	return db_exec(db, "COMMIT");
}

void
db_rollback(sqlite3 *db)
{
	if (db != NULL && !sqlite3_get_autocommit(db))
		(void)db_exec(db, "ROLLBACK");
}

static int
idx(sqlite3_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(st, name);
}

int
db_bind_text(sqlite3_stmt *st, const char *name, const char *text)
{
	int	 i = idx(st, name);

	if (i == 0)
		return SQLITE_RANGE;
	if (text == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

int
db_bind_int(sqlite3_stmt *st, const char *name, long long v)
{
	int	 i = idx(st, name);

	return i == 0 ? SQLITE_RANGE : sqlite3_bind_int64(st, i, v);
}

int
db_bind_blob(sqlite3_stmt *st, const char *name, const void *p, int n)
{
	int	 i = idx(st, name);

	return i == 0 ? SQLITE_RANGE :
	    sqlite3_bind_blob(st, i, p, n, SQLITE_TRANSIENT);
}

int
db_bind_null(sqlite3_stmt *st, const char *name)
{
	int	 i = idx(st, name);

	return i == 0 ? SQLITE_RANGE : sqlite3_bind_null(st, i);
}

const char *
db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t != NULL ? (const char *)t : "";
}

int
db_unavailable(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PROTOCOL:
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return 1;
	default:
		return 0;
	}
}

int
db_user_version(sqlite3 *db, int *out)
{
	sqlite3_stmt *st;
	int	 rc;

	*out = 0;
	if ((rc = db_prepare(db, "PRAGMA user_version", &st)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}
