/*
 * clusters.h: the near-duplicate clusters a writer knows, and the cluster
 * values of their documents.
 *
 * Every article with a MinHash signature, from the index and from this
 * run, is a representative: a later article as similar as
 * DOSSIER_NEAR_DUP_JACCARD to one of them joins its cluster.  Candidates
 * are found through MinHash bands in memory (dossier/schema.h).  Only the
 * articles of a cluster of two or more carry a cluster value; the first
 * one gets it when a second joins.  Not thread-safe: a writer's own.
 */
#ifndef DOSSIER_CLUSTERS_H
#define DOSSIER_CLUSTERS_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/document.h"
#include "dossier/status.h"
#include "xapian-c.h"

typedef struct clusters clusters;

/* A new, empty set; NULL when memory ran out.  Freed by clusters_free. */
clusters *clusters_new(void);
void clusters_free(clusters *c);

/* Adds every article of DB (the index as the run found it) as a
 * representative, with its document id.  Reads the signatures' value
 * stream and the (sparse) cluster values.  Returns DOSSIER_OK,
 * DOSSIER_ERR_INDEX (DB cannot be read) or DOSSIER_ERR_NOMEM, with ERR
 * (may be NULL). */
dossier_status clusters_load(clusters *c, xc_db *db, dossier_error *err);

/* Places B (built, with a signature) among the clusters.  When B resembles
 * a representative, B's document gets the cluster's value if the cluster
 * now has two articles or more, and *IS_NEW_MEMBER is set unless the
 * representative was B's own former version; the cluster's first
 * article gets the value too, now in DB when its document id is known,
 * else when clusters_mark_pending runs.  Otherwise B becomes a
 * representative: *REP is its index, for clusters_set_docid (else
 * SIZE_MAX).  Returns DOSSIER_OK, DOSSIER_ERR_INDEX (the first article
 * cannot be updated in DB) or DOSSIER_ERR_NOMEM, with ERR (may be
 * NULL). */
dossier_status clusters_place(clusters *c, dossier_built *b, xc_db *db,
                              bool *is_new_member, size_t *rep,
                              dossier_error *err);

/* Records that representative REP is document DOCID of the writer's
 * database. */
void clusters_set_docid(clusters *c, size_t rep, xc_docid docid);

/* Gives the cluster value to the first articles that clusters_place could
 * not reach (a bulk load's, whose ids only the merged index knows): scans
 * DB's signatures for them.  Returns as clusters_place. */
dossier_status clusters_mark_pending(clusters *c, xc_db *db,
                                     dossier_error *err);

#endif
