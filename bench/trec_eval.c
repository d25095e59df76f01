/*
 * trec_eval.c: MAP (over the top 1000), nDCG@10 and P@10 of a TREC run
 * against TREC qrels, averaged over the judged queries (those with at
 * least one relevant document); a judged query with no results scores 0.
 *
 *   trec_eval QRELS RUN   ->   "MAP nDCG@10 P@10 QUERIES" on one line
 *
 * Gains for nDCG are the qrels' relevance values (1 for binary qrels),
 * with the usual log2(rank + 1) discount.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct judgement {
    char qid[32], docid[64];
    int rel;
};

struct result {
    char qid[32], docid[64];
    int rank;
};

static int by_query_rank(const void *a, const void *b)
{
    const struct result *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    if (c)
        return c;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int by_query_doc(const void *a, const void *b)
{
    const struct judgement *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    return c ? c : strcmp(x->docid, y->docid);
}

static int desc_int(const void *a, const void *b)
{
    return *(const int *)b - *(const int *)a;
}

/* The relevance of DOCID for QID, 0 when unjudged. */
static int relevance(const struct judgement *j, size_t n, const char *qid,
                     const char *docid)
{
    struct judgement key;
    snprintf(key.qid, sizeof key.qid, "%s", qid);
    snprintf(key.docid, sizeof key.docid, "%s", docid);
    const struct judgement *hit = bsearch(&key, j, n, sizeof *j,
                                          by_query_doc);
    return hit ? hit->rel : 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: trec_eval QRELS RUN\n");
        return 2;
    }
    FILE *fq = fopen(argv[1], "r"), *fr = fopen(argv[2], "r");
    if (fq == NULL || fr == NULL) {
        fprintf(stderr, "trec_eval: cannot open %s\n",
                fq ? argv[2] : argv[1]);
        return 2;
    }
    size_t nj = 0, cj = 1024, nr = 0, cr = 4096;
    struct judgement *j = malloc(cj * sizeof *j);
    struct result *r = malloc(cr * sizeof *r);
    char line[512];
    while (fgets(line, sizeof line, fq)) {
        struct judgement x;
        char iter[32];
        if (sscanf(line, "%31s %31s %63s %d", x.qid, iter, x.docid, &x.rel) !=
            4)
            continue;
        if (nj == cj)
            j = realloc(j, (cj *= 2) * sizeof *j);
        j[nj++] = x;
    }
    while (fgets(line, sizeof line, fr)) {
        struct result x;
        char q0[8];
        if (sscanf(line, "%31s %7s %63s %d", x.qid, q0, x.docid, &x.rank) != 4)
            continue;
        if (x.rank > 1000)
            continue;
        if (nr == cr)
            r = realloc(r, (cr *= 2) * sizeof *r);
        r[nr++] = x;
    }
    fclose(fq);
    fclose(fr);
    qsort(j, nj, sizeof *j, by_query_doc);
    qsort(r, nr, sizeof *r, by_query_rank);

    double sum_ap = 0, sum_ndcg = 0, sum_p10 = 0;
    size_t n_queries = 0;
    for (size_t a = 0; a < nj;) {
        size_t b = a;
        int n_relevant = 0;
        int gains[4096];
        size_t n_gains = 0;
        while (b < nj && strcmp(j[b].qid, j[a].qid) == 0) {
            if (j[b].rel > 0) {
                n_relevant++;
                if (n_gains < 4096)
                    gains[n_gains++] = j[b].rel;
            }
            b++;
        }
        const char *qid = j[a].qid;
        a = b;
        if (n_relevant == 0)
            continue;
        n_queries++;
        /* The run's results for this query, in rank order. */
        size_t lo = 0, hi = nr;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(r[mid].qid, qid) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        double ap = 0, dcg = 0;
        int found = 0, in_top10 = 0;
        for (size_t i = lo, rank = 1; i < nr && strcmp(r[i].qid, qid) == 0;
             i++, rank++) {
            int rel = relevance(j, nj, qid, r[i].docid);
            if (rel > 0) {
                found++;
                ap += (double)found / (double)rank;
                if (rank <= 10)
                    in_top10++;
            }
            if (rank <= 10 && rel > 0)
                dcg += rel / log2((double)rank + 1);
        }
        qsort(gains, n_gains, sizeof gains[0], desc_int);
        double ideal = 0;
        for (size_t i = 0; i < n_gains && i < 10; i++)
            ideal += gains[i] / log2((double)i + 2);
        sum_ap += ap / n_relevant;
        sum_ndcg += ideal > 0 ? dcg / ideal : 0;
        sum_p10 += in_top10 / 10.0;
    }
    if (n_queries == 0) {
        printf("0 0 0 0\n");
        return 0;
    }
    printf("%.4f %.4f %.4f %zu\n", sum_ap / n_queries, sum_ndcg / n_queries,
           sum_p10 / n_queries, n_queries);
    free(j);
    free(r);
    return 0;
}
