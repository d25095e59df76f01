/*
 * build_pool.h: analysing articles and building their documents in
 * worker threads, handing the results back in input order, so that
 * deduplication (first seen wins) and the index are the same whatever
 * the number of threads.
 */
#ifndef DOSSIER_BUILD_POOL_H
#define DOSSIER_BUILD_POOL_H

#include <stddef.h>

#include "dossier/document.h"
#include "dossier/gazetteer.h"

typedef struct build_pool build_pool;

/* Receives each built article, in the order submitted: ST is the build's
 * status (DOSSIER_OK: B->doc is the caller's to take, else NULL), WHERE
 * the item's place, LANG the language it was analysed in.  Returns
 * DOSSIER_OK, or any other status to stop (the pool then drops the rest,
 * and its calls return that status). */
typedef dossier_status (*build_deliver_fn)(void *ctx, dossier_status st,
                                           dossier_built *b,
                                           const char *where,
                                           const char *lang);

/* Starts N_THREADS builders (each with its own analyzer over GAZ, which
 * must outlive the pool), with at most WINDOW articles in flight.
 * DEFAULT_LANG applies to articles that give none.  Returns DOSSIER_OK
 * or DOSSIER_ERR_NOMEM (no memory or no thread). */
dossier_status build_pool_start(const dossier_gazetteer *gaz,
                                const char *default_lang, unsigned n_threads,
                                size_t window, build_deliver_fn fn, void *ctx,
                                build_pool **out);

/* Queues A, moving its fields out (A is left empty).  While the window is
 * full, delivers finished results.  Returns DOSSIER_OK, or the status of
 * the delivery that said stop. */
dossier_status build_pool_submit(build_pool *p, dossier_article *a,
                                 const char *where);

/* Delivers everything still in flight.  Returns as build_pool_submit. */
dossier_status build_pool_drain(build_pool *p);

/* Stops the builders; results not delivered are dropped. */
void build_pool_free(build_pool *p);

#endif
