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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"

/* Opens shard I of S's stub into *OUT, or marks it down. */
static void open_shard(searcher *s, size_t i, xc_db **out)
{
    const dossier_shard *shard = &s->stub.shards[i];
    struct shard_state *state = &s->shard_states[i];
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
    xc_db *all = NULL;
    size_t n_remote_down = 0;
    for (size_t i = 0; i < s->stub.n_shards; i++) {
        xc_db *one = NULL;
        open_shard(s, i, &one);
        if (one == NULL) {
            n_remote_down += s->stub.shards[i].is_remote;
            continue;
        }
        if (all == NULL) {
            all = one;
            continue;
        }
        xc_status st = xc_db_add_shard(all, one);
        xc_db_destroy(one);
        if (st != XC_STATUS_SUCCESS) {
            xc_db_destroy(all);
            return dossier_fail(err, DOSSIER_ERR_NOMEM,
                                "cannot join the shards of %s: %s", s->path,
                                xc_thread_last_error());
        }
    }
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
    return archive_open(s, err);
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
