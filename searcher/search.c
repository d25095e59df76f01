/*
 * search.c: running a search through libxapian-c, from the query's text
 * to its hits with snippets, within the search's deadline.  Counting
 * (count.c), facets (facets.c), feedback (feedback.c) and suggestions
 * (suggest.c) are its parts.
 */
#include "search.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier/paths.h"
#include "dossier/record_json.h"
#include "dossier/schema.h"
#include "dossier/url.h"
#include "search_internal.h"

/* BM25 parameters (k1, b), chosen with the feedback weight and the
 * proximity boost by `make eval` (bench/loco.py): the setting with the
 * best mean MAP on the five IR collections, a choice whose out-of-sample
 * worth bench/EVAL.md gives by choosing the same way on four collections
 * and scoring on the fifth, for each of the five. */
#define BM25_K1 1.4
#define BM25_B 0.75
/* Reopen-and-retry rounds when a writer overtakes us. */
#define MAX_RETRIES 3

dossier_status search_read_failed(const char *path, xc_status st,
                                  const char *why, dossier_error *err,
                                  const char *format, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, format);
    vsnprintf(what, sizeof what, format, ap);
    va_end(ap);
    if (why == NULL || *why == '\0')
        why = xc_status_to_string(st);
    if (st == XC_STATUS_MODIFIED)
        return dossier_fail(err, DOSSIER_ERR_MODIFIED, "%s: %s", what, why);
    if (st == XC_STATUS_NETWORK)
        return dossier_fail(err, DOSSIER_ERR_NETWORK, "index %s: %s: %s",
                            path, what, why);
    /* A value past its range in a list is damage too. */
    if (st == XC_STATUS_CORRUPT || st == XC_STATUS_RANGE)
        return dossier_fail(err, DOSSIER_ERR_INDEX,
                            "the index %s is damaged (xapian-check %s tells "
                            "where; re-index, or restore a copy): %s: %s",
                            path, path, what, why);
    return dossier_fail(err, DOSSIER_ERR_INDEX, "index %s: %s: %s", path,
                        what, why);
}

xc_status search_set_ranking(xc_enquire *enq, const search_options *opts)
{
    xc_status st = xc_enquire_set_bm25(
        enq, opts->bm25_k1 > 0 ? opts->bm25_k1 : BM25_K1, 0, 1,
        opts->bm25_b > 0 ? opts->bm25_b : BM25_B, 0.5);
    /* Articles of equal weight newest first (undated last).  Xapian would
     * break the tie by docid, which an archive's shards number otherwise
     * than one index: ties across shards of different periods are then
     * in the same order as in one index, and what ties on the date too is
     * in one shard, where docids keep the order of indexing.  (A key of
     * the article's own, its signature, also breaks every tie but reading
     * it cost a third of a search's time.) */
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_set_sort(enq, XC_SORT_RELEVANCE_THEN_VALUE,
                                 DOSSIER_SLOT_PUBLISHED, 1);
    return st;
}

/* The gazetteer of the index at DB_PATH when no TSV is installed: the
 * image beside it (IMAGE, NULL for none) when it is of the version the
 * index was built with, else the text the index keeps.  DOSSIER_OK, or
 * DOSSIER_NOT_FOUND. */
static dossier_status index_own_gazetteer(const char *db_path,
                                          const char *image,
                                          dossier_gazetteer **out)
{
    xc_db *db = NULL;
    char *version = NULL;
    size_t len = 0;
    dossier_status st = DOSSIER_NOT_FOUND;
    if (xc_db_open_readonly(db_path, &db) != XC_STATUS_SUCCESS) {
        xc_db_destroy(db);
        return st;
    }
    if (image != NULL &&
        xc_db_get_metadata(db, DOSSIER_META_GAZETTEER, &version, &len) ==
            XC_STATUS_SUCCESS &&
        len > 0)
        st = dossier_gazetteer_load_image(image, version, out);
    if (st != DOSSIER_OK)
        st = dossier_gazetteer_load_stored(db, db_path, out);
    xc_free(version);
    xc_db_destroy(db);
    return st == DOSSIER_OK ? st : DOSSIER_NOT_FOUND;
}

/* The index folder at DB_PATH that keeps the gazetteer's image: DB_PATH
 * itself, or for an archive the first local shard its stub names (copied
 * into BUF, BUF_SIZE bytes); NULL when it has none.  Never a remote
 * shard: asking one would wait on the network before the search's own
 * timeouts apply. */
static const char *local_index_of(const char *db_path, char *buf,
                                  size_t buf_size)
{
    char folder_stub[4096];
    const char *stub_path =
        dossier_is_stub(db_path) ? db_path
        : dossier_archive_stub(db_path, folder_stub, sizeof folder_stub)
            ? folder_stub
            : NULL;
    if (stub_path == NULL)
        return db_path;
    dossier_stub stub;
    const char *found = NULL;
    if (dossier_stub_read(stub_path, &stub, NULL) == DOSSIER_OK) {
        for (size_t i = 0; i < stub.n_shards && found == NULL; i++) {
            int n = stub.shards[i].is_remote
                        ? -1
                        : snprintf(buf, buf_size, "%s", stub.shards[i].path);
            if (n >= 0 && (size_t)n < buf_size)
                found = buf;
        }
    }
    dossier_stub_clear(&stub);
    return found;
}

dossier_status searcher_load_gazetteer(const char *tsv_path,
                                       const char *db_path, int is_default,
                                       dossier_gazetteer **out)
{
    char folder[4096], image[4096];
    /* An index or an archive folder keeps the image; for a stub file, its
     * first local shard. */
    const char *image_dir = dossier_is_stub(db_path)
                                ? local_index_of(db_path, folder,
                                                 sizeof folder)
                                : db_path;
    /* A stub of remote shards only keeps none here: the TSV's own, when
     * dossier-index could leave it beside the TSV. */
    int has_image =
        image_dir != NULL
            ? dossier_gazetteer_image_path(image_dir, image, sizeof image) ==
                  DOSSIER_OK
            : tsv_path != NULL && dossier_tsv_image_path(tsv_path, image,
                                                         sizeof image) ==
                                      DOSSIER_OK;
    db_path = local_index_of(db_path, folder, sizeof folder);
    dossier_status rc = dossier_gazetteer_load_cached(
        tsv_path, has_image ? image : NULL, NULL, NULL, NULL, out);
    if (rc != DOSSIER_ERR_IO || errno != ENOENT || !is_default)
        return rc;
    /* Run away from the source tree, with no TSV installed: the gazetteer
     * the index was built with, as its image or its own copy. */
    if (db_path != NULL &&
        index_own_gazetteer(db_path, has_image ? image : NULL, out) ==
            DOSSIER_OK)
        return DOSSIER_OK;
    errno = ENOENT;
    return rc;
}

