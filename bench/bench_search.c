/*
 * bench_search.c: Dossier's in-process search latency: each query of
 * bench/queries.txt through searcher_run, top 10 hits with their snippets
 * (matches and entities marked), near-duplicates collapsed, as
 * dossier-search does.  A warm-up pass, then REPEATS timed passes.
 *
 *   bench_search INDEX QUERIES GAZETTEER [REPEATS]
 *
 * DOSSIER_BENCH_PROXIMITY sets the proximity boost (-1: off);
 * DOSSIER_BENCH_FACETS=1 counts the facets too, as the page does.  INDEX
 * may be an archive (a stub): a search that fails, or that answers
 * without a shard, is counted and said.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "dossier/gazetteer.h"
#include "percentiles.h"
#include "search.h"

#define MAX_QUERIES 4096

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_search INDEX QUERIES GAZETTEER [N]\n");
        return 2;
    }
    int repeats = argc > 4 ? atoi(argv[4]) : 5;
    if (repeats < 1 || repeats > 100)
        repeats = 5;
    dossier_gazetteer *gaz = NULL;
    searcher *s = NULL;
    dossier_error err;
    if (dossier_gazetteer_load(argv[3], NULL, NULL, &gaz) != DOSSIER_OK ||
        searcher_open(argv[1], gaz, &s, &err) != DOSSIER_OK) {
        fprintf(stderr, "bench_search: cannot open %s or %s\n", argv[1],
                argv[3]);
        return 2;
    }
    /* Static: a query set of the headlines benchmark's size (1,000). */
    static char queries[MAX_QUERIES][256];
    size_t n = 0;
    FILE *in = fopen(argv[2], "r");
    while (in && n < MAX_QUERIES && fgets(queries[n], sizeof queries[n], in)) {
        queries[n][strcspn(queries[n], "\n")] = '\0';
        if (queries[n][0] && queries[n][0] != '#')
            n++;
    }
    if (in)
        fclose(in);
    search_options opts = {.limit = 10, .collapse = 1};
    /* To weigh a ranking feature's cost: -1 turns the proximity boost
     * off (query_build.h). */
    const char *proximity = getenv("DOSSIER_BENCH_PROXIMITY");
    if (proximity)
        opts.weights.proximity_boost = strtod(proximity, NULL);
    const char *facets = getenv("DOSSIER_BENCH_FACETS");
    opts.want_facets = facets && strcmp(facets, "1") == 0;
    size_t partial = 0;
    double *ms = malloc(n * (size_t)repeats * sizeof *ms);
    size_t m = 0, hits = 0;
    for (int pass = 0; pass <= repeats; pass++) {
        for (size_t i = 0; i < n; i++) {
            search_result r;
            double start = bench_now();
            dossier_status rc = searcher_run(s, queries[i],
                                             strlen(queries[i]), &opts, &r,
                                             &err);
            double t = (bench_now() - start) * 1e3;
            if (rc != DOSSIER_OK) {
                fprintf(stderr, "bench_search: %s: %s\n", queries[i],
                        dossier_error_message(&err));
                return 2;
            }
            if (pass > 0) {
                ms[m++] = t;
                hits += r.n_hits;
                partial += r.shard_warning[0] != '\0';
            }
            search_result_free(&r);
        }
    }
    bench_report("dossier (in-process, top 10 with snippets and entities)",
                 ms, m);
    fprintf(stderr, "bench_search: %.1f hits per search\n",
            (double)hits / (double)(m ? m : 1));
    if (partial > 0)
        printf("%zu of %zu searches answered without a shard\n", partial, m);
    free(ms);
    searcher_free(s);
    dossier_gazetteer_free(gaz);
    return 0;
}
