/*
 * test_status.c: the one error shape (dossier/status.h): every status
 * described, dossier_fail filling a message and returning the status,
 * a message cut whole characters at a time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/status.h"

static void test_every_status_described(void **state)
{
    (void)state;
    for (int st = DOSSIER_OK; st < DOSSIER_ERR_LAST; st++) {
        const char *text = dossier_status_to_string((dossier_status)st);
        assert_non_null(text);
        assert_string_not_equal(text, "unknown status");
        for (int other = DOSSIER_OK; other < st; other++)
            assert_string_not_equal(
                text, dossier_status_to_string((dossier_status)other));
    }
}

static void test_fail_fills_and_returns(void **state)
{
    (void)state;
    dossier_error err = {0};
    assert_int_equal(dossier_fail(&err, DOSSIER_ERR_INDEX, "cannot open %s: %d",
                                  "/srv/x", 7),
                     DOSSIER_ERR_INDEX);
    assert_int_equal(err.status, DOSSIER_ERR_INDEX);
    assert_string_equal(dossier_error_message(&err), "cannot open /srv/x: 7");
    /* No message: the status speaks. */
    dossier_error bare = {.status = DOSSIER_ERR_LOCKED};
    assert_string_equal(dossier_error_message(&bare),
                        dossier_status_to_string(DOSSIER_ERR_LOCKED));
    /* A caller that wants no message passes NULL. */
    assert_int_equal(dossier_fail(NULL, DOSSIER_NOT_FOUND, "x"),
                     DOSSIER_NOT_FOUND);
    assert_non_null(dossier_error_message(NULL));
}

static void test_long_message_cut_at_a_character(void **state)
{
    (void)state;
    char text[2000];
    /* "é" is two bytes: an odd start puts a character across the cut. */
    for (int start = 0; start < 4; start++) {
        size_t at = 0;
        for (int i = 0; i < start; i++)
            text[at++] = 'a';
        while (at + 5 < sizeof text) {
            memcpy(text + at, "\xc3\xa9\xe2\x82\xac", 5); /* é € */
            at += 5;
        }
        text[at] = '\0';
        dossier_error err;
        dossier_fail(&err, DOSSIER_ERR_IO, "%s", text);
        size_t len = strlen(err.message);
        assert_true(len < sizeof err.message);
        assert_true(len + 4 >= sizeof err.message - 1);
        /* The message ends on a whole character. */
        assert_memory_equal(err.message, text, len);
        unsigned char next = (unsigned char)text[len];
        assert_true((next & 0xC0) != 0x80);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_status_described),
        cmocka_unit_test(test_fail_fills_and_returns),
        cmocka_unit_test(test_long_message_cut_at_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
