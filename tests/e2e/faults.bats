#!/usr/bin/env bats
# dossier-index and faulty input: a NUL byte costs one line, not a file;
# a field of the wrong JSON type is told, never dropped in silence;
# hostile HTML (deep nesting, attribute storms) keeps its text, is cut
# with one warning and costs no superlinear time; and nothing the input
# holds reaches the terminal as a control character.

setup() {
    cd "$BATS_TEST_DIRNAME/../.."
    BUILD=${BUILD:-build}
    INDEX="$BUILD/bin/dossier-index"
    DB="$BATS_TEST_TMPDIR/index"
    T="$BATS_TEST_TMPDIR"
}

doc_count() {
    xapian-delve "$1" | sed -n 's/^number of documents = //p'
}

# Writes JSON Lines records $1 to $2 (one a line, each its own words) to
# standard output.
records() {
    local i
    for ((i = $1; i <= $2; i++)); do
        printf '{"id":"rec-%d","title":"Report number %d","body":"Body text of report %d about the port of call %d."}\n' \
            "$i" "$i" "$i" "$i"
    done
}

# Whether standard input holds a control character that drives a
# terminal: C0 but for the newline, DEL, or an 8-bit C1 control (U+0080 to
# U+009F, encoded or as a raw byte).
has_controls() {
    perl -e 'binmode STDIN; local $/; my $s = <STDIN>; utf8::decode($s);
             exit($s =~ /[\x00-\x09\x0b-\x1f\x7f-\x9f]/ ? 0 : 1)'
}

# ------------------------------------------------------------------ NUL bytes

# Indexes FILE into $DB and expects exit 1 (something rejected), MESSAGE in
# the output, and ADDED articles added and in the index.
index_rejecting() {
    run "$INDEX" --db "$DB" "$1"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"$2"* ]]
    [[ "$output" == *"$3 added"* ]]
    [ "$(doc_count "$DB")" -eq "$3" ]
}

@test "a NUL byte inside one of the first lines of a JSON Lines file rejects that line only" {
    {
        records 1 2
        printf '{"id":"rec-3","title":"Report\0number 3","body":"A body."}\n'
        records 4 100
    } > "$T/nul.jsonl"
    run "$INDEX" --db "$DB" "$T/nul.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"nul.jsonl:3: malformed JSON at column 30: NUL byte"* ]]
    [[ "$output" != *"binary file"* ]]
    [[ "$output" == *"99 added"* ]]
    [[ "$output" == *" 1 rejected, 0 warnings;"* ]]
    [ "$(doc_count "$DB")" -eq 99 ]
}

@test "a NUL byte before the first record: the content is still JSON Lines, whatever the file's name" {
    {
        printf '\0'
        records 1 100
    } > "$T/lead.dat"
    index_rejecting "$T/lead.dat" "lead.dat:1: malformed JSON at column 1: NUL byte" 99
}

@test "a NUL byte in a gzip-compressed JSON Lines file rejects that line only" {
    {
        records 1 1
        printf '{"id":"rec-2","title":"Report number 2","body":"A\0body."}\n'
        records 3 100
    } | gzip -c > "$T/nul.jsonl.gz"
    index_rejecting "$T/nul.jsonl.gz" "nul.jsonl.gz:2: malformed JSON at column" 99
}

@test "\\u0000 in a JSON string rejects that line only" {
    {
        records 1 4
        printf '{"id":"rec-5","title":"Report \\u0000 number 5","body":"A body."}\n'
        records 6 10
    } > "$T/escaped-nul.jsonl"
    index_rejecting "$T/escaped-nul.jsonl" 'escaped-nul.jsonl:5: malformed JSON at column 31: NUL character (\u0000) in a string' 9
}

@test "--format jsonl and a .jsonl name read binary-looking lines one by one" {
    # 5000 bytes of binary before the records: alone, they look binary.
    {
        head -c 5000 /dev/zero | tr '\0' '\001'
        printf '\0\n'
        records 1 10
    } > "$T/mixed.bin"
    run "$INDEX" --db "$DB" "$T/mixed.bin"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"mixed.bin: binary file, not an article"* ]]
    run "$INDEX" --db "$DB" --format jsonl "$T/mixed.bin"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"mixed.bin:1: malformed JSON at column 5001: NUL byte"* ]]
    [[ "$output" == *"10 added"* ]]
    [ "$(doc_count "$DB")" -eq 10 ]
    # Standard input too.
    run bash -c "$INDEX --db $T/stdin --format jsonl - < $T/mixed.bin"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"(standard input):1: malformed JSON at column 5001: NUL byte"* ]]
    [ "$(doc_count "$T/stdin")" -eq 10 ]
    # A name that says JSON Lines says it as --format would.
    cp "$T/mixed.bin" "$T/mixed.jsonl"
    run "$INDEX" --db "$T/named" "$T/mixed.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"mixed.jsonl:1: malformed JSON at column 5001: NUL byte"* ]]
    [ "$(doc_count "$T/named")" -eq 10 ]
}

