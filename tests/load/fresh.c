/* fresh — the published seat maps stay fresh under load (DESIGN §12): a
 * freshness test, not a timing.
 *
 * LOAD_FRESH_HOLDERS (20) processes, each logged in as its own customer,
 * hold 1–3 random seats of rows A–D of one fresh show and cancel a random
 * one of their live holds, at random, for LOAD_FRESH_SECONDS (20); beside
 * them LOAD_FRESH_POLLERS (20) processes poll /live/seats/<show>.json with
 * If-None-Match, as a page does.  Every poll must show the database as it
 * was at some commit, and one no older than the last answer any holder had
 * received when the poll started; no poller sees versions go backwards.
 *
 * The truth.  Before the run the test installs into its own test database
 * (scaffolding on the test's data directory, not the product's schema) a
 * table fresh_audit and a trigger on this show only: every bump of
 * shows.version inserts (version, a snapshot of the show's taken seats at
 * that moment).  The snapshot is the committed state of that version
 * because every path of this round writes its seat rows first and bumps
 * last, in the same transaction: a hold (claim_take_over, claim_insert's
 * rows, then bump_show), a cancel (booking_release: the booking's status,
 * its rows, then the bump); so do a payment (booking_confirm) and the
 * sweeper.  (The counter's walk-in sale is the exception: claim_insert
 * bumps, then walkin_pay confirms the booking, so a bump-time snapshot would
 * say held where the file says sold.  It is not used here.)  A path that
 * wrote seats after its bump, or without one, would leave a file that
 * disagrees with the snapshot of its version: the round fails.  A snapshot
 * is "A1:held,B7:sold": the taken seats (the SEATMAP_TAKEN rule at the
 * commit's clock), sorted; a polled file is read the same way, a seat
 * counting as it says (the file applied the lapse rule when it was
 * written; holds last 5 minutes, so none lapses in the run).
 *
 * "No older than the last answer".  A second test-only table, fresh_touch,
 * gets from triggers on this show's bookings (insert, status update) the
 * booking, its new status and shows.version as the write found it; that
 * transaction's one bump, which follows, commits version + 1.  So once a
 * holder's 201 (or 200 cancel) of booking X has arrived, it reads
 * (its own read connection) the exact version v its write committed, and
 * raises a shared monotonic record (shared memory, atomic max) to v.
 * Writers publish under the writers' lock before answering, so the file
 * is at v or later from then on.  A poller reads the record before it
 * sends its request; the file it gets (a 200's, or the one its 304 stands
 * for) must have a version at least that.  (Reading shows.version after
 * the answer would not do: a later writer may have committed and not yet
 * published.  Reading it before the request would be sound but loose: with
 * 20 writers queued, a write commits many versions after it was read.)
 * Each 200's content must equal fresh_audit's snapshot for exactly its
 * version (no torn or wrong content, no version a commit never had); each
 * poller's versions never go backwards.  At the end the file must be the
 * final state of the database.  The lag (informational): every 8th poll,
 * the poller reads shows.version after its answer and counts how far the
 * file was behind.
 *
 * A 200 must be exactly one JSON value (whitespace after it at most, as a
 * browser's JSON.parse demands), with a held_until on each held seat and
 * on no other.  The show's file is published (skyfoxctl publish) before
 * the start, so a poll is never a 404.
 *
 * Fails on any violation, any 5xx or unexpected answer, no granted hold,
 * no 200 poll, no 304.  The closing line gives the counts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "buf.h"
#include "clock.h"
#include "db.h"
#include "load.h"
#include "text.h"

#define FRESH_MAX_CLIENTS	64	/* holders, and pollers, at most */
#define FRESH_MAX_PENDING	3	/* max_pending_bookings (default) */
#define FRESH_ROWS		4	/* rows A–D of a 10-seat-row screen */
#define FRESH_LINE		2048	/* < PIPE_BUF: a write is one line */
#define FRESH_SHOW_MAX_LOG	20	/* violations printed in full */

static int	 failures;

#define FAIL(...) do { fprintf(stderr, "load: FAIL: fresh: " __VA_ARGS__); \
	fputc('\n', stderr); failures++; } while (0)

