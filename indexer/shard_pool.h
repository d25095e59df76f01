/*
 * shard_pool.h: building several Xapian shards side by side, one thread
 * each, then compacting them into one database.  Xapian's inverter runs on
 * one core per database, so this is how a bulk load uses the machine.
 */
#ifndef DOSSIER_SHARD_POOL_H
#define DOSSIER_SHARD_POOL_H

#include <stddef.h>

#include "xapian-c.h"

typedef struct shard_pool shard_pool;

/* Creates N_SHARDS new databases under the folder DIR (which must not
 * exist) and a writer thread for each.  METADATA is a NULL-terminated list
 * of key, value pairs written to every shard.  Returns 0, or -1 with
 * MESSAGE. */
int shard_pool_start(const char *dir, unsigned n_shards,
                     const char *const *metadata, shard_pool **out,
                     char *message, size_t message_size);

/* Queues DOC (taken: the pool destroys it) for the shard that owns
 * UNIQUE_TERM, so that an article seen twice lands twice in the same
 * shard and replaces itself.  Blocks while that shard's queue is full.
 * Returns 0, or -1 with MESSAGE once a shard has failed. */
int shard_pool_add(shard_pool *p, const char *unique_term, xc_doc *doc,
                   char *message, size_t message_size);

/* Waits for every queued document and stops the threads; then the first
 * shard may take more (the spelling dictionary) through
 * shard_pool_first_db.  Returns 0, or -1 with MESSAGE if a shard failed. */
int shard_pool_stop(shard_pool *p, char *message, size_t message_size);
xc_db *shard_pool_first_db(shard_pool *p);

/* Stops the pool if needed, commits the shards and compacts them into a
 * new database at DESTINATION.  Returns 0, or -1 with MESSAGE. */
int shard_pool_finish(shard_pool *p, const char *destination, char *message,
                      size_t message_size);

/* Stops the threads (dropping what is queued) and removes DIR. */
void shard_pool_free(shard_pool *p);

#endif
