/*
 * test_xc_errors.c: every xc_status is reachable, and each comes with a
 * message: a second writer (LOCKED), a reader overtaken by commits
 * (MODIFIED, recovered by reopen), damaged files (CORRUPT, never a crash),
 * an unreachable server (NETWORK), and the rest.
 */
#define _DEFAULT_SOURCE /* struct sockaddr_in, usleep */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "xapian-c.h"

struct fixture {
    char *dir;
    char *path;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir_new("errors");
    f->path = test_path_join(f->dir, "index");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    char id[32], text[128];
    for (int i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "d%d", i);
        snprintf(text, sizeof text, "common word%d word%d tail", i, i % 17);
        test_db_put(w, id, text);
    }
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->path);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_status_names(void **state)
{
    (void)state;
    for (int s = 0; s < XC_STATUS_LAST; s++) {
        const char *name = xc_status_to_string((xc_status)s);
        assert_non_null(name);
        assert_true(strlen(name) > 0);
        assert_string_not_equal(name, "unknown status");
    }
    assert_string_equal(xc_status_to_string(XC_STATUS_LAST), "unknown status");
    assert_string_equal(xc_status_to_string((xc_status)-1), "unknown status");
    /* The version of the Xapian this runs with: "1.4.22". */
    unsigned major = 0, minor = 0, revision = 0;
    char rest = '\0';
    assert_int_equal(sscanf(xc_xapian_version(), "%u.%u.%u%c", &major, &minor,
                            &revision, &rest),
                     3);
    assert_true(major >= 1);
}

/* A second writer is refused at once, in this process and in another. */
static void test_locked(void **state)
{
    struct fixture *f = *state;
    xc_db *first = NULL, *second = (xc_db *)1;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_OPEN, &first),
                     XC_STATUS_SUCCESS);
    double start = now_seconds();
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_OPEN, &second),
                     XC_STATUS_LOCKED);
    assert_true(now_seconds() - start < 2.0);
    assert_null(second);
    assert_non_null(strstr(xc_thread_last_error(), "lock"));

    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        xc_db *other = NULL;
        _exit(xc_db_open_writable(f->path, XC_DB_OPEN, &other) ==
                      XC_STATUS_LOCKED
                  ? 0
                  : 1);
    }
    int wstatus = 0;
    assert_int_equal(waitpid(child, &wstatus, 0), child);
    assert_true(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);

    /* Readers are never locked out. */
    xc_db *reader = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &reader), XC_STATUS_SUCCESS);
    xc_db_destroy(reader);
    xc_db_destroy(first);
}

static xc_status search_common(xc_db *db, uint32_t *n_hits)
{
    xc_enquire *enq = NULL;
    xc_status st = xc_enquire_new(db, &enq);
    if (st != XC_STATUS_SUCCESS)
        return st;
    xc_query *q = NULL;
    assert_int_equal(xc_query_term("common", 1, 0, &q), XC_STATUS_SUCCESS);
    xc_enquire_set_query(enq, q, 0);
    xc_mset *m = NULL;
    st = xc_enquire_get_mset(enq, 0, 1000, 1000, NULL, &m);
    if (st == XC_STATUS_SUCCESS) {
        *n_hits = xc_mset_size(m);
        /* Reading the documents touches more blocks. */
        for (uint32_t i = 0; i < xc_mset_size(m) && st == XC_STATUS_SUCCESS;
             i++) {
            xc_doc *doc = NULL;
            st = xc_mset_document(m, i, &doc);
            if (st == XC_STATUS_SUCCESS) {
                char *data = NULL;
                st = xc_doc_get_data(doc, &data, NULL);
                xc_free(data);
            }
            xc_doc_destroy(doc);
        }
    }
    xc_mset_destroy(m);
    xc_query_destroy(q);
    xc_enquire_destroy(enq);
    return st;
}

/* A reader holding an old revision while the writer commits again and
 * again eventually finds its blocks reused: MODIFIED, then reopen works. */
static void test_modified_then_reopen(void **state)
{
    struct fixture *f = *state;
    xc_db *reader = NULL, *writer = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &reader), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_OPEN, &writer),
                     XC_STATUS_SUCCESS);
    uint32_t hits = 0;
    xc_status st = search_common(reader, &hits);
    assert_int_equal(st, XC_STATUS_SUCCESS);
    assert_int_equal(hits, 300);

    int round;
    for (round = 0; round < 50; round++) {
        char id[32], text[160];
        for (int i = 0; i < 300; i++) {
            snprintf(id, sizeof id, "d%d", i);
            snprintf(text, sizeof text, "common word%d round%d other%d tail",
                     i, round, i * round);
            test_db_put(writer, id, text);
        }
        assert_int_equal(xc_db_commit(writer), XC_STATUS_SUCCESS);
        st = search_common(reader, &hits);
        if (st != XC_STATUS_SUCCESS)
            break;
    }
    assert_int_equal(st, XC_STATUS_MODIFIED);
    int changed = 0;
    assert_int_equal(xc_db_reopen(reader, &changed), XC_STATUS_SUCCESS);
    assert_int_equal(changed, 1);
    assert_int_equal(search_common(reader, &hits), XC_STATUS_SUCCESS);
    assert_int_equal(hits, 300);
    xc_db_destroy(writer);
    xc_db_destroy(reader);
}

