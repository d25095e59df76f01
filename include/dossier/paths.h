/*
 * dossier/paths.h: where Dossier finds its data files.
 */
#ifndef DOSSIER_PATHS_H
#define DOSSIER_PATHS_H

#include <stddef.h>

#include "dossier/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The gazetteer to load when the user named none: $DOSSIER_ENTITIES if
 * set, else the installed copy (DATADIR/dossier/entities.tsv) if it
 * exists, else feeds/entities.tsv under the current directory (a source
 * tree), else in the source tree the program was built in (two folders
 * above build/bin/), so that build/bin/ programs work from any folder,
 * else "feeds/entities.tsv" (which then fails to open).  Returns a static
 * string or the environment's; never NULL.  Not thread-safe: ask at
 * start-up. */
const char *dossier_default_entities_path(void);

/* The feed list of `dossier-index --fetch` when the user named none:
 * $DOSSIER_FEEDS, else DATADIR/dossier/feeds.opml if it exists, else
 * feeds/feeds.opml as above.  Same ownership as above. */
const char *dossier_default_feeds_path(void);

/* The index to use when the user named none: $DOSSIER_DB if set, else
 * $XDG_DATA_HOME/dossier/index, else ~/.local/share/dossier/index.
 * Returns the environment's string or BUF (cut to SIZE bytes).
 * Thread-safe when the environment is not being changed. */
const char *dossier_default_db_path(char *buf, size_t size);

/* Where dossier-index leaves the compiled gazetteer for the searchers of
 * the index at DB_PATH: DB_PATH/gazetteer.image (Xapian ignores files it
 * does not know in a database folder).  Returns DOSSIER_OK, or
 * DOSSIER_ERR_INVALID when OUT_SIZE is too small. */
dossier_status dossier_gazetteer_image_path(const char *db_path, char *out,
                                            size_t out_size);

/* The compiled gazetteer beside the TSV at TSV_PATH: TSV_PATH.image,
 * which dossier-index leaves there when it can write it, for searches of
 * a database that keeps none (a stub of remote shards only).  Returns as
 * dossier_gazetteer_image_path. */
dossier_status dossier_tsv_image_path(const char *tsv_path, char *out,
                                      size_t out_size);

/* The facet image (dossier/facet_image.h) of the index at DB_PATH:
 * DB_PATH/facets.image.  Returns as dossier_gazetteer_image_path. */
dossier_status dossier_facet_image_path(const char *db_path, char *out,
                                        size_t out_size);

#ifdef __cplusplus
}
#endif

#endif
