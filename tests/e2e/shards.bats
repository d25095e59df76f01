#!/usr/bin/env bats
# An archive in shards: the sample split by period over three xapian-tcpsrv
# processes on 127.0.0.1 (and a local shard of undated articles), joined by
# a stub file.  Every feature answers as one index of the same articles
# does; a shard that is down or stopped is left out, named, and the rest
# answers.  Skips where xapian-tcpsrv is missing.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_ENTITIES=feeds/entities.tsv
    local dir=$BATS_FILE_TMPDIR s=feeds/sample
    # Undated: our fixture, and the sample's text file, which has no date.
    local undated=(tests/fixtures/index/undated.jsonl "$s"/text/*.txt)
    local feeds=("$s"/*.rss "$s"/*.atom "$s"/html/*.html)
    # By period: before 2022, 2022 and 2023, 2024 on; the feed and page
    # files, whose items span years, go whole into the last; the undated
    # articles apart, as --shard-by puts them.  Articles of one weight and
    # date are then in one shard, whose order they keep.
    jq -c 'select(.published[0:4] < "2022")' "$s/articles.jsonl" > "$dir/p1.jsonl"
    jq -c 'select(.published[0:4] >= "2022" and .published[0:4] < "2024")' \
        "$s/articles.jsonl" > "$dir/p2.jsonl"
    jq -c 'select(.published[0:4] >= "2024")' "$s/articles.jsonl" > "$dir/p3.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$dir/s1" "$dir/p1.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$dir/s2" "$dir/p2.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$dir/s3" "$dir/p3.jsonl" "${feeds[@]}"
    "$BUILD/bin/dossier-index" --quiet --db "$dir/s4" "${undated[@]}"
    # The same articles as one index, in the same order.
    "$BUILD/bin/dossier-index" --quiet --db "$dir/one" "$dir/p1.jsonl" \
        "$dir/p2.jsonl" "$dir/p3.jsonl" "${feeds[@]}"
    "$BUILD/bin/dossier-index" --quiet --db "$dir/all" "$dir/p1.jsonl" \
        "$dir/p2.jsonl" "$dir/p3.jsonl" "${feeds[@]}" "${undated[@]}"
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    export DOSSIER_ENTITIES=feeds/entities.tsv
    if [ ! -x /usr/bin/xapian-tcpsrv ]; then
        skip "xapian-tcpsrv is not installed (xapian-tools)"
    fi
    DIR=$BATS_FILE_TMPDIR
    PORTS=()
    for shard in s1 s2 s3; do
        start_server "$shard"
    done
    STUB="$BATS_TEST_TMPDIR/archive.stub"
    printf 'remote 127.0.0.1:%s\n' "${PORTS[@]}" > "$STUB"
    MIXED="$BATS_TEST_TMPDIR/mixed.stub"
    { printf 'remote 127.0.0.1:%s\n' "${PORTS[@]}"; echo "auto $DIR/s4"; } > "$MIXED"
}

teardown() {
    for pidfile in "$BATS_TEST_TMPDIR"/*.pid; do
        [ -f "$pidfile" ] || continue
        local pid
        pid=$(cat "$pidfile")
        kill -CONT -- "-$pid" 2>/dev/null || true
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}

load xapian_server

# Starts xapian-tcpsrv for the shard $DIR/$1 and appends its port to
# PORTS.
start_server() {
    start_xapian_server "$BATS_TEST_TMPDIR/$1.pid" xapian-tcpsrv --quiet "$DIR/$1" || return 1
    PORTS+=("$PORT")
}

load same_answer

# The same for output that is not JSON.
same_output() {
    local a b
    a=$("$SEARCH" --db "$1" "${@:3}" 2>&1)
    b=$("$SEARCH" --db "$2" "${@:3}" 2>&1)
    if [ "$a" != "$b" ]; then
        diff <(echo "$a") <(echo "$b") | head -20
        return 1
    fi
}

@test "three remote shards: hits, order, counts and facets as one index" {
    for q in cyber china "japan defence" "entity:PLA" "since:2022 until:2023 russia" the; do
        same_answer "$DIR/one" "$STUB" --json --facets --limit 100 "$q"
        same_answer "$DIR/one" "$STUB" --json --no-collapse --limit 100 "$q"
        same_answer "$DIR/one" "$STUB" --json --sort newest --limit 100 "$q"
        same_answer "$DIR/one" "$STUB" --json --sort oldest --limit 7 --offset 3 "$q"
        same_answer "$DIR/one" "$STUB" --json --recent 30 --limit 20 "$q"
        # A later page (Xapian's fetch ahead of one crashed over remotes).
        same_answer "$DIR/one" "$STUB" --json --limit 5 --offset 5 "$q"
    done
    run "$SEARCH" --db "$STUB" --json --facets cyber
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | jq .complete)" = true ]
    [ "$(echo "$output" | jq .total_exact)" = true ]
    [ "$(echo "$output" | jq '.facets.years | length')" -ge 4 ]
}

@test "a stub of remote shards only takes the gazetteer's image that dossier-index leaves beside the TSV" {
    command -v strace > /dev/null || skip "strace missing"
    tsv="$BATS_TEST_TMPDIR/entities.tsv"
    cp feeds/entities.tsv "$tsv"
    printf '{"id":"g1","title":"PLA drills","body":"The PLA drilled.","published":"2024-01-02"}\n' > "$BATS_TEST_TMPDIR/a.jsonl"
    "$BUILD/bin/dossier-index" --quiet --entities "$tsv" --db "$BATS_TEST_TMPDIR/idx" "$BATS_TEST_TMPDIR/a.jsonl"
    [ -s "$tsv.image" ]
    # Traced, every call is slower: a generous shard timeout.  LeakSanitizer
    # cannot run under a tracer: off here, in ASan builds.
    run --separate-stderr env ASAN_OPTIONS=detect_leaks=0 \
        strace -f -e trace=openat -o "$BATS_TEST_TMPDIR/trace" \
        "$SEARCH" --db "$STUB" --shard-timeout 30 --entities "$tsv" --ids --limit 100 'entity:PLA'
    echo "status $status: $stderr" >&2
    [ "$status" -eq 0 ]
    [ "$output" = "$("$SEARCH" --db "$DIR/one" --ids --limit 100 'entity:PLA')" ]
    # The image is mapped; the TSV, only looked at, is not read.
    grep -q "entities.tsv.image" "$BATS_TEST_TMPDIR/trace"
    run grep -c "entities.tsv\"" "$BATS_TEST_TMPDIR/trace"
    [ "$output" = "0" ]
}

@test "did you mean over an archive's remote shards, its meta shard local: as one index" {
    local s=feeds/sample t=$BATS_TEST_TMPDIR
    # Small batches, so that where they end matters; one index loaded
    # plainly (a bulk load counts its words per shard).
    "$BUILD/bin/dossier-index" --quiet --jobs 1 --batch 7 --db "$t/one" "$s/articles.jsonl" "$s"/*.rss
    "$BUILD/bin/dossier-index" --quiet --batch 7 --db "$t/arch" --shard-by year "$s/articles.jsonl" "$s"/*.rss
    # The dictionary is the archive's, in its meta shard; no period has one.
    [ -f "$t/arch/meta/spelling.glass" ]
    run ls "$t"/arch/2*/spelling.glass
    [ "$status" -ne 0 ]
    local stub="$t/remote.stub" shard
    echo "auto $t/arch/meta" > "$stub"
    for shard in "$t"/arch/2*; do
        start_xapian_server "$t/$(basename "$shard").pid" xapian-tcpsrv --quiet "$shard"
        echo "remote 127.0.0.1:$PORT" >> "$stub"
    done
    for q in "cybr atack" "japn defense" "chna hackrs" elecion "sanctons vote"; do
        [ "$("$SEARCH" --db "$t/one" --json "$q" | jq -r .suggestion)" != null ]
        same_answer "$t/one" "$stub" --json --limit 100 "$q"
        same_answer "$t/one" "$t/arch" --json --limit 100 "$q"
    done
}

