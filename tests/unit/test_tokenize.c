/*
 * test_tokenize.c: the analyzer's splitting: spans, positions, flags,
 * normalized forms and terms, possessives, compounds, dotted acronyms,
 * numbers, apostrophes, sentences; table-driven.
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
#include "util.h"

TEST_ANALYZER_FIXTURE(0)

/* Renders the analysis of TEXT as "text/norm/term@position" words joined
 * by spaces, with "|" between sentences. */
static const char *render(const char *text, const char *lang)
{
    static char out[4096];
    assert_int_equal(dossier_analyze(an, text, strlen(text), lang, res),
                     DOSSIER_OK);
    const dossier_token *t = dossier_analysis_tokens(res);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++) {
        if (i > 0)
            used += (size_t)snprintf(out + used, sizeof out - used, "%s",
                                     t[i].sentence != t[i - 1].sentence
                                         ? " | "
                                         : " ");
        used += (size_t)snprintf(out + used, sizeof out - used,
                                 "%.*s/%s/%s@%u", (int)(t[i].end - t[i].start),
                                 text + t[i].start, t[i].norm, t[i].term,
                                 t[i].position);
    }
    return out;
}

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *expected;
    } rows[] = {
        /* Possessives, straight and curly, leave the span and the term. */
        {"Beijing's hackers", "Beijing/beijing/beij@1 hackers/hackers/hacker@2"},
        {"Japan\xE2\x80\x99s network",
         "Japan/japan/japan@1 network/network/network@2"},
        {"hackers' tools", "hackers/hackers/hacker@1 tools/tools/tool@2"},
        /* Apostrophes inside words stay: O'Brien. */
        {"O\xE2\x80\x99" "Brien", "O\xE2\x80\x99" "Brien/o'brien/o'brien@1"},
        /* Hyphenated compounds: parts, then the joined form. */
        {"cyber-security",
         "cyber/cyber/cyber@1 security/security/secur@2 "
         "cyber-security/cybersecurity/cybersecur@1"},
        /* Dotted acronyms join and keep their final period. */
        {"U.S. officials", "U.S./us/us@1 officials/officials/offici@2"},
        {"the U.K.", "the/the/the@1 U.K./uk/uk@2"},
        /* Numbers: thousands separators go, decimals stay. */
        {"1,000 troops in 2020 cost 3.5bn",
         "1,000/1000/1000@1 troops/troops/troop@2 in/in/in@3 "
         "2020/2020/2020@4 cost/cost/cost@5 3.5bn/3.5bn/3.5bn@6"},
        /* Case never decides stemming. */
        {"HACKERS ATTACKED", "HACKERS/hackers/hacker@1 ATTACKED/attacked/attack@2"},
        /* Accents fold, NFKC applies. */
        {"T\xC3\xBCrkiye S\xC3\xA3o \xEF\xAC\x81le \xEF\xBC\xA1\xEF\xBC\xA2",
         "T\xC3\xBCrkiye/turkiye/turkiy@1 S\xC3\xA3o/sao/sao@2 "
         "\xEF\xAC\x81le/file/file@3 \xEF\xBC\xA1\xEF\xBC\xA2/ab/ab@4"},
        /* Letters Unicode does not decompose fold as news writes them:
         * l-stroke, o-slash, d-stroke, thorn, ae, oe, dotless i, sharp s,
         * t-stroke, h-stroke. */
        {"Wa\xC5\x82\xC4\x99sa \xC3\x98resund \xC4\x90or\xC4\x91" "evi\xC4\x87",
         "Wa\xC5\x82\xC4\x99sa/walesa/walesa@1 \xC3\x98resund/oresund/oresund@2 \xC4\x90or\xC4\x91" "evi\xC4\x87/dordevic/dordev@3"},
        {"\xC3\x9E\xC3\xB3r \xC3\x86gir \xC5\x93uvre K\xC4\xB1r\xC4\xB1kkale Stra\xC3\x9F" "e Mar\xC5\xA7" "a \xC4\xA6" "amrun",
         "\xC3\x9E\xC3\xB3r/thor/thor@1 \xC3\x86gir/aegir/aegir@2 \xC5\x93uvre/oeuvre/oeuvr@3 K\xC4\xB1r\xC4\xB1kkale/kirikkale/kirikkal@4 Stra\xC3\x9F" "e/strasse/strass@5 Mar\xC5\xA7" "a/marta/marta@6 \xC4\xA6" "amrun/hamrun/hamrun@7"},
        /* Domains split; a period between words is no connector. */
        {"nytimes.com", "nytimes/nytimes/nytim@1 com/com/com@2"},
        /* Abbreviations, initials and acronyms do not end sentences. */
        {"Gen. Paul Nakasone met Mr. Kim in Jan. 2020. They spoke.",
         "Gen/gen/gen@1 Paul/paul/paul@2 Nakasone/nakasone/nakason@3 "
         "met/met/met@4 Mr/mr/mr@5 Kim/kim/kim@6 in/in/in@7 Jan/jan/jan@8 "
         "2020/2020/2020@9 | They/they/they@10 spoke/spoke/spoke@11"},
        {"John F. Kennedy. Then", "John/john/john@1 F/f/f@2 "
                                  "Kennedy/kennedy/kennedi@3 | Then/then/then@4"},
        {"Is it? Yes! \"Quoted.\" Next",
         "Is/is/is@1 it/it/it@2 | Yes/yes/yes@3 | Quoted/quoted/quot@4 | "
         "Next/next/next@5"},
        /* A lower-case word after a period does not start a sentence. */
        {"about 3 p.m. yesterday", "about/about/about@1 3/3/3@2 p.m./pm/pm@3 "
                                   "yesterday/yesterday/yesterday@4"},
        /* Blank lines end paragraphs and sentences. */
        {"Headline\n\nBody text", "Headline/headline/headlin@1 | "
                                  "Body/body/bodi@2 text/text/text@3"},
        /* Han, kana and hangul: overlapping bigrams at successive
         * positions, the character alone in a run of one. */
        {"日本", "日本/日本/日本@1"},
        {"中国人民", "中国/中国/中国@1 国人/国人/国人@2 人民/人民/人民@3"},
        {"在 中", "在/在/在@1 中/中/中@2"},
        {"日本の首相", "日本/日本/日本@1 本の/本の/本の@2 の首/の首/の首@3 "
                       "首相/首相/首相@4"},
        {"러시아는 중국과", "러시/러시/러시@1 시아/시아/시아@2 아는/아는/아는@3 "
                            "중국/중국/중국@4 국과/국과/국과@5"},
        {"ｶﾀｶﾅ", "ｶﾀ/カタ/カタ@1 ﾀｶ/タカ/タカ@2 ｶﾅ/カナ/カナ@3"},
        /* A word in another script than the text's language is stemmed
         * in its script's language: Russian, Arabic. */
        {"Moscow Москвы", "Moscow/moscow/moscow@1 Москвы/москвы/москв@2"},
        {"and وحزب", "and/and/and@1 وحزب/وحزب/حزب@2"},
        /* Invalid UTF-8 separates words and never joins a span. */
        {"bad\xFF" "byte\xC3", "bad/bad/bad@1 byte/byte/byte@2"},
        /* Byte-level shortcuts (hyphens, periods, ASCII shape) count as
         * decoding would: U+2010 and U+2011 join, a letter out of ASCII
         * begins a dotted acronym, case is read past ASCII. */
        {"cyber\xE2\x80\x90" "war e\xE2\x80\x91" "mail",
         "cyber/cyber/cyber@1 war/war/war@2 "
         "cyber\xE2\x80\x90" "war/cyberwar/cyberwar@1 e/e/e@3 "
         "mail/mail/mail@4 e\xE2\x80\x91" "mail/email/email@3"},
        {"\xC3\x89.U. ab\xC3\x89", "\xC3\x89.U./eu/eu@1 ab\xC3\x89/abe/abe@2"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = render(rows[i].text, "en");
        if (strcmp(got, rows[i].expected) != 0)
            fail_msg("row %zu: %s\n  got:      %s\n  expected: %s", i,
                     rows[i].text, got, rows[i].expected);
    }
}

