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

typedef struct gaz_alias {
    uint32_t entity;      /* index of the entity */
    uint32_t name_off;    /* the alias as written, in the string pool */
    uint32_t n_tokens;
    uint32_t cases_off;   /* n_tokens bytes of enum alias_case */
    uint32_t next;        /* next alias at the same node, as index + 1 */
    uint32_t flags;       /* GAZ_ALIAS_AMBIGUOUS */
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

/* The gazetteer's filter: GAZ_FILTER_BITS bits, one set for each edge
 * of the trie (its gaz_edge_hash), for each word a name may begin with in
 * plain lower case, and for each context word and prefix, under node
 * numbers no trie has.  Most words of a text start no name and continue
 * none: the filter, 32 KiB that stay in the cache, answers them instead
 * of the edge map, whose probes into megabytes miss it (for 6,000
 * entities, about 60,000 edges, one word in five passes by chance).
 * Asked for every word of every text, so inline.  A set bit may answer
 * yes wrongly, never no. */
#define GAZ_FILTER_BITS 262144u
#define GAZ_LOWER_START_NODE 0xFFFFFFFFu
#define GAZ_CONTEXT_WORD_NODE 0xFFFFFFFEu
/* A context prefix of L bytes under GAZ_CONTEXT_PREFIX_NODE - L, by its
 * first min(L, GAZ_CONTEXT_PREFIX_BYTES) bytes. */
#define GAZ_CONTEXT_PREFIX_NODE 0xFFFFFFF0u
#define GAZ_CONTEXT_PREFIX_BYTES 4

const uint64_t *gaz_filter(const dossier_gazetteer *gaz);

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
    uint32_t bit = hash % GAZ_FILTER_BITS;
    return (filter[bit / 64] >> (bit % 64)) & 1u;
}

/* Whether a name may begin with the word of NORM_HASH written in plain
 * lower case ("al-Qaeda", "upstate New York"): most names begin
 * capitalized, so the matcher asks this before walking the trie from a
 * lower-case word, which in running text is most words. */
static inline int gaz_may_start_lower(const uint64_t *filter,
                                      uint32_t norm_hash)
{
    return gaz_filter_has(filter,
                          gaz_edge_hash(GAZ_LOWER_START_NODE, norm_hash));
}

/* Whether the normalized word NORM (LEN bytes, NORM_HASH its strmap_hash
 * with seed 0) may be a context word of some entity, or begin with a
 * prefix one: the resolver indexes only such words of an article, a few
 * of its hundreds.  PREFIX_LENGTHS is gaz_context_prefix_lengths().  The
 * prefixes' hashes are strmap_hash's, one byte at a time (FNV-1a). */
static inline int gaz_may_be_context(const uint64_t *filter,
                                     unsigned prefix_lengths, const char *norm,
                                     size_t len, uint32_t norm_hash)
{
    if (gaz_filter_has(filter, gaz_edge_hash(GAZ_CONTEXT_WORD_NODE, norm_hash)))
        return 1;
    uint32_t h = 2166136261u;
    for (size_t l = 1; l <= len && (prefix_lengths >> l) != 0; l++) {
        h = (h ^ (unsigned char)norm[l - 1]) * 16777619u;
        if (((prefix_lengths >> l) & 1u) &&
            gaz_filter_has(filter,
                           gaz_edge_hash(GAZ_CONTEXT_PREFIX_NODE - (uint32_t)l,
                                         h)))
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
