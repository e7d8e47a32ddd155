"""Integration tests of processing.guarantee=exactly_once, against telex-broker.

What telex-broker (librdkafka 2.0.2's mock cluster) does with transactions,
as test_mock checks on every run so a change of librdkafka shows up here:
  - it answers InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn,
    TxnOffsetCommit and EndTxn, and checks the producer id and epoch, so the
    whole client-side flow (init, begin, produce, send offsets, commit, abort)
    runs for real;
  - it writes no commit or abort markers, keeps every record of an aborted or
    still-open transaction, and ignores isolation.level: a read_committed
    consumer sees aborted records;
  - it does not store the offsets of TxnOffsetCommit;
  - InitProducerId with a known transactional.id hands out a new producer id
    instead of bumping the epoch, so an older producer with the same id is
    never fenced.
So these tests verify the flow, the counts after clean runs and restarts, the
DLQ inside a transaction, and start-up checks. They cannot verify atomicity
(that an aborted batch's outputs disappear), read_committed filtering, or
zombie fencing; those need a real Kafka cluster.

    /usr/bin/python3 test_exactly_once.py --broker B --passthrough P --cat C --testgen G clean
"""

import json
import os
import signal
import struct
import sys
import tempfile
import time
import uuid

from confluent_kafka import (OFFSET_BEGINNING, Consumer, KafkaException, Producer,
                             TopicPartition)

import telexlib as tl
from telexlib import fail

N = 5000
TXN_MAX_RECORDS = 500  # TELEX_TXN_MAX_RECORDS in pipeline/runtime/stage_io.h
EOS = ["-X", "processing.guarantee=exactly_once"]


def start_passthrough(args, broker, *extra, name="passthrough"):
    stage = tl.start_stage(args.passthrough, broker.bootstrap, *EOS, *extra, name=name)
    stage.wait_for_log(r"partitions assigned", timeout=30)
    return stage


def values(messages):
    return [m.value for m in messages]


def committed_total(bootstrap, group, topic, partitions=16):
    """The sum of group's committed offsets on topic (what it will not read again)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                         "enable.auto.commit": False})
    try:
        parts = consumer.committed([TopicPartition(topic, p) for p in range(partitions)],
                                   timeout=10)
    finally:
        consumer.close()
    return sum(p.offset for p in parts if p.offset >= 0)


def read_partition(bootstrap, topic, isolation):
    """Every record of partition 0 of topic, read with the given isolation.level."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"probe-{uuid.uuid4()}",
                         "enable.auto.commit": False, "enable.partition.eof": True,
                         "isolation.level": isolation})
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    got, deadline = [], time.monotonic() + 15
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            if msg is None:
                continue
            if msg.error() and msg.error().code() == -191:  # _PARTITION_EOF
                break
            if not msg.error():
                got.append(msg.value())
    finally:
        consumer.close()
    return got


def test_mock(args):
    """Pins down what the mock cluster does with transactions (see the top)."""
    with tl.Broker(args.broker, topics=["probe.out", "probe.in"]) as broker:
        bs = broker.bootstrap
        producer = Producer({"bootstrap.servers": bs, "transactional.id": "probe-1"})
        producer.init_transactions(10)
        producer.begin_transaction()
        producer.produce("probe.out", b"aborted", partition=0)
        producer.flush(10)
        producer.abort_transaction(10)
        producer.begin_transaction()
        producer.produce("probe.out", b"committed", partition=0)
        producer.flush(10)
        producer.commit_transaction(10)
        seen = read_partition(bs, "probe.out", "read_committed")
        if seen != [b"aborted", b"committed"]:
            fail(f"read_committed saw {seen}: the mock now filters aborted records; "
                 "update this test and the README (atomicity may be testable now)")

        tl.produce(bs, "probe.in", [b"a", b"b", b"c"], partition=0)
        consumer = Consumer({"bootstrap.servers": bs, "group.id": "probe-group",
                             "enable.auto.commit": False, "auto.offset.reset": "earliest"})
        consumer.subscribe(["probe.in"])
        got, deadline = 0, time.monotonic() + 30
        while got < 3 and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            got += msg is not None and not msg.error()
        producer.begin_transaction()
        producer.send_offsets_to_transaction([TopicPartition("probe.in", 0, 3)],
                                             consumer.consumer_group_metadata(), 10)
        producer.commit_transaction(10)
        stored = consumer.committed([TopicPartition("probe.in", 0)], timeout=10)[0].offset
        consumer.close()
        if stored == 3:
            fail("the mock now stores transactional offsets; update this test and the README")

        second = Producer({"bootstrap.servers": bs, "transactional.id": "probe-1"})
        second.init_transactions(10)
        try:
            producer.begin_transaction()
            producer.produce("probe.out", b"zombie", partition=0)
            producer.commit_transaction(10)
        except KafkaException:
            fail("the mock now fences an older producer; add a fencing test and update the README")
    print("mock: no markers, aborted records visible to read_committed, transactional offsets "
          "not stored, no fencing")


