/*
 * analysis.h: the body of dossier_analysis, shared by the files that fill
 * it (tokenize.c, entities.c, analyzer.c).  Private to libdossier.
 */
#ifndef DOSSIER_ANALYSIS_H
#define DOSSIER_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/analyzer.h"

/* While an analysis is built, norms and terms live in a growing string
 * buffer that may move, so tokens hold offsets into it; the pointers of
 * the public struct are set once at the end (analysis_finish). */
typedef struct token_strings {
    uint32_t norm_off, term_off;
    /* strmap_hash(norm): computed once, used by the stem cache and the
     * gazetteer, which together look every token up twice. */
    uint32_t norm_hash;
    /* The key a gazetteer name's word is looked up by (match_key.h): the
     * norm's offset, or a stem's.  A large text has millions of tokens,
     * so its length and hash are found again when needed, rarely. */
    uint32_t key_off;
} token_strings;

struct dossier_analysis {
    dossier_token *tokens;
    token_strings *strings_of; /* parallel to tokens */
    size_t n_tokens, cap_tokens, cap_strings_of;

    /* Every name the matcher found, in text order, ambiguous ones
     * (DOSSIER_MENTION_AMBIGUOUS) included; and for each, the gazetteer
     * alias that matched (its index, 0 for a learned acronym). */
    dossier_mention *found;
    uint32_t *found_alias;
    size_t n_found, cap_found, cap_found_alias;
    /* What stands once the ambiguous ones are decided (entity_resolve.c):
     * what dossier_analysis_mentions() returns. */
    dossier_mention *mentions;
    size_t n_mentions, cap_mentions;

    dossier_sentence *sentences;
    size_t n_sentences, cap_sentences;

    char *strings;
    size_t strings_len, strings_cap;
};

/* Empties RES, keeping its memory. */
void analysis_reset(dossier_analysis *res);

/* Appends LEN bytes and a NUL to the string buffer; *off is where they
 * went.  Returns 0, or -1 when memory ran out. */
int analysis_add_string(dossier_analysis *res, const char *s, size_t len,
                        uint32_t *off);

/* Appends a token (strings set to ""); returns its index in *index.
 * Returns 0 or -1. */
int analysis_add_token(dossier_analysis *res, const dossier_token *tok,
                       size_t *index);

/* The normalized form of token I while the analysis is being built. */
static inline const char *analysis_norm(const dossier_analysis *res,
                                        size_t i)
{
    return res->strings + res->strings_of[i].norm_off;
}

/* Appends a name the matcher found (ALIAS: its gazetteer alias index, or
 * 0).  Returns 0 or -1. */
int analysis_add_found(dossier_analysis *res, const dossier_mention *m,
                       uint32_t alias);
/* Appends a mention that stands.  Returns 0 or -1. */
int analysis_add_mention(dossier_analysis *res, const dossier_mention *m);
int analysis_add_sentence(dossier_analysis *res, uint32_t start,
                          uint32_t end);

/* Sets the public string pointers of every token. */
void analysis_finish(dossier_analysis *res);

/* Grows *ARRAY (of ELEM bytes, *CAP elements) to hold at least NEED.
 * Returns 0, or -1 when memory ran out (the array is unchanged). */
int grow_array(void **array, size_t *cap, size_t need, size_t elem);

/* Whether WORD is one of the N strings of WORDS, sorted in strcmp order. */
/* Whether NORM (LEN bytes, normalized) is an English stop word
 * (dossier_is_stopword for English, without its language test). */
int stopword_en(const char *norm, size_t len);

int sorted_words_contain(const char *const *words, size_t n,
                         const char *word);

#endif
