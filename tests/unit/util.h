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

/* A TCP port on 127.0.0.1 that nobody listens on right now (bound, then
 * closed). */
unsigned test_free_port(void);

/* Writes LEN bytes to PATH, replacing it. */
void test_write_file(const char *path, const char *bytes, size_t len);

#endif
