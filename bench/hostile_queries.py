#!/usr/bin/env python3
"""The worst queries we know, timed through the page.

    hostile_queries.py CGI INDEX PASSES CORPUS_DIR...

Candidates: the query classes that once cost seconds to hours (stray
parentheses, nested groups, wildcard floods, nested NOT/OR/AND over a*,
long phrases), and every input of the query fuzzer's corpora (the seeds
in tests/fuzz/corpus/query, and what `make fuzz` found, in
build/fuzz/corpus/query).  Each runs once through dossier.cgi (a process
a request, DOSSIER_DB=INDEX, format=json, so facets, counts and snippets
all run); the ten slowest then run PASSES more times each.  Prints, for
each of the ten, the median and the worst wall time, and the worst of
all, next to the page's time limit (DOSSIER_TIME_LIMIT, default 2 s).
"""
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

QUERY_CAP = 1024  # the page's q parameter holds this many bytes


def built_in():
    words = [f"w{i}" for i in range(20)]
    yield " ".join(w + ")" for w in words).encode()
    nest = 30
    yield ("(" * nest + "cyber attack" +
           "".join(f") c{i}" for i in range(1, nest + 1))).encode()
    yield " ".join(chr(ord("a") + i % 26) + "*" for i in range(300)).encode()
    yield ("(a* OR (b* AND NOT (c* OR d*)) " * 12).encode()
    yield ("NOT (a* OR a* AND (a* NOT a*)) " * 20).encode()
    yield ('"' + " ".join(["the", "oil", "price", "rose"] * 40) + '"').encode()
    yield ("oil " * 250).encode()


def candidates(dirs):
    seen = set()
    for q in built_in():
        if q not in seen:
            seen.add(q)
            yield "built-in", q
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                q = f.read(QUERY_CAP)
            if q and q not in seen:
                seen.add(q)
                yield d, q


def run(cgi, env, q):
    env["QUERY_STRING"] = ("q=" + urllib.parse.quote_from_bytes(q, safe="")
                           + "&format=json")
    start = time.perf_counter()
    subprocess.run([cgi], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def shown(q):
    text = q.decode("utf-8", "backslashreplace")
    text = "".join(c if c.isprintable() else "\\x%02x" % ord(c) for c in text)
    return text if len(text) <= 60 else text[:57] + "..."


def main():
    cgi, index, passes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    env = dict(os.environ, REQUEST_METHOD="GET", GATEWAY_INTERFACE="CGI/1.1",
               DOSSIER_DB=index)
    limit = env.get("DOSSIER_TIME_LIMIT", "2 (the default)")
    first = [(run(cgi, env, q), q) for _, q in candidates(sys.argv[4:])]
    worst = sorted(first, key=lambda tq: tq[0], reverse=True)[:10]
    print(f"{len(first)} candidate queries, each once; the 10 slowest, "
          f"{passes} more times each (time limit {limit} s):")
    overall = 0.0
    for _, q in worst:
        times = [run(cgi, env, q) for _ in range(passes)]
        overall = max(overall, max(times))
        print(f"  median {statistics.median(times) * 1000:8.1f} ms, "
              f"worst {max(times) * 1000:8.1f} ms  {len(q):5d} bytes  "
              f"{shown(q)}")
    print(f"Worst of all: {overall * 1000:.1f} ms a request.")


if __name__ == "__main__":
    main()
