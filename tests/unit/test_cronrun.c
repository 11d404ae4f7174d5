/* cronrun: each cron job's last good run, and when health calls it late —
 * at the limits, never ran, a file holding garbage (late, not a crash), a
 * name that is not a job (never a path). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "cronrun.h"
#include "unit.h"

#define T0	1800000000	/* a run's time on the site's clock */

static char	*dir;
static struct conf conf;

static void
setup(void)
{
	char	 text[700], why[256];

	dir = unit_tmpdir();
	snprintf(text, sizeof(text), "data_dir = %s\ndb_path = %s/t.db\n",
	    dir, dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
}

static void
teardown(void)
{
	unit_rmdir(dir);
}

START_TEST(test_cronrun_record_writes_the_time_privately)
{
	char	 path[700], buf[64] = "";
	struct stat st;
	FILE	*f;

	ck_assert_int_eq(cronrun_record(&conf, "sweep-holds", T0), 0);
	snprintf(path, sizeof(path), "%s/cron", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/cron/sweep-holds", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	fclose(f);
	ck_assert_str_eq(buf, "1800000000\n");
	ck_assert_int_eq(cronrun_last(&conf, "sweep-holds"), T0);
	/* A later run replaces it, and leaves no temp file behind. */
	ck_assert_int_eq(cronrun_record(&conf, "sweep-holds", T0 + 60), 0);
	ck_assert_int_eq(cronrun_last(&conf, "sweep-holds"), T0 + 60);
	snprintf(path, sizeof(path), "ls -A '%s/cron' | wc -l", dir);
	f = popen(path, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	pclose(f);
	ck_assert_int_eq(atoi(buf), 1);
}
END_TEST

START_TEST(test_cronrun_minutely_job_is_late_after_five_minutes)
{
	ck_assert_int_eq(cronrun_record(&conf, "sweep-holds", T0), 0);
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0), 0);
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0 + 300), 0);
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0 + 301), 1);
	ck_assert_int_eq(cronrun_record(&conf, "settle-payments", T0), 0);
	ck_assert_int_eq(cronrun_late(&conf, "settle-payments", T0 + 300), 0);
	ck_assert_int_eq(cronrun_late(&conf, "settle-payments", T0 + 301), 1);
	/* The clock moved back (a test, an NTP step): it did run. */
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0 - 3600), 0);
}
END_TEST

START_TEST(test_cronrun_hourly_jobs_are_late_after_two_hours)
{
	const char *hourly[] = { "sweep-avatars", "refresh-movies" };

	for (size_t i = 0; i < 2; i++) {
		ck_assert_int_eq(cronrun_record(&conf, hourly[i], T0), 0);
		ck_assert_int_eq(cronrun_late(&conf, hourly[i], T0 + 7200), 0);
		ck_assert_int_eq(cronrun_late(&conf, hourly[i], T0 + 7201), 1);
	}
	/* The backup runs hourly too (24 hourly + 14 daily archives). */
	ck_assert_int_eq(cronrun_record(&conf, "backup", T0), 0);
	ck_assert_int_eq(cronrun_late(&conf, "backup", T0 + 7200), 0);
	ck_assert_int_eq(cronrun_late(&conf, "backup", T0 + 7201), 1);
}
END_TEST

START_TEST(test_cronrun_every_job_is_known_and_late_until_it_ran)
{
	const char *names[] = { "sweep-holds", "settle-payments",
	    "sweep-avatars", "refresh-movies", "backup" };

	ck_assert_uint_eq(cronrun_njobs, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_ptr_nonnull(cronrun_find(names[i]));
		ck_assert_str_eq(cronrun_jobs[i].name, names[i]);
		ck_assert_int_eq(cronrun_last(&conf, names[i]), 0);
		ck_assert_int_eq(cronrun_late(&conf, names[i], T0), 1);
	}
}
END_TEST

START_TEST(test_cronrun_garbage_file_is_late_not_a_crash)
{
	static const char *bad[] = { "", "\n", "soon\n", "-5\n", "0\n",
	    "12abc\n", "99999999999999999999999999\n", " 1800000000\n",
	    "1800000000 and more\n" };
	char	 path[700], *p;

	ck_assert_int_eq(cronrun_record(&conf, "sweep-holds", T0), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = unit_write_file(dir, "cron/sweep-holds", bad[i],
		    strlen(bad[i]));
		free(p);
		ck_assert_msg(cronrun_last(&conf, "sweep-holds") == 0, "%s",
		    bad[i]);
		ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0), 1);
	}
	/* A directory, or a link, where the file should be: late too. */
	snprintf(path, sizeof(path), "%s/cron/sweep-holds", dir);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(symlink("/etc/hostname", path), 0);
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0), 1);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0), 1);
}
END_TEST

START_TEST(test_cronrun_refuses_names_that_are_not_jobs)
{
	char	 path[700];

	ck_assert_ptr_null(cronrun_find("../skyfox.db"));
	ck_assert_ptr_null(cronrun_find(""));
	ck_assert_int_eq(cronrun_record(&conf, "../maintenance", T0), -1);
	ck_assert_int_eq(cronrun_record(&conf, "sweep-holds/x", T0), -1);
	snprintf(path, sizeof(path), "%s/maintenance", dir);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(cronrun_late(&conf, "no-such-job", T0), 1);
}
END_TEST

START_TEST(test_cronrun_record_fails_cleanly_without_a_data_dir)
{
	char	 text[700], why[256];

	snprintf(text, sizeof(text), "data_dir = %s/missing/deeper\n"
	    "db_path = %s/t.db\n", dir, dir);
	ck_assert_int_eq(conf_parse(&conf, text, why, sizeof(why)), 0);
	ck_assert_int_eq(cronrun_record(&conf, "sweep-holds", T0), -1);
	ck_assert_int_eq(cronrun_late(&conf, "sweep-holds", T0), 1);
}
END_TEST

Suite *
cronrun_suite(void)
{
	Suite	*s = suite_create("cronrun");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cronrun_record_writes_the_time_privately);
	tcase_add_test(tc, test_cronrun_minutely_job_is_late_after_five_minutes);
	tcase_add_test(tc, test_cronrun_hourly_jobs_are_late_after_two_hours);
	tcase_add_test(tc, test_cronrun_every_job_is_known_and_late_until_it_ran);
	tcase_add_test(tc, test_cronrun_garbage_file_is_late_not_a_crash);
	tcase_add_test(tc, test_cronrun_refuses_names_that_are_not_jobs);
	tcase_add_test(tc, test_cronrun_record_fails_cleanly_without_a_data_dir);
	suite_add_tcase(s, tc);
	return s;
}
