/*
 * eval_crosslang.c: entity recall and precision on short news texts in
 * other languages than English (bench/crosslang_entities.tsv), labelled
 * apart from the gazetteer's names in those languages.
 *
 *   eval_crosslang GAZETTEER LABELS
 *
 * LABELS holds, per line, a language code, the ids of the gazetteer
 * entities the text names (comma-separated; "-" for none) and the text,
 * tab-separated; '#' lines are comments.  Each text is analyzed alone
 * with dossier_analyze() in its line's language (one text decides its
 * own ambiguous names, undated), and the distinct entities of its
 * mentions are scored against the labelled ones:
 *   - a labelled entity mentioned is a true positive, one not mentioned
 *     a false negative;
 *   - a mentioned entity the line does not label is a false positive.
 * An entity is counted once a text however often it is named; where in
 * the text it was found is not compared.  A labelled id that GAZETTEER
 * does not carry is reported on stderr and still counted (a gazetteer
 * that lacks an entity misses it).
 * Prints a Markdown table: one row per language, in the order they first
 * appear, then all texts together.  With the environment variable
 * EVAL_CROSSLANG_ERRORS=1, first every miss and false tag, with the
 * words tagged (for development only: reading a set's errors and
 * writing names against them would make its figures in sample).  Bench
 * code only.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"

#define MAX_LANGS 64
#define MAX_IDS 16   /* labelled entities a text */
#define MAX_FOUND 64 /* distinct entities a text */

typedef struct counts {
    char lang[16];
    long texts, tp, fn, fp;
} counts;

typedef struct found {
    const char *id;
    uint32_t start, end; /* the first mention's bytes */
} found;

static counts *counts_of(counts *c, size_t *n_c, const char *lang)
{
    for (size_t i = 0; i < *n_c; i++)
        if (strcmp(c[i].lang, lang) == 0)
            return &c[i];
    if (*n_c == MAX_LANGS)
        return NULL;
    counts *new_c = &c[(*n_c)++];
    memset(new_c, 0, sizeof *new_c);
    snprintf(new_c->lang, sizeof new_c->lang, "%s", lang);
    return new_c;
}

/* Splits the comma-separated IDS (modified in place) into OUT; "-" is
 * none.  Returns how many, or -1 when there are more than MAX_IDS or one
 * is empty. */
static int split_ids(char *ids, char *out[MAX_IDS])
{
    if (strcmp(ids, "-") == 0)
        return 0;
    int n = 0;
    for (char *p = ids;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p == '\0' || n == MAX_IDS)
            return -1;
        out[n++] = p;
        if (comma == NULL)
            return n;
        p = comma + 1;
    }
}

/* The distinct entities mentioned in RES, in order of first mention. */
static size_t distinct_found(const dossier_analysis *res,
                             found out[MAX_FOUND])
{
    const dossier_mention *m = dossier_analysis_mentions(res);
    size_t n_m = dossier_analysis_mention_count(res), n = 0;
    for (size_t k = 0; k < n_m; k++) {
        size_t s = 0;
        while (s < n && strcmp(out[s].id, m[k].entity->id) != 0)
            s++;
        if (s < n || n == MAX_FOUND)
            continue;
        out[n].id = m[k].entity->id;
        out[n].start = m[k].start;
        out[n].end = m[k].end;
        n++;
    }
    return n;
}

static void print_row(const char *name, const counts *c)
{
    char rs[16] = "n/a", ps[16] = "n/a";
    if (c->tp + c->fn)
        snprintf(rs, sizeof rs, "%.3f",
                 (double)c->tp / (double)(c->tp + c->fn));
    if (c->tp + c->fp)
        snprintf(ps, sizeof ps, "%.3f",
                 (double)c->tp / (double)(c->tp + c->fp));
    printf("| %s | %ld | %s | %s | %ld | %ld | %ld |\n", name, c->texts, rs,
           ps, c->tp, c->fn, c->fp);
}

/* Scores one text of LANG labelled with IDS[0 .. N_IDS) into C, and
 * prints its errors when SHOW_ERRORS.  Returns 0, or -1 when memory ran
 * out. */
