/*
 * search.c: running searches through libxapian-c.
 */
#include "search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "worker.h"
#include "dossier/facet_image.h"
#include "dossier/paths.h"
#include "dossier/record_json.h"
#include "dossier/schema.h"
#include "xapian-c.h"

/* BM25 parameters (k1, b), chosen by `make eval` over all five IR
 * collections at once, never for one collection or query: after stop
 * words and feedback (schema 3), a sweep of k1 1.2-2.0 by b 0.5-0.85
 * found mean MAP flat (0.348-0.354) and picked the setting whose worst
 * margin over the better of FTS5 and stock Xapian, across every
 * collection and MAP, nDCG@10 and P@10, is largest.  Shorter documents
 * weigh a little less than before (b 0.6, was 0.75): stop words no longer
 * count toward length, so what remains is content. */
#define BM25_K1 1.4
#define BM25_B 0.6
/* Pseudo-relevance feedback (Rocchio's blind feedback, as Xapian's ESet
 * computes it): for a query of FEEDBACK_MIN_WORDS words or more, the
 * FEEDBACK_TERMS terms that best set the best FEEDBACK_DOCS matches apart
 * are added, at most FEEDBACK_WEIGHT of a query word each and only to
 * re-rank what the query matches, never to match more.  A long query
 * describes a need in its own words, the articles that meet it often use
 * others ("inductance of printed coils" vs "spiral inductors"); one or two
 * words say too little to pick the right articles to learn from.  Chosen
 * by `make eval` for every collection at once (+0.005 to +0.03 MAP). */
#define FEEDBACK_DOCS 5
#define FEEDBACK_TERMS 20
#define FEEDBACK_WEIGHT 0.3
#define FEEDBACK_MIN_WORDS 3
/* Reopen-and-retry rounds when a writer overtakes us. */
#define MAX_RETRIES 3
/* List entries (postings, or positions under a phrase) that a search
 * decodes in a few milliseconds: a search bound to fewer cannot come near
 * its time limit, and goes without one, since arming it costs a thread
 * (0.15 ms of a CGI request). */
#define TIME_LIMIT_COST 200000

/* Where a count runs: a handle, and the facet image of its commit
 * (dossier/facet_image.h), mapped by the first count that needs it
 * (image_of); NO_IMAGE when there is none for this commit (shards, a
 * remote database, an index another program wrote): the facets are then
 * counted from the values and the stories by a search (count_clustered). */
struct count_side {
    xc_db *db;
    dossier_facet_image *image;
    int no_image;
};

struct searcher {
    char *path;
    xc_db *db;
    struct count_side own; /* over DB */
    /* Counting beside the ranked search (count_job): a worker with a
     * handle of its own, both started by the first count.  Only when the
     * index is one local database (CAN_COUNT_BESIDE), whose revision tells
     * that both handles read the same commit. */
    int can_count_beside;
    worker *worker;
    struct count_side beside;
    const dossier_gazetteer *gaz;
    dossier_analyzer *an;
    dossier_analysis *scratch;
    char version_warning[320];
};

dossier_status searcher_load_gazetteer(const char *tsv_path,
                                       const char *db_path,
                                       dossier_gazetteer **out)
{
    char image[4096];
    int has_image =
        dossier_gazetteer_image_path(db_path, image, sizeof image) == 0;
    return dossier_gazetteer_load_cached(tsv_path, has_image ? image : NULL,
                                         NULL, NULL, NULL, out);
}

int searcher_open(const char *path, const dossier_gazetteer *gaz,
                  searcher **out, char *message, size_t message_size)
{
    *out = NULL;
    searcher *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(path)) == NULL ||
        dossier_analyzer_new(gaz, &s->an) != DOSSIER_OK ||
        dossier_analysis_new(&s->scratch) != DOSSIER_OK) {
        snprintf(message, message_size, "out of memory");
        searcher_free(s);
        return -1;
    }
    s->gaz = gaz;
    xc_status st = xc_db_open_readonly(path, &s->db);
    if (st != XC_STATUS_SUCCESS) {
        if (st == XC_STATUS_NOT_FOUND)
            snprintf(message, message_size, "no index at %s (make one with "
                     "dossier-index)", path);
        else
            snprintf(message, message_size, "cannot open index %s: %s", path,
                     xc_thread_last_error());
        searcher_free(s);
        return -1;
    }
    s->own.db = s->db;
    /* One local database has a revision; shards or a remote one have
     * none, nor the docids a cluster map needs. */
    uint64_t revision;
    s->can_count_beside = xc_db_revision(s->db, &revision) ==
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
    return 0;
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
    dossier_analyzer_free(s->an);
    free(s->path);
    free(s);
}

