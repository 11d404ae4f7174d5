/* Online backup and restore with skyfoxctl while the real site runs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

START_TEST(test_backup_then_restore_brings_back_the_old_state)
{
	char	 args[1024], cmd[1400], *n;
	struct hresp *r;

	snprintf(args, sizeof(args), "backup %s/backups/test-backup.db",
	    getenv("SKYFOX_DATA"));
	ck_assert_int_eq(skyfoxctl(args), 0);

	/* A change after the backup … */
	snprintf(cmd, sizeof(cmd), "echo 'Later#2026' | %s/bin/skyfoxctl "
	    "add-user staff laterstaff 'Later Staff' 7 >/dev/null 2>&1",
	    getenv("SKYFOX_ROOT"));
	ck_assert_int_eq(system(cmd), 0);
	n = db_scalar("SELECT count(*) FROM users WHERE username='laterstaff'");
	ck_assert_str_eq(n, "1");
	free(n);

	/* … is gone after restoring it, and the site still answers. */
	snprintf(args, sizeof(args), "restore %s/backups/test-backup.db",
	    getenv("SKYFOX_DATA"));
	ck_assert_int_eq(skyfoxctl(args), 0);
	n = db_scalar("SELECT count(*) FROM users WHERE username='laterstaff'");
	ck_assert_str_eq(n, "0");
	free(n);
	r = api("GET", "/api/health", NULL, NULL);
	ck_assert_int_eq(r->status, 200);
	hresp_free(r);
	ck_assert_int_eq(skyfoxctl("check"), 0);
}
END_TEST

START_TEST(test_restore_refuses_a_file_that_is_not_a_database)
{
	char	 path[1024], args[1100];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/backups/garbage.db",
	    getenv("SKYFOX_DATA"));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("this is not SQLite\n", f);
	fclose(f);
	snprintf(args, sizeof(args), "restore %s", path);
	ck_assert_int_ne(skyfoxctl(args), 0);
	ck_assert_int_eq(skyfoxctl("check"), 0);
}
END_TEST

Suite *
backup_suite(void)
{
	Suite	*s = suite_create("backup");
	TCase	*t = tcase_create("backup");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_backup_then_restore_brings_back_the_old_state);
	tcase_add_test(t, test_restore_refuses_a_file_that_is_not_a_database);
	suite_add_tcase(s, t);
	return s;
}
