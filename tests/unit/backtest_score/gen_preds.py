#!/usr/bin/env python3
"""Makes hand-made-style enriched stories (JSON lines) from gold annotations.

    gen_preds.py --gold DIR --seed N > enriched.jsonl

For every NAME.gold.json in DIR (one story a file, some files skipped) it
writes a predicted story whose entities, mentions, dates and events are the
gold ones perturbed at random: names in other spellings, cases, accents or
possessives, wrong types, missing and extra entities, mentions with offsets
that do or do not select their text (multi-byte characters included), dates
that overlap or not with right, wrong or split values, events with partial
participants, other locations, statuses and dates. The same seed gives the
same file. The C scorer and score.py must agree on every such file.
"""
import argparse
import glob
import json
import os
import random

ODD_NAMES = ["Zürich Ålliance", "O’Neil’s", "  ", "", "Ünïcödé—Dash", "ｆｕｌｌｗｉｄｔｈ", "Straße",
             "İstanbul", "x's y", "a_b", "١٢٣", "ⅷ"]


def respell(rng, name):
    """The same name as a tagger might write it, or something else."""
    choice = rng.randrange(9)
    if choice == 0:
        return name.upper()
    if choice == 1:
        return name.lower() + "'s"
    if choice == 2:
        return name.replace("e", "é").replace("o", "ö")
    if choice == 3:
        return "  " + name.replace(" ", "  \t") + ". "
    if choice == 4:
        return rng.choice(ODD_NAMES)
    if choice == 5:
        return name + "’s"
    return name


class Story:
    """Builds a text while placing mentions in it, and keeps their offsets."""

    def __init__(self, rng):
        self.rng = rng
        self.text = ""

    def place(self, surface):
        filler = self.rng.choice(["On ", " – ", " said ", "\n\n", " ", " — «", " été "])
        self.text += filler
        start = len(self.text.encode("utf-8"))
        self.text += surface
        return start, len(self.text.encode("utf-8"))


def mention(rng, story, surface):
    start, end = story.place(surface)
    roll = rng.randrange(12)
    if roll == 0:
        return {"start": start + 1, "end": end, "text": surface}  # offsets off by one
    if roll == 1:
        return {"start": start, "end": end, "text": surface.lower()}  # wrong case for offsets
    if roll == 2:
        return {"start": -3, "end": None, "text": surface}  # Python slice rules
    if roll == 3:
        return {"start": start, "end": end + 200, "text": surface}  # clamped end
    if roll == 4 and surface:
        return {"start": start, "end": end, "text": surface + "'s"}
    if roll == 5:
        return {"start": "x", "end": end, "text": surface}  # not an int: TypeError in Python
    return {"start": start, "end": end, "text": surface}


def entity(rng, story, g, n):
    kind = g["type"] if rng.random() > 0.1 else rng.choice(["person", "place", "country"])
    name = respell(rng, rng.choice(g["names"]))
    e = {"id": f"{kind}:{name.lower().replace(' ', '-')}", "type": kind, "name": name}
    if kind == "country" and rng.random() < 0.5:
        e["code"] = rng.choice([x for x in g["names"] if len(x) == 2] or ["ZZ"])
        e["name"] = rng.choice(["", name, None])
    if rng.random() < 0.1:
        e["id"] = f"e{n % 3}"  # duplicate ids
    mentions = []
    for surface, count in g.get("mentions", {}).items():
        for _ in range(max(0, count + rng.randrange(-2, 2))):
            mentions.append(mention(rng, story, respell(rng, surface) if rng.random() < 0.2 else surface))
    rng.shuffle(mentions)
    e["mentions"] = mentions
    return e


def dates(rng, story, gold):
    out = []
    for g in gold.get("dates", []):
        if rng.random() < 0.15:
            continue
        parts = g.get("split") or []
        if parts and rng.random() < 0.5:
            for text, value in parts:
                start, end = story.place(text)
                out.append({"text": text, "start": start, "end": end,
                            "value": value if rng.random() < 0.8 else "2000-01-01", "type": "date"})
            continue
        text = rng.choice([g["text"], g["text"].upper(), g["text"].split()[0], "the " + g["text"]])
        start, end = story.place(text)
        value = rng.choice(g["value"] + ["XXXX", None])
        out.append({"text": text, "start": start, "end": end, "value": value, "type": "date"})
    for _ in range(rng.randrange(3)):
        text = rng.choice(["Monday", "last year", "2019", "", "Nov."])
        start, end = story.place(text)
        d = {"text": text, "start": start, "end": end, "value": "2019"}
        if rng.random() < 0.3:
            del d["start"]
        out.append(d)
    rng.shuffle(out)
    return out


def events(rng, gold, ents):
    out = []
    ids = [e["id"] for e in ents] + ["person:kim-jong-un", "country:zz", "x"]
    for g in gold.get("events", []):
        if rng.random() < 0.1:
            continue
        kind = g["type"] if rng.random() < 0.7 else rng.choice(["summit", "meeting", "call", "visit"])
        parts = [p.lower().replace(" ", "-") for p in g["participants"]]
        parts = [f"person:{p}" for p in parts if rng.random() < 0.8]
        if rng.random() < 0.4:
            parts.append(rng.choice(ids))
        loc = g.get("location")
        if isinstance(loc, list):
            loc = rng.choice(loc)
        loc = rng.choice([loc, loc, None, "", "Nowhere"])
        start = g["start"] or ""
        start = rng.choice([start, start, start + "-01", "1999", None])
        end = rng.choice([g["end"], g["end"], None, "2001"])
        status = rng.choice([g["status"], g["status"], "held", None])
        out.append({"type": kind, "name": None, "participants": parts, "location": loc,
                    "start": start, "end": end, "status": status,
                    "evidence": {"start": 0, "end": 1}})
    for _ in range(rng.randrange(2)):
        out.append({"type": "visit", "participants": [rng.choice(ids)], "location": None,
                    "start": "2018-03-25", "end": None, "status": "held"})
    rng.shuffle(out)
    return out


def story_for(rng, gold):
    story = Story(rng)
    ents = []
    for n, g in enumerate(gold.get("entities", [])):
        if rng.random() < 0.15:
            continue
        ents.append(entity(rng, story, g, n))
        if rng.random() < 0.1:
            ents.append(entity(rng, story, g, n + 1))  # a duplicate of the same gold entity
    for _ in range(rng.randrange(3)):
        name = rng.choice(ODD_NAMES + ["Atlantis", "Acme Corp"])
        ents.append({"id": f"organization:{name}", "type": "organization", "name": name,
                     "mentions": [mention(rng, story, name)]})
    rng.shuffle(ents)
    date_list = dates(rng, story, gold)
    if rng.random() < 0.3 and gold.get("must_strip"):
        story.text += " " + rng.choice(gold["must_strip"])
    return {"id": gold["file"], "source_file": rng.choice(["", "in/", "/abs/path/"]) + gold["file"],
            "text": story.text, "entities": ents, "dates": date_list,
            "events": events(rng, gold, ents)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", required=True)
    ap.add_argument("--seed", type=int, required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for path in sorted(glob.glob(os.path.join(args.gold, "*.gold.json"))):
        gold = json.load(open(path, encoding="utf-8"))
        if rng.random() < 0.1:
            continue
        print(json.dumps(story_for(rng, gold), ensure_ascii=rng.random() < 0.5))
        if rng.random() < 0.1:
            print(json.dumps({"source_file": None, "text": "orphan"}))


if __name__ == "__main__":
    main()
