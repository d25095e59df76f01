/*
 * stem.c: libstemmer behind a word cache.
 *
 * News repeats its words: over a corpus most tokens are words already
 * seen, so caching word -> term pays the stemmer's cost once per distinct
 * word (the analyzer's throughput target depends on it).
 */
#include "stem.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "spelling.h"
#include "strmap.h"

/* When the cache's strings pass this size it starts afresh: a bound on
 * memory for endless streams of new words (numbers, names, junk). */
#define CACHE_MAX_BYTES (8u << 20)

/* The words met most often ("the", "said", "government") answered from a
 * small table in front of the cache, direct-mapped by hash: 128 KiB that
 * stay in the processor's second cache, where the cache proper,
 * megabytes for a corpus's vocabulary, costs a miss for its slot and
 * another for its string (its lookups took a sixth of the analyzer's
 * time on Reuters-21578, by perf).  A word and its term of up to
 * HOT_BYTES bytes each fit. */
#define HOT_SLOTS 4096u
#define HOT_BYTES 12

struct hot_word {
    uint32_t hash;
    uint8_t len;      /* 0: empty (a norm is never empty) */
    uint8_t term_len;
    uint8_t folds;    /* the cache's CACHE_FOLDS, as 0 or 1 */
    uint8_t unused;
    char norm[HOT_BYTES];
    char term[HOT_BYTES];
};

struct stemmer {
    char lang[32];
    struct sb_stemmer *sb; /* NULL: no stemmer for this language */
    int is_english;
    int is_arabic;
    strmap cache;          /* norm -> offset of its term in the pool */
    struct hot_word *hot;  /* HOT_SLOTS; copies, so clearing CACHE keeps them */
};

int stemmer_open(const char *lang, stemmer **out)
{
    *out = NULL;
    stemmer *st = calloc(1, sizeof *st);
    if (st == NULL)
        return -1;
    st->hot = calloc(HOT_SLOTS, sizeof *st->hot);
    if (st->hot == NULL || strmap_init(&st->cache) != 0) {
        free(st->hot);
        free(st);
        return -1;
    }
    snprintf(st->lang, sizeof st->lang, "%s", lang);
    st->is_english = strcmp(lang, "en") == 0 || strcmp(lang, "english") == 0 ||
                     strcmp(lang, "eng") == 0;
    st->is_arabic = strcmp(lang, "ar") == 0 || strcmp(lang, "arabic") == 0 ||
                    strcmp(lang, "ara") == 0;
    st->sb = sb_stemmer_new(lang, "UTF_8");
    *out = st;
    return st->sb ? 0 : 1;
}

void stemmer_close(stemmer *st)
{
    if (st == NULL)
        return;
    if (st->sb)
        sb_stemmer_delete(st->sb);
    strmap_free(&st->cache);
    free(st->hot);
    free(st);
}

const char *stemmer_lang(const stemmer *st)
{
    return st->lang;
}

/* A cached term's value: its offset in the cache's pool, with
 * CACHE_FOLDS set when the word's British spelling was folded. */
#define CACHE_FOLDS 0x80000000u

/* The hot table's entry for NORM (LEN bytes, HASH its hash), or NULL. */
static const struct hot_word *hot_find(const stemmer *st, const char *norm,
                                       size_t len, uint32_t hash)
{
    const struct hot_word *h = &st->hot[hash & (HOT_SLOTS - 1)];
    return h->len == len && h->hash == hash && memcmp(h->norm, norm, len) == 0
               ? h
               : NULL;
}

/* Puts NORM and its TERM into the hot table when both fit, in place of
 * the word there. */
static void hot_put(stemmer *st, const char *norm, size_t len, uint32_t hash,
                    const char *term, size_t term_len, int folds)
{
    if (len > HOT_BYTES || term_len > HOT_BYTES)
        return;
    struct hot_word *h = &st->hot[hash & (HOT_SLOTS - 1)];
    h->hash = hash;
    h->len = (uint8_t)len;
    h->term_len = (uint8_t)term_len;
    h->folds = (uint8_t)(folds != 0);
    memcpy(h->norm, norm, len);
    memcpy(h->term, term, term_len);
}

int stemmer_folds(const stemmer *st, const char *norm, size_t len,
                  uint32_t hash)
{
    if (!st->is_english)
        return 0;
    const struct hot_word *h = hot_find(st, norm, len, hash);
    if (h)
        return h->folds;
    const uint32_t *found = strmap_find(&st->cache, norm, len, hash);
    if (found)
        return (*found & CACHE_FOLDS) != 0;
    return spelling_to_american(norm, len) != NULL;
}

int stemmer_first_byte(const stemmer *st, const char *norm, size_t len,
                       int is_kept)
{
    if (st->is_english)
        return (unsigned char)(is_kept ? norm[0]
                                       : spelling_first_byte(norm, len));
    return st->sb == NULL ? (unsigned char)norm[0] : -1;
}