@test "three remote shards: counts, exports, show, similar, url and profile as one index" {
    same_output "$DIR/one" "$STUB" --count china
    same_output "$DIR/one" "$STUB" --ids cyber
    same_output "$DIR/one" "$STUB" --format csv --sort oldest "entity:russia"
    same_output "$DIR/one" "$STUB" --format jsonl --with-text cyber
    same_output "$DIR/one" "$STUB" --show sample-2022-12-16-mod-japan-defense-buildup-cyber
    same_answer "$DIR/one" "$STUB" --json --similar sample-2022-12-16-mod-japan-defense-buildup-cyber
    same_answer "$DIR/one" "$STUB" --json --url https://www.bbc.com/news/technology-68546353
    same_answer "$DIR/one" "$STUB" --json --profile PLA
    same_output "$DIR/one" "$STUB" --profile GRU
    run "$SEARCH" --db "$STUB" --count cyber
    [ "$status" -eq 0 ]
    [ "$output" -gt 20 ]
}

@test "local and remote shards mixed, undated articles among them: as one index" {
    for q in cyber harbour "china japan" the; do
        same_answer "$DIR/all" "$MIXED" --json --facets --limit 100 "$q"
        same_answer "$DIR/all" "$MIXED" --json --sort oldest --limit 100 "$q"
        same_answer "$DIR/all" "$MIXED" --json --sort newest --limit 4 --offset 30 "$q"
    done
    same_output "$DIR/all" "$MIXED" --format csv --sort oldest harbour
    # The undated articles come last in either date order.
    run "$SEARCH" --db "$MIXED" --format jsonl --sort oldest harbour
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | tail -n 1 | jq -r .published)" = null ]
    [ "$(echo "$output" | head -n 1 | jq -r .published)" != null ]
}

