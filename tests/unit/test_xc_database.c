/*
 * test_xc_database.c: libxapian-c databases on real on-disk indexes:
 * opening modes, writing, transactions, statistics, metadata, term lists,
 * spelling, synonyms and compaction.
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

struct fixture {
    char *dir;
    char *path;
    xc_db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = test_tmpdir_new("db");
    f->path = test_path_join(f->dir, "index");
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_CREATE, &f->db),
                     XC_STATUS_SUCCESS);
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

static uint32_t doc_count(xc_db *db)
{
    uint32_t n = 99;
    assert_int_equal(xc_db_doc_count(db, &n), XC_STATUS_SUCCESS);
    return n;
}

static void test_open_modes(void **state)
{
    struct fixture *f = *state;
    xc_db *db = (xc_db *)1;

    /* A second create over an existing database is refused. */
    xc_db_destroy(f->db);
    f->db = NULL;
    assert_int_not_equal(xc_db_open_writable(f->path, XC_DB_CREATE, &db),
                         XC_STATUS_SUCCESS);
    assert_null(db);
    assert_true(strlen(xc_thread_last_error()) > 0);

    /* Open of a missing database is NOT_FOUND, for readers and writers. */
    char *missing = test_path_join(f->dir, "missing");
    assert_int_equal(xc_db_open_writable(missing, XC_DB_OPEN, &db),
                     XC_STATUS_NOT_FOUND);
    assert_null(db);
    assert_int_equal(xc_db_open_readonly(missing, &db), XC_STATUS_NOT_FOUND);
    assert_null(db);
    free(missing);

    /* Create-or-open reopens and keeps the documents. */
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_CREATE_OR_OPEN, &db),
                     XC_STATUS_SUCCESS);
    test_db_put(db, "a", "alpha beta");
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);
    xc_db_destroy(db);
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_OPEN, &f->db),
                     XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(f->db), 1);

    /* Overwrite empties it. */
    xc_db_destroy(f->db);
    assert_int_equal(
        xc_db_open_writable(f->path, XC_DB_CREATE_OR_OVERWRITE, &f->db),
        XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(f->db), 0);

    /* XC_DB_NO_SYNC combines with a mode. */
    char *nosync = test_path_join(f->dir, "nosync");
    assert_int_equal(xc_db_open_writable(nosync,
                                         (xc_db_mode)(XC_DB_CREATE |
                                                      XC_DB_NO_SYNC),
                                         &db),
                     XC_STATUS_SUCCESS);
    test_db_put(db, "a", "alpha");
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);
    xc_db_destroy(db);
    free(nosync);

    /* Bad arguments never reach Xapian. */
    assert_int_equal(xc_db_open_writable("", XC_DB_OPEN, &db),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_writable(f->path, (xc_db_mode)42, &db),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_readonly(NULL, &db),
                     XC_STATUS_INVALID_ARGUMENT);
}

static void test_add_replace_delete(void **state)
{
    struct fixture *f = *state;
    xc_doc *doc = test_doc_from_words("one", "first text", "data one");
    xc_docid id = 0;
    assert_int_equal(xc_db_add_document(f->db, doc, &id), XC_STATUS_SUCCESS);
    assert_int_equal(id, 1);
    xc_doc_destroy(doc);

    /* Replacing by unique term keeps one document and its id. */
    doc = test_doc_from_words("one", "first text changed", "data one v2");
    xc_docid id2 = 0;
    assert_int_equal(xc_db_replace_document_by_term(f->db, "Qone", doc, &id2),
                     XC_STATUS_SUCCESS);
    assert_int_equal(id2, 1);
    xc_doc_destroy(doc);
    assert_int_equal(doc_count(f->db), 1);

    /* Replacing a term nobody has adds. */
    test_db_put(f->db, "two", "second text");
    test_db_put(f->db, "three", "third text");
    assert_int_equal(doc_count(f->db), 3);
    xc_docid last = 0;
    assert_int_equal(xc_db_last_docid(f->db, &last), XC_STATUS_SUCCESS);
    assert_int_equal(last, 3);

    /* Replace by id. */
    doc = test_doc_from_words("three", "third text again", NULL);
    assert_int_equal(xc_db_replace_document(f->db, 3, doc), XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);

    uint32_t n = 0;
    assert_int_equal(xc_db_delete_document_by_term(f->db, "Qtwo", &n),
                     XC_STATUS_SUCCESS);
    assert_int_equal(n, 1);
    assert_int_equal(xc_db_delete_document_by_term(f->db, "Qnobody", &n),
                     XC_STATUS_SUCCESS);
    assert_int_equal(n, 0);
    assert_int_equal(xc_db_delete_document(f->db, 3), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_delete_document(f->db, 3), XC_STATUS_NOT_FOUND);
    assert_int_equal(doc_count(f->db), 1);
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);

    /* The stored document reads back. */
    xc_doc *back = NULL;
    assert_int_equal(xc_db_get_document(f->db, 1, &back), XC_STATUS_SUCCESS);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xc_doc_get_data(back, &data, &len), XC_STATUS_SUCCESS);
    assert_string_equal(data, "data one v2");
    assert_int_equal(len, strlen("data one v2"));
    assert_int_equal(xc_doc_docid(back), 1);
    xc_free(data);
    xc_doc_destroy(back);
    assert_int_equal(xc_db_get_document(f->db, 2, &back), XC_STATUS_NOT_FOUND);
    assert_null(back);
}

