/*
 * test_read_html.c: one article from a web page: metadata and its
 * fallbacks, the main container and the furniture cut out of it, on the
 * fixtures in tests/fixtures/html/ and the demo pages in
 * feeds/sample/html/; encodings, bad dates, and hostile markup (deep
 * nesting, attribute storms, huge values, NUL bytes in tags) bounded by
 * html_guard with its text kept and one warning.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glob.h>
#include <libxml/parser.h>

#include "reader.h"
#include "util.h"

#define PAGES "tests/fixtures/html/"

/* What one read handed to the sink. */
typedef struct collected {
    dossier_article article;
    int n_articles;
    char rejects[4][512]; /* "WHERE: REASON" */
    int n_rejects;
} collected;

static dossier_status on_article(void *ctx, dossier_article *a,
                                 const char *where)
{
    collected *c = ctx;
    (void)where;
    assert_int_equal(c->n_articles, 0);
    c->article = *a;
    memset(a, 0, sizeof *a);
    c->n_articles++;
    return DOSSIER_OK;
}

static void on_reject(void *ctx, const char *where, const char *reason)
{
    collected *c = ctx;
    assert_true(c->n_rejects < 4);
    snprintf(c->rejects[c->n_rejects], sizeof c->rejects[0], "%s: %s", where,
             reason);
    c->n_rejects++;
}

static void collected_free(collected *c)
{
    dossier_article_clear(&c->article);
    memset(c, 0, sizeof *c);
}

static int read_bytes(const char *data, size_t len, const char *name,
                      collected *c, size_t max_bytes)
{
    reader_sink sink = {
        .article = on_article,
        .reject = on_reject,
        .ctx = c,
        .max_article_bytes = max_bytes,
        .default_lang = "en",
    };
    return read_html(data, len, name, &sink);
}

static int read_page_file(const char *path, collected *c)
{
    size_t len;
    char *data = test_read_file(path, &len);
    int rc = read_bytes(data, len, path, c, 1u << 20);
    free(data);
    return rc;
}

static void same_string(const char *field, const char *got, const char *want)
{
    if (got == NULL && want == NULL)
        return;
    if (got == NULL || want == NULL || strcmp(got, want) != 0)
        fail_msg("%s:\n got      %s%s%s\n expected %s%s%s", field,
                 got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
                 want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

/* ------------------------------------------------------------ fixtures */

static void test_fixture_pages(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        const char *title, *url, *source, *lang, *body;
        int has_published;
        int64_t published;
    } pages[] = {
        {PAGES "og-boilerplate.html",
         /* og:title wins over <title>, white space collapsed */
         "Grain corridor talks resume in Istanbul",
         /* link rel=Canonical wins over og:url */
         "https://example.org/herald/grain-talks", "Harbour Herald", "en",
         /* No nav, cookie banner, header, h1 (it is the title), share
          * tools, advert, figure, aside, comments, script or footer; the
          * "lead-paragraph" is no advert although its class holds "ad-". */
         "Negotiators met in Istanbul on Monday to discuss reopening the "
         "grain corridor across the Black Sea.\n\nOfficials said the talks "
         "would continue on Tuesday & that a deal was possible within "
         "weeks.\n\nShipping insurers are watching the talks closely.",
         1, 1691388900 /* 2023-08-07T09:15:00+03:00 */},
        {PAGES "title-main.html", "Bridge reopens after repairs", NULL, NULL,
         "en" /* no lang: the sink's default */,
         /* <main>; its h1 is the title, so not repeated */
         "The river bridge reopened to traffic on Wednesday morning after "
         "three months of repairs.\n\nEngineers replaced two supports.\n\n"
         "Lorries may cross again from next week.\n\nSpeed limit: 30 km/h\n\n"
         "Weight limit: 40 t",
         1, 1691564400 /* the <time datetime>: 2023-08-09T07:00:00Z */},
        {PAGES "div-blocks.html",
         /* no og:title, no <title>: the first <h1> */
         "Wahl in der Provinz verschoben", NULL, NULL, "de",
         /* the story block, without the newsletter box inside it; the
          * page declares no charset but is UTF-8 */
         "Die Wahlkommission hat die Abstimmung in der Provinz um zwei "
         "Wochen verschoben.\n\nAls Grund nannte sie \xC3\x9C"
         "berschwemmungen, die mehrere Wahllokale besch\xC3\xA4" "digt "
         "haben.\n\nDie Opposition kritisierte die Entscheidung scharf.",
         1, 1691625600 /* meta name=PubDate 2023-08-10 */},
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        collected c = {0};
        assert_int_equal(read_page_file(pages[i].path, &c), 0);
        if (c.n_rejects != 0)
            fail_msg("%s: %s", pages[i].path, c.rejects[0]);
        assert_int_equal(c.n_articles, 1);
        const dossier_article *a = &c.article;
        same_string("title", a->title, pages[i].title);
        same_string("url", a->url, pages[i].url);
        same_string("source", a->source, pages[i].source);
        same_string("lang", a->lang, pages[i].lang);
        same_string("body", a->body, pages[i].body);
        assert_null(a->id);
        assert_null(a->category);
        assert_int_equal(a->has_published, pages[i].has_published);
        assert_int_equal(a->published, pages[i].published);
        collected_free(&c);
    }
}

static void test_page_without_text(void **state)
{
    (void)state;
    collected c = {0};
    assert_int_equal(read_page_file(PAGES "no-text.html", &c), 0);
    assert_int_equal(c.n_articles, 0);
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0],
                        PAGES "no-text.html: no article text found");
    collected_free(&c);

    assert_int_equal(read_bytes("", 0, "empty.html", &c, 1000), 0);
    assert_int_equal(c.n_articles, 0);
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0], "empty.html: no article text found");
    collected_free(&c);
}

