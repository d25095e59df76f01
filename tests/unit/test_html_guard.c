/*
 * test_html_guard.c: the pass that bounds markup before libxml2 reads it:
 * attributes a tag keeps, values cut at a character boundary, nesting
 * flattened with its text kept, markup read as libxml2 reads it (quoted
 * ">", comments, script, CDATA), implied end tags written out, real pages
 * left as the parser would read them, and what the report says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>

#include "html_guard.h"
#include "util.h"

/* ------------------------------------------------------------ helpers */

/* A growable string for building inputs. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void add_str(text *t, const char *s)
{
    add(t, s, strlen(s));
}

static void add_repeated(text *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add_str(t, s);
}

/* " a1=1 a2=1 ... aN=1" from FIRST. */
static void add_attributes(text *t, size_t first, size_t n)
{
    char one[32];
    for (size_t i = first; i < first + n; i++) {
        snprintf(one, sizeof one, " a%zu=1", i);
        add_str(t, one);
    }
}

/* SHAPE with ATTRS in place of its "%s", in a new string. */
static char *with_attributes(const char *shape, const text *attrs)
{
    size_t cap = strlen(shape) + attrs->len + 1;
    char *s = malloc(cap);
    assert_non_null(s);
    const char *hole = strstr(shape, "%s");
    assert_non_null(hole);
    snprintf(s, cap, "%.*s%s%s", (int)(hole - shape), shape, attrs->s,
             hole + 2);
    return s;
}

static char *guard(const text *in, size_t *out_len, html_guard_report *r)
{
    char *out = html_guard(in->s, in->len, out_len, r);
    assert_non_null(out);
    assert_int_equal(strlen(out), *out_len);
    return out;
}

static void expect_output(const text *in, const text *want,
                          html_guard_report *r)
{
    size_t len;
    char *out = guard(in, &len, r);
    if (len != want->len || memcmp(out, want->s, len) != 0)
        fail_msg("got      \"%.300s\"\nexpected \"%.300s\"", out, want->s);
    free(out);
}

/* Checks that the guard leaves IN exactly as it is and cuts nothing. */
static void expect_unchanged(const char *label, const char *in)
{
    text t = {0};
    add_str(&t, in);
    html_guard_report r;
    size_t len;
    char *out = guard(&t, &len, &r);
    if (len != t.len || memcmp(out, in, len) != 0)
        fail_msg("%s:\n got      \"%s\"\n expected \"%s\"", label, out, in);
    assert_false(html_guard_has_cuts(&r));
    free(out);
    free(t.s);
}

static void quiet(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

static xmlDocPtr parse(const char *html, size_t len)
{
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_context = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, quiet);
    xmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                   HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                       HTML_PARSE_NOWARNING |
                                       HTML_PARSE_RECOVER);
    xmlSetStructuredErrorFunc(old_context, old_handler);
    assert_non_null(doc);
    return doc;
}

/* The deepest element of DOC, counting from its root element as 1. */
static int tree_depth(xmlDocPtr doc)
{
    xmlNode *root = (xmlNode *)doc, *node = root;
    int depth = 0, deepest = 0;
    while (node != NULL) {
        if (node->type == XML_ELEMENT_NODE && depth > deepest)
            deepest = depth;
        if (node->children != NULL) {
            node = node->children;
            depth++;
            continue;
        }
        while (node != root && node->next == NULL) {
            node = node->parent;
            depth--;
        }
        node = node == root ? NULL : node->next;
    }
    return deepest;
}

/* ------------------------------------------------------------ attributes */

static void test_attribute_count_bound(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    add_str(&in, "<p>before</p>\n<div");
    add_attributes(&in, 1, HTML_GUARD_MAX_ATTRIBUTES + 6);
    add_str(&in, ">kept text</div>");
    add_str(&want, "<p>before</p>\n<div");
    add_attributes(&want, 1, HTML_GUARD_MAX_ATTRIBUTES);
    add_str(&want, ">kept text</div>");
    html_guard_report r;
    expect_output(&in, &want, &r);
    assert_int_equal(r.n_attributes_dropped, 6);
    assert_string_equal(r.attributes_tag, "div");
    assert_int_equal(r.attributes_line, 2);
    assert_int_equal(r.n_values_cut, 0);
    assert_int_equal(r.n_start_tags_dropped, 0);

    /* At the bound, nothing is dropped. */
    free(in.s);
    in = (text){0};
    add_str(&in, "<div");
    add_attributes(&in, 1, HTML_GUARD_MAX_ATTRIBUTES);
    add_str(&in, ">x</div>");
    expect_output(&in, &in, &r);
    assert_false(html_guard_has_cuts(&r));
    free(in.s);
    free(want.s);
}