@test "a shard whose server was killed: the others answer, and it is named" {
    local gone=${PORTS[1]}
    kill -KILL -- "-$(cat "$BATS_TEST_TMPDIR/s2.pid")"
    run --separate-stderr "$SEARCH" --db "$STUB" cyber
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"2 of 3 shards answered"* ]]
    [[ "$stderr" == *"remote 127.0.0.1:$gone"* ]]
    [[ "$stderr" == *"lower bounds"* ]]
    [[ "$output" == *"more than"*"articles match"* ]]
    run --separate-stderr "$SEARCH" --db "$STUB" --json --facets --limit 100 cyber
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | jq .complete)" = false ]
    [ "$(echo "$output" | jq .total_exact)" = false ]
    [ "$(echo "$output" | jq '[.warnings[] | select(.shards_missing)] | length')" -eq 1 ]
    [[ "$(echo "$output" | jq -r .shard_warning)" == *"127.0.0.1:$gone"* ]]
    # Its hits are those of the two shards left: none of 2022 or 2023.
    [ "$(echo "$output" | jq '[.hits[] | select(.published[0:4] == "2022" or .published[0:4] == "2023")] | length')" -eq 0 ]
    [ "$(echo "$output" | jq '.hits | length')" -gt 0 ]
    run "$SEARCH" --db "$STUB" --count cyber
    [ "$status" -eq 0 ]
}

