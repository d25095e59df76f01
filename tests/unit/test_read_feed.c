/*
 * test_read_feed.c: RSS 2.0, RSS 1.0 and Atom feeds to articles: every
 * field of every item of the fixtures in tests/fixtures/feeds/, declared
 * encodings, rejects and their WHERE, entities that are never expanded,
 * and input that is no feed at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "reader.h"
#include "util.h"

#define FEEDS "tests/fixtures/feeds/"
#define MAX_COLLECTED 16

/* What a read handed to the sink. */
typedef struct collected {
    dossier_article articles[MAX_COLLECTED];
    char article_where[MAX_COLLECTED][256];
    size_t n_articles;
    char rejects[MAX_COLLECTED][512]; /* "WHERE: REASON" */
    size_t n_rejects;
    int stop_after; /* the sink says stop after this many articles (0: never) */
} collected;

static dossier_status on_article(void *ctx, dossier_article *a,
                                 const char *where)
{
    collected *c = ctx;
    assert_true(c->n_articles < MAX_COLLECTED);
    /* Take every field: the reader clears only what is left. */
    c->articles[c->n_articles] = *a;
    memset(a, 0, sizeof *a);
    snprintf(c->article_where[c->n_articles], sizeof c->article_where[0], "%s",
             where);
    c->n_articles++;
    if (c->stop_after > 0 && c->n_articles == (size_t)c->stop_after)
        return DOSSIER_ERR_INVALID;
    return DOSSIER_OK;
}

static void on_reject(void *ctx, const char *where, const char *reason)
{
    collected *c = ctx;
    assert_true(c->n_rejects < MAX_COLLECTED);
    snprintf(c->rejects[c->n_rejects], sizeof c->rejects[0], "%s: %s", where,
             reason);
    c->n_rejects++;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n_articles; i++)
        dossier_article_clear(&c->articles[i]);
    memset(c, 0, sizeof *c);
}

static reader_sink sink_for(collected *c, size_t max_bytes, const char *lang)
{
    reader_sink sink = {
        .article = on_article,
        .reject = on_reject,
        .ctx = c,
        .max_article_bytes = max_bytes,
        .default_lang = lang,
    };
    return sink;
}

/* Reads a fixture with a 1 MB limit and "en" as the default language. */
static int read_fixture(const char *path, collected *c)
{
    size_t len;
    char *data = test_read_file(path, &len);
    reader_sink sink = sink_for(c, 1u << 20, "en");
    int rc = read_feed(data, len, path, &sink);
    free(data);
    return rc;
}

static int read_string(const char *xml, collected *c, size_t max_bytes,
                       const char *lang)
{
    reader_sink sink = sink_for(c, max_bytes, lang);
    return read_feed(xml, strlen(xml), "inline.xml", &sink);
}

/* ------------------------------------------------------------ expectations */

typedef struct expected {
    const char *where;
    const char *id, *url, *title, *body, *source, *lang, *category;
    int has_published;
    int64_t published;
} expected;

