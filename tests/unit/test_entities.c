/*
 * test_entities.c: the gazetteer (feeds/entities.tsv and hostile ones)
 * and the entity matcher on the kind of sentences news is made of,
 * table-driven: each row lists the mentions expected, as
 * "id[mention text]" in text order.
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
#include "dossier/gazetteer.h"
#include "util.h"

TEST_ANALYZER_FIXTURE(1)

static const char *mentions_of(dossier_analyzer *a, const char *text)
{
    static char out[2048];
    assert_int_equal(dossier_analyze(a, text, strlen(text), "en", res),
                     DOSSIER_OK);
    const dossier_mention *m = dossier_analysis_mentions(res);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < dossier_analysis_mention_count(res); i++)
        used += (size_t)snprintf(out + used, sizeof out - used, "%s%s[%.*s]",
                                 i ? " " : "", m[i].entity->id,
                                 (int)(m[i].end - m[i].start),
                                 text + m[i].start);
    return out;
}

static void test_news_sentences(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *expected;
    } rows[] = {
        {"Gen. Paul Nakasone, head of the NSA and US Cyber Command, visited "
         "Tokyo.",
         "paul-nakasone[Gen. Paul Nakasone] nsa[NSA] "
         "us-cyber-command[US Cyber Command] tokyo[Tokyo]"},
        {"cyber spies of the People's Liberation Army sneaked into Japan's "
         "most sensitive computer systems",
         "pla[People's Liberation Army] japan[Japan]"},
        {"cyber spies of the People\xE2\x80\x99s Liberation Army",
         "pla[People\xE2\x80\x99s Liberation Army]"},
        {"Check Point's research showed", "check-point[Check Point]"},
        {"Researchers at Check Point Research said",
         "check-point[Check Point Research]"},
        /* Aliases meet at one id. */
        {"Cyber Command and USCYBERCOM and the PLA and the Chinese military",
         "us-cyber-command[Cyber Command] us-cyber-command[USCYBERCOM] "
         "pla[PLA] pla[Chinese military]"},
        /* Longest match: the demonym alone is the country. */
        {"Chinese state hackers", "china[Chinese]"},
        /* Case rules in mixed-case text. */
        {"the guards told us to leave", ""},
        {"a check point on the road", ""},
        {"una plaza grande y la pla", ""},
        {"The US and the U.S. and the UK", "united-states[US] "
                                           "united-states[U.S.] "
                                           "united-kingdom[UK]"},
        {"Nato allies met", "nato[Nato]"},
        /* Names do not run across sentences or punctuation. */
        {"He flew to Japan. Self-defence was discussed.", "japan[Japan]"},
        /* In capitals, names match; common-word acronyms need dots. */
        {"U.S. SAYS JAPAN AND CHECK POINT WARNED US",
         "united-states[U.S.] japan[JAPAN] check-point[CHECK POINT]"},
        {"NSA CHIEF VISITS TOKYO", "nsa[NSA] tokyo[TOKYO]"},
        /* Accents fold: Türkiye = Turkiye. */
        {"T\xC3\xBCrkiye and Turkiye", "turkiye[T\xC3\xBCrkiye] "
                                       "turkiye[Turkiye]"},
        /* Acronyms defined in the text count as the same entity. */
        {"The Shanghai Cooperation Organisation (SCO) met. SCO leaders "
         "spoke.",
         "sco[Shanghai Cooperation Organisation] sco[SCO] sco[SCO]"},
        /* Threat actors and their aliases. */
        {"Fancy Bear, also known as APT28, and Volt Typhoon",
         "apt28[Fancy Bear] apt28[APT28] volt-typhoon[Volt Typhoon]"},
        /* Look-alikes are entities of their own: the longer name wins. */
        {"Fighters of the Sudan People's Liberation Army (SPLA) left town",
         "spla[Sudan People's Liberation Army] spla[SPLA]"},
        {"The People's Liberation Army of Manipur claimed the ambush",
         "pla-manipur[People's Liberation Army of Manipur]"},
        /* A ticker in a wire company line is a listing, not the entity
         * its letters spell. */
        {"PLAYBOY ENTERPRISES <PLA> SAID PROFITS ROSE", ""},
        {"Playboy Enterprises Inc <PLA> said profits rose, as did <PLA.N>",
         ""},
        {"The PLA <said> nothing", "pla[PLA]"},
        /* Leaders of the archive's years, under every spelling. */
        {"Kadhafi, Qaddafi and Gadaffi are one man; Saif al-Islam Gaddafi "
         "is his son",
         "muammar-gaddafi[Kadhafi] muammar-gaddafi[Qaddafi] "
         "muammar-gaddafi[Gadaffi] saif-al-islam-gaddafi[Saif al-Islam "
         "Gaddafi]"},
        {"Milosevic met Yeltsin after Saddam Hussein spoke",
         "slobodan-milosevic[Milosevic] boris-yeltsin[Yeltsin] "
         "saddam-hussein[Saddam Hussein]"},
        /* Outlets. */
        {"as The Washington Post reported", "washington-post[The Washington "
                                            "Post]"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = mentions_of(an, rows[i].text);
        if (strcmp(got, rows[i].expected) != 0)
            fail_msg("row %zu: %s\n  got:      %s\n  expected: %s", i,
                     rows[i].text, got, rows[i].expected);
    }
}

