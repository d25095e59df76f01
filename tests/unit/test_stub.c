/*
 * test_stub.c: reading the shards of an archive from a Xapian stub file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/stub.h"
#include "util.h"

/* Writes TEXT to a stub in a new folder, reads it into *STUB, and returns
 * the status; *DIR is the folder (done() removes it). */
static dossier_status read_text(const char *text, char **dir,
                                dossier_stub *stub, dossier_error *err)
{
    *dir = test_tmpdir_new("stub");
    char *path = test_path_join(*dir, "archive.stub");
    test_write_file(path, text, strlen(text));
    dossier_status rc = dossier_stub_read(path, stub, err);
    assert_true(dossier_is_stub(path));
    assert_false(dossier_is_stub(*dir));
    free(path);
    return rc;
}

static void done(char *dir, dossier_stub *stub)
{
    dossier_stub_clear(stub);
    test_tmpdir_remove(dir); /* frees DIR */
}

static void test_shards_of_every_kind(void **state)
{
    (void)state;
    char *dir;
    dossier_stub stub;
    dossier_error err;
    assert_int_equal(read_text("# the archive by year\n"
                               "auto 1987\n"
                               "\n"
                               "  glass /srv/dossier/1988  \n"
                               "remote 10.0.0.3:7000\n"
                               "remote :7001\r\n",
                               &dir, &stub, &err),
                     DOSSIER_OK);
    assert_int_equal(stub.n_shards, 4);
    char *want = test_path_join(dir, "1987");
    assert_false(stub.shards[0].is_remote);
    assert_string_equal(stub.shards[0].path, want);
    assert_string_equal(stub.shards[0].name, "1987");
    assert_int_equal(stub.shards[0].line, 2);
    free(want);
    assert_string_equal(stub.shards[1].path, "/srv/dossier/1988");
    assert_int_equal(stub.shards[1].line, 4);
    assert_true(stub.shards[2].is_remote);
    assert_string_equal(stub.shards[2].host, "10.0.0.3");
    assert_int_equal(stub.shards[2].port, 7000);
    assert_string_equal(stub.shards[2].name, "10.0.0.3:7000");
    assert_int_equal(stub.shards[2].line, 5);
    /* An empty host is this machine, as Xapian reads it. */
    assert_string_equal(stub.shards[3].host, "127.0.0.1");
    assert_int_equal(stub.shards[3].port, 7001);
    done(dir, &stub);
}

/* Lines this reader does not open itself are refused, named by line: the
 * caller then leaves the stub to Xapian. */
static void test_other_kinds_refused(void **state)
{
    (void)state;
    static const char *const stubs[] = {
        "auto a\nremote xapian-progsrv /srv/x\n", /* a program to run */
        "auto a\ninmemory\n",
        "auto a\nremote host:0\n",
        "auto a\nremote host:65536\n",
        "auto a\nremote host:7x\n",
        "auto a\nauto\n", /* no path */
    };
    for (size_t i = 0; i < sizeof stubs / sizeof stubs[0]; i++) {
        char *dir;
        dossier_stub stub;
        dossier_error err;
        assert_int_equal(read_text(stubs[i], &dir, &stub, &err),
                         DOSSIER_REFUSED);
        assert_non_null(strstr(err.message, "archive.stub:2:"));
        assert_int_equal(stub.n_shards, 0);
        done(dir, &stub);
    }
}

static void test_empty_and_missing(void **state)
{
    (void)state;
    char *dir;
    dossier_stub stub;
    dossier_error err;
    assert_int_equal(read_text("# nothing yet\n\n", &dir, &stub, &err),
                     DOSSIER_ERR_INVALID);
    assert_non_null(strstr(err.message, "names no shard"));
    char *missing = test_path_join(dir, "none.stub");
    assert_int_equal(dossier_stub_read(missing, &stub, &err), DOSSIER_ERR_IO);
    assert_false(dossier_is_stub(missing));
    free(missing);
    done(dir, &stub);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shards_of_every_kind),
        cmocka_unit_test(test_other_kinds_refused),
        cmocka_unit_test(test_empty_and_missing),
    };
    return cmocka_run_group_tests_name("stub", tests, NULL, NULL);
}
