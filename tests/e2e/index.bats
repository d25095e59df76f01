#!/usr/bin/env bats
# dossier-index: indexing files into a Xapian index, end to end: formats,
# bad input, idempotence, duplicates, crash safety, the lock, progress.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    FIX=tests/fixtures/index
    DB="$BATS_TEST_TMPDIR/index"
}

# The near-duplicate cluster (value slot 2) of the document with id $1.
cluster_of() {
    local docid
    docid=$(xapian-delve -1 -t "Q$1" "$DB" | tail -n 1)
    xapian-delve -r "$docid" -V2 "$DB" | sed -n 's/^Value 2 for record #[0-9]*: //p'
}

# Runs dossier-index with the arguments after $1 and kills it (-9) after
# $1 seconds, if it is still running.
index_killed_after() {
    local delay=$1
    shift
    "$INDEX" "$@" &
    local pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" || true
}

doc_count() {
    xapian-delve "$1" | sed -n 's/^number of documents = //p'
}

@test "the demo articles index, every one, with metadata" {
    run "$INDEX" --db "$DB" feeds/sample/articles.jsonl
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"66 added, 0 replaced, 0 merged (exact duplicates), 1 near-duplicates, 0 rejected"* ]]
    [ "$(doc_count "$DB")" -eq 66 ]
    run xapian-metadata get "$DB" dossier:analyzer
    [ "$output" = "dossier-analyzer-4" ]
    run xapian-metadata get "$DB" dossier:schema
    [ "$output" = "dossier-schema-7" ]
    # The seed story's terms: entity, type, source, date, title.
    for term in XEpla XEus-cyber-command XEpaul-nakasone XEmatthew-pottinger \
                XTmilitary XSwashington-post D20230807 M202308 Y2023 Len \
                Kintelligence Sjapan; do
        run xapian-delve -t "$term" "$DB"
        echo "$term: $output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"Posting List for term"* ]]
    done
}

@test "indexing twice leaves the same documents and the same answers" {
    "$INDEX" --db "$DB" --quiet feeds/sample/articles.jsonl
    before=$(for q in cyber japan defens hacker; do quest -s none -d "$DB" "$q"; done)
    run "$INDEX" --db "$DB" --quiet feeds/sample/articles.jsonl
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 added, 66 replaced, 0 merged (exact duplicates), 1 near-duplicates"* ]]
    [ "$(doc_count "$DB")" -eq 66 ]
    after=$(for q in cyber japan defens hacker; do quest -s none -d "$DB" "$q"; done)
    [ "$before" = "$after" ]
    [[ "$before" == *"sample-2023-08-07-wapo-pla-japan-defense-networks"* ]]
}

@test "bad input is reported with file:line and the rest is indexed (exit 1)" {
    run "$INDEX" --db "$DB" --quiet "$FIX/bad.jsonl" "$FIX/binary.bin" \
        "$FIX/article.txt" "$BATS_TEST_TMPDIR/missing.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"$FIX/bad.jsonl:2: malformed JSON at column 26"* ]]
    [[ "$output" == *"$FIX/bad.jsonl:3: not a JSON object"* ]]
    [[ "$output" == *"$FIX/bad.jsonl:4: record has neither title nor body"* ]]
    [[ "$output" == *"$FIX/bad.jsonl:5: bad date \"yesterday\"; article kept without a date"* ]]
    [[ "$output" == *"$FIX/bad.jsonl:8: malformed JSON at column 38: duplicate object key"* ]]
    [[ "$output" == *"$FIX/binary.bin: binary file, not an article"* ]]
    [[ "$output" == *"missing.jsonl: cannot open: No such file or directory"* ]]
    [[ "$output" == *"4 added"* ]]
    # Six items skipped; the bad date is a warning: its article is added.
    [[ "$output" == *" 6 rejected, 1 warnings;"* ]]
    [ "$(doc_count "$DB")" -eq 4 ]
    # The text file: first line the title.
    run xapian-delve -t "Sheadlin" "$DB"
    [[ "$output" == *"Posting List"* ]]
    # The numeric id became a string id.
    run xapian-delve -t "Q42" "$DB"
    [[ "$output" == *"Posting List"* ]]
}

