/*
 * fuzz_date.c: the date parser, dossier_parse_date(), on the input as a C
 * string (cut at its first NUL), as feeds, pages and records give dates;
 * and the formatting functions on the input's first eight bytes taken as
 * any time at all.
 *
 * Checked: a parsed date is within years 1000-9999 and survives
 * formatting and parsing again unchanged; formatting never writes past
 * its 21 bytes, and a date's parts are a real date.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"
#include "fuzz_common.h"

/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define PARSE_MIN INT64_C(-30610224000)
#define PARSE_MAX INT64_C(253402300799)

static void check_parts(int64_t t)
{
    int year, month, day;
    dossier_date_parts(t, &year, &month, &day);
    FUZZ_CHECK(month >= 1 && month <= 12 && day >= 1 && day <= 31);
    /* An exact-size buffer, so that a write past it is caught. */
    char *text = malloc(21);
    if (text == NULL)
        abort();
    dossier_format_date(t, text);
    FUZZ_CHECK(strlen(text) == 20 && text[10] == 'T' && text[19] == 'Z');
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstring(data, size);
    if (s == NULL)
        return 0;

    int64_t t = INT64_C(0x5eed);
    if (dossier_parse_date(s, &t) == 0) {
        FUZZ_CHECK(t >= PARSE_MIN && t <= PARSE_MAX);
        char text[32];
        dossier_format_date(t, text);
        int64_t back = 0;
        if (dossier_parse_date(text, &back) != 0 || back != t)
            fuzz_fail("\"%s\" -> %lld -> \"%s\" does not read back", s,
                      (long long)t, text);
        int year, month, day;
        dossier_date_parts(t, &year, &month, &day);
        FUZZ_CHECK(year >= 1000 && year <= 9999);
        check_parts(t);
    } else {
        FUZZ_CHECK(t == INT64_C(0x5eed)); /* left alone */
    }
    free(s);

    if (size >= 8) {
        int64_t any;
        memcpy(&any, data, sizeof any);
        check_parts(any);
    }
    return 0;
}
