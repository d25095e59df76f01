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
