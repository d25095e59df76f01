# Shared by the entity tests (lookalikes.bats, ambiguity.bats): an index
# of one fixture file, tagged with the real gazetteer, and the ids a query
# finds in it, oldest first.

# Indexes tests/fixtures/index/$1 into $DB; sets BUILD, INDEX, SEARCH, DB.
index_entity_fixture() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_TEST_TMPDIR/index"
    export DOSSIER_ENTITIES=feeds/entities.tsv
    run "$INDEX" --quiet --db "$DB" "tests/fixtures/index/$1"
    [ "$status" -eq 0 ]
}

# The ids of the articles query $1 finds, oldest first, space-separated.
ids_for() {
    "$SEARCH" --db "$DB" --json --limit 20 --sort date-asc "$1" | jq -r '.hits[].id' | tr '\n' ' '
}
