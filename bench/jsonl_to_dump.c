/*
 * jsonl_to_dump.c: writes a JSON Lines corpus in scriptindex's dump format
 * (field=value lines, continuation lines start with "=", records
 * separated by a blank line), so that Xapian's own indexer can index the
 * same fields as dossier-index in the benchmark.
 *
 *   jsonl_to_dump CORPUS.jsonl.gz > corpus.dump
 */
#include <stdio.h>
#include <string.h>

#include "corpus.h"

/* Writes NAME=VALUE with newlines turned into continuation lines. */
static void field(const char *name, const char *value, size_t len)
{
    printf("%s=", name);
    for (size_t i = 0; i < len; i++) {
        if (value[i] == '\n')
            fputs("\n=", stdout);
        else
            putchar(value[i]);
    }
    putchar('\n');
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: jsonl_to_dump CORPUS\n");
        return 2;
    }
    bench_corpus c;
    if (bench_corpus_load(argv[1], 0, &c) != 0)
        return 2;
    for (size_t i = 0; i < c.n_articles; i++) {
        const char *text = c.articles[i].text;
        const char *sep = strstr(text, "\n\n");
        size_t title_len = sep ? (size_t)(sep - text) : strlen(text);
        if (c.articles[i].id[0])
            printf("id=%s\n", c.articles[i].id);
        else
            printf("id=%zu\n", i);
        field("title", text, title_len);
        if (sep)
            field("body", sep + 2, strlen(sep + 2));
        putchar('\n');
    }
    bench_corpus_free(&c);
    return 0;
}
