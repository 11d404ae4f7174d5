/* publish on a real (temporary) database and folder: a committed write's
 * files appear before the writer returns, equal what the API renders, are
 * replaced whole (temp file + rename), keep one size per path whatever the
 * seats do (so Apache's stat/open race cannot tear them), never go back in
 * version, and the window's publish deletes past days and shows; check's
 * comparison catches a hand-edited file and one that lost its padding. */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "booking.h"
#include "buf.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "json.h"
#include "migrate.h"
#include "publish.h"
#include "refund.h"
#include "seatblock.h"
#include "show.h"
#include "unit.h"

static char	*dir;
static sqlite3	*db;
static struct conf conf;
static long long show, alice;
static char	 tomorrow[11];

static void
exec(const char *sql)
{
	char	*msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	    "%s: %s", sql, msg ? msg : "");
}

static long long
scalar(const char *sql)
{
	return unit_scalar(db, sql);
}

/* A show on screen 1 starting at starts, dated by the cinema's calendar. */
static long long
add_show(int slot, time_t starts)
{
	char	 sql[512], date[11];

	clock_date(starts, date);
	snprintf(sql, sizeof(sql), "INSERT INTO shows (movie_id, screen_id, "
	    "slot_id, date, starts_at, ends_at, price, created_at) VALUES (1, 1, "
	    "%d, '%s', %lld, %lld, 20000, 0)", slot, date, (long long)starts,
	    (long long)starts + 10800);
	exec(sql);
	return sqlite3_last_insert_rowid(db);
}

static void
setup(void)
{
	char	 why[256], text[512], path[600];
	int	 from, to;

	dir = unit_tmpdir();
	snprintf(text, sizeof(text), "data_dir = %s\nhold_minutes = 5\n", dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
	clock_use_zone("Asia/Kolkata");
	snprintf(path, sizeof(path), "%s/skyfox.db", dir);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)), 0);
	exec(skyfox_seed_sql);
	exec("INSERT INTO movies (id, imdb_id, title, raw_json, fetched_at) "
	    "VALUES (1, 'tt0000001', 'Test Movie', '{}', 0)");
	exec("INSERT INTO users (id, username, name, role, password_hash, "
	    "created_at, updated_at) VALUES (1, 'alice', 'Alice', 'customer', "
	    "'x', 0, 0)");
	alice = 1;
	show = add_show(1, clock_now(&conf) + 86400);
	clock_date(clock_now(&conf) + 86400, tomorrow);
}

static void
teardown(void)
{
	db_close(db);
	unit_rmdir(dir);
}

/* dir/public/<rel> as text ("" when missing), malloc'd. */
static char *
slurp(const char *rel)
{
	char	 path[600], chunk[4096], *text;
	struct buf b = BUF_INIT;
	size_t	 n;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/public/%s", dir, rel);
	if ((f = fopen(path, "r")) != NULL) {
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			buf_append(&b, chunk, n);
		fclose(f);
	}
	text = strdup(buf_str(&b));
	buf_free(&b);
	return text;
}

static cJSON *
load(const char *fmt, long long id)
{
	char	 rel[64], *text;
	cJSON	*o;

	snprintf(rel, sizeof(rel), fmt, id);
	text = slurp(rel);
	o = cJSON_Parse(text);
	ck_assert_msg(o != NULL, "%s: not JSON: %s", rel, text);
	free(text);
	return o;
}

/* The seat object of label in a seat file. */
static const cJSON *
seat_of(const cJSON *map, const char *label)
{
	const cJSON *row, *seat;

	cJSON_ArrayForEach(row, cJSON_GetObjectItem(map, "rows"))
		cJSON_ArrayForEach(seat, cJSON_GetObjectItem(row, "seats"))
			if (strcmp(cJSON_GetObjectItem(seat, "seat")->valuestring,
			    label) == 0)
				return seat;
	return NULL;
}

static long long
hold(const char *list)
{
	struct booking_seats s;
	struct booking_fail f;
	struct booking b;
	cJSON	*v = cJSON_CreateString(list);

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_parse_seats(v, 50, &s, &f), 0);
	cJSON_Delete(v);
	ck_assert_msg(booking_hold(db, &conf, clock_now(&conf), show, alice, &s,
	    &b, &f) == 0, "hold failed: %d", f.err);
	return b.id;
}

