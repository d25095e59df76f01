/*
 * bench_fts5.c: SQLite FTS5 indexing the same corpus, for comparison:
 * title and body in an FTS5 table with the porter unicode61 tokenizer,
 * one transaction.
 *
 *   bench_fts5 CORPUS.jsonl.gz DB.sqlite
 *
 * Reads and parses the JSON Lines itself, as dossier-index does, so the
 * whole process is timed from outside.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "corpus.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_fts5 CORPUS DB\n");
        return 2;
    }
    bench_corpus c;
    if (bench_corpus_load(argv[1], 0, &c) != 0)
        return 2;
    sqlite3 *db;
    sqlite3_stmt *insert;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL;"
                     "CREATE VIRTUAL TABLE articles USING fts5(title, body, "
                     "tokenize='porter unicode61');"
                     "BEGIN;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO articles(title, body) VALUES (?, ?)",
                           -1, &insert, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_fts5: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    for (size_t i = 0; i < c.n_articles; i++) {
        const char *text = c.articles[i].text;
        const char *sep = strstr(text, "\n\n");
        int title_len = sep ? (int)(sep - text) : (int)strlen(text);
        sqlite3_bind_text(insert, 1, text, title_len, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, sep ? sep + 2 : "", -1, SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            fprintf(stderr, "bench_fts5: %s\n", sqlite3_errmsg(db));
            return 2;
        }
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    if (sqlite3_exec(db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_fts5: %s\n", sqlite3_errmsg(db));
        return 2;
    }
    sqlite3_close(db);
    printf("%zu articles\n", c.n_articles);
    bench_corpus_free(&c);
    return 0;
}
