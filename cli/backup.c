/* backup.c — `skyfoxctl backup` and `skyfoxctl restore`.
 *
 * Backups are taken online with SQLite's backup API: the site keeps serving
 * while the copy is made (readers are never blocked; the copy restarts if a
 * writer changes a page under it, so it is always a consistent snapshot).
 * Each backup is integrity-checked before it is kept.  Restore copies a
 * checked backup over the live database through the same API, holding the
 * write lock for the copy, so no request ever sees half a database. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "migrate.h"
#include "skyfoxctl.h"

static int
integrity_ok(sqlite3 *db)
{
	sqlite3_stmt *st;
	int	 ok = 0;

	if (db_prepare(db, "PRAGMA integrity_check", &st) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW &&
		    strcmp(db_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	return ok;
}

/* Copy src into dst with the backup API, a few hundred pages at a time. */
static int
copy_db(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int	 rc;

	if (b == NULL)
		return sqlite3_errcode(dst);
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep the newest `keep` files named skyfox-*.db in dir. */
static void
prune(const char *dir, int keep)
{
	DIR	*d = opendir(dir);
	struct dirent *e;
	char	*names[4096];
	int	 n = 0;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL && n < 4096)
		if (strncmp(e->d_name, "skyfox-", 7) == 0 &&
		    strstr(e->d_name, ".db") != NULL)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	for (int i = 0; i < n; i++) {
		if (i < n - keep) {
			char	 p[1400];

			snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
			unlink(p);
		}
		free(names[i]);
	}
}

int
ctl_backup(const struct conf *c, const char *target)
{
	char	 path[1200], tmp[1300], dir[1024];
	sqlite3	*src, *dst;
	time_t	 now = time(NULL);
	struct tm tm;
	int	 rc;

	snprintf(dir, sizeof(dir), "%s", conf_get(c, "backup_dir", ""));
	if (*dir == '\0')
		snprintf(dir, sizeof(dir), "%s/backups", c->data_dir);
	if (target != NULL)
		snprintf(path, sizeof(path), "%s", target);
	else {
		gmtime_r(&now, &tm);
		snprintf(path, sizeof(path), "%s/skyfox-%04d%02d%02d-%02d%02d%02d.db",
		    dir, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		(void)mkdir(dir, 0750);
	}
	snprintf(tmp, sizeof(tmp), "%s.part", path);
	unlink(tmp);
	if (db_open_readonly(c->db_path, &src) != SQLITE_OK) {
		fprintf(stderr, "skyfoxctl: cannot open %s\n", c->db_path);
		return 1;
	}
	if (sqlite3_open(tmp, &dst) != SQLITE_OK) {
		fprintf(stderr, "skyfoxctl: cannot create %s\n", tmp);
		db_close(src);
		return 1;
	}
	rc = copy_db(dst, src);
	db_close(src);
	if (rc != SQLITE_OK || !integrity_ok(dst)) {
		fprintf(stderr, "skyfoxctl: backup failed: %s\n",
		    rc != SQLITE_OK ? sqlite3_errstr(rc) : "integrity check");
		sqlite3_close(dst);
		unlink(tmp);
		return 1;
	}
	sqlite3_close(dst);
	chmod(tmp, 0600);
	if (rename(tmp, path) == -1) {
		fprintf(stderr, "skyfoxctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (target == NULL)
		prune(dir, (int)conf_int(c, "backup_keep", 14));
	printf("backup written to %s\n", path);
	return 0;
}

int
ctl_restore(const struct conf *c, const char *from)
{
	sqlite3	*src, *dst;
	int	 rc, v;

	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    !integrity_ok(src)) {
		fprintf(stderr, "skyfoxctl: %s is not a sound SQLite database\n",
		    from);
		sqlite3_close(src);
		return 1;
	}
	if (db_user_version(src, &v) != SQLITE_OK || v < 1 ||
	    v > migrate_latest(skyfox_schema_sql)) {
		fprintf(stderr, "skyfoxctl: %s has schema version %d; this "
		    "release knows 1..%d\n", from, v,
		    migrate_latest(skyfox_schema_sql));
		sqlite3_close(src);
		return 1;
	}
	if (db_open(c->db_path, &dst) != SQLITE_OK) {
		sqlite3_close(src);
		return 1;
	}
	rc = copy_db(dst, src);
	sqlite3_close(src);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "skyfoxctl: restore failed: %s\n",
		    sqlite3_errstr(rc));
		db_close(dst);
		return 1;
	}
	db_close(dst);
	printf("restored %s into %s (schema version %d; run skyfoxctl "
	    "migrate if this release is newer)\n", from, c->db_path, v);
	return 0;
}