/* Files of dir/public/<sub> whose names start with a dot (temp files). */
static int
dotfiles(const char *sub)
{
	char	 path[600];
	struct dirent *e;
	DIR	*d;
	int	 n = 0;

	snprintf(path, sizeof(path), "%s/public/%s", dir, sub);
	ck_assert_ptr_nonnull(d = opendir(path));
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(test_commit_publishes_the_held_seat_before_the_writer_returns)
{
	const cJSON *a1, *a2;
	cJSON	*map;

	publish_attach(db, &conf);
	hold("A1");
	/* booking_hold has returned: its COMMIT published the file. */
	map = load("seats/%lld.json", show);
	ck_assert_ptr_nonnull(a1 = seat_of(map, "A1"));
	ck_assert_ptr_nonnull(a2 = seat_of(map, "A2"));
	ck_assert_str_eq(cJSON_GetObjectItem(a1, "status")->valuestring, "held");
	ck_assert(cJSON_IsString(cJSON_GetObjectItem(a1, "held_until")));
	ck_assert_str_eq(cJSON_GetObjectItem(a2, "status")->valuestring,
	    "available");
	ck_assert_ptr_null(cJSON_GetObjectItem(a2, "held_until"));
	ck_assert_int_eq(cJSON_GetObjectItem(map, "show_id")->valueint, show);
	ck_assert_int_eq(cJSON_GetObjectItem(map, "version")->valueint,
	    scalar("SELECT max(version) FROM shows"));
	ck_assert(cJSON_IsString(cJSON_GetObjectItem(map, "generated_at")));
	cJSON_Delete(map);
	/* ... and its day's list counts the seat as taken. */
	{
		char	 rel[64], *text;
		cJSON	*day;

		snprintf(rel, sizeof(rel), "shows/%s.json", tomorrow);
		text = slurp(rel);
		ck_assert_ptr_nonnull(day = cJSON_Parse(text));
		ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(
		    cJSON_GetObjectItem(day, "shows"), 0),
		    "seats_available")->valueint, scalar("SELECT count(*) - 1 "
		    "FROM seats WHERE screen_id = 1"));
		cJSON_Delete(day);
		free(text);
	}
}
END_TEST

START_TEST(test_without_attach_nothing_is_written)
{
	char	*text;
	char	 rel[64];

	hold("A1");
	snprintf(rel, sizeof(rel), "seats/%lld.json", show);
	text = slurp(rel);
	ck_assert_str_eq(text, "");
	free(text);
}
END_TEST

/* The day file's "shows" are exactly GET /api/shows?date= for a
 * customer: show_list(upcoming only) at the file's instant. */
START_TEST(test_day_file_is_the_customers_show_list)
{
	struct publish_fail f;
	struct buf want = BUF_INIT, have = BUF_INIT;
	cJSON	*file, *list;
	char	 rel[64], *text;

	exec("INSERT INTO shows (movie_id, screen_id, slot_id, date, "
	    "starts_at, ends_at, price, created_at) SELECT movie_id, 2, "
	    "slot_id, date, starts_at, ends_at, price, 0 FROM shows");
	ck_assert_int_eq(publish_day(db, &conf, tomorrow, &f), 0);
	snprintf(rel, sizeof(rel), "shows/%s.json", tomorrow);
	text = slurp(rel);
	ck_assert_ptr_nonnull(file = cJSON_Parse(text));
	ck_assert_str_eq(cJSON_GetObjectItem(file, "date")->valuestring,
	    tomorrow);
	ck_assert_int_eq(show_list(db, tomorrow, 1, clock_now(&conf),
	    conf.currency, &list), SQLITE_OK);
	ck_assert_int_eq(cJSON_GetArraySize(list), 2);
	json_write(&want, list);
	json_write(&have, cJSON_GetObjectItem(file, "shows"));
	ck_assert_str_eq(buf_str(&have), buf_str(&want));
	/* A day outside the window is not published (and is removed). */
	ck_assert_int_eq(publish_day(db, &conf, "2001-01-01", &f), 0);
	free(text);
	text = slurp("shows/2001-01-01.json");
	ck_assert_str_eq(text, "");
	free(text);
	buf_free(&want);
	buf_free(&have);
	cJSON_Delete(list);
	cJSON_Delete(file);
}
END_TEST

