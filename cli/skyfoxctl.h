/* Parts of skyfoxctl that live in their own files. */
#ifndef SKYFOXCTL_H
#define SKYFOXCTL_H

#include <sqlite3.h>

#include "config.h"

/* demo.c: demo accounts (DESIGN §4), movies and shows; inside the caller's
 * transaction.  0 or -1. */
int	 demo_seed(const struct conf *, sqlite3 *);
/* users.c: create a staff or admin account.  0 or -1 (message printed). */
int	 demo_add_user(const struct conf *, sqlite3 *, const char *role,
	    const char *username, const char *name, const char *password,
	    int counter);
/* Extra key material made at init (ticket signing keys).  0 or -1. */
int	 demo_init_keys(const struct conf *);

/* backup.c: online backup (to FILE, or <data_dir>/backups/ with the newest
 * backup_keep kept) and restore.  Exit statuses. */
int	 ctl_backup(const struct conf *, const char *target);
int	 ctl_restore(const struct conf *, const char *from);

/* ops.c: skyfoxctl maintenance [on [MESSAGE] | off].  An exit status (2 for
 * bad usage). */
int	 ctl_maintenance(const struct conf *, int argc, char **argv);

#endif
