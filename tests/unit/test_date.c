/*
 * test_date.c: dossier_parse_date on every form feeds send (ISO 8601 /
 * RFC 3339, RFC 822 / 1123 / 2822 with their common variants) and on what
 * it must reject; dossier_format_date and dossier_parse_date round trips;
 * dossier_date_parts around leap days, the epoch, before 1970 and at the
 * ends of the range.  Expected seconds were computed apart from this code,
 * with Python's calendar.timegm, and are written here as literals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/date.h"

/* -1 is a real instant (1969-12-31T23:59:59Z), so rejection has its own
 * mark. */
#define NOT_A_DATE INT64_MIN

typedef struct {
    const char *input;
    int64_t expected;
} date_case;

static const date_case date_cases[] = {
    /* ISO 8601 and RFC 3339. */
    {"2023-08-07", INT64_C(1691366400)}, /* ISO date only */
    {"2023-08-07T14:00:00Z", INT64_C(1691416800)}, /* T and Z */
    {"2023-08-07t14:00:00z", INT64_C(1691416800)}, /* lower-case t and z */
    {"2023-08-07 14:00:00", INT64_C(1691416800)}, /* space, no zone = UTC */
    {"2023-08-07   14:00:00", INT64_C(1691416800)}, /* several spaces */
    {"2023-08-07T14:00", INT64_C(1691416800)}, /* no seconds */
    /* fraction, +HH:MM */
    {"2023-08-07T14:00:00.123+09:00", INT64_C(1691384400)},
    {"2023-08-07T14:00:00,5Z", INT64_C(1691416800)}, /* decimal comma */
    {"2023-08-07T14:00:00.123456789Z", INT64_C(1691416800)}, /* nanoseconds */
    {"2023-08-07T14:00:00+0530", INT64_C(1691397000)}, /* +HHMM */
    {"2023-08-07T14:00:00-07", INT64_C(1691442000)}, /* -HH */
    {"2023-08-07T14:00:00-03:30", INT64_C(1691429400)}, /* -HH:MM */
    {"2023-08-07T14:00:00-00:00", INT64_C(1691416800)}, /* -00:00 */
    /* space before zone */
    {"2023-08-07 14:00:00 +02:00", INT64_C(1691409600)},
    {"2023-08-07 14:00:00 UTC", INT64_C(1691416800)}, /* zone name after ISO */
    {"20230807T140000Z", INT64_C(1691416800)}, /* basic format */
    {"20230807T1400+0100", INT64_C(1691413200)}, /* basic, no seconds */
    {"20230807", INT64_C(1691366400)}, /* basic date only */
    {"  2023-08-07T14:00:00Z \t\n", INT64_C(1691416800)}, /* spaces around */
    {"2016-12-31T23:59:60Z", INT64_C(1483228799)}, /* leap second clamped */
    {"2000-02-29T12:00:00Z", INT64_C(951825600)}, /* leap day of 2000 */
    {"2024-02-29", INT64_C(1709164800)}, /* leap day of 2024 */
    {"1969-12-31T23:59:59Z", INT64_C(-1)}, /* before the epoch */
    {"1970-01-01T00:00:00Z", INT64_C(0)}, /* the epoch */
    /* first accepted instant */
    {"1000-01-01T00:00:00Z", INT64_C(-30610224000)},
    /* last accepted instant */
    {"9999-12-31T23:59:59Z", INT64_C(253402300799)},
    /* zone crosses the year */
    {"2023-01-01T00:30:00+01:00", INT64_C(1672529400)},
    /* RFC 822, 1123 and 2822, and what feeds make of them. */
    {"Mon, 07 Aug 2023 09:00:00 +0000", INT64_C(1691398800)}, /* RFC 1123 */
    {"07 Aug 2023 09:00:00 +0000", INT64_C(1691398800)}, /* no weekday */
    /* 1-digit day, no seconds */
    {"7 Aug 2023 09:00 GMT", INT64_C(1691398800)},
    {"Mon, 7 Aug 2023 09:00:00 EST", INT64_C(1691416800)}, /* EST */
    {"Mon, 07 Aug 2023 09:00:00 EDT", INT64_C(1691413200)}, /* EDT */
    {"Mon, 07 Aug 2023 09:00:00 CST", INT64_C(1691420400)}, /* CST */
    {"Mon, 07 Aug 2023 09:00:00 CDT", INT64_C(1691416800)}, /* CDT */
    {"Mon, 07 Aug 2023 09:00:00 MST", INT64_C(1691424000)}, /* MST */
    {"Mon, 07 Aug 2023 09:00:00 MDT", INT64_C(1691420400)}, /* MDT */
    {"Mon, 07 Aug 2023 09:00:00 PST", INT64_C(1691427600)}, /* PST */
    {"Mon, 07 Aug 2023 09:00:00 PDT", INT64_C(1691424000)}, /* PDT */
    {"Mon, 07 Aug 2023 09:00:00 UT", INT64_C(1691398800)}, /* UT */
    {"Mon, 07 Aug 2023 09:00:00 UTC", INT64_C(1691398800)}, /* UTC */
    {"Mon, 07 Aug 2023 09:00:00 Z", INT64_C(1691398800)}, /* Z */
    /* zone name in lower case */
    {"Mon, 07 Aug 2023 09:00:00 gmt", INT64_C(1691398800)},
    /* military A read as +0000 */
    {"Mon, 07 Aug 2023 09:00:00 A", INT64_C(1691398800)},
    /* military M read as +0000 */
    {"Mon, 07 Aug 2023 09:00:00 M", INT64_C(1691398800)},
    /* military Y read as +0000 */
    {"Mon, 07 Aug 2023 09:00:00 Y", INT64_C(1691398800)},
    {"Mon, 07 Aug 2023 09:00:00 +0200", INT64_C(1691391600)}, /* +HHMM */
    {"Mon, 07 Aug 2023 09:00:00 -0430", INT64_C(1691415000)}, /* -HHMM */
    {"Mon, 07 Aug 2023 09:00:00", INT64_C(1691398800)}, /* no zone = UTC */
    {"Mon, 07 Aug 2023", INT64_C(1691366400)}, /* no time */
    /* wrong weekday ignored */
    {"Tue, 07 Aug 2023 09:00:00 GMT", INT64_C(1691398800)},
    /* full names */
    {"Monday, 07 August 2023 09:00:00 GMT", INT64_C(1691398800)},
    {"Thu, 07 Sept 2023 09:00:00 GMT", INT64_C(1694077200)}, /* Sept */
    {"mon, 07 AUG 2023 09:00:00 gmt", INT64_C(1691398800)}, /* any case */
    /* weekday without comma */
    {"Mon 07 Aug 2023 09:00:00 GMT", INT64_C(1691398800)},
    /* comma without space */
    {"Mon,07 Aug 2023 09:00:00 GMT", INT64_C(1691398800)},
    /* comma after the day */
    {"Mon, 07, Aug 2023 09:00:00 GMT", INT64_C(1691398800)},
    /* many spaces */
    {"Mon,   07  Aug   2023   09:00:00   +0000", INT64_C(1691398800)},
    /* 2-digit year < 50 */
    {"Mon, 07 Aug 23 09:00:00 GMT", INT64_C(1691398800)},
    {"Sun, 07 Aug 49 09:00:00 GMT", INT64_C(2511939600)}, /* 2-digit year 49 */
    {"Sat, 07 Aug 50 09:00:00 GMT", INT64_C(-612284400)}, /* 2-digit year 50 */
    {"Fri, 31 Dec 99 23:59:59 GMT", INT64_C(946684799)}, /* 2-digit year 99 */
    /* trailing comment */
    {"Mon, 07 Aug 2023 09:00:00 +0000 (UTC)", INT64_C(1691398800)},
    /* nested comment, no zone */
    {"Mon, 07 Aug 2023 09:00:00 (a (nested) comment)", INT64_C(1691398800)},
    {"Mon, 07 Aug 2023 9:05:00 GMT", INT64_C(1691399100)}, /* 1-digit hour */
    /* RFC leap second */
    {"Sat, 31 Dec 2016 23:59:60 GMT", INT64_C(1483228799)},
    {"Tue, 29 Feb 2000 00:00:00 GMT", INT64_C(951782400)}, /* RFC leap day */
    {"Mon, 07 Aug 2023 09:00:00 -0000", INT64_C(1691398800)}, /* -0000 */
    {"01 Jan 1970 00:00:00 +0100", INT64_C(-3600)}, /* negative after zone */
    /* Not dates, or out of range. */
    {"", NOT_A_DATE}, /* empty */
    {"   ", NOT_A_DATE}, /* only spaces */
    {"yesterday", NOT_A_DATE}, /* a word */
    {"2023-13-01", NOT_A_DATE}, /* month 13 */
    {"2023-00-10", NOT_A_DATE}, /* month 0 */
    {"2023-02-30", NOT_A_DATE}, /* 30 February */
    {"2023-02-29", NOT_A_DATE}, /* 29 February, common year */
    {"1900-02-29", NOT_A_DATE}, /* 1900 is not leap */
    {"2023-04-31", NOT_A_DATE}, /* 31 April */
    {"2023-08-00", NOT_A_DATE}, /* day 0 */
    {"32 Aug 2023", NOT_A_DATE}, /* day 32 */
    {"31 Jun 2023 10:00:00 GMT", NOT_A_DATE}, /* 31 June */
    {"2023-08-07T14:00:00Z junk", NOT_A_DATE}, /* trailing junk */
    {"2023-08-07T14:00:00Zjunk", NOT_A_DATE}, /* junk after Z */
    {"2023-08-07 foo", NOT_A_DATE}, /* junk after date */
    {"Mon, 07 Aug 2023 09:00:00 GMT junk", NOT_A_DATE}, /* RFC trailing junk */
    {"Mon, 07 Aug 2023 09:00:00 CEST", NOT_A_DATE}, /* unknown zone name */
    {"Mon, 07 Aug 2023 09:00:00 J", NOT_A_DATE}, /* J is no zone */
    {"2023-08-07T24:00:00Z", NOT_A_DATE}, /* hour 24 */
    {"2023-08-07T12:60:00Z", NOT_A_DATE}, /* minute 60 */
    {"2023-08-07T12:00:61Z", NOT_A_DATE}, /* second 61 */
    {"2023-08-07T14:00:00+24:00", NOT_A_DATE}, /* zone hour 24 */
    {"2023-08-07T14:00:00+05:60", NOT_A_DATE}, /* zone minute 60 */
    {"2023-08-07T14:00:00.Z", NOT_A_DATE}, /* empty fraction */
    {"2023-08-07T", NOT_A_DATE}, /* T without time */
    {"2023-08-07T14", NOT_A_DATE}, /* hour only */
    {"2023-8-7", NOT_A_DATE}, /* 1-digit ISO month */
    {"2023-08-07T14:00:00A", NOT_A_DATE}, /* military letter in ISO */
    {"20230807T14:00:00Z", NOT_A_DATE}, /* basic date, extended time */
    {"2023-08-07T140000Z", NOT_A_DATE}, /* extended date, basic time */
    {"0999-12-31T23:59:59Z", NOT_A_DATE}, /* year 999 */
    {"10000-01-01", NOT_A_DATE}, /* five-digit year */
    {"9999-12-31T23:00:00-05:00", NOT_A_DATE}, /* past 9999 after the zone */
    {"1000-01-01T00:00:00+01:00", NOT_A_DATE}, /* before 1000 after the zone */
    {"Mon, 07 Foo 2023 09:00:00 GMT", NOT_A_DATE}, /* unknown month */
    {"Mon, 07 Ju 2023", NOT_A_DATE}, /* ambiguous month */
    {"Xyz, 07 Aug 2023 09:00:00 GMT", NOT_A_DATE}, /* unknown weekday */
    {"Mon, 07 Aug 123 09:00:00 GMT", NOT_A_DATE}, /* 3-digit year */
    /* unclosed comment */
    {"Mon, 07 Aug 2023 09:00:00 +0000 (UTC", NOT_A_DATE},
    /* junk after comment */
    {"Mon, 07 Aug 2023 09:00:00 +0000 (UTC) x", NOT_A_DATE},
    {"Mon, 07 Aug 2023,", NOT_A_DATE}, /* comma with nothing after */
    {"Mon, 07 Aug 2023 09", NOT_A_DATE}, /* hour only */
    {"Mon, 007 Aug 2023", NOT_A_DATE}, /* 3-digit day */
    {"07Aug2023", NOT_A_DATE}, /* no separators */
    {"Aug 7, 2023", NOT_A_DATE}, /* month first */
    {"2023/08/07", NOT_A_DATE}, /* slashes */
};

