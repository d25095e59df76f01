/*
 * render_html.h: the search page of dossier.cgi.  One HTML5 page, no
 * external assets, no script; every byte from an article or a request is
 * escaped for its context here, and highlight markup is added after
 * escaping.
 */
#ifndef DOSSIER_RENDER_HTML_H
#define DOSSIER_RENDER_HTML_H

#include <stdio.h>

#include "cgi_params.h"
#include "search.h"

/* Writes the page for PARAMS: the form, the message of a bad parameter
 * (ERROR, may be NULL), warnings, hits, facets, timeline and pages.
 * RESULT may be NULL (nothing was searched).  DOC_COUNT is the size of
 * the index, ELAPSED_MS the search time. */
void render_html(FILE *out, const cgi_params *params,
                 const search_result *result, const char *error,
                 unsigned doc_count, double elapsed_ms);

/* Writes the profile page of an entity (searcher_profile; names from
 * GAZ): its names, counts, first and last mention, a table of articles
 * per year and month, its top sources and the entities mentioned with
 * it, each linked to the search it counts. */
void render_html_profile(FILE *out, const cgi_params *params,
                         const entity_profile *profile,
                         const dossier_gazetteer *gaz, double elapsed_ms);

/* Writes the page of one stored article H (searcher_show_article): its
 * title, source, date, a link to the original, its text with the
 * entities marked, the other copies of its story (COPIES) and its
 * related coverage (RELATED).  MERGED, when not NULL, is the id asked
 * for, an exact duplicate merged into H. */
void render_html_article(FILE *out, const cgi_params *params,
                         const search_hit *h, const search_result *copies,
                         const search_result *related, const char *merged);

/* Writes S with & < > " ' escaped (HTML text and quoted attributes);
 * invalid UTF-8 becomes U+FFFD, control characters are dropped. */
void html_escape(FILE *out, const char *s, size_t len);

#endif
