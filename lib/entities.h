/*
 * entities.h: finding gazetteer entities in analyzed text.  Private to
 * libdossier.
 */
#ifndef DOSSIER_ENTITIES_H
#define DOSSIER_ENTITIES_H

#include <stddef.h>

#include "analysis.h"
#include "dossier/gazetteer.h"

/* What the trie's root says of the words met most ("The", "U.S.",
 * "Japan"), remembered across texts: most capitalized words begin some
 * name, and asking the gazetteer's edge map, megabytes in size, misses
 * the cache each time.  Made with entity_memo_new(), freed with
 * entity_memo_free(); one thread at a time, like the analyzer that owns
 * it. */
typedef struct entity_memo entity_memo;

/* A new memo, or NULL when memory ran out (matching works without). */
entity_memo *entity_memo_new(void);
void entity_memo_free(entity_memo *memo);

/* Adds to RES the mentions of GAZ's entities among its tokens (made from
 * LEN bytes of TEXT), found in RES->found.  MEMO, which may be NULL,
 * remembers root lookups (it forgets them when GAZ is another
 * gazetteer).  Linear in the number of tokens: each start walks at most
 * as many tokens as the longest name has.  Returns 0, or -1 when memory
 * ran out. */
int match_entities(const dossier_gazetteer *gaz, entity_memo *memo,
                   const char *text, size_t len, dossier_analysis *res);

#endif