static void same_string(const char *field, size_t i, const char *got,
                        const char *want)
{
    if (got == NULL && want == NULL)
        return;
    if (got == NULL || want == NULL || strcmp(got, want) != 0)
        fail_msg("article %zu, %s:\n got      %s%s%s\n expected %s%s%s", i + 1,
                 field, got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
                 want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

static void check_articles(const collected *c, const expected *want,
                           size_t n_want)
{
    assert_int_equal(c->n_articles, n_want);
    for (size_t i = 0; i < n_want; i++) {
        const dossier_article *a = &c->articles[i];
        same_string("where", i, c->article_where[i], want[i].where);
        same_string("id", i, a->id, want[i].id);
        same_string("url", i, a->url, want[i].url);
        same_string("title", i, a->title, want[i].title);
        same_string("body", i, a->body, want[i].body);
        same_string("source", i, a->source, want[i].source);
        same_string("lang", i, a->lang, want[i].lang);
        same_string("category", i, a->category, want[i].category);
        assert_int_equal(a->has_published, want[i].has_published);
        if (want[i].has_published)
            assert_int_equal(a->published, want[i].published);
    }
}

static void check_rejects(const collected *c, const char *const *want,
                          size_t n_want)
{
    for (size_t i = 0; i < c->n_rejects && i < n_want; i++)
        if (strcmp(c->rejects[i], want[i]) != 0)
            fail_msg("reject %zu:\n got      \"%s\"\n expected \"%s\"", i + 1,
                     c->rejects[i], want[i]);
    assert_int_equal(c->n_rejects, n_want);
}

/* ------------------------------------------------------------ fixtures */

static void test_rss2(void **state)
{
    (void)state;
    static const expected want[] = {
        {FEEDS "rss2.xml:11: item 1", FEEDS "rss2.xml#wire-0001",
         "https://example.org/wire/vienna-talks",
         "Ministers meet in Vienna to revive talks",
         /* content:encoded is longer than the description: it wins. */
         "Foreign ministers met in Vienna on Monday to revive stalled "
         "talks.\n\nDelegates said the first session ran late into the "
         "night.",
         "Example Agency", "en", "diplomacy", 1,
         1691398800 /* Mon, 07 Aug 2023 09:00:00 +0000 */},
        {FEEDS "rss2.xml:23: item 2", FEEDS "rss2.xml#wire-0002",
         "https://example.org/wire/dakar-summit",
         /* Escaped markup in the title is reduced. */
         "Sommet r\xC3\xA9gional \xC3\xA0 Dakar",
         "Les dirigeants de la r\xC3\xA9gion se r\xC3\xA9unissent \xC3\xA0 "
         "Dakar.\n\nS\xC3\xA9" "curit\xC3\xA9 & commerce sont \xC3\xA0 "
         "l'ordre du jour.",
         /* No <source>: the channel's title.  xml:lang on the item. */
         "Dossier Test Wire", "fr", "politics", 1,
         1691418600 /* 7 Aug 2023 14:30 GMT */},
        {FEEDS "rss2.xml:31: item 3",
         /* No <link>: a permalink guid is the address. */
         "https://example.org/wire/port-closed",
         "https://example.org/wire/port-closed",
         "Port closed after storm warning",
         "Harbour authorities closed the port & told ships to wait offshore.",
         "Dossier Test Wire", "en" /* <language>en-GB</language> */, NULL, 1,
         1691503200 /* Tue, 8 Aug 2023 09:00:00 EST */},
    };
    collected c = {0};
    assert_int_equal(read_fixture(FEEDS "rss2.xml", &c), 0);
    check_rejects(&c, NULL, 0);
    check_articles(&c, want, 3);
    collected_free(&c);
}

static void test_rss1(void **state)
{
    (void)state;
    static const expected want[] = {
        {FEEDS "rss1.rdf:18: item 1", "https://example.org/rdf/grid",
         "https://example.org/rdf/grid",
         "Stromnetz nach St\xC3\xB6rung wieder stabil",
         "Das Stromnetz lief nach einer kurzen St\xC3\xB6rung wieder normal.",
         "Dossier RDF Bulletin", "de" /* dc:language de-AT */,
         "energy" /* dc:subject */, 1,
         1691409600 /* 2023-08-07T14:00:00+02:00 */},
        {FEEDS "rss1.rdf:25: item 2", "https://example.org/rdf/border",
         "https://example.org/rdf/border", "Border crossing reopens",
         "The northern crossing reopened to freight on Tuesday.",
         "Dossier RDF Bulletin", "de", NULL, 1, 1691452800 /* 2023-08-08 */},
    };
    collected c = {0};
    assert_int_equal(read_fixture(FEEDS "rss1.rdf", &c), 0);
    check_rejects(&c, NULL, 0);
    check_articles(&c, want, 2);
    collected_free(&c);
}

static void test_atom(void **state)
{
    (void)state;
    static const expected want[] = {
        {FEEDS "atom.xml:8: item 1", "tag:example.org,2023:entry-1",
         /* rel="alternate", not rel="self" */
         "https://example.org/atom/satellite", "Satellite launch delayed",
         /* type="html" content, longer than the summary */
         "The launch of a weather satellite was pushed back by a "
         "week.\n\nEngineers found a fault in a valve.",
         "Dossier Atom Review", "en" /* the feed's xml:lang en-US */, "space",
         1, 1691388000 /* published 2023-08-07T06:00:00Z, not updated */},
        {FEEDS "atom.xml:19: item 2", "tag:example.org,2023:entry-2",
         "https://example.org/atom/pesca", "Acuerdo pesquero firmado",
         /* type="xhtml": the XML children */
         "Los dos pa\xC3\xADses firmaron un acuerdo de pesca.\n\nEntra en "
         "vigor en enero.",
         "Bolet\xC3\xADn del Mar" /* <source><title> */, "es", NULL, 1,
         1691569800 /* only updated: 2023-08-09T10:30:00+02:00 */},
    };
    collected c = {0};
    assert_int_equal(read_fixture(FEEDS "atom.xml", &c), 0);
    check_rejects(&c, NULL, 0);
    check_articles(&c, want, 2);
    collected_free(&c);
}

static void test_declared_encodings(void **state)
{
    (void)state;
    static const expected cp1251[] = {
        {FEEDS "windows-1251.xml:6: item 1", FEEDS "windows-1251.xml#cp1251-1", NULL,
         "\xD0\x9F\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE"
         "\xD1\x80\xD1\x8B \xD0\xB2 \xD0\x9C\xD0\xB8\xD0\xBD\xD1\x81\xD0\xBA"
         "\xD0\xB5 \xD0\xBF\xD1\x80\xD0\xBE\xD0\xB4\xD0\xBE\xD0\xBB\xD0\xB6"
         "\xD0\xB0\xD1\x82\xD1\x81\xD1\x8F",
         "\xD0\x94\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xB3\xD0\xB0\xD1\x86\xD0\xB8"
         "\xD0\xB8 \xD0\xB4\xD0\xBE\xD0\xB3\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x80"
         "\xD0\xB8\xD0\xBB\xD0\xB8\xD1\x81\xD1\x8C \xD0\xB2\xD1\x81\xD1\x82"
         "\xD1\x80\xD0\xB5\xD1\x82\xD0\xB8\xD1\x82\xD1\x8C\xD1\x81\xD1\x8F "
         "\xD1\x81\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xB0 \xD1\x87\xD0\xB5\xD1\x80"
         "\xD0\xB5\xD0\xB7 \xD0\xBD\xD0\xB5\xD0\xB4\xD0\xB5\xD0\xBB\xD1\x8E.",
         "\xD0\xA2\xD0\xB5\xD1\x81\xD1\x82\xD0\xBE\xD0\xB2\xD0\xB0\xD1\x8F "
         "\xD0\xBB\xD0\xB5\xD0\xBD\xD1\x82\xD0\xB0",
         "ru", NULL, 1, 1691564400 /* Wed, 09 Aug 2023 10:00:00 +0300 */},
    };
    static const expected latin1[] = {
        {FEEDS "iso-8859-1.xml:5: item 1", FEEDS "iso-8859-1.xml#latin1-1", NULL,
         "Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen, caf\xC3\xA9 \xC3\xA0 "
         "Paris",
         "Les ministres ont \xC3\xA9voqu\xC3\xA9 la s\xC3\xA9" "curit\xC3\xA9 "
         "\xC3\xA9nerg\xC3\xA9tique.",
         "Revue europ\xC3\xA9" "enne", "en" /* the sink's default */, NULL, 0,
         0},
    };
    collected c = {0};
    assert_int_equal(read_fixture(FEEDS "windows-1251.xml", &c), 0);
    check_rejects(&c, NULL, 0);
    check_articles(&c, cp1251, 1);
    collected_free(&c);
    assert_int_equal(read_fixture(FEEDS "iso-8859-1.xml", &c), 0);
    check_rejects(&c, NULL, 0);
    check_articles(&c, latin1, 1);
    collected_free(&c);
}

static void test_items_rejected(void **state)
{
    (void)state;
    static const char *const rejects[] = {
        FEEDS "empty-items.xml:5: item 1: item has neither title nor body",
        FEEDS "empty-items.xml:10: item 2: bad date \"sometime last week\"; "
              "article kept without a date",
    };
    static const expected want[] = {
        {FEEDS "empty-items.xml:10: item 2", FEEDS "empty-items.xml#sparse-2", NULL,
         "Dated by nobody", "The date above is not a date.", "Sparse feed",
         "en", NULL, 0, 0},
    };
    collected c = {0};
    assert_int_equal(read_fixture(FEEDS "empty-items.xml", &c), 0);
    check_rejects(&c, rejects, 2);
    check_articles(&c, want, 1);
    collected_free(&c);
}

/* Input that is no feed: one reject each, with libxml2's message and the
 * line, and no article. */
static void test_not_feeds(void **state)
{
    (void)state;
    static const struct {
        const char *path, *reject_prefix;
    } cases[] = {
        {FEEDS "not-a-feed.xml",
         FEEDS "not-a-feed.xml:2: not a feed: the root element is <catalog>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c = {0};
        assert_int_equal(read_fixture(cases[i].path, &c), 0);
        assert_int_equal(c.n_articles, 0);
        assert_int_equal(c.n_rejects, 1);
        if (strncmp(c.rejects[0], cases[i].reject_prefix,
                    strlen(cases[i].reject_prefix)) != 0)
            fail_msg("got \"%s\"", c.rejects[0]);
        collected_free(&c);
    }

    collected c = {0};
    reader_sink sink = sink_for(&c, 1000, "en");
    assert_int_equal(read_feed("", 0, "empty.xml", &sink), 0);
    assert_int_equal(c.n_rejects, 1);
    assert_int_equal(strncmp(c.rejects[0], "empty.xml:1: not well-formed XML: ",
                             34),
                     0);
    collected_free(&c);
}

/* Billion laughs: ten entities, each ten of the one before, used in a
 * title.  libxml2 refuses it as an entity loop before expanding anything;
 * the reader turns that into one reject at the line of the use. */
static void test_entity_bomb(void **state)
{
    (void)state;
    struct timespec start, end;
    collected c = {0};
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_int_equal(read_fixture(FEEDS "bomb.xml", &c), 0);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) +
                     (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    if (seconds >= 1.0)
        fail_msg("the bomb took %.2f s", seconds);
    static const char *const rejects[] = {
        FEEDS "bomb.xml:18: not well-formed XML: Detected an entity reference "
              "loop",
    };
    check_rejects(&c, rejects, 1);
    assert_int_equal(c.n_articles, 0);
    collected_free(&c);
}

/* Entities the feed declares as text (or as references to such) are
 * expanded, in element text and in attribute values, with the predefined
 * entities and character references: nothing they stand for is lost. */
static void test_declared_entities_expanded(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE feed [ <!ENTITY co \"ACME\"> <!ENTITY co2 \"&co;&co;\"> ]>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "<title>Feed &co2;</title>\n"
        "<entry><id>e&co;1</id><title>Hello &co2; world &amp; &#233;</title>\n"
        "<category term=\"a&co;b\"/>\n"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<p>x&co;y &lt;z&gt;</p></div></content></entry>\n"
        "</feed>\n";
    static const expected want[] = {
        {"inline.xml:5: item 1", "inline.xml#eACME1", NULL,
         "Hello ACMEACME world & \xC3\xA9", "xACMEy <z>", "Feed ACMEACME",
         "en", "aACMEb", 0, 0},
    };
    collected c = {0};
    assert_int_equal(read_string(xml, &c, 1000, "en"), 0);
    check_rejects(&c, NULL, 0);
    check_articles(&c, want, 1);
    collected_free(&c);
}

/* fuzz_feed, crash-ddf4b480…: a name declared twice, the first as text
 * and the second as a reference to nothing.  The expansion checked one
 * declaration and wrote the other, and asked for HTML's text of a name
 * that has none (strlen of NULL).  The first declaration binds, as XML
 * says, for both. */
static void test_entity_declared_twice(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss [ <!ENTITY a \"&b;\"> <!ENTITY a \"first\">\n"
        "  <!ENTITY c \"x&a;y\"> <!ENTITY e \"first\"> <!ENTITY e \"&b;\">\n"
        "  <!ENTITY f \"x&e;y\"> ]>\n"
        "<rss version=\"2.0\"><channel><title>T</title>\n"
        "<item><title>Dup &c; decl &f;</title></item>\n"
        "</channel></rss>\n";
    collected c = {0};
    assert_int_equal(read_string(xml, &c, 1000, "en"), 0);
    assert_int_equal(c.n_articles, 1);
    /* &c; stands for markup-like text ("&b;" names nothing): left out,
     * with a warning; &f; is text. */
    assert_string_equal(c.articles[0].title, "Dup decl xfirsty");
    collected_free(&c);
}

/* An external entity is neither fetched nor read from disk. */
static void test_external_entity_not_loaded(void **state)
{
    (void)state;
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss [ <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n"
        "  <!ENTITY remote SYSTEM \"http://127.0.0.1:9/x\"> ]>\n"
        "<rss version=\"2.0\"><channel><title>X</title>\n"
        "<item><title>a&secret;b&remote;c</title></item>\n"
        "</channel></rss>\n";
    collected c = {0};
    assert_int_equal(read_string(xml, &c, 1000, "en"), 0);
    assert_int_equal(c.n_articles, 1);
    assert_string_equal(c.articles[0].title, "abc");
    collected_free(&c);
}

static void test_size_limit_and_languages(void **state)
{
    (void)state;
    static const char xml[] =
        "<rss version=\"2.0\"><channel><title>Limits</title>\n"
        "<language>English</language>\n"
        "<item><title>Twelve bytes</title><description>0123456789"
        "</description></item>\n"
        "<item><title>Short</title><description>0123456789</description>"
        "</item>\n"
        "<item xml:lang=\"PT-br\"><title>T</title></item>\n"
        "</channel></rss>\n";
    collected c = {0};
    /* "Short" + 10 bytes is 15; "Twelve bytes" + 10 is 22. */
    assert_int_equal(read_string(xml, &c, 20, NULL), 0);
    static const char *const rejects[] = {
        "inline.xml:3: item 1: article larger than 20 bytes",
    };
    check_rejects(&c, rejects, 1);
    /* "English" is no language code, and there is no default. */
    static const expected want[] = {
        {"inline.xml:4: item 2", NULL, NULL, "Short", "0123456789", "Limits",
         NULL, NULL, 0, 0},
        {"inline.xml:5: item 3", NULL, NULL, "T", "", "Limits", "pt", NULL, 0,
         0},
    };
    check_articles(&c, want, 2);
    collected_free(&c);
}

/* Atom text constructs of type text keep "<" and "&" and blank-line
 * paragraphs; content by reference has no text. */
static void test_atom_text_types(void **state)
{
    (void)state;
    static const char xml[] =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>\n"
        "<entry><title>A</title><content type=\"text\">a &lt; b &amp;&amp; "
        "c\n\n  second   paragraph</content></entry>\n"
        "<entry><title>B</title><summary>kept</summary>"
        "<content src=\"https://example.org/b\" type=\"text/html\"/>"
        "</entry>\n"
        "</feed>\n";
    collected c = {0};
    assert_int_equal(read_string(xml, &c, 1000, "en"), 0);
    check_rejects(&c, NULL, 0);
    assert_int_equal(c.n_articles, 2);
    assert_string_equal(c.articles[0].body, "a < b && c\n\nsecond paragraph");
    assert_string_equal(c.articles[1].body, "kept");
    collected_free(&c);
}

/* When the sink says stop, the reader stops and returns what it said. */
static void test_sink_stops(void **state)
{
    (void)state;
    collected c = {.stop_after = 1};
    assert_int_equal(read_fixture(FEEDS "rss2.xml", &c), DOSSIER_ERR_INVALID);
    assert_int_equal(c.n_articles, 1);
    collected_free(&c);
}

/* libxml2's messages reach neither stderr nor the caller's handler, which
 * is in place again afterwards. */
static void test_error_handler_restored(void **state)
{
    (void)state;
    test_libxml_handler_begin();
    collected c = {0};
    assert_int_equal(read_fixture(FEEDS "malformed.xml", &c), 0);
    assert_int_equal(c.n_rejects, 1);
    test_libxml_handler_end();
    collected_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_rss1),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_declared_encodings),
        cmocka_unit_test(test_items_rejected),
        cmocka_unit_test(test_not_feeds),
        cmocka_unit_test(test_entity_bomb),
        cmocka_unit_test(test_declared_entities_expanded),
        cmocka_unit_test(test_entity_declared_twice),
        cmocka_unit_test(test_external_entity_not_loaded),
        cmocka_unit_test(test_size_limit_and_languages),
        cmocka_unit_test(test_atom_text_types),
        cmocka_unit_test(test_sink_stops),
        cmocka_unit_test(test_error_handler_restored),
    };
    return cmocka_run_group_tests(tests, NULL, test_teardown_libxml);
}
