#!/bin/sh
# subset-fonts.sh OUTDIR — the ticket's fonts: DejaVu Sans and DejaVu Sans
# Bold from Debian's fonts-dejavu-core, cut down (fontTools, Debian's
# python3-fonttools) to the scripts a ticket prints: Latin in all its
# extensions (names in any Latin script, Vietnamese included), combining
# marks, Greek, Cyrillic, punctuation, currency signs (₹) and arrows.
#
# Why: libharu 2.3.0 embeds the whole font and builds its UTF-8 CMap by
# looking every code point up in the font's cmap; with the full 740 KB fonts
# that was 286M instructions and ~40 ms a ticket, with these ~70 KB subsets
# about a quarter of that (and a PDF of 40 KB instead of 186 KB).
# Without fontTools nothing is made and tickets.cgi uses the full fonts.
set -eu
# Debian's own Python: python3-fonttools installs into it, not into another python3 on PATH.
PY=${PYTHON:-/usr/bin/python3}
out=$1
src=/usr/share/fonts/truetype/dejavu
ranges="U+0020-007E,U+00A0-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF"
ranges="$ranges,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2212,U+FFFD"
if ! "$PY" -c 'import fontTools.subset' 2>/dev/null; then
	echo "subset-fonts: python3-fonttools is missing; tickets use the full DejaVu fonts" >&2
	exit 0
fi
mkdir -p "$out"
for f in DejaVuSans DejaVuSans-Bold; do
	"$PY" -m fontTools.subset "$src/$f.ttf" --unicodes="$ranges" \
	    --output-file="$out/$f.ttf.tmp" --name-IDs='*' --name-languages='*' \
	    --glyph-names --notdef-outline --no-hinting --layout-features='' \
	    2>/dev/null
	mv "$out/$f.ttf.tmp" "$out/$f.ttf"
done
