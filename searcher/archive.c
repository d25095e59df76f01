/*
 * archive.c: an archive of shards joined by a stub file, opened shard by
 * shard so that a search goes on without one that is down or slow.
 *
 * Xapian opens a stub itself, but then one shard that does not answer
 * fails the whole database, after Xapian's default timeout of 10 s.  So
 * we read the stub (dossier/stub.h), open each shard on its own, a remote
 * one with our timeout, and join those that answer into one handle
 * (xc_db_add_shard).  A search over them is the same search: Xapian
 * gathers the statistics of every joined shard, so ranks and counts are
 * those of one index of the same articles.  What is missing the search
 * result says (archive_describe_missing), and its counts become lower
 * bounds.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"

/* Opens shard I of S's stub into *OUT, or says in STATE why it is down. */
static void open_shard(const searcher *s, size_t i, struct shard_state *state,
                       xc_db **out)
{
    const dossier_shard *shard = &s->stub.shards[i];
    xc_status st =
        shard->is_remote
            ? xc_db_open_remote_tcp(shard->host, shard->port,
                                    s->shard_timeout_ms, out)
            : search_open_local(shard->path, out);
    state->is_down = st != XC_STATUS_SUCCESS;
    if (state->is_down) {
        const char *why = st == XC_STATUS_NOT_FOUND
                              ? "no index there"
                              : xc_thread_last_error();
        snprintf(state->why, sizeof state->why, "%s", why);
        *out = NULL;
    } else {
        state->why[0] = '\0';
    }
}

struct opening {
    const searcher *s;
    size_t i;
    struct shard_state *state;
    xc_db *db;
};

static void *open_on_thread(void *arg)
{
    struct opening *o = arg;
    open_shard(o->s, o->i, o->state, &o->db);
    return NULL;
}

/* Opens the shards of S's stub that WANTED says (all when NULL) into DBS
 * (NULL for one down or not wanted, STATES saying why): the remote ones
 * at once, on a thread each, since each open is a connection, a
 * handshake and the server's own open, in turn a few milliseconds a
 * shard; the local ones here. */
