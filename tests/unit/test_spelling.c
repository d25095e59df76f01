/*
 * test_spelling.c: British and American spellings index alike: every pair
 * of lib/spelling_gb_us.tsv gives one term, and words outside the list
 * are left alone; but proper nouns keep their spelling (Tyre the city is
 * no tire), in texts and in queries, and a lower-case query word matches
 * both forms.
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

/* The terms of TEXT analyzed by AN as a document (or as a query when
 * IS_QUERY), "word/term" joined by spaces. */
static const char *terms_of(dossier_analyzer *an, dossier_analysis *res,
                            const char *text, int is_query)
{
    static char out[2048];
    dossier_status st =
        is_query ? dossier_analyze_query(an, text, strlen(text), "en", res)
                 : dossier_analyze(an, text, strlen(text), "en", res);
    assert_int_equal(st, DOSSIER_OK);
    const dossier_token *t = dossier_analysis_tokens(res);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++)
        used += (size_t)snprintf(out + used, sizeof out - used, "%s%.*s/%s",
                                 i ? " " : "", (int)(t[i].end - t[i].start),
                                 text + t[i].start, t[i].term);
    return out;
}

/* A small gazetteer of our own: a city whose name is a British word, and
 * a party whose name is one. */
static const char test_gazetteer[] =
    "# test\n"
    "tyre\tplace\tTyre\t\n"
    "labour-party\torganisation\tLabour Party\tLabour\n";

/* In a text, a Capitalized word that is not first in its sentence keeps
 * its spelling; lower-case words, words in capitals and a sentence's
 * first word fold; a word of a gazetteer name keeps it even first. */
static void test_proper_nouns_keep_their_spelling(void **state)
{
    (void)state;
    dossier_analyzer *an = NULL;
    dossier_analysis *res = NULL;
    assert_int_equal(dossier_analyzer_new(NULL, &an), DOSSIER_OK);
    assert_int_equal(dossier_analysis_new(&res), DOSSIER_OK);
    static const char *const rows[][2] = {
        /* Mid-sentence and Capitalized: a name. */
        {"An Israeli strike hit Tyre", "An/an Israeli/isra strike/strike "
                                       "hit/hit Tyre/tyre"},
        {"members of the Labour Party", "members/member of/of the/the "
                                        "Labour/labour Party/parti"},
        {"the Centre Party won", "the/the Centre/centr Party/parti won/won"},
        /* Lower case folds. */
        {"tyres and labour and defence",
         "tyres/tire and/and labour/labor and/and defence/defens"},
        /* The first word of a sentence: its capital says nothing. */
        {"Tyre makers gained. Labour costs rose.",
         "Tyre/tire makers/maker gained/gain Labour/labor costs/cost "
         "rose/rose"},
        /* Capitals say nothing: a word in capitals, a sentence in them. */
        {"the TYRE fell", "the/the TYRE/tire fell/fell"},
        {"THE LABOUR PARTY WON", "THE/the LABOUR/labor PARTY/parti WON/won"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = terms_of(an, res, rows[i][0], 0);
        if (strcmp(got, rows[i][1]) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", rows[i][0], got,
                     rows[i][1]);
    }
    /* The kept spelling is flagged, the folded one is not. */
    terms_of(an, res, "Tyres of Tyre", 0);
    const dossier_token *t = dossier_analysis_tokens(res);
    assert_false(t[0].flags & DOSSIER_TOKEN_SPELLING_KEPT);
    assert_true(t[2].flags & DOSSIER_TOKEN_SPELLING_KEPT);
    char flags[128];
    dossier_token_flags_describe(t[2].flags, flags, sizeof flags);
    assert_string_equal(flags, "capitalized,spelling-kept");

    /* With a gazetteer, its names keep their spelling wherever they
     * stand; other words as before. */
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_parse(test_gazetteer,
                                             sizeof test_gazetteer - 1,
                                             "test.tsv", NULL, NULL, &g),
                     DOSSIER_OK);
    dossier_analyzer *with_names = NULL;
    assert_int_equal(dossier_analyzer_new(g, &with_names), DOSSIER_OK);
    static const char *const named[][2] = {
        {"Tyre was shelled", "Tyre/tyre was/was shelled/shell"},
        {"Labour won. Labour Party members cheered.",
         "Labour/labour won/won Labour/labour Party/parti members/member "
         "cheered/cheer"},
        /* A lower-case word is no name. */
        {"tyre prices", "tyre/tire prices/price"},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        const char *got = terms_of(with_names, res, named[i][0], 0);
        if (strcmp(got, named[i][1]) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", named[i][0], got,
                     named[i][1]);
    }
    /* Analyzing for terms leaves out no kept term (its first byte is the
     * word's own, "aeon" is no "eon"). */
    unsigned char first_bytes[256] = {0};
    first_bytes['a'] = 1;
    static const char aeons[] = "He wrote of the Aeon Gaol.";
    assert_int_equal(dossier_analyze_for_terms(with_names, aeons,
                                               sizeof aeons - 1, "en",
                                               first_bytes, res),
                     DOSSIER_OK);
    t = dossier_analysis_tokens(res);
    assert_int_equal(t[4].term_len, 4);
    assert_string_equal(t[4].term, "aeon");
    assert_int_equal(t[5].term_len, 0); /* gaol: g */
    dossier_analyzer_free(with_names);
    dossier_gazetteer_free(g);
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
}

