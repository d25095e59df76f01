/*
 * test_query_parse.c: the query language, table-driven: each row a query,
 * the tree it parses to, and the warnings it gives (with positions); and
 * the author: field from query to matches, over documents of the document
 * builder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/document.h"
#include "query_build.h"
#include "query_parse.h"
#include "util.h"

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *query;
        const char *tree;
        const char *warnings; /* "position:message|..." prefixes */
    } rows[] = {
        {"cyber", "cyber", ""},
        {"cyber attack", "(DEFAULT cyber attack)", ""},
        {"\"check point\"", "\"check point\"", ""},
        {"a AND b", "(AND a b)", ""},
        {"a OR b OR c", "(OR a b c)", ""},
        {"a b OR c", "(OR (DEFAULT a b) c)", ""},
        {"a NOT b", "(DEFAULT a (NOT b))", ""},
        {"a AND NOT b", "(AND a (NOT b))", ""},
        {"+japan -china", "(DEFAULT +japan (NOT china))", ""},
        {"-\"cyber command\"", "(NOT \"cyber command\")", ""},
        {"(a OR b) c", "(DEFAULT (OR a b) c)", ""},
        {"japan NEAR/5 hackers", "(NEAR/5 japan hackers)", ""},
        {"a NEAR b", "(NEAR/10 a b)", ""},
        {"cyber*", "cyber*", ""},
        {"title:japan", "title:japan", ""},
        {"title:\"check point\"", "title:\"check point\"", ""},
        {"entity:PLA source:reuters", "(DEFAULT entity:PLA source:reuters)",
         ""},
        {"author:doe", "author:doe", ""},
        {"author:\"Jane Doe\" harbour",
         "(DEFAULT author:\"Jane Doe\" harbour)", ""},
        {"-author:doe", "(NOT author:doe)", ""},
        {"author: doe", "doe", "0:field author: has no value"},
        {"date:2020", "date:2020-01-01T00:00:00Z..2020-12-31T23:59:59Z", ""},
        {"date:2020-06..2021-03",
         "date:2020-06-01T00:00:00Z..2021-03-31T23:59:59Z", ""},
        {"date:2024-02", "date:2024-02-01T00:00:00Z..2024-02-29T23:59:59Z",
         ""},
        {"since:2021-01-01", "date:2021-01-01T00:00:00Z..", ""},
        {"until:2021-12-31", "date:..2021-12-31T23:59:59Z", ""},
        {"date:..2019", "date:..2019-12-31T23:59:59Z", ""},
        /* The last year and month we read end at 9999's last second. */
        {"date:9999", "date:9999-01-01T00:00:00Z..9999-12-31T23:59:59Z", ""},
        {"until:9999-12", "date:..9999-12-31T23:59:59Z", ""},
        {"date:2020..9999", "date:2020-01-01T00:00:00Z..9999-12-31T23:59:59Z",
         ""},
        /* Lower-case operators are words. */
        {"war and peace", "(DEFAULT war and peace)", ""},
        /* So are the operators of a query with no lower-case letter, a
         * headline pasted as written. */
        {"AID PACKAGE NOT READY", "(DEFAULT AID PACKAGE NOT READY)", ""},
        {"U.S. AND JAPAN OR CHINA NEAR TAIWAN",
         "(DEFAULT U.S. AND JAPAN OR CHINA NEAR TAIWAN)", ""},
        {"NOT", "NOT", ""},
        {"JAPAN NOT china", "(DEFAULT JAPAN (NOT china))", ""},
        {"ÉTÉ NOT é", "(DEFAULT ÉTÉ (NOT é))", ""},
        /* Typographic quotation marks make phrases as straight ones do;
         * an apostrophe between letters, or after one, is no quote. */
        {"\xe2\x80\x9cgas dispute\xe2\x80\x9d", "\"gas dispute\"", ""},
        {"\xe2\x80\x9eGasstreit\xe2\x80\x9c", "\"Gasstreit\"", ""},
        {"\xc2\xabgas dispute\xc2\xbb", "\"gas dispute\"", ""},
        {"\xe3\x80\x8cgas dispute\xe3\x80\x8d", "\"gas dispute\"", ""},
        {"\xef\xbc\x82gas dispute\xef\xbc\x82", "\"gas dispute\"", ""},
        {"\xe2\x80\x98gas dispute\xe2\x80\x99", "\"gas dispute\"", ""},
        {"title:\xe2\x80\x9cgas dispute\xe2\x80\x9d", "title:\"gas dispute\"",
         ""},
        {"People\xe2\x80\x99s army", "(DEFAULT People\xe2\x80\x99s army)", ""},
        {"Workers\xe2\x80\x99 Party", "(DEFAULT Workers\xe2\x80\x99 Party)", ""},
        {"\xe2\x80\x9cgas dispute", "\"gas dispute\"", "0:unbalanced quote"},
        /* Between Hebrew letters the straight mark is gershayim, the
         * word's own (the IDF, the UN); around them it quotes. */
        {"צה\"ל", "צה\"ל", ""},
        {"\"או\"ם ישראל\"", "\"או\"ם ישראל\"", ""},
        /* Malformed input: warnings with positions, the rest runs. */
        {"\"check point", "\"check point\"", "0:unbalanced quote"},
        {"(a OR b", "(OR a b)", "0:unbalanced parenthesis"},
        {"a) b", "(DEFAULT a b)", "1:unbalanced parenthesis"},
        {"OR a", "a", "0:OR needs something"},
        {"a OR", "a", "2:OR needs something"},
        {"a AND", "a", "2:AND without a right side"},
        {"b NOT", "b", "2:NOT without anything"},
        {"NEAR/3 a", "a", "0:NEAR needs a word on each side"},
        {"colour:red war", "(DEFAULT colour:red war)",
         "0:unknown field \"colour\""},
        {"date:yesterday japan", "japan", "0:bad date \"yesterday\""},
        {"date:2021..2020", "", "0:inverted date range"},
        {"title: japan", "japan", "0:field title: has no value"},
        {"http://example.org", "http://example.org", ""},
        {"", "", ""},
        {"   ", "", ""},
        {"((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))"
         "))))))))))))",
         "a", "32:parentheses nested too deep"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        parsed_query q;
        dossier_status st =
            query_parse(rows[i].query, strlen(rows[i].query), 0, &q);
        /* Refused only for an error in the query, which is not run. */
        assert_int_equal(st, q.has_error ? DOSSIER_REFUSED : DOSSIER_OK);
        char tree[1024];
        query_describe(q.root, tree, sizeof tree);
        char warnings[1024] = "";
        size_t used = 0;
        for (size_t w = 0; w < q.n_warnings; w++)
            used += (size_t)snprintf(warnings + used, sizeof warnings - used,
                                     "%s%zu:%s", w ? "|" : "",
                                     q.warnings[w].position,
                                     q.warnings[w].message);
        if (strcmp(tree, rows[i].tree) != 0 ||
            strncmp(warnings, rows[i].warnings, strlen(rows[i].warnings)) != 0 ||
            (rows[i].warnings[0] == '\0' && warnings[0] != '\0'))
            fail_msg("row %zu: %s\n  tree:     %s\n  expected: %s\n"
                     "  warnings: %s\n  expected: %s",
                     i, rows[i].query, tree, rows[i].tree, warnings,
                     rows[i].warnings);
        query_free(&q);
    }
}

