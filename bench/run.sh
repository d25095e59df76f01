#!/usr/bin/env bash
# Runs the benchmarks and writes bench/BENCHMARKS.md.  Skips, saying so,
# what needs the shared corpora when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-../shared/corpora}
out=bench/BENCHMARKS.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

{
    echo "# Dossier benchmarks"
    echo
    echo "Written by \`make bench\` ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))."
    echo "Medians of repeated runs on a shared, noisy machine: compare ratios within one run."
    echo
    echo "## Analyzer throughput (one core, text in memory)"
    echo
} > "$tmp"

news="$CORPORA/news"
if [ ! -d "$news" ]; then
    echo "bench: $news not found; skipping the corpus benchmarks" >&2
    echo "Skipped: \`$news\` not found." >> "$tmp"
else
    for corpus in reuters21578 wcep_current_events; do
        f="$news/$corpus.jsonl.gz"
        [ -f "$f" ] || { echo "bench: $f missing; skipped" >&2; continue; }
        echo "bench: analyzer on $corpus" >&2
        echo '```' >> "$tmp"
        "$BUILD/bench/bench_analyzer" feeds/entities.tsv "$f" 5 |
            sed "s|$CORPORA/||" | tee /dev/stderr >> "$tmp"
        echo '```' >> "$tmp"
        echo >> "$tmp"
    done
    cat >> "$tmp" <<'TXT'
The baseline is the floor quoted when the analyzer was specified: ASCII letters only, lower-cased,
each token through libstemmer with no cache. Dossier does Unicode (NFKC, case folding, accent
removal), news-aware splitting, British/American folding, cached stemming and, in the last line,
entity matching against the 800-entry gazetteer.
TXT
fi
mv "$tmp" "$out"
trap - EXIT
echo "bench: wrote $out" >&2
