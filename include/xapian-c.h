/*
 * xapian-c.h: libxapian-c, Dossier's C API over Xapian's C++ API.
 *
 * Conventions (the model is notmuch's lib/notmuch.h):
 *
 * - Handles are opaque.  Every call that can fail returns an xc_status;
 *   results come back through out-parameters placed last, which are set to
 *   NULL (or 0) on failure.
 * - No C++ exception ever leaves this library.  Each entry point catches
 *   Xapian::Error, std::bad_alloc and everything else and maps it to a
 *   status.  The library never prints.
 * - The detailed message of the last failure is kept on the handle the call
 *   was made on (xc_db_last_error(), xc_enquire_last_error(), ...).  Calls
 *   that have no handle (opening, building queries) keep it in a per-thread
 *   slot read with xc_thread_last_error().
 * - Ownership: what comes back through a `**out` parameter belongs to the
 *   caller, who frees it with the matching _destroy function (strings and
 *   byte buffers with xc_free()).  A `const char *` returned directly belongs
 *   to the handle and stays valid until the next call on that handle.
 * - Thread-safety: a handle may be used by one thread at a time.  Different
 *   handles, even over the same database path, may be used concurrently.
 *   Queries are immutable once built, but Xapian counts references to their
 *   parts without atomics: a query, and every query combined from it or
 *   set on an enquire, belongs to one thread at a time.  Two queries built
 *   apart (even both with xc_query_match_all) share nothing.
 * - Terms are byte strings; Xapian refuses terms over 245 bytes with
 *   XC_STATUS_INVALID_ARGUMENT (reported when the document is added).
 * - The API is for any program that embeds it, not only Dossier's.  A
 *   function that Dossier's own programs do not call is kept on purpose
 *   when such a program would need it: its comment starts "For library
 *   users:" and says what one would do with it, and a unit test asserts
 *   what it does.  A function that only a test would call is removed.
 *   tests/e2e/symbols.bats holds the header to this.
 */
#ifndef XAPIAN_C_H
#define XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define XC_EXPORT __attribute__((visibility("default")))

/* The longest term Xapian accepts in a glass database, in bytes. */
#define XC_MAX_TERM_BYTES 245

typedef uint32_t xc_docid;
typedef uint32_t xc_valueno;
typedef uint32_t xc_termpos;

/* Outcome of every fallible call. */
typedef enum {
    XC_STATUS_SUCCESS = 0,
    /* A database path, document or term that does not exist. */
    XC_STATUS_NOT_FOUND,
    /* Another process holds the write lock on the database. */
    XC_STATUS_LOCKED,
    /* A reader's revision was overwritten by a writer: call xc_db_reopen()
     * and retry the operation. */
    XC_STATUS_MODIFIED,
    /* The path exists but cannot be read as a database: files damaged,
     * truncated, unreadable (an I/O error), of an unknown version, or a
     * stub file with a bad line.  Also a table so damaged that Xapian
     * crashed reading it: a SIGSEGV, SIGBUS or SIGFPE raised inside a call
     * of this library ends that call with this status.  For that, the
     * library installs handlers for these three signals, process-wide, at
     * its first call; a fault anywhere else goes to the handler it
     * replaced.  What Xapian held in the call is leaked, and the handle
     * should be dropped. */
    XC_STATUS_CORRUPT,
    /* A remote database could not be reached or timed out. */
    XC_STATUS_NETWORK,
    /* A bad argument or an operation not valid in the handle's state (for
     * example a term over 245 bytes, an empty term, writing to a read-only
     * database). */
    XC_STATUS_INVALID_ARGUMENT,
    /* A value out of range (for example a document id past the end). */
    XC_STATUS_RANGE,
    /* Memory ran out. */
    XC_STATUS_NO_MEMORY,
    /* Anything else: a database that cannot be created (missing parent
     * folder, permissions), features missing from this Xapian. */
    XC_STATUS_OTHER,
    XC_STATUS_LAST
} xc_status;

/* A static English name for a status ("locked", "modified", ...).  Never
 * NULL; out-of-range values give "unknown status".  Thread-safe. */
XC_EXPORT const char *xc_status_to_string(xc_status status);

/* The message of the last failed call made by this thread on no handle
 * (opening a database, building a query, compacting).  Belongs to the
 * library; valid until the next failing call in this thread.  Never NULL
 * ("" when nothing failed). */
XC_EXPORT const char *xc_thread_last_error(void);

/* Frees a string or byte buffer that this library returned through an out
 * parameter.  NULL is ignored. */
XC_EXPORT void xc_free(void *ptr);

/* For library users: to report which Xapian a program runs on (a
 * --version line, a bug report).  Xapian's version, e.g. "1.4.22".
 * Static.  Thread-safe. */
XC_EXPORT const char *xc_xapian_version(void);

/* ------------------------------------------------------------------ */
/* Databases                                                           */
/* ------------------------------------------------------------------ */

typedef struct xc_db xc_db;
typedef struct xc_doc xc_doc;
typedef struct xc_terms xc_terms;

