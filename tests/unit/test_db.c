/* db: every connection is WAL + foreign keys + busy timeout; parameters are
 * bound by name; failures that mean "try again" are told apart from bugs. */
#include <sys/file.h>
#include <sys/wait.h>

#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "db.h"
#include "unit.h"

static char *dir;
static char *path;
static sqlite3 *db;

static void
setup(void)
{
	dir = unit_tmpdir();
	ck_assert_int_ne(asprintf(&path, "%s/t.db", dir), -1);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
}

static void
teardown(void)
{
	db_close(db);
	db = NULL;
	free(path);
	unit_rmdir(dir);
}

static long long
scalar(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	ck_assert_int_eq(db_prepare(h, sql, &st), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(test_db_open_sets_wal_foreign_keys_and_busy_timeout)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(db_prepare(db, "PRAGMA journal_mode", &st), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq(db_text(st, 0), "wal");
	sqlite3_finalize(st);
	ck_assert_int_eq(scalar(db, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(scalar(db, "PRAGMA busy_timeout"), DB_BUSY_TIMEOUT_MS);
	ck_assert_int_eq(scalar(db, "PRAGMA synchronous"), 1);	/* NORMAL */
}
END_TEST

START_TEST(test_db_foreign_keys_are_enforced)
{
	ck_assert_int_eq(db_exec(db, "CREATE TABLE p(id INTEGER PRIMARY KEY);"
	    "CREATE TABLE c(p INTEGER REFERENCES p(id));"), SQLITE_OK);
	/* Extended result codes are on for every connection. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO c VALUES (42)"),
	    SQLITE_CONSTRAINT_FOREIGNKEY);
}
END_TEST

START_TEST(test_db_binds_parameters_by_name)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(db_prepare(db, "SELECT :name, :n, :nothing, :blob, "
	    ":null", &st), SQLITE_OK);
	ck_assert_int_eq(db_bind_text(st, ":name", "Robert'); DROP TABLE x;--"),
	    SQLITE_OK);
	ck_assert_int_eq(db_bind_int(st, ":n", 9007199254740991LL), SQLITE_OK);
	ck_assert_int_eq(db_bind_text(st, ":nothing", NULL), SQLITE_OK);
	ck_assert_int_eq(db_bind_blob(st, ":blob", "\0\1", 2), SQLITE_OK);
	ck_assert_int_eq(db_bind_null(st, ":null"), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq(db_text(st, 0), "Robert'); DROP TABLE x;--");
	ck_assert_int_eq(sqlite3_column_int64(st, 1), 9007199254740991LL);
	ck_assert_int_eq(sqlite3_column_type(st, 2), SQLITE_NULL);
	/* NULL reads as "" through db_text, never as a NULL pointer. */
	ck_assert_str_eq(db_text(st, 2), "");
	ck_assert_int_eq(sqlite3_column_bytes(st, 3), 2);
	ck_assert_int_eq(sqlite3_column_type(st, 4), SQLITE_NULL);
	sqlite3_finalize(st);
}
END_TEST

START_TEST(test_db_bind_missing_name_is_sqlite_range)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(db_prepare(db, "SELECT :a", &st), SQLITE_OK);
	ck_assert_int_eq(db_bind_text(st, ":b", "x"), SQLITE_RANGE);
	ck_assert_int_eq(db_bind_int(st, ":b", 1), SQLITE_RANGE);
	ck_assert_int_eq(db_bind_blob(st, ":b", "x", 1), SQLITE_RANGE);
	ck_assert_int_eq(db_bind_null(st, ":b"), SQLITE_RANGE);
	/* The name includes its prefix character. */
	ck_assert_int_eq(db_bind_int(st, "a", 1), SQLITE_RANGE);
	ck_assert_int_eq(db_bind_int(st, ":a", 1), SQLITE_OK);
	sqlite3_finalize(st);
}
END_TEST

START_TEST(test_db_begin_takes_the_write_lock_up_front)
{
	sqlite3	*other;

	ck_assert_int_eq(db_exec(db, "CREATE TABLE t(x)"), SQLITE_OK);
	ck_assert_int_eq(db_open(path, &other), SQLITE_OK);
	sqlite3_busy_timeout(other, 0);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	/* A second writer cannot begin while the first holds the lock: that
	 * is a 503, not a 500. */
	{
		int rc = db_begin(other);

		ck_assert_int_eq(rc & 0xFF, SQLITE_BUSY);
		ck_assert(db_unavailable(rc));
	}
	/* Readers still read (WAL). */
	ck_assert_int_eq(scalar(other, "SELECT count(*) FROM t"), 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t VALUES (1)"), SQLITE_OK);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	ck_assert_int_eq(db_begin(other), SQLITE_OK);
	ck_assert_int_eq(scalar(other, "SELECT count(*) FROM t"), 1);
	db_rollback(other);
	db_close(other);
}
END_TEST

START_TEST(test_db_rollback_undoes_and_is_safe_without_transaction)
{
	ck_assert_int_eq(db_exec(db, "CREATE TABLE t(x)"), SQLITE_OK);
	db_rollback(db);		/* nothing open: no-op */
	db_rollback(NULL);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t VALUES (1)"), SQLITE_OK);
	db_rollback(db);
	ck_assert(sqlite3_get_autocommit(db));
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM t"), 0);
}
END_TEST

START_TEST(test_db_readonly_connection_refuses_writes)
{
	sqlite3	*ro;
	int	 rc;

	ck_assert_int_eq(db_exec(db, "CREATE TABLE t(x)"), SQLITE_OK);
	ck_assert_int_eq(db_open_readonly(path, &ro), SQLITE_OK);
	ck_assert_int_eq(scalar(ro, "PRAGMA foreign_keys"), 1);
	rc = db_exec(ro, "INSERT INTO t VALUES (1)");
	ck_assert_int_eq(rc & 0xFF, SQLITE_READONLY);
	ck_assert(db_unavailable(rc));
	db_close(ro);
}
END_TEST

START_TEST(test_db_open_fails_cleanly_on_missing_dir_and_non_database)
{
	sqlite3	*h = (sqlite3 *)1;
	char	*p;
	int	 rc;

	ck_assert_int_ne(asprintf(&p, "%s/no/such/dir/x.db", dir), -1);
	rc = db_open(p, &h);
	ck_assert_int_eq(rc & 0xFF, SQLITE_CANTOPEN);
	ck_assert_ptr_null(h);
	ck_assert(db_unavailable(rc));
	free(p);
	p = unit_write_file(dir, "junk.db", "this is not a database file at all, "
	    "just some text that is long enough to have a header", 88);
	h = (sqlite3 *)1;
	rc = db_open(p, &h);
	ck_assert_int_eq(rc & 0xFF, SQLITE_NOTADB);
	ck_assert_ptr_null(h);
	ck_assert(db_unavailable(rc));
	free(p);
}
END_TEST

START_TEST(test_db_unavailable_maps_try_again_codes_only)
{
	static const int yes[] = { SQLITE_BUSY, SQLITE_LOCKED, SQLITE_FULL,
	    SQLITE_IOERR, SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC,
	    SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, SQLITE_CANTOPEN,
	    SQLITE_READONLY, SQLITE_READONLY_DBMOVED, SQLITE_PROTOCOL,
	    SQLITE_NOTADB, SQLITE_CORRUPT };
	static const int no[] = { SQLITE_OK, SQLITE_ROW, SQLITE_DONE,
	    SQLITE_ERROR, SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_UNIQUE,
	    SQLITE_CONSTRAINT_FOREIGNKEY, SQLITE_CONSTRAINT_TRIGGER,
	    SQLITE_MISUSE, SQLITE_RANGE, SQLITE_MISMATCH, SQLITE_TOOBIG,
	    SQLITE_NOMEM };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(db_unavailable(yes[i]), "%d not a 503", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!db_unavailable(no[i]), "%d is a 503", no[i]);
}
END_TEST

START_TEST(test_db_user_version_reads_the_pragma)
{
	int	 v = -1;

	ck_assert_int_eq(db_user_version(db, &v), SQLITE_OK);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(db_exec(db, "PRAGMA user_version = 7"), SQLITE_OK);
	ck_assert_int_eq(db_user_version(db, &v), SQLITE_OK);
	ck_assert_int_eq(v, 7);
}
END_TEST


/* 1 when another open file description can take the writers' queue lock
 * now (the test process stands in for the next writer). */
static int
queue_free(void)
{
	char	*q;
	int	 fd, ok;

	ck_assert_int_ne(asprintf(&q, "%s-writer", path), -1);
	fd = open(q, O_RDWR | O_CREAT | O_CLOEXEC, 0600);	/* as a writer */
	free(q);
	ck_assert_int_ge(fd, 0);
	ok = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return ok;
}

/* The waiting line's file, opened as another writer would (its own open
 * file description, so our own locks conflict with it). */
static int
queue_fd(void)
{
	char	*q;
	int	 fd;

	ck_assert_int_ne(asprintf(&q, "%s-writer-queue", path), -1);
	fd = open(q, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(q);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/* Tickets handed out so far (one to each writer that had to wait): the
 * counter at the start of the file. */
static unsigned long long
queue_tickets(void)
{
	unsigned long long t = 0;
	int	 fd = queue_fd();

	if (pread(fd, &t, sizeof(t), 0) != (ssize_t)sizeof(t))
		t = 0;
	close(fd);
	return t;
}

/* Wait (up to 10 s) until n tickets are out: a child has its place. */
static void
queue_wait_tickets(unsigned long long n)
{
	for (int i = 0; i < 10000 && queue_tickets() < n; i++)
		usleep(1000);
	ck_assert_uint_ge(queue_tickets(), n);
}

/* 1 when no waiter is in line: the node of the last ticket is free. */
static int
queue_idle(void)
{
	unsigned long long t = queue_tickets();
	struct flock l;
	int	 fd;

	if (t == 0)
		return 1;
	fd = queue_fd();
	memset(&l, 0, sizeof(l));
	l.l_type = F_WRLCK;
	l.l_whence = SEEK_SET;
	l.l_start = DB_QUEUE_SLOT((long)((t - 1) % DB_QUEUE_SLOTS));
	l.l_len = 1;
	ck_assert_int_eq(fcntl(fd, F_OFD_GETLK, &l), 0);
	close(fd);
	return l.l_type == F_UNLCK;
}

/* Wait (up to 10 s) until a child holds the flock. */
static void
queue_wait_held(void)
{
	for (int i = 0; i < 10000 && queue_free(); i++)
		usleep(1000);
	ck_assert_int_eq(queue_free(), 0);
}

/* A child writer: queues (db_begin), then — when gate is a pipe — waits
 * for a byte from it, inserts x into t and commits.  Exits 0 on success. */
static pid_t
writer_child(int x, int gate)
{
	pid_t	 pid;
	sqlite3	*h;
	char	 sql[64], ch;

	if ((pid = fork()) != 0)
		return pid;
	snprintf(sql, sizeof(sql), "INSERT INTO t VALUES (%d)", x);
	if (db_open(path, &h) != SQLITE_OK || db_begin(h) != SQLITE_OK)
		_exit(1);
	if (gate >= 0 && read(gate, &ch, 1) < 0)
		_exit(2);
	if (db_exec(h, sql) != SQLITE_OK || db_commit(h) != SQLITE_OK)
		_exit(3);
	db_close(h);
	_exit(0);
}

static void
reap_ok(pid_t pid)
{
	int	 st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "writer %d: status %d", (int)pid, st);
}

START_TEST(test_db_writers_queue_is_held_from_begin_to_commit_or_rollback)
{
	ck_assert_int_eq(db_exec(db, "CREATE TABLE t (x)"), SQLITE_OK);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(queue_free(), 0);		/* the next writer waits */
	ck_assert_int_eq(db_exec(db, "INSERT INTO t VALUES (1)"), SQLITE_OK);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	ck_assert_int_eq(queue_free(), 1);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(queue_free(), 0);
	db_rollback(db);
	ck_assert_int_eq(queue_free(), 1);
	/* A BEGIN that fails (already in a transaction) must not keep it. */
	ck_assert_int_eq(db_exec(db, "BEGIN"), SQLITE_OK);
	ck_assert_int_ne(db_begin(db), SQLITE_OK);
	ck_assert_int_eq(queue_free(), 1);
	db_rollback(db);
	ck_assert_int_eq(scalar(db, "SELECT count(*) FROM t"), 1);
}
END_TEST

START_TEST(test_db_writers_queue_is_released_when_the_process_dies)
{
	pid_t	 pid;
	int	 st;

	ck_assert_int_eq(db_begin(db), SQLITE_OK);	/* make the file */
	db_rollback(db);
	if ((pid = fork()) == 0) {
		sqlite3	*h;

		if (db_open(path, &h) != SQLITE_OK || db_begin(h) != SQLITE_OK)
			_exit(1);
		raise(SIGKILL);				/* mid-transaction */
		_exit(2);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	ck_assert_int_eq(queue_free(), 1);
	ck_assert_int_eq(db_begin(db), SQLITE_OK);	/* and SQLite's lock */
	db_rollback(db);
}
END_TEST

/* Writers that must wait get the flock in the order they came: six
 * children line up one after another behind a seventh that holds it, and
 * their rows land in that order.  (flock alone wakes every waiter and the
 * scheduler picks.)  The parent keeps no connection open while children
 * write: a forked child must not inherit SQLite's view of its parent's
 * locks. */
START_TEST(test_db_writers_queue_is_first_come_first_served)
{
	pid_t	 holder, kids[6];
	int	 gate[2];

	ck_assert_int_eq(db_exec(db, "CREATE TABLE t (x)"), SQLITE_OK);
	db_close(db);
	db = NULL;
	ck_assert_int_eq(pipe(gate), 0);
	holder = writer_child(-1, gate[0]);
	queue_wait_held();			/* free: it took no ticket */
	for (int i = 0; i < 6; i++) {
		kids[i] = writer_child(i, -1);
		queue_wait_tickets(1 + (unsigned long long)i);
	}
	ck_assert_int_eq(write(gate[1], "g", 1), 1);	/* the holder commits */
	reap_ok(holder);
	for (int i = 0; i < 6; i++)
		reap_ok(kids[i]);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(scalar(db, "SELECT group_concat(x, '') = '-1012345' "
	    "FROM (SELECT x FROM t ORDER BY rowid)"), 1);
	ck_assert_int_eq(queue_idle(), 1);
}
END_TEST

/* kill -9 anywhere never blocks the queue: the first in line is killed
 * while it waits for the flock, then the holder itself; the writer that
 * lined up last gets through at once, not after DB_BUSY_TIMEOUT_MS. */
START_TEST(test_db_writers_queue_survives_a_killed_holder_and_waiter)
{
	pid_t	 holder, waiter, last;
	int	 gate[2];
	long long t0;

	ck_assert_int_eq(db_exec(db, "CREATE TABLE t (x)"), SQLITE_OK);
	db_close(db);
	db = NULL;
	ck_assert_int_eq(pipe(gate), 0);
	holder = writer_child(1, gate[0]);
	queue_wait_held();
	waiter = writer_child(2, -1);
	queue_wait_tickets(1);
	t0 = clock_mono_us();
	last = writer_child(3, -1);
	queue_wait_tickets(2);
	ck_assert_int_eq(kill(waiter, SIGKILL), 0);
	ck_assert_int_eq(kill(holder, SIGKILL), 0);
	reap_ok(last);
	ck_assert_int_lt(clock_mono_us() - t0,
	    (DB_BUSY_TIMEOUT_MS - 1500) * 1000LL);
	waitpid(waiter, NULL, 0);
	waitpid(holder, NULL, 0);
	close(gate[0]);
	close(gate[1]);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(scalar(db, "SELECT group_concat(x) FROM t"), 3);
	ck_assert_int_eq(queue_free(), 1);
	ck_assert_int_eq(queue_idle(), 1);
}
END_TEST

/* A writer whose wait for the queue ran out commits without it (SQLite's
 * lock is free), but its after-commit hook — the published files — waits
 * for the queue again, so files are still written in turn: here the hook
 * runs only once the holder lets go, well after the writer's timeout. */
static long long hook_at;

static void
note_hook(sqlite3 *h, void *arg)
{
	(void)h;
	(void)arg;
	hook_at = clock_mono_us();
	ck_assert_int_eq(queue_free(), 0);	/* ours now */
}

START_TEST(test_db_a_writer_past_its_wait_runs_its_hook_in_turn)
{
	int	 p[2];
	pid_t	 pid;
	long long t0;
	char	 ch;

	ck_assert_int_eq(db_exec(db, "CREATE TABLE t(x)"), SQLITE_OK);
	ck_assert_int_eq(pipe(p), 0);
	if ((pid = fork()) == 0) {
		char	*q;
		int	 fd;

		if (asprintf(&q, "%s-writer", path) == -1 ||
		    (fd = open(q, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
		    flock(fd, LOCK_EX) == -1 || write(p[1], "x", 1) != 1)
			_exit(1);
		/* Not SQLite's lock: only the queue, past the writer's wait. */
		usleep((DB_BUSY_TIMEOUT_MS + 1200) * 1000);
		_exit(0);
	}
	ck_assert_int_eq(read(p[0], &ch, 1), 1);
	hook_at = 0;
	db_after_commit(db, note_hook, NULL);
	t0 = clock_mono_us();
	ck_assert_int_eq(db_begin(db), SQLITE_OK);	/* after the timeout */
	ck_assert_int_lt(clock_mono_us() - t0, (DB_BUSY_TIMEOUT_MS + 900) *
	    1000LL);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t VALUES (1)"), SQLITE_OK);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	db_after_commit(db, NULL, NULL);
	reap_ok(pid);
	ck_assert_int_ge(hook_at - t0, (DB_BUSY_TIMEOUT_MS + 1100) * 1000LL);
	ck_assert_int_eq(queue_free(), 1);
	close(p[0]);
	close(p[1]);
}
END_TEST

Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_db_open_sets_wal_foreign_keys_and_busy_timeout);
	tcase_add_test(tc, test_db_foreign_keys_are_enforced);
	tcase_add_test(tc, test_db_binds_parameters_by_name);
	tcase_add_test(tc, test_db_bind_missing_name_is_sqlite_range);
	tcase_add_test(tc, test_db_begin_takes_the_write_lock_up_front);
	tcase_add_test(tc, test_db_rollback_undoes_and_is_safe_without_transaction);
	tcase_add_test(tc, test_db_readonly_connection_refuses_writes);
	tcase_add_test(tc, test_db_open_fails_cleanly_on_missing_dir_and_non_database);
	tcase_add_test(tc, test_db_unavailable_maps_try_again_codes_only);
	tcase_add_test(tc, test_db_user_version_reads_the_pragma);
	tcase_add_test(tc, test_db_writers_queue_is_held_from_begin_to_commit_or_rollback);
	tcase_add_test(tc, test_db_writers_queue_is_released_when_the_process_dies);
	tcase_add_test(tc, test_db_writers_queue_is_first_come_first_served);
	tcase_add_test(tc, test_db_writers_queue_survives_a_killed_holder_and_waiter);
	tcase_add_test(tc, test_db_a_writer_past_its_wait_runs_its_hook_in_turn);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
