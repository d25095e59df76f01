#!/usr/bin/env bats
# Fault families, kept as SQLite keeps its fault and corruption tests: what
# an adversarial sweep once found to hold, checked again on inputs made at
# test time.
#
#   1. reads during commits: every read succeeds with a committed total;
#   2. damaged index copies: each way of reading or writing one succeeds
#      sanely or fails cleanly, naming the index or the damage;
#   3. racing writers: one lock holder at a time, the others refused at
#      once, and the index holds exactly the winners' articles;
#   4. hostile payloads through every parameter of the page;
#   5. entity bombs and external entities in feeds and OPML lists.
#
# A family that meets an open bug (fault_helpers.bash lists them) checks
# everything else, then skips naming the bug.

bats_require_minimum_version 1.5.0

load fault_helpers

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    SEARCH="$BUILD/bin/dossier-search"
    CGI="$BUILD/bin/dossier.cgi"
    T="$BATS_TEST_TMPDIR"
    DB="$T/index"
    FAILURES="$T/failures" KNOWN="$T/known"
    : > "$FAILURES"
    : > "$KNOWN"
    export DOSSIER_ENTITIES=feeds/entities.tsv
    unset DOSSIER_DB
}

teardown() {
    stop_feed_server
}

# ---------------------------------------------------- 1. reads during commits

# The messages of reads that lost a race with a commit (fixed: readers
# reopen and retry): Xapian's "reopen and retry", or, opening while a
# commit reuses blocks, a table's root read as another.
READ_RACE='DatabaseModifiedError|cannot open index [^:]*: DatabaseCorruptError'

# One read of kind $1 of the index $DB, noted in $T/reads as
# "KIND STATUS TOTAL EXACT COUNTED" (COUNTED: what the facets counted),
# its stderr kept when it failed.
read_once() {
    local out="$T/read.out" err="$T/read.err" rc=0 status=-
    case $1 in
        cli) timeout 20 "$SEARCH" --db "$DB" --json --facets --limit 3 ledger ;;
        cgi) env REQUEST_METHOD=GET QUERY_STRING='q=ledger&format=json&per=3' \
                 DOSSIER_DB="$DB" timeout 20 "$CGI" ;;
        show) timeout 20 "$SEARCH" --db "$DB" --show w-0 ;;
        similar) env REQUEST_METHOD=GET QUERY_STRING='similar=w-1&format=json' \
                     DOSSIER_DB="$DB" timeout 20 "$CGI" ;;
    esac > "$out" 2> "$err" < /dev/null || rc=$?
    case $1 in
        cgi | similar)
            status=$(head -n 1 "$out" | cut -d' ' -f2)
            sed -i '1,/^\r$/d' "$out" ;;
    esac
    local counts="- - -"
    case $1 in
        cli | cgi) counts=$(jq -r '[.total, .total_exact, .facets.counted_documents] | map(tostring) | join(" ")' \
                               "$out" 2>/dev/null) || counts="- - -" ;;
        show) grep -q '^Lighthouse ledger 0$' "$out" && counts="shown - -" ;;
        similar) jq -e '.hits | length > 0' "$out" > /dev/null 2>&1 && counts="related - -" ;;
    esac
    local failed=0
    if [ "$rc" -ne 0 ] || { [ "$status" != - ] && [ "$status" != 200 ]; } || [ -s "$err" ]; then
        failed=1
    fi
    # The open bug: noted apart, and not counted as a read.
    if [ "$failed" -eq 1 ] && grep -qE "$READ_RACE" "$err"; then
        counts="modified - -"
    fi
    echo "$1 $rc $status ${counts:-- - -}" >> "$T/reads"
    if has_sanitizer_report "$err"; then
        echo "read $(wc -l < "$T/reads") ($1): $(head -c 600 "$err")" >> "$T/read-sanitizer"
    fi
    if [ "$failed" -eq 1 ]; then
        echo "read $(wc -l < "$T/reads") ($1): exit $rc, status $status: $(head -c 400 "$err" | tr '\n' ' ')" >> "$T/read-errors"
    fi
}

