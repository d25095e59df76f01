#!/usr/bin/env bats
# dossier-search over the demo articles: query language, fields, entity
# aliases, exact highlight spans, collapse, warnings, hostile input, JSON.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    "$BUILD/bin/dossier-index" --quiet feeds/sample/articles.jsonl \
        feeds/sample/*.rss feeds/sample/*.atom feeds/sample/html/*.html \
        feeds/sample/text/*.txt
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    SEED=sample-2023-08-07-wapo-pla-japan-defense-networks
}

ids() { # the hit ids of a JSON search, space-separated
    "$SEARCH" --json --limit 100 "$@" 2>/dev/null | jq -r '[.hits[].id] | join(" ")'
}

@test "a word query finds the seed story, exit 0; none is exit 1" {
    run "$SEARCH" --color=never nakasone tokyo
    [ "$status" -eq 0 ]
    [[ "$output" == *"classified defense networks, officials say"* ]]
    top=$(ids --limit 3 nakasone tokyo pottinger)
    [[ " $top " == *" $SEED "* ]]
    run "$SEARCH" zzzznotaword
    [ "$status" -eq 1 ]
    [[ "$output" == *"No articles match."* ]]
}

@test "entity aliases are one filter" {
    a=$(ids 'entity:PLA')
    b=$(ids "entity:\"People's Liberation Army\"")
    c=$(ids 'entity:pla')
    d=$(ids 'entity:"Chinese military"')
    [ -n "$a" ]
    [ "$a" = "$b" ]
    [ "$b" = "$c" ]
    [ "$c" = "$d" ]
    [[ " $a " == *" $SEED "* ]]
    run --separate-stderr "$SEARCH" --json 'entity:"No Such Thing"'
    [ "$status" -eq 1 ]
    [[ "$stderr" == *'no entity named "No Such Thing": ignored'* ]]
    echo "$output" | jq -e '.warnings[0].message == "no entity named \"No Such Thing\": ignored"'
}

@test "an unknown entity names the nearest known one, and the rest of the query runs" {
    local alone
    alone=$("$SEARCH" --json japan | jq '.total')
    [ "$alone" -gt 0 ]
    run --separate-stderr "$SEARCH" --json 'entity:"Cybr Command" japan'
    [ "$status" -eq 0 ]
    [[ "$stderr" == *'no entity named "Cybr Command"; did you mean US Cyber Command (entity:us-cyber-command)? ignored'* ]]
    [ "$(jq '.total' <<< "$output")" -eq "$alone" ]
    run --separate-stderr "$SEARCH" --json 'entity:Chna'
    [[ "$stderr" == *"did you mean China (entity:china)?"* ]]
}

@test "highlights: exact spans for PLA, People's Liberation Army, Cyber Command, Check Point" {
    json=$("$SEARCH" --json --fragments 10 --fragment-words 200 'entity:pla "cyber command"')
    seed=$(echo "$json" | jq --arg id "$SEED" '.hits[] | select(.id == $id)')
    [ -n "$seed" ]
    # The entities, marked with their ids and types, as written.
    echo "$seed" | jq -e '[.snippet[] | select(.type == "entity" and .entity == "pla") | .text] | index("People’s Liberation Army") != null'
    echo "$seed" | jq -e '[.snippet[] | select(.type == "entity" and .entity == "pla") | .text] | index("PLA") != null'
    echo "$seed" | jq -e '[.snippet[] | select(.entity == "us-cyber-command") | {text, match, entity_type}] | index({"text": "U.S. Cyber Command", "match": true, "entity_type": "military"}) != null'
    # Segments put back together are the original text.
    body=$("$SEARCH" --json --show "$SEED" | jq -r '.body')
    joined=$("$SEARCH" --json --show "$SEED" | jq -r '[.body_segments[].text] | join("")')
    [ "$body" = "$joined" ]
    cp=$("$SEARCH" --json 'twisted panda' | jq '[.hits[].snippet[], .hits[].title_segments[] | select(.entity == "check-point") | .text] | unique')
    echo "$cp"
    [[ "$cp" == *'"Check Point'* ]]
}

@test "words match any inflection and both spellings, and are highlighted" {
    json=$("$SEARCH" --json 'defence ministry')
    echo "$json" | jq -e '[.hits[].snippet[] | select(.type == "match") | .text | ascii_downcase] | map(select(startswith("defen"))) | length > 0'
    [ "$(ids defence)" = "$(ids defense)" ]
    [ "$(ids hackers)" = "$(ids hacked)" ] || [ -n "$(ids hackers)" ]
}

@test "phrases, NOT, NEAR, wildcards and OR behave" {
    phrase=$(ids '"check point"')
    [ -n "$phrase" ]
    words=$(ids 'check point')
    for id in $phrase; do [[ " $words " == *" $id "* ]]; done
    all=$(ids japan)
    minus=$(ids 'japan -china')
    not=$(ids 'japan NOT china')
    [ "$minus" = "$not" ]
    [ "$(echo $minus | wc -w)" -lt "$(echo $all | wc -w)" ]
    for id in $(ids china); do [[ " $minus " != *" $id "* ]]; done
    near=$(ids 'nakasone NEAR/3 paul')
    [[ " $near " == *" $SEED "* ]]
    run "$SEARCH" --json 'cyberatt*'
    [ "$status" -eq 0 ]
    or=$(ids 'volt OR salt')
    [ "$(echo $or | wc -w)" -ge "$(echo $(ids volt) | wc -w)" ]
}

@test "fields: title, source, type, lang, category, dates" {
    run bash -c "$SEARCH --json --limit 100 'title:japan' | jq -r '.hits[].title'"
    [ "$status" -eq 0 ]
    while read -r t; do [[ "$t" == *[Jj]apan* ]]; done <<< "$output"
    for id in $(ids 'source:"The Washington Post"'); do
        [ "$("$SEARCH" --json --show "$id" | jq -r .source)" = "The Washington Post" ]
    done
    [ -n "$(ids 'type:threat-actor')" ]
    fr=$(ids 'lang:fr')
    [ "$fr" = "sample-2021-09-17-lemonde-aukus-rappel-ambassadeurs" ]
    [ -n "$(ids 'category:cyber')" ]
    for d in $("$SEARCH" --json --limit 100 'date:2023-08' | jq -r '.hits[].published'); do
        [[ "$d" == 2023-08-* ]]
    done
    run bash -c "$SEARCH --json --limit 100 'since:2025-01-01 until:2025-12-31' | jq -r '.hits[].published'"
    while read -r d; do [[ "$d" == 2025-* ]]; done <<< "$output"
    [ -n "$output" ]
}

@test "sorting by date, newest or oldest first" {
    newest=$("$SEARCH" --json --sort date --limit 100 japan | jq -r '[.hits[].published] | map(select(. != null))')
    echo "$newest" | jq -e '. == (sort | reverse)'
    oldest=$("$SEARCH" --json --sort date-asc --limit 100 japan | jq -r '[.hits[].published] | map(select(. != null))')
    echo "$oldest" | jq -e '. == sort'
}

@test "a rewritten wire story is collapsed into one hit with +1 similar" {
    json=$("$SEARCH" --json 'jaxa cyberattack')
    echo "$json" | jq -e '[.hits[] | select(.id | test("jaxa"))] | length == 1'
    echo "$json" | jq -e '[.hits[] | select(.id | test("jaxa"))][0].collapse_count == 1'
    run "$SEARCH" --color=never 'jaxa cyberattack'
    [[ "$output" == *"+1 similar"* ]]
    json=$("$SEARCH" --json --no-collapse 'jaxa cyberattack')
    echo "$json" | jq -e '[.hits[] | select(.id | test("jaxa"))] | length == 2'
}

@test "malformed queries warn with a position and still run" {
    run "$SEARCH" --color=never '"check point'
    [ "$status" -eq 0 ]
    [[ "$output" == *"query position 0: unbalanced quote"* ]]
    run --separate-stderr "$SEARCH" --json 'colour:red japan'
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.warnings[0] == {"position": 0, "message": "unknown field \"colour\": searched as words", "error": false}'
    run --separate-stderr "$SEARCH" --json '(japan OR'
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.warnings | length == 2'
    run --separate-stderr "$SEARCH" --json 'date:yesterday japan'
    echo "$output" | jq -e '.warnings[0].message | startswith("bad date")'
}

@test "hostile queries: long, control characters, invalid UTF-8 — valid JSON always" {
    long=$(printf 'w%d ' $(seq 1 10000))
    run --separate-stderr "$SEARCH" --json "$long"
    [ "$status" -eq 1 ]
    echo "$output" | jq -e '.refused == false'
    echo "$output" | jq -e '.warnings[0].message | test("^query longer than 8192 bytes: cut at byte [0-9]+, the rest ignored$")'
    run bash -c "$SEARCH --json \"\$(printf 'japan \\x01\\x1b[31m\\x7f \\xff\\xfe cyber')\" 2>/dev/null"
    echo "$output" | jq -e '.query | type == "string"'
    echo "$output" | jq -e '.hits | length > 0'
    run bash -c "$SEARCH --color=always \"\$(printf 'japan \\x1b[2J')\" | grep -c \$'\\x1b\\\\[2J' || true"
    [ "$output" = "0" ]
}

@test "invalid UTF-8 and control characters in the index stay out of the output" {
    db="$BATS_TEST_TMPDIR/hostile"
    printf 'Bad \xff title about \x1b[31mPLA\x1b[0m\n\nBody with \xc3 broken bytes and the PLA.\n' > "$BATS_TEST_TMPDIR/bad.txt"
    # The bytes that are not UTF-8 are read as Windows-1252, with a warning.
    run "$BUILD/bin/dossier-index" --db "$db" --quiet "$BATS_TEST_TMPDIR/bad.txt"
    [ "$status" -eq 1 ]
    [[ "$output" == *"bad.txt:1: 2 bytes that are not UTF-8 read as Windows-1252"* ]]
    run "$SEARCH" --db "$db" --json pla
    [ "$status" -eq 0 ]
    echo "$output" | jq -e '.hits | length == 1'
    run bash -c "$SEARCH --db $db --color=never pla | od -c | grep -c '033' || true"
    [ "$output" = "0" ]
}

@test "facets count entities by type, sources and months" {
    json=$("$SEARCH" --json --facets japan)
    echo "$json" | jq -e '.facets.entities.country | map(.id) | index("japan") != null'
    echo "$json" | jq -e '.facets.sources | length > 0'
    echo "$json" | jq -e '.facets.months | map(.month) == (map(.month) | sort)'
    echo "$json" | jq -e '.facets.counted_documents > 0'
    run "$SEARCH" --color=never --facets japan
    [[ "$output" == *"Facets (over"* ]]
}

@test "--show prints an article with its entities; --similar finds related coverage" {
    run "$SEARCH" --color=never --show "$SEED"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Entities:"*"People's Liberation Army (military, pla)"* ]]
    [[ "$output" == *"Paul Nakasone (person, paul-nakasone)"* ]]
    run "$SEARCH" --show no-such-id
    [ "$status" -eq 1 ]
    similar=$(ids --similar "$SEED")
    [ -n "$similar" ]
    [[ " $similar " != *" $SEED "* ]]
    # The terms that make them related are marked in the snippets.
    run "$SEARCH" --json --similar "$SEED"
    [ "$status" -eq 0 ]
    [ "$(jq '[.hits[].snippet[] | select(.type == "match")] | length' <<<"$output")" -gt 0 ]
}

@test "colour only when asked or on a terminal; NO_COLOR is honoured" {
    run bash -c "$SEARCH japan | grep -c \$'\\x1b' || true"
    [ "$output" = "0" ]
    run bash -c "$SEARCH --color=always japan | grep -c \$'\\x1b' || true"
    [ "$output" -gt 0 ]
    run script -qec "NO_COLOR=1 DOSSIER_DB=$DOSSIER_DB $SEARCH japan" /dev/null
    [[ "$output" != *$'\x1b['* ]]
}

@test "errors exit 2 with a message" {
    run "$SEARCH" --db "$BATS_TEST_TMPDIR/none" japan
    [ "$status" -eq 2 ]
    [[ "$output" == *"no index at"* ]]
    run "$SEARCH" --limit 0 japan
    [ "$status" -eq 2 ]
    run "$SEARCH" --sort sideways japan
    [ "$status" -eq 2 ]
    run "$SEARCH"
    [ "$status" -eq 2 ]
}

@test "did you mean: unknown words get the likeliest indexed ones" {
    # ("tokio" is no misspelling: German and Spanish write Tokyo so.)
    run "$SEARCH" --color=never --as-typed 'nakasnoe tokoy'
    [ "$status" -eq 1 ]
    [[ "$output" == "Did you mean: nakasone tokyo?"* ]]
    # Not as typed: it found nothing, so the correction runs.
    run "$SEARCH" --color=never 'nakasnoe tokoy'
    [ "$status" -eq 0 ]
    [[ "$output" == "Showing results for nakasone tokyo; search instead for nakasnoe tokoy with --as-typed."* ]]
    run --separate-stderr "$SEARCH" --json 'cyber comand'
    echo "$output" | jq -e '.suggestion == "cyber command"'
    # Quoted phrases and fields stay as they are; only words change.
    run --separate-stderr "$SEARCH" --json 'source:reuters japn'
    echo "$output" | jq -e '.suggestion == "source:reuters japan"'
    run --separate-stderr "$SEARCH" --json japan
    echo "$output" | jq -e '.suggestion == null'
}

@test "--recent ranks newer articles higher, pages included" {
    plain=$("$SEARCH" --json --limit 5 japan | jq -r '[.hits[].published] | join(" ")')
    recent=$("$SEARCH" --json --limit 5 --recent 365 japan | jq -r '[.hits[].published] | join(" ")')
    [ "$plain" != "$recent" ]
    # The top hit gets newer (or stays).
    first_plain=${plain%% *}
    first_recent=${recent%% *}
    [[ ! "$first_recent" < "$first_plain" ]]
    page=$("$SEARCH" --json --limit 2 --offset 2 --recent 365 japan | jq -r '[.hits[].id] | join(" ")')
    all=$("$SEARCH" --json --limit 4 --recent 365 japan | jq -r '[.hits[2:][].id] | join(" ")')
    [ "$page" = "$all" ]
    run "$SEARCH" --recent 0 japan
    [ "$status" -eq 2 ]
}

@test "an index from an older schema warns to re-index, and still answers" {
    old="$BATS_TEST_TMPDIR/old"
    cp -r "$DOSSIER_DB" "$old"
    xapian-metadata set "$old" dossier:schema dossier-schema-1
    run --separate-stderr "$SEARCH" --db "$old" --json nakasone
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"built with schema dossier-schema-1, this is dossier-schema-7"* ]]
    echo "$output" | jq -e '.index_warning | test("schema dossier-schema-1")'
    # The current index carries no such warning.
    run --separate-stderr "$SEARCH" nakasone
    [[ "$stderr" != *"re-index"* ]]
}

@test "the gazetteer image: written by the indexer; a damaged one changes nothing" {
    [ -s "$DOSSIER_DB/gazetteer.image" ]
    want=$(ids 'entity:PLA' taiwan)
    [ -n "$want" ]
    want_marks=$("$SEARCH" --json 'entity:PLA' taiwan | jq -c '[.hits[].snippet]')
    copy="$BATS_TEST_TMPDIR/copy"
    cp -r "$DOSSIER_DB" "$copy"
    head -c 20000 /dev/urandom > "$copy/gazetteer.image"
    [ "$(DOSSIER_DB=$copy ids 'entity:PLA' taiwan)" = "$want" ]
    [ "$(DOSSIER_DB=$copy "$SEARCH" --json 'entity:PLA' taiwan | jq -c '[.hits[].snippet]')" = "$want_marks" ]
    # A truncated image: the same.
    head -c 1000 "$DOSSIER_DB/gazetteer.image" > "$copy/gazetteer.image"
    [ "$(DOSSIER_DB=$copy ids 'entity:PLA' taiwan)" = "$want" ]
}

@test "a damaged document store says which document and why" {
    cp -r "$BATS_FILE_TMPDIR/index" "$BATS_TEST_TMPDIR/bad"
    python3 - "$BATS_TEST_TMPDIR/bad/docdata.glass" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
for block in range(0, len(b), 8192):
    for at in range(40, 8192, 97):
        if block + at < len(b):
            b[block + at] ^= 0x5A
open(p, "wb").write(b)
PY
    run --separate-stderr "$SEARCH" --db "$BATS_TEST_TMPDIR/bad" cyber
    [ "$status" -ne 0 ]
    echo "$stderr"
    [[ "$stderr" == *"cannot read document "*": "?* ]]
    [[ "$stderr" != *"cannot read a hit: " ]]
}
