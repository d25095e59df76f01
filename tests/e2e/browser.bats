#!/usr/bin/env bats
# The search page in a real browser: Debian's headless Chromium against
# lighttpd on a free 127.0.0.1 port, driven through the DevTools protocol
# (tests/e2e/cdp_drive.py) with real key and mouse events: a query is
# typed into the box and submitted with Enter, a facet link is clicked, the
# DOM Chromium renders is checked, and screenshots go to tests/out/.

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    "$BUILD/bin/dossier-index" --quiet feeds/sample/articles.jsonl
    "$BUILD/bin/dossier-index" --quiet tests/fixtures/index/multilingual.jsonl || true
    PORT=$(bash -c 'for p in $(shuf -i 20000-60000 -n 50); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; break; }; done')
    export PORT
    ROOT=$(bash searcher/serve.sh "$BUILD" "$DOSSIER_DB" "$PORT" --background)
    export ROOT
}

teardown_file() {
    [ -n "${ROOT:-}" ] && kill "$(cat "$ROOT/lighttpd.pid")" 2>/dev/null || true
    rm -rf "${ROOT:-/nonexistent}"
}

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    command -v chromium > /dev/null || skip "chromium is not installed (make deps)"
    mkdir -p tests/out
}

# browse URL [CHROMIUM OPTIONS...]: the DOM after load (--dump-dom) or a
# screenshot (--screenshot=FILE); desktop size unless WINDOW is set.
browse() {
    local url=$1
    shift
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync \
        --user-data-dir="$BATS_TEST_TMPDIR/profile" \
        --window-size="${WINDOW:-1280,1400}" "$@" "$url" 2>/dev/null
}

# drive STEP...: cdp_drive.py with this test's profile.
drive() {
    timeout 90 python3 tests/e2e/cdp_drive.py "$BATS_TEST_TMPDIR/cdp" "$@"
}

@test "typing a query and pressing Enter shows highlighted matches and typed entities" {
    drive open "http://127.0.0.1:$PORT/search" \
          type 'input[name=q]' "check point russian" \
          dom "$BATS_TEST_TMPDIR/dom.html" shot "$PWD/tests/out/search.png"
    dom=$(cat "$BATS_TEST_TMPDIR/dom.html")
    # The box keeps what was typed; the page is the answer to it.
    [[ "$dom" == *'name="q" value="check point russian"'* ]]
    [[ "$dom" == *'<mark>Check Point</mark>'* ]]
    [[ "$dom" == *'class="e e-company hit" href="?profile=check-point" title="company: Check Point"'* ]]
    [[ "$dom" == *'class="e e-country'*'Russian'* ]]
    [[ "$dom" == *'aria-label="Facets"'* ]]
    [ -s tests/out/search.png ]
}

@test "clicking a facet link adds its filter as a chip" {
    drive open "http://127.0.0.1:$PORT/search" \
          type 'input[name=q]' "japan" \
          click 'a[href="?q=japan&entity=pla"]' \
          dom "$BATS_TEST_TMPDIR/dom.html" shot "$PWD/tests/out/facet.png"
    dom=$(cat "$BATS_TEST_TMPDIR/dom.html")
    [[ "$dom" == *'entity: pla ✕</a>'* ]]
    [[ "$dom" == *"People’s Liberation Army"* || "$dom" == *"People's Liberation Army"* ]]
    [ -s tests/out/facet.png ]
}

@test "the page works on a phone-sized screen, with no script at all" {
    WINDOW=390,844 browse "http://127.0.0.1:$PORT/search?q=nato" \
        --screenshot="$PWD/tests/out/phone.png" > /dev/null
    [ -s tests/out/phone.png ]
    dom=$(browse "http://127.0.0.1:$PORT/search?q=nato" --dump-dom)
    [[ "$dom" == *'<mark>NATO</mark>'* ]]
    # Nothing needs JavaScript: there is none (and the CSP forbids it).
    [[ "$dom" != *'<script'* ]]
    [[ "$dom" == *'<form method="get"'* ]]
}

