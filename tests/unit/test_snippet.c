/*
 * test_snippet.c: snippets: which fragments, which spans are matches and
 * which entities, inflections and spellings, the lede when nothing
 * matches, long sentences cut to a window, and spans on UTF-8 boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "query_build.h"
#include "query_parse.h"
#include "snippet.h"
#include "util.h"

TEST_ANALYZER_FIXTURE(1)

/* Renders a snippet: matches in [], entities in {id:...}, "…" between
 * fragments. */
static const char *render(const char *query, const char *text,
                          size_t fragments, size_t words)
{
    static char out[8192];
    parsed_query pq;
    built_query bq;
    assert_int_equal(query_parse(query, strlen(query), 0, &pq), DOSSIER_OK);
    query_context ctx = {.an = an, .gaz = gaz, .lang = "en"};
    assert_int_equal(query_build(pq.root, &ctx, &pq, &bq, NULL), DOSSIER_OK);
    snippet sn;
    snippet_options opts = {fragments, words};
    assert_int_equal(snippet_build(an, res, text, strlen(text), "en", &bq,
                                   &opts, &sn),
                     DOSSIER_OK);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sn.n_segments; i++) {
        const segment *g = &sn.segments[i];
        int n = (int)(g->end - g->start);
        const char *s = text + g->start;
        /* Spans never cut a UTF-8 character. */
        if (g->type != SEG_ELLIPSIS) {
            assert_true(g->end <= strlen(text));
            assert_false((s[0] & 0xC0) == 0x80 && n > 0);
            assert_false(g->end < strlen(text) &&
                         (text[g->end] & 0xC0) == 0x80);
        }
        switch (g->type) {
        case SEG_TEXT:
            used += (size_t)snprintf(out + used, sizeof out - used, "%.*s", n,
                                     s);
            break;
        case SEG_MATCH:
            used += (size_t)snprintf(out + used, sizeof out - used, "[%.*s]",
                                     n, s);
            break;
        case SEG_ENTITY:
            used += (size_t)snprintf(out + used, sizeof out - used,
                                     "{%s%s:%.*s}", g->is_match ? "*" : "",
                                     g->entity->id, n, s);
            break;
        case SEG_ELLIPSIS:
            used += (size_t)snprintf(out + used, sizeof out - used, "…");
            break;
        }
    }
    snippet_free(&sn);
    built_query_free(&bq);
    query_free(&pq);
    return out;
}

static void check(const char *query, const char *text, size_t fragments,
                  size_t words, const char *expected)
{
    const char *got = render(query, text, fragments, words);
    if (strcmp(got, expected) != 0)
        fail_msg("query %s\n  got:      %s\n  expected: %s", query, got,
                 expected);
}

static void test_matches_and_entities(void **state)
{
    (void)state;
    const char *text =
        "Hackers attacked the ministry. The PLA denied it. "
        "Officials in Tokyo said the defence networks were hacked again "
        "from China.";
    /* Inflections and spellings match; entities are marked, the asked
     * ones starred; fragments in text order with ellipses between. */
    check("hacking defense", text, 3, 30,
          "…Officials in {tokyo:Tokyo} said the [defence] networks were "
          "[hacked] again from {china:China}.");
    /* (Snowball stems hackers to hacker, hacking to hack.) */
    check("hackers ministry", text, 3, 30,
          "[Hackers] attacked the [ministry].…");
    check("entity:PLA", text, 3, 30,
          "…The {*pla:PLA} denied it.…");
    /* Only words that may hold an asked term are stemmed (by first
     * letter): a respelling that changes the first letter still marks. */
    check("jail inquiry", "He left gaol. An enquiry began.", 3, 30,
          "He left [gaol]. An [enquiry] began.");
    check("curb*", "Cars on the kerbside.", 3, 30,
          "Cars on the [kerbside].");
    /* Nothing matches: the lede. */
    check("zebra", text, 3, 30,
          "Hackers attacked the ministry. The {pla:PLA} denied it. Officials "
          "in {tokyo:Tokyo} said the defence networks were hacked again from "
          "{china:China}.");
    /* A phrase and a compound mark their words. */
    check("\"cyber security\"", "Japan's cyber-security law passed.", 3, 30,
          "{japan:Japan}'s [cyber]-[security] law passed.");
    /* A phrase is marked where it occurs as a phrase, not word by word. */
    check("\"check point\"",
          "A check at the point of entry. Check Point said so.", 3, 30,
          "…{*check-point:Check Point} said so.");
    check("check point",
          "A check at the point of entry. Check Point said so.", 3, 30,
          "A [check] at the [point] of entry. {*check-point:Check Point} "
          "said so.");
}

static void test_stop_words(void **state)
{
    (void)state;
    /* Among other words a stop word is not searched, so not marked... */
    check("the defence of networks",
          "The defence of the networks held.", 3, 30,
          "The [defence] of the [networks] held.");
    /* ...but a query of nothing else keeps its words. */
    check("the who", "The Who played. The end.", 3, 30,
          "[The] [Who] played. [The] end.");
    /* Inside a phrase or a compound a stop word is not marked. */
    check("\"mayor of the town\" state-of-the-art",
          "The mayor of the town saw a state-of-the-art port.", 3, 30,
          "The [mayor] of the [town] saw a [state]-of-the-[art] port.");
}

static void test_long_sentence_window(void **state)
{
    (void)state;
    char text[4096] = "";
    for (int i = 0; i < 60; i++)
        strcat(text, "word ");
    strcat(text, "needle ");
    for (int i = 0; i < 60; i++)
        strcat(text, "word ");
    strcat(text, "end.");
    const char *got = render("needle", text, 3, 10);
    assert_non_null(strstr(got, "[needle]"));
    /* A window of 10 words, starting 5 before the match. */
    assert_string_equal(got, "…word word word word word [needle] word word "
                             "word word…");
}

static void test_multibyte_text(void **state)
{
    (void)state;
    check("istanbul", "Talks in \xC4\xB0stanbul with T\xC3\xBCrkiye ended.", 3,
          30,
          "Talks in {*istanbul:\xC4\xB0stanbul} with {turkiye:T\xC3\xBCrkiye} "
          "ended.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_and_entities),
        cmocka_unit_test(test_stop_words),
        cmocka_unit_test(test_long_sentence_window),
        cmocka_unit_test(test_multibyte_text),
    };
    return cmocka_run_group_tests_name("snippets", tests, setup, teardown);
}
