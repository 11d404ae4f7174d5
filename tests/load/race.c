/* race — load-correctness test of the booking engine over the real Apache
 * (DESIGN §11, tests/load/run.sh).
 *
 * LOAD_CLIENTS (60) processes, each logged in as its own customer, race for
 * overlapping seats (rows A–D) of one fresh show per round: every client
 * tries LOAD_ATTEMPTS holds of 1–4 adjacent seats and cancels a third of
 * what it gets, so seats keep changing hands.  After each round:
 *   - no 5xx and no transport error; every refused hold was 409
 *     SEATS_UNAVAILABLE; every cancel was 200;
 *   - the live seats of the show are exactly the seats of the 201s that
 *     were not cancelled, each seat in at most one live booking.
 * The last round kills random bookings.cgi processes of this site (found by
 * /proc exe + SKYFOX_CONF, killed by pid) while the race runs; afterwards
 * every 201 still owns its seats, no seat is live twice, and `skyfoxctl
 * check` passes.
 *
 * Environment: SKYFOX_URL, SKYFOX_DATA, SKYFOX_ROOT (set by run.sh).  Run as
 * root, it becomes the data directory's owner (as the CGIs are), so its own
 * SQLite reads never leave root-owned files behind. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "clock.h"
#include "db.h"
#include "privs.h"

#define LOAD_CLIENTS	60
#define LOAD_ROUNDS	6	/* the last one kills CGIs mid-flight */
#define LOAD_ATTEMPTS	8
#define LOAD_PASSWORD	"Customer#2026"
#define MAX_EVENTS	(LOAD_CLIENTS * LOAD_ATTEMPTS * 2)

static const char *base, *data_dir, *root;
static char	 db_path[1024], conf_path[1024];
static char	*tokens[LOAD_CLIENTS];
static long long user_ids[LOAD_CLIENTS];
static int	 failures;

#define FAIL(...) do { fprintf(stderr, "load: FAIL: " __VA_ARGS__); \
	fputc('\n', stderr); failures++; } while (0)

/* --- HTTP ---------------------------------------------------------------- */

static size_t
collect(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

/* One request; returns the HTTP status (0: no answer) and the parsed JSON
 * body in *json (caller frees). */
static long
request(CURL *c, const char *method, const char *path, const char *body,
    const char *token, cJSON **json)
{
	char	 url[1024], auth[2200];
	struct curl_slist *h = NULL;
	struct buf b = BUF_INIT;
	long	 status = 0;

	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		h = curl_slist_append(h, "Content-Type: application/json");
	}
	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	*json = b.data ? cJSON_ParseWithLength(b.data, b.len) : NULL;
	buf_free(&b);
	return status;
}

static const char *
jstr(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static long long
jnum(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

/* --- SQL (as the data directory's owner) --------------------------------- */

static sqlite3 *
open_db(void)
{
	sqlite3	*db;

	if (db_open(db_path, &db) != SQLITE_OK) {
		fprintf(stderr, "load: cannot open %s\n", db_path);
		exit(1);
	}
	return db;
}

static void
exec_sql(sqlite3 *db, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "load: SQL failed: %s\n  %s\n", msg, sql);
		exit(1);
	}
}

