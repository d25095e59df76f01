/*
 * shard_pool.c: one writer thread per shard, fed through bounded queues.
 *
 * A shard writes inside a flushed transaction that it commits every BATCH
 * articles: Xapian would otherwise commit on its own at every flush
 * (XAPIAN_FLUSH_THRESHOLD), and since a killed load is resumed from its
 * shards, every commit is synced like an index's.
 */
#include "shard_pool.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "disk_full.h"
#include "dossier/schema.h"

/* Documents waiting per shard: enough to keep a writer busy while the
 * reader analyzes, few enough to bound memory. */
#define QUEUE_SIZE 256

/* The routing of unique terms to shards (shard_of), named in every
 * shard's SHARD_POOL_META_SHARD: a load routed another way must not be
 * resumed, or an article would land in a second shard. */
#define ROUTING "fnv1a32"

/* dossier/schema.h's value slots, 0 to DOSSIER_SLOT_MINHASH. */
#define COMPARED_SLOTS (DOSSIER_SLOT_MINHASH + 1)

struct item {
    char *unique_term;
    xc_doc *doc;   /* NULL: remove the article of UNIQUE_TERM */
    bool is_first; /* not sent before in this run */
};

struct shard {
    shard_pool *pool;
    char *path;
    xc_db *db;
    pthread_t thread;
    int is_running;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    struct item queue[QUEUE_SIZE];
    size_t head, count;
    int is_closing;   /* no more items will come */
    int has_failed;
    dossier_error error; /* what it failed with, once has_failed */
    /* The thread's own, read by others once it has stopped. */
    int has_kept;             /* resumed holding articles: look them up */
    int in_transaction;       /* dropped, not committed, when freed */
    size_t in_batch;          /* changes since the last commit */
    uint64_t record_bytes;    /* stored records since the last commit */
    shard_pool_counts counts;
};

struct shard_pool {
    char *dir;
    unsigned n;
    size_t batch;
    struct shard *shards;
};

/* The status of a failed call of libxapian-c on a shard. */
static dossier_status index_status(xc_status st)
{
    return st == XC_STATUS_NO_MEMORY ? DOSSIER_ERR_NOMEM
           : st == XC_STATUS_LOCKED  ? DOSSIER_ERR_LOCKED
                                     : DOSSIER_ERR_INDEX;
}

/* Marks S failed with WHY and wakes a writer waiting for room. */
static void shard_fail(struct shard *s, const dossier_error *why)
{
    pthread_mutex_lock(&s->lock);
    s->has_failed = 1;
    dossier_fail(&s->error, why->status, "shard %s: %s", s->path,
                 dossier_error_message(why));
    pthread_cond_broadcast(&s->not_full);
    pthread_mutex_unlock(&s->lock);
}

/* The document of DB that UNIQUE_TERM indexes, into *OUT (NULL when
 * none). */
static xc_status find_by_term(xc_db *db, const char *unique_term,
                              xc_doc **out)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    uint32_t freq = 0;
    *out = NULL;
    xc_status st = xc_db_term_freq(db, unique_term, &freq);
    if (st != XC_STATUS_SUCCESS || freq == 0)
        return st;
    if ((st = xc_query_term(unique_term, 1, 0, &q)) == XC_STATUS_SUCCESS &&
        (st = xc_enquire_new(db, &enq)) == XC_STATUS_SUCCESS &&
        (st = xc_enquire_set_bool_weight(enq)) == XC_STATUS_SUCCESS &&
        (st = xc_enquire_set_query(enq, q, 1)) == XC_STATUS_SUCCESS &&
        (st = xc_enquire_get_mset(enq, 0, 1, 0, NULL, &mset)) ==
            XC_STATUS_SUCCESS &&
        xc_mset_size(mset) > 0)
        st = xc_mset_document(mset, 0, out);
    xc_mset_destroy(mset);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    return st;
}

/* Whether the data of A and B are the same bytes, into *SAME.  Fails
 * when one cannot be read. */
static dossier_status same_data(xc_doc *a, xc_doc *b, bool *same)
{
    char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    xc_status st = xc_doc_get_data(a, &da, &la);
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_get_data(b, &db, &lb);
    if (st == XC_STATUS_SUCCESS)
        *same = la == lb && memcmp(da, db, la) == 0;
    xc_free(da);
    xc_free(db);
    return st == XC_STATUS_SUCCESS ? DOSSIER_OK : index_status(st);
}

