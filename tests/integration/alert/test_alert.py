#!/usr/bin/python3
"""Integration tests of telex-alert.

    test_alert.py --bin BUILD/bin CASE

CASE is one of:
  stdio    hand-built enriched stories through `telex-alert --stdio --json`: the
           right events raise alerts, with the right fields; a garbage frame is
           rejected and the stage goes on.
  config   a missing or malformed alert.watch is one clear line and a non-zero exit.
  broker   the same stories through telex-broker: alerts arrive in NS.wire.alerts,
           the garbage frame in NS.wire.dlq, and /metrics counts the alerts.
  pipeline the dev samples through ingest, normalize, tag and alert (--stdio):
           the Panmunjom story's Moon-Kim summit raises an alert for KR,KP.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "deploy"))
from harness import (Failure, check_no_sanitizer_report, consume, free_port, http_get,  # noqa: E402
                     join_frames, produce_all, read_log, split_frames, start_broker,
                     start_stage, stop, wait_for)

SAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "deploy", "samples"))
WATCH = "alert.watch=US,KP"


def frames_of(tool, mode):
    return split_frames(subprocess.run([tool, mode], capture_output=True, check=True).stdout)


def expected_alerts(stories_json):
    """story id -> number of alerts, as written in the ids (alert2-... raises two)."""
    return {s: int(re.match(r"alert(\d+)-", s).group(1)) for s in stories_json}


def story_ids(tool, frames):
    out = subprocess.run([tool, "json"], input=join_frames(frames), capture_output=True,
                         check=True).stdout.decode()
    return [json.loads(line)["id"] for line in out.splitlines()]


def check_alerts(alerts, expected):
    counts = {}
    for alert in alerts:
        counts[alert["story_id"]] = counts.get(alert["story_id"], 0) + 1
    wanted = {k: v for k, v in expected.items() if v}
    if counts != wanted:
        raise Failure(f"alerts per story {counts}, expected {wanted}")
    summit = next(a for a in alerts if a["story_id"] == "alert1-us-kp-summit")
    want = {"countries": ["US", "KP"], "leaders": ["person:donald-trump", "person:kim-jong-un"],
            "event_type": "summit", "event_status": "planned", "event_start": "2018-06-12",
            "event_location": "Singapore", "evidence": "Trump and Kim will m",
            "headline": "Leaders to meet", "story_version": 1,
            "published": "2018-05-10T12:00:00Z"}
    for field, value in want.items():
        if summit.get(field) != value:
            raise Failure(f"summit alert: {field} is {summit.get(field)!r}, expected {value!r}")
    types = sorted(a["event_type"] for a in alerts if a["story_id"].startswith("alert2-"))
    if types != ["call", "meeting"]:
        raise Failure(f"the three-event story raised {types}, expected call and meeting")


def case_stdio(args, work):
    stories = frames_of(args.frames, "stories")
    garbage = frames_of(args.frames, "garbage")
    log = os.path.join(work, "alert.log")
    run = subprocess.run([os.path.join(args.bin, "telex-alert"), "--stdio", "--json", "-X", WATCH],
                         input=join_frames(stories[:2] + garbage + stories[2:]),
                         capture_output=True, timeout=60)
    with open(log, "wb") as f:
        f.write(run.stderr)
    check_no_sanitizer_report(log)
    if run.returncode != 0:
        raise Failure(f"telex-alert --stdio exited {run.returncode}: {run.stderr.decode()[-400:]}")
    alerts = [json.loads(line) for line in run.stdout.decode().splitlines()]
    check_alerts(alerts, expected_alerts(story_ids(args.frames, stories)))
    if "record rejected" not in read_log(log):
        raise Failure("the garbage frame was not reported as rejected")
    print(f"stdio: {len(alerts)} alerts from {len(stories)} stories, garbage rejected")


def case_config(args, work):
    binary = os.path.join(args.bin, "telex-alert")
    cases = [([], "alert.watch is not set"),
             (["-X", "alert.watch=USA,KP"], '\\"USA\\" is not an ISO 3166-1 alpha-2 code'),
             (["-X", "alert.watch=US"], "needs at least two different countries")]
    for extra, message in cases:
        run = subprocess.run([binary, "--stdio", *extra], input=b"", capture_output=True,
                             timeout=30)
        err = run.stderr.decode()
        if run.returncode == 0:
            raise Failure(f"telex-alert {' '.join(extra)} started; expected it to refuse")
        lines = [line for line in err.splitlines() if message in line]
        if len(lines) != 1 or "level=error" not in lines[0]:
            raise Failure(f"telex-alert {' '.join(extra)}: expected one error line with "
                          f"{message!r}, got: {err.strip()}")
        if "AddressSanitizer" in err or "runtime error:" in err:
            raise Failure(f"sanitizer report for {extra}")
    print(f"config: {len(cases)} bad watch lists refused with one line each")


def case_broker(args, work):
    from confluent_kafka import Consumer, Producer
    ns = f"alert{os.getpid()}"
    broker, bootstrap = start_broker(args.bin, work, "--namespace", ns, "--topic", "wire.alerts")
    stories = frames_of(args.frames, "stories")
    garbage = frames_of(args.frames, "garbage")
    expected = expected_alerts(story_ids(args.frames, stories))
    port = free_port()
    log = os.path.join(work, "alert.log")
    stage = start_stage(os.path.join(args.bin, "telex-alert"), log,
                        ["-b", bootstrap, "--namespace", ns, "--metrics", f"127.0.0.1:{port}",
                         "-X", WATCH])
    try:
        wait_for("telex-alert /readyz", lambda: http_get(port, "/readyz")[0] == 200, 60)
        producer = Producer({"bootstrap.servers": bootstrap})
        produce_all(producer, f"{ns}.wire.enriched", stories + garbage)
        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"reader-{ns}",
                             "auto.offset.reset": "earliest"})
        consumer.subscribe([f"{ns}.wire.alerts"])
        total = sum(expected.values())
        values = consume(consumer, lambda v: len(v) >= total, 60)
        values += consume(consumer, lambda v: False, 2)  # nothing more may come
        consumer.close()
        if len(values) != total:
            raise Failure(f"{len(values)} records in {ns}.wire.alerts, expected {total}")
        out = subprocess.run([args.frames, "json"], input=join_frames(values),
                             capture_output=True, check=True).stdout.decode()
        check_alerts([json.loads(line) for line in out.splitlines()], expected)
        dlq = Consumer({"bootstrap.servers": bootstrap, "group.id": f"dlq-{ns}",
                        "auto.offset.reset": "earliest"})
        dlq.subscribe([f"{ns}.wire.dlq"])
        dead = consume(dlq, lambda v: len(v) >= 1, 30)
        dlq.close()
        if len(dead) != 1:
            raise Failure(f"{len(dead)} dead letters, expected 1 (the garbage frame)")
        status, metrics = http_get(port, "/metrics")
        m = re.search(r"^telex_alert_alerts_total (\d+)$", metrics, re.M)
        if status != 200 or not m or int(m.group(1)) != total:
            raise Failure(f"/metrics does not count {total} alerts: {m.group(0) if m else None}")
    finally:
        code = stop(stage)
        stop(broker)
    check_no_sanitizer_report(log)
    if code != 0:
        raise Failure(f"telex-alert exited {code} on SIGTERM; see {log}")
    print(f"broker: {total} alerts in {ns}.wire.alerts, 1 dead letter, /metrics agrees")


def case_pipeline(args, work):
    b = args.bin
    sample = os.path.join(SAMPLES, "dev3-panmunjom.anpa")
    pipeline = (f"'{b}/telex-ingest' --stdout '{sample}' | '{b}/telex-normalize' --stdio | "
                f"'{b}/telex-tag' --stdio | '{b}/telex-alert' --stdio --json "
                f"-X alert.watch=KR,KP")
    log = os.path.join(work, "pipeline.log")
    run = subprocess.run(["/bin/bash", "-o", "pipefail", "-c", pipeline], capture_output=True,
                         timeout=120)
    with open(log, "wb") as f:
        f.write(run.stderr)
    check_no_sanitizer_report(log)
    if run.returncode != 0:
        raise Failure(f"the pipeline exited {run.returncode}: {run.stderr.decode()[-400:]}")
    alerts = [json.loads(line) for line in run.stdout.decode().splitlines()]
    pairs = [sorted(a["countries"]) for a in alerts]
    if ["KP", "KR"] not in pairs:
        raise Failure(f"no KR-KP alert from the Panmunjom story; alerts: {alerts}")
    print(f"pipeline: {len(alerts)} alert(s) from dev3-panmunjom.anpa, KR-KP among them")


CASES = {"stdio": case_stdio, "config": case_config, "broker": case_broker,
         "pipeline": case_pipeline}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="folder of the built binaries")
    parser.add_argument("--frames", help="the alert-frames helper (default: in --bin)")
    parser.add_argument("case", choices=sorted(CASES))
    args = parser.parse_args()
    args.frames = args.frames or os.path.join(args.bin, "alert-frames")
    work = tempfile.mkdtemp(prefix=f"telex-alert-{args.case}-")
    try:
        CASES[args.case](args, work)
    except (Failure, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        print(f"alert {args.case} FAILED: {e} (logs in {work})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
