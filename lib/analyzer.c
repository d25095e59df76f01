/*
 * analyzer.c: the analyzer's pipeline: tokenize, stem, find entities.
 */
#include "dossier/analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "entities.h"
#include "entity_resolve.h"
#include "match_key.h"
#include "script.h"
#include "spelling.h"
#include "stem.h"
#include "strmap.h"
#include "tokenize.h"

struct dossier_analyzer {
    const dossier_gazetteer *gaz;
    stemmer_pool stemmers;
    dossier_analysis *scratch;     /* for dossier_analyzer_term */
    entity_memo *memo;             /* made at the first text with entities */
};

dossier_status dossier_analyzer_new(const dossier_gazetteer *gaz,
                                    dossier_analyzer **out)
{
    if (out == NULL)
        return DOSSIER_ERR_INVALID;
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return DOSSIER_ERR_NOMEM;
    (*out)->gaz = gaz;
    return DOSSIER_OK;
}

void dossier_analyzer_free(dossier_analyzer *an)
{
    if (an == NULL)
        return;
    stemmer_pool_close(&an->stemmers);
    dossier_analysis_free(an->scratch);
    entity_memo_free(an->memo);
    free(an);
}

_Static_assert(SCRIPT_OTHER + 2 <= STEMMER_POOL_SIZE,
               "a text's stemmers fit the pool (stem.h)");

static stemmer *stemmer_for(dossier_analyzer *an, const char *lang,
                            int *is_unknown)
{
    return stemmer_pool_get(&an->stemmers, lang, is_unknown);
}

/* The stemmers of one text: its language's, and the languages of words
 * in other scripts (script.h), found at first need. */
struct text_stemmers {
    dossier_analyzer *an;
    const char *text;
    const char *lang;
    stemmer *of_script[SCRIPT_OTHER + 1];
    signed char has_stopwords[SCRIPT_OTHER + 1]; /* -1: not yet known */
};

static void text_stemmers_init(struct text_stemmers *ts, dossier_analyzer *an,
                               const char *text, const char *lang)
{
    memset(ts, 0, sizeof *ts);
    ts->an = an;
    ts->text = text;
    ts->lang = lang;
    memset(ts->has_stopwords, -1, sizeof ts->has_stopwords);
}

/* The stemmer of token I of RES, and whether its language has stop
 * words; NULL when memory ran out. */
static stemmer *token_stemmer(struct text_stemmers *ts,
                              const dossier_analysis *res, size_t i,
                              int *has_stopwords)
{
    const dossier_token *t = &res->tokens[i];
    script_id s = (unsigned char)ts->text[t->start] < 0x80
                      ? SCRIPT_LATIN /* or a number, in the text's language */
                      : token_script(ts->text, t);
    if (ts->of_script[s] == NULL) {
        const char *lang = script_language(s, ts->lang);
        if (lang == NULL)
            lang = ts->lang;
        int is_unknown;
        ts->of_script[s] = stemmer_for(ts->an, lang, &is_unknown);
        ts->has_stopwords[s] = dossier_is_stopword("the", lang);
    }
    *has_stopwords = ts->has_stopwords[s];
    return ts->of_script[s];
}

/* Whether token I is a proper noun that keeps its spelling (analyzer.h):
 * in a document, a word written Capitalized (not in capitals) after the
 * first word of its sentence, in a sentence not written in capitals; in a
 * query, which has no sentences, any word written Capitalized.
 * SENTENCE_START is the position of the first word of I's sentence. */
static int is_proper_noun(const dossier_token *t, int is_query,
                          uint32_t sentence_start)
{
    if (!(t->flags & DOSSIER_TOKEN_CAPITALIZED) ||
        (t->flags & DOSSIER_TOKEN_ALL_CAPS))
        return 0;
    if (is_query)
        return 1;
    return !(t->flags & DOSSIER_TOKEN_CAPS_CONTEXT) &&
           t->position != sentence_start;
}

/* Stems the norm of token I into its term, keeping its spelling when
 * IS_KEPT.  With FIRST_BYTES, a token whose term would begin with an
 * unwanted byte gets no term instead. */
static int add_term(stemmer *st, const unsigned char *first_bytes,
                    int is_kept, dossier_analysis *res, size_t i)
{
    dossier_token *t = &res->tokens[i];
    const char *norm = analysis_norm(res, i);
    if (t->norm_len == 0)
        return 0; /* too long: no term */
    if (is_kept && stemmer_folds(st, norm, t->norm_len,
                                 res->strings_of[i].norm_hash))
        t->flags |= DOSSIER_TOKEN_SPELLING_KEPT;
    else
        is_kept = 0;
    if (first_bytes) {
        int b = stemmer_first_byte(st, norm, t->norm_len, is_kept);
        if (b >= 0 && !first_bytes[b]) {
            t->term_len = 0;
            return 0;
        }
    }
    if (t->flags & (DOSSIER_TOKEN_NUMBER | DOSSIER_TOKEN_CJK))
        return 0; /* the term is the norm, already in place */
    const char *term;
    size_t term_len;
    if (stemmer_term(st, norm, t->norm_len, res->strings_of[i].norm_hash,
                     is_kept, &term, &term_len) != 0)
        return -1;
    if (term_len == t->norm_len && memcmp(term, norm, term_len) == 0) {
        res->strings_of[i].term_off = res->strings_of[i].norm_off;
        t->term_len = t->norm_len;
        return 0;
    }
    uint32_t off;
    if (analysis_add_string(res, term, term_len, &off) != 0)
        return -1;
    res->strings_of[i].term_off = off;
    t->term_len = (uint32_t)term_len;
    return 0;
}

