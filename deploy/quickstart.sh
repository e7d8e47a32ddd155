#!/usr/bin/env bash
# The README's run command: from a fresh clone to enriched stories.
#
# Installs what is missing, builds the release preset, starts telex-broker (an
# in-memory Kafka-protocol cluster on loopback), the stage daemons
# (telex-normalize, telex-tag, telex-alert), ingests the bundled sample wire
# stories (deploy/samples: plain text, NITF, ANPA, RSS, JSON, NewsML-G2), prints
# the enriched stories as JSON lines on stdout, and stops everything with
# SIGTERM. Progress goes to stderr; set TELEX_KEEP_LOGS=1 to keep the logs.
#
#   deploy/quickstart.sh                  # enriched stories (JSON lines) on stdout
#   deploy/quickstart.sh --topic wire.normalized   # or any other topic
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

topic=wire.enriched
if [ "${1:-}" = "--topic" ] && [ -n "${2:-}" ]; then
    topic=$2
fi

say() { printf 'quickstart: %s\n' "$*" >&2; }

deploy/install-deps.sh
say "building (cmake --preset release; log in build/release.log)"
mkdir -p build
if ! { cmake --preset release && cmake --build --preset release -j "$(nproc)"; } >build/release.log 2>&1; then
    tail -n 30 build/release.log >&2
    say "the build failed; the whole log is build/release.log"
    exit 1
fi
bin=$root/build/release/bin

work=$(mktemp -d)
pids=()
stop_all() {
    local rc=$?
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "${TELEX_KEEP_LOGS:-}" ]; then say "logs kept in $work"; else rm -rf "$work"; fi
    exit $rc
}
trap stop_all EXIT INT TERM

say "starting telex-broker"
"$bin/telex-broker" --port-file "$work/brokers" >"$work/broker.out" 2>"$work/broker.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/brokers" ] && break; sleep 0.1; done
[ -s "$work/brokers" ] || { say "telex-broker did not start; see $work/broker.log"; exit 1; }
brokers=$(cat "$work/brokers")
say "brokers at $brokers"

for stage in normalize tag alert; do
    say "starting telex-$stage"
    "$bin/telex-$stage" -b "$brokers" 2>"$work/$stage.log" &
    pids+=($!)
done

# The folder's manifest.tsv gives each file's format and, for plain text, which
# carries no date of its own, its publication time (as --published would).
count=$(grep -c . deploy/samples/manifest.tsv)
"$bin/telex-ingest" -b "$brokers" deploy/samples 2>>"$work/ingest.log" ||
    { say "telex-ingest failed; see $work/ingest.log"; exit 1; }
say "ingested $count sample files; waiting for $count stories on $topic"

timeout 120 "$bin/telex-cat" -b "$brokers" -t "$topic" --count "$count" 2>"$work/cat.log" ||
    { say "fewer than $count stories arrived on $topic; logs:"; tail -n 5 "$work"/*.log >&2; exit 1; }
say "done: $count stories on $topic; stopping"
