/* main — build/load-tests: the pass/fail load rounds (see load.h).  The
 * benchmark (bench/holds.c) has its own program and links only load.c. */
#include <string.h>

#include "load.h"

int
main(int argc, char **argv)
{
	if (load_init() == -1)
		return 2;
	if (argc > 1 && strcmp(argv[1], "bursts") == 0)
		return bursts_main();
	if (argc > 1 && strcmp(argv[1], "stall") == 0)
		return stall_main();
	if (argc > 1 && strcmp(argv[1], "fresh") == 0)
		return fresh_main();
	/* Every round runs, whatever an earlier one found. */
	return race_main() | bursts_main() | stall_main() | fresh_main();
}
