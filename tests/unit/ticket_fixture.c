/* ticket_fixture — see ticket_fixture.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "migrate.h"
#include "ticket_fixture.h"

static void
exec_ok(sqlite3 *db, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		ck_abort_msg("fixture SQL failed: %s\n%s", msg, sql);
}

static long long
step_id(struct tf *f, sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	ck_assert_msg(rc == SQLITE_DONE, "fixture insert: %s",
	    sqlite3_errmsg(f->db));
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(f->db);
}

void
tf_open(struct tf *f)
{
	char	 why[256];
	int	 from, to;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/skyfox-tickets.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/skyfox.db", f->dir);
	clock_use_zone("Asia/Kolkata");
	ck_assert_int_eq(db_open(f->path, &f->db), SQLITE_OK);
	ck_assert_msg(migrate_apply(f->db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "migrate: %s", why);
	exec_ok(f->db, skyfox_seed_sql);
	f->customer = tf_user(f, "cara", "customer", "Cara Customer");
	f->customer2 = tf_user(f, "otto", "customer", "Otto Other");
	f->staff = tf_user(f, "sam", "staff", "Sam Staff");
	f->staff2 = tf_user(f, "tina", "staff", "Tina Staff");
}

void
tf_close(struct tf *f)
{
	char	 cmd[128];

	db_close(f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", f->dir);
}

long long
tf_user(struct tf *f, const char *username, const char *role, const char *name)
{
	sqlite3_stmt *st;

	ck_assert_int_eq(db_prepare(f->db, "INSERT INTO users (username, name, "
	    "role, password_hash, created_at, updated_at) VALUES (:u, :n, :r, "
	    "'x', 0, 0)", &st), SQLITE_OK);
	db_bind_text(st, ":u", username);
	db_bind_text(st, ":n", name);
	db_bind_text(st, ":r", role);
	return step_id(f, st);
}

long long
tf_show(struct tf *f, const char *title, long long starts, long long ends)
{
	static int n;
	sqlite3_stmt *st;
	long long movie, screen;
	char	 imdb[32], screen_name[32], date[11];

	n++;
	snprintf(imdb, sizeof(imdb), "tt9%06d", n);
	ck_assert_int_eq(db_prepare(f->db, "INSERT INTO movies (imdb_id, title, "
	    "raw_json, fetched_at) VALUES (:imdb, :t, '{}', 0)", &st), SQLITE_OK);
	db_bind_text(st, ":imdb", imdb);
	db_bind_text(st, ":t", title);
	movie = step_id(f, st);

	snprintf(screen_name, sizeof(screen_name), "Test screen %d", n);
	ck_assert_int_eq(db_prepare(f->db, "INSERT INTO screens (name) "
	    "VALUES (:n)", &st), SQLITE_OK);
	db_bind_text(st, ":n", screen_name);
	screen = step_id(f, st);
	ck_assert_int_eq(db_prepare(f->db, "INSERT INTO seats (screen_id, "
	    "row_label, number, label, category_id, grid_row, grid_col) "
	    "SELECT :s, row_label, number, label, category_id, grid_row, grid_col "
	    "FROM seats WHERE screen_id = 1 AND row_label = 'A'", &st), SQLITE_OK);
	db_bind_int(st, ":s", screen);
	step_id(f, st);

	clock_date((time_t)starts, date);
	ck_assert_int_eq(db_prepare(f->db, "INSERT INTO shows (movie_id, "
	    "screen_id, slot_id, date, starts_at, ends_at, price, created_at) "
	    "VALUES (:m, :s, 3, :d, :st, :en, 25000, 0)", &st), SQLITE_OK);
	db_bind_int(st, ":m", movie);
	db_bind_int(st, ":s", screen);
	db_bind_text(st, ":d", date);
	db_bind_int(st, ":st", starts);
	db_bind_int(st, ":en", ends);
	return step_id(f, st);
}

long long
tf_booking(struct tf *f, long long show, long long user,
    const char *walkin_name, const char *seats, const char *status,
    const char *method)
{
	sqlite3_stmt *st;
	long long id, walkin = 0, amount;
	int	 nseats = 1;
	char	 list[128], *save = NULL;

	for (const char *p = seats; *p; p++)
		nseats += *p == ',';
	amount = 25000LL * nseats;
	if (user == 0) {
		ck_assert_int_eq(db_prepare(f->db, "INSERT INTO walkin_customers "
		    "(name, phone, created_at) VALUES (:n, '9000000000', 0)", &st),
		    SQLITE_OK);
		db_bind_text(st, ":n", walkin_name);
		walkin = step_id(f, st);
	}
	ck_assert_int_eq(db_prepare(f->db, "INSERT INTO bookings (show_id, "
	    "user_id, walkin_customer_id, status, amount, seat_count, created_at, "
	    "expires_at) VALUES (:show, :u, :w, 'pending', :amount, :n, "
	    "1790000000, 1790000300)", &st), SQLITE_OK);
	db_bind_int(st, ":show", show);
	if (user)
		db_bind_int(st, ":u", user);
	else
		db_bind_null(st, ":u");
	if (walkin)
		db_bind_int(st, ":w", walkin);
	else
		db_bind_null(st, ":w");
	db_bind_int(st, ":amount", amount);
	db_bind_int(st, ":n", nseats);
	id = step_id(f, st);

	snprintf(list, sizeof(list), "%s", seats);
	for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		ck_assert_int_eq(db_prepare(f->db, "INSERT INTO booking_seats "
		    "(booking_id, show_id, seat_id, price) SELECT :b, :show, "
		    "st.id, 25000 FROM seats st JOIN shows sh ON sh.screen_id = "
		    "st.screen_id WHERE sh.id = :show AND st.label = :label", &st),
		    SQLITE_OK);
		db_bind_int(st, ":b", id);
		db_bind_int(st, ":show", show);
		db_bind_text(st, ":label", s);
		step_id(f, st);
		ck_assert_int_eq(sqlite3_changes(f->db), 1);
	}

	if (strcmp(status, "confirmed") == 0) {
		const char *m = method ? method : user ? "card" : "cash";

		ck_assert_int_eq(db_prepare(f->db, "INSERT INTO payments (purpose, "
		    "booking_id, user_id, method, amount, card_amount, "
		    "wallet_amount, cash_amount, card_brand, card_last4, status, "
		    "created_at) VALUES ('booking', :b, :u, :m, :a, :card, :wallet, "
		    ":cash, :brand, :last4, 'succeeded', 0)", &st), SQLITE_OK);
		db_bind_int(st, ":b", id);
		if (user)
			db_bind_int(st, ":u", user);
		else
			db_bind_null(st, ":u");
		db_bind_text(st, ":m", m);
		db_bind_int(st, ":a", amount);
		db_bind_int(st, ":card", strcmp(m, "card") == 0 ? amount :
		    strcmp(m, "wallet+card") == 0 ? amount - 100 : 0);
		db_bind_int(st, ":wallet", strcmp(m, "wallet") == 0 ? amount :
		    strcmp(m, "wallet+card") == 0 ? 100 : 0);
		db_bind_int(st, ":cash", strcmp(m, "cash") == 0 ? amount : 0);
		db_bind_text(st, ":brand", strstr(m, "card") ? "Visa" : NULL);
		db_bind_text(st, ":last4", strstr(m, "card") ? "1111" : NULL);
		step_id(f, st);
		ck_assert_int_eq(db_prepare(f->db, "UPDATE bookings SET status = "
		    "'confirmed', confirmed_at = 1790000100, expires_at = NULL "
		    "WHERE id = :b", &st), SQLITE_OK);
		db_bind_int(st, ":b", id);
		step_id(f, st);
		ck_assert_int_eq(db_prepare(f->db, "UPDATE booking_seats SET "
		    "hold_expires_at = NULL WHERE booking_id = :b", &st), SQLITE_OK);
	} else if (strcmp(status, "pending") != 0) {
		ck_assert_int_eq(db_prepare(f->db, "UPDATE bookings SET status = "
		    ":s WHERE id = :b", &st), SQLITE_OK);
		db_bind_text(st, ":s", status);
		db_bind_int(st, ":b", id);
		step_id(f, st);
		ck_assert_int_eq(db_prepare(f->db, "UPDATE booking_seats SET "
		    "live = 0 WHERE booking_id = :b", &st), SQLITE_OK);
	} else {
		ck_assert_int_eq(db_prepare(f->db, "UPDATE booking_seats SET "
		    "hold_expires_at = 1790000300 WHERE booking_id = :b", &st),
		    SQLITE_OK);
	}
	/* Each branch prepared its booking_seats update: run it. */
	db_bind_int(st, ":b", id);
	step_id(f, st);
	return id;
}

long long
tf_int(struct tf *f, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	ck_assert_int_eq(db_prepare(f->db, sql, &st), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
