/*
 * test_xc_query.c: building queries: each constructor, its description,
 * the arguments it refuses, and the bound on a query's cost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"
#include "xapian-c.h"

static char *describe(const xc_query *q)
{
    char *s = NULL;
    assert_int_equal(xc_query_description(q, &s), XC_STATUS_SUCCESS);
    return s;
}

static void assert_description(const xc_query *q, const char *expected)
{
    char *s = describe(q);
    assert_string_equal(s, expected);
    xc_free(s);
}

static xc_query *term(const char *t)
{
    xc_query *q = NULL;
    assert_int_equal(xc_query_term(t, 1, 0, &q), XC_STATUS_SUCCESS);
    return q;
}

static void test_combinations(void **state)
{
    (void)state;
    xc_query *a = term("cyber"), *b = term("spi");
    const xc_query *ab[] = {a, b};
    static const struct {
        xc_query_op op;
        unsigned window;
        const char *expected;
    } rows[] = {
        {XC_QUERY_AND, 0, "Query((cyber AND spi))"},
        {XC_QUERY_OR, 0, "Query((cyber OR spi))"},
        {XC_QUERY_AND_NOT, 0, "Query((cyber AND_NOT spi))"},
        {XC_QUERY_AND_MAYBE, 0, "Query((cyber AND_MAYBE spi))"},
        {XC_QUERY_FILTER, 0, "Query((cyber FILTER spi))"},
        {XC_QUERY_PHRASE, 0, "Query((cyber PHRASE 2 spi))"},
        {XC_QUERY_NEAR, 5, "Query((cyber NEAR 5 spi))"},
        {XC_QUERY_SYNONYM, 0, "Query((cyber SYNONYM spi))"},
        {XC_QUERY_MAX, 0, "Query((cyber MAX spi))"},
        {XC_QUERY_ELITE_SET, 1, "Query((cyber ELITE_SET 1 spi))"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xc_query *q = NULL;
        assert_int_equal(xc_query_combine(rows[i].op, ab, 2, rows[i].window,
                                          &q),
                         XC_STATUS_SUCCESS);
        assert_description(q, rows[i].expected);
        xc_query_destroy(q);
    }

    /* Subqueries may go before the combination: it keeps references. */
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_QUERY_AND, ab, 2, 0, &q),
                     XC_STATUS_SUCCESS);
    xc_query_destroy(a);
    xc_query_destroy(b);
    assert_description(q, "Query((cyber AND spi))");
    assert_false(xc_query_is_empty(q));
    xc_query_destroy(q);

    /* An OR of nothing is the empty query. */
    assert_int_equal(xc_query_combine(XC_QUERY_OR, NULL, 0, 0, &q),
                     XC_STATUS_SUCCESS);
    assert_true(xc_query_is_empty(q));
    xc_query_destroy(q);
}

static void test_leaves(void **state)
{
    (void)state;
    xc_query *q = NULL;
    assert_int_equal(xc_query_term("pla", 2, 3, &q), XC_STATUS_SUCCESS);
    assert_description(q, "Query(pla#2@3)");
    xc_query *scaled = NULL;
    assert_int_equal(xc_query_scale_weight(q, 2.5, &scaled),
                     XC_STATUS_SUCCESS);
    assert_description(scaled, "Query(2.5 * pla#2@3)");
    xc_query_destroy(scaled);
    xc_query_destroy(q);

    assert_int_equal(xc_query_value_range(0, "a", 1, "b", 1, &q),
                     XC_STATUS_SUCCESS);
    assert_description(q, "Query(VALUE_RANGE 0 a b)");
    xc_query_destroy(q);
    assert_int_equal(xc_query_value_range(0, "a", 1, NULL, 0, &q),
                     XC_STATUS_SUCCESS);
    assert_description(q, "Query(VALUE_GE 0 a)");
    xc_query_destroy(q);
    assert_int_equal(xc_query_value_range(0, NULL, 0, "b", 1, &q),
                     XC_STATUS_SUCCESS);
    assert_description(q, "Query(VALUE_LE 0 b)");
    xc_query_destroy(q);

    assert_int_equal(xc_query_wildcard("cyb", 10, XC_WILDCARD_MOST_FREQUENT,
                                       &q),
                     XC_STATUS_SUCCESS);
    assert_description(q, "Query(WILDCARD SYNONYM cyb)");
    xc_query_destroy(q);

    assert_int_equal(xc_query_match_all(&q), XC_STATUS_SUCCESS);
    assert_description(q, "Query(<alldocuments>)");
    xc_query_destroy(q);
    assert_int_equal(xc_query_match_nothing(&q), XC_STATUS_SUCCESS);
    assert_true(xc_query_is_empty(q));
    xc_query_destroy(q);
}

