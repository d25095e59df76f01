/*
 * wildcard.h: a query's wildcards expanded in the index by Dossier, not
 * by Xapian, so that what they cost is bounded.
 *
 * Xapian expands a wildcard when the search starts, before any time
 * limit applies, by looking at every term of the index with its prefix;
 * a query that repeats "a*" forty times looks forty times.  On
 * Reuters-21578 twelve copies of "(a* OR (b* AND NOT (c* OR d*)))" took
 * 1.2 s whatever the time limit.  Here each distinct prefix is looked up
 * once per search, and all of a search's lookups together look at no more
 * than WILDCARD_SCAN_BUDGET terms.
 *
 * Thread-safety: an expander belongs to one search on one thread.
 */
#ifndef DOSSIER_SEARCHER_WILDCARD_H
#define DOSSIER_SEARCHER_WILDCARD_H

#include <stddef.h>

#include "dossier/status.h"
#include "xapian-c.h"

/* Terms of the index the wildcards of one search may look at in all: a
 * few milliseconds of reading. */
#define WILDCARD_SCAN_BUDGET 200000

typedef struct wildcard_expander wildcard_expander;

/* An expander over DB, which must outlive it, into *OUT (the caller's,
 * wildcard_expander_free).  Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
dossier_status wildcard_expander_new(xc_db *db, wildcard_expander **out);
void wildcard_expander_free(wildcard_expander *x);

/* The query of the LIMIT most frequent terms of the index that begin
 * with PREFIX (ties in byte order), weighed as one term (a synonym), as
 * Xapian's wildcard with its most-frequent limit: into *OUT, the
 * caller's; a query matching nothing when no term begins so.  *IS_CUT is
 * set when the budget ran out before every such term was looked at: then
 * the terms are the most frequent of those looked at.  Returns
 * DOSSIER_OK, DOSSIER_ERR_NOMEM, or DOSSIER_ERR_INDEX with ERR. */
dossier_status wildcard_expand(wildcard_expander *x, const char *prefix,
                               size_t limit, xc_query **out, int *is_cut,
                               dossier_error *err);

/* Whether TERM indexes any document of the expander's index: 1, 0, or
 * -1 when the index cannot say (a read error, told by no one: the caller
 * then assumes it does). */
int wildcard_has_term(wildcard_expander *x, const char *term);

#endif
