#!/bin/sh
# Shared hosting, for real (issue 11; INSTALL §3; DESIGN §13).
#
# As root, this makes an unprivileged account with a home directory, like a
# shared host's customer, and a "host": an Apache that runs as that account
# (as suEXEC/mpm-itk hosts do) and whose config grants the account's
# public_html only AllowOverride All and ExecCGI.  The account and its Apache
# live in a mount namespace whose /usr/lib/x86_64-linux-gnu holds only what
# a bare host has — the C library and the libraries of Apache, the shell,
# tar, coreutils and crontab — so every other library must come from the
# bundle.  Then, as the account:
#   * the release tarball is unpacked and INSTALL §3's command block runs,
#     read from INSTALL itself (address and tarball name filled in);
#   * a booking journey over HTTP: the admin imports a movie and schedules
#     a show, a customer signs up with a photo, holds and pays, downloads
#     the PDF ticket (its QR decoded), is checked in; a second hold lapses
#     and is swept by the crontab's own sweep-holds line, run as cron would;
#   * every private path we can think of is fetched and refused;
#   * the data directory and everything in it stay 0700/0600 under umask 022;
#   * ldd of every shipped binary resolves from the bundle or glibc;
#   * a newer bundle is unpacked over the installed one and INSTALL §7's
#     upgrade block runs: the data, the ticket and the login survive.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
ARCH=$(uname -m)
LIBDIR=/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)

if [ "$(id -u)" -ne 0 ]; then
	echo "hosting: must run as root (it creates an unprivileged account)" >&2
	exit 1
fi

WORK=$(mktemp -d /tmp/skyfox-hosting.XXXXXX)
chmod 755 "$WORK"
U=sfhost$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
H=/home/$U
LOG=$WORK/log
PORT=$(set +e; free_port)
SITE=http://127.0.0.1:$PORT
fails=0
APID=""

