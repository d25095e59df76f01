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

#include <string.h>

#include "analysis.h"

/* Sorted in byte order (sorted_words_contain). */
static const char *const english[] = {
    "a",    "about", "an",   "and",   "are",   "as",   "at",   "be",
    "by",   "en",    "for",  "from",  "how",   "i",    "in",   "is",
    "it",   "of",    "on",   "or",    "that",  "the",  "this", "to",
    "was",  "what",  "when", "where", "which", "who",  "why",  "will",
    "with",
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
    return sorted_words_contain(english, sizeof english / sizeof english[0],
                                norm);
}
