#!/bin/sh
# Compiles indexer/html_entities.tsv into a C table (stdout): the names in
# byte order for binary search, each with its UTF-8 text.  A bad or
# unsorted line fails the build: the list is ours, so it is a bug to fix.
set -eu
export LC_ALL=C
tsv=$1
echo '/* Generated from html_entities.tsv by indexer/gen_html_entities.sh. */'
echo '#include <stddef.h>'
echo '#include "feed_entities_table.h"'
grep -v '^#' "$tsv" | grep -v '^$' |
    awk -F '\t' '
        function hexval(s,    i, v, c) {
            v = 0
            for (i = 1; i <= length(s); i++) {
                c = index("0123456789ABCDEF", substr(s, i, 1))
                if (c == 0) return -1
                v = v * 16 + c - 1
            }
            return v
        }
        function byte(v) { return sprintf("\\x%02X", v) }
        function utf8(cp) {
            if (cp < 128) return byte(cp)
            if (cp < 2048) return byte(192 + int(cp / 64)) byte(128 + cp % 64)
            if (cp < 65536)
                return byte(224 + int(cp / 4096)) byte(128 + int(cp / 64) % 64) \
                       byte(128 + cp % 64)
            return byte(240 + int(cp / 262144)) byte(128 + int(cp / 4096) % 64) \
                   byte(128 + int(cp / 64) % 64) byte(128 + cp % 64)
        }
        NF != 2 || $1 !~ /^[A-Za-z][A-Za-z0-9]*$/ {
            print "bad line: " $0 > "/dev/stderr"; bad = 1; exit 1
        }
        prev != "" && !($1 > prev) {
            print "not sorted or duplicate: " $1 > "/dev/stderr"; bad = 1; exit 1
        }
        {
            n_cps = split($2, cps, " ")
            text = ""
            for (i = 1; i <= n_cps; i++) {
                if (cps[i] !~ /^U\+[0-9A-F]+$/) {
                    print "bad code point: " $0 > "/dev/stderr"; bad = 1; exit 1
                }
                cp = hexval(substr(cps[i], 3))
                if (cp <= 0 || cp > 1114111) {
                    print "bad code point: " $0 > "/dev/stderr"; bad = 1; exit 1
                }
                text = text utf8(cp)
            }
            # "" between the escapes and the next byte ends a hex escape.
            rows = rows sprintf("    {\"%s\", \"%s\"},\n", $1, text)
            prev = $1; n++
        }
        END {
            if (bad) exit 1
            if (n == 0) { print "empty list" > "/dev/stderr"; exit 1 }
            printf "const struct html_entity html_entities[] = {\n%s};\n", rows
        }'
echo 'const size_t html_n_entities = sizeof html_entities / sizeof html_entities[0];'
