"""Helpers for Telex integration tests (run with /usr/bin/python3).

Every test starts its own telex-broker on random ports (Broker), starts stage
processes against it (Process), pushes records in and reads them back with
confluent_kafka (produce, consume), and counts exactly what arrived
(check_exactly, check_all_arrived). Every wait is bounded; a shortfall fails
loudly with the numbers.

    with Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = Process([args.passthrough, "-b", broker.bootstrap], "stage")
        stage.wait_for_log("partitions assigned")
        produce(broker.bootstrap, "wire.raw", frames)
        got = consume(broker.bootstrap, "wire.passthrough", expected=len(frames))
        assert stage.stop() == 0
        check_exactly(frames, [m.value for m in got])
"""

import atexit
import collections
import os
import re
import signal
import struct
import subprocess
import tempfile
import threading
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition


SANITIZER_REPORT = re.compile(r"ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer")


def check_sanitizers(name, text):
    """Fails (and prints the report, so ctest's FAIL_REGULAR_EXPRESSION sees it too)
    when a child process's stderr holds a sanitizer report."""
    if SANITIZER_REPORT.search(text):
        print(text)
        fail(f"{name} reported a sanitizer error")


class TestFailure(Exception):
    """A check failed; the message says what was expected and what was seen."""


def fail(message):
    raise TestFailure(message)


# ---- processes ----


_children = []


@atexit.register
def _stop_children():
    """A failed test leaves no process behind."""
    for child in _children:
        child.ensure_stopped()


class Process:
    """A child process whose stderr goes to a log file the test can search."""

    def __init__(self, argv, name, env=None, stdin=None, stdout=None):
        self.name = name
        self.argv = argv
        self.log_path = tempfile.mktemp(prefix=f"telex-{name}-", suffix=".log")
        self._log = open(self.log_path, "wb")
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=self._log,
                                     env=full_env)
        _children.append(self)

    @property
    def pid(self):
        return self.proc.pid

    def log_text(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_for_log(self, pattern, timeout=30, count=1):
        """Waits until pattern (a regex) matched count lines of stderr; returns the matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            matches = re.findall(pattern, self.log_text())
            if len(matches) >= count:
                return matches
            if self.proc.poll() is not None:
                fail(f"{self.name} exited with {self.proc.returncode} before logging "
                     f"{pattern!r}:\n{self.tail()}")
            time.sleep(0.1)
        fail(f"{self.name} did not log {pattern!r} within {timeout} s:\n{self.tail()}")

    def tail(self, lines=30):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends sig and waits; returns the exit code (negative: killed by a signal)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            fail(f"{self.name} did not exit within {timeout} s of signal {sig}:\n{self.tail()}")
        self._log.close()
        check_sanitizers(self.name, self.log_text())
        return self.proc.returncode

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self._log.close()

    def ensure_stopped(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self._log.closed:
            self._log.close()


class Broker:
    """telex-broker on random loopback ports, stopped (SIGTERM) when the block ends."""

    def __init__(self, binary, partitions=16, brokers=3, topics=(), timeout=15):
        self.workdir = tempfile.mkdtemp(prefix="telex-broker-")
        port_file = os.path.join(self.workdir, "bootstrap")
        argv = [binary, "--port-file", port_file, "--partitions", str(partitions),
                "--brokers", str(brokers)]
        for topic in topics:
            argv += ["--topic", topic]
        self.process = Process(argv, "telex-broker", stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while not os.path.exists(port_file):
            if time.monotonic() > deadline or self.process.proc.poll() is not None:
                self.process.ensure_stopped()
                fail(f"telex-broker did not write {port_file}:\n{self.process.tail()}")
            time.sleep(0.05)
        with open(port_file) as f:
            self.bootstrap = f.read().strip()

    def stop(self):
        rc = self.process.stop(timeout=20)
        if rc != 0:
            fail(f"telex-broker exited with {rc}:\n{self.process.tail()}")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.stop()
        else:
            self.process.ensure_stopped()
        return False


def start_stage(binary, bootstrap, *args, name=None, env=None):
    """A stage (telex-<name>) against bootstrap, with a short session timeout so a
    killed member is noticed quickly by the group."""
    argv = [binary, "-b", bootstrap, "-X", "session.timeout.ms=6000",
            "-X", "heartbeat.interval.ms=500", *args]
    return Process(argv, name or os.path.basename(binary), env=env)


def run(argv, stdin_bytes=None, timeout=60, env=None):
    """Runs a command to completion; returns (exit code, stdout bytes, stderr text)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    try:
        done = subprocess.run(argv, input=stdin_bytes, capture_output=True, timeout=timeout,
                              env=full_env)
    except subprocess.TimeoutExpired:
        fail(f"{argv[0]} did not finish within {timeout} s")
    stderr = done.stderr.decode("utf-8", "replace")
    check_sanitizers(argv[0], stderr)
    return done.returncode, done.stdout, stderr


# ---- frames ----


def split_frames(data):
    """Length-prefixed frames (4-byte big-endian length, then the frame) to a list."""
    frames, pos = [], 0
    while pos < len(data):
        if pos + 4 > len(data):
            fail(f"truncated length prefix at byte {pos}")
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        if pos + 4 + n > len(data):
            fail(f"truncated frame at byte {pos}")
        frames.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    return frames


def join_frames(frames):
    return b"".join(struct.pack(">I", len(f)) + f for f in frames)


def test_frames(testgen, n, first=0):
    """n distinct valid RawStory frames from telex-testgen."""
    rc, out, err = run([testgen, str(n), str(first)])
    if rc != 0:
        fail(f"telex-testgen failed ({rc}): {err}")
    frames = split_frames(out)
    if len(frames) != n:
        fail(f"telex-testgen wrote {len(frames)} frames, want {n}")
    return frames


# ---- Kafka ----


def produce(bootstrap, topic, values, keys=None, partition=None, timeout=60):
    """Produces values (bytes) to topic and waits for every delivery; fails on any error."""
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True,
                         "linger.ms": 5})
    errors = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(str(err))

    for i, value in enumerate(values):
        kwargs = {"on_delivery": on_delivery}
        if keys is not None:
            kwargs["key"] = keys[i]
        if partition is not None:
            kwargs["partition"] = partition
        while True:
            try:
                producer.produce(topic, value, **kwargs)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    remaining = producer.flush(timeout)
    if remaining or errors:
        fail(f"produce to {topic}: {remaining} undelivered, errors: {errors[:5]}")


