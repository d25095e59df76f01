/*
 * index_cmd.h: `dossier-index FILE...`: reading, building, writing.
 */
#ifndef DOSSIER_INDEX_CMD_H
#define DOSSIER_INDEX_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "archive_writer.h"
#include "dossier/gazetteer.h"
#include "dossier/status.h"
#include "input.h"
#include "progress.h"
#include "writer.h"

typedef struct index_options {
    const char *db_path;
    input_format format;
    const char *lang;          /* for articles that do not say; NULL: en */
    size_t batch;
    unsigned jobs;             /* shards for a bulk load into an empty index */
    int is_restart;            /* discard a killed bulk load's shards
                                  instead of resuming it (writer.h) */
    size_t max_article_bytes;
    int is_quiet;              /* no progress line */
    int is_verbose;            /* a line on stderr per duplicate skipped */
    /* A report of the duplicates skipped, one line each: id, keeper's id,
     * FILE:LINE, tab-separated; NULL for none. */
    const char *duplicates_path;
    /* The address the files were saved from, against which their
     * relative links resolve (--base-url); NULL: none. */
    const char *base_url;
    /* --shard-by: write an archive in shards by period (archive_writer.h);
     * ARCHIVE_BY_NONE: an index, or the archive DB_PATH already is. */
    archive_period shard_by;
    /* The gazetteer's TSV, whose text the index keeps; NULL: none. */
    const char *entities_path;
} index_options;

/* Indexes FILES (N of them; "-" is standard input) into the index of
 * OPTS, resuming a killed bulk load unless OPTS->is_restart (writer.h).
 * Messages go to stderr prefixed with PROGRAM.  Returns the exit
 * status: 0 all indexed, 1 some input rejected or kept with a warning
 * (reader.h), 2 fatal, 130 interrupted (what was read before the
 * interruption is committed). */
int index_command(const char *program, const index_options *opts,
                  const dossier_gazetteer *gaz, char *const *files, size_t n);

/* An indexing run, for the commands that feed articles in their own way
 * (dossier-index --fetch): readers hand articles to its sink, which
 * builds them on OPTS->jobs threads and writes them in order.  Messages go
 * to stderr prefixed with PROGRAM.  Not thread-safe. */
typedef struct index_run index_run;

/* Opens the index of OPTS (a bulk load into an empty index when
 * WRITER_JOBS > 1) and the report of OPTS->duplicates_path.  With
 * WRITER_JOBS 1 the caller may write metadata (writer_set_metadata): the
 * shards of a killed bulk load then make it fail, unless
 * OPTS->is_restart discards them.  Returns DOSSIER_OK with *OUT set, or
 * what failed (reported): writer_open's statuses, DOSSIER_ERR_IO (the
 * report cannot be written), DOSSIER_ERR_NOMEM. */
dossier_status index_run_open(const char *program, const index_options *opts,
                              const dossier_gazetteer *gaz,
                              unsigned writer_jobs, index_run **out);

/* The sink that takes articles into R (valid while R lives): rejections
 * and warnings are reported and counted apart. */
reader_sink index_run_sink(index_run *r);

/* Reports a problem in an item kept all the same, as the sink's warn
 * does, and counts it among R's warnings: for the items that reach R by
 * another way than its sink (a fetched feed's). */
void index_run_warn(index_run *r, const char *where, const char *message);

/* Writes every article handed in so far.  Returns DOSSIER_OK, or the
 * status of the fatal error that stopped the run (reported). */
dossier_status index_run_drain(index_run *r);

/* The metadata of the index, or of the archive (archive_writer.h), as of
 * this run (what it set is seen): writer_get_metadata and
 * writer_set_metadata, for a run opened with WRITER_JOBS 1. */
dossier_status index_run_get_metadata(index_run *r, const char *key,
                                      char **value, dossier_error *err);
dossier_status index_run_set_metadata(index_run *r, const char *key,
                                      const char *value, dossier_error *err);

/* What the run's writer did (over every shard of an archive), as of now:
 * read it again after more articles. */
const writer_stats *index_run_stats(const index_run *r);
progress *index_run_progress(index_run *r);
uint64_t index_run_rejected(const index_run *r);
uint64_t index_run_warnings(const index_run *r);

/* Drains, commits, leaves the gazetteer image, prints the summary (rate
 * over ARTICLES_READ).  Returns DOSSIER_OK, or what failed (reported). */
dossier_status index_run_finish(index_run *r, uint64_t articles_read);

/* Frees R; what was not committed is dropped. */
void index_run_free(index_run *r);

/* Leaves the facet image of the index at DB_PATH's latest commit beside
 * it (dossier/facet_image.h); failing is a warning, on stderr prefixed
 * with PROGRAM: searches then count from the values. */
void index_save_facet_image(const char *program, const char *db_path);

/* SIGINT and SIGTERM then only set a flag, which index_run_interrupted
 * reads: the run stops reading and commits what it has. */
void index_run_on_signals(void);
bool index_run_interrupted(void);
/* Forgets an interruption already acted on, so that the next one stops
 * the next phase. */
void index_run_clear_interrupted(void);

#endif
