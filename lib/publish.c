/* publish — seat maps and show lists as static files; see publish.h. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "booking.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "publish.h"
#include "seatmap.h"
#include "show.h"

#define PUBLISH_FILE_MAX	(4 * 1024 * 1024)	/* a file check reads */

static int
fail_db(struct publish_fail *f, int rc)
{
	f->err = PUBLISH_ERR_DB;
	f->rc = rc;
	return -1;
}

static int
fail_io(struct publish_fail *f, const char *path)
{
	f->err = PUBLISH_ERR_IO;
	f->errnum = errno;
	snprintf(f->path, sizeof(f->path), "%s", path);
	return -1;
}

int
publish_dir(const struct conf *c, char *out, size_t n)
{
	const char *dir = conf_get(c, "public_dir", "");
	int	 len;

	if (*dir != '\0')
		len = snprintf(out, n, "%s", dir);
	else
		len = snprintf(out, n, "%s/public", c->data_dir);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

/* public_dir/<sub>/<name> (sub may be NULL: the folder itself). */
static int
path_of(const struct conf *c, const char *sub, const char *name, char *out,
    size_t n)
{
	/* Room for "/<sub>/<name>" after it, so the compiler can see that
	 * the path fits (a longer public_dir is refused as too long). */
	char	 dir[PUBLISH_PATH_MAX - 128];
	int	 len;

	if (publish_dir(c, dir, sizeof(dir)) == -1)
		return -1;
	if (name == NULL)
		len = snprintf(out, n, "%s/%s", dir, sub);
	else
		len = snprintf(out, n, "%s/%s/%s", dir, sub, name);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

/* A folder Apache may read whatever our umask (CGIs run under 077). */
static int
ensure_dir(const char *path, struct publish_fail *f)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return fail_io(f, path);
	if (chmod(path, 0755) == -1)
		return fail_io(f, path);
	return 0;
}

static int
ensure_dirs(const struct conf *c, struct publish_fail *f)
{
	char	 p[PUBLISH_PATH_MAX];

	errno = ENAMETOOLONG;
	if (publish_dir(c, p, sizeof(p)) == -1 || ensure_dir(p, f) == -1 ||
	    path_of(c, "shows", NULL, p, sizeof(p)) == -1 ||
	    ensure_dir(p, f) == -1 ||
	    path_of(c, "seats", NULL, p, sizeof(p)) == -1 ||
	    ensure_dir(p, f) == -1)
		return f->err ? -1 : fail_io(f, "public_dir");
	return 0;
}

/* Write b to sub/name through a dotfile beside it (never served) and
 * rename(): readers see the old file or the new, never part of one.  No
 * fsync: a file lost in a crash is rewritten by the next publish. */
static int
write_file(const struct conf *c, const char *sub, const char *name,
    const struct buf *b, struct publish_fail *f)
{
	char	 path[PUBLISH_PATH_MAX], tmp[PUBLISH_PATH_MAX];
	char	 dot[64];
	int	 fd, ok;

	snprintf(dot, sizeof(dot), ".%s.XXXXXX", name);
	errno = ENAMETOOLONG;
	if (path_of(c, sub, name, path, sizeof(path)) == -1 ||
	    path_of(c, sub, dot, tmp, sizeof(tmp)) == -1)
		return fail_io(f, name);
	/* The folders are made on first need (a failed mkstemp may have
	 * spent the template's X's: make it again). */
	if ((fd = mkstemp(tmp)) == -1) {
		if (errno != ENOENT || ensure_dirs(c, f) == -1)
			return f->err ? -1 : fail_io(f, tmp);
		path_of(c, sub, dot, tmp, sizeof(tmp));
		if ((fd = mkstemp(tmp)) == -1)
			return fail_io(f, tmp);
	}
	ok = write(fd, b->data, b->len) == (ssize_t)b->len &&
	    fchmod(fd, 0644) == 0;
	if (close(fd) != 0 || !ok || rename(tmp, path) == -1) {
		fail_io(f, path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int
remove_file(const struct conf *c, const char *sub, const char *name,
    struct publish_fail *f)
{
	char	 path[PUBLISH_PATH_MAX];

	if (path_of(c, sub, name, path, sizeof(path)) == -1)
		return 0;
	if (unlink(path) == -1 && errno != ENOENT)
		return fail_io(f, path);
	return 0;
}

/* --- rendering ----------------------------------------------------------- */

/* Held seats carry "held_until".  seatmap_json lists the seats in sm's
 * order, row by row, so the two walk together. */
static void
add_held_until(const struct seatmap *sm, cJSON *o)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "rows"), *row;
	size_t	 i = 0;

	cJSON_ArrayForEach(row, rows) {
		cJSON	*seat, *seats = cJSON_GetObjectItemCaseSensitive(row,
		    "seats");

		cJSON_ArrayForEach(seat, seats) {
			if (i < sm->n && sm->seats[i].status == SEAT_HELD)
				json_add_time(seat, "held_until",
				    sm->seats[i].hold_expires_at);
			i++;
		}
	}
}

/* --- one size per path --------------------------------------------------- */

/* Apache's static handler stat()s a file when it maps the request and
 * opens it later.  A rename() between the two sends the old file's
 * Content-Length and ETag with the new file's bytes: a longer new file
 * arrives cut short, a shorter one padded with NULs.  So every version of
 * a path has one size: the file is its JSON, then spaces up to the length
 * of the widest text the same show or day could be given (spaces after
 * the closing brace: valid JSON whitespace, and the JSON text itself is
 * unchanged).  A torn read is then exactly the new file under the old
 * ETag, which costs the reader one more 200.  What moves that length is
 * admin work (a show scheduled or edited, a film record refreshed, a
 * screen or conf change), never a hold, payment, cancel or lapse. */

/* A counter at its widest: a long long has at most 19 digits (json_write
 * prints integers as digits up to 2^53, 16 of them), so no version and no
 * count outgrows it. */
#define PUBLISH_WIDEST_COUNT	"9999999999999999999"

/* Pad b with spaces to size bytes.  A text already longer stays as it is
 * (cut short it would be no JSON at all); that means the widest rendering
 * missed a field, so say so, once per process. */
static void
pad_to(struct buf *b, size_t size, const char *what)
{
	static int warned;
	char	 spaces[512];

	if (b->len > size) {
		if (!warned)
			fprintf(stderr, "skyfox publish: %s: %zu bytes, over "
			    "its fixed size %zu: written unpadded (a torn "
			    "read is possible)\n", what, b->len, size);
		warned = 1;
		return;
	}
	memset(spaces, ' ', sizeof(spaces));
	while (b->len < size && buf_ok(b)) {
		size_t	 n = size - b->len;

		buf_append(b, spaces, n < sizeof(spaces) ? n : sizeof(spaces));
	}
}

/* The length json_write gives o, or 0 when it cannot print it. */
static size_t
printed_len(const cJSON *o)
{
	struct buf b = BUF_INIT;
	size_t	 n;

	n = json_write(&b, o) == 0 && buf_ok(&b) ? b.len : 0;
	buf_free(&b);
	return n;
}

/* How many characters json_write prints for the count v (>= 0). */
static long long
digits(long long v)
{
	long long n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* How many characters json_write prints for the time t (json_add_time):
 * its quoted ISO 8601 text, or null. */
static long long
time_width(time_t t)
{
	char	 iso[32];

	if (t <= 0)
		return 4;
	clock_iso8601(t, iso);
	return (long long)strlen(iso) + 2;
}

/* A seat map's file: the map, held seats with "held_until", "max_seats"
 * (skyfox.conf max_seats, booking_max_seats, as GET /api/shows/<id>/seats
 * has it: the most seats one booking may hold, where the show page's
 * picker stops) and "generated_at". */
static cJSON *
seats_doc(const struct seatmap *sm, const struct conf *c, time_t now)
{
	cJSON	*o = seatmap_json(sm, c->currency);

	add_held_until(sm, o);
	json_add_int(o, "max_seats", booking_max_seats(c));
	json_add_time(o, "generated_at", (long long)now);
	return o;
}

/* The characters a seat's status takes in the file beyond the key:
 * the quoted status name, and for a held seat ,"held_until":<time>. */
static long long
status_width(enum seat_status st, time_t until)
{
	long long n = (long long)strlen(seatmap_status_name(st)) + 2;

	if (st == SEAT_HELD)
		n += (long long)sizeof(",\"held_until\":") - 1 +
		    time_width(until);
	return n;
}

/* The fixed size of a show's seat file, from the length len of sm's file
 * as it is now: the file as it would be with every seat held (the widest
 * status: "held" plus a held_until, as long as any time; "blocked" is
 * narrower, and a block's reason and house flag are staff's, never in
 * the file), seats_available at its largest (no seat taken or blocked:
 * every seat of the map) and version at 19 digits.  Nothing else in the
 * file changes with a write of seats or blocks, so the widest file is
 * this one with those fields widened: counted, not rendered a second
 * time (a hold publishes this file, and rendering it twice was a third
 * of the hold's instructions). */
static size_t
seats_size(const struct seatmap *sm, size_t len, time_t now)
{
	long long n = (long long)len, widest = status_width(SEAT_HELD, now);

	for (size_t i = 0; i < sm->n; i++)
		n += widest - status_width(sm->seats[i].status,
		    sm->seats[i].hold_expires_at);
	n += digits((long long)sm->n) - digits((long long)(sm->n -
	    sm->taken - sm->blocked));
	n += (long long)sizeof(PUBLISH_WIDEST_COUNT) - 1 - digits(sm->version);
	return n > 0 ? (size_t)n : 0;
}

/* The seat map file of show_id at now, padded to its fixed size:
 * SQLITE_OK, SQLITE_DONE (no such show) or an error. */
static int
render_seats(sqlite3 *db, const struct conf *c, long long show_id,
    time_t now, struct buf *b)
{
	struct seatmap sm;
	char	 what[48];
	cJSON	*o;
	int	 rc;

	if ((rc = seatmap_status(db, show_id, 0, now, &sm)) != SQLITE_OK)
		return rc;
	o = seats_doc(&sm, c, now);
	rc = json_write(b, o) == 0 && buf_ok(b) ? SQLITE_OK : SQLITE_NOMEM;
	cJSON_Delete(o);
	if (rc == SQLITE_OK) {
		snprintf(what, sizeof(what), "seats/%lld.json", show_id);
		pad_to(b, seats_size(&sm, b->len, now), what);
		rc = buf_ok(b) ? SQLITE_OK : SQLITE_NOMEM;
	}
	seatmap_free(&sm);
	return rc;
}

/* The version of a seat map (show_id > 0: shows.version) or of a day's
 * list (the sum of its shows' versions plus their number: it grows with
 * every seat write on that day and with every new show). */
static int
version_of(sqlite3 *db, long long show_id, const char *date, long long *v)
{
	sqlite3_stmt *st;
	int	 rc;

	*v = -1;
	rc = show_id > 0 ? db_prepare(db, "SELECT version FROM shows WHERE id "
	    "= :id", &st) : db_prepare(db, "SELECT coalesce(sum(version), 0) + "
	    "count(*) FROM shows WHERE date = :date", &st);
	if (rc != SQLITE_OK)
		return rc;
	if (show_id > 0)
		db_bind_int(st, ":id", show_id);
	else
		db_bind_text(st, ":date", date);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* A day file: {"date","version","generated_at","shows"}; takes list. */
static cJSON *
day_doc(const char *date, long long version, time_t now, cJSON *list)
{
	cJSON	*o = cJSON_CreateObject();

	json_add_str(o, "date", date);
	json_add_int(o, "version", version);
	json_add_time(o, "generated_at", (long long)now);
	cJSON_AddItemToObject(o, "shows", list);
	return o;
}

/* A day's shows as render_day gathers them: the customer's list (shows
 * still to start) and what the rest of the day adds to the widest file. */
struct day_acc {
	cJSON		*list;
	const char	*currency;
	time_t		 now;
	size_t		 all, upcoming;
	long long	 extra;		/* widest file - this file, shows only */
	int		 nomem;
};

/* One show of the day.  The widest file has every show of the day,
 * started ones too (a show that starts leaves the customer's list, and
 * the file must not shrink then), each with seats_available at its
 * largest (seats_total). */
static int
day_add(const struct show *s, void *arg)
{
	struct day_acc *a = arg;
	cJSON	*o = show_json(s, a->currency);
	size_t	 n;

	a->all++;
	a->extra += digits(s->seats_total) - digits(s->seats_available);
	if (s->starts_at > a->now) {
		cJSON_AddItemToArray(a->list, o);
		a->upcoming++;
		return 0;
	}
	if ((n = printed_len(o)) == 0)
		a->nomem = 1;
	a->extra += (long long)n;
	cJSON_Delete(o);
	return 0;
}

/* The show list file of date at now, padded to its fixed size: the file
 * with every show of the day (started ones too), each with
 * seats_available at seats_total, and version at 19 digits.  One read of
 * the day's shows gives both; the widest file is counted, not rendered. */
static int
render_day(sqlite3 *db, const struct conf *c, const char *date, time_t now,
    struct buf *b)
{
	struct day_acc a = { cJSON_CreateArray(), c->currency, now, 0, 0, 0,
	    0 };
	char	 what[48];
	cJSON	*o;
	long long v, size;
	int	 rc;

	if ((rc = version_of(db, 0, date, &v)) != SQLITE_OK ||
	    (rc = show_each(db, date, 0, now, day_add, &a)) != SQLITE_OK) {
		cJSON_Delete(a.list);
		return rc;
	}
	o = day_doc(date, v, now, a.list);
	rc = !a.nomem && json_write(b, o) == 0 && buf_ok(b) ? SQLITE_OK :
	    SQLITE_NOMEM;
	cJSON_Delete(o);
	if (rc != SQLITE_OK)
		return rc;
	/* The commas between the shows the widest file adds. */
	size = (long long)b->len + a.extra + (long long)a.all -
	    (long long)a.upcoming - (a.upcoming == 0 && a.all > 0) +
	    (long long)sizeof(PUBLISH_WIDEST_COUNT) - 1 - digits(v);
	snprintf(what, sizeof(what), "shows/%.10s.json", date);
	pad_to(b, (size_t)size, what);
	return buf_ok(b) ? SQLITE_OK : SQLITE_NOMEM;
}

/* --- writing ------------------------------------------------------------- */

/* One show's seat map at now; *date gets its day ("" when there is no such
 * show). */
static int
seats_at(sqlite3 *db, const struct conf *c, long long id, time_t now,
    char date[11], struct publish_fail *f)
{
	struct buf b = BUF_INIT;
	char	 name[32];
	int	 rc;

	snprintf(name, sizeof(name), "%lld.json", id);
	date[0] = '\0';
	if ((rc = show_date_of(db, id, date)) == SQLITE_DONE ||
	    (rc == SQLITE_ROW && !show_in_customer_window(c, now, date)))
		return remove_file(c, "seats", name, f);
	if (rc != SQLITE_ROW)
		return fail_db(f, rc);
	if ((rc = render_seats(db, c, id, now, &b)) == SQLITE_OK)
		rc = write_file(c, "seats", name, &b, f) == 0 ? 0 : -1;
	else
		rc = rc == SQLITE_DONE ? remove_file(c, "seats", name, f) :
		    fail_db(f, rc);
	buf_free(&b);
	return rc;
}

static int
day_at(sqlite3 *db, const struct conf *c, const char *date, time_t now,
    struct publish_fail *f)
{
	struct buf b = BUF_INIT;
	char	 name[32];
	int	 rc;

	snprintf(name, sizeof(name), "%.10s.json", date);
	if (!show_in_customer_window(c, now, date))
		return remove_file(c, "shows", name, f);
	if ((rc = render_day(db, c, date, now, &b)) != SQLITE_OK)
		rc = fail_db(f, rc);
	else
		rc = write_file(c, "shows", name, &b, f);
	buf_free(&b);
	return rc;
}

int
publish_seats(sqlite3 *db, const struct conf *c, long long show_id,
    struct publish_fail *f)
{
	char	 date[11];

	memset(f, 0, sizeof(*f));
	return seats_at(db, c, show_id, clock_now(c), date, f);
}

int
publish_day(sqlite3 *db, const struct conf *c, const char *date,
    struct publish_fail *f)
{
	memset(f, 0, sizeof(*f));
	return day_at(db, c, date, clock_now(c), f);
}

/* --- the whole window ---------------------------------------------------- */

struct ids {
	long long	*v;
	size_t		 n, cap;
};

static int
add_id(const struct show *s, void *arg)
{
	struct ids *ids = arg;

	if (ids->n == ids->cap) {
		size_t	 ncap = ids->cap ? ids->cap * 2 : 64;
		void	*p = realloc(ids->v, ncap * sizeof(*ids->v));

		if (p == NULL)
			return 1;
		ids->v = p;
		ids->cap = ncap;
	}
	ids->v[ids->n++] = s->id;
	return 0;
}

/* Every show of the window's days (started ones too: their seat maps stay
 * public for the day). */
static int
window_shows(sqlite3 *db, const struct conf *c, time_t now, struct ids *ids)
{
	char	 today[11], d[11];
	int	 rc;

	clock_date(now, today);
	for (int i = 0; i < show_window_days(c); i++) {
		if (clock_add_days(today, i, d) == -1)
			return SQLITE_ERROR;
		if ((rc = show_each(db, d, 0, now, add_id, ids)) != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* Is name (in sub) a file the window at now keeps?  Temp files and
 * anything else are not. */
static int
keeps(sqlite3 *db, const struct conf *c, const char *sub, const char *name,
    time_t now)
{
	size_t	 len = strlen(name);
	char	 stem[32], date[11];
	long long id;
	char	*end;
	int	 y, m, d;

	if (len < 6 || len - 5 >= sizeof(stem) ||
	    strcmp(name + len - 5, ".json") != 0)
		return 0;
	memcpy(stem, name, len - 5);
	stem[len - 5] = '\0';
	if (strcmp(sub, "shows") == 0)
		return clock_parse_date(stem, &y, &m, &d) == 0 &&
		    show_in_customer_window(c, now, stem);
	errno = 0;
	id = strtoll(stem, &end, 10);
	if (*end != '\0' || errno != 0 || id <= 0)
		return 0;
	return show_date_of(db, id, date) == SQLITE_ROW &&
	    show_in_customer_window(c, now, date);
}

/* Remove what the window does not keep; n counts them. */
static int
prune(sqlite3 *db, const struct conf *c, const char *sub, time_t now,
    int *n, struct publish_fail *f)
{
	char	 dir[PUBLISH_PATH_MAX];
	struct dirent *e;
	DIR	*d;

	if (path_of(c, sub, NULL, dir, sizeof(dir)) == -1 ||
	    (d = opendir(dir)) == NULL)
		return fail_io(f, sub);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    keeps(db, c, sub, e->d_name, now))
			continue;
		if (remove_file(c, sub, e->d_name, f) == -1) {
			closedir(d);
			return -1;
		}
		(*n)++;
	}
	closedir(d);
	return 0;
}

int
publish_window(sqlite3 *db, const struct conf *c, time_t now,
    struct publish_stats *st, struct publish_fail *f)
{
	struct publish_stats local;
	struct ids ids = { NULL, 0, 0 };
	char	 today[11], d[11];
	int	 rc = 0;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	if (ensure_dirs(c, f) == -1)
		return -1;
	clock_date(now, today);
	for (int i = 0; rc == 0 && i < show_window_days(c); i++) {
		if (clock_add_days(today, i, d) == -1)
			return fail_db(f, SQLITE_ERROR);
		if ((rc = day_at(db, c, d, now, f)) == 0)
			st->days++;
	}
	if (rc == 0 && (rc = window_shows(db, c, now, &ids)) != SQLITE_OK)
		rc = fail_db(f, rc);
	for (size_t i = 0; rc == 0 && i < ids.n; i++)
		if ((rc = seats_at(db, c, ids.v[i], now, d, f)) == 0)
			st->seats++;
	free(ids.v);
	if (rc == 0)
		rc = prune(db, c, "shows", now, &st->removed, f);
	if (rc == 0)
		rc = prune(db, c, "seats", now, &st->removed, f);
	return rc;
}

/* --- after every commit -------------------------------------------------- */

/* The shows and films the open transaction changed (one connection per
 * process).  A film's title, poster or runtime is in every day list that
 * shows it, so a refreshed record rewrites those days (not seat maps). */
static struct {
	sqlite3		*db;
	const struct conf *conf;
	long long	 ids[PUBLISH_PENDING_MAX];
	int		 n;
	long long	 movies[PUBLISH_PENDING_MAX];
	int		 nmovies;
	int		 overflow;
} pending;

/* Add id to a pending list once; 0, or -1 when the list is full. */
static int
note(long long *list, int *n, long long id)
{
	for (int i = 0; i < *n; i++)
		if (list[i] == id)
			return 0;
	if (*n == PUBLISH_PENDING_MAX)
		return -1;
	list[(*n)++] = id;
	return 0;
}

static void
on_update(void *arg, int op, const char *dbname, const char *table,
    sqlite3_int64 rowid)
{
	int	 full = 0;

	(void)arg;
	(void)dbname;
	if (strcmp(table, "shows") == 0)
		full = note(pending.ids, &pending.n, rowid);
	else if (strcmp(table, "movies") == 0 && op == SQLITE_UPDATE)
		full = note(pending.movies, &pending.nmovies, rowid);
	else if (strcmp(table, "ticket_types") == 0)
		/* Every seat map and day list names the types on sale and
		 * their prices (lib/pricing.h): the whole window. */
		full = -1;
	if (full == -1)
		pending.overflow = 1;
}

static void
on_rollback(void *arg)
{
	(void)arg;
	pending.n = 0;
	pending.nmovies = 0;
	pending.overflow = 0;
}

static void
log_fail(const struct publish_fail *f)
{
	if (f->err == PUBLISH_ERR_IO)
		fprintf(stderr, "skyfox publish: %s: %s (the next write or "
		    "skyfoxctl publish rewrites it)\n", f->path,
		    strerror(f->errnum));
	else
		fprintf(stderr, "skyfox publish: database: %s (the next write "
		    "or skyfoxctl publish rewrites the files)\n",
		    sqlite3_errstr(f->rc));
}

int
publish_warning(const char *why)
{
	return strcmp(why, PUBLISH_MISSING) == 0 ||
	    strcmp(why, PUBLISH_STALE) == 0;
}

/* A day to rewrite, once: 0, or -1 when there are more days than fit (the
 * window is at most SHOW_WINDOW_DAYS_MAX days, so only a film shown on
 * past days as well could get here). */
static int
add_day(char dates[][11], int *ndates, const char *d)
{
	for (int j = 0; j < *ndates; j++)
		if (strcmp(dates[j], d) == 0)
			return 0;
	if (*ndates == PUBLISH_PENDING_MAX || strlen(d) != 10)
		return -1;
	memcpy(dates[(*ndates)++], d, 11);
	return 0;
}

/* The days from today on that show a noted film (shows_by_movie). */
static int
movie_days(sqlite3 *db, time_t now, long long movie, char dates[][11],
    int *ndates)
{
	sqlite3_stmt *st;
	char	 today[11];
	int	 rc;

	clock_date(now, today);
	if ((rc = db_prepare(db, "SELECT DISTINCT date FROM shows WHERE "
	    "movie_id = :m AND date >= :today", &st)) != SQLITE_OK)
		return rc;
	db_bind_int(st, ":m", movie);
	db_bind_text(st, ":today", today);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add_day(dates, ndates,
		    (const char *)sqlite3_column_text(st, 0)) == -1) {
			rc = SQLITE_FULL;
			break;
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The noted shows' seat maps, then each of their days (and the noted
 * films' days) once; the whole window when there was too much to note. */
static void
publish_pending(sqlite3 *db, const struct conf *c, time_t now)
{
	char	 dates[PUBLISH_PENDING_MAX][11];
	struct publish_fail f;
	int	 ndates = 0, rc, whole = pending.overflow;

	memset(&f, 0, sizeof(f));
	for (int i = 0; i < pending.n && !whole; i++) {
		char	 d[11];

		if (seats_at(db, c, pending.ids[i], now, d, &f) == -1)
			log_fail(&f);
		if (d[0] != '\0')
			whole = add_day(dates, &ndates, d) == -1;
	}
	for (int i = 0; i < pending.nmovies && !whole; i++)
		if ((rc = movie_days(db, now, pending.movies[i], dates,
		    &ndates)) != SQLITE_OK)
			whole = 1;
	if (whole) {
		if (publish_window(db, c, now, NULL, &f) == -1)
			log_fail(&f);
		return;
	}
	for (int j = 0; j < ndates; j++)
		if (day_at(db, c, dates[j], now, &f) == -1)
			log_fail(&f);
}

static void
after_commit(sqlite3 *db, void *arg)
{
	(void)arg;
	if (pending.db != db || (pending.n == 0 && pending.nmovies == 0 &&
	    !pending.overflow))
		return;
	/* One read snapshot for all the files; the writers' queue is still
	 * ours, so it is this commit's state. */
	if (db_exec(db, "BEGIN") == SQLITE_OK) {
		publish_pending(db, pending.conf, clock_now(pending.conf));
		(void)db_exec(db, "COMMIT");
	} else
		fprintf(stderr, "skyfox publish: BEGIN: %s\n",
		    sqlite3_errmsg(db));
	on_rollback(NULL);
}

void
publish_attach(sqlite3 *db, const struct conf *c)
{
	memset(&pending, 0, sizeof(pending));
	pending.db = db;
	pending.conf = c;
	sqlite3_update_hook(db, on_update, NULL);
	sqlite3_rollback_hook(db, on_rollback, NULL);
	db_after_commit(db, after_commit, NULL);
}

/* --- skyfoxctl check ----------------------------------------------------- */

/* "2026-12-05T18:30:00+05:30" → seconds.  0 or -1. */
static int
parse_iso(const char *s, time_t *out)
{
	int	 y, mo, d, v[5];
	static const int at[5] = { 11, 14, 17, 20, 23 };
	char	 date[11];

	if (strlen(s) != 25 || s[10] != 'T' || (s[19] != '+' && s[19] != '-'))
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (clock_parse_date(date, &y, &mo, &d) == -1)
		return -1;
	for (int i = 0; i < 5; i++) {
		if (s[at[i]] < '0' || s[at[i]] > '9' || s[at[i] + 1] < '0' ||
		    s[at[i] + 1] > '9')
			return -1;
		v[i] = (s[at[i]] - '0') * 10 + s[at[i] + 1] - '0';
	}
	*out = (time_t)clock_days_from_civil(y, mo, d) * 86400 + v[0] * 3600 +
	    v[1] * 60 + v[2] - (s[19] == '-' ? -1 : 1) * (v[3] * 3600 +
	    v[4] * 60);
	return 0;
}

/* The file as bytes; NULL when missing (errno ENOENT) or unreadable. */
static int
read_file(const char *path, struct buf *b)
{
	char	 chunk[8192];
	ssize_t	 n;
	int	 fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 &&
	    b->len + (size_t)n <= PUBLISH_FILE_MAX)
		buf_append(b, chunk, (size_t)n);
	close(fd);
	return n == 0 && buf_ok(b) ? 0 : -1;
}

/* The generated_at and version of a file's text: 0 or -1. */
static int
stamp(const struct buf *b, time_t *at, long long *version)
{
	cJSON	*o = cJSON_Parse(buf_str(b));
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "generated_at");
	int	 rc = cJSON_IsString(g) ? parse_iso(g->valuestring, at) : -1;

	if (json_get_int(o, "version", version) != 1)
		rc = -1;
	cJSON_Delete(o);
	return rc;
}

/* One file against the database at its own generated_at: NULL when it
 * agrees, else why not.  show_id 0: a day file of date. */
static const char *
judge(sqlite3 *db, const struct conf *c, const char *path, long long show_id,
    const char *date)
{
	struct buf have = BUF_INIT, want = BUF_INIT;
	const char *why = NULL;
	long long v, now_v;
	time_t	 at;
	int	 rc;

	if (read_file(path, &have) == -1)
		why = errno == ENOENT ? PUBLISH_MISSING : "unreadable";
	else if (stamp(&have, &at, &v) == -1)
		why = "not a file skyfoxctl publish wrote";
	else if (version_of(db, show_id, date, &now_v) == SQLITE_OK &&
	    v < now_v)
		why = PUBLISH_STALE;
	else {
		rc = show_id > 0 ? render_seats(db, c, show_id, at, &want) :
		    render_day(db, c, date, at, &want);
		if (rc != SQLITE_OK)
			why = "cannot be read back from the database";
		else if (want.len != have.len ||
		    memcmp(want.data, have.data, have.len) != 0)
			why = "differs from the database";
	}
	buf_free(&have);
	buf_free(&want);
	return why;
}

int
publish_compare(sqlite3 *db, const struct conf *c, time_t now,
    void (*cb)(const char *, const char *, void *), void *arg,
    struct publish_fail *f)
{
	struct ids ids = { NULL, 0, 0 };
	char	 today[11], d[11], name[48], path[PUBLISH_PATH_MAX];
	const char *why;
	int	 bad = 0, rc;

	memset(f, 0, sizeof(*f));
	clock_date(now, today);
	for (int i = 0; i < show_window_days(c); i++) {
		if (clock_add_days(today, i, d) == -1)
			return fail_db(f, SQLITE_ERROR);
		snprintf(name, sizeof(name), "%s.json", d);
		path_of(c, "shows", name, path, sizeof(path));
		if ((why = judge(db, c, path, 0, d)) != NULL) {
			snprintf(name, sizeof(name), "shows/%s.json", d);
			cb(name, why, arg);
			bad += !publish_warning(why);
		}
	}
	if ((rc = window_shows(db, c, now, &ids)) != SQLITE_OK) {
		free(ids.v);
		return fail_db(f, rc);
	}
	for (size_t i = 0; i < ids.n; i++) {
		snprintf(name, sizeof(name), "%lld.json", ids.v[i]);
		path_of(c, "seats", name, path, sizeof(path));
		if ((why = judge(db, c, path, ids.v[i], NULL)) != NULL) {
			snprintf(name, sizeof(name), "seats/%lld.json",
			    ids.v[i]);
			cb(name, why, arg);
			bad += !publish_warning(why);
		}
	}
	free(ids.v);
	return bad;
}
