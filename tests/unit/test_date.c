/*
 * test_date.c: dossier_parse_date on every form feeds send (ISO 8601 /
 * RFC 3339 / W3C-DTF, RFC 822 / 1123 / 2822 / 850 with their common
 * variants, asctime, JavaScript's Date) and on what it must reject; every
 * zone name of lib/date_zones.tsv; feedparser's date tests when
 * ../shared/corpora holds them; dossier_format_date and
 * dossier_parse_date round trips; dossier_date_parts around leap days,
 * the epoch, before 1970 and at the ends of the range.  Expected seconds
 * were computed apart from this code, with Python's calendar.timegm, and
 * are written here as literals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/date.h"
#include "utf8.h"
#include "util.h"

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
    {"Mon, 07 Aug 2023 09:00:00 CEST", INT64_C(1691391600)}, /* CEST */
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
    {"Mon, 07 Aug 2023 09:00:00 J", NOT_A_DATE}, /* J is no zone */
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
    {"2023/08/07", NOT_A_DATE}, /* slashes */
    /* ISO 8601 in every form feeds write. */
    {"2021", INT64_C(1609459200)}, /* year only: its first instant */
    {"2021-03", INT64_C(1614556800)}, /* year and month */
    {"2021-03-14T15:26", INT64_C(1615735560)}, /* hours and minutes */
    {"2021-03-14T15:26+01:00", INT64_C(1615731960)}, /* no seconds, offset */
    {"2021-03-14T15:26:53.5Z", INT64_C(1615735613)}, /* one-digit fraction */
    /* twelve-digit fraction */
    {"2021-03-14T15:26:53.987654321012Z",
     INT64_C(1615735613)},
    /* fraction and offset */
    {"2021-03-14T07:26:53.4321-08:00",
     INT64_C(1615735613)},
    {"2021-03-14t15:26:53z", INT64_C(1615735613)}, /* lower-case t and z */
    {"2021-03-14 15:26:53", INT64_C(1615735613)}, /* space for T, no zone */
    /* space before offset */
    {"2021-03-14 15:26:53 -00:30",
     INT64_C(1615737413)},
    /* offset without colon */
    {"2021-03-14T15:26:53+0100",
     INT64_C(1615732013)},
    {"2021-03-14T15:26:53+01", INT64_C(1615732013)}, /* offset of hours only */
    /* one-digit hour, extended */
    {"2021-03-14T9:26:53+01:00",
     INT64_C(1615710413)},
    {"20210314T152653Z", INT64_C(1615735613)}, /* basic format */
    /* basic, fraction, offset */
    {"20210314T152653.25-0300",
     INT64_C(1615746413)},
    {"2021-073", INT64_C(1615680000)}, /* ordinal date */
    {"2021-073T15:26:53Z", INT64_C(1615735613)}, /* ordinal date and time */
    {"2021073", INT64_C(1615680000)}, /* basic ordinal date */
    {"2020-366", INT64_C(1609372800)}, /* ordinal 366 of a leap year */
    {"2021-W10-7", INT64_C(1615680000)}, /* week date */
    {"2021W107T152653Z", INT64_C(1615735613)}, /* basic week date and time */
    {"2021-W10", INT64_C(1615161600)}, /* week without day: its Monday */
    {"2021-W01-1", INT64_C(1609718400)}, /* week 1 starts in January */
    {"2019-W01-1", INT64_C(1546214400)}, /* week 1 starts in December */
    {"2020-W53-5", INT64_C(1609459200)}, /* week 53 ends in the next year */
    /* month with a zero too many */
    {"2021-003-14T15:26:53Z",
     INT64_C(1615735613)},
    /* 24:00 is the next midnight */
    {"2021-03-14T24:00:00Z",
     INT64_C(1615766400)},
    {"2023-08-07T24:00:00Z", INT64_C(1691452800)}, /* 24:00 (was refused) */
    {"2021-12-31T24:00Z", INT64_C(1640995200)}, /* 24:00 ends the year */
    /* 24:00 with a zero fraction */
    {"2021-03-14T24:00:00.000Z",
     INT64_C(1615766400)},
    {"2021-03-14T15:26:53 CET", INT64_C(1615732013)}, /* zone name after ISO */
    /* offset and agreeing name */
    {"2021-03-14T15:26:53+01:00 CET",
     INT64_C(1615732013)},
    /* Hungarian month */
    {"2021-március-14T15:26:53+01:00",
     INT64_C(1615732013)},
    {"2021-Mar-14", INT64_C(1615680000)}, /* English month in ISO order */
    /* Numeric offsets in every form. */
    {"Sun, 14 Mar 2021 15:26:53 +0545", INT64_C(1615714913)}, /* +HHMM */
    {"Sun, 14 Mar 2021 15:26:53 -0330", INT64_C(1615748213)}, /* -HHMM */
    {"Sun, 14 Mar 2021 15:26:53 +05:45", INT64_C(1615714913)}, /* +HH:MM */
    {"Sun, 14 Mar 2021 15:26:53 -03", INT64_C(1615746413)}, /* -HH */
    /* no sign: east */
    {"Sun, 14 Mar 2021 15:26:53 0545",
     INT64_C(1615714913)},
    {"Sun, 14 Mar 2021 15:26:53 GMT+3", INT64_C(1615724813)}, /* GMT+H */
    {"Sun, 14 Mar 2021 15:26:53 GMT+0545", INT64_C(1615714913)}, /* GMT+HHMM */
    {"Sun, 14 Mar 2021 15:26:53 GMT-3:30", INT64_C(1615748213)}, /* GMT-H:MM */
    /* UTC-HH:MM */
    {"Sun, 14 Mar 2021 15:26:53 UTC-05:00",
     INT64_C(1615753613)},
    /* UT+HH, lower case */
    {"Sun, 14 Mar 2021 15:26:53 ut+01",
     INT64_C(1615732013)},
    /* +14:00, the eastmost */
    {"Sun, 14 Mar 2021 15:26:53 +1400",
     INT64_C(1615685213)},
    {"Sun, 14 Mar 2021 15:26:53 -1400", INT64_C(1615786013)}, /* -14:00 */
    /* offset and agreeing name */
    {"Sun, 14 Mar 2021 15:26:53 -0500 EST",
     INT64_C(1615753613)},
    /* offset and comment */
    {"Sun, 14 Mar 2021 15:26:53 +0100 (CET)",
     INT64_C(1615732013)},
    /* asctime, JavaScript's Date, RFC 850 and other named-month forms. */
    {"Sun Mar 14 15:26:53 2021", INT64_C(1615735613)}, /* asctime */
    /* asctime, padded day */
    {"Sun Mar  7 15:26:53 2021",
     INT64_C(1615130813)},
    /* date(1): zone before the year */
    {"Sun Mar 14 15:26:53 CET 2021",
     INT64_C(1615732013)},
    /* offset before the year */
    {"Sun Mar 14 15:26:53 +0100 2021",
     INT64_C(1615732013)},
    /* asctime, zone after the year */
    {"Sun Mar 14 15:26:53 2021 UTC",
     INT64_C(1615735613)},
    /* asctime without weekday */
    {"Mar 14 15:26:53 2021",
     INT64_C(1615735613)},
    /* JavaScript toString */
    {"Sun Mar 14 2021 15:26:53 GMT+0100 (Central European Standard Time)",
     INT64_C(1615732013)},
    /* JavaScript, zone comment */
    {"Sun Mar 14 2021 10:26:53 GMT-0500 (EST)",
     INT64_C(1615735613)},
    /* month first, bare offset */
    {"Sun Mar 14 2021 15:26:53 +0100",
     INT64_C(1615732013)},
    {"Sunday, 14-Mar-21 15:26:53 GMT", INT64_C(1615735613)}, /* RFC 850 */
    /* RFC 850, 1990s */
    {"Friday, 14-Mar-97 15:26:53 GMT",
     INT64_C(858353213)},
    {"14-Mar-2021", INT64_C(1615680000)}, /* dashes */
    {"14.Mar.2021 15:26", INT64_C(1615735560)}, /* dots */
    {"14. Mar. 2021", INT64_C(1615680000)}, /* dots and spaces */
    /* full day name, no comma */
    {"Sunday 14 March 2021 15:26:53 GMT",
     INT64_C(1615735613)},
    {"SUNDAY, 14 MARCH 2021", INT64_C(1615680000)}, /* names in capitals */
    {"Aug 7, 2023", INT64_C(1691366400)}, /* month first (was refused) */
    {"March 14, 2021", INT64_C(1615680000)}, /* US style */
    /* US style, PM, zone */
    {"Sunday, March 14, 2021 3:26 PM EDT",
     INT64_C(1615749960)},
    {"Mar 14, 2021 12:05 AM", INT64_C(1615680300)}, /* 12 AM is midnight */
    {"Mar 14, 2021 12:05 pm", INT64_C(1615723500)}, /* 12 PM is noon */
    /* RFC with a fraction */
    {"Sun, 14 Mar 2021 15:26:53.250 GMT",
     INT64_C(1615735613)},
    /* Greek abbreviations */
    {"Κυρ, 14 Μαρ 2021 15:26:53 +0200",
     INT64_C(1615728413)},
    {"Παρασκευή, 2 Απριλίου 2021", INT64_C(1617321600)}, /* Greek full names */
    /* Rejected: not a date, ambiguous or out of range. */
    /* 29 February, common year */
    {"Sun, 29 Feb 2021 10:00:00 GMT",
     NOT_A_DATE},
    {"Feb 30, 2024", NOT_A_DATE}, /* 30 February, month first */
    {"31-Apr-2021", NOT_A_DATE}, /* 31 April, dashes */
    {"2021-03-14T25:00:00Z", NOT_A_DATE}, /* hour 25 */
    {"Sun, 14 Mar 2021 25:00:00 GMT", NOT_A_DATE}, /* RFC hour 25 */
    {"Sun, 14 Mar 2021 24:00:00 GMT", NOT_A_DATE}, /* 24:00 outside ISO 8601 */
    {"2021-03-14T24:00:01Z", NOT_A_DATE}, /* 24:00:01 */
    {"2021-03-14T24:30Z", NOT_A_DATE}, /* 24:30 */
    {"2021-03-14T24:00:00.5Z", NOT_A_DATE}, /* 24:00:00.5 */
    {"2021-366", NOT_A_DATE}, /* ordinal 366, common year */
    {"2021-000", NOT_A_DATE}, /* ordinal 0 */
    {"2021-W53-1", NOT_A_DATE}, /* week 53 of a 52-week year */
    {"2021-W00-1", NOT_A_DATE}, /* week 0 */
    {"2021-W10-8", NOT_A_DATE}, /* weekday 8 */
    {"2021-W10T10:00Z", NOT_A_DATE}, /* time after a week without day */
    {"2021-03T10:00Z", NOT_A_DATE}, /* time after year and month */
    {"202103", NOT_A_DATE}, /* basic year and month */
    {"21-03-14", NOT_A_DATE}, /* two-digit ISO year */
    {"210314", NOT_A_DATE}, /* two-digit basic year */
    {"-2103", NOT_A_DATE}, /* truncated year and month */
    {"14.03.2021", NOT_A_DATE}, /* numeric month with dots */
    {"03/14/2021", NOT_A_DATE}, /* numeric month with slashes */
    {"Sun, 2021/03/14 15:26:53 GMT", NOT_A_DATE}, /* year first with slashes */
    {"14 Mar", NOT_A_DATE}, /* no year */
    {"Mar 14", NOT_A_DATE}, /* month first, no year */
    {"Sun Mar 14 15:26:53", NOT_A_DATE}, /* asctime without year */
    {"Sun Mar 14 15:26:53 21", NOT_A_DATE}, /* asctime, two-digit year */
    {"Sun Mar 14 15:26:53 CET 2021 UTC", NOT_A_DATE}, /* two zones */
    {"Mar 14, 2021 0:05 AM", NOT_A_DATE}, /* hour 0 on the 12-hour clock */
    {"Mar 14, 2021 13:05 PM", NOT_A_DATE}, /* hour 13 on the 12-hour clock */
    {"Sun, 14 Mar 2021 15:26:53 XYZT", NOT_A_DATE}, /* unknown zone name */
    {"2021-03-14T15:26:53 ABC", NOT_A_DATE}, /* unknown zone after ISO */
    /* POSIX sign, ambiguous */
    {"Sun, 14 Mar 2021 15:26:53 Etc/GMT+5",
     NOT_A_DATE},
    /* offset after a local zone */
    {"Sun, 14 Mar 2021 15:26:53 EST+1",
     NOT_A_DATE},
    /* name disagrees with offset */
    {"Sun, 14 Mar 2021 15:26:53 +0100 EST",
     NOT_A_DATE},
    {"Sun, 14 Mar 2021 15:26:53 +1401", NOT_A_DATE}, /* offset beyond +14:00 */
    {"2021-03-14T15:26:53-15:00", NOT_A_DATE}, /* offset beyond -14:00 */
    /* GMT offset beyond 14:00 */
    {"Sun, 14 Mar 2021 15:26:53 GMT+15",
     NOT_A_DATE},
    {"Sun, 14 Mar 2021 15:26:53 +230", NOT_A_DATE}, /* three-digit offset */
    /* one-digit offset minutes */
    {"Sun, 14 Mar 2021 15:26:53 +01:6",
     NOT_A_DATE},
    /* unsigned offset beyond 14:00 */
    {"Sun, 14 Mar 2021 15:26:53 1500",
     NOT_A_DATE},
    /* garbage after the zone */
    {"Sun, 14 Mar 2021 15:26:53 GMT!",
     NOT_A_DATE},
    {"2021-03-14T15:26:53Z.", NOT_A_DATE}, /* garbage after Z */
    {"Sun, 14 Mar 2021 15:26:53:07 GMT", NOT_A_DATE}, /* four-part time */
    {"Sun, 14 Mar 2021 15:26:531 GMT", NOT_A_DATE}, /* three-digit seconds */
    {"Sun, 14 Mar 2021 15:26:53. GMT", NOT_A_DATE}, /* empty RFC fraction */
    {"14 Ιου 2021", NOT_A_DATE}, /* Greek: June or July */
    {"2021-Foo-14", NOT_A_DATE}, /* unknown month in ISO order */
    /* junk after Hungarian */
    {"2021-március-14T15:26:53 +01:00 junk",
     NOT_A_DATE},
    /* year 21 written in four digits */
    {"Sunday, 14-Mar-0021 15:26:53 GMT",
     NOT_A_DATE},
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

