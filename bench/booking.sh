#!/bin/sh
# bench/booking.sh — the booking rows of `make bench` (DESIGN §9).
#
#   1. the do-nothing CGI, driven by the same client as the holds (the floor);
#   2. POST /api/bookings: CLIENTS (64) customers race for random seats of ONE
#      show for BENCH_SECONDS (10), each releasing a granted hold at once (DELETE)
#      so the race goes on; holds/s, p50, p99, no 5xx, no seat sold twice;
#   3. cron/sweep-holds freeing SWEEP_HOLDS (100 000; 0 skips 3 and 4) expired
#      holds, with the longest write transaction it held (-v);
#   4. the same hold race while the sweeper runs: what the sweep costs live
#      traffic.
#
# Standalone it starts its own site on a free port over a fresh data dir;
# with SKYFOX_URL and SKYFOX_DATA set (bench/run.sh's site) it uses that one.
# Targets (DESIGN §9, as ratios to the do-nothing CGI at the same CLIENTS,
# so a loaded machine moves both sides): bookings.cgi req/s ≥ 45 % of its
# req/s, hold p99 ≤ 3× its p99, no 5xx, no seat sold twice, the sweeper's
# longest lock ≤ 50 ms.  Exit status 1 when a target is missed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/lib.sh"
CLIENTS=${CLIENTS:-64}
SECONDS_RUN=${BENCH_SECONDS:-10}
SWEEP_HOLDS=${SWEEP_HOLDS:-100000}
BENCH="$ROOT/build/bench-holds"
own_site=0

if [ -z "${SKYFOX_URL:-}" ] || [ -z "${SKYFOX_DATA:-}" ]; then
	own_site=1
	PORT=$(free_port)
	SKYFOX_DATA=$(fresh_data_dir)
	SKYFOX_URL="http://127.0.0.1:$PORT"
	PORT=$PORT DATA_DIR=$SKYFOX_DATA TEST=1 sh "$ROOT/tools/site.sh" start >/dev/null || exit 1
fi
SKYFOX_ROOT=$ROOT
SKYFOX_CONF="$SKYFOX_DATA/skyfox.conf"
export SKYFOX_URL SKYFOX_DATA SKYFOX_ROOT SKYFOX_CONF
[ -x "$BENCH" ] || make -s -C "$ROOT" build/bench-holds || exit 1

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u www-data -- "$@"; else "$@"; fi
}
val() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
missed=""

echo "booking benchmarks: $CLIENTS clients, ${SECONDS_RUN}s each, $SKYFOX_URL ($(nproc) cores)"
noop=$("$BENCH" noop "$CLIENTS" 5) || { echo "noop run failed: $noop"; exit 1; }
holds=$("$BENCH" holds "$CLIENTS" "$SECONDS_RUN")
holds_rc=$?

noop_rps=$(val "$noop" requests_per_s)
req_rps=$(val "$holds" requests_per_s)
hold_rps=$(val "$holds" holds_per_s)
ratio=$(pct "$req_rps" "$noop_rps")
p99_ratio=$(awk -v a="$(val "$holds" p99_ms)" -v b="$(val "$noop" p99_ms)" \
    'BEGIN { printf "%.1f", (b > 0 ? a / b : 999) }')
printf '%-46s %9s %9s %9s %8s %8s %6s\n' "row" "req/s" "holds/s" "granted/s" "p50 ms" "p99 ms" "5xx"
printf '%-46s %9s %9s %9s %8s %8s %6s\n' "do-nothing CGI (same client)" "$noop_rps" "-" "-" \
    "$(val "$noop" p50_ms)" "$(val "$noop" p99_ms)" "$(val "$noop" errors5xx)"
printf '%-46s %9s %9s %9s %8s %8s %6s\n' "POST /api/bookings (+ DELETE), one show" "$req_rps" \
    "$hold_rps" "$(val "$holds" granted_per_s)" "$(val "$holds" p50_ms)" "$(val "$holds" p99_ms)" \
    "$(val "$holds" errors5xx)"
echo "  bookings.cgi requests (holds + releases) at $ratio % of the do-nothing CGI's req/s (target >= 45 %);" \
    "hold p99 ${p99_ratio}x the do-nothing CGI's p99 (target <= 3x)"
echo "  $(val "$holds" posts) holds: $(val "$holds" granted) granted, $(val "$holds" refused409) refused 409;" \
    "seats sold twice: $(val "$holds" double_sold)"
ge "$req_rps" "$(awk -v b="$noop_rps" 'BEGIN { print 0.45 * b }')" || missed="$missed req/s<45%-of-noop"
ge 3 "$p99_ratio" || missed="$missed p99>3x-noop"
[ "$holds_rc" -eq 0 ] || missed="$missed errors"
[ "$(val "$holds" double_sold)" = 0 ] || missed="$missed DOUBLE-SOLD"

