#!/usr/bin/env bats
# make conformance's runner (bench/conformance.py) on a small corpus of our
# own in feedparser's layout: it reads each file's expectation, indexes the
# file alone, holds what was stored to it, serves HTTP cases with their
# headers, and keeps the previous run's figures.  The real corpus is
# measured by `make conformance`, not here.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    C="$BATS_TEST_TMPDIR/corpus"
    mkdir -p "$C/wellformed/rss" "$C/wellformed/http" "$C/illformed"
    cat > "$C/wellformed/rss/title.xml" <<'XML'
<!--
Description: an item title
Expect:      not bozo and entries[0]['title'] == 'Harbour reopens'
-->
<rss version="2.0"><channel><title>Desk</title>
<item><title>Harbour reopens</title><guid>https://desk.example/1</guid></item>
</channel></rss>
XML
    cat > "$C/wellformed/rss/wrong.xml" <<'XML'
<!--
Description: an expectation Dossier does not meet
Expect:      not bozo and entries[0]['title'] == 'Another title'
-->
<rss version="2.0"><channel><title>Desk</title>
<item><title>Harbour closes</title></item>
</channel></rss>
XML
    cat > "$C/wellformed/http/location.xml" <<'XML'
<!--
Header:      Content-Location: http://desk.example/feeds/
Description: a relative link resolved against Content-Location
Expect:      not bozo and entries[0]['link'] == 'http://desk.example/feeds/story'
-->
<rss version="2.0"><channel><title>Desk</title>
<item><title>Story</title><link>story</link></item>
</channel></rss>
XML
    cat > "$C/illformed/amp.xml" <<'XML'
<!--
Description: a stray ampersand
Expect:      bozo and entries[0]['title'] == 'Smith & Sons'
-->
<rss version="2.0"><channel><title>Desk</title>
<item><title>Smith & Sons</title></item>
</channel></rss>
XML
}

run_runner() {
    run env DOSSIER_FEEDPARSER_CORPUS="$C" DOSSIER_BIN="$PWD/$BUILD/bin" \
        DOSSIER_CONFORMANCE_OUT="$BATS_TEST_TMPDIR/out" python3 bench/conformance.py
    echo "$output"
}

@test "conformance: skips with a message when the corpus is absent" {
    run env DOSSIER_FEEDPARSER_CORPUS="$BATS_TEST_TMPDIR/none" python3 bench/conformance.py
    [ "$status" -eq 0 ]
    [[ "$output" == *"conformance: skipped: no feedparser corpus at $BATS_TEST_TMPDIR/none"* ]]
}

@test "conformance: each expectation held to what was stored, over HTTP where the file asks" {
    run_runner
    [ "$status" -eq 0 ]
    [[ "$output" =~ title\ +2/3\ +66\.7% ]]
    [[ "$output" =~ link\ +1/1\ +100\.0% ]]
    [[ "$output" =~ bozo\ +4/4\ +100\.0% ]]
    [[ "$output" == *"crashes: 0"* ]]
    grep -q $'wellformed/rss/wrong.xml\ttitle\t' "$BATS_TEST_TMPDIR/out/details.tsv"
    [ "$(awk -F'\t' '$1 == "wellformed/rss/wrong.xml" && $2 == "title" {print $5}' "$BATS_TEST_TMPDIR/out/details.tsv")" = "no" ]
}

@test "conformance: a second run shows the first one's figures beside its own" {
    run_runner
    [ "$status" -eq 0 ]
    run_runner
    [ "$status" -eq 0 ]
    [[ "$output" =~ title\ +2/3\ +66\.7%\ +2/3\ +66\.7%\ +\+0\.0 ]]
}
