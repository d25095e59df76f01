/*
 * test_html_text.c: HTML to plain text: references, blocks and paragraph
 * breaks, dropped elements, white space, comments, broken markup, broken
 * UTF-8, and nesting far deeper than any stack would hold; table-driven.
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

#include "util.h"
#include <libxml/parser.h>

#include "html_text.h"

#define FFFD "\xEF\xBF\xBD"

/* Converts LEN bytes of HTML and checks the text, its length and that it
 * is valid UTF-8.  Returns 0, or 1 after printing what went wrong. */
static int differs(const char *label, const char *html, size_t len,
                   const char *expected)
{
    size_t out_len = 12345;
    char *text = html_to_text(html, len, &out_len);
    if (text == NULL) {
        print_error("%s: NULL\n", label);
        return 1;
    }
    int is_wrong = 0;
    if (strcmp(text, expected) != 0) {
        print_error("%s:\n got      \"%s\"\n expected \"%s\"\n", label,
                    text, expected);
        is_wrong = 1;
    } else if (out_len != strlen(text) || !test_is_valid_utf8(text, out_len)) {
        print_error("%s: bad length or UTF-8\n", label);
        is_wrong = 1;
    }
    free(text);
    return is_wrong;
}

static void check(const char *label, const char *html, size_t len,
                  const char *expected)
{
    if (differs(label, html, len, expected))
        fail();
}

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *label, *html, *text;
    } cases[] = {
        /* References */
        {"fragment", "<p>One &amp; two</p><p>Three<br>four</p>",
         "One & two\n\nThree\n\nfour"},
        {"plain text", "plain text only", "plain text only"},
        {"named and numeric references",
         "caf&eacute; &#233; &#x263A; &lt;tag&gt; &quot;q&quot; &#8212;",
         "caf\xC3\xA9 \xC3\xA9 \xE2\x98\xBA <tag> \"q\" \xE2\x80\x94"},
        {"unknown reference kept", "R&D and &nosuch; here",
         "R&D and &nosuch; here"},
        {"a lone less-than", "a < b, 1<2", "a < b, 1<2"},
        /* Blocks */
        {"nested blocks",
         "<div><div><p>a</p></div><blockquote><p>b</p></blockquote></div>c",
         "a\n\nb\n\nc"},
        {"inline elements join", "<p>a<b>b</b><i> c</i> <a href=x>d</a></p>",
         "ab c d"},
        {"lists", "<ul><li>one</li><li>two</li></ul><ol><li>three</li></ol>",
         "one\n\ntwo\n\nthree"},
        {"headings", "<h1>Title</h1>text<h6>small</h6>",
         "Title\n\ntext\n\nsmall"},
        {"line breaks", "a<br>b<br/><br />c", "a\n\nb\n\nc"},
        {"table cells", "<table><tr><td>a</td><td>b</td></tr>"
                        "<tr><th>c</th></tr></table>",
         "a b\n\nc"},
        {"html5 sections", "<section>s</section><article>a</article>"
                           "<aside>x</aside>",
         "s\n\na\n\nx"},
        {"whole page",
         "<!DOCTYPE html><html><head><title>T</title><meta charset=utf-8>"
         "</head><body><p>x</p></body></html>",
         "x"},
        /* Dropped content */
        {"script and style",
         "<p>a</p><script>var x = '<p>no</p>';</script><style>p{}</style>"
         "<noscript>n</noscript><p>b</p>",
         "a\n\nb"},
        {"template, svg, iframe",
         "x <template><p>t</p></template><svg><text>s</text></svg>"
         "<iframe>i</iframe> y",
         "x y"},
        {"comments", "a<!-- hidden <p>x</p> -->b<!---->", "ab"},
        /* White space */
        {"white space collapses", "  a \t\n b\r\n\n c  ", "a b c"},
        {"no-break spaces", "a&nbsp;&nbsp;b\xC2\xA0" "c", "a b c"},
        {"space around blocks", " <p> a </p> <p> b </p> ", "a\n\nb"},
        {"empty blocks", "<p> </p><br><div></div>", ""},
        /* Broken markup */
        {"unclosed tags", "<p>unclosed <b>bold<p>next", "unclosed bold\n\nnext"},
        {"stray end tags", "</div>a</span></div>b", "ab"},
        {"unterminated attribute value swallows the rest",
         "<p class=\"x>a</p><p>b</p>", ""},
        {"unterminated comment", "a<!-- never closed", "a"},
        /* Input that is not UTF-8 */
        {"invalid bytes", "bad \xFF\xFE ok \xC3\xA9 end",
         "bad " FFFD FFFD " ok \xC3\xA9 end"},
        {"surrogate and overlong", "s\xED\xA0\x80 o\xC0\xAF" "e",
         "s" FFFD FFFD FFFD " o" FFFD FFFD "e"},
        {"truncated sequence at the end", "end \xE2\x82", "end " FFFD FFFD},
        {"references to no character", "a&#xD800;b&#0;c&#x110000;d",
         "abcd"},
        {"empty", "", ""},
    };
    int n_wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        n_wrong += differs(cases[i].label, cases[i].html,
                           strlen(cases[i].html), cases[i].text);
    assert_int_equal(n_wrong, 0);
}

