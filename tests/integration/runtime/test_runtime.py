"""Integration tests of the stage runtime through telex-passthrough and telex-cat.

Each test starts its own telex-broker, runs real processes and counts exactly
what arrived. Run one test:

    /usr/bin/python3 test_runtime.py --broker B --passthrough P --cat C --testgen G clean
"""

import json
import os
import re
import signal
import sys
import tempfile
import time
import uuid

import telexlib as tl
from telexlib import fail

N = 10000


def start_passthrough(args, broker, *extra):
    stage = tl.start_stage(args.passthrough, broker.bootstrap, *extra, name="passthrough")
    stage.wait_for_log(r"partitions assigned", timeout=30)
    return stage


def values(messages):
    return [m.value for m in messages]


def test_clean(args):
    """10,000 in, 10,000 out through telex-passthrough: none lost, none duplicated."""
    frames = tl.test_frames(args.testgen, N)
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker)
        keys = [b"key-%d" % i for i in range(N)]
        tl.produce(broker.bootstrap, "wire.raw", frames, keys=keys)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120)
        rc = stage.stop()
        if rc != 0:
            fail(f"telex-passthrough exited {rc} after SIGTERM:\n{stage.tail()}")
        tl.check_exactly(frames, values(got), "wire.passthrough")
        key_of = dict(zip(frames, keys))
        wrong = [m for m in got if m.key != key_of[m.value]]
        if wrong:
            fail(f"{len(wrong)} records lost their key, e.g. {wrong[0].key!r}")
    print(f"clean: {N} in, {len(got)} out, exactly once")


def test_poison(args):
    """Garbage bytes go to wire.dlq with the reason; records after it still flow."""
    before = tl.test_frames(args.testgen, 100, 0)
    after = tl.test_frames(args.testgen, 100, 100)
    poison = b"this is not an avro frame \x00\x01"
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker)
        # One partition, so "after" really comes after the poison record.
        tl.produce(broker.bootstrap, "wire.raw", before + [poison] + after, partition=3)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=200, timeout=60)
        dlq = tl.consume(broker.bootstrap, "wire.dlq", expected=1, timeout=30)
        rc = stage.stop()
        if rc != 0:
            fail(f"telex-passthrough exited {rc}:\n{stage.tail()}")
        tl.check_exactly(before + after, values(got), "wire.passthrough")
        if len(dlq) != 1:
            fail(f"wire.dlq holds {len(dlq)} records, want 1")
        if not dlq[0].value.startswith(b"\xc3\x01"):
            fail("the dead letter is not a Telex frame")
        if "record rejected" not in stage.log_text():
            fail("no 'record rejected' log line")
        rc, out, err = tl.run([args.cat, "-b", broker.bootstrap, "-t", "wire.dlq", "-e"])
        if rc != 0:
            fail(f"telex-cat -t wire.dlq exited {rc}: {err}")
        lines = out.decode().splitlines()
        if len(lines) != 1:
            fail(f"telex-cat printed {len(lines)} dead letters, want 1")
        dead = json.loads(lines[0])
        checks = {"stage": "passthrough", "topic": "wire.raw", "partition": 3, "offset": 100}
        for field, want in checks.items():
            if dead.get(field) != want:
                fail(f"dead letter {field} = {dead.get(field)!r}, want {want!r}: {dead}")
        if "not a Telex Avro frame" not in dead.get("error", ""):
            fail(f"dead letter error lacks the reason: {dead.get('error')!r}")
    print("poison: 1 dead letter with its reason, 200 records flowed around it")


def produce_in_background(bootstrap, frames):
    """Produces frames to wire.raw from a thread, 200 at a time; see telexlib."""
    return tl.produce_in_background(bootstrap, "wire.raw", frames, chunk=200, pause=0.3)


def output_count(broker):
    return len(tl.consume(broker.bootstrap, "wire.passthrough", timeout=5, idle=1))