dossier_status searcher_open(const char *path, const dossier_gazetteer *gaz,
                             searcher **out, dossier_error *err)
{
    return searcher_open_archive(path, gaz, 0, out, err);
}

/* Opens the index at S->path: a database folder, or a stub that Xapian
 * reads itself.  Returns as searcher_open. */
xc_status search_open_local(const char *path, xc_db **out)
{
    /* A writer committing while we open can overwrite what the open is
     * reading (Xapian says modified, even corrupt): the next open reads
     * the new commit. */
    xc_status st = XC_STATUS_OTHER;
    for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
        st = xc_db_open_readonly(path, out);
        if (st != XC_STATUS_MODIFIED && st != XC_STATUS_CORRUPT)
            break;
    }
    return st;
}

static dossier_status open_index(searcher *s, dossier_error *err)
{
    xc_status st = search_open_local(s->path, &s->db);
    if (st == XC_STATUS_SUCCESS)
        return DOSSIER_OK;
    if (st == XC_STATUS_NOT_FOUND)
        return dossier_fail(err, DOSSIER_NOT_FOUND,
                            "no index at %s (make one with dossier-index)",
                            s->path);
    return dossier_fail(err, DOSSIER_ERR_INDEX, "cannot open index %s: %s",
                        s->path, xc_thread_last_error());
}

dossier_status searcher_open_archive(const char *path,
                                     const dossier_gazetteer *gaz,
                                     double shard_timeout, searcher **out,
                                     dossier_error *err)
{
    *out = NULL;
    searcher *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(path)) == NULL ||
        dossier_analyzer_new(gaz, &s->an) != DOSSIER_OK ||
        dossier_analysis_new(&s->scratch) != DOSSIER_OK ||
        dossier_analysis_new(&s->scratch_body) != DOSSIER_OK) {
        searcher_free(s);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    s->gaz = gaz;
    s->shard_timeout_ms = shard_timeout > 0
                              ? (unsigned)(shard_timeout * 1000 + 0.5)
                              : SEARCH_SHARD_TIMEOUT_MS;
    /* A stub whose shards we know how to open is opened shard by shard,
     * to go on without one that does not answer; another stub (a remote
     * program) Xapian opens whole. */
    dossier_status rc = DOSSIER_OK;
    char folder_stub[4096];
    const char *stub = dossier_is_stub(path) ? path
                       : dossier_archive_stub(path, folder_stub,
                                              sizeof folder_stub)
                           ? folder_stub
                           : NULL;
    if (stub != NULL) {
        dossier_error stub_err;
        rc = dossier_stub_read(stub, &s->stub, &stub_err);
        if (rc == DOSSIER_ERR_NOMEM || rc == DOSSIER_ERR_IO ||
            rc == DOSSIER_ERR_INVALID) {
            if (err != NULL)
                *err = stub_err;
            searcher_free(s);
            return rc;
        }
        rc = DOSSIER_OK;
    }
    rc = s->stub.n_shards > 0 ? archive_open(s, err) : open_index(s, err);
    if (rc != DOSSIER_OK) {
        searcher_free(s);
        return rc;
    }
    s->own.db = s->db;
    /* One local database has a revision, and the shards of an archive
     * their statistics; a stub left to Xapian or a remote database have
     * neither. */
    uint64_t revision;
    s->can_count_beside = s->stub.n_shards > 0 ||
                          xc_db_revision(s->db, &revision) ==
                              XC_STATUS_SUCCESS;
    /* An index made by another schema, analyzer or gazetteer finds less
     * than it should: say so once per search. */
    char differs[256];
    if (dossier_index_version_differs(
            s->db, gaz ? dossier_gazetteer_version(gaz) : "none", differs,
            sizeof differs))
        snprintf(s->version_warning, sizeof s->version_warning,
                 "%s: re-index for exact matches and facets", differs);
    *out = s;
    return DOSSIER_OK;
}

void searcher_free(searcher *s)
{
    if (s == NULL)
        return;
    worker_free(s->worker); /* idle between searches: stops at once */
    xc_db_destroy(s->beside.db);
    dossier_facet_image_free(s->beside.image);
    dossier_facet_image_free(s->own.image);
    xc_db_destroy(s->db);
    dossier_analysis_free(s->scratch);
    dossier_analysis_free(s->scratch_body);
    dossier_analyzer_free(s->an);
    free(s->path);
    dossier_stub_clear(&s->stub);
    free(s->shard_states);
    free(s);
}

/* Moves S's handle to the latest commit: what was read from the former
 * one goes. */
xc_status search_reopen(searcher *s)
{
    count_side_forget(&s->own);
    count_side_forget(&s->beside);
    /* The worker is idle between searches: its handle is ours here. */
    if (s->beside.db != NULL &&
        xc_db_reopen(s->beside.db, NULL) != XC_STATUS_SUCCESS) {
        xc_db_destroy(s->beside.db); /* the next count opens it anew */
        s->beside.db = NULL;
    }
    /* A writer committing fast can discard the revision a reopen is
     * moving to (DatabaseModifiedError): reopen again. */
    xc_status st = xc_db_reopen(s->db, NULL);
    for (int attempt = 0; st == XC_STATUS_MODIFIED && attempt < 10; attempt++)
        st = xc_db_reopen(s->db, NULL);
    return st;
}

dossier_status search_recover(searcher *s, dossier_status rc,
                              dossier_error *err)
{
    if (archive_can_recover(s, rc))
        return archive_reopen(s, err);
    if (rc != DOSSIER_ERR_MODIFIED)
        return rc;
    if (search_reopen(s) != XC_STATUS_SUCCESS)
        return search_read_failed(s->path, XC_STATUS_OTHER,
                                  xc_db_last_error(s->db), err,
                                  "cannot reopen");
    return DOSSIER_OK;
}

dossier_status searcher_refresh(searcher *s, dossier_error *err)
{
    /* An archive with a shard down asks it again: it may be back. */
    if (s->stub.n_shards > 0 && archive_is_partial(s))
        return archive_reopen(s, err);
    xc_status st = search_reopen(s);
    if (st == XC_STATUS_SUCCESS)
        return DOSSIER_OK;
    if (st == XC_STATUS_NETWORK && s->stub.n_shards > 0)
        return archive_reopen(s, err);
    return dossier_fail(err, DOSSIER_ERR_INDEX, "cannot reopen index %s: %s",
                        s->path, xc_db_last_error(s->db));
}

