#!/usr/bin/env python3
"""telex-archive then telex-replay, against telex-broker:
- records produced to 3 partitions with timestamps out of offset order are archived,
  then replayed into a 1-partition topic: every key and value comes back byte for
  byte, exactly once, in the order of their original timestamps (ties: partition,
  offset);
- --from/--to keep exactly the records with from <= t < to;
- --speed 1 over a feed spanning 3 s takes at least ~3 s, --speed max much less
  (generous bounds: real pacing figures belong in a benchmark).

    test_replay.py BIN_DIR
"""
import glob
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from confluent_kafka import Producer  # noqa: E402
from telexlib import Broker, check_exactly, consume, fail, run, start_stage  # noqa: E402

BIN = sys.argv[1]
TOTAL = 300
BASE_MS = 1478736000000  # 2016-11-10T00:00:00Z
STEP_MS = 10             # the feed spans TOTAL * STEP_MS = 3 s


def iso(ms):
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def make_records():
    """(partition, key, value, timestamp): timestamps shuffled against production order,
    values with NUL and high bytes."""
    rng = random.Random(6)
    stamps = [BASE_MS + i * STEP_MS for i in range(TOTAL)]
    rng.shuffle(stamps)
    records = []
    for i, ts in enumerate(stamps):
        value = bytes([0xC3, 0x01, 0, 0xFF]) + i.to_bytes(4, "big") + bytes(rng.randrange(256)
                                                                          for _ in range(i % 50))
        records.append((i % 3, f"k{i}".encode(), value, ts))
    return records


def produce_with_times(bootstrap, topic, records):
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    errors = []
    for partition, key, value, ts in records:
        producer.produce(topic, value, key=key, partition=partition, timestamp=ts,
                         on_delivery=lambda err, msg: err and errors.append(str(err)))
        producer.poll(0)
    if producer.flush(30) or errors:
        fail(f"produce: undelivered or errors: {errors[:3]}")


def archive(bootstrap, root, records):
    """Archives wire.enriched until every record is in a visible file."""
    stage = start_stage(f"{BIN}/telex-archive", bootstrap, "-t", "wire.enriched",
                        "-X", f"archive.dir={root}", "-X", "archive.roll.bytes=4000",
                        "-X", "archive.roll.seconds=1", name="telex-archive")
    stage.wait_for_log("partitions assigned")
    produce_with_times(bootstrap, "wire.enriched", records)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        files = glob.glob(f"{root}/**/*.avro", recursive=True)
        if files and archived_count(files) >= len(records):
            break
        time.sleep(0.5)
    if stage.stop() != 0:
        fail(f"telex-archive did not stop cleanly:\n{stage.tail()}")


def archived_count(files):
    total = 0
    for path in files:
        rc, out, err = run(["avrocat", path])
        if rc == 0:
            total += len(out.splitlines())
    return total


def replay(bootstrap, ns, root, *args):
    started = time.monotonic()
    rc, out, err = run([f"{BIN}/telex-replay", "-b", bootstrap, "--namespace", ns, *args, root],
                       timeout=120)
    elapsed = time.monotonic() - started
    if rc != 0:
        fail(f"telex-replay {args} exited {rc}:\n{err}\n{out.decode()}")
    return out.decode(), elapsed


def expected_order(records):
    return sorted(records, key=lambda r: (r[3], r[0]))  # offsets follow production order


def main():
    tmp = tempfile.mkdtemp(prefix="telex-replay-it-")
    root = os.path.join(tmp, "archive")
    records = make_records()
    with Broker(f"{BIN}/telex-broker", partitions=3) as source:
        archive(source.bootstrap, root, records)
    ordered = expected_order(records)
    with Broker(f"{BIN}/telex-broker", partitions=1,
                topics=["all.wire.enriched", "win.wire.enriched", "paced.wire.enriched"]) as target:
        out, _ = replay(target.bootstrap, "all", root)
        if f"produced {TOTAL} records" not in out or "(0 undelivered)" not in out:
            fail(f"summary line: {out!r}")
        got = consume(target.bootstrap, "all.wire.enriched", expected=TOTAL, idle=1.0)
        check_exactly([(r[1], r[2]) for r in records], [(m.key, m.value) for m in got],
                      "round trip (key, value)")
        if [m.value for m in got] != [r[2] for r in ordered]:
            fail("replayed records are not in their original time order")

        lo, hi = BASE_MS + 50 * STEP_MS, BASE_MS + 120 * STEP_MS
        out, _ = replay(target.bootstrap, "win", root, "--from", iso(lo), "--to", iso(hi))
        want = [r[2] for r in ordered if lo <= r[3] < hi]
        got = consume(target.bootstrap, "win.wire.enriched", expected=len(want), idle=1.0)
        if [m.value for m in got] != want:
            fail(f"window [{iso(lo)}, {iso(hi)}): want {len(want)} records in order, "
                 f"got {len(got)}")

        _, fast = replay(target.bootstrap, "paced", root, "--speed", "max")
        _, paced = replay(target.bootstrap, "paced", root, "--speed", "1")
        span = (TOTAL - 1) * STEP_MS / 1000
        if not span - 0.1 <= paced <= span + 15:
            fail(f"--speed 1 over {span:.2f} s of feed took {paced:.2f} s")
        if fast >= paced - span / 2:
            fail(f"--speed max ({fast:.2f} s) is not faster than --speed 1 ({paced:.2f} s)")
    shutil.rmtree(tmp)
    print(f"ok: round trip of {TOTAL} records in order, window, pacing {paced:.2f} s "
          f"(max {fast:.2f} s)")


if __name__ == "__main__":
    main()