@test "reads during commits: each succeeds with a committed total, never one going back" {
    local runs=16 per=40 batch=4 r
    for ((r = 0; r < runs; r++)); do
        ledger_articles $((r * per)) $((r * per + per - 1)) > "$T/in$r.jsonl"
    done
    run "$INDEX" --db "$DB" --quiet --jobs 1 --batch "$batch" "$T/in0.jsonl"
    [ "$status" -eq 0 ]
    : > "$T/reads"
    : > "$T/read-errors"
    : > "$T/read-sanitizer"
    # The writer: fifteen more runs, each committing every $batch
    # articles, a pause between two.
    (
        for ((r = 1; r < runs; r++)); do
            sleep 0.1
            rc=0
            "$INDEX" --db "$DB" --quiet --jobs 1 --batch "$batch" "$T/in$r.jsonl" \
                >> "$T/writer.log" 2>&1 || rc=$?
            echo "$rc" >> "$T/writer.status"
        done
        touch "$T/writer.done"
    ) 3>&- &
    local writer=$! rounds=0
    # The readers, one after the other, until the writer is done: a few
    # hundred reads at most.
    while [ ! -e "$T/writer.done" ] && [ "$rounds" -lt 75 ]; do
        read_once cli
        read_once cgi
        read_once show
        read_once similar
        rounds=$((rounds + 1))
    done
    wait "$writer"
    read_once cli
    read_once cgi
    echo "writer: $(tr '\n' ' ' < "$T/writer.status")"
    [ "$(sort -u "$T/writer.status")" = 0 ]
    [ "$(wc -l < "$T/writer.status")" -eq $((runs - 1)) ]
    run has_sanitizer_report "$T/writer.log"
    [ "$status" -eq 1 ]
    cat "$T/read-sanitizer"
    [ ! -s "$T/read-sanitizer" ]
    echo "$(wc -l < "$T/reads") reads, totals seen: $(awk '$1 == "cli" || $1 == "cgi" { print $4 }' "$T/reads" | uniq | tr '\n' ' ')"
    # Every read that failed for another reason than the open bug fails
    # the test.
    local other
    other=$(grep -vE "$READ_RACE" "$T/read-errors" || true)
    echo "$other"
    [ -z "$other" ]
    # Each successful count: a total committed (a multiple of the batch,
    # at most what was written), exact, counted whole by the facets, and
    # never below an earlier one.
    local kind rc status total exact counted last=0 bad=""
    while read -r kind rc status total exact counted; do
        [ "$total" = modified ] && continue # the open bug, below
        case $kind in
            show) [ "$total" = shown ] || bad+="show: not the article; " ;;
            similar) [ "$total" = related ] || bad+="similar: no related article; " ;;
            *)
                [[ "$total" =~ ^[0-9]+$ ]] || { bad+="$kind: total '$total'; "; continue; }
                [ $((total % batch)) -eq 0 ] || bad+="$kind: total $total was never committed; "
                [ "$total" -le $((runs * per)) ] || bad+="$kind: total $total is more than was written; "
                [ "$total" -ge "$last" ] || bad+="$kind: total $total after $last; "
                [ "$exact" = true ] || bad+="$kind: total_exact $exact; "
                [ "$counted" = "$total" ] || bad+="$kind: facets counted $counted of $total; "
                last=$total ;;
        esac
    done < "$T/reads"
    echo "$bad"
    [ -z "$bad" ]
    # The last reads see everything.
    [ "$(tail -n 2 "$T/reads" | awk '{ print $4 }' | sort -u)" = $((runs * per)) ]
    # No read failed: a writer's commit makes readers retry, never fail.
    run cat "$T/read-errors"
    echo "$output"
    [ -z "$output" ]
}

# ---------------------------------------------------- 2. damaged index copies