@test "a stopped server: the search answers within the shard timeout" {
    kill -STOP -- "-$(cat "$BATS_TEST_TMPDIR/s3.pid")"
    run --separate-stderr timeout 20 "$SEARCH" --db "$STUB" --shard-timeout 0.5 --json cyber
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"remote 127.0.0.1:${PORTS[2]}"* ]]
    [[ "$stderr" == *"Timeout"* ]]
    [ "$(echo "$output" | jq .complete)" = false ]
    [ "$(echo "$output" | jq '.hits | length')" -gt 0 ]
    run "$SEARCH" --db "$STUB" --shard-timeout 0 cyber
    [ "$status" -eq 2 ]
    [[ "$output" == *"--shard-timeout wants seconds"* ]]
}

@test "every shard down: exit 3 and each named" {
    for shard in s1 s2 s3; do
        kill -KILL -- "-$(cat "$BATS_TEST_TMPDIR/$shard.pid")"
    done
    run "$SEARCH" --db "$STUB" cyber
    [ "$status" -eq 3 ]
    [[ "$output" == *"no shard of the archive"*"answered"* ]]
    [[ "$output" == *"${PORTS[0]}"*"${PORTS[1]}"*"${PORTS[2]}"* ]]
    [[ "$output" == *"archive.stub:3:"* ]]
}

@test "the page over an archive: a banner for a missing shard, 503 when none answers" {
    kill -KILL -- "-$(cat "$BATS_TEST_TMPDIR/s1.pid")"
    run env DOSSIER_DB="$STUB" QUERY_STRING="q=cyber" REQUEST_METHOD=GET \
        "$BUILD/bin/dossier.cgi"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Part of the archive did not answer"* ]]
    [[ "$output" == *"127.0.0.1:${PORTS[0]}"* ]]
    [[ "$output" == *"articles match"* ]]
    run env DOSSIER_DB="$STUB" QUERY_STRING="q=cyber&format=json" \
        REQUEST_METHOD=GET "$BUILD/bin/dossier.cgi"
    [ "$status" -eq 0 ]
    [[ "$output" == *'"shards_missing": true'* ]]
    kill -KILL -- "-$(cat "$BATS_TEST_TMPDIR/s2.pid")"
    kill -KILL -- "-$(cat "$BATS_TEST_TMPDIR/s3.pid")"
    run --separate-stderr env DOSSIER_DB="$STUB" QUERY_STRING="q=cyber" \
        REQUEST_METHOD=GET "$BUILD/bin/dossier.cgi"
    [[ "$output" == "Status: 503"* ]]
    [[ "$stderr" == *"no shard of the archive"* ]]
}