/* Past the bound, the first of each attribute the readers use stays, and
 * a self-closing tag stays self-closing. */
static void test_read_attributes_survive(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    add_str(&in, "<meta");
    add_attributes(&in, 1, HTML_GUARD_MAX_ATTRIBUTES + 10);
    add_str(&in, " property=\"og:title\" CONTENT='Ferry strike ends'"
                 " content=\"second\" data-x=2 />");
    add_str(&want, "<meta");
    add_attributes(&want, 1, HTML_GUARD_MAX_ATTRIBUTES);
    add_str(&want, " property=\"og:title\" CONTENT='Ferry strike ends'/>");
    html_guard_report r;
    expect_output(&in, &want, &r);
    assert_int_equal(r.n_attributes_dropped, 12);
    free(in.s);
    free(want.s);
}

/* A ">" inside a quoted value does not end the tag: the attributes after
 * it are counted and bounded, and the value is kept whole. */
static void test_quoted_gt_does_not_end_a_tag(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    add_str(&in, "<div title=\"a > b\" alt='c>d'");
    add_attributes(&in, 1, HTML_GUARD_MAX_ATTRIBUTES);
    add_str(&in, ">text</div>");
    add_str(&want, "<div title=\"a > b\" alt='c>d'");
    add_attributes(&want, 1, HTML_GUARD_MAX_ATTRIBUTES - 2);
    add_str(&want, ">text</div>");
    html_guard_report r;
    expect_output(&in, &want, &r);
    assert_int_equal(r.n_attributes_dropped, 2);
    free(in.s);
    free(want.s);
}

/* A value past the bound is cut at a character boundary, never inside a
 * UTF-8 sequence or a character reference; the quote that closed it
 * stays. */
static void test_value_cut(void **state)
{
    (void)state;
    static const struct {
        const char *label;
        size_t n_before; /* bytes of "a" before TAIL */
        const char *tail;
        size_t kept;     /* bytes of the value kept */
    } cases[] = {
        {"ASCII", HTML_GUARD_MAX_VALUE_BYTES + 5, "",
         HTML_GUARD_MAX_VALUE_BYTES},
        {"two-byte character across the bound",
         HTML_GUARD_MAX_VALUE_BYTES - 1, "\xC3\xA9 tail",
         HTML_GUARD_MAX_VALUE_BYTES - 1},
        {"four-byte character across the bound",
         HTML_GUARD_MAX_VALUE_BYTES - 2, "\xF0\x9F\x9A\xA2 tail",
         HTML_GUARD_MAX_VALUE_BYTES - 2},
        {"character ending at the bound", HTML_GUARD_MAX_VALUE_BYTES - 2,
         "\xC3\xA9 tail", HTML_GUARD_MAX_VALUE_BYTES},
        {"reference across the bound", HTML_GUARD_MAX_VALUE_BYTES - 3,
         "&amp; tail", HTML_GUARD_MAX_VALUE_BYTES - 3},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        text value = {0}, in = {0}, want = {0};
        add_repeated(&value, "a", cases[k].n_before);
        add_str(&value, cases[k].tail);
        add_str(&in, "<head><meta property=\"og:title\" content=\"");
        add(&in, value.s, value.len);
        add_str(&in, "\"></head><p>text</p>");
        add_str(&want, "<head><meta property=\"og:title\" content=\"");
        add(&want, value.s, cases[k].kept);
        add_str(&want, "\"></head><p>text</p>");
        html_guard_report r;
        size_t len;
        char *out = guard(&in, &len, &r);
        if (len != want.len || memcmp(out, want.s, len) != 0)
            fail_msg("%s: kept %zu bytes of the value, expected %zu",
                     cases[k].label, len - (in.len - value.len),
                     cases[k].kept);
        assert_true(test_is_valid_utf8(out, len));
        assert_int_equal(r.n_values_cut, 1);
        assert_string_equal(r.values_tag, "meta");
        assert_string_equal(r.values_attribute, "content");
        free(out);
        free(value.s);
        free(in.s);
        free(want.s);
    }
}