@test "a bad date is a warning, not a rejection: counted apart, exit 1, and the article is searchable" {
    {
        echo '{"id":"good","title":"Ferry timetable","body":"The ferry leaves at noon."}'
        echo '{"id":"undated","title":"Lighthouse keeper retires","body":"The keeper of the northern lighthouse retired.","published":"the day after tomorrow"}'
    } > "$BATS_TEST_TMPDIR/dates.jsonl"
    run "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/dates.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *'dates.jsonl:2: bad date "the day after tomorrow"; article kept without a date'* ]]
    [[ "$output" == *"2 added, 0 replaced, 0 merged (exact duplicates), 0 near-duplicates, 0 rejected, 1 warnings;"* ]]
    [ "$(doc_count "$DB")" -eq 2 ]
    run "$BUILD/bin/dossier-search" --db "$DB" --json lighthouse
    echo "$output"
    [ "$status" -eq 0 ]
    [ "$(jq -r '.hits[0].id' <<< "$output")" = undated ]
    # Nothing wrong: no warning, exit 0.
    echo '{"id":"dated","title":"Harbour dredged","body":"The harbour was dredged.","published":"2024-05-02"}' \
        > "$BATS_TEST_TMPDIR/dated.jsonl"
    run "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/dated.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 added, 0 replaced, 0 merged (exact duplicates), 0 near-duplicates, 0 rejected, 0 warnings;"* ]]
}

@test "an article over the size cap is rejected, the others are not" {
    {
        echo '{"id":"small","title":"Small","body":"A short body."}'
        printf '{"id":"big","title":"Big","body":"%s"}\n' "$(head -c 5000 /dev/zero | tr '\0' 'x')"
        echo '{"id":"small2","title":"Small too","body":"Another short body."}'
    } > "$BATS_TEST_TMPDIR/sizes.jsonl"
    run "$INDEX" --db "$DB" --quiet --max-article-bytes 2000 "$BATS_TEST_TMPDIR/sizes.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"sizes.jsonl:2: article larger than 2000 bytes"* ]]
    [ "$(doc_count "$DB")" -eq 2 ]
}