typedef enum {
    XC_DB_CREATE_OR_OPEN = 1,  /* open, creating it if absent */
    XC_DB_CREATE,              /* create; fail if it exists */
    XC_DB_CREATE_OR_OVERWRITE, /* create, replacing any existing database */
    XC_DB_OPEN                 /* open; fail with NOT_FOUND if absent */
} xc_db_mode;

/* ORed into a mode: commits skip fsync().  For databases that are rebuilt
 * anyway after a crash (temporary shards), never for an index. */
#define XC_DB_NO_SYNC 0x100

/* Opens a database read-only.  PATH may be a database directory or a stub
 * database file (one database per line: "auto PATH" relative to the stub,
 * or "remote HOST:PORT" for a xapian-tcpsrv, which Xapian itself reads).
 * Several shards are searched as one.
 * On success *out is a new handle the caller releases with xc_db_destroy().
 * Returns NOT_FOUND, CORRUPT, NETWORK, NO_MEMORY or OTHER; the message is in
 * xc_thread_last_error(). */
XC_EXPORT xc_status xc_db_open_readonly(const char *path, xc_db **out);

/* Opens a remote database served by `xapian-tcpsrv` at HOST:PORT, as a
 * stub file's "remote" line names one (Dossier opens an archive's shards
 * one by one, to go on without one that does not answer).
 * TIMEOUT_MS bounds each network operation (0 means Xapian's default of
 * 10 s); connecting is bounded by the same value.
 * Returns NETWORK when the server is unreachable. */
XC_EXPORT xc_status xc_db_open_remote_tcp(const char *host, unsigned port,
                                          unsigned timeout_ms, xc_db **out);

/* Opens or creates a writable database at the directory PATH according to
 * MODE (which may carry XC_DB_NO_SYNC).  Only one writer may hold a database: a second one gets LOCKED at
 * once (this call never waits).  Returns NOT_FOUND (XC_DB_OPEN of a missing
 * database), LOCKED, CORRUPT, INVALID_ARGUMENT (XC_DB_CREATE over an
 * existing database), NO_MEMORY or OTHER. */
XC_EXPORT xc_status xc_db_open_writable(const char *path, xc_db_mode mode,
                                        xc_db **out);

/* Adds the shards of OTHER to the read-only handle DB so that both are
 * searched as one: the shards of an archive, opened one by one.  OTHER
 * is not consumed; the caller still destroys it.  While every database
 * joined is one database, DB keeps each as a part of its own, from which
 * xc_mset_fetch reads a remote shard's documents on a thread of its own.
 * Returns INVALID_ARGUMENT for a writable DB. */
XC_EXPORT xc_status xc_db_add_shard(xc_db *db, const xc_db *other);

/* Releases the handle.  A writable database is committed first (Xapian's
 * own behaviour when a writer goes away cleanly); an error in that commit
 * is lost, so call xc_db_commit() or xc_db_close() when it matters.  NULL is
 * ignored. */
XC_EXPORT void xc_db_destroy(xc_db *db);

/* Closes the database files and releases the write lock, committing pending
 * changes of a writer.  Further calls on DB (other than _destroy and
 * _last_error) fail with INVALID_ARGUMENT. */
XC_EXPORT xc_status xc_db_close(xc_db *db);

/* The message of the last failure on DB.  Belongs to DB; never NULL. */
XC_EXPORT const char *xc_db_last_error(const xc_db *db);

/* Moves a reader to the latest committed revision.  *changed (may be NULL)
 * is set to 1 when the revision may have changed.  The way to recover from
 * XC_STATUS_MODIFIED. */
XC_EXPORT xc_status xc_db_reopen(xc_db *db, int *changed);

/* For library users: to add a document that has no unique term to be
 * replaced by (Dossier always replaces by an article's id term).
 * Adds DOC and sets *docid (may be NULL) to its new id.  Writable only. */
XC_EXPORT xc_status xc_db_add_document(xc_db *db, const xc_doc *doc,
                                       xc_docid *docid);

/* Replaces the document indexed by the unique term UNIQUE_TERM with DOC, or
 * adds it when none has that term.  *docid (may be NULL) is set to the id
 * it has now.  DOC must itself carry UNIQUE_TERM for later replacements to
 * find it. */
XC_EXPORT xc_status xc_db_replace_document_by_term(xc_db *db,
                                                   const char *unique_term,
                                                   const xc_doc *doc,
                                                   xc_docid *docid);

/* Replaces document DOCID with DOC (adding it under that id if absent). */
XC_EXPORT xc_status xc_db_replace_document(xc_db *db, xc_docid docid,
                                           const xc_doc *doc);

/* To take a document out of an index by its unique term (Dossier's bulk
 * load drops so, from a resumed shard, an article the run now skips).
 * Deletes every document indexed by UNIQUE_TERM; none is not an error.
 * *n_deleted (may be NULL) is set to how many there were. */
XC_EXPORT xc_status xc_db_delete_document_by_term(xc_db *db,
                                                  const char *unique_term,
                                                  uint32_t *n_deleted);

/* For library users: the same by document id, say for a hit of a search.
 * Deletes document DOCID; NOT_FOUND if there is none. */
