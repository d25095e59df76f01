/*
 * test_render_html.c: the facet sidebar says what its counts cover: every
 * match, or only the best of a broad query (the searcher counts at most
 * SEARCH_FACET_COUNT); and the count line says a lower bound as one.  Over a real index the
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
 * TOTAL matches (a lower bound unless IS_EXACT); a new string. */
static char *page(uint32_t counted, uint32_t total, int is_exact)
{
    char value[] = "Harbour Desk";
    facet_count source = {.value = value, .count = counted};
    search_result r;
    memset(&r, 0, sizeof r);
    r.total = r.stories = total;
    r.is_total_exact = r.is_stories_exact = is_exact;
    r.sources.items = &source;
    r.sources.n = 1;
    r.facet_docs = counted;
    cgi_params p;
    assert_int_equal(cgi_params_parse("q=harbour", &p), DOSSIER_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    render_html(out, &p, &r, NULL, total, 1.0);
    fclose(out);
    return buf;
}

static void test_partial_counts_are_said(void **state)
{
    (void)state;
    char *html = page(100000, 412001, 0);
    assert_non_null(strstr(html, "<p class=\"note\">Counts over the best "
                                 "100,000 of more than 412,000 articles."
                                 "</p>"));
    free(html);
    html = page(100000, 412000, 1);
    assert_non_null(strstr(html, "Counts over the best 100,000 of 412,000 "
                                 "articles."));
    free(html);
    html = page(408, 408, 1);
    assert_non_null(strstr(html, "aria-label=\"Facets\""));
    assert_non_null(strstr(html, "Counts over all 408 matching articles."));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partial_counts_are_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