static uint32_t flags_of(const char *text, size_t index)
{
    assert_int_equal(dossier_analyze(an, text, strlen(text), "en", res),
                     DOSSIER_OK);
    assert_true(index < dossier_analysis_token_count(res));
    return dossier_analysis_tokens(res)[index].flags;
}

static void test_flags(void **state)
{
    (void)state;
    uint32_t f = flags_of("the NSA said", 1);
    assert_true(f & DOSSIER_TOKEN_ACRONYM);
    assert_true(f & DOSSIER_TOKEN_ALL_CAPS);
    assert_false(f & DOSSIER_TOKEN_CAPS_CONTEXT);

    f = flags_of("the U.S. said", 1);
    assert_true(f & DOSSIER_TOKEN_DOTTED);
    assert_true(f & DOSSIER_TOKEN_ACRONYM);

    /* The pronoun is no acronym. */
    f = flags_of("told us", 1);
    assert_false(f & (DOSSIER_TOKEN_ACRONYM | DOSSIER_TOKEN_ALL_CAPS));

    /* In a sentence in capitals, capitals are no acronyms. */
    f = flags_of("TREASURY SAYS DOLLAR STABLE", 0);
    assert_true(f & DOSSIER_TOKEN_CAPS_CONTEXT);
    assert_false(f & DOSSIER_TOKEN_ACRONYM);

    f = flags_of("Japan's", 0);
    assert_true(f & DOSSIER_TOKEN_POSSESSIVE);
    assert_true(f & DOSSIER_TOKEN_CAPITALIZED);

    f = flags_of("2020", 0);
    assert_true(f & DOSSIER_TOKEN_NUMBER);

    f = flags_of("cyber-security", 0);
    assert_true(f & DOSSIER_TOKEN_COMPOUND_PART);
    f = flags_of("cyber-security", 2);
    assert_true(f & DOSSIER_TOKEN_COMPOUND);

    char desc[128];
    dossier_token_flags_describe(DOSSIER_TOKEN_ACRONYM | DOSSIER_TOKEN_DOTTED,
                                 desc, sizeof desc);
    assert_string_equal(desc, "acronym,dotted");
}

