#!/usr/bin/env python3
"""Generate draftlint's British/American spelling pairs from SCOWL.

Reads the two Hunspell dictionaries embedded in draftlint
(src/text/data/dictionaries/en_GB.{aff,dic}: SCOWL en_GB-ise, and
en_US.{aff,dic}: SCOWL en_US), expands every entry with its PFX/SFX rules,
keeps the lower-case words only one dialect has, and pairs them by the
documented British/American correspondences (RULES below). Writes
src/text/data/british_american.txt (or the path given as the first
argument) and prints how many pairs each correspondence found.

    python3 tools/variants/generate.py            # regenerate
    python3 tools/variants/generate.py --check    # exit 1 if the file is stale

No network, no third-party module: the output depends only on the two
dictionaries and this script.
"""

import os
import re
import sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DICTS = os.path.join(ROOT, "src", "text", "data", "dictionaries")
OUT = os.path.join(ROOT, "src", "text", "data", "british_american.txt")

# British -> American correspondences: (class, british, american), each a
# plain substring, `$` anchoring it at the end of the word. A British word
# maps to an American one by up to MAX_STEPS non-overlapping substitutions;
# both must be in their dictionary, and at least one of the two must be
# missing from the other dialect's dictionary. Class `ize` is the -ise/-ize
# choice that Oxford spelling makes the American way (`organize`, but
# `analyse`, `colour`).
RULES = [
    ("our", "our", "or"),             # colour, favourite, neighbourhood
    ("ize", "ise", "ize"),            # organise, organised, organiser
    ("ize", "isi", "izi"),            # organising
    ("ize", "isa", "iza"),            # organisation
    ("yse", "yse", "yze"),            # analyse, paralysed
    ("yse", "ysi", "yzi"),            # analysing
    ("re", "re$", "er"),              # centre, fibre, theatre
    ("re", "res$", "ers"),            # centres
    ("re", "red$", "ered"),           # centred
    ("re", "ring$", "ering"),         # centring
    ("ogue", "ogue", "og"),           # catalogue, dialogue, analogue
    ("ence", "ence", "ense"),         # defence, offence, licence (noun)
    ("ll", "ll", "l"),                # travelled, cancelling, counsellor
    ("ll", "l", "ll"),                # enrol, fulfil, skilful, instalment
    ("ae", "ae", "e"),                # paediatric, anaesthetic, leukaemia
    ("oe", "oe", "e"),                # manoeuvre, foetus, oestrogen
    ("dgement", "dgement", "dgment"),  # judgement, acknowledgement
    ("sc", "sce", "ske"),             # sceptic, sceptical
    ("oul", "oul", "ol"),             # mould, moult, smoulder
    ("gramme", "gramme", "gram"),     # programme, kilogramme
    ("xe", "xe", "x"),                # axe, annexe
    ("que", "que", "ck"),             # cheque, chequered
    ("eing", "eing", "ing"),          # ageing
]
MAX_STEPS = 3
# Endings stripped from a dictionary entry to group a family.
STEM_ENDINGS = re.compile(r"(isation|isations|ise|iser|isers|yse|yser)$")
# Before -re (`centre`, `fibre`, `ochre`); not `y` or a vowel.
CONSONANTS = "bcdfghjklmnpqrstvwxz"

# Irregular pairs that no correspondence above covers, as general English
# knowledge (each is checked against both dictionaries like every pair).
EXTRA = [
    ("aeroplane", "airplane"), ("aeroplanes", "airplanes"),
    ("aluminium", "aluminum"), ("artefact", "artifact"), ("artefacts", "artifacts"),
    ("grey", "gray"), ("greys", "grays"), ("greyed", "grayed"), ("greying", "graying"),
    ("plough", "plow"), ("ploughs", "plows"), ("ploughed", "plowed"), ("ploughing", "plowing"),
    ("moustache", "mustache"), ("moustaches", "mustaches"),
    ("pyjamas", "pajamas"), ("tyre", "tire"), ("tyres", "tires"),
    ("kerb", "curb"), ("kerbs", "curbs"), ("storey", "story"), ("storeys", "stories"),
    ("draught", "draft"), ("draughts", "drafts"), ("speciality", "specialty"),
    ("specialities", "specialties"), ("jewellery", "jewelry"), ("practise", "practice"),
    ("practised", "practiced"), ("practises", "practices"), ("practising", "practicing"),
    ("sulphur", "sulfur"), ("whisky", "whiskey"), ("cosy", "cozy"), ("doughnut", "donut"),
]


