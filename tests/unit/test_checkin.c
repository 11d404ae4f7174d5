/* Check-in at the door, on a real (temporary) database: the window's edges,
 * the three answer lists, idempotence, and two staff scanning one ticket at
 * the same instant. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>

#include "checkin.h"
#include "db.h"
#include "ticket_fixture.h"
#include "ticketcode.h"

#define STARTS	1795629600LL	/* 2026-11-25 23:30 in Asia/Kolkata */
#define ENDS	(STARTS + 3 * 3600)
#define OPENS	(STARTS - 60 * 60)

static struct tf f;
static unsigned char pk[KEYS_SIGN_PUBLIC_LEN], sk[KEYS_SIGN_SECRET_LEN];

static void
setup(void)
{
	tf_open(&f);
	ck_assert_int_ge(sodium_init(), 0);
	crypto_sign_keypair(pk, sk);
}

static void
teardown(void)
{
	tf_close(&f);
}

static struct checkin_opts
at(long long now, long long staff)
{
	struct checkin_opts o = { now, staff, 60, 0 };

	return o;
}

/* Check in one booking by id at now; the item comes back. */
static struct checkin_item
by_id(long long id, long long now)
{
	struct checkin_item it;
	struct checkin_opts o = at(now, f.staff);
	char	 in[32];

	snprintf(in, sizeof(in), "%lld", id);
	checkin_item_id(&it, id, in);
	ck_assert_int_eq(checkin_apply(f.db, &o, &it, 1), SQLITE_OK);
	return it;
}

static void
code_of(long long id, char code[TICKETCODE_MAX])
{
	ck_assert_int_eq(ticketcode_make(sk, id, code), 0);
}

START_TEST(test_window_edges)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long a = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed", NULL);
	long long b = tf_booking(&f, show, f.customer, NULL, "A2", "confirmed", NULL);
	long long c = tf_booking(&f, show, 0, "Walk In", "A3", "confirmed", NULL);
	struct checkin_item it;

	/* One second before the window opens: refused, and says when. */
	it = by_id(a, OPENS - 1);
	ck_assert_int_eq(it.outcome, CHECKIN_INVALID);
	ck_assert_str_eq(it.reason, "CHECKIN_WINDOW_CLOSED");
	ck_assert_ptr_nonnull(strstr(it.message, "22:30"));
	ck_assert_ptr_nonnull(strstr(it.message, "02:30"));
	ck_assert_ptr_nonnull(strstr(it.message, "not open yet"));
	/* The pages' style: "Sat, 5 Dec 2026, 22:30" (a comma before the
	 * time, like cinemaWhen). */
	ck_assert_msg(strstr(it.message, "Wed, 25 Nov 2026, 22:30") != NULL,
	    "%s", it.message);
	ck_assert_int_eq(it.opens_at, OPENS);
	ck_assert_int_eq(it.closes_at, ENDS);
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM checkins"), 0);
	/* The instant it opens: in. */
	it = by_id(a, OPENS);
	ck_assert_int_eq(it.outcome, CHECKIN_DONE);
	ck_assert_int_eq(it.checked_in_at, OPENS);
	/* The last second of the show: in. */
	it = by_id(b, ENDS - 1);
	ck_assert_int_eq(it.outcome, CHECKIN_DONE);
	/* The show has ended: refused. */
	it = by_id(c, ENDS);
	ck_assert_int_eq(it.outcome, CHECKIN_INVALID);
	ck_assert_str_eq(it.reason, "CHECKIN_WINDOW_CLOSED");
	ck_assert_ptr_nonnull(strstr(it.message, "ended"));
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM checkins"), 2);
}
END_TEST

START_TEST(test_window_follows_opens_minutes)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long a = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed", NULL);
	struct checkin_opts o = at(STARTS - 90 * 60, f.staff);
	struct checkin_item it;

	checkin_item_id(&it, a, "a");
	ck_assert_int_eq(checkin_apply(f.db, &o, &it, 1), SQLITE_OK);
	ck_assert_int_eq(it.outcome, CHECKIN_INVALID);
	o.opens_minutes = 120;
	checkin_item_id(&it, a, "a");
	ck_assert_int_eq(checkin_apply(f.db, &o, &it, 1), SQLITE_OK);
	ck_assert_int_eq(it.outcome, CHECKIN_DONE);
}
END_TEST

