#!/bin/sh
# Compiles lib/spelling_gb_us.tsv into a C table (stdout), sorted in byte
# order for binary search.  Lines that are not two [a-z]+ fields fail the
# build: the list is ours, so a bad line is a bug to fix, not input to skip.
set -eu
tsv=$1
echo '/* Generated from spelling_gb_us.tsv by lib/gen_spelling.sh. */'
echo '#include <stddef.h>'
echo 'struct spelling_pair { const char *british; const char *american; };'
echo 'const struct spelling_pair spelling_pairs[] = {'
grep -v '^#' "$tsv" | grep -v '^$' | LC_ALL=C sort -t '	' -k1,1 |
    awk -F '\t' '
        NF != 2 || $1 !~ /^[a-z]+$/ || $2 !~ /^[a-z]+$/ {
            print "bad line: " $0 > "/dev/stderr"; bad = 1; exit 1
        }
        $1 == prev { print "duplicate: " $1 > "/dev/stderr"; bad = 1; exit 1 }
        { printf "    {\"%s\", \"%s\"},\n", $1, $2; prev = $1; n++ }
        END { if (!bad && n == 0) { print "empty list" > "/dev/stderr"; exit 1 } }'
echo '};'
echo 'const size_t spelling_n_pairs = sizeof spelling_pairs / sizeof spelling_pairs[0];'
