/* backup.h — what backup.c (taking an archive) and restore.c (putting one
 * back) share: the archive's contents and limits, the database copy and
 * check, and the lock that keeps two of them from running at once.
 *
 * An archive holds, in this order: MANIFEST (a few "key value" lines:
 * "skyfox-backup 1", schema, created, cinema, members), skyfox.db,
 * secret.key, ticket-sign.key, ticket-sign.pub (when the site has one),
 * skyfox.conf, and avatars/<name> for every committed photo.  The limits
 * below bound what a restore accepts from an archive of unknown origin. */
#ifndef SKYFOX_CLI_BACKUP_H
#define SKYFOX_CLI_BACKUP_H

#include <stddef.h>
#include <sqlite3.h>

#include "config.h"

#define BACKUP_FORMAT		1
#define BACKUP_MANIFEST_MAX	4096
#define BACKUP_KEY_MAX		4096
#define BACKUP_CONF_MAX		(64 * 1024)
#define BACKUP_MEMBERS_MAX	1000000
#define BACKUP_BUSY_SECONDS	60	/* the longest wait for a db lock */
/* gzip level 1: a 40 MB database (300 000 bookings) took 1.0 s and made
 * 9.3 MB; level 6 took 2.4 s for 7.6 MB — CPU taken from the site, hourly */
#define BACKUP_GZIP_LEVEL	1
#define RESTORE_MESSAGE		"Restoring from a backup; back in a minute."

/* Copy src's main database into dst's with the backup API, in one step:
 * the whole copy is one read transaction on src, a snapshot that writers
 * (in WAL mode) neither block nor restart.  Waits for locks at most
 * BACKUP_BUSY_SECONDS.  SQLITE_OK or the error. */
int	 backup_copy_db(sqlite3 *dst, sqlite3 *src);
/* A database file of our own (a fresh copy, or one from an archive):
 * switch it to rollback-journal mode (so opening it later makes no -wal),
 * then PRAGMA integrity_check and its schema version.  Leaves no -wal,
 * -shm or -journal.  0, or -1 with why. */
int	 backup_check_db(const char *path, int *version, char *why, size_t);
/* Copy src to a new file dst (0600, fsynced; dst must not exist).  0 or
 * -1 (errno set; dst removed). */
int	 backup_copy_file(const char *src, const char *dst);
/* Remove a tree we made (symbolic links are removed, never followed). */
int	 backup_remove_tree(const char *dir);
/* fsync the directory that holds path. */
int	 backup_sync_dir(const char *path);
/* Lock the data directory against a concurrent backup or restore: the fd
 * to close when done, or -1 (message printed). */
int	 backup_lock(const struct conf *);

#endif
