/*
 * count.c: counting every match of a search exactly (up to
 * SEARCH_EXACT_COUNT), its stories and its facets, beside the ranked
 * match on the searcher's worker when it can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/schema.h"
#include "search_internal.h"

/* The clusters JOB's query matches: for each cluster key, the articles of
 * the cluster it matches, by Xapian's value counter over the articles in
 * a cluster of two or more (those with a cluster value), which a remote
 * shard runs too.  Xapian's own collapse counts do not survive the merge
 * of several remote shards' match sets (1.4: they come back 0), so an
 * archive counts its stories, and a hit the articles it stands for, from
 * these.  Returns DOSSIER_OK, DOSSIER_ERR_MODIFIED when the index changed,
 * or DOSSIER_ERR_INDEX with ERR. */
static dossier_status count_clustered(xc_db *db, const char *path,
                                      struct count_job *job,
                                      dossier_error *err)
{
    xc_query *clustered = NULL, *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_terms *it = NULL;
    uint32_t docs = 0;
    dossier_status rc = DOSSIER_ERR_INDEX;
    /* Clustered articles are few (Reuters: 3%), so this filter leads the
     * match through their postings only. */
    if (xc_query_term(DOSSIER_TERM_CLUSTERED, 1, 0, &clustered) ==
        XC_STATUS_SUCCESS) {
        const xc_query *pair[2] = {job->query, clustered};
        xc_query_combine(XC_QUERY_FILTER, pair, 2, 0, &q);
    }
    if (q == NULL || xc_db_doc_count(db, &docs) != XC_STATUS_SUCCESS ||
        xc_enquire_new(db, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_query(enq, q, 1) != XC_STATUS_SUCCESS ||
        xc_enquire_set_bool_weight(enq) != XC_STATUS_SUCCESS ||
        xc_enquire_add_value_count(enq, DOSSIER_SLOT_CLUSTER) !=
            XC_STATUS_SUCCESS) {
        dossier_fail(err, rc, "cannot count: %s",
                     enq ? xc_enquire_last_error(enq) : "out of memory");
        goto done;
    }
    /* Every clustered match looked at: the counts are exact. */
    xc_status st = xc_enquire_get_mset(enq, 0, 0, docs, NULL, &m);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_value_counts(enq, DOSSIER_SLOT_CLUSTER, 0, &it);
    if (st != XC_STATUS_SUCCESS) {
        rc = search_read_failed(path, st, xc_enquire_last_error(enq), err,
                                "cannot count");
        goto done;
    }
    rc = DOSSIER_OK;
    for (; xc_terms_valid(it) && rc == DOSSIER_OK; xc_terms_next(it)) {
        const char *key = xc_terms_term(it);
        uint32_t n = xc_terms_freq(it);
        job->clustered_articles += n;
        if (strlen(key) != DOSSIER_CLUSTER_KEY_LEN)
            continue;
        struct cluster_count *grown =
            realloc(job->clusters, (job->n_clusters + 1) * sizeof *grown);
        if (grown == NULL) {
            rc = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
            break;
        }
        job->clusters = grown;
        struct cluster_count *c = &job->clusters[job->n_clusters++];
        memcpy(c->key, key, DOSSIER_CLUSTER_KEY_LEN + 1);
        c->articles = n;
    }
done:
    xc_terms_destroy(it);
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    xc_query_destroy(clustered);
    return rc;
}

void count_side_forget(struct count_side *side)
{
    dossier_facet_image_free(side->image);
    side->image = NULL;
    side->no_image = 0;
}

/* The facet image of SIDE's commit of the index at PATH, or NULL. */
static dossier_facet_image *image_of(struct count_side *side,
                                     const char *path)
{
    if (side->image == NULL && !side->no_image &&
        dossier_facet_image_open(path, side->db, &side->image) != 0)
        side->no_image = 1;
    return side->image;
}

/* Counts what JOB's query matches, exactly up to SEARCH_EXACT_COUNT
 * matches (and OFFSET + LIMIT), with the facets over every match up to
 * SEARCH_FACET_COUNT when WANT_FACETS.  A search of its own, without
 * weights or order: the ranked search stops looking once its page is
 * sure, and collapsing there Xapian counts articles exactly only with
 * every story in the match set, which cost 1.5 to 2 times the search.
 * The stories are the articles outside clusters plus the clusters of
 * those in one.  With a facet image, facets and stories are tallied from
 * it as the count looks at each match; without, the facets are counted
 * from the values and the stories by a search (count_clustered).  Touches
 * nothing but JOB and its side, so that it can run on the worker. */
static void count_matches(void *arg)
{
    struct count_job *job = arg;
    const search_options *opts = job->opts;
    struct count_side *side = job->side;
    job->has_no_handle =
        side->db == NULL &&
        (job->archive != NULL
             ? archive_open_beside(job->archive, &side->db) != DOSSIER_OK
             : xc_db_open_readonly(job->path, &side->db) !=
                   XC_STATUS_SUCCESS);
    if (job->has_no_handle)
        return;
    uint32_t exact = (uint32_t)(opts->offset + job->limit);
    if (exact < SEARCH_EXACT_COUNT + 1)
        exact = SEARCH_EXACT_COUNT + 1; /* past it, "more than 10,000" */
    uint32_t check = exact;
    if (opts->want_facets && check < SEARCH_FACET_COUNT)
        check = SEARCH_FACET_COUNT;
    dossier_facet_image *image =
        opts->collapse || opts->want_facets ? image_of(side, job->path) : NULL;
    xc_mset *m = NULL;
    dossier_error *err = &job->err;
    job->status = DOSSIER_ERR_INDEX;
    if (xc_enquire_new(side->db, &job->enq) == XC_STATUS_SUCCESS &&
        image != NULL &&
        xc_enquire_add_docid_spy(job->enq, dossier_facet_image_see, image) !=
            XC_STATUS_SUCCESS) {
        dossier_facet_image_free(side->image); /* not for shards */
        side->image = image = NULL;
        side->no_image = 1;
    }
    if (job->enq == NULL ||
        xc_enquire_set_query(job->enq, job->query, 1) != XC_STATUS_SUCCESS ||
        xc_enquire_set_bool_weight(job->enq) != XC_STATUS_SUCCESS ||
        (opts->want_facets && image == NULL &&
         xc_enquire_add_value_fields_count(job->enq, DOSSIER_SLOT_FACETS,
                                           DOSSIER_FACET_FIELDS) !=
             XC_STATUS_SUCCESS)) {
        dossier_fail(err, job->status, "cannot count: %s",
                     job->enq ? xc_enquire_last_error(job->enq)
                              : "out of memory");
        goto done;
    }
    search_clock_arm(job->clock, job->enq);
    if (image != NULL)
        dossier_facet_image_begin(image);
    xc_status st = xc_enquire_get_mset(job->enq, 0, 0, check, NULL, &m);
    if (st != XC_STATUS_SUCCESS) {
        job->status = search_read_failed(job->path, st,
                                         xc_enquire_last_error(job->enq),
                                         err, "cannot count");
        goto done;
    }
    /* A lower bound counts matches seen: true whether or not the count saw
     * them all.  A count its deadline stopped has not, whatever Xapian's
     * bounds say. */
    job->is_cut_short =
        job->clock->is_costly && search_clock_left(job->clock) <= 0;
    job->total = xc_mset_matches_lower_bound(m);
    job->is_total_exact =
        !job->is_cut_short && job->total == xc_mset_matches_upper_bound(m);
    job->stories = job->total;
    job->is_stories_exact = job->is_total_exact;
    if (opts->collapse) {
        uint32_t stories = 0, articles = 0;
        int is_exact = 1;
        uint32_t docs;
        if (image != NULL) {
            dossier_facet_image_tally(image, &docs, &articles, &stories);
        } else {
            job->status = count_clustered(side->db, job->path, job, err);
            if (job->status != DOSSIER_OK)
                goto done;
            articles = job->clustered_articles;
            stories = (uint32_t)job->n_clusters;
        }
        /* Over the matches seen: a true lower bound when not all were. */
        job->stories = job->total >= articles
                           ? job->total - articles + stories
                           : stories;
        job->is_stories_exact = job->is_total_exact && is_exact;
    }
    job->image = image;
    /* Beside the ranked search, the words "did you mean" looks at cost
     * no time of the search's own (over remote shards, a round trip). */
    if (job->suggest != NULL)
        suggest_lookup(side->db, job->suggest);
    job->status = DOSSIER_OK;
done:
    xc_mset_destroy(m);
}

void count_start(searcher *s, struct count_job *job,
                        const xc_query *ranked)
{
    job->is_beside = 0;
    if (!s->can_count_beside || job->query == ranked)
        return;
    if (s->worker == NULL && worker_new(&s->worker) != DOSSIER_OK) {
        s->can_count_beside = 0;
        return;
    }
    job->side = &s->beside;
    job->is_beside =
        worker_run(s->worker, count_matches, job) == DOSSIER_OK;
    if (!job->is_beside)
        job->side = &s->own;
}

dossier_status count_finish(searcher *s, struct count_job *job,
                            search_result *out, dossier_error *err)
{
    if (job->is_beside) {
        worker_wait(s->worker);
        job->is_beside = 0;
        uint64_t ours = 0, theirs = 1;
        if (!job->has_no_handle && job->status == DOSSIER_OK &&
            (job->archive != NULL
                 ? !archive_same_commit(s->db, s->beside.db)
                 : xc_db_revision(s->db, &ours) != XC_STATUS_SUCCESS ||
                       xc_db_revision(s->beside.db, &theirs) !=
                           XC_STATUS_SUCCESS ||
                       ours != theirs))
            job->status = DOSSIER_ERR_MODIFIED; /* another commit's count */
    }
    if (job->side != &s->beside || job->has_no_handle) {
        xc_enquire_destroy(job->enq);
        job->enq = NULL;
        job->image = NULL;
        job->side = &s->own;
        count_matches(job);
    }
    if (job->status != DOSSIER_OK) {
        if (err != NULL)
            *err = job->err;
        return job->status;
    }
    out->total = job->total;
    out->is_total_exact = job->is_total_exact;
    out->stories = job->stories;
    out->is_stories_exact = job->is_stories_exact;
    if (job->opts->want_facets &&
        (job->image ? facets_read_image(s, job->image, out)
                    : facets_read_counted(s, job->enq, out)) != DOSSIER_OK)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    return DOSSIER_OK;
}

void count_clear(searcher *s, struct count_job *job)
{
    if (job->is_beside)
        worker_wait(s->worker);
    job->is_beside = 0;
    xc_enquire_destroy(job->enq);
    job->enq = NULL;
    free(job->clusters);
    job->clusters = NULL;
    job->n_clusters = 0;
}

uint32_t count_cluster_articles(const struct count_job *job, const char *key)
{
    for (size_t i = 0; i < job->n_clusters; i++)
        if (strcmp(job->clusters[i].key, key) == 0)
            return job->clusters[i].articles;
    return 0;
}