XC_EXPORT xc_status xc_db_delete_document(xc_db *db, xc_docid docid);

/* To make changes durable without a transaction (Dossier commits its
 * articles by ending flushed transactions, a new shard's metadata so).
 * Makes the changes so far durable and visible to new readers. */
XC_EXPORT xc_status xc_db_commit(xc_db *db);

/* Transactions group changes so that they are all committed or none is.
 * A flushed transaction (IS_FLUSHED = 1) commits when it ends; an unflushed
 * one just ends and leaves its changes pending for the next commit.
 * Nesting is INVALID_ARGUMENT. */
XC_EXPORT xc_status xc_db_begin_transaction(xc_db *db, int is_flushed);
XC_EXPORT xc_status xc_db_commit_transaction(xc_db *db);
XC_EXPORT xc_status xc_db_cancel_transaction(xc_db *db);

/* Statistics of the current revision. */
XC_EXPORT xc_status xc_db_doc_count(xc_db *db, uint32_t *count);
XC_EXPORT xc_status xc_db_last_docid(xc_db *db, xc_docid *docid);
/* The mean document length in terms: with the document count and the
 * last docid, what tells that two handles of the same shards read the
 * same commits, where a remote shard tells no revision. */
XC_EXPORT xc_status xc_db_avg_length(xc_db *db, double *avg_length);
/* The revision (commit number) DB reads: two handles read the same
 * commit when their revisions are equal.  Only for one local database;
 * a stub, a remote or a combined database fails (XC_STATUS_OTHER or
 * INVALID_ARGUMENT, message on DB). */
XC_EXPORT xc_status xc_db_revision(xc_db *db, uint64_t *revision);
/* The database's UUID, 36 characters and a NUL, into OUT: a database
 * made anew in the same folder has another.  Only for one local database
 * (as xc_db_revision). */
#define XC_UUID_SIZE 37
XC_EXPORT xc_status xc_db_uuid(xc_db *db, char out[XC_UUID_SIZE]);
/* Number of documents indexed by TERM (0 when absent). */
XC_EXPORT xc_status xc_db_term_freq(xc_db *db, const char *term,
                                   uint32_t *freq);
/* The number of documents indexed by each of the N TERMS into FREQS
 * (N of them, in the same order).  Over several databases, one match
 * gathers them all at once, where xc_db_term_freq asks a remote database
 * once per term. */
XC_EXPORT xc_status xc_db_term_freqs(xc_db *db, const char *const *terms,
                                    size_t n, uint32_t *freqs);
/* For library users: how often a term occurs in all, next to how many
 * documents have it, for term statistics or weighting of one's own.
 * Number of occurrences of TERM over all documents (sum of wdf). */
XC_EXPORT xc_status xc_db_collection_freq(xc_db *db, const char *term,
                                         uint64_t *freq);

/* Reads the metadata value stored under KEY (an empty key is
 * INVALID_ARGUMENT).  *value is a new NUL-terminated buffer the caller frees
 * with xc_free(), "" when the key is absent; *len (may be NULL) its length
 * without the NUL (values may hold NUL bytes). */
XC_EXPORT xc_status xc_db_get_metadata(xc_db *db, const char *key,
                                       char **value, size_t *len);

/* Stores LEN bytes of VALUE under KEY (an empty value deletes the key).
 * Written at the next commit, with the documents.  Writable only. */
XC_EXPORT xc_status xc_db_set_metadata(xc_db *db, const char *key,
                                       const char *value, size_t len);

/* Iterates, in byte order, every term of the database starting with PREFIX
 * ("" for all), with its term frequency.  *out belongs to the caller
 * (xc_terms_destroy) and must not outlive DB. */
XC_EXPORT xc_status xc_db_terms(xc_db *db, const char *prefix, xc_terms **out);

typedef struct xc_values xc_values;

/* Iterates, in document id order, every document's non-empty value in
 * SLOT: a fast way to read one value of all documents (no document is
 * loaded).  *out belongs to the caller (xc_values_destroy) and must not
 * outlive DB.
 *
 *   for (; xc_values_valid(it); xc_values_next(it))
 *       use(xc_values_docid(it), xc_values_value(it, &len), len);
 *   if (xc_values_status(it) != XC_STATUS_SUCCESS) failed(); */
XC_EXPORT xc_status xc_db_values(xc_db *db, xc_valueno slot, xc_values **out);
XC_EXPORT int xc_values_valid(const xc_values *it);
XC_EXPORT xc_docid xc_values_docid(const xc_values *it);
/* The current value, owned by the iterator until xc_values_next(); its
 * length in *len (may be NULL). */
XC_EXPORT const char *xc_values_value(const xc_values *it, size_t *len);
XC_EXPORT void xc_values_next(xc_values *it);
/* Moves IT to the first document at or after DOCID (never back), reading
 * past the others without decoding them; whether it now holds DOCID's
 * value. */
XC_EXPORT int xc_values_skip_to(xc_values *it, xc_docid docid);
XC_EXPORT xc_status xc_values_status(const xc_values *it);
XC_EXPORT const char *xc_values_last_error(const xc_values *it);
XC_EXPORT void xc_values_destroy(xc_values *it);