START_TEST(test_checkin_marks_booking_and_is_idempotent)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long a = tf_booking(&f, show, f.customer, NULL, "A1,A2", "confirmed",
	    NULL);
	struct checkin_item it;
	struct checkin_opts o;
	char	 code[TICKETCODE_MAX], sql[128];

	code_of(a, code);
	o = at(STARTS - 600, f.staff);
	checkin_item_code(&it, pk, code);
	ck_assert_ptr_null(it.reason);
	ck_assert_int_eq(checkin_apply(f.db, &o, &it, 1), SQLITE_OK);
	ck_assert_int_eq(it.outcome, CHECKIN_DONE);
	ck_assert_str_eq(it.t.customer, "Cara Customer");
	ck_assert_int_eq(it.t.nseats, 2);
	ck_assert_str_eq(it.t.status, "checked_in");
	snprintf(sql, sizeof(sql), "SELECT status = 'checked_in' FROM bookings "
	    "WHERE id = %lld", a);
	ck_assert_int_eq(tf_int(&f, sql), 1);
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM checkins WHERE "
	    "method = 'code'"), 1);

	/* Later, another staff member scans it again: already done, with the
	 * first time and who did it; nothing changes. */
	o = at(STARTS - 60, f.staff2);
	checkin_item_code(&it, pk, code);
	ck_assert_int_eq(checkin_apply(f.db, &o, &it, 1), SQLITE_OK);
	ck_assert_int_eq(it.outcome, CHECKIN_ALREADY);
	ck_assert_int_eq(it.checked_in_at, STARTS - 600);
	ck_assert_str_eq(it.checked_in_by, "sam");
	/* Even after the show, the answer is "already", not "closed". */
	it = by_id(a, ENDS + 3600);
	ck_assert_int_eq(it.outcome, CHECKIN_ALREADY);
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM checkins"), 1);
}
END_TEST

