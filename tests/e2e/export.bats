#!/usr/bin/env bats
# The archive desk's scripting: --count, --ids, --format csv and jsonl
# stream every match, not a page of hits; sort names shared with the page.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    "$BUILD/bin/dossier-index" --quiet feeds/sample/articles.jsonl \
        feeds/sample/*.rss feeds/sample/*.atom feeds/sample/html/*.html \
        feeds/sample/text/*.txt
    # An archive of 10,500 short notes of our own: more than a page of
    # 1,000 hits and more than the 10,000 a search counts exactly.  Every
    # one says "harbour"; every third also "pilot"; the day of each is its
    # number's, so that the order by date is known.
    python3 - "$BATS_FILE_TMPDIR/many.jsonl" <<'EOF'
import datetime, json, sys
start = datetime.datetime(1990, 1, 1)
with open(sys.argv[1], "w") as f:
    for i in range(10500):
        day = start + datetime.timedelta(days=i)
        words = "harbour pilot" if i % 3 == 0 else "harbour tug"
        f.write(json.dumps({
            "id": "note-%05d" % i,
            "url": "https://notes.example.org/%d" % i,
            "title": "Note %d on the %s" % (i, words),
            "body": "The %s logged note number %d." % (words, i),
            "source": "Harbour Log",
            "published": day.strftime("%Y-%m-%dT12:00:00Z"),
        }) + "\n")
    # One record whose fields hold what CSV must quote.
    f.write(json.dumps({
        "id": "note-quoted",
        "url": "https://notes.example.org/quoted?a=1,b=2",
        "title": 'The "harbour" pilot, the tug, and a comma',
        "body": "First line of the harbour note.\n\nSecond, \"quoted\" line.",
        "source": "Harbour Log, Evening Edition",
        "published": "1989-06-01T08:00:00Z",
    }) + "\n")
EOF
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_FILE_TMPDIR/many" \
        "$BATS_FILE_TMPDIR/many.jsonl"
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    MANY="$BATS_FILE_TMPDIR/many"
}

@test "--count is exact past 10,000 matches; --ids lists every match, each once" {
    run "$SEARCH" --db "$MANY" --count harbour
    [ "$status" -eq 0 ]
    [ "$output" = "10501" ]
    run "$SEARCH" --db "$MANY" --count pilot
    [ "$output" = "3501" ]
    n=$("$SEARCH" --db "$MANY" --ids pilot | wc -l)
    [ "$n" -eq 3501 ]
    # Every id once.
    u=$("$SEARCH" --db "$MANY" --ids pilot | sort -u | wc -l)
    [ "$u" -eq 3501 ]
    "$SEARCH" --db "$MANY" --ids pilot | grep -qx note-quoted
    "$SEARCH" --db "$MANY" --ids pilot | grep -qx note-10497
}

@test "--count and --ids agree on the sample, and with the search's own exact total" {
    for q in 'entity:pla' 'russia' 'source:reuters' 'date:2022' 'entity:gru OR entity:svr'; do
        c=$("$SEARCH" --count "$q")
        i=$("$SEARCH" --ids "$q" | wc -l)
        t=$("$SEARCH" --json --no-collapse "$q" | jq '.total')
        [ "$c" -eq "$i" ]
        [ "$c" -eq "$t" ]
        [ "$c" -gt 0 ]
    done
}

@test "no match: --count prints 0 and exits 1; --ids prints nothing" {
    run --separate-stderr "$SEARCH" --count zzzznotaword
    [ "$status" -eq 1 ]
    [ "$output" = "0" ]
    run --separate-stderr "$SEARCH" --ids zzzznotaword
    [ "$status" -eq 1 ]
    [ "$output" = "" ]
}

@test "a refused query says so and prints no count" {
    run --separate-stderr "$SEARCH" --count 'russia date:2009..2006'
    [ "$status" -eq 2 ]
    [ "$output" = "" ]
    [[ "$stderr" == *"refused"* ]]
}

@test "CSV is RFC 4180 and Python's csv module reads every row back" {
    "$SEARCH" --db "$MANY" --format csv --with-text pilot > "$BATS_TEST_TMPDIR/out.csv"
    # CRLF ends each record.
    head -1 "$BATS_TEST_TMPDIR/out.csv" | od -c | grep -q '\\r  \\n'
    python3 - "$BATS_TEST_TMPDIR/out.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
assert rows[0] == ["id", "url", "title", "source", "published", "language",
                   "entities", "score", "text"], rows[0]
body = rows[1:]
assert len(body) == 3501, len(body)
assert all(len(r) == 9 for r in body)
q = [r for r in body if r[0] == "note-quoted"]
assert len(q) == 1, q
r = q[0]
assert r[1] == "https://notes.example.org/quoted?a=1,b=2", r[1]
assert r[2] == 'The "harbour" pilot, the tug, and a comma', r[2]
assert r[3] == "Harbour Log, Evening Edition", r[3]
assert r[4] == "1989-06-01T08:00:00Z", r[4]
assert r[8] == "First line of the harbour note.\n\nSecond, \"quoted\" line.", repr(r[8])
assert float(r[7]) > 0
EOF
}

@test "CSV without --with-text has no text column; entities are ids" {
    run "$SEARCH" --format csv 'entity:pla'
    [ "$status" -eq 0 ]
    python3 - <<EOF
import csv, io
rows = list(csv.DictReader(io.StringIO('''$output''')))
assert rows and "text" not in rows[0], rows[0].keys()
assert all("pla" in r["entities"].split(";") for r in rows), [r["entities"] for r in rows]
EOF
}

@test "JSON Lines: one object a match, the same ids as --ids, in the same order" {
    "$SEARCH" --db "$MANY" --format jsonl --sort oldest pilot > "$BATS_TEST_TMPDIR/out.jsonl"
    n=$(wc -l < "$BATS_TEST_TMPDIR/out.jsonl")
    [ "$n" -eq 3501 ]
    a=$(jq -r '.id' "$BATS_TEST_TMPDIR/out.jsonl" | md5sum)
    b=$("$SEARCH" --db "$MANY" --ids --sort oldest pilot | md5sum)
    [ "$a" = "$b" ]
    first=$(head -1 "$BATS_TEST_TMPDIR/out.jsonl" | jq -r '.id')
    [ "$first" = "note-quoted" ]
    second=$(sed -n 2p "$BATS_TEST_TMPDIR/out.jsonl" | jq -r '.id')
    [ "$second" = "note-00000" ]
    head -1 "$BATS_TEST_TMPDIR/out.jsonl" | jq -e 'has("text") | not'
    head -1 "$BATS_TEST_TMPDIR/out.jsonl" | jq -e '.source == "Harbour Log, Evening Edition" and .published == "1989-06-01T08:00:00Z" and (.entities | type) == "array"'
    # Newest first is the reverse.
    last=$("$SEARCH" --db "$MANY" --ids --sort newest pilot | head -1)
    [ "$last" = "note-10497" ]
}

@test "sort names: relevance, newest, oldest; the old date and date-asc still read" {
    a=$("$SEARCH" --ids --sort newest russia)
    b=$("$SEARCH" --ids --sort date russia)
    [ "$a" = "$b" ]
    c=$("$SEARCH" --ids --sort oldest russia)
    d=$("$SEARCH" --ids --sort date-asc russia)
    [ "$c" = "$d" ]
    [ "$a" != "$c" ]
    run --separate-stderr "$SEARCH" --sort sideways russia
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"relevance, newest or oldest"* ]]
}

@test "--with-text wants csv or jsonl; export options take no --show" {
    run --separate-stderr "$SEARCH" --with-text russia
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"--with-text goes with --format csv or jsonl"* ]]
    run --separate-stderr "$SEARCH" --count --show x
    [ "$status" -eq 2 ]
    run --separate-stderr "$SEARCH" --format xml russia
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"text, json, csv or jsonl"* ]]
}

@test "a full disk is an error, never a short export that looks whole" {
    [ -w /dev/full ] || skip "no /dev/full here"
    run --separate-stderr bash -c "'$SEARCH' --db '$MANY' --format csv harbour > /dev/full"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"cannot write"* ]]
}

@test "the page offers CSV and JSON downloads of its query, the first 10,000, and says when it cuts" {
    CGI="$BUILD/bin/dossier.cgi"
    run env REQUEST_METHOD=GET DOSSIER_DB="$DOSSIER_DB" QUERY_STRING='q=russia&sort=oldest' "$CGI"
    [[ "$output" == *'Download these articles as <a href="?q=russia&amp;sort=oldest&amp;format=csv">CSV</a> or <a href="?q=russia&amp;sort=oldest&amp;format=jsonl">JSON</a>'* ]]
    env REQUEST_METHOD=GET DOSSIER_DB="$DOSSIER_DB" QUERY_STRING='q=russia&sort=oldest&format=csv' "$CGI" \
        > "$BATS_TEST_TMPDIR/page.csv"
    grep -q $'^Content-Type: text/csv; charset=utf-8\r$' "$BATS_TEST_TMPDIR/page.csv"
    grep -q $'^Content-Disposition: attachment; filename="dossier.csv"\r$' "$BATS_TEST_TMPDIR/page.csv"
    sed '1,/^\r$/d' "$BATS_TEST_TMPDIR/page.csv" > "$BATS_TEST_TMPDIR/body.csv"
    "$SEARCH" --format csv --sort oldest russia > "$BATS_TEST_TMPDIR/cli.csv"
    cmp "$BATS_TEST_TMPDIR/body.csv" "$BATS_TEST_TMPDIR/cli.csv"
    # Past 10,000 matches: the first 10,000, and both the page and the
    # response say how many there are.
    run env REQUEST_METHOD=GET DOSSIER_DB="$MANY" QUERY_STRING='q=harbour' "$CGI"
    [[ "$output" == *"Download the first 10,000 of 10,501 articles"* ]]
    env REQUEST_METHOD=GET DOSSIER_DB="$MANY" QUERY_STRING='q=harbour&format=jsonl' "$CGI" \
        > "$BATS_TEST_TMPDIR/many.jsonl"
    grep -q $'^X-Dossier-Total: 10501\r$' "$BATS_TEST_TMPDIR/many.jsonl"
    grep -q $'^X-Dossier-Rows: 10000\r$' "$BATS_TEST_TMPDIR/many.jsonl"
    n=$(sed '1,/^\r$/d' "$BATS_TEST_TMPDIR/many.jsonl" | jq -c '.id' | wc -l)
    [ "$n" -eq 10000 ]
    # A query with an error is refused in JSON.
    run env REQUEST_METHOD=GET DOSSIER_DB="$DOSSIER_DB" QUERY_STRING='q=date%3A2009..2006&format=csv' "$CGI"
    [[ "$output" == "Status: 400 Bad Request"* ]]
}