static void test_sentences(void **state)
{
    (void)state;
    const char *text = "First one. Second one! Third";
    assert_int_equal(dossier_analyze(an, text, strlen(text), "en", res),
                     DOSSIER_OK);
    assert_int_equal(dossier_analysis_sentence_count(res), 3);
    const dossier_sentence *s = dossier_analysis_sentences(res);
    assert_int_equal(s[0].start, 0);
    assert_int_equal(s[0].end, 9); /* "First one" */
    assert_int_equal(s[1].start, 11);
    assert_int_equal(s[2].start, 23);
    assert_int_equal(s[2].end, 28);
}

static void test_languages(void **state)
{
    (void)state;
    /* French and German stemmers; region suffixes are ignored. */
    assert_string_equal(render("les attaques", "fr"),
                        "les/les/le@1 attaques/attaques/attaqu@2");
    assert_string_equal(render("Angriffe", "de-DE"),
                        "Angriffe/angriffe/angriff@1");
    /* No British folding outside English. */
    assert_string_equal(render("defence", "fr"), "defence/defence/defenc@1");
    /* An unknown language still analyzes, unstemmed, and says so. */
    const char *text = "attacks";
    assert_int_equal(dossier_analyze(an, text, strlen(text), "xx", res),
                     DOSSIER_ERR_LANGUAGE);
    assert_int_equal(dossier_analysis_token_count(res), 1);
    assert_string_equal(dossier_analysis_tokens(res)[0].term, "attacks");

    char term[64];
    assert_int_equal(dossier_analyzer_term(an, "Defences", 8, "en", term,
                                           sizeof term),
                     strlen("defens"));
    assert_string_equal(term, "defens");
    assert_int_equal(dossier_analyzer_term(an, "  ", 2, "en", term,
                                           sizeof term),
                     0);
    assert_int_equal(dossier_analyzer_term(an, "defences", 8, "en", term, 3),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests_name("analyzer tokens", tests, setup,
                                       teardown);
}