/* Forgets what SIDE read of its handle's former commit. */
static void forget_commit(struct count_side *side)
{
    dossier_facet_image_free(side->image);
    side->image = NULL;
    side->no_image = 0;
}

/* Moves S's handle to the latest commit: what was read from the former
 * one goes. */
static xc_status reopen(searcher *s)
{
    forget_commit(&s->own);
    forget_commit(&s->beside);
    /* The worker is idle between searches: its handle is ours here. */
    if (s->beside.db != NULL &&
        xc_db_reopen(s->beside.db, NULL) != XC_STATUS_SUCCESS) {
        xc_db_destroy(s->beside.db); /* the next count opens it anew */
        s->beside.db = NULL;
    }
    return xc_db_reopen(s->db, NULL);
}

int searcher_refresh(searcher *s, char *message, size_t message_size)
{
    if (reopen(s) == XC_STATUS_SUCCESS)
        return 0;
    snprintf(message, message_size, "cannot reopen index %s: %s", s->path,
             xc_db_last_error(s->db));
    return -1;
}

uint32_t searcher_doc_count(searcher *s)
{
    uint32_t n = 0;
    xc_db_doc_count(s->db, &n);
    return n;
}

static void free_facets(facet_list *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->items[i].value);
    free(f->items);
    memset(f, 0, sizeof *f);
}

void search_result_free(search_result *r)
{
    query_free(&r->parsed);
    built_query_free(&r->built);
    xc_free(r->query_description);
    free(r->suggestion);
    for (size_t i = 0; i < r->n_hits; i++) {
        dossier_article_clear(&r->hits[i].record);
        snippet_free(&r->hits[i].title);
        snippet_free(&r->hits[i].body);
    }
    free(r->hits);
    free_facets(&r->sources);
    free_facets(&r->entities);
    free_facets(&r->months);
    free_facets(&r->years);
    memset(r, 0, sizeof *r);
}

/* Reads a facet counter into LIST; PREFIX_LEN bytes of each value are
 * dropped. */
static int read_facet(xc_terms *it, size_t prefix_len, const searcher *s,
                      int is_entity, facet_list *list)
{
    for (; xc_terms_valid(it); xc_terms_next(it)) {
        const char *value = xc_terms_term(it) + prefix_len;
        facet_count c = {.count = xc_terms_freq(it)};
        if (is_entity) {
            c.entity = dossier_gazetteer_lookup(s->gaz, value);
            if (c.entity == NULL)
                continue; /* indexed with another gazetteer */
        }
        facet_count *items =
            realloc(list->items, (list->n + 1) * sizeof *items);
        if (items == NULL)
            return -1;
        list->items = items;
        if ((c.value = strdup(value)) == NULL)
            return -1;
        list->items[list->n++] = c;
    }
    return 0;
}

static int by_value(const void *a, const void *b)
{
    return strcmp(((const facet_count *)a)->value,
                  ((const facet_count *)b)->value);
}

/* Facet FIELD of the facets value: its MAX (0: all) most frequent
 * values. */
static int read_field(searcher *s, xc_enquire *enq, unsigned field,
                      uint32_t max, int is_entity, facet_list *out)
{
    xc_terms *it = NULL;
    int rc = 0;
    if (xc_enquire_field_counts(enq, DOSSIER_SLOT_FACETS, field, max, &it) ==
        XC_STATUS_SUCCESS)
        rc = read_facet(it, 0, s, is_entity, out);
    xc_terms_destroy(it);
    return rc;
}

/* The years of MONTHS (in time order): each year's count is the sum of
 * its months', since an article has one date. */
static int add_years(const facet_list *months, facet_list *years)
{
    for (size_t i = 0; i < months->n; i++) {
        const char *month = months->items[i].value;
        if (strlen(month) < 4)
            continue;
        if (years->n > 0 &&
            strncmp(years->items[years->n - 1].value, month, 4) == 0) {
            years->items[years->n - 1].count += months->items[i].count;
            continue;
        }
        facet_count *items =
            realloc(years->items, (years->n + 1) * sizeof *items);
        if (items == NULL)
            return -1;
        years->items = items;
        facet_count c = {.value = strndup(month, 4),
                         .count = months->items[i].count};
        if (c.value == NULL)
            return -1;
        years->items[years->n++] = c;
    }
    return 0;
}

