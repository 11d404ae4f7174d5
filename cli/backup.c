/* backup.c — `skyfoxctl backup [FILE]`: the whole site in one archive.
 *
 * A site restored from its database alone has lost its keys (every issued
 * ticket's QR code stops verifying, every session dies), its photos and
 * its configuration.  So a backup is one gzip'd ustar archive (backup.h
 * lists its members), <backups>/skyfox-YYYYMMDD-HHMMSS.tar.gz (UTC) or
 * FILE; <backups> is backup_dir, default <data_dir>/backups.
 *
 * Online.  The database is copied with SQLite's backup API in a single
 * step, i.e. inside one read transaction: in WAL mode that snapshot never
 * blocks a writer, and no commit can restart it (a copy made of many small
 * steps starts over whenever a writer commits between two of them, and
 * under a crowd of bookings never finishes).  The copy goes to a private
 * working directory in <backups>, is switched to rollback-journal mode and
 * integrity-checked before it goes in.  Photos are hard-linked into the
 * same directory before and after the snapshot, so a photo the snapshot
 * names is in the archive even if its owner replaced it meanwhile.
 *
 * All or nothing.  The archive is written to <name>.part, fsynced and
 * renamed into place (mode 0600); on any failure the .part and the working
 * directory are removed.  Backups and restores take a lock on the data
 * directory, so two never run at once.
 *
 * After a backup to the default name, the run is recorded for health's
 * "cron" (cronrun.h), and old archives are rotated: keep the newest
 * backup_keep_hourly (24) archives and the newest of each of the
 * backup_keep_daily (14; the old key backup_keep when it is not set) most
 * recent days; rotation.c chooses, and only ever names archives. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "avatar.h"
#include "backup.h"
#include "clock.h"
#include "cronrun.h"
#include "db.h"
#include "keys.h"
#include "migrate.h"
#include "rotation.h"
#include "skyfoxctl.h"

#define DIRLEN		700	/* a directory from skyfox.conf, and more */
#define PATHLEN		1200	/* one of those plus a member's name */
#define SOURCES		4	/* secret, ticket key, ticket pub, conf */

struct backup {
	const struct conf *c;
	char		 dir[DIRLEN];		/* the backups directory */
	char		 work[DIRLEN + 32];	/* private, inside it */
	char		 path[DIRLEN + 48];	/* the archive */
	char		 part[DIRLEN + 56];
	time_t		 now;
	int		 version;		/* the copy's schema */
	const char	*member[SOURCES];
	char		 source[SOURCES][PATHLEN];
	int		 fd[SOURCES];		/* -1: not in this backup */
	char		**photos;
	int		 nphotos;
	int		 have_work;
	char		 why[2048];
};

/* --- shared with restore.c (backup.h) ----------------------------------- */

int
backup_copy_db(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	time_t	 until = time(NULL) + BACKUP_BUSY_SECONDS;
	int	 rc;

	if (b == NULL)
		return sqlite3_errcode(dst);
	while (((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) && time(NULL) < until)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
unlink_sidecars(const char *db)
{
	const char *ext[] = { "-wal", "-shm", "-journal" };
	char	 p[PATHLEN + 16];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", db, ext[i]);
		(void)unlink(p);
	}
}

int
backup_check_db(const char *path, int *version, char *why, size_t n)
{
	sqlite3	*db = NULL;
	sqlite3_stmt *st = NULL;
	int	 rc, ok = 0;

	*version = 0;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {		/* it may come from anywhere */
		sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
		rc = db_exec(db, "PRAGMA journal_mode=DELETE");
	}
	if (rc == SQLITE_OK &&
	    (rc = db_prepare(db, "PRAGMA integrity_check", &st)) == SQLITE_OK) {
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			rc = SQLITE_OK;
			if (!(ok = strcmp(db_text(st, 0), "ok") == 0))
				snprintf(why, n, "the database fails PRAGMA "
				    "integrity_check: %.200s", db_text(st, 0));
		}
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_OK)
		snprintf(why, n, "the database is not a sound SQLite file: %s",
		    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	if (ok && db_user_version(db, version) != SQLITE_OK) {
		snprintf(why, n, "cannot read the database's schema version");
		ok = 0;
	}
	sqlite3_close(db);
	unlink_sidecars(path);
	return ok ? 0 : -1;
}

static int
remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p) == 0 || errno == ENOENT ? 0 : -1;
}

