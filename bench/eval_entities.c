/*
 * eval_entities.c: entity precision and recall on hand-labelled mentions
 * (bench/entity_eval.tsv), for one or more gazetteers side by side.
 *
 *   eval_entities LABELS CORPORA SCOPE NAME=GAZETTEER...
 *
 * LABELS holds, per line, corpus, article id, field (title or body),
 * the mention's span in characters of that field (start, end), the
 * entity it names (or "none") and its kind ("ambiguous" or "plain"); no
 * text.  The articles are read from CORPORA/news/CORPUS.jsonl.gz,
 * analyzed as dossier-index analyzes them (title and body decided
 * together, in the article's year) with each gazetteer, and every
 * labelled span is scored:
 *   - labelled with an entity SCOPE carries: a mention of it over the
 *     span is a true positive, none a false negative;
 *   - any other entity mentioned over the span is a false positive (so
 *     is any mention over a span labelled "none" or naming an entity
 *     SCOPE does not carry, which no gazetteer should tag).
 * SCOPE is the gazetteer whose entities count (the newest): an older one
 * is scored on the same mentions, so what it lacks counts against it.
 * Prints one Markdown row per gazetteer and half; with the environment
 * variable EVAL_ENTITIES_ERRORS set, first every span scored wrong (for
 * the development set only: looking at the test set's errors would tune
 * on it).  Bench code only.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"

#define MAX_GAZETTEERS 4

typedef struct label {
    char corpus[64];
    char id[128];
    int is_body;
    long start, end; /* characters */
    char entity[64];
    int is_ambiguous;
} label;

typedef struct counts {
    long tp, fp, fn;
} counts;

static int by_article(const void *a, const void *b)
{
    const label *x = a, *y = b;
    int c = strcmp(x->corpus, y->corpus);
    return c ? c : strcmp(x->id, y->id);
}

static label *read_labels(const char *path, size_t *n_out)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    label *labels = NULL;
    size_t n = 0, cap = 0;
    char line[1024];
    size_t line_no = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            label *grown = realloc(labels, cap * sizeof *labels);
            if (grown == NULL) {
                free(labels);
                fclose(f);
                return NULL;
            }
            labels = grown;
        }
        label *l = &labels[n];
        char field[16], kind[16];
        if (sscanf(line, "%63[^\t]\t%127[^\t]\t%15[^\t]\t%ld\t%ld\t%63[^\t]\t%15s",
                   l->corpus, l->id, field, &l->start, &l->end, l->entity,
                   kind) != 7 ||
            l->start < 0 || l->end <= l->start) {
            fprintf(stderr, "%s:%zu: not a label line; skipped\n", path,
                    line_no);
            continue;
        }
        l->is_body = strcmp(field, "body") == 0;
        l->is_ambiguous = strcmp(kind, "ambiguous") == 0;
        n++;
    }
    fclose(f);
    qsort(labels, n, sizeof *labels, by_article);
    *n_out = n;
    return labels;
}