/* libstemmer's stem of LEN bytes of WORD into *STEM (valid until the
 * stemmer's next call), or WORD itself when the stemmer strips it to
 * nothing (Russian "ь").  Snowball's Arabic stemmer takes one prefix off,
 * "wa-" ("and") or "al-" ("the"), never both: "والحرس" ("and the
 * guard") stays whole while "الحرس" and "وحرس" give "حرس"; so "wa-" or
 * "fa-" before "al-" goes first.  Returns 0, or -1 when memory ran out. */
static int sb_stem(stemmer *st, const char *word, size_t len,
                   const char **stem, size_t *stem_len)
{
    *stem = word;
    *stem_len = len;
    /* و or ف, then ال, then at least three letters (two bytes each). */
    if (st->is_arabic && len >= 12 && (unsigned char)word[0] == 0xD9 &&
        ((unsigned char)word[1] == 0x88 || (unsigned char)word[1] == 0x81) &&
        memcmp(word + 2, "\xD8\xA7\xD9\x84", 4) == 0) {
        word += 2;
        len -= 2;
    }
    const sb_symbol *s =
        sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
    if (s == NULL)
        return -1; /* libstemmer fails only when out of memory */
    if (sb_stemmer_length(st->sb) > 0) {
        *stem = (const char *)s;
        *stem_len = (size_t)sb_stemmer_length(st->sb);
    }
    return 0;
}

/* The stem of WORD as it is written, outside the cache, which holds each
 * word's folded term: a kept British spelling is a proper noun's (the
 * city of Tyre, the Labour Party), rare enough to stem each time. */
static int stem_uncached(stemmer *st, const char *word, size_t len,
                         const char **term, size_t *term_len)
{
    *term = word;
    *term_len = len;
    if (st->sb == NULL)
        return 0;
    /* Valid until the stemmer's next call, as the header says. */
    return sb_stem(st, word, len, term, term_len);
}

int stemmer_term(stemmer *st, const char *norm, size_t len, uint32_t hash,
                 int is_kept, const char **term, size_t *term_len)
{
    if (is_kept)
        return stem_uncached(st, norm, len, term, term_len);
    const struct hot_word *h = hot_find(st, norm, len, hash);
    if (h) {
        *term = h->term;
        *term_len = h->term_len;
        return 0;
    }
    uint32_t *found = strmap_find(&st->cache, norm, len, hash);
    if (found) {
        *term = strmap_str(&st->cache, *found & ~CACHE_FOLDS);
        *term_len = strlen(*term);
        hot_put(st, norm, len, hash, *term, *term_len,
                (*found & CACHE_FOLDS) != 0);
        return 0;
    }
    if (strmap_pool_bytes(&st->cache) > CACHE_MAX_BYTES)
        strmap_clear(&st->cache);

    const char *word = norm;
    size_t word_len = len;
    uint32_t folds = 0;
    if (st->is_english) {
        const char *american = spelling_to_american(norm, len);
        if (american) {
            word = american;
            word_len = strlen(american);
            folds = CACHE_FOLDS;
        }
    }
    const char *stemmed = word;
    size_t stemmed_len = word_len;
    if (st->sb && sb_stem(st, word, word_len, &stemmed, &stemmed_len) != 0)
        return -1;
    int is_new;
    uint32_t *slot = strmap_insert(&st->cache, norm, len, hash, &is_new);
    uint32_t off;
    if (slot == NULL || strmap_store(&st->cache, stemmed, stemmed_len, &off))
        return -1;
    /* The store may have moved the pool, but not the slots. */
    *slot = off | folds; /* the pool stays under CACHE_MAX_BYTES */
    *term = strmap_str(&st->cache, off);
    *term_len = stemmed_len;
    hot_put(st, norm, len, hash, *term, *term_len, folds != 0);
    return 0;
}

stemmer *stemmer_pool_get(stemmer_pool *pool, const char *lang,
                          int *is_unknown)
{
    char key[32];
    language_key(lang, key, sizeof key);
    for (size_t i = 0; i < pool->n; i++) {
        if (strcmp(stemmer_lang(pool->stemmers[i]), key) == 0) {
            *is_unknown = pool->is_unknown[i];
            return pool->stemmers[i];
        }
    }
    stemmer *st;
    int rc = stemmer_open(key, &st);
    if (rc < 0)
        return NULL;
    size_t slot = pool->n;
    if (slot == STEMMER_POOL_SIZE) {
        slot = pool->next_evict;
        pool->next_evict = (pool->next_evict + 1) % STEMMER_POOL_SIZE;
        stemmer_close(pool->stemmers[slot]);
    } else {
        pool->n++;
    }
    pool->stemmers[slot] = st;
    pool->is_unknown[slot] = rc == 1;
    *is_unknown = rc == 1;
    return st;
}

void stemmer_pool_close(stemmer_pool *pool)
{
    for (size_t i = 0; i < pool->n; i++)
        stemmer_close(pool->stemmers[i]);
    pool->n = 0;
    pool->next_evict = 0;
}
