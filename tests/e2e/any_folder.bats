#!/usr/bin/env bats
# The programs of build/bin/ work from any folder, and a copy of a searcher
# put anywhere searches with the gazetteer image its index holds.

bats_require_minimum_version 1.5.0

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    ROOT=$PWD
    BIN="$ROOT/${BUILD:-build}/bin"
    unset DOSSIER_ENTITIES DOSSIER_FEEDS DOSSIER_DB
    [ ! -e /usr/local/share/dossier/entities.tsv ] ||
        skip "a gazetteer is installed in /usr/local/share/dossier: the test needs none"
    AWAY="$BATS_TEST_TMPDIR/elsewhere"
    mkdir -p "$AWAY"
    printf '%s\n' \
        '{"id":"far-1","title":"PLA drills near Taiwan","body":"The People'"'"'s Liberation Army held drills, Taipei said.","published":"2024-05-23"}' \
        '{"id":"far-2","title":"Harbour pilots strike","body":"Pilots in Rotterdam stopped work.","published":"2024-05-24"}' \
        > "$AWAY/notes.jsonl"
}

@test "dossier-index and dossier-search run from another folder find the gazetteer" {
    cd "$AWAY"
    run --separate-stderr "$BIN/dossier-index" --db idx notes.jsonl
    [ "$status" -eq 0 ]
    [[ "$stderr" != *"cannot load the gazetteer"* ]]
    run --separate-stderr "$BIN/dossier-search" --db idx --ids 'entity:pla'
    [ "$status" -eq 0 ]
    [ "$output" = "far-1" ]
    [ "$stderr" = "" ]
    run --separate-stderr "$BIN/dossier-index" --analyze <<< "The PLA drilled."
    [ "$status" -eq 0 ]
    [[ "$output" == *'pla (military) "PLA"'* ]]
}

@test "a searcher copied away from the tree uses the index's gazetteer image" {
    cd "$AWAY"
    "$BIN/dossier-index" --quiet --db idx notes.jsonl
    mkdir -p deploy/bin
    cp "$BIN/dossier-search" "$BIN/dossier.cgi" deploy/bin/
    run --separate-stderr deploy/bin/dossier-search --db idx --ids 'entity:"People'"'"'s Liberation Army"'
    [ "$status" -eq 0 ]
    [ "$output" = "far-1" ]
    [[ "$stderr" != *"gazetteer"* ]]
    # A word naming the entity widens as with the tree's gazetteer.
    run --separate-stderr deploy/bin/dossier-search --db idx --count pla
    [ "$output" = "1" ]
    # The page too: its entity facet is there.
    run env REQUEST_METHOD=GET QUERY_STRING='q=drills&format=json' \
        DOSSIER_DB="$AWAY/idx" deploy/bin/dossier.cgi
    [ "$status" -eq 0 ]
    [[ "$output" == *'"pla"'* ]]
    [[ "$output" != *"entities are off"* ]]
}

@test "the index keeps its gazetteer: a copy without the image, or stock xapian-compact's output, still knows the entities" {
    command -v xapian-compact > /dev/null || skip "xapian-compact missing"
    cd "$AWAY"
    "$BIN/dossier-index" --quiet --db idx notes.jsonl
    mkdir -p deploy/bin
    cp "$BIN/dossier-search" deploy/bin/
    # xapian-compact copies the databases' metadata and nothing else.
    xapian-compact idx compacted > /dev/null
    [ ! -e compacted/gazetteer.image ]
    run --separate-stderr deploy/bin/dossier-search --db compacted --ids 'entity:pla'
    [ "$status" -eq 0 ]
    [ "$output" = "far-1" ]
    [[ "$stderr" != *"gazetteer"* ]]
    run --separate-stderr deploy/bin/dossier-search --db compacted --count pla
    [ "$output" = "1" ]
}

@test "a gazetteer named on purpose and missing is still an error" {
    cd "$AWAY"
    "$BIN/dossier-index" --quiet --db idx notes.jsonl
    run --separate-stderr "$BIN/dossier-search" --db idx --entities /no/such.tsv pla
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"/no/such.tsv: cannot load the gazetteer"* ]]
    DOSSIER_ENTITIES=/no/such.tsv run --separate-stderr "$BIN/dossier-search" --db idx pla
    [ "$status" -eq 2 ]
}

@test "make serve DB=PATH serves that index" {
    command -v lighttpd > /dev/null || skip "lighttpd missing"
    cd "$AWAY"
    "$BIN/dossier-index" --quiet --db idx notes.jsonl
    cd "$ROOT"
    port=$(bash -c 'for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done')
    setsid make --no-print-directory serve DB="$AWAY/idx" PORT="$port" \
        BUILD="${BUILD:-build}" SANITIZER="${SANITIZER:-}" \
        > "$BATS_TEST_TMPDIR/serve.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/search" && break
        sleep 0.1
    done
    run curl -s "http://127.0.0.1:$port/search?q=harbour&format=json"
    kill -- -"$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    [[ "$output" == *'"far-2"'* ]]
    run make --no-print-directory serve DB="$AWAY/none" BUILD="${BUILD:-build}" \
        SANITIZER="${SANITIZER:-}"
    [ "$status" -ne 0 ]
    [[ "$output" == *"no index at $AWAY/none"* ]]
}
