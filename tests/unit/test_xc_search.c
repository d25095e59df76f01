/*
 * test_xc_search.c: searching through libxapian-c: BM25, phrase and NEAR,
 * value ranges, wildcards, sorting, collapsing, facets, relevance
 * feedback, the match set, and shards searched through a stub file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"
#include "xapian-c.h"

enum {
    SLOT_TIME = 0,
    SLOT_SOURCE = 1,
    SLOT_CLUSTER = 2,
    SLOT_LIST = 3,
    SLOT_FIELDS = 4
};

/* The test corpus: id, words, time, source, cluster, entity terms. */
static const struct row {
    const char *id;
    const char *words;
    double time;
    const char *source;
    const char *cluster;
    const char *entities;
} corpus[] = {
    {"a", "cyber spies of the chinese military hacked japan defence", 300,
     "wapo", "c1", "XEpla XEjapan"},
    {"b", "japan raises cyber budget cyber force cyber defence", 200,
     "nikkei", "c2", "XEjapan"},
    {"c", "chinese military cyber spies hacked japan defence networks", 100,
     "reuters", "c1", "XEpla XEjapan"},
    {"d", "chinese state hackers phished russian defence institutes", 400,
     "reuters", "c3", "XEchina XErussia XEcheck-point"},
    {"e", "the military spies of china and japan meet", 50, "wapo", "c4",
     "XEchina XEjapan"},
    {"f", "chinese military hacked spies cyber japan defence again", 250,
     "ap", "c1", "XEpla XEjapan"},
};
#define N_CORPUS (sizeof corpus / sizeof corpus[0])

static void put_row(xc_db *db, const struct row *r)
{
    xc_doc *doc = test_doc_from_words(r->id, r->words, r->id);
    char entities[256];
    snprintf(entities, sizeof entities, "%s", r->entities);
    for (char *save = NULL, *e = strtok_r(entities, " ", &save); e;
         e = strtok_r(NULL, " ", &save))
        assert_int_equal(xc_doc_add_boolean_term(doc, e), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_set_value_double(doc, SLOT_TIME, r->time),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_set_value(doc, SLOT_SOURCE, r->source,
                                      strlen(r->source)),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_set_value(doc, SLOT_CLUSTER, r->cluster,
                                      strlen(r->cluster)),
                     XC_STATUS_SUCCESS);
    /* The entities again as a '\n'-separated list; "a" names the PLA
     * twice and has an empty item, which count once and not at all. */
    char list[256];
    int len = snprintf(list, sizeof list, "%s%s", r->entities,
                       strcmp(r->id, "a") == 0 ? "\n\nXEpla" : "");
    for (char *c = list; *c; c++)
        if (*c == ' ')
            *c = '\n';
    assert_int_equal(xc_doc_set_value(doc, SLOT_LIST, list, (size_t)len),
                     XC_STATUS_SUCCESS);
    /* Source and entity list as the fields of one value: "e" leaves out
     * the (empty) third field, "d" adds a fourth, which is not counted. */
    char fields[512];
    len = snprintf(fields, sizeof fields, "%s\x1e%s%s", r->source, list,
                   strcmp(r->id, "e") == 0   ? ""
                   : strcmp(r->id, "d") == 0 ? "\x1e\x1e" "d-only"
                                             : "\x1e");
    assert_int_equal(xc_doc_set_value(doc, SLOT_FIELDS, fields, (size_t)len),
                     XC_STATUS_SUCCESS);
    char unique[64];
    snprintf(unique, sizeof unique, "Q%s", r->id);
    assert_int_equal(xc_db_replace_document_by_term(db, unique, doc, NULL),
                     XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);
}

struct fixture {
    char *dir;
    char *path;
    xc_db *db;
    xc_enquire *enq;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir_new("search");
    f->path = test_path_join(f->dir, "index");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < N_CORPUS; i++)
        put_row(w, &corpus[i]);
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    assert_int_equal(xc_db_open_readonly(f->path, &f->db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_new(f->db, &f->enq), XC_STATUS_SUCCESS);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    xc_enquire_destroy(f->enq);
    xc_db_destroy(f->db);
    free(f->path);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static xc_query *term(const char *t)
{
    xc_query *q = NULL;
    assert_int_equal(xc_query_term(t, 1, 0, &q), XC_STATUS_SUCCESS);
    return q;
}

static xc_query *combine(xc_query_op op, unsigned window, size_t n,
                         const char *const *terms)
{
    xc_query *subs[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++)
        subs[i] = term(terms[i]);
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(op, (const xc_query *const *)subs, n,
                                      window, &q),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++)
        xc_query_destroy(subs[i]);
    return q;
}

