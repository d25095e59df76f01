/*
 * wildcard.c: wildcard.h.
 */
#include "wildcard.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The terms one prefix expanded to, kept for the rest of the search. */
struct expansion {
    char *prefix;
    size_t limit;
    char **terms;     /* most frequent first */
    uint32_t *freqs;
    size_t n;
    int is_cut;
};

struct wildcard_expander {
    xc_db *db;
    size_t scanned;   /* terms looked at, against WILDCARD_SCAN_BUDGET */
    struct expansion *done;
    size_t n_done;
};

dossier_status wildcard_expander_new(xc_db *db, wildcard_expander **out)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return DOSSIER_ERR_NOMEM;
    (*out)->db = db;
    return DOSSIER_OK;
}

static void expansion_clear(struct expansion *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->terms[i]);
    free(e->terms);
    free(e->freqs);
    free(e->prefix);
}

void wildcard_expander_free(wildcard_expander *x)
{
    if (x == NULL)
        return;
    for (size_t i = 0; i < x->n_done; i++)
        expansion_clear(&x->done[i]);
    free(x->done);
    free(x);
}

/* Offers TERM with FREQ to E's most frequent terms.  The index is read in
 * byte order, so on equal frequency the term already kept stays. */
static dossier_status keep_if_frequent(struct expansion *e, const char *term,
                                       uint32_t freq)
{
    size_t at = e->n;
    if (e->n == e->limit) {
        if (freq <= e->freqs[e->n - 1])
            return DOSSIER_OK;
        free(e->terms[--e->n]);
        at = e->n;
    }
    char *copy = strdup(term);
    if (copy == NULL)
        return DOSSIER_ERR_NOMEM;
    while (at > 0 && freq > e->freqs[at - 1]) {
        e->terms[at] = e->terms[at - 1];
        e->freqs[at] = e->freqs[at - 1];
        at--;
    }
    e->terms[at] = copy;
    e->freqs[at] = freq;
    e->n++;
    return DOSSIER_OK;
}

/* Reads the terms beginning with E->prefix into E, within X's budget. */
static dossier_status look_up(wildcard_expander *x, struct expansion *e,
                              dossier_error *err)
{
    e->terms = calloc(e->limit + 1, sizeof *e->terms);
    e->freqs = calloc(e->limit + 1, sizeof *e->freqs);
    if (e->terms == NULL || e->freqs == NULL)
        return DOSSIER_ERR_NOMEM;
    xc_terms *it = NULL;
    if (xc_db_terms(x->db, e->prefix, &it) != XC_STATUS_SUCCESS)
        return dossier_fail(err, DOSSIER_ERR_INDEX,
                            "cannot read the index's terms: %s",
                            xc_db_last_error(x->db));
    dossier_status st = DOSSIER_OK;
    for (; xc_terms_valid(it) && st == DOSSIER_OK; xc_terms_next(it)) {
        if (x->scanned == WILDCARD_SCAN_BUDGET) {
            e->is_cut = 1;
            break;
        }
        x->scanned++;
        st = keep_if_frequent(e, xc_terms_term(it), xc_terms_freq(it));
    }
    if (st == DOSSIER_OK && xc_terms_status(it) != XC_STATUS_SUCCESS)
        st = dossier_fail(err, DOSSIER_ERR_INDEX,
                          "cannot read the index's terms: %s",
                          xc_terms_last_error(it));
    xc_terms_destroy(it);
    return st;
}

/* The expansion of PREFIX to LIMIT terms or more (its first LIMIT are
 * the LIMIT most frequent): one done before, or a new one. */
static dossier_status expansion_of(wildcard_expander *x, const char *prefix,
                                   size_t limit, struct expansion **out,
                                   dossier_error *err)
{
    for (size_t i = 0; i < x->n_done; i++) {
        if (x->done[i].limit >= limit &&
            strcmp(x->done[i].prefix, prefix) == 0) {
            *out = &x->done[i];
            return DOSSIER_OK;
        }
    }
    struct expansion *done =
        realloc(x->done, (x->n_done + 1) * sizeof *done);
    if (done == NULL)
        return DOSSIER_ERR_NOMEM;
    x->done = done;
    struct expansion *e = &x->done[x->n_done];
    *e = (struct expansion){.prefix = strdup(prefix), .limit = limit};
    dossier_status st = e->prefix ? look_up(x, e, err) : DOSSIER_ERR_NOMEM;
    if (st != DOSSIER_OK) {
        expansion_clear(e);
        return st;
    }
    x->n_done++;
    *out = e;
    return DOSSIER_OK;
}

dossier_status wildcard_expand(wildcard_expander *x, const char *prefix,
                               size_t limit, xc_query **out, int *is_cut,
                               dossier_error *err)
{
    *out = NULL;
    *is_cut = 0;
    if (limit == 0)
        limit = 1;
    struct expansion *e;
    dossier_status st = expansion_of(x, prefix, limit, &e, err);
    if (st != DOSSIER_OK)
        return st;
    *is_cut = e->is_cut;
    size_t n = e->n < limit ? e->n : limit;
    if (n == 0)
        return xc_query_match_nothing(out) == XC_STATUS_SUCCESS
                   ? DOSSIER_OK
                   : DOSSIER_ERR_NOMEM;
    xc_query **terms = calloc(n, sizeof *terms);
    if (terms == NULL)
        return DOSSIER_ERR_NOMEM;
    size_t k = 0;
    while (k < n && xc_query_term(e->terms[k], 1, 0, &terms[k]) ==
                        XC_STATUS_SUCCESS)
        k++;
    if (k == n &&
        xc_query_combine(XC_QUERY_SYNONYM, (const xc_query *const *)terms, k,
                         0, out) != XC_STATUS_SUCCESS)
        *out = NULL;
    for (size_t i = 0; i < k; i++)
        xc_query_destroy(terms[i]);
    free(terms);
    return *out ? DOSSIER_OK : DOSSIER_ERR_NOMEM;
}

int wildcard_has_term(wildcard_expander *x, const char *term)
{
    uint32_t freq = 0;
    if (x == NULL || xc_db_term_freq(x->db, term, &freq) != XC_STATUS_SUCCESS)
        return -1;
    return freq > 0;
}
