/*
 * test_xc_remote.c: a database served by xapian-tcpsrv on 127.0.0.1 gives
 * the same ranked results as the local database, opened directly and
 * through a stub file's "remote" line.  Skips when xapian-tcpsrv is
 * missing.
 */
#define _DEFAULT_SOURCE /* struct sockaddr_in, usleep, kill */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"
#include "xapian-c.h"

#define TCPSRV "/usr/bin/xapian-tcpsrv"

struct fixture {
    char *dir;
    char *path;
    pid_t server;
    unsigned port;
};

static int can_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
    close(fd);
    return ok;
}

/* Starts xapian-tcpsrv on a free port; another process may take the port
 * between our probe and the server's bind, so try a few. */
static void start_server(struct fixture *f)
{
    for (int attempt = 0; attempt < 5; attempt++) {
        f->port = test_free_port();
        char port[16];
        snprintf(port, sizeof port, "%u", f->port);
        f->server = fork();
        assert_true(f->server >= 0);
        if (f->server > 0)
            setpgid(f->server, f->server); /* no race with the child's */
        if (f->server == 0) {
            /* Its own process group: the server forks a child for each
             * connection, and all of them must go when the test ends. */
            setpgid(0, 0);
            /* It reports each closed connection; keep test output clean. */
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                dup2(devnull, STDOUT_FILENO);
                dup2(devnull, STDERR_FILENO);
            }
            execl(TCPSRV, TCPSRV, "--quiet", "--interface", "127.0.0.1",
                  "--port", port, f->path, (char *)NULL);
            _exit(127);
        }
        for (int i = 0; i < 100; i++) {
            int wstatus;
            if (waitpid(f->server, &wstatus, WNOHANG) == f->server)
                break; /* it died: try another port */
            if (can_connect(f->port))
                return;
            usleep(50 * 1000);
        }
        kill(-f->server, SIGKILL);
        waitpid(f->server, NULL, 0);
    }
    fail_msg("xapian-tcpsrv did not start");
}

/* Value slots beside the source: a date to sort by (some documents have
 * none) and facet fields, '\x1e'-separated lists. */
#define SLOT_DATE 2
#define SLOT_FIELDS 3

/* A document of TEXT with SOURCE (may be NULL) in value slot 1, DATE and
 * FIELDS (either may be NULL) in theirs. */
static void put_with_values(xc_db *w, const char *id, const char *text,
                            const char *source, const char *date,
                            const char *fields)
{
    xc_doc *doc = test_doc_from_words(id, text, id);
    if (source)
        assert_int_equal(xc_doc_set_value(doc, 1, source, strlen(source)),
                         XC_STATUS_SUCCESS);
    if (date)
        assert_int_equal(
            xc_doc_set_value(doc, SLOT_DATE, date, strlen(date)),
            XC_STATUS_SUCCESS);
    if (fields)
        assert_int_equal(
            xc_doc_set_value(doc, SLOT_FIELDS, fields, strlen(fields)),
            XC_STATUS_SUCCESS);
    char term[64];
    snprintf(term, sizeof term, "Q%s", id);
    assert_int_equal(xc_db_replace_document_by_term(w, term, doc, NULL),
                     XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);
}

static int setup(void **state)
{
    if (access(TCPSRV, X_OK) != 0) {
        print_message("skipping: %s not installed (xapian-tools)\n", TCPSRV);
        *state = NULL;
        return 0;
    }
    struct fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir_new("remote");
    f->path = test_path_join(f->dir, "index");
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(f->path, XC_DB_CREATE, &w),
                     XC_STATUS_SUCCESS);
    put_with_values(w, "a", "pla hackers breached japan defence networks",
                    "Asahi", "2021", "Asahi\x1e" "pla\njapan\x1e" "2021");
    put_with_values(w, "b", "japan cyber budget defence force grows",
                    "Asahi", NULL, "Asahi\x1e" "japan\njapan");
    put_with_values(w, "c", "nsa warned tokyo about the pla hackers",
                    "Reuters", "2019", "Reuters\x1e" "pla\nnsa\x1e" "2019");
    put_with_values(w, "d", "check point research on chinese hackers", NULL,
                    NULL, "\x1e" "check-point");
    put_with_values(w, "e", "hackers again and japan", "Asahi", "2019",
                    "Asahi\x1e" "pla\njapan\x1e" "2019");
    assert_int_equal(xc_db_commit(w), XC_STATUS_SUCCESS);
    xc_db_destroy(w);
    start_server(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        return 0;
    if (f->server > 0) { /* 0 would signal our whole process group */
        kill(-f->server, SIGKILL);
        waitpid(f->server, NULL, 0);
    }
    free(f->path);
    test_tmpdir_remove(f->dir);
    free(f);
    return 0;
}