/* Every row is tried and every wrong one printed before the test fails,
 * so that one run shows all that a change broke. */
static void test_parse_table(void **state)
{
    (void)state;
    assert_true(N_DATE_CASES >= 200);
    size_t n_wrong = 0;
    for (size_t i = 0; i < N_DATE_CASES; i++) {
        const date_case *c = &date_cases[i];
        int64_t got = 42;
        int status = parse_exact_copy(c->input, &got);
        if (c->expected == NOT_A_DATE) {
            if (status != DOSSIER_ERR_INVALID || got != 42) {
                print_error("\"%s\": accepted as %lld, want rejected\n",
                            c->input, (long long)got);
                n_wrong++;
            }
        } else if (status != 0 || got != c->expected) {
            print_error("\"%s\": status %d, %lld, want %lld\n", c->input,
                        status, (long long)got, (long long)c->expected);
            n_wrong++;
        }
    }
    if (n_wrong > 0)
        fail_msg("%zu of %zu rows wrong", n_wrong, N_DATE_CASES);
}

/* ------------------------------------------------------------ zones */

#define HOURS(h, m) ((h) * 3600 + ((h) < 0 ? -(m) : (m)) * 60)

/* Every name of lib/date_zones.tsv with the offset we expect of it,
 * written down apart from that file. */
