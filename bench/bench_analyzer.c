/*
 * bench_analyzer.c: analyzer throughput in MB/s on one core, on real news.
 *
 *   bench_analyzer GAZETTEER CORPUS.jsonl[.gz] [REPEATS [PASSES]]
 *
 * Prints one line per configuration, each the median of REPEATS runs over
 * the whole corpus held in memory (reading is not timed):
 *   baseline: a bare ASCII split plus libstemmer, no Unicode, no entities,
 *             no cache (the floor the issue quotes, measured in this run);
 *   dossier (no entities), dossier (with entities): the real analyzer,
 *             each article in the language of its "lang" field ("en" when
 *             it has none).
 * A small corpus is too quick to time well: with PASSES (default 1), each
 * timed run goes over the corpus PASSES times, MB/s counts every pass, and
 * a line says so; tokens and mentions are then those of one pass.
 */
#define _POSIX_C_SOURCE 200809L
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"

#include <unistd.h>

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The language to analyze article A in: its "lang", else English. */
static const char *article_lang(const bench_article *a)
{
    return a->lang && a->lang[0] ? a->lang : "en";
}

static size_t baseline(const bench_corpus *c)
{
    struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
    size_t n = 0;
    char word[256];
    for (size_t a = 0; a < c->n_articles; a++) {
        const char *s = c->articles[a].text;
        size_t len = c->articles[a].len, i = 0;
        while (i < len) {
            while (i < len && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
                i++;
            size_t w = 0;
            while (i < len && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')) {
                if (w < sizeof word)
                    word[w++] = (char)(s[i] | 0x20);
                i++;
            }
            if (w) {
                sb_stemmer_stem(st, (const sb_symbol *)word, (int)w);
                n++;
            }
        }
    }
    sb_stemmer_delete(st);
    return n;
}

static size_t dossier(const bench_corpus *c, const dossier_gazetteer *gaz,
                      size_t *n_mentions)
{
    dossier_analyzer *an;
    dossier_analysis *res;
    dossier_analyzer_new(gaz, &an);
    dossier_analysis_new(&res);
    size_t n = 0;
    *n_mentions = 0;
    for (size_t a = 0; a < c->n_articles; a++) {
        dossier_analyze(an, c->articles[a].text, c->articles[a].len,
                        article_lang(&c->articles[a]), res);
        n += dossier_analysis_token_count(res);
        *n_mentions += dossier_analysis_mention_count(res);
    }
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
    return n;
}

/* What loading the gazetteer at PATH costs: parsing the TSV, as
 * dossier-index does, and mapping its compiled image, as each request of
 * the CGI does (medians).  Returns 0, or 2 when it cannot be loaded. */
static int gazetteer_loads(const char *path)
{
    enum { RUNS = 101 };
    double parse[RUNS / 10 + 1], image[RUNS];
    dossier_gazetteer *gaz = NULL;
    for (int r = 0; r < RUNS / 10 + 1; r++) {
        double start = bench_now();
        if (dossier_gazetteer_load(path, NULL, NULL, &gaz) != DOSSIER_OK)
            return 2;
        parse[r] = bench_now() - start;
        if (r < RUNS / 10)
            dossier_gazetteer_free(gaz);
    }
    char image_path[] = "/tmp/dossier-bench-gazetteer-XXXXXX";
    int fd = mkstemp(image_path);
    if (fd < 0 || dossier_gazetteer_save_image(gaz, image_path) != DOSSIER_OK) {
        fprintf(stderr, "bench: cannot write a gazetteer image\n");
        if (fd >= 0)
            close(fd);
        dossier_gazetteer_free(gaz);
        return 2;
    }
    close(fd);
    size_t n = dossier_gazetteer_count(gaz);
    dossier_gazetteer_free(gaz);
    int is_image = 0;
    for (int r = 0; r < RUNS; r++) {
        double start = bench_now();
        dossier_gazetteer *g = NULL;
        if (dossier_gazetteer_load_cached(path, image_path, NULL, NULL,
                                          &is_image, &g) != DOSSIER_OK)
            break;
        image[r] = bench_now() - start;
        dossier_gazetteer_free(g);
    }
    remove(image_path);
    qsort(parse, RUNS / 10 + 1, sizeof parse[0], compare_double);
    qsort(image, RUNS, sizeof image[0], compare_double);
    printf("gazetteer: %zu entities; TSV parsed in %.1f ms; compiled image "
           "loaded in %.0f us%s (medians)\n",
           n, parse[RUNS / 20] * 1e3, image[RUNS / 2] * 1e6,
           is_image ? "" : " (NOT the image: it was refused)");
    return is_image ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr,
                "usage: bench_analyzer GAZETTEER CORPUS [REPEATS [PASSES]]\n");
        return 2;
    }
    int repeats = argc > 3 ? atoi(argv[3]) : 5;
    if (repeats < 1 || repeats > 99)
        repeats = 5;
    int passes = argc > 4 ? atoi(argv[4]) : 1;
    if (passes < 1 || passes > 10000)
        passes = 1;
    dossier_gazetteer *gaz;
    if (dossier_gazetteer_load(argv[1], NULL, NULL, &gaz) != DOSSIER_OK) {
        fprintf(stderr, "bench: %s: cannot load\n", argv[1]);
        return 2;
    }
    bench_corpus c;
    if (bench_corpus_load(argv[2], 0, &c) != 0)
        return 2;
    double mb = (double)c.n_bytes / 1e6;
    /* One decimal as ever; three for a corpus under a megabyte. */
    printf("corpus %s: %zu articles, %.*f MB\n", argv[2], c.n_articles,
           mb < 1 ? 3 : 1, mb);
    /* The languages it holds, as analyzed, when any is not English. */
    const char *langs[16];
    size_t n_langs = 0;
    int not_en = 0;
    for (size_t a = 0; a < c.n_articles; a++) {
        const char *l = article_lang(&c.articles[a]);
        size_t k = 0;
        while (k < n_langs && strcmp(langs[k], l) != 0)
            k++;
        if (k == n_langs && n_langs < sizeof langs / sizeof langs[0])
            langs[n_langs++] = l;
        not_en |= strcmp(l, "en") != 0;
    }
    if (not_en) {
        printf("languages (each article in its own \"lang\", \"en\" when none):");
        for (size_t k = 0; k < n_langs; k++)
            printf(" %s", langs[k]);
        printf("; the baseline splits ASCII letters and stems in English "
               "whatever the language: no floor for other scripts\n");
    }
    if (passes > 1)
        printf("each timed run: %d passes over the corpus (%.1f MB); MB/s and "
               "seconds are of the whole run, tokens and mentions of one pass\n",
               passes, mb * passes);

    const char *names[] = {"baseline (ASCII split + libstemmer, no cache)",
                           "dossier, no entities",
                           "dossier, with entities"};
    for (int config = 0; config < 3; config++) {
        double t[99];
        size_t tokens = 0, mentions = 0;
        for (int r = 0; r < repeats; r++) {
            double start = bench_now();
            for (int p = 0; p < passes; p++) {
                if (config == 0)
                    tokens = baseline(&c);
                else
                    tokens = dossier(&c, config == 2 ? gaz : NULL, &mentions);
            }
            t[r] = bench_now() - start;
        }
        qsort(t, (size_t)repeats, sizeof t[0], compare_double);
        double median = t[repeats / 2];
        printf("%-48s %7.1f MB/s  %6.2f s  %9zu tokens  %7zu mentions\n",
               names[config], mb * passes / median, median, tokens, mentions);
    }
    bench_corpus_free(&c);
    dossier_gazetteer_free(gaz);
    return gazetteer_loads(argv[1]);
}