static long long
scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (db_prepare(db, sql, &st) != SQLITE_OK) {
		fprintf(stderr, "load: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Customers loadNN_<pid> with the demo customer's password hash. */
static void
make_customers(sqlite3 *db)
{
	char	 sql[2048];
	long	 tag = (long)getpid();

	for (int i = 0; i < LOAD_CLIENTS; i++) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO users (username, name, role, password_hash, "
		    "created_at, updated_at) SELECT 'load%d_%ld', 'Load Tester', "
		    "'customer', password_hash, 0, 0 FROM users "
		    "WHERE username = 'customer';"
		    "INSERT INTO customers (user_id, email, phone, "
		    "security_question_id, security_answer_hash) SELECT "
		    "last_insert_rowid(), 'load%d_%ld@example.com', '5%09ld', 1, "
		    "security_answer_hash FROM customers WHERE user_id = (SELECT "
		    "id FROM users WHERE username = 'customer');"
		    "INSERT INTO wallets (user_id, balance, updated_at) SELECT id, "
		    "0, 0 FROM users WHERE username = 'load%d_%ld';",
		    i, tag, i, tag, (tag * 100 + i) % 1000000000L, i, tag);
		exec_sql(db, sql);
		snprintf(sql, sizeof(sql), "SELECT id FROM users WHERE username "
		    "= 'load%d_%ld'", i, tag);
		user_ids[i] = scalar(db, sql);
	}
}

/* A fresh show far in the future: one per round, so every round races on
 * an empty seat map. */
static long long
make_show(sqlite3 *db)
{
	exec_sql(db, "INSERT OR IGNORE INTO movies (imdb_id, title, raw_json, "
	    "fetched_at) VALUES ('tt7700002', 'Load Test Movie', '{}', 0);"
	    "INSERT INTO shows (movie_id, screen_id, slot_id, date, starts_at, "
	    "ends_at, price, created_at) SELECT (SELECT id FROM movies WHERE "
	    "imdb_id = 'tt7700002'), 1, 3, d, CAST(strftime('%s', d || "
	    "' 11:00:00') AS INTEGER), CAST(strftime('%s', d || ' 14:00:00') "
	    "AS INTEGER), 20000, 0 FROM (SELECT date(coalesce(max(date), "
	    "'2040-01-01'), '+1 day') AS d FROM shows WHERE date >= "
	    "'2040-01-01');");
	return sqlite3_last_insert_rowid(db);
}

static void
login_all(void)
{
	CURL	*c = curl_easy_init();
	char	 body[256];
	long	 tag = (long)getpid();

	for (int i = 0; i < LOAD_CLIENTS; i++) {
		cJSON	*j;
		long	 st;

		snprintf(body, sizeof(body), "{\"username\":\"load%d_%ld\","
		    "\"password\":\"%s\"}", i, tag, LOAD_PASSWORD);
		st = request(c, "POST", "/api/session", body, NULL, &j);
		if (st != 200) {
			fprintf(stderr, "load: login load%d_%ld: %ld\n", i, tag,
			    st);
			exit(1);
		}
		tokens[i] = strdup(jstr(j, "data", "token"));
		cJSON_Delete(j);
	}
	curl_easy_cleanup(c);
}

/* --- the killer ---------------------------------------------------------- */

static volatile sig_atomic_t stop_killing;

static void
on_term(int sig)
{
	(void)sig;
	stop_killing = 1;
}

/* 1 when pid is this site's bookings.cgi: its executable is this tree's
 * and its environment names this site's configuration. */
static int
ours(const char *pid, const char *exe_want, const char *env_want)
{
	char	 p[300], exe[1024], env[16384];
	ssize_t	 n;
	FILE	*f;
	size_t	 len;

	snprintf(p, sizeof(p), "/proc/%s/exe", pid);
	if ((n = readlink(p, exe, sizeof(exe) - 1)) < 0)
		return 0;
	exe[n] = '\0';
	if (strcmp(exe, exe_want) != 0)
		return 0;
	snprintf(p, sizeof(p), "/proc/%s/environ", pid);
	if ((f = fopen(p, "r")) == NULL)
		return 0;
	len = fread(env, 1, sizeof(env) - 1, f);
	fclose(f);
	for (size_t i = 0; i < len; i += strlen(env + i) + 1) {
		env[len] = '\0';
		if (strcmp(env + i, env_want) == 0)
			return 1;
	}
	return 0;
}

/* Until SIGTERM: kill -9 one in three of this site's running bookings.cgi
 * processes, by pid.  Exit status: how many were killed (capped). */
static void
killer(void)
{
	char	 exe_want[1024], env_want[1100], *real;
	int	 kills = 0;

	signal(SIGTERM, on_term);
	if ((real = realpath(root, NULL)) == NULL)
		_exit(0);
	snprintf(exe_want, sizeof(exe_want), "%s/cgi-bin/bookings.cgi", real);
	free(real);
	snprintf(env_want, sizeof(env_want), "SKYFOX_CONF=%s", conf_path);
	srand((unsigned)getpid());
	while (!stop_killing) {
		DIR	*d = opendir("/proc");
		struct dirent *e;

		while (d != NULL && (e = readdir(d)) != NULL) {
			if (e->d_name[0] < '1' || e->d_name[0] > '9')
				continue;
			if (rand() % 3 == 0 && ours(e->d_name, exe_want,
			    env_want) && kill(atoi(e->d_name), SIGKILL) == 0)
				kills++;
		}
		if (d != NULL)
			closedir(d);
		usleep(1000 + rand() % 3000);
	}
	_exit(kills > 250 ? 250 : kills);
}

/* --- a round ------------------------------------------------------------- */

enum { EV_HOLD = 'H', EV_CANCEL = 'C' };

struct event {
	char		 kind;
	int		 client;
	long		 status;
	char		 code[32];
	long long	 id;
	char		 seats[64];	/* "A3,A4" */
};

/* One client: LOAD_ATTEMPTS holds of 1–4 adjacent seats in rows A–D,
 * cancelling one grant in three; one event line per request. */
static void
client(int i, long long show, int gun, int out)
{
	CURL	*c = curl_easy_init();
	char	 ch, line[256], body[256], path[64], seats[64], list[96];

	srand((unsigned)(getpid() * 7919 + i));
	if (read(gun, &ch, 1) < 0)		/* wait for the start (EOF) */
		_exit(1);
	for (int a = 0; a < LOAD_ATTEMPTS; a++) {
		int	 n = 1 + rand() % 4, col = 1 + rand() % (11 - n);
		char	 row = (char)('A' + rand() % 4);
		cJSON	*j;
		long	 st;
		long long id;

		seats[0] = list[0] = '\0';
		for (int k = 0; k < n; k++) {
			snprintf(seats + strlen(seats), sizeof(seats) -
			    strlen(seats), "%s%c%d", k ? "," : "", row, col + k);
			snprintf(list + strlen(list), sizeof(list) -
			    strlen(list), "%s\"%c%d\"", k ? "," : "", row,
			    col + k);
		}
		snprintf(body, sizeof(body), "{\"show_id\":%lld,\"seats\":[%s]}",
		    show, list);
		st = request(c, "POST", "/api/bookings", body, tokens[i], &j);
		id = st == 201 ? jnum(j, "data", "id") : 0;
		snprintf(line, sizeof(line), "%c %d %ld %s %lld %s\n", EV_HOLD,
		    i, st, *jstr(j, "error", "code") ? jstr(j, "error", "code") :
		    "-", id, seats);
		if (write(out, line, strlen(line)) < 0)	/* < PIPE_BUF: atomic */
			_exit(1);
		cJSON_Delete(j);
		if (st == 201 && rand() % 3 == 0) {
			snprintf(path, sizeof(path), "/api/bookings/%lld", id);
			st = request(c, "DELETE", path, NULL, tokens[i], &j);
			snprintf(line, sizeof(line), "%c %d %ld %s %lld -\n",
			    EV_CANCEL, i, st, *jstr(j, "error", "code") ?
			    jstr(j, "error", "code") : "-", id);
			if (write(out, line, strlen(line)) < 0)
				_exit(1);
			cJSON_Delete(j);
		}
	}
	curl_easy_cleanup(c);
	_exit(0);
}

struct tally {
	int	 holds, granted, refused, cancelled, errors5xx, transport;
	int	 other;
};

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

static int
round_run(sqlite3 *db, int r, int kill_round)
{
	static struct event ev[MAX_EVENTS];
	int	 gun[2], res[2], nev = 0, status, kills = 0;
	pid_t	 kid = -1;
	struct tally t = { 0 };
	long long show = make_show(db), t0, live_total, known = 0;
	FILE	*in;
	char	 line[256], seats[128], q[256];

	if (pipe(gun) == -1 || pipe(res) == -1)
		exit(1);
	for (int i = 0; i < LOAD_CLIENTS; i++) {
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
	in = fdopen(res[0], "r");
	while (fgets(line, sizeof(line), in) != NULL && nev < MAX_EVENTS) {
		struct event *e = &ev[nev];

		if (sscanf(line, "%c %d %ld %31s %lld %63s", &e->kind,
		    &e->client, &e->status, e->code, &e->id, e->seats) == 6)
			nev++;
	}
	fclose(in);
	/* The pipe closed: every client has exited.  Stop the killer. */
	if (kid != -1) {
		kill(kid, SIGTERM);
		if (waitpid(kid, &status, 0) == kid && WIFEXITED(status))
			kills = WEXITSTATUS(status);
	}
	while (wait(&status) > 0)
		;
	t0 = clock_mono_us() - t0;

	for (int k = 0; k < nev; k++) {
		struct event *e = &ev[k];

		if (e->kind == EV_HOLD)
			t.holds++;
		if (e->status == 0)
			t.transport++;
		else if (e->status >= 500)
			t.errors5xx++;
		else if (e->kind == EV_HOLD && e->status == 201)
			t.granted++;
		else if (e->kind == EV_HOLD && e->status == 409 &&
		    strcmp(e->code, "SEATS_UNAVAILABLE") == 0)
			t.refused++;
		else if (e->kind == EV_CANCEL && e->status == 200)
			t.cancelled++;
		else {
			t.other++;
			FAIL("round %d: %s answered %ld %s", r + 1, e->kind ==
			    EV_HOLD ? "hold" : "cancel", e->status, e->code);
		}
	}
	if (!kill_round && (t.errors5xx || t.transport))
		FAIL("round %d: %d 5xx and %d transport errors", r + 1, t.errors5xx,
		    t.transport);
	if (nev < LOAD_CLIENTS * LOAD_ATTEMPTS)
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
	snprintf(q, sizeof(q), "SELECT count(*) FROM (SELECT 1 FROM "
	    "booking_seats WHERE show_id = %lld AND live = 1 GROUP BY seat_id "
	    "HAVING count(*) > 1)", show);
	if (scalar(db, q) != 0)
		FAIL("round %d: a seat is in more than one live booking", r + 1);
	/* Nothing live that no client was told about (outside the kill
	 * round, where a killed CGI may have committed before dying). */
	snprintf(q, sizeof(q), "SELECT count(DISTINCT booking_id) FROM "
	    "booking_seats WHERE show_id = %lld AND live = 1", show);
	live_total = scalar(db, q);
	if (!kill_round && live_total != known)
		FAIL("round %d: %lld live bookings, %lld granted and kept", r + 1,
		    live_total, known);
	printf("load: round %d%s: %d clients, %d holds in %.2fs (%.0f req/s): "
	    "%d granted, %d refused 409, %d cancelled, %d 5xx, %d no answer"
	    "%s", r + 1, kill_round ? " (kill -9 CGIs)" : "", LOAD_CLIENTS,
	    t.holds, t0 / 1e6, (t.holds + t.cancelled) / (t0 / 1e6), t.granted,
	    t.refused, t.cancelled, t.errors5xx, t.transport,
	    kill_round ? "" : "\n");
	if (kill_round)
		printf(", %d CGIs killed\n", kills);
	if (t.granted == 0)
		FAIL("round %d: no hold was granted at all", r + 1);
	if (kill_round && kills == 0)
		FAIL("round %d: the killer found no CGI to kill", r + 1);
	return 0;
}

int
main(void)
{
	sqlite3	*db;
	char	 cmd[2200];
	int	 rc;

	base = getenv("SKYFOX_URL");
	data_dir = getenv("SKYFOX_DATA");
	root = getenv("SKYFOX_ROOT");
	if (base == NULL || data_dir == NULL || root == NULL) {
		fputs("load: set SKYFOX_URL, SKYFOX_DATA and SKYFOX_ROOT "
		    "(tests/load/run.sh does)\n", stderr);
		return 2;
	}
	snprintf(db_path, sizeof(db_path), "%s/skyfox.db", data_dir);
	snprintf(conf_path, sizeof(conf_path), "%s/skyfox.conf", data_dir);
	if (privs_become_owner_of(data_dir) == -1)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	db = open_db();
	make_customers(db);
	login_all();
	for (int r = 0; r < LOAD_ROUNDS; r++)
		round_run(db, r, r == LOAD_ROUNDS - 1);
	db_close(db);

	/* Quiet when clean; the whole report when not. */
	snprintf(cmd, sizeof(cmd), "SKYFOX_CONF='%s' '%s/bin/skyfoxctl' check "
	    ">/dev/null || SKYFOX_CONF='%s' '%s/bin/skyfoxctl' check",
	    conf_path, root, conf_path, root);
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