@test "a binary file is still refused as one" {
    run "$INDEX" --db "$DB" tests/fixtures/index/binary.bin
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"binary.bin: binary file, not an article"* ]]
    [[ "$output" == *"0 added"* ]]
}

# ------------------------------------------------------------------ JSON types

@test "fields of the wrong JSON type are told with file:line and the field's name" {
    cat > "$T/types.jsonl" <<'EOF'
{"id": 4.5, "title": "Fractional id", "body": "An id with a fraction is no key."}
{"id": "t2", "title": {"text": "Object title"}, "body": "A title that is an object."}
{"id": "t3", "title": "Array body", "body": ["first", "second"]}
{"id": "t4", "title": 1984, "body": "A title that is a number, kept as its digits."}
{"id": "t5", "title": "Unix seconds", "body": "Published as a number of seconds.", "published": 1691416800}
{"id": "t6", "title": "Milliseconds", "body": "Published as milliseconds, out of range.", "published": 1691416800000}
{"id": "t7", "title": "Object date", "body": "Published as an object.", "published": {"date": "2023-08-07"}}
{"id": "t8", "title": "Boolean source", "body": "A source that is a boolean.", "source": true}
{"id": 42, "title": "Whole number id", "body": "A whole-number id is a documented key."}
{"id": "t10", "title": "Null category", "body": "A null field is an absent one.", "category": null}
EOF
    run "$INDEX" --db "$DB" "$T/types.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"types.jsonl:1: id is a number with a fraction or an exponent (4.5), expected a string or a whole number; record skipped"* ]]
    [[ "$output" == *"types.jsonl:2: title is an object, expected a string; record skipped"* ]]
    [[ "$output" == *"types.jsonl:3: body is an array, expected a string; record skipped"* ]]
    [[ "$output" == *'types.jsonl:4: title is a number, expected a string; kept as "1984"'* ]]
    [[ "$output" == *"types.jsonl:6: published is a number out of range for Unix seconds (1691416800000); article kept without a date"* ]]
    [[ "$output" == *"types.jsonl:7: published is an object, expected a date string or Unix seconds; article kept without a date"* ]]
    [[ "$output" == *"types.jsonl:8: source is a boolean, expected a string; record skipped"* ]]
    [[ "$output" != *"types.jsonl:5:"* ]]
    [[ "$output" != *"types.jsonl:9:"* ]]
    [[ "$output" != *"types.jsonl:10:"* ]]
    [[ "$output" == *"6 added"* ]]
    # Four records skipped; three kept with a warning (a number as the
    # title, two dates dropped), which are counted apart.
    [[ "$output" == *" 4 rejected, 3 warnings;"* ]]
    [ "$(doc_count "$DB")" -eq 6 ]
    for id in Qt4 Qt5 Qt6 Qt7 Q42 Qt10; do
        run xapian-delve -t "$id" "$DB"
        echo "$id: $output"
        [ "$status" -eq 0 ]
    done
    # Unix seconds are a date; the article with the title 1984 is found by it.
    run xapian-delve -t D20230807 "$DB"
    [ "$status" -eq 0 ]
    run xapian-delve -t S1984 "$DB"
    [ "$status" -eq 0 ]
}

# ------------------------------------------------------------------ hostile HTML

# Writes to $1 a page whose story sits in $2 nested <div>s.
nested_divs_page() {
    perl -e 'my $n = shift;
             print "<html><head><title>Winter ferries</title></head><body>\n",
                   "<div>" x $n,
                   "<p>The ferry timetable changes on Sunday for the winter season.</p>",
                   "</div>" x $n, "</body></html>\n"' "$2" > "$1"
}

