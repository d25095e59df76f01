#!/usr/bin/env bats
# Read replicas: xapian-replicate-server publishes an index or an archive
# that dossier-index writes (with XAPIAN_MAX_CHANGESETS set), and
# `dossier-index --replicate` keeps a replica current with
# xapian-replicate.  The replica answers as its master, its gazetteer
# comes with it, a search on it never sees part of a commit, and a
# master that does not answer leaves it as it was.  Skips where
# xapian-replicate is missing.

bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    ROOT=$PWD
    BUILD=${BUILD:-build}
    BIN="$ROOT/$BUILD/bin"
    SEARCH="$BIN/dossier-search"
    INDEX="$BIN/dossier-index"
    export DOSSIER_ENTITIES="$ROOT/feeds/entities.tsv"
    # The master keeps the changesets a replica is sent.
    export XAPIAN_MAX_CHANGESETS=100
    if ! command -v xapian-replicate-server > /dev/null ||
        ! command -v xapian-replicate > /dev/null; then
        skip "xapian-replicate is not installed (xapian-tools)"
    fi
    T=$BATS_TEST_TMPDIR
    mkdir -p "$T/master"
}

teardown() {
    for pidfile in "$BATS_TEST_TMPDIR"/*.pid; do
        [ -f "$pidfile" ] || continue
        kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
    done
}

load xapian_server

# Starts xapian-replicate-server for the folder $1; sets PORT.
start_server() {
    start_xapian_server "$BATS_TEST_TMPDIR/server.pid" xapian-replicate-server "$1"
}

stop_server() {
    kill -KILL -- "-$(cat "$BATS_TEST_TMPDIR/server.pid")"
    rm "$BATS_TEST_TMPDIR/server.pid"
}

load same_answer

# N articles numbered from $1, each a word "alpha" and its own text, dated
# in year $3.
articles() {
    local from=$1 n=$2 year=$3
    for i in $(seq "$from" $((from + n - 1))); do
        printf '{"id":"rep-%s","title":"Alpha dispatch %s","body":"Alpha report number %s on talks in Vienna, item %s of the series.","published":"%s-03-%02d"}\n' \
            "$i" "$i" "$i" "$((i * 7919))" "$year" "$(( (i % 27) + 1 ))"
    done
}

@test "an archive's replica answers as its master, and follows its commits and new shards" {
    "$INDEX" --quiet --db "$T/master/news" --shard-by year \
        feeds/sample/articles.jsonl tests/fixtures/index/undated.jsonl
    start_server "$T/master/news"
    run --separate-stderr "$INDEX" --replicate "127.0.0.1:$PORT" --db "$T/replica" --once
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"shards and meta replicated"* ]]
    # The replica lists the master's shards, meta first.
    [ "$(grep -v '^#' "$T/replica/XAPIANDB")" = "$(grep -v '^#' "$T/master/news/XAPIANDB")" ]
    for q in cyber china "entity:PLA" "since:2022 until:2023 russia" the; do
        same_answer "$T/master/news" "$T/replica" --json --facets --limit 100 "$q"
        same_answer "$T/master/news" "$T/replica" --json --sort oldest --limit 100 "$q"
    done
    # A commit to an existing shard, and a new year's shard.
    articles 1 3 2024 > "$T/more.jsonl"
    articles 10 2 2031 >> "$T/more.jsonl"
    "$INDEX" --quiet --db "$T/master/news" "$T/more.jsonl"
    [ "$("$SEARCH" --db "$T/replica" --count alpha)" = "0" ]
    run "$INDEX" --quiet --replicate "127.0.0.1:$PORT" --db "$T/replica" --once
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
    grep -qx 'auto 2031' "$T/replica/XAPIANDB"
    [ "$("$SEARCH" --db "$T/replica" --count alpha)" = "5" ]
    same_answer "$T/master/news" "$T/replica" --json --facets --limit 100 alpha
    same_answer "$T/master/news" "$T/replica" --json --facets --limit 100 vienna
}

@test "one index published under a name: its replica answers as it does" {
    "$INDEX" --quiet --db "$T/master/idx" feeds/sample/articles.jsonl
    start_server "$T/master"
    run "$INDEX" --quiet --replicate "127.0.0.1:$PORT/idx" --db "$T/replica" --once
    [ "$status" -eq 0 ]
    for q in cyber "entity:PLA" "taiwan strait" the; do
        same_answer "$T/master/idx" "$T/replica" --json --facets --limit 100 "$q"
    done
    run "$SEARCH" --db "$T/replica" --show "$("$SEARCH" --db "$T/master/idx" --ids cyber | head -1)"
    [ "$status" -eq 0 ]
}

@test "while dossier-index commits, a search of the replica sees whole commits only, and the replica catches up" {
    articles 1 5 2024 > "$T/first.jsonl"
    "$INDEX" --quiet --jobs 1 --db "$T/master/idx" "$T/first.jsonl"
    start_server "$T/master"
    "$INDEX" --quiet --replicate "127.0.0.1:$PORT/idx" --db "$T/replica" --once
    # The replicator runs without pause; the indexer commits every 5
    # articles, 40 more in all, fed slowly through a pipe.
    setsid -f sh -c 'echo $$ > "$1"; exec "$2" --quiet --replicate "$3" --db "$4" --interval 0' \
        sh "$T/replicator.pid" "$INDEX" "127.0.0.1:$PORT/idx" "$T/replica" 3>&-
    mkfifo "$T/feed"
    "$INDEX" --quiet --jobs 1 --batch 5 --db "$T/master/idx" - < "$T/feed" 3>&- &
    writer=$!
    (for round in $(seq 0 7); do articles $((6 + round * 5)) 5 2024; sleep 0.3; done) > "$T/feed" 3>&- &
    : > "$T/counts"
    while kill -0 "$writer" 2> /dev/null; do
        "$SEARCH" --db "$T/replica" --count alpha >> "$T/counts" 2>> "$T/errors" || echo "failed $?" >> "$T/counts"
    done
    wait "$writer"
    # Every search answered, with a count of whole commits.
    [ -s "$T/counts" ]
    run grep -v '^[0-9]*$' "$T/counts"
    [ "$output" = "" ]
    run awk '$1 % 5 != 0' "$T/counts"
    [ "$output" = "" ]
    # Never going back.
    sort -n -c "$T/counts"
    # The replica catches up with the last commit.
    for _ in $(seq 100); do
        [ "$("$SEARCH" --db "$T/replica" --count alpha)" = "45" ] && break
        sleep 0.1
    done
    [ "$("$SEARCH" --db "$T/replica" --count alpha)" = "45" ]
    same_answer "$T/master/idx" "$T/replica" --json --facets --limit 100 alpha
    # It was sent changesets, not copies of the index, after the first.
    ls "$T/master/idx" | grep -q '^changes'
}

@test "the gazetteer travels with the replica: a searcher with no TSV finds the entities" {
    "$INDEX" --quiet --db "$T/master/news" --shard-by year feeds/sample/articles.jsonl
    start_server "$T/master/news"
    "$INDEX" --quiet --replicate "127.0.0.1:$PORT" --db "$T/replica" --once
    [ -s "$T/replica/gazetteer.image" ]
    mkdir -p "$T/deploy/bin"
    cp "$SEARCH" "$BIN/dossier.cgi" "$T/deploy/bin/"
    expected=$("$SEARCH" --db "$T/master/news" --ids --limit 100 'entity:pla')
    [ -n "$expected" ]
    cd "$T"
    unset DOSSIER_ENTITIES
    [ ! -e /usr/local/share/dossier/entities.tsv ] ||
        skip "a gazetteer is installed in /usr/local/share/dossier: the test needs none"
    run --separate-stderr deploy/bin/dossier-search --db replica --ids --limit 100 'entity:pla'
    [ "$status" -eq 0 ]
    [ "$output" = "$expected" ]
    [[ "$stderr" != *"gazetteer"* ]]
    # Without the image too: from the text the archive's meta shard keeps.
    rm replica/gazetteer.image
    run --separate-stderr deploy/bin/dossier-search --db replica --ids --limit 100 'entity:pla'
    [ "$output" = "$expected" ]
    # The next round makes the image again.
    "$INDEX" --quiet --replicate "127.0.0.1:$PORT" --db replica --once
    [ -s replica/gazetteer.image ]
}

@test "a master that does not answer leaves the replica as it was, and says so" {
    "$INDEX" --quiet --db "$T/master/news" --shard-by year feeds/sample/articles.jsonl
    start_server "$T/master/news"
    "$INDEX" --quiet --replicate "127.0.0.1:$PORT" --db "$T/replica" --once
    before=$("$SEARCH" --db "$T/replica" --count the)
    stop_server
    run --separate-stderr "$INDEX" --replicate "127.0.0.1:$PORT" --db "$T/replica" --once
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"127.0.0.1:$PORT"* ]]
    [[ "$stderr" == *"connect"* ]]
    [ "$("$SEARCH" --db "$T/replica" --count the)" = "$before" ]
    # A first replication that fails leaves no empty replica behind.
    run "$INDEX" --replicate "127.0.0.1:$PORT" --db "$T/new" --once
    [ "$status" -eq 2 ]
    [ ! -e "$T/new" ]
}

@test "a replica is not written into, and --replicate makes none over a folder of other things" {
    "$INDEX" --quiet --db "$T/master/news" --shard-by year feeds/sample/articles.jsonl
    "$INDEX" --quiet --db "$T/master/idx" feeds/sample/articles.jsonl
    start_server "$T/master"
    "$INDEX" --quiet --replicate "127.0.0.1:$PORT/news" --db "$T/r-archive" --once
    "$INDEX" --quiet --replicate "127.0.0.1:$PORT/idx" --db "$T/r-index" --once
    articles 1 2 2024 > "$T/more.jsonl"
    run --separate-stderr "$INDEX" --db "$T/r-archive" "$T/more.jsonl"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"is a read replica"* ]]
    run --separate-stderr "$INDEX" --db "$T/r-index" "$T/more.jsonl"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"is a read replica"* ]]
    [ "$("$SEARCH" --db "$T/r-index" --count alpha)" = "0" ]
    # An archive that is not a replica (the master itself, named by
    # mistake) is refused, and left as it was.
    cp "$T/master/news/XAPIANDB" "$T/stub.before"
    run --separate-stderr "$INDEX" --replicate "127.0.0.1:$PORT/news" --db "$T/master/news" --once
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"not a replica"* ]]
    cmp "$T/stub.before" "$T/master/news/XAPIANDB"
    [ "$("$SEARCH" --db "$T/master/news" --count the)" = "$("$SEARCH" --db "$T/master/idx" --count the)" ]
    mkdir "$T/home"
    touch "$T/home/notes.txt"
    run --separate-stderr "$INDEX" --replicate "127.0.0.1:$PORT/idx" --db "$T/home" --once
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"not a replica"* ]]
    [ -f "$T/home/notes.txt" ]
    run --separate-stderr "$INDEX" --replicate "127.0.0.1" --db "$T/x" --once
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"HOST:PORT"* ]]
}
