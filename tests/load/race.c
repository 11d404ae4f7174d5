/* race — load-correctness test of the booking engine over the real Apache
 * (DESIGN §11, tests/load/run.sh).
 *
 * LOAD_CLIENTS (60; fewer through the environment variable of the same name,
 * as tests/load/run.sh does under the sanitizers) processes, each logged
 * in as its own customer, race for
 * overlapping seats (rows A–D) of one fresh show per round: every client
 * tries LOAD_ATTEMPTS holds of 1–4 adjacent seats and cancels a third of
 * what it gets, so seats keep changing hands; it pays for half of the holds
 * it keeps by card and tops its wallet up now and then, so money moves
 * too.  Each round starts with every client's leftover holds cancelled
 * (DELETE), so within a round a client knows its live holds exactly and
 * says, with each hold, whether a cap of DESIGN §7 must refuse it
 * (max_seats of one show, max_pending_bookings live holds; the test site's
 * defaults, LOAD_MAX_SEATS and LOAD_MAX_PENDING).  After each round:
 *   - no 5xx and no transport error; every refused hold was 409
 *     SEATS_UNAVAILABLE, or exactly the cap the client expected (409
 *     TOO_MANY_SEATS, 429 RATE_LIMITED), and no hold a cap should have
 *     refused was granted; every cancel, payment and top-up was 200;
 *   - the live seats of the show are exactly the seats of the 201s that
 *     were not cancelled, each seat in at most one live booking.
 * Seats are typed (every third a child's) and the show is priced by a
 * card, so after each round every seat row carries its category x type
 * price and every booking's amount is their sum.  Rounds GAP_ROUNDS run
 * with the single-seat gap rule on (skyfox.conf gap_rule; the test site
 * has it off): a hold it refuses is 409 SINGLE_SEAT_GAP, which no other
 * round may answer, and the rest of the checks hold as in any round.
 * Round SWEEP_ROUND also starts two cron/sweep-holds at once while it
 * races, over LOAD_LAPSED lapsed holds on other shows: both finish cleanly,
 * every lapsed hold ends expired with its seats free, and the race's own
 * checks hold as in any round (the sweeper is safe beside itself and beside
 * live traffic).
 * Before the last round, a burst (cap_burst): customers each firing a dozen
 * holds at the same instant keep within the caps.
 * The last round kills random bookings.cgi, payments.cgi and wallet.cgi
 * processes of this site (found by /proc exe + SKYFOX_CONF, killed by pid)
 * while the race runs; afterwards every 201 still owns its seats, no seat
 * is live twice, and `skyfoxctl check` passes (wallets equal their ledgers,
 * every confirmed booking is paid in full, every charge has its ticket).
 *
 * Environment: SKYFOX_URL, SKYFOX_DATA, SKYFOX_ROOT (set by run.sh); see
 * load.h. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "clock.h"
#include "db.h"
#include "load.h"

#define LOAD_CLIENTS	60
#define LOAD_ROUNDS	6	/* the last one kills CGIs mid-flight */
#define LOAD_ATTEMPTS	8
#define SWEEP_ROUND	2	/* the third round sweeps beside the race */
#define GAP_ROUND(r)	((r) == 1 || (r) == 3)	/* gap_rule = on */
#define LOAD_LAPSED	500	/* lapsed one-seat holds it sweeps */
#define MAX_EVENTS	(LOAD_CLIENTS * LOAD_ATTEMPTS * 3)
#define LOAD_MAX_SEATS	10	/* skyfox.conf max_seats (default) */
#define LOAD_MAX_PENDING 3	/* skyfox.conf max_pending_bookings (default) */

static char	*tokens[LOAD_CLIENTS];
static int	 clients = LOAD_CLIENTS;	/* this run's, ≤ LOAD_CLIENTS */
static int	 failures;

#define FAIL(...) do { fprintf(stderr, "load: FAIL: " __VA_ARGS__); \
	fputc('\n', stderr); failures++; } while (0)

/* --- the killer ---------------------------------------------------------- */

static volatile sig_atomic_t stop_killing;

static void
on_term(int sig)
{
	(void)sig;
	stop_killing = 1;
}

