/* ratelimit: sliding windows of one-minute buckets, per key; the limit,
 * the Retry-After, ageing out, clearing, and both keys together. */
#include <check.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "accounts_db.h"
#include "ratelimit.h"
#include "unit.h"

#define T0	1800000000	/* a whole minute */

START_TEST(test_blocks_at_the_limit_not_before)
{
	sqlite3	*db = test_db();
	int	 blocked, wait;

	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(ratelimit_key_hit(db, "k", 900, T0 + i), SQLITE_OK);
	ck_assert_int_eq(ratelimit_key_blocked(db, "k", 5, 900, T0 + 10,
	    &blocked, &wait), SQLITE_OK);
	ck_assert_int_eq(blocked, 0);
	ck_assert_int_eq(ratelimit_key_hit(db, "k", 900, T0 + 20), SQLITE_OK);
	ck_assert_int_eq(ratelimit_key_blocked(db, "k", 5, 900, T0 + 30,
	    &blocked, &wait), SQLITE_OK);
	ck_assert_int_eq(blocked, 1);
	/* All five are in the bucket of T0: free again at T0 + 900. */
	ck_assert_int_eq(wait, 870);
	/* Other keys are not affected. */
	ck_assert_int_eq(ratelimit_key_blocked(db, "other", 5, 900, T0 + 30,
	    &blocked, &wait), SQLITE_OK);
	ck_assert_int_eq(blocked, 0);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_window_slides)
{
	sqlite3	*db = test_db();
	int	 blocked, wait;

	/* 3 failures at T0, 2 at T0 + 5 min: blocked until the first 3 age
	 * out at T0 + 15 min, then 2 remain (under the limit). */
	for (int i = 0; i < 3; i++)
		ratelimit_key_hit(db, "k", 900, T0);
	for (int i = 0; i < 2; i++)
		ratelimit_key_hit(db, "k", 900, T0 + 300);
	ratelimit_key_blocked(db, "k", 5, 900, T0 + 600, &blocked, &wait);
	ck_assert_int_eq(blocked, 1);
	ck_assert_int_eq(wait, 300);
	ratelimit_key_blocked(db, "k", 5, 900, T0 + 899, &blocked, &wait);
	ck_assert_int_eq(blocked, 1);
	ck_assert_int_eq(wait, 1);
	ratelimit_key_blocked(db, "k", 5, 900, T0 + 900, &blocked, &wait);
	ck_assert_int_eq(blocked, 0);
	/* Three more now: 2 + 3 = 5 → blocked until the T0+300 bucket ages
	 * out (then 3 < 5). */
	for (int i = 0; i < 3; i++)
		ratelimit_key_hit(db, "k", 900, T0 + 900);
	ratelimit_key_blocked(db, "k", 5, 900, T0 + 960, &blocked, &wait);
	ck_assert_int_eq(blocked, 1);
	ck_assert_int_eq(wait, T0 + 300 + 900 - (T0 + 960));
	/* Old buckets were deleted when the new failures were counted. */
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(db, "SELECT count(*) FROM rate_limits WHERE "
		    "window_start = :w", -1, &st, NULL);
		sqlite3_bind_int64(st, 1, T0);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}
END_TEST

/* Fail n attempts through the real path: reserve, then keep it. */
static void
fail_n(sqlite3 *db, struct ratelimit *rl, int n, time_t now)
{
	int	 wait;

	for (int i = 0; i < n; i++) {
		ck_assert_int_eq(ratelimit_reserve(db, rl, now, &wait),
		    SQLITE_OK);
		ck_assert_int_eq(wait, 0);
	}
}

