#!/usr/bin/env bash
# Relevance on the IR test collections: Dossier, SQLite FTS5 and stock
# Xapian (scriptindex + quest: TermGenerator and QueryParser, English
# stems, BM25 defaults) on the same documents and queries.  Prints a table
# and writes bench/EVAL.md.  Skips, saying so, when the corpora are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-../shared/corpora}
ir="$CORPORA/ir"
out=bench/EVAL.md
if [ ! -d "$ir" ]; then
    echo "eval: $ir not found; nothing to evaluate (the IR collections live in ../shared/corpora)" >&2
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

table="| collection | system | MAP | nDCG@10 | P@10 | queries |
| --- | --- | --- | --- | --- | --- |"
for dir in "$ir"/*/; do
    name=$(basename "$dir")
    docs="$dir/docs.jsonl.gz" queries="$dir/queries.jsonl" qrels="$dir/qrels.txt"
    [ -f "$docs" ] && [ -f "$queries" ] && [ -f "$qrels" ] || continue
    [ -f "$dir/qrels.graded.txt" ] && qrels="$dir/qrels.graded.txt"
    echo "eval: $name" >&2

    "$BUILD/bin/dossier-index" --quiet --db "$work/$name.dossier" "$docs" || true
    "$BUILD/bench/eval_dossier" "$work/$name.dossier" "$queries" \
        feeds/entities.tsv > "$work/$name.dossier.run"

    "$BUILD/bench/eval_fts5" "$docs" "$queries" > "$work/$name.fts5.run"

    "$BUILD/bench/jsonl_to_dump" "$docs" > "$work/$name.dump"
    scriptindex --stemmer=english "$work/$name.xapian" bench/scriptindex.idx \
        "$work/$name.dump" > /dev/null
    jq -r '[.id, .text] | @tsv' "$queries" | while IFS=$'\t' read -r qid text; do
        quest -m 1000 -s english -d "$work/$name.xapian" "$text" 2>/dev/null |
            awk -v q="$qid" '/^[0-9]+: \[/ { want = 1; next }
                             want && /^id=/ { sub(/^id=/, "");
                                              printf "%s Q0 %s %d 0 xapian\n", q, $0, ++r;
                                              want = 0 }'
    done > "$work/$name.xapian.run"

    for system in dossier fts5 xapian; do
        read -r map ndcg p10 n < <("$BUILD/bench/trec_eval" "$qrels" "$work/$name.$system.run")
        table="$table
| $name | $system | $map | $ndcg | $p10 | $n |"
    done
done
# Entities: precision and recall on hand-labelled mentions of the news
# corpora (bench/entity_eval.tsv), this gazetteer next to the one before
# issue 15.
entities="" entities_dev=""
labels=bench/entity_eval.tsv dev_labels=bench/entity_eval_dev.tsv
if [ -f "$labels" ] && [ -d "$CORPORA/news" ]; then
    echo "eval: entities" >&2
    entities=$("$BUILD/bench/eval_entities" "$labels" "$CORPORA" \
        feeds/entities.tsv current=feeds/entities.tsv \
        before-issue-15=bench/entities-before-issue15.tsv)
    entities_dev=$("$BUILD/bench/eval_entities" "$dev_labels" "$CORPORA" \
        feeds/entities.tsv current=feeds/entities.tsv \
        before-issue-15=bench/entities-before-issue15.tsv)
else
    echo "eval: $labels or $CORPORA/news not found; entity figures skipped" >&2
fi
{
    echo "# Relevance on the IR test collections"
    echo
    echo "Written by \`make eval\` ($(date -u +%Y-%m-%d)). MAP over the top 1000, nDCG@10 (graded"
    echo "judgments where the collection has them) and P@10, averaged over the judged queries."
    echo "Same documents and queries for all; stock Xapian is scriptindex + quest (TermGenerator and"
    echo "QueryParser, English stems, BM25 defaults); FTS5 is porter unicode61 with the query words ORed."
    echo
    echo "$table"
    if [ -n "$entities" ]; then
        n=$(grep -vc '^#' "$labels")
        n_dev=$(grep -vc '^#' "$dev_labels")
        echo
        echo "# Entities"
        echo
        echo "Precision, recall and F1 of the entity tagger on hand-labelled mentions of the"
        echo "news corpora (corpus, article id, field, character span, entity or \"none\", kind;"
        echo "no text), articles analyzed as dossier-index analyzes them (title and body"
        echo "together, in the article's year). \"ambiguous\" rows are mentions picked for an"
        echo "ambiguous name or a look-alike (PLA, Wagner, Georgia, Bush, Labour, IRA, Tyre,"
        echo "Congo, Castro, Kim ...), with their other readings; \"plain\" is every entity of"
        echo "randomly drawn articles. A mention counts when a tag of the labelled entity overlaps"
        echo "its span; any other entity tagged over a labelled span is a false positive; an"
        echo "entity the current gazetteer does not carry counts as \"none\" for both gazetteers,"
        echo "which run with the same analyzer."
        echo
        echo "Two sets, from different articles. The gazetteer was written and corrected against"
        echo "the development set (\`bench/entity_eval_dev.tsv\`, $n_dev mentions): its figures are"
        echo "in sample. The test set (\`bench/entity_eval.tsv\`, $n mentions) was labelled"
        echo "afterwards by reading the articles, without running the tagger. The gazetteer's"
        echo "writers never saw it; its errors were never looked at; its totals were read four"
        echo "times while the matcher's generic rules changed (2026-12-07). Only its figures say"
        echo "how the tagger does on news it was not fitted to."
        echo
        echo "Test set (out of sample):"
        echo
        echo "$entities"
        echo
        echo "Development set (in sample):"
        echo
        echo "$entities_dev"
    fi
} > "$out"
cat "$out"
