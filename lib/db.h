/* db — the SQLite connection and the only way SQL is run.
 *
 * Every connection: WAL, foreign keys on, synchronous=NORMAL, a busy
 * timeout.  Statements are prepared with named parameters (":name") and
 * values are bound, never formatted into SQL.  Writers wrap their work in
 * db_begin() (BEGIN IMMEDIATE: the write lock is taken up front, so two
 * writers never deadlock on a lock upgrade).  db_unavailable() says which
 * result codes mean "try again later" (503) rather than "bug" (500). */
#ifndef SKYFOX_DB_H
#define SKYFOX_DB_H

#include <sqlite3.h>

#define DB_BUSY_TIMEOUT_MS	5000

/* The writers' waiting line, "<database>-writer-queue" (lib/db.c explains
 * it): the ticket counter at offset 0, guarded by an OFD lock on byte
 * DB_QUEUE_COUNTER; waiter k's node is an OFD lock on byte
 * DB_QUEUE_SLOT(k % DB_QUEUE_SLOTS).  Public for the tests that watch it. */
#define DB_QUEUE_SLOTS		4096
#define DB_QUEUE_COUNTER	0
#define DB_QUEUE_SLOT(k)	(1 + (k))

int	 db_open(const char *path, sqlite3 **);
int	 db_open_readonly(const char *path, sqlite3 **);
void	 db_close(sqlite3 *);
int	 db_prepare(sqlite3 *, const char *sql, sqlite3_stmt **);
int	 db_begin(sqlite3 *);		/* BEGIN IMMEDIATE */
int	 db_commit(sqlite3 *);
/* After-commit hook (DESIGN §12): once set, every successful db_commit()
 * on this connection calls fn(db, arg) after its COMMIT and before it
 * releases the writers' queue (the flock of db_begin).  So whatever fn does
 * with the committed state (lib/publish.c writes the public files) happens
 * in commit order: the next writer is still waiting for the flock.  fn
 * runs outside any transaction and must not call db_begin/db_commit; its
 * failures are its own (the COMMIT stands).  One hook per process (a CGI
 * has one connection); NULL fn removes it; db_close() forgets it. */
void	 db_after_commit(sqlite3 *, void (*fn)(sqlite3 *, void *), void *arg);
void	 db_rollback(sqlite3 *);	/* safe when no transaction is open */
int	 db_exec(sqlite3 *, const char *sql);	/* constant SQL only */

/* Bind by name; a missing name is a programming error and returns
 * SQLITE_RANGE.  text may be NULL (binds NULL). */
int	 db_bind_text(sqlite3_stmt *, const char *name, const char *text);
int	 db_bind_int(sqlite3_stmt *, const char *name, long long);
int	 db_bind_blob(sqlite3_stmt *, const char *name, const void *, int);
int	 db_bind_null(sqlite3_stmt *, const char *name);

/* Column as text, "" for NULL (never NULL). */
const char *db_text(sqlite3_stmt *, int col);
/* Run a prepared write to completion and finalize it: SQLITE_OK when it
 * finished (SQLITE_DONE), else the step's code. */
int	 db_step_done(sqlite3_stmt *);
/* The same for a write with RETURNING one integer: *out gets it when a
 * row came back (else it is left alone). */
int	 db_step_returning(sqlite3_stmt *, long long *out);

/* 1 when rc means the database is busy, locked, full, read-only or failing
 * I/O: the request should get 503 SERVICE_UNAVAILABLE. */
int	 db_unavailable(int rc);
int	 db_user_version(sqlite3 *, int *);

#endif
