/*
 * eval_dossier.c: runs an IR collection's queries through Dossier's own
 * search path (query parser, analyzer, BM25, the all-words boost) and
 * writes a TREC run: "qid Q0 docid rank score dossier".
 *
 *   eval_dossier INDEX QUERIES.jsonl GAZETTEER > run
 *
 * The test queries are plain English sentences: they are lower-cased so
 * that a capitalized AND/OR/NOT is read as a word, and may be longer than
 * the public 1 KiB cap.  With DOSSIER_EVAL_CASE=upper they are upper-cased
 * instead, for the all-caps runs (eval.sh), where a query with no
 * lower-case letter reads AND/OR/NOT as words.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/gazetteer.h"
#include "search.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: eval_dossier INDEX QUERIES GAZETTEER\n");
        return 2;
    }
    dossier_gazetteer *gaz = NULL;
    if (dossier_gazetteer_load(argv[3], NULL, NULL, &gaz) != DOSSIER_OK) {
        fprintf(stderr, "eval_dossier: %s: cannot load\n", argv[3]);
        return 2;
    }
    dossier_error err;
    searcher *s = NULL;
    if (searcher_open(argv[1], gaz, &s, &err) != DOSSIER_OK) {
        fprintf(stderr, "eval_dossier: %s\n", dossier_error_message(&err));
        return 2;
    }
    FILE *in = fopen(argv[2], "r");
    if (in == NULL) {
        fprintf(stderr, "eval_dossier: %s: cannot open\n", argv[2]);
        return 2;
    }
    search_options opts = {.limit = 1000, .skip_snippets = 1,
                           .max_query_bytes = 1 << 16};
    /* For parameter sweeps: the same settings for every collection. */
    const char *k1 = getenv("DOSSIER_EVAL_K1"), *b = getenv("DOSSIER_EVAL_B");
    if (k1)
        opts.bm25_k1 = strtod(k1, NULL);
    if (b)
        opts.bm25_b = strtod(b, NULL);
    const char *all = getenv("DOSSIER_EVAL_ALL_WORDS");
    if (all)
        opts.weights.all_words_boost = strtod(all, NULL);
    const char *entity = getenv("DOSSIER_EVAL_ENTITY_BOOST");
    if (entity)
        opts.weights.entity_boost = strtod(entity, NULL);
    const char *proximity = getenv("DOSSIER_EVAL_PROXIMITY");
    if (proximity)
        opts.weights.proximity_boost = strtod(proximity, NULL);
    const char *feedback = getenv("DOSSIER_EVAL_FEEDBACK");
    if (feedback)
        opts.feedback_weight = strtod(feedback, NULL);
    const char *letter_case = getenv("DOSSIER_EVAL_CASE");
    int upper = letter_case && strcmp(letter_case, "upper") == 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, in) > 0) {
        json_t *q = json_loads(line, 0, NULL);
        const char *id = json_string_value(json_object_get(q, "id"));
        const char *text = json_string_value(json_object_get(q, "text"));
        if (id == NULL || text == NULL) {
            json_decref(q);
            continue;
        }
        char *lower = strdup(text);
        for (char *p = lower; *p; p++) {
            if (!upper && *p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
            else if (upper && *p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        }
        search_result r;
        if (searcher_run(s, lower, strlen(lower), &opts, &r, &err) !=
            DOSSIER_OK) {
            fprintf(stderr, "eval_dossier: query %s: %s\n", id,
                    dossier_error_message(&err));
        } else {
            for (size_t i = 0; i < r.n_hits; i++)
                printf("%s Q0 %s %zu %.6f dossier\n", id,
                       r.hits[i].record.id ? r.hits[i].record.id : "?", i + 1,
                       r.hits[i].weight);
        }
        search_result_free(&r);
        free(lower);
        json_decref(q);
    }
    free(line);
    fclose(in);
    searcher_free(s);
    dossier_gazetteer_free(gaz);
    return 0;
}
