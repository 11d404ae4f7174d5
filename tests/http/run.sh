#!/bin/sh
# Run the HTTP suites against the real Apache with the real apache.conf, on
# a free loopback port over a fresh data directory; then stop it and fail on
# any sanitizer report.
set -u
. "$(dirname "$0")/../lib.sh"
site_up || exit 1
echo "http tests: $SKYFOX_URL (data $SKYFOX_DATA)"
"$SKYFOX_ROOT/build/http-tests"
rc=$?
site_down
sanitizer_reports || rc=1
[ $rc -eq 0 ] && rm -rf "$SKYFOX_DATA"
exit $rc
