#!/usr/bin/env bats
# Archive truth in dossier-search and dossier.cgi: counts that are exact or
# say they are a bound, facets over every match, dates that sort as dates,
# inverted ranges refused, pages past the end, and an id for every hit.
# Fixtures are generated here, in our own words.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    python3 tests/e2e/gen_counts.py 10001 > "$BATS_FILE_TMPDIR/counts.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_FILE_TMPDIR/counts" \
        "$BATS_FILE_TMPDIR/counts.jsonl"
    # Dated and undated articles on one subject; words to sort by date;
    # articles keyed by URL and by nothing at all; a rewritten copy.
    cat > "$BATS_FILE_TMPDIR/dates.jsonl" <<'JSONL'
{"id":"zebra-2001","title":"Zebra census in the delta","body":"Rangers counted the zebra herds along the river delta.","published":"2001-05-02","source":"Field Notes"}
{"id":"zebra-2010","title":"Zebra migration starts early","body":"The zebra migration began two weeks early this year.","published":"2010-03-09","source":"Field Notes"}
{"id":"zebra-2020","title":"Drought thins zebra herds","body":"A long drought left the zebra herds thinner than in any recent season.","published":"2020-08-30","source":"Field Notes"}
{"id":"zebra-undated-1","title":"A zebra foal is born","body":"Keepers welcomed a zebra foal at the reserve."}
{"id":"zebra-undated-2","title":"Why a zebra has stripes","body":"Scientists still argue about why the zebra has stripes."}
{"id":"grid-all","title":"Grid talks on winter gas","body":"Ministers from both capitals met on the gas grid and winter supply.","published":"2015-01-10"}
{"id":"grid-some-1","title":"Grid maintenance ends","body":"Engineers finished the grid maintenance on schedule.","published":"2016-02-11"}
{"id":"grid-some-2","title":"Winter arrives early","body":"An early winter surprised the farmers.","published":"2017-03-12"}
{"url":"https://news.example.org/world/harbour-crane","title":"Harbour crane collapses in storm","body":"A harbour crane fell during the storm, and nobody was hurt.","published":"2018-06-01"}
{"title":"Lighthouse keeper retires","body":"The last lighthouse keeper on the island handed over the keys.","published":"2018-06-02"}
JSONL
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_FILE_TMPDIR/dates" \
        "$BATS_FILE_TMPDIR/dates.jsonl"
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    SEARCH="$BUILD/bin/dossier-search"
    CGI="$BUILD/bin/dossier.cgi"
    COUNTS="$BATS_FILE_TMPDIR/counts"
    DATES="$BATS_FILE_TMPDIR/dates"
}

cgi() { # cgi DB QUERY_STRING: the response, headers and body
    env REQUEST_METHOD=GET DOSSIER_DB="$1" QUERY_STRING="$2" "$CGI"
}

body() { sed '1,/^\r$/d'; }

@test "9,999 and 10,000 matches are counted exactly, in every sort and page" {
    for args in "" "--sort date" "--sort date-asc" "--offset 50" "--limit 100" "--no-collapse"; do
        run "$SEARCH" --db "$COUNTS" --limit 1 $args ninek
        [ "$status" -eq 0 ]
        [[ "${lines[0]}" == "9,999 articles match; "* ]]
        run "$SEARCH" --db "$COUNTS" --limit 1 $args tenk
        [[ "${lines[0]}" == "10,000 articles match; "* ]]
        total=$("$SEARCH" --db "$COUNTS" --json --limit 1 $args tenk | jq -r '"\(.total) \(.total_exact)"')
        [ "$total" = "10000 true" ]
    done
    # Words that match different articles: no estimate either.
    run "$SEARCH" --db "$COUNTS" --limit 1 --sort date-asc 'ninek OR tenk'
    [[ "${lines[0]}" == "10,000 articles match; "* ]]
}

@test "10,001 matches: exact, or a true lower bound that says so" {
    for q in tenkone 'tenkone OR ninek'; do
        json=$("$SEARCH" --db "$COUNTS" --json --limit 1 --sort date-asc "$q")
        exact=$(echo "$json" | jq -r .total_exact)
        total=$(echo "$json" | jq -r .total)
        line=$("$SEARCH" --db "$COUNTS" --limit 1 --sort date-asc "$q" | head -1)
        if [ "$exact" = true ]; then
            [ "$total" -eq 10001 ]
            [[ "$line" == "10,001 articles match; "* ]]
        else
            [ "$total" -ge 10001 ]
            [[ "$line" == "more than 10,000 articles match"* ]]
        fi
    done
}

