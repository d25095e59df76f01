/*
 * entities.h: finding gazetteer entities in analyzed text.  Private to
 * libdossier.
 */
#ifndef DOSSIER_ENTITIES_H
#define DOSSIER_ENTITIES_H

#include <stddef.h>

#include "analysis.h"
#include "dossier/gazetteer.h"

/* Adds to RES the mentions of GAZ's entities among its tokens (made from
 * LEN bytes of TEXT).  Linear in the number of tokens: each start walks at
 * most as many tokens as the longest name has.  Returns 0, or -1 when
 * memory ran out. */
int match_entities(const dossier_gazetteer *gaz, const char *text,
                   size_t len, dossier_analysis *res);

#endif
