/* Helpers shared by the unit suites (header only: every test file is
 * linked into one runner). */
#ifndef SKYFOX_UNIT_H
#define SKYFOX_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <sqlite3.h>

/* A fresh private directory under /tmp; the caller removes it with
 * unit_rmdir().  Check runs each test in its own child, so a test that
 * fails half-way leaves at most one directory behind. */
static inline char *
unit_tmpdir(void)
{
	char	 tmpl[] = "/tmp/skyfox-unit.XXXXXX";
	char	*d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static inline void
unit_rmdir(char *dir)
{
	char	 cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(dir);
}

/* The first column of sql's first row as an integer; -1 when there is no
 * row.  The statement must prepare. */
static inline long long
unit_scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Write n bytes to dir/name; returns the malloc'd path. */
static inline char *
unit_write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char	*path;
	FILE	*f;

	ck_assert_int_ne(asprintf(&path, "%s/%s", dir, name), -1);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
	return path;
}

#endif
