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

/* The slot of a word's number in a table of 64: a multiplicative hash
 * whose multiplier was picked so that no two words of the list share a
 * slot.  A word added that does is refused when compiling (two
 * initializers of one element: -Woverride-init, in -Wextra), and then
 * wants another multiplier.  One multiplication and one load, with no
 * branch to mispredict: half the analyzer's words are asked about, and
 * a binary search over the list, with or without branches, cost a
 * twentieth of the analyzer's time. */
#define SLOT(w) ((size_t)(((w) * 0x6e96f9b8319ac941ull) >> 58))
#define ENGLISH(w) [SLOT(w)] = (w)

/* The English list, each word in its slot; 0 in the others, which no
 * word's number is (its length is in it). */
static const uint64_t english[64] = {
    ENGLISH(W1('a')),
    ENGLISH(W1('i')),
    ENGLISH(W2('b', 'e')),
    ENGLISH(W2('o', 'f')),
    ENGLISH(W2('a', 'n')),
    ENGLISH(W2('e', 'n')),
    ENGLISH(W2('i', 'n')),
    ENGLISH(W2('o', 'n')),
    ENGLISH(W2('t', 'o')),
    ENGLISH(W2('o', 'r')),
    ENGLISH(W2('a', 's')),
    ENGLISH(W2('i', 's')),
    ENGLISH(W2('a', 't')),
    ENGLISH(W2('i', 't')),
    ENGLISH(W2('b', 'y')),
    ENGLISH(W3('a', 'n', 'd')),
    ENGLISH(W3('t', 'h', 'e')),
    ENGLISH(W3('a', 'r', 'e')),
    ENGLISH(W3('w', 'h', 'o')),
    ENGLISH(W3('f', 'o', 'r')),
    ENGLISH(W3('w', 'a', 's')),
    ENGLISH(W3('h', 'o', 'w')),
    ENGLISH(W3('w', 'h', 'y')),
    ENGLISH(W4('w', 'i', 't', 'h')),
    ENGLISH(W4('w', 'i', 'l', 'l')),
    ENGLISH(W4('f', 'r', 'o', 'm')),
    ENGLISH(W4('w', 'h', 'e', 'n')),
    ENGLISH(W4('t', 'h', 'i', 's')),
    ENGLISH(W4('t', 'h', 'a', 't')),
    ENGLISH(W4('w', 'h', 'a', 't')),
    ENGLISH(W5('w', 'h', 'e', 'r', 'e')),
    ENGLISH(W5('w', 'h', 'i', 'c', 'h')),
    ENGLISH(W5('a', 'b', 'o', 'u', 't')),
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
    if (len == 0 || len > 5)
        return 0;
    uint64_t key = (uint64_t)len << 40;
    for (size_t i = 0; i < len; i++)
        key |= (uint64_t)(unsigned char)norm[i] << (8 * i);
    return english[SLOT(key)] == key;
}