/* Bytes after a NUL are read, and no NUL reaches the text. */
static void test_nul_bytes(void **state)
{
    (void)state;
    static const char html[] = "<p>a\0b</p>\0<p>c</p>";
    check("nul", html, sizeof html - 1, "a b\n\nc");
}

/* Only LEN bytes are read: no terminating NUL is needed. */
static void test_length_bounds_the_input(void **state)
{
    (void)state;
    check("prefix", "<p>one</p><p>two</p>", 10, "one");
}

/* A megabyte of nested <div>s: html_guard flattens what libxml2 would
 * stop at, and the walk is iterative, so this neither crashes nor takes
 * long, and the text at the bottom is kept. */
static void test_deep_nesting(void **state)
{
    (void)state;
    const char open[] = "<div>";
    size_t n_open = (1u << 20) / (sizeof open - 1);
    size_t len = n_open * (sizeof open - 1) + 4;
    char *html = malloc(len + 1);
    assert_non_null(html);
    for (size_t i = 0; i < n_open; i++)
        memcpy(html + i * (sizeof open - 1), open, sizeof open - 1);
    memcpy(html + len - 4, "deep", 4);
    html[len] = '\0';

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    size_t out_len = 0;
    char *text = html_to_text(html, len, &out_len);
    clock_gettime(CLOCK_MONOTONIC, &end);
    assert_non_null(text);
    assert_string_equal(text, "deep");
    double seconds = (double)(end.tv_sec - start.tv_sec) +
                     (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    /* Generous: valgrind is slow. */
    assert_true(seconds < 30.0);
    free(text);
    free(html);
}

/* A feed body as hostile as a page: 20,000 attributes on one tag, a
 * value of a megabyte; the text is kept. */
static void test_hostile_attributes(void **state)
{
    (void)state;
    size_t n = 20000, value_len = 1u << 20;
    size_t cap = 64 + n * 24 + value_len;
    char *html = malloc(cap);
    assert_non_null(html);
    size_t used = (size_t)snprintf(html, cap, "<p>Before.</p><div");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(html + used, cap - used, " data-a%zu=1", i);
    used += (size_t)snprintf(html + used, cap - used,
                             ">After.</div><img alt=\"");
    memset(html + used, 'v', value_len);
    used += value_len;
    used += (size_t)snprintf(html + used, cap - used, "\">");
    check("attributes", html, used, "Before.\n\nAfter.");
    free(html);
}

/* Closing tags without openers, a megabyte of them. */
static void test_many_stray_end_tags(void **state)
{
    (void)state;
    size_t n = (1u << 20) / 6;
    char *html = malloc(n * 6 + 2);
    assert_non_null(html);
    for (size_t i = 0; i < n; i++)
        memcpy(html + i * 6, "</div>", 6);
    memcpy(html + n * 6, "x", 2);
    check("stray", html, n * 6 + 1, "x");
    free(html);
}

/* The parser's messages go nowhere, and the caller's handler is back
 * afterwards. */
static void test_error_handler_restored(void **state)
{
    (void)state;
    test_libxml_handler_begin();
    check("broken", "<p>a</div></span><x y=>b", 24, "ab");
    test_libxml_handler_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_length_bounds_the_input),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_hostile_attributes),
        cmocka_unit_test(test_many_stray_end_tags),
        cmocka_unit_test(test_error_handler_restored),
    };
    return cmocka_run_group_tests(tests, NULL, test_teardown_libxml);
}
