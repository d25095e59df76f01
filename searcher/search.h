/*
 * search.h: one search, from query text to hits with snippets and facets.
 * Shared by dossier-search and dossier.cgi.
 */
#ifndef DOSSIER_SEARCH_H
#define DOSSIER_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "dossier/record.h"
#include "query_build.h"
#include "query_parse.h"
#include "snippet.h"
#include "sort.h"


/* Matches a search counts exactly; past it, a count is a lower bound. */
#define SEARCH_EXACT_COUNT 10000
/* Matches the facets count: every one up to this many. */
#define SEARCH_FACET_COUNT 100000

typedef struct search_options {
    size_t offset, limit;     /* limit clamped to 1..1000 */
    search_sort sort;
    int want_facets;
    int collapse;             /* near-duplicates: one hit, "+N similar" */
    const char *lang;         /* of the query; default en */
    /* Seconds the whole search may take (matching, feedback, counting,
     * facets, snippets, suggestion); 0: none.  Past it, the search
     * returns what is ready, and deadline_warning says what is not. */
    double time_limit;
    snippet_options snippet;
    int skip_snippets;        /* hits without snippets (evaluation) */
    double bm25_k1, bm25_b;   /* 0: the tuned defaults of search.c */
    query_weights weights;    /* 0: the defaults of query_build.h */
    double feedback_weight;   /* 0: FEEDBACK_WEIGHT of search.c; < 0: off */
    /* Recency blending: > 0 ranks newer articles higher, a score counting
     * up to twice as much for today's news, half as much extra for news
     * RECENT_DAYS old, and so on (a half-life).  Relevance order only. */
    double recent_days;
    /* Filters written by a program (the CGI's source, entity and date
     * parameters) in the query language, joined to the user's query
     * without touching its text or its warnings' positions. */
    const char *filter_query;
    /* Run the query as typed even when it finds nothing and its
     * suggestion would find something (else the suggestion runs, and
     * search_result.corrected_from says so). */
    int as_typed;
    size_t max_query_bytes;   /* 0: QUERY_MAX_BYTES */
} search_options;

typedef struct search_hit {
    uint32_t docid;
    uint32_t rank;
    double weight;            /* BM25, or blended with recency */
    int percent;              /* of the best hit's BM25 weight, 0..100 */
    uint32_t collapse_count;
    /* Over an archive, its cluster of near-duplicates
     * (DOSSIER_CLUSTER_KEY_LEN hex digits), or "" when it is in none. */
    char cluster[24];
    dossier_article record;   /* as stored */
    snippet title;            /* over record.title */
    snippet body;             /* over record.body */
} search_hit;

typedef struct facet_count {
    char *value;              /* source name, entity id, "2023-08" */
    const dossier_entity *entity; /* for entity facets */
    uint32_t count;
} facet_count;

typedef struct facet_list {
    facet_count *items;
    size_t n;
} facet_list;

typedef struct search_result {
    parsed_query parsed;
    built_query built;
    char *query_description;  /* Xapian's, for --debug and JSON */
    /* Articles that match: exact when IS_TOTAL_EXACT, else a true lower
     * bound (the search stopped counting past SEARCH_EXACT_COUNT, or at
     * its time limit): more than TOTAL - 1 match. */
    uint32_t total;
    int is_total_exact;
    /* Stories: the hits once near-duplicates collapse into one (TOTAL
     * when the search does not collapse), exact or a lower bound alike. */
    uint32_t stories;
    int is_stories_exact;
    search_hit *hits;
    size_t n_hits;
    /* Facets: sources and entities the most frequent first; months
     * ("2023-08") and years ("2023") in time order, every one with a
     * match.  Counted over the first FACET_DOCS matches: over every match
     * when FACET_DOCS == TOTAL and IS_TOTAL_EXACT. */
    facet_list sources, entities, months, years;
    uint32_t facet_docs;
    char version_warning[320]; /* index built by another schema or analyzer */
    /* Empty, or what the search's time limit cut short (the hits may not
     * be the best, counts lower bounds, hits without snippets): the
     * search shows what was ready then. */
    char deadline_warning[400];
    /* Empty, or the shards of an archive that did not answer: the hits
     * and counts are those of the others, the counts lower bounds. */
    char shard_warning[600];
    int is_refused;           /* not run: over the length cap, or an error
                                 in the query (parsed.has_error) */
    /* "Did you mean": the query with its unknown words replaced by the
     * likeliest indexed words, when that finds more articles, or NULL. */
    char *suggestion;
    /* The query as typed, when it found nothing and these are the
     * results of SUGGESTION, which ran instead ("showing results for
     * SUGGESTION; search instead for CORRECTED_FROM"), or NULL. */
    char *corrected_from;
} search_result;