static void open_shards(const searcher *s, const bool *wanted,
                        struct shard_state *states, xc_db **dbs)
{
    size_t n = s->stub.n_shards;
    struct opening *ops = calloc(n, sizeof *ops);
    pthread_t *threads = calloc(n, sizeof *threads);
    bool *started = calloc(n, sizeof *started);
    for (size_t i = 0; i < n; i++) {
        dbs[i] = NULL;
        if ((wanted != NULL && !wanted[i]) || !s->stub.shards[i].is_remote ||
            ops == NULL || threads == NULL || started == NULL)
            continue;
        ops[i] = (struct opening){s, i, &states[i], NULL};
        started[i] =
            pthread_create(&threads[i], NULL, open_on_thread, &ops[i]) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if ((wanted == NULL || wanted[i]) && !(started && started[i]))
            open_shard(s, i, &states[i], &dbs[i]);
    for (size_t i = 0; i < n && started != NULL; i++) {
        if (!started[i])
            continue;
        pthread_join(threads[i], NULL);
        dbs[i] = ops[i].db;
    }
    free(ops);
    free(threads);
    free(started);
}

/* Joins the N databases of DBS (NULL ones left out) into *OUT, which is
 * NULL when there is none; destroys them.  XC_STATUS_SUCCESS, or the
 * join's failure (*OUT NULL). */
static xc_status join_shards(xc_db **dbs, size_t n, xc_db **out)
{
    xc_db *all = NULL;
    xc_status st = XC_STATUS_SUCCESS;
    for (size_t i = 0; i < n; i++) {
        if (dbs[i] == NULL)
            continue;
        if (all == NULL) {
            all = dbs[i];
            continue;
        }
        if (st == XC_STATUS_SUCCESS)
            st = xc_db_add_shard(all, dbs[i]);
        xc_db_destroy(dbs[i]);
    }
    if (st != XC_STATUS_SUCCESS) {
        xc_db_destroy(all);
        all = NULL;
    }
    *out = all;
    return st;
}

/* Writes into OUT (OUT_SIZE bytes) the shards of S that are down, each
 * with where the stub names it and what opening it said. */
static void describe_down(const searcher *s, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < s->stub.n_shards && used < out_size; i++) {
        if (!s->shard_states[i].is_down)
            continue;
        const dossier_shard *shard = &s->stub.shards[i];
        int n = snprintf(out + used, out_size - used, "%s%s%s (%s:%u: %s)",
                         used > 0 ? "; " : "",
                         shard->is_remote ? "remote " : "", shard->name,
                         s->path, shard->line, s->shard_states[i].why);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

dossier_status archive_open(searcher *s, dossier_error *err)
{
    if (s->shard_states == NULL) {
        s->shard_states = calloc(s->stub.n_shards, sizeof *s->shard_states);
        if (s->shard_states == NULL)
            return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    size_t n = s->stub.n_shards, n_remote_down = 0;
    xc_db **dbs = calloc(n, sizeof *dbs);
    if (dbs == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    open_shards(s, NULL, s->shard_states, dbs);
    for (size_t i = 0; i < n; i++)
        n_remote_down += dbs[i] == NULL && s->stub.shards[i].is_remote;
    xc_db *all = NULL;
    xc_status st = join_shards(dbs, n, &all);
    free(dbs);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, DOSSIER_ERR_NOMEM,
                            "cannot join the shards of %s: %s", s->path,
                            xc_thread_last_error());
    if (all == NULL) {
        char missing[400];
        describe_down(s, missing, sizeof missing);
        /* Every shard down over the network is an outage to wait out; a
         * local one that does not open is the archive's own fault. */
        return dossier_fail(err,
                            n_remote_down == s->stub.n_shards
                                ? DOSSIER_ERR_NETWORK
                                : DOSSIER_ERR_INDEX,
                            "no shard of the archive %s answered: %s",
                            s->path, missing);
    }
    xc_db_destroy(s->db);
    s->db = all;
    s->own.db = all;
    return DOSSIER_OK;
}

dossier_status archive_reopen(searcher *s, dossier_error *err)
{
    count_side_forget(&s->own);
    /* The worker's handle holds the former shards: it opens them anew
     * with its next count. */
    count_side_forget(&s->beside);
    xc_db_destroy(s->beside.db);
    s->beside.db = NULL;
    return archive_open(s, err);
}

dossier_status archive_open_beside(const searcher *s, xc_db **out)
{
    *out = NULL;
    size_t n = s->stub.n_shards;
    xc_db **dbs = calloc(n, sizeof *dbs);
    bool *wanted = calloc(n, sizeof *wanted);
    struct shard_state *states = calloc(n, sizeof *states);
    dossier_status rc = DOSSIER_ERR_NOMEM;
    if (dbs != NULL && wanted != NULL && states != NULL) {
        for (size_t i = 0; i < n; i++)
            wanted[i] = !s->shard_states[i].is_down;
        open_shards(s, wanted, states, dbs);
        rc = DOSSIER_OK;
        for (size_t i = 0; i < n; i++)
            if (wanted[i] && dbs[i] == NULL)
                rc = DOSSIER_ERR_NETWORK; /* not the same shards */
        if (rc != DOSSIER_OK)
            for (size_t i = 0; i < n; i++)
                xc_db_destroy(dbs[i]);
        else if (join_shards(dbs, n, out) != XC_STATUS_SUCCESS ||
                 *out == NULL)
            rc = DOSSIER_ERR_NOMEM;
    }
    free(dbs);
    free(wanted);
    free(states);
    return rc;
}

bool archive_same_commit(xc_db *a, xc_db *b)
{
    uint32_t docs_a = 0, docs_b = 1;
    xc_docid last_a = 0, last_b = 1;
    double length_a = 0, length_b = 1;
    return xc_db_doc_count(a, &docs_a) == XC_STATUS_SUCCESS &&
           xc_db_doc_count(b, &docs_b) == XC_STATUS_SUCCESS &&
           xc_db_last_docid(a, &last_a) == XC_STATUS_SUCCESS &&
           xc_db_last_docid(b, &last_b) == XC_STATUS_SUCCESS &&
           xc_db_avg_length(a, &length_a) == XC_STATUS_SUCCESS &&
           xc_db_avg_length(b, &length_b) == XC_STATUS_SUCCESS &&
           docs_a == docs_b && last_a == last_b && length_a == length_b;
}

bool archive_is_partial(const searcher *s)
{
    for (size_t i = 0; i < s->stub.n_shards; i++)
        if (s->shard_states[i].is_down)
            return true;
    return false;
}

bool archive_can_recover(const searcher *s, dossier_status rc)
{
    return rc == DOSSIER_ERR_NETWORK && s->stub.n_shards > 0;
}

void archive_describe_missing(const searcher *s, char *out, size_t out_size)
{
    out[0] = '\0';
    size_t n_down = 0;
    for (size_t i = 0; i < s->stub.n_shards; i++)
        n_down += s->shard_states[i].is_down != 0;
    if (n_down == 0)
        return;
    int n = snprintf(out, out_size, "%zu of %zu shards answered; missing: ",
                     s->stub.n_shards - n_down, s->stub.n_shards);
    if (n > 0 && (size_t)n < out_size)
        describe_down(s, out + n, out_size - (size_t)n);
}

void archive_note(const searcher *s, search_result *out)
{
    if (s->stub.n_shards == 0)
        return;
    archive_describe_missing(s, out->shard_warning,
                             sizeof out->shard_warning);
    if (out->shard_warning[0] != '\0') {
        /* Counted without the missing shards: true lower bounds. */
        out->is_total_exact = 0;
        out->is_stories_exact = 0;
    }
}

void archive_collapse_counts(const struct count_job *job,
                             search_result *out)
{
    for (size_t i = 0; i < out->n_hits; i++) {
        search_hit *hit = &out->hits[i];
        uint32_t n = strlen(hit->cluster) == DOSSIER_CLUSTER_KEY_LEN
                         ? count_cluster_articles(job, hit->cluster)
                         : 0;
        /* The others of its cluster that match; at least what Xapian saw
         * (the count may have stopped at its time limit). */
        if (n > 1 && n - 1 > hit->collapse_count)
            hit->collapse_count = n - 1;
    }
}
