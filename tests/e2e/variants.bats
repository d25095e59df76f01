#!/usr/bin/env bats
# Names keep their spelling, and names widen (issue 15): a Capitalized word
# in mid-sentence, or a word of a gazetteer name, is a proper noun whose
# British spelling does not fold (Tyre the city is no tire, the Labour
# Party no labor), while lower-case queries still find both spellings; and
# a word query naming an entity also finds the articles that call it by
# another of its names (Kiev finds Kyiv).

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_TEST_TMPDIR/index"
    # A gazetteer of our own: Kyiv with its older spelling, and Tyre.
    GAZ="$BATS_TEST_TMPDIR/entities.tsv"
    printf '# test\nkyiv\tplace\tKyiv\tKiev\ntyre\tplace\tTyre\t\n' > "$GAZ"
    run "$INDEX" --quiet --entities "$GAZ" --db "$DB" tests/fixtures/index/variants.jsonl
    [ "$status" -eq 0 ]
}

ids_for() {
    "$SEARCH" --db "$DB" --entities "$GAZ" --json --limit 20 "$@" | jq -r '.hits[].id' | sort | tr '\n' ' '
}

query_of() {
    "$SEARCH" --db "$DB" --entities "$GAZ" --json "$1" | jq -r '.xapian_query'
}

@test "a Capitalized Tyre is the city: it finds the strikes, not the tyre makers" {
    [ "$(ids_for Tyre)" = "var-tyre-city var-tyre-shelled " ]
    [ "$(ids_for '"Tyre"')" = "var-tyre-city var-tyre-shelled " ]
    [ "$(ids_for '"hit Tyre"')" = "var-tyre-city " ]
}

@test "lower-case tyre, tyres and tire find both spellings, weighted as one word" {
    [ "$(ids_for tyres)" = "var-tire-sales var-tyre-city var-tyre-makers var-tyre-shelled " ]
    [ "$(ids_for tyre)" = "var-tire-sales var-tyre-city var-tyre-makers var-tyre-shelled " ]
    [ "$(ids_for tire)" = "var-tire-sales var-tyre-city var-tyre-makers var-tyre-shelled " ]
    [ "$(query_of tyres)" = "Query((tire@1 SYNONYM tyre@1))" ]
    [ "$(query_of '"labour costs"')" = "Query(((labor@1 OR labour@1) PHRASE 2 cost@2))" ]
}

@test "the index keeps a name's spelling in mid-sentence, or in a gazetteer name, and folds the rest" {
    run "$INDEX" --analyze --no-entities <<< "An Israeli strike hit Tyre. Tyre makers fear tyres."
    [ "$status" -eq 0 ]
    [[ "$output" == *"Tyre                 tyre                 tyre                 capitalized,spelling-kept"* ]]
    [[ "$output" == *"Tyre                 tyre                 tire                 capitalized"$'\n'* ]]
    [[ "$output" == *"tyres                tyres                tire"* ]]
    run "$INDEX" --analyze --entities "$GAZ" <<< "Tyre was shelled."
    [ "$status" -eq 0 ]
    [[ "$output" == *"Tyre                 tyre                 tyre                 capitalized,spelling-kept"* ]]
}

@test "the Labour Party is not labour costs; lower-case labour finds both" {
    [ "$(ids_for Labour)" = "var-labour-party " ]
    [ "$(ids_for '"Labour Party"')" = "var-labour-party " ]
    [ "$(ids_for labour)" = "var-labour-costs var-labour-party " ]
    [ "$(ids_for labor)" = "var-labour-costs var-labour-party " ]
    [ "$(ids_for '"labour costs"')" = "var-labour-costs " ]
    [ "$(ids_for '"labour party"')" = "var-labour-party " ]
}

@test "the Centre Party is no city centre" {
    [ "$(ids_for Centre)" = "var-centre-party " ]
    [ "$(ids_for '"Centre Party"')" = "var-centre-party " ]
    [ "$(ids_for centre)" = "var-centre-party var-city-centre " ]
    [ "$(ids_for center)" = "var-centre-party var-city-centre " ]
}

@test "snippets mark the spelling the query matched" {
    run "$SEARCH" --db "$DB" --entities "$GAZ" --json Labour
    [ "$status" -eq 0 ]
    [ "$(jq -r '.total' <<< "$output")" = "1" ]
    [ "$(jq -r '[.hits[0].snippet[] | select(.type == "match") | .text] | join(" ")' <<< "$output")" = "Labour" ]
    run "$SEARCH" --db "$DB" --entities "$GAZ" --json tyres
    [ "$status" -eq 0 ]
    # Tyre is a place of the gazetteer: an entity segment, marked.
    [ "$(jq -r '.hits[] | select(.id == "var-tyre-city") | .snippet[] | select(.match == true) | .text' <<< "$output")" = "Tyre" ]
    [ "$(jq -r '.hits[] | select(.id == "var-tire-sales") | .snippet[] | select(.type == "match") | .text' <<< "$output")" = "tire" ]
    # A phrase of lower-case words marks whichever spelling it matched.
    run "$SEARCH" --db "$DB" --entities "$GAZ" --json '"labour party"'
    [ "$status" -eq 0 ]
    [ "$(jq -r '[.hits[0].snippet[] | select(.type == "match") | .text] | join(" ")' <<< "$output")" = "Labour Party" ]
}

@test "Kiev finds the articles that only say Kyiv; a quoted \"Kiev\" or title:Kiev does not" {
    [ "$(ids_for Kiev)" = "var-kiev-archive var-kyiv-attack var-kyiv-grain " ]
    [ "$(ids_for kiev)" = "var-kiev-archive var-kyiv-attack var-kyiv-grain " ]
    [ "$(query_of Kiev)" = "Query(((kiev@1 OR XEkyiv) AND_MAYBE 0.5 * XEkyiv))" ]
    [ "$(ids_for '"Kiev"')" = "var-kiev-archive " ]
    [ "$(ids_for 'title:Kiev')" = "" ]
}

@test "an excluded Kiev leaves out the Kyiv articles too" {
    [ "$(ids_for -- 'attack -Kiev')" = "var-convoy " ]
}

@test "Kiev attack finds the Kyiv article that says attack, first" {
    [ "$(ids_for --sort date 'Kiev attack')" = "var-kyiv-attack " ]
    run "$SEARCH" --db "$DB" --entities "$GAZ" --json 'Kiev attack'
    [ "$status" -eq 0 ]
    [ "$(jq -r '.hits[0].id' <<< "$output")" = "var-kyiv-attack" ]
    [ "$(ids_for '"Kiev attack"')" = "" ]
}

@test "a Capitalized word the index has no proper noun of matches both spellings, as typed first on a phone" {
    # No name "Harbour" stands in the fixtures: the word does.
    [ "$(ids_for Harbour)" = "$(ids_for harbour)" ]
    [ "$(ids_for Harbour)" = "var-tyre-city " ]
    # A proper noun the index holds keeps its spelling.
    [ "$(ids_for Centre)" = "var-centre-party " ]
}
