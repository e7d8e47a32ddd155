#!/usr/bin/env python3
"""Runs the dev stories through telex-ingest | telex-normalize | telex-tag (--stdio) and
checks the scorer's figures against the targets of the tagger issues. Fails, saying which
figure missed, when any target is missed or the scorer is missing (TELEX_EVAL_SCORER
overrides its path)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

TARGETS = [  # (figure, minimum)
    ("entities F1", 0.93), ("mentions F1", 0.90), ("dates F1", 0.93),
    ("date value accuracy", 0.90), ("events relaxed F1", 0.80), ("events strict F1", 0.60),
]


def run_pipeline(bindir, gold, out_path):
    with open(out_path, "wb") as out:
        ingest = subprocess.Popen([f"{bindir}/telex-ingest", "--stdout", gold],
                                  stdout=subprocess.PIPE)
        normalize = subprocess.Popen([f"{bindir}/telex-normalize", "--stdio"],
                                     stdin=ingest.stdout, stdout=subprocess.PIPE)
        ingest.stdout.close()
        tag = subprocess.Popen([f"{bindir}/telex-tag", "--stdio", "--json"],
                               stdin=normalize.stdout, stdout=out)
        normalize.stdout.close()
        codes = [p.wait(timeout=120) for p in (ingest, normalize, tag)]
    if any(codes):
        sys.exit(f"eval.dev: the pipeline failed with exit codes {codes}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--scorer", required=True)
    args = ap.parse_args()
    scorer = os.environ.get("TELEX_EVAL_SCORER", args.scorer)
    if not os.path.exists(scorer):
        sys.exit(f"eval.dev: no scorer at {scorer} (set TELEX_EVAL_SCORER)")
    with tempfile.TemporaryDirectory() as tmp:
        pred = os.path.join(tmp, "enriched.jsonl")
        run_pipeline(args.bin, args.gold, pred)
        out = subprocess.run([sys.executable, scorer, "--gold", args.gold, "--pred", pred,
                              "--json"], capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    figures = {
        "entities F1": d["entities"][2], "mentions F1": d["mentions"][2],
        "dates F1": d["dates"][2], "date value accuracy": d["date_value_accuracy"],
        "events relaxed F1": d["events_relaxed"][2], "events strict F1": d["events_strict"][2],
    }
    failed = [f"{k} {figures[k]:.3f} < {v}" for k, v in TARGETS if figures[k] < v]
    if d["paired"] != d["stories"]:
        failed.append(f"only {d['paired']} of {d['stories']} stories came out")
    if d["offset_errors"]:
        failed.append(f"{d['offset_errors']} offset errors")
    if d["boilerplate_leaks"]:
        failed.append(f"{d['boilerplate_leaks']} boilerplate phrases kept")
    for k, v in figures.items():
        print(f"{k:22} {v:.3f}")
    if failed:
        sys.exit("eval.dev: " + "; ".join(failed))
    print("eval.dev: every target met")


if __name__ == "__main__":
    main()