def parse_aff(path):
    """PFX/SFX tables: flag -> (kind, cross, [(strip, add, condition regex)])."""
    affixes = {}
    with open(path, encoding="utf-8") as f:
        lines = [l.split() for l in f]
    for parts in lines:
        if len(parts) >= 4 and parts[0] in ("PFX", "SFX"):
            kind, flag = parts[0], parts[1]
            if flag not in affixes and parts[2] in ("Y", "N") and len(parts) == 4:
                affixes[flag] = (kind, parts[2] == "Y", [])
            elif flag in affixes and len(parts) >= 5:
                strip = "" if parts[2] == "0" else parts[2]
                add = "" if parts[3] == "0" else parts[3].split("/")[0]
                cond = parts[4]
                pat = (cond + "$") if kind == "SFX" else ("^" + cond)
                affixes[flag][2].append((strip, add, re.compile(pat)))
    return affixes


def expand(aff_path, dic_path):
    """Every word the dictionary accepts by its affix rules: word -> root."""
    affixes = parse_aff(aff_path)
    words = {}
    with open(dic_path, encoding="utf-8") as f:
        next(f)  # the count line
        for line in f:
            line = line.strip()
            if not line:
                continue
            stem, _, flags = line.partition("/")
            root = stem
            sfx, pfx = [], []
            for fl in flags:
                a = affixes.get(fl)
                if a is None:
                    continue
                (sfx if a[0] == "SFX" else pfx).append(a)
            forms = [(stem, True)]
            for kind, cross, entries in sfx:
                for strip, add, cond in entries:
                    if cond.search(stem) and stem.endswith(strip):
                        forms.append((stem[: len(stem) - len(strip)] + add, cross))
            out = [w for w, _ in forms]
            for kind, cross, entries in pfx:
                for strip, add, cond in entries:
                    for w, wcross in forms:
                        if w != stem and not (cross and wcross):
                            continue
                        if cond.search(w) and w.startswith(strip):
                            out.append(add + w[len(strip):])
            for w in out:
                words.setdefault(w, root)
    return words


def substitutions(word, rules):
    """Every rewriting of `word` by up to MAX_STEPS non-overlapping
    substitutions: (result, steps, classes, oxford result)."""
    results = []

    def walk(i, done, oxf, steps, classes):
        if i == len(word):
            if steps:
                results.append((done, steps, frozenset(classes), oxf))
            return
        walk(i + 1, done + word[i], oxf + word[i], steps, classes)
        if steps == MAX_STEPS:
            return
        for cls, src, dst in rules:
            anchored = src.endswith("$")
            s = src.rstrip("$")
            if not word.startswith(s, i) or (anchored and i + len(s) != len(word)):
                continue
            if cls == "re" and (i == 0 or word[i - 1] not in CONSONANTS):
                continue  # `fayre`, `costumire`: not the -tre/-ter ending
            o = dst if cls == "ize" else s
            walk(i + len(s), done + dst, oxf + o, steps + 1, classes | {cls})

    walk(0, "", "", 0, set())
    return results


def usable(w):
    return w.isalpha() and w.islower() and w.isascii() and len(w) >= 2