@test "the form's fields set dates, an entity and the order; the timeline's bars narrow to their month" {
    drive open "http://127.0.0.1:$PORT/search" \
          fill 'input[name=from]' "2023" \
          fill 'input[name=to]' "2024" \
          fill 'input[name=entity]' "PLA" \
          fill 'select[name=sort]' "newest" \
          type 'input[name=q]' "japan" \
          dom "$BATS_TEST_TMPDIR/dom.html" shot "$PWD/tests/out/form.png"
    dom=$(cat "$BATS_TEST_TMPDIR/dom.html")
    [[ "$dom" == *'dates: 2023 to 2024 ✕</a>'* ]]
    [[ "$dom" == *'entity: PLA ✕</a>'* ]]
    [[ "$dom" == *'<option value="newest" selected="">newest</option>'* ]]
    [[ "$dom" == *'id="from" name="from"'*'value="2023"'* ]]
    # Every hit in the range, newest first.
    dates=$(grep -o '<time datetime="[0-9-]*"' <<< "$dom" | grep -o '[0-9][0-9-]*')
    [ -n "$dates" ]
    [ "$(sort -r <<< "$dates")" = "$dates" ]
    while read -r d; do
        [[ "$d" == 2023-* || "$d" == 2024-* ]]
    done <<< "$dates"
    # The timeline: a linear axis with its years labelled; a bar's
    # link narrows the search to its month.
    drive open "http://127.0.0.1:$PORT/search?q=russia" \
          dom "$BATS_TEST_TMPDIR/timeline.html" \
          click 'svg.timeline a' \
          dom "$BATS_TEST_TMPDIR/month.html" shot "$PWD/tests/out/timeline.png"
    tl=$(cat "$BATS_TEST_TMPDIR/timeline.html")
    [[ "$tl" == *'<svg role="img" class="timeline"'* ]]
    [[ "$tl" =~ \<text\ x=\"[0-9]+\"\ y=\"76\"\ font-size=\"10\"\>20[0-9][0-9]\</text\> ]]
    [[ "$tl" =~ \<title\>20[0-9][0-9]-[0-9][0-9]:\ [0-9]+\</title\> ]]
    month=$(cat "$BATS_TEST_TMPDIR/month.html")
    [[ "$month" =~ dates:\ (20[0-9][0-9]-[0-9][0-9])\ to\ (20[0-9][0-9]-[0-9][0-9])\ ✕ ]]
    [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
    m=${BASH_REMATCH[1]}
    while read -r d; do
        [[ "$d" == "$m"-* ]]
    done < <(grep -o '<time datetime="[0-9-]*"' <<< "$month" | grep -o '[0-9][0-9-]*')
}

@test "an Arabic hit reads right to left and a Chinese one keeps its characters" {
    drive open "http://127.0.0.1:$PORT/search" \
          type 'input[name=q]' "Hezbollah" \
          dom "$BATS_TEST_TMPDIR/dom.html" \
          style 'h2[lang=ar]' direction "$BATS_TEST_TMPDIR/ar-title" \
          style 'p.snip[lang=ar]' direction "$BATS_TEST_TMPDIR/ar-snippet" \
          style 'h2[lang=en]' direction "$BATS_TEST_TMPDIR/en-title" \
          shot "$PWD/tests/out/arabic.png"
    dom=$(cat "$BATS_TEST_TMPDIR/dom.html")
    [[ "$dom" == *'<h2 dir="auto" lang="ar">'* ]]
    [[ "$dom" == *'حزب الله'* ]]
    [ "$(cat "$BATS_TEST_TMPDIR/ar-title")" = "rtl" ]
    [ "$(cat "$BATS_TEST_TMPDIR/ar-snippet")" = "rtl" ]
    [ "$(cat "$BATS_TEST_TMPDIR/en-title")" = "ltr" ]
    drive open "http://127.0.0.1:$PORT/search" \
          type 'input[name=q]' "台湾海峡" \
          dom "$BATS_TEST_TMPDIR/zh.html" \
          fonts 'h2[lang=zh] mark' "$BATS_TEST_TMPDIR/zh-fonts" \
          shot "$PWD/tests/out/chinese.png"
    dom=$(cat "$BATS_TEST_TMPDIR/zh.html")
    [[ "$dom" == *'<h2 dir="auto" lang="zh"><a class="e e-place hit" href="?profile=taiwan-strait" title="place: Taiwan Strait"><mark>台湾海峡</mark></a>局势</h2>'* ]]
    [[ "$dom" == *'<mark>台湾海峡</mark></a>附近巡航'* ]]
    [[ "$dom" == *'title="military: PLA Navy">解放军海军</a>'* ]]
    [[ "$dom" != *$'\uFFFD'* ]]
    # Drawn with a font that has the characters (fonts-noto-cjk), not boxes.
    grep -q 'CJK.* 4$' "$BATS_TEST_TMPDIR/zh-fonts"
}
