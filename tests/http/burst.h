/* burst — many requests at once, as a crowd (or a bot) sends them.
 *
 *   struct burst b;
 *   burst_run(40, wrong_login, user, &b);
 *   ck_assert_int_le(burst_count(&b, 401), 5);
 *
 * Each request runs in its own forked child; the children are released
 * together through a pipe, so they reach Apache as nearly at once as the
 * machine allows. */
#ifndef SKYFOX_TEST_BURST_H
#define SKYFOX_TEST_BURST_H

#include "client.h"

#define BURST_MAX	64

struct burst {
	int	 n;
	long	 status[BURST_MAX];
	int	 retry_after[BURST_MAX];	/* Retry-After in seconds, or 0 */
	char	 code[BURST_MAX][32];		/* error.code, or "" */
};

/* Run fn(i, arg) for i in 0..n-1 at once; collect each answer. */
void	 burst_run(int n, struct hresp *(*fn)(int, void *), void *arg,
	    struct burst *);
/* How many answers had this status. */
int	 burst_count(const struct burst *, long status);
/* Assert every answer has one of the statuses (0-terminated list); every
 * 429 and 503 carries a Retry-After of at least 1 second. */
void	 burst_expect_only(const struct burst *, const long *statuses);
/* "5×401 35×429" into a static buffer, for messages. */
const char *burst_summary(const struct burst *);

#endif
