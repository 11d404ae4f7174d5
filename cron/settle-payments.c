/* settle-payments — every minute from cron: settle card payments whose
 * answer was lost (a gateway timeout, a crash or kill between the gateway's
 * yes and our commit).
 *
 * A payments row still 'started' settle_after_seconds (default 60) after
 * it was made is looked up at its gateway by its idempotency key; then the
 * booking is confirmed if it still can be, or the card amount is refunded
 * to the customer's wallet; a top-up is credited; a charge the gateway
 * never made is closed as not charged.  One short transaction per payment,
 * at most SETTLE_BATCH per run, so it never holds the write lock for long.
 * A payment the gateway still cannot answer for stays open for the next
 * run.  Prints one summary line (for cron's mail or log) when it did
 * anything; exits 1 only when the database failed.  Run as root, it
 * becomes the data directory's owner first.  A good run is recorded for
 * /api/health (lib/cronrun.h); in maintenance the job stands down. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "clock.h"
#include "config.h"
#include "cronrun.h"
#include "db.h"
#include "maintenance.h"
#include "payment.h"
#include "privs.h"
#include "publish.h"

#define SETTLE_BATCH	200

int
main(void)
{
	static const char *names[] = { "confirmed", "refunded", "declined",
	    "not charged", "unknown", "already settled" };
	struct conf conf;
	sqlite3	*db;
	long long ids[SETTLE_BATCH], after;
	int	 n, rc, counts[6] = { 0 }, total = 0;
	char	 why[256];

	umask(077);
	if (conf_load(&conf, NULL, why, sizeof(why)) == -1) {
		fprintf(stderr, "settle-payments: %s\n", why);
		return 1;
	}
	/* A restore or an upgrade is under way: touch nothing, record no
	 * run (health then shows the job late until the next one). */
	if (maintenance_get(&conf, NULL, 0, NULL))
		return 0;
	/* Run by root's crontab by mistake: no root-owned -wal, -shm or run
	 * record may lock the web user out. */
	if (privs_become_owner_of(conf.data_dir) == -1)
		return 1;
	if (clock_use_zone(conf.timezone) == -1) {
		fprintf(stderr, "settle-payments: timezone \"%s\" is not a known time zone; "
		    "fix skyfox.conf (skyfoxctl check)\n", conf.timezone);
		return 1;
	}
	after = conf_int(&conf, "settle_after_seconds", 60);
	if (after < 0)
		after = 60;
	if ((rc = db_open(conf.db_path, &db)) != SQLITE_OK) {
		fprintf(stderr, "settle-payments: open %s: %s\n", conf.db_path,
		    sqlite3_errstr(rc));
		return 1;
	}
	/* A settled payment confirms or releases seats: publish them. */
	publish_attach(db, &conf);
	rc = payment_due(db, clock_now(&conf) - after, ids, SETTLE_BATCH, &n);
	for (int i = 0; rc == SQLITE_OK && i < n; i++) {
		enum settle_outcome so;

		if ((rc = payment_settle(db, &conf, ids[i], &so)) != SQLITE_OK)
			break;
		counts[so]++;
		total++;
		if (so == SETTLE_REFUNDED || so == SETTLE_UNKNOWN)
			fprintf(stderr, "settle-payments: payment %lld: %s\n",
			    ids[i], names[so]);
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "settle-payments: %s\n", sqlite3_errmsg(db));
	if (total > 0)
		printf("settle-payments: %d payments: %d confirmed, %d refunded "
		    "to wallet, %d declined, %d not charged, %d still unknown, "
		    "%d already settled\n", total, counts[SETTLE_CONFIRMED],
		    counts[SETTLE_REFUNDED], counts[SETTLE_DECLINED],
		    counts[SETTLE_NOT_CHARGED], counts[SETTLE_UNKNOWN],
		    counts[SETTLE_ALREADY]);
	db_close(db);
	if (rc != SQLITE_OK)
		return 1;
	if (cronrun_record(&conf, "settle-payments", clock_now(&conf)) == -1) {
		fprintf(stderr, "settle-payments: cannot record this run in "
		    "%s/cron: %m\n", conf.data_dir);
		return 1;
	}
	return 0;
}
