# Helpers of fault_families.bats: generated articles, damaged copies of an
# index, the run of one command on a damaged copy, the page's parameter
# sweep (Python), a local HTTP server, and the bugs these families found
# that are not fixed yet.
#
# Every input is generated here, in our own words, at test time.

# ------------------------------------------------------------ known bugs
#
# Each family checks everything it can, and when the only failures left
# are those of an open bug below, it skips with that bug's text instead of
# failing.  A fixed bug makes its test pass: then delete the bug's text
# here and the lines that use it.

BUG_XAPIAN_WRITE="BUG (libxapian 1.4.22, not Dossier's code): committing to an index whose postlist.glass has a flipped bit overflows a heap buffer inside libxapian (AddressSanitizer), or leaks when the commit fails; Dossier writes to a damaged index without checking it first"

# ------------------------------------------------------------ input

# JSON Lines articles FROM..TO (inclusive) for the reads family: every one
# holds the word "ledger", each its own text.
ledger_articles() {
    awk -v from="$1" -v to="$2" 'BEGIN {
        for (n = from; n <= to; n++)
            printf "{\"id\":\"w-%d\",\"title\":\"Lighthouse ledger %d\",\"body\":\"Keeper %d logged %d squalls and %d lamps at cove %d during watch %d.\",\"source\":\"Coastal %d\",\"published\":\"2023-%02d-%02d\"}\n",
                n, n, n, n % 17, n % 5, n * 7, n * 3, n % 3, n % 12 + 1, n % 28 + 1
    }'
}

# JSON Lines articles for the damaged copies: 60 orchard almanacs that
# name Japan and the PLA (entities), over four sources and twelve months.
orchard_articles() {
    awk 'BEGIN {
        for (i = 0; i < 60; i++)
            printf "{\"id\":\"k-%d\",\"title\":\"Orchard almanac %d\",\"body\":\"Growers in valley %d pruned %d pear trees and %d plum rows near Japan and the PLA garrison, season %d.\",\"source\":\"Almanac %d\",\"published\":\"2022-%02d-10\"}\n",
                i, i, i, i * 3, i % 9, i, i % 4, i % 12 + 1
    }'
}

# JSON Lines articles of writer $1 for the racing writers: 30 of them.
relay_articles() {
    awk -v w="$1" 'BEGIN {
        for (i = 0; i < 30; i++)
            printf "{\"id\":\"r%d-%d\",\"title\":\"Relay %d notice %d\",\"body\":\"Signal tower %d relayed %d parcels for crew %d over ridge %d.\"}\n",
                w, i, w, i, w * 100 + i, i * 7, w, i % 5
    }'
}

# ------------------------------------------------------------ checks

# Whether file $1 holds a sanitizer's report.
has_sanitizer_report() {
    grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' "$1"
}

# Whether the text $1 is free of sanitizer reports (for run's $output).
is_sanitizer_free() {
    printf '%s' "$1" > "$BATS_TEST_TMPDIR/sanitizer-text"
    if has_sanitizer_report "$BATS_TEST_TMPDIR/sanitizer-text"; then
        return 1
    fi
}

# Whether the sanitizer report in file $1 is libxapian's own (its first
# frame past the interceptor is inside libxapian.so).
is_xapian_report() {
    grep -qE 'ERROR: (Address|Leak)Sanitizer' "$1" &&
        grep -m1 -E '^ +#1 ' "$1" | grep -q 'libxapian\.so'
}

# Whether the message in file $1 names the index $2 or the damage.
names_index_or_damage() {
    grep -qF -- "$2" "$1" ||
        grep -qiE 'corrupt|damaged|unreadable|cannot (open|read)|Database[A-Za-z]*Error|FeatureUnavailableError' "$1"
}

# ------------------------------------------------------------ damage

# Flips (XOR $4, default 0xA5) $3 bytes of file $1 from offset $2 on.
flip_bytes() {
    python3 - "$1" "$2" "$3" "${4:-165}" <<'EOF'
import sys
path, at, n, mask = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
b = bytearray(open(path, 'rb').read())
for i in range(max(at, 0), min(at + n, len(b))):
    b[i] ^= mask
open(path, 'wb').write(b)
EOF
}

# Flips 16 bytes in the middle of every 8 KiB block of file $1.
flip_every_block() {
    python3 - "$1" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
for block in range(0, len(b), 8192):
    for i in range(block + 4088, min(block + 4104, len(b))):
        b[i] ^= 0xA5
open(sys.argv[1], 'wb').write(b)
EOF
}

