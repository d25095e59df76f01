#!/bin/sh
# Prints the C array $1[26 * 26 + 1]: where the words on standard input
# (sorted in byte order, letters a-z, two or more, one a line) beginning
# with each two letters begin (aa, ab, ..., zz), then their number, so
# that a lookup searches only its word's bucket (lib/word_table.h).  For
# the generated word tables, lib/gen_spelling.sh and lib/gen_name_words.sh.
set -eu
awk -v name="$1" '
    {
        abc = "abcdefghijklmnopqrstuvwxyz"
        bucket = (index(abc, substr($0, 1, 1)) - 1) * 26 + \
                 index(abc, substr($0, 2, 1)) - 1
        if (!(bucket in start)) start[bucket] = NR - 1
    }
    END {
        printf "const uint16_t %s[26 * 26 + 1] = {\n", name
        next_start = NR
        for (b = 26 * 26 - 1; b >= 0; b--) {
            if (b in start) next_start = start[b]
            at[b] = next_start
        }
        for (b = 0; b < 26 * 26; b++) printf "    %d,\n", at[b]
        printf "    %d,\n};\n", NR
    }'
