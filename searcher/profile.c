/*
 * profile.c: what the archive has run on one entity, and when: its names,
 * its first and last dated mention, its articles counted exactly per year
 * and per month, its sources, and the entities mentioned with it, within
 * the filters of a search.
 *
 * Three reads of one kind: the exact count of searcher_export, then two
 * searches for the entity ordered oldest and newest first, one hit each,
 * the first counting the facets over every match (the facet image makes
 * that a tally of the index's numbers, not of documents).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"

void entity_profile_free(entity_profile *p)
{
    search_result_free(&p->result);
    search_hit_clear(&p->first);
    search_hit_clear(&p->last);
    memset(p, 0, sizeof *p);
}

/* Takes the first hit of R, when it is dated, into HIT. */
static int take_dated(search_result *r, search_hit *hit)
{
    if (r->n_hits == 0 || !r->hits[0].record.has_published)
        return 0;
    *hit = r->hits[0];
    memset(&r->hits[0], 0, sizeof r->hits[0]);
    return 1;
}

dossier_status searcher_profile(searcher *s, const char *name,
                                const char *query, size_t len,
                                const search_options *opts,
                                entity_profile *out, dossier_error *err)
{
    memset(out, 0, sizeof *out);
    out->entity = dossier_gazetteer_lookup(s->gaz, name);
    if (out->entity == NULL) {
        const dossier_entity *near = dossier_gazetteer_nearest(s->gaz, name,
                                                               NULL);
        if (near)
            return dossier_fail(err, DOSSIER_NOT_FOUND,
                                "no entity named \"%.80s\"; did you mean %s "
                                "(%s)?", name, near->name, near->id);
        return dossier_fail(err, DOSSIER_NOT_FOUND,
                            "no entity named \"%.80s\"", name);
    }
    /* The entity, the page's filters, then the query's words. */
    char filters[4400];
    snprintf(filters, sizeof filters, "entity:%s %s", out->entity->id,
             opts->filter_query ? opts->filter_query : "");
    search_options o = *opts;
    o.filter_query = filters;
    o.offset = 0;
    o.limit = 1;
    o.collapse = 0; /* articles, not stories */
    o.skip_snippets = 1;
    o.sort = SORT_DATE_ASC;
    o.want_facets = 1;
    /* Every match counted, however many. */
    search_result counted;
    uint32_t rows = 0;
    dossier_status rc = searcher_export(s, query, len, &o, 0, NULL, NULL,
                                        &counted, &rows, &out->total, err);
    search_result_free(&counted);
    if (rc != DOSSIER_OK)
        return rc;
    rc = searcher_run(s, query, len, &o, &out->result, err);
    if (rc != DOSSIER_OK)
        return rc;
    out->has_first = take_dated(&out->result, &out->first);
    o.sort = SORT_DATE;
    o.want_facets = 0;
    search_result newest;
    rc = searcher_run(s, query, len, &o, &newest, err);
    if (rc == DOSSIER_OK)
        out->has_last = take_dated(&newest, &out->last);
    search_result_free(&newest);
    /* The counts per month are over every match when the facets counted
     * them all. */
    out->is_exact = out->result.facet_docs >= out->total &&
                    !out->result.deadline_warning[0] &&
                    !out->result.shard_warning[0];
    return rc;
}
