/*
 * worker.h: one background thread that runs one task at a time, for work
 * a search can do beside its ranked match (counting every match).
 *
 * A thread kept for the searcher's life: starting one per search cost
 * more than the count it would hide (its first allocations, and the
 * scheduler's delay in placing it).
 *
 * Thread-safety: a worker belongs to one caller thread, which hands it a
 * task (worker_run) and waits for it (worker_wait) before handing the
 * next.  What the task touches belongs to it until worker_wait returns.
 */
#ifndef DOSSIER_SEARCHER_WORKER_H
#define DOSSIER_SEARCHER_WORKER_H

#include "dossier/status.h"

typedef struct worker worker;

/* Starts a worker into *OUT (the caller's, worker_free).  Returns
 * DOSSIER_OK, or DOSSIER_ERR_NOMEM when no thread could be started (then
 * do the work yourself). */
dossier_status worker_new(worker **out);

/* Waits for the task at hand, if any, and stops the worker. */
void worker_free(worker *w);

/* Runs TASK(ARG) on the worker.  Returns DOSSIER_OK, or
 * DOSSIER_ERR_INVALID when a task is already at hand. */
dossier_status worker_run(worker *w, void (*task)(void *arg), void *arg);

/* Waits until the task handed by worker_run is done (at once if none). */
void worker_wait(worker *w);

#endif