static void test_length_cap_and_hostile(void **state)
{
    (void)state;
    /* A query past the cap is cut at its last word's end, with a
     * warning, and runs. */
    static char big[QUERY_MAX_BYTES + 100];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = i % 10 == 9 ? ' ' : 'a';
    parsed_query q;
    assert_int_equal(query_parse(big, sizeof big, 0, &q), DOSSIER_OK);
    assert_non_null(q.root);
    assert_int_equal(q.n_warnings, 1);
    assert_non_null(strstr(q.warnings[0].message,
                           "longer than 8192 bytes: cut at byte 8189"));
    assert_int_equal(q.warnings[0].position, 8189);
    assert_int_equal(q.root->n_children, 819);
    query_free(&q);
    /* One word longer than the cap: cut between two characters. */
    static char word[QUERY_MAX_BYTES + 10];
    for (size_t i = 0; i < sizeof word; i += 2)
        memcpy(word + i, "\xc3\xa9", 2); /* é */
    assert_int_equal(query_parse(word, sizeof word, 0, &q), DOSSIER_OK);
    assert_int_equal(q.warnings[0].position, QUERY_MAX_BYTES);
    assert_int_equal(strlen(q.root->text), QUERY_MAX_BYTES);
    query_free(&q);
    /* Up to the cap, no warning. */
    assert_int_equal(query_parse(big, QUERY_MAX_BYTES, 0, &q), DOSSIER_OK);
    assert_int_equal(q.n_warnings, 0);
    query_free(&q);

    /* Every byte value, operators glued everywhere: no crash, bounded
     * warnings. */
    char junk[QUERY_MAX_BYTES];
    uint32_t x = 12345;
    for (int round = 0; round < 2000; round++) {
        size_t len = (x = x * 1103515245u + 12345u) % sizeof junk;
        static const char pieces[] = "()\"+-:*ANDORNOT NEAR/3 date:";
        for (size_t k = 0; k < len; k++) {
            x = x * 1103515245u + 12345u;
            junk[k] = (x >> 16) % 3 ? pieces[(x >> 8) % (sizeof pieces - 1)]
                                    : (char)(x >> 24);
        }
        dossier_status st = query_parse(junk, len, 0, &q);
        assert_true(st == DOSSIER_OK || st == DOSSIER_REFUSED);
        assert_int_equal(st == DOSSIER_REFUSED, q.has_error);
        assert_true(q.n_warnings <= QUERY_MAX_WARNINGS);
        char tree[4096];
        query_describe(q.root, tree, sizeof tree);
        query_free(&q);
    }
}

