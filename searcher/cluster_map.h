/*
 * cluster_map.h: which near-duplicate cluster each clustered article of an
 * index belongs to, held in memory, to count the stories among a search's
 * matches while the count looks at them (xc_enquire_add_docid_spy).
 *
 * Counting them with a search of their own (the query AND the clustered
 * term, collapsed on the cluster slot) opened the query's postings a
 * second time and read a value per clustered match: 0.11 ms of a 0.9 ms
 * Reuters search.  The map is read once per open index (a value stream
 * over the clustered articles only: 3% of Reuters), and a match then
 * costs a bit test.
 *
 * Not thread-safe: one searcher, one map.  A map describes the revision
 * of the handle it was loaded from; load it again after a reopen.
 */
#ifndef DOSSIER_SEARCHER_CLUSTER_MAP_H
#define DOSSIER_SEARCHER_CLUSTER_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "xapian-c.h"

typedef struct cluster_map cluster_map;

/* Reads the cluster of every clustered article of DB into *OUT (the
 * caller's, cluster_map_free).  Returns 0, or -1 with MESSAGE (memory, or
 * a database that cannot stream values, such as a remote one). */
int cluster_map_load(xc_db *db, cluster_map **out, char *message,
                     size_t message_size);
void cluster_map_free(cluster_map *m);

/* Starts a tally: no article seen. */
void cluster_map_begin(cluster_map *m);

/* Tallies the match DOCID: the xc_enquire_add_docid_spy callback (CTX is
 * the map).  Each document must be seen once per tally. */
void cluster_map_see(void *ctx, xc_docid docid);

/* The tally since cluster_map_begin: how many of the matches seen are in
 * a cluster (ARTICLES) and how many clusters they make (STORIES). */
void cluster_map_tally(const cluster_map *m, uint32_t *articles,
                       uint32_t *stories);

#endif
