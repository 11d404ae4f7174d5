# tests/lib.sh — shared by the test runners (sourced, POSIX sh).

# A loopback port nobody listens on (curl exit 7: connection refused).
free_port() {
	while :; do
		p=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ))
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/" 2>/dev/null
		[ $? -eq 7 ] && { echo "$p"; return; }
	done
}

# A fresh data directory that www-data can reach.
fresh_data_dir() {
	d=$(mktemp -d /tmp/skyfox-test.XXXXXX)
	chmod 755 "$d"
	echo "$d"
}

# Start the real Apache with the generated config over a fresh DATA_DIR.
# Sets SKYFOX_URL, SKYFOX_DATA, SKYFOX_CONF, SKYFOX_ROOT, PORT.
# free_port's answer can be taken before Apache binds it (another stage's
# site, a helper process): then a new port and a new data directory (its
# skyfox.conf names the port), up to three times.
site_up() {
	SKYFOX_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
	for try in 1 2 3; do
		PORT=$(free_port)
		SKYFOX_DATA=$(fresh_data_dir)
		SKYFOX_URL="http://127.0.0.1:$PORT"
		SKYFOX_CONF="$SKYFOX_DATA/skyfox.conf"
		export SKYFOX_ROOT PORT SKYFOX_DATA SKYFOX_URL SKYFOX_CONF
		if PORT=$PORT DATA_DIR=$SKYFOX_DATA TEST=1 SAN=${SAN:-} \
		    sh "$SKYFOX_ROOT/tools/site.sh" start >/dev/null; then
			return 0
		fi
		echo "site_up: Apache did not start on port $PORT (try $try)" >&2
		PORT=$PORT DATA_DIR=$SKYFOX_DATA sh "$SKYFOX_ROOT/tools/site.sh" stop
		rm -rf "$SKYFOX_DATA"
	done
	return 1
}

site_down() {
	PORT=$PORT DATA_DIR=$SKYFOX_DATA sh "$SKYFOX_ROOT/tools/site.sh" stop
}

# Sanitizer reports from CGIs (files) or in Apache's error log: fail on any.
sanitizer_reports() {
	found=0
	for f in "$SKYFOX_DATA"/logs/asan.* "$SKYFOX_DATA"/logs/ubsan.*; do
		[ -e "$f" ] || continue
		echo "SANITIZER REPORT: $f" >&2
		head -40 "$f" >&2
		found=1
	done
	if grep -E 'runtime error:|AddressSanitizer|LeakSanitizer' \
	    "$SKYFOX_DATA/logs/error.log" >/dev/null 2>&1; then
		echo "SANITIZER REPORT in $SKYFOX_DATA/logs/error.log" >&2
		grep -E -A5 'runtime error:|AddressSanitizer' "$SKYFOX_DATA/logs/error.log" | head -40 >&2
		found=1
	fi
	return $found
}