@test "the page says the same number as the CLI and the JSON" {
    run cgi "$COUNTS" 'q=tenk&sort=oldest&per=1'
    [[ "$output" == *"<p>10,000 articles match; 1 to 1,"* ]]
    run cgi "$COUNTS" 'q=tenk&sort=oldest&per=1&format=json'
    echo "$output" | body | jq -e '.total == 10000 and .total_exact == true'
}

@test "facets count every match, over 1,000, with years beside months" {
    run "$SEARCH" --db "$COUNTS" --facets --limit 1 tenk
    [ "$status" -eq 0 ]
    [[ "$output" == *"Facets (over all 10,000 matching articles):"* ]]
    # gen_counts.py: article i has source i mod 3, year 2019 + i mod 3.
    [[ "$output" == *"Beta Post (3334)"* ]]
    [[ "$output" == *"Alpha Wire (3333)"* ]]
    [[ "$output" == *"Gamma Daily (3333)"* ]]
    [[ "$output" == *"years: 2019 (3333), 2020 (3334), 2021 (3333)"* ]]
    json=$("$SEARCH" --db "$COUNTS" --json --facets --limit 1 tenk)
    echo "$json" | jq -e '.facets.counted_documents == 10000 and .facets.counted_all == true'
    echo "$json" | jq -e '[.facets.years[].count] | add == 10000'
    echo "$json" | jq -e '[.facets.months[].count] | add == 10000'
    run cgi "$COUNTS" 'q=tenk'
    [[ "$output" == *"Counts over all 10,000 matching articles."* ]]
    [[ "$output" == *"<h2>Years</h2>"* ]]
}

@test "undated articles come after every dated one, in both date orders" {
    asc=$("$SEARCH" --db "$DATES" --json --sort date-asc zebra | jq -r '[.hits[].id] | join(" ")')
    [ "$asc" = "zebra-2001 zebra-2010 zebra-2020 zebra-undated-1 zebra-undated-2" ] ||
        [ "$asc" = "zebra-2001 zebra-2010 zebra-2020 zebra-undated-2 zebra-undated-1" ]
    desc=$("$SEARCH" --db "$DATES" --json --sort date zebra | jq -r '[.hits[].id] | join(" ")')
    [[ "$desc" == "zebra-2020 zebra-2010 zebra-2001 "* ]]
    first=$("$SEARCH" --db "$DATES" --json --sort date-asc --limit 1 zebra | jq -r '.hits[0].id')
    [ "$first" = zebra-2001 ]
    run cgi "$DATES" 'q=zebra&sort=oldest&per=1&format=json'
    echo "$output" | body | jq -e '.hits[0].id == "zebra-2001"'
}

@test "a date order lists only articles with every word, unless the query says OR" {
    ids=$("$SEARCH" --db "$DATES" --json --sort date winter grid gas | jq -r '[.hits[].id] | join(" ")')
    [ "$ids" = grid-all ]
    ids=$("$SEARCH" --db "$DATES" --json --sort date-asc winter grid gas | jq -r '[.hits[].id] | join(" ")')
    [ "$ids" = grid-all ]
    run "$SEARCH" --db "$DATES" --sort date winter grid gas
    [[ "${lines[0]}" == "1 article matches; 1 to 1:" ]]
    ids=$("$SEARCH" --db "$DATES" --json --sort date 'winter OR grid' | jq -r '[.hits[].id] | join(" ")')
    [ "$ids" = "grid-some-2 grid-some-1 grid-all" ]
    # Relevance keeps all words first, then some.
    ids=$("$SEARCH" --db "$DATES" --json winter grid gas | jq -r '[.hits[].id] | join(" ")')
    [[ "$ids" == "grid-all "* ]]
    n=$("$SEARCH" --db "$DATES" --json winter grid gas | jq '.hits | length')
    [ "$n" -eq 3 ]
}

