/*
 * test_writer.c: the writer's bulk load, killed and resumed: the resumed
 * run says what it kept, counts every article once (added + kept = what
 * one run adds; duplicates merged again) and gives the index one
 * uninterrupted load gives; a load of another gazetteer starts over and
 * says why; --restart discards; a writer that needs metadata refuses to
 * discard a killed load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dossier/document.h"
#include "util.h"
#include "writer.h"

#define N_ARTICLES 40

struct fixture {
    dossier_analyzer *an;
    dossier_builder *builder;
    char *dir;
    char *index;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_int_equal(dossier_analyzer_new(NULL, &f->an), DOSSIER_OK);
    assert_int_equal(dossier_builder_new(f->an, &f->builder), DOSSIER_OK);
    f->dir = test_tmpdir_new("writer");
    f->index = test_path_join(f->dir, "index");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->index);
    test_tmpdir_remove(f->dir);
    dossier_builder_free(f->builder);
    dossier_analyzer_free(f->an);
    free(f);
    return 0;
}

/* Adds article I of the input: its own words, but article 7 is an exact
 * copy of article 3 under another id, and articles 20 to 29 rewrite
 * 10 to 19 (near-duplicates). */
static void add_article(const struct fixture *f, writer *w, int i)
{
    char id[16], title[64], body[256];
    int twin = i == 7 ? 3 : i >= 20 && i < 30 ? i - 10 : i;
    snprintf(id, sizeof id, "a%d", i);
    snprintf(title, sizeof title, "Report %d", i == 7 ? 3 : i);
    snprintf(body, sizeof body,
             "Officials in district %d said that convoy %d crossed the "
             "bridge at dawn%s, and talks on corridor %d resumed later "
             "that week in the capital.",
             twin, twin, i >= 20 && i < 30 ? " again" : "", twin);
    dossier_article a = {0};
    a.id = id;
    a.title = title;
    a.body = body;
    a.source = "Wire";
    dossier_built b;
    assert_int_equal(dossier_build(f->builder, &a, "en", &b), DOSSIER_OK);
    dossier_error err;
    dossier_status st = writer_add(w, &b, NULL, &err);
    if (st != DOSSIER_OK)
        print_message("writer_add: %s\n", dossier_error_message(&err));
    assert_int_equal(st, DOSSIER_OK);
}

static writer *open_writer(const struct fixture *f, unsigned jobs,
                           unsigned flags, const char *gazetteer)
{
    writer *w = NULL;
    dossier_error err;
    dossier_status st =
        writer_open(f->index, 4, jobs, flags, gazetteer, &w, NULL, &err);
    if (st != DOSSIER_OK)
        print_message("writer_open: %s\n", dossier_error_message(&err));
    assert_int_equal(st, DOSSIER_OK);
    return w;
}

/* The articles the shards of F's index have committed. */
static uint32_t shards_committed(const struct fixture *f)
{
    uint32_t total = 0;
    for (int i = 0; i < 2; i++) {
        char path[4096];
        xc_db *db = NULL;
        uint32_t n = 0;
        snprintf(path, sizeof path, "%s.shards/%d", f->index, i);
        if (xc_db_open_readonly(path, &db) == XC_STATUS_SUCCESS &&
            xc_db_doc_count(db, &n) == XC_STATUS_SUCCESS)
            total += n;
        xc_db_destroy(db);
    }
    return total;
}

/* A bulk load of the first 30 articles, killed once its shards have
 * committed at least 20 of them (batches of 4 leave at most 3 a shard
 * uncommitted): the writer is freed without finishing, which drops what
 * the shards had not committed. */
static void killed_load(const struct fixture *f)
{
    writer *w = open_writer(f, 2, 0, "g1");
    assert_int_equal(writer_get_stats(w)->shards, 2);
    for (int i = 0; i < 30; i++)
        add_article(f, w, i);
    struct timespec pause = {0, 1000000};
    for (int waited = 0; shards_committed(f) < 20; waited++) {
        assert_true(waited < 20000);
        nanosleep(&pause, NULL);
    }
    writer_free(w);
}

/* Loads every article with W and finishes. */
static void full_load(const struct fixture *f, writer *w)
{
    for (int i = 0; i < N_ARTICLES; i++)
        add_article(f, w, i);
    assert_int_equal(writer_finish(w, NULL), DOSSIER_OK);
}

/* Every term of the index at PATH with its frequency, and its document
 * count, as one string the caller frees. */
