/* backup_fixture — the backup suite's own pieces, in fixture.h's dialect
 * (bf_ functions assert and return what they made): a crowd that holds
 * and pays while a backup runs, hand-made (also hostile) archives,
 * listings of the data directory, and skyfoxctl with its output.  Its
 * accounts and shows come from fixture.h.
 *
 *   struct bf_crowd cr;
 *   bf_crowd_start(&cr, 4, tokens, shows);    // each books on its show
 *   bf_crowd_wait(&cr, 4);                    // 4 booked and timed
 *   t0 = bf_now_ns(); … skyfoxctl backup … t1 = bf_now_ns();
 *   bf_crowd_stop(&cr);                       // cr.booked[] with times
 */
#ifndef SKYFOX_TEST_BACKUP_FIXTURE_H
#define SKYFOX_TEST_BACKUP_FIXTURE_H

#include <stddef.h>
#include <sys/types.h>

#define BF_WORKERS	8
#define BF_BOOKINGS	800	/* at most, all workers together */

/* <data dir>/rel (malloc'd). */
char		*bf_data(const char *rel);
/* The names in <data dir>/sub (or the data dir for ""), one a line,
 * sorted, without the live database's -wal and -shm (they come and go with
 * the site's connections).  malloc'd. */
char		*bf_listing(const char *sub);
/* Run skyfoxctl with args; its standard output and error (malloc'd); its
 * exit status in *rc. */
char		*bf_ctl(const char *args, int *rc);
/* A file's bytes (malloc'd, NUL-terminated); asserts it is readable. */
char		*bf_read(const char *path, size_t *n);
long long	 bf_now_ns(void);	/* CLOCK_MONOTONIC */

/* One member of a hand-made archive: type '0' for a file, anything else
 * to make links, devices…; the name is not checked. */
struct bf_member {
	const char	*name;
	char		 type;
	const void	*data;
	size_t		 len;
};
/* A gzip'd ustar archive of the members, at path, readable by all. */
void		 bf_archive(const char *path, const struct bf_member *, int n);
/* A MANIFEST as skyfoxctl writes it, for an archive of `members` members
 * (malloc'd). */
char		*bf_manifest(int members);

struct bf_booked {
	long long	 id;
	int		 worker;
	long long	 held_ns;	/* when its hold was sent */
	long long	 at_ns;		/* when its payment's 200 came back */
};

struct bf_crowd {
	int		 n;
	pid_t		 pid[BF_WORKERS];
	int		 out;		/* read end of the workers' pipe */
	char		 stop[64];	/* the file that stops them */
	struct bf_booked booked[BF_BOOKINGS];
	int		 nbooked;
	int		 failed;	/* holds or payments not 201/200 */
	int		*reported;	/* shared with the workers: bookings
					 * confirmed and timed so far */
};

/* n workers, worker i books one seat at a time on shows[i] with
 * tokens[i] (hold, then pay by card) until stopped. */
void		 bf_crowd_start(struct bf_crowd *, int n, char *const *tokens,
		    const long long *shows);
/* Wait (30 s at most) until the workers have reported at least n
 * confirmed bookings, each with its at_ns taken; the count seen. */
int		 bf_crowd_wait(struct bf_crowd *, int n);
/* Stop them and collect every confirmed booking. */
void		 bf_crowd_stop(struct bf_crowd *);

#endif
