#!/usr/bin/env python3
"""Writes N generated articles as JSON Lines for the exact-count tests.

    gen_counts.py N > articles.jsonl

Article i (1..N) holds the word "tenkone"; those up to 10,000 "tenk" too,
and those up to 9,999 "ninek", so that one index answers 9,999, 10,000 and
10,001 matches.  Every other word is drawn at random (seeded) from made-up
syllables, so that no two articles are near-duplicates.  Sources rotate
over three names and dates over 2019-2021, for the facets."""
import json
import random
import sys

SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze",
             "bar", "dor", "fen", "gul", "hix", "jor", "kev", "lum", "mox",
             "nix", "pol", "quin", "rus", "tav", "wex", "yor", "zim"]
SOURCES = ["Alpha Wire", "Beta Post", "Gamma Daily"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def main():
    n = int(sys.argv[1])
    rng = random.Random(12)
    for i in range(1, n + 1):
        marks = ["tenkone"]
        if i <= 10000:
            marks.append("tenk")
        if i <= 9999:
            marks.append("ninek")
        words = [word(rng) for _ in range(24)]
        year = 2019 + i % 3
        month = 1 + i % 12
        print(json.dumps({
            "id": f"gen-{i}",
            "title": f"Report {i}: " + " ".join(words[:4]),
            "body": " ".join(marks) + ". " + " ".join(words[4:]) + ".",
            "source": SOURCES[i % 3],
            "published": f"{year}-{month:02d}-15",
        }))


if __name__ == "__main__":
    main()
