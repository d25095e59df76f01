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

/* The English list packed as numbers (the bytes, then the length above
 * them), sorted: a word of the analyzer's every token is found by
 * comparing numbers, where a search of strings took a tenth of its time
 * (the list: Xapian's quest and Omega stop by it). */
static const uint64_t english_packed[] = {
    0x010000000061ull, /* a */
    0x010000000069ull, /* i */
    0x020000006562ull, /* be */
    0x02000000666full, /* of */
    0x020000006e61ull, /* an */
    0x020000006e65ull, /* en */
    0x020000006e69ull, /* in */
    0x020000006e6full, /* on */
    0x020000006f74ull, /* to */
    0x02000000726full, /* or */
    0x020000007361ull, /* as */
    0x020000007369ull, /* is */
    0x020000007461ull, /* at */
    0x020000007469ull, /* it */
    0x020000007962ull, /* by */
    0x030000646e61ull, /* and */
    0x030000656874ull, /* the */
    0x030000657261ull, /* are */
    0x0300006f6877ull, /* who */
    0x030000726f66ull, /* for */
    0x030000736177ull, /* was */
    0x030000776f68ull, /* how */
    0x030000796877ull, /* why */
    0x040068746977ull, /* with */
    0x04006c6c6977ull, /* will */
    0x04006d6f7266ull, /* from */
    0x04006e656877ull, /* when */
    0x040073696874ull, /* this */
    0x040074616874ull, /* that */
    0x040074616877ull, /* what */
    0x056572656877ull, /* where */
    0x056863696877ull, /* which */
    0x0574756f6261ull, /* about */
};

int stopword_en(const char *norm, size_t len)
{
    /* Most words begin with a letter no stop word begins with. */
    static const char first[] = "abefhiotw";
    if (len == 0 || len > 5 || memchr(first, norm[0], sizeof first - 1) == NULL)
        return 0;
    uint64_t key = (uint64_t)len << 40;
    for (size_t i = 0; i < len; i++)
        key |= (uint64_t)(unsigned char)norm[i] << (8 * i);
    size_t lo = 0, hi = sizeof english_packed / sizeof english_packed[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (english_packed[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof english_packed / sizeof english_packed[0] &&
           english_packed[lo] == key;
}
