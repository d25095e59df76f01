/*
 * match_key.h: the keys gazetteer names are looked up by.  Private to
 * libdossier.
 *
 * A word's key is its norm, but for words of inflecting scripts
 * (script_min_key_chars: Cyrillic, Greek, Armenian, Arabic) it is the
 * stem of its norm in its script's own language (Russian for Cyrillic,
 * whatever the text's language, so that a Ukrainian text and the
 * gazetteer agree), when the stem keeps enough characters: then "России"
 * and "Россию" are the gazetteer's "Россия", and "وحزب" ("and
 * Hezbollah") its "حزب".  The loader keys the gazetteer's names and the
 * analyzer the text's words with this one function, so they meet.
 */
#ifndef DOSSIER_MATCH_KEY_H
#define DOSSIER_MATCH_KEY_H

#include "analysis.h"
#include <string.h>

#include "stem.h"
#include "strmap.h"

/* Sets the key of every token of RES, tokenized from TEXT, with norms.
 * POOL gives the stemmers.  Returns 0, or -1 when memory ran out. */
int match_keys(stemmer_pool *pool, const char *text, dossier_analysis *res);

/* The key of token I while the analysis is being built, its length
 * and its hash (strmap_hash). */
static inline const char *analysis_key(const dossier_analysis *res, size_t i)
{
    return res->strings + res->strings_of[i].key_off;
}

static inline size_t analysis_key_len(const dossier_analysis *res, size_t i)
{
    const token_strings *ts = &res->strings_of[i];
    return ts->key_off == ts->norm_off ? res->tokens[i].norm_len
                                       : strlen(res->strings + ts->key_off);
}

static inline uint32_t analysis_key_hash(const dossier_analysis *res,
                                         size_t i)
{
    const token_strings *ts = &res->strings_of[i];
    return ts->key_off == ts->norm_off
               ? ts->norm_hash
               : strmap_hash(res->strings + ts->key_off,
                             analysis_key_len(res, i), 0);
}

#endif
