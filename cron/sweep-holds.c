/* sweep-holds — cron, every minute: mark lapsed holds expired.
 *
 *   sweep-holds [-v] [-c skyfox.conf] [-b batch] [-t target_ms]
 *
 * Correctness never waits for this job: a hold is free the instant it
 * lapses (lib/booking.h).  The sweeper only tidies, so bookings read
 * 'expired' in the table too and the pending-expiry index stays small.  It
 * works in batches (default 500 bookings per BEGIN IMMEDIATE … COMMIT),
 * halving the batch whenever one transaction held the write lock longer
 * than target_ms (default 20) and pausing between batches, so booking
 * traffic is never blocked for long.  Every step is idempotent: two
 * sweepers, or a sweeper and live holds, can run side by side.
 *
 * Prints one summary line when it did something (with -v: always, with the
 * longest transaction); errors go to stderr with exit status 1, so cron
 * mails them.  Run as root, it becomes the data directory's owner first.
 * A good run is recorded for /api/health (lib/cronrun.h); in maintenance
 * the job stands down, silently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "booking.h"
#include "clock.h"
#include "config.h"
#include "cronrun.h"
#include "db.h"
#include "maintenance.h"
#include "publish.h"
#include "text.h"
#include "privs.h"

static void
usage(void)
{
	fputs("usage: sweep-holds [-v] [-c skyfox.conf] [-b batch] "
	    "[-t target_ms]\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	struct booking_sweep_stats st;
	struct booking_fail f;
	struct conf conf;
	const char *confpath = NULL;
	char	 why[256], iso[32];
	long long batch = 500, target_ms = 20;
	int	 verbose = 0, ch, rc;
	sqlite3	*db;
	time_t	 now;

	umask(077);
	while ((ch = getopt(argc, argv, "vc:b:t:")) != -1) {
		switch (ch) {
		case 'v':
			verbose = 1;
			break;
		case 'c':
			confpath = optarg;
			break;
		case 'b':
			if (text_parse_int(optarg, 1, 100000, &batch) != TEXT_OK)
				usage();
			break;
		case 't':
			if (text_parse_int(optarg, 1, 10000, &target_ms) !=
			    TEXT_OK)
				usage();
			break;
		default:
			usage();
		}
	}
	if (conf_load(&conf, confpath, why, sizeof(why)) == -1) {
		fprintf(stderr, "sweep-holds: %s\n", why);
		return 1;
	}
	/* A restore or an upgrade is under way: touch nothing, record no
	 * run (health then shows the job late until the next one). */
	if (maintenance_get(&conf, NULL, 0, NULL))
		return 0;
	if (privs_become_owner_of(conf.data_dir) == -1)
		return 1;
	if (clock_use_zone(conf.timezone) == -1) {
		fprintf(stderr, "sweep-holds: timezone \"%s\" is not a known time zone; "
		    "fix skyfox.conf (skyfoxctl check)\n", conf.timezone);
		return 1;
	}
	now = clock_now(&conf);
	clock_iso8601(now, iso);
	if ((rc = db_open(conf.db_path, &db)) != SQLITE_OK) {
		fprintf(stderr, "sweep-holds: open %s: %s\n", conf.db_path,
		    sqlite3_errstr(rc));
		return 1;
	}
	/* Freed seats are published after each batch (lib/publish.h). */
	publish_attach(db, &conf);
	memset(&st, 0, sizeof(st));
	memset(&f, 0, sizeof(f));
	rc = booking_sweep(db, now, (int)batch, target_ms * 1000, &st, &f);
	if (st.bookings > 0 || verbose)
		printf("%s sweep-holds: expired %lld booking%s, freed %lld "
		    "seat%s in %d transaction%s (longest %.1f ms, %d over %lld "
		    "ms, total %.1f ms, last batch %d)\n", iso, st.bookings,
		    st.bookings == 1 ? "" : "s", st.seats,
		    st.seats == 1 ? "" : "s", st.transactions,
		    st.transactions == 1 ? "" : "s", st.max_tx_us / 1000.0,
		    st.over_target, target_ms, st.total_us / 1000.0,
		    st.final_batch);
	if (rc == -1)
		fprintf(stderr, "%s sweep-holds: stopped: %s\n", iso,
		    sqlite3_errstr(f.rc));
	db_close(db);
	if (rc == -1)
		return 1;
	if (cronrun_record(&conf, "sweep-holds", clock_now(&conf)) == -1) {
		fprintf(stderr, "%s sweep-holds: cannot record this run in "
		    "%s/cron: %m\n", iso, conf.data_dir);
		return 1;
	}
	return 0;
}