/* F's database, opened locally into DBS[0] and through its server into
 * DBS[1]. */
static void open_both(const struct fixture *f, xc_db *dbs[2])
{
    assert_int_equal(xc_db_open_readonly(f->path, &dbs[0]), XC_STATUS_SUCCESS);
    xc_status st = xc_db_open_remote_tcp("127.0.0.1", f->port, 5000, &dbs[1]);
    if (st != XC_STATUS_SUCCESS)
        fail_msg("remote open: %s", xc_thread_last_error());
}

static void ranked(xc_db *db, char *out, size_t out_len)
{
    xc_enquire *enq = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_STATUS_SUCCESS);
    xc_query *subs[3];
    const char *words[] = {"hackers", "japan", "defence"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(xc_query_term(words[i], 1, 0, &subs[i]),
                         XC_STATUS_SUCCESS);
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_QUERY_OR,
                                      (const xc_query *const *)subs, 3, 0,
                                      &q),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    xc_status st = xc_enquire_get_mset(enq, 0, 10, 10, NULL, &m);
    if (st != XC_STATUS_SUCCESS)
        fail_msg("search: %s", xc_enquire_last_error(enq));
    test_mset_describe(m, out, out_len);
    assert_int_equal(xc_mset_size(m), 5);
    xc_mset_destroy(m);
    xc_query_destroy(q);
    for (int i = 0; i < 3; i++)
        xc_query_destroy(subs[i]);
    xc_enquire_destroy(enq);
}

static void test_remote_same_as_local(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        skip();
    xc_db *local = NULL, *remote = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &local), XC_STATUS_SUCCESS);
    xc_status st = xc_db_open_remote_tcp("127.0.0.1", f->port, 5000, &remote);
    if (st != XC_STATUS_SUCCESS)
        fail_msg("remote open: %s", xc_thread_last_error());
    char want[1024], got[1024];
    ranked(local, want, sizeof want);
    ranked(remote, got, sizeof got);
    assert_string_equal(want, got);
    uint32_t n = 0;
    assert_int_equal(xc_db_doc_count(remote, &n), XC_STATUS_SUCCESS);
    assert_int_equal(n, 5);
    xc_db_destroy(remote);

    /* The same through a stub file. */
    char *stub = test_path_join(f->dir, "remote.stub");
    char line[64];
    int len = snprintf(line, sizeof line, "remote 127.0.0.1:%u\n", f->port);
    test_write_file(stub, line, (size_t)len);
    st = xc_db_open_readonly(stub, &remote);
    if (st != XC_STATUS_SUCCESS)
        fail_msg("stub open: %s", xc_thread_last_error());
    ranked(remote, got, sizeof got);
    assert_string_equal(want, got);
    xc_db_destroy(remote);
    free(stub);
    xc_db_destroy(local);

    /* The server going away is a NETWORK status on the next call. */
    assert_int_equal(xc_db_open_remote_tcp("127.0.0.1", f->port, 5000,
                                           &remote),
                     XC_STATUS_SUCCESS);
    kill(-f->server, SIGKILL);
    waitpid(f->server, NULL, 0);
    f->server = 0;
    xc_enquire *enq = NULL;
    xc_query *q = NULL;
    assert_int_equal(xc_enquire_new(remote, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_query_term("japan", 1, 0, &q), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, NULL, &m),
                     XC_STATUS_NETWORK);
    assert_null(m);
    assert_true(strlen(xc_enquire_last_error(enq)) > 0);
    xc_query_destroy(q);
    xc_enquire_destroy(enq);
    xc_db_destroy(remote);
}