START_TEST(test_version_goes_forward_with_every_write)
{
	struct refund_cancel_result r;
	struct booking_fail f;
	long long v1, v2, id;
	cJSON	*map;

	publish_attach(db, &conf);
	id = hold("B1,B2");
	map = load("seats/%lld.json", show);
	v1 = cJSON_GetObjectItem(map, "version")->valueint;
	cJSON_Delete(map);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(refund_cancel(db, &conf, id, alice, clock_now(&conf),
	    &r, &f), 0);
	map = load("seats/%lld.json", show);
	v2 = cJSON_GetObjectItem(map, "version")->valueint;
	ck_assert_int_gt(v2, v1);
	ck_assert_str_eq(cJSON_GetObjectItem(seat_of(map, "B1"),
	    "status")->valuestring, "available");
	cJSON_Delete(map);
}
END_TEST

/* A reader holding the old file keeps reading it whole while a new one is
 * renamed in; no temp file stays behind, and a failed write leaves none
 * either, without failing the committed write. */
START_TEST(test_rename_replaces_whole_files_and_failures_leave_nothing)
{
	struct publish_fail f;
	char	 path[600], old[64];
	FILE	*reader;
	size_t	 n;

	ck_assert_int_eq(publish_seats(db, &conf, show, &f), 0);
	snprintf(path, sizeof(path), "%s/public/seats/%lld.json", dir, show);
	ck_assert_ptr_nonnull(reader = fopen(path, "r"));
	publish_attach(db, &conf);
	hold("C1");
	n = fread(old, 1, sizeof(old) - 1, reader);
	old[n] = '\0';
	fclose(reader);
	ck_assert_msg(strncmp(old, "{\"show_id\":", 11) == 0, "%s", old);
	ck_assert_int_eq(dotfiles("seats"), 0);
	ck_assert_int_eq(dotfiles("shows"), 0);
	/* The file's place taken by a folder: the rename fails. */
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(publish_seats(db, &conf, show, &f), -1);
	ck_assert_int_eq(f.err, PUBLISH_ERR_IO);
	ck_assert_int_eq(dotfiles("seats"), 0);
	hold("C2");		/* committed all the same */
	ck_assert_int_eq(scalar("SELECT count(*) FROM bookings"), 2);
	ck_assert_int_eq(dotfiles("seats"), 0);
}
END_TEST

START_TEST(test_window_publishes_the_days_and_deletes_past_ones)
{
	struct publish_stats st;
	struct publish_fail f;
	char	 yesterday[11], rel[64], *text;
	long long past;

	past = add_show(3, clock_now(&conf) - 86400);
	clock_date(clock_now(&conf) - 86400, yesterday);
	/* Files of a day and a show that have left the window. */
	ck_assert_int_eq(publish_window(db, &conf, clock_now(&conf) - 86400,
	    &st, &f), 0);
	snprintf(rel, sizeof(rel), "shows/%s.json", yesterday);
	text = slurp(rel);
	ck_assert_str_ne(text, "");
	free(text);
	ck_assert_int_eq(publish_window(db, &conf, clock_now(&conf), &st, &f),
	    0);
	ck_assert_int_eq(st.days, 7);
	ck_assert_int_eq(st.seats, 1);		/* tomorrow's show */
	ck_assert_int_ge(st.removed, 2);
	text = slurp(rel);
	ck_assert_str_eq(text, "");
	free(text);
	snprintf(rel, sizeof(rel), "seats/%lld.json", past);
	text = slurp(rel);
	ck_assert_str_eq(text, "");
	free(text);
	snprintf(rel, sizeof(rel), "shows/%s.json", tomorrow);
	text = slurp(rel);
	ck_assert_ptr_nonnull(strstr(text, "\"Test Movie\""));
	free(text);
}
END_TEST

static int nbad;
static char lastwhy[64];

static void
note(const char *file, const char *why, void *arg)
{
	(void)file;
	(void)arg;
	if (!publish_warning(why))
		nbad++;
	snprintf(lastwhy, sizeof(lastwhy), "%s", why);
}

