#!/usr/bin/env bash
# Compares two builds on the Reuters query set, as `make bench` measures
# one: in-process search (bench_search) and a CGI request (cgi_direct.py),
# each build on an index made by its own dossier-index.  The machine is
# shared and its load drifts by more than the differences to measure, so
# the two builds take turns, ROUNDS times, one short run each; the figure
# of a build is the median, and the best, of its runs, and the ratios
# compare like with like.
#
#     bench/ab.sh OLD_BUILD [NEW_BUILD] [ROUNDS]
#
# OLD_BUILD holds bin/ and bench/ of the build to compare with (for
# instance a copy of build/ made before a change).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "${2:-build}")
rounds=${3:-12}
reuters=${CORPORA:-../shared/corpora}/news/reuters21578.jsonl.gz
[ -f "$reuters" ] || { echo "ab: $reuters not found; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in old new; do
    build=${!side}
    "$build/bin/dossier-index" --quiet --db "$work/$side" "$reuters" 2>/dev/null || true
done
for round in $(seq "$rounds"); do
    for side in old new; do
        build=${!side}
        "$build/bench/bench_search" "$work/$side" bench/queries.txt \
            feeds/entities.tsv 1 2>/dev/null |
            sed -n "s/.*p50 \([0-9.]*\) ms.*/$side inproc \1/p" >> "$work/runs"
        DOSSIER_DB="$work/$side" DOSSIER_ENTITIES="$PWD/feeds/entities.tsv" \
            python3 bench/cgi_direct.py bench/queries.txt 1 \
            "dossier.cgi=$build/bin/dossier.cgi?q" |
            sed -n "s/.*median \([0-9.]*\) ms a request.*/$side cgi \1/p" >> "$work/runs"
    done
done
python3 - "$work/runs" "$rounds" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    side, kind, ms = line.split()
    runs.setdefault((kind, side), []).append(float(ms))
print(f"{sys.argv[2]} rounds, old and new in turn; ms, median (best) of the rounds")
for kind, name in (("inproc", "in-process p50"), ("cgi", "CGI request median")):
    o, n = runs[(kind, "old")], runs[(kind, "new")]
    print(f"{name:20}: old {statistics.median(o):.2f} ({min(o):.2f}), "
          f"new {statistics.median(n):.2f} ({min(n):.2f}); ratio "
          f"{statistics.median(n) / statistics.median(o):.3f} "
          f"({min(n) / min(o):.3f})")
PY
