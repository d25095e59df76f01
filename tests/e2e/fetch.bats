#!/usr/bin/env bats
# dossier-index --fetch: real HTTP against a local server on 127.0.0.1
# (tests/e2e/feed_server.py) serving fixtures and misbehaving on purpose.
# Each case checks the documented outcome, that nothing indexed before is
# lost, and that a rerun adds nothing twice.

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    export WWW="$BATS_FILE_TMPDIR/www" LOG="$BATS_FILE_TMPDIR/requests.log"
    mkdir -p "$WWW"
    cp tests/fixtures/feeds/* tests/fixtures/fetch/* "$WWW/"
    python3 tests/e2e/feed_server.py "$WWW" "$LOG" "$BATS_FILE_TMPDIR/port" \
        3>&- &
    echo $! > "$BATS_FILE_TMPDIR/server.pid"
    for _ in $(seq 50); do
        [ -s "$BATS_FILE_TMPDIR/port" ] && break
        sleep 0.1
    done
    PORT=$(cat "$BATS_FILE_TMPDIR/port")
    export PORT BASE="http://127.0.0.1:$PORT"
    sed -i "s/@PORT@/$PORT/g" "$WWW/summary.xml"
}

teardown_file() {
    kill "$(cat "$BATS_FILE_TMPDIR/server.pid")" 2>/dev/null || true
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    DB="$BATS_TEST_TMPDIR/index"
    LIST="$BATS_TEST_TMPDIR/feeds.txt"
    export DOSSIER_ENTITIES=feeds/entities.tsv
}

# Writes the feed list: one URL per argument, relative to the server.
feeds() {
    : > "$LIST"
    for path in "$@"; do echo "$BASE$path" >> "$LIST"; done
}

# A fetch run with test timings: no schedule, no host delay, short timeout.
fetch() {
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --interval 0 \
        --host-delay 0 --timeout 3 "$@"
    echo "$output"
}

doc_count() {
    xapian-delve "$DB" | sed -n 's/^number of documents = //p'
}

# The requests the server saw for PATH, as JSON lines.
requests_for() {
    jq -c --arg p "$1" 'select(.path == $p)' "$LOG"
}

@test "RSS 2.0, RSS 1.0 and Atom feeds are fetched and indexed" {
    feeds /f/rss2.xml /f/rss1.rdf /f/atom.xml
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"new       $BASE/f/rss2.xml: 3 new, 0 updated"* ]]
    [[ "$output" == *"new       $BASE/f/rss1.rdf: 2 new"* ]]
    [[ "$output" == *"new       $BASE/f/atom.xml: 2 new"* ]]
    [[ "$output" == *"3 feeds: 3 fetched, 0 unchanged, 0 failed, 0 not due; 7 new"* ]]
    [ "$(doc_count)" -eq 7 ]
    # Searchable like any article, with the feed's title as source.
    run "$SEARCH" --db "$DB" --json vienna
    [ "$status" -eq 0 ]
    [ "$(jq '.total' <<< "$output")" -ge 1 ]
    # The User-Agent names Dossier and its project; compression is offered.
    ua=$(requests_for /f/atom.xml | head -n 1 | jq -r .ua)
    [[ "$ua" == Dossier/*"+http"* ]]
    [[ "$(requests_for /f/atom.xml | head -n 1 | jq -r .ae)" == *gzip* ]]
}

@test "a second run gets 304 Not Modified and adds nothing" {
    feeds /f/rss2.xml /f/atom.xml
    fetch
    [ "$status" -eq 0 ]
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"unchanged $BASE/f/rss2.xml: 304 Not Modified"* ]]
    [[ "$output" == *"unchanged $BASE/f/atom.xml: 304 Not Modified"* ]]
    [ "$(doc_count)" -eq 5 ]
}

@test "ETag alone and Last-Modified alone each give a 304" {
    feeds /etag/rss1.rdf /lastmod/atom.xml
    fetch
    [ "$status" -eq 0 ]
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"unchanged $BASE/etag/rss1.rdf: 304 Not Modified"* ]]
    [[ "$output" == *"unchanged $BASE/lastmod/atom.xml: 304 Not Modified"* ]]
    # Each validator is sent back on its own: no made-up partner.
    last_etag=$(requests_for /etag/rss1.rdf | tail -n 1)
    [[ "$(jq -r .inm <<< "$last_etag")" == '"'* ]]
    [ "$(jq -r .ims <<< "$last_etag")" = null ]
    last_lm=$(requests_for /lastmod/atom.xml | tail -n 1)
    [ "$(jq -r .inm <<< "$last_lm")" = null ]
    [[ "$(jq -r .ims <<< "$last_lm")" == *GMT ]]
}

@test "a changed feed adds its new item and updates a changed one, keeping the rest" {
    cp "$WWW/rss2.xml" "$WWW/changing.xml"
    feeds /f/changing.xml
    fetch
    [ "$status" -eq 0 ]
    [ "$(doc_count)" -eq 3 ]
    # A new item, and new words in an old one.
    sed -i 's|<channel>|<channel><item><title>Fresh item on grain corridors</title><link>https://example.org/wire/grain</link><guid>wire-0099</guid><description>Grain ships resumed sailing.</description></item>|' "$WWW/changing.xml"
    sed -i '0,/<guid isPermaLink="false">wire-0001<\/guid>/s||<guid isPermaLink="false">wire-0001</guid><category>revised</category>|' "$WWW/changing.xml"
    sed -i 's|Vienna|Vienna (revised)|' "$WWW/changing.xml"
    touch -d '+2 seconds' "$WWW/changing.xml"
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"new       $BASE/f/changing.xml: 1 new, 1 updated, 0 duplicates, 2 already seen"* ]]
    [ "$(doc_count)" -eq 4 ]
    # A third run: nothing new, nothing twice.
    fetch
    [[ "$output" == *"304 Not Modified"* ]]
    [ "$(doc_count)" -eq 4 ]
}

@test "a permanent redirect chain is followed and its target stored" {
    feeds /moved
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 new"*"[redirected: $BASE/moved -> $BASE/moved2 -> $BASE/f/rss2.xml; moved permanently, stored]"* ]]
    before=$(requests_for /moved | wc -l)
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"304 Not Modified"* ]]
    # The second run went straight to the new address.
    [ "$(requests_for /moved | wc -l)" -eq "$before" ]
    [ "$(doc_count)" -eq 3 ]
}

@test "a temporary redirect is followed but not stored" {
    feeds /temp
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 new"*"[redirected: $BASE/temp -> $BASE/f/atom.xml]"* ]]
    before=$(requests_for /temp | wc -l)
    fetch
    [ "$(requests_for /temp | wc -l)" -eq $((before + 1)) ]
}

@test "a redirect loop and a chain of more than 5 fail; 5 hops are fine" {
    # /chain/N redirects N + 1 times.
    feeds /loop-a /chain/5 /chain/4
    fetch
    [ "$status" -eq 1 ]
    [[ "$output" == *"failed    $BASE/loop-a: redirect loop; next try after"* ]]
    [[ "$output" == *"failed    $BASE/chain/5: more than 5 redirects"* ]]
    [[ "$output" == *"new       $BASE/chain/4: 3 new"* ]]
    [ "$(doc_count)" -eq 3 ]
}

@test "404, 410 and 500 fail with their status, back off, and lose nothing" {
    feeds /f/atom.xml
    fetch
    [ "$(doc_count)" -eq 2 ]
    feeds /f/atom.xml /status/404 /status/410 /status/500
    fetch
    [ "$status" -eq 1 ]
    [[ "$output" == *"failed    $BASE/status/404: HTTP 404 Not Found; next try after"* ]]
    [[ "$output" == *"failed    $BASE/status/410: HTTP 410 Gone (the feed is gone: remove it from the list)"* ]]
    [[ "$output" == *"failed    $BASE/status/500: HTTP 500 Internal Server Error"* ]]
    [ "$(doc_count)" -eq 2 ]
    # Backed off: the next run does not ask them again.
    n404=$(requests_for /status/404 | wc -l)
    fetch
    [[ "$output" == *"skipped   $BASE/status/404: not due until"*"(after 1 failure: HTTP 404 Not Found)"* ]]
    [ "$(requests_for /status/404 | wc -l)" -eq "$n404" ]
    # --force asks again; the backoff doubles.
    fetch --force
    [[ "$output" == *"failed    $BASE/status/500: HTTP 500"* ]]
    [ "$(xapian-metadata list "$DB" 'dossier:feed:' | wc -l)" -ge 4 ]
    state=$(for k in $(xapian-metadata list "$DB" 'dossier:feed:'); do
                xapian-metadata get "$DB" "$k"; done |
            jq -c 'select(.last_error != null and (.last_error | test("404")))')
    [ "$(jq .failures <<< "$state")" -eq 2 ]
    [ $(( $(jq .next_fetch <<< "$state") - $(jq .last_attempt <<< "$state") )) -eq 1800 ]
    [ "$(doc_count)" -eq 2 ]
}

@test "429 with Retry-After: the feed and its host wait as asked" {
    feeds /status/429 /f/rss2.xml
    fetch
    [ "$status" -eq 1 ]
    [[ "$output" == *"failed    $BASE/status/429: HTTP 429 Too Many Requests; next try after"* ]]
    # The rest of the host is not asked in the same run.
    [[ "$output" == *"skipped   $BASE/f/rss2.xml: not asked: its host asked us to wait until"* ]]
    state=$(xapian-metadata list "$DB" 'dossier:feed:' | while read -r k; do
                xapian-metadata get "$DB" "$k"; done | jq -c 'select(.last_error != null)')
    wait=$(( $(jq .next_fetch <<< "$state") - $(jq .last_attempt <<< "$state") ))
    [ "$wait" -ge 3590 ]
    [ "$wait" -le 3610 ]
    n=$(requests_for /status/429 | wc -l)
    fetch
    [ "$(requests_for /status/429 | wc -l)" -eq "$n" ]
}

@test "a server that stalls times out; the other feeds go on" {
    feeds /stall /f/rss1.rdf
    start=$(date +%s)
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --interval 0 \
        --host-delay 0 --timeout 2
    echo "$output"
    [ "$status" -eq 1 ]
    [ $(( $(date +%s) - start )) -lt 10 ]
    [[ "$output" == *"failed    $BASE/stall: timed out after 2.0 s"* ]]
    [[ "$output" == *"new       $BASE/f/rss1.rdf: 2 new"* ]]
}

@test "an endless body stops at the size cap" {
    feeds /endless
    fetch --max-response-bytes 1000000
    [ "$status" -eq 1 ]
    [[ "$output" == *"failed    $BASE/endless: response larger than 1000000 bytes"* ]]
}

@test "gzip content is decoded" {
    feeds /gzip/rss2.xml
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 new"* ]]
}

@test "malformed XML is read in recovery mode with a warning; an entity bomb fails cleanly, naming the line" {
    feeds /f/atom.xml
    fetch
    feeds /f/atom.xml /f/malformed.xml /f/bomb.xml
    fetch
    [ "$status" -eq 1 ]
    [[ "$output" == *"$BASE/f/malformed.xml:11: not well-formed XML: Opening and ending tag mismatch"*"read in recovery mode"* ]]
    [[ "$output" == *"new       $BASE/f/malformed.xml: 2 new"* ]]
    [[ "$output" == *"failed    $BASE/f/bomb.xml: not well-formed XML: Detected an entity reference loop"* ]]
    [ "$(doc_count)" -eq 4 ]
}

@test "windows-1251, declared in the feed or only in Content-Type, becomes UTF-8" {
    feeds /f/windows-1251.xml
    fetch
    [ "$status" -eq 0 ]
    run "$SEARCH" --db "$DB" --json 'lang:ru'
    [ "$(jq -r '.hits[0].title' <<< "$output")" = "Переговоры в Минске продолжатся" ]
    rm -rf "$DB"
    feeds /charset/windows-1251.xml
    fetch
    [ "$status" -eq 0 ]
    run "$SEARCH" --db "$DB" --json 'lang:ru'
    [ "$(jq -r '.hits[0].title' <<< "$output")" = "Переговоры в Минске продолжатся" ]
}

@test "the same story in two feeds is indexed once" {
    feeds /f/same-story-a.xml /f/same-story-b.xml
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"new       $BASE/f/same-story-a.xml: 2 new"* ]]
    [[ "$output" == *"unchanged $BASE/f/same-story-b.xml: 0 new, 0 updated, 1 duplicates"* ]]
    [ "$(doc_count)" -eq 2 ]
}

@test "GUIDs that change for the same links add nothing twice" {
    feeds /unstable
    fetch
    [[ "$output" == *"3 new"* ]]
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"0 new, 0 updated, 0 duplicates, 3 already seen"* ]]
    [ "$(doc_count)" -eq 3 ]
}

@test "--full-text indexes the linked page's main text, or keeps the summary" {
    feeds /f/summary.xml
    fetch --full-text
    [ "$status" -eq 0 ]
    [[ "$output" == *"no-such-page.html: full text: HTTP 404 Not Found; the summary is indexed"* ]]
    [ "$(doc_count)" -eq 2 ]
    run "$SEARCH" --db "$DB" --json cartographer
    [ "$(jq -r '.hits[0].title' <<< "$output")" = "Envoys agree on a schedule for border talks" ]
    # The page's boilerplate is not indexed.
    run "$SEARCH" --db "$DB" --json copyright
    [ "$(jq '.total' <<< "$output")" -eq 0 ]
}

@test "a bad date in a feed and markup simplified in a page are warnings: both articles are indexed" {
    # A page whose story sits 400 <div>s deep: past the parser's bound,
    # its tags are dropped and its text kept.
    perl -e 'print "<html><head><title>Cormorant census</title></head><body>\n",
                   "<div>" x 400,
                   "<p>Wardens counted four hundred cormorants nesting on the sea stacks this spring, twice the tally of last year, and closed the cliff path until the chicks fledge.</p>",
                   "</div>" x 400, "</body></html>\n"' > "$WWW/nested-page.html"
    cat > "$WWW/warned.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Warned Gazette</title>
<item><title>Ferry notice</title><guid isPermaLink="false">warned-1</guid>
<pubDate>someday soon</pubDate>
<description>The ferry to the outer islands resumes sailing in spring.</description></item>
<item><title>Cormorant census</title><guid isPermaLink="false">warned-2</guid>
<link>$BASE/page/nested-page.html</link><pubDate>Tue, 07 Nov 2023 08:00:00 GMT</pubDate>
<description>Wardens counted birds.</description></item>
</channel></rss>
EOF
    feeds /f/warned.xml
    fetch --full-text
    # A problem in an item fails no feed (as before: the exit status of
    # --fetch is about feeds).
    [ "$status" -eq 0 ]
    [[ "$output" == *'bad date "someday soon"; article kept without a date'* ]]
    [[ "$output" == *"nested-page.html: full text: markup simplified before parsing, text kept: "* ]]
    # The page's text is what is indexed, not the summary.
    [[ "$output" != *"the summary is indexed"* ]]
    [[ "$output" == *"new       $BASE/f/warned.xml: 2 new, 0 updated"* ]]
    [[ "$output" == *"2 added, 0 replaced, 0 merged (exact duplicates), 0 near-duplicates, 0 rejected, 2 warnings;"* ]]
    [ "$(doc_count)" -eq 2 ]
    run "$SEARCH" --db "$DB" --json ferry
    [ "$(jq '.total' <<< "$output")" -eq 1 ]
    [ "$(jq -r '.hits[0].title' <<< "$output")" = "Ferry notice" ]
    run "$SEARCH" --db "$DB" --json 'sea stacks'
    [ "$(jq '.total' <<< "$output")" -eq 1 ]
    [ "$(jq -r '.hits[0].title' <<< "$output")" = "Cormorant census" ]
}

@test "requests to one host are spaced by --host-delay on one connection" {
    feeds /plain/rss2.xml /plain/rss1.rdf /plain/atom.xml
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --interval 0 \
        --host-delay 400
    [ "$status" -eq 0 ]
    times=$(jq -r 'select(.path | startswith("/plain/")) | .t' "$LOG" | tail -n 3)
    echo "$times"
    gaps=$(awk 'NR > 1 { printf "%d\n", ($1 - prev) * 1000 } { prev = $1 }' <<< "$times")
    echo "$gaps"
    for g in $gaps; do [ "$g" -ge 380 ]; done
    [ "$(jq -r 'select(.path | startswith("/plain/")) | .port' "$LOG" | tail -n 3 | sort -u | wc -l)" -eq 1 ]
}

@test "the schedule: a feed fetched is not due again before --interval" {
    feeds /f/rss2.xml
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --host-delay 0
    [ "$status" -eq 0 ]
    n=$(requests_for /f/rss2.xml | wc -l)
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --host-delay 0
    [[ "$output" == *"skipped   $BASE/f/rss2.xml: not due until"* ]]
    [ "$(requests_for /f/rss2.xml | wc -l)" -eq "$n" ]
}

@test "killed mid-run, the index and the state stay as of the last commit" {
    feeds /f/rss2.xml
    fetch
    [ "$(doc_count)" -eq 3 ]
    feeds /f/rss2.xml /f/atom.xml /stall
    "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --interval 0 \
        --host-delay 0 --timeout 20 > /dev/null 2>&1 &
    pid=$!
    for _ in $(seq 50); do
        requests_for /stall | grep -q . && break
        sleep 0.1
    done
    kill -9 "$pid"
    wait "$pid" || true
    [ "$(doc_count)" -eq 3 ]
    # The state survived: rss2 is still known (304), atom was never
    # committed, so it is fetched in full.
    feeds /f/rss2.xml /f/atom.xml
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"unchanged $BASE/f/rss2.xml: 304 Not Modified"* ]]
    [[ "$output" == *"new       $BASE/f/atom.xml: 2 new"* ]]
    [ "$(doc_count)" -eq 5 ]
}

@test "--check lists the feeds that fail and writes nothing" {
    feeds /f/rss2.xml /status/404 /f/malformed.xml
    run "$INDEX" --check --feeds "$LIST" --db "$DB" --host-delay 0 --timeout 3
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"ok        $BASE/f/rss2.xml: 3 items"* ]]
    [[ "$output" == *"failed    $BASE/status/404: HTTP 404 Not Found"* ]]
    [[ "$output" == *"ok        $BASE/f/malformed.xml: 2 items"* ]]
    [[ "$output" == *"$BASE/f/malformed.xml:11: not well-formed XML"* ]]
    [[ "$output" == *"3 feeds checked, 1 failed or not asked"* ]]
    [ ! -e "$DB" ]
}

@test "--dry-run shows the conditional requests and asks nothing" {
    feeds /f/rss2.xml /status/500
    fetch
    n=$(wc -l < "$LOG")
    run "$INDEX" --dry-run --feeds "$LIST" --db "$DB" --interval 0
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"fetch     $BASE/f/rss2.xml If-None-Match: \""*"If-Modified-Since: "*GMT* ]]
    [[ "$output" == *"skip      $BASE/status/500: not due until"*"HTTP 500"* ]]
    [ "$(wc -l < "$LOG")" -eq "$n" ]
}

@test "OPML lists give titles and categories; bad entries are named" {
    cat > "$BATS_TEST_TMPDIR/feeds.opml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>t</title></head><body>
  <outline text="Cyber security">
    <outline type="rss" text="Test wire" xmlUrl="$BASE/f/rss1.rdf"/>
    <outline type="rss" text="Bad" xmlUrl="ftp://example.org/feed"/>
  </outline>
  <outline type="rss" text="Atom" xmlUrl="$BASE/f/atom.xml" category="europe"/>
</body></opml>
EOF
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$BATS_TEST_TMPDIR/feeds.opml" \
        --interval 0 --host-delay 0
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"feeds.opml:5: skipped: \"ftp://example.org/feed\" is not an http or https URL"* ]]
    [[ "$output" == *"2 feeds: 2 fetched"* ]]
    run xapian-delve -t "Kcyber-security" "$DB"
    [ "$status" -eq 0 ]
    run xapian-delve -t "Keurope" "$DB"
    [ "$status" -eq 0 ]
}

@test "a plain list names its bad lines; a missing list is a fatal error" {
    printf '# feeds\n\n%s\nnot a url\n%s\n' "$BASE/f/atom.xml" "$BASE/f/atom.xml" > "$LIST"
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"feeds.txt:4: skipped: \"not a url\" is not an http or https URL"* ]]
    [[ "$output" == *"feeds.txt:5: skipped: the same feed as line 3"* ]]
    run "$INDEX" --fetch --db "$DB" --feeds "$BATS_TEST_TMPDIR/none.opml"
    [ "$status" -eq 2 ]
    [[ "$output" == *"none.opml: cannot open the feed list"* ]]
}

@test "a damaged stored state is reported and the feed starts afresh" {
    feeds /f/rss2.xml
    fetch
    key=$(xapian-metadata list "$DB" 'dossier:feed:' | head -n 1)
    xapian-metadata set "$DB" "$key" '{"items": "garbage'
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"the stored state of this feed is unreadable; it starts afresh"* ]]
    [ "$(doc_count)" -eq 3 ]
}

@test "the shipped feed list: 40+ real feeds, each with a title and a known category" {
    # --dry-run reads the list and the (absent) state only: no network.
    run "$INDEX" --dry-run --db "$DB" --feeds feeds/feeds.opml
    [ "$status" -eq 0 ]
    [ "$(grep -c '^fetch     https\?://' <<< "$output")" -ge 40 ]
    [[ "$output" == *"https://research.checkpoint.com/feed/"* ]]
    n=$(grep -c 'type="rss"' feeds/feeds.opml)
    [ "$(grep -c 'type="rss"[^>]* title="[^"]\+"[^>]* xmlUrl="https\?://[^"]\+"[^>]* category="\(world-wire\|asia\|europe\|russia-ukraine\|middle-east\|think-tanks\|government\|cyber-security\)"' feeds/feeds.opml)" -eq "$n" ]
    for c in world-wire asia europe russia-ukraine middle-east think-tanks government cyber-security; do
        grep -q "category=\"$c\"" feeds/feeds.opml
    done
}

@test "items without GUIDs (or links) are recognised on the next fetch" {
    cp "$WWW/no-guids.xml" "$WWW/no-guids-2.xml"
    feeds /f/no-guids-2.xml
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 new"* ]]
    # The feed changes (a new item on top), so it is read in full again.
    sed -i 's|<channel>|<channel><item><title>Ferry line reopens</title><description>Service resumed on the northern route.</description></item>|' "$WWW/no-guids-2.xml"
    touch -d '+2 seconds' "$WWW/no-guids-2.xml"
    fetch
    [ "$status" -eq 0 ]
    [[ "$output" == *"1 new, 0 updated, 0 duplicates, 2 already seen"* ]]
    [ "$(doc_count)" -eq 3 ]
}

@test "on a terminal a progress line is drawn; --quiet silences it" {
    feeds /plain/rss2.xml /plain/atom.xml
    run script -qec "$INDEX --fetch --db $DB --feeds $LIST --interval 0 --host-delay 300" /dev/null
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"feeds fetched"* ]]
    run script -qec "$INDEX --fetch --quiet --db $DB.2 --feeds $LIST --interval 0 --host-delay 300" /dev/null
    [[ "$output" != *"feeds fetched"* ]]
}

@test "503 with Retry-After waits as asked" {
    feeds /status/503
    fetch
    [ "$status" -eq 1 ]
    [[ "$output" == *"failed    $BASE/status/503: HTTP 503 Service Unavailable; next try after"* ]]
    state=$(xapian-metadata get "$DB" "$(xapian-metadata list "$DB" 'dossier:feed:' | head -n 1)")
    wait=$(( $(jq .next_fetch <<< "$state") - $(jq .last_attempt <<< "$state") ))
    [ "$wait" -ge 3590 ]
    [ "$wait" -le 3610 ]
    [ "$(jq .failures <<< "$state")" -eq 1 ]
}

@test "interrupted while fetching: exit 130, what was fetched is indexed" {
    feeds /f/rss2.xml /stall
    before=$(requests_for /stall | wc -l)
    "$INDEX" --fetch --quiet --db "$DB" --feeds "$LIST" --interval 0 \
        --host-delay 0 --timeout 20 > "$BATS_TEST_TMPDIR/out" 2>&1 &
    pid=$!
    # Once the server holds the stalled request, rss2 is in.
    for _ in $(seq 50); do
        [ "$(requests_for /stall | wc -l)" -gt "$before" ] && break
        sleep 0.1
    done
    kill -INT "$pid"
    status=0
    wait "$pid" || status=$?
    cat "$BATS_TEST_TMPDIR/out"
    [ "$status" -eq 130 ]
    grep -q "new       $BASE/f/rss2.xml: 3 new" "$BATS_TEST_TMPDIR/out"
    grep -q "skipped   $BASE/stall: not fetched: interrupted" "$BATS_TEST_TMPDIR/out"
    [ "$(doc_count)" -eq 3 ]
}

@test "a redirect to another scheme is refused; a locked index is a fatal error" {
    feeds /to-file
    fetch
    [ "$status" -eq 1 ]
    [[ "$output" == *"failed    $BASE/to-file: not an http or https URL"* ]]
    [[ "$output" != *"root:"* ]]
    # Another writer holds the index: exit 2, nothing fetched.
    feeds /f/atom.xml
    fetch
    n=$(requests_for /f/atom.xml | wc -l)
    # A dossier-index reading a FIFO holds the lock until the FIFO is fed.
    mkfifo "$BATS_TEST_TMPDIR/fifo"
    "$INDEX" --db "$DB" --quiet "$BATS_TEST_TMPDIR/fifo" 3>&- &
    holder=$!
    sleep 0.5
    fetch --force
    : > "$BATS_TEST_TMPDIR/fifo"
    wait "$holder" || true
    [ "$status" -eq 2 ]
    [[ "$output" == *"is being written by another process"* ]]
    [ "$(requests_for /f/atom.xml | wc -l)" -eq "$n" ]
}

@test "bad fetch options are usage errors (exit 2) that say what they want" {
    run "$INDEX" --fetch --db "$DB" --feeds "$LIST" --timeout 0
    [ "$status" -eq 2 ]
    [[ "$output" == *'--timeout wants 1 to 3600 seconds, not "0"'* ]]
    run "$INDEX" --fetch --db "$DB" --feeds "$LIST" --host-delay 1s
    [ "$status" -eq 2 ]
    [[ "$output" == *'--host-delay wants 0 to 60000 ms, not "1s"'* ]]
    run "$INDEX" --fetch --db "$DB" --feeds "$LIST" --interval -5
    [ "$status" -eq 2 ]
    run "$INDEX" --fetch --db "$DB" --feeds "$LIST" --max-response-bytes 0
    [ "$status" -eq 2 ]
    # --fetch takes no files.
    run "$INDEX" --fetch --db "$DB" --feeds "$LIST" extra.jsonl
    [ "$status" -eq 2 ]
    [ ! -e "$DB" ]
}

# The stored field $2 of the article with id $1.
stored_field() {
    "$SEARCH" --db "$DB" --no-entities --json --show "$1" | jq -r ".$2"
}

@test "relative links resolve against Content-Location, else the feed's URL; two sites' /world/1 stay two stories" {
    feeds /located/alpha.example/relative-a.xml /located/beta.example/relative-b.xml
    fetch
    [ "$status" -eq 0 ]
    [ "$(doc_count)" -eq 2 ]
    local a b
    a="$BASE/located/alpha.example/relative-a.xml#1"
    b="$BASE/located/beta.example/relative-b.xml#1"
    [ "$(stored_field "$a" url)" = "http://alpha.example/world/1" ]
    [ "$(stored_field "$b" url)" = "http://beta.example/world/1" ]
    [ "$(stored_field "$a" title)" = "Alpha council approves the bridge budget" ]
    [ "$(stored_field "$b" title)" = "Beta mayor opens the winter market" ]
}

@test "a relative Content-Location resolves against the feed's URL, and links against it" {
    feeds /relocated/relative-path.xml
    fetch
    [ "$status" -eq 0 ]
    [ "$(stored_field "$BASE/elsewhere/story/7" title)" = "Gamma port authority publishes tide tables" ]
    rm -rf "$DB"
    feeds /f/relative-path.xml
    fetch
    [ "$status" -eq 0 ]
    [ "$(stored_field "$BASE/f/story/7" title)" = "Gamma port authority publishes tide tables" ]
}

@test "a fetched UTF-16 feed and the same file on disk store the same article" {
    feeds /f/utf16le-bom.xml
    fetch
    [ "$status" -eq 0 ]
    [ "$(stored_field https://wide.example/sixteen title)" = "Sixteen-bit café report from Gdańsk" ]
    local fetched
    fetched=$("$SEARCH" --db "$DB" --no-entities --json --show https://wide.example/sixteen | jq -c '{title, body, source}')
    rm -rf "$DB"
    run "$INDEX" --quiet --no-entities --db "$DB" tests/fixtures/feeds/utf16le-bom.xml
    [ "$status" -eq 0 ]
    [ "$("$SEARCH" --db "$DB" --no-entities --json --show https://wide.example/sixteen | jq -c '{title, body, source}')" = "$fetched" ]
}
