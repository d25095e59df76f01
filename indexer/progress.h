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
    uint64_t total_bytes; /* 0 when unknown (standard input) */
} progress;

/* Starts a display on OUT if it is a terminal and IS_WANTED. */
void progress_start(progress *p, FILE *out, int is_wanted,
                    uint64_t total_bytes);

/* Redraws "N articles, R/s, MB read, ETA" at most ten times a second. */
void progress_update(progress *p, uint64_t articles, uint64_t bytes);

/* Redraws TEXT instead, as often. */
void progress_text(progress *p, const char *text);

/* Clears the line, so messages and the summary start clean.  Called
 * before printing anything else to the same terminal too. */
void progress_clear(progress *p);

/* Seconds since progress_start. */
double progress_elapsed(const progress *p);

#endif
