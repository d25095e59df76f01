/*
 * analysis.c: the result buffer of the analyzer.
 */
#include "analysis.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int grow_array(void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem)
            return -1;
        n *= 2;
    }
    void *p = realloc(*array, n * elem);
    if (p == NULL)
        return -1;
    *array = p;
    *cap = n;
    return 0;
}

dossier_status dossier_analysis_new(dossier_analysis **out)
{
    if (out == NULL)
        return DOSSIER_ERR_INVALID;
    *out = calloc(1, sizeof **out);
    return *out ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
}

void dossier_analysis_free(dossier_analysis *res)
{
    if (res == NULL)
        return;
    free(res->tokens);
    free(res->strings_of);
    free(res->found);
    free(res->found_alias);
    free(res->mentions);
    free(res->sentences);
    free(res->strings);
    free(res);
}

void analysis_reset(dossier_analysis *res)
{
    res->n_tokens = 0;
    res->n_found = 0;
    res->n_mentions = 0;
    res->n_sentences = 0;
    /* Offset 0 holds "" so that a token without a norm points at it. */
    res->strings_len = 0;
    uint32_t off;
    analysis_add_string(res, "", 0, &off);
}

int analysis_add_string(dossier_analysis *res, const char *s, size_t len,
                        uint32_t *off)
{
    if (res->strings_len + len + 1 > UINT32_MAX)
        return -1;
    if (grow_array((void **)&res->strings, &res->strings_cap,
                   res->strings_len + len + 1, 1) != 0)
        return -1;
    memcpy(res->strings + res->strings_len, s, len);
    res->strings[res->strings_len + len] = '\0';
    *off = (uint32_t)res->strings_len;
    res->strings_len += len + 1;
    return 0;
}

int analysis_add_token(dossier_analysis *res, const dossier_token *tok,
                       size_t *index)
{
    if (grow_array((void **)&res->tokens, &res->cap_tokens,
                   res->n_tokens + 1, sizeof *res->tokens) != 0 ||
        grow_array((void **)&res->strings_of, &res->cap_strings_of,
                   res->n_tokens + 1, sizeof *res->strings_of) != 0)
        return -1;
    res->tokens[res->n_tokens] = *tok;
    res->tokens[res->n_tokens].norm_len = 0;
    res->tokens[res->n_tokens].term_len = 0;
    res->strings_of[res->n_tokens] = (token_strings){0};
    *index = res->n_tokens++;
    return 0;
}

int analysis_add_found(dossier_analysis *res, const dossier_mention *m,
                       uint32_t alias)
{
    if (grow_array((void **)&res->found, &res->cap_found, res->n_found + 1,
                   sizeof *res->found) != 0 ||
        grow_array((void **)&res->found_alias, &res->cap_found_alias,
                   res->n_found + 1, sizeof *res->found_alias) != 0)
        return -1;
    res->found[res->n_found] = *m;
    res->found_alias[res->n_found++] = alias;
    return 0;
}

int analysis_add_mention(dossier_analysis *res, const dossier_mention *m)
{
    if (grow_array((void **)&res->mentions, &res->cap_mentions,
                   res->n_mentions + 1, sizeof *res->mentions) != 0)
        return -1;
    res->mentions[res->n_mentions++] = *m;
    return 0;
}

int analysis_add_sentence(dossier_analysis *res, uint32_t start, uint32_t end)
{
    if (grow_array((void **)&res->sentences, &res->cap_sentences,
                   res->n_sentences + 1, sizeof *res->sentences) != 0)
        return -1;
    res->sentences[res->n_sentences].start = start;
    res->sentences[res->n_sentences].end = end;
    res->n_sentences++;
    return 0;
}

void analysis_finish(dossier_analysis *res)
{
    for (size_t i = 0; i < res->n_tokens; i++) {
        res->tokens[i].norm = res->strings + res->strings_of[i].norm_off;
        res->tokens[i].term = res->strings + res->strings_of[i].term_off;
    }
}

size_t dossier_analysis_token_count(const dossier_analysis *res)
{
    return res ? res->n_tokens : 0;
}

const dossier_token *dossier_analysis_tokens(const dossier_analysis *res)
{
    return res ? res->tokens : NULL;
}

size_t dossier_analysis_mention_count(const dossier_analysis *res)
{
    return res ? res->n_mentions : 0;
}

const dossier_mention *dossier_analysis_mentions(const dossier_analysis *res)
{
    return res ? res->mentions : NULL;
}

size_t dossier_analysis_sentence_count(const dossier_analysis *res)
{
    return res ? res->n_sentences : 0;
}

const dossier_sentence *dossier_analysis_sentences(const dossier_analysis *res)
{
    return res ? res->sentences : NULL;
}

int sorted_words_contain(const char *const *words, size_t n,
                         const char *word)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(word, words[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}
