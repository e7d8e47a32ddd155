"""Dates and events of the deploy/samples stories, through telex-broker.

telex-ingest -b sends each sample (with --published from manifest.tsv for
formats that carry no date) to wire.raw; telex-normalize and telex-tag run as
daemons against the broker; wire.enriched is read back with telex-cat --json.
For every story:

  - it arrives exactly once;
  - every date's byte offsets select its text, its type is one of date, time,
    duration, set, and its value is an ISO 8601 / TIMEX3 shape;
  - every event has a type and a status from the contract, participants that
    are entity ids of the story, a location that names one of its place or
    country entities, and evidence offsets inside the text;
  - the known event of the story (KNOWN below, read from the sample by hand:
    who meets whom, where, when, planned or held) is among its events.

    /usr/bin/python3 test_tag_events.py --broker B --ingest I --normalize N \
        --tag T --cat C --samples DIR
"""

import argparse
import json
import os
import re

import telexlib as tl
from telexlib import fail


# One event each sample tells, as a reader would state it.
KNOWN = {
    "seed-trump-abe.txt": {
        "type": "meeting", "participants": {"person:donald-trump", "person:shinzo-abe"},
        "location": "New York", "start": "2016-11-17", "end": "2016-11-17", "status": "planned"},
    "dev2-mar-a-lago.xml": {
        "type": "summit", "participants": {"person:xi-jinping", "person:donald-trump"},
        "location": "Mar-a-Lago", "start": "2017-04-06", "end": "2017-04-07",
        "status": "planned"},
    "dev3-panmunjom.anpa": {
        "type": "summit", "participants": {"person:moon-jae-in", "person:kim-jong-un"},
        "location": "Panmunjom", "start": "2018-04-27", "end": "2018-04-27",
        "status": "planned"},
    "dev4-hamburg.rss": {
        "type": "summit", "participants": {"organization:g20"},
        "location": "Hamburg", "start": "2017-07-07", "end": "2017-07-08", "status": "planned"},
    "dev5-pearl-harbor.json": {
        "type": "summit", "participants": {"person:shinzo-abe", "person:barack-obama"},
        "location": "Pearl Harbor", "start": "2016-12-27", "end": "2016-12-27",
        "status": "planned"},
    "dev6-osaka.xml": {
        "type": "summit", "participants": {"person:xi-jinping", "person:donald-trump"},
        "location": "Osaka", "start": "2019-06-29", "end": "2019-06-29", "status": "planned"},
}

EVENT_TYPES = {"summit", "meeting", "call", "visit"}
STATUSES = {"planned", "held", "proposed", "cancelled", "postponed"}
DATE_TYPES = {"date", "time", "duration", "set"}
# 2016, 2016-11, 2016-11-17, 2016-W45(-WE), 199 (a decade), times, periods, intervals
ISO_PART = (r"(?:\d{3,4}(?:-\d{2}(?:-\d{2}(?:T(?:MO|AF|EV|NI|\d{2}:\d{2}))?)?|-W\d{2}(?:-WE)?"
            r"|-(?:SP|SU|FA|WI|Q[1-4]|H[12]))?|P\d+[DWMYH])")
ISO_VALUE = re.compile(rf"^{ISO_PART}(?:/{ISO_PART})?$")


