/*
 * eval_language.c: how well dossier_language_detect tells the language of
 * hand-labelled news texts, and how fast.
 *
 *   eval_language [--misses] [--no-speed] LABELLED.tsv
 *
 * LABELLED.tsv holds, per line, a language code, a tab and a text ('#'
 * lines are comments): tests/fixtures/language/labelled_test.tsv is the
 * held-out set to report, labelled_dev.tsv the set the detector was tuned
 * on.  Prints in Markdown:
 *   - per language: texts, right, no answer (NULL), wrong, accuracy; then
 *     all texts together and the mean over languages;
 *   - the misses by pair (language -> what was detected, "none" for NULL);
 *   - dossier_language_choose over the same texts, declared as what they
 *     are (it should keep it) and declared "en" (it should say what they
 *     are when the script tells, and may keep "en" for a short text in
 *     another Latin language);
 *   - the speed: each language's texts joined into documents of about
 *     4 KB, detected over and over for about a second, in MB of document
 *     per second (the detector reads only the first 2,048 letters, less
 *     when the answer is clear: the figure is what indexing pays per
 *     article).
 * With --misses, first every text detected wrong (for the development set
 * only: reading the test set's misses would tune on it).  Bench code
 * only.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier/language.h"

#define MAX_LANGS 64
#define DOC_BYTES 4096

typedef struct {
    char lang[16];
    char *text;
    size_t len;
} labelled;

typedef struct {
    char lang[16];
    long n, right, none, wrong;
    long choose_kept, choose_en_right;
} lang_counts;

typedef struct {
    char gold[16], got[16];
    long n;
} confusion;

static labelled *read_labelled(const char *path, size_t *n_out)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    labelled *items = NULL;
    size_t n = 0, cap = 0, line_no = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    while ((got = getline(&line, &line_cap, f)) > 0) {
        line_no++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (tab == NULL || tab == line || (size_t)(tab - line) >= 16) {
            fprintf(stderr, "%s:%zu: not lang<TAB>text; skipped\n", path,
                    line_no);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            labelled *grown = realloc(items, cap * sizeof *items);
            if (grown == NULL)
                goto fail;
            items = grown;
        }
        memcpy(items[n].lang, line, (size_t)(tab - line));
        items[n].lang[tab - line] = '\0';
        items[n].len = strlen(tab + 1);
        items[n].text = strdup(tab + 1);
        if (items[n].text == NULL)
            goto fail;
        n++;
    }
    free(line);
    fclose(f);
    *n_out = n;
    return items;
fail:
    fprintf(stderr, "%s: out of memory\n", path);
    for (size_t i = 0; i < n; i++)
        free(items[i].text);
    free(items);
    free(line);
    fclose(f);
    return NULL;
}

static lang_counts *counts_of(lang_counts *c, size_t *n_c, const char *lang)
{
    for (size_t i = 0; i < *n_c; i++)
        if (strcmp(c[i].lang, lang) == 0)
            return &c[i];
    if (*n_c == MAX_LANGS)
        return NULL;
    lang_counts *new_c = &c[(*n_c)++];
    memset(new_c, 0, sizeof *new_c);
    snprintf(new_c->lang, sizeof new_c->lang, "%s", lang);
    return new_c;
}

static void add_confusion(confusion *c, size_t *n_c, size_t cap,
                          const char *gold, const char *got)
{
    for (size_t i = 0; i < *n_c; i++)
        if (strcmp(c[i].gold, gold) == 0 && strcmp(c[i].got, got) == 0) {
            c[i].n++;
            return;
        }
    if (*n_c == cap)
        return;
    snprintf(c[*n_c].gold, sizeof c[*n_c].gold, "%s", gold);
    snprintf(c[*n_c].got, sizeof c[*n_c].got, "%s", got);
    c[(*n_c)++].n = 1;
}

static int by_count(const void *a, const void *b)
{
    const confusion *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    int c = strcmp(x->gold, y->gold);
    return c ? c : strcmp(x->got, y->got);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Each language's texts joined, with spaces, into documents of about
 * DOC_BYTES (the texts repeated when there are too few), timed.  Prints
 * one row a language and one for all. */
static void measure_speed(const labelled *items, size_t n,
                          const lang_counts *langs, size_t n_langs)
{
    printf("\n## Speed\n\n");
    printf("Documents of about %d bytes, each language's texts joined; "
           "MB (10^6 bytes) of document detected per second, one "
           "thread.\n\n",
           DOC_BYTES);
    printf("| language | document bytes | µs per document | MB/s |\n");
    printf("| --- | ---: | ---: | ---: |\n");
    double all_bytes = 0, all_seconds = 0;
    static char doc[DOC_BYTES + 1024];
    volatile size_t sink = 0;
    for (size_t l = 0; l < n_langs; l++) {
        size_t len = 0;
        for (int round = 0; round < 100 && len < DOC_BYTES; round++) {
            size_t before = len;
            for (size_t i = 0; i < n && len < DOC_BYTES; i++) {
                if (strcmp(items[i].lang, langs[l].lang) != 0 ||
                    len + items[i].len + 1 >= sizeof doc)
                    continue;
                memcpy(doc + len, items[i].text, items[i].len);
                len += items[i].len;
                doc[len++] = ' ';
            }
            if (len == before)
                break;
        }
        if (len == 0)
            continue;
        long reps = 0;
        double start = now_seconds(), elapsed;
        do {
            for (int k = 0; k < 256; k++) {
                const char *got = dossier_language_detect(doc, len, NULL);
                sink += got ? (size_t)got[0] : 0;
            }
            reps += 256;
            elapsed = now_seconds() - start;
        } while (elapsed < 0.25);
        double bytes = (double)len * (double)reps;
        all_bytes += bytes;
        all_seconds += elapsed;
        printf("| %s | %zu | %.1f | %.0f |\n", langs[l].lang, len,
               elapsed / (double)reps * 1e6, bytes / elapsed / 1e6);
    }
    if (all_seconds > 0)
        printf("| all | | | %.0f |\n", all_bytes / all_seconds / 1e6);
    (void)sink;
}