/* The first 10 hits of BQ in DB, every match counted; *ENQ (which the
 * hits must not outlive) and the hits are the caller's to destroy. */
static xc_mset *mset_of(xc_db *db, const built_query *bq, xc_enquire **enq)
{
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_new(db, enq), XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_set_query(*enq, bq->query, 0),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_enquire_get_mset(*enq, 0, 10, 10, NULL, &m),
                     XC_STATUS_SUCCESS);
    return m;
}

/* The ids of the articles of DB (at most 8) that QUERY matches, in docid
 * order; IDS names docid i + 1.  With GAZ (may be NULL), names of its
 * entities among the query's words are recognized; with FLAGS, the query
 * is built with those flags. */
static void matches_of_with(xc_db *db, dossier_analyzer *an,
                            const dossier_gazetteer *gaz, unsigned flags,
                            const char *query, const char *const *ids,
                            char *out, size_t out_size)
{
    parsed_query pq;
    built_query bq;
    assert_int_equal(query_parse(query, strlen(query), 0, &pq), DOSSIER_OK);
    query_context ctx = {.an = an, .gaz = gaz, .lang = "en", .flags = flags};
    assert_int_equal(query_build(pq.root, &ctx, &pq, &bq, NULL), DOSSIER_OK);
    xc_enquire *enq = NULL;
    xc_mset *m = mset_of(db, &bq, &enq);
    /* Docid order, whatever the weights. */
    int is_match[8] = {0};
    for (uint32_t i = 0; i < xc_mset_size(m); i++)
        is_match[xc_mset_docid(m, i) - 1] = 1;
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < 8; i++)
        if (is_match[i])
            used += (size_t)snprintf(out + used, out_size - used, "%s%s",
                                     used ? " " : "", ids[i]);
    xc_mset_destroy(m);
    xc_enquire_destroy(enq);
    built_query_free(&bq);
    query_free(&pq);
}

static void matches_of(xc_db *db, dossier_analyzer *an, const char *query,
                       const char *const *ids, char *out, size_t out_size)
{
    matches_of_with(db, an, NULL, 0, query, ids, out, out_size);
}

/* author: (schema 6) finds a byline's words whatever their case and
 * accents, unstemmed, a phrase only within one name of several; it
 * filters, and the byline is no part of the text that words search. */
