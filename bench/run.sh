#!/bin/sh
# bench/run.sh — `make bench`: the benchmarks of DESIGN §9, printed as a table.
#
# Starts the real site (tools/site.sh, the real apache.conf) on a free
# loopback port over a fresh test data directory with the demo data, and runs
# Debian's wrk against each endpoint in turn, all in one run so every number
# is comparable with the do-nothing CGI (/_bench/noop) measured beside it.
#
#   BENCH_SECONDS (5)  BENCH_CONNECTIONS (16)  BENCH_THREADS (2)
#   BENCH_ROWS="static noop shows live_shows seats seats_304 live_seats
#               live_seats_304 payments pdf"   rows, in order
#   BENCH_BOOKING=0    skip the booking rows (bench/booking.sh: holds, sweeper)
#   BENCH_INSTR_ROWS   the same for the instruction counts (needs valgrind)
#   KEEP=1             leave the site running afterwards (prints its URL)
#
# The /live/ rows are the published files of DESIGN §12 (Apache, no CGI),
# each beside the API row it replaces so the gain shows in one table: the
# seat map 200 and 304 (If-None-Match with the ETag Apache itself sent) and
# the day's show list.  Every row prints its req/s as a multiple of the
# do-nothing CGI's (×noop) and a share of the static file's (%static).
#
# Adding a row (the booking, payment and ticket features): write a function
# row_<name> that calls `measure LABEL TARGET URL [wrk options…]` — wrk
# options such as -s script.lua for a POST — and add <name> to ROWS.  TARGET
# is "-" or clauses joined by commas (see measure()): "noop=75%,p99=100"
# for a CGI, "noop=8x,static=50%,p99=10" for a published file.  measure()
# does the rest: a warm-up, the run, the table line, the verdict.
# Optionally an instr_<name> function too (see instructions() below).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/lib.sh"

SECONDS_EACH=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
ROWS=${BENCH_ROWS:-"static noop shows live_shows seats seats_304 live_seats live_seats_304 payments pdf"}

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
NOOP_RPS="" STATIC_RPS=""	# set by row_noop and row_static, for the ratios
# to_ms "1.23ms" | "850.00us" | "1.02s" → milliseconds
to_ms() {
	awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}
# ratios RPS → the "x noop" and "%static" columns ("-" for a reference not measured yet)
ratios() {
	awk -v a="$1" -v n="${NOOP_RPS:-0}" -v s="${STATIC_RPS:-0}" 'BEGIN {
		x = n > 0 ? sprintf("%.2fx", a / n) : "-"
		p = s > 0 ? sprintf("%.0f%%", 100 * a / s) : "-"
		print x, p }'
}
# verdict TARGET RPS P99 → "ok   (…)" | "MISS (…)" | "n/a  (…)" (a reference row
# missing from ROWS), or nothing for TARGET "-".  TARGET's clauses, all to hold:
#   noop=75%  req/s ≥ 75 % of the do-nothing CGI's     noop=8x  ≥ 8 × its req/s
#   static=50%  req/s ≥ 50 % of the static file's       p99=10   p99 < 10 ms
verdict() {
	[ "$1" = "-" ] && return 0
	awk -v spec="$1" -v a="$2" -v p99="$3" -v noop="${NOOP_RPS:-0}" \
	    -v stat="${STATIC_RPS:-0}" 'BEGIN {
		ok = 1; unknown = 0; text = ""
		n = split(spec, c, ",")
		for (i = 1; i <= n; i++) {
			k = substr(c[i], 1, index(c[i], "=") - 1); v = substr(c[i], index(c[i], "=") + 1)
			if (k == "p99") {
				ok = ok && p99 < v + 0; t = sprintf("p99 < %g ms", v)
			} else {
				ref = k == "noop" ? noop : k == "static" ? stat : 0
				if (ref <= 0) unknown = 1
				if (v ~ /x$/) { need = (v + 0) * ref; t = sprintf("≥ %g× %s", v + 0, k) }
				else { need = (v + 0) * ref / 100; t = sprintf("≥ %g %% of %s", v + 0, k) }
				ok = ok && a >= need
			}
			text = text (i > 1 ? ", " : "") t
		}
		printf "%s (%s)", unknown ? "n/a " : ok ? "ok  " : "MISS", text }'
}
row_line() {	# row_line LABEL RPS P50 P99 BAD VERDICT
	printf '%-34s %10s %9s %9s %7s %7s %6s  %s\n' "$1" "$2" "$3" "$4" $(ratios "$2") "$5" "$6"
}

