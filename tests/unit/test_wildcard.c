/*
 * test_wildcard.c: wildcards expanded by Dossier (searcher/wildcard.c)
 * match what Xapian's own most-frequent expansion matches, each prefix
 * read once, and a prefix no term has matches nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"
#include "wildcard.h"

struct fixture {
    char *dir;
    xc_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir_new("wildcard");
    char *path = test_path_join(f->dir, "index");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    /* hacked 3 articles, hackers 2, hacking 1, harbour 1. */
    test_db_put(w, "a", "hacked harbour");
    test_db_put(w, "b", "hacked hackers");
    test_db_put(w, "c", "hacked hackers hacking");
    test_db_put(w, "d", "navy");
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    assert_int_equal(xc_db_open_readonly(path, &f->db), XC_STATUS_SUCCESS);
    free(path);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    xc_db_destroy(f->db);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* The documents Q matches, as their docids in order: "123". */
static void matches(xc_db *db, const xc_query *q, char *out, size_t size)
{
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, NULL, &m),
                     XC_STATUS_SUCCESS);
    size_t n = 0;
    for (uint32_t i = 0; i < xc_mset_size(m) && n + 1 < size; i++)
        out[n++] = (char)('0' + xc_mset_docid(m, i));
    out[n] = '\0';
    for (size_t i = 1; i < n; i++) /* sort the bytes */
        for (size_t j = i; j > 0 && out[j - 1] > out[j]; j--) {
            char t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
}

static void expect_as_xapian(xc_db *db, wildcard_expander *x,
                             const char *prefix, size_t limit)
{
    xc_query *ours = NULL, *theirs = NULL;
    int is_cut = 1;
    assert_int_equal(wildcard_expand(x, prefix, limit, &ours, &is_cut, NULL),
                     DOSSIER_OK);
    assert_false(is_cut);
    assert_int_equal(xc_query_wildcard(prefix, (uint32_t)limit,
                                       XC_WILDCARD_MOST_FREQUENT, &theirs),
                     XC_STATUS_SUCCESS);
    char a[16], b[16];
    matches(db, ours, a, sizeof a);
    matches(db, theirs, b, sizeof b);
    assert_string_equal(a, b);
    xc_query_destroy(ours);
    xc_query_destroy(theirs);
}

static void test_same_matches_as_xapian(void **state)
{
    struct fixture *f = *state;
    wildcard_expander *x = NULL;
    assert_int_equal(wildcard_expander_new(f->db, &x), DOSSIER_OK);
    expect_as_xapian(f->db, x, "hack", 10);
    expect_as_xapian(f->db, x, "hack", 1);  /* hacked: 1 2 3 */
    expect_as_xapian(f->db, x, "hacke", 2); /* hacked, hackers */
    expect_as_xapian(f->db, x, "h", 1);
    expect_as_xapian(f->db, x, "ha", 3);
    xc_query *q = NULL;
    int is_cut;
    assert_int_equal(wildcard_expand(x, "hackers", 5, &q, &is_cut, NULL),
                     DOSSIER_OK);
    char docs[16];
    matches(f->db, q, docs, sizeof docs);
    assert_string_equal(docs, "23");
    xc_query_destroy(q);
    wildcard_expander_free(x);
}

static void test_most_frequent_first(void **state)
{
    struct fixture *f = *state;
    wildcard_expander *x = NULL;
    assert_int_equal(wildcard_expander_new(f->db, &x), DOSSIER_OK);
    xc_query *q = NULL;
    int is_cut;
    assert_int_equal(wildcard_expand(x, "hack", 2, &q, &is_cut, NULL),
                     DOSSIER_OK);
    char *text = NULL;
    assert_int_equal(xc_query_description(q, &text), XC_STATUS_SUCCESS);
    /* hacked (3) and hackers (2), not hacking (1). */
    assert_non_null(strstr(text, "hacked"));
    assert_non_null(strstr(text, "hackers"));
    assert_null(strstr(text, "hacking"));
    xc_free(text);
    xc_query_destroy(q);
    /* A smaller limit later is served from the same reading. */
    assert_int_equal(wildcard_expand(x, "hack", 1, &q, &is_cut, NULL),
                     DOSSIER_OK);
    assert_int_equal(xc_query_description(q, &text), XC_STATUS_SUCCESS);
    assert_non_null(strstr(text, "hacked"));
    assert_null(strstr(text, "hackers"));
    xc_free(text);
    xc_query_destroy(q);
    wildcard_expander_free(x);
}

static void test_no_such_prefix(void **state)
{
    struct fixture *f = *state;
    wildcard_expander *x = NULL;
    assert_int_equal(wildcard_expander_new(f->db, &x), DOSSIER_OK);
    xc_query *q = NULL;
    int is_cut = 1;
    assert_int_equal(wildcard_expand(x, "zz", 5, &q, &is_cut, NULL),
                     DOSSIER_OK);
    assert_false(is_cut);
    assert_true(xc_query_is_empty(q));
    char docs[16];
    matches(f->db, q, docs, sizeof docs);
    assert_string_equal(docs, "");
    xc_query_destroy(q);
    wildcard_expander_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_matches_as_xapian, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_most_frequent_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_such_prefix, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
