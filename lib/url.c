/*
 * url.c: the canonical form of an article's URL, so that the links a feed,
 * a share button and a newsletter give for one story make one document.
 *
 * Only what every server treats alike is changed: scheme and host case,
 * a default port, an empty path, the fragment (never sent to the server)
 * and the query parameters that only feed analytics.  The rest is copied
 * byte for byte; see dossier/url.h.
 */
#include "dossier/url.h"

#include <limits.h>
#include <string.h>

/* The output, written with a hard cap; once full, every write is a no-op
 * and the call fails at the end. */
typedef struct {
    char *out;
    size_t size;
    size_t len;
    int is_full;
} url_buf;

static void put_bytes(url_buf *b, const char *bytes, size_t len)
{
    if (b->is_full || len >= b->size - b->len) {
        b->is_full = 1;
        return;
    }
    memcpy(b->out + b->len, bytes, len);
    b->len += len;
    b->out[b->len] = '\0';
}

static void put_lower(url_buf *b, const char *bytes, size_t len)
{
    size_t start = b->len;
    put_bytes(b, bytes, len);
    if (b->is_full)
        return;
    for (size_t i = start; i < b->len; i++)
        if (b->out[i] >= 'A' && b->out[i] <= 'Z')
            b->out[i] = (char)(b->out[i] - 'A' + 'a');
}

static int equals_nocase(const char *s, size_t len, const char *lower)
{
    if (len != strlen(lower))
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return 0;
    }
    return 1;
}

/* Parameter names that identify a campaign or a click, never the page.
 * Names are matched exactly: servers read them case-sensitively, and the
 * Guardian's is "CMP" in capitals. */
static const char *const tracking_names[] = {
    "fbclid", "gclid", "dclid",  "msclkid", "mc_cid", "mc_eid",
    "yclid",  "igshid", "_ga",   "ref_src", "cmpid",  "ocid",
    "smid",   "sr_share", "CMP",
};

static int is_tracking(const char *name, size_t len)
{
    if (len >= 4 && memcmp(name, "utm_", 4) == 0)
        return 1;
    for (size_t i = 0; i < sizeof tracking_names / sizeof tracking_names[0];
         i++) {
        if (len == strlen(tracking_names[i]) &&
            memcmp(name, tracking_names[i], len) == 0)
            return 1;
    }
    return 0;
}

/* Copies the parameters of QUERY (without its '?') that are not tracking,
 * '&' between them; empty ones ("a=1&&b=2") go too. */
static void put_query(url_buf *b, const char *query, size_t len)
{
    const char *end = query + len;
    int n_kept = 0;
    for (const char *p = query; p < end;) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *param_end = amp != NULL ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(param_end - p));
        size_t name_len = (size_t)((eq != NULL ? eq : param_end) - p);
        if (param_end > p && !is_tracking(p, name_len)) {
            put_bytes(b, n_kept == 0 ? "?" : "&", 1);
            put_bytes(b, p, (size_t)(param_end - p));
            n_kept++;
        }
        p = param_end + (amp != NULL);
    }
}

static int is_ipv6_byte(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

/* Writes HOST (userinfo already removed) and its port unless it is the
 * default one.  A trailing dot names the same host from the root and
 * goes. */
static int put_host_port(url_buf *b, const char *host, size_t len,
                         unsigned default_port)
{
    const char *end = host + len;
    const char *host_end;
    if (len > 0 && host[0] == '[') {
        const char *close = memchr(host, ']', len);
        if (close == NULL || close == host + 1)
            return -1;
        for (const char *p = host + 1; p < close; p++)
            if (!is_ipv6_byte(*p))
                return -1;
        host_end = close + 1;
    } else {
        host_end = memchr(host, ':', len);
        if (host_end == NULL)
            host_end = end;
        for (const char *p = host; p < host_end; p++)
            if (*p == '[' || *p == ']')
                return -1;
    }
    if (host_end < end && *host_end != ':')
        return -1;
    size_t name_len = (size_t)(host_end - host);
    if (name_len > 0 && host[name_len - 1] == '.')
        name_len--;
    /* "example.com.." has an empty label: no host, not one to guess. */
    if (name_len == 0 || host[name_len - 1] == '.')
        return -1;
    put_lower(b, host, name_len);

    /* An empty port (http://host:/) means the default one. */
    unsigned port = 0;
    size_t n_digits = 0;
    for (const char *p = host_end + (host_end < end); p < end; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        port = port * 10 + (unsigned)(*p - '0');
        if (port > 65535)
            return -1;
        n_digits++;
    }
    if (n_digits > 0 && port != default_port) {
        char digits[8];
        size_t n = sizeof digits;
        do {
            digits[--n] = (char)('0' + port % 10);
            port /= 10;
        } while (port > 0);
        put_bytes(b, ":", 1);
        put_bytes(b, digits + n, sizeof digits - n);
    }
    return 0;
}

int dossier_canonical_url(const char *url, char *out, size_t out_size)
{
    if (url == NULL || out == NULL || out_size == 0)
        return -1;
    out[0] = '\0';
    url_buf b = {out, out_size, 0, 0};
    size_t url_len = strlen(url);
    for (size_t i = 0; i < url_len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c == 0x7f)
            return -1;
    }

    const char *colon = memchr(url, ':', url_len);
    if (colon == NULL)
        return -1;
    size_t scheme_len = (size_t)(colon - url);
    unsigned default_port;
    if (equals_nocase(url, scheme_len, "http"))
        default_port = 80;
    else if (equals_nocase(url, scheme_len, "https"))
        default_port = 443;
    else
        return -1;
    if (strncmp(colon, "://", 3) != 0)
        return -1;
    put_lower(&b, url, scheme_len + 3);

    const char *authority = colon + 3;
    size_t authority_len = strcspn(authority, "/?#");
    const char *rest = authority + authority_len;
    /* The host follows the last '@': a password may hold another. */
    const char *host = authority;
    for (const char *p = authority; p < rest; p++)
        if (*p == '@')
            host = p + 1;
    put_bytes(&b, authority, (size_t)(host - authority));
    if (put_host_port(&b, host, (size_t)(rest - host), default_port) != 0)
        goto fail;

    size_t path_len = strcspn(rest, "?#");
    if (path_len == 0)
        put_bytes(&b, "/", 1);
    else
        put_bytes(&b, rest, path_len);
    if (rest[path_len] == '?') {
        const char *query = rest + path_len + 1;
        put_query(&b, query, strcspn(query, "#"));
    }
    if (b.is_full || b.len > INT_MAX)
        goto fail;
    return (int)b.len;

fail:
    out[0] = '\0';
    return -1;
}
