#!/bin/sh
# bench/run.sh — `make bench`: the benchmarks of DESIGN §9, printed as a table.
#
# Starts the real site (tools/site.sh, the real apache.conf) on a free
# loopback port over a fresh test data directory with the demo data, and runs
# Debian's wrk against each endpoint in turn, all in one run so every number
# is comparable with the do-nothing CGI (/_bench/noop) measured beside it.
#
#   BENCH_SECONDS (5)  BENCH_CONNECTIONS (16)  BENCH_THREADS (2)
#   BENCH_ROWS="static noop shows seats seats_304 payments pdf"   rows, in order
#   BENCH_BOOKING=0    skip the booking rows (bench/booking.sh: holds, sweeper)
#   BENCH_INSTR_ROWS   the same for the instruction counts (needs valgrind)
#   KEEP=1             leave the site running afterwards (prints its URL)
#
# Adding a row (the booking, payment and ticket features): write a function
# row_<name> that calls `measure LABEL TARGET_PERCENT URL [wrk options…]` —
# wrk options such as -s script.lua for a POST — and add <name> to ROWS.
# measure() does the rest: a warm-up, the run, the table line, the verdict.
# Optionally an instr_<name> function too (see instructions() below).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/lib.sh"

SECONDS_EACH=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
ROWS=${BENCH_ROWS:-"static noop shows seats seats_304 payments pdf"}

command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }

PORT=$(free_port)
DATA=$(fresh_data_dir)
BASE="http://127.0.0.1:$PORT"
OUT=$(mktemp -d /tmp/skyfox-bench.XXXXXX)
cleanup() {
	if [ "${KEEP:-}" = 1 ]; then
		echo "site left running: $BASE (data $DATA); stop with: PORT=$PORT DATA_DIR=$DATA sh tools/site.sh stop"
	else
		PORT=$PORT DATA_DIR=$DATA sh "$ROOT/tools/site.sh" stop
		rm -rf "$DATA"
	fi
	rm -rf "$OUT"
}
trap cleanup EXIT INT TERM
PORT=$PORT DATA_DIR=$DATA TEST=1 sh "$ROOT/tools/site.sh" start >/dev/null || exit 1

# --- what the rows need: a customer's token, a busy day, a show ----------
json_field() {	# json_field FIELD: the first "FIELD":value of stdin (string or number)
	sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -1
}
TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"username":"customer","password":"Customer#2026"}' \
    "$BASE/api/session" | json_field token)