static void test_transactions(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(xc_db_begin_transaction(f->db, 1), XC_STATUS_SUCCESS);
    /* Transactions do not nest. */
    assert_int_equal(xc_db_begin_transaction(f->db, 1),
                     XC_STATUS_INVALID_ARGUMENT);
    test_db_put(f->db, "a", "kept");
    assert_int_equal(xc_db_commit_transaction(f->db), XC_STATUS_SUCCESS);

    assert_int_equal(xc_db_begin_transaction(f->db, 1), XC_STATUS_SUCCESS);
    test_db_put(f->db, "b", "dropped");
    assert_int_equal(xc_db_cancel_transaction(f->db), XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(f->db), 1);

    /* Ending a transaction that was never begun is an error, not a crash. */
    assert_int_equal(xc_db_commit_transaction(f->db),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_true(strlen(xc_db_last_error(f->db)) > 0);

    /* A flushed transaction is visible to a new reader at once. */
    xc_db *reader = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &reader), XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(reader), 1);
    assert_int_equal(xc_db_delete_document(reader, 1),
                     XC_STATUS_INVALID_ARGUMENT);
    xc_db_destroy(reader);
}

static void test_statistics(void **state)
{
    struct fixture *f = *state;
    test_db_put(f->db, "a", "war war peace");
    test_db_put(f->db, "b", "war and peace and more");
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);

    uint32_t tf = 0;
    uint64_t cf = 0;
    double avg = 0;
    assert_int_equal(xc_db_term_freq(f->db, "war", &tf), XC_STATUS_SUCCESS);
    assert_int_equal(tf, 2);
    assert_int_equal(xc_db_collection_freq(f->db, "war", &cf),
                     XC_STATUS_SUCCESS);
    assert_int_equal(cf, 3);
    assert_int_equal(xc_db_term_freq(f->db, "absent", &tf), XC_STATUS_SUCCESS);
    assert_int_equal(tf, 0);
    assert_int_equal(xc_db_avg_length(f->db, &avg), XC_STATUS_SUCCESS);
    /* Lengths are 3 and 5 (boolean unique terms add nothing). */
    assert_true(avg > 3.99 && avg < 4.01);
}

static void test_metadata(void **state)
{
    struct fixture *f = *state;
    static const char bytes[] = {'a', '\0', 'b'};
    assert_int_equal(xc_db_set_metadata(f->db, "dossier:analyzer", "v1", 2),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_set_metadata(f->db, "bin", bytes, 3),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);

    char *value = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_metadata(f->db, "dossier:analyzer", &value,
                                        &len),
                     XC_STATUS_SUCCESS);
    assert_string_equal(value, "v1");
    xc_free(value);
    assert_int_equal(xc_db_get_metadata(f->db, "bin", &value, &len),
                     XC_STATUS_SUCCESS);
    assert_int_equal(len, 3);
    assert_memory_equal(value, bytes, 3);
    xc_free(value);
    assert_int_equal(xc_db_get_metadata(f->db, "absent", &value, &len),
                     XC_STATUS_SUCCESS);
    assert_string_equal(value, "");
    assert_int_equal(len, 0);
    xc_free(value);
    assert_int_equal(xc_db_get_metadata(f->db, "", &value, &len),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_null(value);

    /* Readers cannot write metadata. */
    xc_db *reader = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &reader), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_set_metadata(reader, "k", "v", 1),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_metadata(reader, "dossier:analyzer", &value,
                                        NULL),
                     XC_STATUS_SUCCESS);
    assert_string_equal(value, "v1");
    xc_free(value);
    xc_db_destroy(reader);
}

