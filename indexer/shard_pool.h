/*
 * shard_pool.h: building several Xapian shards side by side, one thread
 * each, then compacting them into one database.  Xapian's inverter runs on
 * one core per database, so this is how a bulk load uses the machine.
 *
 * Each shard commits (synced) every BATCH articles it has written, so a
 * killed load leaves shards that hold whole articles up to their last
 * commits.  A shard carries the metadata of the load (schema, analyzer,
 * gazetteer) and SHARD_POOL_META_SHARD, "I/N ROUTING", from its creation
 * on: a later run checks with shard_pool_inspect that the shards are all
 * there, of one load and routed as it routes, then resumes them with
 * shard_pool_resume.  Articles go to a shard by their unique term, so an
 * article seen again goes to the shard that holds it.
 */
#ifndef DOSSIER_SHARD_POOL_H
#define DOSSIER_SHARD_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"
#include "xapian-c.h"

/* The shard's number and the load's shard count, and the routing of
 * unique terms to shards ("0/4 fnv1a32"); the merged index does not keep
 * it. */
#define SHARD_POOL_META_SHARD "dossier:bulk-shard"

typedef struct shard_pool shard_pool;

/* Creates N_SHARDS new databases under the folder DIR (which must not
 * exist) and a writer thread for each, committing every BATCH articles.
 * METADATA is a NULL-terminated list of key, value pairs written to every
 * shard, committed before any article.  Returns DOSSIER_OK;
 * DOSSIER_ERR_IO (DIR cannot be made), DOSSIER_ERR_INDEX (a shard cannot
 * be created) or DOSSIER_ERR_NOMEM (no memory or no thread), with ERR
 * (may be NULL). */
dossier_status shard_pool_start(const char *dir, unsigned n_shards,
                                size_t batch, const char *const *metadata,
                                shard_pool **out, dossier_error *err);

/* What a killed load left in its shards. */
typedef struct shard_pool_kept {
    unsigned n_shards;
    uint64_t n_articles; /* committed, all shards together */
} shard_pool_kept;

/* Looks at DIR for the shards of a killed load that can be resumed: the
 * folders 0 to N-1 and nothing else, each a database that opens, whose
 * SHARD_POOL_META_SHARD names its place among N with our routing, and
 * whose METADATA (as for shard_pool_start) is ours.  Reads only.
 * Returns DOSSIER_OK with *KEPT filled in; DOSSIER_NOT_FOUND when DIR
 * does not exist; when it exists but cannot be resumed, with ERR (may be
 * NULL) saying why: DOSSIER_REFUSED (other entries, shards missing, or
 * shards of another load), DOSSIER_ERR_INDEX (a shard cannot be opened
 * or read), DOSSIER_ERR_IO (DIR cannot be read); or DOSSIER_ERR_NOMEM. */
dossier_status shard_pool_inspect(const char *dir,
                                  const char *const *metadata,
                                  shard_pool_kept *kept, dossier_error *err);

/* Reopens for writing the N_SHARDS shards under DIR that
 * shard_pool_inspect accepted, and starts their threads, committing every
 * BATCH articles.  An article sent with IS_FIRST (see shard_pool_add)
 * that its shard holds already, the same in every term, value and byte of
 * its data, is not written again.  Returns DOSSIER_OK, DOSSIER_ERR_INDEX
 * (a shard cannot be reopened) or DOSSIER_ERR_NOMEM, with ERR (may be
 * NULL). */
dossier_status shard_pool_resume(const char *dir, unsigned n_shards,
                                 size_t batch, shard_pool **out,
                                 dossier_error *err);

/* Queues DOC (taken: the pool destroys it) for the shard that owns
 * UNIQUE_TERM, so that an article seen twice lands twice in the same
 * shard and replaces itself.  IS_FIRST says that this run has not sent
 * UNIQUE_TERM before, so that a resumed shard may hold the article
 * already (see shard_pool_resume).  DOC NULL removes the article of
 * UNIQUE_TERM from its shard, if there: one a killed load kept that this
 * run skips.  Blocks while that shard's queue is full.  Returns DOSSIER_OK,
 * DOSSIER_ERR_NOMEM, or once a shard has failed what it failed with
 * (DOSSIER_ERR_INDEX; DOSSIER_ERR_IO when its disk is full), with ERR
 * (may be NULL). */
dossier_status shard_pool_add(shard_pool *p, const char *unique_term,
                              xc_doc *doc, bool is_first, dossier_error *err);

/* Waits for every queued document and stops the threads; then the first
 * shard may take more (the spelling dictionary) through
 * shard_pool_first_db.  Returns DOSSIER_OK, or what the first shard that
 * failed failed with, with ERR (may be NULL). */
dossier_status shard_pool_stop(shard_pool *p, dossier_error *err);
xc_db *shard_pool_first_db(shard_pool *p);

/* Stops the threads, dropping what is queued, so that the shards stay as
 * of their last commits (as a kill leaves them).  Idempotent. */
void shard_pool_halt(shard_pool *p);

/* What the shards did, read once their threads have stopped
 * (shard_pool_stop, shard_pool_halt or shard_pool_finish). */
typedef struct shard_pool_counts {
    uint64_t unchanged; /* IS_FIRST articles found as they were: not
                           written */
    uint64_t rewritten; /* IS_FIRST articles found with other content */
    uint64_t committed; /* articles in the shards as of their last
                           commits */
} shard_pool_counts;
void shard_pool_get_counts(const shard_pool *p, shard_pool_counts *out);

/* Stops the pool if needed, commits the shards and compacts them into a
 * new database at DESTINATION.  Returns DOSSIER_OK; DOSSIER_ERR_IO when
 * the disk has no room for the merge; DOSSIER_ERR_INDEX or
 * DOSSIER_ERR_NOMEM; with ERR (may be NULL). */
dossier_status shard_pool_finish(shard_pool *p, const char *destination,
                                 dossier_error *err);

/* Stops the threads (dropping what is queued) and frees P.  The shards
 * stay in DIR as of their last commits, for a later run to resume or
 * remove. */
void shard_pool_free(shard_pool *p);

#endif