/* Value facets work over a remote database too: the server runs only
 * Xapian's own counters, which libxapian-c falls back to. */
static void test_remote_value_counts(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        skip();
    xc_db *dbs[2] = {NULL, NULL};
    open_both(f, dbs);
    for (int i = 0; i < 2; i++) {
        xc_enquire *enq = NULL;
        xc_query *q = NULL;
        assert_int_equal(xc_enquire_new(dbs[i], &enq), XC_STATUS_SUCCESS);
        assert_int_equal(xc_query_term("hackers", 1, 0, &q),
                         XC_STATUS_SUCCESS);
        assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
        assert_int_equal(xc_enquire_add_value_count(enq, 1),
                         XC_STATUS_SUCCESS);
        /* Twice: each search counts afresh. */
        for (int round = 0; round < 2; round++) {
            xc_mset *m = NULL;
            xc_status st = xc_enquire_get_mset(enq, 0, 10, 10, NULL, &m);
            if (st != XC_STATUS_SUCCESS)
                fail_msg("%s search: %s", i ? "remote" : "local",
                         xc_enquire_last_error(enq));
            uint32_t n = 0;
            assert_int_equal(xc_enquire_counted_docs(enq, &n),
                             XC_STATUS_SUCCESS);
            assert_int_equal(n, 4);
            xc_terms *t = NULL;
            assert_int_equal(xc_enquire_value_counts(enq, 1, 0, &t),
                             XC_STATUS_SUCCESS);
            assert_true(xc_terms_valid(t));
            assert_string_equal(xc_terms_term(t), "Asahi");
            assert_int_equal(xc_terms_freq(t), 2);
            xc_terms_next(t);
            assert_true(xc_terms_valid(t));
            assert_string_equal(xc_terms_term(t), "Reuters");
            assert_int_equal(xc_terms_freq(t), 1);
            xc_terms_next(t);
            assert_false(xc_terms_valid(t));
            xc_terms_destroy(t);
            xc_mset_destroy(m);
        }
        xc_query_destroy(q);
        xc_enquire_destroy(enq);
        xc_db_destroy(dbs[i]);
    }
}

/* The query of ranked(): every document matches. */
static xc_query *every_one(void)
{
    xc_query *subs[3];
    const char *words[] = {"hackers", "japan", "defence"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(xc_query_term(words[i], 1, 0, &subs[i]),
                         XC_STATUS_SUCCESS);
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_QUERY_OR,
                                      (const xc_query *const *)subs, 3, 0,
                                      &q),
                     XC_STATUS_SUCCESS);
    for (int i = 0; i < 3; i++)
        xc_query_destroy(subs[i]);
    return q;
}

/* Facets of several fields, lists among them, count the same over a
 * remote database, where the server counts whole values. */
