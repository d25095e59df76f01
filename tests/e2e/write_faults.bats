#!/usr/bin/env bats
# dossier-index when writing stops: a bulk load killed with -9 resumes
# from its shards and ends with the index one uninterrupted load makes,
# counting truthfully; --restart starts over; a full disk is told in plain
# words, leaves the last commit, and a rerun completes the job; an index
# that lost a file is refused as damaged, never replaced by a new one.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    DB="$BATS_TEST_TMPDIR/index"
    T="$BATS_TEST_TMPDIR"
    # What one load of generate's articles counts.
    ADDED=7703
    REPLACED=98
    MERGED=199
}

doc_count() {
    xapian-delve "$1" | sed -n 's/^number of documents = //p'
}

# Writes 8000 JSON Lines articles of our own words to $T/gen.jsonl: those
# numbered 25 modulo 40 are exact copies (title, body, source and day) of
# the one 20 before under ids of their own; those numbered 9 modulo 10
# rewrite the one before a little (near-duplicates); the last 100 lines
# give ids 0 to 99 again, unchanged.
generate() {
    awk 'function line(i,   t, k) {
             t = (i % 40 == 25) ? i - 20 : i
             k = (i % 10 == 9) ? i - 1 : t
             printf "{\"id\":\"gen-%d\",\"title\":\"Bulletin %d\",\"source\":\"Wire %d\",\"published\":\"2021-03-%02d\",\"body\":\"Talks on item %d resumed in round %d near border post %d while convoy %d waited at bridge %d%s.\"}\n",
                 i, t, t % 3, t % 28 + 1, k, k % 31, k % 7, k, k % 11, (k != t ? " again" : "")
         }
         BEGIN { for (i = 0; i < 7900; i++) line(i)
                 for (i = 0; i < 100; i++) line(i) }' > "$T/gen.jsonl"
}

# The articles the shards of $DB have committed.
shards_committed() {
    local n=0 s c
    for s in "$DB".shards/*; do
        c=$(xapian-delve "$s" 2>/dev/null | sed -n 's/^number of documents = //p')
        n=$((n + ${c:-0}))
    done
    echo "$n"
}

# Starts a bulk load of $T/gen.jsonl into $DB reading a FIFO that this
# shell holds open, so that the load can never see the end of its input
# and finish; feeds it 200 lines at a time until its shards have
# committed 4500 articles (the reader buffers about 300 KB), then kills it
# with -9.
killed_bulk_load() {
    mkfifo "$T/fifo"
    "$INDEX" --db "$DB" --quiet --jobs 2 --batch 100 "$T/fifo" 2>"$T/killed.err" &
    local pid=$! fed=0 waits=0
    # Read-write: opening does not wait for the reader.
    exec 7<>"$T/fifo"
    while [ "$(shards_committed)" -lt 4500 ]; do
        # Still running: a load that died would leave this loop waiting.
        kill -0 "$pid"
        if [ "$fed" -lt 8000 ]; then
            sed -n "$((fed + 1)),$((fed + 200))p" "$T/gen.jsonl" >&7
            fed=$((fed + 200))
        else
            waits=$((waits + 1))
            [ "$waits" -le 600 ]
            sleep 0.05
        fi
    done
    echo "killed after feeding $fed lines"
    kill -9 "$pid"
    wait "$pid" || true
    exec 7>&-
    rm -f "$T/fifo"
}

# The summary line's counts, without the time.
counts_of() {
    echo "$1" | grep ' added, ' | sed 's/^dossier-index: //; s/; [0-9.]* s, .*//'
}

