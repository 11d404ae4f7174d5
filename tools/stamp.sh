#!/bin/sh
# stamp.sh — version the static assets' URLs (issue 14; README "Static files").
#
#   stamp.sh DIR         stamp DIR in place: an installed or bundled copy of
#                        htdocs/ (make install, make dist)
#   stamp.sh SRC DEST    DEST becomes a stamped copy of SRC: what make run/
#                        start and the tests serve (make, tools/site.sh).
#                        DEST is a symbolic link swapped at once to a new
#                        tree, and only when something in SRC changed.
#
# The version is a short hash of what the pages load — js/, css/, img/,
# vendor/, favicon.svg and docs/docs.js — so any edit there gives new URLs.
# Stamping:
#   * makes v/<hash>/, whose entries are relative symbolic links back to
#     those files: /v/<hash>/js/pages/home.js is js/pages/home.js, and a
#     module's relative imports ('./api.js') stay under the same prefix.
#     Apache sends them with a year's max-age (apache.conf, .htaccess);
#     any other v/ entry (an older version) is removed, so an old hash is a
#     404, never today's file cached for a year under yesterday's name;
#   * rewrites the pages' <link>/<script> tag lines and the header's logo:
#     "/css/…", "/js/…", "/docs/docs.js", "/favicon.svg" become
#     "/v/<hash>/…".  The source pages keep plain URLs, and the plain URLs
#     keep working (revalidated each time) for anything that uses them.
# Prints the hash.
set -eu

ASSETS="js css img vendor favicon.svg docs/docs.js"

asset_hash() { # DIR → the version
	(cd "$1" && for a in $ASSETS; do
		[ ! -e "$a" ] || find "$a" -type f
	done | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-10)
}

stamp_in_place() { # DIR
	d=$1
	h=$(asset_hash "$d")
	mkdir -p "$d/v"
	for old in "$d"/v/*; do
		[ -e "$old" ] || [ -L "$old" ] || continue
		[ "$old" = "$d/v/$h" ] || rm -rf "$old"
	done
	rm -rf "$d/v/$h.tmp"
	mkdir -p "$d/v/$h.tmp/docs"
	for a in js css img vendor favicon.svg; do
		[ ! -e "$d/$a" ] || ln -s "../../$a" "$d/v/$h.tmp/$a"
	done
	[ ! -e "$d/docs/docs.js" ] || ln -s ../../../docs/docs.js "$d/v/$h.tmp/docs/docs.js"
	rm -rf "$d/v/$h"
	mv "$d/v/$h.tmp" "$d/v/$h"
	# Only the tag lines: <link rel="icon|stylesheet">, <script src>, and
	# the header's logo <img src="/favicon.svg">.
	find "$d" -path "$d/v" -prune -o -type f \
	    \( -name '*.html' -o -name '*.shtml' \) -print | while read -r f; do
		sed -E \
		    -e '/<(link|script|img) /s#(href|src)="/(v/[0-9a-f]+/)?(css/|js/|docs/docs\.js"|favicon\.svg")#\1="/v/'"$h"'/\3#g' \
		    "$f" > "$f.stamp"
		if cmp -s "$f" "$f.stamp"; then rm -f "$f.stamp"; else
			chmod "$(stat -c %a "$f")" "$f.stamp"
			mv "$f.stamp" "$f"
		fi
	done
	echo "$h"
}

if [ $# -eq 1 ]; then
	stamp_in_place "$1"
	exit 0
fi
[ $# -eq 2 ] || { echo "usage: stamp.sh DIR | stamp.sh SRC DEST" >&2; exit 2; }

src=$1 dest=$2
parent=$(dirname "$dest")
base=$(basename "$dest")
mkdir -p "$parent"
# Everything in SRC (names and contents) decides whether to restamp.
digest=$( (cd "$src" && find . -path ./v -prune -o -type f -print |
    LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12) )
tree=$parent/$base.$digest
if [ ! -d "$tree" ]; then
	tmp=$parent/$base.tmp.$$
	rm -rf "$tmp"
	mkdir -p "$tmp"
	(cd "$src" && tar cf - --exclude=./v .) | (cd "$tmp" && tar xf -)
	stamp_in_place "$tmp" >/dev/null
	# Two sites starting at once may both build it: the first one wins.
	mv -T "$tmp" "$tree" 2>/dev/null || rm -rf "$tmp"
fi
if [ "$(readlink "$dest" 2>/dev/null || true)" != "$base.$digest" ]; then
	ln -sfn "$base.$digest" "$parent/$base.link.$$"
	mv -T "$parent/$base.link.$$" "$dest"
fi
# Older trees go (a running site follows the link).
for t in "$parent/$base".*; do
	case $t in
	"$tree"|"$parent/$base".tmp.*|"$parent/$base".link.*) ;;
	*) [ ! -d "$t" ] || [ -L "$t" ] || rm -rf "$t" ;;
	esac
done
asset_hash "$tree"