/* The byte offset of character CHARS of S, or -1 past its end. */
static long byte_offset(const char *s, long chars)
{
    long i = 0;
    for (long c = 0; c < chars; c++) {
        if (s[i] == '\0')
            return -1;
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

struct gazetteer_run {
    const char *name;
    int show_errors; /* EVAL_ENTITIES_ERRORS set: each miss on stdout */
    dossier_gazetteer *gaz;
    dossier_analyzer *an;
    counts all, ambiguous, plain;
};

/* Scores the labels L[0 .. N) of one article against RUN. */
static void score_article(struct gazetteer_run *run,
                          const dossier_gazetteer *scope, const label *l,
                          size_t n, const char *title, const char *body,
                          int year, dossier_analysis *parts[2])
{
    dossier_analyze(run->an, title, strlen(title), "en", parts[0]);
    dossier_analyze(run->an, body, strlen(body), "en", parts[1]);
    dossier_analyzer_resolve_article(run->an, parts, 2, year);
    for (size_t i = 0; i < n; i++) {
        const char *text = l[i].is_body ? body : title;
        long from = byte_offset(text, l[i].start);
        long to = byte_offset(text, l[i].end);
        if (from < 0 || to < 0) {
            fprintf(stderr, "%s %s: span %ld-%ld past the text; skipped\n",
                    l[i].corpus, l[i].id, l[i].start, l[i].end);
            continue;
        }
        const dossier_entity *want = NULL;
        if (strcmp(l[i].entity, "none") != 0) {
            want = dossier_gazetteer_lookup(scope, l[i].entity);
            if (want && strcmp(want->id, l[i].entity) != 0)
                want = NULL; /* a name, not the id */
        }
        const dossier_analysis *res = parts[l[i].is_body];
        const dossier_mention *m = dossier_analysis_mentions(res);
        size_t n_m = dossier_analysis_mention_count(res);
        int found = 0;
        counts c = {0, 0, 0};
        const char *seen[16];
        size_t n_seen = 0;
        for (size_t k = 0; k < n_m; k++) {
            if ((long)m[k].end <= from || (long)m[k].start >= to)
                continue;
            const char *id = m[k].entity->id;
            size_t s = 0;
            while (s < n_seen && strcmp(seen[s], id) != 0)
                s++;
            if (s < n_seen)
                continue;
            if (n_seen < 16)
                seen[n_seen++] = id;
            if (want && strcmp(id, want->id) == 0)
                found = 1;
            else
                c.fp++;
        }
        if (want) {
            c.tp += found;
            c.fn += !found;
        }
        if (run->show_errors && (c.fp || c.fn)) {
            printf("%s\t%s\t%s\t%.*s\tlabel=%s\tgot=", run->name, l[i].corpus,
                   l[i].id, (int)(to - from), text + from, l[i].entity);
            for (size_t s = 0; s < n_seen; s++)
                printf("%s%s", s ? "," : "", seen[s]);
            printf("\n");
        }
        counts *half = l[i].is_ambiguous ? &run->ambiguous : &run->plain;
        half->tp += c.tp, half->fp += c.fp, half->fn += c.fn;
        run->all.tp += c.tp, run->all.fp += c.fp, run->all.fn += c.fn;
    }
}

static int year_of(json_t *obj)
{
    json_t *v = json_object_get(obj, "published");
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (strlen(s) < 4)
        return 0;
    return atoi((char[5]){s[0], s[1], s[2], s[3], 0});
}

static const char *text_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* Reads the corpus of labels L[0 .. N) (all of one corpus) and scores
 * every labelled article with every run.  Returns how many articles were
 * found. */
static size_t score_corpus(const char *corpora, const label *l, size_t n,
                           struct gazetteer_run *runs, size_t n_runs,
                           const dossier_gazetteer *scope,
                           dossier_analysis *parts[2])
{
    char path[4096];
    snprintf(path, sizeof path, "%s/news/%s.jsonl.gz", corpora, l[0].corpus);
    gzFile f = gzopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open; its labels are skipped\n", path);
        return 0;
    }
    size_t cap = 1 << 20, found = 0;
    char *line = malloc(cap);
    while (line && gzgets(f, line, (int)cap) != NULL) {
        size_t len = strlen(line);
        while (len == cap - 1 && line[len - 1] != '\n') {
            char *grown = realloc(line, cap * 2);
            if (grown == NULL)
                break;
            line = grown;
            cap *= 2;
            if (gzgets(f, line + len, (int)(cap - len)) == NULL)
                break;
            len += strlen(line + len);
        }
        json_t *obj = json_loads(line, 0, NULL);
        if (obj == NULL)
            continue;
        const char *id = text_of(obj, "id");
        label key;
        snprintf(key.corpus, sizeof key.corpus, "%s", l[0].corpus);
        snprintf(key.id, sizeof key.id, "%s", id);
        label *hit = bsearch(&key, l, n, sizeof *l, by_article);
        if (hit) {
            while (hit > l && by_article(hit - 1, &key) == 0)
                hit--;
            size_t k = 0;
            while (hit + k < l + n && by_article(hit + k, &key) == 0)
                k++;
            for (size_t r = 0; r < n_runs; r++)
                score_article(&runs[r], scope, hit, k, text_of(obj, "title"),
                              text_of(obj, "body"), year_of(obj), parts);
            found++;
        }
        json_decref(obj);
    }
    free(line);
    gzclose(f);
    return found;
}

static void print_row(const char *name, const char *half, const counts *c)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    char ps[16] = "n/a", rs[16] = "n/a", fs[16] = "n/a";
    if (c->tp + c->fp)
        snprintf(ps, sizeof ps, "%.3f", p);
    if (c->tp + c->fn)
        snprintf(rs, sizeof rs, "%.3f", r);
    if (c->tp + c->fp && c->tp + c->fn)
        snprintf(fs, sizeof fs, "%.3f", f);
    printf("| %s | %s | %s | %s | %s | %ld | %ld | %ld |\n", name, half, ps,
           rs, fs, c->tp, c->fp, c->fn);
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: eval_entities LABELS CORPORA SCOPE "
                        "NAME=GAZETTEER...\n");
        return 2;
    }
    size_t n_labels = 0;
    label *labels = read_labels(argv[1], &n_labels);
    if (labels == NULL)
        return 1;
    dossier_gazetteer *scope = NULL;
    if (dossier_gazetteer_load(argv[3], NULL, NULL, &scope) != DOSSIER_OK) {
        fprintf(stderr, "%s: cannot load\n", argv[3]);
        return 1;
    }
    struct gazetteer_run runs[MAX_GAZETTEERS] = {{0}};
    size_t n_runs = 0;
    for (int i = 4; i < argc && n_runs < MAX_GAZETTEERS; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL) {
            fprintf(stderr, "%s: want NAME=GAZETTEER\n", argv[i]);
            return 2;
        }
        *eq = '\0';
        struct gazetteer_run *r = &runs[n_runs];
        r->name = argv[i];
        r->show_errors = getenv("EVAL_ENTITIES_ERRORS") != NULL;
        if (dossier_gazetteer_load(eq + 1, NULL, NULL, &r->gaz) != DOSSIER_OK ||
            dossier_analyzer_new(r->gaz, &r->an) != DOSSIER_OK) {
            fprintf(stderr, "%s: cannot load\n", eq + 1);
            return 1;
        }
        n_runs++;
    }
    dossier_analysis *parts[2] = {NULL, NULL};
    if (dossier_analysis_new(&parts[0]) != DOSSIER_OK ||
        dossier_analysis_new(&parts[1]) != DOSSIER_OK)
        return 1;
    size_t articles = 0;
    for (size_t i = 0; i < n_labels;) {
        size_t j = i;
        while (j < n_labels && strcmp(labels[j].corpus, labels[i].corpus) == 0)
            j++;
        articles += score_corpus(argv[2], labels + i, j - i, runs, n_runs,
                                 scope, parts);
        i = j;
    }
    fprintf(stderr, "eval_entities: %zu labels in %zu articles\n", n_labels,
            articles);
    printf("| gazetteer | mentions | precision | recall | F1 | TP | FP | FN |\n"
           "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (size_t r = 0; r < n_runs; r++) {
        print_row(runs[r].name, "all", &runs[r].all);
        print_row(runs[r].name, "ambiguous", &runs[r].ambiguous);
        print_row(runs[r].name, "plain", &runs[r].plain);
    }
    for (size_t r = 0; r < n_runs; r++) {
        dossier_analyzer_free(runs[r].an);
        dossier_gazetteer_free(runs[r].gaz);
    }
    dossier_gazetteer_free(scope);
    dossier_analysis_free(parts[0]);
    dossier_analysis_free(parts[1]);
    free(labels);
    return 0;
}