static void test_author_field(void **state)
{
    (void)state;
    static const char *const ids[] = {"one", "two", "three", "four"};
    static const char *const authors[] = {
        "Jane Doe, John Roe", "J\xc3\xa9r\xc3\xb4me Doerr", NULL,
        "Davy Jones",
    };
    dossier_analyzer *an = NULL;
    dossier_builder *builder = NULL;
    test_analyzer_open(NULL, &an, NULL);
    assert_int_equal(dossier_builder_new(an, &builder), DOSSIER_OK);
    char *dir = test_tmpdir_new("author");
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(dir, XC_DB_CREATE_OR_OVERWRITE, &db),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < 4; i++) {
        dossier_article a = {
            .id = (char *)ids[i], .title = "Harbour news",
            .body = "Doe wrote about the ferries.",
            .author = (char *)authors[i],
        };
        dossier_built b;
        assert_int_equal(dossier_build(builder, &a, "en", &b), DOSSIER_OK);
        assert_int_equal(xc_db_add_document(db, b.doc, NULL),
                         XC_STATUS_SUCCESS);
        dossier_built_clear(&b);
    }
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);
    static const char *const rows[][2] = {
        {"author:doe", "one"},
        {"author:DOE", "one"},
        {"author:\"jane doe\"", "one"},
        {"author:\"JANE   Doe\"", "one"},
        /* Two names are no phrase. */
        {"author:\"doe john\"", ""},
        {"author:\"john roe\"", "one"},
        {"author:jerome", "two"},
        {"author:J\xc3\xa9r\xc3\xb4me", "two"},
        /* Not stemmed: Davies is not Davy, jone is not Jones. */
        {"author:davies", ""},
        {"author:jone", ""},
        {"author:jones", "four"},
        /* A filter, and only a filter. */
        {"ferries author:doe", "one"},
        {"ferries -author:doe", "two three four"},
        {"jane", ""},
        {"author:\"!!\"", ""},
    };
    char got[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        matches_of(db, an, rows[i][0], ids, got, sizeof got);
        if (strcmp(got, rows[i][1]) != 0)
            fail_msg("%s: got \"%s\", expected \"%s\"", rows[i][0], got,
                     rows[i][1]);
    }
    xc_db_destroy(db);
    test_tmpdir_remove(dir);
    dossier_builder_free(builder);
    test_analyzer_close(NULL, an, NULL);
}

/* Xapian's description of the query built from QUERY, into OUT. */
static void built_description(dossier_analyzer *an,
                              const dossier_gazetteer *gaz,
                              const char *query, char *out, size_t out_size)
{
    parsed_query pq;
    built_query bq;
    assert_int_equal(query_parse(query, strlen(query), 0, &pq), DOSSIER_OK);
    query_context ctx = {.an = an, .gaz = gaz, .lang = "en"};
    assert_int_equal(query_build(pq.root, &ctx, &pq, &bq, NULL), DOSSIER_OK);
    char *d = NULL;
    assert_int_equal(xc_query_description(bq.query, &d), XC_STATUS_SUCCESS);
    snprintf(out, out_size, "%s", d);
    xc_free(d);
    built_query_free(&bq);
    query_free(&pq);
}

/* Whether the query built from QUERY marks TERM in snippets as a word of
 * its own. */
static int highlights(dossier_analyzer *an, const char *query,
                      const char *term)
{
    parsed_query pq;
    built_query bq;
    assert_int_equal(query_parse(query, strlen(query), 0, &pq), DOSSIER_OK);
    query_context ctx = {.an = an, .lang = "en"};
    assert_int_equal(query_build(pq.root, &ctx, &pq, &bq, NULL), DOSSIER_OK);
    int found = 0;
    for (size_t i = 0; i < bq.n_terms; i++)
        if (strcmp(bq.terms[i], term) == 0 && bq.is_standalone[i])
            found = 1;
    built_query_free(&bq);
    query_free(&pq);
    return found;
}

/* Indexes ARTICLES (N, at most 8, ids IDS) into a new database in DIR
 * with AN. */
static xc_db *index_of(dossier_analyzer *an, const char *dir,
                       const char *const *ids, const char *const *bodies,
                       size_t n)
{
    dossier_builder *builder = NULL;
    assert_int_equal(dossier_builder_new(an, &builder), DOSSIER_OK);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(dir, XC_DB_CREATE_OR_OVERWRITE, &db),
                     XC_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        dossier_article a = {
            .id = (char *)ids[i], .title = "News", .body = (char *)bodies[i],
        };
        dossier_built b;
        assert_int_equal(dossier_build(builder, &a, "en", &b), DOSSIER_OK);
        assert_int_equal(xc_db_add_document(db, b.doc, NULL),
                         XC_STATUS_SUCCESS);
        dossier_built_clear(&b);
    }
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);
    dossier_builder_free(builder);
    return db;
}

/* Proper nouns keep their spelling in the index and in queries: a
 * Capitalized query word finds the name only; a lower-case one finds
 * both spellings, weighted as one word (SYNONYM); phrases follow the
 * same rule word by word. */
