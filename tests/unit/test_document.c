/*
 * test_document.c: the document builder (terms, values and stored record
 * by the schema), the record's JSON round trip, slugs, and MinHash
 * near-duplicate estimates.
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
#include "dossier/hash.h"
#include "dossier/minhash.h"
#include "dossier/record_json.h"
#include "dossier/schema.h"

static dossier_gazetteer *gaz;
static dossier_analyzer *an;
static dossier_builder *builder;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(dossier_gazetteer_load("feeds/entities.tsv", NULL, NULL,
                                            &gaz),
                     DOSSIER_OK);
    assert_int_equal(dossier_analyzer_new(gaz, &an), DOSSIER_OK);
    assert_int_equal(dossier_builder_new(an, &builder), DOSSIER_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dossier_builder_free(builder);
    dossier_analyzer_free(an);
    dossier_gazetteer_free(gaz);
    return 0;
}

/* The document's terms, space-separated, with wdf when not 1. */
static char *terms_of(xc_doc *doc)
{
    static char out[8192];
    xc_terms *it = NULL;
    assert_int_equal(xc_doc_terms(doc, &it), XC_STATUS_SUCCESS);
    size_t used = 0;
    out[0] = '\0';
    for (; xc_terms_valid(it); xc_terms_next(it))
        used += (size_t)snprintf(out + used, sizeof out - used, " %s:%u",
                                 xc_terms_term(it), xc_terms_wdf(it));
    xc_terms_destroy(it);
    return out;
}

static void test_terms_values_and_record(void **state)
{
    (void)state;
    dossier_article a = {0};
    a.id = "wapo-1";
    a.url = "HTTPS://www.Example.com/story?utm_source=x#top";
    a.title = "Chinese hackers";
    a.body = "The PLA hacked Japan's defence networks.";
    a.source = "The Washington Post";
    a.category = "Cyber Security";
    a.published = 1691413200; /* 2023-08-07T13:00:00Z */
    a.has_published = 1;
    dossier_built b;
    assert_int_equal(dossier_build(builder, &a, "en", &b), DOSSIER_OK);
    assert_non_null(b.doc);
    assert_string_equal(b.unique_term, "Qwapo-1");
    const char *t = terms_of(b.doc);
    static const char *const expected[] = {
        " Qwapo-1:0", " Schines:1", " Shacker:1", " chines:3", " hacker:3",
        " pla:1", " hack:1", " japan:1", " defens:1", " network:1",
        " XEpla:2", " XEjapan:2", " XEchina:2", " XTmilitary:0",
        " XTcountry:0", " XSwashington-post:0", " Kcyber-security:0",
        " Len:0", " Y2023:0", " M202308:0", " D20230807:0", " XB",
        /* A stop word: there for phrases, with no weight or length. */
        " the:0",
        /* The link (schema 7): the canonical URL without scheme and
         * www., and its site. */
        " Uexample.com/story:0", " Hexample.com:0",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (strstr(t, expected[i]) == NULL)
            fail_msg("missing %s in%s", expected[i], t);
    /* A site's host alone: no term for the domain "com". */
    assert_null(strstr(t, " Hcom:"));
    /* The body starts after the title and a gap: no phrase crosses. */
    assert_int_equal(b.n_mentions, 3);

    time_t when = 0;
    int is_set = 0;
    assert_int_equal(xc_doc_get_value_time(b.doc, DOSSIER_SLOT_PUBLISHED,
                                           &when, &is_set),
                     XC_STATUS_SUCCESS);
    assert_int_equal(when, 1691413200);
    char *value = NULL;
    /* The facets: source, month, entities. */
    assert_int_equal(xc_doc_get_value(b.doc, DOSSIER_SLOT_FACETS, &value, NULL),
                     XC_STATUS_SUCCESS);
    assert_string_equal(value, "The Washington Post\x1e" "2023-08\x1e"
                               "china\njapan\npla");
    xc_free(value);
    /* No cluster value until another article joins it (the writer's
     * part); its own key follows its signature. */
    size_t len_value = 1;
    assert_int_equal(xc_doc_get_value(b.doc, DOSSIER_SLOT_CLUSTER, &value,
                                      &len_value),
                     XC_STATUS_SUCCESS);
    assert_int_equal(len_value, 0);
    xc_free(value);
    assert_int_equal(strlen(b.cluster), DOSSIER_CLUSTER_KEY_LEN);
    assert_int_equal(xc_doc_get_value(b.doc, DOSSIER_SLOT_MINHASH, &value,
                                      &len_value),
                     XC_STATUS_SUCCESS);
    assert_int_equal(len_value,
                     4 * DOSSIER_MINHASH_SIZE + DOSSIER_CLUSTER_KEY_LEN);
    assert_memory_equal(value + 4 * DOSSIER_MINHASH_SIZE, b.cluster,
                        DOSSIER_CLUSTER_KEY_LEN);
    xc_free(value);

    /* The stored record reads back, with the canonical URL. */
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xc_doc_get_data(b.doc, &data, &len), XC_STATUS_SUCCESS);
    assert_non_null(strstr(data, "\"url\":\"https://www.example.com/story\""));
    assert_non_null(strstr(data, "{\"id\":\"pla\",\"type\":\"military\","
                                 "\"field\":\"body\",\"start\":4,\"end\":7}"));
    dossier_article back = {0};
    assert_int_equal(dossier_record_from_json(data, len, &back), 0);
    assert_string_equal(back.id, "wapo-1");
    assert_string_equal(back.title, "Chinese hackers");
    assert_string_equal(back.body, a.body);
    assert_string_equal(back.source, "The Washington Post");
    assert_true(back.has_published);
    assert_int_equal(back.published, 1691413200);
    dossier_article_clear(&back);
    assert_int_equal(dossier_record_from_json("[1]", 3, &back),
                     DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_record_from_json("{", 1, &back),
                     DOSSIER_ERR_INVALID);
    xc_free(data);
    /* The spelling words: distinct, letters only. */
    /* chinese hackers the pla hacked japan defence networks */
    assert_int_equal(b.n_spelling_words, 8);
    dossier_built_clear(&b);
    assert_null(b.doc);
    assert_null(b.spelling_words);
}

