/*
 * util.h: helpers shared by the unit tests (temporary folders, small
 * documents).  Test code only.
 */
#ifndef DOSSIER_TEST_UTIL_H
#define DOSSIER_TEST_UTIL_H

#include <stddef.h>

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

/* Writes LEN bytes to PATH, replacing it. */
void test_write_file(const char *path, const char *bytes, size_t len);

#endif