cleanup() {
	if [ -n "$APID" ]; then kill "$APID" 2>/dev/null || true; fi
	pkill -u "$U" 2>/dev/null || true
	sleep 0.2
	pkill -9 -u "$U" 2>/dev/null || true
	crontab -r -u "$U" 2>/dev/null || true
	userdel -r "$U" 2>/dev/null || true
	[ "${KEEP:-}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

oks=0
ok() { echo "ok   $*"; oks=$((oks + 1)); }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check "what" command...
	what=$1; shift
	if "$@" >>"$LOG" 2>&1; then ok "$what"; else fail "$what"; fi
}
die() { echo "FAIL $*"; tail -30 "$LOG" | sed 's/^/     /'; exit 1; }

# --- two bundles: the one to install, and a newer one to upgrade to ----------
V=$(sed -n 's/^VERSION[ 	]*?=[ 	]*//p' "$ROOT/Makefile")
NEXT="$V+hostingtest"
TARBALL=skyfox-$V-$ARCH.tar.gz
# REUSE=1 (while working on this test): the bundles of the last run.
if [ "${REUSE:-}" = 1 ] && [ -f "$ROOT/build/hosting-next.tar.gz" ]; then
	cp "$ROOT/build/hosting-next.tar.gz" "$WORK/skyfox-$NEXT-$ARCH.tar.gz"
else
	make -s -C "$ROOT" dist VERSION="$NEXT" >"$LOG" 2>&1 || die "make dist VERSION=$NEXT"
	mv "$ROOT/build/skyfox-$NEXT-$ARCH.tar.gz" "$ROOT/build/hosting-next.tar.gz"
	cp "$ROOT/build/hosting-next.tar.gz" "$WORK/skyfox-$NEXT-$ARCH.tar.gz"
	make -s -C "$ROOT" dist >>"$LOG" 2>&1 || die "make dist"
fi
cp "$ROOT/build/$TARBALL" "$WORK/"
ok "make dist: $TARBALL ($(du -k "$WORK/$TARBALL" | cut -f1) KB), and $NEXT"

# --- the bare host's libraries --------------------------------------------------
HOSTLIBS=$WORK/hostlibs
mkdir -p "$HOSTLIBS"
MODS="mpm_event authz_core authz_host mime dir alias cgid headers env unique_id
reqtimeout rewrite setenvif filter deflate"
{
	dpkg -L libc6 | grep -E '\.so(\.[0-9]+)*$' | grep -v gconv
	echo "$LIBDIR/libgcc_s.so.1"	# essential: glibc's pthread_exit opens it
	for b in /usr/sbin/apache2 /bin/sh /bin/bash /bin/tar /bin/gzip \
	    /bin/ls /bin/cat /bin/chmod /bin/mkdir /bin/ln /bin/mv /bin/rm \
	    /bin/cp /bin/sed /bin/grep /usr/bin/id /usr/bin/stat /usr/bin/env \
	    /usr/bin/find /usr/bin/crontab /usr/bin/setpriv /usr/bin/head \
	    /usr/bin/ldd /usr/bin/mawk /usr/bin/sleep; do
		ldd "$b" 2>/dev/null | awk '$3 ~ /^\// { print $3 }'
	done
	for m in $MODS; do
		ldd "/usr/lib/apache2/modules/mod_$m.so" 2>/dev/null |
		    awk '$3 ~ /^\// { print $3 }'
	done
} | sort -u | while read -r f; do cp -L "$f" "$HOSTLIBS/"; done
ok "a bare host: $(ls "$HOSTLIBS" | wc -l) libraries in $LIBDIR"

# Run a command as the account, inside the bare host, umask 022, at home.
as_user() {
	unshare -m sh -c 'mount --bind "$0" "$1" && shift && exec "$@"' \
	    "$HOSTLIBS" "$LIBDIR" setpriv --reuid="$U" --regid="$U" --init-groups \
	    env -i HOME="$H" USER="$U" \
	    LOGNAME="$U" PATH=/usr/bin:/bin SHELL=/bin/sh \
	    sh -c 'umask 022 && cd "$HOME" && eval "$1"' sh "$1"
}

# --- the account and its host ---------------------------------------------------
useradd -m -d "$H" -s /bin/sh "$U"
chmod 711 "$H"
mkdir "$H/public_html"
echo "<p>Coming soon</p>" > "$H/public_html/index.html"
cp "$WORK/$TARBALL" "$WORK/skyfox-$NEXT-$ARCH.tar.gz" "$H/"
chown -R "$U:$U" "$H"
mkdir -p "$WORK/apache" && chown "$U" "$WORK/apache"
{
	echo "ServerName 127.0.0.1"
	echo "Listen 127.0.0.1:$PORT"
	echo "PidFile $WORK/apache/httpd.pid"
	echo "DefaultRuntimeDir $WORK/apache"
	echo "Mutex file:$WORK/apache default"
	echo "ErrorLog $WORK/apache/error.log"
	echo "ScriptSock $WORK/apache/cgid.sock"
	for m in $MODS; do
		echo "LoadModule ${m}_module /usr/lib/apache2/modules/mod_$m.so"
	done
	cat <<CONF
TypesConfig /etc/mime.types
TraceEnable off
Timeout 20
DocumentRoot $H/public_html
<Directory />
	AllowOverride None
	Options None
	Require all denied
</Directory>
# The home folder: symbolic links whose owner is the link's (every cPanel
# host's default), so public_html may be a link to skyfox/public_html.
<Directory $H>
	Options SymLinksIfOwnerMatch
</Directory>
<Directory $H/public_html>
	AllowOverride All
	Options ExecCGI
	Require all granted
</Directory>
CONF
} > "$WORK/apache/httpd.conf"
chown "$U" "$WORK/apache/httpd.conf"
as_user "/usr/sbin/apache2 -f $WORK/apache/httpd.conf -k start" >>"$LOG" 2>&1 ||
    die "the host's Apache did not start"
i=0
until curl -fs -o /dev/null "$SITE/" && [ -s "$WORK/apache/httpd.pid" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || die "the host's Apache does not answer"
	sleep 0.1
done
APID=$(cat "$WORK/apache/httpd.pid")
ok "the host's Apache runs as $U on $SITE (AllowOverride All, ExecCGI)"

# --- INSTALL §3, as written ---------------------------------------------------------
block() { # the lines of INSTALL between "  -- $1" and "  -- end --"
	sed -n "/^  -- $1/,/^  -- end --/p" "$ROOT/INSTALL" | sed '1d;$d' |
	    sed 's/^    //' |
	    sed "s|skyfox-[0-9][0-9.]*-x86_64\.tar\.gz|$2|g" |
	    sed "s|https://tickets\.example\.com|$SITE|g"
}
INSTALL_CMDS=$(block install "$TARBALL")
[ -n "$INSTALL_CMDS" ] || die "INSTALL has no '-- install' command block"
printf '%s\n' "$INSTALL_CMDS" > "$WORK/install.sh"
echo 'Boss#Hosting2026' > "$WORK/password"
chmod 644 "$WORK/install.sh" "$WORK/password"
if as_user "set -ex; . $WORK/install.sh < $WORK/password" >"$WORK/install.log" 2>&1; then
	ok "INSTALL §3's $(wc -l < "$WORK/install.sh") commands ran as $U"
else
	cat "$WORK/install.log" | sed 's/^/     /'
	die "INSTALL §3's commands failed"
fi
grep -q "Nothing is missing" "$WORK/install.log" || fail "doctor did not say nothing is missing"

# --- a booking journey over HTTP ---------------------------------------------------
JSON=$WORK/resp.json
# api METHOD PATH [BODY] [TOKEN] → the status; the body in $JSON
api() {
	set -- "$1" "$2" "${3:-}" "${4:-}"
	curl -s -o "$JSON" -w '%{http_code}' -X "$1" \
	    ${4:+-H "Authorization: Bearer $4"} \
	    ${3:+-H "Content-Type: application/json" --data-binary "$3"} "$SITE$2"
}
j() { jq -r "$1" "$JSON"; }
expect() { # expect STATUS what METHOD PATH [BODY] [TOKEN]
	want=$1 what=$2; shift 2
	got=$(api "$@")
	if [ "$got" != "$want" ]; then
		fail "$what: $1 $2 answered $got, not $want: $(head -c 300 "$JSON")"
		exit 1
	fi
}
as_user_conf() { # set KEY VALUE in skyfox.conf, as the account would
	as_user "sed -i '/^$1 *=/d' skyfox/data/skyfox.conf && echo '$1 = $2' >> skyfox/data/skyfox.conf"
}

expect 200 "health" GET /api/health
[ "$(j .data.version)" = "$V" ] || fail "health says version $(j .data.version), not $V"
expect 200 "admin login" POST /api/session '{"username":"boss","password":"Boss#Hosting2026"}'
ADMIN=$(j .data.token)
expect 200 "the catalog" GET /api/movies/catalog "" "$ADMIN"
IMDB=$(j '.data[0].imdb_id // .data.results[0].imdb_id // empty')
[ -n "$IMDB" ] || { fail "the catalog lists no movie: $(head -c 300 "$JSON")"; exit 1; }
expect 201 "movie import (libcurl from the bundle)" POST /api/movies "{\"imdb_id\":\"$IMDB\"}" "$ADMIN"
MOVIE=$(j .data.id)
ok "imported $IMDB as movie $MOVIE"
expect 200 "screens" GET /api/screens "" "$ADMIN"
SCREEN=$(j '.data[0].id')
expect 200 "health" GET /api/health
TODAY=$(j .data.time | cut -c1-10)
DAY=$(date -d "$TODAY + 1 day" +%F)
expect 200 "free slots" GET "/api/slots?date=$DAY&screen_id=$SCREEN" "" "$ADMIN"
SLOT=$(j '[.data[] | select(.available != false)][0].id')
expect 201 "schedule a show" POST /api/shows "{\"movie_id\":$MOVIE,\"screen_id\":$SCREEN,\"date\":\"$DAY\",\"slot_id\":$SLOT,\"price\":25000}" "$ADMIN"
SHOW=$(j .data.id)
STARTS=$(j .data.starts_at)
ok "scheduled show $SHOW at $STARTS"

# A customer with a photo (converted by the bundle's ImageMagick).
python3 - "$WORK/photo.png" <<'PY'
import struct, sys, zlib
w, h = 160, 120
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
rows = b''.join(b'\x00' + b''.join(bytes((x % 256, (y * 2) % 256, 90)) for x in range(w))
               for y in range(h))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + \
      chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY
SHA=$(sha256sum "$WORK/photo.png" | cut -d' ' -f1)
B64=$(base64 -w0 "$WORK/photo.png")
SIGNUP=$(jq -nc --arg a "$B64" --arg s "$SHA" '{name:"Meena Customer",
    username:"meena", email:"meena@example.com", phone:"9876543210",
    password:"Meena#2026", security_question_id:2, security_answer:"Chennai",
    avatar:$a, avatar_sha256:$s}')
expect 201 "sign-up with a photo" POST /api/users "$SIGNUP"
expect 200 "customer login" POST /api/session '{"username":"meena","password":"Meena#2026"}'
CUST=$(j .data.token)
expect 200 "the photo's address" GET /api/users/me/avatar "" "$CUST"
PHOTO=$(j .data.url)
code=$(curl -s -o "$WORK/avatar.jpg" -w '%{http_code} %{content_type}' "$SITE$PHOTO")
[ "$code" = "200 image/jpeg" ] && [ "$(head -c 2 "$WORK/avatar.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ] &&
    ok "the photo is served as a JPEG" || fail "the photo: $code"

expect 201 "hold two seats" POST /api/bookings "{\"show_id\":$SHOW,\"seats\":[\"A1\",\"A2\"]}" "$CUST"
BOOKING=$(j .data.id)
expect 200 "pay by card" POST /api/payments "{\"booking_id\":$BOOKING,\"method\":\"card\",\"card\":{\"number\":\"4242424242424242\",\"cvv\":\"123\",\"expiry\":\"12/35\",\"name\":\"Meena Customer\"}}" "$CUST"
[ "$(j .data.booking.status)" = confirmed ] && ok "booking $BOOKING confirmed" ||
    fail "booking $BOOKING is $(j .data.booking.status)"
expect 200 "the ticket's code" GET "/api/tickets/$BOOKING" "" "$CUST"
CODE=$(j .data.code)
code=$(curl -s -o "$WORK/ticket.pdf" -w '%{http_code}' -H "Authorization: Bearer $CUST" "$SITE/api/tickets/$BOOKING.pdf")
pdftoppm -r 150 -png -singlefile "$WORK/ticket.pdf" "$WORK/ticket" >>"$LOG" 2>&1 || true
QR=$(zbarimg -q --raw "$WORK/ticket.png" 2>/dev/null | head -1)
if [ "$code" = 200 ] && [ "$(head -c 5 "$WORK/ticket.pdf")" = "%PDF-" ] && [ "$QR" = "$CODE" ]; then
	ok "the PDF ticket downloads and its QR code is the ticket's code"
else
	fail "the PDF ticket: HTTP $code, QR '$QR' vs code '$CODE'"
fi

# A second hold, left to lapse: the crontab's own sweep-holds line tidies it.
expect 201 "hold a seat and leave" POST /api/bookings "{\"show_id\":$SHOW,\"seats\":[\"B1\"]}" "$CUST"
LAPSED=$(j .data.id)
# To the door: 30 minutes before the show (the hold lapsed long before).
NOW=$(date +%s)
START_S=$(date -d "$STARTS" +%s)
as_user_conf clock_offset $((START_S - 30 * 60 - NOW))
CRON_CONF=$(as_user "crontab -l" | sed -n 's/^SKYFOX_CONF=//p')
SWEEP=$(as_user "crontab -l" | awk '/sweep-holds/ && $1 == "*" { $1=$2=$3=$4=$5=""; print }')
[ -n "$SWEEP" ] && [ -n "$CRON_CONF" ] || fail "the installed crontab has no sweep-holds line"
status_of() { runuser -u "$U" -- sqlite3 -readonly "$H/skyfox/data/skyfox.db" \
    "SELECT status FROM bookings WHERE id = $1"; }
before=$(status_of "$LAPSED")
as_user "SKYFOX_CONF=$CRON_CONF; export SKYFOX_CONF; $SWEEP" >>"$LOG" 2>&1 ||
    fail "the crontab's sweep-holds line failed"
after=$(status_of "$LAPSED")
[ "$before" = pending ] && [ "$after" = expired ] &&
    ok "the crontab's sweep-holds line swept the lapsed hold ($before → $after)" ||
    fail "sweep-holds: booking $LAPSED was $before, is $after"
expect 200 "health" GET /api/health
[ "$(j '.data.cron["sweep-holds"]')" = ok ] && [ "$(j '.data.cron["settle-payments"]')" = late ] &&
    ok "health: sweep-holds ok after its crontab line ran, settle-payments late (never ran)" ||
    fail "health's cron: $(jq -c .data.cron "$JSON")"
expect 200 "staff login" POST /api/session '{"username":"boss","password":"Boss#Hosting2026"}'
ADMIN=$(j .data.token)
expect 200 "check in at the door" POST /api/checkins "{\"codes\":[\"$CODE\"]}" "$ADMIN"
[ "$(j '.data.checked_in | length')" = 1 ] && ok "checked in by the ticket's code" ||
    fail "check-in: $(head -c 300 "$JSON")"
# The hourly backup line too; then a change, and the archive restored
# over it: the change is gone, the ticket and the check-in are back.
as_user_conf clock_offset 0
BACKUP=$(as_user "crontab -l" | awk '/skyfoxctl backup/ { $1=$2=$3=$4=$5=""; print }')
as_user "SKYFOX_CONF=$CRON_CONF; export SKYFOX_CONF; $BACKUP" >>"$LOG" 2>&1 &&
    [ -n "$(ls "$H/skyfox/data/backups/")" ] && ok "the crontab's backup line wrote $(ls "$H/skyfox/data/backups/")" ||
    fail "the crontab's backup line"
ARCHIVE=$(ls "$H/skyfox/data/backups/" | head -1)
echo 'Later#Hosting2026' > "$WORK/password2"; chmod 644 "$WORK/password2"
as_user "skyfox/bin/skyfoxctl add-user staff later 'Later Staff' 2 < $WORK/password2" >>"$LOG" 2>&1
if as_user "skyfox/bin/skyfoxctl restore skyfox/data/backups/$ARCHIVE" >"$WORK/restore.log" 2>&1 &&
    [ "$(api POST /api/session '{"username":"later","password":"Later#Hosting2026"}')" = 401 ] &&
    [ "$(api GET "/api/tickets/$BOOKING" "" "$CUST")" = 200 ] && [ "$(j .data.code)" = "$CODE" ] &&
    [ "$(api GET /api/health)" = 200 ] && [ ! -e "$H/skyfox/data/maintenance" ]; then
	ok "restore as the account: the later change is gone, the ticket is back, the site is open"
else
	fail "restore: $(cat "$WORK/restore.log")"
fi

# --- what must never be served ---------------------------------------------------
refused=0
for p in /.htaccess /api-bin/ /api-bin/bookings.cgi /api-bin/health.cgi \
    /api-bin/bookings.cgi/1 /skyfox.db /data/skyfox.db /data/skyfox.conf \
    /skyfox.conf /secret.key /data/secret.key /data/ticket-sign.key \
    /data/backups/ /backups/ "/data/backups/$ARCHIVE" "/backups/$ARCHIVE" \
    "/skyfox/data/backups/$ARCHIVE" /data/crontab /crontab /bin/skyfoxctl \
    /cron/sweep-holds /libexec/skyfox-image /lib/libcjson.so.1 /share/ \
    /share/htaccess.example /VERSION /INSTALL /.git/config \
    /public_html.before-skyfox/ /api/../data/skyfox.db \
    /%2e%2e/skyfox/data/skyfox.db /api-bin/.htaccess /.htaccess.new; do
	code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$SITE$p")
	case $code in
	403|404) refused=$((refused + 1)) ;;
	400) case $p in *..*|*%2e*) refused=$((refused + 1)) ;;
	     *) fail "$p answered 400" ;; esac ;;
	*) fail "$p answered $code (must be 403 or 404)" ;;
	esac
