/*
 * date.c: publication dates as feeds write them, to and from seconds since
 * 1970-01-01 UTC.
 *
 * Two grammars share one bounded cursor.  ISO 8601 / RFC 3339 always
 * starts with a four-digit year; RFC 822 / 2822 never does (it starts with
 * a day name or a one- or two-digit day), so the first four bytes choose.
 * Civil dates become day numbers with Howard Hinnant's days_from_civil and
 * back with civil_from_days ("chrono-Compatible Low-Level Date
 * Algorithms"): plain integer arithmetic on the proleptic Gregorian
 * calendar, so nothing here reads the process's locale or time zone, and
 * no state is shared between calls.
 */
#include "dossier/date.h"

#include <stddef.h>
#include <string.h>

#define SECONDS_PER_DAY 86400
/* 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the dates we accept. */
#define PARSE_MIN INT64_C(-30610224000)
#define PARSE_MAX INT64_C(253402300799)
/* 0000-01-01T00:00:00Z: the earliest instant with a four-digit year. */
#define FORMAT_MIN INT64_C(-62167219200)
/* Five million 400-year eras (two billion years) either side of 1970:
 * any year in that span fits an int. */
#define PARTS_LIMIT_DAYS (INT64_C(146097) * 5000000)

/* Reads [p, end) only; parsing functions advance p on success. */
typedef struct {
    const char *p;
    const char *end;
} cursor;

typedef struct {
    int year, month, day, hour, minute, second;
    int zone_seconds; /* local time minus UTC */
} civil_time;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int at_end(const cursor *c) { return c->p >= c->end; }

static int peek(const cursor *c) { return at_end(c) ? -1 : *c->p; }

static int accept(cursor *c, char ch)
{
    if (at_end(c) || *c->p != ch)
        return 0;
    c->p++;
    return 1;
}

static size_t skip_spaces(cursor *c)
{
    size_t n = 0;
    while (!at_end(c) && is_space(*c->p)) {
        c->p++;
        n++;
    }
    return n;
}

/* Reads exactly N digits. */
static int read_fixed(cursor *c, int n, int *value)
{
    if (c->end - c->p < n)
        return -1;
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(c->p[i]))
            return -1;
        v = v * 10 + (c->p[i] - '0');
    }
    c->p += n;
    *value = v;
    return 0;
}

/* Reads a run of digits; returns how many (0 when none), at most MAX. */
static int read_run(cursor *c, int max, int *value)
{
    int n = 0, v = 0;
    while (!at_end(c) && is_digit(*c->p)) {
        if (n == max)
            return -1;
        v = v * 10 + (*c->p - '0');
        c->p++;
        n++;
    }
    *value = v;
    return n;
}

/* Reads a run of letters into [*word, *word + return value). */
static size_t read_word(cursor *c, const char **word)
{
    *word = c->p;
    while (!at_end(c) && is_alpha(*c->p))
        c->p++;
    return (size_t)(c->p - *word);
}

/* The index of the name that WORD abbreviates: any case, at least three
 * letters, so that "Aug", "Sept", "august" and "Thurs" all match. */
static int name_index(const char *word, size_t len,
                      const char *const *names, int n_names)
{
    if (len < 3)
        return -1;
    for (int i = 0; i < n_names; i++) {
        size_t name_len = strlen(names[i]);
        if (len > name_len)
            continue;
        size_t j = 0;
        while (j < len && lower(word[j]) == names[i][j])
            j++;
        if (j == len)
            return i;
    }
    return -1;
}

static int word_is(const char *word, size_t len, const char *name)
{
    if (len != strlen(name))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (lower(word[i]) != name[i])
            return 0;
    return 1;
}

static int is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date.  The year is
 * shifted to start in March so that the leap day ends it. */
static int64_t days_from_civil(int64_t year, int month, int day)
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

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t days, int64_t *year, int *month,
                            int *day)
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

/* ---------------------------------------------------------------- zones */

typedef struct {
    const char *name;
    int hours; /* offset from UTC */
} zone_name;