# --- the sweeper over SWEEP_HOLDS expired holds ------------------------------
# SWEEP_HOLDS=0 skips this and the next part: the hold race alone, e.g. to
# compare two builds of the writers' queue run after run.
if [ "$SWEEP_HOLDS" -gt 0 ]; then
# As in real life, a later booking expires later (expires_at = created_at +
# hold_minutes), so expiry order is id order: the sweeper's batches touch
# neighbouring pages.  (Scattered expiries cost more pages per batch; the
# sweeper then shrinks its batches to keep each lock short.)
shows=$(( (SWEEP_HOLDS + 99) / 100 ))
sql="$SKYFOX_DATA/sweep-bench.sql"
cat > "$sql" <<SQL
.timeout 10000
BEGIN IMMEDIATE;
INSERT OR IGNORE INTO movies (imdb_id, title, raw_json, fetched_at)
    VALUES ('tt7700003', 'Sweep Bench Movie', '{}', 0);
DELETE FROM booking_seats WHERE booking_id >= 100000000;
DELETE FROM bookings WHERE id >= 100000000;
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $shows - 1)
INSERT OR IGNORE INTO shows (movie_id, screen_id, slot_id, date, starts_at, ends_at, price, created_at)
SELECT (SELECT id FROM movies WHERE imdb_id = 'tt7700003'), 1, 2,
    date('2060-01-01', '+' || i || ' days'), 2840000000 + i * 86400, 2840010800 + i * 86400, 20000, 0 FROM k;
INSERT INTO bookings (id, show_id, user_id, status, amount, seat_count, created_at, expires_at)
SELECT 100000000 + s.id * 1000 + se.id, s.id, (SELECT id FROM users WHERE username = 'customer'),
    'pending', 20000, 1, strftime('%s', 'now') - 900,
    strftime('%s', 'now') - 60 - ((SELECT max(id) FROM shows) * 1000 + 100 - (s.id * 1000 + se.id)) / 20
FROM shows s, seats se
WHERE s.date BETWEEN '2060-01-01' AND date('2060-01-01', '+' || ($shows - 1) || ' days')
    AND s.slot_id = 2 AND s.screen_id = 1 AND se.screen_id = 1
LIMIT $SWEEP_HOLDS;
INSERT INTO booking_seats (booking_id, show_id, seat_id, price, live, hold_expires_at)
SELECT id, show_id, (id - 100000000) % 1000, amount, 1, expires_at FROM bookings WHERE id >= 100000000;
COMMIT;
SELECT count(*) FROM bookings WHERE status = 'pending' AND expires_at <= strftime('%s', 'now');
SQL
chmod 644 "$sql"
lapsed=$(cd / && as_owner sqlite3 -batch "$SKYFOX_DATA/skyfox.db" < "$sql") || { echo "cannot insert the expired holds"; exit 1; }

start=$(date +%s%N)
sweep=$(cd / && "$ROOT/cron/sweep-holds" -v)
sweep_rc=$?
wall=$(( ($(date +%s%N) - start) / 1000000 ))
longest=$(echo "$sweep" | sed -n 's/.*longest \([0-9.]*\) ms.*/\1/p')
printf '%-46s %s\n' "cron/sweep-holds, $lapsed expired holds" \
    "${wall} ms in all; longest write transaction ${longest} ms (target <= 50)"
echo "  $sweep"
[ "$sweep_rc" -eq 0 ] || missed="$missed sweeper-failed"
lt "$longest" 50.001 || missed="$missed sweep-lock>50ms"

# --- holds while the sweeper works --------------------------------------------
lapsed=$(cd / && as_owner sqlite3 -batch "$SKYFOX_DATA/skyfox.db" < "$sql")
( sleep 1; cd / && "$ROOT/cron/sweep-holds" -v > "$SKYFOX_DATA/sweep-during.txt" ) &
during=$("$BENCH" holds "$CLIENTS" 5)
wait
printf '%-46s %9s %9s %9s %8s %8s %6s\n' "POST /api/bookings while sweeping $lapsed" \
    "$(val "$during" requests_per_s)" "$(val "$during" holds_per_s)" "$(val "$during" granted_per_s)" \
    "$(val "$during" p50_ms)" "$(val "$during" p99_ms)" "$(val "$during" errors5xx)"
echo "  $(cat "$SKYFOX_DATA/sweep-during.txt")"
rm -f "$sql"
fi

if [ $own_site = 1 ]; then
	PORT=$PORT DATA_DIR=$SKYFOX_DATA sh "$ROOT/tools/site.sh" stop
	rm -rf "$SKYFOX_DATA"
fi
if [ -n "$missed" ]; then
	echo "booking targets missed:$missed"
	exit 1
fi
echo "booking targets met"
