/*
 * dossier/record.h: the article record, what every reader produces and the
 * indexer stores: the common shape of a JSON Lines record, a feed item, an
 * HTML page and a text file.
 */
#ifndef DOSSIER_RECORD_H
#define DOSSIER_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dossier_article {
    /* Each string is NUL-terminated UTF-8 owned by the record (malloc),
     * or NULL when absent.  Readers always set title and body (maybe ""). */
    char *id;       /* the source's own id (JSON "id", feed GUID); for a
                       record read back from the index, the key it was
                       stored under when it had none (its canonical URL,
                       or "h" and a hash) */
    char *url;      /* as given; canonicalized when indexed */
    char *title;
    char *body;     /* plain text, paragraphs separated by "\n\n" */
    char *source;   /* outlet name, "The Washington Post" */
    char *lang;     /* ISO 639-1 code, "en" */
    char *category;
    /* The byline as the source gives it: "Jane Doe", or several names
     * ("Jane Doe, John Roe"); readers join a list of names with ", ". */
    char *author;
    int64_t published; /* seconds since 1970-01-01 UTC */
    int has_published;
} dossier_article;

/* The text fields of a record, by the names JSON gives them ("id",
 * "url", "title", "body", "source", "lang", "category", "author"), in
 * that order: DOSSIER_N_TEXT_FIELDS entries. */
typedef struct dossier_text_field {
    const char *name;
    size_t offset; /* of its char * in dossier_article */
} dossier_text_field;
#define DOSSIER_N_TEXT_FIELDS 8
extern const dossier_text_field dossier_text_fields[DOSSIER_N_TEXT_FIELDS];

/* The text field of A named NAME, or NULL when NAME is none. */
char **dossier_article_text_field(dossier_article *a, const char *name);

/* The year (UTC) A was published, or 0 when it has no date. */
int dossier_article_year(const dossier_article *a);

/* Frees every string of A and zeroes it, ready for reuse. */
void dossier_article_clear(dossier_article *a);

/* Replaces *FIELD with a copy of LEN bytes of VALUE (NULL clears it).
 * Returns DOSSIER_OK, or DOSSIER_ERR_NOMEM (*FIELD is then unchanged). */
dossier_status dossier_article_set(char **field, const char *value,
                                   size_t len);

#ifdef __cplusplus
}
#endif

#endif