/* RFC 822 section 5.1, plus "UTC", which feeds send though no RFC has it. */
static const zone_name zone_names[] = {
    {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},
    {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
    {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7},
};

/* A zone: numeric (+HHMM, +HH:MM or +HH, hours 00-23, minutes 00-59) or a
 * name.  RFC 822 defined the military letters with their signs reversed,
 * so RFC 2822 says to read them as +0000; only dates in RFC 822 form
 * accept them (ALLOW_MILITARY), as ISO 8601 knows only "Z". */
static int parse_zone(cursor *c, int allow_military, int *zone_seconds)
{
    int sign = peek(c) == '-' ? -1 : 1;
    if (accept(c, '+') || accept(c, '-')) {
        int hours, minutes = 0;
        if (read_fixed(c, 2, &hours) != 0 || hours > 23)
            return -1;
        if (accept(c, ':')) {
            if (read_fixed(c, 2, &minutes) != 0)
                return -1;
        } else if (!at_end(c) && is_digit(*c->p)) {
            if (read_fixed(c, 2, &minutes) != 0)
                return -1;
        }
        if (minutes > 59)
            return -1;
        *zone_seconds = sign * (hours * 3600 + minutes * 60);
        return 0;
    }
    const char *word;
    size_t len = read_word(c, &word);
    if (len == 0)
        return -1;
    for (size_t i = 0; i < sizeof zone_names / sizeof zone_names[0]; i++) {
        if (word_is(word, len, zone_names[i].name)) {
            *zone_seconds = zone_names[i].hours * 3600;
            return 0;
        }
    }
    if (allow_military && len == 1 && lower(word[0]) != 'j') {
        *zone_seconds = 0;
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------ ISO 8601 */

/* YYYY-MM-DD or YYYYMMDD, then optionally 'T' or spaces and the time in
 * the same (extended or basic) form, fractional seconds, a zone. */
static int parse_iso(cursor *c, civil_time *t)
{
    if (read_fixed(c, 4, &t->year) != 0)
        return -1;
    int is_extended = accept(c, '-');
    if (read_fixed(c, 2, &t->month) != 0)
        return -1;
    if (is_extended && !accept(c, '-'))
        return -1;
    if (read_fixed(c, 2, &t->day) != 0)
        return -1;
    if (at_end(c))
        return 0;

    if (!accept(c, 'T') && !accept(c, 't') && skip_spaces(c) == 0)
        return -1;
    if (read_fixed(c, 2, &t->hour) != 0)
        return -1;
    if (is_extended && !accept(c, ':'))
        return -1;
    if (read_fixed(c, 2, &t->minute) != 0)
        return -1;
    int has_seconds = is_extended ? accept(c, ':') : is_digit((char)peek(c));
    if (has_seconds) {
        if (read_fixed(c, 2, &t->second) != 0)
            return -1;
        /* Sub-second precision means nothing to a news index. */
        if (accept(c, '.') || accept(c, ',')) {
            int n_digits = 0;
            while (!at_end(c) && is_digit(*c->p)) {
                c->p++;
                n_digits++;
            }
            if (n_digits == 0)
                return -1;
        }
    }
    skip_spaces(c);
    if (!at_end(c) && parse_zone(c, 0, &t->zone_seconds) != 0)
        return -1;
    return at_end(c) ? 0 : -1;
}

/* ------------------------------------------------------------ RFC 2822 */

static const char *const day_names[] = {
    "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
};

static const char *const month_names[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december",
};

/* Spaces with at most one comma among them; at least one of either. */
static int skip_separator(cursor *c)
{
    size_t n = skip_spaces(c);
    if (accept(c, ',')) {
        skip_spaces(c);
        return 0;
    }
    return n > 0 ? 0 : -1;
}

/* An RFC 2822 comment: parentheses nest, a backslash quotes one byte. */
static int skip_comment(cursor *c)
{
    if (!accept(c, '('))
        return -1;
    int depth = 1;
    while (!at_end(c) && depth > 0) {
        char ch = *c->p++;
        if (ch == '\\' && !at_end(c))
            c->p++;
        else if (ch == '(')
            depth++;
        else if (ch == ')')
            depth--;
    }
    return depth == 0 ? 0 : -1;
}

/* [weekday[,]] day month year [hh:mm[:ss] [zone]] [(comment)].  The
 * weekday is checked to be one but not to match the date: feeds get it
 * wrong more often than the date itself. */
static int parse_rfc(cursor *c, civil_time *t)
{
    const char *word;
    size_t len;
    if (is_alpha((char)peek(c))) {
        len = read_word(c, &word);
        if (name_index(word, len, day_names, 7) < 0 || skip_separator(c) != 0)
            return -1;
    }
    if (read_run(c, 2, &t->day) <= 0 || skip_separator(c) != 0)
        return -1;
    len = read_word(c, &word);
    int month = name_index(word, len, month_names, 12);
    if (month < 0 || skip_separator(c) != 0)
        return -1;
    t->month = month + 1;
    int n_year_digits = read_run(c, 4, &t->year);
    if (n_year_digits == 2)
        t->year += t->year < 50 ? 2000 : 1900;
    else if (n_year_digits != 4)
        return -1;
    if (at_end(c))
        return 0;

    if (skip_separator(c) != 0)
        return -1;
    if (read_run(c, 2, &t->hour) <= 0 || !accept(c, ':') ||
        read_fixed(c, 2, &t->minute) != 0)
        return -1;
    if (accept(c, ':') && read_fixed(c, 2, &t->second) != 0)
        return -1;
    skip_spaces(c);
    if (!at_end(c) && *c->p != '(' &&
        parse_zone(c, 1, &t->zone_seconds) != 0)
        return -1;
    skip_spaces(c);
    if (!at_end(c) && skip_comment(c) != 0)
        return -1;
    skip_spaces(c);
    return at_end(c) ? 0 : -1;
}

/* ------------------------------------------------------------ public */

dossier_status dossier_parse_date(const char *s, int64_t *out)
{
    if (s == NULL || out == NULL)
        return DOSSIER_ERR_INVALID;
    cursor c = {s, s + strlen(s)};
    skip_spaces(&c);
    while (c.end > c.p && is_space(c.end[-1]))
        c.end--;
    if (at_end(&c))
        return DOSSIER_ERR_INVALID;

    civil_time t = {0};
    int starts_with_year = c.end - c.p >= 4 && is_digit(c.p[0]) &&
                           is_digit(c.p[1]) && is_digit(c.p[2]) &&
                           is_digit(c.p[3]);
    if ((starts_with_year ? parse_iso(&c, &t) : parse_rfc(&c, &t)) != 0)
        return DOSSIER_ERR_INVALID;

    if (t.year < 1000 || t.year > 9999 || t.month < 1 || t.month > 12 ||
        t.day < 1 || t.day > days_in_month(t.year, t.month) || t.hour > 23 ||
        t.minute > 59 || t.second > 60)
        return DOSSIER_ERR_INVALID;
    /* A leap second is kept as the last second of its minute: Unix time
     * has no name for it. */
    if (t.second == 60)
        t.second = 59;

    int64_t seconds =
        days_from_civil(t.year, t.month, t.day) * SECONDS_PER_DAY +
        t.hour * 3600 + t.minute * 60 + t.second - t.zone_seconds;
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
    civil_from_days(days, &y, month, day);
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
    civil_from_days(days, &year, &month, &day);

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
