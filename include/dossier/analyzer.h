/*
 * dossier/analyzer.h: Dossier's one analyzer.  The indexer, the query
 * parser and the snippet highlighter all run text through it, so a word
 * the index matched is exactly the word a snippet marks.
 *
 * What it does to UTF-8 text, in order:
 *   1. splits it into tokens with byte spans, term positions and sentence
 *      numbers (invalid UTF-8 is read as U+FFFD and never splits a span);
 *   2. normalizes each token: Unicode NFKC, case folding, accents removed
 *      (Türkiye = turkiye), curly apostrophes made straight, possessive 's
 *      dropped, dotted acronyms joined (U.S. = us);
 *   3. folds British spellings to American ones (defence = defense) for
 *      English, except in proper nouns (below);
 *   4. stems with Snowball's libstemmer in the text's language, once per
 *      distinct word (a cache), whatever the word's case;
 *   5. finds mentions of gazetteer entities (longest match, case rules,
 *      acronyms defined in the text itself); a name the gazetteer marks
 *      ambiguous ("Wagner", "Bush") is a mention only when the text
 *      supports it (an unambiguous name of its entity, or a context item;
 *      feeds/entities.tsv), and a whole article's parts decide together
 *      with dossier_analyzer_resolve_article().
 *
 * Proper nouns keep their spelling: Tyre the city is no tire, the Labour
 * Party no labor, the Centre Party no center.  In a text, a word keeps its
 * British spelling (its term is the stem of the word as written, and the
 * token is flagged DOSSIER_TOKEN_SPELLING_KEPT) when
 *   - it is written Capitalized (first letter upper case, not every
 *     letter: ALL CAPS says nothing about case) and is not the first word
 *     of its sentence, in a sentence not written in capitals
 *     (DOSSIER_TOKEN_CAPS_CONTEXT); or
 *   - it is a word of a gazetteer name found in the text (a mention's
 *     token span), even first in a sentence: "Tyre was shelled" keeps
 *     tyre when Tyre is a place of the gazetteer.
 * Every other word folds: lower-case words (tyres, labour, defence), words
 * in capitals, and a Capitalized first word of a sentence outside a name,
 * whose capital says nothing.  A query has no sentences: there a word
 * written Capitalized is a proper noun and keeps its spelling wherever it
 * stands (dossier_analyze_query), and any other word matches both forms
 * of the index (dossier_analyzer_query_terms: tyre or tire -> tire, tyre),
 * so that a lower-case query loses nothing.
 *
 * Hyphenated compounds ("cyber-security") give their parts at successive
 * positions and the joined form ("cybersecurity") at the first part's
 * position, so all three spellings meet.
 *
 * Threads: an analyzer holds stemmers and a cache, so use one per thread;
 * the gazetteer it reads may be shared.  An analysis is a result buffer
 * that one thread reuses from text to text.
 */
#ifndef DOSSIER_ANALYZER_H
#define DOSSIER_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/gazetteer.h"
#include "dossier/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Identifies the analyzer's behaviour; stored in an index's metadata, and
 * changed whenever a change here would give other terms. */
#define DOSSIER_ANALYZER_VERSION "dossier-analyzer-4"

/* Tokens whose normalized form passes this many bytes are kept (with their
 * span) but get no term: they could not be indexed (Xapian's limit is 245
 * bytes, prefix included) and no real word is that long. */
#define DOSSIER_MAX_TERM_BYTES 120