static int score_text(dossier_analyzer *an, dossier_analysis *res,
                      const char *where, const char *lang, char **ids,
                      int n_ids, const char *text, int show_errors,
                      counts *c)
{
    size_t len = strlen(text);
    dossier_status st = dossier_analyze(an, text, len, lang, res);
    if (st != DOSSIER_OK && st != DOSSIER_ERR_LANGUAGE)
        return -1; /* DOSSIER_ERR_LANGUAGE: analyzed, not stemmed */
    found f[MAX_FOUND];
    size_t n_f = distinct_found(res, f);
    int matched[MAX_FOUND] = {0};
    long tp = 0, fn = 0, fp = 0;
    for (int i = 0; i < n_ids; i++) {
        size_t s = 0;
        while (s < n_f && strcmp(f[s].id, ids[i]) != 0)
            s++;
        if (s < n_f) {
            matched[s] = 1;
            tp++;
        } else {
            fn++;
        }
    }
    for (size_t s = 0; s < n_f; s++)
        fp += !matched[s];
    c->texts++;
    c->tp += tp, c->fn += fn, c->fp += fp;
    if (show_errors && (fn || fp)) {
        printf("%s\t%s\tmissed=", where, lang);
        int first = 1;
        for (int i = 0; i < n_ids; i++) {
            size_t s = 0;
            while (s < n_f && strcmp(f[s].id, ids[i]) != 0)
                s++;
            if (s == n_f) {
                printf("%s%s", first ? "" : ",", ids[i]);
                first = 0;
            }
        }
        printf("%s\tfalse=", first ? "-" : "");
        first = 1;
        for (size_t s = 0; s < n_f; s++)
            if (!matched[s]) {
                printf("%s%s(%.*s)", first ? "" : ",", f[s].id,
                       (int)(f[s].end - f[s].start), text + f[s].start);
                first = 0;
            }
        printf("%s\t%s\n", first ? "-" : "", text);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: eval_crosslang GAZETTEER LABELS\n");
        return 2;
    }
    const char *errors_env = getenv("EVAL_CROSSLANG_ERRORS");
    int show_errors = errors_env && *errors_env && strcmp(errors_env, "0");
    dossier_gazetteer *gaz = NULL;
    dossier_analyzer *an = NULL;
    dossier_analysis *res = NULL;
    FILE *f = NULL;
    char *line = NULL;
    int rc = 1;
    if (dossier_gazetteer_load(argv[1], NULL, NULL, &gaz) != DOSSIER_OK) {
        fprintf(stderr, "%s: cannot load\n", argv[1]);
        goto done;
    }
    if (dossier_analyzer_new(gaz, &an) != DOSSIER_OK ||
        dossier_analysis_new(&res) != DOSSIER_OK) {
        fprintf(stderr, "eval_crosslang: out of memory\n");
        goto done;
    }
    f = fopen(argv[2], "r");
    if (f == NULL) {
        perror(argv[2]);
        goto done;
    }
    counts langs[MAX_LANGS];
    size_t n_langs = 0;
    counts all;
    memset(&all, 0, sizeof all);
    size_t line_cap = 0, line_no = 0;
    ssize_t got;
    if (show_errors)
        printf("errors (line, language, missed, false tags with the words "
               "tagged, text):\n\n");
    while ((got = getline(&line, &line_cap, f)) > 0) {
        line_no++;
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        char *ids[MAX_IDS];
        int n_ids = -1;
        if (tab1 && tab2 && tab1 > line && tab1 - line < 16 &&
            tab2[1] != '\0' && strchr(tab2 + 1, '\t') == NULL) {
            *tab1 = *tab2 = '\0';
            n_ids = split_ids(tab1 + 1, ids);
        }
        if (n_ids < 0) {
            fprintf(stderr, "%s:%zu: not lang<TAB>ids<TAB>text; skipped\n",
                    argv[2], line_no);
            continue;
        }
        for (int i = 0; i < n_ids; i++) {
            const dossier_entity *e = dossier_gazetteer_lookup(gaz, ids[i]);
            if (e == NULL || strcmp(e->id, ids[i]) != 0)
                fprintf(stderr, "%s:%zu: %s is no entity id of %s\n",
                        argv[2], line_no, ids[i], argv[1]);
        }
        counts *c = counts_of(langs, &n_langs, line);
        if (c == NULL) {
            fprintf(stderr, "%s: over %d languages\n", argv[2], MAX_LANGS);
            goto done;
        }
        char where[64];
        snprintf(where, sizeof where, "%zu", line_no);
        counts one;
        memset(&one, 0, sizeof one);
        if (score_text(an, res, where, line, ids, n_ids, tab2 + 1,
                       show_errors, &one) != 0) {
            fprintf(stderr, "eval_crosslang: out of memory\n");
            goto done;
        }
        c->texts += one.texts, c->tp += one.tp, c->fn += one.fn,
            c->fp += one.fp;
        all.texts += one.texts, all.tp += one.tp, all.fn += one.fn,
            all.fp += one.fp;
    }
    if (ferror(f)) {
        perror(argv[2]);
        goto done;
    }
    if (show_errors)
        printf("\n");
    fprintf(stderr, "eval_crosslang: %ld texts in %zu languages\n", all.texts,
            n_langs);
    printf("| language | texts | recall | precision | TP | FN | FP |\n"
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (size_t l = 0; l < n_langs; l++)
        print_row(langs[l].lang, &langs[l]);
    print_row("**all**", &all);
    rc = 0;
done:
    free(line);
    if (f)
        fclose(f);
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
    dossier_gazetteer_free(gaz);
    return rc;
}