/* Damages one file of the database in one way, then opens and searches:
 * the outcome must be CORRUPT (or, for damage Xapian cannot see, success),
 * never a crash. */
static xc_status open_and_search(const char *path)
{
    xc_db *db = NULL;
    xc_status st = xc_db_open_readonly(path, &db);
    if (st != XC_STATUS_SUCCESS)
        return st;
    uint32_t hits = 0;
    st = search_common(db, &hits);
    xc_db_destroy(db);
    return st;
}

static void damage(const char *file, long keep_bytes, int garble)
{
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    if (garble) {
        size_t len = (size_t)sb.st_size;
        char *junk = malloc(len);
        for (size_t i = 0; i < len; i++)
            junk[i] = (char)(i * 131 + 7);
        test_write_file(file, junk, len);
        free(junk);
    } else {
        assert_int_equal(truncate(file, keep_bytes), 0);
    }
}

static void test_corrupt(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *file;
        long keep_bytes; /* when truncating */
        int garble;
    } cases[] = {
        {"iamglass", 5, 0},
        {"iamglass", 0, 1},
        {"postlist.glass", 0, 1},
        {"postlist.glass", 8192, 0},
        {"docdata.glass", 0, 1},
        {"termlist.glass", 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* A fresh database for each kind of damage. */
        teardown(state);
        setup(state);
        f = *state;
        char *file = test_path_join(f->path, cases[i].file);
        damage(file, cases[i].keep_bytes, cases[i].garble);
        free(file);
        xc_status st = open_and_search(f->path);
        if (st != XC_STATUS_CORRUPT)
            fail_msg("damage %zu (%s): got %s (%s)", i, cases[i].file,
                     xc_status_to_string(st), xc_thread_last_error());
    }
}

static void test_network(void **state)
{
    (void)state;
    xc_db *db = (xc_db *)1;
    assert_int_equal(xc_db_open_remote_tcp("127.0.0.1", test_free_port(), 2000,
                                           &db),
                     XC_STATUS_NETWORK);
    assert_null(db);
    assert_true(strlen(xc_thread_last_error()) > 0);
    assert_int_equal(xc_db_open_remote_tcp("", 1, 0, &db),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_remote_tcp("127.0.0.1", 70000, 0, &db),
                     XC_STATUS_INVALID_ARGUMENT);
}

/* Memory exhaustion comes back as NO_MEMORY.  A terabyte request fails in
 * malloc; AddressSanitizer and valgrind abort on such a request instead of
 * failing it, so the check runs only without them. */
static void test_no_memory(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();
#else
    const char *preload = getenv("LD_PRELOAD");
    if (preload != NULL && strstr(preload, "vgpreload") != NULL)
        skip();
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);
    static const char one = 'x';
    const size_t huge = (size_t)1 << 40;
    /* The copy is attempted only after the allocation succeeds, which it
     * cannot, so the one-byte source is never read past. */
    assert_int_equal(xc_doc_set_data(doc, &one, huge), XC_STATUS_NO_MEMORY);
    xc_doc_destroy(doc);
#endif
}

static void test_other_and_invalid(void **state)
{
    struct fixture *f = *state;
    /* A database cannot be created where its parent folder is missing. */
    char *under = test_path_join(f->dir, "no/such/folder");
    xc_db *db = (xc_db *)1;
    xc_status st = xc_db_open_writable(under, XC_DB_CREATE_OR_OPEN, &db);
    assert_int_equal(st, XC_STATUS_OTHER);
    assert_null(db);
    assert_non_null(strstr(xc_thread_last_error(), "mkdir failed"));
    free(under);

    /* A regular file that is not a stub database cannot be opened. */
    char *file = test_path_join(f->dir, "plain-file");
    test_write_file(file, "not a stub\n", 11);
    assert_int_equal(xc_db_open_readonly(file, &db), XC_STATUS_CORRUPT);
    assert_non_null(strstr(xc_thread_last_error(), "Bad line"));
    free(file);

    /* Writing through a read-only handle. */
    assert_int_equal(xc_db_open_readonly(f->path, &db), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_commit(db), XC_STATUS_INVALID_ARGUMENT);
    assert_string_equal(xc_db_last_error(db), "database was opened read-only");
    xc_db_destroy(db);

    /* NULL handles are refused, not dereferenced. */
    assert_int_equal(xc_db_commit(NULL), XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_term(NULL, "a", 1),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_query(NULL, NULL, 0),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_terms_status(NULL), XC_STATUS_INVALID_ARGUMENT);
    assert_false(xc_terms_valid(NULL));
    assert_int_equal(xc_mset_size(NULL), 0);
    xc_db_destroy(NULL);
    xc_doc_destroy(NULL);
    xc_enquire_destroy(NULL);
    xc_mset_destroy(NULL);
    xc_terms_destroy(NULL);
    xc_rset_destroy(NULL);
    xc_eset_destroy(NULL);
    xc_free(NULL);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        T(test_locked),
        T(test_modified_then_reopen),
        T(test_corrupt),
        cmocka_unit_test(test_network),
        cmocka_unit_test(test_no_memory),
        T(test_other_and_invalid),
    };
    return cmocka_run_group_tests_name("xapian-c errors", tests, NULL, NULL);
}