/* Runs Q and writes the ids of the hits, space-separated, into OUT. */
static void run_ids(xc_enquire *enq, xc_query *q, char *out, size_t out_len)
{
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 0, 20, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    out[0] = '\0';
    for (uint32_t i = 0; i < xc_mset_size(m); i++) {
        xc_doc *doc = NULL;
        assert_int_equal(xc_mset_document(m, i, &doc), XC_STATUS_SUCCESS);
        char *data = NULL;
        assert_int_equal(xc_doc_get_data(doc, &data, NULL), XC_STATUS_SUCCESS);
        size_t used = strlen(out);
        snprintf(out + used, out_len - used, "%s%s", used ? " " : "", data);
        xc_free(data);
        xc_doc_destroy(doc);
    }
    xc_mset_destroy(m);
}

static void assert_hits(xc_enquire *enq, xc_query *q, const char *expected)
{
    char ids[256];
    run_ids(enq, q, ids, sizeof ids);
    assert_string_equal(ids, expected);
    xc_query_destroy(q);
}

static void test_bm25_ranking(void **state)
{
    struct fixture *f = *state;
    /* "b" says cyber three times in a short document. */
    assert_hits(f->enq, term("budget"), "b");
    xc_query *q = term("cyber");
    char ids[256];
    run_ids(f->enq, q, ids, sizeof ids);
    assert_memory_equal(ids, "b ", 2);

    /* With k1 = 0 the within-document frequency no longer counts and with
     * b = 0 neither does length: every hit weighs the same. */
    assert_int_equal(xc_enquire_set_bm25(f->enq, 0, 0, 1, 0, 0.5),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(f->enq, q, 1), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 0, NULL, &m),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_mset_size(m), 4);
    for (uint32_t i = 1; i < xc_mset_size(m); i++)
        assert_true(xc_mset_weight(m, i) == xc_mset_weight(m, 0));
    xc_mset_destroy(m);
    xc_query_destroy(q);

    assert_int_equal(xc_enquire_set_bm25(f->enq, -1, 0, 1, 0.5, 0.5),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_bm25(f->enq, 1, 0, 1, 1.5, 0.5),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_true(strlen(xc_enquire_last_error(f->enq)) > 0);
}

static void test_boolean_operators(void **state)
{
    struct fixture *f = *state;
    const char *cyber_japan[] = {"cyber", "budget"};
    assert_hits(f->enq, combine(XC_QUERY_AND, 0, 2, cyber_japan), "b");

    const char *russian_budget[] = {"russian", "budget"};
    char ids[256];
    xc_query *q = combine(XC_QUERY_OR, 0, 2, russian_budget);
    run_ids(f->enq, q, ids, sizeof ids);
    xc_query_destroy(q);
    assert_true(strstr(ids, "b") && strstr(ids, "d") && strlen(ids) == 3);

    const char *military_not_cyber[] = {"military", "cyber"};
    assert_hits(f->enq, combine(XC_QUERY_AND_NOT, 0, 2, military_not_cyber),
                "e");

    /* FILTER on an entity term: only documents naming the PLA. */
    xc_query *spies = term("spies"), *pla = term("XEpla");
    const xc_query *filter[] = {spies, pla};
    assert_int_equal(xc_query_combine(XC_QUERY_FILTER, filter, 2, 0, &q),
                     XC_STATUS_SUCCESS);
    run_ids(f->enq, q, ids, sizeof ids);
    assert_int_equal(strlen(ids), 5); /* a, c, f */
    assert_null(strchr(ids, 'e'));
    xc_query_destroy(q);
    xc_query_destroy(spies);
    xc_query_destroy(pla);
}