/* Stems each token's norm into its term, in the text's language or,
 * for a word in another script, its script's (script.h); proper nouns
 * keep their spelling (is_proper_noun).  Flags stop words. */
static int add_terms(struct text_stemmers *ts,
                     const unsigned char *first_bytes, int is_query,
                     dossier_analysis *res)
{
    uint32_t sentence = 0, sentence_start = 0;
    for (size_t i = 0; i < res->n_tokens; i++) {
        dossier_token *t = &res->tokens[i];
        int has_stopwords;
        stemmer *st = token_stemmer(ts, res, i, &has_stopwords);
        if (st == NULL)
            return -1;
        /* Only some languages have stop words, none longer than 5
         * bytes. */
        if (has_stopwords && t->norm_len <= 5 &&
            stopword_en(analysis_norm(res, i), t->norm_len))
            t->flags |= DOSSIER_TOKEN_STOPWORD;
        /* Tokens come in text order, a joined compound after its parts
         * at its first part's position: the first token of a sentence
         * has its first position. */
        if (i == 0 || t->sentence != sentence) {
            sentence = t->sentence;
            sentence_start = t->position;
        }
        if (add_term(st, first_bytes,
                     is_proper_noun(t, is_query, sentence_start), res,
                     i) != 0)
            return -1;
    }
    return 0;
}

/* The words of a gazetteer name found in a document keep their spelling,
 * even first in a sentence ("Tyre was shelled", when Tyre is a place of
 * the gazetteer): their terms are made again.  Every name found counts,
 * an ambiguous one too: whatever it names, it is a name. */
static int keep_names(struct text_stemmers *ts,
                      const unsigned char *first_bytes,
                      dossier_analysis *res)
{
    for (size_t m = 0; m < res->n_found; m++) {
        const dossier_mention *mention = &res->found[m];
        for (size_t i = mention->first_token;
             i <= mention->last_token && i < res->n_tokens; i++) {
            const dossier_token *t = &res->tokens[i];
            int has_stopwords;
            stemmer *st = token_stemmer(ts, res, i, &has_stopwords);
            if (st == NULL)
                return -1;
            if ((t->flags & DOSSIER_TOKEN_SPELLING_KEPT) ||
                !stemmer_folds(st, analysis_norm(res, i), t->norm_len,
                               res->strings_of[i].norm_hash))
                continue;
            if (add_term(st, first_bytes, 1, res, i) != 0)
                return -1;
        }
    }
    return 0;
}

/* AN's memo of gazetteer lookups, made at the first need; NULL when
 * memory ran out, and matching goes on without. */
static entity_memo *memo_of(dossier_analyzer *an)
{
    if (an->memo == NULL)
        an->memo = entity_memo_new();
    return an->memo;
}

static dossier_status analyze(dossier_analyzer *an, const char *text,
                              size_t len, const char *lang,
                              const unsigned char *first_bytes, int is_query,
                              dossier_analysis *res)
{
    if (an == NULL || res == NULL || (text == NULL && len > 0))
        return DOSSIER_ERR_INVALID;
    analysis_reset(res);
    if (len >= UINT32_MAX)
        return DOSSIER_ERR_INVALID;
    int is_unknown = 0;
    struct text_stemmers ts;
    text_stemmers_init(&ts, an, text ? text : "", lang);
    stemmer *st = stemmer_for(an, lang, &is_unknown);
    if (st == NULL ||
        tokenize(text ? text : "", len, tokenize_flags(lang), res) != 0 ||
        add_terms(&ts, first_bytes, is_query, res) != 0 ||
        (an->gaz && (match_keys(&an->stemmers, text, res) != 0 ||
                     match_entities(an->gaz, memo_of(an), text, len,
                                    res) != 0)) ||
        (!is_query && keep_names(&ts, first_bytes, res) != 0)) {
        analysis_reset(res);
        return DOSSIER_ERR_NOMEM;
    }
    analysis_finish(res);
    if (an->gaz && resolve_mentions(an->gaz, &res, 1, 0) != 0) {
        analysis_reset(res);
        return DOSSIER_ERR_NOMEM;
    }
    /* Chinese, Japanese and Korean are split into bigrams, never
     * stemmed: no stemmer is missing. */
    return is_unknown && language_script(lang) != SCRIPT_CJK
               ? DOSSIER_ERR_LANGUAGE
               : DOSSIER_OK;
}

dossier_status dossier_analyze(dossier_analyzer *an, const char *text,
                               size_t len, const char *lang,
                               dossier_analysis *res)
{
    return analyze(an, text, len, lang, NULL, 0, res);
}

