/*
 * suggest.c: "did you mean", from the spelling dictionary dossier-index
 * fills.
 *
 * A suggestion replaces only what the index does not know: a word whose
 * term occurs in the index is right as typed, however few articles hold
 * all the query's words, and a stop word is never a misspelling.  It is
 * offered only when it finds more articles than the query did:
 * "ENVOY OF GRAIN AND ZZYZX TO ANKARA" is not made "enjoy off train AND
 * ZZYZX two ANKARA" because the strict query matched nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"

/* Collects the plain words of the tree (not under NOT, not wildcards). */
static void plain_words(const query_node *n, const query_node **out,
                        size_t *count, size_t max)
{
    if (n == NULL || n->type == QN_NOT)
        return;
    if (n->type == QN_WORD && !n->is_wildcard) {
        if (*count < max)
            out[(*count)++] = n;
        return;
    }
    for (size_t i = 0; i < n->n_children; i++)
        plain_words(n->children[i], out, count, max);
}

/* Writes BETTER (a dictionary word, lower case) into OUT in the case
 * WORD was typed in: all capitals, Capitalized, or as it is. */
static void keep_case(const char *word, size_t wlen, char *better)
{
    int has_lower = 0, has_upper = 0;
    for (size_t i = 0; i < wlen; i++) {
        has_lower |= word[i] >= 'a' && word[i] <= 'z';
        has_upper |= word[i] >= 'A' && word[i] <= 'Z';
    }
    int all_caps = has_upper && !has_lower && wlen > 1;
    for (char *c = better; *c; c++) {
        if (*c < 'a' || *c > 'z')
            continue;
        if (all_caps || (c == better && word[0] >= 'A' && word[0] <= 'Z'))
            *c = (char)(*c - 'a' + 'A');
    }
}

void suggest_prepare(searcher *s, const search_result *out,
                     const search_options *opts, suggest_words *w)
{
    memset(w, 0, sizeof *w);
    plain_words(out->parsed.root, w->words, &w->n, SUGGEST_MAX_WORDS);
    const char *lang = opts->lang ? opts->lang : "en";
    for (size_t i = 0; i < w->n; i++) {
        const query_node *word = w->words[i];
        dossier_status st = dossier_analyze(
            s->an, word->text, strlen(word->text), lang, s->scratch);
        const dossier_token *t = dossier_analysis_tokens(s->scratch);
        if ((st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE) ||
            dossier_analysis_token_count(s->scratch) != 1 ||
            (t->flags & DOSSIER_TOKEN_STOPWORD))
            continue;
        w->terms[i] = strdup(t->term);
        w->norms[i] = strdup(t->norm);
        if (w->terms[i] == NULL || w->norms[i] == NULL) {
            free(w->terms[i]);
            free(w->norms[i]);
            w->terms[i] = w->norms[i] = NULL;
        }
    }
}

void suggest_lookup(xc_db *db, suggest_words *w)
{
    const char *asked[SUGGEST_MAX_WORDS];
    uint32_t found[SUGGEST_MAX_WORDS];
    size_t n_asked = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->terms[i] != NULL)
            asked[n_asked++] = w->terms[i];
    /* Over remote shards, one request for all rather than one a word and
     * a shard. */
    w->is_looked_up =
        n_asked == 0 ||
        xc_db_term_freqs(db, asked, n_asked, found) == XC_STATUS_SUCCESS;
    for (size_t i = 0, k = 0; i < w->n && w->is_looked_up; i++)
        w->freqs[i] = w->terms[i] != NULL ? found[k++] : 0;
}

void suggest_words_clear(suggest_words *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->terms[i]);
        free(w->norms[i]);
    }
    memset(w, 0, sizeof *w);
}

void suggest_query(searcher *s, const char *query, size_t len,
                   const search_options *opts, search_result *out,
                   suggest_words *w, uint32_t *suggested_total)
{
    *suggested_total = 0;
    if (!w->is_looked_up)
        suggest_lookup(s->db, w);
    /* A failed lookup suggests nothing: every word counts as known. */
    if (!w->is_looked_up)
        return;
    char buf[QUERY_MAX_BYTES * 2 + 64];
    size_t used = 0, from = 0;
    int changed = 0;
    for (size_t i = 0; i < w->n; i++) {
        const query_node *word = w->words[i];
        size_t wlen = strlen(word->text);
        if (w->norms[i] == NULL || w->freqs[i] > 0 || word->position < from ||
            word->position + wlen > len)
            continue;
        char *better = NULL;
        if (xc_db_spelling_suggestion(s->db, w->norms[i], 2, &better) !=
                XC_STATUS_SUCCESS ||
            better[0] == '\0' || strcmp(better, w->norms[i]) == 0) {
            xc_free(better);
            continue;
        }
        keep_case(word->text, wlen, better);
        size_t gap = word->position - from, blen = strlen(better);
        if (used + gap + blen + 1 < sizeof buf) {
            memcpy(buf + used, query + from, gap);
            memcpy(buf + used + gap, better, blen);
            used += gap + blen;
            from = word->position + wlen;
            changed = 1;
        }
        xc_free(better);
    }
    if (!changed || used + (len - from) + 1 >= sizeof buf)
        return;
    memcpy(buf + used, query + from, len - from);
    used += len - from;
    buf[used] = '\0';
    /* Only a suggestion that finds more than the query is one: counting
     * past the query's total answers that. */
    uint32_t total =
        search_count_at_least(s, buf, used, opts, out->total + 1);
    if (total <= out->total)
        return;
    *suggested_total = total;
    out->suggestion = strdup(buf);
}