static void test_refusals(void **state)
{
    (void)state;
    xc_query *q = (xc_query *)1;
    xc_query *a = term("a");
    const xc_query *with_null[] = {a, NULL};

    static const xc_status invalid = XC_STATUS_INVALID_ARGUMENT;
    assert_int_equal(xc_query_term("", 1, 0, &q), invalid);
    assert_null(q);
    assert_string_equal(xc_thread_last_error(), "empty term");
    assert_int_equal(xc_query_term(NULL, 1, 0, &q), invalid);
    assert_int_equal(xc_query_combine(XC_QUERY_OP_LAST, with_null, 1, 0, &q),
                     invalid);
    assert_int_equal(xc_query_combine(XC_QUERY_AND, with_null, 2, 0, &q),
                     invalid);
    assert_int_equal(xc_query_combine(XC_QUERY_AND_NOT, NULL, 0, 0, &q),
                     invalid);
    assert_int_equal(xc_query_combine(XC_QUERY_AND, NULL, 2, 0, &q), invalid);
    assert_int_equal(xc_query_scale_weight(a, -1, &q), invalid);
    assert_int_equal(xc_query_scale_weight(NULL, 1, &q), invalid);
    assert_int_equal(xc_query_value_range(0, NULL, 0, NULL, 0, &q), invalid);
    assert_int_equal(xc_query_wildcard("", 10, XC_WILDCARD_FIRST, &q),
                     invalid);
    assert_int_equal(xc_query_wildcard("a", 10, (xc_wildcard_limit)9, &q),
                     invalid);
    assert_int_equal(xc_query_term("a", 1, 0, NULL), invalid);
    assert_int_equal(xc_query_description(NULL, (char **)&q), invalid);
    xc_query_destroy(a);
    xc_query_destroy(NULL);
}

static uint64_t cost_of(xc_db *db, xc_query *q)
{
    uint64_t cost = 0;
    assert_int_equal(xc_query_cost_bound(db, q, &cost), XC_STATUS_SUCCESS);
    xc_query_destroy(q);
    return cost;
}

static xc_query *pair(xc_query_op op, xc_query *a, xc_query *b)
{
    const xc_query *both[2] = {a, b};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(op, both, 2, 0, &q), XC_STATUS_SUCCESS);
    xc_query_destroy(a);
    xc_query_destroy(b);
    return q;
}

/* The cost bound counts each term's postings, positions under a phrase,
 * and gives up on what it cannot count cheaply. */
static void test_cost_bound(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("cost");
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(dir, XC_DB_CREATE_OR_OVERWRITE, &db),
                     XC_STATUS_SUCCESS);
    /* pla: in 2 documents, 3 times; navy: in 2, twice. */
    static const char *const docs[][3] = {
        {"pla", "pla", "navy"}, {"pla", NULL, NULL}, {"navy", NULL, NULL}};
    for (size_t d = 0; d < 3; d++) {
        xc_doc *doc = NULL;
        assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);
        for (uint32_t k = 0; k < 3 && docs[d][k]; k++)
            assert_int_equal(xc_doc_add_posting(doc, docs[d][k], k + 1, 1),
                             XC_STATUS_SUCCESS);
        assert_int_equal(xc_db_add_document(db, doc, NULL), XC_STATUS_SUCCESS);
        xc_doc_destroy(doc);
    }
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);

    assert_int_equal(cost_of(db, term("pla")), 2);
    assert_int_equal(cost_of(db, term("absent")), 0);
    assert_int_equal(cost_of(db, pair(XC_QUERY_OR, term("pla"), term("navy"))),
                     4);
    assert_int_equal(
        cost_of(db, pair(XC_QUERY_PHRASE, term("pla"), term("navy"))), 5);
    xc_query *scaled = NULL;
    xc_query *phrase = pair(XC_QUERY_PHRASE, term("pla"), term("navy"));
    assert_int_equal(xc_query_scale_weight(phrase, 2, &scaled),
                     XC_STATUS_SUCCESS);
    xc_query_destroy(phrase);
    assert_int_equal(cost_of(db, pair(XC_QUERY_AND, term("pla"), scaled)), 7);
    xc_query *q = NULL;
    assert_int_equal(xc_query_match_all(&q), XC_STATUS_SUCCESS);
    assert_int_equal(cost_of(db, q), 3);
    assert_int_equal(xc_query_match_nothing(&q), XC_STATUS_SUCCESS);
    assert_int_equal(cost_of(db, q), 0);
    assert_int_equal(xc_query_wildcard("pl", 10, XC_WILDCARD_MOST_FREQUENT,
                                       &q),
                     XC_STATUS_SUCCESS);
    assert_int_equal(cost_of(db, pair(XC_QUERY_OR, term("navy"), q)),
                     UINT64_MAX);
    /* A value range reads at most a value a document. */
    assert_int_equal(xc_query_value_range(0, "a", 1, "b", 1, &q),
                     XC_STATUS_SUCCESS);
    assert_int_equal(cost_of(db, pair(XC_QUERY_FILTER, term("pla"), q)), 5);
    assert_int_equal(xc_query_cost_bound(db, NULL, NULL),
                     XC_STATUS_INVALID_ARGUMENT);
    xc_db_destroy(db);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_combinations),
        cmocka_unit_test(test_leaves),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_cost_bound),
    };
    return cmocka_run_group_tests_name("xapian-c query", tests, NULL, NULL);
}
