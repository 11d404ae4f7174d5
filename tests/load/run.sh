#!/bin/sh
# Load-correctness tests (DESIGN §11): many client processes racing for the
# same seats over the real Apache with the real apache.conf, on a free
# loopback port over a fresh data directory; one round kills CGIs mid-flight,
# another floods the site with stalled request bodies (`run.sh stall`: only
# that one; `run.sh bursts`: only the limit bursts); the last checks that the
# published seat maps stay fresh under holds and polls (`run.sh fresh`: only
# that one).
# Then stop the site and fail on any sanitizer report.
set -u
. "$(dirname "$0")/../lib.sh"
# Under the sanitizers a CGI costs several times the CPU: on two cores 60
# racing clients queue past the 10 s a writer waits for the database, and
# the site rightly answers 503.  The race checks the same invariants with
# fewer clients there; the slow-body round tests Apache's config, which
# the sanitizers don't change, so it runs in the plain run only.
if [ "${SAN:-}" = 1 ]; then
	export LOAD_CLIENTS=${LOAD_CLIENTS:-24}
	# The freshness round checks an ordering, not a rate: 8 holders and 8
	# pollers for 8 s still interleave writes and polls by the hundred.
	export LOAD_FRESH_SECONDS=${LOAD_FRESH_SECONDS:-8}
	export LOAD_FRESH_HOLDERS=${LOAD_FRESH_HOLDERS:-8}
	export LOAD_FRESH_POLLERS=${LOAD_FRESH_POLLERS:-8}
	export LOAD_SKIP_STALL="sanitizer build; the plain run covers it"
fi
site_up || exit 1
echo "load tests: $SKYFOX_URL (data $SKYFOX_DATA)"
"$SKYFOX_ROOT/build/load-tests" "$@"
rc=$?
site_down
sanitizer_reports || rc=1
[ $rc -eq 0 ] && rm -rf "$SKYFOX_DATA"
exit $rc