int
backup_remove_tree(const char *dir)
{
	if (access(dir, F_OK) != 0)
		return 0;
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
backup_sync_dir(const char *path)
{
	char	 dir[PATHLEN];
	char	*slash;
	int	 fd, rc;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
backup_lock(const struct conf *c)
{
	int	 fd = open(c->data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd == -1) {
		fprintf(stderr, "skyfoxctl: %s: %s\n", c->data_dir,
		    strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		fprintf(stderr, "skyfoxctl: another backup or restore is "
		    "running on %s; try again when it is done\n", c->data_dir);
		close(fd);
		return -1;
	}
	return fd;
}

int
backup_copy_file(const char *src, const char *dst)
{
	char	 buf[64 * 1024];
	ssize_t	 n = 0;
	int	 in, out, rc = 0;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		close(in);
		return -1;
	}
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) > 0)
		rc = write(out, buf, (size_t)n) == n ? 0 : -1;
	if (n < 0 || (rc == 0 && fsync(out) != 0))
		rc = -1;
	close(in);
	if (close(out) != 0 || rc != 0) {
		unlink(dst);
		return -1;
	}
	return 0;
}

/* --- the pieces ----------------------------------------------------------- */

/* Every committed photo (a regular file named like ours: the .tmp of an
 * upload under way is not) into <work>/avatars, by hard link where the
 * file system allows, else by copy.  Photos already there are kept. */