# Flips bit 7 of bytes 21, 105 and 294 of the last (newest) 8 KiB block of
# file $1: the block the last commit wrote.
flip_newest_block() {
    local size
    size=$(stat -c %s "$1")
    local last=$(( (size / 8192 - 1) * 8192 ))
    flip_bytes "$1" $((last + 21)) 1 128
    flip_bytes "$1" $((last + 105)) 1 128
    flip_bytes "$1" $((last + 294)) 1 128
}

# The damaged copies' base: 60 orchard articles indexed in two runs (so
# that the tables have old and new blocks), and one article to add.
make_orchard_base() {
    BASE="$BATS_FILE_TMPDIR/orchard"
    EXTRA="$BATS_FILE_TMPDIR/extra.jsonl"
    [ -d "$BASE" ] && return 0
    orchard_articles > "$BATS_FILE_TMPDIR/orchard.jsonl"
    printf '{"id":"extra-1","title":"Late frost","body":"A late frost reached the orchard ridge overnight."}\n' \
        > "$EXTRA"
    head -n 30 "$BATS_FILE_TMPDIR/orchard.jsonl" |
        "$INDEX" --db "$BASE.tmp" --quiet --batch 10 - 2>/dev/null
    tail -n 30 "$BATS_FILE_TMPDIR/orchard.jsonl" |
        "$INDEX" --db "$BASE.tmp" --quiet --batch 10 - 2>/dev/null
    # What an intact index answers, to compare with the copies whose
    # Xapian tables are intact.
    "$SEARCH" --db "$BASE.tmp" --json 'orchard japan' | jq -c 'del(.elapsed_ms)' \
        > "$BATS_FILE_TMPDIR/base.json"
    "$SEARCH" --db "$BASE.tmp" --json --facets 'orchard japan' | jq -c 'del(.elapsed_ms)' \
        > "$BATS_FILE_TMPDIR/base-facets.json"
    "$SEARCH" --db "$BASE.tmp" --show k-7 > "$BATS_FILE_TMPDIR/base-show.txt"
    "$SEARCH" --db "$BASE.tmp" --similar k-7 > "$BATS_FILE_TMPDIR/base-similar.txt"
    mv "$BASE.tmp" "$BASE"
}

# A fresh copy of the base named $1; prints its path.
damaged_copy() {
    local dir="$BATS_TEST_TMPDIR/copy-$1"
    rm -rf "$dir"
    cp -r "$BASE" "$dir"
    echo "$dir"
}

# Notes failure $2 of copy $1 (with the files of the run that failed).
damage_failure() {
    {
        echo "copy $1: $2"
        echo "  stdout: $(head -c 300 "$OUT" | tr '\r\n' '  ')"
        echo "  stderr: $(head -c 600 "$ERR" | tr '\r\n' '  ')"
    } >> "$FAILURES"
}

# Notes that copy $1 met the open bug whose variable is named $2.
damage_known() {
    echo "$2 copy $1: $(head -c 200 "$ERR" | tr '\r\n' '  ')" >> "$KNOWN"
}

