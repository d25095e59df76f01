#!/usr/bin/env bats
# Queries built to cost a lot: the built query stays linear in the query's
# size, and every wildcard shares one budget.  Checked on what the query
# becomes (its Xapian description in --json), not on time, with a timeout
# only as a guard against a hang: these took 22 s to hours before.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_FILE_TMPDIR/demo" \
        feeds/sample/articles.jsonl
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_FILE_TMPDIR/demo"
}

# The length of the Xapian query that QUERY becomes.
built_length() {
    timeout 60 "$SEARCH" --db "$DB" --json --limit 1 "$1" | jq -r '.xapian_query | length'
}

@test "stray closing parentheses do not double the query: it grows linearly" {
    q10=$(for i in $(seq 0 9); do printf 'w%d) ' "$i"; done)
    q40=$(for i in $(seq 0 39); do printf 'w%d) ' "$i"; done)
    len10=$(built_length "$q10")
    len40=$(built_length "$q40")
    [ "$len10" -gt 0 ]
    # Four times the words: at most about four times the query (it was
    # 2^30 times, and never finished).
    [ "$len40" -le $((len10 * 6)) ]
    run timeout 60 "$SEARCH" --db "$DB" --limit 1 "$q40"
    [ "$status" -eq 1 ]
    [[ "$output" == *"unbalanced parenthesis"* ]]
}

@test "nested groups do not double the query with each level" {
    nest() { # nest N: N levels of "(... ) cK"
        for i in $(seq 1 "$1"); do printf '('; done
        printf 'cyber attack'
        for i in $(seq 1 "$1"); do printf ') c%d' "$i"; done
    }
    len5=$(built_length "$(nest 5)")
    len30=$(built_length "$(nest 30)")
    [ "$len5" -gt 0 ]
    [ "$len30" -le $((len5 * 12)) ]
}

@test "wildcards share one budget, and those past fifty are ignored with a warning" {
    q=$(for i in $(seq 1 300); do printf 'c* '; done)
    run --separate-stderr timeout 60 "$SEARCH" --db "$DB" --limit 1 "$q"
    [[ "$stderr$output" == *"more than 50 wildcards"* ]]
    len=$(built_length "$q")
    len50=$(built_length "$(for i in $(seq 1 50); do printf 'c* '; done)")
    [ "$len" -le $((len50 + 200)) ]
}

# ---- the deadline: one time limit bounds the whole search

# An index where the phrase "alpha beta" costs more than a search can do
# in a few milliseconds (2,000 articles, 60 of each word): a search of it
# arms Xapian's time limit.
costly_index() {
    local db="$BATS_FILE_TMPDIR/costly"
    if [ ! -d "$db" ]; then
        local words
        words=$(for i in $(seq 1 60); do printf 'alpha beta '; done)
        for i in $(seq 1 2000); do
            printf '{"id":"c%d","title":"Report %d","body":"%s gamma%d.","source":"Desk","published":"2024-01-02"}\n' \
                "$i" "$i" "$words" "$i"
        done > "$BATS_FILE_TMPDIR/costly.jsonl"
        "$BUILD/bin/dossier-index" --quiet --db "$db" "$BATS_FILE_TMPDIR/costly.jsonl"
    fi
    echo "$db"
}

@test "without a time limit cut, a search is complete and says so" {
    run --separate-stderr "$SEARCH" --db "$DB" --json china cyber attack
    [ "$status" -eq 0 ]
    [ "$(jq -r .complete <<<"$output")" = true ]
    [ "$(jq -r .deadline_warning <<<"$output")" = null ]
    [[ "$stderr" != *"time limit"* ]]
}

@test "past the time limit, a search shows what was ready and says what is not" {
    run --separate-stderr "$SEARCH" --db "$DB" --time-limit 0.000001 --limit 3 china cyber attack
    [ "$status" -eq 0 ]
    [[ "$output" == *"1. "* ]]
    [[ "$stderr" == *"held to its time limit"* ]]
    [[ "$stderr" == *"3 hits without snippets"* ]]
    [[ "$stderr" == *"without relevance feedback"* ]]
    run --separate-stderr "$SEARCH" --db "$DB" --time-limit 0.000001 --json china
    [ "$status" -eq 0 ]
    [ "$(jq -r .complete <<<"$output")" = false ]
    [[ "$(jq -r .deadline_warning <<<"$output")" == *"without snippets"* ]]
    # The titles are still there, plain: the segments cover the title.
    [ "$(jq -r '.hits[0].title_segments | map(.text) | join("")' <<<"$output")" = "$(jq -r '.hits[0].title' <<<"$output")" ]
    # A cheap count finishes whatever the limit: its number stays exact.
    [ "$(jq -r .total_exact <<<"$output")" = true ]
    [ "$(jq -r .total <<<"$output")" = "$("$SEARCH" --db "$DB" --json china | jq -r .total)" ]
}

