#!/usr/bin/env python3
"""telex-archive against telex-broker: kill -9 at random moments, restart, and
every record is in exactly one visible file; no visible file is corrupt
(avrocat reads each). The byte-for-byte check is the replay round trip
(tests/integration/replay): avrocat's JSON stops a bytes value at a NUL byte.

    test_archive.py BIN_DIR
"""
import glob
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time

from confluent_kafka import Producer

BIN = sys.argv[1]
TOTAL = 3000
KILLS = 4


def start_broker(tmp):
    port_file = os.path.join(tmp, "bootstrap")
    broker = subprocess.Popen([f"{BIN}/telex-broker", "--partitions", "3", "--port-file", port_file],
                              stdout=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(port_file):
            return broker, open(port_file).read().strip()
        time.sleep(0.1)
    sys.exit("FAIL: telex-broker wrote no bootstrap list")


def start_archive(bootstrap, root, log):
    return subprocess.Popen([f"{BIN}/telex-archive", "-b", bootstrap, "-t", "wire.enriched",
                             "-X", f"archive.dir={root}", "-X", "archive.roll.bytes=20000",
                             "-X", "archive.roll.seconds=1",
                             # A killed member holds its partitions until its session times out.
                             "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500"],
                            stderr=log)


def wait_assigned(log_path, times):
    """Waits until the log shows the n-th partition assignment (a live instance at work)."""
    deadline = time.time() + 60
    while time.time() < deadline:
        with open(log_path, "rb") as fh:
            if fh.read().count(b'msg="partitions assigned"') >= times:
                return
        time.sleep(0.1)
    sys.exit(f"FAIL: telex-archive got no partitions within 60 s; see {log_path}")


def value_of(i):
    return bytes([0xC3, 0x01]) + i.to_bytes(4, "big") + bytes(range(i % 200))


def archived(root):
    """(key -> list of (file, value)) over the visible files, read with avrocat."""
    import json
    seen = {}
    for path in sorted(glob.glob(f"{root}/**/*.avro", recursive=True)):
        out = subprocess.run(["avrocat", path], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"FAIL: avrocat cannot read {path}: {out.stderr.strip()}")
        for line in out.stdout.splitlines():
            rec = json.loads(line)
            key = rec["key"]["bytes"]
            seen.setdefault(key, []).append((path, rec["value"]["bytes"]))
    return seen


def main():
    tmp = tempfile.mkdtemp(prefix="telex-archive-it-")
    root = os.path.join(tmp, "archive")
    broker, bootstrap = start_broker(tmp)
    log = open(os.path.join(tmp, "archive.log"), "wb")
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    rng = random.Random(7)
    archive = start_archive(bootstrap, root, log)
    try:
        # Records arrive steadily while the archive is killed at random moments, so kills
        # land with files open, mid-roll and between files.
        def produce_all():
            for i in range(TOTAL):
                producer.produce("wire.enriched", key=b"k%d" % i, value=value_of(i),
                                 timestamp=1478736000000 + i * 1000)
                producer.poll(0)
                time.sleep(0.01)
            producer.flush(10)

        feeder = threading.Thread(target=produce_all)
        feeder.start()
        for n in range(KILLS):
            wait_assigned(log.name, n + 1)
            time.sleep(rng.uniform(0.2, 1.5))
            archive.send_signal(signal.SIGKILL)
            archive.wait()
            archive = start_archive(bootstrap, root, log)
        feeder.join()
        sent = TOTAL
        # Let the last instance catch up and close its files (roll.seconds=1), then stop it.
        deadline = time.time() + 120
        while time.time() < deadline:
            time.sleep(1)
            seen = archived(root)
            if len(seen) >= sent:
                break
        archive.send_signal(signal.SIGTERM)
        archive.wait(timeout=30)
        seen = archived(root)
        missing = [i for i in range(sent) if f"k{i}" not in seen]
        doubled = [k for k, v in seen.items() if len(v) != 1]
        if missing or doubled:
            sys.exit(f"FAIL: {len(missing)} records missing (e.g. {missing[:5]}), "
                     f"{len(doubled)} in more than one file (e.g. {doubled[:3]}); log {log.name}")
        leftovers = glob.glob(f"{root}/**/.*.tmp", recursive=True)
        if leftovers:
            sys.exit(f"FAIL: temporary files left after a clean stop: {leftovers}")
        files = len(glob.glob(f"{root}/**/*.avro", recursive=True))
        print(f"ok: {sent} records in exactly one of {files} visible files after {KILLS} kill -9")
    finally:
        if archive.poll() is None:
            archive.kill()
        broker.send_signal(signal.SIGTERM)
        broker.wait(timeout=10)


if __name__ == "__main__":
    main()
