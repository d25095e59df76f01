/*
 * search_internal.h: what the parts of one search share (search.c runs
 * the query and loads hits, deadline.c keeps its time limit, count.c
 * counts every match, facets.c reads facet counts, feedback.c expands a
 * query by blind feedback, suggest.c says "did you mean"; wildcard.h
 * expands wildcards).  Not for the programs: they use search.h.
 */
#ifndef DOSSIER_SEARCH_INTERNAL_H
#define DOSSIER_SEARCH_INTERNAL_H

#include <stdbool.h>

#include "dossier/facet_image.h"
#include "dossier/schema.h"
#include "dossier/stub.h"
#include "search.h"
#include "worker.h"
#include "xapian-c.h"

/* Where a count runs: a handle, and the facet image of its commit
 * (dossier/facet_image.h), mapped by the first count that needs it
 * (count.c); NO_IMAGE when there is none for this commit (shards, a
 * remote database, an index another program wrote): the facets are then
 * counted from the values and the stories by a search. */
struct count_side {
    xc_db *db;
    dossier_facet_image *image;
    int no_image;
};

struct searcher {
    char *path;
    xc_db *db;
    struct count_side own; /* over DB */
    /* Counting beside the ranked search (count.c): a worker with a handle
     * of its own, both started by the first count.  When the index is
     * one local database, whose revision tells that both handles read the
     * same commit, or an archive whose shards the worker opens again
     * (their statistics tell) (CAN_COUNT_BESIDE). */
    int can_count_beside;
    worker *worker;
    struct count_side beside;
    const dossier_gazetteer *gaz;
    dossier_analyzer *an;
    /* A hit's title and body, analyzed for its snippets. */
    dossier_analysis *scratch, *scratch_body;
    char version_warning[320];
    /* An archive: PATH is a stub whose shards archive.c opens one by one
     * (stub.n_shards 0: one index, or a stub left to Xapian). */
    dossier_stub stub;
    struct shard_state *shard_states; /* one per stub shard */
    unsigned shard_timeout_ms;
};

/* ---- archive.c: the shards of an archive */

struct shard_state {
    int is_down;
    char why[200]; /* when down: what opening it said */
};

/* Opens the shards of the stub at S->path (S->stub read) into S->db, each
 * on its own, a remote one with S->shard_timeout_ms: the shards that
 * answer are searched, the others noted (archive_note).  Returns
 * DOSSIER_OK; DOSSIER_ERR_NETWORK when no shard answers, or
 * DOSSIER_ERR_INDEX when none opens, ERR naming each; DOSSIER_ERR_NOMEM. */
dossier_status archive_open(searcher *s, dossier_error *err);

/* After a remote shard failed during a read: opens the shards anew, so
 * that the read is tried again on those that answer now.  Returns as
 * archive_open. */
dossier_status archive_reopen(searcher *s, dossier_error *err);

/* Opens into *OUT, for counting on the worker, the shards S->db holds,
 * again and in the same order.  Touches nothing of S.  Returns
 * DOSSIER_OK; DOSSIER_ERR_NETWORK when one of them does not open now;
 * DOSSIER_ERR_NOMEM. */
dossier_status archive_open_beside(const searcher *s, xc_db **out);

/* Whether the handles A and B of the same shards read the same commits,
 * as far as their statistics tell (a remote shard tells no revision):
 * the same number of articles, last docid and mean length. */
bool archive_same_commit(xc_db *a, xc_db *b);

/* Whether a shard of S's archive is down. */
bool archive_is_partial(const searcher *s);

/* Whether RC, of a read of S, should be tried again after
 * archive_reopen: a shard of an archive failed to answer. */
bool archive_can_recover(const searcher *s, dossier_status rc);

/* Writes into OUT (OUT_SIZE bytes) what a search of S misses: "2 of 3
 * shards answered; missing: remote 10.0.0.3:7000 (stub:3: timed out)",
 * or "" when every shard answered. */
void archive_describe_missing(const searcher *s, char *out, size_t out_size);

/* Sets the "+N similar" of OUT's hits from what JOB counted of their
 * clusters: over several remote shards, Xapian's collapse counts are
 * lost. */
struct count_job;
void archive_collapse_counts(const struct count_job *job, search_result *out);

/* Notes in OUT what its search of S missed: OUT->shard_warning, and its
 * counts made lower bounds. */
void archive_note(const searcher *s, search_result *out);

/* ---- search.c: the steps of a search that exports share */

/* Parses QUERY (LEN bytes) and OPTS's filters into OUT->parsed, and
 * copies the index's version warning.  Returns DOSSIER_OK; DOSSIER_REFUSED
 * (OUT->is_refused, its warnings say why); or an error with ERR. */
dossier_status search_parse(searcher *s, const char *query, size_t len,
                            const search_options *opts, search_result *out,
                            dossier_error *err);