[ -n "$TOKEN" ] || { echo "bench: cannot log in as the demo customer" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"
TODAY=$(curl -fsS "$BASE/api/health" | json_field time | cut -c1-10)
# Today's list, or tomorrow's when today's shows have all started (late at
# night): a list with shows in it is the realistic load.
DAY=$TODAY
if [ "$(curl -fsS -H "$AUTH" "$BASE/api/shows?date=$DAY" | json_field id)" = "" ]; then
	DAY=$(date -d "$TODAY + 1 day" +%F)
fi
SHOW=$(curl -fsS -H "$AUTH" "$BASE/api/shows?date=$DAY" | json_field id)
[ -n "$SHOW" ] || { echo "bench: no show on $DAY" >&2; exit 1; }
ETAG=$(curl -fsS -D - -o /dev/null -H "$AUTH" "$BASE/api/shows/$SHOW/seats" |
    tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
NSHOWS=$(curl -fsS -H "$AUTH" "$BASE/api/shows?date=$DAY" | grep -o '"seats_available"' | wc -l)

# --- measuring ------------------------------------------------------------
NOOP_RPS=""
# to_ms "1.23ms" | "850.00us" | "1.02s" → milliseconds
to_ms() {
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}

# measure LABEL TARGET_PERCENT URL [wrk options…]   (TARGET "-": no target)
measure() {
	label=$1 target=$2 url=$3
	shift 3
	wrk -t"$THREADS" -c"$CONNS" -d1s "$@" "$url" >/dev/null 2>&1	# warm-up
	wrk -t"$THREADS" -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$@" "$url" \
	    > "$OUT/wrk.txt" 2>&1
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk.txt")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$OUT/wrk.txt")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/wrk.txt")")
	bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$OUT/wrk.txt")
	errs=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$OUT/wrk.txt")
	[ -n "$rps" ] || { echo "bench: wrk failed for $label:" >&2; cat "$OUT/wrk.txt" >&2; return 1; }
	[ "$label" = "do-nothing CGI" ] && NOOP_RPS=$rps
	ratio="-" verdict=""
	if [ -n "$NOOP_RPS" ] && [ "$label" != "do-nothing CGI" ]; then
		ratio=$(awk -v a="$rps" -v b="$NOOP_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')
		if [ "$target" != "-" ]; then
			verdict=$(awk -v a="$rps" -v b="$NOOP_RPS" -v t="$target" -v p99="$p99" \
			    'BEGIN { ok = 100 * a / b >= t && p99 < 100; printf "%s (≥ %d%%, p99 < 100 ms)", ok ? "ok  " : "MISS", t }')
		fi
	fi
	printf '%-34s %10s %9s %9s %7s %6s  %s\n' "$label" "$rps" "$p50" "$p99" \
	    "$ratio" "${bad:-0}/${errs:-0}" "$verdict"
}

# --- the rows ---------------------------------------------------------------
# The payments row's helpers (bench_payments_row); sourcing runs nothing.
. "$ROOT/bench/payments.sh"
row_static()	{ measure "static file (/css/style.css)" - "$BASE/css/style.css"; }
row_noop()	{ measure "do-nothing CGI" - "$BASE/_bench/noop"; }
row_shows()	{ measure "GET /api/shows?date= ($NSHOWS shows)" 75 \
		    "$BASE/api/shows?date=$DAY" -H "$AUTH"; }
row_seats()	{ measure "GET /api/shows/$SHOW/seats (200)" 75 \
		    "$BASE/api/shows/$SHOW/seats" -H "$AUTH"; }
row_seats_304()	{ measure "GET /api/shows/$SHOW/seats (304)" 85 \
		    "$BASE/api/shows/$SHOW/seats" -H "$AUTH" -H "If-None-Match: $ETAG"; }

# POST /api/payments: every request pays another pending booking by card through the
# simulator (bench/payments.sh makes the bookings in SQL first).
row_payments() {
	line=$(bench_payments_row "$BASE" "$DATA" "$SECONDS_EACH" "$CONNS") || return 1
	rps=$(echo "$line" | cut -d'|' -f2)
	[ -n "$rps" ] || { echo "bench: the payments row failed: $line" >&2; return 1; }
	ratio=$(awk -v a="$rps" -v b="${NOOP_RPS:-0}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')
	echo "$line" | awk -F'|' -v r="$ratio" '{ printf "%-34s %10s %9s %9s %7s %6s  %s\n", $1, $2, $3, $4, r, $5 "/0", "(no target)" }'
}

# GET /api/tickets/<id>.pdf: the whole ticket (libharu, libqrencode, the signature) for a
# walk-in sale made here by the demo staff account.
row_pdf() {
	stok=$(curl -fsS -H 'Content-Type: application/json' \
	    -d '{"username":"staff","password":"Staff#2026"}' "$BASE/api/session" | json_field token)
	seat=$(curl -fsS -H "Authorization: Bearer $stok" "$BASE/api/shows/$SHOW/seats" |
	    grep -o '"seat":"[A-Z]*[0-9]*","number":[0-9]*,"grid_col":[0-9]*,"category":"[^"]*","price":[0-9]*,"status":"available"' |
	    tail -1)
	label=$(echo "$seat" | json_field seat) price=$(echo "$seat" | json_field price)
	[ -n "$label" ] || { echo "bench: no free seat on show $SHOW for the ticket row" >&2; return 1; }
	bid=$(curl -fsS -H "Authorization: Bearer $stok" -H 'Content-Type: application/json' \
	    -d "{\"show_id\":$SHOW,\"seats\":[\"$label\"],\"customer_name\":\"Bench Guest\",\"phone\":\"9000000001\",\"amount_paid\":$price}" \
	    "$BASE/api/bookings" | json_field id)
	[ -n "$bid" ] || { echo "bench: the walk-in sale for the ticket row failed" >&2; return 1; }
	measure "GET /api/tickets/<id>.pdf" - "$BASE/api/tickets/$bid.pdf" -H "Authorization: Bearer $stok"
}

echo "SkyFox bench: $BASE, wrk $THREADS threads, $CONNS connections, ${SECONDS_EACH}s a row ($(nproc) cores)"
printf '%-34s %10s %9s %9s %7s %6s  %s\n' "endpoint" "req/s" "p50 ms" "p99 ms" \
    "/noop" "bad" "target"
for r in $ROWS; do
	"row_$r" || exit 1
done
echo "(bad = non-2xx/3xx responses / socket errors; /noop = req/s relative to the do-nothing CGI)"

# Holds racing for one show, the sweeper over 100 000 expired holds, and holds while it
# sweeps: bench/booking.sh on this same site (its own table and verdicts).
if [ "${BENCH_BOOKING:-1}" != 0 ]; then
	echo
	SKYFOX_URL=$BASE SKYFOX_DATA=$DATA sh "$ROOT/bench/booking.sh"
fi

# Instructions per request (callgrind, user space): unlike req/s, these do
# not move with the machine's load, so a change can be judged on a busy box.
# The CGI is run directly with a CGI environment, as the data's owner.
INSTR_ROWS=${BENCH_INSTR_ROWS:-"noop health shows seats seats_304"}
instructions() {	# instructions LABEL BINARY PATH_INFO QUERY [NAME=VALUE…]
	label=$1 bin=$2 path=$3 query=$4
	shift 4
	as=""
	[ "$(id -u)" -eq 0 ] && as="runuser -u www-data --"
	n=$(cd / && $as env -i SKYFOX_CONF="$DATA/skyfox.conf" REQUEST_METHOD=GET \
	    PATH_INFO="$path" QUERY_STRING="$query" HTTP_HOST="127.0.0.1:$PORT" \
	    REMOTE_ADDR=127.0.0.1 SERVER_PROTOCOL=HTTP/1.1 "$@" \
	    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 2>&1 >/dev/null |
	    sed -n 's/.*Collected : //p')
	printf '  %-34s %12s\n' "$label" "${n:-?}"
}
instr_noop()	{ instructions "do-nothing CGI" "$ROOT/bench/noop.cgi" "" ""; }
instr_health()	{ instructions "GET /api/health" "$ROOT/cgi-bin/health.cgi" "" ""; }
instr_shows()	{ instructions "GET /api/shows?date=" "$ROOT/cgi-bin/shows.cgi" "" \
		    "date=$DAY" HTTP_AUTHORIZATION="Bearer $TOKEN"; }
instr_seats()	{ instructions "GET /api/shows/$SHOW/seats (200)" "$ROOT/cgi-bin/shows.cgi" \
		    "/$SHOW/seats" "" HTTP_AUTHORIZATION="Bearer $TOKEN"; }
instr_seats_304() { instructions "GET /api/shows/$SHOW/seats (304)" "$ROOT/cgi-bin/shows.cgi" \
		    "/$SHOW/seats" "" HTTP_AUTHORIZATION="Bearer $TOKEN" HTTP_IF_NONE_MATCH="$ETAG"; }
# The rows above sold seats of $SHOW (the ticket row): the 304 row needs today's ETag.
ETAG=$(curl -fsS -D - -o /dev/null -H "$AUTH" "$BASE/api/shows/$SHOW/seats" |
    tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
if command -v valgrind >/dev/null; then
	echo
	echo "instructions per request (callgrind, user space; load-independent):"
	for r in $INSTR_ROWS; do "instr_$r"; done
fi

echo
echo "shared objects loaded per binary (ldd; fewer = faster start, DESIGN §9):"
for f in "$ROOT"/bench/noop.cgi "$ROOT"/cgi-bin/*.cgi "$ROOT"/cron/*; do
	[ -x "$f" ] && [ -f "$f" ] || continue
	case $f in *.c|*.h|*.example) continue ;; esac
	printf '  %-28s %3d\n' "${f#"$ROOT"/}" "$(ldd "$f" 2>/dev/null | wc -l)"
done
