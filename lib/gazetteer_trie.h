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

/* Whether a name may begin with the word of NORM_HASH written in plain
 * lower case ("al-Qaeda", "upstate New York"): most names begin
 * capitalized, so the matcher asks this before walking the trie from a
 * lower-case word, which in running text is most words.  May answer 1
 * wrongly (a bit set), never 0 wrongly. */
int gaz_may_start_lower(const dossier_gazetteer *gaz, uint32_t norm_hash);

/* Whether the normalized word NORM (LEN bytes, NORM_HASH its strmap_hash
 * with seed 0) may be a context word of some entity, or begin with a
 * prefix one: the resolver indexes only such words of an article, a few
 * of its hundreds.  May answer 1 wrongly, never 0 wrongly. */
int gaz_may_be_context(const dossier_gazetteer *gaz, const char *norm,
                       size_t len, uint32_t norm_hash);

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
