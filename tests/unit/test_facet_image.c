/*
 * test_facet_image.c: the facets and clusters of an index as numbers in a
 * file beside it: written, tallied, refused when stale, foreign or
 * damaged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/facet_image.h"
#include "dossier/paths.h"
#include "dossier/schema.h"
#include "util.h"

struct fixture {
    char *dir;
    char *path;
    xc_db *db;
};

/* Documents 1 to 6: source, month and entities as the indexer writes
 * them; 2 and 5 in one cluster, 3, 4 and 6 in another. */
static const struct doc {
    const char *facets;
    const char *cluster;
} docs[] = {
    {"Alpha\x1e" "2023-01\x1e" "pla\nrussia", NULL},
    {"Beta\x1e" "2023-01\x1e" "russia", "00000000000000a1"},
    {"Alpha\x1e" "2023-02\x1e", "00000000000000b2"},
    {"Alpha\x1e\x1e" "pla\npla\n\nrussia", "00000000000000b2"},
    {"\x1e" "2023-02\x1e" "nato", "00000000000000a1"},
    {"Gamma", "00000000000000b2"},
};
#define N_DOCS (sizeof docs / sizeof docs[0])

static void write_index(const char *path, size_t n)
{
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE_OR_OPEN, &w),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        char id[8];
        snprintf(id, sizeof id, "d%zu", i + 1);
        xc_doc *doc = test_doc_from_words(id, "word", id);
        assert_int_equal(xc_doc_set_value(doc, DOSSIER_SLOT_FACETS,
                                          docs[i].facets,
                                          strlen(docs[i].facets)),
                         XC_STATUS_SUCCESS);
        if (docs[i].cluster)
            assert_int_equal(xc_doc_set_value(doc, DOSSIER_SLOT_CLUSTER,
                                              docs[i].cluster,
                                              strlen(docs[i].cluster)),
                             XC_STATUS_SUCCESS);
        assert_int_equal(xc_db_add_document(w, doc, NULL), XC_STATUS_SUCCESS);
        xc_doc_destroy(doc);
    }
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir_new("facets");
    f->path = test_path_join(f->dir, "index");
    write_index(f->path, N_DOCS);
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

/* Appends "value=count " of each counted value to the buffer CTX, to be
 * sorted by the caller. */
struct listing {
    char items[16][32];
    size_t n;
};

static dossier_status list_value(void *ctx, const char *value,
                                 uint32_t count)
{
    struct listing *l = ctx;
    assert_true(l->n < 16);
    snprintf(l->items[l->n++], sizeof l->items[0], "%s=%u", value,
             (unsigned)count);
    return DOSSIER_OK;
}

static void assert_counts(dossier_facet_image *img, unsigned field,
                          const char *expected)
{
    struct listing l = {.n = 0};
    assert_int_equal(dossier_facet_image_counts(img, field, list_value, &l),
                     0);
    qsort(l.items, l.n, sizeof l.items[0],
          (int (*)(const void *, const void *))strcmp);
    char out[256] = "";
    for (size_t i = 0; i < l.n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, l.items[i]);
    }
    assert_string_equal(out, expected);
}

static void test_tally(void **state)
{
    struct fixture *f = *state;
    dossier_error err;
    assert_int_equal(dossier_facet_image_write(f->path, &err),
                     DOSSIER_OK);
    dossier_facet_image *img = NULL;
    assert_int_equal(dossier_facet_image_open(f->path, f->db, &img), 0);
    assert_non_null(img);

    dossier_facet_image_begin(img);
    for (xc_docid d = 1; d <= N_DOCS; d++)
        dossier_facet_image_see(img, d);
    uint32_t n_docs, articles, stories;
    dossier_facet_image_tally(img, &n_docs, &articles, &stories);
    assert_int_equal(n_docs, 6);
    assert_int_equal(articles, 5);
    assert_int_equal(stories, 2);
    /* Empty items are not counted; a value twice in one document once. */
    assert_counts(img, DOSSIER_FACET_SOURCE, "Alpha=3 Beta=1 Gamma=1");
    assert_counts(img, DOSSIER_FACET_MONTH, "2023-01=2 2023-02=2");
    assert_counts(img, DOSSIER_FACET_ENTITIES, "nato=1 pla=2 russia=3");

    /* A new tally: only what it saw; out-of-range docids are nothing. */
    dossier_facet_image_begin(img);
    dossier_facet_image_see(img, 3);
    dossier_facet_image_see(img, 5);
    dossier_facet_image_see(img, 0);
    dossier_facet_image_see(img, 7);
    dossier_facet_image_see(img, 4000000000u);
    dossier_facet_image_tally(img, &n_docs, &articles, &stories);
    assert_int_equal(n_docs, 2);
    assert_int_equal(articles, 2);
    assert_int_equal(stories, 2);
    assert_counts(img, DOSSIER_FACET_SOURCE, "Alpha=1");
    assert_counts(img, DOSSIER_FACET_ENTITIES, "nato=1");
    dossier_facet_image_free(img);
    dossier_facet_image_free(NULL);
}