static int read_facets(searcher *s, xc_enquire *enq, search_result *out)
{
    int rc = read_field(s, enq, DOSSIER_FACET_SOURCE, 12, 0, &out->sources) |
             read_field(s, enq, DOSSIER_FACET_ENTITIES, 40, 1, &out->entities) |
             /* Every month with matches, in time order, for the timeline. */
             read_field(s, enq, DOSSIER_FACET_MONTH, 0, 0, &out->months);
    if (out->months.n > 1)
        qsort(out->months.items, out->months.n, sizeof out->months.items[0],
              by_value);
    xc_enquire_counted_docs(enq, &out->facet_docs);
    return rc | add_years(&out->months, &out->years);
}

/* The facets a facet image tallied, as read_facets reads a counter's:
 * each field's MAX (0: all) most frequent values, ties in byte order. */
static int collect_value(void *ctx, const char *value, uint32_t count)
{
    facet_list *list = ctx;
    facet_count *items = realloc(list->items, (list->n + 1) * sizeof *items);
    if (items == NULL)
        return -1;
    list->items = items;
    facet_count c = {.count = count, .value = strdup(value)};
    if (c.value == NULL)
        return -1;
    list->items[list->n++] = c;
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const facet_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static int read_image_field(searcher *s, dossier_facet_image *img,
                            unsigned field, size_t max, int is_entity,
                            facet_list *out)
{
    facet_list all = {0};
    int rc = dossier_facet_image_counts(img, field, collect_value, &all);
    if (all.n > 1)
        qsort(all.items, all.n, sizeof all.items[0], by_count);
    size_t kept = 0;
    for (size_t i = 0; i < all.n; i++) {
        facet_count c = all.items[i];
        if (rc != 0 || (max != 0 && i >= max) ||
            (is_entity && (c.entity = dossier_gazetteer_lookup(
                               s->gaz, c.value)) == NULL)) {
            free(c.value); /* past MAX, or of another gazetteer */
            continue;
        }
        all.items[kept++] = c;
    }
    out->items = all.items;
    out->n = kept;
    return rc;
}

static int read_image_facets(searcher *s, dossier_facet_image *img,
                             search_result *out)
{
    uint32_t docs = 0, articles, stories;
    dossier_facet_image_tally(img, &docs, &articles, &stories);
    int rc = 0;
    struct {
        unsigned field;
        size_t max;
        int is_entity;
        facet_list *out;
    } fields[] = {
        {DOSSIER_FACET_SOURCE, 12, 0, &out->sources},
        {DOSSIER_FACET_ENTITIES, 40, 1, &out->entities},
        {DOSSIER_FACET_MONTH, 0, 0, &out->months},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        rc |= read_image_field(s, img, fields[f].field, fields[f].max,
                               fields[f].is_entity, fields[f].out);
    if (out->months.n > 1)
        qsort(out->months.items, out->months.n, sizeof out->months.items[0],
              by_value);
    out->facet_docs = docs;
    return rc | add_years(&out->months, &out->years);
}

/* Loads hit I of M into HIT, with snippets for BUILT. */
static int load_hit(searcher *s, xc_mset *m, uint32_t i,
                    const built_query *built, const search_options *opts,
                    search_hit *hit, char *message, size_t message_size)
{
    hit->docid = xc_mset_docid(m, i);
    hit->rank = xc_mset_rank(m, i);
    hit->weight = xc_mset_weight(m, i);
    hit->percent = xc_mset_percent(m, i);
    hit->collapse_count = xc_mset_collapse_count(m, i);
    xc_doc *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    xc_status st = xc_mset_document(m, i, &doc);
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_get_data(doc, &data, &len);
    /* The reason is on the handle that failed: the match set's or the
     * document's. */
    if (st != XC_STATUS_SUCCESS) {
        const char *why = doc ? xc_doc_last_error(doc)
                              : xc_mset_last_error(m);
        snprintf(message, message_size,
                 "cannot read document %u (hit %u): %s",
                 (unsigned)hit->docid, (unsigned)i + 1,
                 why && *why ? why : xc_status_to_string(st));
    }
    xc_doc_destroy(doc);
    if (st != XC_STATUS_SUCCESS)
        return st == XC_STATUS_MODIFIED ? 1 : -1;
    if (dossier_record_from_json(data, len, &hit->record) != 0) {
        /* Not ours: show what can be shown. */
        dossier_article_set(&hit->record.title, "(unreadable record)", 19);
    }
    xc_free(data);
    const char *lang = hit->record.lang ? hit->record.lang : "en";
    const char *title = hit->record.title ? hit->record.title : "";
    const char *body = hit->record.body ? hit->record.body : "";
    if (opts->skip_snippets)
        return 0;
    if (snippet_highlight_all(s->an, s->scratch, title, strlen(title), lang,
                              built, &hit->title) != 0 ||
        snippet_build(s->an, s->scratch, body, strlen(body), lang, built,
                      &opts->snippet, &hit->body) != 0) {
        snprintf(message, message_size, "out of memory building snippets");
        return -1;
    }
    return 0;
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

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sets *STORIES and *ARTICLES to what QUERY matches among the articles in
 * a cluster of two or more (those with a cluster value): the stories they
 * collapse into, and themselves.  Xapian counts stories exactly when the
 * match set holds them all, and each stands for its collapse count more
 * articles.  Returns 1 exact, 0 more than that (lower bounds), -1 with
 * MESSAGE on an error, 2 when the index changed. */
static int count_clustered(xc_db *db, const xc_query *query,
                           uint32_t max_stories, uint32_t *stories,
                           uint32_t *articles, char *message,
                           size_t message_size)
{
    xc_query *clustered = NULL, *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    int rc = -1;
    /* Clustered articles are few (Reuters: 3%), so this filter leads the
     * match through their postings only. */
    if (xc_query_term(DOSSIER_TERM_CLUSTERED, 1, 0, &clustered) ==
        XC_STATUS_SUCCESS) {
        const xc_query *pair[2] = {query, clustered};
        xc_query_combine(XC_QUERY_FILTER, pair, 2, 0, &q);
    }
    if (q == NULL || xc_enquire_new(db, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_query(enq, q, 1) != XC_STATUS_SUCCESS ||
        xc_enquire_set_bool_weight(enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_collapse(enq, DOSSIER_SLOT_CLUSTER, 1) !=
            XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot count: %s",
                 enq ? xc_enquire_last_error(enq) : "out of memory");
        goto done;
    }
    xc_status st = xc_enquire_get_mset(enq, 0, max_stories, max_stories,
                                       NULL, &m);
    if (st != XC_STATUS_SUCCESS) {
        rc = st == XC_STATUS_MODIFIED ? 2 : -1;
        snprintf(message, message_size, "cannot count: %s",
                 xc_enquire_last_error(enq));
        goto done;
    }
    uint32_t n = xc_mset_size(m);
    uint64_t gathered = n;
    for (uint32_t i = 0; i < n; i++)
        gathered += xc_mset_collapse_count(m, i);
    *stories = n;
    *articles = gathered > UINT32_MAX ? UINT32_MAX : (uint32_t)gathered;
    rc = n < max_stories;
done:
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    xc_query_destroy(clustered);
    return rc;
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

/* A count of what a query matches (count_matches), on the searcher's own
 * handle or beside the ranked search, on the worker's (count_start). */
struct count_job {
    /* In: */
    struct count_side *side;
    const char *path;      /* of the index */
    const xc_query *query; /* the count's own, used by nothing else */
    const search_options *opts;
    size_t limit;
    int is_armed;
    int is_beside;
    /* Out: RC 0, 1 the index changed, -1 with MESSAGE, 2 SIDE has no
     * handle (count on your own). */
    int rc;
    xc_enquire *enq; /* holds the facet counts; over SIDE's handle */
    dossier_facet_image *image; /* or holds them, when not NULL */
    uint32_t total, stories;
    int is_total_exact, is_stories_exact;
    char message[256];
};

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
    job->rc = 2;
    if (side->db == NULL &&
        xc_db_open_readonly(job->path, &side->db) != XC_STATUS_SUCCESS)
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
    char *message = job->message;
    size_t message_size = sizeof job->message;
    job->rc = -1;
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
        snprintf(message, message_size, "cannot count: %s",
                 job->enq ? xc_enquire_last_error(job->enq)
                          : "out of memory");
        goto done;
    }
    if (job->is_armed)
        xc_enquire_set_time_limit(job->enq, opts->time_limit);
    if (image != NULL)
        dossier_facet_image_begin(image);
    double started = monotonic_seconds();
    xc_status st = xc_enquire_get_mset(job->enq, 0, 0, check, NULL, &m);
    if (st == XC_STATUS_MODIFIED) {
        job->rc = 1;
        goto done;
    }
    if (st != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot count: %s",
                 xc_enquire_last_error(job->enq));
        goto done;
    }
    /* A lower bound counts matches seen: true whether or not the count saw
     * them all.  A count its time limit stopped has not, whatever Xapian's
     * bounds say. */
    int is_cut_short = job->is_armed && monotonic_seconds() - started >=
                                            0.9 * opts->time_limit;
    job->total = xc_mset_matches_lower_bound(m);
    job->is_total_exact =
        !is_cut_short && job->total == xc_mset_matches_upper_bound(m);
    job->stories = job->total;
    job->is_stories_exact = job->is_total_exact;
    if (opts->collapse) {
        uint32_t stories = 0, articles = 0;
        int r = 1;
        uint32_t docs;
        if (image != NULL)
            dossier_facet_image_tally(image, &docs, &articles, &stories);
        else
            r = count_clustered(side->db, job->query, exact, &stories,
                                &articles, message, message_size);
        if (r < 0 || r == 2) {
            job->rc = r < 0 ? -1 : 1;
            goto done;
        }
        /* Over the matches seen: a true lower bound when not all were. */
        job->stories = job->total >= articles
                           ? job->total - articles + stories
                           : stories;
        job->is_stories_exact = job->is_total_exact && r == 1;
    }
    job->image = image;
    job->rc = 0;
done:
    xc_mset_destroy(m);
}

/* Starts JOB beside the ranked search of RANKED when it can run there:
 * an index of one local database, a count query of its own, and a
 * worker.  Else count_finish counts on the searcher's own handle. */
static void count_start(searcher *s, struct count_job *job,
                        const xc_query *ranked)
{
    job->is_beside = 0;
    if (!s->can_count_beside || job->query == ranked)
        return;
    if (s->worker == NULL && worker_new(&s->worker) != 0) {
        s->can_count_beside = 0;
        return;
    }
    job->side = &s->beside;
    job->is_beside = worker_run(s->worker, count_matches, job) == 0;
    if (!job->is_beside)
        job->side = &s->own;
}

/* Waits for JOB (or runs it), and copies its counts and facets into OUT.
 * Returns 0, 1 when the index changed under us, -1 with MESSAGE on an
 * error. */
static int count_finish(searcher *s, struct count_job *job,
                        search_result *out, char *message,
                        size_t message_size)
{
    if (job->is_beside) {
        worker_wait(s->worker);
        job->is_beside = 0;
        uint64_t ours = 0, theirs = 1;
        if (job->rc == 0 &&
            (xc_db_revision(s->db, &ours) != XC_STATUS_SUCCESS ||
             xc_db_revision(s->beside.db, &theirs) != XC_STATUS_SUCCESS ||
             ours != theirs))
            job->rc = 1; /* counted another commit than the hits' */
    }
    if (job->side != &s->beside || job->rc == 2) {
        xc_enquire_destroy(job->enq);
        job->enq = NULL;
        job->image = NULL;
        job->side = &s->own;
        count_matches(job);
    }
    if (job->rc != 0) {
        if (job->rc < 0)
            snprintf(message, message_size, "%s", job->message);
        return job->rc < 0 ? -1 : 1;
    }
    out->total = job->total;
    out->is_total_exact = job->is_total_exact;
    out->stories = job->stories;
    out->is_stories_exact = job->is_stories_exact;
    if (job->opts->want_facets &&
        (job->image ? read_image_facets(s, job->image, out)
                    : read_facets(s, job->enq, out)) != 0) {
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    return 0;
}

/* Runs QUERY once, counting what COUNTING matches.  Returns 0, 1 when the
 * index changed under us (reopen and retry), -1 on an error. */
static int run_once(searcher *s, const xc_query *query,
                    const xc_query *counting, uint32_t n_words,
                    const search_options *opts, search_result *out,
                    char *message, size_t message_size)
{
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    int rc = -1;
    size_t limit = opts->limit < 1 ? 10 : opts->limit > 1000 ? 1000
                                                            : opts->limit;
    uint64_t cost = UINT64_MAX;
    int is_armed = opts->time_limit > 0 &&
                   (xc_query_cost_bound(s->db, query, &cost) !=
                        XC_STATUS_SUCCESS ||
                    cost > TIME_LIMIT_COST);
    struct count_job job = {.side = &s->own, .path = s->path,
                            .query = counting, .opts = opts, .limit = limit,
                            .is_armed = is_armed};
    count_start(s, &job, query);
    if (xc_enquire_new(s->db, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_query(enq, query, n_words) != XC_STATUS_SUCCESS ||
        xc_enquire_set_bm25(enq, opts->bm25_k1 > 0 ? opts->bm25_k1 : BM25_K1,
                            0, 1, opts->bm25_b > 0 ? opts->bm25_b : BM25_B,
                            0.5) !=
            XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot search: %s",
                 enq ? xc_enquire_last_error(enq) : "out of memory");
        goto done;
    }
    if (opts->sort == SORT_DATE || opts->sort == SORT_DATE_ASC)
        xc_enquire_set_sort(enq, XC_SORT_VALUE_THEN_RELEVANCE,
                            DOSSIER_SLOT_PUBLISHED, opts->sort == SORT_DATE);
    if (opts->collapse)
        xc_enquire_set_collapse(enq, DOSSIER_SLOT_CLUSTER, 1);
    if (is_armed)
        xc_enquire_set_time_limit(enq, opts->time_limit);
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
    if (st == XC_STATUS_MODIFIED) {
        rc = 1;
        goto done;
    }
    if (st != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "search failed: %s",
                 xc_enquire_last_error(enq));
        goto done;
    }
    uint32_t n = xc_mset_size(m);
    out->n_hits = 0;
    out->hits = calloc(n + 1, sizeof *out->hits);
    struct blended *order = calloc(n + 1, sizeof *order);
    if (out->hits == NULL || order == NULL) {
        free(order);
        snprintf(message, message_size, "out of memory");
        goto done;
    }
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
        int r = load_hit(s, m, order[i].index, &out->built, opts, hit,
                         message, message_size);
        if (r == 0 && is_blended) {
            hit->weight = order[i].score;
            hit->rank = i;
        }
        if (r != 0) {
            rc = r;
            free(order);
            goto done;
        }
    }
    free(order);
    rc = count_finish(s, &job, out, message, message_size);
done:
    if (job.is_beside)
        worker_wait(s->worker);
    xc_enquire_destroy(job.enq);
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    return rc;
}

/* Clears what a failed or overtaken attempt left in OUT's hits. */
static void clear_hits(search_result *out)
{
    for (size_t i = 0; i < out->n_hits; i++) {
        dossier_article_clear(&out->hits[i].record);
        snippet_free(&out->hits[i].title);
        snippet_free(&out->hits[i].body);
    }
    free(out->hits);
    out->hits = NULL;
    out->n_hits = 0;
    free_facets(&out->sources);
    free_facets(&out->entities);
    free_facets(&out->months);
    free_facets(&out->years);
}

static int run_with_retries(searcher *s, const xc_query *query,
                            const xc_query *counting,
                            uint32_t n_words, const search_options *opts,
                            search_result *out, char *message,
                            size_t message_size)
{
    for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
        int rc = run_once(s, query, counting, n_words, opts, out, message,
                          message_size);
        if (rc <= 0)
            return rc;
        /* A writer moved the index on: read the latest and try again. */
        clear_hits(out);
        if (reopen(s) != XC_STATUS_SUCCESS) {
            snprintf(message, message_size, "cannot reopen the index: %s",
                     xc_db_last_error(s->db));
            return -1;
        }
    }
    snprintf(message, message_size, "the index changed during %d attempts",
             MAX_RETRIES + 1);
    return -1;
}

