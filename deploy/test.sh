#!/usr/bin/env bash
# The README's test command: installs what is missing, builds Telex from
# scratch with AddressSanitizer and UndefinedBehaviorSanitizer (preset asan),
# and runs the whole suite through ctest: unit tests, fuzz corpus replays and
# integration tests that start telex-broker and real stage processes.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
rm -rf build/asan
cmake --preset asan
cmake --build --preset asan -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset asan -j 2 --timeout 900 "$@"
