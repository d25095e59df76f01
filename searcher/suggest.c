/*
 * suggest.c: "did you mean", from the spelling dictionary dossier-index
 * fills.
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

/* "Did you mean": each plain word whose term is not in the index, or
 * every plain word when nothing matched, is looked up in the spelling
 * dictionary that dossier-index fills; the query is rewritten with the
 * suggestions. */
void suggest_query(searcher *s, const char *query, size_t len,
                   search_result *out)
{
    const query_node *words[64];
    size_t n = 0;
    plain_words(out->parsed.root, words, &n, 64);
    if (n == 0)
        return;
    char buf[QUERY_MAX_BYTES * 2 + 64];
    size_t used = 0, from = 0;
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        const query_node *w = words[i];
        size_t wlen = strlen(w->text);
        if (w->position < from || w->position + wlen > len)
            continue;
        if (dossier_analyze(s->an, w->text, wlen, "en", s->scratch) !=
                DOSSIER_OK ||
            dossier_analysis_token_count(s->scratch) != 1)
            continue;
        const dossier_token *t = dossier_analysis_tokens(s->scratch);
        uint32_t freq = 0;
        xc_db_term_freq(s->db, t->term, &freq);
        if (freq > 0 && out->n_hits > 0)
            continue;
        char *better = NULL;
        if (xc_db_spelling_suggestion(s->db, t->norm, 2, &better) !=
                XC_STATUS_SUCCESS ||
            better[0] == '\0' || strcmp(better, t->norm) == 0) {
            xc_free(better);
            continue;
        }
        size_t gap = w->position - from, blen = strlen(better);
        if (used + gap + blen + 1 < sizeof buf) {
            memcpy(buf + used, query + from, gap);
            memcpy(buf + used + gap, better, blen);
            used += gap + blen;
            from = w->position + wlen;
            changed = 1;
        }
        xc_free(better);
    }
    if (!changed || used + (len - from) + 1 >= sizeof buf)
        return;
    memcpy(buf + used, query + from, len - from);
    used += len - from;
    buf[used] = '\0';
    out->suggestion = strdup(buf);
}
