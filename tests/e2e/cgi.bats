#!/usr/bin/env bats
# dossier.cgi: run directly as a web server would (environment variables),
# then behind a real lighttpd on a free 127.0.0.1 port.  Every parameter,
# every bad value, hostile requests and hostile articles.

bats_require_minimum_version 1.5.0

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    "$BUILD/bin/dossier-index" --quiet feeds/sample/articles.jsonl \
        feeds/sample/*.rss feeds/sample/*.atom feeds/sample/html/*.html
    # Articles written to attack the page.
    printf '%s\n' \
        '{"id":"evil-1","title":"<script>alert(1)</script> PLA \"><img src=x onerror=alert(2)>","body":"The PLA wrote <b>bold</b> & \"quotes\" '"'"'here'"'"'. <script>alert(3)</script>","url":"javascript:alert(4)","source":"<i>Evil</i> Times","published":"2024-01-01"}' \
        '{"id":"evil-2","title":"Data URL story about the PLA","body":"Nothing to see about the PLA.","url":"data:text/html,<script>alert(5)</script>"}' \
        > "$BATS_FILE_TMPDIR/evil.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$BATS_FILE_TMPDIR/evil" \
        "$BATS_FILE_TMPDIR/evil.jsonl"
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    CGI="$BUILD/bin/dossier.cgi"
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
}

# cgi QUERY_STRING [extra env...]: the response, headers and body.
cgi() {
    local qs=$1
    shift
    env REQUEST_METHOD=GET QUERY_STRING="$qs" "$@" "$CGI"
}

body() { sed '1,/^\r$/d'; }

@test "the landing page, and a search with highlighted matches and entities" {
    run cgi ''
    [ "$status" -eq 0 ]
    [[ "$output" == "Status: 200 OK"* ]]
    [[ "$output" == *"Search 78 articles"* ]]
    run cgi 'q=cyber+command+japan'
    [[ "$output" == *'<input type="search" id="q" name="q" value="cyber command japan"'* ]]
    [[ "$output" == *'<a class="e e-military hit" href="?profile=us-cyber-command" title="military: US Cyber Command"><mark>U.S. Cyber Command</mark></a>'* ]]
    [[ "$output" == *"<mark>cyber</mark>"* || "$output" == *"<mark>Cyber</mark>"* ]]
    [[ "$output" == *'aria-label="Facets"'* ]]
    [[ "$output" == *"<svg role=\"img\""* ]]
}

@test "security headers on every answer" {
    for qs in '' 'q=japan' 'q=japan&format=json' 'page=abc&format=json'; do
        run cgi "$qs"
        [[ "$output" == *"Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'"* ]]
        [[ "$output" == *"X-Content-Type-Options: nosniff"* ]]
        [[ "$output" == *"Referrer-Policy: no-referrer"* ]]
    done
    # No script anywhere in the page.
    run bash -c "env REQUEST_METHOD=GET QUERY_STRING='q=japan' $CGI | grep -ci '<script'"
    [ "$output" = "0" ]
}

@test "format=json is the document dossier-search --json prints" {
    a=$(cgi 'q=entity%3APLA&format=json&per=5' | body | jq -c '[.hits[] | {id, score, collapse_count}]')
    b=$("$BUILD/bin/dossier-search" --json --limit 5 --facets 'entity:PLA' 2>/dev/null | jq -c '[.hits[] | {id, score, collapse_count}]')
    [ -n "$a" ]
    [ "$a" = "$b" ]
    cgi 'q=japan&format=json' | body | jq -e '.facets.entities.country | length > 0'
}

@test "each parameter: page, per (clamped), sort, from/to, source, entity, similar" {
    run bash -c "env REQUEST_METHOD=GET QUERY_STRING='q=japan&format=json&per=500' $CGI | sed '1,/^\r$/d' | jq '.hits | length'"
    [ "$output" -le 100 ]
    run bash -c "env REQUEST_METHOD=GET QUERY_STRING='q=japan&format=json&per=0' $CGI | sed '1,/^\r$/d' | jq '.hits | length'"
    [ "$output" -eq 1 ]
    p1=$(cgi 'q=japan&format=json&per=2&page=1' | body | jq -r '[.hits[].id] | join(" ")')
    p2=$(cgi 'q=japan&format=json&per=2&page=2' | body | jq -r '[.hits[].id] | join(" ")')
    [ -n "$p2" ]
    [ "$p1" != "$p2" ]
    newest=$(cgi 'q=japan&format=json&sort=newest&per=50' | body | jq -c '[.hits[].published | select(. != null)]')
    echo "$newest" | jq -e '. == (sort | reverse)'
    cgi 'q=japan&format=json&sort=oldest&per=50' | body | jq -e '[.hits[].published | select(. != null)] | . == sort'
    for d in $(cgi 'q=japan&format=json&from=2023-08&to=2023-08' | body | jq -r '.hits[].published'); do
        [[ "$d" == 2023-08-* ]]
    done
    cgi 'q=hackers&format=json&source=Reuters&per=50' | body | jq -e '[.hits[].source] | unique == ["Reuters"]'
    both=$(cgi 'format=json&entity=pla&entity=japan&per=50' | body | jq -r '[.hits[].id] | join(" ")')
    [[ " $both " == *" sample-2023-08-07-wapo-pla-japan-defense-networks "* ]]
    cgi 'format=json&similar=sample-2023-08-07-wapo-pla-japan-defense-networks' | body | jq -e '.hits | length > 0'
    run cgi 'format=json&similar=no-such-article'
    [[ "$output" == "Status: 404"* ]]
    # Facet and timeline links carry the filters.
    run cgi 'q=japan'
    [[ "$output" == *'href="?q=japan&amp;entity=japan"'* ]]
    [[ "$output" == *'href="?q=japan&amp;from=2023-08&amp;to=2023-08"'* ]]
}

@test "recent=DAYS on the page ranks newer news higher, as --recent does, and rides along" {
    plain=$(cgi 'q=japan&format=json&per=5' | body | jq -r '[.hits[].id] | join(" ")')
    page=$(cgi 'q=japan&format=json&per=5&recent=365' | body | jq -r '[.hits[].id] | join(" ")')
    cli=$("$BUILD/bin/dossier-search" --json --limit 5 --recent 365 japan 2>/dev/null | jq -r '[.hits[].id] | join(" ")')
    [ -n "$page" ]
    [ "$page" != "$plain" ]
    [ "$page" = "$cli" ]
    # The form offers it, the chosen one selected; links keep it.
    run cgi 'q=japan&recent=30'
    [[ "$output" == *'<select id="recent" name="recent">'* ]]
    [[ "$output" == *'<option value="30" selected>a month</option>'* ]]
    [[ "$output" == *'href="?q=japan&amp;recent=30&amp;format=csv"'* ]]
    # A half-life the form does not list is kept, and shown.
    run cgi 'q=japan&recent=90'
    [[ "$output" == *'<option value="90" selected>90 days</option>'* ]]
    # recent=0 is the form's "no": relevance alone.
    none=$(cgi 'q=japan&format=json&per=5&recent=0' | body | jq -r '[.hits[].id] | join(" ")')
    [ "$none" = "$plain" ]
}

@test "a page far past the end is answered at once, empty" {
    start=$(date +%s%N)
    run cgi 'q=japan&page=10000&per=100&format=json'
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "$output" | body | jq -e '.hits == []'
    [ "$elapsed" -lt 5000 ]
    run cgi 'q=japan&page=99999999'
    [[ "$output" == "Status: 200 OK"* ]]
}

@test "bad values get a friendly message; JSON gets HTTP 400" {
    while read -r qs message; do
        run cgi "$qs&format=json"
        [[ "$output" == "Status: 400 Bad Request"* ]]
        echo "$output" | body | jq -e --arg m "$message" '.error | contains($m)'
        run cgi "$qs"
        [[ "$output" == *"class=\"error\" role=\"alert\">"*"$message"* ]]
    done <<'EOF'
page=abc page parameter must be a page number
sort=sideways sort parameter must be relevance, newest or oldest
recent=-3 recent parameter must be a half-life in days
recent=40000 recent parameter must be a half-life in days
from=2020-13 from parameter must be a date
entity=%3Cscript%3E entity parameter must be an entity id or name
q=%ZZ broken %-escape
q=%C3 invalid UTF-8
q=a%0D%0ASet-Cookie:+x=1 control characters
format=xml format parameter must be html, json, csv or jsonl
EOF
}

@test "hostile requests: script and quotes in q, CRLF, 100 KiB, POST" {
    run cgi 'q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg+src%3Dx%3E'
    [[ "$output" == *'value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;"'* ]]
    [[ "$output" != *"<script>alert"* ]]
    [[ "$output" != *"<img src=x>"* ]]
    # A CR LF in a parameter never makes a header.
    run cgi 'q=x%0D%0ASet-Cookie:%20pwned=1'
    [[ "$output" != *$'\nSet-Cookie'* ]]
    long=$(head -c 102400 /dev/zero | tr '\0' 'a')
    run cgi "q=$long"
    [[ "$output" == "Status: 400 Bad Request"* ]]
    [[ "$output" == *"The request is too long"* ]]
    run env REQUEST_METHOD=POST QUERY_STRING='q=japan' "$CGI"
    [[ "$output" == "Status: 405"* ]]
}

@test "hostile articles: escaped, and a javascript: URL is no link" {
    run cgi 'q=pla' DOSSIER_DB="$BATS_FILE_TMPDIR/evil"
    echo "$output"
    [[ "$output" == *"&lt;script&gt;alert(1)&lt;/script&gt;"* ]]
    [[ "$output" == *"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"* ]]
    [[ "$output" == *"&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot; &#39;here&#39;"* ]]
    [[ "$output" == *"&lt;i&gt;Evil&lt;/i&gt; Times"* ]]
    [[ "$output" != *"<script>"* ]]
    [[ "$output" != *"javascript:"* ]]
    [[ "$output" != *'href="data:'* ]]
    run bash -c "env REQUEST_METHOD=GET QUERY_STRING='q=pla&format=json' DOSSIER_DB=$BATS_FILE_TMPDIR/evil $CGI | sed '1,/^\r$/d' | jq -r '.hits[] | select(.id == \"evil-1\") | .url'"
    [ "$output" = "javascript:alert(4)" ]
}

@test "the index path comes from the server, never from the request" {
    run cgi 'q=japan&db=/etc&DOSSIER_DB=/etc&format=json'
    [[ "$output" == "Status: 200 OK"* ]]
    # The server's log (stderr) says why; the visitor gets no internals.
    run --separate-stderr env -u DOSSIER_DB REQUEST_METHOD=GET QUERY_STRING='q=japan' "$CGI"
    [[ "$output" == "Status: 503"* ]]
    [[ "$output" == *"not configured"* ]]
    [[ "$stderr" == *"DOSSIER_DB is not set"* ]]
    run --separate-stderr env REQUEST_METHOD=GET QUERY_STRING='q=japan' DOSSIER_DB=/no/such/index "$CGI"
    [[ "$output" == "Status: 503"* ]]
    [[ "$output" != *"/no/such/index"* ]]
    [[ "$stderr" == *"/no/such/index"* ]]
}

@test "behind lighttpd on 127.0.0.1: page, JSON, headers" {
    port=$(bash -c 'for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done')
    root=$(bash searcher/serve.sh "$BUILD" "$DOSSIER_DB" "$port" --background)
    run curl -s -i "http://127.0.0.1:$port/search?q=check+point"
    kill "$(cat "$root/lighttpd.pid")" 2>/dev/null || true
    echo "$output" | head -20
    [[ "$output" == "HTTP/1.1 200 OK"* ]]
    [[ "$output" == *"Content-Security-Policy: default-src 'none'"* ]]
    [[ "$output" == *'<a class="e e-company hit" href="?profile=check-point" title="company: Check Point"><mark>Check Point</mark></a>'* ]]
    rm -rf "$root"
}

@test "as FastCGI behind lighttpd: the same answers, and each request sees the latest commit" {
    db="$BATS_TEST_TMPDIR/index"
    cp -r "$DOSSIER_DB" "$db"
    port=$(bash -c 'for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done')
    root=$(bash searcher/serve.sh "$BUILD" "$db" "$port" --background --fastcgi)
    grep -q '^fastcgi.server' "$root/lighttpd.conf"
    run grep -q 'cgi.assign' "$root/lighttpd.conf"
    [ "$status" -ne 0 ]
    url="http://127.0.0.1:$port/search"
    page=$(curl -s -i "$url?q=check+point")
    json=$(curl -s "$url?q=pla&format=json")
    bad=$(curl -s -o /dev/null -w '%{http_code}' "$url?q=pla&per=abc&format=json")
    # As typed: a query that finds nothing would run its correction.
    before=$(curl -s "$url?q=zanzibar+zebra&astyped=1&format=json" | jq '.hits | length')
    printf '%s\n' '{"id":"fresh-1","title":"Zanzibar zebra census","body":"A new article about the zebra census on Zanzibar."}' \
        > "$BATS_TEST_TMPDIR/fresh.jsonl"
    "$BUILD/bin/dossier-index" --quiet --db "$db" "$BATS_TEST_TMPDIR/fresh.jsonl"
    after=$(curl -s "$url?q=zanzibar+zebra&astyped=1&format=json" | jq -r '[.hits[].id] | join(" ")')
    # The same processes answered everything: FastCGI, not a CGI per request.
    procs=$(pgrep -f -c "^$(cd "$BUILD/bin" && pwd)/dossier.cgi" || true)
    kill "$(cat "$root/lighttpd.pid")" 2>/dev/null || true
    rm -rf "$root"
    [[ "$page" == "HTTP/1.1 200 OK"* ]]
    [[ "$page" == *"Content-Security-Policy: default-src 'none'"* ]]
    [[ "$page" == *'<a class="e e-company hit" href="?profile=check-point" title="company: Check Point"><mark>Check Point</mark></a>'* ]]
    # The JSON is the one the CGI gives for the same request.
    [ "$(echo "$json" | jq -c '[.hits[].id]')" = \
      "$(cgi 'q=pla&format=json' | body | jq -c '[.hits[].id]')" ]
    [ "$bad" = 400 ]
    [ "$before" = 0 ]
    [ "$after" = fresh-1 ]
    [ "$procs" -ge 1 ]
    [ "$procs" -le 2 ]
}

@test "as FastCGI, the server's time limit bounds each request, and the process answers the next" {
    db="$BATS_TEST_TMPDIR/index"
    cp -r "$DOSSIER_DB" "$db"
    port=$(bash -c 'for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done')
    root=$(DOSSIER_TIME_LIMIT=0.000001 bash searcher/serve.sh "$BUILD" "$db" "$port" --background --fastcgi)
    url="http://127.0.0.1:$port/search"
    first=$(curl -s --max-time 20 "$url?q=cyber+attack+china&format=json")
    second=$(curl -s --max-time 20 "$url?q=pla&format=json")
    page=$(curl -s --max-time 20 "$url?q=pla")
    conf=$(cat "$root/lighttpd.conf")
    kill "$(cat "$root/lighttpd.pid")" 2>/dev/null || true
    rm -rf "$root"
    # The limit reached the processes from the server's configuration.
    [[ "$conf" == *'"DOSSIER_TIME_LIMIT" => "0.000001"'* ]]
    [ "$(jq -r .complete <<<"$first")" = false ]
    [[ "$(jq -r .deadline_warning <<<"$first")" == *"held to its time limit (1e-06 s)"* ]]
    [ "$(jq '.hits | length' <<<"$second")" -gt 0 ]
    [ "$(jq -r .complete <<<"$second")" = false ]
    [[ "$page" == *"Partial results: the search was held to its time limit"* ]]
}


@test "a plain CGI ends on SIGTERM and SIGPIPE: libfcgi's handlers that ignored them are undone" {
    command -v strace
    # LeakSanitizer cannot run under a tracer: off here, in ASan builds.
    env REQUEST_METHOD=GET QUERY_STRING="q=cyber" ASAN_OPTIONS=detect_leaks=0 \
        strace -o "$BATS_TEST_TMPDIR/signals" -e trace=rt_sigaction "$CGI" > /dev/null
    # The last action set for each signal is the default one.
    for sig in SIGTERM SIGPIPE; do
        last=$(grep "rt_sigaction($sig, {" "$BATS_TEST_TMPDIR/signals" | tail -1)
        echo "$sig: $last"
        [[ "$last" == *"sa_handler=SIG_DFL"* ]]
    done
}

@test "JSON errors are valid UTF-8 JSON, even for a parameter named by raw bytes" {
    run cgi $'format=json&\xff=%zz'
    body_text=$(echo "$output" | body)
    echo "$body_text" | iconv -f UTF-8 -t UTF-8 > /dev/null
    echo "$body_text" | jq -e '.error | test("broken %-escape")'
}

@test "a format=json request too long to read gets its 400 as JSON" {
    long="q=$(head -c 40000 /dev/zero | tr '\0' a)&format=json"
    run cgi "$long"
    [[ "${lines[0]}" == "Status: 400"* ]]
    [[ "$output" == *"Content-Type: application/json"* ]]
    echo "$output" | body | jq -e '.error | test("too long")'
}

@test "lighttpd's own error pages carry the security headers, and the CGI's are not doubled" {
    port=$(bash -c 'for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done')
    root=$(bash searcher/serve.sh "$BUILD" "$DOSSIER_DB" "$port" --background)
    missing=$(curl -s -i "http://127.0.0.1:$port/no-such-page")
    page=$(curl -s -i "http://127.0.0.1:$port/search?q=pla")
    kill "$(cat "$root/lighttpd.pid")" 2>/dev/null || true
    rm -rf "$root"
    echo "$missing" | head -12
    [[ "$missing" == "HTTP/1.1 404"* ]]
    [[ "$missing" == *"Content-Security-Policy: default-src 'none'"* ]]
    [[ "$missing" == *"X-Content-Type-Options: nosniff"* ]]
    [[ "$missing" == *"Referrer-Policy: no-referrer"* ]]
    [ "$(echo "$page" | grep -c '^Content-Security-Policy:')" -eq 1 ]
}
