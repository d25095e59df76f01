#!/usr/bin/env bats
# Queries as people paste them: wire headlines in capitals, whose AND, OR,
# NOT and NEAR are words; phrases in typographic quotation marks.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    # Headlines of our own, written as wires write them, and neighbours
    # that share most of their words.
    python3 - "$BATS_FILE_TMPDIR/wire.jsonl" <<'EOF'
import json, sys
rows = [
    ("w1", "HARBOUR PILOTS SAY NEW ROTA NOT READY",
     "Pilots at the harbour said the new rota was not ready for the winter."),
    ("w2", "HARBOUR PILOTS SAY NEW ROTA READY",
     "Pilots at the harbour said the new rota was ready."),
    ("w3", "FERRY AND TUG CREWS REACH ACCORD ON SHIFTS",
     "Ferry crews and tug crews reached an accord on night shifts."),
    ("w4", "FERRY CREWS REACH ACCORD",
     "Ferry crews reached an accord."),
    ("w5", "GRAIN OR COAL: PORT WEIGHS NEXT CARGO",
     "The port weighed whether grain or coal would come next."),
    ("w6", "Gas dispute settled after talks",
     "The gas dispute between the two utilities was settled after talks."),
    ("w7", "Talks on gas go on while a dispute over prices grows",
     "Talks on gas went well, while the dispute over prices grew."),
]
with open(sys.argv[1], "w") as f:
    for i, (id_, title, body) in enumerate(rows):
        f.write(json.dumps({"id": id_, "title": title, "body": body,
                            "source": "Harbour Wire",
                            "published": "2024-03-%02d" % (i + 1)}) + "\n")
EOF
    "$BUILD/bin/dossier-index" --quiet "$BATS_FILE_TMPDIR/wire.jsonl"
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
}

first() { "$SEARCH" --json --limit 1 --no-collapse -- "$@" | jq -r '.hits[0].id'; }

@test "an all-caps headline with NOT, AND or OR finds its own article first" {
    [ "$(first 'HARBOUR PILOTS SAY NEW ROTA NOT READY')" = w1 ]
    [ "$(first 'FERRY AND TUG CREWS REACH ACCORD ON SHIFTS')" = w3 ]
    [ "$(first 'GRAIN OR COAL: PORT WEIGHS NEXT CARGO')" = w5 ]
    # NOT is a word there, not an exclusion: the article holding NOT is
    # found, and the query's words all count.
    run "$SEARCH" --json 'HARBOUR PILOTS SAY NEW ROTA NOT READY'
    jq -e '.parsed == "(DEFAULT HARBOUR PILOTS SAY NEW ROTA NOT READY)"' <<< "$output"
    jq -e '.total >= 2' <<< "$output"
}

@test "with a lower-case letter in the query, the operators stay operators" {
    run "$SEARCH" --ids 'harbour pilots NOT ready'
    [ "$status" -eq 1 ]
    run "$SEARCH" --ids 'HARBOUR pilots NOT winter'
    [ "$output" = "w2" ]
}

@test "curly, low, guillemet, corner-bracket and full-width quotes make phrases" {
    straight=$("$SEARCH" --ids '"gas dispute"')
    [ "$straight" = "w6" ]
    for q in '“gas dispute”' '„gas dispute“' '«gas dispute»' '« gas dispute »' \
             '「gas dispute」' '＂gas dispute＂' '‘gas dispute’'; do
        run "$SEARCH" --ids "$q"
        echo "$q -> $output"
        [ "$output" = "$straight" ]
    done
    # Unquoted, the two words match both articles.
    [ "$("$SEARCH" --count 'gas dispute')" -eq 2 ]
    # An apostrophe inside or after a word is no quotation mark.
    run --separate-stderr "$SEARCH" --json 'harbour’s pilots’ rota'
    jq -e '.warnings == []' <<< "$output"
}