done
ok "$refused private paths refused (403/404; 400 for ../ escapes)"

# --- static files: versioned, gzipped, cached a year; pages still 304 -----------------
# (README "Static files"; the .htaccess variant of apache.conf's rules.)
V_PREFIX=$(curl -s "$SITE/" | grep -o '"/v/[0-9a-f]*/' | head -1 | tr -d '"')
hdrs() { curl -s -D- -o /dev/null -H 'Accept-Encoding: gzip' "$@" | tr -d '\r'; }
if [ -z "$V_PREFIX" ] || curl -s "$SITE/" | grep -q -E '"/(js|css)/'; then
	fail "the home page does not load versioned assets only (prefix '$V_PREFIX')"
elif ! hdrs "$SITE${V_PREFIX}js/pages/home.js" | grep -qi '^content-encoding: gzip' ||
    ! hdrs "$SITE${V_PREFIX}css/style.css" | grep -qi '^cache-control:.*max-age=31536000'; then
	fail "a versioned asset is not gzipped and cached a year: $(hdrs "$SITE${V_PREFIX}css/style.css")"
elif [ "$(curl -s -o /dev/null -w '%{http_code}' "$SITE/v/0000000000/js/api.js")" != 404 ]; then
	fail "an old version's address does not answer 404"
else
	ok "assets under $V_PREFIX: gzipped, a year's max-age; an old version is a 404"
