/*
 * test_cluster_map.c: the clusters of an index held in memory, and the
 * tally of the stories among matches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cluster_map.h"
#include "dossier/schema.h"
#include "util.h"

struct fixture {
    char *dir;
    char *path;
    xc_db *db;
};

/* Documents 1 to 8: 2 and 5 in one cluster, 3, 6 and 7 in another, the
 * rest in none.  Keys as the indexer writes them (16 hex digits). */
static const char *const clusters[] = {
    NULL, "00000000000000a1", "00000000000000b2", NULL,
    "00000000000000a1", "00000000000000b2", "00000000000000b2", NULL,
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir_new("clusters");
    f->path = test_path_join(f->dir, "index");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < sizeof clusters / sizeof clusters[0]; i++) {
        char id[8];
        snprintf(id, sizeof id, "d%zu", i + 1);
        xc_doc *doc = test_doc_from_words(id, "word", id);
        if (clusters[i])
            assert_int_equal(xc_doc_set_value(doc, DOSSIER_SLOT_CLUSTER,
                                              clusters[i],
                                              strlen(clusters[i])),
                             XC_STATUS_SUCCESS);
        xc_docid docid = 0;
        assert_int_equal(xc_db_add_document(w, doc, &docid),
                         XC_STATUS_SUCCESS);
        assert_int_equal(docid, i + 1);
        xc_doc_destroy(doc);
    }
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    assert_int_equal(xc_db_open_readonly(f->path, &f->db), XC_STATUS_SUCCESS);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    xc_db_destroy(f->db);
    free(f->path);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static void assert_tally(cluster_map *m, uint32_t articles, uint32_t stories)
{
    uint32_t a = 99, s = 99;
    cluster_map_tally(m, &a, &s);
    assert_int_equal(a, articles);
    assert_int_equal(s, stories);
}

static void test_tally(void **state)
{
    struct fixture *f = *state;
    cluster_map *m = NULL;
    char message[256];
    assert_int_equal(cluster_map_load(f->db, &m, message, sizeof message), 0);
    assert_non_null(m);

    /* Every document: 5 in clusters, making 2 stories. */
    cluster_map_begin(m);
    for (xc_docid d = 1; d <= 8; d++)
        cluster_map_see(m, d);
    assert_tally(m, 5, 2);

    /* A new tally forgets the last; in any order. */
    cluster_map_begin(m);
    assert_tally(m, 0, 0);
    cluster_map_see(m, 7);
    cluster_map_see(m, 2);
    cluster_map_see(m, 3);
    assert_tally(m, 3, 2);

    /* Outside clusters, past the last document, or docid 0: nothing. */
    cluster_map_begin(m);
    cluster_map_see(m, 1);
    cluster_map_see(m, 8);
    cluster_map_see(m, 0);
    cluster_map_see(m, 9);
    cluster_map_see(m, 4000000000u);
    assert_tally(m, 0, 0);
    cluster_map_see(m, 5);
    assert_tally(m, 1, 1);

    /* Many tallies in a row stay apart. */
    for (int i = 0; i < 1000; i++) {
        cluster_map_begin(m);
        cluster_map_see(m, 6);
        cluster_map_see(m, 7);
    }
    assert_tally(m, 2, 1);
    cluster_map_free(m);
    cluster_map_free(NULL);
}

static void test_empty_index(void **state)
{
    struct fixture *f = *state;
    char *path = test_path_join(f->dir, "empty");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_readonly(path, &db), XC_STATUS_SUCCESS);
    cluster_map *m = NULL;
    char message[256];
    assert_int_equal(cluster_map_load(db, &m, message, sizeof message), 0);
    cluster_map_begin(m);
    cluster_map_see(m, 1);
    assert_tally(m, 0, 0);
    cluster_map_free(m);
    xc_db_destroy(db);
    free(path);
}

/* A cluster value that is not one of our keys: no map (the searcher then
 * counts stories by a search), never a wrong one. */
static void test_foreign_value(void **state)
{
    struct fixture *f = *state;
    char *path = test_path_join(f->dir, "foreign");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    xc_doc *doc = test_doc_from_words("x", "word", "x");
    assert_int_equal(xc_doc_set_value(doc, DOSSIER_SLOT_CLUSTER, "story-7", 7),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_document(w, doc, NULL), XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_readonly(path, &db), XC_STATUS_SUCCESS);
    cluster_map *m = NULL;
    char message[256];
    assert_int_equal(cluster_map_load(db, &m, message, sizeof message), -1);
    assert_null(m);
    assert_non_null(strstr(message, "not a key of ours"));
    xc_db_destroy(db);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tally, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_value, setup, teardown),
    };
    return cmocka_run_group_tests_name("cluster map", tests, NULL, NULL);
}