START_TEST(test_batch_sorts_into_three_lists)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long other = tf_show(&f, "Elsewhere", STARTS, ENDS);
	long long ok1 = tf_booking(&f, show, f.customer, NULL, "A1", "confirmed", NULL);
	long long ok2 = tf_booking(&f, show, 0, "Walk In", "A2", "confirmed", NULL);
	long long done = tf_booking(&f, show, f.customer2, NULL, "A3", "confirmed", NULL);
	long long pend = tf_booking(&f, show, f.customer, NULL, "A4", "pending", NULL);
	long long canc = tf_booking(&f, show, f.customer, NULL, "A5", "cancelled", NULL);
	long long expd = tf_booking(&f, show, f.customer, NULL, "A6", "expired", NULL);
	long long away = tf_booking(&f, other, f.customer, NULL, "A1", "confirmed", NULL);
	struct checkin_item it[12];
	struct checkin_opts o = at(STARTS - 60, f.staff);
	char	 c1[TICKETCODE_MAX], forged[TICKETCODE_MAX], cdone[TICKETCODE_MAX];
	int	 n = 0, lists[3] = { 0, 0, 0 };

	ck_assert_int_eq(by_id(done, STARTS - 3000).outcome, CHECKIN_DONE);
	code_of(ok1, c1);
	code_of(done, cdone);
	snprintf(forged, sizeof(forged), "%s", c1);
	forged[20] = forged[20] == 'x' ? 'y' : 'x';
	o.show_id = show;

	checkin_item_code(&it[n++], pk, c1);			/* 0 in */
	checkin_item_id(&it[n++], ok2, "ok2");			/* 1 in */
	checkin_item_code(&it[n++], pk, cdone);			/* 2 already */
	checkin_item_code(&it[n++], pk, forged);		/* 3 bad_signature */
	checkin_item_code(&it[n++], pk, "hello");		/* 4 malformed */
	checkin_item_id(&it[n++], pend, "pend");		/* 5 not_confirmed */
	checkin_item_id(&it[n++], canc, "canc");		/* 6 not_confirmed */
	checkin_item_id(&it[n++], expd, "expd");		/* 7 not_confirmed */
	checkin_item_id(&it[n++], 987654, "987654");		/* 8 unknown */
	checkin_item_id(&it[n++], away, "away");		/* 9 wrong_show */
	checkin_item_code(&it[n++], pk, c1);			/* 10 already (dup) */
	checkin_item_id(&it[n++], 0, "x");			/* 11 malformed */
	ck_assert_int_eq(checkin_apply(f.db, &o, it, n), SQLITE_OK);

	ck_assert_int_eq(it[0].outcome, CHECKIN_DONE);
	ck_assert_int_eq(it[1].outcome, CHECKIN_DONE);
	ck_assert_str_eq(it[1].t.customer, "Walk In");
	ck_assert_int_eq(it[2].outcome, CHECKIN_ALREADY);
	ck_assert_int_eq(it[2].checked_in_at, STARTS - 3000);
	ck_assert_str_eq(it[3].reason, "bad_signature");
	ck_assert_int_eq(it[3].booking_id, 0);
	ck_assert_str_eq(it[4].reason, "malformed");
	ck_assert_str_eq(it[5].reason, "not_confirmed");
	ck_assert_ptr_nonnull(strstr(it[5].message, "pending"));
	ck_assert_str_eq(it[6].reason, "not_confirmed");
	ck_assert_ptr_nonnull(strstr(it[6].message, "cancelled"));
	ck_assert_str_eq(it[7].reason, "not_confirmed");
	ck_assert_str_eq(it[8].reason, "unknown_booking");
	ck_assert_str_eq(it[9].reason, "wrong_show");
	ck_assert_ptr_nonnull(strstr(it[9].message, "Elsewhere"));
	ck_assert_int_eq(it[10].outcome, CHECKIN_ALREADY);
	ck_assert_int_eq(it[10].checked_in_at, STARTS - 60);
	ck_assert_str_eq(it[11].reason, "malformed");
	for (int i = 0; i < n; i++)
		lists[it[i].outcome]++;
	ck_assert_int_eq(lists[CHECKIN_DONE], 2);
	ck_assert_int_eq(lists[CHECKIN_ALREADY], 2);
	ck_assert_int_eq(lists[CHECKIN_INVALID], 8);
	/* The input is echoed for the invalid ones. */
	ck_assert_str_eq(it[4].input, "hello");
	ck_assert_str_eq(it[8].input, "987654");
	/* Only the three valid tickets are in; the other show's is untouched. */
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM checkins"), 3);
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM bookings WHERE "
	    "status = 'checked_in'"), 3);
}
END_TEST

/* Two processes (two staff at two doors) check in the same booking at the
 * same moment: exactly one gets "checked in", the other "already". */
START_TEST(test_two_staff_at_once_make_one_checkin)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long ids[20];
	int	 pipes[2][2], done[2] = { 0, 0 }, already[2] = { 0, 0 };
	pid_t	 kid[2];

	for (int i = 0; i < 10; i++) {
		char seat[8];

		snprintf(seat, sizeof(seat), "A%d", i + 1);
		ids[i] = tf_booking(&f, show, f.customer, NULL, seat, "confirmed",
		    NULL);
	}
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(pipe(pipes[k]), 0);
		if ((kid[k] = fork()) == 0) {
			sqlite3	*db;
			struct checkin_opts o = at(STARTS, k ? f.staff2 : f.staff);
			char	 res[10];

			close(pipes[k][0]);
			if (db_open(f.path, &db) != SQLITE_OK)
				_exit(2);
			/* One ticket at a time, as a door scanner sends them. */
			for (int i = 0; i < 10; i++) {
				struct checkin_item it;

				checkin_item_id(&it, ids[i], "id");
				if (checkin_apply(db, &o, &it, 1) != SQLITE_OK)
					_exit(3);
				res[i] = it.outcome == CHECKIN_DONE ? 'D' :
				    it.outcome == CHECKIN_ALREADY ? 'A' : 'I';
			}
			if (write(pipes[k][1], res, sizeof(res)) != sizeof(res))
				_exit(4);
			db_close(db);
			_exit(0);
		}
		close(pipes[k][1]);
	}
	for (int k = 0; k < 2; k++) {
		char	 res[10];
		int	 status;

		ck_assert_int_eq(read(pipes[k][0], res, sizeof(res)), sizeof(res));
		ck_assert_int_eq(waitpid(kid[k], &status, 0), kid[k]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		for (int i = 0; i < 10; i++) {
			ck_assert_msg(res[i] != 'I', "ticket %d refused", i);
			done[k] += res[i] == 'D';
			already[k] += res[i] == 'A';
		}
	}
	ck_assert_int_eq(done[0] + done[1], 10);
	ck_assert_int_eq(already[0] + already[1], 10);
	ck_assert_int_eq(tf_int(&f, "SELECT count(*) FROM checkins"), 10);
}
END_TEST

