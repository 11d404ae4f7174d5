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

/* skyfoxctl.c: `skyfoxctl check` — integrity, settings and the invariants
 * of DESIGN §6, printed; 0 when all pass, else 1.  restore runs it too. */
int	 ctl_check(const struct conf *);
/* skyfoxctl.c: `skyfoxctl publish` — every published file of the window
 * rewritten (lib/publish.h); an exit status.  restore runs it too. */
int	 ctl_publish(const struct conf *);

/* backup.c: the whole site in one archive (to FILE, or
 * <data_dir>/backups/ with rotation); restore.c: put one back (or an old
 * plain .db backup).  Exit statuses. */
int	 ctl_backup(const struct conf *, const char *target);
int	 ctl_restore(const struct conf *, const char *from);

/* hosting.c: the install's layout (see there), and the files init and
 * upgrade write with its real paths. */
struct layout {
	int	 bundle;		/* the release bundle (make dist) */
	char	 root[4096];		/* skyfox/ or PREFIX */
	char	 web[4200];		/* skyfox/public_html (bundle only) */
	char	 cron[4200];		/* the cron jobs' folder, or "" */
	char	 ctl[4200];		/* this skyfoxctl */
};
int	 layout_find(struct layout *);
/* 0 written (path in out), 1 nothing to write for this layout, -1 errno. */
int	 layout_write_crontab(const struct layout *, const char *conf,
	    const char *datadir, char *out, size_t);
int	 layout_write_htaccess(const struct layout *, const char *conf,
	    char *out, size_t);
int	 layout_tighten(const char *dir, const char *keep, int depth,
	    int dry);

/* doctor.c: what this host lacks.  confpath may be NULL (then the
 * configuration conf_find() finds, if any).  An exit status. */
int	 ctl_doctor(const char *confpath);

/* ops.c: skyfoxctl maintenance [on [MESSAGE] | off].  An exit status (2 for
 * bad usage). */
int	 ctl_maintenance(const struct conf *, int argc, char **argv);

#endif