START_TEST(test_account_and_address_together)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct ratelimit a, b;
	int	 wait;

	test_conf(&c);
	ratelimit_init(&a, &c, "login", "Meera", "10.0.0.1");
	ck_assert_str_eq(a.account_key, "login:meera");
	ck_assert_str_eq(a.address_key, "ip:10.0.0.1");
	ck_assert_int_eq(a.account_max, 5);
	ck_assert_int_eq(a.address_max, 20);
	ck_assert_int_eq(a.window, 900);
	fail_n(db, &a, 5, T0);
	ck_assert_int_eq(ratelimit_reserve(db, &a, T0 + 1, &wait), SQLITE_OK);
	ck_assert_int_gt(wait, 0);
	/* Another account from the same address: 5 of 20 used, fine. */
	ratelimit_init(&b, &c, "login", "ravi", "10.0.0.1");
	fail_n(db, &b, 5, T0 + 2);
	ratelimit_init(&b, &c, "login", "ravi2", "10.0.0.1");
	fail_n(db, &b, 5, T0 + 2);
	ratelimit_init(&b, &c, "login", "ravi3", "10.0.0.1");
	fail_n(db, &b, 5, T0 + 2);
	/* Now the address is at 20: blocked whatever the account. */
	ratelimit_init(&b, &c, "login", "third", "10.0.0.1");
	ratelimit_reserve(db, &b, T0 + 3, &wait);
	ck_assert_int_gt(wait, 0);
	ratelimit_init(&b, &c, "login", "third", "10.0.0.2");
	ratelimit_reserve(db, &b, T0 + 3, &wait);
	ck_assert_int_eq(wait, 0);
	sqlite3_close(db);
}
END_TEST

/* The reservation is the count: the limit-th reserve is the last to get
 * through, with no separate "failure" step that a burst could outrun.
 * A blocked attempt counts nothing. */
START_TEST(test_reserve_counts_in_the_check)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct ratelimit a;
	int	 wait, blocked;

	test_conf(&c);
	ratelimit_init(&a, &c, "login", "asha", "10.0.0.5");
	fail_n(db, &a, 5, T0);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(ratelimit_reserve(db, &a, T0 + 1, &wait),
		    SQLITE_OK);
		ck_assert_int_eq(wait, T0 + 900 - (T0 + 1));
		ck_assert_int_eq(a.reserved, 0);
	}
	/* The address saw 5, not 15. */
	ratelimit_key_blocked(db, "ip:10.0.0.5", 6, 900, T0 + 1, &blocked,
	    &wait);
	ck_assert_int_eq(blocked, 0);
	ratelimit_key_blocked(db, "ip:10.0.0.5", 5, 900, T0 + 1, &blocked,
	    &wait);
	ck_assert_int_eq(blocked, 1);
	sqlite3_close(db);
}
END_TEST

/* Processes racing on one file database: of 24 reservations at once for
 * one account, exactly the limit (5) get through. */
START_TEST(test_parallel_reservations_get_at_most_the_limit)
{
	char	*dir = unit_tmpdir(), path[600];
	sqlite3	*db;
	struct conf c;
	int	 gate[2], st, through = 0, from, to;
	pid_t	 pid[24];
	char	 why[256];

	snprintf(path, sizeof(path), "%s/rl.db", dir);
	ck_assert_int_eq(db_open(path, &db), SQLITE_OK);
	ck_assert_msg(migrate_apply(db, skyfox_schema_sql, &from, &to, why,
	    sizeof(why)) == 0, "%s", why);
	db_close(db);
	test_conf(&c);
	ck_assert_int_eq(pipe(gate), 0);
	for (int i = 0; i < 24; i++) {
		if ((pid[i] = fork()) == 0) {
			struct ratelimit rl;
			int	 wait;
			char	 ch;

			close(gate[1]);
			if (read(gate[0], &ch, 1) == -1 ||
			    db_open(path, &db) != SQLITE_OK)
				_exit(2);
			ratelimit_init(&rl, &c, "login", "crowd", "10.0.0.6");
			if (ratelimit_reserve(db, &rl, T0, &wait) != SQLITE_OK)
				_exit(3);
			db_close(db);
			_exit(wait == 0 ? 0 : 1);
		}
	}
	close(gate[0]);
	close(gate[1]);
	for (int i = 0; i < 24; i++) {
		waitpid(pid[i], &st, 0);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) <= 1);
		through += WEXITSTATUS(st) == 0;
	}
	ck_assert_int_eq(through, 5);
	unit_rmdir(dir);
}
END_TEST