/* Is pid one of this site's victim CGIs (an exe of this tree, and an
 * environment naming this site's configuration)?  1 yes, 0 no for good,
 * -1 not yet known: a process cgid forked that has not exec'd its CGI yet
 * still runs Apache. */
static int
victim(const char *pid, char exe_want[][1024], int nexe, const char *env_want)
{
	char	 p[300], exe[1024], env[16384];
	ssize_t	 n;
	FILE	*f;
	size_t	 len;
	int	 v;

	snprintf(p, sizeof(p), "/proc/%s/exe", pid);
	if ((n = readlink(p, exe, sizeof(exe) - 1)) < 0)
		return -1;
	exe[n] = '\0';
	for (v = 0; v < nexe && strcmp(exe, exe_want[v]) != 0; v++)
		;
	if (v == nexe)
		return strstr(exe, "apache2") != NULL ? -1 : 0;
	snprintf(p, sizeof(p), "/proc/%s/environ", pid);
	if ((f = fopen(p, "r")) == NULL)
		return -1;
	len = fread(env, 1, sizeof(env) - 1, f);
	fclose(f);
	env[len] = '\0';
	for (size_t i = 0; i < len; i += strlen(env + i) + 1)
		if (strcmp(env + i, env_want) == 0)
			return 1;
	return 0;
}

/* Until SIGTERM: kill -9 one in three of this site's bookings.cgi,
 * payments.cgi and wallet.cgi processes, by pid, each at a random moment of
 * its first KILL_WITHIN_MS.  The die is cast once per process, not once per
 * look: a slow CGI (the sanitizer build's take ten times as long) must not
 * be looked at, and killed, more often than a fast one, or no request of
 * the round would survive to show that the others left no trace.  Exit
 * status: how many were killed (capped). */
#define KILL_WITHIN_MS	30
#define KILL_SEEN	8192		/* a power of two; pids hash into it */

static void
killer(void)
{
	static const char *victims[] = { "bookings", "payments", "wallet" };
	static struct { int pid; long long at; } seen[KILL_SEEN];
	char	 exe_want[3][1024], env_want[1100], *real;
	int	 kills = 0;

	signal(SIGTERM, on_term);
	if ((real = realpath(load.root, NULL)) == NULL)
		_exit(0);
	for (int v = 0; v < 3; v++)
		snprintf(exe_want[v], sizeof(exe_want[v]), "%s/cgi-bin/%s.cgi",
		    real, victims[v]);
	free(real);
	snprintf(env_want, sizeof(env_want), "SKYFOX_CONF=%s", load.conf_path);
	srand((unsigned)getpid());
	while (!stop_killing) {
		DIR	*d = opendir("/proc");
		struct dirent *e;
		long long now = clock_mono_us();

		while (d != NULL && (e = readdir(d)) != NULL) {
			int	 pid, slot, is;

			if (e->d_name[0] < '1' || e->d_name[0] > '9')
				continue;
			pid = atoi(e->d_name);
			slot = pid & (KILL_SEEN - 1);
			if (seen[slot].pid != pid) {
				if ((is = victim(e->d_name, exe_want, 3,
				    env_want)) == -1)
					continue;	/* look again later */
				seen[slot].pid = pid;
				/* -1: spared (or not ours): never looked at
				 * again. */
				seen[slot].at = is == 0 || rand() % 3 != 0 ? -1 :
				    now + (rand() % KILL_WITHIN_MS) * 1000;
			}
			if (seen[slot].at >= 0 && now >= seen[slot].at) {
				if (kill(pid, SIGKILL) == 0)
					kills++;
				seen[slot].at = -1;
			}
		}
		if (d != NULL)
			closedir(d);
		usleep(1000 + rand() % 3000);
	}
	_exit(kills > 250 ? 250 : kills);
}

/* --- a round ------------------------------------------------------------- */

enum { EV_HOLD = 'H', EV_CANCEL = 'C', EV_PAY = 'P', EV_TOPUP = 'T' };

#define LOAD_CARD "\"card\":{\"number\":\"4242424242424242\"," \
	"\"cvv\":\"123\",\"expiry\":\"12/35\",\"name\":\"Load Tester\"}"