@test "damaged copies: each file of the index cut to half its length, or emptied" {
    make_orchard_base
    local f dir
    for f in "$BASE"/*; do
        f=$(basename "$f")
        [ "$f" = flintlock ] && continue
        dir=$(damaged_copy "half-$f")
        truncate -s $(($(stat -c %s "$dir/$f") / 2)) "$dir/$f"
        damage_all "half-$f" "$dir"
    done
    for f in iamglass postlist.glass docdata.glass facets.image; do
        dir=$(damaged_copy "emptied-$f")
        : > "$dir/$f"
        damage_all "emptied-$f" "$dir"
    done
    damage_verdict
}

@test "damaged copies: bytes flipped mid-table, mid-block everywhere, and in the newest block" {
    make_orchard_base
    local f dir size
    for f in postlist termlist docdata position spelling; do
        size=$(stat -c %s "$BASE/$f.glass")
        dir=$(damaged_copy "flipped-$f.glass")
        flip_bytes "$dir/$f.glass" $((size / 2 - 64)) 128
        damage_all "flipped-$f.glass" "$dir"
    done
    for f in postlist termlist docdata; do
        dir=$(damaged_copy "every-block-$f.glass")
        flip_every_block "$dir/$f.glass"
        damage_all "every-block-$f.glass" "$dir"
    done
    for f in postlist termlist docdata position; do
        dir=$(damaged_copy "newest-block-$f.glass")
        flip_newest_block "$dir/$f.glass"
        damage_all "newest-block-$f.glass" "$dir"
    done
    for f in iamglass facets.image gazetteer.image; do
        size=$(stat -c %s "$BASE/$f")
        dir=$(damaged_copy "flipped-$f")
        flip_bytes "$dir/$f" $((size / 2 - 16)) 32
        damage_all "flipped-$f" "$dir"
    done
    damage_verdict
}

@test "damaged copies: a file deleted, iamglass garbage, the folder emptied" {
    make_orchard_base
    local f dir
    for f in "$BASE"/*; do
        f=$(basename "$f")
        [ "$f" = flintlock ] && continue
        dir=$(damaged_copy "deleted-$f")
        rm "$dir/$f"
        damage_all "deleted-$f" "$dir"
    done
    dir=$(damaged_copy garbage-iamglass)
    head -c "$(stat -c %s "$BASE/iamglass")" /dev/urandom > "$dir/iamglass"
    damage_all garbage-iamglass "$dir"
    dir=$(damaged_copy garbage-images)
    head -c 4096 /dev/urandom > "$dir/facets.image"
    head -c 4096 /dev/urandom > "$dir/gazetteer.image"
    damage_all garbage.image "$dir"
    dir=$(damaged_copy empty-folder)
    rm -rf "${dir:?}"/*
    damage_all empty-folder "$dir"
    damage_verdict
}

# ---------------------------------------------------- 3. racing writers

# Starts writer $1 of a race on $DB: its articles on standard input after
# $2 seconds; its exit status, output and end time (ns) in $T/w$1.*.
racer() {
    local i=$1 delay=$2
    shift 2
    (
        { sleep "$delay"; cat "$T/w$i.jsonl"; } |
            {
                rc=0
                "$INDEX" --db "$DB" --quiet "$@" - > "$T/w$i.out" 2>&1 || rc=$?
                echo "$rc" > "$T/w$i.rc"
                date +%s%N > "$T/w$i.end"
            }
    ) 3>&- &
}

# Checks a race of $1 writers: each either completed or was refused with
# the lock's message; the index holds exactly the winners' articles.
# Prints the winners.
check_race() {
    local n=$1 i winners=() expected=""
    for ((i = 1; i <= n; i++)); do
        local rc
        rc=$(cat "$T/w$i.rc")
        if has_sanitizer_report "$T/w$i.out"; then
            echo "writer $i: $(cat "$T/w$i.out")"
            return 1
        fi
        if [ "$rc" -eq 0 ]; then
            grep -q '30 added' "$T/w$i.out" || { echo "writer $i: $(cat "$T/w$i.out")"; return 1; }
            winners+=("$i")
            expected+=$(for ((k = 0; k < 30; k++)); do echo "r$i-$k"; done)$'\n'
        elif [ "$rc" -eq 2 ]; then
            grep -qF "index $DB is being written by another process" "$T/w$i.out" ||
                { echo "writer $i refused: $(cat "$T/w$i.out")"; return 1; }
        else
            echo "writer $i: exit $rc: $(cat "$T/w$i.out")"
            return 1
        fi
    done
    [ "${#winners[@]}" -ge 1 ] || { echo "no writer completed"; return 1; }
    local got
    got=$("$SEARCH" --db "$DB" --json --no-collapse --limit 1000 'relay' |
              jq -r '.total_exact, .total, (.hits[].id)')
    [ "$(sed -n 1p <<< "$got")" = true ] || { echo "total not exact"; return 1; }
    [ "$(sed -n 2p <<< "$got")" -eq $((30 * ${#winners[@]})) ] ||
        { echo "$(sed -n 2p <<< "$got") articles for winners ${winners[*]}"; return 1; }
    diff <(sed 1,2d <<< "$got" | sort) <(grep . <<< "$expected" | sort) ||
        { echo "the index's ids are not the winners' (${winners[*]})"; return 1; }
    xapian-check "$DB" > /dev/null || { echo "xapian-check fails"; return 1; }
    echo "winners: ${winners[*]}"
}

@test "racing writers: the lock holders complete, the others are refused at once, the index holds the winners' articles" {
    local i round
    for i in 1 2 3 4 5 6; do
        relay_articles "$i" > "$T/w$i.jsonl"
    done
    # Free races: six writers at once on an empty index, their input
    # ready; one after another may win the lock.
    for round in 1 2 3; do
        rm -rf "$DB" "$DB".* "$T"/w*.rc
        for i in 1 2 3 4 5 6; do
            if [ "$round" -eq 2 ]; then racer "$i" 0; else racer "$i" 0 --jobs 1; fi
        done
        wait
        run check_race 6
        echo "round $round: $output"
        [ "$status" -eq 0 ]
    done
    # A held lock: each writer waits 3 s for its input, so the first to
    # take the lock holds it 3 s, and the five others are refused before
    # that.
    rm -rf "$DB" "$DB".* "$T"/w*.rc
    local start
    start=$(date +%s%N)
    for i in 1 2 3 4 5 6; do
        racer "$i" 3
    done
    wait
    run check_race 6
    echo "held lock: $output"
    [ "$status" -eq 0 ]
    [ "$(cat "$T"/w*.rc | grep -c '^0$')" -eq 1 ]
    [ "$(cat "$T"/w*.rc | grep -c '^2$')" -eq 5 ]
    for i in 1 2 3 4 5 6; do
        local ms=$((($(cat "$T/w$i.end") - start) / 1000000))
        echo "writer $i: exit $(cat "$T/w$i.rc") after $ms ms"
        if [ "$(cat "$T/w$i.rc")" -eq 2 ]; then
            [ "$ms" -lt 2500 ]
        else
            [ "$ms" -ge 3000 ]
        fi
    done
}

# ---------------------------------------------------- 4. the page's parameters

@test "hostile payloads through every parameter of the page: no markup, no header, valid JSON" {
    orchard_articles | head -n 4 | "$INDEX" --db "$DB" --quiet - 2>/dev/null
    run xss_sweep "$CGI" "$DB"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" == *" requests, "*" of them JSON, 0 failures" ]]
}

# ---------------------------------------------------- 5. entities

# Writes the entity payloads of a document whose root is $1 (rss or opml)
# to standard output: the DTD's internal subset.
laughs_dtd() {
    echo "<!DOCTYPE $1 ["
    echo ' <!ENTITY l0 "ha">'
    local i
    for i in 1 2 3 4 5 6 7 8 9; do
        printf ' <!ENTITY l%d "%s">\n' "$i" "$(printf "&l$((i - 1));%.0s" 1 2 3 4 5 6 7 8 9 10)"
    done
    echo ']>'
}

@test "feeds: billion laughs, a quadratic blow-up and external entities are neither expanded nor loaded" {
    mkdir -p "$T/www"
    printf 'marmot:x:99:99:LEAKEDSECRET:/nonexistent:/usr/sbin/nologin\n' > "$T/www/secret.txt"
    printf '<!ENTITY ext "LEAKEDDTDTEXT">\n' > "$T/www/evil.dtd"
    start_feed_server "$T/www" "$T/requests.log"
    local url="http://127.0.0.1:$PORT/f"
    # Billion laughs: the whole feed is one reject.
    {
        echo '<?xml version="1.0"?>'
        laughs_dtd rss
        echo '<rss version="2.0"><channel><title>Laugh track</title>'
        echo '<item><title>Giggle &l9;</title><guid>l1</guid><description>Chuckles &l9; echoed.</description></item>'
        echo '</channel></rss>'
    } > "$T/laughs.rss"
    measured "$T/laughs" "$INDEX" --db "$DB" "$T/laughs.rss"
    cat "$T/laughs.out" "$T/laughs.err" "$T/laughs.cost"
    read -r rc secs rss < "$T/laughs.cost"
    [ "$rc" -eq 1 ]
    grep -q 'laughs.rss.*entity reference loop' "$T/laughs.err"
    grep -q '0 added' "$T/laughs.err"
    run has_sanitizer_report "$T/laughs.err"
    [ "$status" -eq 1 ]
    # A quadratic blow-up (one 2 KB entity 3,000 times: 6 MB) in an RSS
    # description and in Atom attributes, and external entities: file,
    # http, a parameter entity, an external DTD.
    python3 - "$T" "$url" <<'EOF'
import sys
t, url = sys.argv[1], sys.argv[2]
big, refs = 'Q' * 2000, '&b;' * 3000
open(t + '/quad.rss', 'w').write(f'''<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY b "{big}"> ]>
<rss version="2.0"><channel><title>Heron count</title>
<item><title>Quadratic heron</title><guid>q1</guid><link>{url}/q1</link>
<description>Herons {refs} nested by the weir.</description></item>
</channel></rss>
''')
open(t + '/quad.atom', 'w').write(f'''<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE feed [ <!ENTITY b "{big}"> <!ENTITY w "Wren"> ]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Marsh notes</title><id>urn:m</id>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title>Marsh &w; count</title><id>urn:m1</id><updated>2024-01-01T00:00:00Z</updated>
<link href="{url}/&w;/{refs}"/><category term="&w;{refs}"/>
<summary>Observers tallied &w; and bitterns in the marsh.</summary></entry>
</feed>
''')
open(t + '/xxe.rss', 'w').write(f'''<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY pw SYSTEM "file:///etc/passwd">
 <!ENTITY net SYSTEM "{url}/secret.txt">
 <!ENTITY % pe SYSTEM "{url}/evil.dtd">
 %pe;
]>
<rss version="2.0"><channel><title>Moor gazette &pw;</title>
<item><title>Peat &pw; bulletin</title><guid>x1</guid><link>{url}/x1</link>
<description>Peat cutters &pw; met on the moor. &net;</description></item>
<item><title>Bog &net; notice</title><guid>x2</guid><link>{url}/&net;</link>
<description>Bog walkers &net; returned.</description></item>
</channel></rss>
''')
open(t + '/dtd.rss', 'w').write(f'''<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "{url}/evil.dtd">
<rss version="2.0"><channel><title>Fen gazette</title>
<item><title>Fen &ext; report</title><guid>d1</guid><link>{url}/d1</link>
<description>Fen reeds were cut &ext; early.</description></item>
</channel></rss>
''')
open(t + '/dtdfile.rss', 'w').write(f'''<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><title>Heath gazette</title>
<item><title>Heath report</title><guid>h1</guid><link>{url}/h1</link>
<description>Heather bloomed on the heath.</description></item>
</channel></rss>
''')
EOF
    measured "$T/feeds" "$INDEX" --db "$DB" "$T/quad.rss" "$T/quad.atom" \
        "$T/xxe.rss" "$T/dtd.rss" "$T/dtdfile.rss"
    cat "$T/feeds.out" "$T/feeds.err" "$T/feeds.cost"
    read -r rc secs rss < "$T/feeds.cost"
    # Kept, with a warning for the references left out of the text.
    [ "$rc" -eq 1 ]
    grep -q '6 added' "$T/feeds.err"
    grep -q '0 rejected' "$T/feeds.err"
    grep -q 'left out of the text' "$T/feeds.err"
    # Bounded: no 6 MB string built, let alone copied 3,000 times.
    [ "$rss" -lt 300000 ]
    [ "${secs%.*}" -lt 10 ]
    run has_sanitizer_report "$T/feeds.err"
    [ "$status" -eq 1 ]
    # Nothing was asked of the server, and nothing of a file or of the
    # entities reached the index.
    [ ! -s "$T/requests.log" ]
    run "$SEARCH" --db "$DB" --json --no-collapse --limit 10 'heron OR marsh OR peat OR bog OR fen OR heath'
    [ "$status" -eq 0 ]
    [ "$(jq '.total' <<< "$output")" -eq 6 ]
    [[ "$output" != *QQQ* ]]
    [[ "$output" != *root:* ]]
    [[ "$output" != *nologin* ]]
    [[ "$output" != *LEAKED* ]]
    [[ "$output" != *Wren* ]]
    [[ "$output" != *'&pw;'* ]]
    [[ "$(jq -r '.hits[] | select(.title | startswith("Marsh")) | .url' <<< "$output")" == "http://127.0.0.1:$PORT/f/"* ]]
    for q in nologin root leakedsecret leakeddtdtext qqqq wren daemon; do
        run "$SEARCH" --db "$DB" --json "$q"
        [ "$status" -eq 1 ]
    done
    run xapian-delve -a "$DB"
    [[ "$output" != *QQQ* ]]
    [[ "$output" != *nologin* ]]
}

@test "OPML lists: billion laughs and external entities refused or ignored; feeds fetched are clean" {
    mkdir -p "$T/www"
    printf 'marmot:x:99:99:LEAKEDSECRET:/nonexistent:/usr/sbin/nologin\n' > "$T/www/secret.txt"
    printf '<!ENTITY ext "LEAKEDDTDTEXT">\n' > "$T/www/evil.dtd"
    start_feed_server "$T/www" "$T/requests.log"
    local url="http://127.0.0.1:$PORT/f"
    # The feed the lists name: external entities of its own.
    cat > "$T/www/moor.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY pw SYSTEM "file:///etc/passwd"> <!ENTITY net SYSTEM "$url/secret.txt"> ]>
<rss version="2.0"><channel><title>Moor gazette</title>
<item><title>Peat &pw; bulletin</title><guid>m1</guid><link>$url/m1</link><description>Peat cutters &pw; met on the moor &net;.</description></item>
</channel></rss>
EOF
    # Billion laughs in a list: refused whole, nothing fetched.
    {
        echo '<?xml version="1.0"?>'
        laughs_dtd opml
        echo '<opml version="2.0"><head><title>Laughs</title></head><body>'
        echo "<outline type=\"rss\" text=\"Giggle &l9;\" xmlUrl=\"$url/moor.xml\"/>"
        echo '</body></opml>'
    } > "$T/laughs.opml"
    measured "$T/laughs" "$INDEX" --fetch --quiet --db "$DB" --feeds "$T/laughs.opml" \
        --interval 0 --host-delay 0 --timeout 3
    cat "$T/laughs.out" "$T/laughs.err" "$T/laughs.cost"
    read -r rc secs rss < "$T/laughs.cost"
    [ "$rc" -eq 2 ]
    grep -q 'laughs.opml:[0-9]*: not well-formed OPML' "$T/laughs.err"
    run has_sanitizer_report "$T/laughs.err"
    [ "$status" -eq 1 ]
    [ "$rss" -lt 300000 ]
    [ ! -s "$T/requests.log" ]
    # An external entity in an attribute: not well-formed, nothing read.
    cat > "$T/xxe.opml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE opml [ <!ENTITY pw SYSTEM "file:///etc/passwd"> <!ENTITY net SYSTEM "$url/secret.txt"> ]>
<opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Secret &pw;" xmlUrl="$url/moor.xml"/>
<outline type="rss" text="Net &net;" xmlUrl="$url/moor.xml?&net;"/>
</body></opml>
EOF
    run "$INDEX" --fetch --quiet --db "$DB" --feeds "$T/xxe.opml" --interval 0 --host-delay 0 --timeout 3
    echo "$output"
    [ "$status" -eq 2 ]
    [[ "$output" == *"xxe.opml:"*"not well-formed OPML"* ]]
    is_sanitizer_free "$output"
    [ ! -s "$T/requests.log" ]
    # An external DTD and a parameter entity: neither is loaded; the list
    # is read and its feed fetched, and only its feed.
    cat > "$T/dtd.opml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "$url/evil.dtd">
<opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Moor &ext;" xmlUrl="$url/moor.xml"/>
</body></opml>
EOF
    cat > "$T/pe.opml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE opml [ <!ENTITY % pe SYSTEM "$url/evil.dtd"> %pe; ]>
<opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Moor" xmlUrl="$url/moor.xml"/>
</body></opml>
EOF
    for list in dtd pe; do
        rm -rf "$DB"
        run "$INDEX" --fetch --quiet --db "$DB" --feeds "$T/$list.opml" --interval 0 --host-delay 0 --timeout 3
        echo "$output"
        [ "$status" -eq 0 ]
        [[ "$output" == *"1 feeds: 1 fetched"* ]]
        is_sanitizer_free "$output"
        run "$SEARCH" --db "$DB" --json --limit 10 'peat'
        [ "$status" -eq 0 ]
        [ "$(jq '.total' <<< "$output")" -eq 1 ]
        [[ "$output" != *root:* ]]
        [[ "$output" != *LEAKED* ]]
        [[ "$output" != *nologin* ]]
    done
    cat "$T/requests.log"
    [ "$(jq -r '.path' "$T/requests.log" | sort -u)" = /f/moor.xml ]
}

@test "OPML lists: an entity the list declares is not expanded in its attributes" {
    # Seen with --dry-run: no network, no writes.
    cat > "$T/small.opml" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE opml [ <!ENTITY nest "kestrel-nest"> ]>
<opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Kestrels" xmlUrl="http://127.0.0.1:1/&nest;.xml"/>
<outline type="rss" text="Plain" xmlUrl="http://127.0.0.1:1/plain.xml"/>
</body></opml>
EOF
    # A quadratic blow-up: one 1 KB entity 2,000 times (2 MB) in a title.
    python3 - "$T/quad.opml" <<'EOF'
import sys
open(sys.argv[1], 'w').write('''<?xml version="1.0"?>
<!DOCTYPE opml [ <!ENTITY b "%s"> ]>
<opml version="2.0"><head><title>t</title></head><body>
<outline type="rss" text="Quad %s" xmlUrl="http://127.0.0.1:1/quad.xml"/>
</body></opml>
''' % ('Q' * 1000, '&b;' * 2000))
EOF
    measured "$T/quad" "$INDEX" --dry-run --feeds "$T/quad.opml" --db "$DB"
    cat "$T/quad.out" "$T/quad.err" "$T/quad.cost"
    read -r rc secs rss < "$T/quad.cost"
    [ "$rc" -eq 0 ]
    grep -q 'http://127.0.0.1:1/quad.xml' "$T/quad.out"
    run has_sanitizer_report "$T/quad.err"
    [ "$status" -eq 1 ]
    run "$INDEX" --dry-run --feeds "$T/small.opml" --db "$DB"
    echo "$output"
    [ "$status" -eq 0 ]
    is_sanitizer_free "$output"
    [[ "$output" == *"http://127.0.0.1:1/plain.xml"* ]]
    [[ "$output" != *kestrel-nest* ]]
    # Bounded: no 2 MB title built by reallocating it 2,000 times.
    [ "$rss" -lt 300000 ]
    [ "${secs%.*}" -lt 10 ]
}