fi
pe=$(hdrs "$SITE/" | sed -n 's/^[Ee][Tt]ag: //p')
f=$(ls "$H/skyfox/public_html/live/seats/" | head -1)
le=$(hdrs "$SITE/live/seats/$f" | sed -n 's/^[Ee][Tt]ag: //p')
pc=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $pe" "$SITE/")
lc=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $le" "$SITE/live/seats/$f")
case "$pe $le" in
*-gzip*-gzip*) [ "$pc $lc" = "304 304" ] &&
	ok "gzipped page and /live/seats/$f revalidate to 304 ($pe, $le)" ||
	fail "revalidation with gzip ETags answered $pc (page) and $lc (/live/)" ;;
*) fail "the page or /live/ is not gzipped: ETags $pe, $le" ;;
esac

# --- the data directory is private ---------------------------------------------------
open_files=$(find "$H/skyfox/data" \( -type d ! -perm 700 \) -o \( -type f -perm /077 \))
[ -z "$open_files" ] && ok "skyfox/data is 0700 with every file 0600 under umask 022 ($(find "$H/skyfox/data" -type f | wc -l) files)" ||
    fail "open to other users: $open_files"

# --- every shipped binary resolves from the bundle or glibc ---------------------------
LDD=$ROOT/build/hosting-ldd.txt
as_user 'for f in skyfox/public_html/api-bin/*.cgi skyfox/cron/* skyfox/libexec/* skyfox/bin/skyfoxctl; do echo "== $f"; ldd "$f"; done' > "$LDD" 2>&1
outside=$(grep '=>' "$LDD" | grep -v "=> $H/skyfox/" | grep -v -E '(libc|libm|libpthread|libdl|librt|libresolv)\.so' || true)
if grep -q 'not found' "$LDD"; then
	fail "a shipped binary lacks a library: $(grep 'not found' "$LDD" | head -3)"
