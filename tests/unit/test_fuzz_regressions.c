/*
 * test_fuzz_regressions.c: inputs the libFuzzer harnesses of tests/fuzz/
 * found to break a parser, each fed to the same function as its harness
 * feeds it, with what the harness checked.  The inputs are also in the
 * harnesses' seed corpora (tests/fuzz/corpus/), so that fuzzing starts
 * from them; tests/fuzz/README.md lists the findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "dossier/record.h"
#include "dossier/record_json.h"

/* Whether jansson reads LEN bytes of JSON as an object. */
static int jansson_reads(const char *json, size_t len)
{
    json_t *obj = json_loadb(json, len, 0, NULL);
    int ok = json_is_object(obj);
    json_decref(obj);
    return ok;
}

/* fuzz_record_json, crash-bbcbdd1e86f33d8de6df1208d18e69e7abed084f: the
 * stored record's reader took a number that jansson refuses as too large
 * to hold (an integer past long long: "too big integer"; a real past
 * double: "real number overflow"), where it must accept and refuse what
 * jansson does.  Fixed in lib/record_json.c, scan_number(). */
static void test_record_json_number_overflow(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* The input the harness kept, byte for byte. */
        "{\"\\u20AC0\\u24AC0e\\u0A2C\\ud83d\\ude00\":"
        "44444444444444444444444444}",
        "{\"id\":\"a\",\"n\":9223372036854775808}",
        "{\"n\":-9223372036854775809}",
        "{\"n\":[1,{\"m\":99999999999999999999}]}",
        "{\"n\":1e309}",
        "{\"n\":-1.5E+400}",
        "{\"n\":1" /* 400 digits before the point */
        "000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000.5}",
        /* Numbers jansson holds. */
        "{\"n\":9223372036854775807}",
        "{\"n\":-9223372036854775808}",
        "{\"n\":1e308}",
        "{\"n\":1e-999}",
        "{\"n\":-0.0000000000000000000000000001}",
        "{\"n\":123456789012345678,\"title\":\"t\"}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i]);
        dossier_article a = {0};
        int ours = dossier_record_from_json(cases[i], len, &a) == 0;
        int theirs = jansson_reads(cases[i], len);
        if (ours != theirs)
            fail_msg("jansson %s, ours %s: %s", theirs ? "reads" : "refuses",
                     ours ? "reads" : "refuses", cases[i]);
        if (!ours)
            assert_null(a.title);
        dossier_article_clear(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_json_number_overflow),
    };
    return cmocka_run_group_tests_name("fuzz regressions", tests, NULL, NULL);
}
