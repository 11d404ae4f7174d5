/* migrate — apply schema.sql's numbered blocks above PRAGMA user_version.
 *
 * schema.sql is a sequence of blocks, each headed by a line
 * "-- migration N: what".  Numbers start at 1 and rise by one.  Each block
 * runs in its own BEGIN IMMEDIATE transaction together with the
 * user_version bump, so a crash leaves the database at a whole version.
 * The text is compiled into the binaries (build/embedded.c). */
#ifndef SKYFOX_MIGRATE_H
#define SKYFOX_MIGRATE_H

#include <sqlite3.h>

extern const char skyfox_schema_sql[];
extern const char skyfox_seed_sql[];

/* Highest migration number in the text, or -1 when numbering is broken. */
int	 migrate_latest(const char *schema);
/* Apply pending blocks.  *from and *to receive the versions.  0 or -1 with
 * why in errbuf. */
int	 migrate_apply(sqlite3 *, const char *schema, int *from, int *to,
	    char *errbuf, size_t);
/* Apply blocks up to and including version `upto` only (tests: build a
 * database as an older release made it). */
int	 migrate_apply_upto(sqlite3 *, const char *schema, int upto,
	    char *errbuf, size_t);

#endif
