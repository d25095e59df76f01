#!/usr/bin/env bash
# bench/shards.sh BUILD CORPORA: one index against 4 local shards and 4
# remote shards (xapian-tcpsrv on 127.0.0.1) of the same articles, for
# Reuters-21578, WCEP and the Reuters headlines corpus when present.
# Prints a Markdown section: indexing time, index size, p50 and p99 of
# bench/queries.txt in process and per CGI request, and the cost of
# facets.  Corpora that are absent are skipped, saying so.
#
# The 4 shards are the corpus dealt round-robin, each indexed on its own
# (an archive of four periods has the same shape; --shard-by by year would
# give Reuters-21578 one shard, all of 1987).
set -euo pipefail
BUILD=$1 CORPORA=$2
news="$CORPORA/news"
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
export DOSSIER_ENTITIES=feeds/entities.tsv

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts xapian-tcpsrv for the database $1 in a session of its own; prints
# its port once it answers.
serve() {
    local port pidfile="$work/srv.$RANDOM.pid"
    port=$(free_port)
    setsid -f sh -c 'echo $$ > "$1"; exec xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$2" "$3" > /dev/null 2>&1' \
        sh "$pidfile" "$port" "$1"
    for _ in $(seq 100); do
        if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2> /dev/null; then
            break
        fi
        sleep 0.1
    done
    pids+=("$(cat "$pidfile")")
    echo "$port"
}

# Seconds COMMAND takes (wall clock).
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || [ $? -eq 1 ] # 1: some record rejected
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

# p50 and p99 (ms) of bench_search over DB, facets on when $2 is 1.
in_process() {
    DOSSIER_BENCH_FACETS=$2 "$BUILD/bench/bench_search" "$1" bench/queries.txt \
        feeds/entities.tsv 3 2> /dev/null |
        sed -n 's/.*p50 \([0-9.]*\) ms, p99 \([0-9.]*\) ms.*/\1 \2/p'
}

# Median ms of a CGI request (format=json: counts, facets, snippets) over
# the queries.
per_request() {
    DOSSIER_DB=$1 python3 bench/cgi_direct.py bench/queries.txt 1 \
        "dossier=$BUILD/bin/dossier.cgi?q&format=json" 2> /dev/null |
        sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' | head -n 1
}

echo "## One index and its shards (issue 18)"
echo
echo "Each corpus as one index, as 4 local shards joined by a stub file (\`auto\` lines), and as the"
echo "same 4 shards served by 4 \`xapian-tcpsrv\` processes on loopback (\`remote\` lines). The shards are the"
echo "corpus dealt round-robin, indexed one after the other. Search: the query set"
echo "bench/queries.txt, 3 passes after a warm-up, top 10 with snippets (in process: bench_search;"
echo "facets: the same with every facet counted, as the page does); per request: dossier.cgi run as a CGI"
echo "(format=json), median over the queries. A query that fails stops the run."
echo
echo "| corpus | layout | articles | indexing (s) | size (MB) | p50 (ms) | p99 (ms) | p50 with facets | p99 with facets | CGI request p50 (ms) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for corpus in reuters21578 wcep_current_events reuters_headlines_geopolitics; do
    f="$news/$corpus.jsonl.gz"
    if [ ! -f "$f" ]; then
        echo "bench: $f missing; skipped" >&2
        continue
    fi
    echo "bench: shards of $corpus" >&2
    rm -rf "$work/one" "$work"/part* "$work"/shard*
    t_one=$(seconds "$BUILD/bin/dossier-index" --quiet --db "$work/one" "$f")
    for k in 0 1 2 3; do
        zcat "$f" | awk -v k="$k" 'NR % 4 == k' > "$work/part$k.jsonl"
    done
    t_shards=0
    for k in 0 1 2 3; do
        t=$(seconds "$BUILD/bin/dossier-index" --quiet --db "$work/shard$k" "$work/part$k.jsonl")
        t_shards=$(echo "$t_shards + $t" | bc)
    done
    rm -f "$work"/part*.jsonl
    printf 'auto %s\n' "$work"/shard0 "$work"/shard1 "$work"/shard2 "$work"/shard3 > "$work/local.stub"
    : > "$work/remote.stub"
    for k in 0 1 2 3; do
        echo "remote 127.0.0.1:$(serve "$work/shard$k")" >> "$work/remote.stub"
    done
    docs=$(xapian-delve "$work/one" | sed -n 's/number of documents = //p')
    size_one=$(du -sb "$work/one" | awk '{ printf "%.0f", $1 / 1e6 }')
    size_shards=$(du -scb "$work"/shard? | tail -n 1 | awk '{ printf "%.0f", $1 / 1e6 }')
    for layout in one local remote; do
        case $layout in
            one) db=$work/one t=$t_one size=$size_one name="one index" ;;
            local) db=$work/local.stub t=$t_shards size=$size_shards name="4 local shards" ;;
            remote) db=$work/remote.stub t=$t_shards size=$size_shards name="4 remote shards" ;;
        esac
        read -r p50 p99 < <(in_process "$db" 0)
        read -r f50 f99 < <(in_process "$db" 1)
        cgi=$(per_request "$db")
        printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n' \
            "$corpus" "$name" "$docs" "$t" "$size" "$p50" "$p99" "$f50" "$f99" "$cgi"
    done
    for pid in "${pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    pids=()
done
echo
