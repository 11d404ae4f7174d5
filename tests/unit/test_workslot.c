/* workslot: n slots per kind, held with flock; the n+1th waiter gets BUSY
 * after its wait; a slot comes back on release and when its holder is
 * killed with SIGKILL; no base means unbounded. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "clock.h"
#include "unit.h"
#include "workslot.h"

START_TEST(test_n_held_then_the_next_waits_and_is_busy)
{
	char	*dir = unit_tmpdir(), base[600];
	struct workslot s[3], x;
	long long t0;

	snprintf(base, sizeof(base), "%s/db", dir);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(workslot_acquire(base, "image", 3, 0, &s[i]),
		    WORKSLOT_HELD);
	t0 = clock_mono_us();
	ck_assert_int_eq(workslot_acquire(base, "image", 3, 150, &x),
	    WORKSLOT_BUSY);
	ck_assert_int_ge(clock_mono_us() - t0, 150000);	/* it did wait */
	ck_assert_int_eq(x.fd, -1);
	/* Another kind has its own slots. */
	ck_assert_int_eq(workslot_acquire(base, "pwhash", 1, 0, &x),
	    WORKSLOT_HELD);
	workslot_release(&x);
	/* A released slot is taken by the next. */
	workslot_release(&s[1]);
	ck_assert_int_eq(workslot_acquire(base, "image", 3, 0, &x),
	    WORKSLOT_HELD);
	workslot_release(&x);
	workslot_release(&s[0]);
	workslot_release(&s[2]);
	workslot_release(&s[2]);		/* twice: harmless */
	unit_rmdir(dir);
}
END_TEST

/* A waiter gets the slot as soon as the holder lets go, within its wait. */
START_TEST(test_waiter_gets_a_slot_freed_during_its_wait)
{
	char	*dir = unit_tmpdir(), base[600];
	struct workslot s, x;
	int	 p[2], st;
	pid_t	 pid;
	char	 c;

	snprintf(base, sizeof(base), "%s/db", dir);
	ck_assert_int_eq(pipe(p), 0);
	if ((pid = fork()) == 0) {
		if (workslot_acquire(base, "image", 1, 0, &s) != WORKSLOT_HELD)
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		usleep(200000);		/* hold the slot a moment, then exit */
		workslot_release(&s);
		_exit(0);
	}
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(workslot_acquire(base, "image", 1, 5000, &x),
	    WORKSLOT_HELD);
	workslot_release(&x);
	waitpid(pid, &st, 0);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(p[0]);
	close(p[1]);
	unit_rmdir(dir);
}
END_TEST

START_TEST(test_kill_9_of_a_holder_frees_its_slot)
{
	char	*dir = unit_tmpdir(), base[600];
	struct workslot s, x;
	int	 p[2], st;
	pid_t	 pid;
	char	 c;

	snprintf(base, sizeof(base), "%s/db", dir);
	ck_assert_int_eq(pipe(p), 0);
	if ((pid = fork()) == 0) {
		if (workslot_acquire(base, "pwhash", 1, 0, &s) != WORKSLOT_HELD)
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(workslot_acquire(base, "pwhash", 1, 50, &x),
	    WORKSLOT_BUSY);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	ck_assert(WIFSIGNALED(st));
	ck_assert_int_eq(workslot_acquire(base, "pwhash", 1, 0, &x),
	    WORKSLOT_HELD);
	workslot_release(&x);
	close(p[0]);
	close(p[1]);
	unit_rmdir(dir);
}
END_TEST

START_TEST(test_no_base_is_unbounded)
{
	struct conf c;
	struct workslot x;
	char	 why[128];

	ck_assert_int_eq(workslot_acquire(NULL, "image", 2, 0, &x),
	    WORKSLOT_UNBOUNDED);
	ck_assert_int_eq(x.fd, -1);
	workslot_release(&x);
	ck_assert_int_eq(conf_parse(&c, "data_dir = /tmp\ndb_path = :memory:\n",
	    why, sizeof(why)), 0);
	ck_assert_ptr_null(workslot_base(&c));
	ck_assert_int_eq(conf_parse(&c, "data_dir = /tmp\n", why, sizeof(why)),
	    0);
	ck_assert_ptr_null(workslot_base(&c));	/* relative default */
	ck_assert_int_eq(conf_parse(&c, "data_dir = /tmp\n"
	    "db_path = /var/lib/skyfox/skyfox.db\n", why, sizeof(why)), 0);
	ck_assert_str_eq(workslot_base(&c), "/var/lib/skyfox/skyfox.db");
	/* A directory that does not exist: logged, and unbounded. */
	ck_assert_int_eq(workslot_acquire("/nonexistent/dir/db", "image", 2, 0,
	    &x), WORKSLOT_UNBOUNDED);
}
END_TEST

Suite *
workslot_suite(void)
{
	Suite	*s = suite_create("workslot");
	TCase	*t = tcase_create("workslot");

	tcase_add_test(t, test_n_held_then_the_next_waits_and_is_busy);
	tcase_add_test(t, test_waiter_gets_a_slot_freed_during_its_wait);
	tcase_add_test(t, test_kill_9_of_a_holder_frees_its_slot);
	tcase_add_test(t, test_no_base_is_unbounded);
	suite_add_tcase(s, t);
	return s;
}