START_TEST(test_compare_catches_a_hand_edited_file_and_publish_repairs_it)
{
	struct publish_fail f;
	char	 path[600], *text, *p;
	FILE	*out;

	ck_assert_int_eq(publish_window(db, &conf, clock_now(&conf), NULL, &f),
	    0);
	ck_assert_int_eq(publish_compare(db, &conf, clock_now(&conf), note,
	    NULL, &f), 0);
	ck_assert_int_eq(nbad, 0);
	/* A write that committed but did not publish (a CGI killed between
	 * COMMIT and rename; here: no publisher attached) leaves the files
	 * older than the database: a warning, not a disagreement. */
	hold("E1");
	ck_assert_int_eq(publish_compare(db, &conf, clock_now(&conf), note,
	    NULL, &f), 0);
	ck_assert_str_eq(lastwhy, PUBLISH_STALE);
	ck_assert_int_eq(publish_window(db, &conf, clock_now(&conf), NULL, &f),
	    0);
	/* A seat's "available" changed by hand (still valid JSON). */
	snprintf(path, sizeof(path), "seats/%lld.json", show);
	text = slurp(path);
	ck_assert_ptr_nonnull(p = strstr(text, "\"available\""));
	p[9] = 'X';
	snprintf(path, sizeof(path), "%s/public/seats/%lld.json", dir, show);
	ck_assert_ptr_nonnull(out = fopen(path, "w"));
	fputs(text, out);
	fclose(out);
	free(text);
	ck_assert_int_eq(publish_compare(db, &conf, clock_now(&conf), note,
	    NULL, &f), 1);
	ck_assert_str_eq(lastwhy, "differs from the database");
	/* A missing file is not a disagreement (the hourly publish adds). */
	ck_assert_int_eq(unlink(path), 0);
	nbad = 0;
	ck_assert_int_eq(publish_compare(db, &conf, clock_now(&conf), note,
	    NULL, &f), 0);
	ck_assert_str_eq(lastwhy, PUBLISH_MISSING);
	ck_assert_int_eq(publish_window(db, &conf, clock_now(&conf), NULL, &f),
	    0);
	lastwhy[0] = '\0';
	ck_assert_int_eq(publish_compare(db, &conf, clock_now(&conf), note,
	    NULL, &f), 0);
	ck_assert_str_eq(lastwhy, "");
}
END_TEST