# The sample and the undated fixture, indexed as one archive by --shard-by.
write_archive() {
    local s=feeds/sample
    "$BUILD/bin/dossier-index" --quiet --db "$1" --shard-by "$2" \
        "$s/articles.jsonl" "$s"/*.rss "$s"/*.atom "$s"/html/*.html \
        "$s"/text/*.txt tests/fixtures/index/undated.jsonl
}

@test "--shard-by year: one index per year, the undated apart, and the stub that joins them" {
    local arch="$BATS_TEST_TMPDIR/arch"
    run write_archive "$arch" year
    [ "$status" -eq 0 ]
    [ -f "$arch/XAPIANDB" ]
    [ "$(head -n 1 "$arch/XAPIANDB")" = "# Dossier archive, one shard per year (dossier-index --shard-by year); Xapian stub format" ]
    # The shard of the archive's metadata first, where Xapian reads it.
    [ "$(sed -n 2p "$arch/XAPIANDB")" = "auto meta" ]
    [ "$(sed -n 3p "$arch/XAPIANDB")" = "auto 2019" ]
    [ "$(tail -n 1 "$arch/XAPIANDB")" = "auto undated" ]
    [ "$(grep -c '^auto ' "$arch/XAPIANDB")" -eq 9 ]
    run xapian-delve "$arch/meta"
    [[ "$output" == *"number of documents = 0"* ]]
    [ -f "$arch/gazetteer.image" ]
    # Each shard holds the articles of its year, the undated shard those
    # without a date.
    run "$SEARCH" --db "$arch/2023" --format jsonl the
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | jq -r '.published[0:4]' | sort -u)" = 2023 ]
    run "$SEARCH" --db "$arch/undated" --format jsonl the
    [ "$(echo "$output" | jq -r .published | sort -u)" = null ]
    [ "$(echo "$output" | wc -l)" -eq 4 ]
    # Xapian's own tools open the folder as the archive.
    run xapian-delve "$arch"
    [[ "$output" == *"number of documents = 82"* ]]
    # And it answers as one index of the same articles.
    for q in cyber china "japan defence" "entity:PLA" harbour; do
        same_answer "$DIR/all" "$arch" --json --facets --limit 100 "$q"
        same_answer "$DIR/all" "$arch" --json --sort oldest --limit 100 "$q"
    done
    same_output "$DIR/all" "$arch" --count cyber
    same_answer "$DIR/all" "$arch" --json --profile PLA
    same_answer "$DIR/all" "$arch" --json --similar sample-2022-12-16-mod-japan-defense-buildup-cyber
}

@test "an archive's shards served by xapian-tcpsrv answer as the archive folder does" {
    local arch="$BATS_TEST_TMPDIR/arch"
    write_archive "$arch" year
    PORTS=()
    local stub="$BATS_TEST_TMPDIR/served.stub"
    : > "$stub"
    for year in 2022 2023 2024; do
        DIR=$arch start_server "$year"
        echo "remote 127.0.0.1:${PORTS[-1]}" >> "$stub"
    done
    for shard in meta 2019 2020 2021 2025 undated; do
        echo "auto $arch/$shard" >> "$stub"
    done
    for q in cyber "russia ukraine" the; do
        same_answer "$arch" "$stub" --json --facets --limit 100 "$q"
        same_answer "$arch" "$stub" --json --sort newest --limit 100 "$q"
    done
}

@test "an article indexed again with another date moves to its period's shard" {
    local arch="$BATS_TEST_TMPDIR/arch"
    write_archive "$arch" year
    local id
    id=$(head -n 1 feeds/sample/articles.jsonl | jq -r .id)
    [ "$(head -n 1 feeds/sample/articles.jsonl | jq -r '.published[0:4]')" = 2023 ]
    run "$SEARCH" --db "$arch/2023" --ids "the"
    [[ "$output" == *"$id"* ]]
    head -n 1 feeds/sample/articles.jsonl |
        jq -c '.published = "2021-01-05T10:00:00Z"' > "$BATS_TEST_TMPDIR/moved.jsonl"
    run "$BUILD/bin/dossier-index" --db "$arch" "$BATS_TEST_TMPDIR/moved.jsonl"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 added, 1 replaced"* ]]
    run "$SEARCH" --db "$arch/2023" --ids "the"
    [[ "$output" != *"$id"* ]]
    run "$SEARCH" --db "$arch/2021" --ids "the"
    [[ "$output" == *"$id"* ]]
    # One article under its id in the whole archive, with its new date.
    run "$SEARCH" --db "$arch" --format jsonl the
    [ "$(echo "$output" | jq -r --arg id "$id" 'select(.id == $id) | .published')" = "2021-01-05T10:00:00Z" ]
    run xapian-delve "$arch"
    [[ "$output" == *"number of documents = 82"* ]]
    # Undated now, it goes to the undated shard.
    head -n 1 feeds/sample/articles.jsonl | jq -c 'del(.published)' > "$BATS_TEST_TMPDIR/undated.jsonl"
    run "$BUILD/bin/dossier-index" --db "$arch" "$BATS_TEST_TMPDIR/undated.jsonl"
    [ "$status" -eq 0 ]
    run "$SEARCH" --db "$arch/undated" --ids "the"
    [[ "$output" == *"$id"* ]]
    run "$SEARCH" --db "$arch/2021" --ids "the"
    [[ "$output" != *"$id"* ]]
}

@test "--shard-by month, and an archive keeps its split" {
    local arch="$BATS_TEST_TMPDIR/arch"
    run write_archive "$arch" month
    [ "$status" -eq 0 ]
    [ -d "$arch/2023-08" ]
    [ -d "$arch/undated" ]
    [ "$(head -n 1 "$arch/XAPIANDB")" = "# Dossier archive, one shard per month (dossier-index --shard-by month); Xapian stub format" ]
    same_answer "$DIR/all" "$arch" --json --facets --limit 100 cyber
    # Later runs keep the split; another is refused, as is --shard-by
    # over an index.
    run "$BUILD/bin/dossier-index" --db "$arch" tests/fixtures/index/undated.jsonl
    [ "$status" -eq 0 ]
    run "$BUILD/bin/dossier-index" --db "$arch" --shard-by year tests/fixtures/index/undated.jsonl
    [ "$status" -eq 2 ]
    [[ "$output" == *"is an archive by month, not by year"* ]]
    run "$BUILD/bin/dossier-index" --db "$DIR/one" --shard-by year tests/fixtures/index/undated.jsonl
    [ "$status" -eq 2 ]
    [[ "$output" == *"is not an archive"* ]]
    run "$BUILD/bin/dossier-index" --db "$arch" --shard-by week tests/fixtures/index/undated.jsonl
    [ "$status" -eq 2 ]
    [[ "$output" == *"--shard-by wants year or month"* ]]
}

@test "feeds fetched into an archive: each item in its period's shard, the feeds' state kept" {
    local arch="$BATS_TEST_TMPDIR/arch" www="$BATS_TEST_TMPDIR/www"
    mkdir -p "$www"
    cp tests/fixtures/feeds/rss2.xml tests/fixtures/feeds/atom.xml "$www/"
    python3 tests/e2e/feed_server.py "$www" "$BATS_TEST_TMPDIR/requests.log" \
        "$BATS_TEST_TMPDIR/port" 3>&- &
    echo $! > "$BATS_TEST_TMPDIR/feeds.server"
    for _ in $(seq 50); do
        [ -s "$BATS_TEST_TMPDIR/port" ] && break
        sleep 0.1
    done
    local base="http://127.0.0.1:$(cat "$BATS_TEST_TMPDIR/port")"
    printf '%s/f/rss2.xml\n%s/f/atom.xml\n' "$base" "$base" > "$BATS_TEST_TMPDIR/feeds.txt"
    "$BUILD/bin/dossier-index" --quiet --db "$arch" --shard-by year \
        tests/fixtures/index/undated.jsonl
    run "$BUILD/bin/dossier-index" --fetch --feeds "$BATS_TEST_TMPDIR/feeds.txt" --db "$arch"
    kill "$(cat "$BATS_TEST_TMPDIR/feeds.server")" || true
    [ "$status" -eq 0 ]
    [[ "$output" == *"5 new and 0 updated articles"* ]]
    # The fixtures' items are of August 2023.
    run xapian-delve "$arch/2023"
    [[ "$output" == *"number of documents = 5"* ]]
    [ "$(grep -c '^auto ' "$arch/XAPIANDB")" -eq 3 ]
    # The feeds' state is the archive's: the next fetch is not due.
    run "$BUILD/bin/dossier-index" --fetch --dry-run --feeds "$BATS_TEST_TMPDIR/feeds.txt" --db "$arch"
    [ "$status" -eq 0 ]
    [ "$(echo "$output" | grep -c 'not due until')" -eq 2 ]
}

@test "--show of an exact duplicate merged in an archive names the article that holds it" {
    local arch="$BATS_TEST_TMPDIR/arch"
    run "$BUILD/bin/dossier-index" --db "$arch" --shard-by year tests/fixtures/index/exact-copy.jsonl
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 merged (exact duplicates)"* ]]
    run "$SEARCH" --db "$arch" --show copy
    [ "$status" -eq 0 ]
    [[ "$output" == *'"copy" is an exact duplicate of "keeper"'* ]]
}

@test "--compact merges an archive's shards into one index, its images along" {
    local arch="$BATS_TEST_TMPDIR/arch" one="$BATS_TEST_TMPDIR/one"
    write_archive "$arch" year
    run "$BUILD/bin/dossier-index" --db "$arch" --compact "$one"
    [ "$status" -eq 0 ]
    [[ "$output" == *"9 shards of $arch compacted into $one: 82 articles"* ]]
    [ -f "$one/iamglass" ]
    [ -f "$one/gazetteer.image" ]
    [ -f "$one/facets.image" ]
    cmp "$arch/gazetteer.image" "$one/gazetteer.image"
    for q in cyber china "entity:PLA" harbour; do
        same_answer "$arch" "$one" --json --facets --limit 100 "$q"
        same_answer "$arch" "$one" --json --sort oldest --limit 100 "$q"
    done
    # The archive's metadata came along: --show still finds where an
    # exact duplicate went.
    local dup="$BATS_TEST_TMPDIR/dup" dupone="$BATS_TEST_TMPDIR/dupone"
    "$BUILD/bin/dossier-index" --quiet --db "$dup" --shard-by year tests/fixtures/index/exact-copy.jsonl
    "$BUILD/bin/dossier-index" --db "$dup" --compact "$dupone"
    run "$SEARCH" --db "$dupone" --show copy
    [ "$status" -eq 0 ]
    [[ "$output" == *'"copy" is an exact duplicate of "keeper"'* ]]
    # One index compacts too; a destination that exists is refused, as is
    # a stub of remote shards.
    run "$BUILD/bin/dossier-index" --db "$one" --compact "$BATS_TEST_TMPDIR/again"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 index of $one compacted"* ]]
    run "$BUILD/bin/dossier-index" --db "$arch" --compact "$one"
    [ "$status" -eq 2 ]
    [[ "$output" == *"exists: --compact writes a new index"* ]]
    run "$BUILD/bin/dossier-index" --db "$STUB" --compact "$BATS_TEST_TMPDIR/remote"
    [ "$status" -eq 2 ]
    [[ "$output" == *"compact on the machine that holds the shard"* ]]
    [ ! -e "$BATS_TEST_TMPDIR/remote" ]
}

@test "a run killed while it writes a new archive leaves every shard it made in the stub" {
    local arch="$BATS_TEST_TMPDIR/arch" fifo="$BATS_TEST_TMPDIR/in"
    mkfifo "$fifo"
    "$BUILD/bin/dossier-index" --quiet --db "$arch" --shard-by year - < "$fifo" &
    local pid=$!
    exec 7> "$fifo"
    # Notes of two years, more than a reader's buffer, then the input
    # stays open.
    python3 -c 'import json
for i in range(4000):
    print(json.dumps({"id": "note-%d" % i, "title": "Harbour note %d" % i,
                      "body": "The harbour logged note number %d." % i,
                      "published": "%d-03-01T12:00:00Z" % (2019 + i % 2)}))' >&7
    for _ in $(seq 100); do
        [ -d "$arch/2020" ] && [ -d "$arch/2019" ] && break
        sleep 0.1
    done
    kill -KILL "$pid"
    exec 7>&-
    wait "$pid" || true
    [ -d "$arch/2019" ]
    [ -d "$arch/2020" ]
    run grep -c '^auto 20' "$arch/XAPIANDB"
    [ "$output" -eq 2 ]
    # The next run finds the archive and adds to it.
    run "$BUILD/bin/dossier-index" --db "$arch" tests/fixtures/index/undated.jsonl
    [ "$status" -eq 0 ]
    run "$SEARCH" --db "$arch" --count harbour
    [ "$status" -eq 0 ]
    [ "$output" -ge 1 ]
}