@test "a copy under another title and source is kept; rewritten copies share one cluster" {
    # Both ways of writing: a bulk load's shards (the first article's value
    # is set once they are merged) and one writer (set as the second
    # article joins).
    for jobs in 2 1; do
        rm -rf "$DB"
        run "$INDEX" --db "$DB" --jobs "$jobs" "$FIX/rewrites.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"6 added, 0 replaced, 0 merged (exact duplicates), 4 near-duplicates, 0 rejected"* ]]
        # The story and its rewrites share a cluster value; the unrelated
        # one, alone in its cluster, has none (Xapian never collapses it).
        c1=$(cluster_of orig)
        [ ${#c1} -eq 16 ]
        for id in rewrite-1 rewrite-2 rewrite-3 copy; do
            [ "$(cluster_of "$id")" = "$c1" ]
        done
        [ -z "$(cluster_of unrelated)" ]
    done
    # The copy (same body words under another title and source) is an
    # article of its own, in the story's cluster.
    run xapian-delve -t Qcopy "$DB"
    [[ "$output" == *"Posting List"* ]]
    # A later run finds the cluster of what is already indexed.
    grep '"rewrite-1"' "$FIX/rewrites.jsonl" | sed 's/"rewrite-1"/"rewrite-4"/; s/on Wednesday in Tokyo/in Tokyo on Wednesday/' > "$BATS_TEST_TMPDIR/later.jsonl"
    run "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/later.jsonl"
    echo "$output"
    [[ "$output" == *"1 added, 0 replaced, 0 merged (exact duplicates), 1 near-duplicates"* ]]
    [ "$(cluster_of rewrite-4)" = "$c1" ]
    # A rewrite of the article alone in its cluster, in a later run: the
    # indexed article gets the value as the rewrite joins it.
    grep '"unrelated"' "$FIX/rewrites.jsonl" | sed 's/"unrelated"/"unrelated-2"/; s/NATO leaders met/Leaders of NATO met/' > "$BATS_TEST_TMPDIR/later2.jsonl"
    run "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/later2.jsonl"
    echo "$output"
    [[ "$output" == *"1 added, 0 replaced, 0 merged (exact duplicates), 1 near-duplicates"* ]]
    c2=$(cluster_of unrelated)
    [ ${#c2} -eq 16 ]
    [ "$c2" != "$c1" ]
    [ "$(cluster_of unrelated-2)" = "$c2" ]
    # Indexed again, nothing changes: each finds its own cluster.
    run "$INDEX" --db "$DB" --quiet "$FIX/rewrites.jsonl" "$BATS_TEST_TMPDIR/later.jsonl" "$BATS_TEST_TMPDIR/later2.jsonl"
    echo "$output"
    [[ "$output" == *"0 added, 8 replaced"* ]]
    [ "$(cluster_of orig)" = "$c1" ]
    [ "$(cluster_of unrelated)" = "$c2" ]
    [ "$(cluster_of unrelated-2)" = "$c2" ]
}

@test "a text file in Windows-1252 keeps its letters, with a warning naming the line" {
    printf 'Caf\xe9 owners meet\n\nThe caf\xe9 \x93reopened\x94 on Monday, its owner said.\n' > "$BATS_TEST_TMPDIR/old.txt"
    run "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/old.txt"
    [ "$status" -eq 1 ]
    [[ "$output" == *"old.txt:1: 4 bytes that are not UTF-8 read as Windows-1252"* ]]
    run "$BUILD/bin/dossier-search" --db "$DB" --json café
    echo "$output" | jq -e '.hits | length == 1'
    echo "$output" | jq -e '.hits[0].title | test("Café")'
    run "$BUILD/bin/dossier-search" --db "$DB" --json '"reopened"'
    echo "$output" | jq -e '.hits | length == 1'
    # No replacement character and no C1 control is stored.
    run bash -c "'$BUILD/bin/dossier-search' --db '$DB' --json café | grep -c \$'\\xef\\xbf\\xbd' || true"
    [ "$output" = "0" ]
}

@test "gzip, standard input, text, and the format option" {
    gzip -c feeds/sample/articles.jsonl > "$BATS_TEST_TMPDIR/a.jsonl.gz"
    run "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/a.jsonl.gz"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$DB")" -eq 66 ]
    run bash -c "head -3 $FIX/rewrites.jsonl | $INDEX --db $BATS_TEST_TMPDIR/stdin --quiet -"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$BATS_TEST_TMPDIR/stdin")" -eq 3 ]
    # Gzip on standard input too, streamed (no size cap on a pipe).
    run bash -c "gzip -c feeds/sample/articles.jsonl | $INDEX --db $BATS_TEST_TMPDIR/stdin-gz --quiet -"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$BATS_TEST_TMPDIR/stdin-gz")" -eq 66 ]
    # JSON forced as text is one text article.
    run "$INDEX" --db "$BATS_TEST_TMPDIR/astext" --quiet --format text "$FIX/rewrites.jsonl"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$BATS_TEST_TMPDIR/astext")" -eq 1 ]
    run "$INDEX" --db "$DB" --format pdf "$FIX/article.txt"
    [ "$status" -eq 2 ]
    [[ "$output" == *'unknown format "pdf"'* ]]
}

@test "the index path: --db, then DOSSIER_DB, then XDG_DATA_HOME" {
    run env DOSSIER_DB="$BATS_TEST_TMPDIR/from-env" "$INDEX" --quiet "$FIX/article.txt"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$BATS_TEST_TMPDIR/from-env")" -eq 1 ]
    run env -u DOSSIER_DB XDG_DATA_HOME="$BATS_TEST_TMPDIR/xdg" "$INDEX" --quiet "$FIX/article.txt"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$BATS_TEST_TMPDIR/xdg/dossier/index")" -eq 1 ]
}

