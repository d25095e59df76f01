/*
 * dossier/schema.h: the index schema, the one table of term prefixes,
 * value slots and metadata keys that the indexer writes and the searcher
 * reads.  Nothing else in the tree spells a prefix.  Prefixes follow
 * Xapian Omega's conventions where one exists (Q, S, A, K, L, Y, M, D).
 *
 * A document holds:
 *   - its unique term Q<id>: the record's id, else its canonical URL, else
 *     a hash of its text; a Q term over Xapian's limit becomes Qh<hash>;
 *   - title words as S<term> and, weighted DOSSIER_TITLE_WDF times, as
 *     unprefixed terms, at positions 1..n; body words unprefixed, at
 *     positions after a gap (DOSSIER_BODY_POSITION_GAP) so that no phrase
 *     runs from the title into the body; stop words (dossier_is_stopword)
 *     with wdf 0: positions for phrases, but no weight and no share of
 *     the document's length, so that BM25 measures a text by the words
 *     that carry its subject (schema 3);
 *   - per entity mentioned: XE<entity id> (wdf: mentions x
 *     DOSSIER_ENTITY_WDF) and XT<type>;
 *   - the words of the byline (dossier_article.author) as A<word>
 *     (Omega's prefix for the author), at positions 1..n for phrases
 *     (author:"jane doe"), each name of a byline of several ("Jane Doe,
 *     John Roe": names are told apart by , ; & / |) DOSSIER_AUTHOR_NAME_GAP
 *     positions after the last, so that no phrase runs from one name into
 *     the next.  A word is the analyzer's normalized form (case folded,
 *     accents dropped), not its stem: a name has no inflections to fold,
 *     and stems would make Davies and Davy one name, as source: matches a
 *     slug and not stems.  Wdf 0: author: is a filter, as source: is, and
 *     a byline takes no share of the document's length, so BM25 ranks as
 *     without it.  A byline longer than DOSSIER_AUTHOR_MAX_BYTES is cut
 *     at a character boundary, in the terms and in the stored record
 *     (schema 6);
 *   - for an article with an http or https URL, the boolean terms
 *     U<URL key> (dossier_url_term: the canonical URL without its scheme,
 *     a leading "www." or a trailing slash, so that a link pasted from a
 *     browser finds the article) and H<site> for its host and each domain
 *     above it ("www.reuters.com": Hreuters.com; "uk.reuters.com":
 *     Huk.reuters.com and Hreuters.com; dossier_site_key), for url: and
 *     site: (schema 7; Omega's prefixes for URL and host);
 *   - boolean terms XS<source slug>, K<category slug>, L<language>,
 *     Y<yyyy>, M<yyyymm>, D<yyyymmdd>, XB<article hash> (exact
 *     duplicates, see below);
 *   - values: publication time (sortable seconds), the near-duplicate
 *     cluster, the MinHash signature, and the facets in one value: source
 *     name, month and entities mentioned (values are read without the
 *     zlib inflation term lists cost: facets over 1,000 hits went from
 *     60 ms to a few);
 *   - data: the stored record as JSON (record_json.h), whose "id" is
 *     the record's id, else its unique key (the unique term without its
 *     Q: the canonical URL, or "h" and 16 hex digits), so that every
 *     stored article has an id and indexing the stored record again gives
 *     the same unique term (schema 5).
 *
 * Exact duplicates (schema 5): an exact duplicate is the same article,
 * not the same text.  The XB term hashes the normalized words of the
 * title and of the body, each hashed on its own (title "A" with body "B"
 * never equals title "AB"), the source's slug and the publication day
 * (YYYYMMDD, or none).  Before schema 5 it hashed the body alone, and a
 * dividend notice of one company dropped that of another, a bullet
 * re-posted the next day lost its later date.  Articles that share their
 * text but not all of that are distinct: kept, and clustered as
 * near-duplicates.  A record without id or URL is keyed by a hash of its
 * title, body, source slug and day for the same reason.  The byline
 * takes part in neither: one text from one source on one day is one
 * article whoever it is credited to (a wire story signed by its writer in
 * one copy and by the agency's desk in another), and a byline that a
 * source adds or corrects later must replace the article, not add a
 * second one.  An article
 * skipped as an exact duplicate leaves a metadata entry, written in the
 * commit of the run's articles: key dossier_duplicate_meta_key(its id),
 * value the id of the indexed article it duplicates (ids here are unique
 * terms without their Q), so that `dossier-search --show` can say where
 * it went.
 *
 * Near-duplicates: the design sketch proposed a 64-bit simhash.  On short
 * news copy a light rewrite moves a simhash by 10+ bits, where unrelated
 * stories also land, so we use MinHash instead: 64 minimum hashes of word
 * 3-shingles estimate the Jaccard similarity directly.  Two articles with an
 * estimated Jaccard similarity of DOSSIER_NEAR_DUP_JACCARD or more share a
 * cluster.  The writer finds candidates through 16 bands of 4 hashes in
 * memory, loaded from the stored signatures when it opens an index: as
 * terms (one per band per document, nearly all unique) they cost 15% of
 * indexing time for lookups that happen once per run.
 *
 * Only articles in a cluster of two or more carry a cluster value (schema
 * 4): the first one from the moment a second joins it.  Xapian never
 * collapses documents without one, and a search collapsing over the 1,000
 * matches the facets count read 21,000 dense values on Reuters (0.4 ms a
 * request, a tenth of the CGI's time) where it now reads a few hundred.
 * Every article's own key rides in its signature's value, where the
 * writer reads it back.  Those articles also carry the boolean term
 * DOSSIER_TERM_CLUSTERED (schema 5): a search counts its stories by
 * collapsing only the matches in a cluster, and a term leads that filter
 * through a few hundred postings where a value range read the cluster
 * value of every match (0.3 ms a search on Reuters).
 */
