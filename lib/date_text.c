/*
 * date_text.c: dates with a named month, as mail and feeds write them.
 *
 *   day first    [weekday[,]] day month year [time [zone]] [(comment)]
 *                RFC 822 / 1123 / 2822, RFC 850 ("06-Nov-94"), and the
 *                variants feeds send: dots or dashes between the parts,
 *                a comma after any of them, full names, two-digit years.
 *   month first  [weekday[,]] month day[,] year [time [zone]] [(comment)]
 *                JavaScript's Date.toString() ("Thu Jan 01 2004 19:48:21
 *                GMT-0500 (EST)") and US-style dates ("Aug 7, 2023").
 *   asctime      [weekday] month day time [zone] year [zone]
 *                asctime(3), date(1) and Twitter ("+0000 2012").
 *
 * A weekday is checked to be one but not to match the date: feeds get it
 * wrong more often than the date itself.  Months and days are named in
 * any language of lib/date_names.tsv.  A month written as a number is not
 * read here: "07.08.2023" is 7 August to some and July 8 to others.
 */
#include "date_internal.h"

#include "date_words.h"

/* Spaces with at most one comma among them; at least one of either. */
static bool skip_separator(date_cursor *c)
{
    size_t n = date_skip_spaces(c);
    if (date_accept(c, ',')) {
        date_skip_spaces(c);
        return true;
    }
    return n > 0;
}

/* Between the parts of a date: spaces with at most one comma, dash or dot
 * among them ("07 Aug 2023", "07-Aug-2023", "7. Aug. 2023"); at least one
 * of either. */
static bool skip_date_separator(date_cursor *c)
{
    size_t n = date_skip_spaces(c);
    if (date_accept(c, ',') || date_accept(c, '-') || date_accept(c, '.')) {
        date_skip_spaces(c);
        return true;
    }
    return n > 0;
}

/* A year of four digits, or of two when IS_SHORT_OK: 00-49 are 2000-2049
 * and 50-99 are 1950-1999, as RFC 2822 section 4.3 says. */
static bool read_year(date_cursor *c, bool is_short_ok, int *year)
{
    size_t n = date_count_digits(c);
    if (n == 2 && is_short_ok && date_read_digits(c, 2, year)) {
        *year += *year < 50 ? 2000 : 1900;
        return true;
    }
    return n == 4 && date_read_digits(c, 4, year);
}

/* Whether the cursor is at a four-digit year rather than a time: asctime
 * writes the time where the others write the year. */
static bool is_at_year(const date_cursor *c)
{
    return date_count_digits(c) == 4 &&
           !(c->end - c->p > 4 && c->p[4] == ':');
}

/* "AM" or "PM" after a time on the 12-hour clock (hours 1-12); anything
 * else is left for the zone. */
static bool read_meridiem(date_cursor *c, date_fields *f)
{
    date_cursor after = *c;
    date_skip_spaces(&after);
    const char *word;
    size_t len = date_read_word(&after, &word);
    bool is_am = date_word_is(word, len, "am");
    if (!is_am && !date_word_is(word, len, "pm"))
        return true;
    if (f->hour < 1 || f->hour > 12)
        return false;
    f->hour = f->hour % 12 + (is_am ? 0 : 12);
    *c = after;
    return true;
}

/* h:mm or hh:mm, then optional :ss and a fraction of a second (dropped),
 * then optional AM or PM. */
static bool parse_clock(date_cursor *c, date_fields *f)
{
    if (!date_read_number(c, 2, &f->hour) || !date_accept(c, ':') ||
        !date_read_digits(c, 2, &f->minute))
        return false;
    if (date_accept(c, ':')) {
        if (!date_read_digits(c, 2, &f->second))
            return false;
        if (date_accept(c, '.')) {
            size_t n = date_count_digits(c);
            if (n == 0)
                return false;
            c->p += n;
        }
    }
    return read_meridiem(c, f);
}

/* An RFC 2822 comment: parentheses nest, a backslash quotes one byte. */
static bool skip_comment(date_cursor *c)
{
    if (!date_accept(c, '('))
        return false;
    int depth = 1;
    while (!date_at_end(c) && depth > 0) {
        char ch = *c->p++;
        if (ch == '\\' && !date_at_end(c))
            c->p++;
        else if (ch == '(')
            depth++;
        else if (ch == ')')
            depth--;
    }
    return depth == 0;
}

/* The end: spaces, an optional comment ("(Eastern Standard Time)", which
 * says nothing the zone has not said), spaces. */
static bool parse_end(date_cursor *c)
{
    date_skip_spaces(c);
    if (date_peek(c) == '(' && !skip_comment(c))
        return false;
    date_skip_spaces(c);
    return date_at_end(c);
}

/* A zone unless the date ends (or its comment starts) here. */
static bool parse_optional_zone(date_cursor *c, unsigned flags, date_fields *f)
{
    date_skip_spaces(c);
    if (date_at_end(c) || date_peek(c) == '(')
        return true;
    return date_parse_zone(c, flags, &f->zone_seconds);
}

/* After the year: nothing, or [,] a time, a zone and a comment.  The year
 * is behind, so four digits without a sign can only be a zone. */
static bool parse_time_after_year(date_cursor *c, date_fields *f)
{
    if (date_at_end(c))
        return true;
    return skip_separator(c) && parse_clock(c, f) &&
           parse_optional_zone(c, DATE_ZONE_MILITARY | DATE_ZONE_UNSIGNED,
                               f) &&
           parse_end(c);
}

static bool parse_day_first(date_cursor *c, date_fields *f)
{
    const char *word;
    if (!date_read_number(c, 2, &f->day) || !skip_date_separator(c))
        return false;
    size_t len = date_read_word(c, &word);
    f->month = date_name_number(word, len, DATE_MONTH);
    return f->month != 0 && skip_date_separator(c) &&
           read_year(c, true, &f->year) && parse_time_after_year(c, f);
}

/* After the month: the day, then the year and time in either order.
 * Only four-digit years are read, as "Jan 4 16" could be a time. */
static bool parse_month_first(date_cursor *c, int month, date_fields *f)
{
    f->month = month;
    if (!skip_date_separator(c) || !date_read_number(c, 2, &f->day) ||
        !skip_separator(c))
        return false;
    if (is_at_year(c))
        return read_year(c, false, &f->year) && parse_time_after_year(c, f);

    if (!parse_clock(c, f))
        return false;
    date_skip_spaces(c);
    bool is_zone_first = !date_is_digit(date_peek(c));
    if (is_zone_first &&
        !date_parse_zone(c, DATE_ZONE_MILITARY, &f->zone_seconds))
        return false;
    date_skip_spaces(c);
    if (!read_year(c, false, &f->year))
        return false;
    return (is_zone_first || parse_optional_zone(c, DATE_ZONE_MILITARY, f)) &&
           parse_end(c);
}

bool date_parse_text(date_cursor *c, date_fields *f)
{
    if (!date_is_letter(date_peek(c)))
        return parse_day_first(c, f);
    const char *word;
    size_t len = date_read_word(c, &word);
    if (date_name_number(word, len, DATE_DAY) != 0) {
        if (!skip_separator(c))
            return false;
        if (!date_is_letter(date_peek(c)))
            return parse_day_first(c, f);
        len = date_read_word(c, &word);
    }
    int month = date_name_number(word, len, DATE_MONTH);
    return month != 0 && parse_month_first(c, month, f);
}
