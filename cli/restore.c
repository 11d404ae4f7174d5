/* restore.c — `skyfoxctl restore FILE`: put a backup archive back.
 *
 * First the archive is read and judged without touching the site: it must
 * be well-formed gzip and ustar (archive.c refuses links, devices, unsafe
 * names, sizes over the bounds of backup.h), start with a MANIFEST of our
 * format, hold only the members an archive holds (avatars/<name> with a
 * photo's name), the database must pass integrity_check with a schema
 * version this release knows, the keys their exact sizes, skyfox.conf must
 * parse.  It is extracted into a private directory in the data directory
 * (0700, files 0600), which is removed whatever happens — unless a failed
 * restore could not be rolled back, when it holds what is needed to finish
 * by hand, and the message says so.
 *
 * Then, in maintenance mode: the live database is saved into that
 * directory, the backup is copied into the live database with the backup
 * API (one transaction for readers; a database file is never renamed over
 * the live one, whose -wal would then belong to another file), migrated if
 * it is older; the keys and photos are put in place by rename (the avatars
 * directory is swapped whole); skyfox.conf too, if it describes this site
 * (same data_dir, db_path and key paths), else it is left beside as
 * skyfox.conf.from-backup.  Then `skyfoxctl check`, and the site reopens.
 * A failure rolls back what was done and leaves maintenance on, with the
 * steps to take.  An old plain .db backup restores the database only. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "avatar.h"
#include "backup.h"
#include "clock.h"
#include "db.h"
#include "keys.h"
#include "maintenance.h"
#include "migrate.h"
#include "skyfoxctl.h"
#include "text.h"

#define DIRLEN		700	/* a directory from skyfox.conf, and more */
#define PATHLEN		1200	/* one of those plus a member's name */
#define NKEYS		3

enum { M_MANIFEST, M_DB, M_SECRET, M_SIGN, M_PUB, M_CONF, M_FIXED };

static const struct {
	const char	*name;
	long long	 max;
	int		 required;
} fixed[M_FIXED] = {
	{ "MANIFEST", BACKUP_MANIFEST_MAX, 1 },
	{ "skyfox.db", ARCHIVE_SIZE_MAX, 1 },
	{ "secret.key", BACKUP_KEY_MAX, 1 },
	{ "ticket-sign.key", BACKUP_KEY_MAX, 1 },
	{ "ticket-sign.pub", BACKUP_KEY_MAX, 0 },
	{ "skyfox.conf", BACKUP_CONF_MAX, 1 },
};

/* A live file as it was before the restore, to roll back to. */
struct saved {
	char		 path[PATHLEN];
	char		*data;		/* NULL: there was no such file */
	size_t		 len;
	mode_t		 mode;
	int		 replaced;
};

struct restore {
	const struct conf *c;
	const char	*from;
	char		 tmp[DIRLEN];
	int		 plain_db;
	int		 have[M_FIXED];
	int		 nphotos, members, version, migrated_to;
	char		 created[32], cinema[128];
	int		 adopt_conf;
	char		 conf_note[2048];
	/* done so far, for the roll-back */
	int		 maint, db_saved, db_copied, avatars_swapped;
	char		 old_avatars[PATHLEN];	/* "" if there were none */
	struct saved	 keys[NKEYS], conf;
	char		 why[2048];
};

static void
tmp_path(const struct restore *r, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", r->tmp, name);
}

/* --- reading the archive ------------------------------------------------ */

/* Which member name is: a fixed index, M_FIXED for a photo, -1 unknown. */
static int
member_kind(const char *name)
{
	for (int i = 0; i < M_FIXED; i++)
		if (strcmp(name, fixed[i].name) == 0)
			return i;
	if (strncmp(name, "avatars/", 8) == 0 && avatar_name_ok(name + 8))
		return M_FIXED;
	return -1;
}