#define N_DATE_CASES (sizeof date_cases / sizeof date_cases[0])

/* Each input is parsed from a heap copy of its exact length, so that the
 * sanitizers and valgrind catch any read past its end. */
static dossier_status parse_exact_copy(const char *input, int64_t *out)
{
    size_t len = strlen(input);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, input, len + 1);
    dossier_status status = dossier_parse_date(copy, out);
    free(copy);
    return status;
}

static void test_parse_table(void **state)
{
    (void)state;
    assert_true(N_DATE_CASES >= 60);
    for (size_t i = 0; i < N_DATE_CASES; i++) {
        const date_case *c = &date_cases[i];
        int64_t got = 42;
        int status = parse_exact_copy(c->input, &got);
        if (c->expected == NOT_A_DATE) {
            if (status != DOSSIER_ERR_INVALID || got != 42)
                fail_msg("\"%s\": accepted as %lld, want rejected", c->input,
                         (long long)got);
        } else if (status != 0 || got != c->expected) {
            fail_msg("\"%s\": status %d, %lld, want %lld", c->input, status,
                     (long long)got, (long long)c->expected);
        }
    }
}

static void test_null_arguments(void **state)
{
    (void)state;
    int64_t t = 0;
    assert_int_equal(dossier_parse_date(NULL, &t), DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_parse_date("2023-08-07", NULL),
                     DOSSIER_ERR_INVALID);
}

