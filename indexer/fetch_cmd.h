/*
 * fetch_cmd.h: `dossier-index --fetch`: download the feeds that changed
 * and index their new articles; `--check` and `--dry-run`.
 */
#ifndef DOSSIER_FETCH_CMD_H
#define DOSSIER_FETCH_CMD_H

#include <stdint.h>

#include "dossier/gazetteer.h"
#include "fetcher.h"
#include "index_cmd.h"

typedef enum {
    FETCH_RUN = 0,  /* fetch what is due, index it, keep the state */
    FETCH_CHECK,    /* fetch every feed once; list those that fail */
    FETCH_DRY_RUN   /* say what a run would fetch; no network, no writes */
} fetch_mode;

typedef struct fetch_command_options {
    index_options index;      /* the index, batch, language, quiet */
    const char *feeds_path;   /* OPML or a list of URLs */
    fetch_mode mode;
    int is_full_text;         /* fetch the pages of summary-only items */
    int is_force;             /* ignore the per-feed schedule */
    int64_t min_interval;     /* seconds between two fetches of a feed */
    fetch_options net;
} fetch_command_options;

/* Runs MODE over the feeds of OPTS.  One line per feed goes to standard
 * output, warnings and the summary to standard error, prefixed with
 * PROGRAM.  Returns the exit status: 0 every feed fine; 1 some feed failed
 * or some item was rejected (an item kept with a warning, which the
 * summary counts, fails nothing); 2 fatal (unreadable list, index locked or
 * unusable, out of memory); 130 interrupted (while fetching: what was
 * fetched is indexed; while indexing: what was handed to the index is
 * committed with its feeds' state; the other feeds keep their old state
 * and are fetched again next time). */
int fetch_command(const char *program, const fetch_command_options *opts,
                  const dossier_gazetteer *gaz);

#endif