/* Builds OUT's ranked query and COUNTING, the same matches without the
 * boosts, to count them (about half the postings of a ranked query of
 * plain words), from PRISTINE: the parsed query before any build, whose
 * copies take each build's warnings.  WILDCARD_BUDGET: words the
 * wildcards expand to in all (0: QUERY_WILDCARD_BUDGET).  Returns
 * DOSSIER_OK, DOSSIER_ERR_NOMEM, or DOSSIER_ERR_INDEX with ERR. */
dossier_status search_build(searcher *s, const search_options *opts,
                            const parsed_query *pristine,
                            wildcard_expander *wildcards,
                            size_t wildcard_budget, search_result *out,
                            built_query *counting, dossier_error *err);

/* search_parse, then search_build with no time limit to fit: OUT's
 * ranked query and COUNTING (built_query_free it after any status).
 * Returns as either. */
dossier_status search_prepare(searcher *s, const char *query, size_t len,
                              const search_options *opts, search_result *out,
                              built_query *counting, dossier_error *err);

/* How many articles QUERY (LEN bytes, with OPTS's filters) matches: NEED
 * or more when at least NEED do (the match stops looking there), else
 * exactly; 0 when it cannot be told.  Unweighted, for a yes or no. */
uint32_t search_count_at_least(searcher *s, const char *query, size_t len,
                               const search_options *opts, uint32_t need);

/* Opens the database at PATH read-only, again when a writer's commit
 * overtook the open.  Returns Xapian's status. */
xc_status search_open_local(const char *path, xc_db **out);

/* Moves S's handle to the index's latest commit.  Returns Xapian's
 * status. */
xc_status search_reopen(searcher *s);

/* After a read of S failed with RC: DOSSIER_OK when it may be tried again
 * (a writer moved the index on, and S now reads the latest commit; a
 * remote shard failed, and S has opened its shards anew), else the
 * status to return: RC itself, or the reopening's failure with ERR. */
dossier_status search_recover(searcher *s, dossier_status rc,
                              dossier_error *err);

/* ---- deadline.c: the time limit of one search (search_options.time_limit) */

/* What the deadline cut short, as bits of search_clock.cut. */
enum {
    SEARCH_CUT_FEEDBACK = 1,   /* ranked without blind feedback */
    SEARCH_CUT_RANKING = 2,    /* the hits are the best found in time */
    SEARCH_CUT_COUNT = 4,      /* counts and facets: lower bounds */
    SEARCH_CUT_SNIPPETS = 8,   /* some hits have no snippets */
    SEARCH_CUT_SUGGESTION = 16, /* no "did you mean" looked for */
    /* Before the search, to fit its list entries in the time limit
     * (Xapian cannot stop a ranked match once it runs): */
    SEARCH_CUT_BOOSTS = 32,    /* ranked without the all-words, proximity
                                  and entity boosts */
    SEARCH_CUT_WILDCARDS = 64, /* wildcards expanded to fewer words */
    /* What is decided before the ranked match, and stays on a retry. */
    SEARCH_CUT_BEFORE =
        SEARCH_CUT_FEEDBACK | SEARCH_CUT_BOOSTS | SEARCH_CUT_WILDCARDS
};

typedef struct search_clock {
    double limit;      /* seconds; 0: none */
    double deadline;   /* monotonic seconds; 0: none */
    int is_costly;     /* a query that may come near it: Xapian's time
                          limit is armed (which costs a thread) */
    uint64_t cost;     /* its list entries (xc_query_cost_bound);
                          UINT64_MAX: not known */
    unsigned cut;      /* SEARCH_CUT_* */
    size_t unsnipped;  /* hits left without snippets */
    size_t wildcard_budget; /* SEARCH_CUT_WILDCARDS: words in all */
} search_clock;

/* Seconds since an arbitrary start that never jumps. */
double search_monotonic(void);

/* Starts CLOCK's deadline LIMIT seconds from now (0: none). */
void search_clock_start(search_clock *clock, double limit);

/* Seconds left before CLOCK's deadline: at most 0 once passed,
 * +infinity without a deadline. */
double search_clock_left(const search_clock *clock);

/* Sets CLOCK->cost to BUILT's cost over DB and CLOCK->is_costly: whether
 * it may come near the deadline, so that Xapian's time limit is armed
 * for it.  Without a deadline, nothing. */
void search_clock_weigh(search_clock *clock, xc_db *db,
                        const built_query *built);

/* Arms ENQ's time limit with what is left of CLOCK (at least a
 * millisecond: Xapian takes 0 for none), for a costly query only. */
void search_clock_arm(const search_clock *clock, xc_enquire *enq);

/* Sets ENQ to rank as Dossier does: BM25 with the tuned k1 and b, or
 * OPTS's, articles of equal weight newest first.  Returns ENQ's status. */
xc_status search_set_ranking(xc_enquire *enq, const search_options *opts);

/* Fills ERR for a read of the index at PATH that failed with ST and
 * Xapian's message WHY, while doing WHAT (printf FORMAT): returns
 * DOSSIER_ERR_MODIFIED when a writer moved the index on (reopen and
 * retry), else DOSSIER_ERR_INDEX with a message that names the index and,
 * when Xapian found damage, says so. */
