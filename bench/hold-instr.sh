#!/bin/sh
# bench/hold-instr.sh — instructions of one customer hold (POST /api/bookings of two
# seats), counted by callgrind: load-independent, so two trees compare exactly.
#
#   sh bench/hold-instr.sh [TREE]      (default: this tree; build it first: make all)
#
# Starts TREE's site on a free loopback port over a fresh TEST=1 demo data
# directory, runs three holds on a show two days ahead under valgrind as the
# CGIs' user, prints each count and where the callgrind files are
# (callgrind_annotate --inclusive=yes FILE shows where the instructions go),
# and stops the site.  8.3 M at b5c32c2 (before issue 15), 12.7 M at
# 8ed0257 (issue 15's features), 7.8 M once the files were rendered once.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/lib.sh"
T=$(cd "${1:-$ROOT}" && pwd)
command -v valgrind >/dev/null || { echo "hold-instr: needs valgrind" >&2; exit 1; }
PORT=$(free_port)
D=$(fresh_data_dir)
(cd "$T" && PORT=$PORT DATA_DIR=$D TEST=1 sh tools/site.sh start >/dev/null 2>&1) ||
	{ echo "hold-instr: the site did not start" >&2; exit 1; }
B=http://127.0.0.1:$PORT
TOK=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"username":"customer","password":"Customer#2026"}' "$B/api/session" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
DAY=$(curl -fsS "$B/api/health" | sed -n 's/.*"time":"\([0-9-]\{10\}\).*/\1/p')
SHOW=$(curl -fsS "$B/api/shows?date=$(date -d "$DAY + 2 day" +%F)" |
    sed -n 's/^{"data":\[{"id":\([0-9]*\).*/\1/p')
as=""
[ "$(id -u)" -eq 0 ] && as="runuser -u www-data --"
for seats in '"E5","E6"' '"E7","E8"' '"G5","G6"'; do
	body="{\"show_id\":$SHOW,\"seats\":[$seats]}"
	out="$D/hold.$(echo "$seats" | tr -dc 'A-Z0-9').callgrind"
	n=$(printf '%s' "$body" | (cd / && $as env -i SKYFOX_CONF="$D/skyfox.conf" \
	    REQUEST_METHOD=POST CONTENT_TYPE=application/json \
	    CONTENT_LENGTH=${#body} HTTP_AUTHORIZATION="Bearer $TOK" PATH_INFO= \
	    QUERY_STRING= HTTP_HOST="127.0.0.1:$PORT" REMOTE_ADDR=127.0.0.1 \
	    SERVER_PROTOCOL=HTTP/1.1 valgrind --tool=callgrind \
	    --callgrind-out-file="$out" "$T/cgi-bin/bookings.cgi" 2>&1 >/dev/null) |
	    sed -n 's/.*Collected : //p')
	printf 'hold of %s on show %s: %s instructions\n' "$seats" "$SHOW" "${n:-?}"
done
echo "callgrind files: $D/hold.*.callgrind"
(cd "$T" && PORT=$PORT DATA_DIR=$D sh tools/site.sh stop >/dev/null 2>&1)
