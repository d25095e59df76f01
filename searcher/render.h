/*
 * render.h: search results as terminal text and as JSON.  Each format
 * escapes in one place, and highlight markup is added after escaping.
 */
#ifndef DOSSIER_RENDER_H
#define DOSSIER_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "search.h"

/* Writes N to OUT with thousands separated by commas ("10,000").  Returns
 * the length written; OUT is always terminated. */
size_t render_thousands(uint32_t n, char *out, size_t out_size);

/* Writes to OUT how many articles match R, and how many stories they make
 * when near-duplicates collapsed some: "1 article matches", "1,500
 * articles match, 1,308 stories", "more than 10,000 articles match".  The
 * one wording of the terminal and the page; plain ASCII, nothing to
 * escape.  Returns the length written. */
size_t render_total(const search_result *r, char *out, size_t out_size);

/* Writes to OUT what the facets of R counted: "over all 5,825 matching
 * articles", or "over the best 100,000 of 412,000 articles" when they
 * counted fewer than match.  Returns the length written. */
size_t render_facet_basis(const search_result *r, char *out,
                          size_t out_size);

/* The counts of YEAR's months ("2023") in R's months facet, from item
 * FROM on (months come in time order), into PER (January first, 0 for a
 * month without a match).  Returns the index of the first month after
 * YEAR's, to go on from with the next year. */
size_t render_year_months(const search_result *r, size_t from,
                          const char *year, uint32_t per[12]);

/* Writes RESULT for a terminal (IS_COLOR: bold matches, entities in a
 * colour per type) or plain text.  Control characters of the articles are
 * never written raw. */
void render_text(FILE *out, const search_result *result, const char *query,
                 int is_color, size_t offset);

/* The profile of an entity (searcher_profile): its names (from GAZ),
 * its article count, first and last dated mention, a table of articles
 * per year and month, its top sources and the entities mentioned with
 * it. */
void render_text_profile(FILE *out, const entity_profile *p,
                         const dossier_gazetteer *gaz, int is_color);

/* The profile as one JSON document (documented in dossier-search(1)). */
char *render_json_profile(const entity_profile *p,
                          const dossier_gazetteer *gaz, double elapsed_ms);

/* One stored article in full, with its entities. */
void render_text_article(FILE *out, const search_hit *hit, int is_color);

/* The whole result as one JSON document (documented in dossier-search(1)).
 * Returns a new string the caller frees, or NULL when memory ran out.
 * Always valid UTF-8: invalid bytes become U+FFFD. */
char *render_json(const search_result *result, const char *query,
                  size_t offset, double elapsed_ms);

/* One article as JSON, for --show and the page's show=, with the other
 * copies of its story (COPIES, searcher_copies; may be NULL). */
char *render_json_article(const search_hit *hit, const search_result *copies);

/* Writing the rows of an export (searcher_export): one id a line, CSV
 * (RFC 4180, a header row, CRLF) or JSON Lines; the columns, in order:
 * id, url, title, source, published (ISO 8601, UTC), language, entities
 * (ids; ';'-separated in CSV, an array in JSON), score and, WITH_TEXT,
 * text (the stored body). */
typedef enum { EXPORT_IDS, EXPORT_CSV, EXPORT_JSONL } export_format;

typedef struct export_writer {
    FILE *out;
    export_format format;
    int with_text;
    int has_begun;   /* the header is out */
} export_writer;

/* Writes what comes before the rows, once: CSV's header (the first row
 * writes it too). */
void export_writer_begin(export_writer *w);

/* An export_sink writing ROW to the export_writer ARG.  Returns 0, or -1
 * when writing failed (ferror). */
int export_writer_row(const export_row *row, void *arg);

#endif
