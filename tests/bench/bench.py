#!/usr/bin/python3
"""Telex benchmarks (issue 8): one run on one machine, one markdown table.

    bench.py --bin BUILD/bin [--quick | --smoke] [--stories N] [--memory-stories M]
             [--work DIR] [--out FILE]

What it measures, in this order, all in the same run:
  1. the ceiling: bench-ceiling, a bare librdkafka consume-and-produce loop
     through telex-broker, on the corpus's RawStory frames and on its Story
     frames: messages/s and MB/s;
  2. each stage alone (telex-normalize on RawStory frames, telex-tag on Story
     frames) through telex-broker: stories/s, MB/s, ratio to the ceiling on the
     same records, peak RSS; then latency (output received - input produced)
     p50/p99 at a fixed offered 1,000 stories/s, for the ceiling and each stage;
  3. end to end: telex-ingest reads the corpus as files, telex-normalize and
     telex-tag run, and every story must arrive on wire.enriched;
  4. the engines in memory (bench-engine): tag_story() and normalize_story()
     over the corpus, MB/s per core;
  5. memory over time: the RSS of telex-normalize and telex-tag after 10k,
     100k and 1M stories, in --stdio mode (a million stories through the
     embedded broker would take too long), and in Kafka mode during (3).

Every Kafka run uses a fresh telex-broker (32 partitions; 128 for the end to
end run, whose backlog sits in the broker) and fresh processes, sends a
warm-up set of other stories first, and fails loudly when a record is
missing. The corpus is generated (bench-corpus, fixed seed) from the samples
in deploy/samples. Exit 0 when every run completed (targets missed are
reported, not failures), 1 when a run failed.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SANITIZER = re.compile(r"ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer")
ASSIGNED = "partitions assigned"
# Settings for the latency runs: the embedded broker (librdkafka's mock
# cluster) answers an empty fetch only after fetch.wait.max.ms (default 500 ms)
# even when data arrives meanwhile, and the producer waits linger.ms (5 ms) to
# batch. The throughput runs use librdkafka's defaults.
LOW_LATENCY = ["-X", "fetch.wait.max.ms=5", "-X", "linger.ms=0"]
WARM_START = 9_000_000  # corpus index of the warm-up stories: never in the measured set

SIZES = {
    # stories, warm-up, latency stories, memory stories, memory checkpoints, and the stories
    # after the last checkpoint (more than the pipes hold, so the stages still run there)
    "full": (100_000, 2_000, 10_000, 1_000_000, (10_000, 100_000, 1_000_000), 200),
    "quick": (10_000, 1_000, 3_000, 30_000, (1_000, 10_000, 30_000), 200),
    "smoke": (40, 10, 20, 40, (10, 20, 40), 40),
}


class Failure(Exception):
    pass


# ---- Processes ----

class Proc:
    """A child process with its stderr (and stdout unless piped) in a log file."""

    def __init__(self, name, cmd, work, env, stdout=None, stdin=None):
        self.name = name
        self.log_path = os.path.join(work, f"{name}.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=stdout if stdout is not None else self.log,
                                     stderr=self.log, stdin=stdin, env=env)

    @property
    def pid(self):
        return self.proc.pid

    def log_text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_for_log(self, text, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_text():
                return
            if self.proc.poll() is not None:
                raise Failure(f"{self.name} exited {self.proc.returncode} before logging "
                              f"\"{text}\": see {self.log_path}")
            time.sleep(0.05)
        raise Failure(f"{self.name} did not log \"{text}\" within {timeout} s: see {self.log_path}")

    def stop(self, timeout=30):
        """SIGTERM, then wait; returns the exit code (SIGKILL after timeout counts as -9)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def check_clean(self):
        """Fails on a sanitizer report in the log."""
        match = SANITIZER.search(self.log_text())
        if match:
            raise Failure(f"{self.name}: sanitizer report \"{match.group(0)}\": "
                          f"see {self.log_path}")