/* One member's header judged and its bytes written under r->tmp. */
static int
extract_member(struct restore *r, struct archive_io *io,
    const struct archive_member *m)
{
	int	 k = member_kind(m->name), fd;
	char	 p[PATHLEN + 300];
	enum archive_err e;

	if (r->members == 0 && k != M_MANIFEST)
		return snprintf(r->why, sizeof(r->why), "it does not start with "
		    "a MANIFEST: not a SkyFox backup"), -1;
	if (k == -1)
		return snprintf(r->why, sizeof(r->why), "unexpected member "
		    "\"%s\"", m->name), -1;
	if (m->size > (k == M_FIXED ? (long long)AVATAR_MAX_BYTES :
	    fixed[k].max))
		return snprintf(r->why, sizeof(r->why), "member %s is too large "
		    "(%lld bytes)", m->name, m->size), -1;
	if (k < M_FIXED && r->have[k]++)
		return snprintf(r->why, sizeof(r->why), "member %s appears "
		    "twice", m->name), -1;
	if (++r->members > BACKUP_MEMBERS_MAX)
		return snprintf(r->why, sizeof(r->why), "too many members"), -1;
	r->nphotos += k == M_FIXED;
	tmp_path(r, m->name, p, sizeof(p));
	if ((fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600)) == -1)
		return snprintf(r->why, sizeof(r->why), "%s: %s", p,
		    strerror(errno)), -1;
	e = archive_copy(io, m, fd);
	if (close(fd) != 0 && e == ARCHIVE_OK)
		e = ARCHIVE_OUTPUT;
	if (e != ARCHIVE_OK)
		return snprintf(r->why, sizeof(r->why), "bad archive: %s",
		    archive_strerror(e)), -1;
	return 0;
}

static int
extract(struct restore *r, int fd)
{
	struct archive_io io;
	struct archive_gz *gz = archive_gz_read(fd, &io);
	struct archive_member m;
	enum archive_err e = ARCHIVE_IO;
	int	 rc = -1;

	if (gz == NULL)
		return snprintf(r->why, sizeof(r->why), "cannot read it as "
		    "gzip: %s", strerror(errno)), -1;
	while ((e = archive_next(&io, ARCHIVE_SIZE_MAX, &m)) == ARCHIVE_OK)
		if (extract_member(r, &io, &m) == -1)
			break;
	if (e == ARCHIVE_END)
		rc = 0;
	else if (e != ARCHIVE_OK)
		snprintf(r->why, sizeof(r->why), "bad archive: %s",
		    archive_strerror(e));
	if (archive_gz_close(gz) != 0 && rc == 0) {
		snprintf(r->why, sizeof(r->why), "bad archive: the gzip stream "
		    "is truncated or corrupt");
		rc = -1;
	}
	for (int i = 0; rc == 0 && i < M_FIXED; i++)
		if (fixed[i].required && !r->have[i]) {
			snprintf(r->why, sizeof(r->why), "it holds no %s",
			    fixed[i].name);
			rc = -1;
		}
	return rc;
}