uint32_t searcher_doc_count(searcher *s)
{
    uint32_t n = 0;
    xc_db_doc_count(s->db, &n);
    return n;
}

void search_hit_clear(search_hit *hit)
{
    dossier_article_clear(&hit->record);
    snippet_free(&hit->title);
    snippet_free(&hit->body);
}

/* Clears OUT's hits and facets: what a failed or overtaken attempt left. */
static void clear_hits(search_result *out)
{
    for (size_t i = 0; i < out->n_hits; i++)
        search_hit_clear(&out->hits[i]);
    free(out->hits);
    out->hits = NULL;
    out->n_hits = 0;
    facets_free(&out->sources);
    facets_free(&out->entities);
    facets_free(&out->months);
    facets_free(&out->years);
}

void search_result_free(search_result *r)
{
    query_free(&r->parsed);
    built_query_free(&r->built);
    xc_free(r->query_description);
    free(r->suggestion);
    free(r->corrected_from);
    clear_hits(r);
    memset(r, 0, sizeof *r);
}

/* Loads hit I of M into HIT, with snippets for BUILT while CLOCK has
 * time left (then the title plain and no body snippet). */
static dossier_status load_hit(searcher *s, xc_mset *m, uint32_t i,
                               const built_query *built,
                               const search_options *opts,
                               search_clock *clock, search_hit *hit,
                               dossier_error *err)
{
    hit->docid = xc_mset_docid(m, i);
    hit->rank = xc_mset_rank(m, i);
    hit->weight = xc_mset_weight(m, i);
    /* Of the best hit's weight: Xapian's own percentage also weighs the
     * share of query terms matched, and comes out otherwise over an
     * archive's shards than over one index. */
    double best = xc_mset_max_attained(m);
    hit->percent = best > 0 ? (int)(100 * hit->weight / best + 0.5) : 100;
    hit->collapse_count = xc_mset_collapse_count(m, i);
    xc_doc *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    xc_status st = xc_mset_document(m, i, &doc);
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_get_data(doc, &data, &len);
    char *cluster = NULL;
    size_t cluster_len = 0;
    /* An archive's "+N similar" comes from its cluster (Xapian's collapse
     * counts are lost over remote shards: archive_collapse_counts). */
    if (st == XC_STATUS_SUCCESS && s->stub.n_shards > 0 &&
        xc_doc_get_value(doc, DOSSIER_SLOT_CLUSTER, &cluster,
                         &cluster_len) == XC_STATUS_SUCCESS &&
        cluster_len < sizeof hit->cluster)
        memcpy(hit->cluster, cluster, cluster_len + 1);
    xc_free(cluster);
    /* The reason is on the handle that failed: the match set's or the
     * document's. */
    dossier_status failed = DOSSIER_OK;
    if (st != XC_STATUS_SUCCESS)
        failed = search_read_failed(
            s->path, st, doc ? xc_doc_last_error(doc) : xc_mset_last_error(m),
            err, "cannot read document %u (hit %u)", (unsigned)hit->docid,
            (unsigned)i + 1);
    xc_doc_destroy(doc);
    if (failed != DOSSIER_OK)
        return failed;
    if (dossier_record_from_json(data, len, &hit->record) != 0) {
        /* Not ours: show what can be shown. */
        dossier_article_set(&hit->record.title, "(unreadable record)", 19);
    }
    xc_free(data);
    const char *lang = hit->record.lang ? hit->record.lang : "en";
    const char *title = hit->record.title ? hit->record.title : "";
    const char *body = hit->record.body ? hit->record.body : "";
    if (opts->skip_snippets)
        return DOSSIER_OK;
    if (search_clock_left(clock) <= 0) {
        clock->cut |= SEARCH_CUT_SNIPPETS;
        clock->unsnipped++;
        if (snippet_plain(strlen(title), &hit->title) != DOSSIER_OK)
            return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        return DOSSIER_OK;
    }
    dossier_status made = snippet_analyze_article(
        s->an, s->scratch, s->scratch_body, title, body, lang,
        dossier_article_year(&hit->record), built);
    if (made == DOSSIER_OK)
        made = snippet_highlight_analyzed(s->scratch, strlen(title), built,
                                          &hit->title);
    if (made == DOSSIER_OK)
        made = snippet_build_analyzed(s->scratch_body, body, strlen(body),
                                      built, &opts->snippet, &hit->body);
    if (made != DOSSIER_OK)
        return dossier_fail(err, made, "cannot build snippets: %s",
                            dossier_status_to_string(made));
    return DOSSIER_OK;
}

/* How many of the best hits recency blending re-ranks. */
#define RECENCY_POOL 200

struct blended {
    uint32_t index; /* into the match set */
    double score;
};