/* ------------------------------------------------------------ demo pages */

static void test_sample_pages(void **state)
{
    (void)state;
    static const struct {
        const char *file, *title, *source, *body_start;
        int64_t published;
    } pages[] = {
        {"2023-06-24-ap-wagner-mutiny.html",
         "Wagner chief halts march on Moscow after deal brokered by Belarus",
         "Associated Press", "The head of Russia's Wagner mercenary group",
         1687642800 /* 2023-06-24T21:40:00Z */},
        {"2023-08-24-japantimes-fukushima-water.html",
         "Fukushima No. 1 plant begins releasing treated water into the "
         "Pacific",
         "The Japan Times", "Tokyo Electric Power Company Holdings began",
         1692858600 /* 2023-08-24T15:30:00+09:00 */},
        {"2023-11-15-reuters-biden-xi-woodside.html",
         "Biden and Xi agree to restore military communications, curb "
         "fentanyl",
         "Reuters", "U.S. President Joe Biden and Chinese President Xi",
         1700092200 /* 2023-11-15T23:50:00Z */},
    };
    /* Words of the furniture around the articles. */
    static const char *const furniture[] = {
        "Related",   "Cookie",        "\xC2\xA9", "All rights reserved",
        "Subscribe", "Most read",     "Terms of use", "newsletter",
        "dataLayer", "trackPageView", "Home",     "\xC2\xB7" /* byline */,
    };
    const size_t n_pages = sizeof pages / sizeof pages[0];

    glob_t found;
    assert_int_equal(glob("feeds/sample/html/*.html", 0, NULL, &found), 0);
    /* A new demo page needs its row above. */
    assert_int_equal(found.gl_pathc, n_pages);
    for (size_t i = 0; i < found.gl_pathc; i++) {
        const char *path = found.gl_pathv[i];
        const char *file = strrchr(path, '/') + 1;
        size_t row = 0;
        while (row < n_pages && strcmp(pages[row].file, file) != 0)
            row++;
        if (row == n_pages)
            fail_msg("%s: no expectations for this page", path);

        collected c = {0};
        assert_int_equal(read_page_file(path, &c), 0);
        assert_int_equal(c.n_rejects, 0);
        assert_int_equal(c.n_articles, 1);
        const dossier_article *a = &c.article;
        same_string("title", a->title, pages[row].title);
        same_string("source", a->source, pages[row].source);
        same_string("lang", a->lang, "en");
        assert_true(a->has_published);
        assert_int_equal(a->published, pages[row].published);
        char url[256];
        snprintf(url, sizeof url, "https://example.org/dossier-sample/html/%s",
                 file);
        same_string("url", a->url, url);
        if (strncmp(a->body, pages[row].body_start,
                    strlen(pages[row].body_start)) != 0)
            fail_msg("%s: body starts \"%.80s\"", file, a->body);
        for (size_t k = 0; k < sizeof furniture / sizeof furniture[0]; k++)
            if (strstr(a->body, furniture[k]) != NULL)
                fail_msg("%s: \"%s\" in the body", file, furniture[k]);
        /* Four or five paragraphs, no more. */
        size_t n_breaks = 0;
        for (const char *p = a->body; (p = strstr(p, "\n\n")) != NULL; p += 2)
            n_breaks++;
        assert_true(n_breaks >= 3 && n_breaks <= 4);
        collected_free(&c);
    }
    globfree(&found);
}

