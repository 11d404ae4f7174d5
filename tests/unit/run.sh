#!/bin/sh
# Run the Check unit suites (LeakSanitizer on under SAN=1).
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$here/build/unit-tests"