/* "Did you mean": the nearest name within a third of the query's length,
 * the smallest distance first; nothing when none is that near. */
static void test_nearest_entity(void **state)
{
    (void)state;
    static const struct {
        const char *query, *expected;
    } rows[] = {
        {"Cybr Command", "us-cyber-command"}, /* a letter missing */
        {"Chnia", "china"},                   /* neighbours swapped */
        {"Wagnr", "wagner-group"},
        {"JAPAN", "japan"},                   /* case does not count */
        {"No Such Thing", NULL},
        {"Zq", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *matched = NULL;
        const dossier_entity *e =
            dossier_gazetteer_nearest(gaz, rows[i].query, &matched);
        const char *got = e != NULL ? e->id : NULL;
        if ((got == NULL) != (rows[i].expected == NULL) ||
            (got != NULL && strcmp(got, rows[i].expected) != 0))
            fail_msg("\"%s\": got %s, want %s", rows[i].query,
                     got ? got : "none",
                     rows[i].expected ? rows[i].expected : "none");
        if (got != NULL)
            assert_non_null(matched);
    }
    assert_null(dossier_gazetteer_nearest(NULL, "China", NULL));
    assert_null(dossier_gazetteer_nearest(gaz, NULL, NULL));
}

/* A small gazetteer of our own: learned acronyms and alias reporting. */
static void test_learned_acronym(void **state)
{
    (void)state;
    static const char tsv[] =
        "# test\n"
        "csa\tgovernment\tCyber Security Agency\t\n"
        "other\torganisation\tCommon Services Association\tCSA\n";
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_parse(tsv, sizeof tsv - 1, "test.tsv",
                                             test_fail_on_warning, NULL, &g),
                     DOSSIER_OK);
    dossier_analyzer *a = NULL;
    assert_int_equal(dossier_analyzer_new(g, &a), DOSSIER_OK);

    /* Without a definition, CSA is the gazetteer's. */
    assert_string_equal(mentions_of(a, "CSA said"), "other[CSA]");
    /* Defined in the text, it is what the text says. */
    const char *text = "The Cyber Security Agency (CSA) warned. Later the CSA "
                       "said more.";
    assert_string_equal(mentions_of(a, text),
                        "csa[Cyber Security Agency] csa[CSA] csa[CSA]");
    const dossier_mention *m = dossier_analysis_mentions(res);
    assert_true(m[1].flags & DOSSIER_MENTION_LEARNED);
    assert_null(m[1].alias);
    assert_string_equal(m[0].alias, "Cyber Security Agency");
    assert_int_equal(m[0].first_token, 1);
    assert_int_equal(m[0].last_token, 3);

    dossier_analyzer_free(a);
    dossier_gazetteer_free(g);
}