elif [ -n "$outside" ]; then
	fail "libraries from the host, not the bundle: $outside"
else
	ok "ldd: $(grep -c '^==' "$LDD") binaries resolve from skyfox/lib or glibc (build/hosting-ldd.txt)"
fi
check "skyfoxctl check is clean" as_user "skyfox/bin/skyfoxctl check"
check "skyfoxctl doctor is clean" as_user "skyfox/bin/skyfoxctl doctor"
# The doctor on a host that lacks something: a library the tickets need,
# and a data folder someone opened up.  It must say so, in words for the host.
as_user "mv skyfox/lib/libhpdf-2.3.0.so skyfox/lib/libhpdf-2.3.0.so.away && chmod 755 skyfox/data"
if as_user "skyfox/bin/skyfoxctl doctor" > "$WORK/doctor.txt" 2>&1; then
	fail "doctor passed a host without libhpdf"
elif grep -q "tickets.cgi needs libhpdf-2.3.0.so" "$WORK/doctor.txt" &&
    grep -q "Please install the shared library libhpdf-2.3.0.so (Debian/Ubuntu package libhpdf-2.3.0)" "$WORK/doctor.txt" &&
    grep -q "is open to other users" "$WORK/doctor.txt"; then
	ok "doctor names the missing library, its package, and the open data folder"
