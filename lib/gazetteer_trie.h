/*
 * gazetteer_trie.h: how the entity matcher walks the gazetteer.  Private
 * to libdossier.
 *
 * Every display name and alias is run through the tokenizer; its tokens'
 * normalized forms are a path in a trie whose edges live in one hash map
 * keyed by (parent node, norm).  A node where a name ends lists the names
 * (aliases) ending there, each with the case it was written in, token by
 * token, for the matcher's case rules.
 */
#ifndef DOSSIER_GAZETTEER_TRIE_H
#define DOSSIER_GAZETTEER_TRIE_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/gazetteer.h"

/* How an alias token was written, which decides what text it matches. */
enum alias_case {
    ALIAS_ANY = 0,     /* lower case: any case in text ("military") */
    ALIAS_CAPITALIZED, /* "Japan": text must be capitalized */
    ALIAS_UPPER,       /* "NSA": text in capitals (see entities.c) */
    ALIAS_DOTTED       /* "U.S.": text in capitals, dotted or not */
};
/* Set on ALIAS_UPPER tokens of 4+ letters, which also match "Nato". */
#define ALIAS_CASE_LONG 0x4
#define ALIAS_CASE_MASK 0x3

/* A name from the gazetteer's "ambiguous" column: it names its entity
 * only with support in the same article (entity_resolve.c).  Several
 * entities may share one. */
#define GAZ_ALIAS_AMBIGUOUS 1u

/* An alias of up to this many tokens has its cases in its record, which
 * the matcher reads for every name it meets: not in the pool, a cache
 * miss away. */
#define GAZ_ALIAS_INLINE_CASES 8

typedef struct gaz_alias {
    uint32_t entity;      /* index of the entity */
    uint32_t name_off;    /* the alias as written, in the string pool */
    uint32_t n_tokens;
    uint32_t cases_off;   /* n_tokens bytes of enum alias_case */
    uint32_t next;        /* next alias at the same node, as index + 1 */
    uint32_t flags;       /* GAZ_ALIAS_AMBIGUOUS */
    /* The first GAZ_ALIAS_INLINE_CASES of those bytes (all of them for
     * most names); gaz_alias_cases() says where to read. */
    uint8_t cases[GAZ_ALIAS_INLINE_CASES];
} gaz_alias;

/* One context item of an entity: another entity, or a word (a normalized
 * token, in the pool) that the article must hold, or begin a word with
 * when IS_PREFIX. */
typedef struct gaz_context {
    uint32_t entity;   /* index + 1; 0 for a word */
    uint32_t word_off; /* in the pool */
    uint32_t word_len;
    uint32_t is_prefix;
} gaz_context;

#define GAZ_ROOT 0u

/* The node reached from NODE over the token NORM (LEN bytes, NORM_HASH
 * its strmap_hash with seed 0), or 0 (the root is never a child) when
 * there is none.  Most words start no name: at the root a bit set answers
 * that without a lookup. */
uint32_t gaz_child(const dossier_gazetteer *gaz, uint32_t node,
                   const char *norm, size_t len, uint32_t norm_hash);

/* The gazetteer's filters answer most questions about a word of a text
 * without the edge map, whose probes into megabytes miss the processor's
 * cache.  Each is a set of bits, one set for each thing it holds by a
 * hash of it: a set bit may answer yes wrongly, never no.  Inline, as the
 * matcher and resolver ask them often. */

/* The edge filter: GAZ_FILTER_BITS bits, one for each edge of the trie
 * (its gaz_edge_hash): 32 KiB, asked about the words after one that
 * begins a name (for 6,000 entities, about 60,000 edges, one word in five
 * passes by chance). */
#define GAZ_FILTER_BITS 262144u

const uint64_t *gaz_filter(const dossier_gazetteer *gaz);

/* The start filter, asked for every word of every text: GAZ_START_BITS
 * bits, the first GAZ_START_LOWER_BITS set for the words a name may begin
 * with in plain lower case ("al-Qaeda", "upstate New York": a few
 * hundred), the others for every word a name begins with (the root's
 * edges: some 9,000 for 6,000 entities, one word in eight passes by
 * chance).  9 KiB, where asking the 32 KiB filter above about every
 * word of a wire story stalled the matcher on cache misses (perf). */
#define GAZ_START_LOWER_BITS 4096u
#define GAZ_START_BITS (GAZ_START_LOWER_BITS + 65536u)

const uint64_t *gaz_start_filter(const dossier_gazetteer *gaz);

/* Bit BIT of the filter BITS. */
static inline int gaz_bit_has(const uint64_t *bits, uint32_t bit)
{
    return (bits[bit / 64] >> (bit % 64)) & 1u;
}

/* The start filter's bit for a word a name begins with, and for one a
 * name begins with in plain lower case; NORM_HASH is its strmap_hash
 * with seed 0. */
static inline uint32_t gaz_start_bit(uint32_t norm_hash)
{
    return GAZ_START_LOWER_BITS + ((norm_hash * 0x9E3779B1u) >> 16);
}

static inline uint32_t gaz_start_lower_bit(uint32_t norm_hash)
{
    return norm_hash % GAZ_START_LOWER_BITS;
}

/* Whether the word of KEY (a norm or a stem: match_key.h, at least one
 * byte) is written in a script without case: Hebrew, Arabic and the
 * scripts after them in Unicode, Han, kana, hangul (not the Latin and
 * Greek extended letters of U+1E00 to U+1FFF).  Such a word is never
 * Capitalized, so the start filter's lower-case part, which must stay
 * sparse, does not hold the names that begin with one (thousands, in 12
 * languages): the whole filter is asked instead. */