/* Token flags. */
enum {
    DOSSIER_TOKEN_ACRONYM = 1u << 0,     /* NSA, U.S. */
    DOSSIER_TOKEN_DOTTED = 1u << 1,      /* U.S.: letters and periods */
    DOSSIER_TOKEN_NUMBER = 1u << 2,      /* 2020, 1,000, 3.5 */
    DOSSIER_TOKEN_CAPITALIZED = 1u << 3, /* first letter upper case */
    DOSSIER_TOKEN_ALL_CAPS = 1u << 4,    /* every letter upper case (2+) */
    DOSSIER_TOKEN_CAPS_CONTEXT = 1u << 5,/* in a sentence written in capitals */
    DOSSIER_TOKEN_COMPOUND_PART = 1u << 6, /* "cyber" of "cyber-security" */
    DOSSIER_TOKEN_COMPOUND = 1u << 7,    /* "cybersecurity" joined form */
    DOSSIER_TOKEN_POSSESSIVE = 1u << 8,  /* 's removed (not in the span) */
    DOSSIER_TOKEN_TOO_LONG = 1u << 9,    /* no term: see above */
    DOSSIER_TOKEN_CJK = 1u << 10,        /* a bigram of Han, kana or hangul
                                            (one character alone in its
                                            run); bigrams overlap */
    DOSSIER_TOKEN_SPELLING_KEPT = 1u << 11, /* a proper noun's British
                                               spelling, not folded: see
                                               above */
    DOSSIER_TOKEN_STOPWORD = 1u << 12    /* a stop word of the text's
                                            language (dossier_is_stopword):
                                            no weight, never marked */
};

typedef struct dossier_token {
    uint32_t start, end; /* bytes [start, end) of the word in the text */
    uint32_t position;   /* term position, from 1 */
    uint32_t sentence;   /* sentence number, from 0 */
    uint32_t flags;
    uint32_t norm_len, term_len;
    /* The normalized word, and the index term (spelling-folded and
     * stemmed).  NUL-terminated; "" for TOO_LONG tokens.  Owned by the
     * analysis; valid until it is reused or freed. */
    const char *norm;
    const char *term;
} dossier_token;

enum {
    DOSSIER_MENTION_LEARNED = 1u << 0,  /* an acronym defined in this text */
    /* A name that needs support in its article ("Wagner": see
     * dossier_analyzer_resolve_article), which it had. */
    DOSSIER_MENTION_AMBIGUOUS = 1u << 1
};

typedef struct dossier_mention {
    const dossier_entity *entity; /* owned by the gazetteer */
    uint32_t start, end;          /* bytes [start, end) in the text */
    uint32_t first_token;         /* index into the token array */
    uint32_t last_token;          /* inclusive */
    uint32_t flags;
    /* The gazetteer name that matched ("Cyber Command"), owned by the
     * gazetteer; NULL for a learned acronym (its span shows it). */
    const char *alias;
} dossier_mention;

typedef struct dossier_sentence {
    uint32_t start, end; /* bytes; from the first token to the last */
} dossier_sentence;

typedef struct dossier_analyzer dossier_analyzer;
typedef struct dossier_analysis dossier_analysis;

/* A new analyzer that finds the entities of GAZ (NULL: no entities).  GAZ
 * must outlive it.  *out belongs to the caller (dossier_analyzer_free). */
dossier_status dossier_analyzer_new(const dossier_gazetteer *gaz,
                                    dossier_analyzer **out);
void dossier_analyzer_free(dossier_analyzer *an);

/* A new, empty result buffer.  *out belongs to the caller
 * (dossier_analysis_free). */
dossier_status dossier_analysis_new(dossier_analysis **out);
void dossier_analysis_free(dossier_analysis *res);

/* Analyzes LEN bytes of TEXT (up to 4 GiB - 1) in language LANG (an ISO
 * 639-1 code or a Snowball name: "en", "fr", "german"; NULL or "" means
 * English) into RES, replacing what it held.  TEXT must stay unchanged
 * while RES is read, since spans point into it.
 * Words in another script than LANG's are analysed in their script's
 * language (Cyrillic Russian, Arabic script Arabic, Latin English ...),
 * and runs of Han, kana and hangul are split into overlapping bigrams
 * (DOSSIER_TOKEN_CJK), never stemmed.
 * Returns DOSSIER_ERR_LANGUAGE when no stemmer exists for LANG (not for
 * Chinese, Japanese and Korean, which need none): RES then
 * holds a full analysis without stemming (terms equal norms), so callers
 * may warn and go on.  DOSSIER_ERR_NOMEM leaves RES empty. */
dossier_status dossier_analyze(dossier_analyzer *an, const char *text,
                               size_t len, const char *lang,
                               dossier_analysis *res);