/* ------------------------------------------------------------ edge cases */

static void read_string(const char *html, collected *c)
{
    assert_int_equal(read_bytes(html, strlen(html), "page.html", c, 1u << 20),
                     0);
}

static void test_dates(void **state)
{
    (void)state;
    collected c = {0};
    /* An unparsable date is a reject of the date only. */
    read_string("<html><head><meta property=\"article:published_time\" "
                "content=\"yesterday\"></head><body><p>Text.</p></body>"
                "</html>",
                &c);
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0], "page.html: bad date \"yesterday\"; "
                                      "article kept without a date");
    assert_int_equal(c.n_articles, 1);
    assert_false(c.article.has_published);
    assert_string_equal(c.article.body, "Text.");
    collected_free(&c);

    /* A bad first candidate gives way to a good later one, silently. */
    read_string("<meta property=\"article:published_time\" content=\"soon\">"
                "<meta name=\"date\" content=\"2023-08-07\">"
                "<p>Text.</p><time datetime=\"2020-01-01\">x</time>",
                &c);
    assert_int_equal(c.n_rejects, 0);
    assert_true(c.article.has_published);
    assert_int_equal(c.article.published, 1691366400);
    collected_free(&c);
}

static void test_og_url_and_largest_article(void **state)
{
    (void)state;
    collected c = {0};
    read_string("<meta property=\"og:url\" content=\" https://example.org/a "
                "\"><article><p>Teaser.</p></article>"
                "<article><p>The real story, which is longer.</p>"
                "<article><p>A nested comment card.</p></article></article>",
                &c);
    assert_string_equal(c.article.url, "https://example.org/a");
    assert_string_equal(c.article.body, "The real story, which is longer."
                                        "\n\nA nested comment card.");
    collected_free(&c);
}

/* The byline: <meta name=author>, else the article:author tags that are
 * names (not profile links), joined; none when there is neither. */
static void test_byline(void **state)
{
    (void)state;
    collected c = {0};
    assert_int_equal(read_page_file(PAGES "author-meta.html", &c),
                     DOSSIER_OK);
    assert_int_equal(c.n_articles, 1);
    same_string("author", c.article.author, "Ida Marchbank & Co <tides>");
    /* The byline line of the story is furniture, not body. */
    assert_null(strstr(c.article.body, "By Ida"));
    collected_free(&c);

    read_string("<meta property=\"article:author\" "
                "content=\"https://example.org/jane\">"
                "<meta property=\"article:author\" content=\" Jane  Doe \">"
                "<meta property=\"article:author\" content=\"John Roe\">"
                "<meta property=\"article:author\" content=\"Jane  Doe\">"
                "<meta property=\"article:author\" content=\"/people/x\">"
                "<p>Text.</p>",
                &c);
    same_string("author", c.article.author, "Jane Doe, John Roe");
    collected_free(&c);

    read_string("<meta name=\"author\" content=\"www.example.org\">"
                "<meta name=\"author\" content=\"  \"><p>Text.</p>",
                &c);
    assert_null(c.article.author);
    collected_free(&c);
}

/* A class or id naming furniture is cut, unless the element holds most of
 * the text: then it is the story in an unluckily named wrapper. */
static void test_furniture_labels(void **state)
{
    (void)state;
    collected c = {0};
    read_string("<article><div class=\"story-body has-share-bar\">"
                "<p>The whole story is in this wrapper, and it is long.</p>"
                "<div class=\"share\">Share this</div></div>"
                "<div id=\"MENU\">Sections</div>"
                "<div class=\"top-ad-banner\">Buy now</div>"
                "<p class=\"thread-summary\">Kept.</p></article>",
                &c);
    assert_string_equal(c.article.body,
                        "The whole story is in this wrapper, and it is long."
                        "\n\nKept.");
    collected_free(&c);
}

/* The page's declared charset is honoured; a page that declares nothing
 * and is not UTF-8 still gives valid UTF-8; so does a page that says
 * UTF-8 and lies. */
