/* burst — parallel requests from forked children; see burst.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "burst.h"

struct answer {
	int	 i;
	long	 status;
	int	 retry_after;
	char	 code[32];
};

void
burst_run(int n, struct hresp *(*fn)(int, void *), void *arg,
    struct burst *b)
{
	int	 gate[2], out[2], st;
	pid_t	 pid[BURST_MAX];
	struct answer a;

	ck_assert_int_le(n, BURST_MAX);
	memset(b, 0, sizeof(*b));
	b->n = n;
	ck_assert_int_eq(pipe(gate), 0);
	ck_assert_int_eq(pipe(out), 0);
	for (int i = 0; i < n; i++) {
		ck_assert_int_ne(pid[i] = fork(), -1);
		if (pid[i] == 0) {
			struct hresp *r;
			const char *ra;
			char	 c;

			close(gate[1]);
			close(out[0]);
			if (read(gate[0], &c, 1) == -1)	/* until released */
				_exit(1);
			r = fn(i, arg);
			memset(&a, 0, sizeof(a));
			a.i = i;
			a.status = r->status;
			if ((ra = hdr(r, "Retry-After")) != NULL)
				a.retry_after = atoi(ra);
			snprintf(a.code, sizeof(a.code), "%s",
			    jstr(r->json, "error.code"));
			_exit(write(out[1], &a, sizeof(a)) == (ssize_t)sizeof(a) ?
			    0 : 1);
		}
	}
	close(gate[0]);
	close(out[1]);
	close(gate[1]);				/* go */
	while (read(out[0], &a, sizeof(a)) == (ssize_t)sizeof(a))
		if (a.i >= 0 && a.i < n) {
			b->status[a.i] = a.status;
			b->retry_after[a.i] = a.retry_after;
			memcpy(b->code[a.i], a.code, sizeof(a.code));
		}
	close(out[0]);
	for (int i = 0; i < n; i++)
		waitpid(pid[i], &st, 0);
	if (getenv("BURST_VERBOSE") != NULL)
		fprintf(stderr, "burst of %d: %s\n", n, burst_summary(b));
}

int
burst_count(const struct burst *b, long status)
{
	int	 k = 0;

	for (int i = 0; i < b->n; i++)
		k += b->status[i] == status;
	return k;
}

const char *
burst_summary(const struct burst *b)
{
	static char s[256];
	long	 seen[BURST_MAX];
	int	 ns = 0;
	size_t	 o = 0;

	*s = '\0';
	for (int i = 0; i < b->n; i++) {
		int	 dup = 0;

		for (int j = 0; j < ns; j++)
			dup |= seen[j] == b->status[i];
		if (dup)
			continue;
		seen[ns++] = b->status[i];
		o += (size_t)snprintf(s + o, sizeof(s) - o, "%s%d×%ld",
		    o ? " " : "", burst_count(b, b->status[i]), b->status[i]);
		if (o >= sizeof(s))
			break;
	}
	return s;
}

void
burst_expect_only(const struct burst *b, const long *statuses)
{
	for (int i = 0; i < b->n; i++) {
		int	 ok = 0;

		for (const long *s = statuses; *s != 0; s++)
			ok |= b->status[i] == *s;
		ck_assert_msg(ok, "unexpected status %ld (%s) in %s",
		    b->status[i], b->code[i], burst_summary(b));
		if (b->status[i] == 429 || b->status[i] == 503)
			ck_assert_msg(b->retry_after[i] >= 1, "%ld without "
			    "Retry-After", b->status[i]);
	}
}