/* Fetches document DOCID.  NOT_FOUND when there is none.  *out belongs to
 * the caller (xc_doc_destroy) and must not outlive DB. */
XC_EXPORT xc_status xc_db_get_document(xc_db *db, xc_docid docid,
                                       xc_doc **out);

/* Spelling: adds FREQ_INC occurrences of WORD to the spelling dictionary
 * (writable only). */
XC_EXPORT xc_status xc_db_add_spelling(xc_db *db, const char *word,
                                       uint32_t freq_inc);

/* Suggests the most frequent dictionary word within MAX_EDIT_DISTANCE edits
 * of WORD (Xapian's default is 2).  *suggestion is a new string the caller
 * frees with xc_free(); "" when there is none. */
XC_EXPORT xc_status xc_db_spelling_suggestion(xc_db *db, const char *word,
                                              unsigned max_edit_distance,
                                              char **suggestion);

/* For library users: a synonym table to expand queries from, each term
 * ORed with its synonyms under XC_QUERY_SYNONYM (Dossier's gazetteer does
 * that work when it indexes).
 * Synonyms: records SYNONYM for TERM (writable only) and iterates a term's
 * synonyms. */
XC_EXPORT xc_status xc_db_add_synonym(xc_db *db, const char *term,
                                      const char *synonym);
XC_EXPORT xc_status xc_db_synonyms(xc_db *db, const char *term,
                                   xc_terms **out);

/* Flags for xc_compact(). */
#define XC_COMPACT_MULTIPASS   1u /* merge postlists in several passes */
#define XC_COMPACT_SINGLE_FILE 2u /* write a single-file database */
#define XC_COMPACT_FULLER      4u /* pack blocks as full as possible */

/* Merges the N_SOURCES databases at SOURCES into a new database at
 * DESTINATION (which must not exist), renumbering document ids so that they
 * follow one another; this is how shards built in parallel become one
 * index.  Returns NOT_FOUND, CORRUPT, INVALID_ARGUMENT, OTHER; the message
 * is in xc_thread_last_error(). */
XC_EXPORT xc_status xc_compact(const char *const *sources, size_t n_sources,
                               const char *destination, unsigned flags);

/* ------------------------------------------------------------------ */
/* Term lists                                                          */
/* ------------------------------------------------------------------ */

/* A forward iterator over terms: a database's terms, a document's terms, a
 * term's synonyms, the query terms a hit matched, facet counts.
 *
 *   for (; xc_terms_valid(it); xc_terms_next(it)) use(xc_terms_term(it));
 *   if (xc_terms_status(it) != XC_STATUS_SUCCESS) failed();
 *
 * Getters return data owned by the iterator, valid until the next
 * xc_terms_next().  What a count does not apply to is 0. */
XC_EXPORT int xc_terms_valid(const xc_terms *it);
XC_EXPORT const char *xc_terms_term(const xc_terms *it);
/* Documents indexed by the term (database and document lists), or the
 * count of a facet value. */
XC_EXPORT uint32_t xc_terms_freq(const xc_terms *it);
XC_EXPORT void xc_terms_next(xc_terms *it);
XC_EXPORT void xc_terms_destroy(xc_terms *it);
/* The term's length, for terms and facet values that hold NUL bytes. */
XC_EXPORT size_t xc_terms_term_len(const xc_terms *it);
/* How often the document has the term, reading a document's terms.
 * Occurrences in the document (document lists). */
XC_EXPORT uint32_t xc_terms_wdf(const xc_terms *it);
/* After the loop, to tell the end of a list from a failure, which every
 * loop that must not take one for the other checks.  SUCCESS while valid
 * or when the end was reached; otherwise why reading stopped early (for
 * example MODIFIED). */
XC_EXPORT xc_status xc_terms_status(const xc_terms *it);
/* The message behind a failed status, to report it.  Never NULL. */
XC_EXPORT const char *xc_terms_last_error(const xc_terms *it);

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/* Creates an empty document.  *out belongs to the caller (xc_doc_destroy). */
XC_EXPORT xc_status xc_doc_new(xc_doc **out);
XC_EXPORT void xc_doc_destroy(xc_doc *doc);
/* The message of the last failure on DOC.  Never NULL. */
XC_EXPORT const char *xc_doc_last_error(const xc_doc *doc);

/* For library users: the id of a document passed on without its match
 * set, to fetch, replace or delete it later.  The document's id in the
 * database it came from (0 for a new one). */
XC_EXPORT xc_docid xc_doc_docid(const xc_doc *doc);

/* Adds an occurrence of TERM at POSITION (1-based), raising its wdf by
 * WDF_INC. */
XC_EXPORT xc_status xc_doc_add_posting(xc_doc *doc, const char *term,
                                       xc_termpos position, uint32_t wdf_inc);
/* Adds TERM without a position, raising its wdf by WDF_INC. */
XC_EXPORT xc_status xc_doc_add_term(xc_doc *doc, const char *term,
                                    uint32_t wdf_inc);
/* Adds TERM as a boolean (filter) term: no position, wdf 0, so it does
 * not change the document's length or weight. */
