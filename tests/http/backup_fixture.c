/* backup_fixture — helpers for the backup suite; see backup_fixture.h. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "archive.c"	/* the ustar writer, to build archives by hand */
#include "backup_fixture.h"
#include "client.h"

#define VISA	"4242424242424242"

char *
bf_data(const char *rel)
{
	char	*p;

	ck_assert_int_ne(asprintf(&p, "%s%s%s", getenv("SKYFOX_DATA"),
	    *rel ? "/" : "", rel), -1);
	return p;
}

char *
bf_listing(const char *sub)
{
	char	 cmd[1200], *dir = bf_data(sub), *out;

	snprintf(cmd, sizeof(cmd), "cd '%s' && ls -A | LC_ALL=C sort | "
	    "grep -v -x -e skyfox.db-wal -e skyfox.db-shm", dir);
	out = shell_output(cmd);
	free(dir);
	return out;
}

char *
bf_ctl(const char *args, int *rc)
{
	char	 cmd[2048], *out, *last = NULL;

	snprintf(cmd, sizeof(cmd), "%s/bin/skyfoxctl %s 2>&1; echo \"rc=$?\"",
	    getenv("SKYFOX_ROOT"), args);
	out = shell_output(cmd);
	for (char *p = out; (p = strstr(p, "rc=")) != NULL; p++)
		last = p;
	*rc = last != NULL ? atoi(last + 3) : -1;
	if (last != NULL)
		*last = '\0';			/* drop "rc=N" */
	return out;
}

char *
bf_read(const char *path, size_t *n)
{
	FILE	*f = fopen(path, "r");
	char	*p;
	long	 len;

	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	ck_assert_ptr_nonnull(p = malloc((size_t)len + 1));
	ck_assert_uint_eq(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	p[len] = '\0';
	if (n != NULL)
		*n = (size_t)len;
	return p;
}

long long
bf_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void
bf_archive(const char *path, const struct bf_member *m, int n)
{
	static const unsigned char zero[2 * ARCHIVE_BLOCK];
	unsigned char h[ARCHIVE_BLOCK];
	char	 cmd[1200];
	FILE	*gz;

	snprintf(cmd, sizeof(cmd), "gzip -n -c > '%s'", path);
	ck_assert_ptr_nonnull(gz = popen(cmd, "w"));
	for (int i = 0; i < n; i++) {
		size_t	 pad = (ARCHIVE_BLOCK - m[i].len % ARCHIVE_BLOCK) %
		    ARCHIVE_BLOCK;

		ck_assert_int_eq(archive_header(h, m[i].name,
		    (long long)m[i].len, 1700000000, m[i].type), 0);
		fwrite(h, 1, sizeof(h), gz);
		fwrite(m[i].data, 1, m[i].len, gz);
		fwrite(zero, 1, pad, gz);
	}
	fwrite(zero, 1, sizeof(zero), gz);
	ck_assert_int_eq(pclose(gz), 0);
	chmod(path, 0644);
}

char *
bf_manifest(int members)
{
	char	*v = db_scalar("PRAGMA user_version"), *m;

	ck_assert_int_ne(asprintf(&m, "skyfox-backup 1\nschema %s\n"
	    "created 2026-01-01T00:00:00Z\ncinema SkyFox Cinema\n"
	    "members %d\n", v, members), -1);
	free(v);
	return m;
}

/* One worker: seats A1, A2 … J10 of its show, one booking each. */
static void
crowd_worker(int me, const char *token, long long show, const char *stop,
    int out, int *reported)
{
	for (int k = 0; k < 100 && access(stop, F_OK) != 0; k++) {
		struct bf_booked b = { -1, me, bf_now_ns(), 0 };
		char	 body[512];
		struct hresp *r;

		snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":"
		    "[\"%c%d\"]}", show, "ABCDEFGHIJ"[k / 10], k % 10 + 1);
		r = api("POST", "/api/bookings", body, token);
		if (r->status == 201) {
			long long id = jint(r->json, "data.id");

			hresp_free(r);
			snprintf(body, sizeof(body), "{\"booking_id\":%lld,"
			    "\"method\":\"card\",\"card\":{\"number\":\"%s\","
			    "\"cvv\":\"123\",\"expiry\":\"12/35\",\"name\":"
			    "\"Backup Tester\"}}", id, VISA);
			r = api("POST", "/api/payments", body, token);
			if (r->status == 200)
				b.id = id;
		}
		b.at_ns = bf_now_ns();
		hresp_free(r);
		if (write(out, &b, sizeof(b)) != (ssize_t)sizeof(b))
			_exit(1);
		if (b.id >= 0)
			__atomic_add_fetch(reported, 1, __ATOMIC_SEQ_CST);
	}
	_exit(0);
}

void
bf_crowd_start(struct bf_crowd *cr, int n, char *const *tokens,
    const long long *shows)
{
	int	 p[2];

	ck_assert_int_le(n, BF_WORKERS);
	memset(cr, 0, sizeof(*cr));
	cr->n = n;
	cr->reported = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert(cr->reported != MAP_FAILED);
	snprintf(cr->stop, sizeof(cr->stop), "/tmp/skyfox-crowd-stop.%d",
	    (int)getpid());
	unlink(cr->stop);
	ck_assert_int_eq(pipe(p), 0);
	for (int i = 0; i < n; i++) {
		ck_assert_int_ne(cr->pid[i] = fork(), -1);
		if (cr->pid[i] == 0) {
			close(p[0]);
			crowd_worker(i, tokens[i], shows[i], cr->stop, p[1],
			    cr->reported);
		}
	}
	close(p[1]);
	cr->out = p[0];
}

int
bf_crowd_wait(struct bf_crowd *cr, int n)
{
	int	 seen = __atomic_load_n(cr->reported, __ATOMIC_SEQ_CST);

	for (int i = 0; i < 600 && seen < n; i++) {
		usleep(50 * 1000);
		seen = __atomic_load_n(cr->reported, __ATOMIC_SEQ_CST);
	}
	ck_assert_msg(seen >= n, "the crowd confirmed %d bookings, waited "
	    "for %d", seen, n);
	return seen;
}

void
bf_crowd_stop(struct bf_crowd *cr)
{
	struct bf_booked b;
	FILE	*f = fopen(cr->stop, "w");
	int	 st;

	ck_assert_ptr_nonnull(f);
	fclose(f);
	while (read(cr->out, &b, sizeof(b)) == (ssize_t)sizeof(b)) {
		if (b.id < 0)
			cr->failed++;
		else if (cr->nbooked < BF_BOOKINGS)
			cr->booked[cr->nbooked++] = b;
	}
	close(cr->out);
	for (int i = 0; i < cr->n; i++)
		waitpid(cr->pid[i], &st, 0);
	unlink(cr->stop);
	munmap(cr->reported, sizeof(int));
	cr->reported = NULL;
}
