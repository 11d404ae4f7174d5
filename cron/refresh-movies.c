/* refresh-movies — cron job: re-fetch movie records older than
 * movie_refresh_hours (default 168, a week) from the provider, so ratings and
 * posters stay current.  At most REFRESH_BATCH records a run, oldest first,
 * each stored in its own short transaction.  Silent when there is nothing to
 * do (cron mails any output); one line per failure on stderr; exit 1 if any
 * record failed.  A good run (nothing failed) is recorded for /api/health
 * (lib/cronrun.h); in maintenance the job stands down, silently.
 *
 *   SKYFOX_CONF=/var/lib/skyfox/skyfox.conf refresh-movies [-v]
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "cronrun.h"
#include "db.h"
#include "maintenance.h"
#include "movie.h"
#include "movie_provider.h"
#include "privs.h"
#include "publish.h"

#define REFRESH_BATCH		50
#define REFRESH_DEFAULT_HOURS	168

/* Refetch one record; 0, or -1 (said on stderr) when it failed. */
static int
refresh_one(const struct conf *c, sqlite3 *db, const char *imdb_id,
    time_t now)
{
	struct movie m;
	enum provider_result r = PROVIDER_NOT_FOUND;
	int	 created, dbrc;
	char	 why[256];

	if (movie_valid_imdb_id(imdb_id))
		r = movie_import(c, db, imdb_id, now, &m, &created, &dbrc, why,
		    sizeof(why));
	else
		snprintf(why, sizeof(why), "not an IMDb id");
	if (r == PROVIDER_OK) {
		movie_free(&m);
		return 0;
	}
	fprintf(stderr, "refresh-movies: %s: %s%s\n", imdb_id, why,
	    r == PROVIDER_NOT_FOUND ? "; keeping our copy" : "");
	/* Gone from the provider: ask again next period, not next hour.  A
	 * provider that is down is asked again next run. */
	if (r == PROVIDER_NOT_FOUND && movie_touch(db, imdb_id, now) != SQLITE_OK)
		fprintf(stderr, "refresh-movies: %s\n", sqlite3_errmsg(db));
	return -1;
}

int
main(int argc, char **argv)
{
	struct conf c;
	sqlite3	*db;
	cJSON	*ids, *id;
	char	 why[256];
	long long hours;
	time_t	 now;
	int	 rc, verbose = 0, failed = 0, done = 0;

	umask(077);
	if (argc > 1 && strcmp(argv[1], "-v") == 0)
		verbose = 1;
	if (conf_load(&c, NULL, why, sizeof(why)) == -1) {
		fprintf(stderr, "refresh-movies: %s\n", why);
		return 1;
	}
	/* A restore or an upgrade is under way: touch nothing, record no
	 * run (health then shows the job late until the next one). */
	if (maintenance_get(&c, NULL, 0, NULL))
		return 0;
	/* Run by root's crontab by mistake: become the data's owner, so no
	 * root-owned -wal/-shm file locks the CGIs out. */
	if (privs_become_owner_of(c.data_dir) == -1)
		return 1;
	if (clock_use_zone(c.timezone) == -1) {
		fprintf(stderr, "refresh-movies: timezone \"%s\" is not a known time zone; "
		    "fix skyfox.conf (skyfoxctl check)\n", c.timezone);
		return 1;
	}
	now = clock_now(&c);
	hours = conf_int(&c, "movie_refresh_hours", REFRESH_DEFAULT_HOURS);
	if (hours < 1)
		hours = REFRESH_DEFAULT_HOURS;
	if ((rc = db_open(c.db_path, &db)) != SQLITE_OK) {
		fprintf(stderr, "refresh-movies: open %s: %s\n", c.db_path,
		    sqlite3_errstr(rc));
		return 1;
	}
	/* A refreshed record may retitle or re-poster a listed show: its
	 * days' published lists are rewritten after each commit. */
	publish_attach(db, &c);
	if ((rc = movie_stale(db, now - (time_t)(hours * 3600), REFRESH_BATCH,
	    &ids)) != SQLITE_OK) {
		fprintf(stderr, "refresh-movies: %s\n", sqlite3_errmsg(db));
		db_close(db);
		return 1;
	}
	cJSON_ArrayForEach(id, ids) {
		if (refresh_one(&c, db, id->valuestring, now) == 0)
			done++;
		else
			failed++;
	}
	if (verbose)
		printf("refresh-movies: %d refreshed, %d failed\n", done, failed);
	cJSON_Delete(ids);
	db_close(db);
	if (failed)
		return 1;
	if (cronrun_record(&c, "refresh-movies", clock_now(&c)) == -1) {
		fprintf(stderr, "refresh-movies: cannot record this run in "
		    "%s/cron: %m\n", c.data_dir);
		return 1;
	}
	return 0;
}