static void test_gazetteer_file(void **state)
{
    (void)state;
    assert_true(dossier_gazetteer_count(gaz) >= 400);
    /* Every type is represented. */
    size_t per_type[DOSSIER_ENTITY_TYPE_COUNT] = {0};
    for (size_t i = 0; i < dossier_gazetteer_count(gaz); i++) {
        const dossier_entity *e = dossier_gazetteer_entity(gaz, i);
        assert_int_equal(e->index, i);
        per_type[e->type]++;
    }
    for (int t = 0; t < DOSSIER_ENTITY_TYPE_COUNT; t++)
        if (per_type[t] == 0)
            fail_msg("no entity of type %s",
                     dossier_entity_type_name((dossier_entity_type)t));
    assert_null(dossier_gazetteer_entity(gaz, 100000));

    /* Lookup by id, display name or alias, normalized. */
    static const char *const pla_names[] = {
        "pla", "PLA", "People's Liberation Army",
        "people\xE2\x80\x99s liberation army", "Chinese military",
    };
    for (size_t i = 0; i < sizeof pla_names / sizeof pla_names[0]; i++) {
        const dossier_entity *e = dossier_gazetteer_lookup(gaz, pla_names[i]);
        if (e == NULL || strcmp(e->id, "pla") != 0)
            fail_msg("lookup \"%s\" did not find the PLA", pla_names[i]);
    }
    const dossier_entity *e = dossier_gazetteer_lookup(gaz, "Cyber Command");
    assert_non_null(e);
    assert_string_equal(e->id, "us-cyber-command");
    assert_string_equal(e->name, "US Cyber Command");
    assert_int_equal(e->type, DOSSIER_ENTITY_MILITARY);
    assert_null(dossier_gazetteer_lookup(gaz, "no such entity anywhere"));
    assert_null(dossier_gazetteer_lookup(gaz, ""));

    const char *version = dossier_gazetteer_version(gaz);
    assert_int_equal(strncmp(version, "fnv64:", 6), 0);
    assert_int_equal(strlen(version), 22);

    dossier_entity_type t;
    assert_int_equal(dossier_entity_type_parse("threat-actor", &t), 0);
    assert_int_equal(t, DOSSIER_ENTITY_THREAT_ACTOR);
    assert_int_equal(dossier_entity_type_parse("spy", &t), DOSSIER_ERR_INVALID);
    assert_string_equal(dossier_entity_type_name((dossier_entity_type)99),
                        "unknown");
}

struct warnings {
    char text[4096];
    int count;
};

static void collect(void *ctx, const char *where, const char *message)
{
    struct warnings *w = ctx;
    size_t used = strlen(w->text);
    snprintf(w->text + used, sizeof w->text - used, "%s: %s\n", where,
             message);
    w->count++;
}

static void test_bad_lines_are_reported(void **state)
{
    (void)state;
    static const char tsv[] =
        "# comment\n"
        "\n"
        "good\tcountry\tGoodland\tGoodish\r\n"
        "too\tfew\n"
        "Bad_Id\tcountry\tBad\t\n"
        "spy\tspy-agency\tSpy\t\n"
        "good\tcountry\tAgain\t\n"
        "other\tcountry\tOtherland\tGoodish|\n"
        "empty\tcountry\t\t\n"
        "five\tcountry\tFive\ta\textra\n";
    struct warnings w = {{0}, 0};
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_parse(tsv, sizeof tsv - 1, "x.tsv",
                                             collect, &w, &g),
                     DOSSIER_OK);
    assert_int_equal(dossier_gazetteer_count(g), 2);
    assert_non_null(strstr(w.text, "x.tsv:4: expected 4"));
    assert_non_null(strstr(w.text, "x.tsv:5: bad id \"Bad_Id\""));
    assert_non_null(strstr(w.text, "x.tsv:6: unknown type \"spy-agency\""));
    assert_non_null(strstr(w.text, "x.tsv:7: duplicate id \"good\""));
    assert_non_null(strstr(w.text, "x.tsv:8: name \"Goodish\" already names"));
    assert_non_null(strstr(w.text, "x.tsv:9: entity \"empty\" has no"));
    assert_non_null(strstr(w.text, "x.tsv:10: expected 4"));
    assert_int_equal(w.count, 7);
    /* The first claim on an alias wins. */
    assert_string_equal(dossier_gazetteer_lookup(g, "goodish")->id, "good");
    dossier_gazetteer_free(g);

    assert_int_equal(dossier_gazetteer_load("/no/such/file.tsv", NULL, NULL,
                                            &g),
                     DOSSIER_ERR_IO);
    assert_null(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_sentences),
        cmocka_unit_test(test_nearest_entity),
        cmocka_unit_test(test_learned_acronym),
        cmocka_unit_test(test_gazetteer_file),
        cmocka_unit_test(test_bad_lines_are_reported),
    };
    return cmocka_run_group_tests_name("entities", tests, setup, teardown);
}
