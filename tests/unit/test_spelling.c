/*
 * test_spelling.c: British and American spellings index alike: every pair
 * of lib/spelling_gb_us.tsv gives one term, and words outside the list
 * are left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/analyzer.h"

static void term(dossier_analyzer *an, const char *word, char *out)
{
    size_t n = dossier_analyzer_term(an, word, strlen(word), "en", out, 128);
    if (n == 0)
        fail_msg("no term for \"%s\"", word);
}

static void test_every_pair_of_the_list(void **state)
{
    (void)state;
    dossier_analyzer *an = NULL;
    assert_int_equal(dossier_analyzer_new(NULL, &an), DOSSIER_OK);
    FILE *f = fopen("lib/spelling_gb_us.tsv", "r");
    assert_non_null(f);
    char line[256];
    size_t n_pairs = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char british[128], american[128];
        assert_int_equal(sscanf(line, "%127[a-z]\t%127[a-z]", british,
                                american),
                         2);
        char gb[128], us[128];
        term(an, british, gb);
        term(an, american, us);
        if (strcmp(gb, us) != 0)
            fail_msg("%s -> %s but %s -> %s", british, gb, american, us);
        n_pairs++;
    }
    fclose(f);
    assert_true(n_pairs > 2000);
    dossier_analyzer_free(an);
}

static void test_examples_and_non_words(void **state)
{
    (void)state;
    dossier_analyzer *an = NULL;
    assert_int_equal(dossier_analyzer_new(NULL, &an), DOSSIER_OK);
    static const char *const same[][2] = {
        {"defence", "defense"},       {"Defence", "DEFENSE"},
        {"programme", "program"},     {"organisations", "organizations"},
        {"recognised", "recognized"}, {"analysing", "analyzing"},
        {"colour", "color"},          {"centre", "center"},
        {"travelled", "traveled"},    {"Defence's", "defense"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char a[128], b[128];
        term(an, same[i][0], a);
        term(an, same[i][1], b);
        if (strcmp(a, b) != 0)
            fail_msg("%s -> %s, %s -> %s", same[i][0], a, same[i][1], b);
    }
    /* The plural of analysis is no verb: it is not in the list. */
    char a[128], b[128];
    term(an, "analyses", a);
    term(an, "analyzes", b);
    assert_string_not_equal(a, b);
    dossier_analyzer_free(an);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pair_of_the_list),
        cmocka_unit_test(test_examples_and_non_words),
    };
    return cmocka_run_group_tests_name("spelling", tests, NULL, NULL);
}
