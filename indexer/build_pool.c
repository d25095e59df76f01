/*
 * build_pool.c: a ring of WINDOW slots.  The submitting thread fills slot
 * seq % WINDOW and delivers slots in sequence; builders take the oldest
 * queued slot.  One mutex guards the ring: the work done under it is a
 * few pointer moves per article, next to milliseconds of analysis.
 */
#include "build_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum slot_state { SLOT_FREE, SLOT_QUEUED, SLOT_BUILDING, SLOT_DONE };

struct slot {
    enum slot_state state;
    dossier_article article;
    char where[512];
    char lang[32];
    dossier_status status;
    dossier_built built;
};

struct builder {
    build_pool *pool;
    pthread_t thread;
    dossier_analyzer *an;
    dossier_builder *b;
    int is_running;
};

struct build_pool {
    pthread_mutex_t lock;
    pthread_cond_t work;     /* a slot was queued, or stop */
    pthread_cond_t done;     /* a slot was built */
    struct slot *slots;
    size_t window;
    size_t next_deliver;     /* sequence numbers */
    size_t next_submit;
    size_t next_build;
    int is_stopping;
    dossier_status failed;   /* what stopped the pool: a delivery's status,
                                or DOSSIER_ERR_NOMEM */
    struct builder *builders;
    unsigned n_builders;
    char default_lang[32];
    build_deliver_fn deliver;
    void *ctx;
};

static void *builder_main(void *arg)
{
    struct builder *w = arg;
    build_pool *p = w->pool;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->is_stopping && p->next_build == p->next_submit)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->is_stopping)
            break;
        struct slot *s = &p->slots[p->next_build % p->window];
        p->next_build++;
        s->state = SLOT_BUILDING;
        pthread_mutex_unlock(&p->lock);

        s->status = dossier_build(w->b, &s->article, p->default_lang,
                                  &s->built);
        snprintf(s->lang, sizeof s->lang, "%s", s->built.lang);
        dossier_article_clear(&s->article);

        pthread_mutex_lock(&p->lock);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

dossier_status build_pool_start(const dossier_gazetteer *gaz,
                                const char *default_lang, unsigned n_threads,
                                size_t window, build_deliver_fn fn, void *ctx,
                                build_pool **out)
{
    *out = NULL;
    build_pool *p = calloc(1, sizeof *p);
    if (p == NULL)
        return DOSSIER_ERR_NOMEM;
    p->window = window ? window : 1;
    p->deliver = fn;
    p->ctx = ctx;
    snprintf(p->default_lang, sizeof p->default_lang, "%s",
             default_lang ? default_lang : "");
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    p->slots = calloc(p->window, sizeof *p->slots);
    p->builders = calloc(n_threads ? n_threads : 1, sizeof *p->builders);
    if (p->slots == NULL || p->builders == NULL) {
        build_pool_free(p);
        return DOSSIER_ERR_NOMEM;
    }
    p->n_builders = n_threads ? n_threads : 1;
    for (unsigned i = 0; i < p->n_builders; i++) {
        struct builder *w = &p->builders[i];
        w->pool = p;
        if (dossier_analyzer_new(gaz, &w->an) != DOSSIER_OK ||
            dossier_builder_new(w->an, &w->b) != DOSSIER_OK ||
            pthread_create(&w->thread, NULL, builder_main, w) != 0) {
            build_pool_free(p);
            return DOSSIER_ERR_NOMEM;
        }
        w->is_running = 1;
    }
    *out = p;
    return DOSSIER_OK;
}

/* Delivers the next slot if it is built; with IS_WAITING, waits for it.
 * Called with the lock held.  Whether one was delivered; a delivery that
 * said stop is kept in P->failed. */
static bool deliver_next(build_pool *p, bool is_waiting)
{
    if (p->next_deliver == p->next_submit)
        return false;
    struct slot *s = &p->slots[p->next_deliver % p->window];
    while (s->state != SLOT_DONE) {
        if (!is_waiting)
            return false;
        pthread_cond_wait(&p->done, &p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    dossier_status rc = p->failed != DOSSIER_OK
                            ? p->failed
                            : p->deliver(p->ctx, s->status, &s->built,
                                         s->where, s->lang);
    dossier_built_clear(&s->built); /* what the callee did not take */
    pthread_mutex_lock(&p->lock);
    s->state = SLOT_FREE;
    p->next_deliver++;
    if (rc != DOSSIER_OK)
        p->failed = rc;
    return true;
}

dossier_status build_pool_submit(build_pool *p, dossier_article *a,
                                 const char *where)
{
    pthread_mutex_lock(&p->lock);
    /* Deliver what is ready, and wait while the window is full. */
    while (p->failed == DOSSIER_OK && deliver_next(p, false))
        ;
    while (p->failed == DOSSIER_OK &&
           p->next_submit - p->next_deliver == p->window)
        deliver_next(p, true);
    if (p->failed != DOSSIER_OK) {
        dossier_status failed = p->failed;
        pthread_mutex_unlock(&p->lock);
        return failed;
    }
    struct slot *s = &p->slots[p->next_submit % p->window];
    s->article = *a;
    memset(a, 0, sizeof *a);
    snprintf(s->where, sizeof s->where, "%s", where);
    s->state = SLOT_QUEUED;
    p->next_submit++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
    return DOSSIER_OK;
}

dossier_status build_pool_drain(build_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->failed == DOSSIER_OK && p->next_deliver != p->next_submit)
        deliver_next(p, true);
    dossier_status failed = p->failed;
    pthread_mutex_unlock(&p->lock);
    return failed;
}

void build_pool_free(build_pool *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->lock);
    p->is_stopping = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->n_builders; i++) {
        struct builder *w = &p->builders[i];
        if (w->is_running)
            pthread_join(w->thread, NULL);
        dossier_builder_free(w->b);
        dossier_analyzer_free(w->an);
    }
    /* Slots queued but never built, or built but never delivered. */
    for (size_t i = 0; p->slots && i < p->window; i++) {
        dossier_article_clear(&p->slots[i].article);
        dossier_built_clear(&p->slots[i].built);
    }
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p->slots);
    free(p->builders);
    free(p);
}