int main(int argc, char **argv)
{
    int show_misses = 0, show_speed = 1;
    const char *path = NULL;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--misses") == 0)
            show_misses = 1;
        else if (strcmp(argv[a], "--no-speed") == 0)
            show_speed = 0;
        else if (path == NULL && argv[a][0] != '-')
            path = argv[a];
        else {
            path = NULL;
            break;
        }
    }
    if (path == NULL) {
        fprintf(stderr,
                "usage: eval_language [--misses] [--no-speed] LABELLED.tsv\n");
        return 2;
    }
    size_t n;
    labelled *items = read_labelled(path, &n);
    if (items == NULL)
        return 1;

    lang_counts langs[MAX_LANGS];
    size_t n_langs = 0;
    confusion conf[MAX_LANGS * 4];
    size_t n_conf = 0;
    long right = 0;
    if (show_misses)
        printf("## Misses\n\n| language | detected | confidence | text |\n"
               "| --- | --- | ---: | --- |\n");
    for (size_t i = 0; i < n; i++) {
        lang_counts *c = counts_of(langs, &n_langs, items[i].lang);
        if (c == NULL) {
            fprintf(stderr, "%s: over %d languages\n", path, MAX_LANGS);
            return 1;
        }
        double confidence;
        const char *got =
            dossier_language_detect(items[i].text, items[i].len, &confidence);
        c->n++;
        if (got && strcmp(got, items[i].lang) == 0) {
            c->right++;
            right++;
        } else {
            if (got)
                c->wrong++;
            else
                c->none++;
            add_confusion(conf, &n_conf, sizeof conf / sizeof conf[0],
                          items[i].lang, got ? got : "none");
            if (show_misses)
                printf("| %s | %s | %.2f | %s |\n", items[i].lang,
                       got ? got : "none", confidence, items[i].text);
        }
        const char *kept =
            dossier_language_choose(items[i].lang, items[i].text, items[i].len);
        c->choose_kept += strcmp(kept, items[i].lang) == 0;
        const char *from_en =
            dossier_language_choose("en", items[i].text, items[i].len);
        c->choose_en_right += strcmp(from_en, items[i].lang) == 0;
    }
    if (show_misses)
        printf("\n");

    printf("## Language detection: %s\n\n", path);
    printf("| language | texts | right | none | wrong | accuracy |\n");
    printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    double sum_accuracy = 0;
    long none = 0, wrong = 0;
    for (size_t l = 0; l < n_langs; l++) {
        const lang_counts *c = &langs[l];
        double accuracy = c->n ? (double)c->right / (double)c->n : 0;
        sum_accuracy += accuracy;
        none += c->none;
        wrong += c->wrong;
        printf("| %s | %ld | %ld | %ld | %ld | %.1f%% |\n", c->lang, c->n,
               c->right, c->none, c->wrong, 100 * accuracy);
    }
    printf("| **all** | %zu | %ld | %ld | %ld | **%.1f%%** |\n", n, right,
           none, wrong, n ? 100.0 * (double)right / (double)n : 0);
    printf("| mean over languages | | | | | %.1f%% |\n",
           n_langs ? 100 * sum_accuracy / (double)n_langs : 0);

    printf("\n## Misses by pair\n\n");
    if (n_conf == 0) {
        printf("None.\n");
    } else {
        qsort(conf, n_conf, sizeof conf[0], by_count);
        printf("| language | detected as | texts |\n| --- | --- | ---: |\n");
        for (size_t i = 0; i < n_conf; i++)
            printf("| %s | %s | %ld |\n", conf[i].gold, conf[i].got,
                   conf[i].n);
    }

    printf("\n## dossier_language_choose\n\n");
    printf("Declared as labelled: the share kept. Declared \"en\": the "
           "share given the labelled language.\n\n");
    printf("| language | declared as labelled: kept | declared en: "
           "labelled language |\n| --- | ---: | ---: |\n");
    long all_kept = 0, all_en = 0;
    for (size_t l = 0; l < n_langs; l++) {
        const lang_counts *c = &langs[l];
        all_kept += c->choose_kept;
        all_en += c->choose_en_right;
        printf("| %s | %ld/%ld | %ld/%ld |\n", c->lang, c->choose_kept, c->n,
               c->choose_en_right, c->n);
    }
    printf("| **all** | %ld/%zu | %ld/%zu |\n", all_kept, n, all_en, n);

    if (show_speed)
        measure_speed(items, n, langs, n_langs);

    for (size_t i = 0; i < n; i++)
        free(items[i].text);
    free(items);
    return 0;
}