static void test_spellings_of_names(void **state)
{
    (void)state;
    static const char *const ids[] = {"city", "makers", "tires", "party",
                                      "costs"};
    static const char *const bodies[] = {
        "An Israeli strike hit Tyre at dawn.",
        "Makers of tyres raised their prices.",
        "American tire sales fell.",
        "Voters backed the Labour Party in the north.",
        "Labour costs rose. Firms said labour costs would rise again.",
    };
    dossier_analyzer *an = NULL;
    test_analyzer_open(NULL, &an, NULL);
    char *dir = test_tmpdir_new("spellings");
    xc_db *db = index_of(an, dir, ids, bodies, 5);
    static const char *const rows[][2] = {
        {"Tyre", "city"},
        {"tyre", "city makers tires"},
        {"tyres", "city makers tires"},
        {"tire", "city makers tires"},
        {"TYRE", "city makers tires"},
        {"Labour", "party"},
        {"labour", "party costs"},
        {"labor", "party costs"},
        {"\"Labour Party\"", "party"},
        {"\"labour party\"", "party"},
        {"\"labour costs\"", "costs"},
        {"\"Labour costs\"", ""},
        {"hit NEAR/2 tyre", "city"},
        {"tyre -Tyre", "makers tires"},
    };
    char got[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        matches_of(db, an, rows[i][0], ids, got, sizeof got);
        if (strcmp(got, rows[i][1]) != 0)
            fail_msg("%s: got \"%s\", expected \"%s\"", rows[i][0], got,
                     rows[i][1]);
    }
    char d[512];
    built_description(an, NULL, "tyre", d, sizeof d);
    assert_string_equal(d, "Query((tire@1 SYNONYM tyre@1))");
    built_description(an, NULL, "Tyre", d, sizeof d);
    assert_string_equal(d, "Query(tyre@1)");
    built_description(an, NULL, "\"hit tyre\"", d, sizeof d);
    assert_string_equal(d, "Query((hit@1 PHRASE 2 (tire@2 OR tyre@2)))");
    /* Snippets mark both spellings of a lower-case word, and only the
     * name's of a Capitalized one. */
    assert_true(highlights(an, "tyres", "tire"));
    assert_true(highlights(an, "tyres", "tyre"));
    assert_true(highlights(an, "Tyre", "tyre"));
    assert_false(highlights(an, "Tyre", "tire"));
    xc_db_destroy(db);
    test_tmpdir_remove(dir);
    test_analyzer_close(NULL, an, NULL);
}

/* A word query naming a known entity also matches the entity's other
 * names, where the words stand: "Kiev attack" needs (kiev OR the entity)
 * and attack.  Phrases and fields are not widened; excluded words are. */
static void test_names_widen_words(void **state)
{
    (void)state;
    static const char tsv[] =
        "# test\n"
        "kyiv\tplace\tKyiv\tKiev\n"
        "cyber-agency\tgovernment\tCyber Defence Agency\tCDA\n";
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_parse(tsv, sizeof tsv - 1, "test.tsv",
                                             test_fail_on_warning, NULL, &g),
                     DOSSIER_OK);
    dossier_analyzer *an = NULL;
    assert_int_equal(dossier_analyzer_new(g, &an), DOSSIER_OK);
    static const char *const ids[] = {"kyiv-attack", "kyiv-grain", "kiev",
                                      "convoy", "agency"};
    static const char *const bodies[] = {
        "Drones attacked Kyiv overnight, the mayor said.",
        "Traders met in Kyiv to talk about grain.",
        "Kiev was calm on the day of the vote.",
        "An attack on a convoy killed four soldiers.",
        "The CDA published a warning about phishing.",
    };
    char *dir = test_tmpdir_new("names");
    xc_db *db = index_of(an, dir, ids, bodies, 5);
    static const struct {
        const char *query;
        unsigned flags;
        const char *expected;
    } rows[] = {
        {"Kiev", 0, "kyiv-attack kyiv-grain kiev"},
        {"kiev", 0, "kyiv-attack kyiv-grain kiev"},
        /* Ranked: any of the units; all-words required: both. */
        {"Kiev attack", 0, "kyiv-attack kyiv-grain kiev convoy"},
        {"Kiev attack", QUERY_ALL_WORDS_REQUIRED, "kyiv-attack"},
        {"Kiev attack", QUERY_MATCH_ONLY, "kyiv-attack kyiv-grain kiev convoy"},
        {"Kiev AND attack", 0, "kyiv-attack"},
        {"+Kiev grain", 0, "kyiv-attack kyiv-grain kiev"},
        {"Kiev OR phishing", 0, "kyiv-attack kyiv-grain kiev agency"},
        /* A name of several words is one unit. */
        {"cyber defence agency", QUERY_ALL_WORDS_REQUIRED, "agency"},
        {"cyber defence agency phishing", QUERY_ALL_WORDS_REQUIRED,
         "agency"},
        /* Not widened: a phrase, a field. */
        {"\"Kiev\"", 0, "kiev"},
        {"title:Kiev", 0, ""},
        /* Excluded, a name excludes the entity under all its names, so
         * that "x -Kiev" leaves out all that "Kiev" finds. */
        {"grain -Kiev", 0, ""},
        {"attack -Kiev", 0, "convoy"},
        {"attack NOT (kiev grain)", 0, "convoy"},
        /* A name inside a word is no name of its words: the part finds
         * Kiev, not Kyiv. */
        {"Kiev-based", 0, "kiev"},
    };
    char got[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        matches_of_with(db, an, g, rows[i].flags, rows[i].query, ids, got,
                        sizeof got);
        if (strcmp(got, rows[i].expected) != 0)
            fail_msg("%s (flags %u): got \"%s\", expected \"%s\"",
                     rows[i].query, rows[i].flags, got, rows[i].expected);
    }
    /* The OR stands where the words are, and the boost stays. */
    char d[1024];
    built_description(an, g, "Kiev attack", d, sizeof d);
    assert_string_equal(d, "Query(((3 * ((kiev@1 OR XEkyiv) AND attack@1) OR "
                           "((kiev@1 OR XEkyiv) OR attack@1)) AND_MAYBE "
                           "0.5 * XEkyiv))");
    xc_db_destroy(db);
    test_tmpdir_remove(dir);
    dossier_analyzer_free(an);
    dossier_gazetteer_free(g);
}