static int
take_photos(struct backup *b)
{
	char	 dir[DIRLEN], src[PATHLEN], dst[PATHLEN];
	struct dirent *e;
	struct stat st;
	DIR	*d;

	snprintf(dir, sizeof(dir), "%s/avatars", b->c->data_dir);
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (!avatar_name_ok(e->d_name) || fstatat(dirfd(d), e->d_name,
		    &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		snprintf(src, sizeof(src), "%s/%s", dir, e->d_name);
		snprintf(dst, sizeof(dst), "%s/avatars/%s", b->work, e->d_name);
		if (link(src, dst) == 0 || errno == EEXIST || errno == ENOENT)
			continue;
		if (backup_copy_file(src, dst) == -1 && errno != ENOENT) {
			snprintf(b->why, sizeof(b->why), "%s: %s", src,
			    strerror(errno));
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

/* The database, online, into <work>/skyfox.db; checked. */
static int
take_db(struct backup *b)
{
	char	 path[PATHLEN + 16];
	sqlite3	*src = NULL, *dst = NULL;
	int	 rc;

	snprintf(path, sizeof(path), "%s/skyfox.db", b->work);
	if ((rc = db_open_readonly(b->c->db_path, &src)) == SQLITE_OK &&
	    (rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL)) == SQLITE_OK)
		rc = backup_copy_db(dst, src);
	sqlite3_close(dst);
	db_close(src);
	if (rc != SQLITE_OK) {
		snprintf(b->why, sizeof(b->why), "copying %s: %s",
		    b->c->db_path, sqlite3_errstr(rc));
		return -1;
	}
	return backup_check_db(path, &b->version, b->why, sizeof(b->why));
}

/* Open the keys and skyfox.conf now, so the MANIFEST's count is what the
 * archive will hold.  The ticket's public key may be missing (migrate
 * remakes it from the secret); the secrets may not. */
static int
open_sources(struct backup *b)
{
	const struct conf *c = b->c;

	b->member[0] = "secret.key";
	keys_secret_path(c, b->source[0], PATHLEN);
	b->member[1] = "ticket-sign.key";
	b->member[2] = "ticket-sign.pub";
	keys_ticket_paths(c, b->source[1], b->source[2], PATHLEN);
	b->member[3] = "skyfox.conf";
	snprintf(b->source[3], PATHLEN, "%s", c->path);
	for (int i = 0; i < SOURCES; i++) {
		b->fd[i] = open(b->source[i], O_RDONLY | O_CLOEXEC);
		if (b->fd[i] == -1 && !(i == 2 && errno == ENOENT)) {
			snprintf(b->why, sizeof(b->why), "cannot read %s: %s%s",
			    b->source[i], strerror(errno), i < 3 ? " (skyfoxctl "
			    "check says more; migrate makes missing keys)" : "");
			return -1;
		}
	}
	return 0;
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in <work>/avatars, sorted. */
static int
list_photos(struct backup *b)
{
	char	 dir[PATHLEN + 16];
	struct dirent *e;
	DIR	*d;
	int	 cap = 0;

	snprintf(dir, sizeof(dir), "%s/avatars", b->work);
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (!avatar_name_ok(e->d_name))
			continue;
		if (b->nphotos == cap) {
			char	**p = realloc(b->photos, (size_t)(cap = cap * 2 +
			    64) * sizeof(*p));

			if (p == NULL) {
				closedir(d);
				return -1;
			}
			b->photos = p;
		}
		if ((b->photos[b->nphotos] = strdup(e->d_name)) == NULL)
			break;
		b->nphotos++;
	}
	closedir(d);
	if (b->nphotos > 0)
		qsort(b->photos, (size_t)b->nphotos, sizeof(char *), by_name);
	return 0;
}

/* --- the archive ---------------------------------------------------------- */

static enum archive_err
put_fd(struct archive_io *io, const char *name, int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return ARCHIVE_SOURCE;
	if (st.st_size > ARCHIVE_SIZE_MAX)
		return ARCHIVE_TOO_BIG;
	return archive_put(io, name, (long long)st.st_size,
	    (long long)st.st_mtime, fd, NULL);
}

static enum archive_err
put_path(struct archive_io *io, const char *name, const char *path)
{
	int	 fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	enum archive_err e;

	if (fd == -1)
		return ARCHIVE_SOURCE;
	e = put_fd(io, name, fd);
	close(fd);
	return e;
}

static enum archive_err
put_manifest(struct backup *b, struct archive_io *io)
{
	char	 m[BACKUP_MANIFEST_MAX], when[32];
	struct tm tm;
	int	 members = 2 + b->nphotos, n;

	for (int i = 0; i < SOURCES; i++)
		members += b->fd[i] != -1;
	gmtime_r(&b->now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(m, sizeof(m), "skyfox-backup %d\nschema %d\n"
	    "database_schema %d\ncreated %s\ncinema %.200s\nmembers %d\n",
	    BACKUP_FORMAT, migrate_latest(skyfox_schema_sql), b->version, when,
	    b->c->cinema_name, members);
	return archive_put(io, "MANIFEST", n, (long long)b->now, -1, m);
}

static enum archive_err
put_members(struct backup *b, struct archive_io *io)
{
	char	 p[PATHLEN + 64], name[64];
	enum archive_err e;

	if ((e = put_manifest(b, io)) != ARCHIVE_OK)
		return e;
	snprintf(p, sizeof(p), "%s/skyfox.db", b->work);
	if ((e = put_path(io, "skyfox.db", p)) != ARCHIVE_OK)
		return e;
	for (int i = 0; i < SOURCES; i++)
		if (b->fd[i] != -1 &&
		    (e = put_fd(io, b->member[i], b->fd[i])) != ARCHIVE_OK)
			return e;
	for (int i = 0; i < b->nphotos; i++) {
		snprintf(p, sizeof(p), "%s/avatars/%s", b->work, b->photos[i]);
		snprintf(name, sizeof(name), "avatars/%s", b->photos[i]);
		if ((e = put_path(io, name, p)) != ARCHIVE_OK)
			return e;
	}
	return archive_end(io);
}

/* The archive into <name>.part, on disk. */
static int
write_archive(struct backup *b)
{
	struct archive_io io;
	struct archive_gz *gz;
	enum archive_err e = ARCHIVE_IO;
	int	 fd;

	(void)unlink(b->part);		/* a crashed run's; we hold the lock */
	if ((fd = open(b->part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		snprintf(b->why, sizeof(b->why), "%s: %s", b->part,
		    strerror(errno));
		return -1;
	}
	if ((gz = archive_gz_write(fd, BACKUP_GZIP_LEVEL, &io)) != NULL)
		e = put_members(b, &io);
	if (archive_gz_close(gz) != 0 && e == ARCHIVE_OK)
		e = ARCHIVE_IO;
	if (e == ARCHIVE_OK && (fchmod(fd, 0600) != 0 || fsync(fd) != 0))
		e = ARCHIVE_IO;
	close(fd);
	if (e != ARCHIVE_OK)
		snprintf(b->why, sizeof(b->why), "writing %s: %s (%s)", b->part,
		    archive_strerror(e), strerror(errno));
	return e == ARCHIVE_OK ? 0 : -1;
}

/* --- rotation --------------------------------------------------------------- */

static void
prune(struct backup *b)
{
	const struct conf *c = b->c;
	int	 hourly = conf_int_in(c, "backup_keep_hourly", 24, 1, 100000);
	int	 daily = conf_int_in(c, "backup_keep_daily",
	    conf_int_in(c, "backup_keep", 14, 0, 100000), 0, 100000);
	char	*names[4096], p[PATHLEN + 300];
	int	 del[4096], n = 0;
	struct dirent *e;
	DIR	*d;

	if ((d = opendir(b->dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && n < 4096)
		if (rotation_name_ok(e->d_name) &&
		    (names[n] = strdup(e->d_name)) != NULL)
			n++;
	closedir(d);
	if (rotation_select((const char *const *)names, n, hourly, daily,
	    del) == 0)
		for (int i = 0; i < n; i++) {
			snprintf(p, sizeof(p), "%s/%s", b->dir, names[i]);
			if (del[i] && unlink(p) != 0)
				fprintf(stderr, "skyfoxctl: cannot remove old "
				    "backup %s: %s\n", p, strerror(errno));
		}
	for (int i = 0; i < n; i++)
		free(names[i]);
}

/* --- the command -------------------------------------------------------------- */

/* The backups directory, the archive's name and the working directory
 * (after removing any a killed run left). */
static int
prepare(struct backup *b, const char *target)
{
	const char *dir = conf_get(b->c, "backup_dir", "");
	struct tm tm;
	char	 p[PATHLEN], stamp[24];
	struct dirent *e;
	DIR	*d;

	if (*dir != '\0')
		snprintf(b->dir, sizeof(b->dir), "%s", dir);
	else
		snprintf(b->dir, sizeof(b->dir), "%s/backups", b->c->data_dir);
	if (mkdir(b->dir, 0700) == -1 && errno != EEXIST)
		return snprintf(b->why, sizeof(b->why), "%s: %s", b->dir,
		    strerror(errno)), -1;
	gmtime_r(&b->now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (target != NULL) {
		if ((size_t)snprintf(b->path, sizeof(b->path), "%s", target) >=
		    sizeof(b->path))
			return snprintf(b->why, sizeof(b->why), "%.100s…: name "
			    "too long", target), -1;
	} else
		snprintf(b->path, sizeof(b->path), "%s/skyfox-%s.tar.gz", b->dir,
		    stamp);
	snprintf(b->part, sizeof(b->part), "%s.part", b->path);
	if ((d = opendir(b->dir)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strncmp(e->d_name, ".skyfox-backup-", 15) == 0) {
				snprintf(p, sizeof(p), "%s/%s", b->dir, e->d_name);
				backup_remove_tree(p);
			}
		closedir(d);
	}
	snprintf(b->work, sizeof(b->work), "%s/.skyfox-backup-XXXXXX", b->dir);
	if (mkdtemp(b->work) != NULL) {
		b->have_work = 1;
		snprintf(p, sizeof(p), "%s/avatars", b->work);
		if (mkdir(p, 0700) == 0)
			return 0;
	}
	snprintf(b->why, sizeof(b->why), "cannot make a working directory in "
	    "%s: %s", b->dir, strerror(errno));
	return -1;
}

static int
take(struct backup *b)
{
	if (take_photos(b) == -1 || take_db(b) == -1 || take_photos(b) == -1)
		return -1;
	if (list_photos(b) == -1)
		return snprintf(b->why, sizeof(b->why), "listing the photos: "
		    "%s", strerror(errno)), -1;
	if (open_sources(b) == -1 || write_archive(b) == -1)
		return -1;
	if (rename(b->part, b->path) == -1)
		return snprintf(b->why, sizeof(b->why), "%s: %s", b->path,
		    strerror(errno)), -1;
	backup_sync_dir(b->path);
	return 0;
}

int
ctl_backup(const struct conf *c, const char *target)
{
	struct backup b;
	struct stat st;
	int	 lock, rc;

	memset(&b, 0, sizeof(b));
	b.c = c;
	b.now = clock_now(c);	/* the site's clock: names, ages, MANIFEST */
	for (int i = 0; i < SOURCES; i++)
		b.fd[i] = -1;
	if ((lock = backup_lock(c)) == -1)
		return 1;
	rc = prepare(&b, target) == 0 && take(&b) == 0 ? 0 : 1;
	for (int i = 0; i < SOURCES; i++)
		if (b.fd[i] != -1)
			close(b.fd[i]);
	if (b.have_work)
		backup_remove_tree(b.work);
	if (rc != 0) {
		(void)unlink(b.part);
		fprintf(stderr, "skyfoxctl: backup failed: %s\n", b.why);
	} else if (target == NULL) {
		prune(&b);
		/* the hourly job's good run, for health's "cron" */
		if (cronrun_record(c, "backup", clock_now(c)) == -1) {
			fprintf(stderr, "skyfoxctl: backup written, but cannot "
			    "record the run in %s/cron: %s\n", c->data_dir,
			    strerror(errno));
			rc = 1;
		}
	}
	if (rc == 0 && isatty(STDOUT_FILENO) && stat(b.path, &st) == 0)
		printf("backup written to %s (%lld bytes: the database, keys, "
		    "skyfox.conf and %d photo%s)\n", b.path,
		    (long long)st.st_size, b.nphotos, b.nphotos == 1 ? "" : "s");
	for (int i = 0; i < b.nphotos; i++)
		free(b.photos[i]);
	free(b.photos);
	close(lock);
	return rc;
}