static void test_stopwords(void **state)
{
    (void)state;
    assert_true(dossier_is_stopword("the", "en"));
    assert_true(dossier_is_stopword("of", "en-GB"));
    assert_true(dossier_is_stopword("with", NULL));
    assert_false(dossier_is_stopword("japan", "en"));
    assert_false(dossier_is_stopword("them", "en"));
    assert_false(dossier_is_stopword("", "en"));
    /* Only English has a list. */
    assert_false(dossier_is_stopword("the", "fr"));
    assert_false(dossier_is_stopword("the", "enx"));
    /* Every word of the list, and none of its neighbours. */
    static const char *const list[] = {
        "a", "about", "an", "and", "are", "as", "at", "be", "by", "en",
        "for", "from", "how", "i", "in", "is", "it", "of", "on", "or",
        "that", "the", "this", "to", "was", "what", "when", "where",
        "which", "who", "why", "will", "with",
    };
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        assert_true(dossier_is_stopword(list[i], "en"));
    static const char *const not_stop[] = {
        "ab", "abou", "abouts", "b", "wit", "withe", "z", "aaaaa",
        "th", "thee", "iz", "ann", "o", "t",
    };
    for (size_t i = 0; i < sizeof not_stop / sizeof not_stop[0]; i++)
        assert_false(dossier_is_stopword(not_stop[i], "en"));
    /* The analyzer flags them, in an English text only. */
    dossier_analysis *res = NULL;
    assert_int_equal(dossier_analysis_new(&res), DOSSIER_OK);
    assert_int_equal(dossier_analyze(an, "The harbour of Tyre", 19, "en",
                                     res),
                     DOSSIER_OK);
    const dossier_token *t = dossier_analysis_tokens(res);
    assert_true(t[0].flags & DOSSIER_TOKEN_STOPWORD);
    assert_false(t[1].flags & DOSSIER_TOKEN_STOPWORD);
    assert_true(t[2].flags & DOSSIER_TOKEN_STOPWORD);
    dossier_analyze(an, "The harbour of Tyre", 19, "fr", res);
    t = dossier_analysis_tokens(res);
    assert_false(t[0].flags & DOSSIER_TOKEN_STOPWORD);
    dossier_analysis_free(res);
}