# Writes to $1 a page whose story is in a tag of $2 attributes.
attribute_storm_page() {
    perl -e 'my $n = shift;
             print "<html><head><title>Harbour storm</title></head><body><article><div",
                   (map { " data-a$_=\"v\"" } 1 .. $n),
                   "><p>The harbour authority reopened the northern quay after the storm.</p>",
                   "</div></article></body></html>\n"' "$2" > "$1"
}

@test "a page of 100,000 nested divs keeps its text, with one warning of what was flattened and where" {
    nested_divs_page "$T/deep.html" 100000
    run "$INDEX" --db "$DB" "$T/deep.html"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"deep.html: markup simplified before parsing, text kept: 99803 start tags and 99803 end tags nested deeper than 200 dropped (from line 2)"* ]]
    [ "$(grep -c 'markup simplified' <<< "$output")" -eq 1 ]
    [[ "$output" != *"no article text found"* ]]
    [[ "$output" == *"1 added"* ]]
    [[ "$output" == *" 0 rejected, 1 warnings;"* ]]
    run "$BUILD/bin/dossier-search" --db "$DB" --color never timetable
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Winter ferries"* ]]
}

@test "a tag of 100,000 attributes keeps 64 and its page is indexed, with one warning naming the tag" {
    attribute_storm_page "$T/storm.html" 100000
    run "$INDEX" --db "$DB" "$T/storm.html"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *"storm.html: markup simplified before parsing, text kept: 99936 attributes past the first 64 of a tag dropped (first <div> at line 1)"* ]]
    [ "$(grep -c 'markup simplified' <<< "$output")" -eq 1 ]
    [[ "$output" == *"1 added"* ]]
    [[ "$output" == *" 0 rejected, 1 warnings;"* ]]
    run "$BUILD/bin/dossier-search" --db "$DB" --color never quay
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Harbour storm"* ]]
}

# ------------------------------------------------------------------ terminal

@test "control characters of the input are escaped in messages: dates, languages, JSON errors" {
    printf '%s\n' \
        '{"id":"c1","title":"Escape in a date","body":"One.","published":"\u001b[31myesterday"}' \
        '{"id":"c2","title":"Escape in a language","body":"Two.","lang":"\u001b]0;pwned\u0007zz"}' \
        '{"id":"c3","title":"C1 and DEL in a date","body":"Three.","published":"\u009b2J\u007fsoon"}' \
        > "$T/esc.jsonl"
    printf '{"id":"c4","title":"Trailing escape"}\033[2J\n' >> "$T/esc.jsonl"
    printf '{"id":"c5","title":"Bad UTF-8 \xff\xfe"}\n' >> "$T/esc.jsonl"
    run "$INDEX" --db "$DB" "$T/esc.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *'esc.jsonl:1: bad date "\x1b[31myesterday"; article kept without a date'* ]]
    [[ "$output" == *'esc.jsonl:2: language "\x1b]0;pwned\x07zz" is no language tag; the text'"'"'s own is used'* ]]
    [[ "$output" == *'esc.jsonl:3: bad date "\u009b2J\x7fsoon"; article kept without a date'* ]]
    [[ "$output" == *"esc.jsonl:4: malformed JSON at column"*'\x1b'* ]]
    [[ "$output" == *"esc.jsonl:5: malformed JSON at column"* ]]
    run has_controls <<< "$output"
    [ "$status" -eq 1 ]
    # Every message is valid UTF-8.
    run iconv -f UTF-8 -t UTF-8 <<< "$output"
    [ "$status" -eq 0 ]
}

@test "control characters of a feed and of a file name are escaped in messages" {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>F</title>\n<item><title>Dated badly</title><description>A body.</description><pubDate>\xc2\x9b2J\x7fsoon</pubDate></item>\n</channel></rss>\n' \
        > "$T/feed.xml"
    run "$INDEX" --db "$DB" "$T/feed.xml" "$T/missing"$'\e'"[2J.jsonl"
    echo "$output"
    [ "$status" -eq 1 ]
    [[ "$output" == *'bad date "\u009b2J\x7fsoon"; article kept without a date'* ]]
    [[ "$output" == *'missing\x1b[2J.jsonl: cannot open: No such file or directory'* ]]
    # The feed's item is added with a warning; the missing file is the
    # one rejection.
    [[ "$output" == *"1 added, 0 replaced, 0 merged (exact duplicates), 0 near-duplicates, 1 rejected, 1 warnings;"* ]]
    run has_controls <<< "$output"
    [ "$status" -eq 1 ]
}
