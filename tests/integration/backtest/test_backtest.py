#!/usr/bin/env python3
"""telex-backtest on the bundled samples, end to end (it starts its own telex-broker,
telex-normalize and telex-tag):
- two runs over the same input give byte-identical report.json, report.md, enriched.jsonl;
- the scores in report.json equal what shared/eval/score.py prints for the same
  enriched.jsonl (found through TELEX_EVAL_SCORER, else ../shared/eval/score.py beside
  the source tree; the test FAILS when it is absent);
- --compare against the first report, on the feed with one story left out, reports that
  story as gone with everything it had as lost, and the others unchanged;
- bad options are one clear line and a non-zero exit;
- settings reach the stages it starts: -X tag.KEY (a bad knowledge base makes telex-tag
  exit, and the backtest says so at once, naming it), librdkafka keys, log.level; the
  properties files that carried them (secrets included) are gone afterwards;
- an archive written by telex-archive from wire.raw backtests to the same report.json as
  the raw files it came from.

    test_backtest.py BIN_DIR SOURCE_DIR
"""
import glob
import json
import os
import time
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from telexlib import Broker, fail, run, start_stage  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
SAMPLES = os.path.join(SRC, "deploy", "samples")
GOLD = os.path.join(SRC, "tests", "data", "eval-dev")
BACKTEST = os.path.join(BIN, "telex-backtest")


def scorer_path():
    path = os.environ.get("TELEX_EVAL_SCORER") or os.path.join(SRC, "..", "shared", "eval",
                                                                "score.py")
    if not os.path.isfile(path):
        fail(f"the reference scorer is missing: {path} (set TELEX_EVAL_SCORER to score.py)")
    return path


def backtest(*args, expect_ok=True):
    rc, out, err = run([BACKTEST, *args], timeout=240)
    if expect_ok and rc != 0:
        fail(f"telex-backtest {' '.join(args)} exited {rc}:\n{err}")
    return rc, err


def read(path):
    with open(path, "rb") as f:
        return f.read()


def check_reproduces(tmp):
    for name in ("r1", "r2"):
        backtest("--input", SAMPLES, "--gold", GOLD, "--report-dir", os.path.join(tmp, name))
    for name in ("report.json", "report.md", "enriched.jsonl"):
        if read(os.path.join(tmp, "r1", name)) != read(os.path.join(tmp, "r2", name)):
            fail(f"{name} differs between two runs over the same input")
    report = json.loads(read(os.path.join(tmp, "r1", "report.json")))
    gold_files = [n for n in os.listdir(GOLD) if n.endswith(".gold.json")]
    if report["records_replayed"] != len(gold_files) or report["enriched_stories"] != len(gold_files):
        fail(f"want {len(gold_files)} stories replayed and enriched, report says "
             f"{report['records_replayed']} and {report['enriched_stories']}")
    want_files = sorted(json.loads(read(os.path.join(GOLD, n)))["file"] for n in gold_files)
    if sorted(report["stories"]) != want_files:
        fail(f"report stories {sorted(report['stories'])}, want {want_files}")
    run_info = json.loads(read(os.path.join(tmp, "r1", "run.json")))
    if not run_info["namespace"].startswith("bt-") or run_info["error"] is not None:
        fail(f"run.json: {run_info}")
    return report


def check_agrees_with_score_py(tmp, report):
    pred = os.path.join(tmp, "r1", "enriched.jsonl")
    rc, out, err = run(["/usr/bin/python3", scorer_path(), "--gold", GOLD, "--pred", pred,
                        "--json"])
    if rc != 0:
        fail(f"score.py failed ({rc}): {err}")
    want = json.loads(out)
    if want != report["scores"]:
        fail(f"scores differ from score.py:\n score.py: {want}\n backtest: {report['scores']}")
    if want["paired"] != want["stories"] or want["entities"][2] <= 0:
        fail(f"the samples were not all paired, or nothing was found: {want}")


def check_compare(tmp, report):
    """The feed without one story, compared with the first report."""
    feed = os.path.join(tmp, "feed")
    shutil.copytree(SAMPLES, feed)
    left_out = sorted(report["stories"])[0]
    os.remove(os.path.join(feed, left_out))
    backtest("--input", feed, "--compare", os.path.join(tmp, "r1", "report.json"),
             "--report-dir", os.path.join(tmp, "r3"))
    new = json.loads(read(os.path.join(tmp, "r3", "report.json")))
    compare = new["compare"]
    if list(compare["stories"]) != [left_out] or compare["stories"][left_out]["status"] != "gone":
        fail(f"compare should list only {left_out} as gone: {compare['stories'].keys()}")
    for kind in ("entities", "dates", "events"):
        had = len(report["stories"][left_out][kind])
        change = compare["stories"][left_out][kind]
        if change["lost_count"] != had or change["gained_count"] != 0 or \
                compare["totals"][kind] != {"gained": 0, "lost": had}:
            fail(f"{kind}: want {had} lost, got {change} / totals {compare['totals'][kind]}")
    if compare["unchanged_stories"] != len(report["stories"]) - 1:
        fail(f"unchanged stories: {compare['unchanged_stories']}")
    md = read(os.path.join(tmp, "r3", "report.md")).decode()
    if "## Changes since the earlier report" not in md or f"**{left_out}** (gone)" not in md:
        fail(f"report.md does not show the change:\n{md}")