/* The size of dir/public/<rel> (-1 when missing). */
static long long
size_of(const char *fmt, ...)
{
	char	 rel[64], path[600];
	struct stat st;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/public/%s", dir, rel);
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* The show's seat file and its day's file as the site's clock has them,
 * written whether or not a writer published (SQL below does not). */
static void
republish(void)
{
	struct publish_fail f;

	ck_assert_int_eq(publish_seats(db, &conf, show, &f), 0);
	ck_assert_int_eq(publish_day(db, &conf, tomorrow, &f), 0);
}

/* Both files are still size seats and day bytes after what. */
static void
same_sizes(long long seats, long long day, const char *what)
{
	long long s = size_of("seats/%lld.json", show);
	long long d = size_of("shows/%s.json", tomorrow);

	ck_assert_msg(s == seats, "seat file after %s: %lld bytes, was %lld",
	    what, s, seats);
	ck_assert_msg(d == day, "day file after %s: %lld bytes, was %lld",
	    what, d, day);
}

/* The file is one JSON value and then nothing but spaces. */
static void
only_spaces_after(const char *rel)
{
	const char *end = NULL;
	char	*text = slurp(rel);
	cJSON	*o;

	ck_assert_ptr_nonnull(o = cJSON_ParseWithOpts(text, &end, 0));
	ck_assert_msg(strspn(end, " ") == strlen(end), "%s: after the JSON: "
	    "\"%s\"", rel, end);
	cJSON_Delete(o);
	free(text);
}

/* A pending booking of n seats that SQL makes (more seats than one
 * customer may hold): free seats of screen 1, held for five minutes. */
static void
take_by_sql(int n)
{
	char	 sql[1024];
	long long until = (long long)clock_now(&conf) + 300;

	snprintf(sql, sizeof(sql), "INSERT INTO bookings (show_id, user_id, "
	    "status, amount, seat_count, created_at, expires_at) VALUES (%lld, "
	    "1, 'pending', 0, %d, 0, %lld)", show, n, until);
	exec(sql);
	snprintf(sql, sizeof(sql), "INSERT INTO booking_seats (booking_id, "
	    "show_id, seat_id, price, hold_expires_at) SELECT %lld, %lld, s.id, "
	    "0, %lld FROM seats s WHERE s.screen_id = 1 AND s.id NOT IN "
	    "(SELECT seat_id FROM booking_seats WHERE show_id = %lld AND live "
	    "= 1) ORDER BY s.id LIMIT %d", (long long)sqlite3_last_insert_rowid(
	    db), show, until, show, n);
	exec(sql);
	snprintf(sql, sizeof(sql), "UPDATE shows SET version = version + 1 "
	    "WHERE id = %lld", show);
	exec(sql);
}

/* Apache stat()s a file, then opens it: a rename() between the two sends
 * the old length with the new bytes (cut short or NUL-padded).  So every
 * version of a path has one size (publish.h): through holds, a cancel, a
 * payment, the version crossing 9→10 and 99→100, seats_available
 * crossing 100→99 and 10→9, and a show of the day starting. */
START_TEST(test_every_version_of_a_path_has_one_size)
{
	struct refund_cancel_result r;
	struct booking_fail f;
	struct publish_fail pf;
	long long seats, day, first, second, n;
	char	 sql[512], seat_rel[64], day_rel[64];
	cJSON	*map;

	publish_attach(db, &conf);
	republish();
	seats = size_of("seats/%lld.json", show);
	day = size_of("shows/%s.json", tomorrow);
	ck_assert_int_gt(seats, 0);
	snprintf(seat_rel, sizeof(seat_rel), "seats/%lld.json", show);
	snprintf(day_rel, sizeof(day_rel), "shows/%s.json", tomorrow);
	only_spaces_after(seat_rel);
	only_spaces_after(day_rel);
	first = hold("A1");			/* 100 free → 99 */
	same_sizes(seats, day, "a hold");
	second = hold("B1,B2,B3,B4,B5");
	same_sizes(seats, day, "a hold of more seats");
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(refund_cancel(db, &conf, first, alice,
	    clock_now(&conf), &r, &f), 0);
	same_sizes(seats, day, "a cancel");
	ck_assert_int_eq(db_begin(db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "INSERT INTO payments (purpose, booking_id, "
	    "user_id, method, amount, card_amount, status, created_at) SELECT "
	    "'booking', id, user_id, 'card', amount, amount, 'succeeded', 0 "
	    "FROM bookings WHERE id = %lld", second);
	exec(sql);
	ck_assert_int_eq(booking_confirm(db, second, clock_now(&conf), &f), 0);
	ck_assert_int_eq(db_commit(db), SQLITE_OK);
	same_sizes(seats, day, "a payment");
	snprintf(sql, sizeof(sql), "UPDATE shows SET version = 9 WHERE id = "
	    "%lld", show);
	exec(sql);
	republish();
	hold("C1");				/* version 10 */
	same_sizes(seats, day, "version 9 to 10");
	snprintf(sql, sizeof(sql), "UPDATE shows SET version = 99 WHERE id = "
	    "%lld", show);
	exec(sql);
	republish();
	hold("C2");				/* version 100 */
	ck_assert_int_eq(scalar("SELECT max(version) FROM shows"), 100);
	same_sizes(seats, day, "version 99 to 100");
	n = 100 - scalar("SELECT count(*) FROM booking_seats WHERE live = 1")
	    - 9;
	take_by_sql((int)n / 2);
	take_by_sql((int)(n - n / 2));
	republish();				/* 9 free */
	map = load("seats/%lld.json", show);
	ck_assert_int_eq(cJSON_GetObjectItem(map, "seats_available")->valueint,
	    9);
	cJSON_Delete(map);
	same_sizes(seats, day, "seats_available 10 to 9");
	only_spaces_after(seat_rel);
	only_spaces_after(day_rel);
	/* A second show that day, then the first one starts: it leaves the
	 * day's list (upcoming shows only), and the file keeps its size. */
	exec("INSERT INTO shows (movie_id, screen_id, slot_id, date, "
	    "starts_at, ends_at, price, created_at) SELECT movie_id, 2, "
	    "slot_id, date, starts_at + 60, ends_at, price, 0 FROM shows");
	republish();
	day = size_of("shows/%s.json", tomorrow);
	ck_assert_int_eq(publish_window(db, &conf, (time_t)scalar("SELECT "
	    "min(starts_at) + 30 FROM shows"), NULL, &pf), 0);
	ck_assert_int_eq(size_of("shows/%s.json", tomorrow), day);
}
END_TEST

/* The spaces after the JSON text of dir/public/<rel>. */
static long long
padding_of(const char *rel)
{
	const char *end = NULL;
	char	*text = slurp(rel);
	cJSON	*o;
	long long n;

	ck_assert_ptr_nonnull(o = cJSON_ParseWithOpts(text, &end, 0));
	n = (long long)strlen(end);
	cJSON_Delete(o);
	free(text);
	return n;
}

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

/* The fixed size is counted, not rendered (a hold publishes both files):
 * it is the widest file exactly, no byte wider.  With every seat held the
 * seat file differs from its widest only in seats_available (0 against
 * every seat) and version (19 digits); with every seat free the day file
 * differs only in version.  A count that missed a field, or counted one
 * twice, pads by some other number of spaces. */
START_TEST(test_the_fixed_size_is_the_widest_file_and_no_wider)
{
	struct publish_fail pf;
	long long seats, v, n;
	char	*text;
	cJSON	*map;
	char	 seat_rel[64], day_rel[64];

	publish_attach(db, &conf);
	republish();
	snprintf(seat_rel, sizeof(seat_rel), "seats/%lld.json", show);
	snprintf(day_rel, sizeof(day_rel), "shows/%s.json", tomorrow);
	ck_assert_int_eq(scalar("SELECT count(*) FROM shows"), 1);
	v = scalar("SELECT version + 1 FROM shows");
	ck_assert_int_eq(padding_of(day_rel), 19 - digits(v));
	seats = scalar("SELECT count(*) FROM seats WHERE screen_id = 1 AND "
	    "retired_at IS NULL");
	ck_assert_int_gt(seats, 9);
	for (n = seats; n > 0; n -= n > 50 ? 50 : n)
		take_by_sql(n > 50 ? 50 : (int)n);
	republish();
	n = scalar("SELECT count(*) FROM booking_seats WHERE live = 1");
	ck_assert_int_eq(n, seats);
	v = scalar("SELECT version FROM shows");
	ck_assert_int_eq(padding_of(seat_rel), digits(seats) - 1 + 19 -
	    digits(v));
	only_spaces_after(seat_rel);
	/* The day's only show starts: the customer's list is empty, and the
	 * file keeps its size. */
	n = size_of("shows/%s.json", tomorrow);
	ck_assert_int_eq(publish_window(db, &conf, (time_t)scalar("SELECT "
	    "starts_at + 30 FROM shows"), NULL, &pf), 0);
	snprintf(day_rel, sizeof(day_rel), "shows/%s.json", tomorrow);
	text = slurp(day_rel);
	ck_assert_ptr_nonnull(map = cJSON_Parse(text));
	free(text);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(map,
	    "shows")), 0);
	cJSON_Delete(map);
	ck_assert_int_eq(size_of("shows/%s.json", tomorrow), n);
}
END_TEST

