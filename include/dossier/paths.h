/*
 * dossier/paths.h: where Dossier finds its data files.
 */
#ifndef DOSSIER_PATHS_H
#define DOSSIER_PATHS_H

#ifdef __cplusplus
extern "C" {
#endif

/* The gazetteer to load when the user named none: $DOSSIER_ENTITIES if
 * set, else the installed copy (DATADIR/dossier/entities.tsv) if it
 * exists, else feeds/entities.tsv under the current directory (a source
 * tree).  Returns a static string or the environment's; never NULL. */
const char *dossier_default_entities_path(void);

#ifdef __cplusplus
}
#endif

#endif