static dossier_status same_values(xc_doc *a, xc_doc *b, bool *same)
{
    xc_status st = XC_STATUS_SUCCESS;
    *same = true;
    for (xc_valueno slot = 0;
         *same && st == XC_STATUS_SUCCESS && slot < COMPARED_SLOTS; slot++) {
        char *va = NULL, *vb = NULL;
        size_t la = 0, lb = 0;
        st = xc_doc_get_value(a, slot, &va, &la);
        if (st == XC_STATUS_SUCCESS)
            st = xc_doc_get_value(b, slot, &vb, &lb);
        if (st == XC_STATUS_SUCCESS)
            *same = la == lb && memcmp(va, vb, la) == 0;
        xc_free(va);
        xc_free(vb);
    }
    return st == XC_STATUS_SUCCESS ? DOSSIER_OK : index_status(st);
}

/* Terms come sorted: the two lists are equal when they walk in step. */
static dossier_status same_terms(xc_doc *a, xc_doc *b, bool *same)
{
    xc_terms *ta = NULL, *tb = NULL;
    xc_status st = xc_doc_terms(a, &ta);
    if (st == XC_STATUS_SUCCESS)
        st = xc_doc_terms(b, &tb);
    if (st != XC_STATUS_SUCCESS)
        goto done;
    *same = true;
    for (; *same && xc_terms_valid(ta) && xc_terms_valid(tb);
         xc_terms_next(ta), xc_terms_next(tb))
        *same = xc_terms_term_len(ta) == xc_terms_term_len(tb) &&
                memcmp(xc_terms_term(ta), xc_terms_term(tb),
                       xc_terms_term_len(ta)) == 0 &&
                xc_terms_wdf(ta) == xc_terms_wdf(tb);
    if (*same && (xc_terms_valid(ta) || xc_terms_valid(tb)))
        *same = false;
    if ((st = xc_terms_status(ta)) == XC_STATUS_SUCCESS)
        st = xc_terms_status(tb);
done:
    xc_terms_destroy(ta);
    xc_terms_destroy(tb);
    return st == XC_STATUS_SUCCESS ? DOSSIER_OK : index_status(st);
}

enum kept { KEPT_NONE, KEPT_SAME, KEPT_OTHER };

/* What S holds under UNIQUE_TERM, compared with DOC, into *OUT.
 * Positions are not compared: they follow from the data under one
 * analyzer, which the shards' metadata vouch for. */
static dossier_status compare_kept(struct shard *s, const char *unique_term,
                                   xc_doc *doc, enum kept *out,
                                   dossier_error *err)
{
    xc_doc *kept = NULL;
    *out = KEPT_NONE;
    xc_status found = find_by_term(s->db, unique_term, &kept);
    if (found != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(found), "cannot read %s: %s",
                            unique_term, xc_db_last_error(s->db));
    if (kept == NULL)
        return DOSSIER_OK;
    bool same = false;
    dossier_status st = same_data(kept, doc, &same);
    if (st == DOSSIER_OK && same)
        st = same_values(kept, doc, &same);
    if (st == DOSSIER_OK && same)
        st = same_terms(kept, doc, &same);
    if (st != DOSSIER_OK)
        dossier_fail(err, st, "cannot read %s: %s", unique_term,
                     xc_doc_last_error(kept));
    else
        *out = same ? KEPT_SAME : KEPT_OTHER;
    xc_doc_destroy(kept);
    return st;
}

/* Commits S's transaction, when the disk has room for it (see
 * disk_full.h). */
static dossier_status commit_shard(struct shard *s, dossier_error *err)
{
    uint32_t n = 0;
    dossier_status room = disk_full_check_room(
        s->path, disk_full_commit_bytes(s->record_bytes), err);
    if (room != DOSSIER_OK)
        return room;
    s->in_transaction = 0;
    xc_status st = xc_db_commit_transaction(s->db);
    if (st == XC_STATUS_SUCCESS)
        st = xc_db_doc_count(s->db, &n);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "cannot commit: %s",
                            xc_db_last_error(s->db));
    s->counts.committed = n;
    s->in_batch = 0;
    s->record_bytes = 0;
    return DOSSIER_OK;
}

/* Opens the transaction S writes in until its next commit. */
static dossier_status begin_batch(struct shard *s, dossier_error *err)
{
    xc_status st = xc_db_begin_transaction(s->db, 1);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "%s",
                            xc_db_last_error(s->db));
    s->in_transaction = 1;
    return DOSSIER_OK;
}

/* Writes the article of IT to S's database, unless it is a first
 * sending that S holds already, unchanged: *WROTE says which. */
