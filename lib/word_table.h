/*
 * word_table.h: lookup in the generated tables of lower-case words
 * (lib/spelling_gb_us.tsv, lib/name_words.tsv): sorted in byte order, with
 * the index where the words beginning with each two letters begin.
 * Private to libdossier.
 */
#ifndef DOSSIER_WORD_TABLE_H
#define DOSSIER_WORD_TABLE_H

#include <stddef.h>

/* Buckets of a table: aa, ab, ..., zz, then its end. */
#define WORD_TABLE_BUCKETS (26 * 26 + 1)

/* WORD (LEN bytes, no NUL) against the NUL-terminated ENTRY, in byte
 * order. */
static inline int word_table_compare(const char *word, size_t len,
                                     const char *entry)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)word[i], b = (unsigned char)entry[i];
        if (a != b)
            return b == '\0' ? 1 : a < b ? -1 : 1;
    }
    return entry[len] == '\0' ? 0 : -1;
}

/* The bucket of WORD (LEN bytes), or -1 when it does not begin with two
 * letters a-z, and so is in no table. */
static inline long word_table_bucket(const char *word, size_t len)
{
    if (len < 2 || word[0] < 'a' || word[0] > 'z' || word[1] < 'a' ||
        word[1] > 'z')
        return -1;
    return (long)(word[0] - 'a') * 26 + (word[1] - 'a');
}

#endif