static void test_phrase_and_near(void **state)
{
    struct fixture *f = *state;
    const char *phrase[] = {"chinese", "military"};
    char ids[256];
    xc_query *q = combine(XC_QUERY_PHRASE, 0, 2, phrase);
    run_ids(f->enq, q, ids, sizeof ids);
    xc_query_destroy(q);
    /* a, c and f have "chinese military"; e has "military ... china". */
    assert_int_equal(strlen(ids), 5);
    assert_null(strchr(ids, 'e'));
    assert_null(strchr(ids, 'd'));

    /* "cyber ... defence": within 3 words only in b ("cyber defence"),
     * within 9 also in a, c and f. */
    const char *near[] = {"defence", "cyber"};
    assert_hits(f->enq, combine(XC_QUERY_NEAR, 2, 2, near), "b");
    q = combine(XC_QUERY_NEAR, 9, 2, near);
    run_ids(f->enq, q, ids, sizeof ids);
    xc_query_destroy(q);
    assert_int_equal(strlen(ids), 7);
}

static void test_value_range_and_sort(void **state)
{
    struct fixture *f = *state;
    char lo[XC_SORTABLE_MAX], hi[XC_SORTABLE_MAX];
    size_t lo_len = xc_sortable_serialise(100, lo);
    size_t hi_len = xc_sortable_serialise(300, hi);
    xc_query *range = NULL;
    assert_int_equal(xc_query_value_range(SLOT_TIME, lo, lo_len, hi, hi_len,
                                          &range),
                     XC_STATUS_SUCCESS);

    /* Newest first, then oldest first. */
    assert_int_equal(xc_enquire_set_sort(f->enq, XC_SORT_VALUE, SLOT_TIME, 1),
                     XC_STATUS_SUCCESS);
    char ids[256];
    run_ids(f->enq, range, ids, sizeof ids);
    assert_string_equal(ids, "a f b c");
    assert_int_equal(xc_enquire_set_sort(f->enq, XC_SORT_VALUE, SLOT_TIME, 0),
                     XC_STATUS_SUCCESS);
    run_ids(f->enq, range, ids, sizeof ids);
    assert_string_equal(ids, "c b f a");

    /* Open-ended: since 250. */
    xc_query *since = NULL;
    lo_len = xc_sortable_serialise(250, lo);
    assert_int_equal(xc_query_value_range(SLOT_TIME, lo, lo_len, NULL, 0,
                                          &since),
                     XC_STATUS_SUCCESS);
    assert_hits(f->enq, since, "f a d");

    /* Relevance, ties broken by value: every hit of a match-all query has
     * weight 0, so the value decides. */
    xc_query *all = NULL;
    assert_int_equal(xc_query_match_all(&all), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_sort(f->enq, XC_SORT_RELEVANCE_THEN_VALUE,
                                         SLOT_TIME, 1),
                     XC_STATUS_SUCCESS);
    assert_hits(f->enq, all, "d a f b c e");

    assert_int_equal(xc_enquire_set_sort(f->enq, XC_SORT_VALUE_THEN_RELEVANCE,
                                         SLOT_SOURCE, 0),
                     XC_STATUS_SUCCESS);
    char first[8];
    xc_query *q = term("japan");
    run_ids(f->enq, q, ids, sizeof ids);
    xc_query_destroy(q);
    snprintf(first, sizeof first, "%c", ids[0]);
    assert_string_equal(first, "f"); /* source "ap" sorts first */

    assert_int_equal(xc_enquire_set_sort(f->enq, (xc_sort)77, 0, 0),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_sort(f->enq, XC_SORT_RELEVANCE, 0, 0),
                     XC_STATUS_SUCCESS);
    xc_query_destroy(range);
}

static void test_wildcard(void **state)
{
    struct fixture *f = *state;
    /* "hack*" expands to hacked and hackers. */
    xc_query *q = NULL;
    assert_int_equal(xc_query_wildcard("hack", 10, XC_WILDCARD_ERROR, &q),
                     XC_STATUS_SUCCESS);
    char ids[256];
    run_ids(f->enq, q, ids, sizeof ids);
    assert_int_equal(strlen(ids), 7); /* a c d f */
    xc_query_destroy(q);

    /* Over the limit: ERROR mode fails the search with RANGE ... */
    assert_int_equal(xc_query_wildcard("hack", 1, XC_WILDCARD_ERROR, &q),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = (xc_mset *)1;
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 0, NULL, &m),
                     XC_STATUS_RANGE);
    assert_null(m);
    assert_true(strlen(xc_enquire_last_error(f->enq)) > 0);
    xc_query_destroy(q);

    /* ... while MOST_FREQUENT keeps the commonest term: hacked (a c f). */
    assert_int_equal(xc_query_wildcard("hack", 1, XC_WILDCARD_MOST_FREQUENT,
                                       &q),
                     XC_STATUS_SUCCESS);
    run_ids(f->enq, q, ids, sizeof ids);
    assert_int_equal(strlen(ids), 5);
    assert_null(strchr(ids, 'd'));
    xc_query_destroy(q);
}