static void test_unique_terms(void **state)
{
    (void)state;
    dossier_article a = {0};
    dossier_built b;
    /* No id: the canonical URL. */
    a.title = "Title";
    a.url = "http://Example.org:80/a?fbclid=1";
    assert_int_equal(dossier_build(builder, &a, NULL, &b), DOSSIER_OK);
    assert_string_equal(b.unique_term, "Qhttp://example.org/a");
    dossier_built_clear(&b);
    /* Neither: a hash of the text, the same every time. */
    a.url = NULL;
    assert_int_equal(dossier_build(builder, &a, NULL, &b), DOSSIER_OK);
    char first[256];
    snprintf(first, sizeof first, "%s", b.unique_term);
    assert_int_equal(strncmp(first, "Qh", 2), 0);
    assert_int_equal(strlen(first), 18);
    dossier_built_clear(&b);
    assert_int_equal(dossier_build(builder, &a, NULL, &b), DOSSIER_OK);
    assert_string_equal(b.unique_term, first);
    dossier_built_clear(&b);
    /* An id over the term limit is hashed. */
    char long_id[400];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    a.id = long_id;
    assert_int_equal(dossier_build(builder, &a, NULL, &b), DOSSIER_OK);
    assert_int_equal(strlen(b.unique_term), 18);
    dossier_built_clear(&b);
    /* Nothing to index. */
    dossier_article empty = {0};
    assert_int_equal(dossier_build(builder, &empty, NULL, &b),
                     DOSSIER_ERR_INVALID);
    assert_null(b.doc);
    /* An unknown language is indexed unstemmed and says so. */
    dossier_article xx = {.title = "attacks", .lang = "xx"};
    assert_int_equal(dossier_build(builder, &xx, NULL, &b), DOSSIER_OK);
    assert_true(b.is_language_unknown);
    assert_non_null(strstr(terms_of(b.doc), " attacks:3"));
    assert_non_null(strstr(terms_of(b.doc), " Lxx:0"));
    dossier_built_clear(&b);
}

/* Builds A and keeps its exact-duplicate term and unique term. */
static void build_keys(const dossier_article *a, char *xb, char *unique)
{
    dossier_built b;
    assert_int_equal(dossier_build(builder, a, "en", &b), DOSSIER_OK);
    snprintf(xb, 32, "%s", b.body_hash_term);
    snprintf(unique, XC_MAX_TERM_BYTES + 1, "%s", b.unique_term);
    dossier_built_clear(&b);
}

/* An exact duplicate is the same article: title, body, source and day,
 * after normalization (issue 12). */
static void test_exact_duplicate_terms(void **state)
{
    (void)state;
    static char body[] = "The board declared a quarterly dividend "
                               "of 12 cents a share, payable May 2.";
    dossier_article base = {
        .id = "a", .title = "Harbour Freight declares dividend",
        .body = body, .source = "Dossier Test Wire",
        .published = 670550400, /* 1991-04-02T00:00:00Z */
        .has_published = 1,
    };
    char xb_base[32], xb[32], unique[XC_MAX_TERM_BYTES + 1];
    build_keys(&base, xb_base, unique);
    assert_int_equal(strncmp(xb_base, "XB", 2), 0);
    assert_int_equal(strlen(xb_base), 18);

    /* The same article, written otherwise: the same term. */
    dossier_article same = base;
    same.id = "b";
    same.title = "HARBOUR FREIGHT  declares dividend";
    same.source = "The dossier test wire";
    same.published = base.published + 17 * 3600; /* later that day */
    build_keys(&same, xb, unique);
    assert_string_equal(xb, xb_base);

    /* Another title over the same body, another source, another day:
     * another article each. */
    dossier_article other = base;
    other.title = "Lakeside Milling declares dividend";
    build_keys(&other, xb, unique);
    assert_string_not_equal(xb, xb_base);
    other = base;
    other.source = "Another Wire";
    build_keys(&other, xb, unique);
    assert_string_not_equal(xb, xb_base);
    other = base;
    other.published = base.published + 86400;
    build_keys(&other, xb, unique);
    assert_string_not_equal(xb, xb_base);
    other = base;
    other.has_published = 0;
    build_keys(&other, xb, unique);
    assert_string_not_equal(xb, xb_base);

    /* Title and body are hashed apart: "alpha" + "beta gamma" is not
     * "alpha beta" + "gamma". */
    dossier_article split = {.title = "alpha", .body = "beta gamma"};
    char xb_split[32];
    build_keys(&split, xb_split, unique);
    split.title = "alpha beta";
    split.body = "gamma";
    build_keys(&split, xb, unique);
    assert_string_not_equal(xb, xb_split);
}