/* A whole small file of ours into buf (NUL-terminated); its size or -1. */
static long
slurp(const char *path, char *buf, size_t n)
{
	int	 fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t	 got;

	if (fd == -1)
		return -1;
	got = read(fd, buf, n - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return (long)got;
}

/* "key value" from the MANIFEST, printable ASCII only, into out. */
static void
manifest_value(const char *m, const char *key, char *out, size_t n)
{
	size_t	 klen = strlen(key), len;

	*out = '\0';
	for (const char *l = m; l != NULL && *l; l = strchr(l, '\n'),
	    l = l ? l + 1 : NULL)
		if (strncmp(l, key, klen) == 0 && l[klen] == ' ') {
			len = strcspn(l + klen + 1, "\n");
			if (len >= n)
				len = n - 1;
			for (size_t i = 0; i < len; i++)
				out[i] = l[klen + 1 + i] < 0x20 ||
				    l[klen + 1 + i] > 0x7e ? '?' : l[klen + 1 + i];
			out[len] = '\0';
			return;
		}
}

static int
check_manifest(struct restore *r)
{
	char	 m[BACKUP_MANIFEST_MAX + 1], p[PATHLEN + 16], v[32];
	char	 first[32];
	long long members;

	tmp_path(r, "MANIFEST", p, sizeof(p));
	if (slurp(p, m, sizeof(m)) < 0)
		return snprintf(r->why, sizeof(r->why), "unreadable MANIFEST"),
		    -1;
	snprintf(first, sizeof(first), "skyfox-backup %d\n", BACKUP_FORMAT);
	if (strncmp(m, "skyfox-backup ", 14) != 0)
		return snprintf(r->why, sizeof(r->why), "its MANIFEST is not a "
		    "SkyFox backup's"), -1;
	if (strncmp(m, first, strlen(first)) != 0)
		return snprintf(r->why, sizeof(r->why), "it was made by another "
		    "release (format \"%.20s\"; this one reads %d)", m + 14,
		    BACKUP_FORMAT), -1;
	manifest_value(m, "members", v, sizeof(v));
	if (text_parse_int(v, 0, INT_MAX, &members) != TEXT_OK ||
	    members != r->members)
		return snprintf(r->why, sizeof(r->why), "its MANIFEST counts %s "
		    "members, the archive holds %d", v, r->members), -1;
	manifest_value(m, "created", r->created, sizeof(r->created));
	manifest_value(m, "cinema", r->cinema, sizeof(r->cinema));
	return 0;
}

/* --- judging what was extracted -------------------------------------------- */

static int
same_path(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (lb > 1 && b[lb - 1] == '/')
		lb--;
	return la == lb && strncmp(a, b, la) == 0;
}

/* The backup's skyfox.conf goes in place only if it describes this site:
 * the same data directory, database and key files. */
static int
judge_conf(struct restore *r)
{
	struct conf bc;
	char	 p[PATHLEN + 16], why[256], a[3][600], b[3][600];

	tmp_path(r, "skyfox.conf", p, sizeof(p));
	if (conf_load(&bc, p, why, sizeof(why)) == -1)
		return snprintf(r->why, sizeof(r->why), "its skyfox.conf does "
		    "not parse: %s", why), -1;
	keys_secret_path(r->c, a[0], sizeof(a[0]));
	keys_ticket_paths(r->c, a[1], a[2], sizeof(a[1]));
	keys_secret_path(&bc, b[0], sizeof(b[0]));
	keys_ticket_paths(&bc, b[1], b[2], sizeof(b[1]));
	r->adopt_conf = same_path(bc.data_dir, r->c->data_dir) &&
	    same_path(bc.db_path, r->c->db_path);
	for (int i = 0; i < 3; i++)
		r->adopt_conf = r->adopt_conf && same_path(a[i], b[i]);
	if (!r->adopt_conf)
		snprintf(r->conf_note, sizeof(r->conf_note), "the backup's "
		    "skyfox.conf names another site (data_dir %.200s, db_path "
		    "%.200s): this site's is kept; the backup's is in "
		    "%s/skyfox.conf.from-backup to compare", bc.data_dir,
		    bc.db_path, r->c->data_dir);
	return 0;
}

static int
judge(struct restore *r)
{
	char	 p[PATHLEN + 32];
	struct stat st;
	int	 latest = migrate_latest(skyfox_schema_sql);

	tmp_path(r, "skyfox.db", p, sizeof(p));
	if (backup_check_db(p, &r->version, r->why, sizeof(r->why)) == -1)
		return -1;
	if (r->version < 1 || r->version > latest)
		return snprintf(r->why, sizeof(r->why), "its database has "
		    "schema version %d; this release knows 1..%d", r->version,
		    latest), -1;
	if (r->plain_db)
		return 0;
	tmp_path(r, "secret.key", p, sizeof(p));
	if (stat(p, &st) != 0 || st.st_size != KEYS_SECRET_LEN)
		return snprintf(r->why, sizeof(r->why), "its secret.key is not "
		    "%d bytes", KEYS_SECRET_LEN), -1;
	tmp_path(r, "ticket-sign.key", p, sizeof(p));
	if (stat(p, &st) != 0 || st.st_size != KEYS_SIGN_SECRET_LEN)
		return snprintf(r->why, sizeof(r->why), "its ticket-sign.key is "
		    "not %d bytes", KEYS_SIGN_SECRET_LEN), -1;
	return check_manifest(r) == -1 ? -1 : judge_conf(r);
}

/* Read FILE into the private directory: an archive, or an old .db. */
static int
unpack(struct restore *r)
{
	unsigned char head[16];
	char	 p[PATHLEN + 32];
	int	 fd, rc;

	if ((fd = open(r->from, O_RDONLY | O_CLOEXEC)) == -1)
		return snprintf(r->why, sizeof(r->why), "%s", strerror(errno)),
		    -1;
	if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head) ||
	    (!archive_gz_magic(head, sizeof(head)) &&
	    memcmp(head, "SQLite format 3", 16) != 0)) {
		close(fd);
		return snprintf(r->why, sizeof(r->why), "not a SkyFox backup "
		    "(neither a .tar.gz archive nor a SQLite database)"), -1;
	}
	r->plain_db = !archive_gz_magic(head, sizeof(head));
	tmp_path(r, "avatars", p, sizeof(p));
	if (mkdir(p, 0700) == -1) {
		snprintf(r->why, sizeof(r->why), "%s: %s", p, strerror(errno));
		rc = -1;
	} else if (r->plain_db) {
		tmp_path(r, "skyfox.db", p, sizeof(p));
		rc = backup_copy_file(r->from, p);
		if (rc == -1)
			snprintf(r->why, sizeof(r->why), "copying it: %s",
			    strerror(errno));
	} else
		rc = extract(r, fd);
	close(fd);
	return rc == -1 ? -1 : judge(r);
}