typedef struct searcher searcher;

/* Loads the gazetteer at TSV_PATH for searching the index at DB_PATH:
 * from the image dossier-index left there when it is of the same TSV
 * (dossier_gazetteer_load_cached).  When TSV_PATH is the default
 * (IS_DEFAULT: no one named it) and does not exist, as for a program run
 * outside the source tree with no gazetteer installed, the index's image
 * of the gazetteer it was built with, alone.  *OUT belongs to the
 * caller.  Returns as dossier_gazetteer_load_cached (DOSSIER_ERR_IO with
 * errno). */
dossier_status searcher_load_gazetteer(const char *tsv_path,
                                       const char *db_path, int is_default,
                                       dossier_gazetteer **out);

/* Opens the index at PATH for searching with the analyzer over GAZ (may
 * be NULL), which must outlive it.  Returns DOSSIER_OK; DOSSIER_NOT_FOUND
 * when there is no index at PATH; DOSSIER_ERR_INDEX (unreadable, of
 * another program) or DOSSIER_ERR_NOMEM; ERR says which. */
dossier_status searcher_open(const char *path, const dossier_gazetteer *gaz,
                             searcher **out, dossier_error *err);

/* A remote shard's time to answer before a search goes on without it. */
#define SEARCH_SHARD_TIMEOUT_MS 2000

/* searcher_open, where PATH may be an archive: a stub file (dossier/stub.h)
 * whose shards, local or remote, are opened one by one.  A remote shard
 * that does not answer within SHARD_TIMEOUT seconds (0: the default,
 * SEARCH_SHARD_TIMEOUT_MS), at the open or during a search, is left out:
 * the search answers from the others, and search_result.shard_warning
 * names it, its counts then lower bounds.  Returns as searcher_open, and
 * DOSSIER_ERR_NETWORK when no remote shard answers (ERR names each). */
dossier_status searcher_open_archive(const char *path,
                                     const dossier_gazetteer *gaz,
                                     double shard_timeout, searcher **out,
                                     dossier_error *err);
void searcher_free(searcher *s);

/* Moves S to the index's latest commit, for a process that serves many
 * searches (FastCGI).  Returns DOSSIER_OK, or DOSSIER_ERR_INDEX with ERR
 * (then open anew). */
dossier_status searcher_refresh(searcher *s, dossier_error *err);

/* The number of documents in the index. */
uint32_t searcher_doc_count(searcher *s);

/* Runs QUERY (LEN bytes) into OUT (search_result_free after any status).
 * Problems in the query become warnings in OUT->parsed; an index that
 * changed under us is reopened and the search retried.  Returns
 * DOSSIER_OK; DOSSIER_REFUSED for a query not run (over the length cap,
 * or with an error: OUT->is_refused, and its warnings say why);
 * DOSSIER_ERR_INDEX or DOSSIER_ERR_NOMEM with ERR. */
dossier_status searcher_run(searcher *s, const char *query, size_t len,
                            const search_options *opts, search_result *out,
                            dossier_error *err);

/* Fetches the article whose id (unique term without its prefix) is ID,
 * into HIT (no snippets; search_hit_clear).  Returns DOSSIER_OK,
 * DOSSIER_NOT_FOUND, or DOSSIER_ERR_INDEX with ERR. */
dossier_status searcher_show(searcher *s, const char *id, search_hit *hit,
                             dossier_error *err);

/* As searcher_show, and HIT's title and body segments mark the article's
 * entities, as the analyzer that indexed it finds them (no query: no
 * matches).  ID may be an exact duplicate's, merged when it was indexed:
 * then the article it was merged into is shown and KEEPER (KEEPER_SIZE
 * bytes) takes its id, else "".  Returns as searcher_show. */
dossier_status searcher_show_article(searcher *s, const char *id,
                                     search_hit *hit, char *keeper,
                                     size_t keeper_size, dossier_error *err);

/* The most copies of one story searcher_copies lists. */
#define SEARCH_MAX_COPIES 100

/* The other articles of the near-duplicate cluster of the article with ID
 * (its id or link; its "+N similar"), oldest first, at most
 * SEARCH_MAX_COPIES (IS_TOTAL_EXACT false past it), as hits without
 * snippets in OUT (search_result_free after any status); none when it is
 * in no cluster.  Returns DOSSIER_OK, DOSSIER_NOT_FOUND, or an error with
 * ERR. */
dossier_status searcher_copies(searcher *s, const char *id,
                               search_result *out, dossier_error *err);

