/*
 * date_scan.c: the bounded cursor the date grammars read with, and the
 * zone that ends most date forms.
 */
#include "date_internal.h"

#include <stdlib.h>

#include "date_words.h"

bool date_is_digit(int ch) { return ch >= '0' && ch <= '9'; }

static bool is_ascii_letter(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

bool date_is_letter(int ch) { return is_ascii_letter(ch) || ch >= 0x80; }

bool date_is_space(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

bool date_at_end(const date_cursor *c) { return c->p >= c->end; }

int date_peek(const date_cursor *c)
{
    return date_at_end(c) ? -1 : (unsigned char)*c->p;
}

bool date_accept(date_cursor *c, char ch)
{
    if (date_at_end(c) || *c->p != ch)
        return false;
    c->p++;
    return true;
}

size_t date_skip_spaces(date_cursor *c)
{
    size_t n = 0;
    while (date_is_space(date_peek(c))) {
        c->p++;
        n++;
    }
    return n;
}

size_t date_count_digits(const date_cursor *c)
{
    const char *q = c->p;
    while (q < c->end && date_is_digit((unsigned char)*q))
        q++;
    return (size_t)(q - c->p);
}

bool date_read_digits(date_cursor *c, size_t n, int *value)
{
    if ((size_t)(c->end - c->p) < n)
        return false;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!date_is_digit((unsigned char)c->p[i]))
            return false;
        v = v * 10 + (c->p[i] - '0');
    }
    c->p += n;
    *value = v;
    return true;
}

bool date_read_number(date_cursor *c, size_t max, int *value)
{
    size_t n = date_count_digits(c);
    return n >= 1 && n <= max && date_read_digits(c, n, value);
}

size_t date_read_word(date_cursor *c, const char **word)
{
    *word = c->p;
    while (date_is_letter(date_peek(c)))
        c->p++;
    return (size_t)(c->p - *word);
}

bool date_word_is(const char *word, size_t len, const char *name)
{
    size_t i = 0;
    for (; i < len && name[i] != '\0'; i++) {
        char ch = word[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (ch != name[i])
            return false;
    }
    return i == len && name[i] == '\0';
}

/* ------------------------------------------------------------ zones */

/* A zone name: ASCII letters, and for tz database names one '/' and more
 * letters ("Etc/GMT"). */
static size_t read_zone_name(date_cursor *c, const char **name)
{
    *name = c->p;
    while (is_ascii_letter(date_peek(c)))
        c->p++;
    if (c->p > *name && c->end - c->p >= 2 && c->p[0] == '/' &&
        is_ascii_letter((unsigned char)c->p[1])) {
        c->p++;
        while (is_ascii_letter(date_peek(c)))
            c->p++;
    }
    return (size_t)(c->p - *name);
}

/* The digits of an offset after its sign: HHMM, HH or HH:MM, and H or
 * H:MM when IS_SHORT_HOUR_OK ("GMT+2").  Three digits ("+230") are
 * neither 2:30 nor 23:0 for sure, so they fail. */
static bool read_offset_digits(date_cursor *c, bool is_short_hour_ok,
                               int *seconds)
{
    size_t n = date_count_digits(c);
    int hours, minutes = 0;
    if (n == 4) {
        if (!date_read_digits(c, 2, &hours) ||
            !date_read_digits(c, 2, &minutes))
            return false;
    } else if (n == 2 || (n == 1 && is_short_hour_ok)) {
        if (!date_read_digits(c, n, &hours))
            return false;
        if (date_accept(c, ':') && !date_read_digits(c, 2, &minutes))
            return false;
    } else {
        return false;
    }
    if (minutes > 59)
        return false;
    *seconds = hours * 3600 + minutes * 60;
    return true;
}

static bool read_signed_offset(date_cursor *c, bool is_short_hour_ok,
                               int *seconds)
{
    int sign = date_peek(c) == '-' ? -1 : 1;
    if (!date_accept(c, '+') && !date_accept(c, '-'))
        return false;
    if (!read_offset_digits(c, is_short_hour_ok, seconds))
        return false;
    *seconds *= sign;
    return true;
}

/* Only these names may carry an offset of their own: "EST+1" or
 * "Etc/GMT+5" (whose POSIX sign means UTC-5) could be read two ways. */
static bool is_offset_base(const char *name, size_t len)
{
    return date_word_is(name, len, "gmt") || date_word_is(name, len, "utc") ||
           date_word_is(name, len, "ut");
}

/* A name written after an offset, as in "-0500 EST", must mean the same
 * offset: when the two disagree, neither can be trusted. */
static bool accept_agreeing_name(date_cursor *c, int seconds)
{
    date_cursor after = *c;
    date_skip_spaces(&after);
    if (!is_ascii_letter(date_peek(&after)))
        return true;
    const char *name;
    size_t len = read_zone_name(&after, &name);
    int named;
    if (!date_zone_offset(name, len, &named) || named != seconds)
        return false;
    *c = after;
    return true;
}

bool date_parse_zone(date_cursor *c, unsigned flags, int *zone_seconds)
{
    int seconds = 0;
    bool is_numeric = true;
    int next = date_peek(c);
    if (next == '+' || next == '-') {
        if (!read_signed_offset(c, false, &seconds))
            return false;
    } else if (date_is_digit(next)) {
        if (!(flags & DATE_ZONE_UNSIGNED) || date_count_digits(c) != 4 ||
            !read_offset_digits(c, false, &seconds))
            return false;
    } else {
        const char *name;
        size_t len = read_zone_name(c, &name);
        if (len == 0)
            return false;
        if (date_zone_offset(name, len, &seconds)) {
            next = date_peek(c);
            if (is_offset_base(name, len) && (next == '+' || next == '-')) {
                if (!read_signed_offset(c, true, &seconds))
                    return false;
            } else {
                is_numeric = false;
            }
        } else if ((flags & DATE_ZONE_MILITARY) && len == 1 &&
                   name[0] != 'j' && name[0] != 'J') {
            seconds = 0;
            is_numeric = false;
        } else {
            return false;
        }
    }
    if (abs(seconds) > DATE_MAX_ZONE_SECONDS)
        return false;
    if (is_numeric && !accept_agreeing_name(c, seconds))
        return false;
    *zone_seconds = seconds;
    return true;
}
