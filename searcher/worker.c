/*
 * worker.c: one background thread, one task at a time.
 */
#include "worker.h"

#include <pthread.h>
#include <stdlib.h>

struct worker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a task came, a task ended, or quit */
    void (*task)(void *arg); /* the task at hand, NULL when idle */
    void *arg;
    int is_quitting;
};

static void *work(void *arg)
{
    worker *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->task == NULL && !w->is_quitting)
            pthread_cond_wait(&w->changed, &w->lock);
        if (w->task == NULL)
            break; /* quitting, nothing at hand */
        void (*task)(void *) = w->task;
        void *task_arg = w->arg;
        pthread_mutex_unlock(&w->lock);
        task(task_arg);
        pthread_mutex_lock(&w->lock);
        w->task = NULL;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

dossier_status worker_new(worker **out)
{
    *out = NULL;
    worker *w = calloc(1, sizeof *w);
    if (w == NULL)
        return DOSSIER_ERR_NOMEM;
    if (pthread_mutex_init(&w->lock, NULL) != 0) {
        free(w);
        return DOSSIER_ERR_NOMEM;
    }
    if (pthread_cond_init(&w->changed, NULL) != 0) {
        pthread_mutex_destroy(&w->lock);
        free(w);
        return DOSSIER_ERR_NOMEM;
    }
    if (pthread_create(&w->thread, NULL, work, w) != 0) {
        pthread_cond_destroy(&w->changed);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return DOSSIER_ERR_NOMEM;
    }
    *out = w;
    return DOSSIER_OK;
}

void worker_free(worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->is_quitting = 1;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

dossier_status worker_run(worker *w, void (*task)(void *arg), void *arg)
{
    pthread_mutex_lock(&w->lock);
    int is_busy = w->task != NULL;
    if (!is_busy) {
        w->task = task;
        w->arg = arg;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return is_busy ? DOSSIER_ERR_INVALID : DOSSIER_OK;
}

void worker_wait(worker *w)
{
    pthread_mutex_lock(&w->lock);
    while (w->task != NULL)
        pthread_cond_wait(&w->changed, &w->lock);
    pthread_mutex_unlock(&w->lock);
}