static int by_score(const void *a, const void *b)
{
    const struct blended *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Scores each of the N hits of M as weight x (1 + 2^(-age / half_life)):
 * today's news counts up to twice, news HALF_LIFE days old 1.5 times, old
 * news about once; undated articles once.  Sorts ORDER by that. */
static void blend(xc_mset *m, uint32_t n, double half_life,
                  struct blended *order)
{
    double now = (double)time(NULL);
    for (uint32_t i = 0; i < n; i++) {
        xc_doc *doc = NULL;
        time_t when = 0;
        int is_set = 0;
        if (xc_mset_document(m, order[i].index, &doc) == XC_STATUS_SUCCESS)
            xc_doc_get_value_time(doc, DOSSIER_SLOT_PUBLISHED, &when, &is_set);
        xc_doc_destroy(doc);
        double factor = 1;
        if (is_set) {
            double age_days = (now - (double)when) / 86400.0;
            if (age_days < 0)
                age_days = 0;
            factor += exp2(-age_days / half_life);
        }
        order[i].score *= factor;
    }
    qsort(order, n, sizeof *order, by_score);
}

/* Runs QUERY once, counting what COUNTING matches, within CLOCK's
 * deadline.  Returns DOSSIER_OK, DOSSIER_ERR_MODIFIED when the index
 * changed under us (reopen and retry), or another error with ERR. */
static dossier_status run_once(searcher *s, const xc_query *query,
                               const xc_query *counting, uint32_t n_words,
                               const search_options *opts,
                               search_clock *clock, suggest_words *suggest,
                               search_result *out, dossier_error *err)
{
    if (suggest != NULL)
        suggest->is_looked_up = 0; /* an overtaken attempt's commit */
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    dossier_status rc = DOSSIER_ERR_INDEX;
    size_t limit = opts->limit < 1 ? 10 : opts->limit > 1000 ? 1000
                                                            : opts->limit;
    struct count_job job = {.side = &s->own, .path = s->path,
                            .archive = s->stub.n_shards > 0 ? s : NULL,
                            .suggest = suggest,
                            .query = counting, .opts = opts, .limit = limit,
                            .clock = clock};
    count_start(s, &job, query);
    if (xc_enquire_new(s->db, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_query(enq, query, n_words) != XC_STATUS_SUCCESS ||
        search_set_ranking(enq, opts) != XC_STATUS_SUCCESS) {
        rc = search_read_failed(s->path, XC_STATUS_OTHER,
                                enq ? xc_enquire_last_error(enq)
                                    : "out of memory",
                                err, "cannot search");
        goto done;
    }
    if (opts->sort == SORT_DATE || opts->sort == SORT_DATE_ASC)
        xc_enquire_set_sort(enq, XC_SORT_VALUE_THEN_RELEVANCE,
                            DOSSIER_SLOT_PUBLISHED, opts->sort == SORT_DATE);
    if (opts->collapse)
        xc_enquire_set_collapse(enq, DOSSIER_SLOT_CLUSTER, 1);
    search_clock_arm(clock, enq);
    /* Recency blending re-ranks the best RECENCY_POOL by relevance. */
    int is_blended = opts->recent_days > 0 && opts->sort == SORT_RELEVANCE;
    uint32_t first = (uint32_t)opts->offset, count = (uint32_t)limit;
    if (is_blended) {
        first = 0;
        count = (uint32_t)(opts->offset + limit);
        if (count < RECENCY_POOL)
            count = RECENCY_POOL;
    }
    xc_status st = xc_enquire_get_mset(enq, first, count, first + count, NULL,
                                       &m);
    if (st != XC_STATUS_SUCCESS) {
        rc = search_read_failed(s->path, st, xc_enquire_last_error(enq), err,
                                "search failed");
        goto done;
    }
    if (clock->is_costly && search_clock_left(clock) <= 0)
        clock->cut |= SEARCH_CUT_RANKING;
    uint32_t n = xc_mset_size(m);
    out->n_hits = 0;
    out->hits = calloc(n + 1, sizeof *out->hits);
    struct blended *order = calloc(n + 1, sizeof *order);
    if (out->hits == NULL || order == NULL) {
        free(order);
        rc = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* The page's documents in one request to each remote shard. */
    xc_mset_fetch(m);
    for (uint32_t i = 0; i < n; i++)
        order[i] = (struct blended){i, xc_mset_weight(m, i)};
    uint32_t skip = 0;
    if (is_blended) {
        blend(m, n, opts->recent_days, order);
        skip = (uint32_t)opts->offset;
        n = skip + (uint32_t)limit < n ? skip + (uint32_t)limit : n;
    }
    for (uint32_t i = skip; i < n; i++) {
        search_hit *hit = &out->hits[out->n_hits++];
        rc = load_hit(s, m, order[i].index, &out->built, opts, clock, hit,
                      err);
        if (rc != DOSSIER_OK) {
            free(order);
            goto done;
        }
        if (is_blended) {
            hit->weight = order[i].score;
            hit->rank = i;
        }
    }
    free(order);
    rc = count_finish(s, &job, out, err);
    if (rc == DOSSIER_OK && job.is_cut_short)
        clock->cut |= SEARCH_CUT_COUNT;
    if (rc == DOSSIER_OK && opts->collapse && s->stub.n_shards > 0)
        archive_collapse_counts(&job, out);
done:
    count_clear(s, &job);
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    return rc;
}

static dossier_status run_with_retries(searcher *s, const xc_query *query,
                                       const xc_query *counting,
                                       uint32_t n_words,
                                       const search_options *opts,
                                       search_clock *clock,
                                       suggest_words *suggest,
                                       search_result *out, dossier_error *err)
{
    dossier_status last = DOSSIER_ERR_MODIFIED;
    for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
        /* What an overtaken attempt left undone is not this one's. */
        clock->cut &= SEARCH_CUT_BEFORE;
        clock->unsnipped = 0;
        last = run_once(s, query, counting, n_words, opts, clock, suggest,
                        out, err);
        if (last == DOSSIER_OK) {
            archive_note(s, out);
            return last;
        }
        /* A writer moved the index on, or a shard failed: try again. */
        clear_hits(out);
        dossier_status rc = search_recover(s, last, err);
        if (rc != DOSSIER_OK)
            return rc;
    }
    /* A shard that answers when opened but fails every search: ERR has
     * what it said. */
    if (last == DOSSIER_ERR_NETWORK)
        return last;
    return dossier_fail(err, DOSSIER_ERR_INDEX,
                        "the index changed during %d attempts",
                        MAX_RETRIES + 1);
}

dossier_status search_build(searcher *s, const search_options *opts,
                            const parsed_query *pristine,
                            wildcard_expander *wildcards,
                            size_t wildcard_budget, search_result *out,
                            built_query *counting, dossier_error *err)
{
    query_context ranked = {
        .an = s->an, .gaz = s->gaz, .lang = opts->lang,
        .weights = &opts->weights,
        .flags = opts->sort != SORT_RELEVANCE ? QUERY_ALL_WORDS_REQUIRED : 0,
        .wildcards = wildcards, .wildcard_budget = wildcard_budget};
    query_context matching = ranked;
    matching.flags |= QUERY_MATCH_ONLY;
    out->parsed = *pristine;
    parsed_query scratch = *pristine;
    dossier_status rc = query_build(out->parsed.root, &ranked, &out->parsed,
                                    &out->built, err);
    if (rc == DOSSIER_OK)
        rc = query_build(scratch.root, &matching, &scratch, counting, err);
    return rc;
}

/* List entries (search_clock_weigh) a ranked search decodes in a second,
 * at the least: queries of hundreds of terms merged 8 to 15 million a
 * second on Reuters-21578 on the 2-core test machine; half, for a
 * margin. */
#define SEARCH_COST_PER_SECOND 5e6

/* Whether list entries COST (UINT64_MAX: not known, as for a posting
 * source) are known to be over BUDGET. */
static bool is_over(uint64_t cost, double budget)
{
    return cost != UINT64_MAX && (double)cost > budget;
}

/* Sets *RANKING to the query to rank with: OUT's, or, when its cost
 * (CLOCK->cost, search_clock_weigh) would not fit CLOCK's time limit,
 * COUNTING's (the same matches without the
 * boosts), and when that would not either, both rebuilt with fewer
 * wildcard words.  Done before the search because Xapian cannot stop a
 * ranked match once it runs (its time limit stops counting only).
 * Returns as build_queries. */
static dossier_status fit_to_time_limit(searcher *s,
                                        const search_options *opts,
                                        search_clock *clock,
                                        const parsed_query *pristine,
                                        wildcard_expander *wildcards,
                                        search_result *out,
                                        built_query *counting,
                                        const xc_query **ranking,
                                        dossier_error *err)
{
    *ranking = out->built.query;
    double budget = clock->limit * SEARCH_COST_PER_SECOND;
    if (clock->deadline <= 0 || !is_over(clock->cost, budget))
        return DOSSIER_OK;
    clock->cut |= SEARCH_CUT_BOOSTS;
    *ranking = counting->query;
    uint64_t cost = UINT64_MAX;
    xc_query_cost_bound(s->db, counting->query, &cost);
    if (!is_over(cost, budget) || out->built.n_prefixes == 0)
        return DOSSIER_OK;
    double words = QUERY_WILDCARD_BUDGET * budget / (double)cost;
    clock->wildcard_budget = words < 1 ? 1 : (size_t)words;
    clock->cut |= SEARCH_CUT_WILDCARDS;
    built_query_free(&out->built);
    built_query_free(counting);
    dossier_status rc = search_build(s, opts, pristine, wildcards,
                                      clock->wildcard_budget, out, counting,
                                      err);
    *ranking = counting->query;
    return rc;
}

/* Says in OUT->deadline_warning what CLOCK's deadline cut short. */
static void describe_cut(const search_clock *clock, search_result *out)
{
    if (clock->cut == 0)
        return;
    char *w = out->deadline_warning;
    size_t size = sizeof out->deadline_warning, used = 0;
    used += (size_t)snprintf(w, size,
                             "the search was held to its time limit (%g s):",
                             clock->limit);
    static const struct {
        unsigned bit;
        const char *what;
    } parts[] = {
        {SEARCH_CUT_BOOSTS, " ranked without the all-words, proximity and "
                            "entity boosts;"},
        {SEARCH_CUT_WILDCARDS, NULL},
        {SEARCH_CUT_RANKING, " the hits are the best found in time, not "
                             "necessarily the best;"},
        {SEARCH_CUT_FEEDBACK, " ranked without relevance feedback;"},
        {SEARCH_CUT_COUNT, " counts and facets are lower bounds;"},
        {SEARCH_CUT_SNIPPETS, NULL},
        {SEARCH_CUT_SUGGESTION, " no spelling suggestion was looked for;"},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!(clock->cut & parts[i].bit) || used >= size)
            continue;
        if (parts[i].what)
            used += (size_t)snprintf(w + used, size - used, "%s",
                                     parts[i].what);
        else if (parts[i].bit == SEARCH_CUT_WILDCARDS)
            used += (size_t)snprintf(w + used, size - used,
                                     " wildcards expanded to %zu word%s in "
                                     "all;",
                                     clock->wildcard_budget,
                                     clock->wildcard_budget == 1 ? "" : "s");
        else
            used += (size_t)snprintf(w + used, size - used,
                                     " %zu hit%s without snippets;",
                                     clock->unsnipped,
                                     clock->unsnipped == 1 ? "" : "s");
    }
    if (used < size && w[used - 1] == ';')
        w[used - 1] = '\0';
}

dossier_status search_parse(searcher *s, const char *query, size_t len,
                            const search_options *opts, search_result *out,
                            dossier_error *err)
{
    snprintf(out->version_warning, sizeof out->version_warning, "%s",
             s->version_warning);
    dossier_status rc =
        query_parse(query, len, opts->max_query_bytes, &out->parsed);
    if (rc == DOSSIER_REFUSED) {
        out->is_refused = 1;
        return dossier_fail(err, rc, "the query is refused: %s",
                            out->parsed.n_warnings
                                ? out->parsed.warnings[0].message
                                : "an error in it");
    }
    if (rc != DOSSIER_OK)
        return dossier_fail(err, rc, "out of memory");
    if (opts->filter_query && *opts->filter_query) {
        /* Written by a program, not a person: any problem is a bug. */
        parsed_query filters;
        rc = query_parse(opts->filter_query, strlen(opts->filter_query),
                         1 << 14, &filters);
        if (rc == DOSSIER_OK)
            rc = query_join(&out->parsed, &filters);
        if (rc != DOSSIER_OK)
            dossier_fail(err, rc == DOSSIER_ERR_NOMEM ? rc : DOSSIER_ERR_INVALID,
                         "bad filter \"%s\": %s", opts->filter_query,
                         filters.n_warnings ? filters.warnings[0].message
                                            : dossier_status_to_string(rc));
        query_free(&filters);
        if (rc != DOSSIER_OK)
            return err ? err->status : rc;
    }
    return DOSSIER_OK;
}

dossier_status search_prepare(searcher *s, const char *query, size_t len,
                              const search_options *opts, search_result *out,
                              built_query *counting, dossier_error *err)
{
    dossier_status rc = search_parse(s, query, len, opts, out, err);
    if (rc != DOSSIER_OK)
        return rc;
    parsed_query pristine = out->parsed;
    wildcard_expander *wildcards = NULL;
    rc = wildcard_expander_new(s->db, &wildcards);
    if (rc == DOSSIER_OK)
        rc = search_build(s, opts, &pristine, wildcards, 0, out, counting,
                          err);
    wildcard_expander_free(wildcards);
    return rc;
}

static dossier_status run_suggestion(searcher *s, const char *query,
                                     size_t len, const search_options *opts,
                                     search_result *out, dossier_error *err);

dossier_status searcher_run(searcher *s, const char *query, size_t len,
                            const search_options *opts, search_result *out,
                            dossier_error *err)
{
    memset(out, 0, sizeof *out);
    /* Parsing and building cost time linear in the query (query_parse.h,
     * query_build.h): the deadline bounds what follows, which grows with
     * the index. */
    search_clock clock;
    search_clock_start(&clock, opts->time_limit);
    dossier_status rc = search_parse(s, query, len, opts, out, err);
    if (rc != DOSSIER_OK)
        return rc;
    /* The builds share the wildcards' expansions and their budget. */
    parsed_query pristine = out->parsed;
    built_query counting = {0};
    const xc_query *ranking = NULL;
    wildcard_expander *wildcards = NULL;
    rc = wildcard_expander_new(s->db, &wildcards);
    if (rc == DOSSIER_OK)
        rc = search_build(s, opts, &pristine, wildcards, 0, out, &counting,
                           err);
    if (rc == DOSSIER_OK) {
        search_clock_weigh(&clock, s->db, &out->built);
        rc = fit_to_time_limit(s, opts, &clock, &pristine, wildcards, out,
                               &counting, &ranking, err);
    }
    wildcard_expander_free(wildcards);
    if (rc != DOSSIER_OK) {
        built_query_free(&counting);
        return rc == DOSSIER_ERR_NOMEM
                   ? dossier_fail(err, rc, "out of memory")
                   : rc;
    }
    /* The description shows the query as the user wrote it. */
    xc_query_description(out->built.query, &out->query_description);
    if (clock.cut & SEARCH_CUT_WILDCARDS)
        search_clock_weigh(&clock, s->db, &out->built); /* rebuilt */
    xc_query *expanded = NULL;
    if (clock.cut & SEARCH_CUT_BOOSTS)
        clock.cut |= SEARCH_CUT_FEEDBACK; /* it too would not fit */
    else
        expanded = feedback_expand(s, ranking, &out->built, opts, &clock);
    suggest_words words;
    suggest_prepare(s, out, opts, &words);
    rc = run_with_retries(s, expanded ? expanded : ranking, counting.query,
                          (uint32_t)out->built.n_words, opts, &clock, &words,
                          out, err);
    xc_query_destroy(expanded);
    built_query_free(&counting);
    uint32_t suggested = 0;
    if (rc == DOSSIER_OK && search_clock_left(&clock) > 0)
        suggest_query(s, query, len, opts, out, &words, &suggested);
    else if (rc == DOSSIER_OK)
        clock.cut |= SEARCH_CUT_SUGGESTION;
    suggest_words_clear(&words);
    describe_cut(&clock, out);
    if (rc == DOSSIER_OK && out->total == 0 && suggested > 0 &&
        !opts->as_typed)
        rc = run_suggestion(s, query, len, opts, out, err);
    return rc;
}

/* The query QUERY (LEN bytes) found nothing and OUT's suggestion finds
 * something: OUT becomes the suggestion's results, which say what was
 * typed (corrected_from).  Should the suggestion fail, OUT stays. */
static dossier_status run_suggestion(searcher *s, const char *query,
                                     size_t len, const search_options *opts,
                                     search_result *out, dossier_error *err)
{
    search_options o = *opts;
    o.as_typed = 1; /* once */
    search_result fixed;
    dossier_status rc = searcher_run(s, out->suggestion,
                                     strlen(out->suggestion), &o, &fixed,
                                     err);
    char *typed = rc == DOSSIER_OK ? strndup(query, len) : NULL;
    if (typed == NULL || fixed.total == 0) {
        free(typed);
        search_result_free(&fixed);
        return DOSSIER_OK;
    }
    /* The results are the suggestion's; what it corrected is said. */
    char *shown = out->suggestion;
    out->suggestion = NULL;
    search_result_free(out);
    *out = fixed;
    free(out->suggestion);
    out->suggestion = shown;
    out->corrected_from = typed;
    return DOSSIER_OK;
}

/* Runs ONCE(S, ARG, ERR) again on the index's latest commit when a writer
 * moved it on during the read (as run_with_retries does for searches). */
static dossier_status with_retries(searcher *s,
                                   dossier_status (*once)(searcher *s,
                                                          void *arg,
                                                          dossier_error *err),
                                   void *arg, dossier_error *err)
{
    dossier_status last = DOSSIER_ERR_MODIFIED;
    for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
        last = once(s, arg, err);
        if (last == DOSSIER_OK)
            return last;
        dossier_status rc = search_recover(s, last, err);
        if (rc != DOSSIER_OK)
            return rc;
    }
    if (last == DOSSIER_ERR_NETWORK)
        return last; /* ERR has what the shard said */
    return dossier_fail(err, DOSSIER_ERR_INDEX,
                        "index %s changed during %d attempts to read it",
                        s->path, MAX_RETRIES + 1);
}