static dossier_status write_article(struct shard *s, const struct item *it,
                                    bool *wrote, dossier_error *err)
{
    *wrote = false;
    if (it->is_first && s->has_kept) {
        enum kept kept;
        dossier_status st =
            compare_kept(s, it->unique_term, it->doc, &kept, err);
        if (st != DOSSIER_OK)
            return st;
        if (kept == KEPT_SAME) {
            s->counts.unchanged++;
            return DOSSIER_OK;
        }
        s->counts.rewritten += kept == KEPT_OTHER;
    }
    char *data = NULL;
    size_t len = 0;
    if (xc_doc_get_data(it->doc, &data, &len) == XC_STATUS_SUCCESS)
        s->record_bytes += len;
    xc_free(data);
    xc_status st = xc_db_replace_document_by_term(s->db, it->unique_term,
                                                  it->doc, NULL);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "%s",
                            xc_db_last_error(s->db));
    *wrote = true;
    return DOSSIER_OK;
}

/* Removes the article of IT's unique term from S's database, if there:
 * *REMOVED says whether there was one. */
static dossier_status remove_article(struct shard *s, const struct item *it,
                                     bool *removed, dossier_error *err)
{
    uint32_t n = 0;
    xc_status st = xc_db_delete_document_by_term(s->db, it->unique_term, &n);
    *removed = n > 0;
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "cannot remove %s: %s",
                            it->unique_term, xc_db_last_error(s->db));
    return DOSSIER_OK;
}

/* Applies IT to S, committing every BATCH changes. */
static dossier_status write_item(struct shard *s, const struct item *it,
                                 dossier_error *err)
{
    bool changed = false;
    dossier_status st = it->doc ? write_article(s, it, &changed, err)
                                : remove_article(s, it, &changed, err);
    if (st != DOSSIER_OK || !changed || ++s->in_batch < s->pool->batch)
        return st;
    st = commit_shard(s, err);
    return st == DOSSIER_OK ? begin_batch(s, err) : st;
}

static void *shard_main(void *arg)
{
    struct shard *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (s->count == 0 && !s->is_closing)
            pthread_cond_wait(&s->not_empty, &s->lock);
        if (s->count == 0) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        struct item it = s->queue[s->head];
        s->head = (s->head + 1) % QUEUE_SIZE;
        s->count--;
        int has_failed = s->has_failed;
        pthread_cond_signal(&s->not_full);
        pthread_mutex_unlock(&s->lock);

        dossier_error why;
        if (!has_failed && write_item(s, &it, &why) != DOSSIER_OK)
            shard_fail(s, &why);
        xc_doc_destroy(it.doc);
        free(it.unique_term);
    }
    return NULL;
}

/* A pool of N_SHARDS shards under DIR, no database open yet; NULL when
 * memory ran out. */
static shard_pool *pool_new(const char *dir, unsigned n_shards, size_t batch)
{
    shard_pool *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->n = n_shards;
    p->batch = batch ? batch : 10000;
    p->dir = strdup(dir);
    p->shards = calloc(n_shards, sizeof *p->shards);
    if (p->dir == NULL || p->shards == NULL) {
        free(p->dir);
        free(p->shards);
        free(p);
        return NULL;
    }
    for (unsigned i = 0; i < n_shards; i++) {
        struct shard *s = &p->shards[i];
        s->pool = p;
        pthread_mutex_init(&s->lock, NULL);
        pthread_cond_init(&s->not_empty, NULL);
        pthread_cond_init(&s->not_full, NULL);
    }
    return p;
}

/* Shard I's folder, in a new string; NULL when memory ran out. */
static char *shard_path(const char *dir, unsigned i)
{
    size_t size = strlen(dir) + 16;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s/%u", dir, i);
    return path;
}

/* What SHARD_POOL_META_SHARD says in shard I of N: "I/N ROUTING". */
static void shard_identity(unsigned i, unsigned n, char *out, size_t size)
{
    snprintf(out, size, "%u/%u " ROUTING, i, n);
}

/* Opens the transaction S writes in and starts its thread. */
static dossier_status shard_run(struct shard *s, dossier_error *err)
{
    dossier_error why;
    dossier_status st = begin_batch(s, &why);
    if (st != DOSSIER_OK)
        return dossier_fail(err, st, "shard %s: %s", s->path,
                            dossier_error_message(&why));
    if (pthread_create(&s->thread, NULL, shard_main, s) != 0)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "cannot start a thread");
    s->is_running = 1;
    return DOSSIER_OK;
}