static void test_collapse(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(xc_enquire_set_collapse(f->enq, SLOT_CLUSTER, 1),
                     XC_STATUS_SUCCESS);
    xc_query *q = term("spies");
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    /* a, c, f share cluster c1: one stands for the other two. */
    assert_int_equal(xc_mset_size(m), 2);
    uint32_t collapsed = 0;
    for (uint32_t i = 0; i < xc_mset_size(m); i++)
        collapsed += xc_mset_collapse_count(m, i);
    assert_int_equal(collapsed, 2);
    /* Every match was checked: two hits, four matching documents. */
    assert_int_equal(xc_mset_matches_lower_bound(m), 2);
    assert_int_equal(xc_mset_matches_upper_bound(m), 2);
    assert_int_equal(xc_mset_uncollapsed_lower_bound(m), 4);
    assert_int_equal(xc_mset_uncollapsed_upper_bound(m), 4);
    xc_mset_destroy(m);

    /* Off again: hits and documents are one. */
    assert_int_equal(xc_enquire_set_collapse(f->enq, SLOT_CLUSTER, 0),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_mset_size(m), 4);
    assert_int_equal(xc_mset_matches_lower_bound(m), 4);
    assert_int_equal(xc_mset_uncollapsed_upper_bound(m), 4);
    xc_mset_destroy(m);
    xc_query_destroy(q);
}

