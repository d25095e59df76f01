/*
 * dossier/facet_image.h: the facets and clusters of every article of an
 * index, as numbers, in a file beside it, for counting facets and stories
 * over every match of a search at little more than the cost of looking at
 * the matches (Lucene's doc values, kept outside Xapian).
 *
 * Counting them from the facets value (DOSSIER_SLOT_FACETS) costs each
 * match a value read and a hash per item: on the Reuters page of
 * `make bench` that was a third of a CGI request.  The image holds, per
 * document, the numbers of its facet values and of its cluster; a count
 * adds up small integers, and only the values shown are turned back into
 * strings.
 *
 * dossier-index writes the image after each run (dossier_facet_image_write);
 * it records the UUID and revision of the index it describes, and a reader
 * uses it only for that very commit: any other writer, or a failed write,
 * leaves an image that is ignored, and the searcher counts from the values.
 *
 * The file is mapped read-only and checked as it is read: a damaged image
 * gives wrong counts at worst within its own bounds, never a crash, and a
 * malformed header is refused.  Native byte order (a cache, not an archive
 * format: another machine's image is refused by its byte-order mark).
 *
 * Thread-safety: an image (with its tally) belongs to one thread at a time;
 * open one per thread.
 */
#ifndef DOSSIER_FACET_IMAGE_H
#define DOSSIER_FACET_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"
#include "xapian-c.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dossier_facet_image dossier_facet_image;

/* Writes the image of the index at DB_PATH (opened read-only here, at its
 * latest commit) to dossier_facet_image_path(), replacing it atomically.
 * Returns DOSSIER_OK; DOSSIER_ERR_INDEX (the index unreadable, or a value
 * not of ours), DOSSIER_ERR_IO (errno), DOSSIER_ERR_INVALID (past the
 * image's limits) or DOSSIER_ERR_NOMEM, with ERR (may be NULL). */
dossier_status dossier_facet_image_write(const char *db_path,
                                         dossier_error *err);

/* Maps the image of the index at DB_PATH for DB, the same index opened
 * for reading, into *OUT (the caller's, dossier_facet_image_free).
 * Returns DOSSIER_OK, or DOSSIER_NOT_FOUND when there is none usable: none
 * at all, one of another commit or index, or a malformed one (*OUT NULL:
 * count from the values). */
dossier_status dossier_facet_image_open(const char *db_path, xc_db *db,
                                        dossier_facet_image **out);
void dossier_facet_image_free(dossier_facet_image *img);

/* Starts a tally: nothing seen. */
void dossier_facet_image_begin(dossier_facet_image *img);

/* Tallies document DOCID, once per tally: the xc_enquire_add_docid_spy
 * callback (CTX is the image). */
void dossier_facet_image_see(void *ctx, xc_docid docid);

/* The tally: documents seen, and how many of them are in a cluster of
 * two or more (ARTICLES) and in how many clusters (STORIES). */
void dossier_facet_image_tally(const dossier_facet_image *img,
                               uint32_t *docs, uint32_t *articles,
                               uint32_t *stories);

/* Calls EACH(CTX, value, count) for every value of facet FIELD
 * (DOSSIER_FACET_SOURCE, ...) counted by the tally, in no order; VALUE is
 * NUL-terminated and valid while the image is.  Stops at the first
 * status other than DOSSIER_OK, and returns it (DOSSIER_OK when all were
 * given). */
dossier_status dossier_facet_image_counts(
    const dossier_facet_image *img, unsigned field,
    dossier_status (*each)(void *ctx, const char *value, uint32_t count),
    void *ctx);

#ifdef __cplusplus
}
#endif

#endif