class Bench:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.work = args.work
        self.env = dict(os.environ)
        src = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
        self.env.setdefault("TELEX_SOURCE_DIR", src)
        self.env.setdefault("TELEX_SCHEMA_DIR", os.path.join(src, "schemas"))
        self.procs = []
        self.run_no = 0

    def exe(self, name):
        path = os.path.join(self.bin, name)
        if not os.access(path, os.X_OK):
            raise Failure(f"{path} is missing: build it first")
        return path

    def start(self, name, cmd, **kw):
        self.run_no += 1
        proc = Proc(f"{self.run_no:02d}-{name}", cmd, self.work, self.env, **kw)
        self.procs.append(proc)
        return proc

    def finish(self, proc, expect_zero=True):
        code = proc.stop()
        self.procs.remove(proc)
        proc.check_clean()
        if expect_zero and code != 0:
            raise Failure(f"{proc.name} exited {code}: see {proc.log_path}")

    def stop_all(self):
        for proc in reversed(self.procs):
            proc.stop(5)
        self.procs = []

    def tool(self, cmd, stdin=None, stdout=None, parse=True):
        """Runs a program to completion; its stdout's last line as key=value pairs."""
        out = subprocess.run(cmd, stdin=stdin, stdout=stdout or subprocess.PIPE,
                             stderr=subprocess.PIPE, env=self.env, text=stdout is None)
        err = out.stderr if isinstance(out.stderr, str) else out.stderr.decode(errors="replace")
        if out.returncode != 0 or SANITIZER.search(err):
            raise Failure(f"{os.path.basename(cmd[0])} failed ({out.returncode}): "
                          f"{err.strip()[-2000:]}")
        return parse_pairs(out.stdout) if stdout is None and parse else None

    # ---- Broker and drives ----

    def broker(self, partitions, topics=()):
        port_file = os.path.join(self.work, f"broker-{self.run_no + 1}.port")
        cmd = [self.exe("telex-broker"), "--partitions", str(partitions), "--port-file", port_file]
        for t in topics:
            cmd += ["--topic", t]
        proc = self.start("broker", cmd)
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file):
            if proc.proc.poll() is not None or time.monotonic() > deadline:
                raise Failure(f"telex-broker did not start: see {proc.log_path}")
            time.sleep(0.05)
        with open(port_file) as f:
            return proc, f.read().strip()

    def drive(self, bootstrap, in_topic, out_topic, frames, keys, count=None, rate=None,
              watch=(), checkpoints=(), timeout=60):
        cmd = [self.exe("bench-drive"), "-b", bootstrap, "--in", in_topic, "--out", out_topic,
               "--frames", frames, "--keys", keys, "--timeout", str(timeout)]
        if count:
            cmd += ["--count", str(count)]
        if rate:
            cmd += ["--rate", str(rate)]
        for name, pid in watch:
            cmd += ["--watch", f"{name}={pid}"]
        if checkpoints:
            cmd += ["--rss-at", ",".join(str(c) for c in checkpoints)]
        return self.tool(cmd)


def parse_pairs(text):
    lines = [l for l in text.strip().splitlines() if "=" in l]
    if not lines:
        raise Failure(f"no result line in: {text.strip()[-500:]}")
    result = {}
    for pair in lines[-1].split():
        key, _, value = pair.partition("=")
        try:
            result[key] = float(value)
        except ValueError:
            result[key] = value
    return result


def count_frames(path):
    n = 0
    with open(path, "rb") as f:
        while True:
            head = f.read(4)
            if not head:
                return n
            if len(head) < 4:
                raise Failure(f"{path}: truncated frame {n}")
            f.seek(int.from_bytes(head, "big"), os.SEEK_CUR)
            n += 1


def proc_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


# ---- The measurements ----