struct event {
	char		 kind;
	int		 client;
	long		 status;
	char		 code[32];
	long long	 id;
	char		 seats[64];	/* "A3,A4" */
	char		 cap;		/* holds: 'S' the seat cap must refuse
					 * it, 'P' the live-hold cap, '-' none */
};

/* One event line per request (< PIPE_BUF: atomic). */
static void
event(int out, int kind, int i, long st, const cJSON *j, long long id,
    const char *seats, int cap)
{
	char	 line[256];
	const char *code = load_jstr(j, "error", "code");

	snprintf(line, sizeof(line), "%c %d %ld %s %lld %s %c\n", kind, i, st,
	    *code ? code : "-", id, seats, cap);
	if (write(out, line, strlen(line)) < 0)
		_exit(1);
}

/* One client: LOAD_ATTEMPTS holds of 1–4 adjacent seats in rows A–D,
 * cancelling one grant in three and paying by card for half of the rest;
 * one wallet top-up in four attempts. */
static void
client(int i, long long show, int gun, int out)
{
	CURL	*c = curl_easy_init();
	char	 ch, body[512], path[64], seats[64], list[256];
	int	 live = 0, mine = 0;	/* live holds; their seats (this show) */

	srand((unsigned)getpid() * 7919u + (unsigned)i);
	if (read(gun, &ch, 1) < 0)		/* wait for the start (EOF) */
		_exit(1);
	for (int a = 0; a < LOAD_ATTEMPTS; a++) {
		int	 n = 1 + rand() % 4, col = 1 + rand() % (11 - n);
		char	 row = (char)('A' + rand() % 4);
		cJSON	*j;
		long	 st;
		long long id;
		int	 cap = mine + n > LOAD_MAX_SEATS ? 'S' :
		    live >= LOAD_MAX_PENDING ? 'P' : '-';

		seats[0] = list[0] = '\0';
		for (int k = 0; k < n; k++) {
			snprintf(seats + strlen(seats), sizeof(seats) -
			    strlen(seats), "%s%c%d", k ? "," : "", row, col + k);
			/* Typed seats in the race too (issue 15 item 1):
			 * every third a child's. */
			if (rand() % 3 == 0)
				snprintf(list + strlen(list), sizeof(list) -
				    strlen(list), "%s{\"seat\":\"%c%d\","
				    "\"type\":\"child\"}", k ? "," : "", row,
				    col + k);
			else
				snprintf(list + strlen(list), sizeof(list) -
				    strlen(list), "%s\"%c%d\"", k ? "," : "",
				    row, col + k);
		}
		snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":[%s]}",
		    show, list);
		st = load_request(c, "POST", "/api/bookings", body, tokens[i], &j);
		id = st == 201 ? load_jnum(j, "data", "id") : 0;
		event(out, EV_HOLD, i, st, j, id, seats, cap);
		cJSON_Delete(j);
		if (st == 201) {
			live++;
			mine += n;
		}
		if (st == 201 && rand() % 3 == 0) {
			snprintf(path, sizeof(path), "/api/bookings/%lld", id);
			st = load_request(c, "DELETE", path, NULL, tokens[i], &j);
			event(out, EV_CANCEL, i, st, j, id, "-", '-');
			cJSON_Delete(j);
		} else if (st == 201 && rand() % 2 == 0) {
			snprintf(body, sizeof(body), "{\"booking_id\":%lld,"
			    "\"method\":\"card\"," LOAD_CARD "}", id);
			st = load_request(c, "POST", "/api/payments", body,
			    tokens[i], &j);
			event(out, EV_PAY, i, st, j, id, "-", '-');
			cJSON_Delete(j);
		} else
			st = 0;
		if (st == 200) {		/* cancelled or paid: not live */
			live--;
			mine -= n;
		}
		if (rand() % 4 == 0) {
			snprintf(body, sizeof(body), "{\"amount\":%d,"
			    LOAD_CARD "}", 100 * (1 + rand() % 500));
			st = load_request(c, "POST", "/api/wallet/topups", body,
			    tokens[i], &j);
			event(out, EV_TOPUP, i, st, j, 0, "-", '-');
			cJSON_Delete(j);
		}
	}
	curl_easy_cleanup(c);
	_exit(0);
}

struct tally {
	int	 holds, granted, refused, gapped, capped, limited, cancelled, paid;
	int	 topups, errors5xx, transport, other;
};

