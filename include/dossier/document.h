/*
 * dossier/document.h: turning an article into its Xapian document, by the
 * schema of dossier/schema.h.
 */
#ifndef DOSSIER_DOCUMENT_H
#define DOSSIER_DOCUMENT_H

#include <stddef.h>

#include "dossier/analyzer.h"
#include "dossier/minhash.h"
#include "dossier/record.h"
#include "dossier/schema.h"
#include "xapian-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the writer needs to know about a built document, besides the
 * document itself. */
typedef struct dossier_built {
    xc_doc *doc; /* owned by the caller once built (xc_doc_destroy) */
    char unique_term[XC_MAX_TERM_BYTES + 1];
    /* XB and the hash of the words of title and body, the source and the
     * day: the same term is the same article (schema.h); "" when title
     * and body have no words. */
    char body_hash_term[32];
    /* Its own cluster key (DOSSIER_CLUSTER_KEY_LEN hex digits), which it
     * keeps as a leader; the writer sets the cluster value of an article
     * that joins another's. */
    char cluster[32];
    dossier_minhash signature;
    size_t n_words;                /* title and body tokens */
    size_t n_mentions;
    int is_language_unknown;       /* no stemmer: indexed unstemmed */
    /* The language it was analysed in (dossier_language_choose): the
     * declared one, or the one its text is written in when it declares
     * none or one its text is clearly not in.  The stored record says
     * it too. */
    char lang[16];
    /* The article's distinct words (normalized, letters only, 3 to 30
     * bytes) for the spelling dictionary behind "did you mean": N_WORDS
     * NUL-terminated strings one after the other.  Owned by the caller
     * once built (free()). */
    char *spelling_words;
    size_t n_spelling_words;
} dossier_built;

/* Per-thread scratch space for building documents. */
typedef struct dossier_builder dossier_builder;

/* A builder that analyzes with AN (which it does not own; use one builder
 * and one analyzer per thread).  *out belongs to the caller
 * (dossier_builder_free). */
dossier_status dossier_builder_new(dossier_analyzer *an,
                                   dossier_builder **out);
void dossier_builder_free(dossier_builder *b);

/* Frees what dossier_build left in B (the document and the spelling
 * words) and clears them; B itself belongs to the caller. */
void dossier_built_clear(dossier_built *b);

/* Builds the document of A: analyzes title, body and byline in A->lang
 * (else DEFAULT_LANG, else English), adds terms, values and the stored
 * record (whose "id" is A's, else the unique term without its prefix, and
 * whose "author" is A's byline cut as schema.h says, or none when it is
 * white space only).
 * On success OUT->doc is a new document the caller owns.  Fails with
 * DOSSIER_ERR_INVALID when A has neither title nor body, DOSSIER_ERR_NOMEM
 * otherwise; OUT->doc is then NULL. */
dossier_status dossier_build(dossier_builder *b, const dossier_article *a,
                             const char *default_lang, dossier_built *out);

#ifdef __cplusplus
}
#endif

#endif