else
	fail "doctor's words: $(cat "$WORK/doctor.txt")"
fi
as_user "mv skyfox/lib/libhpdf-2.3.0.so.away skyfox/lib/libhpdf-2.3.0.so"
# A host that allows .htaccess too little (a bare "Options" refuses the
# SymLinksIfOwnerMatch it sets): every request, pages too, is a 500.  The
# doctor must tell that from a broken CGI and say what to ask the host.
host_overrides() { # host_overrides "AllowOverride …" STATUS-of-/api/health
	sed -i "\#^<Directory $H/public_html>#,\#^</Directory>#s/^[[:space:]]*AllowOverride .*/\t$1/" "$WORK/apache/httpd.conf"
	as_user "/usr/sbin/apache2 -f $WORK/apache/httpd.conf -k graceful" >>"$LOG" 2>&1
	i=0
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "$SITE/api/health")" = "$2" ]; do
		i=$((i + 1)); [ $i -lt 50 ] || return 1
		sleep 0.1
	done
}
if host_overrides "AllowOverride FileInfo Options AuthConfig" 500; then
	as_user "skyfox/bin/skyfoxctl doctor" > "$WORK/doctor2.txt" 2>&1 || true
	grep -q "answers 500 to every request, static files too" "$WORK/doctor2.txt" &&
	    grep -q "Please allow .htaccess in my web folder: AllowOverride All, or at least AllowOverride FileInfo Indexes AuthConfig Options=ExecCGI,Indexes,SymLinksIfOwnerMatch." "$WORK/doctor2.txt" &&
	    ok "doctor on a host that refuses a line of .htaccess: asks for AllowOverride" ||
	    fail "doctor's words on a host that refuses the .htaccess: $(cat "$WORK/doctor2.txt")"
