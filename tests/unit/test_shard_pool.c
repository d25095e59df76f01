/*
 * test_shard_pool.c: a bulk load's shards as a kill leaves them (each as
 * of its last commit), what shard_pool_inspect accepts for a resume and
 * what it refuses (other metadata, a shard missing, a stray file, a shard
 * that is not a database), and a resumed pool, which does not write again
 * an article it holds unchanged, rewrites one that changed, and removes
 * one on request.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>

#include "fs.h"
#include "shard_pool.h"
#include "util.h"

static const char *const metadata[] = {"dossier:analyzer", "7",
                                       "dossier:gazetteer", "abc", NULL};

/* A folder for a test: the load's shards go to DIR/index.shards. */
struct fixture {
    char *dir;
    char *shards;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = test_tmpdir_new("shard-pool");
    f->shards = test_path_join(f->dir, "index.shards");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->shards);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static void add(shard_pool *p, const char *id, const char *text,
                int is_first)
{
    char term[64];
    snprintf(term, sizeof term, "Q%s", id);
    xc_doc *doc = test_doc_from_words(id, text, text);
    assert_int_equal(shard_pool_add(p, term, doc, is_first, NULL),
                     DOSSIER_OK);
}

/* Starts a pool of 2 shards committing every BATCH articles, adds the
 * articles d0 to d6, and "kills" it: its threads stop, what is queued or
 * uncommitted is dropped.  Returns the articles committed. */
static uint64_t killed_load(const struct fixture *f, size_t batch)
{
    shard_pool *p = NULL;
    shard_pool_counts counts;
    assert_int_equal(shard_pool_start(f->shards, 2, batch, metadata, &p,
                                      NULL),
                     DOSSIER_OK);
    for (int i = 0; i < 7; i++) {
        char id[16], text[64];
        snprintf(id, sizeof id, "d%d", i);
        snprintf(text, sizeof text, "report %d on the border", i);
        add(p, id, text, 1);
    }
    assert_int_equal(shard_pool_stop(p, NULL), DOSSIER_OK);
    shard_pool_get_counts(p, &counts);
    shard_pool_free(p);
    return counts.committed;
}