# measure LABEL TARGET URL [wrk options…]   (TARGET: see verdict(); "-": none)
# Leaves the row's req/s in $rps.
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
	row_line "$label" "$rps" "$p50" "$p99" "${bad:-0}/${errs:-0}" \
	    "$(verdict "$target" "$rps" "$p99")"
}

# live_etag PATH: the ETag Apache sends for a published file (INode MTime Size),
# checked to give a 304 back, so the 304 row measures what a poll costs.
live_etag() {
	tag=$(curl -fsS -D - -o /dev/null "$BASE$1" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
	code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$BASE$1")
	[ -n "$tag" ] && [ "$code" = 304 ] ||
	    { echo "bench: $1 gave ETag '$tag' and $code for it, not 304" >&2; return 1; }
	echo "$tag"
}

# --- the rows ---------------------------------------------------------------
# The payments row's helpers (bench_payments_row); sourcing runs nothing.
. "$ROOT/bench/payments.sh"
LIVE="noop=8x,static=50%,p99=10"	# DESIGN §9: the published files' target
row_static()	{ measure "static file (/css/style.css)" - "$BASE/css/style.css" &&
		    STATIC_RPS=$rps; }
row_noop()	{ measure "do-nothing CGI" - "$BASE/_bench/noop" && NOOP_RPS=$rps; }
row_shows()	{ measure "GET /api/shows?date= ($NSHOWS shows)" noop=75%,p99=100 \
		    "$BASE/api/shows?date=$DAY" -H "$AUTH"; }
row_live_shows() { measure "GET /live/shows/$DAY.json" "$LIVE" \
		    "$BASE/live/shows/$DAY.json"; }
row_seats()	{ measure "GET /api/shows/$SHOW/seats (200)" noop=75%,p99=100 \
		    "$BASE/api/shows/$SHOW/seats" -H "$AUTH"; }
row_seats_304()	{ measure "GET /api/shows/$SHOW/seats (304)" noop=85%,p99=100 \
		    "$BASE/api/shows/$SHOW/seats" -H "$AUTH" -H "If-None-Match: $ETAG"; }
row_live_seats() { measure "GET /live/seats/$SHOW.json (200)" "$LIVE" \
		    "$BASE/live/seats/$SHOW.json"; }
row_live_seats_304() {
	tag=$(live_etag "/live/seats/$SHOW.json") || return 1
	measure "GET /live/seats/$SHOW.json (304)" "$LIVE" \
	    "$BASE/live/seats/$SHOW.json" -H "If-None-Match: $tag"
}

# POST /api/payments: every request pays another pending booking by card through the
# simulator (bench/payments.sh makes the bookings in SQL first).
row_payments() {
	line=$(bench_payments_row "$BASE" "$DATA" "$SECONDS_EACH" "$CONNS") || return 1
	rps=$(echo "$line" | cut -d'|' -f2)
	[ -n "$rps" ] || { echo "bench: the payments row failed: $line" >&2; return 1; }
	row_line "$(echo "$line" | cut -d'|' -f1)" "$rps" "$(echo "$line" | cut -d'|' -f3)" \
	    "$(echo "$line" | cut -d'|' -f4)" "$(echo "$line" | cut -d'|' -f5)/0" "(no target)"
}

# GET /api/tickets/<id>.pdf: the whole ticket (libharu, libqrencode, the signature) for a
# walk-in sale made here by the demo staff account.
row_pdf() {
	stok=$(curl -fsS -H 'Content-Type: application/json' \
	    -d '{"username":"staff","password":"Staff#2026"}' "$BASE/api/session" | json_field token)
	seat=$(curl -fsS -H "Authorization: Bearer $stok" "$BASE/api/shows/$SHOW/seats" |
	    grep -o '"seat":"[A-Z]*[0-9]*","number":[0-9]*,"grid_col":[0-9]*,"category":"[^"]*","price":[0-9]*,"prices":{[^}]*},"status":"available"' |
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
printf '%-34s %10s %9s %9s %7s %7s %6s  %s\n' "endpoint" "req/s" "p50 ms" "p99 ms" \
    "x noop" "%static" "bad" "target"
for r in $ROWS; do
	"row_$r" || exit 1
done
echo "(bad = non-2xx/3xx responses / socket errors; x noop, %static = req/s relative to the do-nothing CGI, the static file)"

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
