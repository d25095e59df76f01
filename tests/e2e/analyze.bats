#!/usr/bin/env bats
# dossier-index --analyze: the analyzer seen from the command line.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
}

@test "a news sentence: tokens, terms and entities" {
    run "$INDEX" --analyze <<< "Gen. Paul Nakasone, head of the NSA and US Cyber Command, visited Tokyo."
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"entities: 4"* ]]
    [[ "$output" == *'paul-nakasone (person) "Gen. Paul Nakasone"'* ]]
    [[ "$output" == *'us-cyber-command (military) "US Cyber Command"'* ]]
    [[ "$output" == *'nsa (intelligence) "NSA"'* ]]
    [[ "$output" == *'tokyo (place) "Tokyo"'* ]]
    [[ "$output" == *"sentences: 1"* ]]
}

@test "a wire story's closing REUTER and names joined by an ampersand are entities" {
    run "$INDEX" --analyze <<< "S&P cut the rating of Marks & Spencer.
 REUTER"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *'standard-and-poors (company) "S&P"'* ]]
    [[ "$output" == *'marks-and-spencer (company) "Marks & Spencer"'* ]]
    [[ "$output" == *'reuters (media) "REUTER"'* ]]
}

@test "--json is one valid document with spans that cut the input" {
    text="Check Point's research on the People's Liberation Army"
    run bash -c "printf '%s' \"$text\" | $INDEX --analyze --json"
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.analyzer == "dossier-analyzer-4"'
    echo "$output" | jq -e '[.entities[].id] == ["check-point", "pla"]'
    echo "$output" | jq -e '.entities[1].text == "People'"'"'s Liberation Army"'
    # Spans are byte offsets into the input.
    start=$(echo "$output" | jq '.entities[0].start')
    end=$(echo "$output" | jq '.entities[0].end')
    [ "${text:$start:$((end - start))}" = "Check Point" ]
    echo "$output" | jq -e '.tokens[0].flags == ["capitalized"]'
    echo "$output" | jq -e '[.tokens[] | select(.text == "research")][0].term == "research"'
}

@test "defence and defense give the same term" {
    a=$(echo "defence ministry" | "$INDEX" --analyze --json | jq -r '[.tokens[].term] | join(" ")')
    b=$(echo "Defense Ministry" | "$INDEX" --analyze --json | jq -r '[.tokens[].term] | join(" ")')
    [ "$a" = "$b" ]
    [ "$a" = "defens ministri" ]
}

@test "invalid UTF-8 and NUL bytes still give valid JSON" {
    run bash -c "printf 'bad\xff\xfe bytes\x00 and \xc3 PLA' | $INDEX --analyze --json"
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '[.tokens[].text] == ["bad", "bytes", "and", "PLA"]'
    echo "$output" | jq -e '.entities[0].id == "pla"'
}

@test "other languages stem with their own stemmer; an unknown one warns" {
    run bash -c "echo 'les attaques' | $INDEX --analyze --lang fr --json | jq -r '.tokens[1].term'"
    [ "$output" = "attaqu" ]
    run bash -c "echo 'attacks' | $INDEX --analyze --lang xx 2>&1 >/dev/null"
    [ "$status" -eq 0 ]
    [[ "$output" == *'no stemmer for language "xx"'* ]]
}

@test "a bad gazetteer line is reported with file:line and the rest loads" {
    printf 'good\tcountry\tGoodland\t\nbroken line\nspy\tnope\tSpy\t\n' > "$BATS_TEST_TMPDIR/g.tsv"
    run bash -c "echo 'Goodland' | $INDEX --analyze --entities $BATS_TEST_TMPDIR/g.tsv 2>$BATS_TEST_TMPDIR/err"
    [ "$status" -eq 0 ]
    [[ "$output" == *'good (country) "Goodland"'* ]]
    grep -q "g.tsv:2: expected 4 or 7 tab-separated fields" "$BATS_TEST_TMPDIR/err"
    grep -q 'g.tsv:3: unknown type "nope"' "$BATS_TEST_TMPDIR/err"
}

@test "fatal errors exit 2 with a message" {
    run "$INDEX" --analyze --entities /no/such/entities.tsv <<< "x"
    [ "$status" -eq 2 ]
    [[ "$output" == *"/no/such/entities.tsv: cannot load the gazetteer: No such file"* ]]
    run "$INDEX" --bogus
    [ "$status" -eq 2 ]
    [[ "$output" == *"usage:"* ]]
    run "$INDEX"
    [ "$status" -eq 2 ]
    head -c 17000000 /dev/zero > "$BATS_TEST_TMPDIR/big"
    run bash -c "$INDEX --analyze < $BATS_TEST_TMPDIR/big"
    [ "$status" -eq 2 ]
    [[ "$output" == *"larger than the article size cap"* ]]
    run "$INDEX" --help
    [ "$status" -eq 0 ]
}
