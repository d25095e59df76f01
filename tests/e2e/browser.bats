#!/usr/bin/env bats
# The search page in a real browser: Debian's headless Chromium against
# lighttpd on a free 127.0.0.1 port.  The form is a GET form, so
# submitting it is loading the URL it builds; the DOM Chromium renders is
# checked, a facet link is followed, and screenshots go to tests/out/.

setup_file() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    export DOSSIER_DB="$BATS_FILE_TMPDIR/index"
    "$BUILD/bin/dossier-index" --quiet feeds/sample/articles.jsonl
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

@test "submitting a query shows highlighted matches and typed entities" {
    dom=$(browse "http://127.0.0.1:$PORT/search?q=check+point+russian&sort=relevance" --dump-dom)
    [[ "$dom" == *'<mark>Check Point</mark>'* ]]
    [[ "$dom" == *'class="e e-company hit" title="company: Check Point"'* ]]
    [[ "$dom" == *'class="e e-country'*'Russian'* ]]
    [[ "$dom" == *'aria-label="Facets"'* ]]
    browse "http://127.0.0.1:$PORT/search?q=check+point+russian&sort=relevance" \
        --screenshot="$PWD/tests/out/search.png" > /dev/null
    [ -s tests/out/search.png ]
}

@test "following a facet link adds its filter as a chip" {
    dom=$(browse "http://127.0.0.1:$PORT/search?q=japan" --dump-dom)
    href=$(echo "$dom" | grep -o 'href="?q=japan&amp;entity=pla"' | head -1)
    [ -n "$href" ]
    link=$(echo "$href" | sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g')
    dom=$(browse "http://127.0.0.1:$PORT/search$link" --dump-dom)
    [[ "$dom" == *'entity: pla ✕</a>'* ]]
    [[ "$dom" == *"People’s Liberation Army"* || "$dom" == *"People's Liberation Army"* ]]
    browse "http://127.0.0.1:$PORT/search$link" --screenshot="$PWD/tests/out/facet.png" > /dev/null
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