# Runs one way ($2) of reading or writing the damaged copy $3 (named $1),
# with a 20 s bound, and checks its outcome: success with sane output, or
# a clean failure (exit 2, or the page's 503) whose message names the
# index or the damage; never a signal, a hang, an empty message or a
# sanitizer's report.
damage_run() {
    local name=$1 way=$2 dir=$3 rc=0
    OUT="$BATS_TEST_TMPDIR/out" ERR="$BATS_TEST_TMPDIR/err"
    case $way in
        search) timeout 20 "$SEARCH" --db "$dir" 'orchard japan' ;;
        json) timeout 20 "$SEARCH" --db "$dir" --json 'orchard japan' ;;
        facets) timeout 20 "$SEARCH" --db "$dir" --json --facets 'orchard japan' ;;
        show) timeout 20 "$SEARCH" --db "$dir" --show k-7 ;;
        similar) timeout 20 "$SEARCH" --db "$dir" --similar k-7 ;;
        cgi-json) env REQUEST_METHOD=GET QUERY_STRING='q=orchard+japan&format=json' \
                      DOSSIER_DB="$dir" timeout 20 "$CGI" ;;
        cgi-html) env REQUEST_METHOD=GET QUERY_STRING='q=orchard+japan' \
                      DOSSIER_DB="$dir" timeout 20 "$CGI" ;;
        index) timeout 20 "$INDEX" --db "$dir" --quiet "$EXTRA" ;;
    esac > "$OUT" 2> "$ERR" < /dev/null || rc=$?
    if has_sanitizer_report "$ERR"; then
        if [ "$way" = index ] && is_xapian_report "$ERR"; then
            damage_known "$name $way" BUG_XAPIAN_WRITE
        else
            damage_failure "$name" "$way: a sanitizer's report"
        fi
        return
    fi
    if [ "$rc" -eq 124 ]; then
        damage_failure "$name" "$way: still running after 20 s"
        return
    fi
    if [ "$rc" -ge 128 ]; then
        damage_failure "$name" "$way: killed by signal $((rc - 128))"
        return
    fi
    case $way in
        cgi-*)
            local status
            status=$(head -n 1 "$OUT" | tr -d '\r')
            [ "$rc" -eq 0 ] || { damage_failure "$name" "$way: exit status $rc"; return; }
            if [ "$status" = "Status: 503 Service Unavailable" ]; then
                [ -s "$ERR" ] || { damage_failure "$name" "$way: 503 with nothing in the server's log"; return; }
                if ! names_index_or_damage "$ERR" "$dir"; then
                    damage_failure "$name" "$way: 503 whose log names neither index nor damage"
                    return
                fi
            elif [ "$status" != "Status: 200 OK" ]; then
                damage_failure "$name" "$way: $status"
                return
            fi
            if [ "$way" = cgi-json ]; then
                sed '1,/^\r$/d' "$OUT" | jq -e 'type == "object" and (has("error") or has("total"))' > /dev/null ||
                    damage_failure "$name" "$way: the body is not the JSON answer"
            else
                grep -q '</html>' "$OUT" || damage_failure "$name" "$way: the page is cut short"
            fi
            return ;;
    esac
    if [ "$rc" -eq 2 ]; then
        [ -s "$ERR" ] || { damage_failure "$name" "$way: exit 2 with nothing on stderr"; return; }
        if names_index_or_damage "$ERR" "$dir"; then
            return
        fi
        damage_failure "$name" "$way: exit 2 with a message that names neither index nor damage"
        return
    fi
    case $way:$rc in
        search:0) grep -q 'match' "$OUT" || damage_failure "$name" "$way: no count of matches" ;;
        search:1) grep -q 'No articles match' "$OUT" || damage_failure "$name" "$way: exit 1 without 'No articles match'" ;;
        json:[01]) jq -e '.total | type == "number"' "$OUT" > /dev/null ||
                       damage_failure "$name" "$way: no JSON total" ;;
        facets:[01]) jq -e '.facets | type == "object"' "$OUT" > /dev/null ||
                         damage_failure "$name" "$way: no JSON facets" ;;
        show:0) grep -q 'Orchard almanac 7' "$OUT" || damage_failure "$name" "$way: not the article asked for" ;;
        similar:[01]) ;;
        index:0)
            # The index took the article: it must still hold the others.
            local total
            total=$(timeout 20 "$SEARCH" --db "$dir" --json --limit 1 --no-collapse 'orchard OR frost' 2>/dev/null |
                        jq -r '.total')
            # A folder that holds any file of the index is opened, never
            # made anew: only the emptied folder starts a new index.
            if [ "$name" = empty-folder ]; then
                [ "$total" = 1 ] || damage_failure "$name" "$way: exit 0, then $total articles, not 1"
            elif [ -n "$total" ] && [ "$total" != 61 ]; then
                damage_failure "$name" "$way: exit 0, then $total articles, not 61"
            fi ;;
        *) damage_failure "$name" "$way: exit status $rc" ;;
    esac
}

