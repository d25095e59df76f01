/*
 * date_words.c: zone, month and day names looked up in the compiled
 * tables.  The tables are short (a hundred names or so) and a date is read
 * once per article, so a linear scan is enough and allows the abbreviation
 * rule, which a sorted search would not.
 */
#include "date_words.h"

#include <string.h>

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_continuation_byte(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

bool date_zone_offset(const char *word, size_t len, int *seconds)
{
    for (size_t i = 0; i < date_n_zones; i++) {
        const char *name = date_zone_text + date_zones[i].name;
        if (strlen(name) != len)
            continue;
        size_t j = 0;
        while (j < len && ascii_lower(word[j]) == name[j])
            j++;
        if (j == len) {
            *seconds = date_zones[i].seconds;
            return true;
        }
    }
    return false;
}

/* Whether WORD is NAME or its first three characters or more.  The word
 * must stop where one of NAME's characters stops, so that a truncated
 * UTF-8 sequence abbreviates nothing. */
static bool abbreviates(const char *word, size_t len, const char *name)
{
    size_t n_chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '\0' || ascii_lower(word[i]) != name[i])
            return false;
        if (!is_continuation_byte(word[i]))
            n_chars++;
    }
    if (is_continuation_byte(name[len]))
        return false;
    return n_chars >= 3 || name[len] == '\0';
}

int date_name_number(const char *word, size_t len, enum date_name_kind kind)
{
    int number = 0;
    for (size_t i = 0; i < date_n_names; i++) {
        if (date_names[i].kind != kind ||
            !abbreviates(word, len, date_name_text + date_names[i].text))
            continue;
        if (number != 0 && number != date_names[i].number)
            return 0;
        number = date_names[i].number;
    }
    return number;
}
