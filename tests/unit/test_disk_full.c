/*
 * test_disk_full.c: telling a full disk from other failures by the words
 * of Xapian's and strerror's messages, the room a commit asks for, and
 * the room check's message, which the same test must recognize.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/stat.h>

#include "disk_full.h"
#include "util.h"

static void test_recognized(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool is_full;
    } cases[] = {
        {"DatabaseError: Error writing block 31 (No space left on device)", 1},
        {"shard x/0: cannot commit: DatabaseError: Error writing block 7 "
         "(Disk quota exceeded)", 1},
        {"cannot write /x/dossier-merged: No space left on device", 1},
        {"DatabaseError: Error writing block 3 (Input/output error)", 0},
        {"DatabaseCorruptError: Expected block 12 to be level 0", 0},
        {"out of memory", 0},
        {"no space in this sentence", 0},
        {"", 0},
        {NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        print_message("case %zu\n", i);
        assert_int_equal(disk_full_error(cases[i].text), cases[i].is_full);
    }
    /* Our own messages quote strerror: it must say what the list holds. */
    assert_true(disk_full_error(strerror(ENOSPC)));
    assert_true(disk_full_error(strerror(EDQUOT)));
}

static void test_bounds_grow(void **state)
{
    (void)state;
    /* Even an empty commit asks for some room: the tables' roots. */
    assert_true(disk_full_commit_bytes(0) > 0);
    assert_true(disk_full_commit_bytes(1000) > disk_full_commit_bytes(0) +
                                                   1000);
    assert_true(disk_full_merge_bytes(1000000) > 1000000);
}

static void test_room_check(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("disk-full");
    dossier_error err = {0};
    assert_int_equal(disk_full_check_room(dir, 0, &err), DOSSIER_OK);
    assert_false(disk_full_is_full(dir));
    /* No disk has this much: the message names the folder and says
     * "full" in the words disk_full_error knows. */
    assert_int_equal(disk_full_check_room(dir, UINT64_MAX / 2, &err),
                     DOSSIER_ERR_IO);
    assert_int_equal(err.status, DOSSIER_ERR_IO);
    assert_non_null(strstr(err.message, dir));
    assert_true(disk_full_error(err.message));
    /* Without a place for the message, the answer is the same. */
    assert_int_equal(disk_full_check_room(dir, UINT64_MAX / 2, NULL),
                     DOSSIER_ERR_IO);
    /* A folder that does not exist: no answer, no failure. */
    char *missing = test_path_join(dir, "missing");
    assert_int_equal(disk_full_check_room(missing, UINT64_MAX / 2, &err),
                     DOSSIER_OK);
    assert_false(disk_full_is_full(missing));
    free(missing);
    test_tmpdir_remove(dir);
}

static void test_tree_bytes(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("disk-tree");
    char *sub = test_path_join(dir, "sub");
    char *file = test_path_join(sub, "f");
    assert_int_equal(mkdir(sub, 0755), 0);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    static char block[100000];
    memset(block, 'x', sizeof block);
    assert_int_equal(fwrite(block, 1, sizeof block, f), sizeof block);
    assert_int_equal(fclose(f), 0);
    assert_true(disk_full_tree_bytes(dir) >= sizeof block);
    char *missing = test_path_join(dir, "missing");
    assert_int_equal(disk_full_tree_bytes(missing), 0);
    free(missing);
    free(file);
    free(sub);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recognized),
        cmocka_unit_test(test_bounds_grow),
        cmocka_unit_test(test_room_check),
        cmocka_unit_test(test_tree_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
