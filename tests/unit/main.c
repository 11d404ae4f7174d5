/* Unit test runner: every "Suite *NAME_suite(void)" in tests/unit/test_*.c
 * (the list is generated into build/unit_suites.h by the Makefile). */
#include <stdlib.h>
#include <check.h>

#define SUITE(name) Suite *name(void);
#include "unit_suites.h"
#undef SUITE

int
main(void)
{
	SRunner	*sr = srunner_create(NULL);
	int	 failed;

#define SUITE(name) srunner_add_suite(sr, name());
#include "unit_suites.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