static dossier_status docid_of_term(searcher *s, const char *term,
                                    const char *id, xc_docid *docid,
                                    dossier_error *err);

/* Finds the docid of the article with ID, else of the article whose URL
 * ID is (a link as pasted).  Returns DOSSIER_OK, DOSSIER_NOT_FOUND, or as
 * search_read_failed: an index that fails is never taken for an article
 * that is not there. */
static dossier_status docid_of(searcher *s, const char *id, xc_docid *docid,
                               dossier_error *err)
{
    *docid = 0;
    char term[XC_MAX_TERM_BYTES + 1];
    if (snprintf(term, sizeof term, "%s%s", DOSSIER_PREFIX_ID, id) <
        (int)sizeof term) {
        dossier_status rc = docid_of_term(s, term, id, docid, err);
        if (rc != DOSSIER_NOT_FOUND)
            return rc;
    }
    /* A link as pasted: the article with that URL (the first, should
     * several share it). */
    if (dossier_url_is_absolute(id) &&
        dossier_url_term(id, term, sizeof term) == DOSSIER_OK)
        return docid_of_term(s, term, id, docid, err);
    return DOSSIER_NOT_FOUND;
}

/* The docid of the first document with TERM (looking up ID). */
static dossier_status docid_of_term(searcher *s, const char *term,
                                    const char *id, xc_docid *docid,
                                    dossier_error *err)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    dossier_status rc = DOSSIER_NOT_FOUND;
    xc_status st = xc_query_term(term, 1, 0, &q);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_new(s->db, &enq);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_set_query(enq, q, 1);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_get_mset(enq, 0, 1, 0, NULL, &m);
    if (st != XC_STATUS_SUCCESS)
        rc = search_read_failed(s->path, st,
                                enq ? xc_enquire_last_error(enq)
                                    : xc_thread_last_error(),
                                err, "cannot look up article %s", id);
    else if (xc_mset_size(m) > 0) {
        *docid = xc_mset_docid(m, 0);
        rc = DOSSIER_OK;
    }
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    return rc;
}

