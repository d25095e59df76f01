/*
 * analyze_cmd.h: `dossier-index --analyze`: shows what the analyzer makes
 * of a text, to see why a query did or did not match.
 */
#ifndef DOSSIER_ANALYZE_CMD_H
#define DOSSIER_ANALYZE_CMD_H

#include <stdio.h>

#include "dossier/gazetteer.h"

/* Reads all of IN (at most MAX_BYTES; gzip is undone), analyzes it in LANG with GAZ (may
 * be NULL) and prints tokens, entities and sentences to OUT, as text or as
 * one JSON document.  Messages go to stderr prefixed with PROGRAM.
 * Returns the exit status: 0, or 2 when the input could not be read. */
int analyze_command(const char *program, FILE *in, FILE *out,
                    const dossier_gazetteer *gaz, const char *lang,
                    int is_json, size_t max_bytes);

#endif