/* A bare value and one whose quote never closes are cut too; the rest of
 * an unclosed value was never markup. */
static void test_value_cut_bare_and_unclosed(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    add_str(&in, "<img src=");
    add_repeated(&in, "b", HTML_GUARD_MAX_VALUE_BYTES + 100);
    add_str(&in, " alt=x><a href=\"");
    add_repeated(&in, "c", HTML_GUARD_MAX_VALUE_BYTES + 100);
    add_str(&want, "<img src=");
    add_repeated(&want, "b", HTML_GUARD_MAX_VALUE_BYTES);
    add_str(&want, " alt=x><a href=\"");
    add_repeated(&want, "c", HTML_GUARD_MAX_VALUE_BYTES);
    html_guard_report r;
    expect_output(&in, &want, &r);
    assert_int_equal(r.n_values_cut, 2);
    assert_string_equal(r.values_tag, "img");
    assert_string_equal(r.values_attribute, "src");
    free(in.s);
    free(want.s);
}

/* ------------------------------------------------------------ nesting */

static void test_deep_nesting_flattened(void **state)
{
    (void)state;
    const size_t n = 300;
    /* The parser implies html and body around the divs. */
    const size_t n_kept = HTML_GUARD_MAX_DEPTH - 2;
    text in = {0}, want = {0};
    add_repeated(&in, "<div>", n);
    add_str(&in, "deep text");
    add_repeated(&in, "</div>", n);
    add_str(&in, "<p>after</p>");
    add_repeated(&want, "<div>", n_kept);
    add_str(&want, "deep text");
    add_repeated(&want, "</div>", n_kept);
    add_str(&want, "<p>after</p>");
    html_guard_report r;
    expect_output(&in, &want, &r);
    assert_int_equal(r.n_start_tags_dropped, n - n_kept);
    assert_int_equal(r.n_end_tags_dropped, n - n_kept);
    assert_int_equal(r.nesting_line, 1);
    assert_int_equal(r.n_attributes_dropped, 0);
    free(in.s);
    free(want.s);
}

/* Script and style past the bound keep their tags: their raw text must
 * not become page text. */
static void test_script_past_the_bound_stays_raw(void **state)
{
    (void)state;
    text in = {0}, want = {0};
    add_repeated(&in, "<section>", 250);
    add_str(&in, "<script>if (a<b) c = '</section>';</script>text");
    add_repeated(&want, "<section>", HTML_GUARD_MAX_DEPTH - 2);
    add_str(&want, "<script>if (a<b) c = '</section>';</script>text");
    html_guard_report r;
    expect_output(&in, &want, &r);
    assert_int_equal(r.n_start_tags_dropped, 250 - (HTML_GUARD_MAX_DEPTH - 2));
    assert_int_equal(r.n_end_tags_dropped, 0);
    free(in.s);
    free(want.s);
}

/* Whatever the nesting, libxml2 reading the guarded copy stays under its
 * depth limit of 256 and keeps the text after it: misnested tags that its
 * own implied end tags do not close, elements it closes itself, html and
 * body tags it ignores. */
static void test_parser_depth_stays_bounded(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "<div>",
        "<span>",
        "<p><div></p>",
        "<span><div></span>",
        "<b><p>",
        "<li><ul>",
        "<table><tr><td>",
        "<html><body><div></body>",
        "<a><div>x</a>",
        "<div><script></div></script>",
        "<font><center></font>",
    };
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns; k++) {
        text in = {0};
        add_repeated(&in, patterns[k], 20000);
        add_str(&in, " closing words");
        add_repeated(&in, "</span>", 20000);
        html_guard_report r;
        size_t len;
        char *out = guard(&in, &len, &r);
        xmlDocPtr doc = parse(out, len);
        int depth = tree_depth(doc);
        if (depth > HTML_GUARD_MAX_DEPTH + 4)
            fail_msg("%s: the parser nests %d deep", patterns[k], depth);
        xmlChar *content = xmlNodeGetContent((xmlNode *)doc);
        if (strstr((const char *)content, "closing words") == NULL)
            fail_msg("%s: the text is lost", patterns[k]);
        xmlFree(content);
        xmlFreeDoc(doc);
        free(out);
        free(in.s);
    }
}

