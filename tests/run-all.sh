#!/bin/sh
# make check: unit, http, browser, load — each against the real parts.
# Prints each stage's own summary, then one line of totals.
set -u
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)
failed=""
run() {
	name=$1; shift
	echo "=== $name ==="
	if "$@"; then echo "=== $name: ok ==="; else echo "=== $name: FAILED ==="; failed="$failed $name"; fi
}
run unit sh "$here/unit/run.sh"
run http sh "$here/http/run.sh"
[ -f "$here/browser/run.sh" ] && run browser sh "$here/browser/run.sh"
[ -f "$here/load/run.sh" ] && run load sh "$here/load/run.sh"
echo "make check took $(( $(date +%s) - start ))s"
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all test stages passed"
