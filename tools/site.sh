#!/bin/sh
# site.sh run|start|stop — the demo/test site on 127.0.0.1:$PORT.
#
# Everything it creates lives under $DATA_DIR: skyfox.conf, skyfox.db, the
# key files, avatars/, backups/, logs/ (Apache's logs), run/ (pid file,
# cgid socket) and httpd.conf — a private Apache config that sets paths and
# the port, then Includes the project's apache.conf: one source of truth.
# The pages are served from build/www/htdocs, a copy of htdocs/ with the
# assets' version stamped in (tools/stamp.sh; make refreshes it, and so
# does every start).
#
#   PORT      (8080)   DATA_DIR (./var)
#   SAN=1     CGIs log sanitizer reports to $DATA_DIR/logs/{asan,ubsan}.*
#   TEST=1    a new DATA_DIR gets test settings (fast password hashing), and
#             no cron loop (the tests run the jobs themselves)
#
# The demo site has no crontab, so run and start keep the cron jobs going
# themselves (DESIGN §2: correctness never waits for them, but health's
# "cron" and the admin's warning would say they are late): a loop in the
# background runs sweep-holds and settle-payments every minute, and
# sweep-avatars, refresh-movies, skyfoxctl publish and skyfoxctl backup at
# start and hourly,
# as the site's user, logging to logs/cron.log.  Its pid is run/cron.pid;
# stop (and Ctrl-C in run) ends it.
set -eu

cmd=${1:-start}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8080}
DATA_DIR=${DATA_DIR:-$ROOT/var}
mkdir -p "$DATA_DIR"
DATA_DIR=$(cd "$DATA_DIR" && pwd)
CONF=$DATA_DIR/httpd.conf
PIDFILE=$DATA_DIR/run/httpd.pid
CRONPID=$DATA_DIR/run/cron.pid
APACHE=/usr/sbin/apache2
MODS=/usr/lib/apache2/modules

is_root() { [ "$(id -u)" -eq 0 ]; }

# Wait up to 10 s for pid to end, then kill it.
end_pid() {
	kill -TERM "$1" 2>/dev/null || true
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null || true
}

stop_cron() {
	[ -f "$CRONPID" ] || return 0
	pid=$(cat "$CRONPID" 2>/dev/null || true)
	[ -z "$pid" ] || end_pid "$pid"
	rm -f "$CRONPID"
}

# The loop itself (site.sh cron-loop, started by start_cron as the site's
# user).  Each job runs in the background and is waited for, so a TERM
# ends the loop at once, the job and the nap with it.
cron_loop() {
	echo $$ > "$CRONPID"
	child=
	trap '[ -z "$child" ] || kill "$child" 2>/dev/null; rm -f "$CRONPID"; exit 0' TERM INT HUP
	n=0
	while :; do
		set -- "$ROOT/cron/sweep-holds" "$ROOT/cron/settle-payments"
		if [ $((n % 60)) -eq 0 ]; then
			set -- "$@" "$ROOT/cron/sweep-avatars" \
			    "$ROOT/cron/refresh-movies" "$ROOT/bin/skyfoxctl publish" \
			    "$ROOT/bin/skyfoxctl backup"
		fi
		for job in "$@" "sleep 60"; do
			$job & child=$!
			wait "$child" || true
			child=
		done
		n=$((n + 1))
	done
}

start_cron() {
	stop_cron
	[ "${TEST:-}" != 1 ] || return 0
	if is_root; then
		runuser -u www-data -- sh "$ROOT/tools/site.sh" cron-loop \
		    </dev/null >>"$DATA_DIR/logs/cron.log" 2>&1 &
	else
		sh "$ROOT/tools/site.sh" cron-loop \
		    </dev/null >>"$DATA_DIR/logs/cron.log" 2>&1 &
	fi
	# Until the loop has said who it is, a stop right after this start
	# could not end it.
	i=0
	while [ ! -s "$CRONPID" ] && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
}

stop_site() {
	stop_cron
	[ -f "$PIDFILE" ] || return 0
	pid=$(cat "$PIDFILE" 2>/dev/null || true)
	[ -n "$pid" ] || return 0
	end_pid "$pid"
	rm -f "$PIDFILE"
}

if [ "$cmd" = stop ]; then
	stop_site
	exit 0
fi
if [ "$cmd" = cron-loop ]; then
	export SKYFOX_CONF="$DATA_DIR/skyfox.conf"
	cron_loop
fi

# --- a data directory with a database ------------------------------------
new=0
if [ ! -f "$DATA_DIR/skyfox.conf" ]; then
	new=1
	"$ROOT/bin/skyfoxctl" init "$DATA_DIR" "http://127.0.0.1:$PORT" >/dev/null
	{
		if [ "${TEST:-}" = 1 ]; then
			echo "# test site: cheap password hashing (never in production)"
			echo "pwhash_cost = test"
			echo "# the suites sign up hundreds of accounts from 127.0.0.1"
			echo "signup_per_hour = 100000"
			echo "# the suites hold seats anywhere in a row for other rules'"
			echo "# sake; the gap rule's own tests turn it on around them"
			echo "gap_rule = off"
		fi
	} >> "$DATA_DIR/skyfox.conf"
fi
export SKYFOX_CONF="$DATA_DIR/skyfox.conf"
mkdir -p "$DATA_DIR/logs" "$DATA_DIR/run" "$DATA_DIR/avatars" "$DATA_DIR/backups"