/* As dossier_analyze, for finding given terms in TEXT (the snippets of a
 * results page): a token whose term cannot begin with a byte B where
 * FIRST_BYTES[B] is 0 may be left with no term (term_len 0), which spares
 * stemming it; every term that is made, every norm, position, sentence
 * and entity mention is as dossier_analyze makes it.  Only languages
 * whose stemming keeps a word's first byte (English, and those without a
 * stemmer) skip anything.  Errors as dossier_analyze; DOSSIER_ERR_INVALID
 * when FIRST_BYTES is NULL. */
dossier_status dossier_analyze_for_terms(dossier_analyzer *an,
                                         const char *text, size_t len,
                                         const char *lang,
                                         const unsigned char first_bytes[256],
                                         dossier_analysis *res);

/* Decides the ambiguous names of one article analyzed in N_PARTS parts
 * (its title, then its body): each part's mentions become those that
 * need no support, and the ambiguous names that the article as a whole
 * supports, in its year YEAR (0: undated; a name of an entity outside its
 * active years is no mention).  dossier_analyze() alone decides them
 * within its one text, undated.  The parts must come from analyzers of
 * one gazetteer, AN's.  Returns DOSSIER_ERR_NOMEM (the parts then hold
 * only the names that need no support), or DOSSIER_ERR_INVALID. */
dossier_status dossier_analyzer_resolve_article(dossier_analyzer *an,
                                                dossier_analysis *const *parts,
                                                size_t n_parts, int year);

/* As dossier_analyze, for the words of a query, which has no sentences:
 * a word written Capitalized (not in capitals) keeps its British spelling
 * wherever it stands, first word included, and names found in it change
 * no term.  Errors as dossier_analyze. */
dossier_status dossier_analyze_query(dossier_analyzer *an, const char *text,
                                     size_t len, const char *lang,
                                     dossier_analysis *res);

/* The index terms that the query word T (a token of
 * dossier_analyze_query, in language LANG) matches: T's own term, then,
 * for a word not written Capitalized that has a British and an American
 * spelling, the term a proper noun's kept spelling has in the index
 * ("tyres" and "tires": "tire" then "tyre"; "labor": "labor" then
 * "labour").  A Capitalized word is a proper noun and matches its own
 * term only.  Writes the terms to OUT one after the other, each
 * NUL-terminated, within OUT_SIZE bytes, and returns how many were
 * written; 0 when T has no term or OUT cannot hold it. */
size_t dossier_analyzer_query_terms(dossier_analyzer *an,
                                    const dossier_token *t, const char *lang,
                                    char *out, size_t out_size);

/* The index term of one word, as dossier_analyze gives it to a text of
 * that one word (the first word of a sentence, whose spelling folds
 * whatever its case).  Writes at most OUT_SIZE bytes (NUL included) to OUT
 * and returns the term's length, or 0 when WORD holds no token; the first
 * token is used. */
size_t dossier_analyzer_term(dossier_analyzer *an, const char *word,
                             size_t len, const char *lang, char *out,
                             size_t out_size);

/* Whether NORM, a token's normalized form (dossier_token.norm), is a stop
 * word of LANG: a function word such as "the" or "of" that says nothing
 * about a text's subject.  The indexer keeps stop words for phrases but
 * gives them no weight; the query builder drops them from a group of
 * words that has others.  Only English has a list.  Thread-safe. */
bool dossier_is_stopword(const char *norm, const char *lang);

/* Results of the last dossier_analyze() into RES.  Arrays belong to RES. */
size_t dossier_analysis_token_count(const dossier_analysis *res);
const dossier_token *dossier_analysis_tokens(const dossier_analysis *res);
size_t dossier_analysis_mention_count(const dossier_analysis *res);
const dossier_mention *dossier_analysis_mentions(const dossier_analysis *res);
size_t dossier_analysis_sentence_count(const dossier_analysis *res);
const dossier_sentence *dossier_analysis_sentences(const dossier_analysis *res);

/* Human names of token flags ("acronym,capitalized"), for --analyze.
 * Writes at most OUT_SIZE bytes to OUT, NUL included. */
void dossier_token_flags_describe(uint32_t flags, char *out, size_t out_size);

#ifdef __cplusplus
}
#endif

#endif
