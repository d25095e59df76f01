/*
 * date_words.h: the words of dates -- zone names, month and day names --
 * in the tables that lib/gen_date_tables.sh compiles from
 * lib/date_zones.tsv and lib/date_names.tsv.  Private to libdossier.
 */
#ifndef DOSSIER_DATE_WORDS_H
#define DOSSIER_DATE_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum date_name_kind { DATE_MONTH, DATE_DAY };

/* The generated tables: each name is an offset into one string of
 * NUL-terminated names, zone names in lower case. */
struct date_zone {
    uint16_t name;
    int32_t seconds; /* local time minus UTC */
};
struct date_name {
    uint16_t text;
    uint8_t kind;   /* enum date_name_kind */
    uint8_t number; /* month 1-12, or day 1-7 from Monday */
};
extern const char date_zone_text[];
extern const struct date_zone date_zones[];
extern const size_t date_n_zones;
extern const char date_name_text[];
extern const struct date_name date_names[];
extern const size_t date_n_names;

/* Whether WORD (LEN bytes, ASCII letters in any case and '/') names a
 * zone of date_zones.tsv; if so its offset from UTC, in seconds, goes to
 * *SECONDS.  Thread-safe: the tables are constant. */
bool date_zone_offset(const char *word, size_t len, int *seconds);

/* The month (1-12) or day of the week (1-7, Monday 1), as KIND says, that
 * WORD (LEN bytes, UTF-8, ASCII letters in any case) names: a name of
 * date_names.tsv or its first three characters or more.  0 when it names
 * none, or when the names it begins mean different ones.  Thread-safe. */
int date_name_number(const char *word, size_t len, enum date_name_kind kind);

#endif