@test "a second writer is refused at once with exit 2" {
    mkfifo "$BATS_TEST_TMPDIR/fifo"
    # The first writer holds the lock while it waits for its input.
    "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/fifo" 3>&- &
    first=$!
    for i in $(seq 50); do
        [ -e "$DB/flintlock" ] && break
        sleep 0.1
    done
    sleep 0.3
    run timeout 10 "$INDEX" --db "$DB" --quiet "$FIX/article.txt"
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"index $DB is being written by another process"* ]]
    cat "$FIX/rewrites.jsonl" > "$BATS_TEST_TMPDIR/fifo"
    wait "$first"
    [ "$(doc_count "$DB")" -eq 6 ]
}

@test "kill -9 at any moment leaves the last commit; a rerun completes it" {
    awk 'BEGIN { for (i = 0; i < 20000; i++)
        printf "{\"id\":\"gen-%d\",\"title\":\"Report %d on %s\",\"body\":\"Officials in city %d said %d drones crossed the border near post %d, and talks resumed on day %d of the crisis.\"}\n",
               i, i, (i % 2 ? "Tokyo" : "Kyiv"), i, i % 97, i % 13, i }' > "$BATS_TEST_TMPDIR/gen.jsonl"
    # --jobs 1: batches of 1000 committed as they go.
    for delay in 0.2 0.7 1.5; do
        rm -rf "$DB"
        index_killed_after "$delay" --db "$DB" --quiet --jobs 1 --batch 1000 "$BATS_TEST_TMPDIR/gen.jsonl"
        if [ -d "$DB" ]; then
            n=$(doc_count "$DB")
            echo "killed after $delay s: $n documents"
            [ $((n % 1000)) -eq 0 ]
        fi
        run "$INDEX" --db "$DB" --quiet --jobs 1 --batch 1000 "$BATS_TEST_TMPDIR/gen.jsonl"
        [ "$status" -eq 0 ]
        [ "$(doc_count "$DB")" -eq 20000 ]
        run xapian-check "$DB"
        [ "$status" -eq 0 ]
    done
}

@test "a parallel bulk load is all or nothing, and recovers from a kill" {
    awk 'BEGIN { for (i = 0; i < 20000; i++)
        printf "{\"id\":\"gen-%d\",\"title\":\"Bulletin %d\",\"body\":\"Talks on item %d resumed in round %d near border post %d.\"}\n",
               i, i, i, i % 31, i % 7 }' > "$BATS_TEST_TMPDIR/gen.jsonl"
    for delay in 0.3 1.0 2.0; do
        rm -rf "$DB" "$DB".*
        index_killed_after "$delay" --db "$DB" --quiet --jobs 2 "$BATS_TEST_TMPDIR/gen.jsonl"
        if [ -d "$DB" ]; then
            n=$(doc_count "$DB")
            echo "killed after $delay s: $n documents"
            [ "$n" -eq 0 ] || [ "$n" -eq 20000 ]
        fi
        run "$INDEX" --db "$DB" --quiet --jobs 2 "$BATS_TEST_TMPDIR/gen.jsonl"
        [ "$status" -eq 0 ]
        [ "$(doc_count "$DB")" -eq 20000 ]
        # Nothing of the shards is left behind.
        [ ! -e "$DB.shards" ]
        [ ! -e "$DB.new" ]
        [ ! -e "$DB.old" ]
        run xapian-check "$DB"
        [ "$status" -eq 0 ]
    done
    # A merge that completed before the kill is put in place.
    mv "$DB" "$DB.new"
    touch "$DB.new/dossier-merged"
    run "$INDEX" --db "$DB" --quiet --jobs 2 "$FIX/article.txt"
    [ "$status" -eq 0 ]
    [ "$(doc_count "$DB")" -eq 20001 ]
    [ ! -e "$DB/dossier-merged" ]
}

@test "a progress line on a terminal, none when stderr is not one" {
    run bash -c "$INDEX --db $DB feeds/sample/articles.jsonl 2>&1 >/dev/null | od -c | grep -c '\\\\r' || true"
    [ "$output" = "0" ]
    # script gives the program a terminal.
    run script -qec "$INDEX --db $BATS_TEST_TMPDIR/tty feeds/sample/articles.jsonl" /dev/null
    echo "$output"
    [[ "$output" == *"articles.jsonl: "*" articles, "*" MB of 0.1, ETA"* ]]
    run script -qec "$INDEX --quiet --db $BATS_TEST_TMPDIR/tty2 feeds/sample/articles.jsonl" /dev/null
    [[ "$output" != *" MB of "* ]]
}