def test_kill9(args):
    """kill -9 mid-stream, restart: every record arrives at least once."""
    frames = tl.test_frames(args.testgen, N)
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker)
        producer = produce_in_background(broker.bootstrap, frames)
        tl.wait_until(lambda: output_count(broker) >= N // 4, 60, "a quarter of the output")
        stage.kill9()
        seen_at_kill = output_count(broker)
        stage = start_passthrough(args, broker)
        tl.join_producer(producer)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120, idle=4)
        rc = stage.stop()
        if rc != 0:
            fail(f"restarted telex-passthrough exited {rc}:\n{stage.tail()}")
        dups = tl.check_all_arrived(frames, values(got), "wire.passthrough after kill -9")
    print(f"kill9: killed after {seen_at_kill} out; all {N} arrived ({dups} duplicates)")


def test_sigterm(args):
    """SIGTERM mid-stream, restart: no record is delivered twice, none lost."""
    frames = tl.test_frames(args.testgen, N)
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stage = start_passthrough(args, broker)
        producer = produce_in_background(broker.bootstrap, frames)
        tl.wait_until(lambda: output_count(broker) >= N // 4, 60, "a quarter of the output")
        rc = stage.stop(signal.SIGTERM)
        if rc != 0:
            fail(f"telex-passthrough exited {rc} after SIGTERM:\n{stage.tail()}")
        seen_at_stop = output_count(broker)
        stage = start_passthrough(args, broker)
        tl.join_producer(producer)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120, idle=4)
        rc = stage.stop()
        if rc != 0:
            fail(f"restarted telex-passthrough exited {rc}:\n{stage.tail()}")
        tl.check_exactly(frames, values(got), "wire.passthrough after SIGTERM and restart")
    print(f"sigterm: stopped after {seen_at_stop} out; {N} arrived exactly once")


def parse_kcat(data):
    """kcat -f '%S:%s' output: <length>:<payload> repeated."""
    payloads, pos = [], 0
    while pos < len(data):
        colon = data.index(b":", pos)
        n = int(data[pos:colon])
        payloads.append(data[colon + 1:colon + 1 + n])
        pos = colon + 1 + n
    return payloads


def test_kcat(args):
    """kcat reads what Telex wrote; every payload starts with C3 01."""
    frames = tl.test_frames(args.testgen, 200)
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        rc, _, err = tl.run([args.cat, "-P", "-b", broker.bootstrap, "-t", "wire.raw"],
                            stdin_bytes=tl.join_frames(frames))
        if rc != 0:
            fail(f"telex-cat -P exited {rc}: {err}")
        stage = start_passthrough(args, broker)
        tl.consume(broker.bootstrap, "wire.passthrough", expected=200, timeout=60)
        rc = stage.stop()
        if rc != 0:
            fail(f"telex-passthrough exited {rc}:\n{stage.tail()}")
        rc, out, err = tl.run(["kcat", "-b", broker.bootstrap, "-C", "-t", "wire.passthrough",
                               "-e", "-c", "200", "-f", "%S:%s", "-q"], timeout=60)
        if rc != 0:
            fail(f"kcat exited {rc}: {err}")
        payloads = parse_kcat(out)
        tl.check_exactly(frames, payloads, "kcat's view of wire.passthrough")
        bad = [p[:2] for p in payloads if not p.startswith(b"\xc3\x01")]
        if bad:
            fail(f"{len(bad)} payloads do not start with C3 01, e.g. {bad[0]!r}")
        rc, out, err = tl.run([args.cat, "-b", broker.bootstrap, "-t", "wire.passthrough", "-e"])
        lines = out.decode().splitlines()
        if rc != 0 or len(lines) != 200 or json.loads(lines[0]).get("source") != "testgen":
            fail(f"telex-cat -e printed {len(lines)} JSON lines (exit {rc}), want 200: {err}")
    print("kcat: 200 records read by kcat, all C3 01 frames; telex-cat printed 200 JSON lines")


def instance_records_in(port):
    status, text = tl.scrape(port)
    return tl.metric_sum(text, "telex_records_in_total") if status == 200 else 0


