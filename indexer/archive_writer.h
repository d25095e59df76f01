/*
 * archive_writer.h: writing an archive in shards by period
 * (dossier-index --shard-by year|month).
 *
 * An archive is a folder: one Dossier index per period ("1987", or
 * "1987-03" by month), one for the undated articles ("undated"), and the
 * stub file DOSSIER_ARCHIVE_STUB (XAPIANDB) that lists them, with which
 * Xapian, its tools and dossier-search open the folder as one database
 * (dossier/stub.h).  Each article
 * goes to the shard of its publication date, through the writer of that
 * shard (writer.h), which dedupes and clusters as in any index: an exact
 * duplicate has the same day, so the same shard.  An article's id is
 * unique across the archive: indexed again with another date, it moves
 * (removed from its former shard, counted as replaced).
 *
 * What differs from one index of the same articles: near-duplicates are
 * found within a shard, so copies of a story published either side of a
 * period's end are not one story.  The spelling dictionary of "did you
 * mean" is the archive's, in "meta", counted batch by batch as one index
 * of the articles (loaded without --jobs) counts it: a search whose stub
 * names meta as a local database suggests what one index would, whatever
 * its other shards (Xapian's remote protocol carries no spelling).
 *
 * The stub lists the shard "meta" first (see archive_writer_get_metadata),
 * then the periods in time order, then "undated".
 *
 * Not thread-safe: one run, one owner.
 */
#ifndef DOSSIER_ARCHIVE_WRITER_H
#define DOSSIER_ARCHIVE_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/document.h"
#include "dossier/status.h"
#include "writer.h"

typedef enum {
    ARCHIVE_BY_NONE = 0, /* not an archive; or: as the archive says */
    ARCHIVE_BY_YEAR,
    ARCHIVE_BY_MONTH,
} archive_period;

/* Reads "year" or "month" into *OUT.  Returns false for anything else. */
bool archive_parse_period(const char *text, archive_period *out);

typedef struct archive_writer archive_writer;

/* Opens the archive at PATH for writing, creating it when PATH does not
 * exist or is an empty folder and BY names a period.  BY
 * ARCHIVE_BY_NONE: PATH must be an archive, split as its stub says;
 * otherwise an archive must be split by BY.  Shards are opened as
 * articles reach them (at most a few at once: each holds files open),
 * each a writer of BATCH articles a commit checked against GAZ_VERSION.
 * Returns DOSSIER_OK with *OUT set; DOSSIER_ERR_INVALID when PATH is an
 * index and not an archive, or an archive split otherwise, or its stub
 * names a shard this machine cannot write (remote); DOSSIER_ERR_IO;
 * DOSSIER_ERR_NOMEM; writer_open's statuses; with ERR. */
dossier_status archive_writer_open(const char *path, archive_period by,
                                   size_t batch, const char *gaz_version,
                                   archive_writer **out, dossier_error *err);

/* Adds the article built in B to the shard of its date (writer_add), and
 * removes it from another shard that held it.  Returns as writer_add. */
dossier_status archive_writer_add(archive_writer *a, dossier_built *b,
                                  writer_skip *skip, dossier_error *err);

/* The archive's metadata (the feeds' state, the duplicates skipped, the
 * versions), which lives in a shard of its own that holds no article,
 * "meta", first in the stub, where Xapian and the searches read a stub's
 * metadata.  What this run sets is kept in memory and written when it
 * finishes, after the articles: a crash loses it, and the next run then
 * fetches and indexes again what it described.  Get: *VALUE a new string
 * (free()), NULL when absent.  Return DOSSIER_OK, DOSSIER_ERR_INDEX or
 * DOSSIER_ERR_NOMEM, with ERR. */
dossier_status archive_writer_get_metadata(archive_writer *a, const char *key,
                                           char **value, dossier_error *err);
dossier_status archive_writer_set_metadata(archive_writer *a,
                                           const char *key, const char *value,
                                           dossier_error *err);

/* Commits every shard, then the metadata, then writes the stub that lists
 * them all.  Returns DOSSIER_OK, writer_finish's statuses, or
 * DOSSIER_ERR_IO (the stub). */
dossier_status archive_writer_finish(archive_writer *a, dossier_error *err);

/* What the run did, over every shard; a moved article counts as
 * replaced. */
const writer_stats *archive_writer_stats(const archive_writer *a);

/* Where the gazetteer image and other files of the whole archive go: its
 * folder.  Belongs to A. */
const char *archive_writer_path(const archive_writer *a);

/* Frees A; what was not committed is dropped. */
void archive_writer_free(archive_writer *a);

#endif
