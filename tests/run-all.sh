#!/bin/sh
# make check: unit, http, browser, load — each against the real parts — and
# a one-second smoke run of every fuzz target (so they never stop building;
# `make fuzz` runs them for longer).  Prints each stage's own summary, then
# one line of totals.
set -u
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)
failed=""
log=$(mktemp /tmp/skyfox-check.XXXXXX)
trap 'rm -f "$log"' EXIT
stage() {
	name=$1; shift
	echo "=== $name ==="
	# The stage's exit status survives the pipe through tee.
	{ "$@" 2>&1; echo $? > "$log.rc"; } | tee -a "$log"
	if [ "$(cat "$log.rc")" = 0 ]; then echo "=== $name: ok ==="; else
		echo "=== $name: FAILED ==="; failed="$failed $name"; fi
	rm -f "$log.rc"
}
stage unit sh "$here/unit/run.sh"
stage http sh "$here/http/run.sh"
[ -f "$here/browser/run.sh" ] && stage browser sh "$here/browser/run.sh"
[ -f "$here/load/run.sh" ] && stage load sh "$here/load/run.sh"
# The release bundle on a bare "shared host" (as root: it makes an account).
[ "${SAN:-}" = 1 ] || stage hosting sh "$here/hosting/run.sh"
stage fuzz env FUZZ_SECONDS=1 FUZZ_OUT="$here/../build/fuzz-smoke" sh "$here/fuzz/run.sh"
checks=$(sed -n 's/^[0-9]*%: Checks: \([0-9]*\).*/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')
node=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | awk '{ n += $1 } END { print n + 0 }')
rounds=$(grep -c '^load: round' "$log")
hosting=$(sed -n 's/^hosting: all \([0-9]*\) checks passed$/\1/p' "$log" | head -1)
fuzz=$(grep -c '^fuzz_[a-z]*: ok' "$log")
# The browser stage's axe-core sweep (axe-sweep.test.mjs) prints "axe sweep: P page views,
# V violations" (as a "# " TAP comment under node --test).
axe=$(sed -n 's/^\(# \)\{0,1\}axe sweep: \([0-9]* page views, [0-9]* violations\).*/\2/p' "$log" | tail -1)
echo "totals: $checks Check tests (unit + http), $node browser tests (axe-core: ${axe:-no sweep ran}), $rounds load rounds, ${hosting:-0} hosting checks, $fuzz fuzz targets; make check took $(( $(date +%s) - start ))s"
if [ -n "$failed" ]; then
	# CI shows only the tail of this output: repeat what failed, so the
	# failing test is named there and not only far above.
	echo "what failed:"
	grep -E '^[0-9]+%: Checks: .*(Failures|Errors): [1-9]|LeakSanitizer|^[^ ]+:[0-9]+:[EF]:|SANITIZER REPORT|^not ok |^# fail [1-9]|^FAIL|^load: .*FAIL|^hosting: .*FAIL| FAILED|runtime error:' "$log" \
	    | head -40 | sed 's/^/  /'
	echo "FAILED:$failed"
	exit 1
fi
echo "all test stages passed"
