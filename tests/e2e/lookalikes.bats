#!/usr/bin/env bats
# Entities that look alike are entities of their own (issue 15): China's
# People's Liberation Army, Sudan's SPLA, Manipur's militia, and a wire
# ticker <PLA> that is Playboy's listing, not an army.

load entity_fixture

setup() {
    index_entity_fixture lookalikes.jsonl
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
