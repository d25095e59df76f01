#!/usr/bin/env bash
# Runs the benchmarks and writes bench/BENCHMARKS.md.  Skips, saying so,
# what needs the shared corpora when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CORPORA=${CORPORA:-../shared/corpora}
out=bench/BENCHMARKS.md
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.time"' EXIT

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
            sed "s|$CORPORA/||" | tee -a /dev/stderr >> "$tmp"
        echo '```' >> "$tmp"
        echo >> "$tmp"
    done
    cat >> "$tmp" <<'TXT'
The baseline is the floor quoted when the analyzer was specified: ASCII letters only, lower-cased,
each token through libstemmer with no cache. Dossier does Unicode (NFKC, case folding, accent
removal), news-aware splitting, British/American folding (proper nouns kept), cached stemming and,
in the last line, entity matching against the gazetteer (feeds/entities.tsv), ambiguous names
decided by their text. The gazetteer line is what loading it costs: parsing the TSV (dossier-index)
and mapping its compiled image (each CGI request).
TXT
fi
# ------------------------------------------- analyzer, four languages
# The same 120 stories in English, Russian, Arabic and Chinese
# (bench/multilingual: our own texts, parallel), each article analyzed in
# its own "lang".  A file is 40-100 KB, too little to time in one pass: each
# timed run goes over it ML_PASSES times (a fresh analyzer each pass, as
# one run over a corpus has).  The machine's speed drifts between the
# languages' runs, so they take turns: ML_ROUNDS rounds of en ru ar zh,
# ML_REPEATS timed runs each; a figure is the median of its rounds' medians.
ml_dir=bench/multilingual
ml_rounds=${ML_ROUNDS:-3}
ml_repeats=${ML_REPEATS:-5}
ml_passes=${ML_PASSES:-40}
if [ -f "$ml_dir/en.jsonl" ]; then
    echo "bench: analyzer on $ml_dir (en ru ar zh), $ml_rounds rounds" >&2
    ml_runs=""
    for _ in $(seq "$ml_rounds"); do
        for l in en ru ar zh; do
            f="$ml_dir/$l.jsonl"
            [ -f "$f" ] || { echo "bench: $f missing; skipped" >&2; continue; }
            # lang articles MB tokens mentions MB/s-plain MB/s-entities
            ml_runs+="$l $("$BUILD/bench/bench_analyzer" feeds/entities.tsv "$f" \
                         "$ml_repeats" "$ml_passes" | tee -a /dev/stderr |
                awk '/^corpus / { for (i = 1; i <= NF; i++)
                                      if ($i == "articles,") { n = $(i - 1); mb = $(i + 1) } }
                     /^dossier, no entities/   { plain = $(NF - 7); tokens = $(NF - 3) }
                     /^dossier, with entities/ { ent = $(NF - 7); mentions = $(NF - 1) }
                     END { print n, mb, tokens, mentions, plain, ent }' || true)"$'\n'
        done
    done
    {
        echo
        echo "## Analyzer throughput in four languages (one core, text in memory)"
        echo
        echo "bench/multilingual: the same 120 short news stories in English, Russian, Arabic and"
        echo "Chinese, written for this benchmark by the project (not taken from any corpus), article k"
        echo "the same story in each file, so the languages are compared on like text. Each article is"
        echo "analyzed in its own language (its \"lang\"), with feeds/entities.tsv in the entity columns."
        echo "The files are small, so each timed run goes over a file $ml_passes times"
        echo "(\`bench_analyzer feeds/entities.tsv FILE $ml_repeats $ml_passes\`: $ml_repeats timed runs). The languages take"
        echo "turns, $ml_rounds rounds of en, ru, ar, zh, and each figure is the median of its rounds' medians,"
        echo "measured on a shared machine: compare the ratios rather than the absolute figures."
        echo
        printf '%s' "$ml_runs" | awk '
            BEGIN { name["en"] = "English"; name["ru"] = "Russian"
                    name["ar"] = "Arabic"; name["zh"] = "Chinese" }
            function median(list,    a, m, i, j, t) {
                m = split(list, a, " ")
                for (i = 2; i <= m; i++)
                    for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
                        t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
                return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
            }
            function ratio(x, y) { return y > 0 ? sprintf("%.2f", x / y) : "-" }
            NF > 0 && !($1 in seen) { seen[$1] = 1; lang[++k] = $1 }
            NF == 7 && $3 > 0 && $6 > 0 && $7 > 0 {
                n[$1] = $2; mb[$1] = $3; tok[$1] = $4; men[$1] = $5
                plains[$1] = plains[$1] " " $6; ents[$1] = ents[$1] " " $7; runs[$1]++ }
            NF > 0 && !(NF == 7 && $3 > 0 && $6 > 0 && $7 > 0) { failed[$1]++ }
            END {
                for (l in runs) { plain[l] = median(plains[l]); ent[l] = median(ents[l])
                                  aps[l] = ent[l] * n[l] / mb[l] }
                print "| language | text a pass | tokens a pass | mentions a pass | MB/s, no entities | MB/s, with entities | ratio to English, no entities / with entities | articles/s with entities (ratio to English) |"
                print "| --- | --- | --- | --- | --- | --- | --- | --- |"
                for (i = 1; i <= k; i++) {
                    l = lang[i]; nm = (name[l] ? name[l] : l) " (" l ")"
                    if (!runs[l]) {
                        printf "| %s | bench_analyzer failed | | | | | | |\n", nm
                        continue
                    }
                    printf "| %s | %.0f KB | %d | %d | %.1f | %.1f | %s / %s | %.0f (%s) |\n",
                        nm, mb[l] * 1000, tok[l], men[l], plain[l], ent[l],
                        ratio(plain[l], plain["en"]), ratio(ent[l], ent["en"]),
                        aps[l], ratio(aps[l], aps["en"])
                }
                for (i = 1; i <= k; i++)
                    if (failed[lang[i]])
                        printf "\n%s: %d of its runs failed and are left out.\n",
                            lang[i], failed[lang[i]]
            }'
        echo
        echo "MB/s counts UTF-8 bytes, and one story does not weigh the same in each script: a Cyrillic"
        echo "or Arabic letter is two bytes, a Chinese character three (but Chinese needs few characters"
        echo "and no spaces). Articles/s compares the same stories, whatever their bytes."
    } | tee -a /dev/stderr >> "$tmp"