def check_bad_options(tmp):
    cases = [
        (["--input", os.path.join(tmp, "nope"), "--report-dir", os.path.join(tmp, "x")], "--input"),
        (["--input", SAMPLES, "--report-dir", os.path.join(tmp, "x"), "--gold", tmp], "--gold"),
        (["--input", SAMPLES, "--report-dir", os.path.join(tmp, "x"), "--compare",
          os.path.join(tmp, "r1", "enriched.jsonl")], "--compare"),
        (["--input", SAMPLES], "--report-dir"),
        (["--input", SAMPLES, "--report-dir", os.path.join(tmp, "x"), "--use-running"],
         "--namespace"),
    ]
    for args, word in cases:
        rc, err = backtest(*args, expect_ok=False)
        lines = [line for line in err.splitlines() if line.strip()]
        if rc == 0 or len(lines) != 1 or word not in lines[0]:
            fail(f"{args}: want one error line naming {word}, got exit {rc}:\n{err}")


def check_stage_settings(tmp):
    out = os.path.join(tmp, "settings")
    started = time.monotonic()
    rc, err = backtest("--input", SAMPLES, "--report-dir", out, "--log-level", "debug",
                       "-X", f"tag.kb.dir={tmp}/no-such-kb", "-X", "client.id=bt-probe",
                       "-X", "sasl.password=hunter2", expect_ok=False)
    last = [line for line in err.splitlines() if line.startswith("telex-backtest:")]
    if rc == 0 or not last or "telex-tag exited early" not in last[-1]:
        fail(f"a bad -X tag.kb.dir should stop the backtest naming telex-tag:\n{err}")
    if time.monotonic() - started > 60:
        fail("the backtest waited for its timeout instead of noticing telex-tag had exited")
    tag_log = read(os.path.join(out, "logs", "tag.log")).decode()
    for want in ("client.id=bt-probe", f"tag.kb.dir={tmp}/no-such-kb", "sasl.password=***"):
        if want not in tag_log:
            fail(f"telex-tag did not get {want!r}; its log:\n{tag_log[-2000:]}")
    normalize_log = read(os.path.join(out, "logs", "normalize.log")).decode()
    if "client.id=bt-probe" not in normalize_log or "tag.kb.dir" in normalize_log:
        fail("telex-normalize should get the librdkafka keys and not telex-tag's")
    left = glob.glob(os.path.join(out, "logs", "*.properties"))
    if left or b"hunter2" in b"".join(read(p) for p in glob.glob(os.path.join(out, "**"),
                                                                 recursive=True)
                                      if os.path.isfile(p)):
        fail(f"the stages' properties files (with a secret) were left behind: {left}")


def archive_raw_samples(tmp):
    """telex-ingest the samples to wire.raw, archived by telex-archive; returns the folder."""
    root = os.path.join(tmp, "archive")
    with Broker(os.path.join(BIN, "telex-broker"), partitions=2) as broker:
        archive = start_stage(os.path.join(BIN, "telex-archive"), broker.bootstrap,
                              "-t", "wire.raw", "-X", f"archive.dir={root}",
                              "-X", "archive.roll.seconds=1", name="telex-archive")
        archive.wait_for_log("partitions assigned")
        # The folder at once: telex-ingest takes each file's format and publication time from
        # its manifest.tsv, as the backtest's own raw-file loader does, and never sends it.
        rc, out, err = run([os.path.join(BIN, "telex-ingest"), "-b", broker.bootstrap, SAMPLES])
        if rc != 0:
            fail(f"telex-ingest {SAMPLES} failed ({rc}): {err}")
        time.sleep(2)  # roll.seconds=1: the files close; stopping closes any still open
        if archive.stop() != 0:
            fail(f"telex-archive did not stop cleanly:\n{archive.tail()}")
    if not glob.glob(os.path.join(root, "wire.raw", "*", "*.avro")):
        fail(f"nothing archived under {root}")
    return root


def check_archive_input(tmp):
    root = archive_raw_samples(tmp)
    backtest("--input", root, "--gold", GOLD, "--report-dir", os.path.join(tmp, "from-archive"))
    for name in ("report.json", "enriched.jsonl"):
        if read(os.path.join(tmp, "r1", name)) != read(os.path.join(tmp, "from-archive", name)):
            fail(f"{name} from the archive differs from the one from the raw files")


def main():
    tmp = tempfile.mkdtemp(prefix="telex-backtest-it-")
    report = check_reproduces(tmp)
    check_agrees_with_score_py(tmp, report)
    check_compare(tmp, report)
    check_bad_options(tmp)
    check_stage_settings(tmp)
    check_archive_input(tmp)
    shutil.rmtree(tmp)
    print("ok: backtest reproduces its report, agrees with score.py, compares, passes settings "
          "on, backtests an archive")


if __name__ == "__main__":
    main()