else
	fail "AllowOverride FileInfo Options AuthConfig did not make the site a 500"
fi
# INSTALL §3's minimum is enough.
host_overrides "AllowOverride FileInfo Indexes AuthConfig Options=ExecCGI,Indexes,SymLinksIfOwnerMatch" 200 &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$SITE/")" = 200 ] &&
    ok "INSTALL §3's minimum AllowOverride serves the site" ||
    fail "INSTALL §3's minimum AllowOverride: /api/health or / is not 200"
host_overrides "AllowOverride All" 200 || die "the host's Apache is not back to AllowOverride All"

# --- an upgrade: a newer bundle unpacked over this one ---------------------------------
UPGRADE_CMDS=$(block upgrade "skyfox-$NEXT-$ARCH.tar.gz")
[ -n "$UPGRADE_CMDS" ] || die "INSTALL has no '-- upgrade' command block"
printf '%s\n' "$UPGRADE_CMDS" > "$WORK/upgrade.sh"
chmod 644 "$WORK/upgrade.sh"
if as_user "set -ex; . $WORK/upgrade.sh" >"$WORK/upgrade.log" 2>&1; then
	ok "INSTALL §7's $(wc -l < "$WORK/upgrade.sh") upgrade commands ran"
else
	sed 's/^/     /' "$WORK/upgrade.log"
	fail "INSTALL §7's upgrade commands failed"
fi
expect 200 "health after the upgrade" GET /api/health
[ "$(j .data.version)" = "$NEXT" ] && ok "the site runs $NEXT" ||
    fail "after the upgrade health says $(j .data.version)"
V_AFTER=$(curl -s "$SITE/" | grep -o '"/v/[0-9a-f]*/' | head -1 | tr -d '"')
[ -n "$V_AFTER" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$SITE${V_AFTER}js/pages/home.js")" = 200 ] &&
    [ "$(ls "$H/skyfox/public_html/v")" = "$(basename "$V_AFTER")" ] &&
    ok "after the upgrade the pages' assets answer under $V_AFTER, the one version in public_html/v/" ||
    fail "after the upgrade: pages use '$V_AFTER', public_html/v/ holds $(ls "$H/skyfox/public_html/v")"
expect 200 "the customer logs in after the upgrade" POST /api/session '{"username":"meena","password":"Meena#2026"}'
CUST=$(j .data.token)
expect 200 "the booking after the upgrade" GET "/api/tickets/$BOOKING" "" "$CUST"
[ "$(j .data.code)" = "$CODE" ] && ok "booking $BOOKING and its ticket survive the upgrade" ||
    fail "the ticket changed in the upgrade"
open_files=$(find "$H/skyfox/data" \( -type d ! -perm 700 \) -o \( -type f -perm /077 \))
[ -z "$open_files" ] || fail "after the upgrade, open to other users: $open_files"
[ "$(as_user 'crontab -l' | grep -c '^# BEGIN SkyFox')" = 1 ] &&
    ok "the crontab holds one SkyFox block after the upgrade" ||
    fail "the crontab's SkyFox block is not exactly one"

if [ "$fails" -gt 0 ]; then
	echo "hosting: $fails failed (log: $LOG; KEEP=1 keeps $WORK)"
	tail -20 "$WORK/apache/error.log" 2>/dev/null | sed 's/^/     /'
	exit 1
fi
echo "hosting: all $oks checks passed"
