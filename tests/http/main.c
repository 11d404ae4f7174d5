/* HTTP test runner, against the real Apache started by run.sh: every "Suite *NAME_suite(void)" in tests/http/test_*.c
 * (the list is generated into build/http_suites.h by the Makefile). */
#include <stdlib.h>
#include <check.h>

#include "client.h"

#define SUITE(name) Suite *name(void);
#include "http_suites.h"
#undef SUITE

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	client_global_init();
	sr = srunner_create(NULL);

#define SUITE(name) srunner_add_suite(sr, name());
#include "http_suites.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