def test_group(args):
    """Two instances share the partitions; when one stops the other takes over."""
    frames = tl.test_frames(args.testgen, N)
    ports = [tl.free_port(), tl.free_port()]
    with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
        stages = [tl.start_stage(args.passthrough, broker.bootstrap, "--metrics",
                                 f"127.0.0.1:{port}", name=f"passthrough-{i}")
                  for i, port in enumerate(ports)]
        for stage in stages:
            stage.wait_for_log(r"partitions assigned", timeout=30)
        for port in ports:
            tl.wait_until(lambda: tl.scrape(port, "/readyz")[0] == 200, 30, "/readyz 200")
            if tl.scrape(port, "/healthz") != (200, "ok\n"):
                fail("/healthz did not answer 200 ok")
        producer = produce_in_background(broker.bootstrap, frames)
        tl.wait_until(lambda: all(instance_records_in(p) > 0 for p in ports), 60,
                      "both instances to process records")
        shares = [instance_records_in(p) for p in ports]
        rc = stages[0].stop()
        if rc != 0:
            fail(f"first instance exited {rc}:\n{stages[0].tail()}")
        tl.join_producer(producer)
        got = tl.consume(broker.bootstrap, "wire.passthrough", expected=N, timeout=120, idle=4)
        status, text = tl.scrape(ports[1])
        if status != 200 or "telex_processing_seconds_bucket" not in text:
            fail(f"/metrics of the second instance: {status}")
        rc = stages[1].stop()
        if rc != 0:
            fail(f"second instance exited {rc}:\n{stages[1].tail()}")
        assigned = re.findall(r'msg="partitions assigned" count=(\d+)', stages[1].log_text())
        if len(assigned) < 2:
            fail(f"the second instance never took over partitions: {assigned}")
        dups = tl.check_all_arrived(frames, values(got), "wire.passthrough with two instances")
    print(f"group: shares while both ran {shares}; all {N} arrived ({dups} duplicates)")


def expect_config_error(argv, want_rc, want_text, env=None):
    rc, out, err = tl.run(argv, timeout=30, env=env)
    lines = err.strip().splitlines()
    if rc != want_rc or not lines or want_text not in lines[-1]:
        fail(f"{' '.join(argv[1:])}: exit {rc}, stderr {err!r}; want exit {want_rc} "
             f"and {want_text!r}")
    if want_rc == 2 and len(lines) != 1:
        fail(f"{' '.join(argv[1:])}: want one line on stderr, got {len(lines)}")


def test_config(args):
    """Bad configuration fails at start-up with one line; --help lists the keys."""
    p = args.passthrough
    expect_config_error([p, "-X", "foo.bar=1"], 2,
                        'telex-passthrough: unknown configuration key "foo.bar" (from -X)')
    expect_config_error([p, "-X", "connect.timeout.ms=soon"], 2, '"soon" is not an integer')
    expect_config_error([p, "-X", "stdio=maybe"], 2, '"maybe" is not a boolean')
    expect_config_error([p, "-c", "/nonexistent/telex.conf"], 2,
                        'cannot read config file "/nonexistent/telex.conf"')
    expect_config_error([p, "-X", "sasl.password=hunter2", "-X", "socket.timeout.ms=x"], 2,
                        "socket.timeout.ms")
    expect_config_error([p, "--json"], 2, "--json needs --stdio")
    started = time.monotonic()
    expect_config_error([p, "-b", "127.0.0.1:1", "-X", "connect.timeout.ms=2000"], 1,
                        "cannot reach Kafka at 127.0.0.1:1")
    if time.monotonic() - started > 15:
        fail("an unreachable broker took more than 15 s to report")
    expect_config_error([p], 1, "no Kafka brokers given", env={"TELEX_BROKERS": ""})
    rc, out, err = tl.run([p, "--help"])
    text = out.decode()
    for want in ("bootstrap.servers", "TELEX_BROKERS", "metrics.listen", "--stdio", "wire.raw"):
        if want not in text:
            fail(f"--help lacks {want!r}")
    if rc != 0:
        fail(f"--help exited {rc}")
    print("config: bad keys, values and files fail with one line; --help lists the keys")


