/*
 * test_render_html.c: the facet sidebar says when its counts cover only
 * the best matches of a broad query (the searcher counts at most 1,000),
 * and says nothing when they cover every match.  Over a real index the
 * matcher's cut-off depends on Xapian's pruning, so the page is rendered
 * from a result built here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render_html.h"

/* The page for a result with one source facet, counted over COUNTED of
 * ESTIMATED matches; a new string. */
static char *page(uint32_t counted, uint32_t estimated)
{
    char value[] = "Harbour Desk";
    facet_count source = {.value = value, .count = counted};
    search_result r;
    memset(&r, 0, sizeof r);
    r.estimated = r.lower_bound = r.upper_bound = estimated;
    r.sources.items = &source;
    r.sources.n = 1;
    r.facet_docs = counted;
    cgi_params p;
    assert_int_equal(cgi_params_parse("q=harbour", &p), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    render_html(out, &p, &r, NULL, estimated, 1.0);
    fclose(out);
    return buf;
}

static void test_partial_counts_are_said(void **state)
{
    (void)state;
    char *html = page(1000, 12345);
    assert_non_null(strstr(html, "<p class=\"note\">Counts among the best "
                                 "1000 of about 12345 matches.</p>"));
    free(html);
    html = page(408, 408);
    assert_non_null(strstr(html, "aria-label=\"Facets\""));
    assert_null(strstr(html, "class=\"note\""));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partial_counts_are_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