@test "a killed bulk load resumes from its shards and ends as one uninterrupted load" {
    generate
    run "$INDEX" --db "$T/clean" --quiet --jobs 2 --batch 100 "$T/gen.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    clean=$(counts_of "$output")
    [[ "$clean" == "$ADDED added, $REPLACED replaced, $MERGED merged (exact duplicates), "* ]]

    killed_bulk_load
    # The index is still empty: the work is in the shards.
    [ "$(doc_count "$DB")" -eq 0 ]
    kept=$(shards_committed)
    echo "the killed load's shards hold $kept articles"
    [ "$kept" -ge 4500 ]
    [ "$kept" -lt "$ADDED" ]

    run "$INDEX" --db "$DB" --quiet --jobs 2 --batch 100 "$T/gen.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"resuming a killed bulk load: $kept articles kept in 2 shards"* ]]
    # Kept articles are not added again: added + kept = one run's added;
    # replaced, merged and near-duplicates as in one run.
    resumed=$(counts_of "$output")
    [[ "$resumed" == "$((ADDED - kept)) added, $REPLACED replaced, $kept kept, "* ]]
    [ "${resumed#* kept, }" = "${clean#* replaced, }; resumed a killed bulk load whose 2 shards held $kept articles" ]

    # The same index: documents, ids, terms with their frequencies, every
    # document's terms with their wdf, values, stored records, where each
    # duplicate went (metadata), and the spelling dictionary, which both
    # runs write whole at the end.  (The other tables may differ in
    # layout: compaction copies the shards' posting chunks as they are.)
    [ "$(doc_count "$DB")" -eq "$ADDED" ]
    for db in "$T/clean" "$DB"; do
        xapian-delve -1 -A Q "$db" > "$db.ids"
        xapian-delve -1 -a -vv "$db" > "$db.terms"
        xapian-delve -v $(seq -f '-r %g' 1 "$ADDED") "$db" > "$db.termlists"
        for slot in 0 1 2 3; do xapian-delve -V$slot "$db" | grep -av UUID; done > "$db.values"
        xapian-delve -d $(seq -f '-r %g' 1 "$ADDED") "$db" | grep -av UUID > "$db.data"
        for ((i = 25; i < 7900; i += 40)); do
            "$BUILD/bin/dossier-search" --db "$db" --show "gen-$i" 2>&1 >/dev/null
        done > "$db.duplicates"
    done
    [ "$(grep -c "^Q" "$DB.ids")" -eq "$ADDED" ]
    [ "$(grep -c "exact duplicate of" "$DB.duplicates")" -eq 197 ]
    cmp "$T/clean.ids" "$DB.ids"
    cmp "$T/clean.terms" "$DB.terms"
    cmp "$T/clean.termlists" "$DB.termlists"
    cmp "$T/clean.values" "$DB.values"
    cmp "$T/clean.data" "$DB.data"
    cmp "$T/clean.duplicates" "$DB.duplicates"
    cmp "$T/clean/spelling.glass" "$DB/spelling.glass"
    [ ! -e "$DB.shards" ]
    run xapian-check "$DB"
    [ "$status" -eq 0 ]
}

@test "a resumed load keeps its shards whatever --jobs says; --restart starts over" {
    generate
    killed_bulk_load
    kept=$(shards_committed)
    [ "$kept" -ge 4500 ]
    # A writer that keeps feed state in the index cannot finish a bulk
    # load: --fetch refuses rather than lose the shards.
    echo "http://127.0.0.1:9/feed.xml" > "$T/feeds.txt"
    run "$INDEX" --db "$DB" --fetch --feeds "$T/feeds.txt" --quiet
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"with $kept articles in its shards"*"--restart to discard them"* ]]
    [ "$(shards_committed)" -eq "$kept" ]

    cp -r "$DB" "$T/copy"
    cp -r "$DB.shards" "$T/copy.shards"
    run "$INDEX" --db "$DB" --quiet --jobs 1 --batch 100 "$T/gen.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"resuming a killed bulk load: $kept articles kept in 2 shards (2 shards as before, not 1"* ]]
    [[ "$output" == *" $kept kept, "* ]]
    [ "$(doc_count "$DB")" -eq "$ADDED" ]

    rm -rf "$DB"
    mv "$T/copy" "$DB"
    mv "$T/copy.shards" "$DB.shards"
    run "$INDEX" --db "$DB" --quiet --jobs 2 --batch 100 --restart "$T/gen.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"--restart: the $kept articles of a killed bulk load are discarded"* ]]
    [[ "$output" == *"$ADDED added, $REPLACED replaced, $MERGED merged"* ]]
    [[ "$output" != *"kept"* ]]
    [ "$(doc_count "$DB")" -eq "$ADDED" ]
}

@test "shards that cannot be resumed are cleared with a reason, and the load starts over" {
    generate
    killed_bulk_load
    # Another gazetteer: the kept articles would not match the new ones.
    run "$INDEX" --db "$DB" --quiet --jobs 2 --no-entities "$T/gen.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"the shards of a killed bulk load cannot be resumed ("*"dossier:gazetteer"*"): starting over"* ]]
    [[ "$output" == *"$ADDED added, $REPLACED replaced, $MERGED merged"* ]]
    [ "$(doc_count "$DB")" -eq "$ADDED" ]
}

