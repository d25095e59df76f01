/*
 * feedback.c: blind relevance feedback.  A long query's best matches
 * lend it the terms that set them apart, to re-rank what it matches.
 */
#include <string.h>

#include "search_internal.h"

/* Pseudo-relevance feedback (Rocchio's blind feedback, as Xapian's ESet
 * computes it): for a query of FEEDBACK_MIN_WORDS words or more, the
 * FEEDBACK_TERMS terms that best set the best FEEDBACK_DOCS matches apart
 * are added, at most FEEDBACK_WEIGHT of a query word each and only to
 * re-rank what the query matches, never to match more.  A long query
 * describes a need in its own words, the articles that meet it often use
 * others ("inductance of printed coils" vs "spiral inductors"); one or two
 * words say too little to pick the right articles to learn from.  Chosen
 * by `make eval` with BM25's parameters for every collection at once;
 * chosen leaving one collection out, it wins out of sample (bench/EVAL.md:
 * without it, the mean MAP falls by 0.012). */
#define FEEDBACK_DOCS 5
#define FEEDBACK_TERMS 20
#define FEEDBACK_WEIGHT 0.5
#define FEEDBACK_MIN_WORDS 3

xc_query *feedback_expand(searcher *s, const xc_query *query,
                          const built_query *built,
                          const search_options *opts, search_clock *clock)
{
    double weight = opts->feedback_weight != 0 ? opts->feedback_weight
                                               : FEEDBACK_WEIGHT;
    if (weight < 0 || built->n_words < FEEDBACK_MIN_WORDS ||
        opts->sort != SORT_RELEVANCE)
        return NULL;
    if (search_clock_left(clock) <= 0) {
        clock->cut |= SEARCH_CUT_FEEDBACK;
        return NULL;
    }
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_rset *rset = NULL;
    xc_eset *eset = NULL;
    xc_query *terms[FEEDBACK_TERMS];
    size_t n_terms = 0;
    xc_query *expanded = NULL;
    if (xc_enquire_new(s->db, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_query(enq, query, (uint32_t)built->n_words) !=
            XC_STATUS_SUCCESS ||
        search_set_ranking(enq, opts) != XC_STATUS_SUCCESS)
        goto done;
    search_clock_arm(clock, enq);
    if (xc_enquire_get_mset(enq, 0, FEEDBACK_DOCS, FEEDBACK_DOCS, NULL, &m) !=
            XC_STATUS_SUCCESS ||
        xc_mset_size(m) < FEEDBACK_DOCS)
        goto done;
    /* Cut short, the best matches found in time may not be the best:
     * better no feedback than feedback from the wrong articles. */
    if (search_clock_left(clock) <= 0) {
        clock->cut |= SEARCH_CUT_FEEDBACK;
        goto done;
    }
    if (xc_rset_new(&rset) != XC_STATUS_SUCCESS)
        goto done;
    for (uint32_t i = 0; i < xc_mset_size(m); i++)
        if (xc_rset_add(rset, xc_mset_docid(m, i)) != XC_STATUS_SUCCESS)
            goto done;
    /* Room for the query's own terms, which come back and are skipped. */
    if (xc_enquire_get_eset(enq, FEEDBACK_TERMS + (uint32_t)built->n_terms,
                            rset, 1, &eset) != XC_STATUS_SUCCESS)
        goto done;
    double best = 0;
    for (uint32_t i = 0; i < xc_eset_size(eset) && n_terms < FEEDBACK_TERMS;
         i++) {
        const char *term = xc_eset_term(eset, i);
        int is_known = 0;
        for (size_t j = 0; j < built->n_terms && !is_known; j++)
            is_known = strcmp(built->terms[j], term) == 0;
        double w = xc_eset_weight(eset, i);
        if (is_known || w <= 0)
            continue;
        if (best == 0)
            best = w;
        /* The best term counts WEIGHT of a query word, the others less,
         * as the ESet ranks them. */
        xc_query *t = NULL, *scaled = NULL;
        if (xc_query_term(term, 1, 0, &t) == XC_STATUS_SUCCESS &&
            xc_query_scale_weight(t, weight * w / best, &scaled) ==
                XC_STATUS_SUCCESS)
            terms[n_terms++] = scaled;
        xc_query_destroy(t);
    }
    xc_query *any = NULL;
    if (n_terms > 0 &&
        xc_query_combine(XC_QUERY_OR, (const xc_query *const *)terms, n_terms,
                         0, &any) == XC_STATUS_SUCCESS) {
        /* AND_MAYBE: the feedback re-ranks the query's matches only. */
        const xc_query *pair[2] = {query, any};
        if (xc_query_combine(XC_QUERY_AND_MAYBE, pair, 2, 0, &expanded) !=
            XC_STATUS_SUCCESS)
            expanded = NULL;
        xc_query_destroy(any);
    }
done:
    for (size_t i = 0; i < n_terms; i++)
        xc_query_destroy(terms[i]);
    xc_eset_destroy(eset);
    xc_rset_destroy(rset);
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    return expanded;
}