@test "the progress line names the file, counts uncompressed bytes, and shows the merge as a phase" {
    # 3,000 notes of our own, gzip'd: the total is the text's size, not
    # the compressed file's.
    python3 -c '
import gzip, json
with gzip.open("'"$BATS_TEST_TMPDIR"'/notes.jsonl.gz", "wt") as f:
    for i in range(3000):
        f.write(json.dumps({"id": "n%d" % i, "title": "Harbour note %d" % i,
                            "body": "The harbour pilots logged note %d. " % i * 20}) + "\n")'
    text=$(gzip -dc "$BATS_TEST_TMPDIR/notes.jsonl.gz" | wc -c)
    packed=$(stat -c %s "$BATS_TEST_TMPDIR/notes.jsonl.gz")
    [ "$text" -gt $((packed * 4)) ]
    run script -qec "$INDEX --jobs 2 --db $BATS_TEST_TMPDIR/bulk $BATS_TEST_TMPDIR/notes.jsonl.gz" /dev/null
    echo "$output"
    total=$(awk -v b="$text" 'BEGIN { printf "%.1f", b / 1e6 }')
    [[ "$output" == *"notes.jsonl.gz: "*" MB of $total, ETA "* ]]
    [[ "$output" == *"(then the merge)"* ]]
    [[ "$output" == *"merging the 2 shards into the index"* ]]
    [[ "$output" == *"3000 added"* ]]
}

@test "a FIFO is read once, by its reader: sizing the input for the progress line leaves it alone" {
    mkfifo "$BATS_TEST_TMPDIR/pipe"
    timeout 20 "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/pipe" &
    reader=$!
    sleep 0.5
    # One writer, which comes and goes with nothing to say: the reader
    # reads its end of file, an empty input it rejects (exit 1), and is
    # done; it once opened the FIFO twice and waited for a second writer
    # until killed.
    : > "$BATS_TEST_TMPDIR/pipe"
    rc=0
    wait "$reader" || rc=$?
    [ "$rc" -eq 1 ]
}

@test "every demo file indexes: feeds, pages and text too" {
    run "$INDEX" --db "$DB" --quiet feeds/sample/articles.jsonl feeds/sample/*.rss \
        feeds/sample/*.atom feeds/sample/html/*.html feeds/sample/text/*.txt
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"79 added"* ]]
    [ "$(doc_count "$DB")" -eq 79 ]
    # Feed items carry their date and language; pages their outlet.
    for term in XSassociated-press XSjapan-times XSreuters Lfr Lde; do
        run xapian-delve -t "$term" "$DB"
        echo "$term: $output"
        [[ "$output" == *"Posting List"* ]]
    done
    run bash -c "xapian-delve -1 -A D $DB | wc -l"
    [ "$output" -gt 50 ]
}

@test "the same input gives the same index whatever the number of jobs" {
    for jobs in 1 3; do
        run "$INDEX" --db "$BATS_TEST_TMPDIR/j$jobs" --quiet --jobs "$jobs" \
            "$FIX/rewrites.jsonl" feeds/sample/articles.jsonl "$FIX/exact-copy.jsonl" \
            "$FIX/rewrites.jsonl" "$FIX/exact-copy.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        summary[$jobs]=$(echo "$output" | sed 's/; [0-9.]* s.*//')
    done
    [ "${summary[1]}" = "${summary[3]}" ]
    # exact-copy.jsonl's "copy" shares its id with rewrites.jsonl's: it
    # replaces that article (a record replacing its own id is never
    # skipped as a duplicate), so nothing is merged here; the merging is
    # tested on both paths below.
    [[ "${summary[1]}" == *"74 added, 10 replaced, 0 merged (exact duplicates)"* ]]
    # Every document has the same terms in both (docids differ: shards).
    for db in j1 j3; do
        xapian-delve -1 -a "$BATS_TEST_TMPDIR/$db" > "$BATS_TEST_TMPDIR/$db.terms"
    done
    cmp "$BATS_TEST_TMPDIR/j1.terms" "$BATS_TEST_TMPDIR/j3.terms"
    run "$INDEX" --db "$DB" --jobs 0 "$FIX/article.txt"
    [ "$status" -eq 2 ]
}