/* Cancel every live hold the clients still have (earlier rounds'), through
 * the API like any client: each round starts with none, so a client's own
 * count of its live holds is exact. */
static void
cancel_leftovers(void)
{
	CURL	*c = curl_easy_init();
	char	 path[64];

	for (int i = 0; i < clients; i++) {
		cJSON	*j = NULL, *it;
		long	 st = load_request(c, "GET",
		    "/api/bookings?status=pending&limit=200", NULL, tokens[i],
		    &j);

		if (st != 200)
			FAIL("client %d: listing its holds: %ld", i, st);
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "data")) {
			const cJSON *id = cJSON_GetObjectItem(it, "id");

			snprintf(path, sizeof(path), "/api/bookings/%.0f",
			    cJSON_IsNumber(id) ? id->valuedouble : 0.0);
			if ((st = load_request(c, "DELETE", path, NULL,
			    tokens[i], NULL)) != 200)
				FAIL("client %d: cancelling %s: %ld", i, path,
				    st);
		}
		cJSON_Delete(j);
	}
	curl_easy_cleanup(c);
}

/* Live seats of a show per booking, as "A1,A2" sorted by seat. */
static int
live_seats_of(sqlite3 *db, long long show, long long booking, char *out,
    size_t n)
{
	sqlite3_stmt *st;
	int	 count = 0;

	out[0] = '\0';
	db_prepare(db, "SELECT se.label FROM booking_seats bs JOIN seats se "
	    "ON se.id = bs.seat_id WHERE bs.show_id = :show AND bs.booking_id "
	    "= :b AND bs.live = 1 ORDER BY se.grid_row, se.grid_col", &st);
	db_bind_int(st, ":show", show);
	db_bind_int(st, ":b", booking);
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out + strlen(out), n - strlen(out), "%s%s",
		    count++ ? "," : "", db_text(st, 0));
	}
	sqlite3_finalize(st);
	return count;
}

/* LOAD_LAPSED pending one-seat holds of the demo customer that lapsed a
 * minute ago, on fresh shows; their ids are above *first. */
static void
lapsed_holds(sqlite3 *db, long long *first)
{
	char	 q[1024];

	for (int k = 0; k < (LOAD_LAPSED + 99) / 100; k++)
		load_show(db);
	*first = load_scalar(db, "SELECT coalesce(max(id), 0) FROM bookings");
	snprintf(q, sizeof(q), "BEGIN IMMEDIATE;"
	    "CREATE TEMP TABLE plan AS SELECT row_number() OVER (ORDER BY "
	    "sh.id, se.id) AS n, sh.id AS show_id, se.id AS seat_id FROM shows "
	    "sh JOIN seats se ON se.screen_id = sh.screen_id WHERE sh.id > "
	    "(SELECT max(id) FROM shows) - %d LIMIT %d;"
	    "INSERT INTO bookings (id, show_id, user_id, status, amount, "
	    "seat_count, created_at, expires_at) SELECT %lld + n, show_id, "
	    "(SELECT id FROM users WHERE username = 'customer'), 'pending', "
	    "20000, 1, strftime('%%s', 'now') - 400, strftime('%%s', 'now') - 60 "
	    "FROM plan;"
	    "INSERT INTO booking_seats (booking_id, show_id, seat_id, price, "
	    "live, hold_expires_at) SELECT %lld + n, show_id, seat_id, 20000, 1, "
	    "strftime('%%s', 'now') - 60 FROM plan;"
	    "DROP TABLE plan; COMMIT;", (LOAD_LAPSED + 99) / 100, LOAD_LAPSED,
	    *first, *first);
	load_exec(db, q);
}

static pid_t
sweeper(void)
{
	char	 path[1100];
	pid_t	 pid = fork();

	if (pid == 0) {
		snprintf(path, sizeof(path), "%s/cron/sweep-holds", load.root);
		if (chdir("/") == -1 || setenv("SKYFOX_CONF", load.conf_path, 1))
			_exit(1);
		execl(path, "sweep-holds", (char *)NULL);
		_exit(1);
	}
	return pid;
}

