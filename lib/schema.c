/*
 * schema.c: helpers of the index schema.
 */
#include "dossier/schema.h"

#include <stdio.h>
#include <string.h>

#include "dossier/analyzer.h"
#include "dossier/hash.h"
#include "normalize.h"

static int is_alnum_at(const char *s, int i)
{
    return (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9');
}

size_t dossier_slug(const char *name, char *out, size_t out_size)
{
    char folded[512];
    size_t len = strlen(name);
    if (len > 200) {
        len = 200;
        /* Cut on a character boundary. */
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
            len--;
    }
    int n = normalize_word(name, len, 0, folded, sizeof folded);
    size_t used = 0;
    if (out_size == 0)
        return 0;
    out[0] = '\0';
    if (n <= 0)
        return 0;
    int pending_hyphen = 0;
    size_t limit = out_size - 1 < 64 ? out_size - 1 : 64;
    for (int i = 0; i < n && used < limit; i++) {
        char c = folded[i];
        if (!is_alnum_at(folded, i)) {
            /* The periods of an acronym join it: U.S. is "us": a period
             * right after a lone letter. */
            int is_acronym_dot = c == '.' && i >= 1 && is_alnum_at(folded, i - 1) &&
                                 (i < 2 || !is_alnum_at(folded, i - 2));
            if (!is_acronym_dot)
                pending_hyphen = used > 0;
            continue;
        }
        if (pending_hyphen) {
            if (used + 1 >= limit)
                break;
            out[used++] = '-';
            pending_hyphen = 0;
        }
        out[used++] = c;
    }
    out[used] = '\0';
    if (used > 4 && memcmp(out, "the-", 4) == 0) {
        memmove(out, out + 4, used - 4 + 1);
        used -= 4;
    }
    return used;
}

dossier_status dossier_duplicate_meta_key(const char *id, char *out, size_t out_size)
{
    size_t prefix_len = strlen(DOSSIER_META_DUPLICATE_PREFIX);
    size_t id_len = strlen(id);
    int n;
    if (out_size > 0)
        out[0] = '\0';
    if (prefix_len + id_len <= DOSSIER_META_DUPLICATE_KEY_MAX)
        n = snprintf(out, out_size, "%s%s", DOSSIER_META_DUPLICATE_PREFIX, id);
    else
        n = snprintf(out, out_size, "%sh%016llx",
                     DOSSIER_META_DUPLICATE_PREFIX,
                     (unsigned long long)dossier_fnv64(id, id_len,
                                                       DOSSIER_FNV64_INIT));
    if (n < 0 || (size_t)n >= out_size) {
        if (out_size > 0)
            out[0] = '\0';
        return DOSSIER_ERR_INVALID;
    }
    return DOSSIER_OK;
}

bool dossier_index_version_differs(xc_db *db, const char *gazetteer_version,
                                  char *out, size_t out_size)
{
    const char *keys[] = {DOSSIER_META_SCHEMA, DOSSIER_META_ANALYZER,
                          DOSSIER_META_GAZETTEER};
    const char *ours[] = {DOSSIER_SCHEMA_VERSION, DOSSIER_ANALYZER_VERSION,
                          gazetteer_version ? gazetteer_version : "none"};
    const char *what[] = {"schema", "analyzer", "gazetteer"};
    for (int i = 0; i < 3; i++) {
        char *stored = NULL;
        if (xc_db_get_metadata(db, keys[i], &stored, NULL) !=
            XC_STATUS_SUCCESS)
            continue;
        int differs = *stored && strcmp(stored, ours[i]) != 0;
        if (differs)
            snprintf(out, out_size, "the index was built with %s %s, this "
                     "is %s", what[i], stored, ours[i]);
        xc_free(stored);
        if (differs)
            return true;
    }
    return false;
}
