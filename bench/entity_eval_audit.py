#!/usr/bin/env python3
"""Lists the labelled mentions a second labeller re-judges (issue 15).

    bench/entity_eval_audit.py [CORPORA] > rows.tsv

A row is listed when the text of its span is exactly one entity's
multi-word display name or alias in feeds/entities.tsv (case and accents
folded) and its label is another entity or "none": the two labellers'
likeliest slip (an unambiguous full name labelled "none"), and a real
namesake as often.  The selection reads the labels and the gazetteer,
never the tagger.  Each listed row goes, without its label, to a labeller
who reads the article; bench/entity_eval_adjudicated.tsv keeps the
decisions.  Bench code only.
"""
import collections
import glob
import gzip
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[’']", "'", s.lower())


def main():
    corpora = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpora")
    names = collections.defaultdict(set)
    for line in open(os.path.join(ROOT, "feeds", "entities.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t") + [""] * 7
        for n in [f[2]] + [a for a in f[3].split("|") if a]:
            names[fold(n)].add(f[0])
    rows = []
    for path in sorted(glob.glob(os.path.join(ROOT, "bench", "entity_eval*.tsv"))):
        name = os.path.basename(path)[len("entity_eval"):-len(".tsv")].lstrip("_") or "test"
        if name == "adjudicated":
            continue
        for line in open(path, encoding="utf-8"):
            if not line.startswith("#") and line.strip():
                rows.append([name] + line.rstrip("\n").split("\t"))
    wanted = collections.defaultdict(set)
    for r in rows:
        wanted[r[1]].add(r[2])
    texts = {}
    for corpus, ids in wanted.items():
        with gzip.open(os.path.join(corpora, "news", corpus + ".jsonl.gz"), "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                if d["id"] in ids:
                    texts[(corpus, d["id"])] = d
    for s, corpus, aid, field, start, end, entity, _kind in rows:
        span = (texts[(corpus, aid)].get(field) or "")[int(start):int(end)]
        found = names.get(fold(span), set())
        if len(found) == 1 and entity not in found and len(span.split()) >= 2:
            print(s, corpus, aid, field, start, end, entity, span, next(iter(found)), sep="\t")


if __name__ == "__main__":
    main()