@test "an 8 KiB paste runs; a longer one is cut at a word's end with a warning" {
    # A pasted paragraph of 8,190 bytes, the headline's words among them.
    para=$(python3 -c '
words = "harbour pilots say new rota not ready for the winter season ".split()
out = ""
i = 0
while len(out) + len(words[i % len(words)]) + 1 <= 8190:
    out += words[i % len(words)] + " "
    i += 1
print(out.strip())')
    [ "${#para}" -le 8192 ]
    run --separate-stderr "$SEARCH" --json "$para"
    [ "$status" -eq 0 ]
    jq -e '.warnings == [] and .refused == false and .total > 0' <<< "$output"
    # 9 KiB: cut, said, and the rest runs.
    long="$para $para"
    run --separate-stderr "$SEARCH" --json "${long:0:9216}"
    [ "$status" -eq 0 ]
    jq -e '.refused == false and .total > 0' <<< "$output"
    jq -e '.warnings[0].message | test("^query longer than 8192 bytes: cut at byte [0-9]+, the rest ignored$")' <<< "$output"
    [[ "$stderr" == *"query longer than 8192 bytes: cut at byte"* ]]
    # The page reads it too.
    run env REQUEST_METHOD=GET DOSSIER_DB="$DOSSIER_DB" \
        QUERY_STRING="q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "${long:0:9216}")&format=json" \
        "$BUILD/bin/dossier.cgi"
    [[ "$output" == "Status: 200 OK"* ]]
    sed '1,/^\r$/d' <<< "$output" | jq -e '.warnings[0].message | startswith("query longer than 8192 bytes")'
}

@test "a refused query says it was refused, never that nothing matches" {
    run --separate-stderr "$SEARCH" 'harbour date:2009..2006'
    [ "$status" -eq 2 ]
    [[ "$output" == "The query was refused, not run: query position 8: inverted date range"* ]]
    [[ "$output" != *"No articles match"* ]]
    [[ "$stderr" == *"inverted date range"* ]]
}

@test "did you mean: only the words the index lacks, never a stop word, in the query's case, and only for more articles" {
    # A misspelt word among known ones: corrected when that finds more,
    # in the case it was typed in.
    run --separate-stderr "$SEARCH" --json 'PILOTZ GAS'
    jq -e '.suggestion == "PILOTS GAS" and .total == 2' <<< "$output"
    run --separate-stderr "$SEARCH" --json 'Pilotz gas'
    jq -e '.suggestion == "Pilots gas"' <<< "$output"
    # Corrected, it would find no more: no suggestion.
    run --separate-stderr "$SEARCH" --json 'harbour pilotz'
    jq -e '.suggestion == null and .total == 2' <<< "$output"
    # A word the index holds is right as typed, even when all the
    # words together find nothing; stop words are never replaced.
    run --separate-stderr "$SEARCH" --json '+ferry +coal +of +to'
    jq -e '.suggestion == null' <<< "$output"
    run --separate-stderr "$SEARCH" --json 'PILOTS OF GRAIN AND ZZYZX TO THE PORT'
    jq -e '.suggestion == null' <<< "$output"
    # Nothing better to offer: a word the dictionary cannot mend.
    run --separate-stderr "$SEARCH" --json 'harbour zzyzx'
    jq -e '.suggestion == null' <<< "$output"
}

@test "a query that finds nothing runs its correction and says so: CLI, JSON and page" {
    run --separate-stderr "$SEARCH" 'pilotz rotta'
    [ "$status" -eq 0 ]
    [[ "$output" == "Showing results for pilots rota; search instead for pilotz rotta with --as-typed."* ]]
    run --separate-stderr "$SEARCH" --json 'pilotz rotta'
    jq -e '.corrected_from == "pilotz rotta" and .suggestion == "pilots rota" and .total > 0' <<< "$output"
    # As typed: nothing, and the suggestion offered.
    run --separate-stderr "$SEARCH" --json --as-typed 'pilotz rotta'
    [ "$status" -eq 1 ]
    jq -e '.corrected_from == null and .total == 0 and .suggestion == "pilots rota"' <<< "$output"
    run env REQUEST_METHOD=GET DOSSIER_DB="$DOSSIER_DB" QUERY_STRING='q=pilotz+rotta' "$BUILD/bin/dossier.cgi"
    [[ "$output" == *'Showing results for <strong>pilots rota</strong>; search instead for <a href="?q=pilotz%20rotta&amp;astyped=1">pilotz rotta</a>'* ]]
    run env REQUEST_METHOD=GET DOSSIER_DB="$DOSSIER_DB" QUERY_STRING='q=pilotz+rotta&astyped=1' "$BUILD/bin/dossier.cgi"
    [[ "$output" == *'No articles match.'* ]]
    [[ "$output" == *'Did you mean <a href="?q=pilots%20rota">pilots rota</a>?'* ]]
}
