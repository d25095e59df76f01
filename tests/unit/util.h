/*
 * util.h: helpers shared by the unit tests (temporary folders, small
 * documents).  Test code only.
 */
#ifndef DOSSIER_TEST_UTIL_H
#define DOSSIER_TEST_UTIL_H

#include <stddef.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "xapian-c.h"

/* Makes a new empty folder under $DOSSIER_TEST_TMP (or /tmp) and returns
 * its path, which the caller frees with test_tmpdir_remove(). */
char *test_tmpdir_new(const char *tag);

/* Removes the folder and all it holds, then frees PATH. */
void test_tmpdir_remove(char *path);

/* Joins DIR and NAME into a new string the caller frees. */
char *test_path_join(const char *dir, const char *name);

/* A new document with the unprefixed words of TEXT (split on spaces) as
 * postings from position 1, the unique term "Q" + ID, and DATA as its data.
 * Fails the test on error. */
xc_doc *test_doc_from_words(const char *id, const char *text,
                            const char *data);

/* Adds one such document to a writable DB by its unique term. */
void test_db_put(xc_db *db, const char *id, const char *text);

/* Writes "data:weight " for each hit of M into OUT (OUT_LEN bytes), so
 * that two rankings compare as strings.  Fails the test on error. */
void test_mset_describe(xc_mset *m, char *out, size_t out_len);

/* The whole file at PATH, NUL-terminated, in a new buffer the caller
 * frees; its length without the NUL in *LEN.  Fails the test when PATH
 * cannot be read. */
char *test_read_file(const char *path, size_t *len);

/* A cmocka group teardown that frees libxml2's global state, so that
 * valgrind sees no memory still held at exit. */
int test_teardown_libxml(void **state);

/* Installs a libxml2 structured error handler of the test's own, as a
 * caller of the code under test would have.  test_libxml_handler_end()
 * then fails the test unless that handler is in place again and nothing
 * reached it, and removes it. */
void test_libxml_handler_begin(void);
void test_libxml_handler_end(void);

/* Whether S (LEN bytes) is valid UTF-8: no stray or missing continuation
 * bytes, overlong forms, surrogates or code points past U+10FFFF. */
int test_is_valid_utf8(const char *s, size_t len);

/* A dossier_warning_fn that fails the test. */
void test_fail_on_warning(void *ctx, const char *where, const char *message);

/* The analyzer most tests run: over feeds/entities.tsv when GAZ is not
 * NULL (a warning while loading it fails the test), else with no
 * gazetteer; *RES (may be NULL) a result to analyze into.  Fails the test
 * on error.  test_analyzer_close() frees all three. */
void test_analyzer_open(dossier_gazetteer **gaz, dossier_analyzer **an,
                        dossier_analysis **res);
void test_analyzer_close(dossier_gazetteer *gaz, dossier_analyzer *an,
                         dossier_analysis *res);

/* Defines in a test file the group fixture the analyzer tests share:
 * static gaz (feeds/entities.tsv when WITH_ENTITIES, else NULL), an over
 * it and res to analyze into, made by setup() and freed by teardown(),
 * for cmocka_run_group_tests(). */
#define TEST_ANALYZER_FIXTURE(with_entities)                               \
    static dossier_gazetteer *gaz;                                         \
    static dossier_analyzer *an;                                           \
    static dossier_analysis *res;                                          \
    static int setup(void **state)                                         \
    {                                                                      \
        (void)state;                                                       \
        test_analyzer_open((with_entities) ? &gaz : NULL, &an, &res);      \
        return 0;                                                          \
    }                                                                      \
    static int teardown(void **state)                                      \
    {                                                                      \
        (void)state;                                                       \
        test_analyzer_close(gaz, an, res);                                 \
        return 0;                                                          \
    }

/* A TCP port on 127.0.0.1 that nobody listens on right now (bound, then
 * closed). */
unsigned test_free_port(void);

/* Writes LEN bytes to PATH, replacing it. */
void test_write_file(const char *path, const char *bytes, size_t len);

#endif