static void test_encodings(void **state)
{
    (void)state;
    collected c = {0};
    read_string("<meta charset=\"iso-8859-1\"><title>Caf\xE9</title>"
                "<p>\xC0 bient\xF4t</p>",
                &c);
    assert_string_equal(c.article.title, "Caf\xC3\xA9");
    assert_string_equal(c.article.body, "\xC3\x80 bient\xC3\xB4t");
    collected_free(&c);

    read_string("<title>Caf\xE9</title><p>na\xEFve</p>", &c);
    assert_string_equal(c.article.title, "Caf\xC3\xA9");
    assert_string_equal(c.article.body, "na\xC3\xAFve");
    collected_free(&c);

    read_string("<meta charset=\"utf-8\"><title>Bad \xFF title</title>"
                "<p>bad \xC3 body \xC3\xA9</p>",
                &c);
    assert_int_equal(c.n_articles, 1);
    assert_non_null(strstr(c.article.title, "Bad "));
    assert_non_null(strstr(c.article.body, "body"));
    /* No byte of the text is left invalid. */
    for (const char *s = c.article.body; *s != '\0'; s++)
        assert_true((unsigned char)*s != 0xFF);
    collected_free(&c);
}

static void test_size_limit(void **state)
{
    (void)state;
    collected c = {0};
    static const char html[] = "<title>Title</title><p>0123456789</p>";
    assert_int_equal(read_bytes(html, sizeof html - 1, "big.html", &c, 14), 0);
    assert_int_equal(c.n_articles, 0);
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0], "big.html: article larger than 14 bytes");
    collected_free(&c);
    assert_int_equal(read_bytes(html, sizeof html - 1, "big.html", &c, 15), 0);
    assert_int_equal(c.n_articles, 1);
    collected_free(&c);
}

/* A megabyte of nested <div>s, of nested <article>s, of <p><b> (which the
 * parser closes as it goes) and of furniture-named wrappers holding the
 * story: no crash, no quadratic walk, and the text at the bottom kept,
 * with one warning when nesting was flattened. */
static void test_deep_nesting(void **state)
{
    (void)state;
    static const struct {
        const char *open;
        int is_flattened;
    } cases[] = {
        {"<div>", 1},
        {"<article>", 1},
        {"<p><b>", 0},
        {"<div class=\"share\">", 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t step = strlen(cases[k].open);
        size_t n = (1u << 20) / step;
        char *html = malloc(n * step + 5);
        assert_non_null(html);
        for (size_t i = 0; i < n; i++)
            memcpy(html + i * step, cases[k].open, step);
        memcpy(html + n * step, "text", 5);
        collected c = {0};
        assert_int_equal(read_bytes(html, n * step + 4, "deep.html", &c, 1000),
                         0);
        assert_int_equal(c.n_articles, 1);
        assert_string_equal(c.article.body, "text");
        assert_int_equal(c.n_rejects, cases[k].is_flattened);
        if (cases[k].is_flattened)
            assert_non_null(strstr(c.rejects[0], "nested deeper than 200 "
                                                 "dropped (from line 1)"));
        collected_free(&c);
        free(html);
    }
}

/* ------------------------------------------------------------ hostile */

/* N copies of PIECE between HEAD and TAIL, in a new string. */
static char *repeated(const char *head, const char *piece, size_t n,
                      const char *tail, size_t *len)
{
    size_t head_len = strlen(head), piece_len = strlen(piece);
    size_t tail_len = strlen(tail);
    *len = head_len + n * piece_len + tail_len;
    char *s = malloc(*len + 1);
    assert_non_null(s);
    memcpy(s, head, head_len);
    for (size_t i = 0; i < n; i++)
        memcpy(s + head_len + i * piece_len, piece, piece_len);
    memcpy(s + head_len + n * piece_len, tail, tail_len + 1);
    return s;
}

/* 100,000 nested <div>s around the story: libxml2 alone stops at 256
 * and finds no text; the page is indexed, and the warning says what was
 * flattened and where. */
static void test_hostile_nesting_keeps_the_text(void **state)
{
    (void)state;
    size_t len;
    char *opens = repeated("<html><head><title>Winter ferries</title></head>"
                           "<body>\n",
                           "<div>", 100000,
                           "<p>The ferry timetable changes on Sunday.</p>",
                           &len);
    char *html = repeated(opens, "</div>", 100000, "</body></html>", &len);
    collected c = {0};
    assert_int_equal(read_bytes(html, len, "deep.html", &c, 1u << 20), 0);
    assert_int_equal(c.n_articles, 1);
    assert_string_equal(c.article.title, "Winter ferries");
    assert_string_equal(c.article.body,
                        "The ferry timetable changes on Sunday.");
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0],
                        "deep.html: markup simplified before parsing, text "
                        "kept: 99803 start tags and 99803 end tags nested "
                        "deeper than 200 dropped (from line 2)");
    collected_free(&c);
    free(html);
    free(opens);
}

