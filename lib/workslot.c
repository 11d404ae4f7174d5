/* workslot — flock(2) slots for costly work; see workslot.h. */
#include <sys/file.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "workslot.h"

/* Between sweeps over the slots a waiter naps, 2 ms doubling to 50 ms: a
 * slot freed is taken within a nap, and a few dozen waiters polling cost
 * nothing next to the work they wait for. */
#define NAP_MIN_US	2000
#define NAP_MAX_US	50000

const char *
workslot_base(const struct conf *c)
{
	/* Only an absolute path: skyfoxctl init writes one; a relative one
	 * (the built-in default) is a test's, and would litter its cwd. */
	if (c == NULL || c->db_path == NULL || *c->db_path != '/')
		return NULL;
	return c->db_path;
}

static void
close_all(int *fd, int n, int keep)
{
	for (int i = 0; i < n; i++)
		if (fd[i] >= 0 && i != keep)
			close(fd[i]);
}

enum workslot_rc
workslot_acquire(const char *base, const char *kind, int nslots, int wait_ms,
    struct workslot *ws)
{
	int	 fd[WORKSLOT_MAX], opened = 0;
	long long deadline = clock_mono_us() + (long long)wait_ms * 1000;
	long	 nap = NAP_MIN_US;
	unsigned start = (unsigned)getpid();
	char	 path[600];

	ws->fd = -1;
	if (base == NULL || *base == '\0')
		return WORKSLOT_UNBOUNDED;
	if (nslots < 1)
		nslots = 1;
	if (nslots > WORKSLOT_MAX)
		nslots = WORKSLOT_MAX;
	for (int i = 0; i < nslots; i++) {
		fd[i] = -1;
		if (snprintf(path, sizeof(path), "%s-slot-%s.%d", base, kind, i)
		    >= (int)sizeof(path))
			continue;
		if ((fd[i] = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) ==
		    -1)
			fprintf(stderr, "skyfox: slot %s: %s\n", path,
			    strerror(errno));
		else
			opened++;
	}
	if (opened == 0)
		return WORKSLOT_UNBOUNDED;
	for (;;) {
		/* Start the sweep at a slot picked by pid, so waiters do
		 * not all pile onto slot 0. */
		for (int k = 0; k < nslots; k++) {
			int	 i = (int)((start + (unsigned)k) %
			    (unsigned)nslots);

			if (fd[i] >= 0 && flock(fd[i], LOCK_EX | LOCK_NB) == 0) {
				close_all(fd, nslots, i);
				ws->fd = fd[i];
				return WORKSLOT_HELD;
			}
		}
		long long left = deadline - clock_mono_us();

		if (left <= 0)
			break;
		{
			struct timespec ts;
			long	 us = nap < left ? nap : (long)left;

			ts.tv_sec = us / 1000000;
			ts.tv_nsec = (us % 1000000) * 1000;
			nanosleep(&ts, NULL);
		}
		if ((nap *= 2) > NAP_MAX_US)
			nap = NAP_MAX_US;
	}
	close_all(fd, nslots, -1);
	return WORKSLOT_BUSY;
}

void
workslot_release(struct workslot *ws)
{
	if (ws->fd >= 0) {
		flock(ws->fd, LOCK_UN);
		close(ws->fd);
	}
	ws->fd = -1;
}