static void test_term_lists(void **state)
{
    struct fixture *f = *state;
    test_db_put(f->db, "a", "XEpla XEnsa XEpla japan");
    test_db_put(f->db, "b", "XEpla XTmilitary japan");
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);

    xc_terms *it = NULL;
    assert_int_equal(xc_db_terms(f->db, "XE", &it), XC_STATUS_SUCCESS);
    assert_true(xc_terms_valid(it));
    assert_string_equal(xc_terms_term(it), "XEnsa");
    assert_int_equal(xc_terms_term_len(it), 5);
    assert_int_equal(xc_terms_freq(it), 1);
    xc_terms_next(it);
    assert_string_equal(xc_terms_term(it), "XEpla");
    assert_int_equal(xc_terms_freq(it), 2);
    xc_terms_next(it);
    assert_false(xc_terms_valid(it));
    assert_null(xc_terms_term(it));
    assert_int_equal(xc_terms_status(it), XC_STATUS_SUCCESS);
    xc_terms_next(it); /* past the end: harmless */
    xc_terms_destroy(it);

    /* All terms, counted. */
    assert_int_equal(xc_db_terms(f->db, "", &it), XC_STATUS_SUCCESS);
    int n = 0;
    for (; xc_terms_valid(it); xc_terms_next(it))
        n++;
    xc_terms_destroy(it);
    /* Qa Qb XEnsa XEpla XTmilitary japan */
    assert_int_equal(n, 6);

    /* A prefix nobody has gives an empty, valid list. */
    assert_int_equal(xc_db_terms(f->db, "ZZ", &it), XC_STATUS_SUCCESS);
    assert_false(xc_terms_valid(it));
    assert_int_equal(xc_terms_status(it), XC_STATUS_SUCCESS);
    assert_string_equal(xc_terms_last_error(it), "");
    xc_terms_destroy(it);

    /* A list whose database is closed under it stops with a failure,
     * which its status tells from the end: once it needs a block it has
     * not read, so a few thousand terms. */
    enum { N_WORDS = 5000 };
    char *words = malloc(N_WORDS * 8);
    assert_non_null(words);
    size_t used = 0;
    for (int i = 0; i < N_WORDS; i++)
        used += (size_t)snprintf(words + used, N_WORDS * 8 - used, "%sw%05d",
                                 i ? " " : "", i);
    test_db_put(f->db, "many", words);
    free(words);
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);
    xc_db *reader = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &reader), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_terms(reader, "", &it), XC_STATUS_SUCCESS);
    assert_true(xc_terms_valid(it));
    assert_int_equal(xc_db_close(reader), XC_STATUS_SUCCESS);
    for (n = 0; xc_terms_valid(it); xc_terms_next(it))
        n++;
    assert_true(n < N_WORDS);
    assert_int_equal(xc_terms_status(it), XC_STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(xc_terms_last_error(it), "closed"));
    xc_terms_destroy(it);
    xc_db_destroy(reader);
    assert_string_equal(xc_terms_last_error(NULL), "no term list");
}

static void test_spelling_and_synonyms(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(xc_db_add_spelling(f->db, "nakasone", 3),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_spelling(f->db, "pottinger", 1),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_synonym(f->db, "uscybercom", "XEus-cyber-command"),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_synonym(f->db, "uscybercom", "cybercom"),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_spelling(f->db, "", 1),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);

    char *s = NULL;
    assert_int_equal(xc_db_spelling_suggestion(f->db, "nakasome", 2, &s),
                     XC_STATUS_SUCCESS);
    assert_string_equal(s, "nakasone");
    xc_free(s);
    assert_int_equal(xc_db_spelling_suggestion(f->db, "zzzzzzzz", 2, &s),
                     XC_STATUS_SUCCESS);
    assert_string_equal(s, "");
    xc_free(s);

    xc_terms *it = NULL;
    assert_int_equal(xc_db_synonyms(f->db, "uscybercom", &it),
                     XC_STATUS_SUCCESS);
    assert_string_equal(xc_terms_term(it), "XEus-cyber-command");
    xc_terms_next(it);
    assert_string_equal(xc_terms_term(it), "cybercom");
    xc_terms_next(it);
    assert_false(xc_terms_valid(it));
    xc_terms_destroy(it);
}

static void test_reopen_and_close(void **state)
{
    struct fixture *f = *state;
    xc_db *reader = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &reader), XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(reader), 0);
    test_db_put(f->db, "a", "new");
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);
    /* A reader keeps its snapshot until it reopens. */
    assert_int_equal(doc_count(reader), 0);
    int changed = 0;
    assert_int_equal(xc_db_reopen(reader, &changed), XC_STATUS_SUCCESS);
    assert_int_equal(changed, 1);
    assert_int_equal(doc_count(reader), 1);

    /* After close, calls fail cleanly. */
    assert_int_equal(xc_db_close(reader), XC_STATUS_SUCCESS);
    /* (Xapian may still answer from statistics it has read, so ask for
     * something it must read from disk.) */
    xc_doc *doc = NULL;
    assert_int_equal(xc_db_get_document(reader, 1, &doc),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_null(doc);
    assert_non_null(strstr(xc_db_last_error(reader), "closed"));
    xc_db_destroy(reader);

    /* Closing the writer releases the lock: another writer may open. */
    assert_int_equal(xc_db_close(f->db), XC_STATUS_SUCCESS);
    xc_db *writer = NULL;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_OPEN, &writer),
                     XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(writer), 1);
    xc_db_destroy(writer);
}

