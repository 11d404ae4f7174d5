/* cronrun — the cron jobs' last good runs; see cronrun.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cronrun.h"
#include "text.h"

/* The order health lists them in. */
const struct cronrun_job cronrun_jobs[] = {
	{ "sweep-holds",	CRONRUN_MINUTELY_LATE },
	{ "settle-payments",	CRONRUN_MINUTELY_LATE },
	{ "sweep-avatars",	CRONRUN_HOURLY_LATE },
	{ "refresh-movies",	CRONRUN_HOURLY_LATE },
	{ "backup",		CRONRUN_HOURLY_LATE },
};
const size_t cronrun_njobs = sizeof(cronrun_jobs) / sizeof(cronrun_jobs[0]);

const struct cronrun_job *
cronrun_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < cronrun_njobs; i++)
		if (strcmp(cronrun_jobs[i].name, name) == 0)
			return &cronrun_jobs[i];
	return NULL;
}

/* <data_dir>/cron, or <data_dir>/cron/<job> when job is not NULL. */
static int
run_path(const struct conf *c, const char *job, char *out, size_t n)
{
	int	 w = job == NULL ? snprintf(out, n, "%s/cron", c->data_dir) :
	    snprintf(out, n, "%s/cron/%s", c->data_dir, job);

	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int
cronrun_record(const struct conf *c, const char *job, time_t now)
{
	char	 dir[600], path[640], tmp[660], text[32];
	int	 fd, len, e;

	if (cronrun_find(job) == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (run_path(c, NULL, dir, sizeof(dir)) == -1 ||
	    run_path(c, job, path, sizeof(path)) == -1 ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, job) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return -1;
	/* mkstemp makes the file 0600 whatever the umask.  No fsync: a record
	 * lost to a power cut only shows the job late until its next run. */
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	len = snprintf(text, sizeof(text), "%lld\n", (long long)now);
	errno = EIO;			/* a short write sets none */
	if (write(fd, text, (size_t)len) != len) {
		e = errno;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

time_t
cronrun_last(const struct conf *c, const char *job)
{
	char	 path[640], buf[32];
	ssize_t	 got;
	long long t;
	int	 fd;

	if (cronrun_find(job) == NULL ||
	    run_path(c, job, path, sizeof(path)) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return 0;
	got = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (got <= 0 || buf[0] < '1' || buf[0] > '9')
		return 0;
	if (buf[got - 1] == '\n')	/* one line, as cronrun_record writes */
		got--;
	if (text_parse_intn(buf, (size_t)got, 1, LLONG_MAX, &t) != TEXT_OK)
		return 0;
	return (time_t)t;
}

int
cronrun_late(const struct conf *c, const char *job, time_t now)
{
	const struct cronrun_job *j = cronrun_find(job);
	time_t	 last;

	if (j == NULL || (last = cronrun_last(c, job)) == 0)
		return 1;
	return now > last && now - last > j->late_after;
}