START_TEST(test_show_list_and_counts)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long a = tf_booking(&f, show, f.customer, NULL, "A3,A1", "confirmed", NULL);
	long long b = tf_booking(&f, show, 0, "Walk In", "A5,A6,A7", "confirmed", NULL);
	struct checkin_show s, *day;
	int	 found, n;

	tf_booking(&f, show, f.customer2, NULL, "A9", "pending", NULL);
	tf_booking(&f, show, f.customer2, NULL, "A10", "cancelled", NULL);
	ck_assert_int_eq(by_id(b, STARTS - 100).outcome, CHECKIN_DONE);

	ck_assert_int_eq(checkin_show_load(f.db, show, 60, 1, &s, &found), SQLITE_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_str_eq(s.title, "Up");
	ck_assert_int_eq(s.opens_at, OPENS);
	ck_assert_int_eq(s.closes_at, ENDS);
	ck_assert_int_eq(s.bookings, 2);	/* tickets only: no hold, no cancel */
	ck_assert_int_eq(s.checked_in, 1);
	ck_assert_int_eq(s.seats, 5);
	ck_assert_int_eq(s.seats_in, 3);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.e[0].booking_id, a);
	ck_assert_str_eq(s.e[0].seats, "A1,A3");
	ck_assert_str_eq(s.e[0].name, "Cara Customer");
	ck_assert_int_eq(s.e[0].checked_in_at, 0);
	ck_assert_int_eq(s.e[1].booking_id, b);
	ck_assert_str_eq(s.e[1].seats, "A5,A6,A7");
	ck_assert_int_eq(s.e[1].walkin, 1);
	ck_assert_int_eq(s.e[1].checked_in_at, STARTS - 100);
	ck_assert_str_eq(s.e[1].checked_in_by, "sam");
	checkin_show_free(&s);

	ck_assert_int_eq(checkin_show_load(f.db, 999999, 60, 1, &s, &found), SQLITE_OK);
	ck_assert_int_eq(found, 0);
	checkin_show_free(&s);

	ck_assert_int_eq(checkin_day_load(f.db, "2026-11-25", 60, &day, &n), SQLITE_OK);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(day[0].show_id, show);
	ck_assert_int_eq(day[0].checked_in, 1);
	ck_assert_int_eq(day[0].bookings, 2);
	free(day);
	ck_assert_int_eq(checkin_day_load(f.db, "2026-11-26", 60, &day, &n), SQLITE_OK);
	ck_assert_int_eq(n, 0);
	free(day);
}
END_TEST

/* The body of a POST: lists only, 1..CHECKIN_MAX_BATCH items, codes
 * trimmed of what a scanner adds and checked before any database work. */