XC_EXPORT xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term);

/* Sets value SLOT to LEN bytes of VALUE (LEN 0 clears it). */
XC_EXPORT xc_status xc_doc_set_value(xc_doc *doc, xc_valueno slot,
                                     const char *value, size_t len);
/* To read back one value of one document (its source, say), where
 * searches read a slot of every document (xc_db_values): Dossier's bulk
 * load compares so an article with the one a resumed shard holds.
 * Reads value SLOT into a new buffer the caller frees with xc_free()
 * (NUL-terminated, "" when unset); *len (may be NULL) is its length. */
XC_EXPORT xc_status xc_doc_get_value(xc_doc *doc, xc_valueno slot,
                                     char **value, size_t *len);

/* For library users: numbers other than times (a price, a score) in value
 * slots, for sorting and value ranges.
 * Numbers in value slots, serialised so that byte order is numeric order
 * (Xapian's sortable_serialise), for sorting and range queries. */
XC_EXPORT xc_status xc_doc_set_value_double(xc_doc *doc, xc_valueno slot,
                                            double number);
/* For library users: such a number read back.  *number is set to 0 and
 * *is_set (may be NULL) to 0 when the slot is empty. */
XC_EXPORT xc_status xc_doc_get_value_double(xc_doc *doc, xc_valueno slot,
                                            double *number, int *is_set);
/* Times are stored as seconds since the Unix epoch (UTC) through the same
 * encoding, so date ranges are value ranges. */
XC_EXPORT xc_status xc_doc_set_value_time(xc_doc *doc, xc_valueno slot,
                                          time_t when);
XC_EXPORT xc_status xc_doc_get_value_time(xc_doc *doc, xc_valueno slot,
                                          time_t *when, int *is_set);

/* Encodes NUMBER into BUF (at least XC_SORTABLE_MAX bytes) and returns the
 * length used.  For building value range bounds.  Never fails. */
#define XC_SORTABLE_MAX 18
XC_EXPORT size_t xc_sortable_serialise(double number, char *buf);
/* For library users: to read back a number a value stream or a value
 * facet holds.  Decodes LEN bytes made by xc_sortable_serialise(). */
XC_EXPORT double xc_sortable_unserialise(const char *buf, size_t len);

/* Sets the document data to LEN bytes of DATA. */
XC_EXPORT xc_status xc_doc_set_data(xc_doc *doc, const char *data,
                                    size_t len);
/* Reads the document data into a new NUL-terminated buffer the caller
 * frees with xc_free(); *len (may be NULL) is its length.  A document read
 * from a database loads lazily, so this may fail with MODIFIED. */
XC_EXPORT xc_status xc_doc_get_data(xc_doc *doc, char **data, size_t *len);

/* Iterates the document's terms in byte order with their wdf.  *out must
 * not outlive DOC. */
XC_EXPORT xc_status xc_doc_terms(xc_doc *doc, xc_terms **out);

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

typedef struct xc_query xc_query;

/* Operators that combine subqueries (Xapian::Query::op). */
typedef enum {
    XC_QUERY_AND = 0,
    XC_QUERY_OR,
    XC_QUERY_AND_NOT,   /* the first, minus documents matching the rest */
    XC_QUERY_AND_MAYBE, /* the first; the rest only add weight */
    XC_QUERY_FILTER,    /* the first, weighted, restricted by the rest */
    XC_QUERY_PHRASE,    /* terms in order within a window */
    XC_QUERY_NEAR,      /* terms in any order within a window */
    XC_QUERY_SYNONYM,   /* OR weighted as if one term */
    XC_QUERY_MAX,       /* OR weighted by the best subquery */
    XC_QUERY_ELITE_SET, /* OR of the best WINDOW subqueries */
    XC_QUERY_OP_LAST
} xc_query_op;

/* Every constructor sets *out to a new query the caller releases with
 * xc_query_destroy().  Queries are immutable and cheap to copy: a combined
 * query keeps its own references, so subqueries may be destroyed right
 * after.  Failures (INVALID_ARGUMENT, NO_MEMORY) leave their message in
 * xc_thread_last_error(). */

/* A term, with its within-query frequency WQF (1 normally) and position in
 * the query POS (0 when irrelevant). */
XC_EXPORT xc_status xc_query_term(const char *term, uint32_t wqf,
                                  xc_termpos pos, xc_query **out);

/* Combines N subqueries with OP.  WINDOW is the span for PHRASE and NEAR
 * (0 means the number of subqueries) and the count for ELITE_SET; ignored
 * otherwise.  AND_NOT, AND_MAYBE and FILTER need at least one subquery. */
XC_EXPORT xc_status xc_query_combine(xc_query_op op,
                                     const xc_query *const *subqueries,
                                     size_t n, unsigned window,
                                     xc_query **out);

/* Multiplies the weight SUB contributes by FACTOR (>= 0). */
XC_EXPORT xc_status xc_query_scale_weight(const xc_query *sub, double factor,
                                          xc_query **out);

/* Documents whose value SLOT lies between LO and HI inclusive, compared as
 * bytes.  A NULL bound is open. Both NULL is INVALID_ARGUMENT. */