# CGIs and cron jobs run as www-data (Apache refuses to run them as root):
# it must own the data directory and be able to reach the code.
if is_root; then
	chown -R www-data:www-data "$DATA_DIR"
	# A checkout in a private directory (mktemp -d makes 0700 ones) is not
	# reachable by www-data: allow traversal (not listing) of its parents.
	d=$ROOT
	while [ "$d" != / ]; do
		if ! runuser -u www-data -- test -x "$d" 2>/dev/null; then
			echo "site: allowing www-data to traverse $d (chmod o+x)" >&2
			chmod o+x "$d"
		fi
		d=$(dirname "$d")
	done
fi
"$ROOT/bin/skyfoxctl" migrate >/dev/null
# The published seat maps and show lists (DESIGN §12), served at /live/:
# the seed publishes them; an existing folder gets today's window.
if [ $new = 1 ]; then
	"$ROOT/bin/skyfoxctl" seed --demo >/dev/null
else
	"$ROOT/bin/skyfoxctl" publish >/dev/null
fi

# --- the pages, with the assets' version stamped in ------------------------
sh "$ROOT/tools/stamp.sh" "$ROOT/htdocs" "$ROOT/build/www/htdocs" >/dev/null

# --- the private Apache config ---------------------------------------------
san_env=""
if [ "${SAN:-}" = 1 ]; then
	san_env="SetEnv ASAN_OPTIONS \"log_path=$DATA_DIR/logs/asan:detect_leaks=0:abort_on_error=0\"
SetEnv UBSAN_OPTIONS \"log_path=$DATA_DIR/logs/ubsan:print_stacktrace=1\""
fi
user_lines=""
if is_root; then
	user_lines="User www-data
Group www-data"
fi
cat > "$CONF" <<CONF
# Generated by tools/site.sh for DATA_DIR=$DATA_DIR — do not edit.
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile $PIDFILE
DefaultRuntimeDir $DATA_DIR/run
Mutex file:$DATA_DIR/run default
ErrorLog $DATA_DIR/logs/error.log
LogLevel warn
LogFormat "%h %t \"%r\" %>s %b %D \"%{UNIQUE_ID}e\"" skyfox
CustomLog $DATA_DIR/logs/access.log skyfox
$user_lines
LoadModule mpm_event_module $MODS/mod_mpm_event.so
LoadModule authz_core_module $MODS/mod_authz_core.so
LoadModule mime_module $MODS/mod_mime.so
LoadModule dir_module $MODS/mod_dir.so
LoadModule alias_module $MODS/mod_alias.so
LoadModule cgid_module $MODS/mod_cgid.so
LoadModule headers_module $MODS/mod_headers.so
LoadModule env_module $MODS/mod_env.so
LoadModule unique_id_module $MODS/mod_unique_id.so
LoadModule reqtimeout_module $MODS/mod_reqtimeout.so
LoadModule include_module $MODS/mod_include.so
LoadModule filter_module $MODS/mod_filter.so
LoadModule deflate_module $MODS/mod_deflate.so
TypesConfig /etc/mime.types
ScriptSock $DATA_DIR/run/cgid.sock
# Workers: a request holds one while Apache reads it and while its CGI
# runs, a slow body included (apache.conf's RequestReadTimeout cuts those at
# ~10 s); 512 leaves room for a flood of a few hundred stalled bodies with
# health, pages and real customers still served.  Idle keep-alive
# connections cost no worker under mpm_event.  Timeout bounds every other
# wait (a client that stops reading the answer, a CGI that stops writing).
StartServers 2
ServerLimit 8
ThreadsPerChild 64
MaxRequestWorkers 512
Timeout 20
TraceEnable off
KeepAlive On
$san_env
Define SKYFOX_ROOT $ROOT/build/www
Define SKYFOX_CGI $ROOT/cgi-bin
Define SKYFOX_CONF $DATA_DIR/skyfox.conf
Define SKYFOX_PUBLIC $DATA_DIR/public
Include $ROOT/apache.conf
# Development only: the do-nothing CGI that make bench measures against.
ScriptAlias /_bench/noop $ROOT/bench/noop.cgi
CONF
if is_root; then chown www-data:www-data "$CONF" "$DATA_DIR/run"; fi

"$APACHE" -t -f "$CONF" >/dev/null 2>&1 || { "$APACHE" -t -f "$CONF"; exit 1; }

demo_logins() {
	cat <<MSG
SkyFox Cinema is running on http://127.0.0.1:$PORT/
  demo logins:  admin / Admin#2026    staff / Staff#2026    customer / Customer#2026
  data:         $DATA_DIR   (logs in $DATA_DIR/logs)
MSG
}

wait_up() {
	i=0
	while [ $i -lt 100 ]; do
		if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api/health" 2>/dev/null; then
			return 0
		fi
		sleep 0.1; i=$((i + 1))
	done
	echo "site: Apache did not answer on port $PORT; see $DATA_DIR/logs/error.log" >&2
	tail -5 "$DATA_DIR/logs/error.log" >&2 || true
	return 1
}

case $cmd in
start)
	stop_site
	"$APACHE" -f "$CONF" -k start
	wait_up
	start_cron
	demo_logins
	;;
run)
	stop_site
	demo_logins
	echo "  (Ctrl-C stops it)"
	trap 'stop_site; exit 0' INT TERM
	start_cron
	"$APACHE" -f "$CONF" -DFOREGROUND &
	wait $! || true
	stop_site
	;;
*)
	echo "usage: site.sh run|start|stop" >&2
	exit 2
	;;
esac
