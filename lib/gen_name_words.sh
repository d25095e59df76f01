#!/bin/sh
# Compiles lib/name_words.tsv into the C table of lib/name_words.c
# (stdout): the words sorted in byte order, each with its kinds (a bit
# set: 1 before, 2 legal, 4 company, 8 body, 16 area, 32 particle, 64
# first, 128 landform), and
# the index of each two letters' bucket.  A line that is not kind<TAB>
# and a word of two or more letters a-z, or a word listed twice under one
# kind, fails the build: the list is
# ours, so a bad line is a bug to fix, not input to skip.  Words go into
# one string and the table holds offsets: a pointer table is relocated in
# every process at start-up, which a process a request (the CGI) pays.
set -eu
echo '/* Generated from name_words.tsv by lib/gen_name_words.sh. */'
echo '#include <stddef.h>'
echo '#include <stdint.h>'
# In a variable first, so that a bad line stops the build (set -e sees
# the status of a pipeline's last command only).
list=$(grep -v '^#' "$1" | grep -v '^$' | LC_ALL=C awk -F '\t' '
    NF != 2 || $2 !~ /^[a-z][a-z]+$/ ||
    ($1 != "before" && $1 != "legal" && $1 != "company" && $1 != "body" &&
     $1 != "area" && $1 != "particle" && $1 != "first" &&
     $1 != "landform") {
        print "name_words.tsv: bad line: " $0 > "/dev/stderr"; exit 1
    }
    {
        bit = 32
        if ($1 == "area") bit = 16
        if ($1 == "first") bit = 64
        if ($1 == "landform") bit = 128
        if ($1 == "before") bit = 1
        if ($1 == "legal") bit = 2
        if ($1 == "company") bit = 4
        if ($1 == "body") bit = 8
        if ((kinds[$2] % (2 * bit)) >= bit) {
            print "name_words.tsv: listed twice: " $0 > "/dev/stderr"; exit 1
        }
        kinds[$2] += bit
    }
    END { for (w in kinds) print w "\t" kinds[w] }')
sorted=$(printf '%s\n' "$list" | LC_ALL=C sort -t '	' -k1,1)
printf '%s\n' "$sorted" |
    awk -F '\t' '
        {
            words = words "    \"" $1 "\\0\"\n"
            offs = offs sprintf("    %d,\n", off)
            kinds = kinds sprintf("    %d,\n", $2)
            off += length($1) + 1
            n++
        }
        END {
            if (n == 0 || off > 65535) {
                print "name_words.tsv: empty or too long" > "/dev/stderr"
                exit 1
            }
            printf "const char name_words_text[] =\n%s;\n", words
            printf "const uint16_t name_words_off[] = {\n%s};\n", offs
            printf "const uint8_t name_words_kinds[] = {\n%s};\n", kinds
            printf "const size_t name_words_n = %d;\n", n
        }'
# Where the words beginning with each two letters begin.
printf '%s\n' "$sorted" | cut -f1 |
    sh "$(dirname "$0")/gen_buckets.sh" name_words_buckets