/* Without id or URL, the unique term hashes the source and day too, and
 * the stored record carries the unique key as its id, which gives the
 * same unique term when indexed again. */
static void test_record_ids(void **state)
{
    (void)state;
    dossier_article a = {
        .title = "Ceasefire holds", .body = "No shelling for a third day.",
        .published = 1583712000, /* 2020-03-09 */
        .has_published = 1,
    };
    char xb[32], first[XC_MAX_TERM_BYTES + 1], later[XC_MAX_TERM_BYTES + 1];
    build_keys(&a, xb, first);
    assert_int_equal(strncmp(first, "Qh", 2), 0);
    dossier_article next_day = a;
    next_day.published += 86400;
    build_keys(&next_day, xb, later);
    assert_string_not_equal(first, later);
    dossier_article elsewhere = a;
    elsewhere.source = "Another Wire";
    build_keys(&elsewhere, xb, later);
    assert_string_not_equal(first, later);

    static const struct {
        char *id, *url;
        const char *expected_id;
    } cases[] = {
        {"own-id", "https://example.org/x", "own-id"},
        {NULL, "HTTPS://Example.org/story?utm_source=feed",
         "https://example.org/story"},
        {"", NULL, NULL}, /* NULL: the hashed unique key */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dossier_article c = a;
        c.id = cases[i].id;
        c.url = cases[i].url;
        dossier_built b;
        assert_int_equal(dossier_build(builder, &c, "en", &b), DOSSIER_OK);
        char *data = NULL;
        size_t len = 0;
        assert_int_equal(xc_doc_get_data(b.doc, &data, &len),
                         XC_STATUS_SUCCESS);
        dossier_article back = {0};
        assert_int_equal(dossier_record_from_json(data, len, &back), 0);
        xc_free(data);
        assert_non_null(back.id);
        assert_string_equal(back.id, cases[i].expected_id
                                         ? cases[i].expected_id
                                         : b.unique_term + 1);
        /* The stored record, indexed again, is the same article. */
        dossier_built again;
        assert_int_equal(dossier_build(builder, &back, "en", &again),
                         DOSSIER_OK);
        assert_string_equal(again.unique_term, b.unique_term);
        assert_string_equal(again.body_hash_term, b.body_hash_term);
        dossier_built_clear(&again);
        dossier_article_clear(&back);
        dossier_built_clear(&b);
    }
}

/* The stored record of A, read back into OUT. */
static void stored_record(const dossier_built *b, dossier_article *out)
{
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xc_doc_get_data(b->doc, &data, &len), XC_STATUS_SUCCESS);
    assert_int_equal(dossier_record_from_json(data, len, out), DOSSIER_OK);
    xc_free(data);
}

/* The byline (schema 6): stored as given and read back; its words as
 * A<normalized word> with wdf 0, not stemmed, not in the spelling words;
 * no part of the exact-duplicate term or of a hashed unique key; cut past
 * DOSSIER_AUTHOR_MAX_BYTES; white space only is none. */