static const struct {
    const char *name;
    int seconds;
} zone_offsets[] = {
    {"UT", 0}, {"UTC", 0}, {"UCT", 0}, {"GMT", 0}, {"Z", 0},
    {"Etc/GMT", 0}, {"Etc/UTC", 0},
    {"EST", HOURS(-5, 0)}, {"EDT", HOURS(-4, 0)},
    {"CST", HOURS(-6, 0)}, {"CDT", HOURS(-5, 0)},
    {"MST", HOURS(-7, 0)}, {"MDT", HOURS(-6, 0)},
    {"PST", HOURS(-8, 0)}, {"PDT", HOURS(-7, 0)},
    {"AKST", HOURS(-9, 0)}, {"AKDT", HOURS(-8, 0)},
    {"HST", HOURS(-10, 0)}, {"HDT", HOURS(-9, 0)},
    {"HAST", HOURS(-10, 0)}, {"HADT", HOURS(-9, 0)},
    {"AST", HOURS(-4, 0)}, {"ADT", HOURS(-3, 0)},
    {"NST", HOURS(-3, 30)}, {"NDT", HOURS(-2, 30)},
    {"ET", HOURS(-5, 0)}, {"CT", HOURS(-6, 0)}, {"MT", HOURS(-7, 0)},
    {"PT", HOURS(-8, 0)}, {"AT", HOURS(-4, 0)},
    {"ART", HOURS(-3, 0)}, {"BRT", HOURS(-3, 0)}, {"BRST", HOURS(-2, 0)},
    {"CLT", HOURS(-4, 0)}, {"CLST", HOURS(-3, 0)}, {"COT", HOURS(-5, 0)},
    {"PET", HOURS(-5, 0)}, {"UYT", HOURS(-3, 0)},
    {"WET", 0}, {"WEST", HOURS(1, 0)}, {"BST", HOURS(1, 0)},
    {"IST", HOURS(5, 30)},
    {"CET", HOURS(1, 0)}, {"CEST", HOURS(2, 0)},
    {"MET", HOURS(1, 0)}, {"MEST", HOURS(2, 0)},
    {"MEZ", HOURS(1, 0)}, {"MESZ", HOURS(2, 0)},
    {"EET", HOURS(2, 0)}, {"EEST", HOURS(3, 0)},
    {"MSK", HOURS(3, 0)}, {"TRT", HOURS(3, 0)},
    {"WAT", HOURS(1, 0)}, {"CAT", HOURS(2, 0)}, {"SAST", HOURS(2, 0)},
    {"EAT", HOURS(3, 0)},
    {"GST", HOURS(4, 0)}, {"IRST", HOURS(3, 30)}, {"AFT", HOURS(4, 30)},
    {"PKT", HOURS(5, 0)}, {"NPT", HOURS(5, 45)}, {"ICT", HOURS(7, 0)},
    {"WIB", HOURS(7, 0)}, {"WITA", HOURS(8, 0)}, {"WIT", HOURS(9, 0)},
    {"SGT", HOURS(8, 0)}, {"MYT", HOURS(8, 0)}, {"HKT", HOURS(8, 0)},
    {"PHT", HOURS(8, 0)}, {"JST", HOURS(9, 0)}, {"KST", HOURS(9, 0)},
    {"AWST", HOURS(8, 0)}, {"ACST", HOURS(9, 30)}, {"ACDT", HOURS(10, 30)},
    {"AEST", HOURS(10, 0)}, {"AEDT", HOURS(11, 0)}, {"ChST", HOURS(10, 0)},
    {"NZST", HOURS(12, 0)}, {"NZDT", HOURS(13, 0)},
};