XC_EXPORT xc_status xc_query_value_range(xc_valueno slot, const char *lo,
                                         size_t lo_len, const char *hi,
                                         size_t hi_len, xc_query **out);

/* How a wildcard behaves when it matches more terms than its limit. */
typedef enum {
    XC_WILDCARD_MOST_FREQUENT = 0, /* keep the most frequent terms */
    XC_WILDCARD_FIRST,             /* keep the first terms in byte order */
    XC_WILDCARD_ERROR              /* the search fails with RANGE */
} xc_wildcard_limit;

/* Every term starting with PREFIX, ORed, at most MAX_EXPANSION of them
 * (0 means no limit; callers facing the public should always set one). */
XC_EXPORT xc_status xc_query_wildcard(const char *prefix,
                                      uint32_t max_expansion,
                                      xc_wildcard_limit limit_mode,
                                      xc_query **out);

/* Every document, with no weight; and no document. */
XC_EXPORT xc_status xc_query_match_all(xc_query **out);
XC_EXPORT xc_status xc_query_match_nothing(xc_query **out);

/* For library users: to tell before searching that a query built from
 * user input (only stopwords, say) can match nothing.  Whether Q matches
 * nothing by construction. */
XC_EXPORT int xc_query_is_empty(const xc_query *q);

/* An upper bound on the list entries a search of Q over DB may decode:
 * each term's postings, or its positions under a phrase or NEAR; the
 * document count for MatchAll and a value range (one value a document);
 * UINT64_MAX when no cheap bound exists (a wildcard, a posting source).  One term-frequency lookup
 * per term.  For deciding whether a search needs a time limit, which
 * costs a thread (xc_enquire_set_time_limit). */
XC_EXPORT xc_status xc_query_cost_bound(xc_db *db, const xc_query *q,
                                        uint64_t *out);

/* Xapian's description of Q, for debugging, as a new string the caller
 * frees with xc_free(). */
XC_EXPORT xc_status xc_query_description(const xc_query *q, char **out);

XC_EXPORT void xc_query_destroy(xc_query *q);

/* ------------------------------------------------------------------ */
/* Searching                                                           */
/* ------------------------------------------------------------------ */

typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;
typedef struct xc_rset xc_rset;
typedef struct xc_eset xc_eset;

/* A search session over DB.  *out belongs to the caller
 * (xc_enquire_destroy) and must not outlive DB. */
XC_EXPORT xc_status xc_enquire_new(xc_db *db, xc_enquire **out);
XC_EXPORT void xc_enquire_destroy(xc_enquire *enq);
XC_EXPORT const char *xc_enquire_last_error(const xc_enquire *enq);

/* The query to run; the enquire keeps its own reference. QUERY_LEN is the
 * number of terms of the user's query (0 to let Xapian count). */
XC_EXPORT xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q,
                                         uint32_t query_len);

/* BM25 with Xapian's parameters: K1 (term frequency saturation, default 1),
 * K2 (document length correction, 0), K3 (query term frequency, 1), B
 * (length normalisation, 0.5), MIN_NORMLEN (0.5).  Negative values are
 * INVALID_ARGUMENT. */
XC_EXPORT xc_status xc_enquire_set_bm25(xc_enquire *enq, double k1, double k2,
                                        double k3, double b,
                                        double min_normlen);

/* Weighs every match 0: for a search that only counts, whose matches
 * need no weight (Xapian's BoolWeight). */
XC_EXPORT xc_status xc_enquire_set_bool_weight(xc_enquire *enq);

typedef enum {
    XC_SORT_RELEVANCE = 0,       /* by weight, the default */
    XC_SORT_VALUE,               /* by a value slot only */
    XC_SORT_RELEVANCE_THEN_VALUE,/* by weight, ties by value */
    XC_SORT_VALUE_THEN_RELEVANCE /* by value, ties by weight */
} xc_sort;

/* Sets the order of hits.  SLOT and IS_DESCENDING apply to value orders
 * (values compare as bytes; use xc_sortable_serialise for numbers).
 * Documents without a value in SLOT come after every document with one,
 * in either direction (Xapian's own value sorts put them first when
 * ascending): the oldest dated article, not an undated one, leads an
 * ascending date order.  Over a remote database, which knows only Xapian's
 * value orders, the same order costs a second match in ascending value
 * order (those without a value, and their count), and facet counters
 * cannot run with it (xc_enquire_get_mset fails, XC_STATUS_OTHER).
 * XC_SORT_RELEVANCE_THEN_VALUE is Xapian's own order, the same over a
 * remote database: the value only breaks ties in weight, and there
 * documents without one come first when ascending. */
XC_EXPORT xc_status xc_enquire_set_sort(xc_enquire *enq, xc_sort order,
                                        xc_valueno slot, int is_descending);

/* Keeps at most MAX_PER_VALUE hits sharing the same non-empty value in
 * SLOT (0 turns collapsing off); each kept hit reports how many it stands
 * for in xc_mset_collapse_count(). */