static void test_author(void **state)
{
    (void)state;
    dossier_article a = {
        .id = "byline-1", .title = "Ferry crews vote",
        .body = "Crews vote this week on a new rota.",
        .source = "Dossier Test Coast",
        .author = "Jane Davies, J\xc3\xa9r\xc3\xb4me O'Neill-Roe & Co",
    };
    dossier_built b;
    assert_int_equal(dossier_build(builder, &a, "en", &b), DOSSIER_OK);
    const char *t = terms_of(b.doc);
    static const char *const expected[] = {
        " Ajane:0", " Adavies:0", " Ajerome:0", " Aco:0", " Aroe:0",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (strstr(t, expected[i]) == NULL)
            fail_msg("missing %s in%s", expected[i], t);
    /* Unstemmed: "davies" stems to "davi", as "Davy" does. */
    assert_null(strstr(t, " Adavi:"));
    /* Nothing of the byline outside its prefix. */
    assert_null(strstr(t, " jane:"));
    assert_null(strstr(t, " davi:"));
    /* Spelling words: ferry crews vote this week new rota (no names). */
    assert_int_equal(b.n_spelling_words, 7);
    dossier_article back = {0};
    stored_record(&b, &back);
    assert_string_equal(back.author, a.author);
    dossier_article_clear(&back);

    /* The same article under another byline, or none: the same exact
     * duplicate term. */
    char xb[32];
    snprintf(xb, sizeof xb, "%s", b.body_hash_term);
    dossier_built_clear(&b);
    dossier_article other = a;
    other.author = "Wire Desk";
    assert_int_equal(dossier_build(builder, &other, "en", &b), DOSSIER_OK);
    assert_string_equal(b.body_hash_term, xb);
    dossier_built_clear(&b);
    /* Without id or URL, the same unique key whoever signs it. */
    other.id = NULL;
    char unique[XC_MAX_TERM_BYTES + 1];
    assert_int_equal(dossier_build(builder, &other, "en", &b), DOSSIER_OK);
    snprintf(unique, sizeof unique, "%s", b.unique_term);
    dossier_built_clear(&b);
    other.author = NULL;
    assert_int_equal(dossier_build(builder, &other, "en", &b), DOSSIER_OK);
    assert_string_equal(b.unique_term, unique);
    assert_string_equal(b.body_hash_term, xb);
    assert_null(strstr(terms_of(b.doc), " A"));
    stored_record(&b, &back);
    assert_null(back.author);
    dossier_article_clear(&back);
    dossier_built_clear(&b);

    /* White space only is no byline. */
    other.author = " \t\n ";
    assert_int_equal(dossier_build(builder, &other, "en", &b), DOSSIER_OK);
    stored_record(&b, &back);
    assert_null(back.author);
    dossier_article_clear(&back);
    dossier_built_clear(&b);

    /* A byline past the cap is cut at a character boundary: "x" then
     * two-byte "é"s, so that the cap falls inside one. */
    char huge[DOSSIER_AUTHOR_MAX_BYTES + 64];
    size_t used = 0;
    huge[used++] = 'x';
    while (used < DOSSIER_AUTHOR_MAX_BYTES + 8) {
        huge[used++] = (char)0xc3;
        huge[used++] = (char)0xa9;
    }
    memcpy(huge + used, " tail", 6);
    other.author = huge;
    assert_int_equal(dossier_build(builder, &other, "en", &b), DOSSIER_OK);
    stored_record(&b, &back);
    assert_non_null(back.author);
    assert_int_equal(strlen(back.author), DOSSIER_AUTHOR_MAX_BYTES - 1);
    assert_memory_equal(back.author, huge, DOSSIER_AUTHOR_MAX_BYTES - 1);
    assert_null(strstr(terms_of(b.doc), " Atail:"));
    dossier_article_clear(&back);
    dossier_built_clear(&b);
}

/* The metadata key of a skipped duplicate, the indexer's and the
 * searcher's contract. */
static void test_duplicate_meta_key(void **state)
{
    (void)state;
    char key[DOSSIER_META_DUPLICATE_KEY_MAX + 1];
    assert_int_equal(dossier_duplicate_meta_key("copy", key, sizeof key), 0);
    assert_string_equal(key, "dossier:dup:copy");
    assert_int_equal(dossier_duplicate_meta_key("h0123456789abcdef", key,
                                                sizeof key),
                     0);
    assert_string_equal(key, "dossier:dup:h0123456789abcdef");
    /* 240 bytes spelt out; one more is hashed. */
    char id[300];
    size_t longest = DOSSIER_META_DUPLICATE_KEY_MAX -
                     strlen(DOSSIER_META_DUPLICATE_PREFIX);
    memset(id, 'x', longest);
    id[longest] = '\0';
    assert_int_equal(dossier_duplicate_meta_key(id, key, sizeof key), 0);
    assert_int_equal(strlen(key), DOSSIER_META_DUPLICATE_KEY_MAX);
    assert_int_equal(strncmp(key, "dossier:dup:xxx", 15), 0);
    id[longest] = 'x';
    id[longest + 1] = '\0';
    assert_int_equal(dossier_duplicate_meta_key(id, key, sizeof key), 0);
    char expected[64];
    snprintf(expected, sizeof expected, "dossier:dup:h%016llx",
             (unsigned long long)dossier_fnv64(id, strlen(id),
                                               DOSSIER_FNV64_INIT));
    assert_string_equal(key, expected);
    /* Too small for the key: -1 and nothing. */
    char small[8];
    assert_int_equal(dossier_duplicate_meta_key("copy", small, sizeof small),
                     DOSSIER_ERR_INVALID);
    assert_string_equal(small, "");
    assert_int_equal(dossier_duplicate_meta_key("copy", key, 17), 0);
    assert_int_equal(dossier_duplicate_meta_key("copy", key, 16),
                     DOSSIER_ERR_INVALID);
}

static void test_slugs(void **state)
{
    (void)state;
    static const char *const rows[][2] = {
        {"The Washington Post", "washington-post"},
        {"Reuters", "reuters"},
        {"  Nikkei Asia!! ", "nikkei-asia"},
        {"Le Monde \xC3\xA9" "dition", "le-monde-edition"},
        {"The", "the"},
        {"---", ""},
        {"Theatre Weekly", "theatre-weekly"},
        {"U.S. Department of Justice", "us-department-of-justice"},
        {"nikkei.com", "nikkei-com"},
        {"U.S.A. Today", "usa-today"},
    };
    char slug[72];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        dossier_slug(rows[i][0], slug, sizeof slug);
        if (strcmp(slug, rows[i][1]) != 0)
            fail_msg("slug(\"%s\") = \"%s\", not \"%s\"", rows[i][0], slug,
                     rows[i][1]);
    }
    char long_name[300];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(dossier_slug(long_name, slug, sizeof slug), 64);
}

