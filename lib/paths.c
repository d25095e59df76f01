/*
 * paths.c: default locations of data files.
 */
#include "dossier/paths.h"

#include <stdlib.h>
#include <unistd.h>

#ifndef DOSSIER_DATADIR
#define DOSSIER_DATADIR "/usr/local/share/dossier"
#endif

const char *dossier_default_entities_path(void)
{
    const char *env = getenv("DOSSIER_ENTITIES");
    if (env != NULL && *env != '\0')
        return env;
    static const char installed[] = DOSSIER_DATADIR "/entities.tsv";
    if (access(installed, R_OK) == 0)
        return installed;
    return "feeds/entities.tsv";
}