#ifndef DOSSIER_SCHEMA_H
#define DOSSIER_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/gazetteer.h"
#include "dossier/status.h"
#include "xapian-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Schema 6 added the byline's A terms.  An index of schema 5 has none and
 * would answer every author: query with nothing, as if no article had
 * that byline, without a word: so the version changed, and the indexer
 * and the searcher say that the index was built with another schema and
 * should be re-indexed (dossier_index_version_differs), as for any other
 * change.  The stored record of a schema 5 index reads as before, without
 * an author. */
/* Schema 7 added the U and H terms of the article's URL: an index of
 * schema 6 has none, and url: and site: would find nothing there. */
#define DOSSIER_SCHEMA_VERSION "dossier-schema-7"

/* Term prefixes. */
#define DOSSIER_PREFIX_ID "Q"
#define DOSSIER_PREFIX_TITLE "S"
#define DOSSIER_PREFIX_ENTITY "XE"
#define DOSSIER_PREFIX_ENTITY_TYPE "XT"
#define DOSSIER_PREFIX_SOURCE "XS"
#define DOSSIER_PREFIX_CATEGORY "K"
#define DOSSIER_PREFIX_AUTHOR "A"
#define DOSSIER_PREFIX_LANG "L"
#define DOSSIER_PREFIX_YEAR "Y"
#define DOSSIER_PREFIX_MONTH "M"
#define DOSSIER_PREFIX_DAY "D"
#define DOSSIER_PREFIX_BODY_HASH "XB"
#define DOSSIER_PREFIX_URL "U"
#define DOSSIER_PREFIX_SITE "H"
/* The one term of every article in a cluster of two or more. */
#define DOSSIER_TERM_CLUSTERED "XC"

/* Value slots. */
enum {
    DOSSIER_SLOT_PUBLISHED = 0, /* xc_sortable_serialise(seconds, UTC) */
    DOSSIER_SLOT_FACETS = 1,    /* the facets, DOSSIER_FACET_FIELDS fields
                                   separated by '\x1e' (schema 4) */
    DOSSIER_SLOT_CLUSTER = 2,   /* the cluster key of an article in a
                                   cluster of two or more, for collapsing;
                                   none for the rest (schema 4) */
    DOSSIER_SLOT_MINHASH = 3,   /* the signature, DOSSIER_MINHASH_SIZE x 4
                                   bytes little-endian, then the article's
                                   own cluster key (schema 4) */
    /* Slots 4 and 5 held the entities and the month before schema 4. */
};

/* The fields of DOSSIER_SLOT_FACETS: one value read per document counts
 * all three facets (a value stream costs its reader about as much per
 * stream as per byte: three streams were 0.3 ms of a CGI request). */
enum {
    DOSSIER_FACET_SOURCE = 0,   /* the source's name */
    DOSSIER_FACET_MONTH = 1,    /* "2023-08": the timeline */
    DOSSIER_FACET_ENTITIES = 2, /* the entity ids mentioned, sorted,
                                   '\n'-separated */
    DOSSIER_FACET_FIELDS = 3
};

/* Database metadata keys.  The fetcher keeps its own too, each feed's
 * state under "dossier:feed:" and "dossier:feed-url:"
 * (indexer/feed_state.h); no other key is written. */
#define DOSSIER_META_SCHEMA "dossier:schema"
#define DOSSIER_META_ANALYZER "dossier:analyzer"
#define DOSSIER_META_GAZETTEER "dossier:gazetteer"
/* The text of the gazetteer (its TSV) the index was built with: it goes
 * wherever the index goes (a copy, xapian-compact, a replica), and a
 * search where no TSV is installed reads it from there
 * (dossier_gazetteer_load_stored).  Written when it changes. */
#define DOSSIER_META_GAZETTEER_TSV "dossier:gazetteer-tsv"
/* An archive's shards, in its "meta" shard: the stub's lines ("auto
 * 1987"), one per line, so that a replica, which receives databases and
 * not files, knows which to ask for (dossier-index --replicate). */
#define DOSSIER_META_ARCHIVE_SHARDS "dossier:archive-shards"
/* DOSSIER_META_DUPLICATE_PREFIX + a skipped article's id -> the id of the
 * article it exactly duplicates; made by dossier_duplicate_meta_key. */
