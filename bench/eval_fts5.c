/*
 * eval_fts5.c: the same queries through SQLite FTS5, the baseline of the
 * corpora's README: porter unicode61, the query an OR of its words,
 * ranked by bm25().  Writes a TREC run.
 *
 *   eval_fts5 DOCS.jsonl.gz QUERIES.jsonl > run
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: eval_fts5 DOCS QUERIES\n");
        return 2;
    }
    bench_corpus c;
    if (bench_corpus_load(argv[1], 0, &c) != 0)
        return 2;
    sqlite3 *db;
    sqlite3_stmt *insert, *search;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE d USING fts5(docid UNINDEXED, "
                     "title, body, tokenize='porter unicode61'); BEGIN;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO d VALUES (?, ?, ?)", -1, &insert,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT docid, bm25(d) FROM d WHERE d MATCH ? "
                           "ORDER BY bm25(d) LIMIT 1000",
                           -1, &search, NULL) != SQLITE_OK) {
        fprintf(stderr, "eval_fts5: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    for (size_t i = 0; i < c.n_articles; i++) {
        const char *text = c.articles[i].text;
        const char *sep = strstr(text, "\n\n");
        sqlite3_bind_text(insert, 1, c.articles[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, text, sep ? (int)(sep - text) : -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, sep ? sep + 2 : "", -1, SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL);
    FILE *in = fopen(argv[2], "r");
    char *line = NULL;
    size_t cap = 0;
    while (in && getline(&line, &cap, in) > 0) {
        json_t *q = json_loads(line, 0, NULL);
        const char *id = json_string_value(json_object_get(q, "id"));
        const char *text = json_string_value(json_object_get(q, "text"));
        if (id && text) {
            /* "w1" OR "w2" ...: every word quoted, so nothing is syntax. */
            size_t len = strlen(text);
            size_t match_size = len * 8 + 16;
            char *match = malloc(match_size);
            size_t m = 0;
            for (size_t k = 0; k < len;) {
                while (k < len && !isalnum((unsigned char)text[k]))
                    k++;
                size_t start = k;
                while (k < len && isalnum((unsigned char)text[k]))
                    k++;
                if (k > start) {
                    m += (size_t)snprintf(match + m, match_size - m,
                                          "%s\"%.*s\"", m ? " OR " : "",
                                          (int)(k - start), text + start);
                }
            }
            match[m] = '\0';
            sqlite3_bind_text(search, 1, match, -1, SQLITE_STATIC);
            int rank = 0;
            while (m > 0 && sqlite3_step(search) == SQLITE_ROW)
                printf("%s Q0 %s %d %.6f fts5\n", id,
                       (const char *)sqlite3_column_text(search, 0), ++rank,
                       -sqlite3_column_double(search, 1));
            sqlite3_reset(search);
            free(match);
        }
        json_decref(q);
    }
    free(line);
    if (in)
        fclose(in);
    sqlite3_finalize(insert);
    sqlite3_finalize(search);
    sqlite3_close(db);
    bench_corpus_free(&c);
    return 0;
}
