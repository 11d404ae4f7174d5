/* The pure modules of skyfoxctl that the unit suites test.  The unit
 * runner links lib/ (libskyfox.a) only, so these cli/ files are compiled
 * into it here, once (cli/ is on the include path).  archive_gz.c is not:
 * it needs zlib, which only skyfoxctl links; tests/http/test_backup.c
 * covers gzip through the real command. */
#include "archive.c"
#include "rotation.c"