XC_EXPORT xc_status xc_enquire_set_collapse(xc_enquire *enq, xc_valueno slot,
                                            uint32_t max_per_value);

/* Stops the match after SECONDS (0 turns the limit off); results are then
 * the best found so far and estimates are less exact. */
XC_EXPORT xc_status xc_enquire_set_time_limit(xc_enquire *enq,
                                              double seconds);

/* Facets: counts, over every document the match looks at (all matches when
 * check_at_least in xc_enquire_get_mset() covers them), of the values of a
 * slot or the terms starting with a prefix.  Counting is set up before
 * xc_enquire_get_mset() and read after it.  Several counters may be set.
 *
 * Counts the items of SLOT's values, read with xc_enquire_field_counts():
 * each value holds N_FIELDS (1 to XC_MAX_VALUE_FIELDS) fields separated by
 * '\x1e', each a list of items separated by '\n' (the entities an article
 * mentions, say), counted apart, each item once per document.  One field
 * is a plain list; several are several facets from one value read per
 * document (reading a value stream costs about as much per stream as per
 * byte).  Missing fields count as empty.  Much cheaper than term counts:
 * values are not compressed.  Over a remote database the server counts
 * whole values with Xapian's ValueCountMatchSpy and the items are split
 * here: the same counts, with every distinct value crossing the network. */
#define XC_MAX_VALUE_FIELDS 8
XC_EXPORT xc_status xc_enquire_add_value_fields_count(xc_enquire *enq,
                                                      xc_valueno slot,
                                                      unsigned n_fields);
/* A facet over a slot that holds one item a document (a source, a
 * category, a cluster key), which a remote database counts too.  Counts
 * the whole values of SLOT, read with xc_enquire_value_counts(). */
XC_EXPORT xc_status xc_enquire_add_value_count(xc_enquire *enq,
                                               xc_valueno slot);
/* For library users: facets over boolean terms (tags kept as terms, as
 * notmuch keeps them) that no value holds.  Counts the terms starting with
 * PREFIX, read with xc_enquire_term_counts(). */
XC_EXPORT xc_status xc_enquire_add_term_count(xc_enquire *enq,
                                              const char *prefix);

/* Calls EACH(CTX, docid) for every document the match looks at, the
 * documents the facet counters count (in no set order), so that a caller
 * can tally them against what it holds in memory.  EACH must not call into
 * ENQ.  Only for an enquire over one database: over shards (a stub, or
 * xc_db_add_shard) it is INVALID_ARGUMENT, since Xapian hands a spy each
 * shard's own docids; over a remote database xc_enquire_get_mset() fails
 * (XC_STATUS_OTHER, "not suitable for use with remote searches").
 * Removed with the counters by xc_enquire_clear_counts(). */
XC_EXPORT xc_status xc_enquire_add_docid_spy(
    xc_enquire *enq, void (*each)(void *ctx, xc_docid docid), void *ctx);

/* For library users: to run searches that count other facets on one
 * enquire (Dossier makes an enquire a search).  Removes every facet
 * counter. */
XC_EXPORT xc_status xc_enquire_clear_counts(xc_enquire *enq);

/* The MAX_VALUES most frequent items of field FIELD (from 0) of SLOT's
 * fields counter in the last match, most frequent first, each with its
 * count in xc_terms_freq(); ties in byte order.  INVALID_ARGUMENT when
 * there is no such counter or field.  *out must not outlive ENQ. */
XC_EXPORT xc_status xc_enquire_field_counts(xc_enquire *enq, xc_valueno slot,
                                           unsigned field,
                                           uint32_t max_values,
                                           xc_terms **out);
/* The counts of xc_enquire_add_value_count(), as xc_enquire_field_counts
 * for SLOT's value counter; INVALID_ARGUMENT when no such counter was
 * added. */
XC_EXPORT xc_status xc_enquire_value_counts(xc_enquire *enq, xc_valueno slot,
                                            uint32_t max_values,
                                            xc_terms **out);
/* For library users: the counts of xc_enquire_add_term_count() (terms
 * with their prefix), as xc_enquire_value_counts for PREFIX's term
 * counter. */
XC_EXPORT xc_status xc_enquire_term_counts(xc_enquire *enq,
                                           const char *prefix,
                                           uint32_t max_values,
                                           xc_terms **out);
/* How many documents the facet counters looked at in the last match. */
XC_EXPORT xc_status xc_enquire_counted_docs(xc_enquire *enq, uint32_t *n);

/* Runs the query: hits FIRST .. FIRST + MAX_ITEMS - 1 in the current order.
 * CHECK_AT_LEAST makes the matcher look at that many documents at least
 * (for exact counts and facets).  RSET (may be NULL) marks documents known
 * to be relevant, which BM25 uses.  *out belongs to the caller
 * (xc_mset_destroy) and must not outlive ENQ.  Returns MODIFIED (reopen and
 * retry), NETWORK, RANGE (wildcard over its limit), INVALID_ARGUMENT (for
 * example NEAR over non-term subqueries) and the others. */
XC_EXPORT xc_status xc_enquire_get_mset(xc_enquire *enq, uint32_t first,
                                        uint32_t max_items,
                                        uint32_t check_at_least,
                                        const xc_rset *rset, xc_mset **out);