/* The query terms of WORD, "|"-separated. */
static const char *query_terms_of(dossier_analyzer *an,
                                  dossier_analysis *res, const char *word)
{
    static char out[512];
    assert_int_equal(dossier_analyze_query(an, word, strlen(word), "en", res),
                     DOSSIER_OK);
    assert_true(dossier_analysis_token_count(res) >= 1);
    char buf[512];
    size_t n = dossier_analyzer_query_terms(
        an, &dossier_analysis_tokens(res)[0], "en", buf, sizeof buf);
    size_t used = 0, at = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        used += (size_t)snprintf(out + used, sizeof out - used, "%s%s",
                                 k ? "|" : "", buf + at);
        at += strlen(buf + at) + 1;
    }
    return out;
}

/* In a query, a Capitalized word is a proper noun wherever it stands and
 * keeps its spelling; a lower-case word matches both index forms. */
static void test_query_words(void **state)
{
    (void)state;
    dossier_analyzer *an = NULL;
    dossier_analysis *res = NULL;
    assert_int_equal(dossier_analyzer_new(NULL, &an), DOSSIER_OK);
    assert_int_equal(dossier_analysis_new(&res), DOSSIER_OK);
    /* The first word of a query is no sentence's first word. */
    assert_string_equal(terms_of(an, res, "Tyre", 1), "Tyre/tyre");
    assert_string_equal(terms_of(an, res, "Labour Party", 1),
                        "Labour/labour Party/parti");
    assert_string_equal(terms_of(an, res, "tyre TYRE", 1),
                        "tyre/tire TYRE/tire");
    static const char *const rows[][2] = {
        /* Lower case: the folded term, then the kept one. */
        {"tyre", "tire|tyre"},
        {"tyres", "tire|tyre"},
        {"tire", "tire|tyre"},
        {"labour", "labor|labour"},
        {"labor", "labor|labour"},
        {"centre", "center|centr"},
        {"defences", "defens|defenc"},
        /* Capitals say nothing about case. */
        {"TYRE", "tire|tyre"},
        /* Capitalized: a proper noun, its own spelling only. */
        {"Tyre", "tyre"},
        {"Labour", "labour"},
        /* Words with one spelling. */
        {"tired", "tire"},
        {"attack", "attack"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = query_terms_of(an, res, rows[i][0]);
        if (strcmp(got, rows[i][1]) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", rows[i][0], got,
                     rows[i][1]);
    }
    /* Too small a buffer for the word's own term: none. */
    assert_int_equal(dossier_analyze_query(an, "tyre", 4, "en", res),
                     DOSSIER_OK);
    char small[3];
    assert_int_equal(dossier_analyzer_query_terms(
                         an, &dossier_analysis_tokens(res)[0], "en", small,
                         sizeof small),
                     0);
    /* Other languages fold nothing. */
    assert_int_equal(dossier_analyze_query(an, "tyre", 4, "fr", res),
                     DOSSIER_OK);
    char buf[64];
    assert_int_equal(dossier_analyzer_query_terms(
                         an, &dossier_analysis_tokens(res)[0], "fr", buf,
                         sizeof buf),
                     1);
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pair_of_the_list),
        cmocka_unit_test(test_examples_and_non_words),
        cmocka_unit_test(test_proper_nouns_keep_their_spelling),
        cmocka_unit_test(test_query_words),
    };
    return cmocka_run_group_tests_name("spelling", tests, NULL, NULL);
}