Message = collections.namedtuple("Message", "topic partition offset key value")


def consume(bootstrap, topic, expected=None, timeout=60, idle=3.0):
    """Reads topic from the beginning with a throw-away group that commits nothing.
    Stops when expected records arrived (then reads idle more seconds to catch
    extras), or after idle seconds with nothing new when expected is None, or at
    timeout. Returns the messages."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"test-{uuid.uuid4()}",
                         "enable.auto.commit": False, "enable.partition.eof": False})
    # Assigning every partition (no group join) starts reading at once.
    metadata = consumer.list_topics(topic, timeout=10).topics.get(topic)
    if metadata is None or metadata.error is not None or not metadata.partitions:
        consumer.close()
        fail(f"topic {topic} has no partitions: {metadata and metadata.error}")
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in metadata.partitions])
    got = []
    deadline = time.monotonic() + timeout
    last_new = time.monotonic()
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            now = time.monotonic()
            if msg is not None and not msg.error():
                got.append(Message(msg.topic(), msg.partition(), msg.offset(), msg.key(),
                                   msg.value()))
                last_new = now
            elif msg is not None and msg.error().code() != KafkaError._PARTITION_EOF:
                if msg.error().code() != KafkaError.UNKNOWN_TOPIC_OR_PART:
                    print(f"consume {topic}: {msg.error()}")
            if expected is not None and len(got) >= expected and now - last_new >= idle:
                break
            if expected is None and got and now - last_new >= idle:
                break
    finally:
        consumer.close()
    return got


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    fail(f"timed out after {timeout} s waiting for {what}")


# ---- counting ----


def check_exactly(expected, got, what="records"):
    """Every expected value arrived exactly once and nothing else arrived."""
    want = collections.Counter(expected)
    have = collections.Counter(got)
    missing = sum((want - have).values())
    extra = sum((have - want).values())
    dups = sum(n - 1 for n in have.values() if n > 1)
    if missing or extra:
        fail(f"{what}: want {len(expected)}, got {len(got)}: {missing} missing, "
             f"{extra} unexpected ({dups} duplicates)")


def check_all_arrived(expected, got, what="records"):
    """At least once: every expected value arrived; duplicates allowed; nothing foreign."""
    want = set(expected)
    have = set(got)
    missing = len(want - have)
    foreign = len(have - want)
    if missing or foreign:
        fail(f"{what}: want {len(want)} distinct, got {len(have)} distinct of {len(got)}: "
             f"{missing} missing, {foreign} unexpected")
    return len(got) - len(want)  # duplicates


def scrape(port, path="/metrics", timeout=5):
    """GETs http://127.0.0.1:port/path; returns (status, body text)."""
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def metric_sum(text, name):
    """The sum of every sample of metric name in a Prometheus text exposition."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_named_test(tests, binaries):
    """The main() of a test script that holds several named tests: parses --BINARY PATH for
    each of binaries and the name of one test, runs tests[name](args), prints FAIL and
    returns 1 when it raised TestFailure, else returns 0."""
    import argparse

    parser = argparse.ArgumentParser()
    for binary in binaries:
        parser.add_argument(f"--{binary}", required=True)
    parser.add_argument("test", choices=sorted(tests))
    args = parser.parse_args()
    try:
        tests[args.test](args)
    except TestFailure as e:
        print(f"FAIL {args.test}: {e}")
        return 1
    return 0


def produce_in_background(bootstrap, topic, frames, chunk, pause):
    """Produces frames to topic in chunks of chunk, pause seconds apart, from a thread, so a
    test can act on a stage mid-stream; returns the thread: pass it to join_producer()."""
    errors = []

    def work():
        try:
            for i in range(0, len(frames), chunk):
                produce(bootstrap, topic, frames[i:i + chunk])
                time.sleep(pause)
        except Exception as e:  # reported by join_producer
            errors.append(e)

    thread = threading.Thread(target=work)
    thread.errors = errors
    thread.start()
    return thread


def join_producer(thread, timeout=180):
    """Waits for a produce_in_background() thread; fails if it hung or raised."""
    thread.join(timeout=timeout)
    if thread.is_alive() or thread.errors:
        fail(f"background producer failed: {thread.errors}")
