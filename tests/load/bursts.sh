#!/bin/sh
# Only the limit bursts of tests/load (bursts.c), on their own site.
set -u
. "$(dirname "$0")/../lib.sh"
site_up || exit 1
"$SKYFOX_ROOT/build/load-tests" bursts
rc=$?
site_down
sanitizer_reports || rc=1
[ $rc -eq 0 ] && rm -rf "$SKYFOX_DATA"
exit $rc
