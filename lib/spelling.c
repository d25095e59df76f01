/*
 * spelling.c: lookup in the compiled British/American table.
 */
#include "spelling.h"

#include <stdint.h>
#include <string.h>

#include "word_table.h"

/* Generated from lib/spelling_gb_us.tsv by the Makefile, sorted by the
 * British form in byte order; each form is an offset into
 * spelling_words. */
struct spelling_pair {
    uint32_t british, american;
};
extern const char spelling_words[];
extern const struct spelling_pair spelling_pairs[];
/* The first letters of the British forms whose American form begins with
 * another letter. */
extern const char spelling_first_letters_changed[];
extern const size_t spelling_n_pairs;
/* Indexes into spelling_pairs, sorted by the American form. */
extern const uint32_t spelling_by_american[];

/* Where the British forms beginning with each two letters begin in
 * spelling_pairs (aa, ab, ..., zz), then its end. */
extern const uint16_t spelling_buckets[WORD_TABLE_BUCKETS];

const char *spelling_to_american(const char *word, size_t len)
{
    /* Every token of English text asks: most are answered by their first
     * two letters' bucket, a few entries long or empty. */
    long bucket = word_table_bucket(word, len);
    if (bucket < 0)
        return NULL;
    size_t lo = spelling_buckets[bucket], hi = spelling_buckets[bucket + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = word_table_compare(word, len, spelling_words + spelling_pairs[mid].british);
        if (c == 0)
            return spelling_words + spelling_pairs[mid].american;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

char spelling_first_byte(const char *word, size_t len)
{
    if (word[0] == '\0' ||
        strchr(spelling_first_letters_changed, word[0]) == NULL)
        return word[0];
    const char *american = spelling_to_american(word, len);
    return american ? american[0] : word[0];
}

size_t spelling_to_british(const char *word, size_t len, const char **out,
                           size_t max)
{
    /* The first pair whose American form is not below WORD. */
    size_t lo = 0, hi = spelling_n_pairs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct spelling_pair *p =
            &spelling_pairs[spelling_by_american[mid]];
        if (word_table_compare(word, len, spelling_words + p->american) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    for (; lo < spelling_n_pairs && n < max; lo++) {
        const struct spelling_pair *p =
            &spelling_pairs[spelling_by_american[lo]];
        if (word_table_compare(word, len, spelling_words + p->american) != 0)
            break;
        out[n++] = spelling_words + p->british;
    }
    return n;
}
