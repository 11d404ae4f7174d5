/* Helpers shared by the unit suites (header only: every test file is
 * linked into one runner). */
#ifndef SKYFOX_UNIT_H
#define SKYFOX_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

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
