/*
 * query_build.h: from a parsed query to a Xapian query, through the same
 * analyzer that made the index terms, plus what snippets must highlight.
 */
#ifndef DOSSIER_QUERY_BUILD_H
#define DOSSIER_QUERY_BUILD_H

#include <stddef.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "query_parse.h"
#include "wildcard.h"
#include "xapian-c.h"

/* Weight given to documents that hold every word of a plain query, on top
 * of their BM25 weight, so that they rank before partial matches.  Out of
 * sample it neither wins nor loses on the IR collections, whose queries
 * are sentences (bench/EVAL.md); it stays for the order the CLI and the
 * page promise, which a news query of two or three words relies on. */
#define QUERY_ALL_WORDS_BOOST 3.0
/* Weight of an entity named in the query (its XE term), added to the
 * documents that mention it. */
#define QUERY_ENTITY_BOOST 0.5
/* Terms a wildcard may expand to. */
#define QUERY_WILDCARD_LIMIT 100
/* Terms all the wildcards of one query may expand to together: each gets
 * its share, at most QUERY_WILDCARD_LIMIT.  Three hundred one-letter
 * wildcards, each to 100 terms, took 14-27 s; one budget for the query
 * bounds them as one wildcard of 1,000 terms. */
#define QUERY_WILDCARD_BUDGET 1000
/* Wildcards one query may hold; those past it are ignored, with a
 * warning. */
#define QUERY_MAX_WILDCARDS 50
/* Nesting of groups within which a group is also copied into its
 * parent's all-words boost.  Each copy doubles what lies below it: past
 * this depth only a group's plain words are, and the query stays linear
 * in its size ("w0) w1) w2) ..." and deep "(a b) c" nesting doubled the
 * query with each level). */
#define QUERY_BOOST_DEPTH 2

typedef struct built_query {
    xc_query *query;  /* owned; never NULL after a successful build */
    /* Index terms (unprefixed) whose occurrences snippets mark: the
     * words and phrases asked for, not those under NOT. */
    char **terms;
    size_t n_terms;
    /* Per term: asked for as a word of its own (1), or only inside a
     * phrase or hyphenated word (0), where only the whole phrase is
     * marked. */
    unsigned char *is_standalone;
    struct query_phrase {
        size_t *terms;  /* indexes into TERMS, in order */
        size_t n;
    } *phrases;
    size_t n_phrases;
    /* Normalized prefixes of wildcards, marked the same way. */
    char **prefixes;
    size_t n_prefixes;
    /* Entities the query names (entity: filters and names recognized in
     * its words), as canonical ids. */
    const dossier_entity **entities;
    size_t n_entities;
    size_t n_words;   /* query length for BM25's query term frequency */
} built_query;

/* Weight of two words of a plain query found near each other (within
 * QUERY_PROXIMITY_WINDOW positions, in either order), on top of their
 * own: the sequential dependence of Metzler and Croft, as Xapian's NEAR.
 * Chosen by `make eval` with BM25's parameters; out of sample it wins
 * (bench/EVAL.md). */
#define QUERY_PROXIMITY_BOOST 0.25
#define QUERY_PROXIMITY_WINDOW 8

/* How a query is weighted: 0 fields take the defaults above; a negative
 * proximity_boost is off. */
typedef struct query_weights {
    double all_words_boost;
    double entity_boost;
    double proximity_boost;
} query_weights;

enum {
    QUERY_ALL_WORDS_REQUIRED = 1,
    QUERY_MATCH_ONLY = 2,
};

/* What a query is built with. */
typedef struct query_context {
    dossier_analyzer *an;          /* the analyzer that made the index */
    const dossier_gazetteer *gaz;  /* may be NULL */
    const char *lang;              /* of the query; NULL: en */
    const query_weights *weights;  /* NULL: the defaults */
    unsigned flags;                /* QUERY_ALL_WORDS_REQUIRED, ... */
    /* Expands the wildcards in the index, within one budget for the
     * search (wildcard.h); NULL: Xapian expands them as the search
     * starts, looking at every term with their prefixes. */
    wildcard_expander *wildcards;
    /* Terms all the wildcards may expand to together; 0:
     * QUERY_WILDCARD_BUDGET. */
    size_t wildcard_budget;
} query_context;

/* Builds the query of ROOT (may be NULL: matches nothing) in CTX's
 * language with its weights and flags:
 * QUERY_ALL_WORDS_REQUIRED, a group of plain words matches only the
 * documents holding every one (an explicit OR still takes any), for orders
 * that do not rank all-words matches first, such as by date;
 * QUERY_MATCH_ONLY, the query matches the same documents but carries no
 * boost (all-words branch, entity names), for counting them.  Problems (an unknown
 * entity, a word with no term, wildcards with too many words) are added to
 * Q's warnings.  Returns DOSSIER_OK, DOSSIER_ERR_NOMEM, or
 * DOSSIER_ERR_INDEX with ERR (expanding a wildcard). */
dossier_status query_build(const query_node *root, const query_context *ctx,
                           parsed_query *q, built_query *out,
                           dossier_error *err);

/* Builds the query that matches any of the N index TERMS, each weighed as
 * one query word, except the documents holding the term EXCLUDED (may be
 * NULL), with the terms to highlight: a query made of terms rather than
 * text (an article's related terms, for "similar articles").  Returns
 * DOSSIER_OK, or DOSSIER_ERR_NOMEM. */
dossier_status query_build_any_of(const char *const *terms, size_t n,
                                  const char *excluded, built_query *out);

void built_query_free(built_query *b);

#endif
