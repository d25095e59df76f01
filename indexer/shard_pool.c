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
    int is_first;  /* not sent before in this run */
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
    char error[512];
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

/* Marks S failed with MESSAGE and wakes a writer waiting for room. */
static void shard_fail(struct shard *s, const char *message)
{
    pthread_mutex_lock(&s->lock);
    s->has_failed = 1;
    snprintf(s->error, sizeof s->error, "shard %s: %s", s->path, message);
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

/* Whether the data of A and B are the same bytes: 1, 0, or -1 when one
 * cannot be read. */
static int same_data(xc_doc *a, xc_doc *b)
{
    char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    int same = -1;
    if (xc_doc_get_data(a, &da, &la) == XC_STATUS_SUCCESS &&
        xc_doc_get_data(b, &db, &lb) == XC_STATUS_SUCCESS)
        same = la == lb && memcmp(da, db, la) == 0;
    xc_free(da);
    xc_free(db);
    return same;
}

static int same_values(xc_doc *a, xc_doc *b)
{
    int same = 1;
    for (xc_valueno slot = 0; same == 1 && slot < COMPARED_SLOTS; slot++) {
        char *va = NULL, *vb = NULL;
        size_t la = 0, lb = 0;
        if (xc_doc_get_value(a, slot, &va, &la) != XC_STATUS_SUCCESS ||
            xc_doc_get_value(b, slot, &vb, &lb) != XC_STATUS_SUCCESS)
            same = -1;
        else
            same = la == lb && memcmp(va, vb, la) == 0;
        xc_free(va);
        xc_free(vb);
    }
    return same;
}

/* Terms come sorted: the two lists are equal when they walk in step. */
static int same_terms(xc_doc *a, xc_doc *b)
{
    xc_terms *ta = NULL, *tb = NULL;
    int same = -1;
    if (xc_doc_terms(a, &ta) != XC_STATUS_SUCCESS ||
        xc_doc_terms(b, &tb) != XC_STATUS_SUCCESS)
        goto done;
    same = 1;
    for (; same && xc_terms_valid(ta) && xc_terms_valid(tb);
         xc_terms_next(ta), xc_terms_next(tb))
        same = xc_terms_term_len(ta) == xc_terms_term_len(tb) &&
               memcmp(xc_terms_term(ta), xc_terms_term(tb),
                      xc_terms_term_len(ta)) == 0 &&
               xc_terms_wdf(ta) == xc_terms_wdf(tb);
    if (same && (xc_terms_valid(ta) || xc_terms_valid(tb)))
        same = 0;
    if (xc_terms_status(ta) != XC_STATUS_SUCCESS ||
        xc_terms_status(tb) != XC_STATUS_SUCCESS)
        same = -1;
done:
    xc_terms_destroy(ta);
    xc_terms_destroy(tb);
    return same;
}

enum kept { KEPT_NONE, KEPT_SAME, KEPT_OTHER };

/* What S holds under UNIQUE_TERM, compared with DOC.  Positions are not
 * compared: they follow from the data under one analyzer, which the
 * shards' metadata vouch for.  Returns the kept enum, or -1 with
 * MESSAGE. */
static int compare_kept(struct shard *s, const char *unique_term,
                        xc_doc *doc, char *message, size_t message_size)
{
    xc_doc *kept = NULL;
    if (find_by_term(s->db, unique_term, &kept) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read %s: %s", unique_term,
                 xc_db_last_error(s->db));
        return -1;
    }
    if (kept == NULL)
        return KEPT_NONE;
    int same = same_data(kept, doc);
    if (same == 1)
        same = same_values(kept, doc);
    if (same == 1)
        same = same_terms(kept, doc);
    if (same < 0)
        snprintf(message, message_size, "cannot read %s: %s", unique_term,
                 xc_doc_last_error(kept));
    xc_doc_destroy(kept);
    if (same < 0)
        return -1;
    return same ? KEPT_SAME : KEPT_OTHER;
}

/* Commits S's transaction, when the disk has room for it (see
 * disk_full.h). */
static int commit_shard(struct shard *s, char *message, size_t message_size)
{
    uint32_t n = 0;
    if (disk_full_check_room(s->path, disk_full_commit_bytes(s->record_bytes),
                             message, message_size) != 0)
        return -1;
    s->in_transaction = 0;
    if (xc_db_commit_transaction(s->db) != XC_STATUS_SUCCESS ||
        xc_db_doc_count(s->db, &n) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot commit: %s",
                 xc_db_last_error(s->db));
        return -1;
    }
    s->counts.committed = n;
    s->in_batch = 0;
    s->record_bytes = 0;
    return 0;
}