class Corpus:
    """The generated corpus: RawStory and Story frames, their keys, and the files for ingest."""

    def __init__(self, bench, n, warm):
        self.bench, self.n = bench, n
        w = bench.work
        self.raw, self.story, self.keys = (os.path.join(w, f) for f in
                                           ("raw.frames", "story.frames", "keys.txt"))
        self.warm_raw, self.warm_story, self.warm_keys = (os.path.join(w, f) for f in (
            "warm-raw.frames", "warm-story.frames", "warm-keys.txt"))
        self.files = os.path.join(w, "files")
        self.make(n, 0, self.raw, self.story, self.keys)
        self.make(warm, WARM_START, self.warm_raw, self.warm_story, self.warm_keys)
        bench.tool([bench.exe("bench-corpus"), "-n", str(n), "files", self.files], parse=False)
        self.raw_mb = os.path.getsize(self.raw) / 1e6

    def make(self, n, start, raw, story, keys):
        b = self.bench
        with open(raw, "wb") as out:
            b.tool([b.exe("bench-corpus"), "--start", str(start), "-n", str(n), "frames"],
                   stdout=out)
        t0 = time.monotonic()
        with open(raw, "rb") as inp, open(story, "wb") as out:
            b.tool([b.exe("telex-normalize"), "--stdio"], stdin=inp, stdout=out)
        self.stdio_normalize_s = time.monotonic() - t0
        with open(story, "rb") as inp, open(keys, "wb") as out:
            b.tool([b.exe("bench-corpus"), "ids"], stdin=inp, stdout=out)
        got = count_frames(story)
        if got != n:
            raise Failure(f"telex-normalize --stdio gave {got} stories for {n} generated: the "
                          "corpus must hold no rejects or duplicates")


def ceiling_cmd(bench, in_topic, profile):
    return [bench.exe("bench-ceiling"), "-t", in_topic, "-o", "bench.out"] + profile


def stage_cmd(bench, stage, profile):
    return [bench.exe(f"telex-{stage}")] + profile


def run_one(bench, label, make_cmd, in_topic, out_topic, frames, keys, warm, count=None,
            rate=None, checkpoints=()):
    """A fresh broker and process, a warm-up, then one measured drive."""
    broker, bootstrap = bench.broker(32, ["bench.out"])
    try:
        proc = bench.start(label, make_cmd() + ["-b", bootstrap])
        proc.wait_for_log(ASSIGNED, 60)
        bench.drive(bootstrap, in_topic, out_topic, warm[0], warm[1])
        result = bench.drive(bootstrap, in_topic, out_topic, frames, keys, count=count,
                             rate=rate, watch=[(label, proc.pid)], checkpoints=checkpoints)
        result["hwm_mb"] = result.get(f"hwm_kb.{label}", -1) / 1024
        bench.finish(proc)
    finally:
        bench.finish(broker, expect_zero=False)
    print(f"  {label}: {summary(result)}", file=sys.stderr, flush=True)
    return result


def summary(r):
    keys = ("records", "msgs_per_s", "in_mb_per_s", "p50_ms", "p99_ms", "hwm_mb")
    return " ".join(f"{k}={r[k]:.4g}" for k in keys if isinstance(r.get(k), float))


