#!/usr/bin/env bats
# Entities that look alike are entities of their own (issue 15): China's
# People's Liberation Army, Sudan's SPLA, Manipur's militia, and a wire
# ticker <PLA> that is Playboy's listing, not an army.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_TEST_TMPDIR/index"
    export DOSSIER_ENTITIES=feeds/entities.tsv
    run "$INDEX" --quiet --db "$DB" tests/fixtures/index/lookalikes.jsonl
    [ "$status" -eq 0 ]
}

ids_for() {
    "$SEARCH" --db "$DB" --json --limit 20 --sort date-asc "$1" | jq -r '.hits[].id' | tr '\n' ' '
}

@test "entity:PLA is China's army only: not the SPLA, not Manipur's militia, not a ticker" {
    [ "$(ids_for entity:PLA)" = "look-1 " ]
}

@test "the look-alikes are found under their own names" {
    [ "$(ids_for entity:SPLA)" = "look-2 " ]
    [ "$(ids_for "entity:\"People's Liberation Army of Manipur\"")" = "look-3 " ]
}

@test "the first mention of the PLA is China's, not a 1987 ticker" {
    run "$SEARCH" --db "$DB" --json --limit 1 --sort date-asc entity:PLA
    [ "$status" -eq 0 ]
    [ "$(jq -r '.hits[0].id' <<< "$output")" = "look-1" ]
    [ "$(jq -r '.total' <<< "$output")" = "1" ]
}