def test_clean(args):
    """5,000 in, exactly 5,000 out inside transactions; the group's offsets say 5,000."""
    frames = tl.test_frames(args.testgen, N)
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker)
        if "guarantee=exactly_once" not in stage.log_text():
            fail(f"the stage does not say it runs exactly_once:\n{stage.tail()}")
        tl.produce(broker.bootstrap, "wire.raw", frames)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120)
        rc = stage.stop()
        if rc != 0:
            fail(f"telex-passthrough exited {rc} after SIGTERM:\n{stage.tail()}")
        tl.check_exactly(frames, values(got), "wire.passthrough")
        done = committed_total(broker.bootstrap, "telex-passthrough", "wire.raw")
        if done != N:
            fail(f"the group committed offsets for {done} records, want {N}")
        if "transaction aborted" in stage.log_text():
            fail(f"a transaction was aborted in a clean run:\n{stage.tail()}")
    print(f"clean: {N} in, {len(got)} out, exactly once; offsets committed for {done}")


def produce_in_background(bootstrap, frames):
    """Produces frames to wire.raw from a thread, 100 at a time; see telexlib."""
    return tl.produce_in_background(bootstrap, "wire.raw", frames, chunk=100, pause=0.2)


def output_count(broker):
    return len(tl.consume(broker.bootstrap, "wire.passthrough", timeout=5, idle=1))


def test_kill9(args):
    """kill -9 mid-stream, restart with the same transactional.id: every record arrives.
    The mock keeps the killed instance's open transaction, so duplicates are possible
    here (on Kafka, read_committed readers would not see them), but no more than the
    open transaction and the one before it (whose offsets may not have reached the
    group yet) hold."""
    frames = tl.test_frames(args.testgen, N)
    txn_id = ["-X", "transactional.id=telex-eos-test"]
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker, *txn_id)
        producer = produce_in_background(broker.bootstrap, frames)
        tl.wait_until(lambda: output_count(broker) >= N // 4, 60, "a quarter of the output")
        stage.kill9()
        seen_at_kill = output_count(broker)
        if not producer.is_alive():
            fail("the input was complete before the kill: the test proves nothing; slow it down")
        stage = start_passthrough(args, broker, *txn_id)
        if "transactional_id=telex-eos-test" not in stage.log_text():
            fail(f"the restarted stage does not use the given transactional.id:\n{stage.tail()}")
        tl.join_producer(producer)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120, idle=4)
        rc = stage.stop()
        if rc != 0:
            fail(f"restarted telex-passthrough exited {rc}:\n{stage.tail()}")
        dups = tl.check_all_arrived(frames, values(got), "wire.passthrough after kill -9")
        if dups > 2 * TXN_MAX_RECORDS:
            fail(f"{dups} duplicates after kill -9, more than two transactions' worth "
                 f"({2 * TXN_MAX_RECORDS}): offsets are not reaching the group")
        done = committed_total(broker.bootstrap, "telex-passthrough", "wire.raw")
        if done != N:
            fail(f"after the restart the group committed offsets for {done} records, want {N}")
    print(f"kill9: killed after {seen_at_kill} out; all {N} arrived ({dups} duplicates, "
          f"at most {2 * TXN_MAX_RECORDS} allowed on the mock)")


def test_sigterm(args):
    """SIGTERM mid-stream commits the open transaction; the restart duplicates nothing."""
    frames = tl.test_frames(args.testgen, N)
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker)
        producer = produce_in_background(broker.bootstrap, frames)
        tl.wait_until(lambda: output_count(broker) >= N // 4, 60, "a quarter of the output")
        rc = stage.stop(signal.SIGTERM)
        if rc != 0:
            fail(f"telex-passthrough exited {rc} after SIGTERM:\n{stage.tail()}")
        stage = start_passthrough(args, broker)
        tl.join_producer(producer)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120, idle=4)
        rc = stage.stop()
        if rc != 0:
            fail(f"restarted telex-passthrough exited {rc}:\n{stage.tail()}")
        tl.check_exactly(frames, values(got), "wire.passthrough after SIGTERM and restart")
    print(f"sigterm: {N} arrived exactly once across a stop and a restart")


def test_poison(args):
    """A poison record inside a transaction: its dead letter is produced in the same
    transaction (the offsets after it are committed only with it); the rest flow."""
    before = tl.test_frames(args.testgen, 100, 0)
    after = tl.test_frames(args.testgen, 100, 100)
    poison = b"not an avro frame \x00\x01"
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker, "--log-level", "debug")
        tl.produce(broker.bootstrap, "wire.raw", before + [poison] + after, partition=3)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=200, timeout=60)
        dlq = tl.consume(broker.bootstrap, "wire.dlq", expected=1, timeout=30)
        rc = stage.stop()
        if rc != 0:
            fail(f"telex-passthrough exited {rc}:\n{stage.tail()}")
        tl.check_exactly(before + after, values(got), "wire.passthrough")
        if len(dlq) != 1:
            fail(f"wire.dlq holds {len(dlq)} records, want 1")
        rc, out, err = tl.run([args.cat, "-b", broker.bootstrap, "-t", "wire.dlq", "-e"])
        dead = json.loads(out.decode().splitlines()[0]) if rc == 0 and out else {}
        if dead.get("partition") != 3 or dead.get("offset") != 100:
            fail(f"dead letter names {dead.get('partition')}/{dead.get('offset')}, want 3/100")
        done = committed_total(broker.bootstrap, "telex-passthrough", "wire.raw")
        if done != 201:
            fail(f"the group committed offsets for {done} records, want 201")
    print("poison: 1 dead letter in its transaction, 200 records around it exactly once")


