#!/bin/sh
# Compiles lib/spelling_gb_us.tsv into a C table (stdout), sorted in byte
# order for binary search.  Lines that are not two [a-z]+ fields (the
# British one at least two letters long) fail the
# build: the list is ours, so a bad line is a bug to fix, not input to skip.
set -eu
tsv=$1
echo '/* Generated from spelling_gb_us.tsv by lib/gen_spelling.sh. */'
echo '#include <stddef.h>'
echo '#include <stdint.h>'
echo '/* Offsets into one string, not pointers: a pointer table is relocated in'
echo ' * every process at start-up, which a process a request (the CGI) pays. */'
echo 'struct spelling_pair { uint32_t british, american; };'
grep -v '^#' "$tsv" | grep -v '^$' | LC_ALL=C sort -t '	' -k1,1 |
    awk -F '\t' '
        NF != 2 || $1 !~ /^[a-z][a-z]+$/ || $2 !~ /^[a-z]+$/ {
            print "bad line: " $0 > "/dev/stderr"; bad = 1; exit 1
        }
        $1 == prev { print "duplicate: " $1 > "/dev/stderr"; bad = 1; exit 1 }
        {
            words = words "    \"" $1 "\\0" $2 "\\0\"\n"
            pairs = pairs sprintf("    {%d, %d},\n", off, off + length($1) + 1)
            off += length($1) + length($2) + 2; prev = $1; n++
            first = substr($1, 1, 1)
            if (first != substr($2, 1, 1) && index(changed, first) == 0)
                changed = changed first
        }
        END {
            if (bad) exit 1
            if (n == 0) { print "empty list" > "/dev/stderr"; exit 1 }
            printf "const char spelling_words[] =\n%s;\n", words
            printf "const struct spelling_pair spelling_pairs[] = {\n%s};\n", pairs
            printf "const char spelling_first_letters_changed[] = \"%s\";\n", changed
            if (n > 65535) { print "list too long" > "/dev/stderr"; exit 1 }
        }'
echo 'const size_t spelling_n_pairs = sizeof spelling_pairs / sizeof spelling_pairs[0];'
# Where the British forms beginning with each two letters begin.
grep -v '^#' "$tsv" | grep -v '^$' | cut -f1 | LC_ALL=C sort |
    sh "$(dirname "$0")/gen_buckets.sh" spelling_buckets
# The pairs again, as indexes into spelling_pairs sorted by the American
# form, for finding the British forms of an American word (the query side
# of proper nouns, which keep their British spelling).
echo '/* Indexes into spelling_pairs, sorted by the American form. */'
echo 'const uint32_t spelling_by_american[] = {'
grep -v '^#' "$tsv" | grep -v '^$' | LC_ALL=C sort -t '	' -k1,1 |
    awk -F '\t' '{ print $2 "\t" NR - 1 }' | LC_ALL=C sort -t '	' -k1,1 |
    awk -F '\t' '{ print "    " $2 "," }'
echo '};'