#define N_ZONES (sizeof zone_offsets / sizeof zone_offsets[0])

/* 2021-03-14T15:26:53 as UTC: each zone moves it by its offset. */
#define ZONE_BASE INT64_C(1615735613)

/* Whether FORM with the zone NAME reads as ZONE_BASE moved by SECONDS;
 * prints what it got when not. */
static bool is_zone_read(const char *form, const char *name, int seconds)
{
    char text[96];
    snprintf(text, sizeof text, form, name);
    int64_t got = 0;
    if (parse_exact_copy(text, &got) == DOSSIER_OK &&
        got == ZONE_BASE - seconds)
        return true;
    print_error("\"%s\": %lld, want %lld\n", text, (long long)got,
                (long long)(ZONE_BASE - seconds));
    return false;
}

/* Each zone name, as written, in lower case and in capitals, after an
 * RFC 2822 date, an ISO 8601 date and in an asctime date. */
static void test_every_zone(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "Sun, 14 Mar 2021 15:26:53 %s",
        "2021-03-14T15:26:53 %s",
        "Sun Mar 14 15:26:53 %s 2021",
    };
    size_t n_wrong = 0;
    for (size_t i = 0; i < N_ZONES; i++) {
        const char *name = zone_offsets[i].name;
        char lower[16], upper[16];
        size_t len = strlen(name);
        assert_true(len < sizeof lower);
        for (size_t j = 0; j <= len; j++) {
            lower[j] = (char)tolower((unsigned char)name[j]);
            upper[j] = (char)toupper((unsigned char)name[j]);
        }
        int seconds = zone_offsets[i].seconds;
        n_wrong += !is_zone_read(forms[0], lower, seconds);
        n_wrong += !is_zone_read(forms[0], upper, seconds);
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++)
            n_wrong += !is_zone_read(forms[f], name, seconds);
    }
    if (n_wrong > 0)
        fail_msg("%zu of %zu zone readings wrong", n_wrong, N_ZONES * 5);
}

