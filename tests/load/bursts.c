/* bursts — the limits of DESIGN §10.1 under a crowd, beside the booking
 * race (issue 10): parallel requests must not walk through a limit that a
 * single request meets.
 *
 *   login     40 wrong passwords for one account at once: at most
 *             ratelimit_account_max (5) are evaluated (401), the rest 429
 *             with Retry-After;
 *   reset     30 wrong security answers for one email at once: the same;
 *   password  15 wrong current passwords at once: the same;
 *   hold cap  one customer fires 10 holds of 10 seats on one show at once:
 *             at most max_seats (10) seats end up held; then holds on
 *             other shows at once: at most max_pending_bookings (3) live.
 *
 * The test site hashes cheaply (pwhash_cost = test), which shrinks the
 * window between a check and its count to nothing; the burst accounts get
 * hashes at production cost (Argon2id, interactive limits), so each wrong
 * guess takes as long as it would on a real site.
 *
 * Each burst is N forked clients released together through a pipe, each
 * from its own loopback source address per burst (so the per-address
 * counters of one burst never block the next), writing its status and
 * whether Retry-After came into shared memory. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "load.h"

#define BURST_MAX	64
#define ACCOUNT_MAX	5	/* skyfox.conf ratelimit_account_max default */
#define MAX_SEATS	10	/* max_seats default */
#define MAX_PENDING	3	/* max_pending_bookings default */

struct answer {
	long	 status;
	int	 retry_after;	/* seconds; 0 when absent */
};

static size_t
header(char *p, size_t size, size_t n, void *ud)
{
	struct answer *a = ud;

	if (size * n > 13 && strncasecmp(p, "Retry-After:", 12) == 0)
		a->retry_after = atoi(p + 12);
	return size * n;
}

/* One request from source address ip; fills a. */
static void
one(const char *ip, const char *method, const char *path, const char *body,
    const char *token, struct answer *a)
{
	CURL	*c = curl_easy_init();
	struct curl_slist *h = NULL;
	struct buf b = BUF_INIT;
	char	 url[1024], auth[2200];

	snprintf(url, sizeof(url), "%s%s", load.base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, load_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_INTERFACE, ip);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&b);
}

typedef void (*body_fn)(int i, char *body, size_t n, const void *arg);

/* n clients at once; out[i] gets client i's answer. */
static void
burst(int n, const char *ip, const char *method, const char *path,
    body_fn make, const void *arg, const char *token, struct answer *out)
{
	struct answer *shared;
	pid_t	 kids[BURST_MAX];
	int	 gun[2];

	shared = mmap(NULL, sizeof(*shared) * (size_t)n, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED || pipe(gun) == -1) {
		perror("load: bursts");
		exit(1);
	}
	memset(shared, 0, sizeof(*shared) * (size_t)n);
	for (int i = 0; i < n; i++) {
		if ((kids[i] = fork()) == 0) {
			char	 body[512], go;

			close(gun[1]);
			make(i, body, sizeof(body), arg);
			if (read(gun[0], &go, 1) < 0)	/* EOF: all start */
				_exit(1);
			one(ip, method, path, body, token, &shared[i]);
			_exit(0);
		}
	}
	close(gun[0]);
	close(gun[1]);
	for (int i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	memcpy(out, shared, sizeof(*out) * (size_t)n);
	munmap(shared, sizeof(*shared) * (size_t)n);
}

/* Evaluated answers are those that are not 429; every 429 carries a
 * Retry-After.  -1 on a 5xx, a lost answer or a 429 without Retry-After. */
static int
count_evaluated(const char *what, const struct answer *a, int n)
{
	int	 evaluated = 0, limited = 0;

	for (int i = 0; i < n; i++) {
		if (a[i].status == 429) {
			if (a[i].retry_after < 1) {
				fprintf(stderr, "load: %s: a 429 without "
				    "Retry-After\n", what);
				return -1;
			}
			limited++;
		} else if (a[i].status == 0 || a[i].status >= 500) {
			fprintf(stderr, "load: %s: answer %ld\n", what,
			    a[i].status);
			return -1;
		} else
			evaluated++;
	}
	printf("load: bursts: %s: %d at once → %d evaluated, %d × 429 "
	    "with Retry-After\n", what, n, evaluated, limited);
	return evaluated;
}

static void
body_login(int i, char *b, size_t n, const void *arg)
{
	snprintf(b, n, "{\"username\":\"%s\",\"password\":\"Wrong#%04d\"}",
	    (const char *)arg, i);
}

static void
body_reset(int i, char *b, size_t n, const void *arg)
{
	snprintf(b, n, "{\"email\":\"%s\",\"answer\":\"wrong answer %d\"}",
	    (const char *)arg, i);
}

static void
body_password(int i, char *b, size_t n, const void *arg)
{
	(void)arg;
	snprintf(b, n, "{\"current_password\":\"Wrong#%04d\",\"new_password\":"
	    "\"Brand#New%04d\"}", i, i);
}

static void
body_hold(int i, char *b, size_t n, const void *arg)
{
	const long long *show = arg;
	char	 row = (char)('A' + i % 10);

	snprintf(b, n, "{\"show_id\":%lld,\"seats\":[\"%c1\",\"%c2\",\"%c3\","
	    "\"%c4\",\"%c5\",\"%c6\",\"%c7\",\"%c8\",\"%c9\",\"%c10\"]}", *show,
	    row, row, row, row, row, row, row, row, row, row);
}

static void
body_hold_each(int i, char *b, size_t n, const void *arg)
{
	const long long *shows = arg;

	snprintf(b, n, "{\"show_id\":%lld,\"seats\":[\"A1\"]}", shows[i]);
}

/* A screen of its own (a copy of screen 1's seats) with shows two to four
 * days ahead: inside the customers' window, and no slot taken. */
static void
burst_shows(sqlite3 *db, long long *shows, int n)
{
	char	 sql[1600];
	long long screen;

	snprintf(sql, sizeof(sql), "INSERT INTO screens (name) VALUES "
	    "('Bursts %ld')", (long)getpid());
	load_exec(db, sql);
	screen = sqlite3_last_insert_rowid(db);
	snprintf(sql, sizeof(sql), "INSERT INTO seats (screen_id, row_label, "
	    "number, label, category_id, grid_row, grid_col) SELECT %lld, "
	    "row_label, number, label, category_id, grid_row, grid_col FROM "
	    "seats WHERE screen_id = 1", screen);
	load_exec(db, sql);
	load_exec(db, "INSERT OR IGNORE INTO movies (imdb_id, title, raw_json, "
	    "fetched_at) VALUES ('tt7700003', 'Burst Test Movie', '{}', 0)");
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO shows (movie_id, "
		    "screen_id, slot_id, date, starts_at, ends_at, price, "
		    "created_at) SELECT (SELECT id FROM movies WHERE imdb_id = "
		    "'tt7700003'), %lld, %d, d, CAST(strftime('%%s', d || "
		    "' 11:00:00') AS INTEGER), CAST(strftime('%%s', d || "
		    "' 14:00:00') AS INTEGER), 20000, 0 FROM (SELECT date('now', "
		    "'+%d day') AS d)", screen, 1 + i % 4, 2 + i / 4);
		load_exec(db, sql);
		shows[i] = sqlite3_last_insert_rowid(db);
	}
}

