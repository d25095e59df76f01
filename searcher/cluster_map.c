/*
 * cluster_map.c: the cluster of each clustered article, in memory.
 */
#include "cluster_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/schema.h"

struct cluster_map {
    /* The clustered articles in docid order, each with its cluster's
     * ordinal; IS_CLUSTERED has a bit per docid up to the last one. */
    xc_docid *docids;
    uint32_t *cluster;
    size_t n;
    uint64_t *is_clustered;
    xc_docid max_docid;
    /* The tally: SEEN_IN[c] == TALLY when cluster C was seen in it. */
    uint32_t *seen_in;
    uint32_t n_clusters;
    uint32_t tally;
    uint32_t articles, stories;
};

/* The cluster key VALUE (DOSSIER_CLUSTER_KEY_LEN hex digits) as a number
 * in *KEY; -1 for anything else. */
static int parse_key(const char *value, size_t len, uint64_t *key)
{
    if (len != DOSSIER_CLUSTER_KEY_LEN || DOSSIER_CLUSTER_KEY_LEN > 16)
        return -1;
    uint64_t k = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];
        unsigned digit = c >= '0' && c <= '9'   ? c - '0'
                         : c >= 'a' && c <= 'f' ? c - 'a' + 10
                         : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                : 16;
        if (digit > 15)
            return -1;
        k = k << 4 | digit;
    }
    *key = k;
    return 0;
}

/* Numbers the clusters of the N keys KEYS from 0, into M->cluster, with
 * an open-addressing table: keys are uniform hashes already. */
static int number_clusters(cluster_map *m, const uint64_t *keys, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    uint64_t *table_keys = malloc(cap * sizeof *table_keys);
    uint32_t *table_ordinals = malloc(cap * sizeof *table_ordinals);
    int rc = -1;
    if (table_keys == NULL || table_ordinals == NULL)
        goto done;
    for (size_t i = 0; i < cap; i++)
        table_ordinals[i] = UINT32_MAX; /* empty */
    m->n_clusters = 0;
    for (size_t i = 0; i < n; i++) {
        size_t at = (size_t)(keys[i] ^ keys[i] >> 32) & (cap - 1);
        while (table_ordinals[at] != UINT32_MAX && table_keys[at] != keys[i])
            at = (at + 1) & (cap - 1);
        if (table_ordinals[at] == UINT32_MAX) {
            table_keys[at] = keys[i];
            table_ordinals[at] = m->n_clusters++;
        }
        m->cluster[i] = table_ordinals[at];
    }
    m->seen_in = calloc(m->n_clusters + 1, sizeof *m->seen_in);
    rc = m->seen_in == NULL ? -1 : 0;
done:
    free(table_keys);
    free(table_ordinals);
    return rc;
}

int cluster_map_load(xc_db *db, cluster_map **out, char *message,
                     size_t message_size)
{
    *out = NULL;
    cluster_map *m = calloc(1, sizeof *m);
    xc_values *it = NULL;
    uint64_t *keys = NULL;
    size_t cap = 0;
    int rc = -1;
    snprintf(message, message_size, "out of memory");
    if (m == NULL)
        goto done;
    if (xc_db_last_docid(db, &m->max_docid) != XC_STATUS_SUCCESS ||
        xc_db_values(db, DOSSIER_SLOT_CLUSTER, &it) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read the clusters: %s",
                 xc_db_last_error(db));
        goto done;
    }
    for (; xc_values_valid(it); xc_values_next(it)) {
        if (m->n == cap) {
            cap = cap ? 2 * cap : 256;
            uint64_t *grown_keys = realloc(keys, cap * sizeof *grown_keys);
            if (grown_keys == NULL)
                goto done;
            keys = grown_keys;
            xc_docid *grown_docids =
                realloc(m->docids, cap * sizeof *grown_docids);
            if (grown_docids == NULL)
                goto done;
            m->docids = grown_docids;
        }
        size_t len = 0;
        const char *value = xc_values_value(it, &len);
        if (parse_key(value, len, &keys[m->n]) != 0) {
            snprintf(message, message_size,
                     "document %u holds a cluster value that is not a "
                     "key of ours", (unsigned)xc_values_docid(it));
            goto done;
        }
        m->docids[m->n++] = xc_values_docid(it);
    }
    if (xc_values_status(it) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read the clusters: %s",
                 xc_values_last_error(it));
        goto done;
    }
    m->cluster = malloc((m->n + 1) * sizeof *m->cluster);
    m->is_clustered = calloc(m->max_docid / 64 + 1, sizeof *m->is_clustered);
    if (m->cluster == NULL || m->is_clustered == NULL ||
        number_clusters(m, keys, m->n) != 0)
        goto done;
    for (size_t i = 0; i < m->n; i++) {
        xc_docid d = m->docids[i];
        if (d <= m->max_docid)
            m->is_clustered[d / 64] |= (uint64_t)1 << (d % 64);
    }
    *out = m;
    m = NULL;
    rc = 0;
done:
    xc_values_destroy(it);
    free(keys);
    cluster_map_free(m);
    return rc;
}

void cluster_map_free(cluster_map *m)
{
    if (m == NULL)
        return;
    free(m->docids);
    free(m->cluster);
    free(m->is_clustered);
    free(m->seen_in);
    free(m);
}

void cluster_map_begin(cluster_map *m)
{
    m->articles = m->stories = 0;
    if (++m->tally == 0) { /* wrapped: forget every earlier tally */
        memset(m->seen_in, 0, (m->n_clusters + 1) * sizeof *m->seen_in);
        m->tally = 1;
    }
}

void cluster_map_see(void *ctx, xc_docid docid)
{
    cluster_map *m = ctx;
    if (docid > m->max_docid ||
        !(m->is_clustered[docid / 64] & ((uint64_t)1 << (docid % 64))))
        return;
    size_t lo = 0, hi = m->n; /* docids[lo..hi) holds DOCID */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->docids[mid] <= docid)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t c = m->cluster[lo];
    m->articles++;
    if (m->seen_in[c] != m->tally) {
        m->seen_in[c] = m->tally;
        m->stories++;
    }
}

void cluster_map_tally(const cluster_map *m, uint32_t *articles,
                       uint32_t *stories)
{
    *articles = m->articles;
    *stories = m->stories;
}
