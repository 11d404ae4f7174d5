#!/bin/sh
# Run the browser suites (Debian's headless Chromium driven by playwright-core) against the
# real Apache with the real apache.conf, on a free loopback port over a fresh data directory;
# then stop it and fail on any sanitizer report. Screenshots of failures: screenshots/.
#
#   sh tests/browser/run.sh [FILE.test.mjs ...]     (default: every file)
set -u
. "$(dirname "$0")/../lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "browser tests need node and npm (apt-get install nodejs npm)" >&2; exit 1
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "browser tests need Debian's chromium (apt-get install chromium)" >&2; exit 1
fi
# playwright-core exactly as locked; it downloads no browser (we drive Debian's).
if [ ! -f "$HERE/node_modules/playwright-core/package.json" ] ||
   [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
	(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
fi

rm -rf "$HERE/screenshots"
site_up || exit 1
echo "browser tests: $SKYFOX_URL (data $SKYFOX_DATA)"
# One file at a time: suites move the site's clock (clock_offset) and must not overlap.
# Files named on the command line run alone (sh tests/browser/run.sh tests/browser/ops.test.mjs).
[ $# -gt 0 ] || set -- "$HERE/"
node --test --test-concurrency=1 "$@"
rc=$?
site_down
sanitizer_reports || rc=1
[ $rc -eq 0 ] && rm -rf "$SKYFOX_DATA"
exit $rc