dossier_status dossier_analyze_query(dossier_analyzer *an, const char *text,
                                     size_t len, const char *lang,
                                     dossier_analysis *res)
{
    return analyze(an, text, len, lang, NULL, 1, res);
}

dossier_status dossier_analyze_for_terms(dossier_analyzer *an,
                                         const char *text, size_t len,
                                         const char *lang,
                                         const unsigned char first_bytes[256],
                                         dossier_analysis *res)
{
    if (first_bytes == NULL)
        return DOSSIER_ERR_INVALID;
    return analyze(an, text, len, lang, first_bytes, 0, res);
}

dossier_status dossier_analyzer_resolve_article(dossier_analyzer *an,
                                                dossier_analysis *const *parts,
                                                size_t n_parts, int year)
{
    if (an == NULL || (parts == NULL && n_parts > 0))
        return DOSSIER_ERR_INVALID;
    if (an->gaz == NULL)
        return DOSSIER_OK;
    return resolve_mentions(an->gaz, parts, n_parts, year) == 0
               ? DOSSIER_OK
               : DOSSIER_ERR_NOMEM;
}

size_t dossier_analyzer_term(dossier_analyzer *an, const char *word,
                             size_t len, const char *lang, char *out,
                             size_t out_size)
{
    if (out_size == 0)
        return 0;
    out[0] = '\0';
    if (an == NULL || word == NULL)
        return 0;
    if (an->scratch == NULL && dossier_analysis_new(&an->scratch) != DOSSIER_OK)
        return 0;
    /* No entities: only the term is wanted. */
    const dossier_gazetteer *gaz = an->gaz;
    an->gaz = NULL;
    dossier_status st = dossier_analyze(an, word, len, lang, an->scratch);
    an->gaz = gaz;
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return 0;
    for (size_t i = 0; i < an->scratch->n_tokens; i++) {
        const dossier_token *t = &an->scratch->tokens[i];
        if (t->term_len == 0)
            continue;
        if (t->term_len + 1 > out_size)
            return 0;
        memcpy(out, t->term, t->term_len + 1);
        return t->term_len;
    }
    return 0;
}

/* Appends the NUL-terminated TERM (LEN bytes) to the list of N terms in
 * OUT (*USED of OUT_SIZE bytes), unless it is there already.  Returns 0,
 * or -1 when it does not fit. */
static int append_term(char *out, size_t out_size, size_t *used, size_t *n,
                       const char *term, size_t len)
{
    for (size_t k = 0, at = 0; k < *n; k++) {
        size_t l = strlen(out + at);
        if (l == len && memcmp(out + at, term, len) == 0)
            return 0;
        at += l + 1;
    }
    if (len + 1 > out_size - *used)
        return -1;
    memcpy(out + *used, term, len);
    out[*used + len] = '\0';
    *used += len + 1;
    (*n)++;
    return 0;
}

size_t dossier_analyzer_query_terms(dossier_analyzer *an,
                                    const dossier_token *t, const char *lang,
                                    char *out, size_t out_size)
{
    size_t n = 0, used = 0;
    if (an == NULL || t == NULL || out == NULL || t->term_len == 0 ||
        append_term(out, out_size, &used, &n, t->term, t->term_len) != 0)
        return 0;
    if ((t->flags & DOSSIER_TOKEN_CAPITALIZED) &&
        !(t->flags & DOSSIER_TOKEN_ALL_CAPS))
        return n; /* a proper noun: its spelling only */
    int is_unknown = 0;
    stemmer *st = stemmer_for(an, lang, &is_unknown);
    if (st == NULL)
        return n;
    /* The word's American form, and every British form of it: a proper
     * noun written with one of them kept its term in the index. */
    const char *american = spelling_to_american(t->norm, t->norm_len);
    const char *word = american ? american : t->norm;
    size_t word_len = american ? strlen(american) : t->norm_len;
    const char *british[8];
    size_t n_british = spelling_to_british(word, word_len, british, 8);
    for (size_t k = 0; k < n_british; k++) {
        size_t len = strlen(british[k]);
        const char *term;
        size_t term_len;
        uint32_t hash = strmap_hash(british[k], len, 0);
        if (!stemmer_folds(st, british[k], len, hash) ||
            stemmer_term(st, british[k], len, hash, 1, &term, &term_len) != 0)
            continue;
        if (append_term(out, out_size, &used, &n, term, term_len) != 0)
            break;
    }
    return n;
}

void dossier_token_flags_describe(uint32_t flags, char *out, size_t out_size)
{
    static const char *const names[] = {
        "acronym", "dotted", "number", "capitalized", "all-caps",
        "caps-context", "compound-part", "compound", "possessive",
        "too-long", "cjk", "spelling-kept",
    };
    size_t used = 0;
    if (out_size == 0)
        return;
    out[0] = '\0';
    for (size_t b = 0; b < sizeof names / sizeof names[0]; b++) {
        if (!(flags & (1u << b)))
            continue;
        int n = snprintf(out + used, out_size - used, "%s%s",
                         used ? "," : "", names[b]);
        if (n < 0 || (size_t)n >= out_size - used)
            return;
        used += (size_t)n;
    }
}