/* Block seats of the show (list "C4,C5") as staff would. */
static void
block(const char *list, const char *reason, int house)
{
	struct seatblock_req r;
	struct booking_fail f;
	cJSON	*v = cJSON_CreateString(list);

	memset(&r, 0, sizeof(r));
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(booking_parse_seats(v, 50, &r.seats, &f), 0);
	cJSON_Delete(v);
	r.reason = reason;
	r.house = house;
	ck_assert_msg(seatblock_add(db, clock_now(&conf), show, 0, &r, &f) == 0,
	    "block failed: %d", f.err);
}

/* A block is a write of seats (issue 15 item 5): the file shows the seat
 * "blocked" when the writer returns, without the reason (staff's), and
 * keeps its one size through blocks, however long the reason, up to every
 * free seat blocked, and an unblock. */
START_TEST(test_a_block_is_in_the_file_at_its_one_size)
{
	struct booking_fail f;
	long long seats, day;
	char	 why[101], list[400] = "";
	cJSON	*map;

	publish_attach(db, &conf);
	republish();
	seats = size_of("seats/%lld.json", show);
	day = size_of("shows/%s.json", tomorrow);
	hold("A1");
	memset(why, 'w', 100);
	why[100] = '\0';
	block("C4", why, 0);
	block("C5", "guests", 1);
	same_sizes(seats, day, "two blocks");
	map = load("seats/%lld.json", show);
	ck_assert_str_eq(cJSON_GetObjectItem(seat_of(map, "C4"), "status")->
	    valuestring, "blocked");
	ck_assert_str_eq(cJSON_GetObjectItem(seat_of(map, "C5"), "status")->
	    valuestring, "blocked");
	ck_assert_ptr_null(cJSON_GetObjectItem(seat_of(map, "C5"), "blocked"));
	ck_assert_int_eq(cJSON_GetObjectItem(map, "seats_available")->valueint,
	    97);
	cJSON_Delete(map);
	for (char r = 'D'; r <= 'J'; r++) {	/* a row a request */
		list[0] = '\0';
		for (int n = 1; n <= 10; n++)
			snprintf(list + strlen(list), sizeof(list) -
			    strlen(list), "%s%c%d", list[0] ? "," : "", r, n);
		block(list, why, 1);
	}
	same_sizes(seats, day, "70 more blocks");
	ck_assert_int_eq(seatblock_remove(db, clock_now(&conf), show, "C4", &f),
	    0);
	same_sizes(seats, day, "an unblock");
	map = load("seats/%lld.json", show);
	ck_assert_str_eq(cJSON_GetObjectItem(seat_of(map, "C4"), "status")->
	    valuestring, "available");
	ck_assert_int_eq(cJSON_GetObjectItem(map, "seats_available")->valueint,
	    100 - 1 - 1 - 70);
	cJSON_Delete(map);
	snprintf(list, sizeof(list), "seats/%lld.json", show);
	only_spaces_after(list);
}
END_TEST