/* The list above and lib/date_zones.tsv name the same zones, so that a
 * zone added to the file without a test fails here. */
static void test_zone_list_matches_tsv(void **state)
{
    (void)state;
    size_t len;
    char *tsv = test_read_file("lib/date_zones.tsv", &len);
    size_t n_listed = 0;
    for (char *line = tsv; line < tsv + len;) {
        char *line_end = strchr(line, '\n');
        if (line_end == NULL)
            line_end = tsv + len;
        *line_end = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] != '#' && tab != NULL) {
            *tab = '\0';
            size_t i = 0;
            while (i < N_ZONES && strcmp(zone_offsets[i].name, line) != 0)
                i++;
            if (i == N_ZONES)
                fail_msg("zone %s of date_zones.tsv has no test", line);
            n_listed++;
        }
        line = line_end + 1;
    }
    free(tsv);
    assert_int_equal(n_listed, N_ZONES);
}

/* A single letter but J after an RFC 2822 date is a military zone, read
 * as +00:00 as RFC 2822 says; after an ISO 8601 date only Z is a zone. */
static void test_military_letters(void **state)
{
    (void)state;
    for (char letter = 'A'; letter <= 'Z'; letter++) {
        char rfc[64], iso[64];
        snprintf(rfc, sizeof rfc, "Sun, 14 Mar 2021 15:26:53 %c", letter);
        snprintf(iso, sizeof iso, "2021-03-14T15:26:53%c", letter);
        int64_t got = 0;
        int status = dossier_parse_date(rfc, &got);
        if (letter == 'J')
            assert_int_equal(status, DOSSIER_ERR_INVALID);
        else if (status != DOSSIER_OK || got != ZONE_BASE)
            fail_msg("\"%s\": status %d, %lld", rfc, status, (long long)got);
        status = dossier_parse_date(iso, &got);
        assert_int_equal(status, letter == 'Z' ? DOSSIER_OK
                                               : DOSSIER_ERR_INVALID);
    }
}

