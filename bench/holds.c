/* holds — `make bench`'s hold row (bench/booking.sh), DESIGN §9: a
 * benchmark, not a test, so it lives here and not in tests/load; it shares
 * tests/load/load.c's client, SQL and percentile helpers.
 *
 *   build/bench-holds holds [clients] [seconds]
 *       clients (64) processes, each logged in as its own customer, race
 *       for random 1–2 adjacent seats of ONE show for seconds (10): every
 *       granted hold is released at once (DELETE) so the race goes on.
 *   build/bench-holds noop [clients] [seconds]
 *       the same clients GET the do-nothing CGI (/_bench/noop): the floor,
 *       measured by the same client in the same run.
 *
 * Prints one line of key=value pairs: requests/s, the POST (hold) rate,
 * granted holds/s, p50/p99 of the holds in ms, status counts.  Each client
 * keeps one keep-alive connection, like wrk's.  Afterwards (holds) the show
 * is checked: no seat in two live bookings. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "clock.h"
#include "db.h"
#include "load.h"
#include "text.h"

#define BENCH_MAX_SAMPLES	200000

struct result {
	long long	 posts, granted, refused, deletes, other, err5xx, noanswer;
	long long	 nsamples;
};

/* One client until the deadline; writes its result and POST latencies
 * (µs) to fd. */
static void
bench_client(int i, int noop, long long show, const char *token,
    int seconds, int gun, int fd)
{
	static long long lat[BENCH_MAX_SAMPLES];
	struct result r = { 0 };
	CURL	*c = curl_easy_init();
	char	 body[160], path[64], ch;
	long long deadline;

	srand((unsigned)getpid() * 31u + (unsigned)i);
	if (read(gun, &ch, 1) < 0)
		_exit(1);
	deadline = clock_mono_us() + (long long)seconds * 1000000;
	while (clock_mono_us() < deadline) {
		long long t0 = clock_mono_us(), id;
		cJSON	*j = NULL;
		long	 st;

		if (noop) {
			st = load_request(c, "GET", "/_bench/noop", NULL, NULL,
			    NULL);
		} else {
			int	 n = 1 + rand() % 2, col = 1 + rand() % (11 - n);
			char	 row = (char)('A' + rand() % 10);

			if (n == 1)
				snprintf(body, sizeof(body), "{\"show_id\":%lld,"
				    "\"seats\":[\"%c%d\"]}", show, row, col);
			else
				snprintf(body, sizeof(body), "{\"show_id\":%lld,"
				    "\"seats\":[\"%c%d\",\"%c%d\"]}", show, row,
				    col, row, col + 1);
			st = load_request(c, "POST", "/api/bookings", body,
			    token, &j);
		}
		if (r.nsamples < BENCH_MAX_SAMPLES)
			lat[r.nsamples++] = clock_mono_us() - t0;
		r.posts++;
		if (st == 0)
			r.noanswer++;
		else if (st >= 500)
			r.err5xx++;
		else if (st == 201 || (noop && st == 200))
			r.granted++;
		else if (st == 409)
			r.refused++;
		else
			r.other++;
		if (!noop && st == 201 &&
		    (id = load_jnum(j, "data", "id")) > 0) {
			snprintf(path, sizeof(path), "/api/bookings/%lld", id);
			st = load_request(c, "DELETE", path, NULL, token, NULL);
			r.deletes++;
			if (st == 0)
				r.noanswer++;
			else if (st >= 500)
				r.err5xx++;
			else if (st != 200)
				r.other++;
		}
		cJSON_Delete(j);
	}
	curl_easy_cleanup(c);
	if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r) ||
	    write(fd, lat, (size_t)r.nsamples * sizeof(*lat)) !=
	    (ssize_t)((size_t)r.nsamples * sizeof(*lat)))
		_exit(1);
	_exit(0);
}

static int
read_all(FILE *f, void *p, size_t n)
{
	return fread(p, 1, n, f) == n ? 0 : -1;
}

