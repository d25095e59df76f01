/*
 * date.c: publication dates as feeds write them, to and from seconds since
 * 1970-01-01 UTC.
 *
 * Two families of grammars share one bounded cursor (date_internal.h).
 * ISO 8601 always starts with a four-digit year (date_iso.c); the forms
 * with a named month never do (date_text.c), so a leading run of four
 * digits or more chooses.  Both fill in the date as written; this file checks it and
 * makes it an instant.  Civil dates become day numbers with Howard
 * Hinnant's days_from_civil and back with civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"): plain integer
 * arithmetic on the proleptic Gregorian calendar, so nothing here reads
 * the process's locale or time zone, and no state is shared between
 * calls.
 */
#include "dossier/date.h"

#include <stddef.h>
#include <string.h>

#include "date_internal.h"

#define SECONDS_PER_DAY 86400
/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the dates we accept. */
#define PARSE_MIN INT64_C(-30610224000)
#define PARSE_MAX INT64_C(253402300799)
/* 0000-01-01T00:00:00Z: the earliest instant with a four-digit year. */
#define FORMAT_MIN INT64_C(-62167219200)
/* Five million 400-year eras (two billion years) either side of 1970:
 * any year in that span fits an int. */
#define PARTS_LIMIT_DAYS (INT64_C(146097) * 5000000)

bool date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return month == 2 && date_is_leap(year) ? 29 : days[month - 1];
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* The year is shifted to start in March so that the leap day ends it. */
int64_t date_days_from_civil(int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = floor_div(year, 400);
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year =
        (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
                         year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

void date_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    days += 719468;
    int64_t era = floor_div(days, 146097);
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 +
                           day_of_era / 36524 - day_of_era / 146096) /
                          365;
    int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_from_march = (5 * day_of_year + 2) / 153;
    *day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    *month = (int)(month_from_march < 10 ? month_from_march + 3
                                         : month_from_march - 9);
    *year = year_of_era + era * 400 + (*month <= 2);
}

/* ------------------------------------------------------------ public */

/* Whether the date as written exists: the grammars read numbers, this
 * checks them, so that "Feb 30" or "25:00" is refused and never rolled
 * over into another day. */
static bool fields_are_valid(const date_fields *f)
{
    return f->year >= 1000 && f->year <= 9999 && f->month >= 1 &&
           f->month <= 12 && f->day >= 1 &&
           f->day <= date_days_in_month(f->year, f->month) &&
           (f->hour <= 23 || (f->hour == 24 && f->is_end_of_day)) &&
           f->minute <= 59 && f->second <= 60;
}

dossier_status dossier_parse_date(const char *s, int64_t *out)
{
    if (s == NULL || out == NULL)
        return DOSSIER_ERR_INVALID;
    date_cursor c = {s, s + strlen(s)};
    date_skip_spaces(&c);
    while (c.end > c.p && date_is_space((unsigned char)c.end[-1]))
        c.end--;
    if (date_at_end(&c))
        return DOSSIER_ERR_INVALID;

    date_fields f = {0};
    bool starts_with_year = date_count_digits(&c) >= 4;
    if (!(starts_with_year ? date_parse_iso(&c, &f) : date_parse_text(&c, &f)))
        return DOSSIER_ERR_INVALID;
    if (!fields_are_valid(&f))
        return DOSSIER_ERR_INVALID;
    /* A leap second is kept as the last second of its minute: Unix time
     * has no name for it. */
    if (f.second == 60)
        f.second = 59;

    /* 24:00:00 comes out as the next day's 00:00:00. */
    int64_t seconds =
        date_days_from_civil(f.year, f.month, f.day) * SECONDS_PER_DAY +
        f.hour * 3600 + f.minute * 60 + f.second - f.zone_seconds;
    /* The zone can carry a date at either end of the range out of it. */
    if (seconds < PARSE_MIN || seconds > PARSE_MAX)
        return DOSSIER_ERR_INVALID;
    *out = seconds;
    return DOSSIER_OK;
}

void dossier_date_parts(int64_t t, int *year, int *month, int *day)
{
    int64_t days = floor_div(t, SECONDS_PER_DAY);
    if (days < -PARTS_LIMIT_DAYS)
        days = -PARTS_LIMIT_DAYS;
    if (days > PARTS_LIMIT_DAYS)
        days = PARTS_LIMIT_DAYS;
    int64_t y;
    date_civil_from_days(days, &y, month, day);
    *year = (int)y;
}

static char *put_digits(char *out, int64_t value, int n_digits)
{
    for (int i = n_digits - 1; i >= 0; i--) {
        out[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return out + n_digits;
}

/* Times before year 0 or after year 9999 are clamped to the nearest
 * instant that the fixed-width form can write. */
void dossier_format_date(int64_t t, char *out)
{
    if (t < FORMAT_MIN)
        t = FORMAT_MIN;
    if (t > PARSE_MAX)
        t = PARSE_MAX;
    int64_t days = floor_div(t, SECONDS_PER_DAY);
    int64_t second_of_day = t - days * SECONDS_PER_DAY;
    int64_t year;
    int month, day;
    date_civil_from_days(days, &year, &month, &day);

    char *p = put_digits(out, year, 4);
    *p++ = '-';
    p = put_digits(p, month, 2);
    *p++ = '-';
    p = put_digits(p, day, 2);
    *p++ = 'T';
    p = put_digits(p, second_of_day / 3600, 2);
    *p++ = ':';
    p = put_digits(p, second_of_day / 60 % 60, 2);
    *p++ = ':';
    p = put_digits(p, second_of_day % 60, 2);
    *p++ = 'Z';
    *p = '\0';
}
