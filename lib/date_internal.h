/*
 * date_internal.h: what the parts of the date parser share.  date.c has
 * the public functions and the calendar; date_scan.c a bounded cursor over
 * the text and the zone that ends most forms; date_iso.c the ISO 8601
 * grammar; date_text.c the forms with named months (RFC 822 and its
 * kin, asctime, JavaScript's Date).  Private to libdossier.  Nothing here
 * keeps state between calls or reads the locale or the time zone.
 */
#ifndef DOSSIER_DATE_INTERNAL_H
#define DOSSIER_DATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads [p, end) only; each reading function advances p past what it
 * read, and on failure may leave p anywhere: the caller then gives up. */
typedef struct {
    const char *p;
    const char *end;
} date_cursor;

/* A date as written, before it is checked and made an instant. */
typedef struct {
    int year, month, day, hour, minute, second;
    int zone_seconds;    /* local time minus UTC */
    bool is_end_of_day;  /* ISO 8601's 24:00:00, the midnight after DAY */
} date_fields;

/* The largest zone offset in use anywhere (Kiribati, +14:00); beyond it a
 * "zone" is not one. */
#define DATE_MAX_ZONE_SECONDS (14 * 3600)

/* ---------------------------------------------------- date_scan.c */
bool date_is_digit(int ch);
/* Space, tab or line end. */
bool date_is_space(int ch);
/* An ASCII letter or any byte of a UTF-8 sequence (names in other
 * scripts). */
bool date_is_letter(int ch);
bool date_at_end(const date_cursor *c);
/* The next byte as an unsigned char, or -1 at the end. */
int date_peek(const date_cursor *c);
bool date_accept(date_cursor *c, char ch);
/* Skips spaces, tabs and line ends; returns how many. */
size_t date_skip_spaces(date_cursor *c);
/* The length of the run of digits at the cursor (not consumed). */
size_t date_count_digits(const date_cursor *c);
/* Reads exactly N digits. */
bool date_read_digits(date_cursor *c, size_t n, int *value);
/* Reads a run of 1 to MAX digits; false when there is none or more. */
bool date_read_number(date_cursor *c, size_t max, int *value);
/* Reads a run of date_is_letter bytes into [*word, *word + returned). */
size_t date_read_word(date_cursor *c, const char **word);
/* Whether WORD (LEN bytes) is the lower-case ASCII NAME, in any case. */
bool date_word_is(const char *word, size_t len, const char *name);

/* Flags of date_parse_zone. */
enum {
    /* A single letter but J, the military zones of RFC 822, read as
     * +00:00 as RFC 2822 says (RFC 822 had their signs reversed). */
    DATE_ZONE_MILITARY = 1,
    /* Four digits without a sign, "0200", read as +02:00. */
    DATE_ZONE_UNSIGNED = 2,
};

/* Reads a zone: "+HHMM", "+HH:MM", "+HH" (or '-'), a name of
 * date_zones.tsv in any case, "GMT", "UTC" or "UT" followed by such an
 * offset or by "+H" / "+H:MM", and what FLAGS add.  An offset may be
 * followed by a name that means the same offset ("-0500 EST").  Minutes
 * above 59 or an offset beyond DATE_MAX_ZONE_SECONDS fail. */
bool date_parse_zone(date_cursor *c, unsigned flags, int *zone_seconds);

/* ---------------------------------------------------- the grammars */
/* The whole of the cursor as an ISO 8601 date (it starts with a
 * four-digit year); date_iso.c. */
bool date_parse_iso(date_cursor *c, date_fields *f);
/* The whole of the cursor as a date with a named month; date_text.c. */
bool date_parse_text(date_cursor *c, date_fields *f);

/* ---------------------------------------------------- date.c */
bool date_is_leap(int year);
int date_days_in_month(int year, int month);
/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t date_days_from_civil(int64_t year, int month, int day);
void date_civil_from_days(int64_t days, int64_t *year, int *month,
                          int *day);

#endif
