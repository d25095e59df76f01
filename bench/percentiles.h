/*
 * percentiles.h: latency figures for the search benchmarks.
 */
#ifndef DOSSIER_BENCH_PERCENTILES_H
#define DOSSIER_BENCH_PERCENTILES_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

static int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts MS (N latencies in milliseconds) and prints
 * "NAME: p50 X ms, p99 Y ms, mean Z ms over N searches". */
static void bench_report(const char *name, double *ms, size_t n)
{
    if (n == 0) {
        printf("%s: no searches\n", name);
        return;
    }
    qsort(ms, n, sizeof *ms, bench_cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ms[i];
    printf("%s: p50 %.2f ms, p99 %.2f ms, mean %.2f ms over %zu searches\n",
           name, ms[n / 2], ms[(size_t)((double)n * 0.99)], sum / (double)n,
           n);
}

#endif