static void suggest(searcher *s, const char *query, size_t len,
                    search_result *out);

/* The query QUERY with the feedback terms of its best matches added
 * (FEEDBACK_DOCS), or NULL to run it as it is: a short query, too few
 * matches, or any failure (feedback is a refinement, never a reason for
 * a search to fail).  *out belongs to the caller. */
static xc_query *with_feedback(searcher *s, const xc_query *query,
                               const built_query *built,
                               const search_options *opts)
{
    double weight = opts->feedback_weight != 0 ? opts->feedback_weight
                                               : FEEDBACK_WEIGHT;
    if (weight < 0 || built->n_words < FEEDBACK_MIN_WORDS ||
        opts->sort != SORT_RELEVANCE)
        return NULL;
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
        xc_enquire_set_bm25(enq, opts->bm25_k1 > 0 ? opts->bm25_k1 : BM25_K1,
                            0, 1, opts->bm25_b > 0 ? opts->bm25_b : BM25_B,
                            0.5) != XC_STATUS_SUCCESS ||
        xc_enquire_get_mset(enq, 0, FEEDBACK_DOCS, FEEDBACK_DOCS, NULL, &m) !=
            XC_STATUS_SUCCESS ||
        xc_mset_size(m) < FEEDBACK_DOCS || xc_rset_new(&rset) != XC_STATUS_SUCCESS)
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