# Writes JSON Lines articles $1 to $2 (inclusive) of our own words to
# standard output.
beacons() {
    awk -v from="$1" -v to="$2" 'BEGIN {
        for (i = from; i <= to; i++)
            printf "{\"id\":\"b-%d\",\"title\":\"Beacon log %d\",\"body\":\"Keeper %d lit beacon %d over harbour %d.\"}\n",
                   i, i, i, i * 3, i % 7
    }'
}

@test "an index whose postlist.glass was deleted is refused as damaged (exit 2), never made anew: no article is lost" {
    beacons 1 20 > "$T/first.jsonl"
    beacons 21 21 > "$T/extra.jsonl"
    run "$INDEX" --db "$DB" --quiet "$T/first.jsonl"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$DB")" -eq 20 ]
    mv "$DB/postlist.glass" "$T/postlist.glass"
    cp "$DB/iamglass" "$T/iamglass"
    run "$INDEX" --db "$DB" --quiet "$T/extra.jsonl"
    echo "$output"
    # Xapian would make a new, empty index over the folder: '1 added', and
    # the 20 articles gone.
    [ "$status" -eq 2 ]
    [[ "$output" == *"index $DB is damaged or incomplete (xapian-check $DB tells what is wrong; restore a copy, or remove the folder and index again); nothing was written: "* ]]
    [[ "$output" != *"added"* ]]
    [ ! -e "$DB/postlist.glass" ]
    cmp "$T/iamglass" "$DB/iamglass"
    # Nothing was written: with the file back, every article is there.
    mv "$T/postlist.glass" "$DB/postlist.glass"
    [ "$(doc_count "$DB")" -eq 20 ]
    run xapian-check "$DB"
    [ "$status" -eq 0 ]
    run "$INDEX" --db "$DB" --quiet "$T/extra.jsonl"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$DB")" -eq 21 ]
}