def test_stdio(args):
    """--stdio: frames in, the same frames out; --json prints one object a line."""
    frames = tl.test_frames(args.testgen, 50)
    rc, out, err = tl.run([args.passthrough, "--stdio"], stdin_bytes=tl.join_frames(frames))
    if rc != 0 or tl.split_frames(out) != frames:
        fail(f"--stdio: exit {rc}, {len(tl.split_frames(out))} frames back, want 50: {err}")
    poisoned = frames[:10] + [b"garbage"] + frames[10:]
    rc, out, err = tl.run([args.passthrough, "--stdio", "--json"],
                          stdin_bytes=tl.join_frames(poisoned))
    lines = out.decode().splitlines()
    if rc != 0 or len(lines) != 50:
        fail(f"--stdio --json: exit {rc}, {len(lines)} lines, want 50: {err}")
    if [json.loads(line)["key"] for line in lines] != [f"test-{i}" for i in range(50)]:
        fail("--stdio --json lines are not the input records in order")
    if 'msg="record rejected"' not in err or "offset=10" not in err:
        fail(f"the garbage frame was not reported: {err}")
    rc, out, err = tl.run([args.passthrough, "--stdio"], stdin_bytes=b"\x00\x00\x01\x00abc")
    if rc != 1 or "bad input on stdin" not in err:
        fail(f"a truncated frame: exit {rc}, stderr {err!r}; want exit 1")
    print("stdio: frames round-trip, JSON lines in order, rejects logged")


def test_secrets(args):
    """Secrets from TELEX_KAFKA_<KEY> and @file:PATH reach the stage and show nowhere: not in
    its debug log (its config dump and librdkafka's), /metrics, --help or a config error."""
    env_secret = "env-" + uuid.uuid4().hex
    file_secret = "file-" + uuid.uuid4().hex
    with tempfile.NamedTemporaryFile("w", suffix=".secret", delete=False) as f:
        f.write(file_secret + "\n")
        secret_path = f.name
    env = {"TELEX_KAFKA_SSL_KEY_PASSWORD": env_secret}
    frames = tl.test_frames(args.testgen, 20)
    port = tl.free_port()
    try:
        with tl.Broker(args.broker, topics=["wire.passthrough"]) as broker:
            stage = tl.start_stage(args.passthrough, broker.bootstrap, "--log-level", "debug",
                                   "-X", "debug=conf,generic,security", "-X",
                                   f"sasl.password=@file:{secret_path}", "--metrics",
                                   f"127.0.0.1:{port}", name="passthrough", env=env)
            stage.wait_for_log(r"partitions assigned", timeout=30)
            tl.produce(broker.bootstrap, "wire.raw", frames)
            got = tl.consume(broker.bootstrap, "wire.passthrough", expected=len(frames))
            status, metrics = tl.scrape(port)
            rc = stage.stop()
            log = stage.log_text()
        if rc != 0:
            fail(f"telex-passthrough with secrets exited {rc}:\n{stage.tail()}")
        tl.check_exactly(frames, values(got), "wire.passthrough")
        for want in ("ssl.key.password=***", "sasl.password=***", "Client configuration:"):
            if want not in log:
                fail(f"the debug log lacks {want!r}: the secret (or librdkafka's dump) is missing")
        _, help_out, help_err = tl.run([args.passthrough, "--help"], env=env)
        rc_bad, _, bad_err = tl.run([args.passthrough, "-X", "no.such.key=1", "-X",
                                     f"sasl.password=@file:{secret_path}"], env=env)
        if rc_bad != 2:
            fail(f"a bad key with secrets set: exit {rc_bad}, want 2")
        places = {"the debug log": log, "/metrics": metrics if status == 200 else "",
                  "--help": help_out.decode() + help_err, "a config error": bad_err}
        for where, text in places.items():
            for secret in (env_secret, file_secret):
                if secret in text:
                    fail(f"a secret leaked into {where}")
    finally:
        os.unlink(secret_path)
    print(f"secrets: env and file secrets arrived (***), absent from {len(log)} bytes of debug "
          "log, /metrics, --help and errors")


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main():
    return tl.run_named_test(TESTS, ("broker", "passthrough", "cat", "testgen"))


if __name__ == "__main__":
    sys.exit(main())
