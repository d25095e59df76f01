/*
 * render.h: search results as terminal text and as JSON.  Each format
 * escapes in one place, and highlight markup is added after escaping.
 */
#ifndef DOSSIER_RENDER_H
#define DOSSIER_RENDER_H

#include <stdio.h>

#include "search.h"

/* Writes RESULT for a terminal (IS_COLOR: bold matches, entities in a
 * colour per type) or plain text.  Control characters of the articles are
 * never written raw. */
void render_text(FILE *out, const search_result *result, const char *query,
                 int is_color, size_t offset);

/* One stored article in full, with its entities. */
void render_text_article(FILE *out, const search_hit *hit, int is_color);

/* The whole result as one JSON document (documented in dossier-search(1)).
 * Returns a new string the caller frees, or NULL when memory ran out.
 * Always valid UTF-8: invalid bytes become U+FFFD. */
char *render_json(const search_result *result, const char *query,
                  size_t offset, double elapsed_ms);

/* One article as JSON, for --show. */
char *render_json_article(const search_hit *hit);

#endif