@test "a folder with any file of an index is opened, never made anew; an empty one is" {
    beacons 1 5 > "$T/first.jsonl"
    beacons 6 6 > "$T/extra.jsonl"
    "$INDEX" --db "$T/base" --quiet "$T/first.jsonl" 2>/dev/null
    local f
    # Each of Xapian's files, and all of them with Dossier's left.
    for f in iamglass postlist.glass termlist.glass all-of-xapian; do
        rm -rf "$DB"
        cp -r "$T/base" "$DB"
        if [ "$f" = all-of-xapian ]; then
            rm "$DB"/iamglass "$DB"/*.glass "$DB"/flintlock
        else
            rm "$DB/$f"
        fi
        run "$INDEX" --db "$DB" --quiet "$T/extra.jsonl"
        echo "$f: $output"
        [ "$status" -eq 2 ]
        [[ "$output" == *"index $DB is damaged or incomplete"* ]]
    done
    # A folder that holds no file of an index (Xapian's lock file alone
    # holds nothing) becomes a new one.
    rm -rf "$DB"
    mkdir "$DB"
    touch "$DB/flintlock" "$DB/notes.txt"
    run "$INDEX" --db "$DB" --quiet "$T/extra.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$DB")" -eq 1 ]
}

@test "while another writer holds the index, a folder without its version file is told as locked, not damaged" {
    # What a writer sees while another creates the index: its tables
    # before its version file.
    mkfifo "$T/fifo"
    "$INDEX" --db "$DB" --quiet "$T/fifo" 3>&- &
    local first=$! i
    for i in $(seq 50); do
        [ -e "$DB/iamglass" ] && break
        sleep 0.1
    done
    sleep 0.3
    mv "$DB/iamglass" "$T/iamglass"
    beacons 1 1 > "$T/one.jsonl"
    run timeout 10 "$INDEX" --db "$DB" --quiet "$T/one.jsonl"
    echo "$output"
    mv "$T/iamglass" "$DB/iamglass"
    beacons 2 4 > "$T/fifo"
    wait "$first"
    [ "$status" -eq 2 ]
    [[ "$output" == *"index $DB is being written by another process"* ]]
    [ "$(doc_count "$DB")" -eq 3 ]
}

# Runs the script $1 in a private mount namespace where $T/disk is a tmpfs
# of $2, or skips the test when this machine does not allow one.
with_small_disk() {
    mkdir -p "$T/disk"
    local ns
    for ns in "unshare -r -m" "unshare -m"; do
        if $ns sh -c "mount -t tmpfs -o size=1m none '$T/disk'" 2>/dev/null; then
            $ns sh -c "mount -t tmpfs -o size=$2 none '$T/disk' && $1"
            return
        fi
    done
    skip "no private mount namespace here (unshare -r -m) for a small tmpfs"
}

@test "a full disk is told in plain words; the last commit stays; a rerun completes it" {
    awk 'BEGIN { for (i = 0; i < 20000; i++)
        printf "{\"id\":\"gen-%d\",\"title\":\"Bulletin %d\",\"body\":\"Talks on item %d resumed in round %d near border post %d.\"}\n",
               i, i, i, i % 31, i % 7 }' > "$T/gen.jsonl"
    cat > "$T/fill.sh" <<EOF
"$INDEX" --db "$T/disk/index" --quiet --jobs 1 --batch 1000 "$T/gen.jsonl" 2> "$T/full.err"
echo \$? > "$T/full.status"
xapian-delve "$T/disk/index" | sed -n 's/^number of documents = //p' > "$T/full.count"
xapian-check "$T/disk/index" > "$T/full.check" 2>&1
echo \$? >> "$T/full.check"
mount -o remount,size=64m "$T/disk"
"$INDEX" --db "$T/disk/index" --quiet --jobs 1 --batch 1000 "$T/gen.jsonl" 2> "$T/rerun.err"
echo \$? > "$T/rerun.status"
xapian-delve "$T/disk/index" | sed -n 's/^number of documents = //p' > "$T/rerun.count"
EOF
    with_small_disk "sh '$T/fill.sh'" 4m
    cat "$T/full.err" "$T/full.check"
    [ "$(cat "$T/full.status")" -eq 2 ]
    n=$(cat "$T/full.count")
    [ $((n % 1000)) -eq 0 ]
    run cat "$T/full.err"
    [[ "$output" == *"the disk holding the index $T/disk/index is full"* ]]
    [[ "$output" == *"Nothing is lost: earlier commits are safe, and the index is intact as of its last commit ($n articles)"* ]]
    [[ "$output" == *"Free some space and run the same command again: articles already indexed are replaced, not duplicated."* ]]
    [[ "$output" != *"DatabaseError"* ]]
    [[ "$output" != *"terminate called"* ]]
    [ "$(tail -n 1 "$T/full.check")" -eq 0 ]
    cat "$T/rerun.err"
    [ "$(cat "$T/rerun.status")" -eq 0 ]
    [ "$(cat "$T/rerun.count")" -eq 20000 ]
    run cat "$T/rerun.err"
    [[ "$output" == *"$((20000 - n)) added, $n replaced"* ]]
}

@test "a full disk during a bulk load keeps the shards, and a rerun resumes them" {
    awk 'BEGIN { for (i = 0; i < 20000; i++)
        printf "{\"id\":\"gen-%d\",\"title\":\"Bulletin %d\",\"body\":\"Talks on item %d resumed in round %d near border post %d.\"}\n",
               i, i, i, i % 31, i % 7 }' > "$T/gen.jsonl"
    cat > "$T/fill.sh" <<EOF
"$INDEX" --db "$T/disk/index" --quiet --jobs 2 --batch 500 "$T/gen.jsonl" 2> "$T/full.err"
echo \$? > "$T/full.status"
n=0
for s in "$T/disk/index.shards"/*; do
    c=\$(xapian-delve "\$s" | sed -n 's/^number of documents = //p')
    n=\$((n + c))
done
echo \$n > "$T/full.count"
mount -o remount,size=64m "$T/disk"
"$INDEX" --db "$T/disk/index" --quiet --jobs 2 --batch 500 "$T/gen.jsonl" 2> "$T/rerun.err"
echo \$? > "$T/rerun.status"
xapian-delve "$T/disk/index" | sed -n 's/^number of documents = //p' > "$T/rerun.count"
EOF
    with_small_disk "sh '$T/fill.sh'" 6m
    cat "$T/full.err"
    [ "$(cat "$T/full.status")" -eq 2 ]
    n=$(cat "$T/full.count")
    [ "$n" -gt 0 ]
    run cat "$T/full.err"
    [[ "$output" == *"the disk holding the index $T/disk/index is full"* ]]
    [[ "$output" == *"the bulk load's shards are intact as of their last commits ($n articles)"* ]]
    [[ "$output" == *"run the same command again: the load resumes from its shards"* ]]
    [[ "$output" != *"DatabaseError"* ]]
    cat "$T/rerun.err"
    [ "$(cat "$T/rerun.status")" -eq 0 ]
    [ "$(cat "$T/rerun.count")" -eq 20000 ]
    run cat "$T/rerun.err"
    [[ "$output" == *"resuming a killed bulk load: $n articles kept in 2 shards"* ]]
    [[ "$output" == *"$((20000 - n)) added, 0 replaced, $n kept"* ]]
}
