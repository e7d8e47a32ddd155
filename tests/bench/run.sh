#!/bin/sh
# Telex benchmarks: builds the release binaries and the bench programs, runs
# every measurement and prints one markdown table (see bench.py).
#
#   tests/bench/run.sh [--quick] [bench.py options...]
#
# The build is build/bench: Release like the release preset, but with
# TELEX_TESTS=ON because the bench programs live under tests/ (the release
# preset turns the tests off). Only the programs the benchmark runs are built.
# The table also goes to build/bench/bench-results.md. The full run takes
# long (100,000 stories through Kafka, a million through --stdio): use
# --quick while developing.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build="$src/build/bench"

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTELEX_TESTS=ON >/dev/null
cmake --build "$build" -j2 --target telex-broker telex-ingest telex-normalize telex-tag \
    bench-corpus bench-ceiling bench-drive bench-engine >/dev/null

exec /usr/bin/python3 "$src/tests/bench/bench.py" --bin "$build/bin" \
    --out "$build/bench-results.md" "$@"