static void test_mset_fields(void **state)
{
    struct fixture *f = *state;
    const char *words[] = {"japan", "defence", "budget"};
    xc_query *q = combine(XC_QUERY_OR, 0, 3, words);
    assert_int_equal(xc_enquire_set_time_limit(f->enq, 5.0),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_time_limit(f->enq, -1),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_query(f->enq, q, 3), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    /* The best weight, whatever the page: page one's first hit's. */
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 1, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    double best = xc_mset_weight(m, 0);
    assert_true(best > 0);
    assert_true(xc_mset_max_attained(m) == best);
    xc_mset_destroy(m);
    assert_true(xc_mset_max_attained(NULL) == 0);

    /* Page two, with an exact count. */
    assert_int_equal(xc_enquire_get_mset(f->enq, 2, 2, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    assert_true(xc_mset_max_attained(m) == best);
    assert_int_equal(xc_mset_size(m), 2);
    assert_int_equal(xc_mset_matches_estimated(m), 6);
    assert_int_equal(xc_mset_matches_lower_bound(m), 6);
    assert_int_equal(xc_mset_matches_upper_bound(m), 6);
    assert_int_equal(xc_mset_rank(m, 0), 2);
    assert_int_equal(xc_mset_rank(m, 1), 3);
    assert_true(xc_mset_weight(m, 0) >= xc_mset_weight(m, 1));
    assert_true(xc_mset_percent(m, 0) > 0 && xc_mset_percent(m, 0) <= 100);
    assert_true(xc_mset_docid(m, 0) >= 1 && xc_mset_docid(m, 0) <= N_CORPUS);
    xc_mset_destroy(m);

    /* Hit "b" (budget) matches all three words, in query order. */
    xc_query_destroy(q);
    const char *b_words[] = {"budget", "japan", "defence"};
    q = combine(XC_QUERY_AND, 0, 3, b_words);
    assert_int_equal(xc_enquire_set_query(f->enq, q, 3), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 0, NULL, &m),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_mset_size(m), 1);
    xc_terms *t = NULL;
    assert_int_equal(xc_mset_matching_terms(m, 0, &t), XC_STATUS_SUCCESS);
    char got[128] = "";
    for (; xc_terms_valid(t); xc_terms_next(t)) {
        strncat(got, xc_terms_term(t), sizeof got - strlen(got) - 2);
        strcat(got, " ");
    }
    xc_terms_destroy(t);
    /* Xapian lists matching terms in byte order. */
    assert_string_equal(got, "budget defence japan ");

    /* Past the end: zeros and RANGE, never a crash. */
    assert_int_equal(xc_mset_docid(m, 5), 0);
    assert_true(xc_mset_weight(m, 5) == 0);
    xc_doc *doc = (xc_doc *)1;
    assert_int_equal(xc_mset_document(m, 5, &doc), XC_STATUS_RANGE);
    assert_null(doc);
    assert_int_equal(xc_mset_matching_terms(m, 5, &t), XC_STATUS_RANGE);
    assert_true(strlen(xc_mset_last_error(m)) > 0);
    xc_mset_destroy(m);
    xc_query_destroy(q);
}

/* T lists japan (4 documents) then the PLA (3), and nothing more when
 * IS_ALL; T is destroyed. */
static void assert_japan_then_pla(xc_terms *t, int is_all)
{
    assert_string_equal(xc_terms_term(t), "XEjapan");
    assert_int_equal(xc_terms_freq(t), 4);
    xc_terms_next(t);
    assert_string_equal(xc_terms_term(t), "XEpla");
    assert_int_equal(xc_terms_freq(t), 3);
    xc_terms_next(t);
    if (is_all)
        assert_false(xc_terms_valid(t));
    xc_terms_destroy(t);
}

static void test_facets(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(xc_enquire_add_value_count(f->enq, SLOT_SOURCE),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_add_term_count(f->enq, "XE"),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_add_value_fields_count(f->enq, SLOT_LIST, 1),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_add_value_fields_count(f->enq, SLOT_FIELDS, 3),
                     XC_STATUS_SUCCESS);
    xc_query *q = term("defence");
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    /* Ask for one hit but look at every match. */
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 1, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    xc_mset_destroy(m);

    uint32_t n = 0;
    assert_int_equal(xc_enquire_counted_docs(f->enq, &n), XC_STATUS_SUCCESS);
    assert_int_equal(n, 5); /* a b c d f */

    xc_terms *t = NULL;
    assert_int_equal(xc_enquire_value_counts(f->enq, SLOT_SOURCE, 10, &t),
                     XC_STATUS_SUCCESS);
    /* reuters 2, then ties in byte order: ap, nikkei, wapo. */
    static const struct {
        const char *value;
        uint32_t count;
    } sources[] = {{"reuters", 2}, {"ap", 1}, {"nikkei", 1}, {"wapo", 1}};
    size_t i = 0;
    for (; xc_terms_valid(t); xc_terms_next(t), i++) {
        assert_string_equal(xc_terms_term(t), sources[i].value);
        assert_int_equal(xc_terms_freq(t), sources[i].count);
    }
    assert_int_equal(i, 4);
    xc_terms_destroy(t);

    /* Cut at 2. */
    assert_int_equal(xc_enquire_term_counts(f->enq, "XE", 2, &t),
                     XC_STATUS_SUCCESS);
    assert_japan_then_pla(t, 1);
    /* The same counts from the value lists, one field each. */
    assert_int_equal(xc_enquire_field_counts(f->enq, SLOT_LIST, 0, 2, &t),
                     XC_STATUS_SUCCESS);
    assert_japan_then_pla(t, 1);

    /* The same counts again from the fields of one value. */
    assert_int_equal(xc_enquire_field_counts(f->enq, SLOT_FIELDS, 0, 10, &t),
                     XC_STATUS_SUCCESS);
    for (i = 0; xc_terms_valid(t); xc_terms_next(t), i++) {
        assert_string_equal(xc_terms_term(t), sources[i].value);
        assert_int_equal(xc_terms_freq(t), sources[i].count);
    }
    assert_int_equal(i, 4);
    xc_terms_destroy(t);
    assert_int_equal(xc_enquire_field_counts(f->enq, SLOT_FIELDS, 1, 2, &t),
                     XC_STATUS_SUCCESS);
    assert_japan_then_pla(t, 1);
    assert_int_equal(xc_enquire_field_counts(f->enq, SLOT_FIELDS, 2, 10, &t),
                     XC_STATUS_SUCCESS);
    assert_false(xc_terms_valid(t)); /* empty, missing, or past the count */
    xc_terms_destroy(t);
    /* Fields and plain counters are asked for each their own way. */
    assert_int_equal(xc_enquire_field_counts(f->enq, SLOT_FIELDS, 3, 10, &t),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_field_counts(f->enq, SLOT_SOURCE, 0, 10, &t),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_value_counts(f->enq, SLOT_FIELDS, 10, &t),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_add_value_fields_count(f->enq, SLOT_FIELDS, 0),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_add_value_fields_count(f->enq, SLOT_FIELDS,
                                                       XC_MAX_VALUE_FIELDS + 1),
                     XC_STATUS_INVALID_ARGUMENT);

    /* A second search counts afresh. */
    xc_query_destroy(q);
    q = term("budget");
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    xc_mset_destroy(m);
    assert_int_equal(xc_enquire_term_counts(f->enq, "XE", 0, &t),
                     XC_STATUS_SUCCESS);
    assert_string_equal(xc_terms_term(t), "XEjapan");
    assert_int_equal(xc_terms_freq(t), 1);
    xc_terms_destroy(t);

    /* Asking for a counter never added is an error. */
    assert_int_equal(xc_enquire_value_counts(f->enq, 7, 10, &t),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_term_counts(f->enq, "XT", 10, &t),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_clear_counts(f->enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_term_counts(f->enq, "XE", 10, &t),
                     XC_STATUS_INVALID_ARGUMENT);
    xc_query_destroy(q);
}

static void test_relevance_feedback(void **state)
{
    struct fixture *f = *state;
    /* Find the docid of "d" (the Russian institutes story). */
    xc_query *q = term("Qd");
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 1, 0, NULL, &m),
                     XC_STATUS_SUCCESS);
    xc_docid d = xc_mset_docid(m, 0);
    xc_mset_destroy(m);
    xc_query_destroy(q);

    xc_rset *rset = NULL;
    assert_int_equal(xc_rset_new(&rset), XC_STATUS_SUCCESS);
    assert_int_equal(xc_rset_add(rset, d), XC_STATUS_SUCCESS);
    assert_int_equal(xc_rset_add(rset, 0), XC_STATUS_INVALID_ARGUMENT);

    xc_eset *eset = NULL;
    assert_int_equal(xc_enquire_get_eset(f->enq, 5, rset, 1, &eset),
                     XC_STATUS_SUCCESS);
    assert_true(xc_eset_size(eset) > 0 && xc_eset_size(eset) <= 5);
    int has_russian = 0;
    for (uint32_t i = 0; i < xc_eset_size(eset); i++) {
        const char *t = xc_eset_term(eset, i);
        assert_false(t[0] >= 'A' && t[0] <= 'Z'); /* words only */
        assert_true(xc_eset_weight(eset, i) > 0);
        if (strcmp(t, "russian") == 0)
            has_russian = 1;
    }
    assert_true(has_russian);
    assert_null(xc_eset_term(eset, 99));
    xc_eset_destroy(eset);

    /* Without the filter, prefixed terms may come too. */
    assert_int_equal(xc_enquire_get_eset(f->enq, 50, rset, 0, &eset),
                     XC_STATUS_SUCCESS);
    int has_prefixed = 0;
    for (uint32_t i = 0; i < xc_eset_size(eset); i++)
        if (xc_eset_term(eset, i)[0] == 'Q' || xc_eset_term(eset, i)[0] == 'X')
            has_prefixed = 1;
    assert_true(has_prefixed);
    xc_eset_destroy(eset);

    /* An RSet also feeds BM25 in get_mset. */
    q = term("defence");
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 10, 0, rset, &m),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_mset_size(m), 5);
    xc_mset_destroy(m);
    xc_query_destroy(q);
    xc_rset_destroy(rset);
}