dossier_status search_read_failed(const char *path, xc_status st,
                                  const char *why, dossier_error *err,
                                  const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* ---- count.c: every match counted, facets tallied, beside the ranking */

/* A count of what a query matches, on the searcher's own handle or beside
 * the ranked search, on the worker's. */
struct count_job {
    /* In: */
    struct count_side *side;
    const char *path;      /* of the index */
    const searcher *archive; /* an archive's searcher, whose shards the
                                worker opens; NULL for an index */
    const xc_query *query; /* the count's own, used by nothing else */
    const search_options *opts;
    size_t limit;
    const search_clock *clock;
    int is_beside;
    /* Out: STATUS (DOSSIER_ERR_MODIFIED: the index changed), with ERR;
     * HAS_NO_HANDLE when SIDE's handle could not be opened (then count on
     * the searcher's own). */
    dossier_status status;
    dossier_error err;
    int has_no_handle;
    /* In and out: the words "did you mean" looks up, looked up after the
     * count on its handle (NULL: none). */
    struct suggest_words *suggest;
    int is_cut_short;      /* stopped by the deadline */
    xc_enquire *enq; /* holds the facet counts; over SIDE's handle */
    dossier_facet_image *image; /* or holds them, when not NULL */
    uint32_t total, stories;
    int is_total_exact, is_stories_exact;
    /* Counted without a facet image (an archive): the clusters matched,
     * each with its matching articles, which count_clear frees. */
    struct cluster_count {
        char key[DOSSIER_CLUSTER_KEY_LEN + 1];
        uint32_t articles;
    } *clusters;
    size_t n_clusters;
    uint32_t clustered_articles;
};

/* The articles JOB counted in the cluster KEY: 0 when it counted none
 * there, or without a facet image it did not count clusters. */
uint32_t count_cluster_articles(const struct count_job *job, const char *key);

/* Starts JOB beside the ranked search of RANKED when it can run there:
 * an index of one local database, a count query of its own, and a
 * worker.  Else count_finish counts on the searcher's own handle. */
void count_start(searcher *s, struct count_job *job, const xc_query *ranked);

/* Waits for JOB (or runs it), and copies its counts and facets into OUT.
 * Returns DOSSIER_OK, DOSSIER_ERR_MODIFIED when the index changed under
 * us, or another error with ERR. */
dossier_status count_finish(searcher *s, struct count_job *job,
                            search_result *out, dossier_error *err);

/* Waits for JOB if it still runs, and frees what it holds. */
void count_clear(searcher *s, struct count_job *job);

/* Forgets what SIDE read of its handle's former commit. */
void count_side_forget(struct count_side *side);

/* ---- facets.c */

/* Reads the facets counted by ENQ's value counter into OUT.  Returns
 * DOSSIER_OK, or DOSSIER_ERR_NOMEM. */
dossier_status facets_read_counted(searcher *s, xc_enquire *enq,
                                   search_result *out);

/* Reads the facets IMG tallied into OUT.  Returns as
 * facets_read_counted. */
dossier_status facets_read_image(searcher *s, dossier_facet_image *img,
                                 search_result *out);

void facets_free(facet_list *f);

/* ---- feedback.c */

/* QUERY with the feedback terms of its best matches added, or NULL to run
 * it as it is (feedback is a refinement, never a reason for a search to
 * fail).  *out belongs to the caller. */
xc_query *feedback_expand(searcher *s, const xc_query *query,
                          const built_query *built,
                          const search_options *opts, search_clock *clock);

/* ---- suggest.c */

#define SUGGEST_MAX_WORDS 64

/* The plain words of a query that "did you mean" looks at, and how many
 * articles hold each one's term: looked up beside the ranked search, by
 * the count (count.c), else by suggest_query. */
typedef struct suggest_words {
    size_t n;
    const query_node *words[SUGGEST_MAX_WORDS];
    /* Per word, its term and normal form; NULL for a stop word or what
     * is not one word. */
    char *terms[SUGGEST_MAX_WORDS], *norms[SUGGEST_MAX_WORDS];
    uint32_t freqs[SUGGEST_MAX_WORDS];
    int is_looked_up; /* FREQS are known */
} suggest_words;

/* The plain words of OUT's parsed query into *W, analysed in OPTS's
 * language (suggest_words_clear it). */
void suggest_prepare(searcher *s, const search_result *out,
                     const search_options *opts, suggest_words *w);

/* Looks up W's terms in DB, all in one request: sets W->is_looked_up
 * when it answered. */
void suggest_lookup(xc_db *db, suggest_words *w);

void suggest_words_clear(suggest_words *w);

/* Sets OUT->suggestion: the QUERY (LEN bytes) with each word of W the
 * index does not know replaced by the likeliest indexed word, in the
 * case it was typed in, when that finds more articles than OUT->total
 * (*SUGGESTED_TOTAL of them); NULL when there is none. */
void suggest_query(searcher *s, const char *query, size_t len,
                   const search_options *opts, search_result *out,
                   suggest_words *w, uint32_t *suggested_total);

#endif
