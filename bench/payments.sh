#!/bin/sh
# bench/payments.sh — the "POST /api/payments" row of make bench (DESIGN §9).
#
# Sourced by bench/run.sh, which calls
#     bench_payments_row URL DATA_DIR [SECONDS] [CONNECTIONS]
# against the site it started; the row prints one line
#     POST /api/payments (card, simulator)|<req/s>|<p50 ms>|<p99 ms>|<non-2xx>
# Run alone (sh bench/payments.sh) it starts its own site on a free port,
# measures the do-nothing CGI and the payments row with the same wrk
# settings, prints both and the ratio, checks the books, and stops.
#
# Every request pays a different pending booking (made beforehand in SQL:
# one seat each, of one bench customer), by card through the simulator:
# the whole path — the 'started' row, the gateway, the settling
# transaction that confirms the booking.  A request that is not 200 is
# counted; afterwards skyfoxctl check must pass and the number of
# successful payments must equal the 200s.

BENCH_PAY_DIR=$(cd "$(dirname "$0")" 2>/dev/null && pwd)

# SQL as the data dir's owner (www-data when we are root).
bench_pay_sql() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u www-data -- sqlite3 -batch -bail -cmd '.timeout 10000' "$1/skyfox.db")
	else
		sqlite3 -batch -bail -cmd '.timeout 10000' "$1/skyfox.db"
	fi
}

# Make $2 pending one-seat bookings for the customer "benchpay"; prints
# "FIRST_ID LAST_ID".
bench_pay_setup() {
	data=$1 n=$2
	shows=$(( (n + 99) / 100 ))
	bench_pay_sql "$data" <<SQL
INSERT OR IGNORE INTO users (username, name, role, password_hash, created_at, updated_at)
  SELECT 'benchpay', 'Bench Payer', 'customer', password_hash, 0, 0 FROM users WHERE username = 'customer';
INSERT OR IGNORE INTO customers (user_id, email, phone, security_question_id, security_answer_hash)
  SELECT u.id, 'benchpay@example.com', '6000000001', 1, c.security_answer_hash
  FROM users u, customers c JOIN users d ON d.id = c.user_id
  WHERE u.username = 'benchpay' AND d.username = 'customer';
INSERT OR IGNORE INTO wallets (user_id, balance, updated_at)
  SELECT id, 0, 0 FROM users WHERE username = 'benchpay';
INSERT OR IGNORE INTO movies (imdb_id, title, raw_json, fetched_at)
  VALUES ('tt7700099', 'Bench Movie', '{}', 0);
-- Shows in three days (payments refuse shows outside the booking window), each on
-- a screen of its own laid out like screen 1, so no slot is taken twice.
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $shows - 1)
INSERT OR IGNORE INTO screens (name) SELECT 'Bench Pay Screen ' || i FROM k;
INSERT INTO seats (screen_id, row_label, number, label, category_id, grid_row, grid_col)
  SELECT sc.id, s.row_label, s.number, s.label, s.category_id, s.grid_row, s.grid_col
  FROM screens sc JOIN seats s ON s.screen_id = 1
  WHERE sc.name LIKE 'Bench Pay Screen %'
    AND NOT EXISTS (SELECT 1 FROM seats x WHERE x.screen_id = sc.id);
INSERT OR IGNORE INTO shows (movie_id, screen_id, slot_id, date, starts_at, ends_at, price, created_at)
  SELECT (SELECT id FROM movies WHERE imdb_id = 'tt7700099'), sc.id, 4,
    date('now', '+330 minutes', '+3 day'),
    CAST(strftime('%s', date('now', '+330 minutes', '+3 day') || ' 15:00:00') AS INTEGER),
    CAST(strftime('%s', date('now', '+330 minutes', '+3 day') || ' 18:00:00') AS INTEGER), 20000, 0
  FROM screens sc WHERE sc.name LIKE 'Bench Pay Screen %';
CREATE TEMP TABLE plan AS
  SELECT row_number() OVER (ORDER BY sh.id, s.id) AS n, sh.id AS show_id, s.id AS seat_id,
    sh.price + c.price_offset AS price
  FROM shows sh JOIN seats s ON s.screen_id = sh.screen_id JOIN seat_categories c ON c.id = s.category_id
  WHERE sh.movie_id = (SELECT id FROM movies WHERE imdb_id = 'tt7700099')
    AND NOT EXISTS (SELECT 1 FROM booking_seats bs WHERE bs.show_id = sh.id AND bs.seat_id = s.id AND bs.live = 1)
  LIMIT $n;
CREATE TEMP TABLE base AS SELECT coalesce(max(id), 0) AS b, CAST(strftime('%s', 'now') AS INTEGER) AS now FROM bookings;
INSERT INTO bookings (id, show_id, user_id, status, amount, seat_count, created_at, expires_at)
  SELECT base.b + n, show_id, (SELECT id FROM users WHERE username = 'benchpay'), 'pending', price, 1,
    base.now, base.now + 3600 FROM plan, base;
INSERT INTO booking_seats (booking_id, show_id, seat_id, price, live, hold_expires_at)
  SELECT base.b + n, show_id, seat_id, price, 1, base.now + 3600 FROM plan, base;
SELECT base.b + 1, base.b + (SELECT count(*) FROM plan) FROM base;
SQL
}

