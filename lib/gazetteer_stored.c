/*
 * gazetteer_stored.c: the gazetteer an index keeps in its metadata
 * (DOSSIER_META_GAZETTEER_TSV), so that its entities go wherever its
 * databases go: xapian-compact, xapian-replicate and a plain copy carry
 * metadata and leave other files (gazetteer.image) behind.
 */
#include <stdlib.h>
#include <string.h>

#include "dossier/gazetteer.h"
#include "dossier/schema.h"
#include "gazetteer_internal.h"

dossier_status dossier_gazetteer_read_text(const char *path,
                                           const dossier_gazetteer *gaz,
                                           char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    char *buf = NULL;
    size_t n = 0;
    dossier_status st = gaz_read_file(path, &buf, &n, NULL);
    if (st != DOSSIER_OK)
        return st;
    char version[32];
    gaz_version_of(buf, n, version);
    /* Metadata is read back as a C string: a NUL would cut it. */
    if (strcmp(version, dossier_gazetteer_version(gaz)) != 0 ||
        memchr(buf, '\0', n) != NULL) {
        free(buf);
        return DOSSIER_NOT_FOUND;
    }
    char *copy = realloc(buf, n + 1);
    if (copy == NULL) {
        free(buf);
        return DOSSIER_ERR_NOMEM;
    }
    copy[n] = '\0';
    *text = copy;
    *len = n;
    return DOSSIER_OK;
}

dossier_status dossier_gazetteer_load_stored(xc_db *db, const char *name,
                                             dossier_gazetteer **out)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    xc_status xst =
        xc_db_get_metadata(db, DOSSIER_META_GAZETTEER_TSV, &text, &len);
    if (xst != XC_STATUS_SUCCESS)
        return xst == XC_STATUS_NO_MEMORY ? DOSSIER_ERR_NOMEM
                                          : DOSSIER_ERR_INDEX;
    dossier_status st =
        len == 0 ? DOSSIER_NOT_FOUND
                 : dossier_gazetteer_parse(text, len, name, NULL, NULL, out);
    xc_free(text);
    return st;
}