# Runs every way on the damaged copy $2 (named $1), the writer last.
# Copies whose Xapian tables are intact (a damaged image beside them)
# must answer as the intact index does.
damage_all() {
    local name=$1 dir=$2 way
    for way in search json facets show similar cgi-json cgi-html; do
        damage_run "$name" "$way" "$dir"
    done
    case $name in
        *.image)
            diff <("$SEARCH" --db "$dir" --json 'orchard japan' 2>/dev/null | jq -c 'del(.elapsed_ms)') \
                "$BATS_FILE_TMPDIR/base.json" > /dev/null ||
                echo "copy $name: --json differs from the intact index's" >> "$FAILURES"
            diff <("$SEARCH" --db "$dir" --show k-7 2>/dev/null) "$BATS_FILE_TMPDIR/base-show.txt" > /dev/null ||
                echo "copy $name: --show differs from the intact index's" >> "$FAILURES"
            diff <("$SEARCH" --db "$dir" --similar k-7 2>/dev/null) "$BATS_FILE_TMPDIR/base-similar.txt" > /dev/null ||
                echo "copy $name: --similar differs from the intact index's" >> "$FAILURES"
            # A flipped facet image may count wrong within its bounds
            # (include/dossier/facet_image.h); one it refuses may not.
            if [ "$name" != flipped-facets.image ]; then
                diff <("$SEARCH" --db "$dir" --json --facets 'orchard japan' 2>/dev/null | jq -c 'del(.elapsed_ms)') \
                    "$BATS_FILE_TMPDIR/base-facets.json" > /dev/null ||
                    echo "copy $name: --facets differs from the intact index's" >> "$FAILURES"
            fi ;;
    esac
    damage_run "$name" index "$dir"
}

# Prints the failures noted and fails when there are any; then skips with
# the open bugs met, when there are any.
damage_verdict() {
    if [ -s "$FAILURES" ]; then
        cat "$FAILURES"
        return 1
    fi
    if [ -s "$KNOWN" ]; then
        cat "$KNOWN"
        local bug bugs=()
        for bug in $(cut -d' ' -f1 "$KNOWN" | sort -u); do
            bugs+=("${!bug}")
        done
        skip "$(IFS='|'; echo "${bugs[*]}")"
    fi
}

# ------------------------------------------------------------ the page

