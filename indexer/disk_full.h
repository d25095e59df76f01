/*
 * disk_full.h: telling a full disk from other write failures, and not
 * committing into one.
 *
 * Xapian reports a full disk as a DatabaseError ("Error writing block 31
 * (No space left on device)"), which the shim classifies with damaged
 * files (XC_STATUS_CORRUPT): only the text tells them apart.  Worse,
 * Xapian 1.4.22 aborts the process (std::terminate) when the disk fills
 * during a commit, while a failure when adding a document is a plain
 * error that leaves the last commit in place.  So a writer checks the
 * free space before it commits, and stops cleanly when a commit might not
 * fit.
 */
#ifndef DOSSIER_DISK_FULL_H
#define DOSSIER_DISK_FULL_H

#include <stdbool.h>
#include <stdint.h>

#include "dossier/status.h"

/* Whether the message TEXT (may be NULL) of a failure tells of a full
 * disk or an exceeded quota, in strerror's words for ENOSPC and EDQUOT:
 * Xapian quotes them ("Error writing block 31 (No space left on
 * device)"), and so do dossier-index's own messages of a failed system
 * call, so that the errno of any step is seen.  Thread-safe. */
bool disk_full_error(const char *text);

/* A bound on what a commit writes, given the bytes of the stored records
 * of the articles added since the last commit.  Xapian writes postings,
 * positions, term lists, values and records: a few times the record, and
 * tables' blocks copied on write. */
uint64_t disk_full_commit_bytes(uint64_t record_bytes);

/* A bound on what merging shards of SHARD_BYTES writes: compaction
 * writes a copy at most as large as its sources, then the merged index
 * takes the marks of the clusters' first articles, documents rewritten
 * in place. */
uint64_t disk_full_merge_bytes(uint64_t shard_bytes);

/* The bytes the files under DIR take on disk; 0 when it cannot tell. */
uint64_t disk_full_tree_bytes(const char *dir);

/* Whether the file system holding DIR has less free than any commit
 * needs: a write that failed there most likely failed for want of space,
 * whatever its message says (some of Xapian's failures come without
 * one).  False when it cannot tell.  Thread-safe. */
bool disk_full_is_full(const char *dir);

/* Checks that the file system holding the folder DIR has NEEDED bytes
 * free for an unprivileged writer.  Returns DOSSIER_OK when it has, or
 * when it cannot tell (the commit then runs and may fail on its own);
 * DOSSIER_ERR_IO when it has not, with ERR (may be NULL) saying so in
 * words that disk_full_error recognizes.  Thread-safe. */
dossier_status disk_full_check_room(const char *dir, uint64_t needed,
                                    dossier_error *err);

#endif