START_TEST(test_success_clears_only_the_account)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct ratelimit a;
	int	 wait, blocked;

	test_conf(&c);
	ratelimit_init(&a, &c, "login", "meera", "10.0.0.9");
	fail_n(db, &a, 4, T0);
	ck_assert_int_eq(ratelimit_reserve(db, &a, T0, &wait), SQLITE_OK);
	ck_assert_int_eq(wait, 0);
	ck_assert_int_eq(a.account_failures, 4);
	ck_assert_int_eq(ratelimit_succeed(db, &a), SQLITE_OK);
	ck_assert_int_eq(ratelimit_reserve(db, &a, T0, &wait), SQLITE_OK);
	ck_assert_int_eq(a.account_failures, 0);
	ck_assert_int_eq(ratelimit_succeed(db, &a), SQLITE_OK);
	/* The address still counts the 4 failures, not the 2 successes. */
	ratelimit_key_blocked(db, "ip:10.0.0.9", 4, 900, T0, &blocked, &wait);
	ck_assert_int_eq(blocked, 1);
	ratelimit_key_blocked(db, "ip:10.0.0.9", 5, 900, T0, &blocked, &wait);
	ck_assert_int_eq(blocked, 0);
	sqlite3_close(db);
}
END_TEST

/* No verdict (database busy, no hashing slot): the attempt is given back
 * on both keys. */
START_TEST(test_release_gives_the_attempt_back)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct ratelimit a;
	int	 wait;

	test_conf(&c);
	ratelimit_init(&a, &c, "login", "ravi", "10.0.0.10");
	for (int i = 0; i < 20; i++) {
		ck_assert_int_eq(ratelimit_reserve(db, &a, T0, &wait),
		    SQLITE_OK);
		ck_assert_int_eq(wait, 0);
		ck_assert_int_eq(ratelimit_release(db, &a), SQLITE_OK);
	}
	ck_assert_int_eq(a.account_failures, 0);
	sqlite3_close(db);
}
END_TEST

/* Sign-up: every attempt counts, signup_per_hour per address an hour. */
START_TEST(test_signup_limit_per_address_per_hour)
{
	sqlite3	*db = test_db();
	struct conf c;
	struct ratelimit a;
	char	 why[128];
	int	 wait;

	ck_assert_int_eq(conf_parse(&c, "data_dir = /tmp\nsignup_per_hour = 3\n",
	    why, sizeof(why)), 0);
	ratelimit_init_signup(&a, &c, "10.0.0.11");
	ck_assert_str_eq(a.address_key, "signup:10.0.0.11");
	ck_assert_str_eq(a.account_key, "");
	fail_n(db, &a, 3, T0);
	ck_assert_int_eq(ratelimit_reserve(db, &a, T0 + 60, &wait), SQLITE_OK);
	ck_assert_int_eq(wait, 3600 - 60);
	ck_assert_int_eq(ratelimit_reserve(db, &a, T0 + 3600, &wait), SQLITE_OK);
	ck_assert_int_eq(wait, 0);
	/* The default is 20. */
	test_conf(&c);
	ratelimit_init_signup(&a, &c, "10.0.0.11");
	ck_assert_int_eq(a.address_max, 20);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_limits_come_from_the_configuration)
{
	struct conf c;
	struct ratelimit a;
	char	 why[128], big[300];

	ck_assert_int_eq(conf_parse(&c, "data_dir = /tmp\n"
	    "ratelimit_account_max = 3\nratelimit_address_max = 7\n"
	    "ratelimit_window = 10\n", why, sizeof(why)), 0);
	ratelimit_init(&a, &c, "answer", NULL, "");
	ck_assert_int_eq(a.account_max, 3);
	ck_assert_int_eq(a.address_max, 7);
	ck_assert_int_eq(a.window, RATELIMIT_BUCKET);	/* at least a bucket */
	ck_assert_str_eq(a.account_key, "");
	ck_assert_str_eq(a.address_key, "");
	/* A huge account name makes a bounded key. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ratelimit_init(&a, &c, "login", big, NULL);
	ck_assert_int_lt(strlen(a.account_key), RATELIMIT_KEY_MAX);
}
END_TEST

Suite *
ratelimit_suite(void)
{
	Suite	*s = suite_create("ratelimit");
	TCase	*t = tcase_create("ratelimit");

	tcase_add_test(t, test_blocks_at_the_limit_not_before);
	tcase_add_test(t, test_window_slides);
	tcase_add_test(t, test_account_and_address_together);
	tcase_add_test(t, test_reserve_counts_in_the_check);
	tcase_add_test(t, test_parallel_reservations_get_at_most_the_limit);
	tcase_add_test(t, test_success_clears_only_the_account);
	tcase_add_test(t, test_release_gives_the_attempt_back);
	tcase_add_test(t, test_signup_limit_per_address_per_hour);
	tcase_add_test(t, test_limits_come_from_the_configuration);
	suite_add_tcase(s, t);
	return s;
}
