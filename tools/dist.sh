#!/bin/sh
# dist.sh — assemble the release bundle (make dist; DESIGN §13, INSTALL §3).
#
# One folder, skyfox/, that a customer unpacks into their home directory:
#
#   skyfox/public_html/         the web part (htdocs/ + api-bin/*.cgi); the
#                               host's document root points here
#   skyfox/bin/skyfoxctl        the sysadmin's tool
#   skyfox/cron/                the cron jobs
#   skyfox/libexec/skyfox-image the photo converter
#   skyfox/lib/                 shared objects a host may lack (+ ImageMagick's
#                               JPEG/PNG/WebP coders and its configuration)
#   skyfox/fonts/               the ticket's fonts
#   skyfox/share/               schema, seed, apache.conf, the .htaccess and
#                               crontab templates skyfoxctl init fills in
#   skyfox/data/                NOT in the bundle: made by skyfoxctl init
#
# The programs were linked with an $ORIGIN run path (Makefile, DIST_RPATH),
# so every library below resolves from skyfox/lib/ wherever it is unpacked;
# only the C library itself comes from the host.  SQLite and libsodium are
# linked in statically (Debian ships their .a); Debian ships no static cJSON,
# libharu or libqrencode, so those are bundled as shared objects like the rest.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
: "${VERSION:?}" "${DIST_BIN:?}"
ARCH=$(uname -m)
OUT=build/dist
B=$OUT/skyfox
TARBALL=build/skyfox-$VERSION-$ARCH.tar.gz
MAGICK=$(pkg-config --variable=libdir MagickCore)/ImageMagick-$(pkg-config --modversion MagickCore | sed 's/-.*//')
MULTIARCH=$(dirname "$(pkg-config --variable=libdir sqlite3)/x")

# The host's C library: never bundled (it must match the host's kernel
# interface and its loader).  Everything else a program needs is.
is_glibc() {
	case $1 in
	linux-vdso.so.*|ld-linux*.so.*|libc.so.*|libm.so.*|libpthread.so.*|\
	libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|libanl.so.*|\
	libnss_*.so.*|libmvec.so.*) return 0 ;;
	esac
	return 1
}

rm -rf "$OUT" "$TARBALL"
mkdir -p "$B/public_html/api-bin" "$B/bin" "$B/cron" "$B/libexec" "$B/lib" \
    "$B/fonts" "$B/share"

# --- programs ---------------------------------------------------------------
cp "$DIST_BIN"/cgi-bin/*.cgi "$B/public_html/api-bin/"
cp "$DIST_BIN"/cron/* "$B/cron/"
cp "$DIST_BIN"/libexec/* "$B/libexec/"
cp "$DIST_BIN/bin/skyfoxctl" "$B/bin/"
strip --strip-unneeded "$B"/public_html/api-bin/*.cgi "$B"/cron/* "$B"/libexec/* "$B/bin/skyfoxctl"

# --- the web part, data files, documents ---------------------------------------
(cd htdocs && tar cf - --exclude=.htaccess --exclude=./v .) | (cd "$B/public_html" && tar xf -)
# The assets' version in the pages' URLs, and v/<hash>/ (tools/stamp.sh).
sh tools/stamp.sh "$B/public_html" >/dev/null
cp htdocs/.htaccess "$B/share/htaccess.example"
cp fonts/*.ttf "$B/fonts/" 2>/dev/null || true
cp schema.sql seed.sql apache.conf cron/crontab.example "$B/share/"
cp INSTALL README.md "$B/"
echo "$VERSION" > "$B/VERSION"

# --- ImageMagick's coders for the three formats the converter accepts --------
mkdir -p "$B/lib/ImageMagick/coders" "$B/lib/ImageMagick/config"
for c in jpeg png webp; do
	cp "$MAGICK/modules-Q16/coders/$c.so" "$B/lib/ImageMagick/coders/"
	# libltdl reads the .la; its libdir would point at the build host.
	sed "s|^libdir=.*|libdir=''|" "$MAGICK/modules-Q16/coders/$c.la" \
	    > "$B/lib/ImageMagick/coders/$c.la"
done
cp "$MAGICK"/config-Q16/*.xml /etc/ImageMagick-6/*.xml "$B/lib/ImageMagick/config/"

# --- shared objects -----------------------------------------------------------------
# Everything the programs, the coders and libcurl (opened with dlopen by
# lib/dlcurl.c, so ldd of a program does not list it) load, transitively.
curl_so=$MULTIARCH/libcurl.so.4
needs=$(for f in "$B"/public_html/api-bin/*.cgi "$B"/cron/* "$B"/libexec/* \
    "$B/bin/skyfoxctl" "$B"/lib/ImageMagick/coders/*.so "$curl_so"; do
	echo "$f" | grep -q 'libcurl' && echo "libcurl.so.4 => $curl_so (0)"
	ldd "$f"
done | awk '$2 == "=>" && $3 ~ /^\// { print $1 " " $3 }' | sort -u)
echo "$needs" | while read -r name path; do
	[ -n "$name" ] || continue
	is_glibc "$name" && continue
	case $path in "$ROOT"/*) continue ;; esac
	cp -L "$path" "$B/lib/$name"
done
if ldd "$B"/public_html/api-bin/*.cgi "$B"/cron/* "$B"/libexec/* \
    "$B/bin/skyfoxctl" | grep -q 'not found'; then
	echo "dist: a program does not find a library:" >&2
	ldd "$B"/public_html/api-bin/*.cgi "$B"/libexec/* | grep 'not found' >&2
	exit 1
fi
chmod 644 "$B"/lib/*.so* "$B"/lib/ImageMagick/*/*

# --- the tarball -----------------------------------------------------------------------
find "$B" -type d -exec chmod 755 {} +
find "$B" -type f ! -perm -u+x -exec chmod 644 {} +
find "$B" -type f -perm -u+x -exec chmod 755 {} +
chmod 644 "$B"/lib/*.so* "$B"/lib/ImageMagick/*/* "$B/public_html"/img/* 2>/dev/null || true
tar -C "$OUT" --owner=0 --group=0 --numeric-owner --sort=name \
    --mtime="@$(git log -1 --format=%ct 2>/dev/null || date +%s)" \
    -czf "$TARBALL" skyfox
nlib=$(ls "$B"/lib/*.so* | wc -l)
echo "dist: $TARBALL ($(du -k "$TARBALL" | cut -f1) KB; $nlib shared objects bundled in skyfox/lib/)"