# Sends every parameter of the page ~40 hostile payloads through the CGI
# $1 over the index $2, and prints each failing combination; exit status 1
# when there is one.  The parameters are cgi_params.c's, plus the payload
# as a parameter's name.
xss_sweep() {
    python3 - "$1" "$2" <<'PYEOF'
import html.parser, json, os, subprocess, sys, urllib.parse

cgi, db = sys.argv[1], sys.argv[2]
PARAMS = ['q', 'page', 'per', 'sort', 'from', 'to', 'source', 'entity',
          'similar', 'format', '(name)']
# Percent-encoded, every parameter is tried as a page; these also as JSON
# and, unencoded as a careless client sends them, as a page.
JSON_PARAMS = ['q', 'source', 'entity', 'similar', 'from', '(name)']
RAW_PARAMS = ['q', 'source', 'similar']
# A payload is text (sent as UTF-8) or bytes (sent as they are).
PAYLOADS = [
    '<script>alert(1)</script>', '<SCRIPT SRC=//127.0.0.1:1/x.js></SCRIPT>',
    '<scr<script>ipt>alert(3)</script>', '<img src=x onerror=alert(4)>',
    '<svg onload=alert(5)>', '<svg/onload=alert(6)//', '<body onload=alert(7)>',
    '<iframe src="javascript:alert(8)">', '<a href="javascript:alert(9)">x</a>',
    'javascript:alert(10)', ' JaVaScRiPt:alert(11)',
    'data:text/html,<script>alert(12)</script>', 'vbscript:msgbox(13)',
    '"><script>alert(14)</script>', "'><script>alert(15)</script>",
    '" onmouseover="alert(16)', "' onfocus='alert(17)' autofocus='",
    '" autofocus onfocus=alert(18) x="', '</title><script>alert(19)</script>',
    '</textarea><script>alert(20)</script>', '</style><script>alert(21)</script>',
    '--><script>alert(22)</script><!--', ']]><script>alert(23)</script>',
    '&lt;script&gt;alert(24)&lt;/script&gt;',
    '&#60;script&#62;alert(25)&#60;/script&#62;',
    '&#x3C;img src=x onerror=alert(26)&#x3E;', '&quot; onload=&quot;alert(27)',
    '%3Cscript%3Ealert(28)%3C/script%3E',
    '%253Cscript%253Ealert(29)%253C/script%253E',
    '+ADw-script+AD4-alert(30)+ADw-/script+AD4-',
    'a\x00<script>alert(31)</script>', 'x\r\nSet-Cookie: pwned=32',
    'x\r\n\r\n<script>alert(33)</script>',
    'x\nLocation: http://127.0.0.1:1/34',
    b'\xc0\xbcscript\xc0\xbealert(35)\xc0\xbc/script\xc0\xbe',
    b'\xe0\x80\xbcsvg onload=alert(36)\xe0\x80\xbe',
    '\u2028<script>alert(37)</script>',
    '\uff1cscript\uff1ealert(38)\uff1c/script\uff1e',
    'pla" style="background:url(javascript:alert(39))',
    'entity:"x\\" onclick=alert(40)',
]
SCHEMES = ('javascript:', 'data:', 'vbscript:')


class Page(html.parser.HTMLParser):
    """The tags and attributes of a page, and what is wrong with them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shapes, self.bad, self.inputs = set(), [], {}
        self.svg = self.titles = self.comments = 0
        self.has_error = False

    def handle_starttag(self, tag, attrs):
        if tag == 'svg':
            self.svg += 1
        if tag == 'title' and not self.svg:
            self.titles += 1
        self.shapes.add((tag, ''))
        names = [a for a, _ in attrs]
        if len(names) != len(set(names)):
            self.bad.append('an attribute twice in <%s>' % tag)
        for a, v in attrs:
            self.shapes.add((tag, a))
            if a.startswith('on'):
                self.bad.append('%s= in <%s>' % (a, tag))
            if a in ('href', 'src', 'action', 'formaction') and v:
                if ''.join(c for c in v if c > ' ').lower().startswith(SCHEMES):
                    self.bad.append('%s="%s"' % (a, v[:60]))
            if a == 'class' and v == 'error':
                self.has_error = True
        if tag == 'input':
            d = dict(attrs)
            self.inputs.setdefault(d.get('name'), []).append(d.get('value'))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == 'svg':
            self.svg -= 1

    def handle_endtag(self, tag):
        if tag == 'svg':
            self.svg -= 1

    def handle_comment(self, data):
        self.comments += 1


def run(qs):
    env = {k.encode(): v.encode() for k, v in os.environ.items()
           if k in ('PATH', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
                    'DOSSIER_ENTITIES')}
    env.update({b'REQUEST_METHOD': b'GET', b'QUERY_STRING': qs,
                b'DOSSIER_DB': db.encode()})
    return subprocess.run([cgi], env=env, capture_output=True, timeout=20)


def split(out):
    head, sep, body = out.partition(b'\r\n\r\n')
    return head.split(b'\r\n'), sep, body


# What the page is made of: the tags and attributes, and the headers, of
# answers to benign and to plainly wrong values of every parameter.
shapes, header_names = set(), None
for qs in [b'', b'q=orchard&per=3',
           b'q=orchard&per=3&page=2&sort=newest&from=2022&to=2022-06&source=Almanac+1&entity=japan',
           b'similar=k-7', b'q=orchard&similar=k-7', b'q=orchard&page=abc',
           b'q=orchard&sort=x', b'q=orchard&from=x', b'q=orchard&entity=%3C',
           b'q=%C3', b'q=orchard&format=x', b'similar=none', b'q=zzzqqq',
           b'q=orchard&from=2023&to=2020', b'q=%28orchard']:
    lines, _, body = split(run(qs).stdout)
    header_names = header_names or sorted(h.split(b':')[0].lower() for h in lines)
    page = Page()
    page.feed(body.decode('utf-8'))
    page.close()
    shapes |= page.shapes


def decoded(value):
    return urllib.parse.unquote_to_bytes(value.replace(b'+', b' '))


failures, bodies, runs = [], [], 0
for i, payload in enumerate(PAYLOADS):
    raw = payload if isinstance(payload, bytes) else payload.encode('utf-8')
    tries = [(p, 'encoded', 'html') for p in PARAMS]
    tries += [(p, 'encoded', 'json') for p in JSON_PARAMS]
    if b'\x00' not in raw:  # an environment variable holds no NUL
        tries += [(p, 'raw', 'html') for p in RAW_PARAMS]
    for param, form, fmt in tries:
        enc = raw if form == 'raw' else \
            urllib.parse.quote_from_bytes(raw, safe='').encode()
        if param == '(name)':
            qs = b'q=orchard&' + enc + b'=1'
        elif param == 'q':
            qs = b'q=' + enc
        else:
            qs = b'q=orchard&' + param.encode() + b'=' + enc
        if fmt == 'json':
            qs += b'&format=json'
        runs += 1
        q_value = decoded(qs.split(b'&')[0][2:])  # what q should read
        where = 'parameter %s, payload %d %r (%s, %s): QUERY_STRING=%r' % (
            param, i + 1, payload, form, fmt, qs)

        def fail(what):
            failures.append('%s: %s' % (where, what))

        r = run(qs)
        err = r.stderr.decode('utf-8', 'replace')
        if r.returncode != 0:
            fail('exit status %d' % r.returncode)
        if 'Sanitizer' in err or 'runtime error:' in err:
            fail('a sanitizer report: ' + err[:400])
        lines, sep, body = split(r.stdout)
        if not sep:
            fail('no end of the headers')
            continue
        status = lines[0].decode('latin-1')
        if status[:11] not in ('Status: 200', 'Status: 400', 'Status: 404'):
            fail(status)
        names, ctype = [], ''
        for h in lines:
            name, _, value = h.partition(b':')
            names.append(name.lower())
            if name.lower() == b'content-type':
                ctype = value.strip().decode('latin-1')
            if len(raw) > 3 and raw in h:
                fail('the payload in a header: %r' % h[:100])
        if sorted(names) != header_names:
            fail('headers %r' % names)
        if ctype.startswith('application/json'):
            bodies.append(body)
            try:
                doc = json.loads(body, parse_constant=lambda c: 1 / 0)
            except Exception as e:
                fail('invalid JSON (%s): %r' % (e, body[:100]))
                continue
            if status.startswith('Status: 200') and param == 'q' and \
                    doc.get('query', '').encode('utf-8') != q_value:
                fail('"query" is %r' % doc.get('query'))
            if not status.startswith('Status: 200') and \
                    not isinstance(doc.get('error'), str):
                fail('no error message: %r' % body[:100])
        elif ctype.startswith('text/html'):
            try:
                text = body.decode('utf-8')
            except UnicodeDecodeError:
                fail('the page is not UTF-8')
                continue
            if '<script' in text.lower():
                fail('<script in the page')
            if any(c in raw for c in b'<>"\'') and raw in body:
                fail('the payload raw in the page')
            page = Page()
            page.feed(text)
            page.close()
            for b in page.bad:
                fail(b)
            for tag, attr in sorted(page.shapes - shapes):
                fail('<%s%s> is none of the page\'s' % (tag, ' ' + attr if attr else ''))
            if page.titles != 1 or page.comments:
                fail('%d titles and %d comments' % (page.titles, page.comments))
            if param == 'q' and not page.has_error and \
                    [(v or '').encode('utf-8') for v in page.inputs.get('q', [])] != [q_value]:
                fail('the search box holds %r' % page.inputs.get('q'))
        else:
            fail('Content-Type %r' % ctype)
# jq reads every JSON answer too: one type a document, or an error.
j = subprocess.run(['jq', '-c', 'type'], input=b'\n'.join(bodies),
                   capture_output=True)
if j.returncode != 0 or j.stdout.count(b'"object"') != len(bodies):
    failures.append('jq: %d JSON answers: %r' % (len(bodies), j.stderr[:200]))
print('%d requests, %d of them JSON, %d failures' % (runs, len(bodies), len(failures)))
for f in failures[:100]:
    print(f)
sys.exit(1 if failures else 0)
PYEOF
}

# ------------------------------------------------------------ feeds

# Starts tests/e2e/feed_server.py on a free port serving $1, logging each
# request to $2; sets PORT.
start_feed_server() {
    python3 tests/e2e/feed_server.py "$1" "$2" "$BATS_TEST_TMPDIR/port" 3>&- &
    echo $! > "$BATS_TEST_TMPDIR/server.pid"
    local _
    for _ in $(seq 100); do
        [ -s "$BATS_TEST_TMPDIR/port" ] && break
        sleep 0.05
    done
    PORT=$(cat "$BATS_TEST_TMPDIR/port")
}

stop_feed_server() {
    if [ -s "$BATS_TEST_TMPDIR/server.pid" ]; then
        kill "$(cat "$BATS_TEST_TMPDIR/server.pid")" 2>/dev/null || true
        rm -f "$BATS_TEST_TMPDIR/server.pid"
    fi
}

# Runs the command after $1 with a bound of 20 s, its output to $1.out and
# $1.err, and writes "STATUS SECONDS MAX-RSS-KB" to $1.cost.
measured() {
    local base=$1
    shift
    python3 - "$base" "$@" <<'EOF'
import resource, subprocess, sys, time
base, cmd = sys.argv[1], sys.argv[2:]
start = time.monotonic()
with open(base + '.out', 'wb') as out, open(base + '.err', 'wb') as err:
    try:
        rc = subprocess.run(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, timeout=20).returncode
    except subprocess.TimeoutExpired:
        rc = 124
elapsed = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(base + '.cost', 'w').write('%d %.2f %d\n' % (rc, elapsed, rss))
EOF
}