def main():
    check = "--check" in sys.argv
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out_path = args[0] if args else OUT
    gb = expand(os.path.join(DICTS, "en_GB.aff"), os.path.join(DICTS, "en_GB.dic"))
    us = expand(os.path.join(DICTS, "en_US.aff"), os.path.join(DICTS, "en_US.dic"))
    gb_words = {w for w in gb if usable(w)}
    us_words = {w for w in us if usable(w)}
    gb_only = gb_words - us_words
    us_only = us_words - gb_words
    reverse = [(c, d.rstrip("$") + ("$" if s.endswith("$") else ""), s.rstrip("$"))
               for c, s, d in RULES]

    pairs = {}  # british -> (american, oxford, classes, steps)
    yields = Counter()

    def consider(b, a, steps, classes, oxford):
        if b == a or b not in gb_words or a not in us_words:
            return
        if b not in gb_only and a not in us_only:
            return
        old = pairs.get(b)
        if old is None or (steps, a) < (old[3], old[0]):
            pairs[b] = (a, oxford, classes, steps)

    for b in sorted(gb_only):
        for a, steps, classes, oxford in substitutions(b, RULES):
            consider(b, a, steps, classes, oxford)
    for a in sorted(us_only):
        for b, steps, classes, _ in substitutions(a, reverse):
            if b in gb_words:
                # The Oxford form, read from the British side.
                for a2, s2, c2, oxford in substitutions(b, RULES):
                    if a2 == a:
                        consider(b, a, s2, c2, oxford)
                        break
    extra = 0
    for b, a in EXTRA:
        if b in gb_words and a in us_words and (b in gb_only or a in us_only) and b not in pairs:
            pairs[b] = (a, b, frozenset({"irregular"}), 1)
            extra += 1
    # One American form, one British form: where two British words map to
    # the same American one, keep the one with fewer steps (then the first).
    by_american = defaultdict(list)
    for b, (a, o, c, s) in pairs.items():
        by_american[a].append((s, b))
    for a, bs in by_american.items():
        bs.sort()
        for _, b in bs[1:]:
            del pairs[b]
    for b, (a, o, c, s) in pairs.items():
        for cls in c:
            yields[cls] += 1

    # Families: pairs whose British word comes from the same dictionary
    # entry, prefix included (`colour`, `colours`, `coloured`; `discolour`
    # apart).
    # A verb and its noun join one family (`organise`, `organisation`:
    # their entries differ only in the ending STEM_ENDINGS strips).
    families = defaultdict(list)
    for b in pairs:
        root = gb.get(b) or us.get(pairs[b][0])
        prefix = ""
        if not b.startswith(root[:2]):
            prefix = b[: max(0, len(b) - len(root))]
        families[(STEM_ENDINGS.sub("", root), prefix)].append(b)

    lines = []
    for key in sorted(families, key=lambda k: (min(families[k]), k)):
        toks = []
        for b in sorted(families[key], key=lambda w: (len(w), w)):
            a, oxford, classes, _ = pairs[b]
            tok = f"{b}/{a}"
            if oxford != b:
                tok += f"/{oxford}"
            if b in us_words:
                tok += ";uk"  # the British form is American too: only `a` departs
            elif a in gb_words:
                tok += ";us"  # the American form is British too: only `b` departs
            toks.append(tok)
        lines.append(" ".join(toks))

    header = f"""# British and American spellings of the same word, generated by
# tools/variants/generate.py from the SCOWL Hunspell dictionaries embedded in
# draftlint (src/text/data/dictionaries/: en_GB-ise and en_US, SCOWL
# 2020.12.07; MIT and BSD-style licence, see LICENSE-en_GB and LICENSE-en_US
# there). Do not edit by hand: change the script and run it again.
#
# One word family per line (the words of one dictionary entry), each token
# `british/american`, then `/oxford` when Oxford spelling (British with -ize)
# writes a third form, then `;us` when the American form is also British
# (only the British form departs, and only in an American house: `licence`),
# or `;uk` when the British form is also American (`catalogue`).
#
# {len(pairs)} pairs in {len(lines)} families, from {len(gb_only)} words only
# en_GB has and {len(us_only)} only en_US has. Pairs per correspondence:
# {", ".join(f"{k} {v}" for k, v in sorted(yields.items(), key=lambda kv: -kv[1]))}.
"""
    text = header + "\n".join(lines) + "\n"
    if check:
        with open(out_path, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{out_path} is stale: run tools/variants/generate.py", file=sys.stderr)
                sys.exit(1)
        return
    with open(out_path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(out_path + ".tmp", out_path)
    print(f"{len(pairs)} pairs in {len(lines)} families ({extra} irregular)")
    for k, v in sorted(yields.items(), key=lambda kv: -kv[1]):
        print(f"  {k:10} {v}")


if __name__ == "__main__":
    main()