/* Whether the record with ID was merged, when it was indexed, into
 * another article as its exact duplicate (the same title, body, source
 * and day): then writes that article's id to KEEPER and returns
 * DOSSIER_OK.  Returns DOSSIER_NOT_FOUND when it was not, or
 * DOSSIER_ERR_INDEX with ERR. */
dossier_status searcher_duplicate_of(searcher *s, const char *id,
                                     char *keeper, size_t keeper_size,
                                     dossier_error *err);

/* Articles related to the one with ID (its id or its link; relevance
 * feedback on its terms), the article itself left out, within QUERY (LEN
 * bytes, may be empty) and OPTS's filters (dates, sources, entities, any
 * query: they select, the related terms rank), as a search result whose
 * warnings are the query's (search_result_free after any status).
 * Returns DOSSIER_OK, DOSSIER_NOT_FOUND when there is no such article, or
 * as searcher_run. */
dossier_status searcher_similar(searcher *s, const char *id,
                                const char *query, size_t len,
                                const search_options *opts,
                                search_result *out, dossier_error *err);

/* One article of an export (searcher_export), valid during the call. */
typedef struct export_row {
    const dossier_article *record; /* as stored; its id is the article's */
    double score;                  /* BM25, as the hit of a search */
    const char *entities;          /* the entity ids it mentions, sorted, */
    size_t entities_len;           /* '\n'-separated: ENTITIES_LEN bytes */
    uint32_t total;                /* the articles that match, exactly */
} export_row;

/* Takes ROW; returns 0 to go on, else the export stops (a write failed). */
typedef int (*export_sink)(const export_row *row, void *arg);

/* Every article QUERY (LEN bytes, with OPTS's filters) matches, not a page:
 * hands each to SINK(ROW, ARG) in OPTS's sort order, near-duplicates
 * included, the first MAX_ROWS of them (0: all), from one commit of the
 * index; SINK NULL counts only.  Offset, limit, collapse, facets and the
 * time limit of OPTS do not apply.  Sets *ROWS to the rows handed over and
 * *TOTAL to the articles that match, exactly.  OUT takes the parsed
 * query's warnings and the index's version warning (search_result_free
 * after any status).  Returns DOSSIER_OK; DOSSIER_REFUSED as searcher_run;
 * DOSSIER_ERR_IO when SINK stopped it; DOSSIER_ERR_INDEX with ERR when the
 * index failed, or changed after rows were handed over (which then are
 * all of one commit, but not all rows); DOSSIER_ERR_NOMEM.  Not
 * thread-safe for one searcher. */
dossier_status searcher_export(searcher *s, const char *query, size_t len,
                               const search_options *opts, uint32_t max_rows,
                               export_sink sink, void *arg,
                               search_result *out, uint32_t *rows,
                               uint32_t *total, dossier_error *err);

/* What the archive has on one entity (searcher_profile). */
typedef struct entity_profile {
    const dossier_entity *entity;  /* owned by the gazetteer */
    uint32_t total;                /* articles that mention it, exactly */
    /* Its facets over those articles: months and years (dated articles;
     * the undated are TOTAL less the months' sum), the sources most
     * often, the entities most often mentioned with it (itself among
     * them), and the query's warnings. */
    search_result result;
    int is_exact;                  /* the facets counted every article */
    search_hit first, last;        /* its oldest and newest dated mention */
    int has_first, has_last;
} entity_profile;

/* The profile of the entity NAME names (its id, display name or any
 * alias) over the articles that match QUERY (LEN bytes, may be empty) and
 * OPTS's filters, as a search's (its sort, offset, limit and collapse do
 * not apply: every article counts).  entity_profile_free after any
 * status.  Returns DOSSIER_OK; DOSSIER_NOT_FOUND when NAME names no
 * entity (ERR says the nearest one); or as searcher_run. */
dossier_status searcher_profile(searcher *s, const char *name,
                                const char *query, size_t len,
                                const search_options *opts,
                                entity_profile *out, dossier_error *err);

void entity_profile_free(entity_profile *p);

void search_result_free(search_result *r);

/* Frees what searcher_show put in HIT. */
void search_hit_clear(search_hit *hit);

/* The most a search's time limit may be, in seconds. */
#define SEARCH_MAX_TIME_LIMIT 3600

/* Reads a time limit in seconds ("2", "0.5"; "0" for none) from TEXT into
 * *OUT.  Returns DOSSIER_OK, or DOSSIER_ERR_INVALID when TEXT is not a
 * number from 0 to SEARCH_MAX_TIME_LIMIT. */
dossier_status search_parse_time_limit(const char *text, double *out);

#endif