@test "an inverted date range is an error: CLI exit 2, JSON 400, a message on the page" {
    run --separate-stderr "$SEARCH" --db "$DATES" 'zebra date:2009..2006'
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"inverted date range"* ]]
    run --separate-stderr "$SEARCH" --db "$DATES" --json 'zebra date:2009..2006'
    [ "$status" -eq 2 ]
    echo "$output" | jq -e '.refused == true and .hits == [] and (.warnings[0].error == true)'
    run cgi "$DATES" 'q=zebra&from=2006&to=2005&format=json'
    [[ "$output" == "Status: 400 Bad Request"* ]]
    echo "$output" | body | jq -e '.error | contains("inverted")'
    run cgi "$DATES" 'q=zebra&from=2006&to=2005'
    [[ "$output" == "Status: 400 Bad Request"* ]]
    [[ "$output" == *'class="error" role="alert">The date range is inverted'* ]]
    [[ "$output" != *"dates: 2006 to 2005"* ]]
    [[ "$output" != *"<article>"* ]]
    run cgi "$DATES" 'q=zebra+date:2009..2006&format=json'
    [[ "$output" == "Status: 400 Bad Request"* ]]
    # Not inverted: a month within its year, one day.
    run cgi "$DATES" 'q=zebra&from=2010-03&to=2010&format=json'
    [[ "$output" == "Status: 200 OK"* ]]
    echo "$output" | body | jq -e '.total == 1'
}

@test "a page past the end says where the results end, with a link" {
    run cgi "$COUNTS" 'q=ninek&page=154&per=100'
    [[ "$output" == "Status: 200 OK"* ]]
    [[ "$output" == *"9,999 articles match; this is page 154, and the results end at page 100"* ]]
    [[ "$output" == *'page=100">go to page 100</a>'* ]]
    [[ "$output" != *"No articles match."* ]]
    run "$SEARCH" --db "$COUNTS" --offset 20000 ninek
    [ "$status" -eq 1 ]
    [[ "${lines[0]}" == "9,999 articles match; none from 20001 on: the results end at 9,999." ]]
}

@test "every hit has an id that --show and related coverage accept" {
    json=$("$SEARCH" --db "$DATES" --json --limit 100 'harbour OR lighthouse OR zebra')
    echo "$json" | jq -e '[.hits[].id] | all(. != null and . != "")'
    n=$(echo "$json" | jq '.hits | length')
    [ "$n" -eq 7 ]
    for id in $(echo "$json" | jq -r '.hits[].id'); do
        run "$SEARCH" --db "$DATES" --json --show "$id"
        [ "$status" -eq 0 ]
        echo "$output" | jq -e --arg id "$id" '.id == $id'
    done
    url=$(echo "$json" | jq -r '.hits[] | select(.title | startswith("Harbour")) | .id')
    [ "$url" = "https://news.example.org/world/harbour-crane" ]
    run cgi "$DATES" 'q=harbour+OR+lighthouse+OR+zebra'
    links=$(echo "$output" | grep -o 'related coverage' | wc -l)
    [ "$links" -eq 7 ]
    run cgi "$DATES" 'similar=https%3A%2F%2Fnews.example.org%2Fworld%2Fharbour-crane'
    [[ "$output" == "Status: 200 OK"* ]]
}

@test "--show of a record merged as an exact duplicate names the article that holds it" {
    printf '%s\n' \
        '{"id":"dock-a","title":"Dock strike ends","body":"Crane drivers went back to work at dawn after a new pay offer.","source":"Quay Wire","published":"2022-10-03T08:00:00Z"}' \
        '{"id":"dock-b","title":"DOCK STRIKE ENDS","body":"Crane drivers went back to work at dawn after a new pay offer.","source":"Quay Wire","published":"2022-10-03T19:00:00Z"}' \
        > "$BATS_TEST_TMPDIR/dock.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_TEST_TMPDIR/dock" "$BATS_TEST_TMPDIR/dock.jsonl"
    run --separate-stderr "$SEARCH" --db "$BATS_TEST_TMPDIR/dock" --show dock-b
    [ "$status" -eq 0 ]
    [[ "$stderr" == *'"dock-b" is an exact duplicate of "dock-a"'* ]]
    [[ "${lines[0]}" == "Dock strike ends" ]]
    run --separate-stderr "$SEARCH" --db "$BATS_TEST_TMPDIR/dock" --json --show dock-b
    echo "$output" | jq -e '.id == "dock-a"'
    run "$SEARCH" --db "$BATS_TEST_TMPDIR/dock" --show dock-c
    [ "$status" -eq 1 ]
}

