/*
 * paths.c: default locations of data files.
 */
#include "dossier/paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef DOSSIER_DATADIR
#define DOSSIER_DATADIR "/usr/local/share/dossier"
#endif

/* $ENV, else INSTALLED if readable, else IN_TREE. */
static const char *data_file(const char *env_name, const char *installed,
                             const char *in_tree)
{
    const char *env = getenv(env_name);
    if (env != NULL && *env != '\0')
        return env;
    if (access(installed, R_OK) == 0)
        return installed;
    return in_tree;
}

const char *dossier_default_entities_path(void)
{
    return data_file("DOSSIER_ENTITIES", DOSSIER_DATADIR "/entities.tsv",
                     "feeds/entities.tsv");
}

const char *dossier_default_feeds_path(void)
{
    return data_file("DOSSIER_FEEDS", DOSSIER_DATADIR "/feeds.opml",
                     "feeds/feeds.opml");
}

const char *dossier_default_db_path(char *buf, size_t size)
{
    const char *env = getenv("DOSSIER_DB");
    if (env && *env)
        return env;
    const char *data = getenv("XDG_DATA_HOME");
    if (data && *data) {
        snprintf(buf, size, "%s/dossier/index", data);
        return buf;
    }
    const char *home = getenv("HOME");
    snprintf(buf, size, "%s/.local/share/dossier/index",
             home && *home ? home : ".");
    return buf;
}

dossier_status dossier_gazetteer_image_path(const char *db_path, char *out,
                                            size_t out_size)
{
    int n = snprintf(out, out_size, "%s/gazetteer.image", db_path);
    return n < 0 || (size_t)n >= out_size ? DOSSIER_ERR_INVALID : DOSSIER_OK;
}

dossier_status dossier_facet_image_path(const char *db_path, char *out,
                                        size_t out_size)
{
    int n = snprintf(out, out_size, "%s/facets.image", db_path);
    return n < 0 || (size_t)n >= out_size ? DOSSIER_ERR_INVALID : DOSSIER_OK;
}