static inline int gaz_is_caseless(const char *key)
{
    unsigned char c = (unsigned char)key[0];
    return c >= 0xD6 && !(c == 0xE1 && (unsigned char)key[1] >= 0xB8);
}

/* Whether a name may begin with the word of NORM_HASH in the case the
 * gazetteer wrote it. */
static inline int gaz_may_start(const uint64_t *start, uint32_t norm_hash)
{
    return gaz_bit_has(start, gaz_start_bit(norm_hash));
}

/* Whether a name may begin with the word of NORM_HASH written in plain
 * lower case: most names begin capitalized, and most words of running
 * text are written so. */
static inline int gaz_may_start_lower(const uint64_t *start,
                                      uint32_t norm_hash)
{
    return gaz_bit_has(start, gaz_start_lower_bit(norm_hash)) &&
           gaz_may_start(start, norm_hash);
}

/* The context filter: GAZ_CONTEXT_BITS bits (4 KiB), one for each
 * context word, by its hash, and for each context prefix, by the hash of
 * its first min(L, GAZ_CONTEXT_PREFIX_BYTES) bytes salted with that
 * length (gaz_context_bit).  Asked for an article's every word when an
 * ambiguous name needs its context (a few thousand items: one word in ten
 * passes by chance). */
#define GAZ_CONTEXT_BITS 32768u
#define GAZ_CONTEXT_PREFIX_BYTES 4

const uint64_t *gaz_context_filter(const dossier_gazetteer *gaz);

/* The context filter's bit for a word of hash HASH (strmap_hash, seed
 * 0): PREFIX_BYTES 0 for a context word, else the length of the prefix
 * HASH is of. */
static inline uint32_t gaz_context_bit(uint32_t hash, uint32_t prefix_bytes)
{
    return ((hash ^ (prefix_bytes * 0x5BD1E995u)) * 0x9E3779B1u) >> 17;
}

/* Bit L (1 <= L <= GAZ_CONTEXT_PREFIX_BYTES) set when some context
 * prefix is in the filter by its first L bytes; gaz_may_be_context()
 * probes only those lengths. */
unsigned gaz_context_prefix_lengths(const dossier_gazetteer *gaz);

static inline uint32_t gaz_edge_hash(uint32_t node, uint32_t norm_hash)
{
    return norm_hash ^ (node * 0x9E3779B1u);
}

static inline int gaz_filter_has(const uint64_t *filter, uint32_t hash)
{
    return gaz_bit_has(filter, hash % GAZ_FILTER_BITS);
}

/* Whether the normalized word NORM (LEN bytes, NORM_HASH its strmap_hash
 * with seed 0) may be a context word of some entity, or begin with a
 * prefix one: the resolver indexes only such words of an article, a few
 * of its hundreds.  CONTEXT is gaz_context_filter(), PREFIX_LENGTHS
 * gaz_context_prefix_lengths().  The prefixes' hashes are strmap_hash's,
 * one byte at a time (FNV-1a). */
static inline int gaz_may_be_context(const uint64_t *context,
                                     unsigned prefix_lengths, const char *norm,
                                     size_t len, uint32_t norm_hash)
{
    if (gaz_bit_has(context, gaz_context_bit(norm_hash, 0)))
        return 1;
    uint32_t h = 2166136261u;
    for (size_t l = 1; l <= len && (prefix_lengths >> l) != 0; l++) {
        h = (h ^ (unsigned char)norm[l - 1]) * 16777619u;
        if (((prefix_lengths >> l) & 1u) &&
            gaz_bit_has(context, gaz_context_bit(h, (uint32_t)l)))
            return 1;
    }
    return 0;
}

/* Set in a node's entry of the gazetteer's first aliases when an edge
 * leaves the node: a name may go on past it. */
#define GAZ_NODE_PARENT 0x80000000u

/* Whether an edge leaves NODE: the matcher stops at a node where every
 * name ends ("Kyiv") instead of asking the edge map about the next
 * word. */
int gaz_is_parent(const dossier_gazetteer *gaz, uint32_t node);

/* The first alias ending at NODE, or NULL; then gaz_next_alias(). */
const gaz_alias *gaz_first_alias(const dossier_gazetteer *gaz, uint32_t node);
const gaz_alias *gaz_next_alias(const dossier_gazetteer *gaz,
                                const gaz_alias *alias);

/* The case byte of each token of ALIAS, and its text. */
const uint8_t *gaz_alias_cases(const dossier_gazetteer *gaz,
                               const gaz_alias *alias);
const char *gaz_alias_name(const dossier_gazetteer *gaz,
                           const gaz_alias *alias);

/* Alias number INDEX (from 1), checked as gaz_first_alias checks; NULL
 * when there is none.  The index of ALIAS is gaz_alias_index(). */
const gaz_alias *gaz_alias_at(const dossier_gazetteer *gaz, uint32_t index);
uint32_t gaz_alias_index(const dossier_gazetteer *gaz, const gaz_alias *alias);

/* What entity E's ambiguous names need: its active years (0: open) and
 * its context items (*N of them), checked against the arrays. */
void gaz_entity_years(const dossier_gazetteer *gaz, uint32_t e, int *from,
                      int *to);
const struct gaz_context *gaz_entity_context(const dossier_gazetteer *gaz,
                                             uint32_t e, size_t *n);
/* The text of context word C (C->word_len bytes), or NULL. */
const char *gaz_context_word(const dossier_gazetteer *gaz,
                             const struct gaz_context *c);

#endif
