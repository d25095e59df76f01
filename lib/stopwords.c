/*
 * stopwords.c: the function words that say nothing about a text's subject.
 *
 * The list is the one Xapian's own query tools (quest, Omega) stop by
 * default: short, so that few words with a meaning of their own ("can",
 * "will" as a noun aside) are lost.  Stop words are still indexed, with
 * positions, so that a phrase like "the who" or "bank of england" is
 * found; they only neither weigh nor count toward a document's length.
 */
#include "dossier/analyzer.h"

#include <stdint.h>
#include <string.h>

#include "analysis.h"

/* A word of up to 5 letters as one number: its bytes, the first lowest,
 * and its length above them, so that the analyzer's every word is looked
 * up by comparing numbers (a search of strings cost twice as much). */
#define W1(a) ((1ull << 40) | (uint64_t)(a))
#define W2(a, b) ((2ull << 40) | (uint64_t)(a) | (uint64_t)(b) << 8)
#define W3(a, b, c) \
    ((3ull << 40) | (uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16)
#define W4(a, b, c, d) \
    ((4ull << 40) | (uint64_t)(a) | (uint64_t)(b) << 8 | \
     (uint64_t)(c) << 16 | (uint64_t)(d) << 24)
#define W5(a, b, c, d, e) \
    ((5ull << 40) | (uint64_t)(a) | (uint64_t)(b) << 8 | \
     (uint64_t)(c) << 16 | (uint64_t)(d) << 24 | (uint64_t)(e) << 32)

/* The English list, in the order of those numbers (a binary search's). */
static const uint64_t english[] = {
    W1('a'),
    W1('i'),
    W2('b', 'e'),
    W2('o', 'f'),
    W2('a', 'n'),
    W2('e', 'n'),
    W2('i', 'n'),
    W2('o', 'n'),
    W2('t', 'o'),
    W2('o', 'r'),
    W2('a', 's'),
    W2('i', 's'),
    W2('a', 't'),
    W2('i', 't'),
    W2('b', 'y'),
    W3('a', 'n', 'd'),
    W3('t', 'h', 'e'),
    W3('a', 'r', 'e'),
    W3('w', 'h', 'o'),
    W3('f', 'o', 'r'),
    W3('w', 'a', 's'),
    W3('h', 'o', 'w'),
    W3('w', 'h', 'y'),
    W4('w', 'i', 't', 'h'),
    W4('w', 'i', 'l', 'l'),
    W4('f', 'r', 'o', 'm'),
    W4('w', 'h', 'e', 'n'),
    W4('t', 'h', 'i', 's'),
    W4('t', 'h', 'a', 't'),
    W4('w', 'h', 'a', 't'),
    W5('w', 'h', 'e', 'r', 'e'),
    W5('w', 'h', 'i', 'c', 'h'),
    W5('a', 'b', 'o', 'u', 't'),
};

/* The letters the words of ENGLISH begin with: most words begin with
 * another, and are told at once. */
static const unsigned char first_letters[256] = {
    ['a'] = 1, ['b'] = 1, ['e'] = 1, ['f'] = 1, ['h'] = 1,
    ['i'] = 1, ['o'] = 1, ['t'] = 1, ['w'] = 1,
};

/* "en", "en-GB", "en_US", "english", "eng"; a missing language is English,
 * as in the analyzer. */
static int is_english(const char *lang)
{
    if (lang == NULL || *lang == '\0')
        return 1;
    size_t n = strcspn(lang, "-_");
    return (n == 2 && strncmp(lang, "en", 2) == 0) ||
           (n == 3 && strncmp(lang, "eng", 3) == 0) ||
           (n == 7 && strncmp(lang, "english", 7) == 0);
}

bool dossier_is_stopword(const char *norm, const char *lang)
{
    if (norm == NULL || !is_english(lang))
        return false;
    return stopword_en(norm, strlen(norm));
}

/* For the analyzer's every word (the flag DOSSIER_TOKEN_STOPWORD). */
int stopword_en(const char *norm, size_t len)
{
    if (len == 0 || len > 5 || !first_letters[(unsigned char)norm[0]])
        return 0;
    uint64_t key = (uint64_t)len << 40;
    for (size_t i = 0; i < len; i++)
        key |= (uint64_t)(unsigned char)norm[i] << (8 * i);
    size_t lo = 0, hi = sizeof english / sizeof english[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (english[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof english / sizeof english[0] && english[lo] == key;
}
