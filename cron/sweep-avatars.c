/* sweep-avatars — cron, hourly: remove photos a crash left behind.
 *
 *   sweep-avatars [-v] [-c skyfox.conf]
 *
 * A new photo is a temp file until the database commit that points an
 * account at it (lib/avatar.h), so a crashed or killed sign-up leaves only
 * a temp file nothing serves; a replaced photo whose owner died before
 * deleting it is a file no account references.  Both kinds, once older
 * than AVATAR_STRAY_AGE (an hour: a sign-up in flight is never touched),
 * are deleted here; a committed photo whose rename was lost is put in
 * place.  `skyfoxctl check` reports the same strays without touching them.
 *
 * Prints one summary line when it did something (with -v: always); errors
 * go to stderr with exit status 1, so cron mails them.  Run as root, it
 * becomes the data directory's owner first.  A good run is recorded for
 * /api/health (lib/cronrun.h); in maintenance the job stands down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avatar.h"
#include "clock.h"
#include "config.h"
#include "cronrun.h"
#include "db.h"
#include "maintenance.h"
#include "privs.h"

int
main(int argc, char **argv)
{
	struct avatar_stray_stats st;
	struct conf conf;
	const char *confpath = NULL;
	char	 why[256], iso[32];
	int	 verbose = 0, ch, rc, failed;
	struct avatar_fail f;
	sqlite3	*db;
	time_t	 now;

	umask(077);
	while ((ch = getopt(argc, argv, "vc:")) != -1) {
		switch (ch) {
		case 'v':
			verbose = 1;
			break;
		case 'c':
			confpath = optarg;
			break;
		default:
			fputs("usage: sweep-avatars [-v] [-c skyfox.conf]\n",
			    stderr);
			return 2;
		}
	}
	if (conf_load(&conf, confpath, why, sizeof(why)) == -1) {
		fprintf(stderr, "sweep-avatars: %s\n", why);
		return 1;
	}
	/* A restore or an upgrade is under way: touch nothing, record no
	 * run (health then shows the job late until the next one). */
	if (maintenance_get(&conf, NULL, 0, NULL))
		return 0;
	if (privs_become_owner_of(conf.data_dir) == -1)
		return 1;
	clock_use_zone(conf.timezone);
	now = clock_now(&conf);
	clock_iso8601(now, iso);
	if ((rc = db_open(conf.db_path, &db)) != SQLITE_OK) {
		fprintf(stderr, "sweep-avatars: open %s: %s\n", conf.db_path,
		    sqlite3_errstr(rc));
		return 1;
	}
	failed = avatar_strays(db, &conf, now, AVATAR_STRAY_AGE, 1, &st,
	    &f) != 0;
	if (st.removed > 0 || st.finished > 0 || verbose)
		printf("%s sweep-avatars: removed %d stray photo file%s "
		    "(%lld bytes), put %d committed photo%s in place; %d "
		    "file%s, %d too young to judge\n", iso, st.removed,
		    st.removed == 1 ? "" : "s", st.bytes, st.finished,
		    st.finished == 1 ? "" : "s", st.files,
		    st.files == 1 ? "" : "s", st.fresh);
	if (failed)
		fprintf(stderr, "%s sweep-avatars: stopped: %s\n", iso,
		    f.err == AVATAR_DB ? sqlite3_errstr(f.rc) : "cannot read "
		    "the avatars directory");
	db_close(db);
	if (failed)
		return 1;
	if (cronrun_record(&conf, "sweep-avatars", clock_now(&conf)) == -1) {
		fprintf(stderr, "%s sweep-avatars: cannot record this run in "
		    "%s/cron: %m\n", iso, conf.data_dir);
		return 1;
	}
	return 0;
}
