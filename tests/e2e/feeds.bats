#!/usr/bin/env bats
# Feeds as publishers write them (issue 14): DOCTYPEs with HTML entities,
# relative links, Windows-1252 text labelled Latin-1, UTF-16/32 files, a
# broken item among good ones, zone names, bylines, extension elements and
# Atom 0.3.  Every fixture is ours, under tests/fixtures/feeds/.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    FIX=tests/fixtures/feeds
    DB="$BATS_TEST_TMPDIR/index"
}

# Indexes the fixtures named (without entities); output and status in
# $output and $status.
index() {
    local files=()
    for f in "$@"; do files+=("$FIX/$f"); done
    run "$INDEX" --quiet --no-entities --db "$DB" "${files[@]}"
    echo "$output"
}

# The stored record of the article with id $1, as JSON.
stored() {
    "$SEARCH" --db "$DB" --no-entities --json --show "$1"
}

# Field $2 of the stored article $1.
field() {
    stored "$1" | jq -r ".$2"
}

# The ids of the articles matching query $1, one a line, sorted.
ids_for() {
    "$SEARCH" --db "$DB" --no-entities --json --limit 100 --no-collapse "$1" |
        jq -r '.hits[].id' | sort
}

doc_count() {
    xapian-delve "$DB" | sed -n 's/^number of documents = //p'
}

@test "HTML named entities decode under a Netscape DOCTYPE, an XHTML DOCTYPE and none" {
    sed '/<!DOCTYPE/,/dtd">/d' "$FIX/doctype-netscape.xml" \
        > "$BATS_TEST_TMPDIR/no-doctype.xml"
    index doctype-netscape.xml doctype-xhtml-atom.xml
    [ "$status" -eq 0 ]
    [ "$(field https://harbour.example/ferry-timetable title)" = "Café owners back the new ferry timetable" ]
    [ "$(field https://harbour.example/ferry-timetable body)" = "The résumé text of the envoy’s talks — costs of €40… and naïve hopes." ]
    [ "$(field https://harbour.example/ferry-timetable source)" = "Harbour Desk – Valletta" ]
    [ "$(field tag:alpine.example,2026:zürich-1 title)" = "Zürich hosts the water summit" ]
    [ "$(field tag:alpine.example,2026:zürich-1 url)" = "https://alpine.example/zürich-summit" ]
    [ "$(field tag:alpine.example,2026:zürich-1 body)" = "Delegates from Åland and Gdańsk met on «shared rivers»." ]
    rm -rf "$DB"
    run "$INDEX" --quiet --no-entities --db "$DB" "$BATS_TEST_TMPDIR/no-doctype.xml"
    [ "$status" -eq 0 ]
    [ "$(field https://harbour.example/ferry-timetable body)" = "The résumé text of the envoy’s talks — costs of €40… and naïve hopes." ]
    [ "$(ids_for résumé)" = "https://harbour.example/ferry-timetable" ]
}

@test "relative links and ids resolve against xml:base, nested as RFC 3986 says" {
    index xml-base.xml rss-base.xml
    [ "$status" -eq 0 ]
    [ "$(field tag:base.example,2026:strike url)" = "https://base.example/world/strike-ends" ]
    [ "$(field tag:base.example,2026:grain url)" = "https://base.example/trade/grain?day=2" ]
    [ "$(field https://river.example/news/levee/repairs url)" = "https://river.example/news/levee/repairs" ]
}

@test "two feed files with the same relative link and GUID are two articles; the link is not a key" {
    index relative-a.xml relative-b.xml
    [ "$status" -eq 1 ]
    [[ "$output" == *'relative-a.xml:5: item 1: link "/world/1" is relative'* ]]
    [[ "$output" == *'relative-b.xml:5: item 1: link "/world/1" is relative'* ]]
    [[ "$output" == *"2 added, 0 replaced"* ]]
    [ "$(doc_count)" -eq 2 ]
    local a b
    a="file://$(realpath "$FIX/relative-a.xml")#1"
    b="file://$(realpath "$FIX/relative-b.xml")#1"
    [ "$(field "$a" title)" = "Alpha council approves the bridge budget" ]
    [ "$(field "$b" title)" = "Beta mayor opens the winter market" ]
    [ "$(field "$a" url)" = "null" ]
    index relative-a.xml relative-b.xml
    [[ "$output" == *"0 added, 2 replaced"* ]]
    [ "$(doc_count)" -eq 2 ]
}