static double similarity(const char *a, const char *b)
{
    dossier_analysis *ra = NULL, *rb = NULL;
    dossier_analysis_new(&ra);
    dossier_analysis_new(&rb);
    dossier_analyze(an, a, strlen(a), "en", ra);
    dossier_analyze(an, b, strlen(b), "en", rb);
    dossier_minhash ma, mb;
    dossier_minhash_of_tokens(dossier_analysis_tokens(ra),
                              dossier_analysis_token_count(ra), &ma);
    dossier_minhash_of_tokens(dossier_analysis_tokens(rb),
                              dossier_analysis_token_count(rb), &mb);
    unsigned char bytes[4 * DOSSIER_MINHASH_SIZE];
    dossier_minhash decoded;
    dossier_minhash_encode(&ma, bytes);
    assert_int_equal(dossier_minhash_decode(bytes, sizeof bytes, &decoded), 0);
    assert_memory_equal(decoded.h, ma.h, sizeof ma.h);
    assert_int_equal(dossier_minhash_decode(bytes, 3, &decoded),
                     DOSSIER_ERR_INVALID);
    dossier_analysis_free(ra);
    dossier_analysis_free(rb);
    /* Compared as the writer compares them (indexer/clusters.c). */
    dossier_minhash_cut ca, cb;
    dossier_minhash_cut_of(&ma, &ca);
    dossier_minhash_cut_of(&mb, &cb);
    return dossier_minhash_similarity(&ca, &cb);
}

static void test_minhash(void **state)
{
    (void)state;
    const char *story =
        "Japan's space agency said on Wednesday that it had been hit by a "
        "cyberattack earlier this year, and that intruders may have reached "
        "files shared with partners. Officials said the attackers exploited "
        "a weakness in network equipment, and that no data on rockets "
        "appeared to have been taken.";
    const char *edited =
        "Japan's space agency said on Wednesday in Tokyo that it had been "
        "hit by a cyberattack earlier this year, and that intruders may "
        "have reached files shared with partners. Officials said the "
        "attackers exploited a weakness in network equipment, and that no "
        "data on rockets seemed to have been taken.";
    const char *other =
        "NATO leaders met in Vilnius to discuss support for Ukraine, with "
        "several members pressing for a clear timetable for membership.";
    assert_true(similarity(story, story) == 1.0);
    double near = similarity(story, edited);
    double far = similarity(story, other);
    if (near < DOSSIER_NEAR_DUP_JACCARD || far > 0.1)
        fail_msg("near %.2f far %.2f", near, far);
    /* Too short for a shingle: never a near-duplicate. */
    assert_true(similarity("two words", "two words") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_values_and_record),
        cmocka_unit_test(test_author),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_unique_terms),
        cmocka_unit_test(test_exact_duplicate_terms),
        cmocka_unit_test(test_record_ids),
        cmocka_unit_test(test_duplicate_meta_key),
        cmocka_unit_test(test_slugs),
        cmocka_unit_test(test_minhash),
    };
    return cmocka_run_group_tests_name("document", tests, setup, teardown);
}