def run_kafka(bench, corpus, sizes, smoke):
    """The ceiling and each stage alone, flat out and at 1,000/s. Smoke: one ceiling run."""
    n, _, n_lat, _, checkpoints, _ = sizes
    raw_in, story_in = (corpus.raw, corpus.keys), (corpus.story, corpus.keys)
    warm_raw = (corpus.warm_raw, corpus.warm_keys)
    warm_story = (corpus.warm_story, corpus.warm_keys)
    points = [c for c in checkpoints if c <= n]
    norm, tag = "wire.raw", "wire.normalized"
    runs = [  # key, label, command, input topic, output topic, input, warm-up, extra
        ("ceiling_lat", "ceiling-latency", lambda: ceiling_cmd(bench, norm, LOW_LATENCY), norm,
         "bench.out", raw_in, warm_raw, {"count": n_lat, "rate": 1000}),
        ("ceiling_raw", "ceiling-raw", lambda: ceiling_cmd(bench, norm, []), norm, "bench.out",
         raw_in, warm_raw, {}),
        ("ceiling_story", "ceiling-story", lambda: ceiling_cmd(bench, tag, []), tag, "bench.out",
         story_in, warm_story, {}),
        ("normalize", "normalize", lambda: stage_cmd(bench, "normalize", []), norm, tag, raw_in,
         warm_raw, {"checkpoints": points}),
        ("tag", "tag", lambda: stage_cmd(bench, "tag", []), tag, "wire.enriched", story_in,
         warm_story, {"checkpoints": points}),
        ("normalize_lat", "normalize-latency",
         lambda: stage_cmd(bench, "normalize", LOW_LATENCY), norm, tag, raw_in, warm_raw,
         {"count": n_lat, "rate": 1000}),
        ("tag_lat", "tag-latency", lambda: stage_cmd(bench, "tag", LOW_LATENCY), tag,
         "wire.enriched", story_in, warm_story, {"count": n_lat, "rate": 1000}),
    ]
    r = {}
    for key, label, cmd, in_topic, out_topic, data, warm, extra in runs[:1 if smoke else None]:
        r[key] = run_one(bench, label, cmd, in_topic, out_topic, *data, warm, **extra)
    return r


