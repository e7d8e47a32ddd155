"""telex-tag against telex-broker, from wire.normalized to wire.enriched.

The dev stories of tests/data/eval-dev are turned into Story frames by the
real stages (telex-ingest --stdout FILE | telex-normalize --stdio), produced to
wire.normalized with telex-cat -P, tagged by a telex-tag daemon, and read back
from wire.enriched with telex-cat (the JSON view). Checks:

  enrich  every story arrives exactly once, keyed by its id; every mention's
          offsets select its text; each story carries the entities of its gold
          file with the gold mention counts, and nothing outside the gold file;
          the daemon's output equals telex-tag --stdio --json on the same frames.
  poison  garbage bytes and a frame of the wrong record type (a RawStory) land
          in wire.dlq with stage "tag" and their source offsets, and the story
          after them on the same partition is still enriched.

    /usr/bin/python3 test_tag.py --broker B --tag T --ingest I --normalize N \
        --cat C --data DIR enrich|poison
"""

import argparse
import json
import os
import re
import unicodedata

import telexlib as tl
from telexlib import fail


# ---- the dev stories as Story frames ----


def manifest(data_dir):
    """(file, published or None) for every line of manifest.tsv."""
    rows = []
    with open(os.path.join(data_dir, "manifest.tsv"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if parts and parts[0]:
                rows.append((parts[0], parts[2] if len(parts) > 2 and parts[2] else None))
    if not rows:
        fail(f"{data_dir}/manifest.tsv lists no stories")
    return rows


def raw_frames(args, name, published):
    """The RawStory frames telex-ingest --stdout makes of one file."""
    argv = [args.ingest, "--stdout"]
    if published:
        argv += ["--published", published]
    rc, out, err = tl.run(argv + [os.path.join(args.data, name)])
    if rc != 0:
        fail(f"telex-ingest --stdout {name} exited {rc}: {err}")
    return out


def story_frames(args):
    """{file name: Story frame} made by the real ingest and normalize stages."""
    frames = {}
    for name, published in manifest(args.data):
        rc, out, err = tl.run([args.normalize, "--stdio"],
                              stdin_bytes=raw_frames(args, name, published))
        if rc != 0:
            fail(f"telex-normalize --stdio on {name} exited {rc}: {err}")
        got = tl.split_frames(out)
        if len(got) != 1:
            fail(f"telex-normalize made {len(got)} Story frames of {name}, want 1")
        frames[name] = got[0]
    return frames


def stdio_view(args, frames):
    """{source_file: enriched JSON} from telex-tag --stdio --json on frames."""
    rc, out, err = tl.run([args.tag, "--stdio", "--json"], stdin_bytes=tl.join_frames(frames))
    if rc != 0:
        fail(f"telex-tag --stdio --json exited {rc}: {err}")
    return {rec["source_file"]: rec for rec in map(json.loads, out.decode().splitlines())}


# ---- reading wire.enriched ----


def start_tag(args, broker):
    tag = tl.start_stage(args.tag, broker.bootstrap, name="telex-tag")
    tag.wait_for_log(r"partitions assigned", timeout=60)
    return tag


def cat_json(args, broker, topic):
    """Every record of topic in telex-cat's JSON view."""
    rc, out, err = tl.run([args.cat, "-b", broker.bootstrap, "-t", topic, "-e"])
    if rc != 0:
        fail(f"telex-cat -t {topic} -e exited {rc}: {err}")
    return [json.loads(line) for line in out.decode().splitlines()]


def stop_cleanly(process):
    rc = process.stop()
    if rc != 0:
        fail(f"{process.name} exited {rc} after SIGTERM:\n{process.tail()}")


# ---- gold checks (the same normalisation as the eval's score.py) ----


def norm(s):
    s = unicodedata.normalize("NFKD", str(s or ""))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"'s\b", "", s.casefold())
    s = re.sub(r"[^\w\s]", "", s)
    return re.sub(r"\s+", " ", s).strip()


def mention_key(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", re.sub(r"'s$", "", s.strip())).casefold()


def check_offsets(story):
    """Every mention's byte offsets select its text."""
    text = story["text"].encode("utf-8")
    for entity in story["entities"]:
        for m in entity["mentions"]:
            if text[m["start"]:m["end"]].decode("utf-8", "replace") != m["text"]:
                fail(f"{story['source_file']}: {entity['id']} mention {m} does not select "
                     f"{text[m['start']:m['end']]!r}")


def gold_entity_of(entity, gold):
    keys = {norm(entity.get("name")), norm(entity.get("code"))} - {""}
    for g in gold["entities"]:
        if g["type"] == entity["type"] and keys & {norm(n) for n in g["names"]}:
            return g
    return None


def check_against_gold(story, gold):
    """The story has every required gold entity with the gold mention counts, and
    no entity the gold file does not list."""
    name = story["source_file"]
    matched = set()
    for entity in story["entities"]:
        g = gold_entity_of(entity, gold)
        if g is None:
            fail(f"{name}: entity {entity['id']} ({entity['name']}) is not in the gold file")
        matched.add(id(g))
        if g.get("optional"):
            continue
        want, got = {}, {}
        for k, v in g["mentions"].items():
            want[mention_key(k)] = want.get(mention_key(k), 0) + v
        for m in entity["mentions"]:
            got[mention_key(m["text"])] = got.get(mention_key(m["text"]), 0) + 1
        if want != got:
            fail(f"{name}: mentions of {entity['id']}: want {want}, got {got}")
    missing = [g["names"][0] for g in gold["entities"]
               if not g.get("optional") and id(g) not in matched]
    if missing:
        fail(f"{name}: gold entities not found: {missing}")


def check_seed_story(story):
    """The seed story, by hand: Japan (with Tokyo as its government) and Abe's office."""
    by_id = {e["id"]: e for e in story["entities"]}
    japan = by_id.get("country:JP")
    if not japan or japan.get("code") != "JP" or not japan["mentions"]:
        fail(f"seed story: no country:JP with mentions: {japan}")
    abe = by_id.get("person:shinzo-abe")
    if not abe or abe.get("role") != "Prime Minister of Japan" or abe.get("country") != "JP":
        fail(f"seed story: Shinzo Abe missing or without his office: {abe}")


# ---- tests ----


def test_enrich(args):
    frames = story_frames(args)
    with tl.Broker(args.broker) as broker:
        tag = start_tag(args, broker)
        rc, _, err = tl.run([args.cat, "-P", "-b", broker.bootstrap, "-t", "wire.normalized"],
                            stdin_bytes=tl.join_frames(list(frames.values())))
        if rc != 0:
            fail(f"telex-cat -P -t wire.normalized exited {rc}: {err}")
        got = tl.consume(broker.bootstrap, "wire.enriched", expected=len(frames), timeout=90)
        stories = cat_json(args, broker, "wire.enriched")
        stop_cleanly(tag)
    if len(got) != len(frames) or len(stories) != len(frames):
        fail(f"wire.enriched holds {len(got)} records ({len(stories)} printed), "
             f"want {len(frames)}")
    names = sorted(s["source_file"] for s in stories)
    if names != sorted(frames):
        fail(f"wire.enriched stories are {names}, want {sorted(frames)}")
    keys = sorted(m.key.decode() for m in got)
    if keys != sorted(s["id"] for s in stories):
        fail(f"records are not keyed by story id: {keys}")
    expected = stdio_view(args, list(frames.values()))
    for story in stories:
        name = story["source_file"]
        check_offsets(story)
        with open(os.path.join(args.data, name.rsplit(".", 1)[0] + ".gold.json")) as fh:
            check_against_gold(story, json.load(fh))
        if story["entities"] != expected[name]["entities"]:
            fail(f"{name}: entities through the broker differ from telex-tag --stdio")
    check_seed_story(next(s for s in stories if s["source_file"] == "seed-trump-abe.txt"))
    n_entities = sum(len(s["entities"]) for s in stories)
    print(f"enrich: {len(stories)} stories, {n_entities} entities, all as in the gold files")


def test_poison(args):
    name, published = manifest(args.data)[0]
    good = story_frames(args)[name]
    wrong_type = tl.split_frames(raw_frames(args, name, published))[0]
    garbage = b"\xc3\x01 this is no Story at all \x00\xff"
    with tl.Broker(args.broker) as broker:
        tag = start_tag(args, broker)
        # One partition, so the good story really comes after the poison.
        tl.produce(broker.bootstrap, "wire.normalized", [garbage, wrong_type, good], partition=5)
        got = tl.consume(broker.bootstrap, "wire.enriched", expected=1, timeout=60)
        tl.consume(broker.bootstrap, "wire.dlq", expected=2, timeout=30)
        dead = cat_json(args, broker, "wire.dlq")
        stop_cleanly(tag)
    if len(got) != 1:
        fail(f"wire.enriched holds {len(got)} records, want the 1 good story")
    if len(dead) != 2:
        fail(f"wire.dlq holds {len(dead)} dead letters, want 2: {dead}")
    for letter, offset in zip(sorted(dead, key=lambda d: d.get("offset")), (0, 1)):
        want = {"stage": "tag", "topic": "wire.normalized", "partition": 5, "offset": offset}
        for field, value in want.items():
            if letter.get(field) != value:
                fail(f"dead letter {field} = {letter.get(field)!r}, want {value!r}: {letter}")
        if not letter.get("error"):
            fail(f"dead letter at offset {offset} has no error: {letter}")
    print(f"poison: 2 dead letters ({dead[0]['error']!r}; {dead[1]['error']!r}), "
          "the good story enriched")


def main():
    parser = argparse.ArgumentParser()
    for flag in ("broker", "tag", "ingest", "normalize", "cat", "data"):
        parser.add_argument(f"--{flag}", required=True)
    parser.add_argument("test", choices=["enrich", "poison"])
    args = parser.parse_args()
    {"enrich": test_enrich, "poison": test_poison}[args.test](args)


if __name__ == "__main__":
    main()