# A bearer token for benchpay (its password is the demo customer's).
bench_pay_token() {
	curl -s -H 'Content-Type: application/json' \
	    -d '{"username":"benchpay","password":"Customer#2026"}' "$1/api/session" |
	    sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# wrk's summary as "req/s|p50|p99|non-2xx" (its done() hook prints it).
bench_pay_wrk() {
	wrk -t2 -c"$3" -d"$2"s -s "$4" "$1" 2>/dev/null | sed -n 's/^RESULT //p'
}

bench_pay_lua() {
	cat <<'LUA'
-- One booking per request: thread k pays ids first+k, first+k+threads, …
local threads, n = {}, 0
function setup(thread)
  thread:set("k", n)
  n = n + 1
  table.insert(threads, thread)
end
function init(args)
  first = tonumber(os.getenv("BENCH_FIRST") or "0")
  step = tonumber(os.getenv("BENCH_THREADS") or "2")
  next_id = first + k
  token = os.getenv("BENCH_TOKEN") or ""
end
function request()
  local id = next_id
  next_id = next_id + step
  if first == 0 then
    return wrk.format("GET", nil, nil, nil)
  end
  return wrk.format("POST", "/api/payments", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, '{"booking_id":' .. id .. ',"method":"card","card":{"number":"4242 4242 4242 4242",' ..
     '"cvv":"123","expiry":"12/35","name":"Bench Payer"}}')
end
function done(summary, latency, requests)
  local errs = summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout
  io.write(string.format("RESULT %.0f|%.1f|%.1f|%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + errs))
end
LUA
}

# The row.  URL DATA_DIR [SECONDS] [CONNECTIONS]
bench_payments_row() {
	url=$1 data=$2 secs=${3:-10} conns=${4:-16}
	lua=$(mktemp /tmp/skyfox-bench-pay.XXXXXX.lua)
	bench_pay_lua > "$lua"
	# Enough bookings for 1 500 payments a second, whatever the machine.
	ids=$(bench_pay_setup "$data" $((secs * 1500)))
	first=${ids%%|*}
	before=$(echo "SELECT count(*) FROM payments WHERE status = 'succeeded';" | bench_pay_sql "$data")
	res=$(BENCH_FIRST=$first BENCH_THREADS=2 BENCH_TOKEN=$(bench_pay_token "$url") \
	    bench_pay_wrk "$url/api/payments" "$secs" "$conns" "$lua")
	after=$(echo "SELECT count(*) FROM payments WHERE status = 'succeeded';" | bench_pay_sql "$data")
	rm -f "$lua"
	echo "POST /api/payments (card, simulator)|$res"
	BENCH_PAY_PAID=$((after - before))
}

bench_noop_row() {
	lua=$(mktemp /tmp/skyfox-bench-noop.XXXXXX.lua)
	bench_pay_lua > "$lua"
	res=$(BENCH_FIRST=0 bench_pay_wrk "$1/_bench/noop" "${2:-10}" "${3:-16}" "$lua")
	rm -f "$lua"
	echo "do-nothing CGI|$res"
}

# --- alone ---------------------------------------------------------------
if [ "${0##*/}" = payments.sh ]; then
	set -u
	ROOT=$(cd "$BENCH_PAY_DIR/.." && pwd)
	. "$ROOT/tests/lib.sh"
	# site_up finds the root from $0's directory two levels up.
	SKYFOX_ROOT=$ROOT
	PORT=$(free_port)
	SKYFOX_DATA=$(fresh_data_dir)
	SKYFOX_URL="http://127.0.0.1:$PORT"
	export SKYFOX_CONF="$SKYFOX_DATA/skyfox.conf"
	PORT=$PORT DATA_DIR=$SKYFOX_DATA TEST=1 sh "$ROOT/tools/site.sh" start >/dev/null || exit 1
	SECS=${BENCH_SECONDS:-10}
	CONNS=${BENCH_CONNECTIONS:-16}
	noop=$(bench_noop_row "$SKYFOX_URL" "$SECS" "$CONNS")
	pay=$(bench_payments_row "$SKYFOX_URL" "$SKYFOX_DATA" "$SECS" "$CONNS")
	paid=$(echo "SELECT count(*) FROM payments WHERE status = 'succeeded' AND booking_id IN (SELECT id FROM bookings WHERE user_id = (SELECT id FROM users WHERE username = 'benchpay'));" | bench_pay_sql "$SKYFOX_DATA")
	printf '%-40s %10s %9s %9s %8s\n' "row (wrk -t2 -c$CONNS -d${SECS}s)" "req/s" "p50 ms" "p99 ms" "non-2xx"
	for r in "$noop" "$pay"; do
		echo "$r" | awk -F'|' '{ printf "%-40s %10s %9s %9s %8s\n", $1, $2, $3, $4, $5 }'
	done
	n=$(echo "$noop" | cut -d'|' -f2) p=$(echo "$pay" | cut -d'|' -f2)
	[ "${n:-0}" -gt 0 ] && echo "payments / do-nothing CGI: $((100 * p / n)) %"
	echo "bookings paid: $paid"
	SKYFOX_CONF=$SKYFOX_CONF "$ROOT/bin/skyfoxctl" check >/dev/null && echo "skyfoxctl check: clean" ||
	    echo "skyfoxctl check: PROBLEMS"
	PORT=$PORT DATA_DIR=$SKYFOX_DATA sh "$ROOT/tools/site.sh" stop
	rm -rf "$SKYFOX_DATA"
fi