/* The end tags libxml2 implies are written out, so that its stack never
 * holds what the model has closed. */
static void test_implied_end_tags_written_out(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"<div><span>x</div>", "<div><span>x</span></div>"},
        {"<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"},
        {"<p>one<p>two<div>three</div>",
         "<p>one</p><p>two</p><div>three</div>"},
        {"<table><tr><td>a<td>b</table>",
         "<table><tr><td>a</td><td>b</td></tr></table>"},
        /* libxml2 ignores an end tag that would close past a div. */
        {"<span><div>x</span>y</div>", "<span><div>x</span>y</div>"},
        /* and one that closes nothing. */
        {"<b>x</i></b>", "<b>x</i></b>"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        text in = {0}, want = {0};
        add_str(&in, cases[k].in);
        add_str(&want, cases[k].out);
        html_guard_report r;
        expect_output(&in, &want, &r);
        assert_false(html_guard_has_cuts(&r));
        free(in.s);
        free(want.s);
    }
}

/* ------------------------------------------------------------ markup */

/* What libxml2 reads as no tag is left alone, however many attributes it
 * seems to have: comments (to "-->" or "--!>"), processing instructions
 * (to the first ">"), a DOCTYPE's quoted literals, the raw text of script
 * and style (to their own end tag, not one of a longer name), a "<" that
 * starts no tag. */
static void test_what_is_no_tag_is_left_alone(void **state)
{
    (void)state;
    text attrs = {0};
    add_attributes(&attrs, 1, HTML_GUARD_MAX_ATTRIBUTES + 10);
    static const char *const shapes[] = {
        "<p><!-- <div%s> -->after",
        "<p><!-- <div%s> -- > still comment --!>after",
        "<p><!-- never closed <div%s>",
        "<!DOCTYPE html PUBLIC \"-//x//<div%s>\" \"y\">after",
        "<p><?php <div%s ?>after",
        "<p><script>var s = '<div%s>';</script>after",
        "<p><script>'</scripts><div%s>'</script>after",
        "<p><style>p::after { content: \"<div%s>\" }</style>after",
        "<p>a <3 b < div%s> c",
    };
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        char *in = with_attributes(shapes[k], &attrs);
        expect_unchanged(shapes[k], in);
        free(in);
    }
    free(attrs.s);
}

/* What libxml2 reads as a tag is bounded wherever it is: after a comment
 * closed by "--!>", inside <![CDATA[ (which HTML reads as text and tags),
 * after a script. */
static void test_what_is_a_tag_is_bounded(void **state)
{
    (void)state;
    static const char *const shapes[] = {
        "<!-- x --!><div%s>t</div>",
        "<p><![CDATA[ <div%s>t</div> ]]></p>",
        "<script>x</script><div%s>t</div>",
        "<title>a</title><DIV%s>t</DIV>",
    };
    text attrs = {0};
    add_attributes(&attrs, 1, HTML_GUARD_MAX_ATTRIBUTES + 10);
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        text in = {0};
        char *s = with_attributes(shapes[k], &attrs);
        add_str(&in, s);
        html_guard_report r;
        size_t len;
        char *out = guard(&in, &len, &r);
        if (r.n_attributes_dropped != 10)
            fail_msg("%s: %zu attributes dropped", shapes[k],
                     r.n_attributes_dropped);
        assert_non_null(strstr(out, ">t</"));
        free(out);
        free(s);
        free(in.s);
    }
    free(attrs.s);
}