static void test_remote_field_counts(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        skip();
    xc_db *dbs[2] = {NULL, NULL};
    open_both(f, dbs);
    /* Field by field, "item:count " in the counters' order. */
    static const char *const want[3] = {
        "Asahi:3 Reuters:1 ", "japan:3 pla:3 check-point:1 nsa:1 ",
        "2019:2 2021:1 "};
    xc_query *q = every_one();
    for (int i = 0; i < 2; i++) {
        xc_enquire *enq = NULL;
        assert_int_equal(xc_enquire_new(dbs[i], &enq), XC_STATUS_SUCCESS);
        assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
        assert_int_equal(
            xc_enquire_add_value_fields_count(enq, SLOT_FIELDS, 3),
            XC_STATUS_SUCCESS);
        xc_mset *m = NULL;
        xc_status st = xc_enquire_get_mset(enq, 0, 10, 10, NULL, &m);
        if (st != XC_STATUS_SUCCESS)
            fail_msg("%s search: %s", i ? "remote" : "local",
                     xc_enquire_last_error(enq));
        for (unsigned field = 0; field < 3; field++) {
            xc_terms *t = NULL;
            assert_int_equal(
                xc_enquire_field_counts(enq, SLOT_FIELDS, field, 0, &t),
                XC_STATUS_SUCCESS);
            char got[256] = "";
            for (; xc_terms_valid(t); xc_terms_next(t)) {
                size_t used = strlen(got);
                snprintf(got + used, sizeof got - used, "%s:%u ",
                         xc_terms_term(t), xc_terms_freq(t));
            }
            xc_terms_destroy(t);
            assert_string_equal(got, want[field]);
        }
        xc_mset_destroy(m);
        xc_enquire_destroy(enq);
        xc_db_destroy(dbs[i]);
    }
    xc_query_destroy(q);
}

/* One page of the value order: ids with ranks, and the match count. */
static void sorted_page(xc_db *db, int is_descending, uint32_t first,
                        uint32_t max, char *out, size_t out_len)
{
    xc_enquire *enq = NULL;
    xc_query *q = every_one();
    assert_int_equal(xc_enquire_new(db, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_sort(enq, XC_SORT_VALUE_THEN_RELEVANCE,
                                         SLOT_DATE, is_descending),
                     XC_STATUS_SUCCESS);
    xc_mset *m = NULL;
    xc_status st = xc_enquire_get_mset(enq, first, max, 0, NULL, &m);
    if (st != XC_STATUS_SUCCESS)
        fail_msg("sorted search: %s", xc_enquire_last_error(enq));
    test_mset_describe(m, out, out_len);
    for (uint32_t i = 0; i < xc_mset_size(m); i++) {
        size_t used = strlen(out);
        snprintf(out + used, out_len - used, "#%u ", xc_mset_rank(m, i));
    }
    size_t used = strlen(out);
    snprintf(out + used, out_len - used, "of %u..%u",
             xc_mset_matches_lower_bound(m), xc_mset_matches_upper_bound(m));
    xc_mset_destroy(m);
    xc_query_destroy(q);
    xc_enquire_destroy(enq);
}

/* Sorted by a value that some documents lack, a remote database (which
 * knows no KeyMaker) lists the same pages as the local one: those
 * without a value last, in either order. */
static void test_remote_value_order(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        skip();
    xc_db *dbs[2] = {NULL, NULL};
    open_both(f, dbs);
    xc_db *local = dbs[0], *remote = dbs[1];
    static const uint32_t pages[][2] = {{0, 10}, {0, 2}, {0, 3}, {2, 2},
                                        {3, 1}, {4, 10}, {6, 3}};
    for (int desc = 0; desc < 2; desc++) {
        for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
            char want[512], got[512];
            sorted_page(local, desc, pages[p][0], pages[p][1], want,
                        sizeof want);
            sorted_page(remote, desc, pages[p][0], pages[p][1], got,
                        sizeof got);
            assert_string_equal(want, got);
        }
        char all[512];
        sorted_page(remote, desc, 0, 10, all, sizeof all);
        /* Dated first, in the order asked for (a 2021, c and e 2019);
         * b and d have no date. */
        assert_non_null(strstr(all, "of 5..5"));
        char *a = strstr(all, "a:"), *b = strstr(all, "b:");
        char *c = strstr(all, "c:"), *d = strstr(all, "d:");
        char *e = strstr(all, "e:");
        if (desc)
            assert_true(a < c && a < e);
        else
            assert_true(a > c && a > e);
        assert_true(b > a && b > c && b > e);
        assert_true(d > a && d > c && d > e);
    }
    xc_db_destroy(remote);
    xc_db_destroy(local);
}

/* Hit I of M's document as "data|source|date", or the status it fails
 * with as "status N". */
