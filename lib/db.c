/* db — SQLite access; see db.h. */
#include <sys/file.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db.h"

/* The writers' queue.
 *
 * SQLite's write lock is taken by polling: a writer that finds it held
 * sleeps 1, 2, 5, 10 … 100 ms and tries again, and nothing makes the
 * longest waiter go first.  Under a rush (an opening night's holds and
 * payments) the lock is free again within a millisecond while unlucky
 * requests sleep on, and a few of them lose round after round: hundreds of
 * milliseconds at the tail.  So writers first queue on a kernel lock,
 * flock(2) on "<database>-writer" beside the -wal and -shm files: a
 * blocked writer sleeps until the lock is released and is woken at once.
 * BEGIN IMMEDIATE then nearly always finds SQLite's lock free; SQLite's
 * own lock stays the real one (a writer without the file — another tool,
 * a failed open — still just polls), so this only orders the waiting.
 *
 * A writer that finds the flock free takes it at once.  One that must
 * wait first lines up in arrival order, and only the oldest waiter blocks
 * on the flock: a release wakes it alone (flock wakes every waiter and
 * the scheduler picks; at 64 clients some lost round after round, a hold
 * p99 6× the do-nothing CGI's in issue 13), and it can lose only to a
 * writer arriving at that instant, never to one queued behind it.  A strict first-come queue with no such
 * newcomers was tried and halved the writes per second on a busy machine:
 * each hand-over waited for the one process allowed next to be scheduled
 * (git log lib/db.c has the numbers).
 *
 * The line is a CLH queue of OFD byte locks in "<database>-writer-queue"
 * (db.h: DB_QUEUE_*): under the lock on byte DB_QUEUE_COUNTER a waiter
 * reads ticket t from offset 0, locks its own node DB_QUEUE_SLOT(t) BEFORE
 * storing t + 1 and letting go (so its successor can never find the node
 * free too early), then waits for node t - 1, which frees when that waiter
 * has the flock, gives up or dies.  DB_QUEUE_SLOTS is far more than the
 * writers alive at once, so a node is reused only long after its successor
 * has passed it; were that ever not so, the cost is a stall ended by the
 * timeout, never a wrong write.
 *
 * The kernel drops flocks and OFD locks when a process dies, kill -9
 * included: a dead holder frees the flock, a dead waiter its node (its
 * successor moves up).  The whole wait is bounded by DB_BUSY_TIMEOUT_MS
 * (an interval timer; a CGI is single-threaded), after which BEGIN
 * IMMEDIATE polls as before.  Without the queue file (or OFD locks) a
 * writer waits on the flock alone. */
static struct {
	int	 fd;			/* -1: not open yet; -2: unavailable */
	int	 qfd;			/* the queue file; -2: unavailable */
	int	 held;
	pid_t	 pid;			/* who opened fd */
	char	 path[512];
} writer = { -1, -1, 0, 0, "" };

/* db_after_commit's hook: called between COMMIT and writer_unlock(). */
static struct {
	sqlite3	*db;
	void	(*fn)(sqlite3 *, void *);
	void	*arg;
} after = { NULL, NULL, NULL };

static void
on_alarm(int sig)
{
	(void)sig;			/* only interrupts the waits */
}

/* One byte's OFD lock: F_WRLCK waits (EINTR when the timer fires),
 * F_UNLCK releases. */
static int
lock_byte(int fd, short type, long byte)
{
	struct flock l;

	memset(&l, 0, sizeof(l));
	l.l_type = type;
	l.l_whence = SEEK_SET;
	l.l_start = byte;
	l.l_len = 1;
	return fcntl(fd, type == F_UNLCK ? F_OFD_SETLK : F_OFD_SETLKW, &l);
}

static int
open_or_unavailable(const char *path)
{
	int	 fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	return fd == -1 ? -2 : fd;
}

/* Open the two files once per process and database.  Another database,
 * or a forked child: flocks and OFD locks belong to the open file, which
 * a child shares with its parent, so it needs its own. */
static int
writer_files(sqlite3 *db)
{
	const char *file = sqlite3_db_filename(db, "main");
	char	 path[sizeof(writer.path)], q[sizeof(writer.path) + 8];

	if (file == NULL || *file == '\0' ||
	    snprintf(path, sizeof(path), "%s-writer", file) >=
	    (int)sizeof(path) ||
	    snprintf(q, sizeof(q), "%s-queue", path) >= (int)sizeof(q))
		return -1;
	if (strcmp(path, writer.path) != 0 || writer.pid != getpid()) {
		if (writer.fd >= 0)
			close(writer.fd);
		if (writer.qfd >= 0)
			close(writer.qfd);
		writer.pid = getpid();
		snprintf(writer.path, sizeof(writer.path), "%s", path);
		writer.fd = open_or_unavailable(path);
		writer.qfd = open_or_unavailable(q);
	}
	return writer.fd >= 0 ? 0 : -1;
}

/* Line up: take a ticket and our node, then wait for the node before
 * ours.  Our node's number, or -1 (errno EINTR: the timer fired). */