/* Relevance feedback: a set of document ids judged relevant. */
XC_EXPORT xc_status xc_rset_new(xc_rset **out);
XC_EXPORT xc_status xc_rset_add(xc_rset *rset, xc_docid docid);
XC_EXPORT void xc_rset_destroy(xc_rset *rset);

/* The MAX_TERMS terms that best tell the documents of RSET apart from the
 * rest, for "more like this".  Terms starting with a capital letter
 * (prefixed terms) are skipped when IS_WORDS_ONLY, and so are the terms of
 * ENQ's query.  Weighted as Xapian's default expansion scheme (TradWeight,
 * k = 1), ties in reverse byte order, with term frequencies over the whole
 * database: over shards, gathered by one match from every shard at once
 * (Xapian's own ESet asks a remote shard for each term on its own), so
 * that shards choose the terms one database would, in a few round trips.
 * *out belongs to the caller (xc_eset_destroy). */
XC_EXPORT xc_status xc_enquire_get_eset(xc_enquire *enq, uint32_t max_terms,
                                        const xc_rset *rset, int is_words_only,
                                        xc_eset **out);
XC_EXPORT uint32_t xc_eset_size(const xc_eset *eset);
/* Term I (0-based) and its weight; NULL and 0 past the end.  Owned by
 * ESET. */
XC_EXPORT const char *xc_eset_term(const xc_eset *eset, uint32_t i);
XC_EXPORT double xc_eset_weight(const xc_eset *eset, uint32_t i);
XC_EXPORT void xc_eset_destroy(xc_eset *eset);

/* The match set.  Hits are indexed 0 .. size-1 (rank = first + index). */
XC_EXPORT uint32_t xc_mset_size(const xc_mset *mset);
XC_EXPORT uint32_t xc_mset_matches_lower_bound(const xc_mset *mset);
XC_EXPORT uint32_t xc_mset_matches_upper_bound(const xc_mset *mset);
/* For library users: Xapian's best guess between the bounds, for "about
 * N results". */
XC_EXPORT uint32_t xc_mset_matches_estimated(const xc_mset *mset);
/* For library users: with collapsing on, the matching documents next to
 * the hits ("12 stories, 31 articles").  The bounds above count hits
 * after collapsing (one per collapse value); these count every matching
 * document.  Both pairs are equal, and exact, when the search checked
 * every match (check_at_least of xc_enquire_get_mset at least the number
 * of matches) and no time limit cut it short. */
XC_EXPORT uint32_t xc_mset_uncollapsed_lower_bound(const xc_mset *mset);
XC_EXPORT uint32_t xc_mset_uncollapsed_upper_bound(const xc_mset *mset);
/* Per hit; 0 past the end. */
XC_EXPORT xc_docid xc_mset_docid(const xc_mset *mset, uint32_t i);
XC_EXPORT uint32_t xc_mset_rank(const xc_mset *mset, uint32_t i);
XC_EXPORT double xc_mset_weight(const xc_mset *mset, uint32_t i);
/* For library users: Xapian's percentage, which also weighs the share of
 * the query's terms a hit matches, and is not the same over shards as
 * over one database (Dossier's is of xc_mset_max_attained). */
XC_EXPORT int xc_mset_percent(const xc_mset *mset, uint32_t i);
/* The greatest weight any match attained (0 for an empty match set): the
 * best hit's, on whatever page, the same over shards as over one
 * database. */
XC_EXPORT double xc_mset_max_attained(const xc_mset *mset);
/* How many other documents with the same collapse value this hit stands
 * for (a lower bound). */
XC_EXPORT uint32_t xc_mset_collapse_count(const xc_mset *mset, uint32_t i);
/* Reads the documents of every hit ahead: over shards joined by
 * xc_db_add_shard, each remote shard's on a thread of its own (Xapian 1.4
 * reads a remote document with a round trip of its own), else as Xapian
 * fetches.  A hint: failures show when a document is read
 * (xc_mset_document).  NULL is ignored.  Uses MSET's database handles:
 * not while another thread uses them. */
XC_EXPORT void xc_mset_fetch(xc_mset *mset);
/* The document of hit I.  *out belongs to the caller (xc_doc_destroy);
 * RANGE past the end; MODIFIED when the revision went away. */
XC_EXPORT xc_status xc_mset_document(xc_mset *mset, uint32_t i, xc_doc **out);
/* For library users: to explain or highlight a hit.
 * The query terms hit I matches: in query order when they were given
 * positions (xc_query_term's POS), else in byte order.  Read it before
 * setting another query on the enquire MSET came from, which it consults.
 * *out must not outlive MSET. */
XC_EXPORT xc_status xc_mset_matching_terms(xc_mset *mset, uint32_t i,
                                           xc_terms **out);
/* The message of the last failure on MSET.  Never NULL. */
XC_EXPORT const char *xc_mset_last_error(const xc_mset *mset);
XC_EXPORT void xc_mset_destroy(xc_mset *mset);

#ifdef __cplusplus
}
#endif

#endif /* XAPIAN_C_H */