static void hit_document(xc_mset *m, uint32_t i, char *out, size_t out_len)
{
    xc_doc *doc = NULL;
    xc_status st = xc_mset_document(m, i, &doc);
    if (st != XC_STATUS_SUCCESS) {
        snprintf(out, out_len, "status %d", (int)st);
        return;
    }
    char *data = NULL, *source = NULL, *date = NULL;
    assert_int_equal(xc_doc_get_data(doc, &data, NULL), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_get_value(doc, 1, &source, NULL),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_get_value(doc, SLOT_DATE, &date, NULL),
                     XC_STATUS_SUCCESS);
    snprintf(out, out_len, "%s|%s|%s", data, source, date);
    xc_free(data);
    xc_free(source);
    xc_free(date);
    xc_doc_destroy(doc);
}

/* A page of hits from a local and a remote shard joined: the documents
 * read ahead (each remote shard's on a thread) are the documents read one
 * by one; and a shard that goes away before they are read makes its
 * documents fail with NETWORK, not the fetch. */
static void test_fetch_over_joined_shards(void **state)
{
    struct fixture *f = *state;
    if (f == NULL)
        skip();
    xc_db *dbs[2];
    open_both(f, dbs);
    xc_db *joined = NULL;
    assert_int_equal(xc_db_open_readonly(f->path, &joined), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_shard(joined, dbs[1]), XC_STATUS_SUCCESS);
    /* Term frequencies asked together are the sums of the shards'. */
    const char *terms[] = {"hackers", "japan", "nosuch", "pla"};
    uint32_t freqs[4], one;
    assert_int_equal(xc_db_term_freqs(joined, terms, 4, freqs),
                     XC_STATUS_SUCCESS);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(xc_db_term_freq(dbs[0], terms[i], &one),
                         XC_STATUS_SUCCESS);
        assert_int_equal(freqs[i], 2 * one);
    }
    assert_int_equal(freqs[0], 8);
    assert_int_equal(freqs[2], 0);
    xc_enquire *enq = NULL;
    xc_query *q = NULL;
    assert_int_equal(xc_enquire_new(joined, &enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_query_term("hackers", 1, 0, &q), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(enq, q, 0), XC_STATUS_SUCCESS);
    xc_mset *plain = NULL, *ahead = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 10, NULL, &plain),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 10, NULL, &ahead),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_mset_size(plain), 8); /* 4 hits, in each shard */
    xc_mset_fetch(ahead);
    for (uint32_t i = 0; i < xc_mset_size(plain); i++) {
        char want[256], got[256];
        hit_document(plain, i, want, sizeof want);
        hit_document(ahead, i, got, sizeof got);
        assert_string_equal(want, got);
        assert_true(strchr(got, '|') != NULL);
    }
    xc_mset_destroy(plain);
    xc_mset_destroy(ahead);

    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 10, NULL, &ahead),
                     XC_STATUS_SUCCESS);
    kill(-f->server, SIGKILL);
    waitpid(f->server, NULL, 0);
    f->server = 0;
    xc_mset_fetch(ahead);
    uint32_t failed = 0;
    for (uint32_t i = 0; i < xc_mset_size(ahead); i++) {
        char got[256];
        hit_document(ahead, i, got, sizeof got);
        /* Odd docids are the local shard's. */
        if (xc_mset_docid(ahead, i) % 2 == 1) {
            assert_true(strchr(got, '|') != NULL);
        } else {
            char want[32];
            snprintf(want, sizeof want, "status %d", (int)XC_STATUS_NETWORK);
            assert_string_equal(got, want);
            failed++;
        }
    }
    assert_int_equal(failed, 4);
    xc_mset_destroy(ahead);
    xc_query_destroy(q);
    xc_enquire_destroy(enq);
    xc_db_destroy(joined);
    xc_db_destroy(dbs[0]);
    xc_db_destroy(dbs[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_remote_value_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote_field_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote_value_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_fetch_over_joined_shards, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote_same_as_local, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("xapian-c remote", tests, NULL, NULL);
}