/* Opens the transaction S writes in until its next commit. */
static int begin_batch(struct shard *s, char *message, size_t message_size)
{
    if (xc_db_begin_transaction(s->db, 1) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "%s", xc_db_last_error(s->db));
        return -1;
    }
    s->in_transaction = 1;
    return 0;
}

/* Writes the article of IT to S's database, unless it is a first
 * sending that S holds already, unchanged.  Returns 1 when it wrote, 0
 * when it did not, or -1 with MESSAGE. */
static int write_article(struct shard *s, const struct item *it,
                         char *message, size_t message_size)
{
    if (it->is_first && s->has_kept) {
        int kept = compare_kept(s, it->unique_term, it->doc, message,
                                message_size);
        if (kept < 0)
            return -1;
        if (kept == KEPT_SAME) {
            s->counts.unchanged++;
            return 0;
        }
        s->counts.rewritten += kept == KEPT_OTHER;
    }
    char *data = NULL;
    size_t len = 0;
    if (xc_doc_get_data(it->doc, &data, &len) == XC_STATUS_SUCCESS)
        s->record_bytes += len;
    xc_free(data);
    if (xc_db_replace_document_by_term(s->db, it->unique_term, it->doc,
                                       NULL) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "%s", xc_db_last_error(s->db));
        return -1;
    }
    return 1;
}

/* Removes the article of IT's unique term from S's database, if there.
 * Returns 1 when it removed one, 0 when there was none, or -1 with
 * MESSAGE. */
static int remove_article(struct shard *s, const struct item *it,
                          char *message, size_t message_size)
{
    uint32_t n = 0;
    if (xc_db_delete_document_by_term(s->db, it->unique_term, &n) !=
        XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot remove %s: %s",
                 it->unique_term, xc_db_last_error(s->db));
        return -1;
    }
    return n > 0;
}

/* Applies IT to S, committing every BATCH changes.  Returns 0, or -1 with
 * MESSAGE. */
static int write_item(struct shard *s, const struct item *it, char *message,
                      size_t message_size)
{
    int rc = it->doc ? write_article(s, it, message, message_size)
                     : remove_article(s, it, message, message_size);
    if (rc <= 0 || ++s->in_batch < s->pool->batch)
        return rc < 0 ? -1 : 0;
    return commit_shard(s, message, message_size) == 0 &&
                   begin_batch(s, message, message_size) == 0
               ? 0
               : -1;
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

        char message[400];
        if (!has_failed && write_item(s, &it, message, sizeof message) != 0)
            shard_fail(s, message);
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
static int shard_run(struct shard *s, char *message, size_t message_size)
{
    char why[400];
    if (begin_batch(s, why, sizeof why) != 0) {
        snprintf(message, message_size, "shard %s: %s", s->path, why);
        return -1;
    }
    if (pthread_create(&s->thread, NULL, shard_main, s) != 0) {
        snprintf(message, message_size, "cannot start a thread");
        return -1;
    }
    s->is_running = 1;
    return 0;
}

/* Creates shard I of P with METADATA and its identity, committed. */
static int shard_create(shard_pool *p, unsigned i, const char *const *metadata,
                        char *message, size_t message_size)
{
    struct shard *s = &p->shards[i];
    char identity[64];
    shard_identity(i, p->n, identity, sizeof identity);
    if ((s->path = shard_path(p->dir, i)) == NULL) {
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    if (xc_db_open_writable(s->path, XC_DB_CREATE, &s->db) !=
        XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot create shard %s: %s",
                 s->path, xc_thread_last_error());
        return -1;
    }
    xc_status st = xc_db_set_metadata(s->db, SHARD_POOL_META_SHARD, identity,
                                      strlen(identity));
    for (const char *const *m = metadata; st == XC_STATUS_SUCCESS && m &&
                                          m[0];
         m += 2)
        st = xc_db_set_metadata(s->db, m[0], m[1], strlen(m[1]));
    if (st == XC_STATUS_SUCCESS)
        st = xc_db_commit(s->db);
    if (st != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot create shard %s: %s",
                 s->path, xc_db_last_error(s->db));
        return -1;
    }
    return 0;
}

