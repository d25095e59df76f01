/*
 * spelling_counter.h: the words an indexing run counts for the spelling
 * dictionary behind "did you mean", written once per commit (one call
 * per distinct word instead of one per word of every article: the
 * per-article way made indexing 1.5x slower).
 *
 * A word seen once in a batch is left out: mostly names and typos, which
 * make poor suggestions, and each word costs the dictionary an index of
 * its letter fragments.  So the dictionary depends on where the batches
 * end: an archive counts its shards' articles in one counter, batch by
 * batch as one index of them would, and writes the dictionary once, into
 * its meta shard (archive_writer.c).
 *
 * Not thread-safe: one owner.
 */
#ifndef DOSSIER_SPELLING_COUNTER_H
#define DOSSIER_SPELLING_COUNTER_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"
#include "u64map.h"
#include "xapian-c.h"

typedef struct spelling_counter {
    u64map index; /* hash of word -> index + 1 */
    struct spelling_count {
        char *word;
        uint32_t count;
    } *words;
    size_t n, cap;
} spelling_counter;

void spelling_counter_init(spelling_counter *c);
void spelling_counter_free(spelling_counter *c);

/* Counts the N words of WORDS, each NUL-terminated, one after the other.
 * Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
dossier_status spelling_counter_count(spelling_counter *c, const char *words,
                                      size_t n);

/* Ends a batch: each word counted twice or more goes into DB's spelling
 * dictionary with its count, and C starts afresh.  Returns the status of
 * the first write that failed (the rest are not tried), or
 * XC_STATUS_SUCCESS. */
xc_status spelling_counter_flush(spelling_counter *c, xc_db *db);

/* Ends a batch as spelling_counter_flush, into the counter INTO instead
 * of a database (what a run keeps until it can write).  Returns
 * DOSSIER_OK or DOSSIER_ERR_NOMEM. */
dossier_status spelling_counter_flush_into(spelling_counter *c,
                                           spelling_counter *into);

#endif