# Issue 12: an exact duplicate is the same article (title, body, source and
# day); anything else that shares its text is an article of its own, in
# the cluster of what it shares it with.

@test "two notices with one body under two titles are two articles in one cluster" {
    SEARCH="$BUILD/bin/dossier-search"
    for jobs in 2 1; do
        rm -rf "$DB"
        run "$INDEX" --db "$DB" --jobs "$jobs" "$FIX/dividends.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"2 added, 0 replaced, 0 merged (exact duplicates), 1 near-duplicates, 0 rejected"* ]]
        run "$SEARCH" --db "$DB" --show a
        [ "$status" -eq 0 ]
        [[ "$output" == *"Harbour Freight Lines declares dividend"* ]]
        run "$SEARCH" --db "$DB" --show b
        [ "$status" -eq 0 ]
        [[ "$output" == *"Lakeside Milling declares dividend"* ]]
        c=$(cluster_of a)
        [ ${#c} -eq 16 ]
        [ "$(cluster_of b)" = "$c" ]
    done
}

@test "an exact duplicate is merged: counted, told, reported and recorded" {
    for jobs in 2 1; do
        rm -rf "$DB"
        run "$INDEX" --db "$DB" --jobs "$jobs" --verbose --duplicates "$BATS_TEST_TMPDIR/dups.tsv" "$FIX/exact-copy.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"2 added, 0 replaced, 1 merged (exact duplicates), 0 near-duplicates, 0 rejected"* ]]
        [[ "$output" == *"$FIX/exact-copy.jsonl:2: id copy: exact duplicate of keeper, skipped"* ]]
        [ "$(cat "$BATS_TEST_TMPDIR/dups.tsv")" = "$(printf 'copy\tkeeper\t%s:2' "$FIX/exact-copy.jsonl")" ]
        run xapian-metadata get "$DB" dossier:dup:copy
        [ "$output" = "keeper" ]
        [ "$(doc_count "$DB")" -eq 2 ]
    done
    # Added to an existing index, the copy finds its keeper there.
    sed -n 2p "$FIX/exact-copy.jsonl" | sed 's/"copy"/"copy-2"/' > "$BATS_TEST_TMPDIR/later.jsonl"
    run "$INDEX" --db "$DB" --verbose --duplicates "$BATS_TEST_TMPDIR/dups.tsv" "$BATS_TEST_TMPDIR/later.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 added, 0 replaced, 1 merged (exact duplicates)"* ]]
    [[ "$output" == *"later.jsonl:1: id copy-2: exact duplicate of keeper, skipped"* ]]
    [ "$(cat "$BATS_TEST_TMPDIR/dups.tsv")" = "$(printf 'copy-2\tkeeper\t%s:1' "$BATS_TEST_TMPDIR/later.jsonl")" ]
    run xapian-metadata get "$DB" dossier:dup:copy-2
    [ "$output" = "keeper" ]
    [ "$(doc_count "$DB")" -eq 2 ]
    # Without --verbose, nothing but the summary.
    run "$INDEX" --db "$DB" --quiet "$FIX/exact-copy.jsonl"
    [[ "$output" != *"exact duplicate of"* ]]
}

@test "indexing duplicates again merges them again and adds nothing" {
    for jobs in 2 1; do
        rm -rf "$DB"
        run "$INDEX" --db "$DB" --quiet --jobs "$jobs" "$FIX/exact-copy.jsonl" "$FIX/dividends.jsonl"
        echo "$output"
        [[ "$output" == *"4 added, 0 replaced, 1 merged (exact duplicates), 1 near-duplicates"* ]]
        run "$INDEX" --db "$DB" --quiet --verbose "$FIX/exact-copy.jsonl" "$FIX/dividends.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"0 added, 4 replaced, 1 merged (exact duplicates)"* ]]
        [[ "$output" == *"exact-copy.jsonl:2: id copy: exact duplicate of keeper, skipped"* ]]
        [ "$(doc_count "$DB")" -eq 4 ]
        run xapian-metadata get "$DB" dossier:dup:copy
        [ "$output" = "keeper" ]
    done
}