static void test_format_examples(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *expected;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {-1, "1969-12-31T23:59:59Z"},
        {INT64_C(1691416800), "2023-08-07T14:00:00Z"},
        {INT64_C(951782400), "2000-02-29T00:00:00Z"},
        {INT64_C(-2203891200), "1900-03-01T00:00:00Z"},
        {INT64_C(-30610224000), "1000-01-01T00:00:00Z"},
        {INT64_C(253402300799), "9999-12-31T23:59:59Z"},
        {INT64_C(-62135596800), "0001-01-01T00:00:00Z"},
        /* Beyond four-digit years the output is clamped. */
        {INT64_C(253402300800), "9999-12-31T23:59:59Z"},
        {INT64_MAX, "9999-12-31T23:59:59Z"},
        {INT64_MIN, "0000-01-01T00:00:00Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[32];
        memset(out, 'x', sizeof out);
        dossier_format_date(cases[i].t, out);
        assert_string_equal(out, cases[i].expected);
        /* 20 characters and the NUL: nothing written beyond 21 bytes. */
        assert_int_equal(out[21], 'x');
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_DATE_CASES; i++) {
        if (date_cases[i].expected == NOT_A_DATE)
            continue;
        char text[21];
        dossier_format_date(date_cases[i].expected, text);
        int64_t back = 0;
        if (dossier_parse_date(text, &back) != 0 ||
            back != date_cases[i].expected)
            fail_msg("\"%s\" -> %s -> %lld", date_cases[i].input, text,
                     (long long)back);
    }
}

