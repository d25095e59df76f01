/*
 * corpus.h: loading a JSON Lines corpus (gzip or plain) into memory for
 * benchmarks.  Bench code only.
 */
#ifndef DOSSIER_BENCH_CORPUS_H
#define DOSSIER_BENCH_CORPUS_H

#include <stddef.h>

typedef struct bench_article {
    char *text; /* title, blank line, body */
    size_t len;
    char *id;   /* the record's "id", or "" */
    char *lang; /* the record's "lang", or "" */
} bench_article;

typedef struct bench_corpus {
    bench_article *articles;
    size_t n_articles;
    size_t n_bytes;
} bench_corpus;

/* Loads up to MAX articles (0: all) of PATH.  Returns 0, or -1 with a
 * message on stderr. */
int bench_corpus_load(const char *path, size_t max, bench_corpus *out);
void bench_corpus_free(bench_corpus *c);

/* Monotonic seconds. */
double bench_now(void);

#endif