else
    echo "bench: $ml_dir missing; four-language analyzer figures skipped" >&2
fi
# ---------------------------------------------------------------- indexing
# Runs COMMAND (after a cleanup) REPEATS times; prints the median wall time
# in seconds and the peak memory (KB) of the median run.
measure() {
    local repeats=$1 cleanup=$2; shift 2
    local runs=()
    for _ in $(seq "$repeats"); do
        eval "$cleanup"
        # Exit 1 is "some records rejected" for dossier-index (Reuters has
        # one record with neither title nor body): still a full run.
        local rc=0
        /usr/bin/time -f "%e %M" -o "$tmp.time" "$@" > /dev/null 2>&1 || rc=$?
        if [ "$rc" -gt 1 ]; then
            echo "bench: failed ($rc): $*" >&2
            return 1
        fi
        # GNU time adds a line for a non-zero exit; the figures are last.
        runs+=("$(tail -n 1 "$tmp.time")")
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (repeats + 1) / 2 ))p"
}

reuters="$news/reuters21578.jsonl.gz"
if [ -f "$reuters" ] && command -v scriptindex > /dev/null; then
    echo "bench: indexing Reuters-21578 (dossier-index, scriptindex, FTS5)" >&2
    work=$(mktemp -d)
    "$BUILD/bench/jsonl_to_dump" "$reuters" > "$work/reuters.dump"
    n=$(zcat "$reuters" | wc -l)
    mb=$("$BUILD/bench/bench_analyzer" feeds/entities.tsv "$reuters" 1 2>/dev/null |
         sed -n 's/.*articles, \([0-9.]*\) MB/\1/p')
    read -r t_dossier m_dossier < <(measure 3 "rm -rf $work/dossier" \
        "$BUILD/bin/dossier-index" --quiet --db "$work/dossier" "$reuters")
    read -r t_one m_one < <(measure 3 "rm -rf $work/dossier1" \
        "$BUILD/bin/dossier-index" --quiet --jobs 1 --db "$work/dossier1" "$reuters")
    read -r t_script m_script < <(measure 3 "rm -rf $work/scriptindex" \
        scriptindex --stemmer=english "$work/scriptindex" bench/scriptindex.idx \
        "$work/reuters.dump")
    read -r t_fts m_fts < <(measure 3 "rm -f $work/fts5.sqlite $work/fts5.sqlite-*" \
        "$BUILD/bench/bench_fts5" "$reuters" "$work/fts5.sqlite")
    size() { du -sk "$@" | awk '{s += $1} END {printf "%.0f", s / 1024}'; }
    row() { # name seconds kb size_mb
        awk -v name="$1" -v t="$2" -v kb="$3" -v size="$4" -v n="$n" -v mb="$mb" \
            'BEGIN { printf "| %s | %.0f | %.1f | %.2f | %s MB | %.0f MB |\n",
                     name, n / t, mb / t, t, size, kb / 1024 }'
    }
    {
        echo
        echo "## Indexing Reuters-21578 ($n articles, $mb MB of text; whole process, median of 3)"
        echo
        echo "| indexer | articles/s | MB/s | seconds | index size | peak memory |"
        echo "| --- | --- | --- | --- | --- | --- |"
        row "dossier-index, $(( $(nproc) < 4 ? $(nproc) : 4 )) shards (entities, dedupe, near-duplicates, positions, stored record)" \
            "$t_dossier" "$m_dossier" "$(size "$work/dossier")"
        row "dossier-index --jobs 1 (one writer, batches committed as it goes)" \
            "$t_one" "$m_one" "$(size "$work/dossier1")"
        row "Xapian scriptindex (title S + body, positions, STEM_SOME english)" \
            "$t_script" "$m_script" "$(size "$work/scriptindex")"
        row "SQLite FTS5 (porter unicode61, one transaction)" \
            "$t_fts" "$m_fts" "$(size "$work"/fts5.sqlite*)"
        echo
        awk -v a="$t_dossier" -v b="$t_script" -v c="$t_fts" 'BEGIN {
            printf "dossier-index is %.2fx scriptindex'"'"'s speed and %.2fx FTS5'"'"'s.\n", b / a, c / a }'
        echo
    } | tee -a /dev/stderr >> "$tmp"
    # ------------------------------------------------------------ search
    echo "bench: search latency on Reuters-21578 (bench/queries.txt)" >&2
    {
        echo "## Searching Reuters-21578 ($(grep -vc '^#' bench/queries.txt) queries of bench/queries.txt, 5 timed passes after a warm-up)"
        echo
        echo "In-process latency of a search returning the top 10 with snippets:"
        echo
        echo '```'
        "$BUILD/bench/bench_search" "$work/dossier" bench/queries.txt feeds/entities.tsv 5 2>/dev/null
        "$BUILD/bench/bench_search_fts5" "$work/fts5.sqlite" bench/queries.txt 5
        if /usr/bin/python3 -c 'import xapian' 2>/dev/null; then
            /usr/bin/python3 bench/bench_search_xapian.py "$work/scriptindex" bench/queries.txt 5
        else
            echo "stock Xapian: skipped (python3-xapian missing)"
        fi
        echo '```'
        echo
        # Whole process: dossier-search from start to exit, as a script
        # or the CGI runs it.
        runs=()
        while read -r q; do
            case "$q" in ''|'#'*) continue ;; esac
            for _ in 1 2 3; do
                start=$(date +%s%N)
                "$BUILD/bin/dossier-search" --db "$work/dossier" "$q" > /dev/null || true
                runs+=($(( ($(date +%s%N) - start) / 1000 )))
            done
        done < bench/queries.txt
        median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(( (${#runs[@]} + 1) / 2 ))p")
        awk -v us="$median" -v n="${#runs[@]}" 'BEGIN {
            printf "Whole process, dossier-search --db INDEX QUERY (the gazetteer image loaded each time): median %.1f ms over %d runs.\n", us / 1000, n }'
        echo
    } | tee -a /dev/stderr >> "$tmp"
    # The archive desk (issue 16), over one archive of Reuters-21578,
    # WCEP, BBC and the demo articles: export of every match, rows a
    # second (whole process, median of 3), and an entity's profile (in
    # process, its own elapsed_ms, median of 11).
    wcep="$news/wcep_current_events.jsonl.gz"
    bbc="$news/bbc_news_2004_2005.jsonl.gz"
    if [ -f "$wcep" ] && [ -f "$bbc" ]; then
        echo "bench: the archive desk: export and profile (Reuters, WCEP, BBC, demo)" >&2
        "$BUILD/bin/dossier-index" --quiet --db "$work/archive" "$reuters" "$wcep" "$bbc" \
            feeds/sample/articles.jsonl 2>/dev/null || true
        rows=$("$BUILD/bin/dossier-search" --db "$work/archive" --count lang:en)
        {
            echo "## The archive desk: Reuters-21578, WCEP, BBC and the demo articles in one index"
            echo
            echo "Export of every match of lang:en ($rows articles; whole process, median of 3):"
            echo
            echo "| command | seconds | rows/s |"
            echo "| --- | --- | --- |"
            for f in "--count" "--ids" "--format csv" "--format jsonl" "--format csv --with-text"; do
                runs=()
                for _ in 1 2 3; do
                    start=$(date +%s%N)
                    # shellcheck disable=SC2086
                    "$BUILD/bin/dossier-search" --db "$work/archive" $f lang:en > /dev/null 2>&1
                    runs+=($(( $(date +%s%N) - start )))
                done
                ns=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
                awk -v f="$f" -v ns="$ns" -v n="$rows" 'BEGIN {
                    if (f == "--count") printf "| dossier-search %s | %.3f | (counts only) |\n", f, ns / 1e9
                    else printf "| dossier-search %s | %.2f | %.0f |\n", f, ns / 1e9, n / (ns / 1e9) }'
            done
            echo
            echo "The target of issue 16 is 50,000 rows a second for 100,000 rows."
            echo
            echo "Profiles (dossier-search --profile NAME --json: its elapsed_ms, in process, median of 11):"
            echo
            echo "| profile | articles | ms |"
            echo "| --- | --- | --- |"
            for e in russia china pla; do
                ms=$(for _ in $(seq 11); do
                         "$BUILD/bin/dossier-search" --db "$work/archive" --profile "$e" --json 2>/dev/null |
                             jq '.elapsed_ms'
                     done | sort -n | sed -n 6p)
                n=$("$BUILD/bin/dossier-search" --db "$work/archive" --profile "$e" --json 2>/dev/null | jq '.total')
                printf '| %s | %s | %.1f |\n' "$e" "$n" "$ms"
            done
            echo
            echo "The target of issue 16 is 50 ms for entity:Russia (about 5,800 articles)."
            echo
        } | tee -a /dev/stderr >> "$tmp"
        rm -rf "$work/archive"
    fi
    # The worst queries: the classes that once took seconds to hours, and
    # the query fuzzer's corpora, through the page (issue 13).
    echo "bench: hostile queries through the page" >&2
    {
        echo "## Hostile queries through the page (Reuters-21578)"
        echo
        echo "dossier.cgi run as a CGI (format=json: counts, facets and snippets), the page's time limit at its default."
        echo
        echo '```'
        python3 bench/hostile_queries.py "$BUILD/bin/dossier.cgi" "$work/dossier" 5 \
            tests/fuzz/corpus/query "$BUILD/fuzz/corpus/query" build/fuzz/corpus/query
        echo '```'
        echo
    } | tee -a /dev/stderr >> "$tmp"
    # Serving, last: it commits more articles into the index.
    echo "bench: serving under load (dossier.cgi and Omega behind lighttpd)" >&2
    if [ -f "$wcep" ]; then
        bench/load.sh "$BUILD" "$work/dossier" "$work/scriptindex" \
            "$work/reuters.dump" "$wcep"
    else
        echo "Load test skipped: $wcep missing."
    fi | tee -a /dev/stderr >> "$tmp"
    rm -rf "$work"
else
    echo "bench: Reuters corpus or scriptindex missing; indexing comparison skipped" >&2
    echo "Indexing comparison skipped: Reuters corpus or scriptindex (xapian-omega) missing." >> "$tmp"
fi

# One index against its shards, local and remote (issue 18).
if [ -d "$news" ] && [ -x /usr/bin/xapian-tcpsrv ]; then
    echo "bench: one index against 4 local and 4 remote shards" >&2
    bash bench/shards.sh "$BUILD" "$CORPORA" | tee -a /dev/stderr >> "$tmp"
else
    echo "bench: corpora or xapian-tcpsrv missing; shard comparison skipped" >&2
    echo "Shard comparison skipped: corpora or xapian-tcpsrv (xapian-tools) missing." >> "$tmp"
fi

# One index of the headlines corpus: Dossier, stock Xapian and FTS5 on
# 1,000 queries made from its titles (issue 18's targets for one index).
if [ -d "$news" ]; then
    echo "bench: one index of the headlines corpus against Xapian and FTS5" >&2
    bash bench/headlines.sh "$BUILD" "$CORPORA" | tee -a /dev/stderr >> "$tmp"
fi

# Before and after: with BASELINE=DIR (bin/ and bench/ of an earlier
# build), the two builds side by side on the Reuters query set.
if [ -n "${BASELINE:-}" ]; then
    if [ -x "$BASELINE/bench/bench_search" ] && [ -x "$BASELINE/bin/dossier.cgi" ]; then
        {
            echo
            echo "## Before and after: $BASELINE against this build"
            echo
            echo '```'
            bash bench/ab.sh "$BASELINE" "$BUILD" 16
            echo '```'
        } | tee -a /dev/stderr >> "$tmp"
    else
        echo "bench: BASELINE=$BASELINE holds no bin/dossier.cgi and bench/bench_search; comparison skipped" >&2
    fi
fi

mv "$tmp" "$out"
rm -f "$tmp.time"
trap - EXIT
echo "bench: wrote $out" >&2