static uint32_t doc_count(const char *path)
{
    xc_db *db = NULL;
    uint32_t n = 0;
    assert_int_equal(xc_db_open_readonly(path, &db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_doc_count(db, &n), XC_STATUS_SUCCESS);
    xc_db_destroy(db);
    return n;
}

static void test_kill_keeps_the_last_commits(void **state)
{
    struct fixture *f = *state;
    shard_pool_kept kept;
    uint64_t committed = killed_load(f, 2);
    /* Batches of 2 per shard: an odd shard's last article is dropped. */
    assert_true(committed < 7);
    assert_int_equal(shard_pool_inspect(f->shards, metadata, &kept, NULL),
                     DOSSIER_OK);
    assert_int_equal(kept.n_shards, 2);
    assert_int_equal(kept.n_articles, committed);
    uint32_t total = 0;
    for (int i = 0; i < 2; i++) {
        char name[8];
        snprintf(name, sizeof name, "%d", i);
        char *shard = test_path_join(f->shards, name);
        uint32_t n = doc_count(shard);
        assert_int_equal(n % 2, 0);
        total += n;
        free(shard);
    }
    assert_int_equal(total, committed);
}

static void test_inspect_absent(void **state)
{
    struct fixture *f = *state;
    shard_pool_kept kept;
    assert_int_equal(shard_pool_inspect(f->shards, metadata, &kept, NULL),
                     DOSSIER_NOT_FOUND);
}

/* Expects shard_pool_inspect to refuse the shards with STATUS and a
 * message holding WHY. */
static void expect_refused(const struct fixture *f,
                           const char *const *wanted, dossier_status status,
                           const char *why)
{
    shard_pool_kept kept;
    dossier_error err = {0};
    assert_int_equal(shard_pool_inspect(f->shards, wanted, &kept, &err),
                     status);
    print_message("refused: %s\n", err.message);
    assert_int_equal(err.status, status);
    assert_non_null(strstr(err.message, why));
}

static void test_inspect_refuses_another_load(void **state)
{
    struct fixture *f = *state;
    static const char *const other[] = {"dossier:analyzer", "7",
                                        "dossier:gazetteer", "xyz", NULL};
    killed_load(f, 1);
    expect_refused(f, other, DOSSIER_REFUSED, "dossier:gazetteer");
}

static void test_inspect_refuses_a_missing_shard(void **state)
{
    struct fixture *f = *state;
    killed_load(f, 1);
    char *shard = test_path_join(f->shards, "1");
    remove_tree(shard);
    /* Shard 0 alone says it is one of two. */
    expect_refused(f, metadata, DOSSIER_REFUSED, "0/2");
    free(shard);
}

static void test_inspect_refuses_a_stray_entry(void **state)
{
    struct fixture *f = *state;
    killed_load(f, 1);
    char *stray = test_path_join(f->shards, "notes.txt");
    FILE *out = fopen(stray, "w");
    assert_non_null(out);
    fclose(out);
    expect_refused(f, metadata, DOSSIER_REFUSED, "is not a shard");
    free(stray);
}

static void test_inspect_refuses_a_broken_shard(void **state)
{
    struct fixture *f = *state;
    killed_load(f, 1);
    char *shard = test_path_join(f->shards, "1");
    remove_tree(shard);
    assert_int_equal(mkdir(shard, 0755), 0);
    expect_refused(f, metadata, DOSSIER_ERR_INDEX, "cannot open shard");
    free(shard);
}

/* The data of the article ID in the database at PATH, in OUT. */
static void data_of(const char *path, const char *id, char *out,
                    size_t out_size)
{
    xc_db *db = NULL;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    xc_doc *doc = NULL;
    char term[64], *data = NULL;
    snprintf(term, sizeof term, "Q%s", id);
    out[0] = '\0';
    assert_int_equal(xc_db_open_readonly(path, &db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_query_term(term, 1, 0, &q), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_new(db, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 1, 0, NULL, &mset),
                     XC_STATUS_SUCCESS);
    if (xc_mset_size(mset) > 0) {
        assert_int_equal(xc_mset_document(mset, 0, &doc), XC_STATUS_SUCCESS);
        assert_int_equal(xc_doc_get_data(doc, &data, NULL),
                         XC_STATUS_SUCCESS);
        snprintf(out, out_size, "%s", data);
    }
    xc_free(data);
    xc_doc_destroy(doc);
    xc_mset_destroy(mset);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    xc_db_destroy(db);
}

static void test_resume_writes_only_what_changed(void **state)
{
    struct fixture *f = *state;
    shard_pool *p = NULL;
    shard_pool_kept kept;
    shard_pool_counts counts;
    char data[256];
    /* Batches of one: every article is committed. */
    assert_int_equal(killed_load(f, 1), 7);
    assert_int_equal(shard_pool_inspect(f->shards, metadata, &kept, NULL),
                     DOSSIER_OK);
    assert_int_equal(shard_pool_resume(f->shards, kept.n_shards, 1, &p, NULL),
                     DOSSIER_OK);
    for (int i = 0; i < 7; i++) {
        char id[16], text[64];
        snprintf(id, sizeof id, "d%d", i);
        snprintf(text, sizeof text, "report %d on the %s", i,
                 i == 3 ? "harbour" : "border");
        add(p, id, text, 1);
    }
    add(p, "d7", "report 7 on the border", 1);
    /* Sent a second time in a run: written, whatever the shard holds. */
    add(p, "d0", "report 0 on the border", 0);
    assert_int_equal(shard_pool_add(p, "Qd5", NULL, false, NULL), DOSSIER_OK);
    char *merged = test_path_join(f->dir, "index.new");
    assert_int_equal(shard_pool_finish(p, merged, NULL), DOSSIER_OK);
    shard_pool_get_counts(p, &counts);
    assert_int_equal(counts.unchanged, 6);
    assert_int_equal(counts.rewritten, 1);
    assert_int_equal(counts.committed, 7);
    shard_pool_free(p);
    assert_int_equal(doc_count(merged), 7);
    data_of(merged, "d3", data, sizeof data);
    assert_string_equal(data, "report 3 on the harbour");
    data_of(merged, "d5", data, sizeof data);
    assert_string_equal(data, "");
    data_of(merged, "d7", data, sizeof data);
    assert_string_equal(data, "report 7 on the border");
    free(merged);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kill_keeps_the_last_commits,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_inspect_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inspect_refuses_another_load,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_inspect_refuses_a_missing_shard,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_inspect_refuses_a_stray_entry,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_inspect_refuses_a_broken_shard,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_writes_only_what_changed,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
