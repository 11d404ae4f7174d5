#!/bin/sh
# Load-correctness tests (DESIGN §11): many client processes racing for the
# same seats over the real Apache with the real apache.conf, on a free
# loopback port over a fresh data directory; one round kills CGIs mid-flight,
# the last floods the site with stalled request bodies (`run.sh stall`: only
# that one; `run.sh bursts`: only the limit bursts).
# Then stop the site and fail on any sanitizer report.
set -u
. "$(dirname "$0")/../lib.sh"
site_up || exit 1
echo "load tests: $SKYFOX_URL (data $SKYFOX_DATA)"
"$SKYFOX_ROOT/build/load-tests" "$@"
rc=$?
site_down
sanitizer_reports || rc=1
[ $rc -eq 0 ] && rm -rf "$SKYFOX_DATA"
exit $rc
