#!/usr/bin/python3
"""telex-ingest and telex-normalize end to end (see CMakeLists.txt beside this file).

    test_ingest.py --bin BUILD/bin --data tests/data watch|pipeline|samples|http|metrics|notify|help
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import telexlib  # noqa: E402
from telexlib import Broker, Process, fail, split_frames  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "deploy"))
from harness import NotifySocket  # noqa: E402

DEV = ["seed-trump-abe.txt", "dev2-mar-a-lago.xml", "dev3-panmunjom.anpa", "dev4-hamburg.rss",
       "dev5-pearl-harbor.json", "dev6-osaka.xml"]


def drop(src, directory, name=None):
    """Copies src into directory the safe way: write a .tmp, then rename."""
    name = name or os.path.basename(src)
    tmp = os.path.join(directory, name + ".tmp")
    shutil.copyfile(src, tmp)
    os.rename(tmp, os.path.join(directory, name))


def count_by_file(values, names):
    """How many records mention each file name (source_file is a plain string in Avro)."""
    return {n: sum(1 for v in values if n.encode() in v) for n in names}


def test_watch(args):
    dev = os.path.join(args.data, "eval-dev")
    bad = os.path.join(args.data, "normalize", "fail", "truncated.nitf")
    watched = tempfile.mkdtemp(prefix="telex-watch-")
    with Broker(os.path.join(args.bin, "telex-broker"),
                topics=["wire.raw", "wire.normalized", "wire.dlq"]) as broker:
        normalize = telexlib.start_stage(os.path.join(args.bin, "telex-normalize"),
                                         broker.bootstrap)
        ingest_argv = [os.path.join(args.bin, "telex-ingest"), "-b", broker.bootstrap,
                       "--watch", watched, "-X", "ingest.poll.ms=200"]
        first = Process(ingest_argv, "telex-ingest-1")
        for name in DEV[1:4]:
            drop(os.path.join(dev, name), watched)
        first.wait_for_log(r"msg=ingested", count=3)
        if first.stop() != 0:
            fail(f"telex-ingest exited non-zero:\n{first.tail()}")
        second = Process(ingest_argv, "telex-ingest-2")
        for name in DEV[4:]:
            drop(os.path.join(dev, name), watched)
        drop(bad, watched, "broken.xml")
        second.wait_for_log(r"msg=ingested", count=3)
        time.sleep(1.0)  # a few more scans: nothing old may be sent again
        if second.stop() != 0:
            fail(f"telex-ingest (restarted) exited non-zero:\n{second.tail()}")
        if "dev2-mar-a-lago.xml" in second.log_text():
            fail(f"the restarted telex-ingest sent an old file again:\n{second.tail()}")
        got = telexlib.consume(broker.bootstrap, "wire.normalized", expected=5)
        dlq = telexlib.consume(broker.bootstrap, "wire.dlq", expected=1)
        if normalize.stop() != 0:
            fail(f"telex-normalize exited non-zero:\n{normalize.tail()}")
    counts = count_by_file([m.value for m in got], DEV[1:])
    if len(got) != 5 or any(c != 1 for c in counts.values()):
        fail(f"wire.normalized: want each of 5 files once, got {len(got)} records: {counts}")
    if len(dlq) != 1 or b"XML not well-formed" not in dlq[0].value:
        fail(f"wire.dlq: want the broken file with its reason, got {[m.value[:200] for m in dlq]}")
    shutil.rmtree(watched)


def test_pipeline(args):
    dev = os.path.join(args.data, "eval-dev")
    frames = b""
    for name in DEV:
        gold = json.load(open(os.path.join(dev, name.rsplit(".", 1)[0] + ".gold.json")))
        argv = [os.path.join(args.bin, "telex-ingest"), "--stdout", os.path.join(dev, name)]
        if gold["format"] == "text":
            argv += ["--published", gold["published"]]
        rc, out, err = telexlib.run(argv)
        if rc != 0 or len(split_frames(out)) != 1:
            fail(f"telex-ingest {name}: exit {rc}, {len(split_frames(out))} frames: {err}")
        frames += out
    rc, out, err = telexlib.run([os.path.join(args.bin, "telex-normalize"), "--stdio", "--json"],
                                stdin_bytes=frames)
    if rc != 0:
        fail(f"telex-normalize --stdio exited {rc}: {err}")
    stories = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    if sorted(s["source_file"] for s in stories) != sorted(DEV):
        fail(f"want one story per dev file, got {[s['source_file'] for s in stories]}")
    for story in stories:
        gold = json.load(open(os.path.join(dev, story["source_file"].rsplit(".", 1)[0] +
                                           ".gold.json")))
        for phrase in gold["must_strip"]:
            if phrase in story["text"]:
                fail(f"{story['source_file']}: boilerplate {phrase!r} survived")
        if not story["text"] or not story["published"].endswith("Z"):
            fail(f"{story['source_file']}: empty text or bad time: {story}")


def frame_of(frames, name):
    """The one frame whose record names the file (source_file is a plain string in Avro)."""
    found = [f for f in frames if name.encode() in f]
    if len(found) != 1:
        fail(f"want one record of {name}, got {len(found)}")
    return found[0]


def test_samples(args):
    """telex-ingest DIR reads the folder's manifest.tsv: one record per wire file and none for
    the manifest, the formats and times it gives, unless the command line says otherwise;
    the same under --watch; a malformed manifest fails the folder with PATH:LINE."""
    samples = os.path.join(os.environ["TELEX_SOURCE_DIR"], "deploy", "samples")
    ingest = os.path.join(args.bin, "telex-ingest")
    rc, out, err = telexlib.run([ingest, "--stdout", samples])
    frames = split_frames(out) if rc == 0 else []
    if rc != 0 or len(frames) != 6 or any(b"manifest.tsv" in f for f in frames):
        fail(f"telex-ingest --stdout {samples}: want 6 records and no manifest, got exit {rc}, "
             f"{len(frames)} records: {err[-500:]}")
    for name in DEV:
        frame_of(frames, name)
    if b"2016-11-10T12:00:00+09:00" not in frame_of(frames, "seed-trump-abe.txt"):
        fail("the seed story did not get its published time from manifest.tsv")
    rc, out, err = telexlib.run([os.path.join(args.bin, "telex-normalize"), "--stdio", "--json"],
                                stdin_bytes=out)
    seed = [json.loads(line) for line in out.decode().splitlines()
            if "seed-trump-abe.txt" in line]
    if rc != 0 or len(seed) != 1 or seed[0]["published"] != "2016-11-10T03:00:00Z":
        fail(f"normalized seed story: want published 2016-11-10T03:00:00Z, got {seed}: {err}")
    override = "2001-02-03T04:05:06Z"
    rc, out, err = telexlib.run([ingest, "--stdout", "--published", override, samples])
    if rc != 0 or override.encode() not in frame_of(split_frames(out), "seed-trump-abe.txt"):
        fail(f"--published should win over manifest.tsv: exit {rc}: {err[-300:]}")

    work = tempfile.mkdtemp(prefix="telex-ingest-manifest-")
    shutil.copy(os.path.join(samples, "seed-trump-abe.txt"), os.path.join(work, "story.txt"))
    with open(os.path.join(work, "manifest.tsv"), "w") as f:
        f.write("story.txt\ttext\t2016-11-10T12:00:00+09:00\nother.xml\ttelegraph\t\n")
    rc, out, err = telexlib.run([ingest, "--stdout", work])
    want = f"{work}/manifest.tsv:2: unknown format"  # the log escapes the quotes that follow
    if rc == 0 or out or want not in err or "telegraph" not in err:
        fail(f"a malformed manifest: want a non-zero exit, no records and {want!r}, got exit "
             f"{rc}, {len(out)} bytes: {err}")

    watched = os.path.join(work, "inbox")
    os.mkdir(watched)
    drop(os.path.join(work, "manifest.tsv"), watched)
    frames_path = os.path.join(work, "watch.frames")
    with open(frames_path, "wb") as sink:
        watcher = Process([ingest, "--stdout", "--watch", watched, "-X", "ingest.poll.ms=200"],
                          "telex-ingest-watch-manifest", stdout=sink)
        watcher.wait_for_log(r"cannot read manifest")
        with open(os.path.join(watched, "manifest.tsv.tmp"), "w") as f:
            f.write("story.txt\ttext\t2016-11-10T12:00:00+09:00\n")
        os.rename(os.path.join(watched, "manifest.tsv.tmp"), os.path.join(watched,
                                                                          "manifest.tsv"))
        drop(os.path.join(work, "story.txt"), watched)
        watcher.wait_for_log(r"msg=ingested")
        time.sleep(1.0)  # a few more scans: the manifest must not be sent
        if watcher.stop() != 0:
            fail(f"telex-ingest --watch exited non-zero:\n{watcher.tail()}")
    frames = split_frames(open(frames_path, "rb").read())
    if len(frames) != 1 or b"2016-11-10T12:00:00+09:00" not in frames[0]:
        fail(f"--watch: want story.txt alone, with the manifest's time; got {frames}")
    shutil.rmtree(work)


def post(port, body, query="", method="POST"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, "/" + query, body=body)
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def test_http(args):
    port = telexlib.free_port()
    out_path = tempfile.mktemp(prefix="telex-http-", suffix=".frames")
    with open(out_path, "wb") as out:
        server = Process([os.path.join(args.bin, "telex-ingest"), "--stdout", "--listen",
                          f"127.0.0.1:{port}"], "telex-ingest-http", stdout=out)
        server.wait_for_log(r"msg=listening")
        feed = open(os.path.join(args.data, "normalize", "feeds", "three-items.rss"), "rb").read()
        status, body = post(port, feed, "?file=feed.rss")
        if status != 202 or body != {"accepted": 3}:
            fail(f"POST feed: want 202 {{'accepted': 3}}, got {status} {body}")
        status, body = post(port, b"<html><p>no wire format</p></html>")
        if status != 400 or "cannot tell the format" not in body.get("error", ""):
            fail(f"POST html: want 400 with a reason, got {status} {body}")
        if server.stop(signal.SIGTERM) != 0:
            fail(f"telex-ingest --listen exited non-zero:\n{server.tail()}")
    frames = split_frames(open(out_path, "rb").read())
    os.unlink(out_path)
    if len(frames) != 3 or any(b"feed.rss" not in f for f in frames):
        fail(f"want 3 frames from feed.rss on stdout, got {len(frames)}")


def counters(port):
    """The telex_ingest_*_total counters and records out of /metrics, as a dict."""
    status, text = telexlib.scrape(port)
    if status != 200:
        fail(f"GET /metrics answered {status}")
    found = {m.group(1): float(m.group(2))
             for m in re.finditer(r"^telex_ingest_(\w+)_total (\S+)$", text, re.M)}
    found["records_out"] = telexlib.metric_sum(text, "telex_records_out_total")
    return found


def test_metrics(args):
    """--watch and --listen with --metrics: every file, item, byte, rejection and HTTP reply
    is counted; /healthz and /readyz answer 200 while it runs."""
    dev = os.path.join(args.data, "eval-dev")
    watched = tempfile.mkdtemp(prefix="telex-watch-metrics-")
    feed = open(os.path.join(args.data, "normalize", "feeds", "three-items.rss"), "rb").read()
    html = b"<html><p>no wire format here</p></html>"
    listen_port, metrics_port = telexlib.free_port(), telexlib.free_port()
    with Broker(os.path.join(args.bin, "telex-broker"), topics=["wire.raw"]) as broker:
        ingest = Process([os.path.join(args.bin, "telex-ingest"), "-b", broker.bootstrap,
                          "--watch", watched, "--listen", f"127.0.0.1:{listen_port}",
                          "--metrics", f"127.0.0.1:{metrics_port}", "-X", "ingest.poll.ms=200"],
                         "telex-ingest-metrics")
        ingest.wait_for_log(r"msg=listening")
        for path in ("/healthz", "/readyz"):
            status, _ = telexlib.scrape(metrics_port, path)
            if status != 200:
                fail(f"GET {path} answered {status} while telex-ingest runs")
        files = [os.path.join(dev, n) for n in DEV[1:3]]
        for path in files:
            drop(path, watched)
        with open(os.path.join(watched, "page.html"), "wb") as f:
            f.write(html)
        ingest.wait_for_log(r"msg=ingested", count=2)
        ingest.wait_for_log(r'msg="cannot ingest"')
        replies = [post(listen_port, feed)[0], post(listen_port, html)[0],
                   post(listen_port, b"", method="GET")[0]]
        if replies != [202, 400, 405]:
            fail(f"POST feed, POST html, GET: want 202, 400, 405, got {replies}")
        telexlib.wait_until(lambda: counters(metrics_port).get("records_out") == 5, 30,
                            "5 records delivered on /metrics")
        got = counters(metrics_port)
        if ingest.stop() != 0:
            fail(f"telex-ingest exited non-zero:\n{ingest.tail()}")
    want_bytes = sum(os.path.getsize(p) for p in files) + 2 * len(html) + len(feed)
    want = {"files": 2, "items": 5, "rejected": 2, "bytes": want_bytes,
            "http_requests_202": 1, "http_requests_400": 1, "http_requests_405": 1,
            "records_out": 5}
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    if wrong:
        fail(f"/metrics (got, want): {wrong}; all: {got}")
    shutil.rmtree(watched)


def test_notify(args):
    """Under systemd's Type=notify (NOTIFY_SOCKET set) telex-ingest --watch sends READY=1 once
    the directory and its --state file are open, WATCHDOG=1 at half of WATCHDOG_USEC,
    STOPPING=1 on SIGTERM."""
    work = tempfile.mkdtemp(prefix="telex-ingest-notify-")
    watched = os.path.join(work, "inbox")
    os.mkdir(watched)
    path = os.path.join(work, "notify.sock")
    notify = NotifySocket(path)
    state = os.path.join(work, "custom.state")
    ingest = Process([os.path.join(args.bin, "telex-ingest"), "--stdout", "--watch", watched,
                      "--state", state],
                     "telex-ingest-notify", env={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"},
                     stdout=subprocess.DEVNULL)
    try:
        if not notify.receive_until(lambda: "READY=1" in notify.messages, 30):
            fail(f"no READY=1 within 30 s; got {notify.messages}\n{ingest.tail()}")
        ready_at = notify.messages.index("READY=1")
        if not os.path.exists(state) or os.path.exists(os.path.join(watched,
                                                                    ".telex-ingest.state")):
            fail(f"--state {state} was not used for the watch state")
        watchdogs = lambda: notify.messages[ready_at:].count("WATCHDOG=1")  # noqa: E731
        if not notify.receive_until(lambda: watchdogs() >= 3, 10):
            fail(f"fewer than 3 WATCHDOG=1 within 10 s of READY=1 (WATCHDOG_USEC=2 s): "
                 f"{notify.messages}")
        ingest.proc.send_signal(signal.SIGTERM)
        notify.receive_until(lambda: "STOPPING=1" in notify.messages, 15)
        code = ingest.stop()
    finally:
        ingest.ensure_stopped()
        notify.close()
    if "STOPPING=1" not in notify.messages:
        fail(f"no STOPPING=1 after SIGTERM; got {notify.messages}")
    if code != 0:
        fail(f"telex-ingest exited {code} on SIGTERM:\n{ingest.tail()}")
    shutil.rmtree(work)


def help_flags(binary):
    """The long flags --help lists, with whether each takes an argument."""
    rc, out, err = telexlib.run([binary, "--help"])
    if rc != 0:
        fail(f"{binary} --help exited {rc}: {err}")
    return {m.group(1): m.group(2) is not None
            for m in re.finditer(r"^\s+(?:-\w, )?--([a-z-]+)(?: ([A-Z:]+))?\s", out.decode(), re.M)}


def test_help(args):
    """Every flag the two --help pages list is accepted, and the ingest flags do what they
    say: --source, --format, --published, --state, --metrics (a busy port is an error)."""
    ingest, normalize = (os.path.join(args.bin, b) for b in ("telex-ingest", "telex-normalize"))
    story = os.path.join(args.data, "normalize", "pass", "text-crlf.text")
    values = {"brokers": "127.0.0.1:1", "namespace": "ns", "output": "t", "topic": "t",
              "group": "g", "dlq": "d", "metrics": "127.0.0.1:0", "log-level": "warn",
              "format": "text", "published": "2016-11-10T12:00:00+09:00", "source": "s",
              "state": os.devnull, "watch": None, "listen": None}
    for binary, base in ((ingest, ["--stdout", story]), (normalize, ["--stdio"])):
        flags = help_flags(binary)
        if len(flags) < 8:
            fail(f"{binary} --help lists only {sorted(flags)}")
        for flag, takes_value in sorted(flags.items()):
            if flag == "help" or values.get(flag, "") is None:
                continue  # --watch and --listen run until SIGTERM: tested above
            argv = [binary, *base, f"--{flag}"] + ([values[flag]] if takes_value else [])
            rc, _, err = telexlib.run(argv, stdin_bytes=b"")
            if rc != 0:
                fail(f"{' '.join(argv)}: exit {rc}: {err.strip()[-300:]}")
    rc, _, err = telexlib.run([normalize, "--stdio", "-X", "normalize.rules=/nonexistent.rules"],
                              stdin_bytes=b"")
    if rc == 0 or "/nonexistent.rules" not in err:
        fail(f"-X normalize.rules=/nonexistent.rules: want an error naming it, got {rc}: {err}")
    rc, out, err = telexlib.run([ingest, "--stdout", "--source", "feed-x", "--format", "text",
                                 "--published", "2016-11-10T12:00:00+09:00", story])
    frame = split_frames(out)[0] if rc == 0 and out else b""
    for want in (b"feed-x", b"text", b"2016-11-10T12:00:00+09:00"):
        if want not in frame:
            fail(f"--source/--format/--published: {want!r} not in the record {frame[:300]!r}")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    rc, _, err = telexlib.run([ingest, "--stdout", "--metrics",
                               f"127.0.0.1:{busy.getsockname()[1]}", story])
    busy.close()
    if rc != 1 or "cannot listen for metrics" not in err:
        fail(f"--metrics on a busy port: want exit 1 with a reason, got {rc}: {err.strip()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--data", required=True)
    cases = {"watch": test_watch, "pipeline": test_pipeline, "samples": test_samples,
             "http": test_http,
             "metrics": test_metrics, "notify": test_notify, "help": test_help}
    parser.add_argument("case", choices=sorted(cases))
    args = parser.parse_args()
    cases[args.case](args)
    print(f"ingest.{args.case}: ok")


if __name__ == "__main__":
    main()