static char *index_terms(const char *path)
{
    xc_db *db = NULL;
    xc_terms *it = NULL;
    uint32_t n = 0;
    size_t cap = 1 << 16, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    assert_int_equal(xc_db_open_readonly(path, &db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_doc_count(db, &n), XC_STATUS_SUCCESS);
    used += (size_t)snprintf(out, cap, "%u documents;", n);
    assert_int_equal(xc_db_terms(db, "", &it), XC_STATUS_SUCCESS);
    for (; xc_terms_valid(it); xc_terms_next(it)) {
        if (used + 300 > cap)
            assert_non_null(out = realloc(out, cap *= 2));
        used += (size_t)snprintf(out + used, cap - used, " %s:%u",
                                 xc_terms_term(it), xc_terms_freq(it));
    }
    xc_terms_destroy(it);
    xc_db_destroy(db);
    return out;
}

static void test_resume_counts_and_index(void **state)
{
    struct fixture *f = *state;
    writer *w = open_writer(f, 2, 0, "g1");
    full_load(f, w);
    writer_stats one_run = *writer_get_stats(w);
    writer_free(w);
    assert_int_equal(one_run.added, N_ARTICLES - 1);
    assert_int_equal(one_run.duplicates, 1);
    assert_true(one_run.near_duplicates >= 10);
    char *clean = index_terms(f->index);
    test_tmpdir_remove(f->dir);
    f->dir = test_tmpdir_new("writer");
    free(f->index);
    f->index = test_path_join(f->dir, "index");

    killed_load(f);
    /* Three jobs now: the load keeps its two shards. */
    w = open_writer(f, 3, 0, "g1");
    const writer_stats *s = writer_get_stats(w);
    assert_int_equal(s->is_resumed, 1);
    assert_int_equal(s->shards, 2);
    uint64_t held = s->resumed_articles;
    print_message("kept shards held %llu articles\n",
                  (unsigned long long)held);
    assert_true(held >= 20 && held < 30);
    assert_non_null(writer_get_notice(w));
    assert_non_null(strstr(writer_get_notice(w),
                           "resuming a killed bulk load"));
    assert_non_null(strstr(writer_get_notice(w), "2 shards as before"));
    full_load(f, w);
    assert_int_equal(s->kept, held);
    assert_int_equal(s->added + s->kept, one_run.added);
    assert_int_equal(s->replaced, one_run.replaced);
    assert_int_equal(s->duplicates, one_run.duplicates);
    assert_int_equal(s->near_duplicates, one_run.near_duplicates);
    writer_free(w);
    char *resumed = index_terms(f->index);
    assert_string_equal(resumed, clean);
    free(resumed);
    free(clean);
}

static void test_another_gazetteer_starts_over(void **state)
{
    struct fixture *f = *state;
    killed_load(f);
    writer *w = open_writer(f, 2, 0, "g2");
    assert_int_equal(writer_get_stats(w)->is_resumed, 0);
    assert_non_null(writer_get_notice(w));
    assert_non_null(strstr(writer_get_notice(w), "cannot be resumed"));
    assert_non_null(strstr(writer_get_notice(w), "dossier:gazetteer"));
    full_load(f, w);
    assert_int_equal(writer_get_stats(w)->added, N_ARTICLES - 1);
    writer_free(w);
}

static void test_restart_discards(void **state)
{
    struct fixture *f = *state;
    killed_load(f);
    writer *w = open_writer(f, 2, WRITER_RESTART, "g1");
    assert_int_equal(writer_get_stats(w)->is_resumed, 0);
    assert_non_null(writer_get_notice(w));
    assert_non_null(strstr(writer_get_notice(w), "discarded"));
    full_load(f, w);
    assert_int_equal(writer_get_stats(w)->added, N_ARTICLES - 1);
    assert_int_equal(writer_get_stats(w)->kept, 0);
    writer_free(w);
}

static void test_metadata_writer_refuses_a_killed_load(void **state)
{
    struct fixture *f = *state;
    writer *w = NULL;
    dossier_error err;
    killed_load(f);
    assert_int_equal(writer_open(f->index, 4, 1, WRITER_NEEDS_METADATA, "g1",
                                 &w, NULL, &err),
                     DOSSIER_REFUSED);
    assert_null(w);
    assert_int_equal(err.status, DOSSIER_REFUSED);
    assert_non_null(strstr(err.message, "--restart"));
    /* Refusing left the shards: a bulk load still resumes them. */
    w = open_writer(f, 2, 0, "g1");
    assert_int_equal(writer_get_stats(w)->is_resumed, 1);
    writer_free(w);
}

/* A bulk load's metadata (what the gazetteer's text is kept as) is seen by
 * the writer at once and lands in the merged index. */
static void test_bulk_load_keeps_metadata(void **state)
{
    struct fixture *f = *state;
    writer *w = open_writer(f, 2, 0, "g1");
    assert_int_equal(writer_get_stats(w)->shards, 2);
    dossier_error err;
    char *value = NULL;
    assert_int_equal(writer_set_metadata(w, "k", "first", &err), DOSSIER_OK);
    assert_int_equal(writer_set_metadata(w, "k", "second", &err),
                     DOSSIER_OK);
    assert_int_equal(writer_get_metadata(w, "k", &value, &err), DOSSIER_OK);
    assert_string_equal(value, "second");
    free(value);
    full_load(f, w);
    writer_free(w);
    xc_db *db = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_open_readonly(f->index, &db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_get_metadata(db, "k", &value, &len),
                     XC_STATUS_SUCCESS);
    assert_int_equal(len, 6);
    assert_memory_equal(value, "second", 6);
    xc_free(value);
    xc_db_destroy(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_resume_counts_and_index, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_another_gazetteer_starts_over,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_discards, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_metadata_writer_refuses_a_killed_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_load_keeps_metadata, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