struct show {
    const char *id;
    search_hit *hit;
};

static dossier_status show_once(searcher *s, void *arg, dossier_error *err)
{
    struct show *a = arg;
    search_hit_clear(a->hit);
    memset(a->hit, 0, sizeof *a->hit);
    xc_docid docid;
    dossier_status rc = docid_of(s, a->id, &docid, err);
    if (rc != DOSSIER_OK)
        return rc;
    xc_doc *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    xc_status st = xc_db_get_document(s->db, docid, &doc);
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_get_data(doc, &data, &len);
    if (st != XC_STATUS_SUCCESS) {
        rc = search_read_failed(s->path, st,
                                doc ? xc_doc_last_error(doc)
                                    : xc_db_last_error(s->db),
                                err, "cannot read document %u", docid);
        xc_doc_destroy(doc);
        return rc;
    }
    a->hit->docid = docid;
    if (dossier_record_from_json(data, len, &a->hit->record) != DOSSIER_OK)
        rc = search_read_failed(s->path, XC_STATUS_CORRUPT,
                                "no readable record", err,
                                "document %u of article %s", docid, a->id);
    xc_free(data);
    xc_doc_destroy(doc);
    return rc;
}

dossier_status searcher_show(searcher *s, const char *id, search_hit *hit,
                             dossier_error *err)
{
    memset(hit, 0, sizeof *hit);
    struct show arg = {id, hit};
    return with_retries(s, show_once, &arg, err);
}

