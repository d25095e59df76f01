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

/* A document of TEXT with SOURCE (may be NULL) in value slot 1. */
static void put_with_source(xc_db *w, const char *id, const char *text,
                            const char *source)
{
    xc_doc *doc = test_doc_from_words(id, text, id);
    if (source)
        assert_int_equal(xc_doc_set_value(doc, 1, source, strlen(source)),
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
    put_with_source(w, "a", "pla hackers breached japan defence networks",
                    "Asahi");
    put_with_source(w, "b", "japan cyber budget defence force grows",
                    "Asahi");
    put_with_source(w, "c", "nsa warned tokyo about the pla hackers",
                    "Reuters");
    put_with_source(w, "d", "check point research on chinese hackers", NULL);
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
    assert_int_equal(xc_mset_size(m), 4);
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
    assert_int_equal(n, 4);
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
    assert_int_equal(xc_db_open_readonly(f->path, &dbs[0]), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_open_remote_tcp("127.0.0.1", f->port, 5000,
                                           &dbs[1]),
                     XC_STATUS_SUCCESS);
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
            assert_int_equal(n, 3);
            xc_terms *t = NULL;
            assert_int_equal(xc_enquire_value_counts(enq, 1, 0, &t),
                             XC_STATUS_SUCCESS);
            assert_true(xc_terms_valid(t));
            assert_string_equal(xc_terms_term(t), "Asahi");
            assert_int_equal(xc_terms_freq(t), 1);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_remote_value_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_remote_same_as_local, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("xapian-c remote", tests, NULL, NULL);
}
