/*
 * index_cmd.h: `dossier-index FILE...`: reading, building, writing.
 */
#ifndef DOSSIER_INDEX_CMD_H
#define DOSSIER_INDEX_CMD_H

#include <stddef.h>

#include "dossier/gazetteer.h"
#include "input.h"

typedef struct index_options {
    const char *db_path;
    input_format format;
    const char *lang;          /* for articles that do not say; NULL: en */
    size_t batch;
    unsigned jobs;             /* shards for a bulk load into an empty index */
    size_t max_article_bytes;
    int is_quiet;              /* no progress line */
} index_options;

/* Indexes FILES (N of them; "-" is standard input) into the index of
 * OPTS.  Messages go to stderr prefixed with PROGRAM.  Returns the exit
 * status: 0 all indexed, 1 some input rejected, 2 fatal, 130 interrupted
 * (what was read before the interruption is committed). */
int index_command(const char *program, const index_options *opts,
                  const dossier_gazetteer *gaz, char *const *files, size_t n);

#endif