dossier_status searcher_show_article(searcher *s, const char *id,
                                     search_hit *hit, char *keeper,
                                     size_t keeper_size, dossier_error *err)
{
    keeper[0] = '\0';
    dossier_status rc = searcher_show(s, id, hit, err);
    /* Merged into another as its exact duplicate: that one holds it. */
    if (rc == DOSSIER_NOT_FOUND) {
        dossier_status dup =
            searcher_duplicate_of(s, id, keeper, keeper_size, err);
        if (dup == DOSSIER_OK) {
            search_hit_clear(hit);
            rc = searcher_show(s, keeper, hit, err);
        } else {
            keeper[0] = '\0';
            if (dup != DOSSIER_NOT_FOUND)
                rc = dup; /* the index could not be read: not "no such" */
        }
    }
    if (rc != DOSSIER_OK)
        return rc;
    /* Entities come from the same analyzer that indexed the article. */
    built_query none = {0};
    const char *lang = hit->record.lang ? hit->record.lang : "en";
    const char *title = hit->record.title ? hit->record.title : "";
    const char *body = hit->record.body ? hit->record.body : "";
    rc = snippet_analyze_article(s->an, s->scratch, s->scratch_body, title,
                                 body, lang,
                                 dossier_article_year(&hit->record), &none);
    if (rc == DOSSIER_OK)
        rc = snippet_highlight_analyzed(s->scratch, strlen(title), &none,
                                        &hit->title);
    if (rc == DOSSIER_OK)
        rc = snippet_highlight_analyzed(s->scratch_body, strlen(body), &none,
                                        &hit->body);
    if (rc != DOSSIER_OK)
        return dossier_fail(err, rc, "cannot mark the article's entities: %s",
                            dossier_status_to_string(rc));
    return DOSSIER_OK;
}

/* The cluster key of document DOCID into OUT (DOSSIER_CLUSTER_KEY_LEN + 1
 * bytes): 0, or -1 when it is in no cluster or cannot be read. */
static int cluster_of(searcher *s, xc_docid docid, char *out)
{
    xc_doc *doc = NULL;
    char *value = NULL;
    size_t len = 0;
    int rc = -1;
    if (xc_db_get_document(s->db, docid, &doc) == XC_STATUS_SUCCESS &&
        xc_doc_get_value(doc, DOSSIER_SLOT_CLUSTER, &value, &len) ==
            XC_STATUS_SUCCESS &&
        len == DOSSIER_CLUSTER_KEY_LEN) {
        memcpy(out, value, len);
        out[len] = '\0';
        rc = 0;
    }
    xc_free(value);
    xc_doc_destroy(doc);
    return rc;
}

struct copies {
    const char *id;
    search_result *out;
};

/* Lists the other articles of ID's cluster, oldest first. */
static dossier_status copies_once(searcher *s, void *arg, dossier_error *err)
{
    struct copies *a = arg;
    search_result_free(a->out);
    xc_docid docid;
    dossier_status rc = docid_of(s, a->id, &docid, err);
    char key[DOSSIER_CLUSTER_KEY_LEN + 1];
    if (rc != DOSSIER_OK || cluster_of(s, docid, key) != 0)
        return rc;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_status st = xc_query_value_range(
        DOSSIER_SLOT_CLUSTER, key, DOSSIER_CLUSTER_KEY_LEN, key,
        DOSSIER_CLUSTER_KEY_LEN, &q);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_new(s->db, &enq);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_set_query(enq, q, 1);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_set_sort(enq, XC_SORT_VALUE_THEN_RELEVANCE,
                                 DOSSIER_SLOT_PUBLISHED, 0);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_get_mset(enq, 0, SEARCH_MAX_COPIES + 1, 0, NULL, &m);
    if (st != XC_STATUS_SUCCESS) {
        rc = search_read_failed(s->path, st,
                                enq ? xc_enquire_last_error(enq)
                                    : xc_thread_last_error(),
                                err, "cannot list the copies of %s", a->id);
    } else {
        uint32_t n = xc_mset_size(m);
        a->out->hits = calloc(n + 1, sizeof *a->out->hits);
        if (a->out->hits == NULL)
            rc = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        search_options plain = {.skip_snippets = 1};
        search_clock clock;
        search_clock_start(&clock, 0);
        for (uint32_t i = 0; i < n && rc == DOSSIER_OK; i++) {
            if (xc_mset_docid(m, i) == docid)
                continue;
            search_hit *hit = &a->out->hits[a->out->n_hits++];
            rc = load_hit(s, m, i, &a->out->built, &plain, &clock, hit, err);
        }
        a->out->total = a->out->n_hits;
        a->out->is_total_exact = n <= SEARCH_MAX_COPIES;
    }
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    return rc;
}

dossier_status searcher_copies(searcher *s, const char *id,
                               search_result *out, dossier_error *err)
{
    memset(out, 0, sizeof *out);
    struct copies arg = {id, out};
    return with_retries(s, copies_once, &arg, err);
}

struct duplicate {
    const char *key;
    char *keeper;
    size_t keeper_size;
};

static dossier_status duplicate_once(searcher *s, void *arg,
                                     dossier_error *err)
{
    struct duplicate *a = arg;
    char *value = NULL;
    size_t len = 0;
    xc_status st = xc_db_get_metadata(s->db, a->key, &value, &len);
    if (st != XC_STATUS_SUCCESS)
        return search_read_failed(s->path, st, xc_db_last_error(s->db), err,
                                  "cannot read the index's metadata");
    dossier_status rc = DOSSIER_NOT_FOUND;
    if (len > 0 && len < a->keeper_size) {
        memcpy(a->keeper, value, len);
        a->keeper[len] = '\0';
        rc = DOSSIER_OK;
    }
    xc_free(value);
    return rc;
}