/* Creates shard I of P with METADATA and its identity, committed. */
static dossier_status shard_create(shard_pool *p, unsigned i,
                                   const char *const *metadata,
                                   dossier_error *err)
{
    struct shard *s = &p->shards[i];
    char identity[64];
    shard_identity(i, p->n, identity, sizeof identity);
    if ((s->path = shard_path(p->dir, i)) == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    xc_status st = xc_db_open_writable(s->path, XC_DB_CREATE, &s->db);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "cannot create shard %s: "
                            "%s", s->path, xc_thread_last_error());
    st = xc_db_set_metadata(s->db, SHARD_POOL_META_SHARD, identity,
                            strlen(identity));
    for (const char *const *m = metadata; st == XC_STATUS_SUCCESS && m &&
                                          m[0];
         m += 2)
        st = xc_db_set_metadata(s->db, m[0], m[1], strlen(m[1]));
    if (st == XC_STATUS_SUCCESS)
        st = xc_db_commit(s->db);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "cannot create shard %s: "
                            "%s", s->path, xc_db_last_error(s->db));
    return DOSSIER_OK;
}

dossier_status shard_pool_start(const char *dir, unsigned n_shards,
                                size_t batch, const char *const *metadata,
                                shard_pool **out, dossier_error *err)
{
    *out = NULL;
    shard_pool *p = pool_new(dir, n_shards, batch);
    if (p == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    dossier_status st = DOSSIER_OK;
    if (mkdir(dir, 0755) != 0)
        st = dossier_fail(err, DOSSIER_ERR_IO, "cannot create %s: %s", dir,
                          strerror(errno));
    for (unsigned i = 0; st == DOSSIER_OK && i < n_shards; i++) {
        st = shard_create(p, i, metadata, err);
        if (st == DOSSIER_OK)
            st = shard_run(&p->shards[i], err);
    }
    if (st != DOSSIER_OK) {
        shard_pool_free(p);
        return st;
    }
    *out = p;
    return DOSSIER_OK;
}

dossier_status shard_pool_resume(const char *dir, unsigned n_shards,
                                 size_t batch, shard_pool **out,
                                 dossier_error *err)
{
    *out = NULL;
    shard_pool *p = pool_new(dir, n_shards, batch);
    if (p == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    dossier_status st = DOSSIER_OK;
    for (unsigned i = 0; st == DOSSIER_OK && i < n_shards; i++) {
        struct shard *s = &p->shards[i];
        uint32_t n = 0;
        if ((s->path = shard_path(dir, i)) == NULL) {
            st = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
            break;
        }
        xc_status xst = xc_db_open_writable(s->path, XC_DB_OPEN, &s->db);
        if (xst == XC_STATUS_SUCCESS)
            xst = xc_db_doc_count(s->db, &n);
        if (xst != XC_STATUS_SUCCESS) {
            st = dossier_fail(err, index_status(xst),
                              "cannot reopen shard %s: %s", s->path,
                              s->db ? xc_db_last_error(s->db)
                                    : xc_thread_last_error());
            break;
        }
        s->counts.committed = n;
        s->has_kept = n > 0;
        st = shard_run(s, err);
    }
    if (st != DOSSIER_OK) {
        shard_pool_free(p);
        return st;
    }
    *out = p;
    return DOSSIER_OK;
}

/* Whether NAME is a shard's folder name, a number without leading zero:
 * its number in *I. */
static bool shard_name(const char *name, unsigned *i)
{
    char *end;
    if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
        return false;
    errno = 0;
    unsigned long v = strtoul(name, &end, 10);
    if (errno || *end || v > 1024)
        return false;
    *i = (unsigned)v;
    return true;
}

/* Counts the entries of DIR into *N, all of which must be shards' folders
 * 0 to *N - 1.  DOSSIER_NOT_FOUND when DIR does not exist. */
static dossier_status count_shards(const char *dir, unsigned *n,
                                   dossier_error *err)
{
    DIR *d = opendir(dir);
    unsigned count = 0, highest = 0;
    *n = 0;
    if (d == NULL) {
        if (errno == ENOENT)
            return DOSSIER_NOT_FOUND;
        return dossier_fail(err, DOSSIER_ERR_IO, "cannot read %s: %s", dir,
                            strerror(errno));
    }
    struct dirent *e;
    dossier_status st = DOSSIER_OK;
    while (st == DOSSIER_OK && (e = readdir(d)) != NULL) {
        unsigned i;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!shard_name(e->d_name, &i)) {
            st = dossier_fail(err, DOSSIER_REFUSED, "%s/%s is not a shard",
                              dir, e->d_name);
            break;
        }
        count++;
        if (i > highest)
            highest = i;
    }
    closedir(d);
    if (st == DOSSIER_OK && (count == 0 || highest != count - 1))
        st = dossier_fail(err, DOSSIER_REFUSED, "%s holds %u shards but not "
                          "0 to %u", dir, count, count ? count - 1 : 0);
    *n = count;
    return st;
}

/* Checks that DB's metadata KEY is WANTED: DOSSIER_REFUSED when it is
 * not. */
static dossier_status check_metadata(xc_db *db, const char *path,
                                     const char *key, const char *wanted,
                                     dossier_error *err)
{
    char *stored = NULL;
    xc_status xst = xc_db_get_metadata(db, key, &stored, NULL);
    if (xst != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(xst), "cannot read shard %s: "
                            "%s", path, xc_db_last_error(db));
    dossier_status st = DOSSIER_OK;
    if (strcmp(stored, wanted) != 0)
        st = dossier_fail(err, DOSSIER_REFUSED, "shard %s has %s \"%.64s\", "
                          "this run \"%.64s\"", path, key, stored, wanted);
    xc_free(stored);
    return st;
}

/* Checks shard I of N under DIR and adds its articles to *N_ARTICLES. */
static dossier_status inspect_shard(const char *dir, unsigned i, unsigned n,
                                    const char *const *metadata,
                                    uint64_t *n_articles, dossier_error *err)
{
    char identity[64];
    xc_db *db = NULL;
    uint32_t count = 0;
    char *path = shard_path(dir, i);
    shard_identity(i, n, identity, sizeof identity);
    if (path == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    dossier_status st = DOSSIER_OK;
    xc_status xst = xc_db_open_readonly(path, &db);
    if (xst != XC_STATUS_SUCCESS) {
        st = dossier_fail(err, index_status(xst), "cannot open shard %s: %s",
                          path, xc_thread_last_error());
        goto done;
    }
    st = check_metadata(db, path, SHARD_POOL_META_SHARD, identity, err);
    for (const char *const *m = metadata; st == DOSSIER_OK && m && m[0];
         m += 2)
        st = check_metadata(db, path, m[0], m[1], err);
    if (st != DOSSIER_OK)
        goto done;
    if ((xst = xc_db_doc_count(db, &count)) != XC_STATUS_SUCCESS) {
        st = dossier_fail(err, index_status(xst), "cannot read shard %s: %s",
                          path, xc_db_last_error(db));
        goto done;
    }
    *n_articles += count;
done:
    xc_db_destroy(db);
    free(path);
    return st;
}

dossier_status shard_pool_inspect(const char *dir,
                                  const char *const *metadata,
                                  shard_pool_kept *kept, dossier_error *err)
{
    unsigned n = 0;
    uint64_t n_articles = 0;
    memset(kept, 0, sizeof *kept);
    dossier_status st = count_shards(dir, &n, err);
    for (unsigned i = 0; st == DOSSIER_OK && i < n; i++)
        st = inspect_shard(dir, i, n, metadata, &n_articles, err);
    if (st == DOSSIER_OK) {
        kept->n_shards = n;
        kept->n_articles = n_articles;
    }
    return st;
}

/* The same hash for the same term in every run, so that re-indexing
 * sends an article to the shard that already has it.  Changing it means
 * changing ROUTING. */
static unsigned shard_of(const char *term, unsigned n)
{
    uint32_t h = 2166136261u;
    for (; *term; term++) {
        h ^= (unsigned char)*term;
        h *= 16777619u;
    }
    return h % n;
}

/* What the failed shard S failed with, into ERR (may be NULL).  Only
 * once its thread has stopped, or under its lock. */
static dossier_status shard_error(const struct shard *s, dossier_error *err)
{
    if (err)
        *err = s->error;
    return s->error.status;
}

dossier_status shard_pool_add(shard_pool *p, const char *unique_term,
                              xc_doc *doc, bool is_first, dossier_error *err)
{
    struct shard *s = &p->shards[shard_of(unique_term, p->n)];
    char *term = strdup(unique_term);
    if (term == NULL) {
        xc_doc_destroy(doc);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    pthread_mutex_lock(&s->lock);
    while (s->count == QUEUE_SIZE && !s->has_failed)
        pthread_cond_wait(&s->not_full, &s->lock);
    if (s->has_failed) {
        dossier_status st = shard_error(s, err);
        pthread_mutex_unlock(&s->lock);
        xc_doc_destroy(doc);
        free(term);
        return st;
    }
    s->queue[(s->head + s->count) % QUEUE_SIZE] =
        (struct item){.unique_term = term, .doc = doc, .is_first = is_first};
    s->count++;
    pthread_cond_signal(&s->not_empty);
    pthread_mutex_unlock(&s->lock);
    return DOSSIER_OK;
}

/* Tells every thread that nothing more comes, and waits for them. */
static void stop_threads(shard_pool *p)
{
    for (unsigned i = 0; i < p->n; i++) {
        struct shard *s = &p->shards[i];
        if (!s->is_running)
            continue;
        pthread_mutex_lock(&s->lock);
        s->is_closing = 1;
        pthread_cond_signal(&s->not_empty);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->thread, NULL);
        s->is_running = 0;
    }
}

dossier_status shard_pool_stop(shard_pool *p, dossier_error *err)
{
    stop_threads(p);
    for (unsigned i = 0; i < p->n; i++)
        if (p->shards[i].has_failed)
            return shard_error(&p->shards[i], err);
    return DOSSIER_OK;
}

xc_db *shard_pool_first_db(shard_pool *p)
{
    return p->shards[0].db;
}

void shard_pool_halt(shard_pool *p)
{
    /* Dropped items are destroyed by the threads, which drain the queues
     * before they stop; a failed shard skips the writing. */
    for (unsigned i = 0; i < p->n; i++) {
        struct shard *s = &p->shards[i];
        pthread_mutex_lock(&s->lock);
        if (!s->has_failed)
            dossier_fail(&s->error, DOSSIER_INTERRUPTED, "shard %s: stopped",
                         s->path ? s->path : p->dir);
        s->has_failed = 1;
        pthread_mutex_unlock(&s->lock);
    }
    stop_threads(p);
}

void shard_pool_get_counts(const shard_pool *p, shard_pool_counts *out)
{
    memset(out, 0, sizeof *out);
    for (unsigned i = 0; i < p->n; i++) {
        const shard_pool_counts *c = &p->shards[i].counts;
        out->unchanged += c->unchanged;
        out->rewritten += c->rewritten;
        out->committed += c->committed;
    }
}

dossier_status shard_pool_finish(shard_pool *p, const char *destination,
                                 dossier_error *err)
{
    dossier_status st = shard_pool_stop(p, err);
    if (st != DOSSIER_OK)
        return st;
    const char **paths = calloc(p->n, sizeof *paths);
    if (paths == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    for (unsigned i = 0; st == DOSSIER_OK && i < p->n; i++) {
        struct shard *s = &p->shards[i];
        dossier_error why;
        xc_status xst;
        /* Even an empty batch: the spelling dictionary came after. */
        if ((st = commit_shard(s, &why)) != DOSSIER_OK)
            dossier_fail(err, st, "shard %s: %s", s->path,
                         dossier_error_message(&why));
        else if ((xst = xc_db_close(s->db)) != XC_STATUS_SUCCESS)
            st = dossier_fail(err, index_status(xst),
                              "cannot close shard %s: %s", s->path,
                              xc_db_last_error(s->db));
        paths[i] = s->path;
    }
    if (st == DOSSIER_OK)
        st = disk_full_check_room(
            p->dir, disk_full_merge_bytes(disk_full_tree_bytes(p->dir)), err);
    if (st == DOSSIER_OK) {
        xc_status xst =
            xc_compact(paths, p->n, destination, XC_COMPACT_MULTIPASS);
        if (xst != XC_STATUS_SUCCESS)
            st = dossier_fail(err, index_status(xst),
                              "cannot merge the shards: %s",
                              xc_thread_last_error());
    }
    free(paths);
    return st;
}

void shard_pool_free(shard_pool *p)
{
    if (p == NULL)
        return;
    shard_pool_halt(p);
    for (unsigned i = 0; i < p->n; i++) {
        struct shard *s = &p->shards[i];
        /* What was written since the last commit is dropped, as a kill
         * drops it: the shard stays as of its last commit. */
        if (s->in_transaction)
            xc_db_cancel_transaction(s->db);
        xc_db_destroy(s->db);
        free(s->path);
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->not_empty);
        pthread_cond_destroy(&s->not_full);
    }
    free(p->shards);
    free(p->dir);
    free(p);
}