/* ------------------------------------------------ feedparser's tests */

/* feedparser's date tests (a Python file of (function, "input", expected)
 * tuples) under $DOSSIER_CORPORA, which the Makefile sets from CORPORA
 * (../shared/corpora from the project's root).  They are read where they
 * lie, never copied here. */
#define FEEDPARSER_DATES "feedparser/test_date_parsers.py"
#define FEEDPARSER_PREFIX "_parse_date_"

typedef struct {
    char function[32]; /* the parser's name after "_parse_date_" */
    char input[256];   /* UTF-8 */
    bool expects_none;
    int expected[6]; /* year, month, day, hour, minute, second, UTC */
} feedparser_case;

/* Spaces, line ends and Python comments. */
static const char *skip_python_space(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p != '#')
            return p;
        while (*p != '\0' && *p != '\n')
            p++;
    }
}


/* A double-quoted Python string with the escapes the file uses (\uXXXX,
 * \xXX, \\, \", \n, \t) into OUT as UTF-8; false on anything else. */
static bool read_python_string(const char **pp, char *out, size_t size)
{
    const char *p = *pp;
    size_t n = 0;
    if (*p++ != '"')
        return false;
    while (*p != '"') {
        if (*p == '\0' || *p == '\n' || n + 4 > size)
            return false;
        if (*p != '\\') {
            out[n++] = *p++;
            continue;
        }
        p++;
        char esc = *p++;
        if (esc == 'u' || esc == 'x') {
            size_t n_hex = esc == 'u' ? 4 : 2;
            char hex[5] = {0};
            for (size_t i = 0; i < n_hex; i++) {
                if (!isxdigit((unsigned char)p[i]))
                    return false;
                hex[i] = p[i];
            }
            p += n_hex;
            n += utf8_encode((uint32_t)strtoul(hex, NULL, 16), out + n);
        } else if (esc == '\\' || esc == '"') {
            out[n++] = esc;
        } else if (esc == 'n' || esc == 't') {
            out[n++] = esc == 'n' ? '\n' : '\t';
        } else {
            return false;
        }
    }
    out[n] = '\0';
    *pp = p + 1;
    return true;
}