int
bursts_main(void)
{
	sqlite3	*db = load_db();
	char	*tok[2], who[64], email[96];
	struct answer a[BURST_MAX];
	long long shows[6], held;
	int	 ev, fails = 0;

	load_customers(db, "burst", 2, tok);
	/* Production-cost hashes for both accounts (password and answer). */
	{
		char	 h[crypto_pwhash_STRBYTES], q[1200];

		if (sodium_init() < 0 || crypto_pwhash_str(h, LOAD_PASSWORD,
		    strlen(LOAD_PASSWORD), crypto_pwhash_OPSLIMIT_INTERACTIVE,
		    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
			fputs("load: bursts: hashing failed\n", stderr);
			return 1;
		}
		snprintf(q, sizeof(q), "UPDATE users SET password_hash = '%s' "
		    "WHERE username LIKE 'burst%%_%ld'; UPDATE customers SET "
		    "security_answer_hash = '%s' WHERE user_id IN (SELECT id "
		    "FROM users WHERE username LIKE 'burst%%_%ld')", h,
		    (long)getpid(), h, (long)getpid());
		load_exec(db, q);
	}
	snprintf(who, sizeof(who), "burst0_%ld", (long)getpid());
	snprintf(email, sizeof(email), "burst0_%ld@example.com",
	    (long)getpid());

	burst(40, "127.0.0.91", "POST", "/api/session", body_login, who, NULL,
	    a);
	ev = count_evaluated("login", a, 40);
	fails += ev < 1 || ev > ACCOUNT_MAX;

	burst(30, "127.0.0.92", "POST", "/api/password-resets/verify",
	    body_reset, email, NULL, a);
	ev = count_evaluated("reset answer", a, 30);
	fails += ev < 1 || ev > ACCOUNT_MAX;

	burst(15, "127.0.0.93", "PUT", "/api/users/me/password", body_password,
	    NULL, tok[1], a);
	ev = count_evaluated("password change", a, 15);
	fails += ev < 1 || ev > ACCOUNT_MAX;

	/* One show, ten holds of ten seats at once. */
	burst_shows(db, shows, 6);
	burst(10, "127.0.0.94", "POST", "/api/bookings", body_hold, &shows[0],
	    tok[1], a);
	held = load_scalar_ids(db, "SELECT count(*) FROM booking_seats bs "
	    "JOIN bookings b ON b.id = bs.booking_id WHERE bs.live = 1 AND "
	    "b.show_id = ?1", 1, shows[0]);
	ev = 0;
	for (int i = 0; i < 10; i++)
		ev += a[i].status == 201;
	printf("load: bursts: hold cap: 10 holds of 10 seats at once → "
	    "%d granted, %lld seats held (max_seats %d)\n", ev, held,
	    MAX_SEATS);
	fails += held > MAX_SEATS || ev != 1;
	for (int i = 0; i < 10; i++)
		fails += a[i].status != 201 && a[i].status != 409;

	/* Five more shows at once: live holds stop at max_pending_bookings. */
	burst(5, "127.0.0.95", "POST", "/api/bookings", body_hold_each,
	    &shows[1], tok[1], a);
	held = load_scalar_ids(db, "SELECT count(*) FROM bookings WHERE "
	    "status = 'pending' AND user_id = (SELECT id FROM users WHERE "
	    "username = 'burst1_' || ?1)", 1, (long long)getpid());
	ev = count_evaluated("holds across shows", a, 5);
	printf("load: bursts: %lld live holds for one customer "
	    "(max_pending_bookings %d)\n", held, MAX_PENDING);
	fails += ev < 0 || held > MAX_PENDING;

	free(tok[0]);
	free(tok[1]);
	sqlite3_close(db);
	if (fails) {
		fprintf(stderr, "load: bursts: %d limit(s) walked through\n",
		    fails);
		return 1;
	}
	printf("load: round bursts: no limit walked through by a burst\n");
	return 0;
}
