/*
 * progress.h: the progress line of dossier-index on a terminal.
 */
#ifndef DOSSIER_PROGRESS_H
#define DOSSIER_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

typedef struct progress {
    FILE *out;          /* NULL: no display (not a terminal, or --quiet) */
    double start, last_draw;
    uint64_t total_bytes; /* an estimate; 0 when unknown (standard input) */
    /* What follows the reading, which its ETA does not cover ("then the
     * merge"), or NULL. */
    const char *after;
} progress;

/* Starts a display on OUT if it is a terminal and IS_WANTED; TOTAL_BYTES
 * the input's estimated size, uncompressed. */
void progress_start(progress *p, FILE *out, int is_wanted,
                    uint64_t total_bytes);

/* Redraws "FILE: N articles, R/s, X of Y MB, ETA m:ss" at most ten times a
 * second: BYTES uncompressed bytes read so far, FILE (may be NULL) the
 * file being read.  The ETA extrapolates the rate of bytes to what is
 * left of the estimate, which grows should the input outrun it, and says
 * what it does not cover (AFTER). */
void progress_update(progress *p, uint64_t articles, uint64_t bytes,
                     const char *file);

/* Draws TEXT now, as a phase of its own ("merging 2 shards ..."), before
 * work that draws nothing while it runs. */
void progress_phase(progress *p, const char *text);

/* Redraws TEXT instead, as often. */
void progress_text(progress *p, const char *text);

/* Clears the line, so messages and the summary start clean.  Called
 * before printing anything else to the same terminal too. */
void progress_clear(progress *p);

/* Seconds since progress_start. */
double progress_elapsed(const progress *p);

#endif