/* "None", or a time tuple (year, month, day, hour, minute, second, ...). */
static bool read_expected(const char **pp, feedparser_case *c)
{
    const char *p = *pp;
    if (strncmp(p, "None", 4) == 0) {
        c->expects_none = true;
        *pp = p + 4;
        return true;
    }
    if (*p++ != '(')
        return false;
    for (int i = 0; i < 6; i++) {
        char *end;
        long v = strtol(skip_python_space(p), &end, 10);
        if (end == p || *end != ',' || v < 0 || v > 100000)
            return false;
        c->expected[i] = (int)v;
        p = end + 1;
    }
    p = strchr(p, ')');
    if (p == NULL)
        return false;
    *pp = p + 1;
    return true;
}

/* One case at P, just past "_parse_date_": either a pytest parameter
 * tuple "NAME, "input", expected" or a call "NAME("input")" whose test
 * asserts "is None".  0 when P is no case (an import), 1 when one was
 * read, -1 when the file has a shape this reader does not know. */
static int read_feedparser_case(const char *p, feedparser_case *c)
{
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
    if (n == 0 || n >= sizeof c->function)
        return 0;
    memcpy(c->function, p, n);
    c->function[n] = '\0';
    p += n;
    bool is_call = *p == '(';
    if (*p != '(' && *p != ',')
        return 0;
    p = skip_python_space(p + 1);
    if (*p != '"')
        return 0;
    c->expects_none = false;
    if (!read_python_string(&p, c->input, sizeof c->input))
        return -1;
    p = skip_python_space(p);
    if (is_call) {
        const char *assertion = strstr(p, "assert");
        const char *line_end =
            assertion != NULL ? strchr(assertion, '\n') : NULL;
        const char *is_none = assertion != NULL ? strstr(assertion, "is None")
                                                : NULL;
        if (*p != ')' || is_none == NULL ||
            (line_end != NULL && is_none > line_end))
            return -1;
        c->expects_none = true;
        return 1;
    }
    if (*p != ',')
        return -1;
    p = skip_python_space(p + 1);
    return read_expected(&p, c) ? 1 : -1;
}

/* Seconds since 1970 of a UTC time, counted day by day: a computation of
 * its own, not the parser's. */
