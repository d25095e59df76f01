#!/bin/sh
# Compiles lib/date_zones.tsv and lib/date_names.tsv into the C tables of
# lib/date_words.h (stdout).  A line that is not what the file's header
# says fails the build: the lists are ours, so a bad line is a bug to fix,
# not input to skip.  Names go into one string, the tables hold offsets
# into it: a pointer table is relocated in every process at start-up,
# which a process a request (the CGI) pays.
set -eu
zones=$1
names=$2
echo '/* Generated from date_zones.tsv and date_names.tsv by lib/gen_date_tables.sh. */'
echo '#include "date_words.h"'
echo

# The C locale makes awk see bytes, so that UTF-8 names are written out
# byte by byte as octal escapes.
grep -v '^#' "$zones" | grep -v '^$' | LC_ALL=C awk -F '\t' '
    NF != 3 || $1 !~ /^[A-Za-z]+(\/[A-Za-z]+)?$/ ||
    $2 !~ /^[+-][0-9][0-9]:[0-5][0-9]$/ || $3 == "" {
        print "date_zones.tsv: bad line: " $0 > "/dev/stderr"; exit 1
    }
    {
        name = tolower($1)
        if (name in seen) {
            print "date_zones.tsv: listed twice: " $1 > "/dev/stderr"; exit 1
        }
        seen[name] = 1
        minutes = substr($2, 2, 2) * 60 + substr($2, 5, 2)
        if (minutes > 14 * 60) {
            print "date_zones.tsv: beyond 14:00: " $0 > "/dev/stderr"; exit 1
        }
        seconds = (substr($2, 1, 1) == "-" ? -1 : 1) * minutes * 60
        text = text "    \"" name "\\0\"\n"
        rows = rows sprintf("    {%d, %d},\n", off, seconds)
        off += length(name) + 1; n++
    }
    END {
        if (n == 0) { print "date_zones.tsv: empty" > "/dev/stderr"; exit 1 }
        if (off > 65535) { print "date_zones.tsv: too long" > "/dev/stderr"; exit 1 }
        printf "const char date_zone_text[] =\n%s;\n", text
        printf "const struct date_zone date_zones[] = {\n%s};\n", rows
        print "const size_t date_n_zones = sizeof date_zones / sizeof date_zones[0];"
        print ""
    }'

grep -v '^#' "$names" | grep -v '^$' | LC_ALL=C awk -F '\t' '
    BEGIN { for (i = 1; i < 256; i++) byte[sprintf("%c", i)] = i }
    function bad(why) {
        print "date_names.tsv: " why ": " $0 > "/dev/stderr"; exit 1
    }
    NF != 3 || $3 !~ /^[0-9]+$/ { bad("bad line") }
    $2 == "month" && ($3 < 1 || $3 > 12) { bad("month not 1-12") }
    $2 == "day" && ($3 < 1 || $3 > 7) { bad("day not 1-7") }
    $2 != "month" && $2 != "day" { bad("kind not month or day") }
    {
        if ($1 in seen) bad("listed twice")
        seen[$1] = 1
        escaped = ""; n_chars = 0
        for (i = 1; i <= length($1); i++) {
            ch = substr($1, i, 1); b = byte[ch]
            if (b >= 128) {
                escaped = escaped sprintf("\\%03o", b)
                if (b >= 192) n_chars++
            } else if (ch ~ /[a-z]/) {
                escaped = escaped ch; n_chars++
            } else {
                bad("not lower-case letters or UTF-8")
            }
        }
        if (n_chars < 3) bad("shorter than three letters")
        text = text "    \"" escaped "\\0\"\n"
        rows = rows sprintf("    {%d, DATE_%s, %d},\n", off, toupper($2), $3)
        off += length($1) + 1; n++
    }
    END {
        if (n == 0) { print "date_names.tsv: empty" > "/dev/stderr"; exit 1 }
        if (off > 65535) { print "date_names.tsv: too long" > "/dev/stderr"; exit 1 }
        printf "const char date_name_text[] =\n%s;\n", text
        printf "const struct date_name date_names[] = {\n%s};\n", rows
        print "const size_t date_n_names = sizeof date_names / sizeof date_names[0];"
    }'