def manifest(samples):
    """(file, published or None) for every line of manifest.tsv."""
    rows = []
    with open(os.path.join(samples, "manifest.tsv"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if parts and parts[0]:
                rows.append((parts[0], parts[2] if len(parts) > 2 and parts[2] else None))
    if sorted(name for name, _ in rows) != sorted(KNOWN):
        fail(f"{samples}/manifest.tsv lists {[n for n, _ in rows]}, want {sorted(KNOWN)}")
    return rows


def ingest(args, broker, name, published):
    argv = [args.ingest, "-b", broker.bootstrap]
    if published:
        argv += ["--published", published]
    rc, _, err = tl.run(argv + [os.path.join(args.samples, name)])
    if rc != 0:
        fail(f"telex-ingest -b {name} exited {rc}: {err}")


def enriched_stories(args, broker):
    rc, out, err = tl.run([args.cat, "-b", broker.bootstrap, "-t", "wire.enriched", "-e"])
    if rc != 0:
        fail(f"telex-cat -t wire.enriched -e exited {rc}: {err}")
    return [json.loads(line) for line in out.decode().splitlines()]


def check_dates(story):
    name, text = story["source_file"], story["text"].encode("utf-8")
    if not story["dates"]:
        fail(f"{name}: no dates found")
    for d in story["dates"]:
        got = text[d["start"]:d["end"]].decode("utf-8", "replace")
        if got != d["text"]:
            fail(f"{name}: date {d} selects {got!r}, not its text")
        if d["type"] not in DATE_TYPES or not ISO_VALUE.match(d["value"]):
            fail(f"{name}: date {d} has a type or value outside the contract")


def check_events(story):
    name, size = story["source_file"], len(story["text"].encode("utf-8"))
    ids = {e["id"] for e in story["entities"]}
    places = {e["name"] for e in story["entities"] if e["type"] in ("place", "country")}
    for ev in story["events"]:
        if ev["type"] not in EVENT_TYPES or ev["status"] not in STATUSES:
            fail(f"{name}: event {ev} has a type or status outside the contract")
        if not ev["participants"] or not set(ev["participants"]) <= ids:
            fail(f"{name}: event {ev} names participants that are not entities of the story")
        if ev["location"] is not None and ev["location"] not in places:
            fail(f"{name}: event {ev} is located at {ev['location']!r}, no place of the story")
        span = ev["evidence"]
        if not 0 <= span["start"] < span["end"] <= size:
            fail(f"{name}: event {ev} has evidence outside the {size}-byte text")
        if not ISO_VALUE.match(ev["start"]) or not ISO_VALUE.match(ev["end"]):
            fail(f"{name}: event {ev} has a start or end that is no ISO value")


def has_known_event(story):
    """The known event is there with every participant a reader names (attendees the story
    also names may join them, as score.py's strict match allows), and the right type, place,
    dates and status."""
    want = KNOWN[story["source_file"]]
    for ev in story["events"]:
        if want["participants"] <= set(ev["participants"]) and all(
                ev[k] == want[k] for k in ("type", "location", "start", "end", "status")):
            return True
    return False


def main():
    parser = argparse.ArgumentParser()
    for flag in ("broker", "ingest", "normalize", "tag", "cat", "samples"):
        parser.add_argument(f"--{flag}", required=True)
    args = parser.parse_args()
    samples = manifest(args.samples)
    with tl.Broker(args.broker, topics=["wire.raw", "wire.normalized", "wire.enriched",
                                        "wire.dlq"]) as broker:
        normalize = tl.start_stage(args.normalize, broker.bootstrap, name="telex-normalize")
        tag = tl.start_stage(args.tag, broker.bootstrap, name="telex-tag")
        normalize.wait_for_log(r"partitions assigned", timeout=60)
        tag.wait_for_log(r"partitions assigned", timeout=60)
        for name, published in samples:
            ingest(args, broker, name, published)
        got = tl.consume(broker.bootstrap, "wire.enriched", expected=len(samples), timeout=90)
        stories = enriched_stories(args, broker)
        dead = tl.consume(broker.bootstrap, "wire.dlq", timeout=2, idle=1.0)
        for process in (tag, normalize):
            if process.stop() != 0:
                fail(f"{process.name} exited non-zero after SIGTERM:\n{process.tail()}")
    if dead:
        fail(f"wire.dlq holds {len(dead)} dead letters: {[m.value[:200] for m in dead]}")
    names = sorted(s["source_file"] for s in stories)
    if len(got) != len(samples) or names != sorted(KNOWN):
        fail(f"wire.enriched holds {len(got)} records for {names}, want one of each of "
             f"{sorted(KNOWN)}")
    missing = []
    for story in stories:
        check_dates(story)
        check_events(story)
        if not has_known_event(story):
            missing.append(f"{story['source_file']}: want {KNOWN[story['source_file']]}, "
                           f"got {story['events']}")
    if missing:
        fail("known events not found:\n" + "\n".join(missing))
    n_dates = sum(len(s["dates"]) for s in stories)
    n_events = sum(len(s["events"]) for s in stories)
    print(f"samples: {len(stories)} stories through the broker, {n_dates} dates and "
          f"{n_events} events, every known event found")


if __name__ == "__main__":
    try:
        main()
    except tl.TestFailure as failure:
        print(f"FAIL: {failure}")
        raise SystemExit(1)