@test "Windows-1252 punctuation labelled ISO-8859-1, and &#146;, is stored as the quotes it is" {
    index latin1-cp1252.xml
    [ "$status" -eq 0 ]
    [ "$(field https://quotes.example/minister-calm title)" = "Don’t panic, the finance minister tells markets" ]
    [ "$(field https://quotes.example/minister-calm body)" = "She said “don’t panic” twice; the bond rate fell – slightly … by noon. Café owners cheered." ]
    [ "$(field https://quotes.example/bank-refs body)" = "The governor’s line: “we won’t move” – not yet." ]
    [ "$(field https://quotes.example/escaped-refs body)" = "The envoy’s word: “calm”." ]
    [ "$(ids_for '"don'"'"'t panic"')" = "https://quotes.example/minister-calm" ]
    [ "$(ids_for '"won'"'"'t move"')" = "https://quotes.example/bank-refs" ]
    run bash -c "'$SEARCH' --db '$DB' --no-entities --json --limit 10 quotes OR governor OR minister | grep -ci 'u00[89]'"
    [ "$output" = "0" ]
}

@test "UTF-16 and UTF-32 feed files are read, with or without a byte order mark and --format" {
    index utf16le-bom.xml utf16be.xml utf32le-bom.xml
    [ "$status" -eq 0 ]
    [ "$(field https://wide.example/sixteen title)" = "Sixteen-bit café report from Gdańsk" ]
    [ "$(field https://wide.example/sixteen-be title)" = "Big-endian dispatch without a byte order mark" ]
    [ "$(field https://wide.example/thirty-two title)" = "Thirty-two-bit bulletin" ]
    rm -rf "$DB"
    run "$INDEX" --quiet --no-entities --format rss --db "$DB" "$FIX/utf16le-bom.xml"
    [ "$status" -eq 0 ]
    [ "$(field https://wide.example/sixteen source)" = "Wide Desk" ]
    # A lone surrogate at the end: told, and the article kept.
    { cat "$FIX/utf16le-bom.xml"; printf '\x00\xd8'; } > "$BATS_TEST_TMPDIR/lone.xml"
    rm -rf "$DB"
    run "$INDEX" --quiet --no-entities --db "$DB" "$BATS_TEST_TMPDIR/lone.xml"
    [ "$status" -eq 1 ]
    [[ "$output" == *"lone.xml: 1 invalid sequence in UTF-16LE replaced by U+FFFD"* ]]
    [ "$(field https://wide.example/sixteen title)" = "Sixteen-bit café report from Gdańsk" ]
}

@test "one broken item does not cost the others: every item read, each problem named by line" {
    index broken-item.xml
    [ "$status" -eq 1 ]
    [[ "$output" == *'broken-item.xml:11: not well-formed XML: 2 "&" that begin no entity (first "& Sons win t"); kept as text'* ]]
    [[ "$output" == *'broken-item.xml:13: not well-formed XML: an unknown entity ("&undeclared;"); kept as text'* ]]
    [[ "$output" == *"broken-item.xml:18: not well-formed XML: Opening and ending tag mismatch"* ]]
    [[ "$output" == *"read in recovery mode"* ]]
    [ "$(field https://loose.example/1 title)" = "First story stands on its own" ]
    [ "$(field https://loose.example/2 title)" = "Smith & Sons win the port contract" ]
    [ "$(field https://loose.example/2 body)" = "Shares of Smith & Sons rose; the &undeclared; rule stays." ]
    [ "$(field https://loose.example/3 title)" = "Third story has a broken tag" ]
    [ "$(field https://loose.example/4 title)" = "Fourth story comes after the break" ]
    [ "$(field https://loose.example/4 body)" = "Clean text after the damage." ]
}

@test "a tag left open in one item costs that item's shape only: every other item is read whole" {
    index unclosed-item.xml
    [ "$status" -eq 1 ]
    [[ "$output" == *'unclosed-item.xml:21: not well-formed XML: a "<" that begins no tag ("< 4 metres"); kept as text'* ]]
    [[ "$output" == *"unclosed-item.xml:11: not well-formed XML: Opening and ending tag mismatch"*"read in recovery mode"* ]]
    [[ "$output" == *"5 added"* ]]
    [ "$(field https://open.example/1 title)" = "Ferry timetable stays as it is" ]
    [ "$(field https://open.example/3 title)" = "Lighthouse keepers return" ]
    [ "$(field https://open.example/3 body)" = "Three keepers came back on Tuesday." ]
    [ "$(field https://open.example/4 title)" = "Tide gauge reads 3 < 4 metres" ]
    [ "$(field https://open.example/5 title)" = "Harbour dues rise a little" ]
    [ "$(ids_for bold)" != "" ]
}

@test "every common zone name and offset form gives the instant it means" {
    index zones.xml
    [ "$status" -eq 0 ]
    [ "$(field https://zones.example/cet published)" = "2026-03-02T11:00:00Z" ]
    [ "$(field https://zones.example/cest published)" = "2026-03-02T10:00:00Z" ]
    [ "$(field https://zones.example/bst published)" = "2026-03-02T11:00:00Z" ]
    [ "$(field https://zones.example/ist published)" = "2026-03-02T06:30:00Z" ]
    [ "$(field https://zones.example/jst published)" = "2026-03-02T03:00:00Z" ]
    [ "$(field https://zones.example/kst published)" = "2026-03-02T03:00:00Z" ]
    [ "$(field https://zones.example/msk published)" = "2026-03-02T09:00:00Z" ]
    [ "$(field https://zones.example/met published)" = "2026-03-02T11:00:00Z" ]
    [ "$(field https://zones.example/mest published)" = "2026-03-02T10:00:00Z" ]
    [ "$(field https://zones.example/eet published)" = "2026-03-02T10:00:00Z" ]
    [ "$(field https://zones.example/eest published)" = "2026-03-02T09:00:00Z" ]
    [ "$(field https://zones.example/wet published)" = "2026-03-02T12:00:00Z" ]
    [ "$(field https://zones.example/aest published)" = "2026-03-02T02:00:00Z" ]
    [ "$(field https://zones.example/et published)" = "2026-03-02T17:00:00Z" ]
    [ "$(field https://zones.example/pt published)" = "2026-03-02T20:00:00Z" ]
    [ "$(field https://zones.example/plain-offset published)" = "2026-03-02T10:00:00Z" ]
    [ "$(field https://zones.example/colon-offset published)" = "2026-03-02T10:00:00Z" ]
}

@test "bylines, content:encoded, dc:title, dc:description, dcterms dates, media:description and xhtml:body" {
    index byline.xml
    [ "$status" -eq 0 ]
    [ "$(field https://byline.example/quota author)" = "Ana Reyes, Tomas Berg" ]
    [ "$(field https://byline.example/quota body)" = "The full story: ministers agreed the quota after nine hours of talks in Reykjavik." ]
    [ "$(field https://byline.example/quota published)" = "2026-02-11T07:30:00Z" ]
    [ "$(field https://byline.example/customs author)" = "Lena Novak" ]
    [ "$(field https://byline.example/customs title)" = "Customs union talks resume" ]
    [ "$(field https://byline.example/customs body)" = "Negotiators meet again in Brussels." ]
    [ "$(field https://byline.example/customs published)" = "2026-02-12T08:00:00Z" ]
    [ "$(field https://byline.example/valley body)" = "Drone footage shows the flooded Ebro valley near Zaragoza." ]
    [ "$(field https://byline.example/valley published)" = "2026-02-13T12:00:00Z" ]
    [ "$(field https://byline.example/essay body)" = "Border towns trade salt and stories." ]
    [ "$(ids_for author:novak)" = "https://byline.example/customs" ]
    [ "$(ids_for 'author:"tomas berg"')" = "https://byline.example/quota" ]
}

@test "Atom 0.3: escaped, base64 and XML content, issued/created/modified dates, authors" {
    index atom03.xml
    [ "$status" -eq 0 ]
    [ "$(doc_count)" -eq 3 ]
    [ "$(field tag:works.example,2005:roads-report url)" = "http://works.example/roads-report" ]
    [ "$(field tag:works.example,2005:roads-report body)" = "The report covers bridges and tunnels." ]
    [ "$(field tag:works.example,2005:roads-report published)" = "2005-03-01T08:30:00Z" ]
    [ "$(field tag:works.example,2005:roads-report source)" = "Ministry of Works & Transport" ]
    [ "$(field tag:works.example,2005:roads-report author)" = "Press Office" ]
    [ "$(field tag:works.example,2005:canal-tender body)" = "Bids for the canal locks close in May." ]
    [ "$(field tag:works.example,2005:canal-tender published)" = "2005-04-05T08:00:00Z" ]
    [ "$(field tag:works.example,2005:canal-tender author)" = "Procurement Unit" ]
    [ "$(field tag:works.example,2005:harbour-visit body)" = "The minister inspected the new breakwater." ]
    [ "$(field tag:works.example,2005:harbour-visit published)" = "2005-05-10T15:00:00Z" ]
}

@test "an Atom entry's source gives its outlet and byline; the feed's are the default" {
    index atom-source.xml
    [ "$status" -eq 0 ]
    [ "$(field tag:planet.example,2026:1 source)" = "Ice Watch" ]
    [ "$(field tag:planet.example,2026:1 author)" = "Ice Watch Team" ]
    [ "$(field tag:planet.example,2026:2 source)" = "Planet Aggregator" ]
    [ "$(field tag:planet.example,2026:2 author)" = "Planet Editors" ]
}

@test "--base-url gives files the address their relative links are relative to" {
    run "$INDEX" --quiet --no-entities --base-url https://alpha.example/feeds/a.xml \
        --db "$DB" "$FIX/relative-a.xml" "$FIX/relative-path.xml"
    [ "$status" -eq 0 ]
    [ "$(field "file://$(realpath "$FIX/relative-a.xml")#1" url)" = "https://alpha.example/world/1" ]
    [ "$(field https://alpha.example/feeds/story/7 title)" = "Gamma port authority publishes tide tables" ]
    run "$INDEX" --quiet --base-url ftp://alpha.example/ --db "$DB" "$FIX/relative-a.xml"
    [ "$status" -eq 2 ]
    [[ "$output" == *'--base-url wants an http or https URL, not "ftp://alpha.example/"'* ]]
}

@test "a page's relative canonical link resolves against <base> or --base-url, and is never a key" {
    run "$INDEX" --quiet --no-entities --db "$DB" tests/fixtures/html/relative-canonical.html \
        tests/fixtures/html/relative-og-url.html
    [ "$status" -eq 1 ]
    [[ "$output" == *'relative-og-url.html: link "/world/1" is relative and nothing gives the address it is relative to; article kept without it'* ]]
    [ "$(field https://gamma.example/news/story-7 title)" = "Gamma port authority extends the night shift" ]
    [ "$(ids_for harbour)" != "/world/1" ]
    [ "$(doc_count)" -eq 2 ]
    rm -rf "$DB"
    run "$INDEX" --quiet --no-entities --base-url https://delta.example/today/ --db "$DB" \
        tests/fixtures/html/relative-og-url.html
    [ "$status" -eq 0 ]
    [ "$(field https://delta.example/world/1 title)" = "Delta council votes on the harbour bridge" ]
}