/* An image of another commit, or of another index in the same folder, is
 * never used: searches count from the values. */
static void test_stale_or_foreign_image_is_refused(void **state)
{
    struct fixture *f = *state;
    dossier_error err;
    assert_int_equal(dossier_facet_image_write(f->path, &err),
                     DOSSIER_OK);
    /* A later commit. */
    write_index(f->path, 1);
    xc_db *later = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &later), XC_STATUS_SUCCESS);
    dossier_facet_image *img = (dossier_facet_image *)1;
    assert_int_equal(dossier_facet_image_open(f->path, later, &img),
                     DOSSIER_NOT_FOUND);
    assert_null(img);
    /* The handle of the old commit still takes it. */
    assert_int_equal(dossier_facet_image_open(f->path, f->db, &img), 0);
    dossier_facet_image_free(img);
    xc_db_destroy(later);

    /* Another index of the same revision: its image is not ours. */
    char *other = test_path_join(f->dir, "other");
    write_index(other, N_DOCS);
    char from[4096], to[4096];
    assert_int_equal(dossier_facet_image_path(f->path, from, sizeof from), 0);
    assert_int_equal(dossier_facet_image_path(other, to, sizeof to), 0);
    assert_int_equal(rename(from, to), 0);
    xc_db *odb = NULL;
    assert_int_equal(xc_db_open_readonly(other, &odb), XC_STATUS_SUCCESS);
    assert_int_equal(dossier_facet_image_open(other, odb, &img), DOSSIER_NOT_FOUND);
    xc_db_destroy(odb);
    free(other);
    /* No image at all. */
    assert_int_equal(dossier_facet_image_open(f->path, f->db, &img),
                         DOSSIER_NOT_FOUND);
}

/* Truncated or scribbled images are refused or stay within bounds. */
static void test_damaged_images_are_safe(void **state)
{
    struct fixture *f = *state;
    dossier_error err;
    char path[4096];
    assert_int_equal(dossier_facet_image_write(f->path, &err),
                     DOSSIER_OK);
    assert_int_equal(dossier_facet_image_path(f->path, path, sizeof path), 0);
    size_t len = 0;
    char *good = test_read_file(path, &len);
    /* Cut short anywhere: refused. */
    for (size_t cut = 0; cut < len; cut += 7) {
        test_write_file(path, good, cut);
        dossier_facet_image *img = NULL;
        assert_int_equal(dossier_facet_image_open(f->path, f->db, &img),
                         DOSSIER_NOT_FOUND);
    }
    /* Every byte flipped in turn: opened or refused, and a
     * tally over every docid never reads outside the file. */
    char *bad = malloc(len);
    for (size_t at = 0; at < len; at++) {
        memcpy(bad, good, len);
        bad[at] = (char)(bad[at] ^ 0xff);
        test_write_file(path, bad, len);
        dossier_facet_image *img = NULL;
        if (dossier_facet_image_open(f->path, f->db, &img) != 0)
            continue;
        dossier_facet_image_begin(img);
        for (xc_docid d = 0; d <= N_DOCS + 1; d++)
            dossier_facet_image_see(img, d);
        struct listing l = {.n = 0};
        for (unsigned field = 0; field < DOSSIER_FACET_FIELDS; field++) {
            l.n = 0;
            dossier_facet_image_counts(img, field, list_value, &l);
        }
        dossier_facet_image_free(img);
    }
    free(bad);
    free(good);
}

/* A cluster value that is not one of our keys: no image, never a wrong
 * one. */
static void test_foreign_cluster_value(void **state)
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
    dossier_error err;
    assert_int_equal(dossier_facet_image_write(path, &err),
                     DOSSIER_ERR_INDEX);
    assert_non_null(strstr(err.message, "not a key of ours"));
    free(path);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_tally),
        T(test_stale_or_foreign_image_is_refused),
        T(test_damaged_images_are_safe),
        T(test_foreign_cluster_value),
    };
    return cmocka_run_group_tests_name("facet image", tests, NULL, NULL);
}