/* The padding is part of the file: check compares it with what publish
 * writes, so a file that lost it (and with it its fixed size) is caught,
 * and a hand edit of the same size still is. */
START_TEST(test_compare_catches_a_file_without_its_padding)
{
	struct publish_fail f;
	char	 rel[64], path[600], *text;
	size_t	 n;
	FILE	*out;

	ck_assert_int_eq(publish_window(db, &conf, clock_now(&conf), NULL, &f),
	    0);
	snprintf(rel, sizeof(rel), "seats/%lld.json", show);
	text = slurp(rel);
	n = strlen(text);
	ck_assert_int_eq(text[n - 1], ' ');
	while (n > 0 && text[n - 1] == ' ')
		text[--n] = '\0';
	snprintf(path, sizeof(path), "%s/public/%s", dir, rel);
	ck_assert_ptr_nonnull(out = fopen(path, "w"));
	fputs(text, out);
	fclose(out);
	free(text);
	nbad = 0;
	ck_assert_int_eq(publish_compare(db, &conf, clock_now(&conf), note,
	    NULL, &f), 1);
	ck_assert_str_eq(lastwhy, "differs from the database");
}
END_TEST

Suite *
publish_suite(void)
{
	Suite	*s = suite_create("publish");
	TCase	*tc = tcase_create("files");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_commit_publishes_the_held_seat_before_the_writer_returns);
	tcase_add_test(tc, test_without_attach_nothing_is_written);
	tcase_add_test(tc, test_day_file_is_the_customers_show_list);
	tcase_add_test(tc, test_version_goes_forward_with_every_write);
	tcase_add_test(tc,
	    test_rename_replaces_whole_files_and_failures_leave_nothing);
	tcase_add_test(tc, test_window_publishes_the_days_and_deletes_past_ones);
	tcase_add_test(tc,
	    test_compare_catches_a_hand_edited_file_and_publish_repairs_it);
	tcase_add_test(tc, test_every_version_of_a_path_has_one_size);
	tcase_add_test(tc, test_the_fixed_size_is_the_widest_file_and_no_wider);
	tcase_add_test(tc, test_a_block_is_in_the_file_at_its_one_size);
	tcase_add_test(tc, test_compare_catches_a_file_without_its_padding);
	suite_add_tcase(s, tc);
	return s;
}