#define DOSSIER_META_DUPLICATE_PREFIX "dossier:dup:"
/* The longest duplicate key spelt out; longer ones are hashed. */
#define DOSSIER_META_DUPLICATE_KEY_MAX 240

/* Weights and positions. */
#define DOSSIER_TITLE_WDF 3
#define DOSSIER_ENTITY_WDF 2
#define DOSSIER_BODY_POSITION_GAP 100
/* Positions between two names of a byline (more than a phrase spans). */
#define DOSSIER_AUTHOR_NAME_GAP 10
/* The longest byline kept, in bytes: a list of twenty names fits; a
 * hostile record's megabyte would be on every line of its hits. */
#define DOSSIER_AUTHOR_MAX_BYTES 1024

/* Near-duplicates. */
#define DOSSIER_MINHASH_SIZE 64
#define DOSSIER_MINHASH_BANDS 16
#define DOSSIER_MINHASH_ROWS 4 /* BANDS x ROWS = SIZE */
#define DOSSIER_NEAR_DUP_JACCARD 0.5
/* A cluster key: 16 hex digits, the hash of its first article's unique
 * term. */
#define DOSSIER_CLUSTER_KEY_LEN 16

/* Writes the slug of NAME to OUT ("The Washington Post" ->
 * "washington-post"): ASCII letters and digits lower-cased, accents
 * dropped, other runs made one hyphen, a leading "the-" dropped, at most
 * 64 bytes.  Returns its length (0 when NAME has no letter or digit).
 * OUT_SIZE must be at least 65.  Thread-safe. */
size_t dossier_slug(const char *name, char *out, size_t out_size);

/* Writes to OUT the metadata key that records where the article ID went
 * when it was skipped as an exact duplicate: DOSSIER_META_DUPLICATE_PREFIX
 * then ID (an article's id: its unique term without the Q), or, when that
 * would be longer than DOSSIER_META_DUPLICATE_KEY_MAX bytes, the prefix,
 * "h" and the 16 hex digits of dossier_fnv64 of ID (from
 * DOSSIER_FNV64_INIT).  The indexer writes the key, the searcher reads it:
 * both must make it here.  Returns DOSSIER_OK, or DOSSIER_ERR_INVALID when
 * OUT_SIZE bytes cannot hold the key and its NUL (OUT is then "";
 * DOSSIER_META_DUPLICATE_KEY_MAX + 1 always can).  Thread-safe. */
dossier_status dossier_duplicate_meta_key(const char *id, char *out,
                                          size_t out_size);

/* Writes to OUT (OUT_SIZE bytes, at least XC_MAX_TERM_BYTES + 1) the term
 * that finds the article whose URL is URL, as dossier-index indexes it and
 * a pasted link looks it up: DOSSIER_PREFIX_URL and the canonical URL
 * (dossier_canonical_url: scheme and host case, default port, fragment,
 * tracking parameters) without its scheme, a leading "www." of the host
 * and the trailing slashes of its path; or, when that is longer than a
 * term may be, "U#" and the 16 hex digits of its dossier_fnv64.  Returns
 * DOSSIER_OK, or DOSSIER_ERR_INVALID when URL is no http or https URL
 * with a host (OUT is then "").  Thread-safe. */
dossier_status dossier_url_term(const char *url, char *out, size_t out_size);

/* Writes to OUT (OUT_SIZE bytes) the site of TEXT, a URL or a host name
 * ("https://www.Reuters.com/x", "reuters.com"): its host, lower-cased,
 * without port, leading "www." or final dot.  The terms of an article's
 * site are DOSSIER_PREFIX_SITE and that host, and each domain above it
 * with a dot in it.  Returns DOSSIER_OK, or DOSSIER_ERR_INVALID when TEXT
 * holds no host name of letters, digits, hyphens and dots (OUT is then
 * ""). Thread-safe. */
dossier_status dossier_site_key(const char *text, char *out, size_t out_size);

/* Compares the schema, analyzer and gazetteer versions stored in DB with
 * this build's (GAZETTEER_VERSION: the loaded gazetteer's, or "none").
 * Whether one differs: then writes to OUT which ("the index was built with
 * schema dossier-schema-1, this is dossier-schema-2"); false when all
 * agree or the index records none (an empty index).  Thread-safe for
 * distinct DB handles. */
bool dossier_index_version_differs(xc_db *db, const char *gazetteer_version,
                                  char *out, size_t out_size);

/* The gazetteer whose text DB keeps under DOSSIER_META_GAZETTEER_TSV,
 * parsed (NAME in warnings, which are dropped): how a search finds the
 * entities of an index with no TSV where it runs (a replica, a copy).
 * Returns DOSSIER_OK with *OUT the caller's (dossier_gazetteer_free);
 * DOSSIER_NOT_FOUND when DB keeps none; DOSSIER_ERR_INDEX when it
 * cannot be read; DOSSIER_ERR_NOMEM.  Thread-safe for distinct DB
 * handles. */
dossier_status dossier_gazetteer_load_stored(xc_db *db, const char *name,
                                             dossier_gazetteer **out);

#ifdef __cplusplus
}
#endif

#endif
