/* cronrun — is cron running?
 *
 * Correctness never waits for cron (DESIGN §2), so a crontab that was never
 * installed, or that a host dropped, goes unnoticed: held seats stay
 * 'pending' in the tables, lost card answers are never settled, backups stop.
 * So each cron job, after a run that did its work, records the run's time
 * (the site's clock, so clock_offset moves it like everything else) in
 * <data_dir>/cron/<job>; /api/health reads those few small files — no
 * database — and calls a job "late" when it never ran or its last good run
 * is older than its limit.  One file per job: no two jobs ever write the
 * same file, and each is replaced whole (temp file + rename). */
#ifndef SKYFOX_CRONRUN_H
#define SKYFOX_CRONRUN_H

#include <stddef.h>
#include <time.h>

#include "config.h"

/* Every-minute jobs are late after five missed runs; hourly ones (the
 * backup too: 24 hourly + 14 daily archives are kept) after two hours. */
#define CRONRUN_MINUTELY_LATE	(5 * 60)
#define CRONRUN_HOURLY_LATE	(2 * 3600)

struct cronrun_job {
	const char	*name;		/* "sweep-holds": the file's name too */
	int		 late_after;	/* seconds without a good run */
};

extern const struct cronrun_job cronrun_jobs[];
extern const size_t cronrun_njobs;

/* The job named name, or NULL: only these names ever become paths. */
const struct cronrun_job *cronrun_find(const char *name);
/* Record a good run of job at now (clock_now()): <data_dir>/cron/<job>,
 * the directory made 0700 if missing, the file 0600.  0, or -1 with errno
 * set (EINVAL for a job not in the table). */
int	 cronrun_record(const struct conf *, const char *job, time_t now);
/* When job last ran well; 0 when it never did, or its file cannot be read
 * or does not hold a time. */
time_t	 cronrun_last(const struct conf *, const char *job);
/* 1 when job is late at now: no good run recorded, or none for more than
 * its late_after seconds (an unknown job is late).  A run recorded ahead
 * of now (the clock was moved back) is not late. */
int	 cronrun_late(const struct conf *, const char *job, time_t now);

#endif