int searcher_run(searcher *s, const char *query, size_t len,
                 const search_options *opts, search_result *out,
                 char *message, size_t message_size)
{
    memset(out, 0, sizeof *out);
    snprintf(out->version_warning, sizeof out->version_warning, "%s",
             s->version_warning);
    int rc = query_parse(query, len, opts->max_query_bytes, &out->parsed);
    if (rc < 0) {
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    if (rc == 1 || out->parsed.has_error) {
        out->is_refused = 1;
        return 0;
    }
    if (opts->filter_query && *opts->filter_query) {
        parsed_query filters;
        if (query_parse(opts->filter_query, strlen(opts->filter_query),
                        1 << 14, &filters) != 0 ||
            query_join(&out->parsed, &filters) != 0) {
            query_free(&filters);
            snprintf(message, message_size, "bad filter");
            return -1;
        }
        query_free(&filters);
    }
    unsigned flags = opts->sort != SORT_RELEVANCE ? QUERY_ALL_WORDS_REQUIRED
                                                  : 0;
    /* The same matches without the boosts, to count them: about half the
     * postings of a ranked query of plain words.  Built over a copy of the
     * warnings, which the first build already gave. */
    parsed_query scratch = out->parsed;
    built_query counting = {0};
    if (query_build(out->parsed.root, s->an, s->gaz,
                    opts->lang ? opts->lang : "en", &opts->weights, flags,
                    &out->parsed, &out->built) != 0 ||
        query_build(scratch.root, s->an, s->gaz, opts->lang ? opts->lang : "en",
                    &opts->weights, flags | QUERY_MATCH_ONLY, &scratch,
                    &counting) != 0) {
        built_query_free(&counting);
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    /* The description shows the query as the user wrote it. */
    xc_query_description(out->built.query, &out->query_description);
    xc_query *expanded = with_feedback(s, out->built.query, &out->built, opts);
    rc = run_with_retries(s, expanded ? expanded : out->built.query,
                          counting.query, (uint32_t)out->built.n_words, opts,
                          out, message, message_size);
    xc_query_destroy(expanded);
    built_query_free(&counting);
    if (rc == 0)
        suggest(s, query, len, out);
    return rc;
}

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
static void suggest(searcher *s, const char *query, size_t len,
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

/* The docid of the article with ID, or 0. */
static xc_docid docid_of(searcher *s, const char *id)
{
    char term[XC_MAX_TERM_BYTES + 1];
    if (snprintf(term, sizeof term, "%s%s", DOSSIER_PREFIX_ID, id) >=
        (int)sizeof term)
        return 0;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_docid docid = 0;
    if (xc_query_term(term, 1, 0, &q) == XC_STATUS_SUCCESS &&
        xc_enquire_new(s->db, &enq) == XC_STATUS_SUCCESS &&
        xc_enquire_set_query(enq, q, 1) == XC_STATUS_SUCCESS &&
        xc_enquire_get_mset(enq, 0, 1, 0, NULL, &m) == XC_STATUS_SUCCESS &&
        xc_mset_size(m) > 0)
        docid = xc_mset_docid(m, 0);
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    return docid;
}

int searcher_show(searcher *s, const char *id, search_hit *hit,
                  char *message, size_t message_size)
{
    memset(hit, 0, sizeof *hit);
    xc_docid docid = docid_of(s, id);
    if (docid == 0)
        return 0;
    xc_doc *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    if (xc_db_get_document(s->db, docid, &doc) != XC_STATUS_SUCCESS ||
        xc_doc_get_data(doc, &data, &len) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read document %u: %s", docid,
                 doc ? xc_doc_last_error(doc) : xc_db_last_error(s->db));
        xc_doc_destroy(doc);
        return -1;
    }
    hit->docid = docid;
    int rc = dossier_record_from_json(data, len, &hit->record) == 0 ? 1 : -1;
    if (rc < 0)
        snprintf(message, message_size, "document %u holds no record", docid);
    xc_free(data);
    xc_doc_destroy(doc);
    return rc;
}

int searcher_duplicate_of(searcher *s, const char *id, char *keeper,
                          size_t keeper_size, char *message,
                          size_t message_size)
{
    char key[DOSSIER_META_DUPLICATE_KEY_MAX + 64];
    if (dossier_duplicate_meta_key(id, key, sizeof key) != 0)
        return 0;
    char *value = NULL;
    size_t len = 0;
    if (xc_db_get_metadata(s->db, key, &value, &len) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read the index: %s",
                 xc_db_last_error(s->db));
        return -1;
    }
    int found = len > 0 && len < keeper_size;
    if (found) {
        memcpy(keeper, value, len);
        keeper[len] = '\0';
    }
    xc_free(value);
    return found;
}

int searcher_similar(searcher *s, const char *id, const search_options *opts,
                     search_result *out, char *message, size_t message_size)
{
    memset(out, 0, sizeof *out);
    if (message_size > 0)
        message[0] = '\0';
    xc_docid docid = docid_of(s, id);
    if (docid == 0)
        return 0;
    xc_rset *rset = NULL;
    xc_enquire *enq = NULL;
    xc_eset *eset = NULL;
    int rc = -1;
    if (xc_rset_new(&rset) != XC_STATUS_SUCCESS ||
        xc_rset_add(rset, docid) != XC_STATUS_SUCCESS ||
        xc_enquire_new(s->db, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_get_eset(enq, 24, rset, 1, &eset) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot find related terms");
        goto done;
    }
    size_t n = xc_eset_size(eset);
    xc_query **subs = calloc(n + 1, sizeof *subs);
    size_t k = 0;
    for (size_t i = 0; subs && i < n; i++) {
        if (xc_query_term(xc_eset_term(eset, (uint32_t)i), 1, 0, &subs[k]) ==
            XC_STATUS_SUCCESS) {
            /* Highlight the terms that make it related. */
            char **terms = realloc(out->built.terms,
                                   (out->built.n_terms + 1) * sizeof *terms);
            unsigned char *flags =
                realloc(out->built.is_standalone,
                        (out->built.n_terms + 1) * sizeof *flags);
            if (flags)
                out->built.is_standalone = flags;
            if (terms)
                out->built.terms = terms;
            if (terms && flags) {
                terms[out->built.n_terms] =
                    strdup(xc_eset_term(eset, (uint32_t)i));
                flags[out->built.n_terms] = 1;
                if (terms[out->built.n_terms])
                    out->built.n_terms++;
            }
            k++;
        }
    }
    xc_query *related = NULL, *self = NULL, *q = NULL;
    char term[XC_MAX_TERM_BYTES + 1];
    snprintf(term, sizeof term, "%s%s", DOSSIER_PREFIX_ID, id);
    if (subs && k > 0 &&
        xc_query_combine(XC_QUERY_OR, (const xc_query *const *)subs, k, 0,
                         &related) == XC_STATUS_SUCCESS &&
        xc_query_term(term, 1, 0, &self) == XC_STATUS_SUCCESS) {
        const xc_query *pair[2] = {related, self};
        if (xc_query_combine(XC_QUERY_AND_NOT, pair, 2, 0, &q) ==
            XC_STATUS_SUCCESS) {
            out->built.query = q;
            xc_query_description(q, &out->query_description);
            rc = run_with_retries(s, q, q, (uint32_t)k, opts, out, message,
                                  message_size) == 0
                     ? 1
                     : -1;
        }
    }
    for (size_t i = 0; subs && i < k; i++)
        xc_query_destroy(subs[i]);
    free(subs);
    xc_query_destroy(related);
    xc_query_destroy(self);
    if (rc == -1 && message[0] == '\0')
        snprintf(message, message_size, "cannot build the related query");
done:
    xc_eset_destroy(eset);
    xc_enquire_destroy(enq);
    xc_rset_destroy(rset);
    return rc;
}
