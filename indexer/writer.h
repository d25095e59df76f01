/*
 * writer.h: the index writer: deduplication, near-duplicate clusters,
 * batched transactional commits.
 */
#ifndef DOSSIER_WRITER_H
#define DOSSIER_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/document.h"
#include "dossier/gazetteer.h"

typedef struct writer_stats {
    uint64_t added;           /* new documents */
    uint64_t replaced;        /* same unique term as one already indexed */
    uint64_t duplicates;      /* exact duplicates of another article
                                 (dossier/schema.h): skipped, merged into
                                 it */
    uint64_t near_duplicates; /* indexed, in another article's cluster */
    uint64_t commits;
    unsigned shards;          /* > 0 for a parallel bulk load */
} writer_stats;

typedef struct writer writer;

/* Outcome of writer_open. */
typedef enum {
    WRITER_OK = 0,
    WRITER_LOCKED,  /* another process is writing the index */
    WRITER_FAILED   /* anything else; see the message */
} writer_status;

/* Opens (creating it and its parent folders if needed) the index at PATH
 * for writing, committing every BATCH articles.
 *
 * When the index is empty and JOBS > 1, it is a bulk load: JOBS shards are
 * built side by side (PATH.shards) and merged at writer_finish into
 * PATH.new, which then replaces the empty PATH.  Until then the index
 * stays empty (its last commit), so a crash loses the run, not the index;
 * leftovers of a crashed bulk load are cleared (or, if the merge had
 * completed, put in place) by the next writer_open.
 *
 * GAZ_VERSION names the
 * gazetteer in use.  When the index was built by another analyzer or
 * gazetteer, *mismatch (may be NULL) receives a new message the caller
 * frees (else NULL).  On failure MESSAGE (MESSAGE_SIZE bytes) says why. */
writer_status writer_open(const char *path, size_t batch, unsigned jobs,
                          const char *gaz_version, writer **out,
                          char **mismatch, char *message,
                          size_t message_size);

/* What writer_add says of an article it skipped as an exact duplicate of
 * another (the keeper).  Ids are unique terms without their prefix. */
typedef struct writer_skip {
    int is_duplicate;
    char id[XC_MAX_TERM_BYTES + 1];
    char keeper_id[XC_MAX_TERM_BYTES + 1];
} writer_skip;

/* Adds the article built in B, taking its document (B->doc is set to
 * NULL).  An exact duplicate of an article of the index or of this run is
 * skipped instead: counted, recorded in the index's metadata under
 * dossier_duplicate_meta_key(its id) with the keeper's id as the value
 * (committed with the articles; a bulk load's go into the merged index),
 * and told in *SKIP (may be NULL; cleared for an article added).  Returns
 * 0, or -1 on a fatal index error (MESSAGE says which). */
int writer_add(writer *w, dossier_built *b, writer_skip *skip, char *message,
               size_t message_size);

/* Reads the index's metadata under KEY, as of this run (what
 * writer_set_metadata wrote is seen): *VALUE is a new string the caller
 * frees with free(), NULL when absent.  Returns 0, or -1 (MESSAGE). */
int writer_get_metadata(writer *w, const char *key, char **value,
                        char *message, size_t message_size);

/* Stores VALUE (NULL deletes) under KEY, committed with the articles of
 * the same batch.  Not for a bulk load (returns -1).  Returns 0 or -1
 * (MESSAGE). */
int writer_set_metadata(writer *w, const char *key, const char *value,
                        char *message, size_t message_size);

/* Commits what is pending.  Returns 0 or -1 (MESSAGE). */
int writer_finish(writer *w, char *message, size_t message_size);

/* Frees W; changes since the last commit are dropped. */
void writer_free(writer *w);

const writer_stats *writer_get_stats(const writer *w);

#endif