static int
round_run(sqlite3 *db, int r, int kill_round)
{
	pid_t	 sweepers[2] = { -1, -1 };
	long long lapsed_from = 0;
	static struct event ev[MAX_EVENTS];
	int	 gun[2], res[2], nev = 0, status, kills = 0;
	pid_t	 kid = -1;
	struct tally t = { 0 };
	long long show = load_show(db), t0, live_total, known = 0;
	FILE	*in;
	char	 line[256], seats[128];

	if (pipe(gun) == -1 || pipe(res) == -1)
		exit(1);
	cancel_leftovers();
	load_conf_set("gap_rule", GAP_ROUND(r) ? "on" : "off");
	if (r == SWEEP_ROUND)
		lapsed_holds(db, &lapsed_from);
	for (int i = 0; i < clients; i++) {
		if (fork() == 0) {
			close(gun[1]);
			close(res[0]);
			client(i, show, gun[0], res[1]);
		}
	}
	close(gun[0]);
	close(res[1]);
	/* The killer is forked after the start so it holds no copy of gun[1]:
	 * the clients' start signal is EOF on that pipe. */
	t0 = clock_mono_us();
	close(gun[1]);				/* start */
	if (kill_round && (kid = fork()) == 0) {
		close(res[0]);
		killer();
	}
	if (r == SWEEP_ROUND) {			/* two at once, beside the race */
		sweepers[0] = sweeper();
		sweepers[1] = sweeper();
	}
	in = fdopen(res[0], "r");
	while (fgets(line, sizeof(line), in) != NULL && nev < MAX_EVENTS) {
		struct event *e = &ev[nev];

		if (sscanf(line, "%c %d %ld %31s %lld %63s %c", &e->kind,
		    &e->client, &e->status, e->code, &e->id, e->seats,
		    &e->cap) == 7)
			nev++;
	}
	fclose(in);
	/* The pipe closed: every client has exited.  Stop the killer. */
	if (kid != -1) {
		kill(kid, SIGTERM);
		if (waitpid(kid, &status, 0) == kid && WIFEXITED(status))
			kills = WEXITSTATUS(status);
	}
	for (int k = 0; k < 2; k++) {
		if (sweepers[k] == -1)
			continue;
		if (waitpid(sweepers[k], &status, 0) != sweepers[k] ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			FAIL("round %d: a sweeper beside the race failed", r + 1);
	}
	while (wait(&status) > 0)
		;
	t0 = clock_mono_us() - t0;
	if (r == SWEEP_ROUND) {
		long long swept = load_scalar_ids(db, "SELECT count(*) FROM "
		    "bookings WHERE id > ?1 AND id <= ?2 AND status = "
		    "'expired' AND NOT EXISTS (SELECT 1 FROM booking_seats bs "
		    "WHERE bs.booking_id = bookings.id AND bs.live = 1)", 2,
		    lapsed_from, lapsed_from + (long long)LOAD_LAPSED);
		if (swept != LOAD_LAPSED)
			FAIL("round %d: %lld of %d lapsed holds swept", r + 1,
			    swept, LOAD_LAPSED);
	}

	for (int k = 0; k < nev; k++) {
		struct event *e = &ev[k];

		if (e->kind == EV_HOLD)
			t.holds++;
		if (e->status == 0)
			t.transport++;
		else if (e->status >= 500)
			t.errors5xx++;
		else if (e->kind == EV_HOLD && e->status == 201) {
			t.granted++;
			/* In the kill round a client's count may be off (a
			 * killed cancel may or may not have happened). */
			if (e->cap != '-' && !kill_round)
				FAIL("round %d: client %d was granted a hold the "
				    "%s cap should have refused", r + 1,
				    e->client, e->cap == 'S' ? "seat" :
				    "live-hold");
		} else if (e->kind == EV_HOLD && e->status == 409 &&
		    strcmp(e->code, "SEATS_UNAVAILABLE") == 0) {
			t.refused++;
			if (e->cap != '-' && !kill_round)
				FAIL("round %d: client %d: SEATS_UNAVAILABLE "
				    "where a cap comes first", r + 1, e->client);
		} else if (e->kind == EV_HOLD && e->status == 409 &&
		    strcmp(e->code, "SINGLE_SEAT_GAP") == 0) {
			t.gapped++;
			if (!GAP_ROUND(r))
				FAIL("round %d: client %d: SINGLE_SEAT_GAP with "
				    "the gap rule off", r + 1, e->client);
		} else if (e->kind == EV_HOLD && e->status == 409 &&
		    strcmp(e->code, "TOO_MANY_SEATS") == 0) {
			t.capped++;
			if (e->cap != 'S' && !kill_round)
				FAIL("round %d: client %d capped (seats) "
				    "unexpectedly", r + 1, e->client);
		} else if (e->kind == EV_HOLD && e->status == 429 &&
		    strcmp(e->code, "RATE_LIMITED") == 0) {
			t.limited++;
			if (e->cap != 'P' && !kill_round)
				FAIL("round %d: client %d capped (live holds) "
				    "unexpectedly", r + 1, e->client);
		}
		else if (e->kind == EV_CANCEL && e->status == 200)
			t.cancelled++;
		else if (e->kind == EV_PAY && e->status == 200)
			t.paid++;
		else if (e->kind == EV_TOPUP && e->status == 200)
			t.topups++;
		else {
			t.other++;
			FAIL("round %d: %s answered %ld %s", r + 1,
			    e->kind == EV_HOLD ? "hold" : e->kind == EV_CANCEL ?
			    "cancel" : e->kind == EV_PAY ? "payment" : "top-up",
			    e->status, e->code);
		}
	}
	if (!kill_round && (t.errors5xx || t.transport))
		FAIL("round %d: %d 5xx and %d transport errors", r + 1, t.errors5xx,
		    t.transport);
	if (nev < clients * LOAD_ATTEMPTS)
		FAIL("round %d: only %d answers recorded", r + 1, nev);

	/* Every 201 still owns exactly its seats, unless it was cancelled (or,
	 * in the kill round, a cancel's outcome is unknown). */
	for (int k = 0; k < nev; k++) {
		int	 cancelled = 0, unsure = 0;

		if (ev[k].kind != EV_HOLD || ev[k].status != 201)
			continue;
		for (int m = 0; m < nev; m++)
			if (ev[m].kind == EV_CANCEL && ev[m].id == ev[k].id) {
				cancelled = ev[m].status == 200;
				unsure = ev[m].status != 200;
			}
		live_seats_of(db, show, ev[k].id, seats, sizeof(seats));
		if (cancelled && seats[0] != '\0')
			FAIL("round %d: cancelled booking %lld still holds %s",
			    r + 1, ev[k].id, seats);
		if (!cancelled && !unsure) {
			known++;
			if (strcmp(seats, ev[k].seats) != 0)
				FAIL("round %d: booking %lld was granted %s but "
				    "owns \"%s\"", r + 1, ev[k].id, ev[k].seats,
				    seats);
		}
	}
	if (load_scalar_ids(db, "SELECT count(*) FROM (SELECT 1 FROM "
	    "booking_seats WHERE show_id = ?1 AND live = 1 GROUP BY seat_id "
	    "HAVING count(*) > 1)", 1, show) != 0)
		FAIL("round %d: a seat is in more than one live booking", r + 1);
	/* Typed seats under the race: each priced by its category and type
	 * on the show's card, each booking's amount their sum. */
	if (load_scalar_ids(db, "SELECT count(*) FROM booking_seats bs "
	    "JOIN seats se ON se.id = bs.seat_id JOIN shows sh ON sh.id = "
	    "bs.show_id LEFT JOIN price_card_prices p ON p.card_id = "
	    "sh.price_card_id AND p.category_id = se.category_id AND p.type = "
	    "bs.type WHERE bs.show_id = ?1 AND bs.price IS NOT p.price", 1,
	    show) != 0)
		FAIL("round %d: a seat was not sold at its category x type "
		    "price", r + 1);
	if (load_scalar_ids(db, "SELECT count(*) FROM bookings b WHERE "
	    "b.show_id = ?1 AND b.amount <> (SELECT sum(price) FROM "
	    "booking_seats WHERE booking_id = b.id)", 1, show) != 0)
		FAIL("round %d: a booking's amount is not its seats' sum",
		    r + 1);
	if (load_scalar_ids(db, "SELECT count(*) FROM booking_seats WHERE "
	    "show_id = ?1 AND type = 'child'", 1, show) == 0)
		FAIL("round %d: no child's seat was held", r + 1);
	/* Nothing live that no client was told about (outside the kill
	 * round, where a killed CGI may have committed before dying). */
	live_total = load_scalar_ids(db, "SELECT count(DISTINCT booking_id) "
	    "FROM booking_seats WHERE show_id = ?1 AND live = 1", 1, show);
	if (!kill_round && live_total != known)
		FAIL("round %d: %lld live bookings, %lld granted and kept", r + 1,
		    live_total, known);
	printf("load: round %d%s%s%s: %d clients, %d holds in %.2fs (%.0f "
	    "req/s): %d granted, %d refused 409, %d by the gap rule, %d "
	    "refused by the seat cap, %d by the hold cap, %d cancelled, %d "
	    "paid, %d top-ups, %d 5xx, %d no answer%s", r + 1, kill_round ?
	    " (kill -9 CGIs)" : "", r == SWEEP_ROUND ?
	    " (two sweepers beside it)" : "", GAP_ROUND(r) ?
	    " (gap rule on)" : "", clients, t.holds, t0 / 1e6, nev / (t0 /
	    1e6), t.granted, t.refused, t.gapped, t.capped, t.limited,
	    t.cancelled, t.paid, t.topups,
	    t.errors5xx, t.transport, kill_round ? "" : "\n");
	if (kill_round)
		printf(", %d CGIs killed\n", kills);
	if (t.granted == 0)
		FAIL("round %d: no hold was granted at all", r + 1);
	if (kill_round && kills == 0)
		FAIL("round %d: the killer found no CGI to kill", r + 1);
	return 0;
}

/* --- the hold-cap burst ---------------------------------------------------- */

#define BURST_CLIENTS	10	/* customers, each firing at once: */
#define BURST_SHOTS	12	/* holds of 4 seats spread over */
#define BURST_SHOWS	4	/* fresh shows */

/* Every customer fires BURST_SHOTS holds at the same instant, 4 random
 * adjacent seats each, spread over BURST_SHOWS shows (issue 10: ten holds
 * of ten seats took a whole show).  Afterwards: no customer has more than
 * LOAD_MAX_SEATS seats in live holds of a show, nor more than
 * LOAD_MAX_PENDING live holds; every answer was 201, SEATS_UNAVAILABLE,
 * TOO_MANY_SEATS or RATE_LIMITED; no seat is live twice. */
static void
cap_burst(sqlite3 *db)
{
	long long shows[BURST_SHOWS];
	int	 gun[2], res[2], n = 0, granted = 0, capped = 0, limited = 0;
	int	 taken = 0, status;
	char	 line[128];
	FILE	*in;

	cancel_leftovers();
	for (int k = 0; k < BURST_SHOWS; k++)
		shows[k] = load_show(db);
	if (pipe(gun) == -1 || pipe(res) == -1)
		exit(1);
	for (int i = 0; i < BURST_CLIENTS; i++)
		for (int k = 0; k < BURST_SHOTS; k++) {
			if (fork() != 0)
				continue;
			{
				CURL	*c = curl_easy_init();
				char	 body[256], ch;
				int	 col;
				char	 row;
				cJSON	*j = NULL;
				long	 st;

				close(gun[1]);
				close(res[0]);
				srand((unsigned)getpid() * 131u + (unsigned)k);
				col = 1 + rand() % 7;
				row = (char)('A' + rand() % 10);
				snprintf(body, sizeof(body), "{\"show_id\":%lld,"
				    "\"seats\":[\"%c%d\",\"%c%d\",\"%c%d\","
				    "\"%c%d\"]}", shows[k % BURST_SHOWS], row,
				    col, row, col + 1, row, col + 2, row, col + 3);
				if (read(gun[0], &ch, 1) < 0)
					_exit(1);
				st = load_request(c, "POST", "/api/bookings",
				    body, tokens[i], &j);
				snprintf(line, sizeof(line), "%ld %s\n", st,
				    *load_jstr(j, "error", "code") ?
				    load_jstr(j, "error", "code") : "-");
				if (write(res[1], line, strlen(line)) < 0)
					_exit(1);
				_exit(0);
			}
		}
	close(gun[0]);
	close(res[1]);
	close(gun[1]);				/* fire */
	in = fdopen(res[0], "r");
	while (fgets(line, sizeof(line), in) != NULL) {
		long	 st;
		char	 code[32];

		if (sscanf(line, "%ld %31s", &st, code) != 2)
			continue;
		n++;
		if (st == 201)
			granted++;
		else if (st == 409 && strcmp(code, "SEATS_UNAVAILABLE") == 0)
			taken++;
		else if (st == 409 && strcmp(code, "TOO_MANY_SEATS") == 0)
			capped++;
		else if (st == 429 && strcmp(code, "RATE_LIMITED") == 0)
			limited++;
		else
			FAIL("cap burst: a hold answered %ld %s", st, code);
	}
	fclose(in);
	while (wait(&status) > 0)
		;
	if (n != BURST_CLIENTS * BURST_SHOTS)
		FAIL("cap burst: %d answers of %d", n,
		    BURST_CLIENTS * BURST_SHOTS);
	if (load_scalar_ids(db, "SELECT count(*) FROM (SELECT b.user_id FROM "
	    "bookings b WHERE b.show_id BETWEEN ?1 AND ?2 AND b.status = "
	    "'pending' GROUP BY b.user_id, b.show_id HAVING sum(b.seat_count) "
	    "> ?3)", 3, shows[0], shows[BURST_SHOWS - 1],
	    (long long)LOAD_MAX_SEATS) != 0)
		FAIL("cap burst: a customer holds more than %d seats of a show",
		    LOAD_MAX_SEATS);
	if (load_scalar_ids(db, "SELECT count(*) FROM (SELECT b.user_id FROM "
	    "bookings b WHERE b.show_id BETWEEN ?1 AND ?2 AND b.status = "
	    "'pending' GROUP BY b.user_id HAVING count(*) > ?3)", 3, shows[0],
	    shows[BURST_SHOWS - 1], (long long)LOAD_MAX_PENDING) != 0)
		FAIL("cap burst: a customer has more than %d live holds",
		    LOAD_MAX_PENDING);
	if (load_scalar_ids(db, "SELECT count(*) FROM (SELECT 1 FROM "
	    "booking_seats WHERE show_id BETWEEN ?1 AND ?2 AND live = 1 "
	    "GROUP BY show_id, seat_id HAVING count(*) > 1)", 2, shows[0],
	    shows[BURST_SHOWS - 1]) != 0)
		FAIL("cap burst: a seat is in more than one live booking");
	if (granted == 0 || granted > BURST_CLIENTS * LOAD_MAX_PENDING)
		FAIL("cap burst: %d holds granted", granted);
	printf("load: hold-cap burst: %d customers x %d holds at once: %d "
	    "granted (at most %d each), %d taken 409, %d refused by the seat cap, "
	    "%d by the hold cap 429\n", BURST_CLIENTS, BURST_SHOTS, granted,
	    LOAD_MAX_PENDING, taken, capped, limited);
}

int
race_main(void)
{
	sqlite3	*db;
	char	 cmd[2200];
	int	 rc;

	if (getenv("LOAD_CLIENTS") != NULL) {
		clients = atoi(getenv("LOAD_CLIENTS"));
		if (clients < 2 || clients > LOAD_CLIENTS)
			clients = LOAD_CLIENTS;
	}
	db = load_db();
	load_customers(db, "load", clients, tokens);
	for (int r = 0; r < LOAD_ROUNDS - 1; r++)
		round_run(db, r, 0);
	cap_burst(db);
	round_run(db, LOAD_ROUNDS - 1, 1);	/* kill -9 CGIs: last */
	db_close(db);

	/* Quiet when clean; the whole report when not. */
	snprintf(cmd, sizeof(cmd), "SKYFOX_CONF='%s' '%s/bin/skyfoxctl' check "
	    ">/dev/null || SKYFOX_CONF='%s' '%s/bin/skyfoxctl' check",
	    load.conf_path, load.root, load.conf_path, load.root);
	if ((rc = system(cmd)) != 0)
		FAIL("skyfoxctl check failed after the kill round");
	if (failures) {
		printf("load: %d FAILURES\n", failures);
		return 1;
	}
	printf("load: every seat in at most one live booking; every 201 owns "
	    "its seats; skyfoxctl check passed\n");
	return 0;
}
