#!/usr/bin/env bats
# The byline (schema 6): read from JSON Lines ("author", "authors",
# "byline") and HTML pages (<meta name="author">), stored, searched with
# author:, and shown by dossier-search (text, JSON, --show) and by the CGI
# page, escaped.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    "$BUILD/bin/dossier-index" --quiet tests/fixtures/index/bylines.jsonl \
        tests/fixtures/html/author-meta.html
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    CGI="$BUILD/bin/dossier.cgi"
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
}

ids() { # the hit ids of a JSON search, sorted, space-separated
    "$SEARCH" --json --limit 100 "$@" 2>/dev/null | jq -r '[.hits[].id] | sort | join(" ")'
}

@test "author: finds the articles a name signs, and not the others" {
    [ "$(ids author:wren)" = "byline-2 byline-5" ]
    [ "$(ids author:quillfeather)" = "byline-1 byline-2 byline-5" ]
    [ "$(ids author:QUILLFEATHER)" = "byline-1 byline-2 byline-5" ]
    [ "$(ids 'author:"Marta Quillfeather"')" = "byline-1 byline-2" ]
    [ "$(ids author:desk)" = "byline-3" ]
    [ "$(ids author:doe)" = "byline-5" ]
    [ "$(ids 'harbour author:wren')" = "byline-5" ]
    [ "$(ids 'harbour -author:quillfeather date:2022-03')" = "byline-3" ]
    # The byline is no part of the words a plain query searches.
    run "$SEARCH" quillfeather
    [ "$status" -eq 1 ]
}

@test "a phrase stays within one name of a byline" {
    [ "$(ids 'author:"tobias wren"')" = "byline-2 byline-5" ]
    run "$SEARCH" 'author:"wren marta"'
    [ "$status" -eq 1 ]
}

@test "--json hits carry author, null when the article has none" {
    json=$("$SEARCH" --json --limit 100 'date:2022-03')
    echo "$json" | jq -e '.hits | length == 5'
    echo "$json" | jq -e '.hits[] | select(.id == "byline-1") | .author == "Marta Quillfeather"'
    echo "$json" | jq -e '.hits[] | select(.id == "byline-2") | .author == "Tobias Wren, Marta Quillfeather"'
    echo "$json" | jq -e '.hits[] | select(.id == "byline-5") | .author == "Jane Quillfeather-Doe, Tobias Wren"'
    echo "$json" | jq -e '.hits[] | select(.id == "byline-4") | has("author")'
    echo "$json" | jq -e '.hits[] | select(.id == "byline-4") | .author == null'
}

@test "the text listing shows the byline after the source" {
    run "$SEARCH" --color=never author:desk
    [ "$status" -eq 0 ]
    [[ "$output" == *"Dossier Test Coast, by Quill & Feather <desk>, 2022-03-09"* ]]
    run "$SEARCH" --color=never 'causeway'
    [[ "$output" == *"Dossier Test Coast, 2022-03-10"* ]]
    [[ "$output" != *", by "* ]]
}

@test "--show prints the byline, as text and as JSON" {
    run "$SEARCH" --color=never --show byline-2
    [ "$status" -eq 0 ]
    [[ "$output" == *"Dossier Test Coast, by Tobias Wren, Marta Quillfeather, 2022-03-08"* ]]
    run "$SEARCH" --json --show byline-2
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.author == "Tobias Wren, Marta Quillfeather"'
    run "$SEARCH" --json --show byline-4
    echo "$output" | jq -e '.author == null'
}

@test "the CGI page shows the byline, escaped" {
    run env REQUEST_METHOD=GET QUERY_STRING='q=author%3Adesk' "$CGI"
    [ "$status" -eq 0 ]
    [[ "$output" == "Status: 200 OK"* ]]
    [[ "$output" == *'Dossier Test Coast · by <span class="author">Quill &amp; Feather &lt;desk&gt;</span> · <time datetime="2022-03-09">'* ]]
    [[ "$output" != *"<desk>"* ]]
    [[ "$output" == *"author:"*"</footer>"* ]]
    run env REQUEST_METHOD=GET QUERY_STRING='q=author%3Adesk&format=json' "$CGI"
    [[ "$output" == *'"author": "Quill & Feather <desk>"'* ]]
}

@test "an HTML page's <meta name=author> is its stored byline" {
    json=$("$SEARCH" --json author:marchbank)
    echo "$json" | jq -e '.hits | length == 1'
    echo "$json" | jq -e '.hits[0].title == "Tide tables reprinted after a misprint"'
    echo "$json" | jq -e '.hits[0].author == "Ida Marchbank & Co <tides>"'
    id=$(echo "$json" | jq -r '.hits[0].id')
    run "$SEARCH" --json --show "$id"
    echo "$output" | jq -e '.author == "Ida Marchbank & Co <tides>"'
}

@test "author: is in the help, and an index without author terms says to re-index" {
    run "$SEARCH" --help
    [[ "$output" == *"author:"* ]]
    old="$BATS_TEST_TMPDIR/old"
    cp -r "$DOSSIER_DB" "$old"
    xapian-metadata set "$old" dossier:schema dossier-schema-5
    run --separate-stderr "$SEARCH" --db "$old" --json author:wren
    [[ "$stderr" == *"built with schema dossier-schema-5, this is dossier-schema-7"* ]]
    echo "$output" | jq -e '.index_warning | test("re-index")'
}
