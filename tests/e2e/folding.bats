#!/usr/bin/env bats
# Letters Unicode does not decompose (ł ø đ ı æ œ ß þ ...) fold alike in
# the index, in queries and in snippets: "Walesa" finds "Wałęsa".

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_TEST_TMPDIR/index"
    run "$INDEX" --quiet --no-entities --db "$DB" tests/fixtures/index/folding.jsonl
    [ "$status" -eq 0 ]
}

ids_for() {
    "$SEARCH" --db "$DB" --no-entities --json --limit 20 "$1" | jq -r '.hits[].id' | sort | tr '\n' ' '
}

@test "Walesa and Wałęsa find the same articles" {
    [ "$(ids_for Walesa)" = "fold-1 fold-2 " ]
    [ "$(ids_for Wałęsa)" = "fold-1 fold-2 " ]
    [ "$(ids_for '"lech wałęsa"')" = "fold-1 fold-2 " ]
}

@test "ø and ß fold too, both ways" {
    [ "$(ids_for Oresund)" = "fold-3 fold-5 " ]
    [ "$(ids_for Øresund)" = "fold-3 fold-5 " ]
    [ "$(ids_for strasse)" = "fold-4 " ]
    [ "$(ids_for Straße)" = "fold-4 " ]
}

@test "a folded query marks the word as written in the snippet" {
    run "$SEARCH" --db "$DB" --no-entities --json Walesa
    [ "$status" -eq 0 ]
    [ "$(jq -r '.hits[] | select(.id == "fold-1") | .title_segments[] | select(.type == "match") | .text' <<< "$output")" = "Wałęsa" ]
}
