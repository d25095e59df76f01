/*
 * stem.h: Snowball stemming (libstemmer) of normalized words, with a cache
 * so the stemmer runs once per distinct word, and British spellings folded
 * first for English.  Private to libdossier.  Not thread-safe: each
 * analyzer owns its stemmers.
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

/* The first byte of the term stemmer_term would make of NORM (LEN > 0
 * bytes), without stemming it; -1 when that cannot be told.  It is told
 * for English, whose Snowball stemmer rewrites only suffixes (so that
 * only a respelling such as "gaol" -> "jail" changes a first letter), and
 * for languages without a stemmer; not for the others. */
int stemmer_first_byte(const stemmer *st, const char *norm, size_t len);

/* The index term of the normalized word NORM (LEN bytes, HASH its
 * strmap_hash with seed 0).  *term points into the stemmer's cache and is
 * valid until the next call.  Returns 0 or -1 when memory ran out. */
int stemmer_term(stemmer *st, const char *norm, size_t len, uint32_t hash,
                 const char **term, size_t *term_len);

#endif
