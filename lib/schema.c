/*
 * schema.c: helpers of the index schema.
 */
#include "dossier/schema.h"

#include <stdio.h>
#include <string.h>

#include "dossier/analyzer.h"
#include "dossier/hash.h"
#include "dossier/url.h"
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

/* The URL key of the canonical URL C into OUT: no scheme, no "www.", no
 * trailing slashes on the path.  Returns its length. */
static size_t url_key(const char *c, char *out, size_t out_size)
{
    const char *rest = strstr(c, "://");
    rest = rest ? rest + 3 : c;
    if (strncmp(rest, "www.", 4) == 0)
        rest += 4;
    size_t query = strcspn(rest, "?");
    size_t path_end = query;
    size_t host_end = strcspn(rest, "/?");
    while (path_end > host_end && rest[path_end - 1] == '/')
        path_end--;
    int n = snprintf(out, out_size, "%.*s%s", (int)path_end, rest,
                     rest + query);
    return n < 0 ? 0 : (size_t)n;
}

dossier_status dossier_url_term(const char *url, char *out, size_t out_size)
{
    char canonical[4096], key[4096];
    if (out_size > 0)
        out[0] = '\0';
    if (out_size < XC_MAX_TERM_BYTES + 1 ||
        dossier_canonical_url(url, canonical, sizeof canonical) <= 0)
        return DOSSIER_ERR_INVALID;
    size_t len = url_key(canonical, key, sizeof key);
    if (len == 0 || len >= sizeof key - 1)
        return DOSSIER_ERR_INVALID;
    size_t prefix = strlen(DOSSIER_PREFIX_URL);
    if (prefix + len <= XC_MAX_TERM_BYTES)
        snprintf(out, out_size, "%s%s", DOSSIER_PREFIX_URL, key);
    else
        snprintf(out, out_size, "%s#%016llx", DOSSIER_PREFIX_URL,
                 (unsigned long long)dossier_fnv64(key, len,
                                                   DOSSIER_FNV64_INIT));
    return DOSSIER_OK;
}

dossier_status dossier_site_key(const char *text, char *out, size_t out_size)
{
    if (out_size > 0)
        out[0] = '\0';
    if (text == NULL)
        return DOSSIER_ERR_INVALID;
    const char *host = strstr(text, "://");
    host = host ? host + 3 : text;
    const char *at = host + strcspn(host, "/?#");
    /* user:password@host */
    const char *user = memchr(host, '@', (size_t)(at - host));
    if (user)
        host = user + 1;
    size_t len = strcspn(host, ":/?#");
    if (len > 4 && (strncmp(host, "www.", 4) == 0 ||
                    strncmp(host, "WWW.", 4) == 0)) {
        host += 4;
        len -= 4;
    }
    while (len > 0 && host[len - 1] == '.')
        len--;
    if (len == 0 || len >= out_size || len > 253)
        return DOSSIER_ERR_INVALID;
    for (size_t i = 0; i < len; i++) {
        char c = host[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.')) {
            out[0] = '\0';
            return DOSSIER_ERR_INVALID;
        }
        out[i] = c;
    }
    out[len] = '\0';
    return DOSSIER_OK;
}