/* HEAD, N attributes of distinct names, TAIL, in a new string. */
static char *with_attributes(const char *head, size_t n, const char *tail,
                             size_t *len)
{
    size_t head_len = strlen(head), tail_len = strlen(tail);
    size_t cap = head_len + n * 24 + tail_len + 1;
    char *s = malloc(cap);
    assert_non_null(s);
    memcpy(s, head, head_len);
    size_t used = head_len;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(s + used, cap - used, " data-a%zu=\"v\"", i);
    memcpy(s + used, tail, tail_len + 1);
    *len = used + tail_len;
    return s;
}

/* 20,000 attributes on one tag (libxml2 alone compares each with all
 * before it): the first 64 are kept, the text is indexed, and the
 * warning names the tag. */
static void test_attribute_storm(void **state)
{
    (void)state;
    size_t len;
    char *html = with_attributes("<title>Harbour storm</title><article><div",
                                 20000,
                                 "><p>The northern quay reopened.</p></div>"
                                 "</article>",
                                 &len);
    collected c = {0};
    assert_int_equal(read_bytes(html, len, "storm.html", &c, 1u << 20), 0);
    assert_int_equal(c.n_articles, 1);
    assert_string_equal(c.article.body, "The northern quay reopened.");
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0],
                        "storm.html: markup simplified before parsing, text "
                        "kept: 19936 attributes past the first 64 of a tag "
                        "dropped (first <div> at line 1)");
    collected_free(&c);
    free(html);
}

/* A megabyte og:title: cut to the bound at a character boundary, still
 * the title, and the article is no longer too large to index. */
static void test_huge_og_title(void **state)
{
    (void)state;
    size_t len;
    char *html = repeated("<meta property=\"og:title\" content=\"",
                          "F\xC3\xA4hre f\xC3\xA4hrt ", 80000,
                          "\"><p>The ferry sails again.</p>", &len);
    collected c = {0};
    assert_int_equal(read_bytes(html, len, "title.html", &c, 1u << 20), 0);
    assert_int_equal(c.n_articles, 1);
    size_t title_len = strlen(c.article.title);
    assert_true(title_len > 8000);
    assert_true(title_len <= 8192);
    assert_true(test_is_valid_utf8(c.article.title, title_len));
    assert_memory_equal(c.article.title, "F\xC3\xA4hre f\xC3\xA4hrt F", 15);
    assert_string_equal(c.article.body, "The ferry sails again.");
    assert_int_equal(c.n_rejects, 1);
    assert_string_equal(c.rejects[0],
                        "title.html: markup simplified before parsing, text "
                        "kept: 1 attribute value cut to 8192 bytes (first "
                        "content of <meta> at line 1)");
    collected_free(&c);
    free(html);
}

/* A NUL byte inside a tag ended libxml2's reading of the whole page. */
static void test_nul_byte_in_a_tag(void **state)
{
    (void)state;
    static const char html[] = "<article><p class=\"lead\0x\">First "
                               "paragraph.</p><p>Second one.</p></article>";
    collected c = {0};
    assert_int_equal(read_bytes(html, sizeof html - 1, "nul.html", &c, 1000),
                     0);
    assert_int_equal(c.n_articles, 1);
    assert_int_equal(c.n_rejects, 0);
    assert_string_equal(c.article.body, "First paragraph.\n\nSecond one.");
    collected_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_pages),
        cmocka_unit_test(test_page_without_text),
        cmocka_unit_test(test_sample_pages),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_og_url_and_largest_article),
        cmocka_unit_test(test_byline),
        cmocka_unit_test(test_furniture_labels),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_hostile_nesting_keeps_the_text),
        cmocka_unit_test(test_attribute_storm),
        cmocka_unit_test(test_huge_og_title),
        cmocka_unit_test(test_nul_byte_in_a_tag),
    };
    return cmocka_run_group_tests(tests, NULL, test_teardown_libxml);
}
