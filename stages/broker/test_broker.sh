#!/bin/sh
# Smoke test of telex-broker: help and bad flags, the topics it creates up
# front (seen through kcat's metadata), a produce/consume round trip through
# kcat, the port file, and a clean exit 0 on SIGTERM.
# Usage: test_broker.sh path/to/telex-broker
set -u
BROKER=$1
WORK=$(mktemp -d)
BROKER_PID=
fail() {
    echo "FAIL: $*"
    [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null
    cat "$WORK/stderr" 2>/dev/null
    rm -rf "$WORK"
    exit 1
}

"$BROKER" -h | grep -q -- "--port-file" || fail "-h does not print the usage"

# Bad flags: exit 2 and exactly one line on stderr naming the problem.
expect_bad_flag() {
    expected=$1
    shift
    "$BROKER" "$@" >/dev/null 2>"$WORK/bad"
    rc=$?
    [ "$rc" -eq 2 ] || fail "telex-broker $* exited $rc, want 2"
    [ "$(wc -l <"$WORK/bad")" -eq 1 ] || fail "telex-broker $*: stderr is not one line"
    grep -q -- "$expected" "$WORK/bad" || fail "telex-broker $*: stderr lacks '$expected'"
}
expect_bad_flag '--brokers' --brokers 0
expect_bad_flag '--partitions' --partitions many
expect_bad_flag 'unknown option' --no-such-flag
expect_bad_flag 'needs a value' --topic
expect_bad_flag 'not a valid topic name' --topic 'bad/name'

"$BROKER" --brokers 2 --partitions 5 --topic alerts --namespace bt42 \
    --port-file "$WORK/port" >"$WORK/stdout" 2>"$WORK/stderr" &
BROKER_PID=$!
i=0
while [ ! -s "$WORK/port" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ -s "$WORK/port" ] || fail "no port file after 10 s"
[ ! -e "$WORK/port.tmp" ] || fail "port.tmp left behind"
BOOTSTRAP=$(cat "$WORK/port")
[ "$(head -n 1 "$WORK/stdout")" = "$BOOTSTRAP" ] || fail "stdout and port file differ"

kcat -b "$BOOTSTRAP" -L >"$WORK/metadata" 2>&1 || fail "kcat -L failed"
grep -q ' 2 brokers:' "$WORK/metadata" || fail "metadata does not list 2 brokers"
for topic in wire.raw wire.normalized wire.enriched wire.dlq alerts \
    bt42.wire.raw bt42.wire.normalized bt42.wire.enriched bt42.wire.dlq bt42.alerts; do
    grep -q "topic \"$topic\" with 5 partitions" "$WORK/metadata" ||
        fail "topic $topic missing or not 5 partitions"
done

printf 'first\nsecond\n' | kcat -b "$BOOTSTRAP" -P -t bt42.wire.raw -k story-1 ||
    fail "kcat could not produce"
kcat -b "$BOOTSTRAP" -C -t bt42.wire.raw -o beginning -c 2 -e -q -f '%k=%s\n' \
    >"$WORK/consumed" 2>&1 || fail "kcat could not consume"
[ "$(cat "$WORK/consumed")" = "story-1=first
story-1=second" ] || fail "consumed '$(cat "$WORK/consumed")'"

kill -TERM "$BROKER_PID"
i=0
while kill -0 "$BROKER_PID" 2>/dev/null && [ $i -lt 150 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -0 "$BROKER_PID" 2>/dev/null && fail "still running 15 s after SIGTERM"
wait "$BROKER_PID"
rc=$?
BROKER_PID=
[ "$rc" -eq 0 ] || fail "exit code $rc after SIGTERM, want 0"
cat "$WORK/stderr"
rm -rf "$WORK"
echo "broker smoke test passed"
