/*
 * stem.h: Snowball stemming (libstemmer) of normalized words, with a cache
 * so the stemmer runs once per distinct word, and British spellings folded
 * first for English (but for proper nouns, which keep them).  Private to
 * libdossier.  Not thread-safe: each analyzer owns its stemmers.
 */
#ifndef DOSSIER_STEM_H
#define DOSSIER_STEM_H

#include <stddef.h>
#include <stdint.h>

typedef struct stemmer stemmer;

/* Opens the stemmer for LANG ("en", "english", "fr", ...).  Returns 0,
 * 1 when libstemmer has no such language (*out then leaves words as they
 * are, so analysis goes on unstemmed), or -1 when memory ran out. */
int stemmer_open(const char *lang, stemmer **out);
void stemmer_close(stemmer *st);

/* The language name it was opened with. */
const char *stemmer_lang(const stemmer *st);

/* Whether stemmer_term folds the spelling of NORM (LEN bytes, HASH its
 * strmap_hash with seed 0): an English stemmer and a British form of
 * lib/spelling_gb_us.tsv, so that a word that keeps its spelling (a
 * proper noun, analyzer.h) gets another term.  A word stemmed before is
 * answered from the stemmer's cache. */
int stemmer_folds(const stemmer *st, const char *norm, size_t len,
                  uint32_t hash);

/* The first byte of the term stemmer_term would make of NORM (LEN > 0
 * bytes), without stemming it; -1 when that cannot be told.  It is told
 * for English, whose Snowball stemmer rewrites only suffixes (so that
 * only a respelling such as "gaol" -> "jail" changes a first letter, and
 * not when IS_KEPT keeps the spelling), and for languages without a
 * stemmer; not for the others. */
int stemmer_first_byte(const stemmer *st, const char *norm, size_t len,
                       int is_kept);

/* The index term of the normalized word NORM (LEN bytes, HASH its
 * strmap_hash with seed 0): its stem, after folding a British spelling to
 * the American one unless IS_KEPT: a proper noun whose spelling folds
 * (the caller asked stemmer_folds(), once) keeps it.
 * *term points into the stemmer's cache or buffer and is valid until the
 * next call.  Returns 0 or -1 when memory ran out. */
int stemmer_term(stemmer *st, const char *norm, size_t len, uint32_t hash,
                 int is_kept, const char **term, size_t *term_len);

/* The stemmers of the languages one analyzer (or the gazetteer's loader)
 * meets, opened at first need; a text in a further language replaces the
 * least recently opened.  Zero-initialized is empty.  One text needs at
 * most its own language and one per script (script.h), fewer than the
 * pool holds, so no stemmer a text holds is replaced while it is
 * analysed. */
#define STEMMER_POOL_SIZE 16
typedef struct stemmer_pool {
    stemmer *stemmers[STEMMER_POOL_SIZE];
    int is_unknown[STEMMER_POOL_SIZE]; /* libstemmer has no such language */
    size_t n, next_evict;
} stemmer_pool;

/* The stemmer for LANG ("en-US", "EN_gb" and "en" are one; NULL or ""
 * is English), opening it if needed; *IS_UNKNOWN tells whether
 * libstemmer lacks it (the stemmer then leaves words as they are).
 * NULL when memory ran out. */
stemmer *stemmer_pool_get(stemmer_pool *pool, const char *lang,
                          int *is_unknown);
void stemmer_pool_close(stemmer_pool *pool);

#endif
