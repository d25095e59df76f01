/*
 * bench_search_fts5.c: SQLite FTS5's latency on the same queries: the
 * words ORed, bm25() order, top 10 with snippet() of the body, as an
 * application would show them.
 *
 *   bench_search_fts5 DB.sqlite QUERIES [REPEATS]
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "percentiles.h"

#define MAX_QUERIES 4096

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_search_fts5 DB QUERIES [N]\n");
        return 2;
    }
    int repeats = argc > 3 ? atoi(argv[3]) : 5;
    if (repeats < 1 || repeats > 100)
        repeats = 5;
    sqlite3 *db;
    sqlite3_stmt *st;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT rowid, title, snippet(articles, 1, '[', "
                           "']', '...', 30) FROM articles WHERE articles "
                           "MATCH ? ORDER BY bm25(articles) LIMIT 10",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_search_fts5: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    /* Static: a query set of the headlines benchmark's size (1,000). */
    static char queries[MAX_QUERIES][512];
    size_t n = 0;
    char line[256];
    FILE *in = fopen(argv[2], "r");
    while (in && n < MAX_QUERIES && fgets(line, sizeof line, in)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        size_t m = 0;
        for (size_t k = 0; line[k];) {
            while (line[k] && !isalnum((unsigned char)line[k]))
                k++;
            size_t start = k;
            while (isalnum((unsigned char)line[k]))
                k++;
            if (k > start)
                m += (size_t)snprintf(queries[n] + m, sizeof queries[n] - m,
                                      "%s\"%.*s\"", m ? " OR " : "",
                                      (int)(k - start), line + start);
        }
        if (m)
            n++;
    }
    if (in)
        fclose(in);
    double *ms = malloc(n * (size_t)repeats * sizeof *ms);
    size_t m = 0;
    for (int pass = 0; pass <= repeats; pass++) {
        for (size_t i = 0; i < n; i++) {
            double start = bench_now();
            sqlite3_bind_text(st, 1, queries[i], -1, SQLITE_STATIC);
            size_t bytes = 0;
            while (sqlite3_step(st) == SQLITE_ROW)
                bytes += (size_t)sqlite3_column_bytes(st, 2);
            sqlite3_reset(st);
            double t = (bench_now() - start) * 1e3;
            if (pass > 0)
                ms[m++] = t;
            (void)bytes;
        }
    }
    bench_report("SQLite FTS5 (bm25, top 10 with snippet())", ms, m);
    free(ms);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}
