/*
 * writer.h: the index writer: deduplication, near-duplicate clusters,
 * batched transactional commits, bulk loads that resume.
 *
 * A full disk (or quota): when writer_open, writer_add or writer_finish
 * fails for want of space, the message says so in plain words instead of
 * Xapian's, with what is safe (the last commit and its number of
 * articles, or a bulk load's shards) and that the same command, run again
 * once there is room, completes the job.  A commit is not tried when the
 * disk has too little room for it (disk_full.h): Xapian may abort the
 * process when the disk fills during one.
 */
#ifndef DOSSIER_WRITER_H
#define DOSSIER_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/document.h"
#include "dossier/gazetteer.h"
#include "dossier/status.h"
#include "spelling_counter.h"

/* What a run did.  An article is counted once, by what became of it:
 *
 * - added: its unique term was not indexed before, neither in the index
 *   nor, on a resumed bulk load, in the kept shards;
 * - replaced: its unique term was indexed before (in the index, earlier in
 *   this run, or in a kept shard with other content), and its new version
 *   was written over the old one;
 * - kept: on a resumed bulk load, found in a kept shard exactly as this
 *   run built it, so not written again.
 *
 * So a resume of the same input counts as added + kept what one
 * uninterrupted run counts as added, and the same replaced, duplicates
 * and near-duplicates; but for an id that the input gives twice with
 * different content, whose first version the kept shard no longer held:
 * that one is replaced instead of added.  On a bulk load, kept and the
 * split between added and replaced are final once writer_finish has
 * merged the shards. */
typedef struct writer_stats {
    uint64_t added;
    uint64_t replaced;
    uint64_t kept;
    uint64_t duplicates;      /* exact duplicates of another article
                                 (dossier/schema.h): skipped, merged into
                                 it */
    uint64_t near_duplicates; /* indexed, in another article's cluster */
    uint64_t commits;
    unsigned shards;          /* > 0 for a parallel bulk load */
    /* A resumed bulk load: the articles its shards held when this run
     * began (0 for a load that did not resume). */
    int is_resumed;
    uint64_t resumed_articles;
} writer_stats;

typedef struct writer writer;

/* Flags of writer_open. */
enum {
    /* Discard the shards a killed bulk load left instead of resuming it. */
    WRITER_RESTART = 1 << 0,
    /* The caller will write metadata (writer_set_metadata), which a bulk
     * load cannot take: never bulk load, and fail rather than discard
     * the shards of a killed one. */
    WRITER_NEEDS_METADATA = 1 << 1,
};

/* Opens (creating it and its parent folders if needed) the index at PATH
 * for writing, committing every BATCH articles.  A new index is created
 * only where none is: when PATH does not exist or its folder holds no
 * file of one (neither Xapian's nor Dossier's).  A folder that holds
 * some is opened as it is, and when it cannot be, it is an error, never
 * a new index: Xapian would create one over a folder whose postlist.glass
 * is missing, and every article indexed before would be lost in silence.
 *
 * When the index is empty and JOBS > 1, it is a bulk load: JOBS shards are
 * built side by side (PATH.shards), each committing every BATCH of its
 * articles, and merged at writer_finish into PATH.new, which then replaces
 * the empty PATH.  Until then the index stays empty (its last commit).
 *
 * A bulk load that was killed (or failed: a full disk) leaves its shards
 * as of their last commits.  The next writer_open of the still empty
 * index resumes it, whatever JOBS, unless FLAGS has WRITER_RESTART: when
 * PATH.shards holds the load's shards, all of them, each a database
 * committed with this run's schema, analyzer and gazetteer
 * (shard_pool_inspect), they are reopened with the load's number of
 * shards, which routing needs.  The caller gives every article again, and
 * each goes through writer_add as in one uninterrupted run, which rebuilds
 * what the run keeps in memory (exact duplicates' keepers, clusters and
 * their pending marks, spelling counts) exactly; only the write is
 * skipped for an article that a shard holds already, the same document
 * (writer_stats.kept).  The analysis cannot be skipped too: the spelling
 * dictionary counts the words of every article of the load and is written
 * at the merge, and an index keeps stems, not words.  Shards that cannot
 * be resumed, or that WRITER_RESTART discards, are removed and the load
 * starts over; writer_get_notice says so (shards that hold no article are
 * removed without a word).  A caller with WRITER_NEEDS_METADATA, which
 * cannot take a bulk load, fails instead when there is one to resume, and
 * leaves its shards, unless WRITER_RESTART.  The leftovers of a completed
 * merge are put in place (PATH missing, PATH.new marked complete) or
 * cleared; shards beside an index that is not empty are cleared.
 *
 * GAZ_VERSION names the
 * gazetteer in use.  When the index was built by another analyzer or
 * gazetteer, *mismatch (may be NULL) receives a new message the caller
 * frees (else NULL).
 *
 * Returns DOSSIER_OK with *OUT set; DOSSIER_ERR_LOCKED when another
 * process writes the index; DOSSIER_ERR_INDEX when it cannot be opened
 * (damaged or incomplete: the message names it and says so);
 * DOSSIER_REFUSED for a WRITER_NEEDS_METADATA caller facing a killed bulk
 * load; DOSSIER_ERR_IO when a folder cannot be made or the disk is full;
 * DOSSIER_ERR_INVALID for a path too long; DOSSIER_ERR_NOMEM.  ERR (may
 * be NULL) says why. */