START_TEST(test_parse_takes_lists_and_trims_codes)
{
	static struct checkin_item items[CHECKIN_MAX_BATCH];
	char	 code[TICKETCODE_MAX], body[512];
	struct err e;
	cJSON	*b;
	int	 n;

	code_of(42, code);
	snprintf(body, sizeof(body), "{\"codes\":[\"  %s\\n\", 7, \"SKYFOX1.1.x\"],"
	    "\"booking_ids\":[12, \"abc\"]}", code);
	ck_assert_ptr_nonnull(b = cJSON_Parse(body));
	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(checkin_parse(b, pk, items, &n, &e), CHECKIN_PARSE_OK);
	ck_assert_int_eq(e.nfields, 0);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(items[0].booking_id, 42);
	ck_assert_str_eq(items[0].input, code);
	ck_assert_ptr_null(items[0].reason);
	ck_assert_int_eq(items[1].outcome, CHECKIN_INVALID);	/* not a string */
	ck_assert_int_eq(items[2].outcome, CHECKIN_INVALID);
	ck_assert_int_eq(items[3].booking_id, 12);
	ck_assert_str_eq(items[3].method, "booking_id");
	ck_assert_str_eq(items[4].reason, "malformed");
	ck_assert_str_eq(items[4].input, "abc");
	cJSON_Delete(b);

	memset(&e, 0, sizeof(e));
	ck_assert_ptr_nonnull(b = cJSON_Parse("{\"codes\":\"x\"}"));
	ck_assert_int_eq(checkin_parse(b, pk, items, &n, &e),
	    CHECKIN_PARSE_NOTHING);
	ck_assert(err_has_field(&e, "codes"));
	cJSON_Delete(b);

	memset(&e, 0, sizeof(e));
	ck_assert_ptr_nonnull(b = cJSON_Parse("{\"codes\":[]}"));
	ck_assert_int_eq(checkin_parse(b, pk, items, &n, &e),
	    CHECKIN_PARSE_NOTHING);
	cJSON_Delete(b);

	memset(&e, 0, sizeof(e));
	b = cJSON_CreateObject();
	cJSON_AddItemToObject(b, "booking_ids", cJSON_CreateArray());
	for (int i = 0; i <= CHECKIN_MAX_BATCH; i++)
		cJSON_AddItemToArray(cJSON_GetObjectItem(b, "booking_ids"),
		    cJSON_CreateNumber(i + 1));
	ck_assert_int_eq(checkin_parse(b, pk, items, &n, &e),
	    CHECKIN_PARSE_TOO_MANY);
	ck_assert(err_has_field(&e, "booking_ids"));
	cJSON_Delete(b);
}
END_TEST

/* A batch's answer: each item in the list of its outcome, in order. */
START_TEST(test_batch_json_has_three_lists)
{
	long long show = tf_show(&f, "Up", STARTS, ENDS);
	long long a = tf_booking(&f, show, f.customer, NULL, "A1,A2",
	    "confirmed", NULL);
	struct checkin_item items[3];
	struct checkin_opts o = at(STARTS, f.staff);
	cJSON	*d, *x;

	checkin_item_id(&items[0], a, "a");
	checkin_item_id(&items[1], a, "a again");
	checkin_item_id(&items[2], 0, "zero");
	ck_assert_int_eq(checkin_apply(f.db, &o, items, 3), SQLITE_OK);
	d = checkin_batch_json(items, 3);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d,
	    "checked_in")), 1);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d,
	    "already_done")), 1);
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d, "invalid")),
	    1);
	x = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "checked_in"), 0);
	ck_assert_int_eq(cJSON_GetObjectItem(x, "seat_count")->valueint, 2);
	ck_assert_ptr_null(cJSON_GetObjectItem(x, "checked_in_by"));
	x = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "already_done"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(x, "checked_in_by")->valuestring,
	    "sam");
	x = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "invalid"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(x, "input")->valuestring, "zero");
	ck_assert_ptr_null(cJSON_GetObjectItem(x, "booking_id"));
	cJSON_Delete(d);
}
END_TEST

Suite *
checkin_suite(void)
{
	Suite	*s = suite_create("checkin");
	TCase	*t = tcase_create("checkin");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 30);
	tcase_add_test(t, test_window_edges);
	tcase_add_test(t, test_window_follows_opens_minutes);
	tcase_add_test(t, test_checkin_marks_booking_and_is_idempotent);
	tcase_add_test(t, test_batch_sorts_into_three_lists);
	tcase_add_test(t, test_two_staff_at_once_make_one_checkin);
	tcase_add_test(t, test_show_list_and_counts);
	tcase_add_test(t, test_parse_takes_lists_and_trims_codes);
	tcase_add_test(t, test_batch_json_has_three_lists);
	suite_add_tcase(s, t);
	return s;
}
