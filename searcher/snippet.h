/*
 * snippet.h: the fragments of an article shown under a hit, as segments
 * (plain text, query match, entity mention) that every renderer draws the
 * same way.
 */
#ifndef DOSSIER_SNIPPET_H
#define DOSSIER_SNIPPET_H

#include <stddef.h>

#include "dossier/analyzer.h"
#include "query_build.h"

typedef enum {
    SEG_TEXT,
    SEG_MATCH,    /* a word the query asked for */
    SEG_ENTITY,   /* an entity mention (is_match when the query asked) */
    SEG_ELLIPSIS  /* between fragments */
} segment_type;

typedef struct segment {
    segment_type type;
    size_t start, end;              /* bytes into the text */
    const dossier_entity *entity;   /* SEG_ENTITY */
    int is_match;                   /* SEG_ENTITY that the query named */
} segment;

typedef struct snippet {
    segment *segments;
    size_t n_segments, cap;
} snippet;

typedef struct snippet_options {
    size_t max_fragments;     /* default 3 */
    size_t fragment_words;    /* default 30 */
} snippet_options;

/* Builds the snippet of TEXT (LEN bytes, in LANG) for query Q with the
 * analyzer AN (the one that indexed it, gazetteer included): up to
 * max_fragments fragments of about fragment_words words, cut at sentence
 * boundaries, chosen for the most distinct query terms, then entities,
 * the lede when nothing matches; in text order.  Spans are on token
 * boundaries, so never inside a UTF-8 character.  RES is scratch space.
 * Returns DOSSIER_OK, or DOSSIER_ERR_NOMEM (or another status of
 * dossier_analyze). */
dossier_status snippet_build(dossier_analyzer *an, dossier_analysis *res,
                             const char *text, size_t len, const char *lang,
                             const built_query *q,
                             const snippet_options *opts, snippet *out);

/* Marks every query match and entity of a whole short TEXT (a title).
 * Returns as snippet_build. */
dossier_status snippet_highlight_all(dossier_analyzer *an,
                                     dossier_analysis *res, const char *text,
                                     size_t len, const char *lang,
                                     const built_query *q, snippet *out);

/* Analyzes an article's TITLE and BODY (NUL-terminated) for Q into
 * TITLE_RES and BODY_RES, its ambiguous entity names decided by the two
 * together in YEAR (0: undated), as the indexer decided them; then
 * snippet_highlight_analyzed() and snippet_build_analyzed() mark them.
 * Returns as snippet_build. */
dossier_status snippet_analyze_article(dossier_analyzer *an,
                                       dossier_analysis *title_res,
                                       dossier_analysis *body_res,
                                       const char *title, const char *body,
                                       const char *lang, int year,
                                       const built_query *q);

/* snippet_highlight_all() and snippet_build() of a text already analyzed
 * into RES (LEN bytes of TEXT).  Returns DOSSIER_OK or
 * DOSSIER_ERR_NOMEM. */
dossier_status snippet_highlight_analyzed(const dossier_analysis *res,
                                          size_t len, const built_query *q,
                                          snippet *out);
dossier_status snippet_build_analyzed(const dossier_analysis *res,
                                      const char *text, size_t len,
                                      const built_query *q,
                                      const snippet_options *opts,
                                      snippet *out);

/* TEXT (LEN bytes) as one plain segment, nothing marked: a hit shown
 * after its search's deadline, which leaves no time to analyze it.
 * Returns DOSSIER_OK, or DOSSIER_ERR_NOMEM. */
dossier_status snippet_plain(size_t len, snippet *out);

void snippet_free(snippet *s);

#endif