static void test_date_parts(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        int year, month, day;
    } cases[] = {
        {0, 1970, 1, 1},
        {-1, 1969, 12, 31},
        {-86400, 1969, 12, 31},
        {-86401, 1969, 12, 30},
        {INT64_C(951782399), 2000, 2, 28},
        {INT64_C(951782400), 2000, 2, 29},
        {INT64_C(951868800), 2000, 3, 1},
        /* 1900 is divisible by 100 and not by 400: no 29 February. */
        {INT64_C(-2203934400), 1900, 2, 28},
        {INT64_C(-2203848000), 1900, 3, 1},
        {INT64_C(1709251199), 2024, 2, 29},
        {INT64_C(1709251200), 2024, 3, 1},
        {INT64_C(1677628800), 2023, 3, 1},
        {INT64_C(-11670998400), 1600, 2, 29},
        {INT64_C(4107542400), 2100, 3, 1},
        {INT64_C(-30610224000), 1000, 1, 1},
        {INT64_C(-62135596800), 1, 1, 1},
        {INT64_C(253402300799), 9999, 12, 31},
        {INT64_C(253402300800), 10000, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int year = 0, month = 0, day = 0;
        dossier_date_parts(cases[i].t, &year, &month, &day);
        if (year != cases[i].year || month != cases[i].month ||
            day != cases[i].day)
            fail_msg("%lld: %d-%d-%d, want %d-%d-%d", (long long)cases[i].t,
                     year, month, day, cases[i].year, cases[i].month,
                     cases[i].day);
    }
}

/* The extremes of int64_t are clamped so that the year fits an int. */
static void test_date_parts_extremes(void **state)
{
    (void)state;
    int year, month, day;
    dossier_date_parts(INT64_MAX, &year, &month, &day);
    assert_true(year > 1000000000);
    assert_in_range(month, 1, 12);
    assert_in_range(day, 1, 31);
    dossier_date_parts(INT64_MIN, &year, &month, &day);
    assert_true(year < -1000000000);
    assert_in_range(month, 1, 12);
    assert_in_range(day, 1, 31);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_format_examples),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_date_parts),
        cmocka_unit_test(test_date_parts_extremes),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
