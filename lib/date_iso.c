/*
 * date_iso.c: ISO 8601 dates, of which RFC 3339 and W3C-DTF are profiles,
 * in the forms feeds write: reduced to the year or the month, calendar,
 * ordinal and week dates, extended ("2023-08-07") or basic ("20230807"),
 * then 'T' or spaces and a time with optional seconds, fraction and zone.
 * A date and its time are both extended or both basic.  Two-digit years
 * and the other truncated forms of ISO 8601:1988 are not read: "03-12-31"
 * is as likely to be a day-first or a month-first date.
 */
#include "date_internal.h"

#include "date_words.h"

/* Sets the month and day from the ordinal day ORDINAL of F's year. */
static bool set_ordinal_day(date_fields *f, int ordinal)
{
    if (ordinal < 1 || ordinal > (date_is_leap(f->year) ? 366 : 365))
        return false;
    f->month = 1;
    while (ordinal > date_days_in_month(f->year, f->month))
        ordinal -= date_days_in_month(f->year, f->month++);
    f->day = ordinal;
    return true;
}

/* Week 1 of an ISO year is the one with its 4 January; weeks start on
 * Monday. */
static int64_t monday_of_week_one(int year)
{
    int64_t jan4 = date_days_from_civil(year, 1, 4);
    /* 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays. */
    int64_t weekday = ((jan4 + 3) % 7 + 7) % 7;
    return jan4 - weekday;
}

/* After "YYYY-W" or "YYYYW": the week, then a day 1-7 (Monday 1), which
 * when missing is the week's Monday.  The date may fall in the year
 * before or after the one written. */
static bool parse_week_date(date_cursor *c, bool is_extended, date_fields *f,
                            bool *has_day)
{
    int week, weekday = 1;
    if (!date_read_digits(c, 2, &week))
        return false;
    *has_day = is_extended ? date_accept(c, '-')
                           : date_is_digit(date_peek(c));
    if (*has_day && !date_read_digits(c, 1, &weekday))
        return false;
    int64_t first = monday_of_week_one(f->year);
    int64_t n_weeks = (monday_of_week_one(f->year + 1) - first) / 7;
    if (week < 1 || week > n_weeks || weekday < 1 || weekday > 7)
        return false;
    int64_t year;
    date_civil_from_days(first + (week - 1) * 7 + (weekday - 1), &year,
                         &f->month, &f->day);
    f->year = (int)year;
    return true;
}

/* After "YYYY-": a month named in words, as Hungarian feeds write
 * ("2004-július-13"), then a one- or two-digit day. */
static bool parse_named_month(date_cursor *c, date_fields *f)
{
    const char *word;
    size_t len = date_read_word(c, &word);
    f->month = date_name_number(word, len, DATE_MONTH);
    return f->month != 0 && date_accept(c, '-') &&
           date_read_number(c, 2, &f->day);
}

/* The date after the year and its '-' if IS_EXTENDED.  *HAS_DAY tells a
 * date that names a day, which a time may follow, from "YYYY-MM" and
 * "YYYY-Www". */
static bool parse_iso_date(date_cursor *c, bool is_extended, date_fields *f,
                           bool *has_day)
{
    *has_day = true;
    if (date_accept(c, 'W') || date_accept(c, 'w'))
        return parse_week_date(c, is_extended, f, has_day);
    if (is_extended && date_is_letter(date_peek(c)))
        return parse_named_month(c, f);
    size_t n = date_count_digits(c);
    int ordinal;
    if (n == 3 && is_extended && c->p[0] == '0' && c->end - c->p > 3 &&
        c->p[3] == '-') {
        /* "2003-012-31": a month with a zero too many, as Google wrote
         * it for years.  An ordinal date never has a day after it. */
        return date_read_digits(c, 3, &f->month) && date_accept(c, '-') &&
               date_read_digits(c, 2, &f->day);
    }
    if (n == 3)
        return date_read_digits(c, 3, &ordinal) && set_ordinal_day(f, ordinal);
    if (!is_extended) {
        /* "YYYYMM" is no ISO form: it reads as the old "YYMMDD". */
        return n == 4 && date_read_digits(c, 2, &f->month) &&
               date_read_digits(c, 2, &f->day);
    }
    if (n != 2 || !date_read_digits(c, 2, &f->month))
        return false;
    if (!date_accept(c, '-')) {
        *has_day = false;
        return true;
    }
    return date_read_digits(c, 2, &f->day);
}

/* Digits of a decimal fraction; whether any was not zero. */
static bool read_fraction(date_cursor *c, bool *is_nonzero)
{
    size_t n = date_count_digits(c);
    *is_nonzero = false;
    for (size_t i = 0; i < n; i++)
        if (c->p[i] != '0')
            *is_nonzero = true;
    c->p += n;
    return n > 0;
}

/* hh:mm[:ss[.fff]] or hhmm[ss[.fff]]; the extended form also takes a
 * one-digit hour.  Sub-second precision means nothing to a news index and
 * is dropped.  24:00:00 is the midnight at the end of the day. */
static bool parse_iso_time(date_cursor *c, bool is_extended, date_fields *f)
{
    size_t n_hour_digits = is_extended ? date_count_digits(c) : 2;
    if (n_hour_digits < 1 || n_hour_digits > 2 ||
        !date_read_digits(c, n_hour_digits, &f->hour))
        return false;
    if (is_extended && !date_accept(c, ':'))
        return false;
    if (!date_read_digits(c, 2, &f->minute))
        return false;
    bool has_seconds = is_extended ? date_accept(c, ':')
                                   : date_is_digit(date_peek(c));
    bool is_fraction_nonzero = false;
    if (has_seconds) {
        if (!date_read_digits(c, 2, &f->second))
            return false;
        if ((date_accept(c, '.') || date_accept(c, ',')) &&
            !read_fraction(c, &is_fraction_nonzero))
            return false;
    }
    f->is_end_of_day = f->hour == 24 && f->minute == 0 && f->second == 0 &&
                       !is_fraction_nonzero;
    return true;
}

bool date_parse_iso(date_cursor *c, date_fields *f)
{
    f->month = 1;
    f->day = 1;
    if (!date_read_digits(c, 4, &f->year))
        return false;
    if (date_at_end(c))
        return true;
    bool is_extended = date_accept(c, '-');
    bool has_day;
    if (!parse_iso_date(c, is_extended, f, &has_day))
        return false;
    if (date_at_end(c))
        return true;
    if (!has_day)
        return false;
    if (!date_accept(c, 'T') && !date_accept(c, 't') &&
        date_skip_spaces(c) == 0)
        return false;
    if (!parse_iso_time(c, is_extended, f))
        return false;
    date_skip_spaces(c);
    if (!date_at_end(c) && !date_parse_zone(c, 0, &f->zone_seconds))
        return false;
    return date_at_end(c);
}
