/*
 * deadline.c: the time limit of one search (search_internal.h): when it
 * ends, and whether a query is costly enough to arm Xapian's.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search_internal.h"

/* List entries (postings, or positions under a phrase) that a search
 * decodes in a few milliseconds: a search bound to fewer cannot come near
 * its time limit, and goes without one, since arming it costs a thread
 * (0.15 ms of a CGI request). */
#define TIME_LIMIT_COST 200000

dossier_status search_parse_time_limit(const char *text, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    /* Digits and a point only: no sign, exponent, "inf" or "nan". */
    if (errno || end == text || *end || text[strspn(text, "0123456789.")] ||
        !(v >= 0 && v <= SEARCH_MAX_TIME_LIMIT))
        return DOSSIER_ERR_INVALID;
    *out = v;
    return DOSSIER_OK;
}

double search_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void search_clock_start(search_clock *clock, double limit)
{
    *clock = (search_clock){.limit = limit > 0 ? limit : 0};
    if (clock->limit > 0)
        clock->deadline = search_monotonic() + clock->limit;
}

double search_clock_left(const search_clock *clock)
{
    return clock->deadline > 0 ? clock->deadline - search_monotonic()
                               : INFINITY;
}

/* A query with wildcards always may come near the deadline: its hundreds
 * of terms cost far more to merge than their postings count (twelve
 * copies of "(a* OR (b* AND NOT (c* OR d*)))" read 90,000 postings in
 * 0.6 s on Reuters-21578). */
void search_clock_weigh(search_clock *clock, xc_db *db,
                        const built_query *built)
{
    clock->cost = UINT64_MAX;
    clock->is_costly = 0;
    if (clock->deadline <= 0)
        return;
    if (xc_query_cost_bound(db, built->query, &clock->cost) !=
        XC_STATUS_SUCCESS)
        clock->cost = UINT64_MAX;
    clock->is_costly = built->n_prefixes > 0 || clock->cost > TIME_LIMIT_COST;
}

void search_clock_arm(const search_clock *clock, xc_enquire *enq)
{
    if (!clock->is_costly)
        return;
    double left = search_clock_left(clock);
    xc_enquire_set_time_limit(enq, left > 0.001 ? left : 0.001);
}