@test "the same text re-posted on a later day is kept, in one cluster, dated later" {
    SEARCH="$BUILD/bin/dossier-search"
    for jobs in 2 1; do
        rm -rf "$DB"
        run "$INDEX" --db "$DB" --jobs "$jobs" "$FIX/repost.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"2 added, 0 replaced, 0 merged (exact duplicates), 1 near-duplicates"* ]]
        c=$(cluster_of bullet-1)
        [ ${#c} -eq 16 ]
        [ "$(cluster_of bullet-2)" = "$c" ]
        run "$SEARCH" --db "$DB" --sort date --limit 1 floods
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"2021-07-15"* ]]
        run "$SEARCH" --db "$DB" floods
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"+1 similar"* ]]
    done
}

@test "records without id or URL: one text on two days is two articles, each stored with its id" {
    for jobs in 2 1; do
        rm -rf "$DB"
        run "$INDEX" --db "$DB" --jobs "$jobs" "$FIX/no-id.jsonl"
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"2 added, 0 replaced, 0 merged (exact duplicates), 1 near-duplicates"* ]]
        [ "$(doc_count "$DB")" -eq 2 ]
        # The stored record's id is the unique term without its Q.
        for docid in 1 2; do
            q=$(xapian-delve -r "$docid" "$DB" | grep -o ' Qh[0-9a-f]\{16\}' | cut -c3-)
            [ ${#q} -eq 17 ]
            run xapian-delve -r "$docid" -d "$DB"
            [[ "$output" == *"\"id\":\"$q\""* ]]
        done
        run "$INDEX" --db "$DB" --jobs "$jobs" "$FIX/no-id.jsonl"
        [[ "$output" == *"0 added, 2 replaced"* ]]
        [ "$(doc_count "$DB")" -eq 2 ]
    done
}

@test "an index of an older schema is told to re-index" {
    run "$INDEX" --db "$DB" --quiet "$FIX/dividends.jsonl"
    [ "$status" -eq 0 ]
    run xapian-metadata set "$DB" dossier:schema dossier-schema-4
    [ "$status" -eq 0 ]
    run "$INDEX" --db "$DB" --quiet "$FIX/repost.jsonl"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"warning: the index was built with schema dossier-schema-4, this is dossier-schema-7"* ]]
    [[ "$output" == *"re-index"* ]]
}

@test "a record rewritten into a copy of another replaces its old text instead of being skipped" {
    printf '%s\n' \
        '{"id":"memo-1","title":"Ferry timetable changes","body":"The winter ferry leaves an hour later from Monday.","source":"Harbour Desk","published":"2023-01-09"}' \
        '{"id":"memo-2","title":"Bridge closed for repairs","body":"The old bridge shuts for two weeks of repairs.","source":"Harbour Desk","published":"2023-01-09"}' \
        > "$BATS_TEST_TMPDIR/first.jsonl"
    # memo-2 is corrected into a copy of memo-1.
    printf '%s\n' \
        '{"id":"memo-1","title":"Ferry timetable changes","body":"The winter ferry leaves an hour later from Monday.","source":"Harbour Desk","published":"2023-01-09"}' \
        '{"id":"memo-2","title":"Ferry timetable changes","body":"The winter ferry leaves an hour later from Monday.","source":"Harbour Desk","published":"2023-01-09"}' \
        > "$BATS_TEST_TMPDIR/second.jsonl"
    "$INDEX" --quiet --jobs 1 --db "$DB" "$BATS_TEST_TMPDIR/first.jsonl"
    run "$INDEX" --quiet --db "$DB" "$BATS_TEST_TMPDIR/second.jsonl"
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 added, 2 replaced, 0 merged"* ]]
    run "$BUILD/bin/dossier-search" --db "$DB" --json --show memo-2
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.title == "Ferry timetable changes"'
}
