/* privs: tools started as root become the data directory's owner before
 * touching it, so WAL files are never root-owned.  (Check runs each test
 * in its own child, so the identity change stays there.) */
#include <check.h>
#include <stdlib.h>
#include <unistd.h>

#include "privs.h"
#include "unit.h"

START_TEST(test_privs_become_owner_of_data_dir)
{
	char	*dir = unit_tmpdir();

	if (geteuid() != 0) {
		/* Not root: nothing to drop, nothing changes. */
		uid_t	 u = geteuid();

		ck_assert_int_eq(privs_become_owner_of(dir), 0);
		ck_assert_int_eq(geteuid(), u);
		unit_rmdir(dir);
		return;
	}
	ck_assert_int_eq(chown(dir, 65534, 65534), 0);
	ck_assert_int_eq(privs_become_owner_of(dir), 0);
	ck_assert_int_eq(geteuid(), 65534);
	ck_assert_int_eq(getegid(), 65534);
	/* And there is no way back. */
	ck_assert_int_eq(setuid(0), -1);
	unit_rmdir(dir);
}
END_TEST

START_TEST(test_privs_stay_root_for_root_owned_or_missing_path)
{
	uid_t	 u = geteuid();

	ck_assert_int_eq(privs_become_owner_of("/nonexistent/skyfox"), 0);
	ck_assert_int_eq(geteuid(), u);
	if (u == 0) {
		ck_assert_int_eq(privs_become_owner_of("/"), 0);
		ck_assert_int_eq(geteuid(), 0);
	}
}
END_TEST

Suite *
privs_suite(void)
{
	Suite	*s = suite_create("privs");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_privs_become_owner_of_data_dir);
	tcase_add_test(tc, test_privs_stay_root_for_root_owned_or_missing_path);
	suite_add_tcase(s, tc);
	return s;
}