static int64_t seconds_of(const int t[6])
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
    int64_t days = 0;
    for (int y = 1970; y < t[0]; y++)
        days += (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365;
    for (int y = t[0]; y < 1970; y++)
        days -= (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365;
    bool is_leap = (t[0] % 4 == 0 && t[0] % 100 != 0) || t[0] % 400 == 0;
    for (int m = 1; m < t[1]; m++)
        days += month_days[m - 1] + (m == 2 && is_leap);
    days += t[2] - 1;
    return days * 86400 + t[3] * 3600 + t[4] * 60 + t[5];
}

/* Why our rules refuse a date feedparser reads, or NULL when they do not:
 * each is a choice lib/date*.c documents. */
static const char *refusal_reason(const feedparser_case *c)
{
    if (strcmp(c->function, "nate") == 0 || strcmp(c->function, "onblog") == 0)
        return "Korean form: its zone is implied, never written";
    if (strcmp(c->function, "perforce") == 0)
        return "numeric date with slashes";
    if (c->expects_none)
        return NULL;
    char year[16];
    snprintf(year, sizeof year, "%04d", c->expected[0]);
    if (strcmp(c->function, "iso8601") == 0 &&
        strncmp(c->input, year, 4) != 0)
        return "two-digit year (ISO 8601:1988 truncation): ambiguous";
    if (c->expected[0] < 1000 || c->expected[0] > 9999)
        return "year outside 1000-9999";
    return NULL;
}

/* Checks one case: true when we read it as feedparser does or refuse it
 * by a rule of ours; counts which. */
static bool check_feedparser_case(const feedparser_case *c, size_t *n_dates,
                                  size_t *n_rejections, size_t *n_refused)
{
    int64_t got = 0;
    bool is_parsed = parse_exact_copy(c->input, &got) == DOSSIER_OK;
    const char *reason = refusal_reason(c);
    if (c->expects_none || reason != NULL) {
        if (is_parsed) {
            print_error("feedparser %s \"%s\": read as %lld, want refused\n",
                        c->function, c->input, (long long)got);
            return false;
        }
        if (c->expects_none)
            (*n_rejections)++;
        else {
            print_message("  refused by our rules (%s): \"%s\"\n", reason,
                          c->input);
            (*n_refused)++;
        }
        return true;
    }
    int64_t want = seconds_of(c->expected);
    if (!is_parsed || got != want) {
        print_error("feedparser %s \"%s\": %s %lld, want %lld\n", c->function,
                    c->input, is_parsed ? "read as" : "refused",
                    (long long)got, (long long)want);
        return false;
    }
    (*n_dates)++;
    return true;
}

static void test_feedparser_dates(void **state)
{
    (void)state;
    const char *corpora = getenv("DOSSIER_CORPORA");
    char *path = test_path_join(corpora != NULL && corpora[0] != '\0'
                                    ? corpora
                                    : "../shared/corpora",
                                FEEDPARSER_DATES);
    FILE *probe = fopen(path, "r");
    if (probe == NULL) {
        print_message("skipped: %s not found (set CORPORA= to the folder "
                      "holding feedparser/)\n", path);
        free(path);
        skip();
    }
    fclose(probe);
    size_t len;
    char *text = test_read_file(path, &len);
    size_t n_cases = 0, n_dates = 0, n_rejections = 0, n_refused = 0;
    size_t n_wrong = 0;
    for (const char *p = strstr(text, FEEDPARSER_PREFIX); p != NULL;
         p = strstr(p + 1, FEEDPARSER_PREFIX)) {
        feedparser_case c = {0};
        int found = read_feedparser_case(p + strlen(FEEDPARSER_PREFIX), &c);
        if (found < 0)
            fail_msg("%s: unreadable case at byte %zu", path,
                     (size_t)(p - text));
        if (found == 0)
            continue;
        n_cases++;
        if (!check_feedparser_case(&c, &n_dates, &n_rejections, &n_refused))
            n_wrong++;
    }
    print_message("feedparser date tests: %zu cases; %zu read as feedparser "
                  "reads them (%zu dates, %zu refusals), %zu refused by our "
                  "rules, %zu wrong\n",
                  n_cases, n_dates + n_rejections, n_dates, n_rejections,
                  n_refused, n_wrong);
    free(text);
    free(path);
    /* The file holds 73 cases; far fewer means this reader lost its way. */
    assert_true(n_cases >= 60);
    assert_int_equal(n_wrong, 0);
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
        cmocka_unit_test(test_every_zone),
        cmocka_unit_test(test_zone_list_matches_tsv),
        cmocka_unit_test(test_military_letters),
        cmocka_unit_test(test_feedparser_dates),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_format_examples),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_date_parts),
        cmocka_unit_test(test_date_parts_extremes),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
