#!/bin/sh
# deps.sh — install the Debian packages SkyFox needs, only those missing.
# As root: apt-get install them.  Otherwise: print the command and stop.
# Fast and silent when everything is present.
set -eu

PKGS="apache2 libsqlite3-dev sqlite3 libcjson-dev libsodium-dev
libcurl4-openssl-dev libhpdf-dev libqrencode-dev libmagickwand-dev libpng-dev
check pkg-config cron curl ca-certificates fonts-dejavu-core python3-fonttools tzdata
chromium poppler-utils zbar-tools wrk clang jq"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
# Node.js: the machine image may carry its own nodejs (with npm bundled);
# Debian's npm conflicts with it, so install Debian's only where node is absent.
if ! command -v node >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "Missing packages. As root, run:" >&2
		echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
		exit 1
	fi
	echo "Installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# playwright-core for the browser tests (npm; Chromium itself is Debian's).
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -f "$here/tests/browser/package.json" ] &&
    [ ! -d "$here/tests/browser/node_modules/playwright-core" ]; then
	(cd "$here/tests/browser" && npm ci --no-audit --no-fund --silent)
fi
exit 0
