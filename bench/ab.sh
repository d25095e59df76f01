#!/usr/bin/env bash
# Compares two builds on the Reuters query set, as `make bench` measures
# one: in-process search (bench_search) and a CGI request (cgi_direct.py),
# each build on an index made by its own dossier-index, in alternating
# rounds so that the machine's drift falls on both.
#
#     bench/ab.sh OLD_BUILD [NEW_BUILD] [PASSES]
#
# OLD_BUILD holds bin/ and bench/ of the build to compare with (for
# instance a copy of build/ made before a change).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1")
new=$(realpath "${2:-build}")
passes=${3:-5}
reuters=${CORPORA:-../shared/corpora}/news/reuters21578.jsonl.gz
[ -f "$reuters" ] || { echo "ab: $reuters not found; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in old new; do
    build=${!side}
    "$build/bin/dossier-index" --quiet --db "$work/$side" "$reuters" 2>/dev/null || true
done
for round in 1 2; do
    for side in old new; do
        build=${!side}
        echo "round $round, $side ($build):"
        "$build/bench/bench_search" "$work/$side" bench/queries.txt \
            feeds/entities.tsv "$passes" 2>/dev/null
        DOSSIER_DB="$work/$side" DOSSIER_ENTITIES="$PWD/feeds/entities.tsv" \
            python3 bench/cgi_direct.py bench/queries.txt "$passes" \
            "dossier.cgi=$build/bin/dossier.cgi?q"
    done
done
