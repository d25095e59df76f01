/*
 * entity_resolve.h: deciding what an ambiguous gazetteer name names.
 * Private to libdossier.
 */
#ifndef DOSSIER_ENTITY_RESOLVE_H
#define DOSSIER_ENTITY_RESOLVE_H

#include <stddef.h>

#include "analysis.h"
#include "dossier/gazetteer.h"

/* Sets the mentions of each of the N_PARTS analyses of one article (its
 * title and body, say) from the names the matcher found in them: every
 * name that needs no support, and each ambiguous one that the whole
 * article supports (feeds/entities.tsv: an unambiguous name of the
 * entity, or one of its context items, and YEAR within its active years;
 * YEAR 0 when the article has no date).  Returns 0, or -1 when memory ran
 * out (the parts then hold the names that need no support). */
int resolve_mentions(const dossier_gazetteer *gaz,
                     dossier_analysis *const *parts, size_t n_parts,
                     int year);

#endif
