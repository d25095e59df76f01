#!/usr/bin/env bash
# bench/headlines.sh BUILD CORPORA: one index of the Reuters headlines
# corpus (the archive-sized set) searched by Dossier, stock Xapian and
# SQLite FTS5, on 1,000 queries made from the corpus's own titles: 1 to 4
# words of a title, as a newsroom types them (20% one word, 35% two, 30%
# three, 15% four; a fixed seed, so that runs compare).  The queries are
# made at run time and never kept: the corpus's text stays out of the
# repository.  Prints a Markdown section; skips, saying so, when the
# corpus, scriptindex or python3-xapian is missing.
set -euo pipefail
BUILD=$1 CORPORA=$2
f="$CORPORA/news/reuters_headlines_geopolitics.jsonl.gz"
if [ ! -f "$f" ]; then
    echo "bench: $f missing; headlines comparison skipped" >&2
    echo "Headlines comparison skipped: \`$f\` not found."
    exit 0
fi
for tool in scriptindex python3; do
    command -v "$tool" > /dev/null || {
        echo "Headlines comparison skipped: $tool missing."
        exit 0
    }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOSSIER_ENTITIES=feeds/entities.tsv
PASSES=${HEADLINES_PASSES:-3}

echo "bench: headlines: indexing (dossier-index, scriptindex, FTS5)" >&2
"$BUILD/bin/dossier-index" --quiet --db "$work/dossier" "$f" || [ $? -eq 1 ]
"$BUILD/bench/jsonl_to_dump" "$f" > "$work/dump"
scriptindex --stemmer=english "$work/xapian" bench/scriptindex.idx "$work/dump" > /dev/null
rm -f "$work/dump"
"$BUILD/bench/bench_fts5" "$f" "$work/fts5.sqlite" > /dev/null
n=$(xapian-delve "$work/dossier" | sed -n 's/number of documents = //p')

zcat "$f" | python3 -c '
import json, random, re, sys
titles = [json.loads(line).get("title") or "" for line in sys.stdin]
rng = random.Random(18)
picked = 0
for title in rng.sample(titles, len(titles)):
    words = [w for w in re.findall(r"[a-z]+", title.lower()) if len(w) >= 3]
    k = rng.choices([1, 2, 3, 4], weights=[20, 35, 30, 15])[0]
    if len(words) < k:
        continue
    start = rng.randrange(len(words) - k + 1)
    print(" ".join(words[start:start + k]))
    picked += 1
    if picked == 1000:
        break
' > "$work/queries.txt"

echo "bench: headlines: searching" >&2
{
    echo "## One index of the headlines corpus: Dossier, stock Xapian and FTS5"
    echo
    echo "The Reuters headlines corpus ($n articles after merging exact duplicates) as one index of each"
    echo "engine; 1,000 queries of 1 to 4 words taken from the corpus's titles at run time (bench/headlines.sh);"
    echo "$PASSES timed passes after a warm-up, in process, top 10 with snippets (Dossier: with entities and"
    echo "exact counts up to 10,000)."
    echo
    echo '```'
    "$BUILD/bench/bench_search" "$work/dossier" "$work/queries.txt" feeds/entities.tsv "$PASSES" 2> /dev/null
    "$BUILD/bench/bench_search_fts5" "$work/fts5.sqlite" "$work/queries.txt" "$PASSES"
    if /usr/bin/python3 -c 'import xapian' 2> /dev/null; then
        /usr/bin/python3 bench/bench_search_xapian.py "$work/xapian" "$work/queries.txt" "$PASSES"
    else
        echo "stock Xapian: skipped (python3-xapian missing)"
    fi
    echo '```'
    echo
}
