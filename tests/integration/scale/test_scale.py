#!/usr/bin/python3
"""Scale test: three telex-tag instances in one group share a 12-partition topic.

telex-broker holds NS.wire.normalized with 12 partitions. Three telex-tag
processes join one consumer group and must each get partitions. Stories are
produced while they run; once output flows, one instance is killed with
SIGKILL (no goodbye to the group). Its partitions must move to the other two,
and every story must still arrive in NS.wire.enriched at least once.

    test_scale.py --bin BUILD/bin [--stories N]

Exit 0 on success; otherwise a line saying what went wrong and a non-zero exit.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from confluent_kafka import Consumer, Producer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "deploy"))
from harness import (Failure, check_no_sanitizer_report, free_port, http_get,  # noqa: E402
                     join_frames, produce_all, split_frames, start_broker, start_stage, stop,
                     wait_for)

PARTITIONS = 12
INSTANCES = 3
PARTITION_EVENT = re.compile(r'msg="partitions (assigned|revoked)" count=(\d+)')


def start_tag(bin_dir, bootstrap, namespace, group, index, work):
    port = free_port()
    log_path = os.path.join(work, f"tag{index}.log")
    # A short session timeout so the group notices the killed instance in seconds.
    proc = start_stage(os.path.join(bin_dir, "telex-tag"), log_path,
                       ["-b", bootstrap, "--namespace", namespace, "-G", group, "--metrics",
                        f"127.0.0.1:{port}", "-X", "session.timeout.ms=6000",
                        "-X", "heartbeat.interval.ms=1000"])
    return {"proc": proc, "port": port, "log": log_path, "index": index}


def partition_events(instance):
    """[(kind, count)] of the instance's "partitions assigned/revoked" log lines."""
    with open(instance["log"], errors="replace") as f:
        return [(m.group(1), int(m.group(2))) for m in PARTITION_EVENT.finditer(f.read())]


def owned_partitions(instance):
    return sum(n if kind == "assigned" else -n for kind, n in partition_events(instance))


def story_frames(frames_tool, n, prefix):
    """The N Story frames scale-frames writes, as (id, frame bytes)."""
    frames = split_frames(subprocess.run([frames_tool, "stories", str(n), prefix],
                                         capture_output=True, check=True).stdout)
    if len(frames) != n:
        raise Failure(f"scale-frames wrote {len(frames)} frames, expected {n}")
    return [(f"{prefix}-{i:06d}", frame) for i, frame in enumerate(frames)]


def enriched_ids(frames_tool, values):
    """The story ids of EnrichedStory frames, decoded by scale-frames."""
    out = subprocess.run([frames_tool, "ids"], input=join_frames(values), capture_output=True)
    if out.returncode != 0:
        raise Failure(f"cannot decode the enriched output: {out.stderr.decode().strip()}")
    return out.stdout.decode().split()


def produce(producer, topic, frames):
    produce_all(producer, topic, [frame for _, frame in frames],
                keys=[story_id.encode() for story_id, _ in frames])


def run(args, work):
    namespace = f"scale{os.getpid()}"
    group = f"telex-tag-{namespace}"
    broker, bootstrap = start_broker(args.bin, work, "--partitions", str(PARTITIONS),
                                     "--namespace", namespace)
    instances = []
    try:
        instances = [start_tag(args.bin, bootstrap, namespace, group, i, work)
                     for i in range(INSTANCES)]
        # Ready means the instance has partitions and a producer that reached the broker.
        wait_for("all three telex-tag instances to be ready",
                 lambda: all(http_get(t["port"], "/readyz")[0] == 200 for t in instances), 90)
        shares = [owned_partitions(t) for t in instances]
        print(f"partitions per instance after start: {shares}")
        if sum(shares) != PARTITIONS or min(shares) == 0:
            raise Failure(f"the instances own {shares} partitions; expected all {PARTITIONS} "
                          "shared by the three")

        frames = story_frames(args.frames, args.stories, namespace)
        expected = {story_id for story_id, _ in frames}
        producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"reader-{namespace}",
                            "auto.offset.reset": "earliest", "enable.auto.commit": False})
        consumer.subscribe([f"{namespace}.wire.enriched"])
        values = []

        def read_for(seconds):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                msg = consumer.poll(0.2)
                if msg is not None and not msg.error():
                    values.append(msg.value())

        third = len(frames) // 3
        produce(producer, f"{namespace}.wire.normalized", frames[:third])
        deadline = time.monotonic() + 60
        while len(values) < third // 2 and time.monotonic() < deadline:
            read_for(0.5)
        if len(values) < third // 2:
            raise Failure(f"only {len(values)} enriched stories after 60 s; the stage is not "
                          "processing")

        victim = instances[0]
        print(f"killing instance 0 (pid {victim['proc'].pid}) after {len(values)} enriched "
              "stories")
        victim["proc"].send_signal(signal.SIGKILL)
        victim["proc"].wait()
        produce(producer, f"{namespace}.wire.normalized", frames[third:])

        seen = set()
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            read_for(2)
            seen = set(enriched_ids(args.frames, values))
            if expected <= seen:
                break
        consumer.close()
        missing = expected - seen
        survivors = instances[1:]
        shares = [owned_partitions(t) for t in survivors]
        print(f"enriched records read: {len(values)} for {len(expected)} stories "
              f"({len(values) - len(seen & expected)} duplicates); survivors own {shares}")
        if missing:
            raise Failure(f"{len(missing)} of {len(expected)} stories never arrived, e.g. "
                          f"{sorted(missing)[:5]}")
        if sum(shares) != PARTITIONS:
            raise Failure(f"after the kill the survivors own {shares} partitions, "
                          f"not all {PARTITIONS}")
        if not any(kind == "assigned" for kind, _ in partition_events(victim)):
            raise Failure("the killed instance never had partitions")
    finally:
        stop_all(instances, broker)


def stop_all(instances, broker):
    """SIGTERM to every instance still running, then the broker; the survivors exit 0."""
    codes = {}
    for t in instances:
        if t["proc"].poll() is None:
            t["proc"].send_signal(signal.SIGTERM)
    for t in instances:
        codes[t["index"]] = stop(t["proc"])
    stop(broker)
    for t in instances:
        if t["index"] != 0 and codes[t["index"]] != 0:
            raise Failure(f"telex-tag instance {t['index']} exited {codes[t['index']]} on "
                          f"SIGTERM; see {t['log']}")
        check_no_sanitizer_report(t["log"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="folder of telex-broker and telex-tag")
    parser.add_argument("--frames", required=True, help="the scale-frames helper")
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--timeout", type=int, default=120,
                        help="seconds to wait for the last stories after the kill")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="telex-scale-")
    try:
        run(args, work)
    except (Failure, subprocess.CalledProcessError) as e:
        print(f"scale test FAILED: {e} (logs in {work})")
        for name in sorted(os.listdir(work)):
            if name.endswith(".log"):
                with open(os.path.join(work, name), errors="replace") as f:
                    tail = f.read().splitlines()[-15:]
                print(f"--- {name} (last lines)\n" + "\n".join(tail))
        return 1
    print("scale test passed: every story arrived, the killed instance's partitions moved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