/* Runs QUERY_TERMS (ORed) on DB and writes "id:weight ..." into OUT. */
static void ranked(xc_db *db, size_t n, const char *const *words, char *out,
                   size_t out_len)
{
    xc_enquire *enq = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_STATUS_SUCCESS);
    xc_query *q = combine(XC_QUERY_OR, 0, n, words);
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 0, 20, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    test_mset_describe(m, out, out_len);
    xc_mset_destroy(m);
    xc_query_destroy(q);
    xc_enquire_destroy(enq);
}

/* The corpus split over two shards in F's folder (shard1, shard2) and
 * the stub file that joins them, whose path it returns (the caller
 * frees it). */
static char *write_two_shards(const struct fixture *f)
{
    char *s1 = test_path_join(f->dir, "shard1");
    char *s2 = test_path_join(f->dir, "shard2");
    xc_db *w1 = NULL, *w2 = NULL;
    assert_int_equal(xc_db_open_writable(s1, XC_DB_CREATE, &w1),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_open_writable(s2, XC_DB_CREATE, &w2),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < N_CORPUS; i++)
        put_row(i % 2 ? w2 : w1, &corpus[i]);
    xc_db_destroy(w1);
    xc_db_destroy(w2);
    free(s1);
    free(s2);
    char *stub = test_path_join(f->dir, "all.stub");
    static const char stub_text[] = "# two shards\nauto shard1\nauto shard2\n";
    test_write_file(stub, stub_text, sizeof stub_text - 1);
    return stub;
}