/* The children's counts and the record of answered writes. */
struct shared {
	long long	 vmin;		/* the versions of answered writes */
	long long	 granted, refused, cancelled, other, errors5xx;
	long long	 polls200, polls304, pollsother;
	long long	 maxlag;
};

static void
atomic_max(long long *p, long long v)
{
	long long cur = __atomic_load_n(p, __ATOMIC_SEQ_CST);

	while (v > cur && !__atomic_compare_exchange_n(p, &cur, v, 0,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

static void
add(long long *p)
{
	__atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}

/* One line into the pipe to the parent (atomic: < PIPE_BUF). */
static void
report(int out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
report(int out, const char *fmt, ...)
{
	char	 line[FRESH_LINE];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	if (write(out, line, strlen(line)) < 0)
		_exit(1);
}

/* --- the canonical seat state ------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "B2:held,A1:held" → "A1:held,B2:held" into out ("-" when empty). */
static void
canon_sort(const char *in, char *out, size_t n)
{
	char	*copy = strdup(in), *items[512], *save = NULL, *p;
	size_t	 k = 0;

	out[0] = '\0';
	for (p = strtok_r(copy, ",", &save); p != NULL && k < 512;
	    p = strtok_r(NULL, ",", &save))
		items[k++] = p;
	qsort(items, k, sizeof(items[0]), cmp_str);
	for (size_t i = 0; i < k; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s%s",
		    i ? "," : "", items[i]);
	if (k == 0)
		snprintf(out, n, "-");
	free(copy);
}

/* A seat map file's taken seats, canonical: NULL, or what is wrong. */
static const char *
canon_file(const cJSON *o, char *out, size_t n)
{
	const cJSON *row, *seat;
	struct buf b = BUF_INIT;
	const char *why = NULL;
	int	 seats = 0;

	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(o, "rows"))
		cJSON_ArrayForEach(seat, cJSON_GetObjectItemCaseSensitive(row,
		    "seats")) {
			const char *label = load_jstr(seat, "seat", NULL);
			const char *st = load_jstr(seat, "status", NULL);
			const char *until = load_jstr(seat, "held_until",
			    NULL);

			seats++;
			if (*label == '\0' || *st == '\0')
				why = "a seat without a label or status";
			/* held ⇔ held_until (DESIGN §12) */
			else if ((strcmp(st, "held") == 0) != (*until != '\0'))
				why = "held_until on a seat not held, or a "
				    "held seat without it";
			if (strcmp(st, "available") != 0)
				buf_printf(&b, "%s%s:%s", b.len ? "," : "",
				    label, st);
		}
	if (seats == 0)
		why = "no seats";
	canon_sort(buf_str(&b), out, n);
	buf_free(&b);
	return why;
}

/* The show's taken seats as SQL text, the rule of SEATMAP_TAKEN at the
 * statement's clock; %lld is the show. */
#define FRESH_SNAPSHOT \
	"(SELECT coalesce(group_concat(se.label || ':' || CASE WHEN b.status " \
	"IN ('confirmed', 'checked_in') THEN 'sold' ELSE 'held' END), '') " \
	"FROM booking_seats bs JOIN seats se ON se.id = bs.seat_id " \
	"JOIN bookings b ON b.id = bs.booking_id WHERE bs.show_id = %lld " \
	"AND bs.live = 1 AND (bs.hold_expires_at IS NULL OR " \
	"bs.hold_expires_at > CAST(strftime('%%s', 'now') AS INTEGER)))"

/* The audit table and its trigger, for this show, and the row of the
 * version it has now (before any bump: the trigger did not write it). */
static void
audit_install(sqlite3 *db, long long show)
{
	char	 q[8192];

	snprintf(q, sizeof(q), "BEGIN IMMEDIATE;"
	    "CREATE TABLE IF NOT EXISTS fresh_audit (show_id INTEGER NOT NULL, "
	    "version INTEGER NOT NULL, seats TEXT NOT NULL);"
	    "CREATE TRIGGER fresh_audit_bump AFTER UPDATE OF version ON shows "
	    "WHEN new.id = %lld BEGIN INSERT INTO fresh_audit VALUES (new.id, "
	    "new.version, " FRESH_SNAPSHOT "); END;"
	    "CREATE TABLE IF NOT EXISTS fresh_touch (booking_id INTEGER NOT "
	    "NULL, status TEXT NOT NULL, version INTEGER NOT NULL);"
	    "CREATE INDEX IF NOT EXISTS fresh_touch_booking ON fresh_touch "
	    "(booking_id);"
	    "CREATE TRIGGER fresh_touch_ins AFTER INSERT ON bookings WHEN "
	    "new.show_id = %lld BEGIN INSERT INTO fresh_touch SELECT new.id, "
	    "new.status, version FROM shows WHERE id = new.show_id; END;"
	    "CREATE TRIGGER fresh_touch_upd AFTER UPDATE OF status ON bookings "
	    "WHEN new.show_id = %lld BEGIN INSERT INTO fresh_touch SELECT "
	    "new.id, new.status, version FROM shows WHERE id = new.show_id; "
	    "END;"
	    "INSERT INTO fresh_audit SELECT id, version, " FRESH_SNAPSHOT
	    " FROM shows WHERE id = %lld;"
	    "COMMIT;", show, show, show, show, show, show);
	load_exec(db, q);
}

static void
audit_remove(sqlite3 *db)
{
	load_exec(db, "DROP TRIGGER IF EXISTS fresh_audit_bump;"
	    "DROP TRIGGER IF EXISTS fresh_touch_ins;"
	    "DROP TRIGGER IF EXISTS fresh_touch_upd;");
}

/* The version the write that gave booking id its status committed; -1
 * when no such write is known. */
static long long
committed_at(sqlite3 *db, long long id, const char *status)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (db_prepare(db, "SELECT coalesce(max(version) + 1, -1) FROM "
	    "fresh_touch WHERE booking_id = ?1 AND status = ?2", &st) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long
version_of(sqlite3 *db, long long show)
{
	return load_scalar_ids(db, "SELECT version FROM shows WHERE id = ?1",
	    1, show);
}

/* The body as one JSON value and nothing else but whitespace (a browser's
 * JSON.parse refuses anything more, a NUL included); NULL when not. */
static cJSON *
parse_whole(const struct buf *b)
{
	const char *end = NULL;
	cJSON	*o;

	if (b->data == NULL || (o = cJSON_ParseWithLengthOpts(b->data, b->len,
	    &end, 0)) == NULL)
		return NULL;
	for (; end < b->data + b->len; end++)
		if (*end != ' ' && *end != '\t' && *end != '\r' &&
		    *end != '\n') {
			cJSON_Delete(o);
			return NULL;
		}
	return o;
}

/* b's last bytes, printable ("\0" for a NUL, "." for other controls). */
static const char *
tail_of(const struct buf *b, char out[160])
{
	size_t	 k = 0, i = b->len > 40 ? b->len - 40 : 0;

	for (; i < b->len && k < 150; i++) {
		unsigned char ch = (unsigned char)b->data[i];

		if (ch == '\0') {
			out[k++] = '\\';
			out[k++] = '0';
		} else
			out[k++] = ch < 32 || ch > 126 ? '.' : (char)ch;
	}
	out[k] = '\0';
	return out;
}

/* The size an ETag of FileETag INode MTime Size names (W/"ino-size-mtime",
 * hex); -1 when it names none. */
static long long
etag_size(const char *etag)
{
	const char *p = strchr(etag, '-');

	return p == NULL ? -1 : strtoll(p + 1, NULL, 16);
}

/* --- a conditional GET ---------------------------------------------------- */

static size_t
etag_header(char *p, size_t size, size_t n, void *ud)
{
	char	*etag = ud;
	size_t	 len = size * n;

	if (len > 5 && strncasecmp(p, "ETag:", 5) == 0) {
		size_t	 i = 5, j = 0;

		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		while (i < len && p[i] != '\r' && p[i] != '\n' && j < 159)
			etag[j++] = p[i++];
		etag[j] = '\0';
	}
	return len;
}

/* GET path with If-None-Match: etag (when known): the status; the body in
 * *b and the new ETag in etag on a 200. */
static long
get_live(CURL *c, const char *path, char etag[160], struct buf *b)
{
	char	 url[1024], inm[200], got[160] = "";
	struct curl_slist *h = NULL;
	long	 status = 0;

	snprintf(url, sizeof(url), "%s%s", load.base, path);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, load_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, etag_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, got);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	if (etag[0] != '\0') {
		snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
		h = curl_slist_append(h, inm);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	if (status == 200)
		snprintf(etag, 160, "%s", got);
	return status;
}

/* --- the clients ---------------------------------------------------------- */

struct plan {
	long long	 show;
	long long	 us;		/* how long the clients run */
	int		 gun;		/* EOF: start */
	int		 out;		/* lines to the parent */
	struct shared	*sh;
};

static void
wait_for_start(const struct plan *p)
{
	char	 ch;

	if (read(p->gun, &ch, 1) < 0)
		_exit(1);
}

/* Hold 1–3 distinct random seats of rows A–D; cancel a random live hold;
 * at random, within the live-hold cap (so every refusal is a taken seat,
 * 409 SEATS_UNAVAILABLE). */
static void
holder(int i, const char *token, const struct plan *p)
{
	CURL	*c = curl_easy_init();
	sqlite3	*db = load_db();
	long long live[FRESH_MAX_PENDING], end;
	int	 nlive = 0;

	srand((unsigned)getpid() * 7919u + (unsigned)i);
	wait_for_start(p);
	end = clock_mono_us() + p->us;
	while (clock_mono_us() < end) {
		long long id, v;
		char	 body[256], path[64];
		cJSON	*j = NULL;
		long	 st;

		if (nlive == 0 || (nlive < FRESH_MAX_PENDING && rand() % 2)) {
			int	 n = 1 + rand() % 3, pick[3];

			snprintf(body, sizeof(body), "{\"show_id\":%lld,"
			    "\"seats\":[", p->show);
			for (int k = 0; k < n; k++) {
				int	 dup;

				do {
					pick[k] = rand() % (FRESH_ROWS * 10);
					dup = 0;
					for (int m = 0; m < k; m++)
						dup |= pick[m] == pick[k];
				} while (dup);
				snprintf(body + strlen(body), sizeof(body) -
				    strlen(body), "%s\"%c%d\"", k ? "," : "",
				    'A' + pick[k] / 10, 1 + pick[k] % 10);
			}
			strcat(body, "]}");
			st = load_request(c, "POST", "/api/bookings", body,
			    token, &j);
			id = load_jnum(j, "data", "id");
			if (st == 201 && id > 0) {
				live[nlive++] = id;
				add(&p->sh->granted);
				if ((v = committed_at(db, id, "pending")) < 1)
					report(p->out, "V holder %d: no commit "
					    "of hold %lld", i, id);
				atomic_max(&p->sh->vmin, v);
			} else if (st == 409 && strcmp(load_jstr(j, "error",
			    "code"), "SEATS_UNAVAILABLE") == 0)
				add(&p->sh->refused);
			else {
				add(st >= 500 ? &p->sh->errors5xx :
				    &p->sh->other);
				report(p->out, "V holder %d: hold %s answered "
				    "%ld %s", i, body, st, load_jstr(j,
				    "error", "code"));
			}
		} else {
			int	 k = rand() % nlive;

			snprintf(path, sizeof(path), "/api/bookings/%lld",
			    live[k]);
			st = load_request(c, "DELETE", path, NULL, token, &j);
			id = live[k];
			live[k] = live[--nlive];
			if (st == 200) {
				add(&p->sh->cancelled);
				if ((v = committed_at(db, id, "cancelled")) < 1)
					report(p->out, "V holder %d: no commit "
					    "of cancel %lld", i, id);
				atomic_max(&p->sh->vmin, v);
			} else {
				add(st >= 500 ? &p->sh->errors5xx :
				    &p->sh->other);
				report(p->out, "V holder %d: DELETE %s answered "
				    "%ld %s", i, path, st, load_jstr(j,
				    "error", "code"));
			}
		}
		cJSON_Delete(j);
	}
	db_close(db);
	curl_easy_cleanup(c);
	_exit(0);
}

/* Poll the show's file, conditionally, every few milliseconds.  Each new
 * content goes to the parent ("S poller version canon") for the audit;
 * what can be judged on the spot ("V ...") too. */
static void
poller(int i, const struct plan *p)
{
	CURL	*c = curl_easy_init();
	char	 path[64], etag[160] = "", canon[FRESH_LINE - 64];
	char	 last[FRESH_LINE - 64] = "";
	long long end, lastv = -1, polls = 0;
	sqlite3	*db = load_db();

	snprintf(path, sizeof(path), "/live/seats/%lld.json", p->show);
	srand((unsigned)getpid() * 104729u + (unsigned)i);
	wait_for_start(p);
	end = clock_mono_us() + p->us;
	while (clock_mono_us() < end) {
		long long vmin = __atomic_load_n(&p->sh->vmin, __ATOMIC_SEQ_CST);
		long long v = lastv;
		const char *why;
		char	 tail[160];
		struct buf b = BUF_INIT;
		long	 st = get_live(c, path, etag, &b);
		cJSON	*o;

		if (st == 200) {
			add(&p->sh->polls200);
			o = parse_whole(&b);
			v = load_jnum(o, "version", NULL);
			why = o == NULL ? "not JSON" : load_jnum(o, "show_id",
			    NULL) != p->show ? "another show_id" : v < 0 ?
			    "no version" : canon_file(o, canon, sizeof(canon));
			if (why != NULL) {
				report(p->out, "V poller %d: a 200 of %zu bytes "
				    "(ETag %s) is not this show's seat map "
				    "(%s%s): begins %.200s ... ends %s", i, b.len,
				    etag, why, etag_size(etag) == (long long)b.len
				    && o == NULL ? "; its length is the size its "
				    "ETag names: likely Apache's stat saw one "
				    "file and its open another" : "",
				    buf_str(&b), tail_of(&b, tail));
				v = lastv;
			} else {
				if (v < lastv)
					report(p->out, "V poller %d: version "
					    "went back from %lld to %lld", i,
					    lastv, v);
				if (v != lastv || strcmp(canon, last) != 0)
					report(p->out, "S %d %lld %s", i, v,
					    canon);
				lastv = v;
				memcpy(last, canon, sizeof(last));
			}
			cJSON_Delete(o);
		} else if (st == 304 && lastv >= 0)
			add(&p->sh->polls304);
		else {
			add(st >= 500 ? &p->sh->errors5xx : &p->sh->pollsother);
			report(p->out, "V poller %d: GET %s answered %ld", i,
			    path, st);
		}
		buf_free(&b);
		/* A 304 stands for the file of the poller's last 200. */
		if ((st == 200 || st == 304) && lastv < vmin)
			report(p->out, "V poller %d: got version %lld (%s) "
			    "after a write at version %lld or later was "
			    "answered", i, v, st == 200 ? "200" : "304", vmin);
		if (v >= 0 && polls++ % 8 == 0)
			atomic_max(&p->sh->maxlag, version_of(db, p->show) - v);
		usleep((useconds_t)(rand() % 5000));
	}
	db_close(db);
	curl_easy_cleanup(c);
	_exit(0);
}

/* --- the audit of what the pollers saw ------------------------------------ */

struct snap {
	long long	 v;
	char		*canon;
};

static int
cmp_snap(const void *a, const void *b)
{
	const struct snap *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

/* fresh_audit's rows of the show, canonical, by version. */
static struct snap *
audit_load(sqlite3 *db, long long show, size_t *n)
{
	sqlite3_stmt *st;
	struct snap *s = NULL;
	size_t	 cap = 0;
	char	 canon[FRESH_LINE];

	*n = 0;
	db_prepare(db, "SELECT version, seats FROM fresh_audit WHERE "
	    "show_id = :show ORDER BY version", &st);
	db_bind_int(st, ":show", show);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((s = realloc(s, cap * sizeof(*s))) == NULL)
				exit(1);
		}
		canon_sort(db_text(st, 1), canon, sizeof(canon));
		s[*n].v = sqlite3_column_int64(st, 0);
		s[(*n)++].canon = strdup(canon);
	}
	sqlite3_finalize(st);
	return s;
}

static const struct snap *
audit_find(const struct snap *s, size_t n, long long v)
{
	struct snap key = { v, NULL };

	return bsearch(&key, s, n, sizeof(*s), cmp_snap);
}

static long long
env_int(const char *name, long long def, long long max)
{
	const char *s = getenv(name);
	long long v = def;

	if (s != NULL && text_parse_int(s, 1, max, &v) != TEXT_OK) {
		fprintf(stderr, "load: fresh: %s=%s is not 1..%lld; using "
		    "%lld\n", name, s, max, def);
		v = def;
	}
	return v;
}

/* The file now: its version and canonical content; NULL, or what is
 * wrong. */
static const char *
final_file(long long show, long long *v, char *canon, size_t n)
{
	CURL	*c = curl_easy_init();
	char	 path[64], etag[160] = "";
	struct buf b = BUF_INIT;
	cJSON	*o;
	const char *why = "no answer";

	snprintf(path, sizeof(path), "/live/seats/%lld.json", show);
	canon[0] = '\0';
	if (get_live(c, path, etag, &b) == 200 && b.data != NULL &&
	    (o = parse_whole(&b)) != NULL) {
		*v = load_jnum(o, "version", NULL);
		why = canon_file(o, canon, n);
		cJSON_Delete(o);
	}
	buf_free(&b);
	curl_easy_cleanup(c);
	return why;
}

/* Read the children's lines until they all exit; judge each content
 * against the audit. */
static void
judge(FILE *in, sqlite3 *db, long long show, long long *distinct,
    long long *violations)
{
	struct snap *audit, *seen = NULL;
	size_t	 naudit, nseen = 0, cap = 0;
	char	 line[FRESH_LINE + 64], canon[FRESH_LINE];
	long long shown = 0;

	while (fgets(line, sizeof(line), in) != NULL) {
		int	 who;
		long long v;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == 'S' && sscanf(line, "S %d %lld %2047s", &who, &v,
		    canon) == 3) {
			if (nseen == cap) {
				cap = cap ? cap * 2 : 1024;
				if ((seen = realloc(seen, cap *
				    sizeof(*seen))) == NULL)
					exit(1);
			}
			seen[nseen].v = v;
			seen[nseen++].canon = strdup(canon);
			continue;
		}
		(*violations)++;
		if (shown++ < FRESH_SHOW_MAX_LOG)
			FAIL("%s", line + (line[0] == 'V' ? 2 : 0));
	}
	/* Every client has exited: every commit any of them saw is in. */
	audit = audit_load(db, show, &naudit);
	for (size_t k = 1; k < naudit; k++)
		if (audit[k].v == audit[k - 1].v) {
			(*violations)++;
			FAIL("version %lld was committed twice", audit[k].v);
		}
	if (nseen > 0)		/* qsort wants a real array even for none */
		qsort(seen, nseen, sizeof(*seen), cmp_snap);
	*distinct = 0;
	for (size_t k = 0; k < nseen; k++) {
		const struct snap *a = audit_find(audit, naudit, seen[k].v);

		if (k == 0 || seen[k].v != seen[k - 1].v)
			(*distinct)++;
		if (a == NULL || strcmp(a->canon, seen[k].canon) != 0) {
			(*violations)++;
			if (shown++ < FRESH_SHOW_MAX_LOG)
				FAIL("a poll showed version %lld as \"%s\"; "
				    "the database committed it as \"%s\"",
				    seen[k].v, seen[k].canon, a == NULL ?
				    "(no such version)" : a->canon);
		}
	}
	if (shown > FRESH_SHOW_MAX_LOG)
		fprintf(stderr, "load: fresh: ... %lld violations in all\n",
		    shown);
	/* The last file is the database's last state. */
	{
		long long v = -1, dbv = version_of(db, show);
		const struct snap *a = audit_find(audit, naudit, dbv);

		if (final_file(show, &v, canon, sizeof(canon)) != NULL ||
		    v != dbv || a == NULL || strcmp(a->canon, canon) != 0) {
			(*violations)++;
			FAIL("after the run the file is version %lld \"%s\"; "
			    "the database is at %lld \"%s\"", v, canon, dbv,
			    a == NULL ? "?" : a->canon);
		}
	}
	for (size_t k = 0; k < naudit; k++)
		free(audit[k].canon);
	for (size_t k = 0; k < nseen; k++)
		free(seen[k].canon);
	free(audit);
	free(seen);
}

int
fresh_main(void)
{
	char	*tokens[FRESH_MAX_CLIENTS], cmd[2300];
	int	 holders = (int)env_int("LOAD_FRESH_HOLDERS", 20,
	    FRESH_MAX_CLIENTS);
	int	 pollers = (int)env_int("LOAD_FRESH_POLLERS", 20,
	    FRESH_MAX_CLIENTS);
	long long secs = env_int("LOAD_FRESH_SECONDS", 20, 600);
	long long distinct = 0, violations = 0, t0, commits;
	struct shared *sh;
	struct plan p;
	int	 gun[2], res[2], status;
	sqlite3	*db = load_db();
	FILE	*in;

	failures = 0;
	p.show = load_show(db);
	load_customers(db, "fresh", holders, tokens);
	audit_install(db, p.show);
	/* The show's file exists before the first write (load_show made it
	 * with SQL): a poll is never a 404. */
	snprintf(cmd, sizeof(cmd), "SKYFOX_CONF='%s' '%s/bin/skyfoxctl' "
	    "publish >/dev/null", load.conf_path, load.root);
	if (system(cmd) != 0)
		FAIL("skyfoxctl publish failed");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || pipe(gun) == -1 || pipe(res) == -1) {
		perror("load: fresh");
		exit(1);
	}
	memset(sh, 0, sizeof(*sh));
	p.us = secs * 1000000;
	p.gun = gun[0];
	p.out = res[1];
	p.sh = sh;
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < holders + pollers; i++) {
		if (fork() != 0)
			continue;
		close(gun[1]);
		close(res[0]);
		if (i < holders)
			holder(i, tokens[i], &p);
		poller(i - holders, &p);
	}
	close(gun[0]);
	close(res[1]);
	t0 = clock_mono_us();
	close(gun[1]);				/* start */
	in = fdopen(res[0], "r");
	judge(in, db, p.show, &distinct, &violations);
	fclose(in);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			FAIL("a client process died (status %d)", status);
	t0 = clock_mono_us() - t0;
	commits = version_of(db, p.show);
	if (sh->errors5xx)
		FAIL("%lld 5xx answers", sh->errors5xx);
	if (sh->granted == 0)
		FAIL("no hold was granted");
	if (sh->polls200 == 0)
		FAIL("no poll was a 200");
	if (sh->polls304 == 0)
		FAIL("no poll was a 304 (If-None-Match never matched)");
	printf("load: fresh: %d holders, %d pollers, %.1fs: holds %lld "
	    "granted, %lld refused 409; %lld cancels; polls %lld 200, %lld "
	    "304; %lld of %lld versions seen; max lag %lld versions; "
	    "%lld violations\n", holders, pollers, t0 / 1e6, sh->granted,
	    sh->refused, sh->cancelled, sh->polls200, sh->polls304, distinct,
	    commits, sh->maxlag, violations);
	/* Keep the audit for a post-mortem when anything failed (run.sh
	 * keeps the data directory then). */
	audit_remove(db);
	if (failures == 0)
		load_exec(db, "DROP TABLE fresh_audit");
	db_close(db);
	munmap(sh, sizeof(*sh));
	for (int i = 0; i < holders; i++)
		free(tokens[i]);
	if (failures) {
		printf("load: fresh: %d FAILURES\n", failures);
		return 1;
	}
	printf("load: fresh: every poll showed a committed state, no older "
	    "than the last answered write, in order\n");
	return 0;
}