dossier_status writer_open(const char *path, size_t batch, unsigned jobs,
                           unsigned flags, const char *gaz_version,
                           writer **out, char **mismatch, dossier_error *err);

/* What writer_open did with the shards of a killed bulk load, for the
 * user ("resuming a killed bulk load: ..."), or NULL when there were
 * none.  Belongs to W. */
const char *writer_get_notice(const writer *w);

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
 * DOSSIER_OK, or a fatal error, with ERR (may be NULL): DOSSIER_ERR_INDEX
 * (the index failed), DOSSIER_ERR_IO (the disk is full: the message says
 * what is safe), DOSSIER_ERR_INVALID (an id too long to record as a
 * duplicate), DOSSIER_ERR_NOMEM. */
dossier_status writer_add(writer *w, dossier_built *b, writer_skip *skip,
                          dossier_error *err);

/* Removes the article of UNIQUE_TERM from the index, in the open batch:
 * an article of an archive that moved to another shard (its date
 * changed).  *WAS_THERE says whether the index held it.  It no longer
 * keeps exact duplicates out (one now is an article of its own), and
 * added back it counts as added.  Returns DOSSIER_OK; DOSSIER_ERR_INVALID
 * for a bulk load; DOSSIER_ERR_INDEX or DOSSIER_ERR_IO (a full disk), as
 * writer_add; DOSSIER_ERR_NOMEM; with ERR (may be NULL). */
dossier_status writer_remove(writer *w, const char *unique_term,
                             bool *was_there, dossier_error *err);

/* Reads the index's metadata under KEY, as of this run (what
 * writer_set_metadata wrote is seen): *VALUE is a new string the caller
 * frees with free(), NULL when absent.  Returns DOSSIER_OK,
 * DOSSIER_ERR_INDEX or DOSSIER_ERR_NOMEM, with ERR (may be NULL). */
dossier_status writer_get_metadata(writer *w, const char *key, char **value,
                                   dossier_error *err);

/* Stores VALUE (NULL deletes) under KEY, committed with the articles of
 * the same batch; a bulk load keeps it in memory and writes it into the
 * merged index.  Returns DOSSIER_OK; DOSSIER_ERR_INDEX;
 * DOSSIER_ERR_NOMEM; with ERR (may be NULL). */
dossier_status writer_set_metadata(writer *w, const char *key,
                                   const char *value, dossier_error *err);

/* Counts the spelling words of W's articles into COUNTER, whose owner
 * writes them (an archive, into its meta shard), instead of W's own
 * dictionary; NULL: W's own again.  COUNTER must outlive W's use of it. */
void writer_share_spelling(writer *w, spelling_counter *counter);

/* Writes the words COUNTER holds twice or more into W's spelling
 * dictionary with the next commit, and empties COUNTER.  Returns
 * DOSSIER_OK; DOSSIER_ERR_INVALID for a bulk load; DOSSIER_ERR_INDEX;
 * with ERR. */
dossier_status writer_add_spelling(writer *w, spelling_counter *counter,
                                   dossier_error *err);

/* Commits what is pending (a bulk load: merges its shards).  Returns
 * DOSSIER_OK, or as writer_add. */
dossier_status writer_finish(writer *w, dossier_error *err);

/* Frees W; changes since the last commit are dropped.  A bulk load not
 * finished leaves its shards as of their last commits, for the next
 * writer_open to resume. */
void writer_free(writer *w);

const writer_stats *writer_get_stats(const writer *w);

#endif