int shard_pool_start(const char *dir, unsigned n_shards, size_t batch,
                     const char *const *metadata, shard_pool **out,
                     char *message, size_t message_size)
{
    *out = NULL;
    shard_pool *p = pool_new(dir, n_shards, batch);
    if (p == NULL) {
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    if (mkdir(dir, 0755) != 0) {
        snprintf(message, message_size, "cannot create %s: %s", dir,
                 strerror(errno));
        goto fail;
    }
    for (unsigned i = 0; i < n_shards; i++)
        if (shard_create(p, i, metadata, message, message_size) != 0 ||
            shard_run(&p->shards[i], message, message_size) != 0)
            goto fail;
    *out = p;
    return 0;
fail:
    shard_pool_free(p);
    return -1;
}

int shard_pool_resume(const char *dir, unsigned n_shards, size_t batch,
                      shard_pool **out, char *message, size_t message_size)
{
    *out = NULL;
    shard_pool *p = pool_new(dir, n_shards, batch);
    if (p == NULL) {
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    for (unsigned i = 0; i < n_shards; i++) {
        struct shard *s = &p->shards[i];
        uint32_t n = 0;
        if ((s->path = shard_path(dir, i)) == NULL) {
            snprintf(message, message_size, "out of memory");
            goto fail;
        }
        if (xc_db_open_writable(s->path, XC_DB_OPEN, &s->db) !=
                XC_STATUS_SUCCESS ||
            xc_db_doc_count(s->db, &n) != XC_STATUS_SUCCESS) {
            snprintf(message, message_size, "cannot reopen shard %s: %s",
                     s->path, s->db ? xc_db_last_error(s->db)
                                    : xc_thread_last_error());
            goto fail;
        }
        s->counts.committed = n;
        s->has_kept = n > 0;
        if (shard_run(s, message, message_size) != 0)
            goto fail;
    }
    *out = p;
    return 0;
fail:
    shard_pool_free(p);
    return -1;
}

/* Whether NAME is a shard's folder name, a number without leading zero:
 * its number in *I. */
static int shard_name(const char *name, unsigned *i)
{
    char *end;
    if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
        return 0;
    errno = 0;
    unsigned long v = strtoul(name, &end, 10);
    if (errno || *end || v > 1024)
        return 0;
    *i = (unsigned)v;
    return 1;
}

/* Counts the entries of DIR into *N, all of which must be shards' folders
 * 0 to *N - 1.  Returns 1, 0 when DIR does not exist, -1 (MESSAGE). */
static int count_shards(const char *dir, unsigned *n, char *message,
                        size_t message_size)
{
    DIR *d = opendir(dir);
    unsigned count = 0, highest = 0;
    if (d == NULL) {
        if (errno == ENOENT)
            return 0;
        snprintf(message, message_size, "cannot read %s: %s", dir,
                 strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 1;
    while (rc == 1 && (e = readdir(d)) != NULL) {
        unsigned i;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!shard_name(e->d_name, &i)) {
            snprintf(message, message_size, "%s/%s is not a shard", dir,
                     e->d_name);
            rc = -1;
            break;
        }
        count++;
        if (i > highest)
            highest = i;
    }
    closedir(d);
    if (rc == 1 && (count == 0 || highest != count - 1)) {
        snprintf(message, message_size, "%s holds %u shards but not 0 to "
                 "%u", dir, count, count ? count - 1 : 0);
        rc = -1;
    }
    *n = count;
    return rc;
}

/* Checks that DB's metadata KEY is WANTED; otherwise says so in MESSAGE
 * and returns -1. */
static int check_metadata(xc_db *db, const char *path, const char *key,
                          const char *wanted, char *message,
                          size_t message_size)
{
    char *stored = NULL;
    if (xc_db_get_metadata(db, key, &stored, NULL) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read shard %s: %s", path,
                 xc_db_last_error(db));
        return -1;
    }
    int rc = strcmp(stored, wanted) == 0 ? 0 : -1;
    if (rc != 0)
        snprintf(message, message_size, "shard %s has %s \"%.64s\", this "
                 "run \"%.64s\"", path, key, stored, wanted);
    xc_free(stored);
    return rc;
}

/* Checks shard I of N under DIR and adds its articles to *N_ARTICLES. */
static int inspect_shard(const char *dir, unsigned i, unsigned n,
                         const char *const *metadata, uint64_t *n_articles,
                         char *message, size_t message_size)
{
    char identity[64];
    xc_db *db = NULL;
    uint32_t count = 0;
    int rc = -1;
    char *path = shard_path(dir, i);
    shard_identity(i, n, identity, sizeof identity);
    if (path == NULL) {
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    if (xc_db_open_readonly(path, &db) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot open shard %s: %s", path,
                 xc_thread_last_error());
        goto done;
    }
    if (check_metadata(db, path, SHARD_POOL_META_SHARD, identity, message,
                       message_size) != 0)
        goto done;
    for (const char *const *m = metadata; m && m[0]; m += 2)
        if (check_metadata(db, path, m[0], m[1], message, message_size) != 0)
            goto done;
    if (xc_db_doc_count(db, &count) != XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot read shard %s: %s", path,
                 xc_db_last_error(db));
        goto done;
    }
    *n_articles += count;
    rc = 0;
done:
    xc_db_destroy(db);
    free(path);
    return rc;
}

int shard_pool_inspect(const char *dir, const char *const *metadata,
                       shard_pool_kept *kept, char *message,
                       size_t message_size)
{
    unsigned n = 0;
    uint64_t n_articles = 0;
    memset(kept, 0, sizeof *kept);
    int rc = count_shards(dir, &n, message, message_size);
    for (unsigned i = 0; rc == 1 && i < n; i++)
        if (inspect_shard(dir, i, n, metadata, &n_articles, message,
                          message_size) != 0)
            rc = -1;
    if (rc == 1) {
        kept->n_shards = n;
        kept->n_articles = n_articles;
    }
    return rc;
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

int shard_pool_add(shard_pool *p, const char *unique_term, xc_doc *doc,
                   int is_first, char *message, size_t message_size)
{
    struct shard *s = &p->shards[shard_of(unique_term, p->n)];
    char *term = strdup(unique_term);
    if (term == NULL) {
        xc_doc_destroy(doc);
        snprintf(message, message_size, "out of memory");
        return -1;
    }
    pthread_mutex_lock(&s->lock);
    while (s->count == QUEUE_SIZE && !s->has_failed)
        pthread_cond_wait(&s->not_full, &s->lock);
    if (s->has_failed) {
        snprintf(message, message_size, "%s", s->error);
        pthread_mutex_unlock(&s->lock);
        xc_doc_destroy(doc);
        free(term);
        return -1;
    }
    s->queue[(s->head + s->count) % QUEUE_SIZE] =
        (struct item){.unique_term = term, .doc = doc, .is_first = is_first};
    s->count++;
    pthread_cond_signal(&s->not_empty);
    pthread_mutex_unlock(&s->lock);
    return 0;
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

int shard_pool_stop(shard_pool *p, char *message, size_t message_size)
{
    stop_threads(p);
    for (unsigned i = 0; i < p->n; i++) {
        if (p->shards[i].has_failed) {
            snprintf(message, message_size, "%s", p->shards[i].error);
            return -1;
        }
    }
    return 0;
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
        pthread_mutex_lock(&p->shards[i].lock);
        p->shards[i].has_failed = 1;
        pthread_mutex_unlock(&p->shards[i].lock);
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

int shard_pool_finish(shard_pool *p, const char *destination, char *message,
                      size_t message_size)
{
    if (shard_pool_stop(p, message, message_size) != 0)
        return -1;
    const char **paths = calloc(p->n, sizeof *paths);
    int rc = -1;
    if (paths == NULL) {
        snprintf(message, message_size, "out of memory");
        goto done;
    }
    for (unsigned i = 0; i < p->n; i++) {
        struct shard *s = &p->shards[i];
        char why[400];
        /* Even an empty batch: the spelling dictionary came after. */
        if (commit_shard(s, why, sizeof why) != 0) {
            snprintf(message, message_size, "shard %s: %s", s->path, why);
            goto done;
        }
        if (xc_db_close(s->db) != XC_STATUS_SUCCESS) {
            snprintf(message, message_size, "cannot close shard %s: %s",
                     s->path, xc_db_last_error(s->db));
            goto done;
        }
        paths[i] = s->path;
    }
    if (disk_full_check_room(p->dir,
                             disk_full_merge_bytes(
                                 disk_full_tree_bytes(p->dir)),
                             message, message_size) != 0)
        goto done;
    if (xc_compact(paths, p->n, destination, XC_COMPACT_MULTIPASS) !=
        XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot merge the shards: %s",
                 xc_thread_last_error());
        goto done;
    }
    rc = 0;
done:
    free(paths);
    return rc;
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