int
main(int argc, char **argv)
{
	int	 noop = argc > 1 && strcmp(argv[1], "noop") == 0;
	long long nclients = 64, nseconds = 10;
	int	 clients, seconds;
	char	**tokens, dir[] = "/tmp/skyfox-bench.XXXXXX", file[300];
	long long show = 0, *lat, n = 0, t0, elapsed;
	struct result sum = { 0 };
	int	 gun[2], status;
	sqlite3	*db;

	if ((argc > 2 && text_parse_int(argv[2], 1, 512, &nclients) !=
	    TEXT_OK) || (argc > 3 && text_parse_int(argv[3], 1, 600,
	    &nseconds) != TEXT_OK) || (!noop && (argc < 2 || strcmp(argv[1], "holds") != 0))) {
		fputs("usage: bench-holds holds|noop [clients] [seconds]\n",
		    stderr);
		return 2;
	}
	clients = (int)nclients;
	seconds = (int)nseconds;
	if (load_init() == -1)
		return 2;
	tokens = calloc((size_t)clients, sizeof(*tokens));
	lat = malloc(sizeof(*lat) * BENCH_MAX_SAMPLES * 4);
	if (tokens == NULL || lat == NULL || mkdtemp(dir) == NULL ||
	    pipe(gun) == -1)
		return 1;
	db = load_db();
	if (!noop) {
		load_customers(db, "bench", clients, tokens);
		show = load_show(db);
	}
	for (int i = 0; i < clients; i++) {
		if (fork() == 0) {
			int	 fd;

			close(gun[1]);
			snprintf(file, sizeof(file), "%s/%d", dir, i);
			if ((fd = open(file, O_WRONLY | O_CREAT | O_TRUNC,
			    0600)) == -1)
				_exit(1);
			bench_client(i, noop, show, tokens[i], seconds, gun[0],
			    fd);
		}
	}
	close(gun[0]);
	t0 = clock_mono_us();
	close(gun[1]);				/* go */
	while (wait(&status) > 0)
		;
	elapsed = clock_mono_us() - t0;
	for (int i = 0; i < clients; i++) {
		struct result r;
		FILE	*f;

		snprintf(file, sizeof(file), "%s/%d", dir, i);
		if ((f = fopen(file, "r")) == NULL || read_all(f, &r,
		    sizeof(r)) == -1) {
			fprintf(stderr, "bench: client %d left no result\n", i);
			return 1;
		}
		if (n + r.nsamples <= BENCH_MAX_SAMPLES * 4 &&
		    read_all(f, lat + n, (size_t)r.nsamples * sizeof(*lat)) == 0)
			n += r.nsamples;
		fclose(f);
		unlink(file);
		sum.posts += r.posts;
		sum.granted += r.granted;
		sum.refused += r.refused;
		sum.deletes += r.deletes;
		sum.other += r.other;
		sum.err5xx += r.err5xx;
		sum.noanswer += r.noanswer;
	}
	rmdir(dir);
	printf("clients=%d seconds=%.1f requests_per_s=%.0f holds_per_s=%.0f "
	    "granted_per_s=%.0f p50_ms=%.1f p99_ms=%.1f posts=%lld "
	    "granted=%lld refused409=%lld deletes=%lld other=%lld "
	    "errors5xx=%lld noanswer=%lld", clients, elapsed / 1e6,
	    (sum.posts + sum.deletes) / (elapsed / 1e6),
	    sum.posts / (elapsed / 1e6), sum.granted / (elapsed / 1e6),
	    load_percentile(lat, (size_t)n, 50) / 1000.0,
	    load_percentile(lat, (size_t)n, 99) / 1000.0, sum.posts,
	    sum.granted, sum.refused, sum.deletes, sum.other, sum.err5xx,
	    sum.noanswer);
	if (!noop) {
		printf(" double_sold=%lld", load_scalar_ids(db, "SELECT "
		    "count(*) FROM (SELECT 1 FROM booking_seats WHERE "
		    "show_id = ?1 AND live = 1 GROUP BY seat_id HAVING "
		    "count(*) > 1)", 1, show));
	}
	putchar('\n');
	db_close(db);
	return sum.err5xx || sum.noanswer || sum.other ? 1 : 0;
}