# Harbour stories for the counts of stories: "gale" re-posted on three
# days and "ferry" on two (each one cluster), and four articles of their
# own.  SHARD is 1 or 2: the first shard gets the gale and two others.
harbour_jsonl() {
    local gale='"title":"Gale shuts the harbour","body":"A winter gale shut the harbour for two days; the pilots kept every tug at its berth and the fishing fleet stayed in.","source":"Coast Wire"'
    local ferry='"title":"Harbour ferry changes hands","body":"The old harbour ferry company was sold to a regional operator, which promised the same timetable and fares through the summer.","source":"Coast Wire"'
    if [ "$1" != 2 ]; then
        echo "{\"id\":\"gale-1\",$gale,\"published\":\"2023-01-04\"}"
        echo "{\"id\":\"gale-2\",$gale,\"published\":\"2023-01-05\"}"
        echo "{\"id\":\"gale-3\",$gale,\"published\":\"2023-01-06\"}"
        echo '{"id":"own-1","title":"Harbour lights repaired","body":"Electricians fixed the harbour lights on the north pier.","published":"2023-02-01"}'
        echo '{"id":"own-2","title":"Harbour museum opens","body":"A small museum of ship models opened by the harbour steps.","published":"2023-02-02"}'
    fi
    if [ "$1" != 1 ]; then
        echo "{\"id\":\"ferry-1\",$ferry,\"published\":\"2023-03-01\"}"
        echo "{\"id\":\"ferry-2\",$ferry,\"published\":\"2023-03-09\"}"
        echo '{"id":"own-3","title":"Harbour seals counted","body":"Volunteers counted the seals on the harbour sandbank.","published":"2023-04-01"}'
        echo '{"id":"own-4","title":"Harbour fees rise","body":"The port board raised the harbour fees for yachts.","published":"2023-04-02"}'
    fi
}

@test "stories are counted over every match, on one index and on shards joined by a stub" {
    harbour_jsonl all > "$BATS_TEST_TMPDIR/all.jsonl"
    harbour_jsonl 1 > "$BATS_TEST_TMPDIR/one.jsonl"
    harbour_jsonl 2 > "$BATS_TEST_TMPDIR/two.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/all.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_TEST_TMPDIR/shard1" "$BATS_TEST_TMPDIR/one.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_TEST_TMPDIR/shard2" "$BATS_TEST_TMPDIR/two.jsonl"
    printf 'auto shard1\nauto shard2\n' > "$BATS_TEST_TMPDIR/harbour.stub"
    for db in "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/harbour.stub"; do
        run "$SEARCH" --db "$db" --limit 2 harbour
        [ "$status" -eq 0 ]
        [[ "${lines[0]}" == "9 articles match, 6 stories; "* ]]
        counts=$("$SEARCH" --db "$db" --json --limit 2 harbour | jq -r '"\(.total) \(.total_exact) \(.stories) \(.stories_exact)"')
        [ "$counts" = "9 true 6 true" ]
        # Facets on, as the page asks: the same numbers.
        run cgi "$db" 'q=harbour&format=json'
        counts=$(echo "$output" | body | jq -r '"\(.total) \(.stories)"')
        [ "$counts" = "9 6" ]
        # The gale's copies only: one story.
        run "$SEARCH" --db "$db" --limit 1 gale
        [[ "${lines[0]}" == "3 articles match, 1 story; "* ]]
    done
}

@test "the facet image dossier-index leaves gives the counts of the index itself, and a stale or damaged one is ignored" {
    harbour_jsonl all > "$BATS_TEST_TMPDIR/all.jsonl"
    db="$BATS_TEST_TMPDIR/harbour"
    "$BUILD/bin/dossier-index" --quiet --db "$db" "$BATS_TEST_TMPDIR/all.jsonl"
    [ -s "$db/facets.image" ]
    facets() { "$SEARCH" --db "$db" --json --facets harbour | jq -c '[.total, .stories, .facets]'; }
    with_image=$(facets)
    cp "$db/facets.image" "$BATS_TEST_TMPDIR/old.image"
    rm "$db/facets.image"
    without=$(facets)
    [ "$with_image" = "$without" ]
    [[ "$with_image" == '[9,6,'* ]]
    # A later run: its own image; the former one, put back, is stale.
    echo '{"id":"own-5","title":"Harbour wall mended","body":"Masons mended the harbour wall after the gale.","source":"Coast Wire","published":"2023-05-01"}' > "$BATS_TEST_TMPDIR/more.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$db" "$BATS_TEST_TMPDIR/more.jsonl"
    fresh=$(facets)
    [[ "$fresh" == '[10,7,'* ]]
    cp "$BATS_TEST_TMPDIR/old.image" "$db/facets.image"
    stale=$(facets)
    [ "$stale" = "$fresh" ]
    # Cut short, or garbage: ignored, the same answer.
    head -c 100 "$BATS_TEST_TMPDIR/old.image" > "$db/facets.image"
    [ "$(facets)" = "$fresh" ]
    head -c 5000 /dev/urandom > "$db/facets.image"
    [ "$(facets)" = "$fresh" ]
}
