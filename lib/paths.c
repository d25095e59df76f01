/*
 * paths.c: default locations of data files.
 */
#include "dossier/paths.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef DOSSIER_DATADIR
#define DOSSIER_DATADIR "/usr/local/share/dossier"
#endif

/* IN_TREE (a path in the source tree) under the tree the running
 * program was built in, into OUT: build/bin/dossier-search's tree is two
 * folders up.  Returns OUT when that file is readable, else NULL. */
static const char *beside_program(const char *in_tree, char *out,
                                  size_t out_size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    for (int up = 0; up < 3; up++) { /* the program, bin/, build/ */
        char *slash = strrchr(exe, '/');
        if (slash == NULL)
            return NULL;
        *slash = '\0';
    }
    int len = snprintf(out, out_size, "%s/%s", exe, in_tree);
    if (len < 0 || (size_t)len >= out_size || access(out, R_OK) != 0)
        return NULL;
    return out;
}

/* $ENV, else INSTALLED if readable, else IN_TREE under the current
 * folder if readable, else under the tree the program was built in (into
 * OUT), else IN_TREE. */
static const char *data_file(const char *env_name, const char *installed,
                             const char *in_tree, char *out,
                             size_t out_size)
{
    const char *env = getenv(env_name);
    if (env != NULL && *env != '\0')
        return env;
    if (access(installed, R_OK) == 0)
        return installed;
    if (access(in_tree, R_OK) == 0)
        return in_tree;
    const char *beside = beside_program(in_tree, out, out_size);
    return beside ? beside : in_tree;
}

const char *dossier_default_entities_path(void)
{
    static char path[PATH_MAX + 32];
    return data_file("DOSSIER_ENTITIES", DOSSIER_DATADIR "/entities.tsv",
                     "feeds/entities.tsv", path, sizeof path);
}

const char *dossier_default_feeds_path(void)
{
    static char path[PATH_MAX + 32];
    return data_file("DOSSIER_FEEDS", DOSSIER_DATADIR "/feeds.opml",
                     "feeds/feeds.opml", path, sizeof path);
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

dossier_status dossier_tsv_image_path(const char *tsv_path, char *out,
                                      size_t out_size)
{
    int n = snprintf(out, out_size, "%s.image", tsv_path);
    return n < 0 || (size_t)n >= out_size ? DOSSIER_ERR_INVALID : DOSSIER_OK;
}

dossier_status dossier_facet_image_path(const char *db_path, char *out,
                                        size_t out_size)
{
    int n = snprintf(out, out_size, "%s/facets.image", db_path);
    return n < 0 || (size_t)n >= out_size ? DOSSIER_ERR_INVALID : DOSSIER_OK;
}
