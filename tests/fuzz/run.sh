#!/bin/sh
# make fuzz: build one libFuzzer target per parser with clang against the
# lib/ sources (ASan + UBSan), then run each for FUZZ_SECONDS over a copy of
# its seed corpus (tests/fuzz/seeds/<target>/).  Any crash, leak, sanitizer
# report or oracle abort fails the run; the reproducer is kept under
# build/fuzz/artifacts/<target>/.  FUZZ_TARGETS="json form" runs a subset.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# FUZZ_OUT: where binaries, corpora and logs go (make check's one-second
# smoke run uses its own, so it never clobbers a long run's logs).
out=${FUZZ_OUT:-"$root/build/fuzz"}
secs=${FUZZ_SECONDS:-60}
CC=${FUZZ_CC:-clang}
targets=${FUZZ_TARGETS:-"form multipart json typed request route jwt"}

command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang)"; exit 1; }

# The foundation's core: parsers, request/response, auth.  Heavier modules
# (images, PDF, HTTP) are not linked, so this list is explicit.
CORE="app auth buf clock config db err form json keys maintenance multipart request response text user"
srcs() {
	case $1 in
	form)		echo "form text" ;;
	multipart)	echo "multipart text" ;;
	json)		echo "json buf text clock" ;;
	typed)		echo "json form buf text clock" ;;
	request)	echo "request form multipart json buf text clock" ;;
	route|jwt)	echo "$CORE" ;;
	esac
}

CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I$root/lib $(pkg-config --cflags libcjson sqlite3 libsodium)"
LIBS="$(pkg-config --libs libcjson sqlite3 libsodium) -lm"

mkdir -p "$out"
failed=""
for t in $targets; do
	files="$here/fuzz_$t.c"
	for s in $(srcs "$t"); do files="$files $root/lib/$s.c"; done
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -o "$out/fuzz_$t" $files $LIBS; then
		echo "fuzz_$t: build FAILED"; failed="$failed $t"; continue
	fi
	corpus="$out/corpus/$t"
	art="$out/artifacts/$t"
	rm -rf "$art"
	mkdir -p "$corpus" "$art"
	cp "$here/seeds/$t/"* "$corpus/" 2>/dev/null
	log="$out/fuzz_$t.log"
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ASAN_OPTIONS=detect_leaks=1 \
	"$out/fuzz_$t" -max_total_time="$secs" -max_len=20000 -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$art/" "$corpus" >"$log" 2>&1
	rc=$?
	# The log quotes fuzz inputs, so it may hold any byte: read it as text.
	execs=$(LC_ALL=C sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(LC_ALL=C sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	cov=$(LC_ALL=C grep -a -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "fuzz_$t: ok, ${execs:-?} runs (${rate:-?}/s) in ${secs}s, $cov, corpus $(ls "$corpus" | wc -l)"
	else
		echo "fuzz_$t: FAILED (exit $rc) after ${execs:-?} runs; see $log"
		LC_ALL=C grep -a -E -A12 'ERROR: |runtime error|deadly signal' "$log" | head -30
		ls "$art"
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz FAILED:$failed"
	exit 1
fi
echo "fuzz: all targets ok"