/* libxml2 takes a NUL byte inside a tag for the end of the page. */
static void test_nul_bytes_become_spaces(void **state)
{
    (void)state;
    static const char in[] = "<p class=\"a\0b\">one</p>\0<p>two</p>";
    static const char want[] = "<p class=\"a b\">one</p> <p>two</p>";
    size_t len;
    char *out = html_guard(in, sizeof in - 1, &len, NULL);
    assert_non_null(out);
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(out, want, len);
    free(out);
}

/* A page with nothing to bound comes out as the parser would have read
 * it: the same tree from the fixtures and demo pages. */
static void test_real_pages_read_the_same(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "tests/fixtures/html/og-boilerplate.html",
        "tests/fixtures/html/title-main.html",
        "tests/fixtures/html/div-blocks.html",
        "tests/fixtures/html/no-text.html",
        "feeds/sample/html/2023-06-24-ap-wagner-mutiny.html",
        "feeds/sample/html/2023-08-24-japantimes-fukushima-water.html",
        "feeds/sample/html/2023-11-15-reuters-biden-xi-woodside.html",
    };
    for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
        size_t len, out_len;
        char *page = test_read_file(pages[k], &len);
        html_guard_report r;
        char *out = html_guard(page, len, &out_len, &r);
        assert_non_null(out);
        assert_false(html_guard_has_cuts(&r));
        xmlDocPtr before = parse(page, len), after = parse(out, out_len);
        xmlChar *dump_before = NULL, *dump_after = NULL;
        int n_before = 0, n_after = 0;
        htmlDocDumpMemory(before, &dump_before, &n_before);
        htmlDocDumpMemory(after, &dump_after, &n_after);
        if (n_before != n_after ||
            memcmp(dump_before, dump_after, (size_t)n_before) != 0)
            fail_msg("%s: the guarded page parses differently", pages[k]);
        xmlFree(dump_before);
        xmlFree(dump_after);
        xmlFreeDoc(before);
        xmlFreeDoc(after);
        free(out);
        free(page);
    }
}

/* ------------------------------------------------------------ report */

static void test_describe(void **state)
{
    (void)state;
    html_guard_report r = {0};
    char line[512];
    assert_false(html_guard_has_cuts(&r));

    r.n_attributes_dropped = 99936;
    r.attributes_line = 3;
    snprintf(r.attributes_tag, sizeof r.attributes_tag, "div");
    html_guard_describe(&r, line, sizeof line);
    assert_string_equal(line, "markup simplified before parsing, text kept: "
                              "99936 attributes past the first 64 of a tag "
                              "dropped (first <div> at line 3)");

    r.n_values_cut = 1;
    r.values_line = 1;
    snprintf(r.values_tag, sizeof r.values_tag, "meta");
    snprintf(r.values_attribute, sizeof r.values_attribute, "content");
    r.n_start_tags_dropped = 1;
    r.n_end_tags_dropped = 0;
    r.nesting_line = 9;
    html_guard_describe(&r, line, sizeof line);
    assert_string_equal(line, "markup simplified before parsing, text kept: "
                              "99936 attributes past the first 64 of a tag "
                              "dropped (first <div> at line 3); 1 attribute "
                              "value cut to 8192 bytes (first content of "
                              "<meta> at line 1); 1 start tag and 0 end tags "
                              "nested deeper than 200 dropped (from line 9)");

    /* Cut to fit, always terminated. */
    char small[20];
    html_guard_describe(&r, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attribute_count_bound),
        cmocka_unit_test(test_read_attributes_survive),
        cmocka_unit_test(test_quoted_gt_does_not_end_a_tag),
        cmocka_unit_test(test_value_cut),
        cmocka_unit_test(test_value_cut_bare_and_unclosed),
        cmocka_unit_test(test_deep_nesting_flattened),
        cmocka_unit_test(test_script_past_the_bound_stays_raw),
        cmocka_unit_test(test_parser_depth_stays_bounded),
        cmocka_unit_test(test_implied_end_tags_written_out),
        cmocka_unit_test(test_what_is_no_tag_is_left_alone),
        cmocka_unit_test(test_what_is_a_tag_is_bounded),
        cmocka_unit_test(test_nul_bytes_become_spaces),
        cmocka_unit_test(test_real_pages_read_the_same),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, test_teardown_libxml);
}