static void test_compact_merges_shards(void **state)
{
    struct fixture *f = *state;
    char *shard2 = test_path_join(f->dir, "shard2");
    char *merged = test_path_join(f->dir, "merged");
    xc_db *w2 = NULL;
    assert_int_equal(xc_db_open_writable(shard2, XC_DB_CREATE, &w2),
                     XC_STATUS_SUCCESS);
    test_db_put(f->db, "a", "alpha");
    test_db_put(f->db, "b", "beta");
    test_db_put(w2, "c", "gamma");
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_commit(w2), XC_STATUS_SUCCESS);
    xc_db_destroy(w2);

    const char *sources[] = {f->path, shard2};
    assert_int_equal(xc_compact(sources, 2, merged, XC_COMPACT_MULTIPASS),
                     XC_STATUS_SUCCESS);
    xc_db *m = NULL;
    assert_int_equal(xc_db_open_readonly(merged, &m), XC_STATUS_SUCCESS);
    assert_int_equal(doc_count(m), 3);
    uint32_t tf = 0;
    assert_int_equal(xc_db_term_freq(m, "Qc", &tf), XC_STATUS_SUCCESS);
    assert_int_equal(tf, 1);
    xc_db_destroy(m);

    /* The destination must be new; sources must exist. */
    char *missing = test_path_join(f->dir, "missing");
    const char *bad[] = {missing};
    char *merged2 = test_path_join(f->dir, "merged2");
    assert_int_equal(xc_compact(bad, 1, merged2, 0), XC_STATUS_NOT_FOUND);
    assert_true(strlen(xc_thread_last_error()) > 0);
    assert_int_equal(xc_compact(sources, 0, merged2, 0),
                     XC_STATUS_INVALID_ARGUMENT);
    free(missing);
    free(merged2);
    free(shard2);
    free(merged);
}

static void test_value_streams(void **state)
{
    struct fixture *f = *state;
    /* Values in slot 1 for documents 1 and 3 only. */
    for (int i = 1; i <= 3; i++) {
        xc_doc *doc = test_doc_from_words(i == 1 ? "a" : i == 2 ? "b" : "c",
                                          "word", NULL);
        if (i != 2) {
            char v[2] = {(char)('a' + i - 1), '\0'};
            assert_int_equal(xc_doc_set_value(doc, 1, v, 1), XC_STATUS_SUCCESS);
        }
        assert_int_equal(xc_db_add_document(f->db, doc, NULL),
                         XC_STATUS_SUCCESS);
        xc_doc_destroy(doc);
    }
    assert_int_equal(xc_db_commit(f->db), XC_STATUS_SUCCESS);
    xc_values *it = NULL;
    assert_int_equal(xc_db_values(f->db, 1, &it), XC_STATUS_SUCCESS);
    size_t len = 0;
    assert_true(xc_values_valid(it));
    assert_int_equal(xc_values_docid(it), 1);
    assert_memory_equal(xc_values_value(it, &len), "a", 1);
    assert_int_equal(len, 1);
    xc_values_next(it);
    assert_int_equal(xc_values_docid(it), 3);
    assert_memory_equal(xc_values_value(it, &len), "c", 1);
    xc_values_next(it);
    assert_false(xc_values_valid(it));
    assert_null(xc_values_value(it, &len));
    assert_int_equal(len, 0);
    assert_int_equal(xc_values_status(it), XC_STATUS_SUCCESS);
    xc_values_destroy(it);
    /* An empty slot gives an empty stream. */
    assert_int_equal(xc_db_values(f->db, 7, &it), XC_STATUS_SUCCESS);
    assert_false(xc_values_valid(it));
    xc_values_destroy(it);
    assert_int_equal(xc_values_status(NULL), XC_STATUS_INVALID_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_replace_delete, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statistics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_term_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spelling_and_synonyms, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_reopen_and_close, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_compact_merges_shards, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_value_streams, setup, teardown),
    };
    return cmocka_run_group_tests_name("xapian-c database", tests, NULL,
                                       NULL);
}
