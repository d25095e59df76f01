/*
 * corpus.c: corpus loading for benchmarks.
 */
#define _POSIX_C_SOURCE 200809L
#include "corpus.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *string_field(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

int bench_corpus_load(const char *path, size_t max, bench_corpus *out)
{
    memset(out, 0, sizeof *out);
    gzFile f = gzopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "bench: %s: cannot open\n", path);
        return -1;
    }
    size_t cap = 0, line_cap = 1 << 20;
    char *line = malloc(line_cap);
    while (line && gzgets(f, line, (int)line_cap) != NULL) {
        size_t n = strlen(line);
        while (n == line_cap - 1 && line[n - 1] != '\n') {
            line_cap *= 2;
            line = realloc(line, line_cap);
            if (line == NULL || gzgets(f, line + n, (int)(line_cap - n)) == NULL)
                break;
            n += strlen(line + n);
        }
        json_t *obj = json_loads(line, 0, NULL);
        if (obj == NULL)
            continue;
        const char *title = string_field(obj, "title");
        const char *body = string_field(obj, "body");
        size_t tl = strlen(title), bl = strlen(body);
        if (out->n_articles == cap) {
            cap = cap ? cap * 2 : 1024;
            out->articles = realloc(out->articles, cap * sizeof *out->articles);
        }
        char *text = malloc(tl + bl + 3);
        memcpy(text, title, tl);
        memcpy(text + tl, "\n\n", 2);
        memcpy(text + tl + 2, body, bl + 1);
        const char *id = string_field(obj, "id");
        out->articles[out->n_articles].id = strdup(id);
        out->articles[out->n_articles].lang = strdup(string_field(obj, "lang"));
        out->articles[out->n_articles].text = text;
        out->articles[out->n_articles].len = tl + 2 + bl;
        out->n_bytes += tl + 2 + bl;
        out->n_articles++;
        json_decref(obj);
        if (max && out->n_articles == max)
            break;
    }
    free(line);
    gzclose(f);
    return 0;
}

void bench_corpus_free(bench_corpus *c)
{
    for (size_t i = 0; i < c->n_articles; i++) {
        free(c->articles[i].text);
        free(c->articles[i].id);
        free(c->articles[i].lang);
    }
    free(c->articles);
    memset(c, 0, sizeof *c);
}