static void test_stub_of_two_shards(void **state)
{
    struct fixture *f = *state;
    /* The same corpus split over two shards, joined by a stub file. */
    char *stub = write_two_shards(f);
    char *s1 = test_path_join(f->dir, "shard1");
    char *s2 = test_path_join(f->dir, "shard2");

    xc_db *sharded = NULL;
    assert_int_equal(xc_db_open_readonly(stub, &sharded), XC_STATUS_SUCCESS);
    uint32_t n = 0;
    assert_int_equal(xc_db_doc_count(sharded, &n), XC_STATUS_SUCCESS);
    assert_int_equal(n, N_CORPUS);

    static const char *const queries[][3] = {
        {"cyber", "defence", "japan"},
        {"chinese", "spies", "russian"},
        {"budget", "military", "hacked"},
    };
    for (size_t i = 0; i < 3; i++) {
        char one[512], many[512];
        ranked(f->db, 3, queries[i], one, sizeof one);
        ranked(sharded, 3, queries[i], many, sizeof many);
        assert_string_equal(one, many);
        assert_true(strlen(one) > 0);
    }

    /* Shards can also be joined in code. */
    xc_db *r1 = NULL, *r2 = NULL;
    assert_int_equal(xc_db_open_readonly(s1, &r1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_open_readonly(s2, &r2), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_shard(r1, r2), XC_STATUS_SUCCESS);
    xc_db_destroy(r2);
    char one[512], joined[512];
    ranked(f->db, 3, queries[0], one, sizeof one);
    ranked(r1, 3, queries[0], joined, sizeof joined);
    assert_string_equal(one, joined);
    xc_db_destroy(r1);

    xc_db_destroy(sharded);
    free(stub);
    free(s1);
    free(s2);
}

/* Many distinct items (the counter's table grows twice), each counted
 * once per document however often the document lists it. */
static void test_facets_many_values(void **state)
{
    struct fixture *f = *state;
    char *path = test_path_join(f->dir, "many");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    for (int i = 0; i < 100; i++) {
        char id[16], list[96];
        snprintf(id, sizeof id, "n%d", i);
        int len = snprintf(list, sizeof list, "all\nu%d\nm%d\nall\nu%d", i,
                           i % 10, i);
        xc_doc *doc = test_doc_from_words(id, "item", id);
        assert_int_equal(xc_doc_set_value(doc, SLOT_LIST, list, (size_t)len),
                         XC_STATUS_SUCCESS);
        assert_int_equal(xc_db_add_document(w, doc, NULL), XC_STATUS_SUCCESS);
        xc_doc_destroy(doc);
    }
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    xc_db *db = NULL;
    xc_enquire *enq = NULL;
    assert_int_equal(xc_db_open_readonly(path, &db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_new(db, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_add_value_fields_count(enq, SLOT_LIST, 1),
                     XC_STATUS_SUCCESS);
    xc_query *q = term("item");
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    for (int round = 0; round < 2; round++) { /* a second search anew */
        xc_mset *m = NULL;
        assert_int_equal(xc_enquire_get_mset(enq, 0, 0, 1000, NULL, &m),
                         XC_STATUS_SUCCESS);
        xc_mset_destroy(m);
        xc_terms *it = NULL;
        assert_int_equal(xc_enquire_field_counts(enq, SLOT_LIST, 0, 0, &it),
                         XC_STATUS_SUCCESS);
        size_t n = 0;
        uint32_t total = 0;
        for (; xc_terms_valid(it); xc_terms_next(it), n++) {
            const char *v = xc_terms_term(it);
            uint32_t c = xc_terms_freq(it);
            total += c;
            if (n == 0) {
                assert_string_equal(v, "all");
                assert_int_equal(c, 100);
            } else if (v[0] == 'm') {
                assert_int_equal(c, 10);
            } else {
                assert_int_equal(v[0], 'u');
                assert_int_equal(c, 1);
            }
        }
        xc_terms_destroy(it);
        assert_int_equal(n, 111);
        assert_int_equal(total, 100 + 100 + 100);
    }
    xc_query_destroy(q);
    xc_enquire_destroy(enq);
    xc_db_destroy(db);
    free(path);
}

struct seen {
    xc_docid docids[16];
    size_t n;
};

static void see(void *ctx, xc_docid docid)
{
    struct seen *seen = ctx;
    if (seen->n < 16)
        seen->docids[seen->n] = docid;
    seen->n++;
}

/* The ids (document data) of the documents SEEN saw, sorted, in OUT. */
static void seen_ids(xc_db *db, struct seen *seen, char *out, size_t out_len)
{
    char ids[16][8];
    assert_true(seen->n <= 16);
    for (size_t i = 0; i < seen->n; i++) {
        xc_doc *doc = NULL;
        char *data = NULL;
        assert_int_equal(xc_db_get_document(db, seen->docids[i], &doc),
                         XC_STATUS_SUCCESS);
        assert_int_equal(xc_doc_get_data(doc, &data, NULL), XC_STATUS_SUCCESS);
        assert_true(strlen(data) < sizeof ids[i]);
        memcpy(ids[i], data, strlen(data) + 1);
        xc_free(data);
        xc_doc_destroy(doc);
    }
    qsort(ids, seen->n, sizeof ids[0],
          (int (*)(const void *, const void *))strcmp);
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < seen->n; i++) {
        size_t len = strlen(ids[i]);
        assert_true(used + len + 2 <= out_len);
        if (used > 0)
            out[used++] = ' ';
        memcpy(out + used, ids[i], len + 1);
        used += len;
    }
}

/* The docid spy sees every match once, even with no hit asked for; it
 * refuses shards. */
static void test_docid_spy(void **state)
{
    struct fixture *f = *state;
    struct seen seen = {0};
    xc_query *q = term("spies");
    assert_int_equal(xc_enquire_set_query(f->enq, q, 0), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_add_docid_spy(f->enq, see, &seen),
                     XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 0, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    xc_mset_destroy(m);
    char ids[128];
    seen_ids(f->db, &seen, ids, sizeof ids);
    assert_string_equal(ids, "a c e f");
    /* Each search starts its own tally; clearing the counters drops it. */
    seen.n = 0;
    assert_int_equal(xc_enquire_clear_counts(f->enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(f->enq, 0, 0, 100, NULL, &m),
                     XC_STATUS_SUCCESS);
    xc_mset_destroy(m);
    assert_int_equal(seen.n, 0);
    assert_int_equal(xc_enquire_add_docid_spy(f->enq, NULL, NULL),
                     XC_STATUS_INVALID_ARGUMENT);

    /* Shards: Xapian gives a spy each shard's own docids, which are not
     * the stub's: refused. */
    char *stub = write_two_shards(f);
    xc_db *sharded = NULL;
    xc_enquire *enq = NULL;
    assert_int_equal(xc_db_open_readonly(stub, &sharded), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_new(sharded, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_add_docid_spy(enq, see, &seen),
                     XC_STATUS_INVALID_ARGUMENT);

    /* One database has a revision, which a commit moves on; a stub of two
     * has none. */
    uint64_t revision = 0, later = 0;
    assert_int_equal(xc_db_revision(f->db, &revision), XC_STATUS_SUCCESS);
    assert_true(revision >= 1);
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_OPEN, &w), XC_STATUS_SUCCESS);
    test_db_put(w, "g", "one more spy");
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    assert_int_equal(xc_db_reopen(f->db, NULL), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_revision(f->db, &later), XC_STATUS_SUCCESS);
    assert_int_equal(later, revision + 1);
    assert_int_not_equal(xc_db_revision(sharded, &revision),
                         XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_revision(f->db, NULL), XC_STATUS_INVALID_ARGUMENT);

    xc_enquire_destroy(enq);
    xc_db_destroy(sharded);
    xc_query_destroy(q);
    free(stub);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_bm25_ranking),      T(test_boolean_operators),
        T(test_phrase_and_near),   T(test_value_range_and_sort),
        T(test_wildcard),          T(test_collapse),
        T(test_mset_fields),       T(test_facets),
        T(test_relevance_feedback), T(test_stub_of_two_shards),
        T(test_docid_spy),         T(test_facets_many_values),
    };
    return cmocka_run_group_tests_name("xapian-c search", tests, NULL, NULL);
}