static long
queue_enter(int fd)
{
	unsigned long long t = 0;
	long	 slot, pred;

	if (lock_byte(fd, F_WRLCK, DB_QUEUE_COUNTER) == -1)
		return -1;
	if (pread(fd, &t, sizeof(t), 0) != (ssize_t)sizeof(t))
		t = 0;			/* a new file */
	slot = (long)(t % DB_QUEUE_SLOTS);
	if (lock_byte(fd, F_WRLCK, DB_QUEUE_SLOT(slot)) == -1) {
		lock_byte(fd, F_UNLCK, DB_QUEUE_COUNTER);
		return -1;
	}
	/* Unstored (a full disk), the next waiter draws our ticket again and
	 * waits for our node holding the counter: in turn still. */
	if (pwrite(fd, &(unsigned long long){ t + 1 }, sizeof(t), 0) !=
	    (ssize_t)sizeof(t))
		t = 0;
	lock_byte(fd, F_UNLCK, DB_QUEUE_COUNTER);
	pred = (slot + DB_QUEUE_SLOTS - 1) % DB_QUEUE_SLOTS;
	if (lock_byte(fd, F_WRLCK, DB_QUEUE_SLOT(pred)) == -1) {
		lock_byte(fd, F_UNLCK, DB_QUEUE_SLOT(slot));
		return -1;
	}
	lock_byte(fd, F_UNLCK, DB_QUEUE_SLOT(pred));
	return slot;
}

/* Wait for the flock, first in line when the queue works. */
static int
writer_wait(void)
{
	long	 slot;
	int	 rc;

	if (writer.qfd < 0)
		return flock(writer.fd, LOCK_EX);
	if ((slot = queue_enter(writer.qfd)) == -1)
		return errno == EINTR ? -1 : flock(writer.fd, LOCK_EX);
	rc = flock(writer.fd, LOCK_EX);
	lock_byte(writer.qfd, F_UNLCK, DB_QUEUE_SLOT(slot));
	return rc;
}

static void
writer_lock(sqlite3 *db)
{
	struct sigaction sa, old_sa;
	struct itimerval t, old_t;
	int	 rc;

	if (writer.held || writer_files(db) == -1)
		return;
	if (flock(writer.fd, LOCK_EX | LOCK_NB) == 0) {
		writer.held = 1;		/* free: no line to join */
		return;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART: waits → EINTR */
	sigemptyset(&sa.sa_mask);
	memset(&t, 0, sizeof(t));
	t.it_value.tv_sec = DB_BUSY_TIMEOUT_MS / 1000;
	t.it_value.tv_usec = (DB_BUSY_TIMEOUT_MS % 1000) * 1000;
	/* Then every 10 ms: a wait that begins after the deadline (the timer
	 * fired between two of the steps) is cut short too. */
	t.it_interval.tv_usec = 10000;
	sigaction(SIGALRM, &sa, &old_sa);
	setitimer(ITIMER_REAL, &t, &old_t);
	rc = writer_wait();
	memset(&t, 0, sizeof(t));
	setitimer(ITIMER_REAL, &t, NULL);
	sigaction(SIGALRM, &old_sa, NULL);
	if (old_t.it_value.tv_sec != 0 || old_t.it_value.tv_usec != 0)
		setitimer(ITIMER_REAL, &old_t, NULL);
	if (rc == 0)
		writer.held = 1;
}

static void
writer_unlock(void)
{
	if (!writer.held)
		return;
	flock(writer.fd, LOCK_UN);
	writer.held = 0;
}

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
	if (db != NULL && after.db == db)
		after.db = NULL;
	if (db != NULL)
		sqlite3_close_v2(db);
	writer_unlock();
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
	int	 rc;

	writer_lock(db);
	if ((rc = db_exec(db, "BEGIN IMMEDIATE")) != SQLITE_OK)
		writer_unlock();
	return rc;
}

int
db_commit(sqlite3 *db)
{
	int	 rc = db_exec(db, "COMMIT");

	/* The hook runs while the flock is still held: the next writer
	 * cannot commit before this one's hook is done.  A writer whose wait
	 * for the queue ran out (DB_BUSY_TIMEOUT_MS) committed without it:
	 * it lines up now, so its hook (the published files, lib/publish.h)
	 * still runs in turn and a file's version never goes backwards.
	 * Past COMMIT it holds no SQLite lock, so this wait cannot deadlock;
	 * if it runs out too, the hook runs anyway (the next write or
	 * skyfoxctl publish puts any file right). */
	if (rc == SQLITE_OK && after.db == db && after.fn != NULL) {
		if (!writer.held)
			writer_lock(db);
		after.fn(db, after.arg);
	}
	/* A failed COMMIT leaves the transaction open: the caller's
	 * db_rollback() ends it and lets the next writer in. */
	if (rc == SQLITE_OK || sqlite3_get_autocommit(db))
		writer_unlock();
	return rc;
}

void
db_after_commit(sqlite3 *db, void (*fn)(sqlite3 *, void *), void *arg)
{
	after.db = fn != NULL ? db : NULL;
	after.fn = fn;
	after.arg = arg;
}

void
db_rollback(sqlite3 *db)
{
	if (db != NULL && !sqlite3_get_autocommit(db))
		(void)db_exec(db, "ROLLBACK");
	writer_unlock();
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

int
db_step_done(sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
db_step_returning(sqlite3_stmt *st, long long *out)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
