#!/usr/bin/python3
"""Stock Xapian's search latency on the same queries: QueryParser
(English stems, STEM_SOME, OR), BM25 defaults, top 10 with MSet.snippet()
of each body (kept in the document data by scriptindex), as Omega-style
applications do.  Uses Debian's python3-xapian; timings include the
bindings' small overhead.

    bench_search_xapian.py INDEX QUERIES [REPEATS]
"""
import statistics
import sys
import time

import xapian


def body_of(data):
    # scriptindex's field action stores "name=value" lines.
    for line in data.decode("utf-8", "replace").split("\n"):
        if line.startswith("body="):
            return line[5:]
    return ""


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: bench_search_xapian.py INDEX QUERIES [N]")
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    db = xapian.Database(sys.argv[1])
    stemmer = xapian.Stem("english")
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    queries = [q.strip() for q in open(sys.argv[2], encoding="utf-8")
               if q.strip() and not q.startswith("#")]
    times = []
    for run in range(repeats + 1):
        for text in queries:
            start = time.perf_counter()
            enquire = xapian.Enquire(db)
            enquire.set_query(qp.parse_query(text))
            mset = enquire.get_mset(0, 10)
            for hit in mset:
                mset.snippet(body_of(hit.document.get_data()), 200, stemmer)
            elapsed = (time.perf_counter() - start) * 1e3
            if run > 0:
                times.append(elapsed)
    times.sort()
    print("stock Xapian (QueryParser, BM25, top 10 with MSet::snippet): "
          "p50 %.2f ms, p99 %.2f ms, mean %.2f ms over %d searches"
          % (times[len(times) // 2], times[int(len(times) * 0.99)],
             statistics.mean(times), len(times)))


if __name__ == "__main__":
    main()
