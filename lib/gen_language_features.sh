#!/bin/sh
# Compiles lib/language_features.tsv into the C table language_features[]
# that lib/language_detect.c reads (stdout): one entry a line, in the
# file's order (a feature listed twice for one language counts as first
# listed).  A line that is not a language of the model, a TAB and
# features, or that holds a character a C string would need escaped
# (" or \), fails the build: the list is ours, so a bad line is a bug to
# fix, not input to skip.
set -eu
echo '/* Generated from language_features.tsv by lib/gen_language_features.sh. */'
echo '#include "language_features.h"'
# In a variable first, so that a bad line stops the build (set -e sees
# the status of a pipeline's last command only).
table=$(grep -v '^#' "$1" | grep -v '^$' | LC_ALL=C awk -F '\t' '
    NF != 2 || $1 !~ /^(en|fr|de|es|it|pt|nl|tr|ru|uk|ar|fa)$/ ||
    $2 ~ /["\\]/ || $2 !~ /[^ ]/ {
        print "language_features.tsv: bad line: " $0 > "/dev/stderr"
        bad = 1; exit 1
    }
    { printf "    {\"%s\", \"%s\"},\n", $1, $2; n++ }
    END { if (!bad && n == 0) { print "language_features.tsv: empty" > "/dev/stderr"; exit 1 } }')
echo 'const language_feature_list language_features[] = {'
printf '%s\n' "$table"
echo '};'
echo 'const size_t n_language_features ='
echo '    sizeof language_features / sizeof language_features[0];'