def expect_config_error(argv, want_text, env=None):
    rc, _, err = tl.run(argv, timeout=30, env=env)
    lines = err.strip().splitlines()
    if rc != 2 or len(lines) != 1 or want_text not in lines[0]:
        fail(f"{' '.join(argv[1:])}: exit {rc}, stderr {err!r}; want exit 2 and one line "
             f"with {want_text!r}")


def test_config(args):
    """exactly_once with what it cannot work with fails at start-up with one line."""
    p = args.passthrough
    expect_config_error([p, *EOS, "-X", "enable.idempotence=false"],
                        "processing.guarantee=exactly_once needs enable.idempotence=true")
    expect_config_error([p, *EOS, "--stdio"], "does not apply to --stdio")
    expect_config_error([p, "-X", "processing.guarantee=twice"],
                        '"twice" is not at_least_once or exactly_once')
    expect_config_error([p, "-X", "transactional.id=x"],
                        "transactional.id (from -X) needs processing.guarantee=exactly_once")
    expect_config_error([p], "needs processing.guarantee=exactly_once",
                        env={"TELEX_TRANSACTIONAL_ID": "x"})
    expect_config_error([args.cat, *EOS, "-t", "wire.raw"],
                        "processing.guarantee=exactly_once applies only to stages, not to cat")
    rc, out, _ = tl.run([p, "--help"])
    for want in ("processing.guarantee", "TELEX_PROCESSING_GUARANTEE", "transactional.id"):
        if want not in out.decode():
            fail(f"--help lacks {want!r}")
    print("config: bad exactly_once combinations fail at start-up with one line")


# ---- telex-cat -f: an Avro object container file written here, independently of the C code ----


def zigzag(n):
    """An Avro long: zig-zag, then base-128 varint."""
    n = (n << 1) ^ (n >> 63)
    out = bytearray()
    while n & ~0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def avro_bytes(b):
    return zigzag(len(b)) + b


def write_container(path, schema_json, bodies, per_block=7):
    """An Avro object container file (null codec) holding bodies, several blocks."""
    sync = os.urandom(16)
    meta = {"avro.schema": schema_json.encode(), "avro.codec": b"null"}
    with open(path, "wb") as f:
        f.write(b"Obj\x01")
        f.write(zigzag(len(meta)))
        for k, v in meta.items():
            f.write(avro_bytes(k.encode()) + avro_bytes(v))
        f.write(zigzag(0))
        f.write(sync)
        for i in range(0, len(bodies), per_block):
            block = bodies[i:i + per_block]
            data = b"".join(block)
            f.write(zigzag(len(block)) + zigzag(len(data)) + data + sync)


def test_catfile(args):
    """telex-cat -f prints every record of an Avro container file as a JSON line, in order."""
    frames = tl.test_frames(args.testgen, 30)
    schema_dir = os.environ.get("TELEX_SCHEMA_DIR", "schemas")
    with open(os.path.join(schema_dir, "RawStory.avsc")) as f:
        schema_json = f.read()
    # A single-object frame is C3 01, the 8-byte fingerprint, then the plain Avro body.
    bodies = [frame[10:] for frame in frames]
    path = tempfile.mktemp(prefix="telex-catfile-", suffix=".avro")
    try:
        write_container(path, schema_json, bodies)
        rc, out, err = tl.run([args.cat, "-f", path])
        if rc != 0:
            fail(f"telex-cat -f exited {rc}: {err}")
        lines = [json.loads(line) for line in out.decode().splitlines()]
        keys = [line.get("key") for line in lines]
        if keys != [f"test-{i}" for i in range(30)]:
            fail(f"telex-cat -f printed keys {keys[:5]}... ({len(lines)} lines), want test-0..29")
        if any(line.get("source") != "testgen" for line in lines):
            fail(f"a record lost its source: {lines[0]}")
        with open(path, "r+b") as f:
            f.truncate(os.path.getsize(path) - 20)
        rc, out, err = tl.run([args.cat, "-f", path])
        if rc == 0 or not err.strip() or len(err.strip().splitlines()) != 1:
            fail(f"a truncated file: exit {rc}, stderr {err!r}; want non-zero and one line")
        rc, _, err = tl.run([args.cat, "-f", "/nonexistent/file.avro"])
        if rc == 0 or "/nonexistent/file.avro" not in err:
            fail(f"a missing file: exit {rc}, stderr {err!r}")
    finally:
        if os.path.exists(path):
            os.unlink(path)
    print("catfile: 30 records of a 5-block container file printed in order; "
          "truncated and missing files fail with one line")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main():
    return tl.run_named_test(TESTS, ("broker", "passthrough", "cat", "testgen"))


if __name__ == "__main__":
    sys.exit(main())
