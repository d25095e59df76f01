/*
 * shard_pool.c: one writer thread per shard, fed through bounded queues.
 */
#include "shard_pool.h"
#include "fs.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Documents waiting per shard: enough to keep a writer busy while the
 * reader analyzes, few enough to bound memory. */
#define QUEUE_SIZE 256

struct item {
    char *unique_term;
    xc_doc *doc;
};

struct shard {
    shard_pool *pool;
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
};

struct shard_pool {
    char *dir;
    unsigned n;
    struct shard *shards;
};

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

        if (!has_failed &&
            xc_db_replace_document_by_term(s->db, it.unique_term, it.doc,
                                           NULL) != XC_STATUS_SUCCESS) {
            pthread_mutex_lock(&s->lock);
            s->has_failed = 1;
            snprintf(s->error, sizeof s->error, "shard: %s",
                     xc_db_last_error(s->db));
            pthread_cond_broadcast(&s->not_full);
            pthread_mutex_unlock(&s->lock);
        }
        xc_doc_destroy(it.doc);
        free(it.unique_term);
    }
    return NULL;
}


int shard_pool_start(const char *dir, unsigned n_shards,
                     const char *const *metadata, shard_pool **out,
                     char *message, size_t message_size)
{
    *out = NULL;
    shard_pool *p = calloc(1, sizeof *p);
    if (p == NULL || (p->dir = strdup(dir)) == NULL ||
        (p->shards = calloc(n_shards, sizeof *p->shards)) == NULL) {
        snprintf(message, message_size, "out of memory");
        if (p)
            free(p->dir);
        free(p);
        return -1;
    }
    p->n = n_shards;
    if (mkdir(dir, 0755) != 0) {
        snprintf(message, message_size, "cannot create %s: %s", dir,
                 strerror(errno));
        free(p->shards);
        free(p->dir);
        free(p);
        return -1;
    }
    for (unsigned i = 0; i < n_shards; i++) {
        struct shard *s = &p->shards[i];
        char path[4096];
        snprintf(path, sizeof path, "%s/%u", dir, i);
        s->pool = p;
        pthread_mutex_init(&s->lock, NULL);
        pthread_cond_init(&s->not_empty, NULL);
        pthread_cond_init(&s->not_full, NULL);
        /* A crash throws the shards away: syncing them buys nothing. */
        if (xc_db_open_writable(path, (xc_db_mode)(XC_DB_CREATE | XC_DB_NO_SYNC),
                                &s->db) !=
            XC_STATUS_SUCCESS) {
            snprintf(message, message_size, "cannot create shard %s: %s",
                     path, xc_thread_last_error());
            goto fail;
        }
        for (const char *const *m = metadata; m && m[0]; m += 2)
            xc_db_set_metadata(s->db, m[0], m[1], strlen(m[1]));
        if (pthread_create(&s->thread, NULL, shard_main, s) != 0) {
            snprintf(message, message_size, "cannot start a thread");
            goto fail;
        }
        s->is_running = 1;
    }
    *out = p;
    return 0;
fail:
    shard_pool_free(p);
    return -1;
}

/* The same hash for the same term in every run, so that re-indexing
 * sends an article to the shard that already has it. */
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
                   char *message, size_t message_size)
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
        (struct item){.unique_term = term, .doc = doc};
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

int shard_pool_finish(shard_pool *p, const char *destination, char *message,
                      size_t message_size)
{
    stop_threads(p);
    const char **paths = calloc(p->n, sizeof *paths);
    char (*names)[4096] = calloc(p->n, sizeof *names);
    int rc = -1;
    if (paths == NULL || names == NULL) {
        snprintf(message, message_size, "out of memory");
        goto done;
    }
    for (unsigned i = 0; i < p->n; i++) {
        struct shard *s = &p->shards[i];
        if (s->has_failed) {
            snprintf(message, message_size, "%s", s->error);
            goto done;
        }
        if (xc_db_close(s->db) != XC_STATUS_SUCCESS) {
            snprintf(message, message_size, "cannot commit a shard: %s",
                     xc_db_last_error(s->db));
            goto done;
        }
        snprintf(names[i], sizeof names[i], "%s/%u", p->dir, i);
        paths[i] = names[i];
    }
    if (xc_compact(paths, p->n, destination, XC_COMPACT_MULTIPASS) !=
        XC_STATUS_SUCCESS) {
        snprintf(message, message_size, "cannot merge the shards: %s",
                 xc_thread_last_error());
        goto done;
    }
    rc = 0;
done:
    free(paths);
    free(names);
    return rc;
}

void shard_pool_free(shard_pool *p)
{
    if (p == NULL)
        return;
    /* Dropped items are destroyed by the threads, which drain the queues
     * before they stop; a failed shard skips the writing. */
    for (unsigned i = 0; i < p->n; i++) {
        pthread_mutex_lock(&p->shards[i].lock);
        p->shards[i].has_failed = 1;
        pthread_mutex_unlock(&p->shards[i].lock);
    }
    stop_threads(p);
    for (unsigned i = 0; i < p->n; i++) {
        struct shard *s = &p->shards[i];
        xc_db_destroy(s->db);
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->not_empty);
        pthread_cond_destroy(&s->not_full);
    }
    remove_tree(p->dir);
    free(p->shards);
    free(p->dir);
    free(p);
}