/* --- putting it in place ------------------------------------------------ */

/* src (ours, in the private directory) becomes dst, with mode: by rename
 * where both are on one file system, else copied beside dst first. */
static int
place_file(const char *src, const char *dst, mode_t mode)
{
	char	 stage[PATHLEN + 16];

	if (chmod(src, mode) == -1)
		return -1;
	if (rename(src, dst) == 0)
		return backup_sync_dir(dst), 0;
	if (errno != EXDEV)
		return -1;
	snprintf(stage, sizeof(stage), "%s.restoring", dst);
	(void)unlink(stage);
	if (backup_copy_file(src, stage) == -1 || chmod(stage, mode) == -1 ||
	    rename(stage, dst) == -1) {
		(void)unlink(stage);
		return -1;
	}
	(void)unlink(src);
	return backup_sync_dir(dst), 0;
}

/* Remember path's bytes and mode (keys and conf: small). */
static int
save_file(struct saved *s, const char *path)
{
	char	 buf[BACKUP_CONF_MAX + 1];
	struct stat st;
	long	 n;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->mode = 0600;
	if (stat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if ((n = slurp(path, buf, sizeof(buf))) < 0 || n > BACKUP_CONF_MAX ||
	    (s->data = malloc((size_t)n + 1)) == NULL)
		return -1;
	memcpy(s->data, buf, (size_t)n + 1);
	s->len = (size_t)n;
	s->mode = st.st_mode & 0777;
	return 0;
}

/* Put a saved file back (or remove it, if there was none). */
static int
unsave_file(struct restore *r, struct saved *s, int i)
{
	char	 p[PATHLEN + 32], name[32];
	int	 fd, ok;

	if (!s->replaced)
		return 0;
	if (s->data == NULL)
		return unlink(s->path) == 0 || errno == ENOENT ? 0 : -1;
	snprintf(name, sizeof(name), "rollback.%d", i);
	tmp_path(r, name, p, sizeof(p));
	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		return -1;
	ok = write(fd, s->data, s->len) == (ssize_t)s->len && fsync(fd) == 0;
	if (close(fd) != 0 || !ok)
		return -1;
	return place_file(p, s->path, s->mode);
}

/* Copy the database file src into the live database (backup API). */
static int
copy_into_live(struct restore *r, const char *src_path)
{
	sqlite3	*src = NULL, *dst = NULL;
	int	 rc;

	rc = sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = db_open(r->c->db_path, &dst);
	if (rc == SQLITE_OK)
		rc = backup_copy_db(dst, src);
	db_close(dst);
	sqlite3_close(src);
	if (rc != SQLITE_OK)
		snprintf(r->why, sizeof(r->why), "copying %s into %s: %s",
		    src_path, r->c->db_path, sqlite3_errstr(rc));
	return rc == SQLITE_OK ? 0 : -1;
}

/* The live database as it is, into the private directory. */
static int
save_live_db(struct restore *r)
{
	char	 p[PATHLEN + 32];
	sqlite3	*src = NULL, *dst = NULL;
	int	 rc;

	tmp_path(r, "live-before.db", p, sizeof(p));
	if ((rc = db_open_readonly(r->c->db_path, &src)) == SQLITE_OK &&
	    (rc = sqlite3_open_v2(p, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL)) == SQLITE_OK)
		rc = backup_copy_db(dst, src);
	sqlite3_close(dst);
	db_close(src);
	if (rc != SQLITE_OK)
		snprintf(r->why, sizeof(r->why), "saving the live database "
		    "first: %s", sqlite3_errstr(rc));
	return rc == SQLITE_OK ? 0 : -1;
}

static int
migrate_live(struct restore *r)
{
	sqlite3	*db;
	char	 why[256];
	int	 from, rc;

	if (db_open(r->c->db_path, &db) != SQLITE_OK)
		return snprintf(r->why, sizeof(r->why), "cannot open %s to "
		    "migrate it", r->c->db_path), -1;
	rc = migrate_apply(db, skyfox_schema_sql, &from, &r->migrated_to, why,
	    sizeof(why));
	db_close(db);
	if (rc == -1)
		snprintf(r->why, sizeof(r->why), "migrating the restored "
		    "database: %s", why);
	return rc;
}

static int
place_keys(struct restore *r)
{
	const char *member[NKEYS] = { "secret.key", "ticket-sign.key",
	    "ticket-sign.pub" };
	char	 path[NKEYS][600], p[PATHLEN + 32];

	keys_secret_path(r->c, path[0], sizeof(path[0]));
	keys_ticket_paths(r->c, path[1], path[2], sizeof(path[1]));
	for (int i = 0; i < NKEYS; i++) {
		if (save_file(&r->keys[i], path[i]) == -1)
			return snprintf(r->why, sizeof(r->why), "reading %s: %s",
			    path[i], strerror(errno)), -1;
		r->keys[i].replaced = 1;	/* the .pub may be rewritten */
	}
	for (int i = 0; i < NKEYS; i++) {
		tmp_path(r, member[i], p, sizeof(p));
		if (access(p, F_OK) != 0)	/* no .pub: made below */
			continue;
		if (place_file(p, path[i], 0600) == -1)
			return snprintf(r->why, sizeof(r->why), "putting %s in "
			    "place: %s", path[i], strerror(errno)), -1;
	}
	if (keys_ensure_ticket_pair(r->c, NULL) == -1)
		return snprintf(r->why, sizeof(r->why), "writing the ticket "
		    "public key: %s", strerror(errno)), -1;
	return 0;
}

/* The restored photos become <data_dir>/avatars in one exchange of the
 * two directories (or two renames where the file system cannot); the old
 * set is left in the private directory until the end. */
static int
swap_avatars(struct restore *r)
{
	char	 live[PATHLEN], mine[PATHLEN];
	struct stat st;

	snprintf(live, sizeof(live), "%s/avatars", r->c->data_dir);
	tmp_path(r, "avatars", mine, sizeof(mine));
	if (chmod(mine, stat(live, &st) == 0 ? st.st_mode & 0777 : 0750) != 0)
		goto fail;
	if (renameat2(AT_FDCWD, mine, AT_FDCWD, live, RENAME_EXCHANGE) == 0) {
		snprintf(r->old_avatars, sizeof(r->old_avatars), "%s", mine);
		r->avatars_swapped = 1;
		return backup_sync_dir(live), 0;
	}
	if (errno == ENOENT && rename(mine, live) == 0) {
		r->avatars_swapped = 1;		/* there were none */
		return backup_sync_dir(live), 0;
	}
	if (errno != EINVAL && errno != ENOSYS)
		goto fail;
	tmp_path(r, "avatars-before", r->old_avatars, sizeof(r->old_avatars));
	if (rename(live, r->old_avatars) != 0) {
		*r->old_avatars = '\0';
		goto fail;
	}
	r->avatars_swapped = 1;
	if (rename(mine, live) == 0)
		return backup_sync_dir(live), 0;
fail:
	snprintf(r->why, sizeof(r->why), "putting the photos in %s: %s", live,
	    strerror(errno));
	return -1;
}

static int
unswap_avatars(struct restore *r)
{
	char	 live[PATHLEN], out[PATHLEN + 32];

	if (!r->avatars_swapped)
		return 0;
	snprintf(live, sizeof(live), "%s/avatars", r->c->data_dir);
	tmp_path(r, "avatars-restored", out, sizeof(out));
	if (rename(live, out) != 0 && errno != ENOENT)
		return -1;
	if (*r->old_avatars != '\0' && rename(r->old_avatars, live) != 0)
		return -1;
	r->avatars_swapped = 0;
	return 0;
}

/* skyfox.conf in place if it is this site's; else beside, to compare.  A
 * conf that cannot be put in place (a directory we may not write) is not
 * worth failing a restore: it is left beside, with a note. */
static void
place_conf(struct restore *r)
{
	char	 p[PATHLEN + 32], aside[PATHLEN];
	struct stat st;
	mode_t	 mode = stat(r->c->path, &st) == 0 ? st.st_mode & 0777 : 0600;

	tmp_path(r, "skyfox.conf", p, sizeof(p));
	if (r->adopt_conf) {
		if (save_file(&r->conf, r->c->path) == 0 &&
		    place_file(p, r->c->path, mode) == 0) {
			r->conf.replaced = 1;
			return;
		}
		snprintf(r->conf_note, sizeof(r->conf_note), "could not put the "
		    "backup's skyfox.conf in place of %s (%s): this site's is "
		    "kept; the backup's is in %s/skyfox.conf.from-backup",
		    r->c->path, strerror(errno), r->c->data_dir);
	}
	snprintf(aside, sizeof(aside), "%s/skyfox.conf.from-backup",
	    r->c->data_dir);
	if (place_file(p, aside, 0600) == -1)
		snprintf(r->conf_note, sizeof(r->conf_note), "the backup's "
		    "skyfox.conf was not restored, nor left beside (%s: %s)",
		    aside, strerror(errno));
}

/* Everything but the database, for an archive. */
static int
apply_files(struct restore *r)
{
	if (place_keys(r) == -1 || swap_avatars(r) == -1)
		return -1;
	place_conf(r);
	return 0;
}

/* Under maintenance: save, copy, migrate, the files. */
static int
apply(struct restore *r)
{
	char	 p[PATHLEN + 32];

	if (maintenance_on(r->c, RESTORE_MESSAGE, clock_now(r->c)) == -1)
		return snprintf(r->why, sizeof(r->why), "cannot turn maintenance "
		    "mode on: %s", strerror(errno)), -1;
	r->maint = 1;
	if (save_live_db(r) == -1)
		return -1;
	r->db_saved = 1;
	tmp_path(r, "skyfox.db", p, sizeof(p));
	r->db_copied = 1;	/* a failed copy changes nothing; harmless */
	if (copy_into_live(r, p) == -1)
		return -1;
	if (r->version < migrate_latest(skyfox_schema_sql) &&
	    migrate_live(r) == -1)
		return -1;
	return r->plain_db ? 0 : apply_files(r);
}

/* Undo in reverse; 0 when all of it is back as it was. */
static int
roll_back(struct restore *r)
{
	char	 p[PATHLEN + 32];
	int	 bad = 0;

	if (r->conf.replaced && unsave_file(r, &r->conf, NKEYS) == -1)
		bad = fprintf(stderr, "skyfoxctl: cannot put back %s\n",
		    r->c->path);
	if (unswap_avatars(r) == -1)
		bad = fprintf(stderr, "skyfoxctl: cannot put back the photos: "
		    "the old ones are in %s\n", r->old_avatars);
	for (int i = NKEYS - 1; i >= 0; i--)
		if (unsave_file(r, &r->keys[i], i) == -1)
			bad = fprintf(stderr, "skyfoxctl: cannot put back %s\n",
			    r->keys[i].path);
	tmp_path(r, "live-before.db", p, sizeof(p));
	if (r->db_copied && copy_into_live(r, p) == -1)
		bad = fprintf(stderr, "skyfoxctl: cannot put the database "
		    "back: it is in %s (copy it in with: sqlite3 %s \".restore "
		    "'%s'\")\n", p, r->c->db_path, p);
	return bad ? -1 : 0;
}

/* --- the command -------------------------------------------------------------- */

static void
summary(const struct restore *r)
{
	if (r->plain_db)
		printf("restored the database only from %s (an old-style .db "
		    "backup: keys, photos and skyfox.conf were left as they "
		    "are)\n", r->from);
	else
		printf("restored %s (made %s, %s): the database, keys, %d "
		    "photo%s%s\n", r->from, *r->created ? r->created : "?",
		    *r->cinema ? r->cinema : "?", r->nphotos,
		    r->nphotos == 1 ? "" : "s",
		    r->adopt_conf && *r->conf_note == '\0' ?
		    " and skyfox.conf" : "");
	if (r->migrated_to > 0)
		printf("its schema was version %d; migrated to %d\n", r->version,
		    r->migrated_to);
	if (*r->conf_note != '\0')
		printf("NOTE %s\n", r->conf_note);
}

/* After a failure under maintenance: what now. */
static void
after_failure(struct restore *r)
{
	char	 why[sizeof(r->why)];

	memcpy(why, r->why, sizeof(why));
	fprintf(stderr, "skyfoxctl: restore failed: %s\n", why);
	if (roll_back(r) == 0) {
		fprintf(stderr, "skyfoxctl: everything was put back as it was "
		    "before the restore.  The site stays in maintenance mode "
		    "(%s/maintenance): fix the cause above and restore again, "
		    "or reopen the site as it was with: skyfoxctl maintenance "
		    "off (or: rm %s/maintenance)\n", r->c->data_dir,
		    r->c->data_dir);
		backup_remove_tree(r->tmp);
	} else
		fprintf(stderr, "skyfoxctl: the roll-back was incomplete (see "
		    "above); the site stays in maintenance mode.  What was "
		    "live before the restore is kept in %s: put back what is "
		    "listed above, run skyfoxctl check, then skyfoxctl "
		    "maintenance off.  Do not delete %s until then.\n", r->tmp,
		    r->tmp);
}

/* Restored: check it, and reopen the site if all is well. */
static int
finish(struct restore *r)
{
	struct conf now;
	char	 why[256];
	int	 rc;

	backup_remove_tree(r->tmp);
	if (conf_load(&now, r->c->path, why, sizeof(why)) == -1)
		now = *r->c;
	summary(r);
	/* The files published before the restore show the old database. */
	printf("publishing the restored seat maps and show lists:\n");
	rc = ctl_publish(&now);
	printf("checking the restored site:\n");
	if (ctl_check(&now) != 0)
		rc = 1;
	if (rc != 0) {
		fprintf(stderr, "skyfoxctl: the restore is in place, but "
		    "skyfoxctl check found problems (above).  The site stays "
		    "in maintenance mode: fix them, or restore another backup; "
		    "then skyfoxctl maintenance off (or: rm %s/maintenance)\n",
		    r->c->data_dir);
		return 1;
	}
	if (maintenance_off(r->c) == -1) {
		fprintf(stderr, "skyfoxctl: cannot turn maintenance mode off: "
		    "rm %s/maintenance\n", r->c->data_dir);
		return 1;
	}
	printf("the site is open again\n");
	return 0;
}

int
ctl_restore(const struct conf *c, const char *from)
{
	struct restore r;
	int	 lock, rc = 1;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.from = from;
	if ((lock = backup_lock(c)) == -1)
		return 1;
	snprintf(r.tmp, sizeof(r.tmp), "%s/.restore-XXXXXX", c->data_dir);
	if (mkdtemp(r.tmp) == NULL) {
		fprintf(stderr, "skyfoxctl: cannot make a directory in %s: %s\n",
		    c->data_dir, strerror(errno));
	} else if (unpack(&r) == -1) {
		fprintf(stderr, "skyfoxctl: refusing to restore %s: %s (the site "
		    "was not touched)\n", from, r.why);
		backup_remove_tree(r.tmp);
	} else if (apply(&r) == -1) {
		if (r.maint)
			after_failure(&r);
		else {
			fprintf(stderr, "skyfoxctl: %s (the site was not "
			    "touched)\n", r.why);
			backup_remove_tree(r.tmp);
		}
	} else
		rc = finish(&r);
	for (int i = 0; i < NKEYS; i++)
		free(r.keys[i].data);
	free(r.conf.data);
	close(lock);
	return rc;
}
