/*
 * cgi_params.h: the parameters of dossier.cgi, parsed, validated and
 * clamped (Omega's rule: a bad value is an error, a huge one is clamped).
 * Nothing from a request picks a file path.
 */
#ifndef DOSSIER_CGI_PARAMS_H
#define DOSSIER_CGI_PARAMS_H

#include <stddef.h>

#include "dossier/status.h"
#include "sort.h"

/* The longest query string read; past it the request is refused: room
 * for a query of QUERY_MAX_BYTES (8 KiB), percent-encoded. */
#define CGI_MAX_QUERY_STRING 32768
#define CGI_MAX_ENTITIES 8
#define CGI_MAX_PAGE 10000
#define CGI_MAX_PER 100
/* The most rows a download (format=csv or jsonl) holds; the page says so
 * when a query matches more. */
#define CGI_MAX_EXPORT 10000

enum { CGI_EXPORT_NONE, CGI_EXPORT_CSV, CGI_EXPORT_JSONL };

typedef struct cgi_params {
    /* The query: up to 8 KiB runs; past it, the first 8 KiB and a byte,
     * which the search cuts at a word's end and says so. */
    char q[8194];
    unsigned page;         /* 1..CGI_MAX_PAGE */
    unsigned per;          /* 1..CGI_MAX_PER (clamped), default 10 */
    search_sort sort;
    char from[11], to[11]; /* YYYY, YYYY-MM or YYYY-MM-DD, or "" */
    char source[128];
    char entities[CGI_MAX_ENTITIES][64];
    size_t n_entities;
    char similar[256];     /* an article id, for related coverage */
    char url[2048];        /* a link to look up (url:), as pasted */
    char profile[128];     /* an entity, by any name: its profile */
    char show[256];        /* an article id (or link): its page */
    int is_json;           /* format=json, or an export's errors */
    int as_typed;          /* astyped=1: no correction runs instead */
    unsigned recent;       /* recent=DAYS (1..36500): newer ranks higher;
                            * 0: relevance alone */
    int export_format;     /* CGI_EXPORT_*: format=csv or jsonl */
    /* The first problem found, for the page (HTTP 400 in JSON); "" when
     * all is well.  Never contains request bytes that were not valid. */
    char error[200];
    /* The error leaves nothing to answer (an inverted date range, whose
     * dates are then cleared): the page shows the message, no results. */
    int is_refused;
} cgi_params;

/* Parses QUERY (a URL query string, may be NULL) into OUT.  Unknown
 * parameters are ignored; a bad one sets OUT->error and keeps its
 * default.  Returns DOSSIER_OK, or DOSSIER_REFUSED when the request as a
 * whole is unusable (too long), with OUT->error set. */
dossier_status cgi_params_parse(const char *query, cgi_params *out);

/* Percent-encodes S for a URL query value into OUT (OUT_SIZE bytes).
 * Returns the length, or -1 when it does not fit. */
int cgi_url_encode(const char *s, char *out, size_t out_size);

#endif
