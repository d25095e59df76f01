/*
 * gazetteer_load.c: a gazetteer from its files: the TSV or, when current,
 * the image compiled from it (gazetteer_image.c), which a process a
 * request loads faster than it parses the TSV.
 */
#include "dossier/gazetteer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer_internal.h"

dossier_status dossier_gazetteer_load(const char *path,
                                      dossier_warning_fn warn, void *ctx,
                                      dossier_gazetteer **out)
{
    return dossier_gazetteer_load_cached(path, NULL, warn, ctx, NULL, out);
}

dossier_status dossier_gazetteer_load_cached(const char *path,
                                             const char *image_path,
                                             dossier_warning_fn warn,
                                             void *ctx, int *is_image,
                                             dossier_gazetteer **out)
{
    if (is_image)
        *is_image = 0;
    if (out == NULL || path == NULL)
        return DOSSIER_ERR_INVALID;
    *out = NULL;
    /* The TSV as it was when the image was made: no need to read it. */
    struct gaz_source source;
    if (image_path != NULL && gaz_source_of(path, -1, &source) == 0 &&
        gaz_image_load(image_path, NULL, &source, out) == 0) {
        if (is_image)
            *is_image = 1;
        return DOSSIER_OK;
    }
    /* It changed, or only its times did: its text decides. */
    char *text;
    size_t len;
    dossier_status st = gaz_read_file(path, &text, &len, &source);
    if (st != DOSSIER_OK)
        return st;
    int is_from_image = 0;
    if (image_path != NULL) {
        char version[32] = {0}; /* compared whole, as the image keeps it */
        gaz_version_of(text, len, version);
        is_from_image = gaz_image_load(image_path, version, NULL, out) == 0;
    }
    if (!is_from_image)
        st = dossier_gazetteer_parse(text, len, path, warn, ctx, out);
    if (is_image)
        *is_image = is_from_image;
    if (st == DOSSIER_OK)
        (*out)->source = source;
    int saved = errno;
    free(text);
    errno = saved;
    return st;
}

dossier_status dossier_gazetteer_load_image(const char *image_path,
                                            const char *version,
                                            dossier_gazetteer **out)
{
    if (out == NULL || image_path == NULL || version == NULL)
        return DOSSIER_ERR_INVALID;
    *out = NULL;
    char padded[32] = {0}; /* compared whole, as the image keeps it */
    size_t n = strlen(version);
    if (n == 0 || n >= sizeof padded)
        return DOSSIER_NOT_FOUND;
    memcpy(padded, version, n);
    return gaz_image_load(image_path, padded, NULL, out) == 0
               ? DOSSIER_OK
               : DOSSIER_NOT_FOUND;
}