/* With the proximity boost on, two words of a plain query near each
 * other (NEAR within QUERY_PROXIMITY_WINDOW) rank a document above one
 * holding them as often, far apart; the boost matches nothing more. */
static void test_proximity_ranks_near_words_first(void **state)
{
    (void)state;
    static const char *const ids[] = {"apart", "near", "oil"};
    static const char *const bodies[] = {
        "Oil prices rose as traders weighed supply cuts while one tanker "
        "waited.",
        "One oil tanker waited as traders weighed supply cuts while prices "
        "rose.",
        "Oil prices rose as traders weighed supply cuts while markets "
        "waited.",
    };
    dossier_analyzer *an = NULL;
    test_analyzer_open(NULL, &an, NULL);
    char *dir = test_tmpdir_new("proximity");
    xc_db *db = index_of(an, dir, ids, bodies, 3);
    const char *firsts[2];
    size_t n_matches[2];
    for (int on = 0; on < 2; on++) {
        parsed_query pq;
        built_query bq;
        assert_int_equal(query_parse("oil tanker", 10, 0, &pq), DOSSIER_OK);
        query_weights w = {.proximity_boost = on ? 1.0 : -1.0};
        query_context ctx = {.an = an, .lang = "en", .weights = &w};
        assert_int_equal(query_build(pq.root, &ctx, &pq, &bq, NULL),
                         DOSSIER_OK);
        char *d = NULL;
        assert_int_equal(xc_query_description(bq.query, &d),
                         XC_STATUS_SUCCESS);
        assert_int_equal(strstr(d, "NEAR 8") != NULL, on);
        xc_free(d);
        xc_enquire *enq = NULL;
        xc_mset *m = mset_of(db, &bq, &enq);
        n_matches[on] = xc_mset_size(m);
        firsts[on] = ids[xc_mset_docid(m, 0) - 1];
        xc_mset_destroy(m);
        xc_enquire_destroy(enq);
        built_query_free(&bq);
        query_free(&pq);
    }
    /* The same words as often, the same length: a tie, which docid
     * breaks, until proximity tells them apart. */
    assert_string_equal(firsts[0], "apart");
    assert_string_equal(firsts[1], "near");
    assert_int_equal(n_matches[0], 3);
    assert_int_equal(n_matches[1], 3);
    xc_db_destroy(db);
    test_tmpdir_remove(dir);
    test_analyzer_close(NULL, an, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_length_cap_and_hostile),
        cmocka_unit_test(test_author_field),
        cmocka_unit_test(test_spellings_of_names),
        cmocka_unit_test(test_names_widen_words),
        cmocka_unit_test(test_proximity_ranks_near_words_first),
    };
    return cmocka_run_group_tests_name("query parser", tests, NULL, NULL);
}