@test "a costly search cut by its time limit gives lower bounds, never a wrong exact count" {
    db=$(costly_index)
    run "$SEARCH" --db "$db" --json '"alpha beta"'
    [ "$status" -eq 0 ]
    [ "$(jq -r .complete <<<"$output")" = true ]
    [ "$(jq -r .total <<<"$output")" = 2000 ]
    [ "$(jq -r .total_exact <<<"$output")" = true ]
    run --separate-stderr "$SEARCH" --db "$db" --json --time-limit 0.000001 '"alpha beta"'
    [ "$status" -le 1 ]
    [ "$(jq -r .complete <<<"$output")" = false ]
    [[ "$(jq -r .deadline_warning <<<"$output")" == *"best found in time"* ]]
    [[ "$(jq -r .deadline_warning <<<"$output")" == *"lower bounds"* ]]
    [ "$(jq -r .total_exact <<<"$output")" = false ]
    [ "$(jq -r .total <<<"$output")" -le 2000 ]
}

@test "--time-limit takes seconds from 0 to 3600, nothing else" {
    run "$SEARCH" --db "$DB" --time-limit 0 china
    [ "$status" -eq 0 ]
    run "$SEARCH" --db "$DB" --time-limit 1e3 china
    [ "$status" -eq 2 ]
    [[ "$output" == *"--time-limit wants seconds"* ]]
    run "$SEARCH" --db "$DB" --time-limit -1 china
    [ "$status" -eq 2 ]
    run "$SEARCH" --db "$DB" --time-limit 3601 china
    [ "$status" -eq 2 ]
}

@test "the page's time limit comes from the server's configuration, never the request" {
    CGI="$BUILD/bin/dossier.cgi"
    run env REQUEST_METHOD=GET QUERY_STRING='q=china&format=json' DOSSIER_DB="$DB" DOSSIER_TIME_LIMIT=0.000001 "$CGI"
    [ "$status" -eq 0 ]
    [[ "$output" == *'"complete": false'* ]]
    [[ "$output" == *"without snippets"* ]]
    run env REQUEST_METHOD=GET QUERY_STRING='q=china' DOSSIER_DB="$DB" DOSSIER_TIME_LIMIT=0.000001 "$CGI"
    [[ "$output" == *"Partial results: the search was held to its time limit"* ]]
    # A request cannot set it: the header becomes HTTP_*, a parameter is
    # not one of the page's.
    run env REQUEST_METHOD=GET QUERY_STRING='q=china&format=json&time_limit=0.000001' HTTP_DOSSIER_TIME_LIMIT=0.000001 DOSSIER_DB="$DB" "$CGI"
    [[ "$output" != *'"complete": false'* ]]
    # A bad setting is logged and the default used.
    run --separate-stderr env REQUEST_METHOD=GET QUERY_STRING='q=china&format=json' DOSSIER_DB="$DB" DOSSIER_TIME_LIMIT=soon "$CGI"
    [[ "$stderr" == *"DOSSIER_TIME_LIMIT wants seconds"* ]]
    [[ "$output" == *'"complete": true'* ]]
}

@test "a query too costly for its time limit is made cheaper before it runs, and says how" {
    # Xapian cannot stop a ranked match once it runs: the boosts go, then
    # wildcard words, until its list entries fit the limit.
    run --separate-stderr "$SEARCH" --db "$DB" --json --time-limit 0.000001 'chin* cyber*'
    [ "$status" -eq 0 ]
    [ "$(jq '.hits | length' <<<"$output")" -gt 0 ]
    warning=$(jq -r .deadline_warning <<<"$output")
    [[ "$warning" == *"ranked without the all-words, proximity and entity boosts"* ]]
    [[ "$warning" =~ wildcards\ expanded\ to\ [0-9]+\ words?\ in\ all ]]
    [[ "$warning" == *"without relevance feedback"* ]]
    # With time enough, nothing is cut.
    run --separate-stderr "$SEARCH" --db "$DB" --json 'chin* cyber*'
    [ "$(jq -r .complete <<<"$output")" = true ]
}

@test "a wildcard repeated in a query is looked up once and matches as once" {
    once=$("$SEARCH" --db "$DB" --json '(cyb* OR hack*)' | jq .total)
    many=$("$SEARCH" --db "$DB" --json "$(for i in $(seq 1 12); do printf '(cyb* OR hack*) '; done)" | jq .total)
    [ "$once" -gt 0 ]
    [ "$many" = "$once" ]
}
