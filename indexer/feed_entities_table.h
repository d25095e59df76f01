/*
 * feed_entities_table.h: HTML's named character references, generated
 * from html_entities.tsv (see indexer/gen_html_entities.sh).
 */
#ifndef DOSSIER_FEED_ENTITIES_TABLE_H
#define DOSSIER_FEED_ENTITIES_TABLE_H

#include <stddef.h>

struct html_entity {
    const char *name; /* without "&" and ";" */
    const char *text; /* UTF-8 */
};

/* Sorted by name in byte order. */
extern const struct html_entity html_entities[];
extern const size_t html_n_entities;

#endif
