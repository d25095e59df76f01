/*
 * dossier/record_json.h: the stored record, the JSON in each document's
 * data: the article as displayed and the entity mentions found when it
 * was indexed.
 *
 *   {"id": "...", "url": "...", "title": "...", "body": "...",
 *    "source": "...", "author": "Jane Doe, John Roe", "lang": "en",
 *    "category": "...",
 *    "published": "2023-08-07T13:00:00Z",
 *    "entities": [{"id": "pla", "type": "military", "field": "body",
 *                  "start": 12, "end": 36}, ...]}
 *
 * Absent fields are left out.  Spans are byte offsets into the title or
 * the body.  Strings are valid UTF-8 (invalid bytes were replaced).
 */
#ifndef DOSSIER_RECORD_JSON_H
#define DOSSIER_RECORD_JSON_H

#include <stddef.h>

#include "dossier/analyzer.h"
#include "dossier/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Serialises A (URL as given in CANONICAL_URL when not NULL) with the
 * mentions of its analysed title and body (either may be NULL).  Returns a
 * new string the caller frees with free(), its length in *len, or NULL when
 * memory ran out. */
char *dossier_record_to_json(const dossier_article *a,
                             const char *canonical_url,
                             const dossier_analysis *title,
                             const dossier_analysis *body, size_t *len);

/* Fills OUT (cleared first) from a stored record.  Returns DOSSIER_OK, or
 * DOSSIER_ERR_INVALID when JSON is not a record (OUT is then cleared). */
dossier_status dossier_record_from_json(const char *json, size_t len,
                                        dossier_article *out);

#ifdef __cplusplus
}
#endif

#endif
