/*
 * fuzz_query.c: the query language end to end, as searcher_run() takes a
 * query: query_parse, then query_build twice (the ranked query and the
 * counting one, over a copy of the warnings), with the analyzer and the
 * gazetteer of feeds/entities.tsv; then the snippet code over the query's
 * own text, which holds every term the query asks for.
 *
 * The input is the query's bytes.  Its length picks the sort order (by
 * date requires all words) and, now and then, another language, so that
 * one corpus reaches those paths too.
 *
 * DOSSIER_FUZZ_GAZETTEER names the gazetteer (default feeds/entities.tsv,
 * from the top of the tree); when it cannot be loaded the queries run with
 * no gazetteer.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "fuzz_common.h"
#include "query_build.h"
#include "query_parse.h"
#include "snippet.h"
#include "xapian-c.h"

static dossier_gazetteer *gaz;
static dossier_analyzer *an;
static dossier_analysis *res;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("DOSSIER_FUZZ_GAZETTEER");
    if (path == NULL || *path == '\0')
        path = "feeds/entities.tsv";
    if (dossier_gazetteer_load(path, NULL, NULL, &gaz) != DOSSIER_OK) {
        fprintf(stderr, "fuzz_query: no gazetteer at %s: running without\n",
                path);
        gaz = NULL;
    }
    if (dossier_analyzer_new(gaz, &an) != DOSSIER_OK ||
        dossier_analysis_new(&res) != DOSSIER_OK) {
        fprintf(stderr, "fuzz_query: out of memory\n");
        abort();
    }
    return 0;
}

static void check_warnings(const parsed_query *q)
{
    FUZZ_CHECK(q->n_warnings <= QUERY_MAX_WARNINGS);
    for (size_t i = 0; i < q->n_warnings; i++)
        FUZZ_CHECK(memchr(q->warnings[i].message, '\0',
                          sizeof q->warnings[i].message) != NULL);
}

static void check_tree(const query_node *n, size_t len, unsigned depth)
{
    if (n == NULL)
        return;
    FUZZ_CHECK(depth < 4096);
    FUZZ_CHECK(n->position <= len);
    FUZZ_CHECK(memchr(n->field, '\0', sizeof n->field) != NULL);
    if (n->type == QN_WORD || n->type == QN_PHRASE || n->type == QN_FIELD)
        FUZZ_CHECK(n->text != NULL);
    if (n->type == QN_NOT)
        FUZZ_CHECK(n->n_children == 1);
    if (n->type == QN_NEAR)
        FUZZ_CHECK(n->n_children == 2 && n->window > 0);
    for (size_t i = 0; i < n->n_children; i++) {
        FUZZ_CHECK(n->children[i] != NULL);
        check_tree(n->children[i], len, depth + 1);
    }
}

static void check_built(const built_query *b)
{
    FUZZ_CHECK(b->query != NULL);
    for (size_t i = 0; i < b->n_terms; i++)
        FUZZ_CHECK(b->terms[i] != NULL && b->is_standalone[i] <= 1);
    for (size_t i = 0; i < b->n_phrases; i++)
        for (size_t k = 0; k < b->phrases[i].n; k++)
            FUZZ_CHECK(b->phrases[i].terms[k] < b->n_terms);
    for (size_t i = 0; i < b->n_prefixes; i++)
        FUZZ_CHECK(b->prefixes[i] != NULL);
    for (size_t i = 0; i < b->n_entities; i++)
        FUZZ_CHECK(b->entities[i] != NULL && b->entities[i]->id != NULL);
}

static void check_snippet(const snippet *s, size_t len)
{
    size_t at = 0;
    for (size_t i = 0; i < s->n_segments; i++) {
        const segment *g = &s->segments[i];
        if (g->type == SEG_ELLIPSIS)
            continue;
        FUZZ_CHECK(g->start <= g->end && g->end <= len);
        FUZZ_CHECK(g->start >= at); /* in text order, never overlapping */
        at = g->end;
        if (g->type == SEG_ENTITY)
            FUZZ_CHECK(g->entity != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    parsed_query q;
    dossier_status rc = query_parse(text, size, 0, &q);
    if (rc == DOSSIER_ERR_NOMEM)
        return 0;
    FUZZ_CHECK(rc == DOSSIER_OK || rc == DOSSIER_REFUSED);
    check_warnings(&q);
    check_tree(q.root, size, 0);
    char tree[2048];
    size_t n = query_describe(q.root, tree, sizeof tree);
    FUZZ_CHECK(n < sizeof tree && strlen(tree) == n);
    /* Refused: over the cap (one warning), or an error among them. */
    FUZZ_CHECK((rc == DOSSIER_REFUSED) ==
               (q.has_error || size > QUERY_MAX_BYTES));
    if (rc == DOSSIER_REFUSED) {
        FUZZ_CHECK(q.n_warnings > 0);
        query_free(&q);
        return 0;
    }

    static const char *const langs[] = {"en", "en", "en", "fr", "de", "xx"};
    const char *lang = langs[size % (sizeof langs / sizeof langs[0])];
    unsigned flags = size % 2 ? QUERY_ALL_WORDS_REQUIRED : 0;

    /* As searcher_run: the counting query over a copy of the warnings. */
    parsed_query scratch = q;
    built_query built, counting;
    query_context ctx = {.an = an, .gaz = gaz, .lang = lang, .flags = flags};
    if (query_build(q.root, &ctx, &q, &built, NULL) == DOSSIER_OK) {
        check_warnings(&q);
        check_built(&built);
        char *description = NULL;
        if (xc_query_description(built.query, &description) ==
            XC_STATUS_SUCCESS)
            xc_free(description);

        snippet s = {0};
        snippet_options opts = {0};
        if (snippet_build(an, res, text, size, lang, &built, &opts, &s) ==
            DOSSIER_OK)
            check_snippet(&s, size);
        snippet_free(&s);
        snippet t = {0};
        if (snippet_highlight_all(an, res, text, size, lang, &built, &t) ==
            DOSSIER_OK)
            check_snippet(&t, size);
        snippet_free(&t);
        built_query_free(&built);
    }
    ctx.flags |= QUERY_MATCH_ONLY;
    if (query_build(scratch.root, &ctx, &scratch, &counting, NULL) ==
        DOSSIER_OK) {
        check_warnings(&scratch);
        check_built(&counting);
        built_query_free(&counting);
    }
    query_free(&q);
    return 0;
}