dossier_status searcher_duplicate_of(searcher *s, const char *id,
                                     char *keeper, size_t keeper_size,
                                     dossier_error *err)
{
    char key[DOSSIER_META_DUPLICATE_KEY_MAX + 64];
    if (dossier_duplicate_meta_key(id, key, sizeof key) != DOSSIER_OK)
        return DOSSIER_NOT_FOUND; /* no such id can have been merged */
    struct duplicate arg = {key, keeper, keeper_size};
    return with_retries(s, duplicate_once, &arg, err);
}

/* How many of an article's terms make the query of its related ones. */
#define SIMILAR_TERMS 24

struct related {
    const char *id;
    built_query *built;
};

/* The unique term (Q...) of document DOCID into OUT: 0, or -1 when it
 * cannot be read.  The article's own, whatever ID named it (its URL). */
static int unique_term_of(searcher *s, xc_docid docid, char *out,
                          size_t out_size)
{
    xc_doc *doc = NULL;
    xc_terms *it = NULL;
    int rc = -1;
    if (xc_db_get_document(s->db, docid, &doc) == XC_STATUS_SUCCESS &&
        xc_doc_terms(doc, &it) == XC_STATUS_SUCCESS) {
        /* Terms come sorted; no other term begins with the id's Q. */
        for (; xc_terms_valid(it) && rc != 0; xc_terms_next(it)) {
            const char *t = xc_terms_term(it);
            if (t[0] == DOSSIER_PREFIX_ID[0] && strlen(t) < out_size) {
                snprintf(out, out_size, "%s", t);
                rc = 0;
            }
        }
    }
    xc_terms_destroy(it);
    xc_doc_destroy(doc);
    return rc;
}

/* Builds the query of the terms that set the article apart from the
 * others (its ESet), without the article itself. */
static dossier_status related_once(searcher *s, void *arg,
                                   dossier_error *err)
{
    struct related *a = arg;
    built_query_free(a->built);
    xc_docid docid;
    dossier_status rc = docid_of(s, a->id, &docid, err);
    if (rc != DOSSIER_OK)
        return rc;
    xc_rset *rset = NULL;
    xc_enquire *enq = NULL;
    xc_eset *eset = NULL;
    xc_status st = xc_rset_new(&rset);
    if (st == XC_STATUS_SUCCESS)
        st = xc_rset_add(rset, docid);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_new(s->db, &enq);
    if (st == XC_STATUS_SUCCESS)
        st = xc_enquire_get_eset(enq, SIMILAR_TERMS, rset, 1, &eset);
    if (st != XC_STATUS_SUCCESS) {
        rc = search_read_failed(s->path, st,
                                enq ? xc_enquire_last_error(enq)
                                    : xc_thread_last_error(),
                                err, "cannot find the terms of article %s",
                                a->id);
    } else {
        const char *terms[SIMILAR_TERMS];
        char self[XC_MAX_TERM_BYTES + 1];
        if (unique_term_of(s, docid, self, sizeof self) != 0)
            snprintf(self, sizeof self, "%s%s", DOSSIER_PREFIX_ID, a->id);
        size_t n = xc_eset_size(eset);
        if (n > SIMILAR_TERMS)
            n = SIMILAR_TERMS;
        for (size_t i = 0; i < n; i++)
            terms[i] = xc_eset_term(eset, (uint32_t)i);
        /* The article itself is left out: it is what the user reads. */
        rc = query_build_any_of(terms, n, self, a->built);
        if (rc != DOSSIER_OK)
            dossier_fail(err, rc, "out of memory");
    }
    xc_eset_destroy(eset);
    xc_enquire_destroy(enq);
    xc_rset_destroy(rset);
    return rc;
}

/* The query that restricts related coverage: QUERY (LEN bytes) and
 * OPTS's filters, matching as a search would, without weights; into
 * *OUT (NULL when there is nothing to restrict).  OUT_R takes the parsed
 * query's warnings.  Returns as searcher_run. */
static dossier_status related_restriction(searcher *s, const char *query,
                                          size_t len,
                                          const search_options *opts,
                                          search_result *out_r,
                                          xc_query **out, dossier_error *err)
{
    *out = NULL;
    if (len == 0 && !(opts->filter_query && *opts->filter_query))
        return DOSSIER_OK;
    built_query counting = {0};
    dossier_status rc = search_prepare(s, query ? query : "", len, opts,
                                       out_r, &counting, err);
    /* The related terms are what a hit marks, not the filter's. */
    built_query_free(&out_r->built);
    if (rc == DOSSIER_OK) {
        *out = counting.query;
        counting.query = NULL;
    }
    built_query_free(&counting);
    return rc == DOSSIER_ERR_NOMEM ? dossier_fail(err, rc, "out of memory")
                                   : rc;
}

dossier_status searcher_similar(searcher *s, const char *id,
                                const char *query, size_t len,
                                const search_options *opts,
                                search_result *out, dossier_error *err)
{
    memset(out, 0, sizeof *out);
    search_clock clock;
    search_clock_start(&clock, opts->time_limit);
    xc_query *restriction = NULL;
    dossier_status rc =
        related_restriction(s, query, len, opts, out, &restriction, err);
    if (rc != DOSSIER_OK)
        return rc;
    struct related arg = {id, &out->built};
    rc = with_retries(s, related_once, &arg, err);
    if (rc == DOSSIER_OK && restriction != NULL) {
        /* Related coverage within the filters: they select, the related
         * terms rank. */
        const xc_query *pair[2] = {out->built.query, restriction};
        xc_query *filtered = NULL;
        if (xc_query_combine(XC_QUERY_FILTER, pair, 2, 0, &filtered) !=
            XC_STATUS_SUCCESS)
            rc = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        else {
            xc_query_destroy(out->built.query);
            out->built.query = filtered;
        }
    }
    xc_query_destroy(restriction);
    if (rc != DOSSIER_OK)
        return rc;
    xc_query_description(out->built.query, &out->query_description);
    search_clock_weigh(&clock, s->db, &out->built);
    rc = run_with_retries(s, out->built.query, out->built.query,
                          (uint32_t)out->built.n_words, opts, &clock, NULL,
                          out, err);
    describe_cut(&clock, out);
    return rc;
}