def run_end_to_end(bench, corpus, sizes):
    """telex-ingest (files) -> normalize -> tag -> wire.enriched, every story counted."""
    n, _, _, _, checkpoints, _ = sizes
    broker, bootstrap = bench.broker(128)
    try:
        norm = bench.start("e2e-normalize", stage_cmd(bench, "normalize", []) + ["-b", bootstrap])
        tag = bench.start("e2e-tag", stage_cmd(bench, "tag", []) + ["-b", bootstrap])
        norm.wait_for_log(ASSIGNED, 60)
        tag.wait_for_log(ASSIGNED, 60)
        bench.drive(bootstrap, "wire.raw", "wire.enriched", corpus.warm_raw, corpus.warm_keys)
        ready = os.path.join(bench.work, "e2e.ready")
        cmd = [bench.exe("bench-drive"), "-b", bootstrap, "--out", "wire.enriched", "--expect",
               str(n), "--ready-file", ready, "--timeout", "60",
               "--watch", f"normalize={norm.pid}", "--watch", f"tag={tag.pid}"]
        points = [c for c in checkpoints if c <= n]
        if points:
            cmd += ["--rss-at", ",".join(str(c) for c in points)]
        drive = bench.start("e2e-drive", cmd, stdout=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not os.path.exists(ready):
            if drive.proc.poll() is not None or time.monotonic() > deadline:
                raise Failure(f"bench-drive did not start: see {drive.log_path}")
            time.sleep(0.01)
        t0 = time.monotonic()
        bench.tool([bench.exe("telex-ingest"), "-b", bootstrap, corpus.files], parse=False)
        ingest_s = time.monotonic() - t0
        out, _ = drive.proc.communicate()
        bench.finish(drive)
        result = parse_pairs(out.decode())
        result["ingest_s"] = ingest_s
        result["in_mb_per_s"] = corpus.raw_mb / result["seconds"]
        for proc, name in ((norm, "normalize"), (tag, "tag")):
            result[f"hwm_mb.{name}"] = proc_kb(proc.pid, "VmHWM") / 1024
            bench.finish(proc)
    finally:
        bench.finish(broker, expect_zero=False)
    print(f"  end to end: {summary(result)} ingest_s={ingest_s:.1f}", file=sys.stderr, flush=True)
    return result


def run_engines(bench, corpus):
    r = {}
    with open(corpus.story, "rb") as f:
        r["tag"] = bench.tool([bench.exe("bench-engine"), "tag"], stdin=f)
    with open(corpus.story, "rb") as f:
        r["tag2"] = bench.tool([bench.exe("bench-engine"), "tag", "--threads", "2"], stdin=f)
    with open(corpus.raw, "rb") as f:
        r["normalize"] = bench.tool([bench.exe("bench-engine"), "normalize"], stdin=f)
    for k, v in r.items():
        print(f"  engine {k}: {v.get('mb_per_s_per_core', 0):.2f} MB/s per core, "
              f"{v.get('stories_per_s', 0):.0f} stories/s", file=sys.stderr, flush=True)
    return r


def run_memory(bench, sizes):
    """bench-corpus | telex-normalize --stdio | telex-tag --stdio, RSS at the checkpoints."""
    _, _, _, m, checkpoints, tail = sizes
    total = m + tail  # the stages must still be running at the last checkpoint
    gen = bench.start("mem-corpus", [bench.exe("bench-corpus"), "--start", "20000000", "-n",
                                     str(total), "frames"], stdout=subprocess.PIPE)
    norm = bench.start("mem-normalize", [bench.exe("telex-normalize"), "--stdio"],
                       stdin=gen.proc.stdout, stdout=subprocess.PIPE)
    tag = bench.start("mem-tag", [bench.exe("telex-tag"), "--stdio"], stdin=norm.proc.stdout,
                      stdout=subprocess.PIPE)
    gen.proc.stdout.close()  # the pipes now belong to the children
    norm.proc.stdout.close()
    rss = {"normalize": {}, "tag": {}}
    seen = 0
    t0 = time.monotonic()
    stream = tag.proc.stdout
    while True:
        head = stream.read(4)
        if len(head) < 4:
            break
        if len(stream.read(int.from_bytes(head, "big"))) != int.from_bytes(head, "big"):
            break
        seen += 1
        if seen in checkpoints:
            for name, proc in (("normalize", norm), ("tag", tag)):
                rss[name][seen] = proc_kb(proc.pid, "VmRSS")
                if rss[name][seen] <= 0:
                    raise Failure(f"memory run: cannot read the RSS of telex-{name} after "
                                  f"{seen} stories")
            print(f"  memory at {seen}: normalize {rss['normalize'][seen]} kB, "
                  f"tag {rss['tag'][seen]} kB", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - t0
    for proc in (gen, norm, tag):
        proc.proc.wait()
        bench.finish(proc)
    if seen != total:
        raise Failure(f"memory run: {seen} of {total} stories came out of telex-tag --stdio")
    return {"rss": rss, "seconds": elapsed, "stories": m}


# ---- Report ----

def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        total = int(f.readline().split()[1]) // 1024
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores, {model}, {total} MiB RAM, Linux {platform.release()}; "
            f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def ratio(x, y):
    return f"{x / y:.2f}" if x is not None and y else ""


def fmt(value, spec):
    return format(value, spec) if isinstance(value, (int, float)) and value >= 0 else ""


def verdict(measured, ok, shortfall):
    if measured is None:
        return "not measured in this mode"
    return "met" if ok else f"**missed**: {shortfall}"


def throughput_rows(res):
    k, e, eng = res["kafka"], res["e2e"], res["engines"]
    c_raw, c_story = k.get("ceiling_raw"), k.get("ceiling_story")
    rows = [("(1) ceiling: bench-ceiling on RawStory frames", c_raw, c_raw, k.get("ceiling_lat")),
            ("(1) ceiling: bench-ceiling on Story frames", c_story, c_story, None),
            ("(2) telex-normalize alone (vs ceiling on RawStory)", k.get("normalize"), c_raw,
             k.get("normalize_lat")),
            ("(2) telex-tag alone (vs ceiling on Story)", k.get("tag"), c_story, k.get("tag_lat")),
            ("(3) end to end: telex-ingest files to wire.enriched",
             dict(e, hwm_mb=max(e.get("hwm_mb.normalize", -1), e.get("hwm_mb.tag", -1))), c_raw,
             None)]
    lines = []
    for name, r, ceiling, lat in rows:
        if r is None and lat is None:
            continue
        r, lat = r or {}, lat or {}
        lines.append(f"| {name} | {fmt(r.get('msgs_per_s'), '.0f')} | "
                     f"{fmt(r.get('in_mb_per_s'), '.1f')} | "
                     f"{ratio(r.get('msgs_per_s'), (ceiling or {}).get('msgs_per_s'))} | "
                     f"{fmt(lat.get('p50_ms'), '.2f')} | {fmt(lat.get('p99_ms'), '.2f')} | "
                     f"{fmt(r.get('hwm_mb', lat.get('hwm_mb')), '.0f')} |")
    for key, name in (("tag", "(4) tag_story() in memory, 1 thread"),
                      ("tag2", "(4) tag_story() in memory, 2 threads"),
                      ("normalize", "(4) normalize_story() in memory, 1 thread")):
        r = eng[key]
        lines.append(f"| {name} | {r['stories_per_s']:.0f} | {r['mb_per_s']:.1f} "
                     f"({r['mb_per_s_per_core']:.1f} per core) | "
                     f"{ratio(r['stories_per_s'], (c_raw or {}).get('msgs_per_s'))} | | | |")
    return lines


def memory_lines(res):
    mem, e = res["memory"], res["e2e"]
    points = sorted(mem["rss"]["tag"])
    lines = [f"Memory over time ({mem['stories']} stories through `telex-normalize --stdio | "
             f"telex-tag --stdio`, {mem['seconds']:.0f} s), VmRSS in MiB:", "",
             "| stage | " + " | ".join(f"after {p}" for p in points) + " | growth |",
             "| --- | " + " | ".join("---:" for _ in points) + " | ---: |"]
    growth = {}
    for stage in ("normalize", "tag"):
        vals = [mem["rss"][stage][p] / 1024 for p in points]
        growth[stage] = (vals[-1] / vals[-2] - 1) * 100 if len(vals) > 1 and vals[-2] > 0 else 0
        lines.append(f"| telex-{stage} | " + " | ".join(f"{v:.1f}" for v in vals) +
                     f" | {growth[stage]:+.1f}% ({points[-2]} to {points[-1]}) |")
    kafka_rss = [(key, v) for key, v in e.items() if key.startswith("rss_kb.")]
    if kafka_rss:
        lines += ["", "In Kafka mode, during the end-to-end run (MiB): " +
                  ", ".join(f"{key[7:].replace('.', ' after ')}: {v / 1024:.1f}"
                            for key, v in kafka_rss) + "."]
    return lines, growth, points


def target_lines(res, growth, points):
    k, eng = res["kafka"], res["engines"]
    e2e = res["e2e"]["msgs_per_s"]
    ratios = [k[s]["msgs_per_s"] / k[c]["msgs_per_s"] for s, c in
              (("normalize", "ceiling_raw"), ("tag", "ceiling_story")) if s in k and c in k]
    stage_ratio = min(ratios) if ratios else None
    stage_short = f"{0.7 / stage_ratio:.1f}x short" if stage_ratio else ""
    p99s = [k[s]["p99_ms"] for s in ("normalize_lat", "tag_lat") if s in k]
    worst_p99 = max(p99s) if p99s else None
    tag_mb = eng["tag"]["mb_per_s_per_core"]
    worst_growth = max(growth.values())
    return ["| target | measured | verdict |", "| --- | --- | --- |",
            f"| end to end >= 10,000 stories/s | {e2e:.0f} stories/s | "
            f"{verdict(e2e, e2e >= 10000, f'{10000 / e2e:.1f}x short')} |",
            f"| each stage >= 70% of the ceiling | "
            f"{fmt(stage_ratio and stage_ratio * 100, '.0f')}% (worst) | "
            f"{verdict(stage_ratio, (stage_ratio or 0) >= 0.7, stage_short)} |",
            f"| tag_story() >= 100 MB/s per core | {tag_mb:.1f} MB/s | "
            f"{verdict(tag_mb, tag_mb >= 100, f'{100 / tag_mb:.1f}x short')} |",
            f"| p99 per stage < 10 ms at 1,000/s | {fmt(worst_p99, '.1f')} ms (worst) | "
            f"{verdict(worst_p99, (worst_p99 or 0) < 10, f'{(worst_p99 or 0) / 10:.1f}x over')} |",
            f"| RSS growth < 5% from {points[-2]} to {points[-1]} stories | "
            f"{worst_growth:+.1f}% (worst) | "
            f"{verdict(worst_growth, worst_growth < 5, f'{worst_growth:+.1f}%')} |",
            "| no leaks | LeakSanitizer in the ASan build: `ctest -L bench` (this script in "
            "--smoke mode) and the integration tests | see ctest |"]


def report(res, sizes, mode, wall_s, machine_line):
    lines = [f"## Telex benchmark ({mode}, {sizes[0]} stories)", "",
             f"Machine: {machine_line}. Broker: telex-broker (embedded, 32 partitions). "
             f"Whole run: {wall_s / 60:.1f} min.", "",
             "| measurement | stories/s | MB/s | ratio to ceiling | p50 ms | p99 ms "
             "| peak RSS MiB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += throughput_rows(res)
    lines += ["", "MB/s: 10^6 bytes of input records per second (Avro frames through Kafka; "
              "story text for tag_story(), payload for normalize_story()). Latency: output "
              "received - input produced, at a fixed offered 1,000 stories/s over "
              f"{sizes[2]} stories, with `{' '.join(LOW_LATENCY)}` on the process measured. "
              "The engines' ratio is stories/s against the ceiling on RawStory frames.", ""]
    mem, growth, points = memory_lines(res)
    lines += mem + [""] + target_lines(res, growth, points)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the build's bin/ folder")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="10k stories, 30k for memory")
    mode.add_argument("--smoke", action="store_true", help="a few stories: the programs work")
    ap.add_argument("--stories", type=int, help="corpus size (default 100000)")
    ap.add_argument("--memory-stories", type=int, help="stories of the memory run (default 1M)")
    ap.add_argument("--work", help="folder for the corpus and logs (default: a temporary one)")
    ap.add_argument("--out", help="also write the markdown table here")
    args = ap.parse_args()

    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    n, warm, n_lat, m, points, tail = SIZES[mode]
    if args.stories:
        n, n_lat = args.stories, min(n_lat, args.stories)
    if args.memory_stories:
        m = args.memory_stories
        points = tuple(p for p in points if p < m) + (m,)
    sizes = (n, warm, n_lat, m, points, tail)
    keep = args.work is not None
    args.work = args.work or tempfile.mkdtemp(prefix="telex-bench-")
    os.makedirs(args.work, exist_ok=True)
    bench = Bench(args)
    machine_line = machine()
    print(f"telex bench ({mode}): {machine_line}; work in {args.work}", file=sys.stderr)
    t0 = time.monotonic()
    try:
        print("corpus...", file=sys.stderr, flush=True)
        corpus = Corpus(bench, n, warm)
        res = {}
        print("engines in memory...", file=sys.stderr, flush=True)
        res["engines"] = run_engines(bench, corpus)
        print("Kafka runs (ceiling, stages, latency)...", file=sys.stderr, flush=True)
        res["kafka"] = run_kafka(bench, corpus, sizes, args.smoke)
        print("end to end...", file=sys.stderr, flush=True)
        res["e2e"] = run_end_to_end(bench, corpus, sizes)
        print(f"memory over {m} stories (--stdio)...", file=sys.stderr, flush=True)
        res["memory"] = run_memory(bench, sizes)
    except Failure as e:
        print(f"bench: FAILED: {e}", file=sys.stderr)
        bench.stop_all()
        print(f"bench: logs kept in {args.work}", file=sys.stderr)
        return 1
    finally:
        bench.stop_all()
    load = os.getloadavg()
    machine_line += f", at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    table = report(res, sizes, mode, time.monotonic() - t0, machine_line)
    print(table)
    with open(os.path.join(args.work, "results.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    if args.out:
        with open(args.out, "w") as f:
            f.write(table)
    if not keep:
        shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
