/*
 * query_parse.h: Dossier's query language, parsed into a tree.
 *
 *   words            cyber attack       (all words rank first, then some)
 *   phrases          "check point"
 *   operators        a AND b, a OR b, NOT a, a AND NOT b, +a, -a, ( ... )
 *   proximity        japan NEAR/5 hackers
 *   wildcards        cyber*
 *   fields           title:japan  title:"check point"  source:reuters
 *                    author:doe  author:"jane doe"
 *                    entity:PLA  entity:"People's Liberation Army"
 *                    type:military  lang:fr  category:cyber
 *                    url:https://example.org/story  site:reuters.com
 *   dates            date:2020  date:2020-06..2021-03  since:2021-01-01
 *                    until:2021-12-31
 *
 * A query with no lower-case letter (a headline pasted in capitals) reads
 * AND, OR, NOT and NEAR as words.  Typographic quotation marks (“ ” „ « »
 * 「 」 ＂, and ‘ ’ where no apostrophe) delimit phrases as '"' does.
 *
 * Malformed input never fails: an unbalanced quote or parenthesis, a stray
 * operator, an unknown field or a bad date gives a warning with its byte
 * position and the rest of the query runs; a query over QUERY_MAX_BYTES
 * is cut at the end of its last word within them, with a warning.
 * Refused: a query whose answer no reading could make true (an inverted
 * date range, date:2009..2006: has_error).
 */
#ifndef DOSSIER_QUERY_PARSE_H
#define DOSSIER_QUERY_PARSE_H

#include <stddef.h>

#include "dossier/status.h"
#include <stdint.h>

/* A query runs up to this many bytes (a pasted paragraph); past them it
 * is cut at a word's end, with a warning. */
#define QUERY_MAX_BYTES 8192
#define QUERY_MAX_WARNINGS 16

typedef enum {
    QN_WORD,     /* text; is_wildcard for prefix* */
    QN_PHRASE,   /* text: the words between the quotes */
    QN_FIELD,    /* field name and text (word or phrase, is_phrase) */
    QN_DATE,     /* a date range: from/to, inclusive, 0 when open */
    QN_AND,      /* explicit AND, or +required among defaults */
    QN_OR,
    QN_NOT,      /* the child excluded from the rest */
    QN_NEAR,     /* two children within window words */
    QN_DEFAULT   /* children joined by white space */
} query_node_type;

typedef struct query_node {
    query_node_type type;
    char *text;            /* WORD, PHRASE, FIELD value */
    char field[16];        /* FIELD: title, source, author, entity, type,
                              lang, category, url, site */
    int is_wildcard;
    int is_phrase;         /* FIELD value was quoted */
    int is_required;       /* +word */
    int64_t from, to;      /* DATE: seconds, inclusive; 0 = open */
    int has_from, has_to;
    unsigned window;       /* NEAR */
    size_t position;       /* byte offset in the query */
    struct query_node **children;
    size_t n_children;
} query_node;

typedef struct query_warning {
    size_t position;
    int is_error;          /* the reason the query was not run */
    char message[160];
} query_warning;

typedef struct parsed_query {
    query_node *root;      /* NULL for an empty query */
    query_warning warnings[QUERY_MAX_WARNINGS];
    size_t n_warnings;
    /* A problem no reading can answer (an inverted date range): the
     * query is not run, and the programs say so as an error. */
    int has_error;
} parsed_query;

/* Parses LEN bytes of TEXT into OUT, the first MAX_BYTES of them (0:
 * QUERY_MAX_BYTES) cut at a word's end, with a warning, when it is
 * longer.  Returns DOSSIER_OK; DOSSIER_REFUSED when the query is not to be
 * run: it has an error (OUT->has_error, its warning among the others); or
 * DOSSIER_ERR_NOMEM.  Free OUT with query_free (after any status).  Only
 * trusted callers (the relevance evaluation's long test queries) raise
 * the cap. */
dossier_status query_parse(const char *text, size_t len, size_t max_bytes,
                           parsed_query *out);
void query_free(parsed_query *q);

/* Joins the tree of MORE to Q's (both must hold), as if the two queries
 * had been written one after the other, and empties MORE: how the CGI
 * adds its filter parameters without putting them into the user's text.
 * Returns DOSSIER_OK, or DOSSIER_ERR_NOMEM (both are then unchanged). */
dossier_status query_join(parsed_query *q, parsed_query *more);

/* Writes to OUT (OUT_SIZE bytes) the clause url:"URL" that looks up the
 * article at URL, as the --url option and the page's url= add it to a
 * query: a quote in URL, which would end the value, percent-encoded as
 * a browser sends it (%22).  A URL too long for OUT is cut, and then
 * finds nothing.  Returns the length written. */
size_t query_url_clause(const char *url, char *out, size_t out_size);

/* Describes NODE for debugging and tests: (AND a (OR b "c d")) ... */
size_t query_describe(const query_node *node, char *out, size_t out_size);

#endif
