#!/usr/bin/python3
"""telex-ingest and telex-normalize end to end (see CMakeLists.txt beside this file).

    test_ingest.py --bin BUILD/bin --data tests/data watch|pipeline|http
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import telexlib  # noqa: E402
from telexlib import Broker, Process, fail, split_frames  # noqa: E402

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


def post(port, body, query=""):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", "/" + query, body=body)
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("case", choices=["watch", "pipeline", "http"])
    args = parser.parse_args()
    {"watch": test_watch, "pipeline": test_pipeline, "http": test_http}[args.case](args)
    print(f"ingest.{args.case}: ok")


if __name__ == "__main__":
    main()
