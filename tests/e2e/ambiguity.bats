#!/usr/bin/env bats
# Ambiguous names need support in their article (issue 15): "Wagner"
# tags the Wagner Group only where the article also names the group, or
# its context (mercenaries, Mali, Bakhmut, Prigozhin), within its years;
# Richard Wagner is an entity of his own; a judge or a 1987 oil man
# named Wagner is nobody we carry.  Fixtures: tests/fixtures/index/
# ambiguity.jsonl, our own words.

load entity_fixture

setup() {
    index_entity_fixture ambiguity.jsonl
}

# dossier-index --analyze of the text $1, into $status and $output.
analyze() {
    run "$INDEX" --analyze <<< "$1"
}

@test "entity:Wagner Group finds the group's articles, not the composer's, a judge's or a 1987 firm's" {
    [ "$(ids_for 'entity:"Wagner Group"')" = "amb-both amb-mali " ]
    [ "$(ids_for entity:wagner-group)" = "amb-both amb-mali " ]
}

@test "Richard Wagner is an entity of his own, in his article and in the one naming both" {
    [ "$(ids_for 'entity:"Richard Wagner"')" = "amb-both amb-opera " ]
}

@test "a bare Wagner in a title is decided by the article's body" {
    run "$SEARCH" --db "$DB" --json --show amb-mali
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '[.title_segments[] | select(.entity? == "wagner-group")] | length == 1'
}

@test "in one article naming both, each bare Wagner goes to the reading around it" {
    run "$SEARCH" --db "$DB" --color=never --show amb-both
    [ "$status" -eq 0 ]
    [[ "$output" == *"Wagner Group (military, wagner-group)"* ]]
    [[ "$output" == *"Richard Wagner (person, richard-wagner)"* ]]
    run "$SEARCH" --db "$DB" --json --show amb-both
    # "Wagner would have been appalled" is the composer; "Wagner lost most
    # of them there", after Bakhmut, is the group.
    echo "$output" | jq -e '[.body_segments[] | select(.text == "Wagner") | .entity] == ["richard-wagner", "wagner-group"]'
}

@test "--analyze: Wagner alone is no entity; with mercenaries it is the group" {
    analyze "Wagner took the town."
    [ "$status" -eq 0 ]
    [[ "$output" == *"entities: 0"* ]]
    analyze "Wagner, with its mercenaries, took the town."
    [ "$status" -eq 0 ]
    [[ "$output" == *"wagner-group"* ]]
}

@test "--analyze: a bare Treasury or Senate is the body of the country the article names, else none" {
    analyze "The Treasury agreed."
    [ "$status" -eq 0 ]
    [[ "$output" == *"entities: 0"* ]]
    analyze "The Treasury said sterling rose in London."
    [ "$status" -eq 0 ]
    [[ "$output" == *"hm-treasury"* ]]
    [[ "$output" != *"us-treasury"* ]]
    analyze "The Senate voted on the bill, U.S. officials said. The Treasury agreed."
    [ "$status" -eq 0 ]
    [[ "$output" == *"us-senate"* ]]
    [[ "$output" == *"us-treasury"* ]]
    [[ "$output" != *"hm-treasury"* ]]
}

@test "--analyze: the Community and the Commission after the European Community are the EC's; alone they are nothing" {
    analyze "The Community agreed, and the Commission said so."
    [ "$status" -eq 0 ]
    [[ "$output" == *"entities: 0"* ]]
    analyze "The European Community met in Brussels. The Community agreed, and the Commission said so."
    [ "$status" -eq 0 ]
    [[ "$output" == *'eec (organisation) "Community"'* ]]
    [[ "$output" == *'european-commission (government) "Commission"'* ]]
}

@test "outside its active years an ambiguous name tags nothing" {
    run "$SEARCH" --db "$DB" --color=never --show amb-1987
    [ "$status" -eq 0 ]
    [[ "$output" != *"wagner-group"* ]]
}

@test "a lower-case stop word naming an entity (who) is not widened to it; WHO in capitals is" {
    run "$SEARCH" --db "$DB" --json who
    [ "$status" -eq 1 ]
    [[ "$(jq -r .xapian_query <<< "$output")" != *"OR XEwho"* ]]
    run "$SEARCH" --db "$DB" --json WHO
    [ "$status" -eq 1 ]
    [[ "$(jq -r .xapian_query <<< "$output")" == *"OR XEwho"* ]]
}

@test "entity: with a name entities share matches any of them and says so; a full name is one entity" {
    out=$("$SEARCH" --db "$DB" --json --limit 20 entity:Wagner 2>/dev/null)
    [ "$(jq -r '[.hits[].id] | sort | join(" ")' <<< "$out")" = "amb-both amb-mali amb-opera" ]
    [[ "$(jq -r '.warnings[0].message' <<< "$out")" == *"names 2 entities, any of them: entity:wagner-group, entity:richard-wagner"* ]]
    out=$("$SEARCH" --db "$DB" --json 'entity:"Wagner Group"' 2>/dev/null)
    [ "$(jq -r '.warnings | length' <<< "$out")" = "0" ]
    [ "$(jq -r '.total' <<< "$out")" = "2" ]
}
