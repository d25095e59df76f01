/*
 * url_resolve.c: a reference resolved against a base URI, as RFC 3986
 * section 5 says, for feeds' relative links (xml:base, the feed's own
 * address, Content-Location).
 *
 * The reference is split as Appendix B's regular expression splits it,
 * the target is built by section 5.2.2's algorithm (strict: a reference
 * with a scheme is absolute even when it is the base's), and the path's
 * dot segments are removed as 5.2.4 says.  Nothing is decoded or
 * re-encoded: bytes are copied as they are.
 */
#include "dossier/url.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One URI reference split into its five parts: each a (pointer, length)
 * pair, with is_* telling an absent part from an empty one. */
typedef struct uri_parts {
    const char *scheme, *authority, *path, *query, *fragment;
    size_t scheme_len, authority_len, path_len, query_len, fragment_len;
    bool has_scheme, has_authority, has_query, has_fragment;
} uri_parts;

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of S's scheme (without ':'), or 0 when S has none. */
static size_t scheme_length(const char *s, size_t len)
{
    if (len == 0 || !is_alpha(s[0]))
        return 0;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (c == ':')
            return i;
        if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '+' &&
            c != '-' && c != '.')
            return 0;
    }
    return 0;
}

bool dossier_url_is_absolute(const char *s)
{
    return s != NULL && scheme_length(s, strlen(s)) > 0;
}

static void split(const char *s, size_t len, uri_parts *p)
{
    memset(p, 0, sizeof *p);
    size_t i = 0;
    size_t scheme_len = scheme_length(s, len);
    if (scheme_len > 0) {
        p->has_scheme = true;
        p->scheme = s;
        p->scheme_len = scheme_len;
        i = scheme_len + 1;
    }
    if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        i += 2;
        size_t start = i;
        while (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#')
            i++;
        p->has_authority = true;
        p->authority = s + start;
        p->authority_len = i - start;
    }
    size_t start = i;
    while (i < len && s[i] != '?' && s[i] != '#')
        i++;
    p->path = s + start;
    p->path_len = i - start;
    if (i < len && s[i] == '?') {
        start = ++i;
        while (i < len && s[i] != '#')
            i++;
        p->has_query = true;
        p->query = s + start;
        p->query_len = i - start;
    }
    if (i < len && s[i] == '#') {
        p->has_fragment = true;
        p->fragment = s + i + 1;
        p->fragment_len = len - i - 1;
    }
}

/* Section 5.2.4: removes "." and ".." segments from the LEN bytes of PATH
 * (a scratch copy, rewritten in place).  Returns the new length. */
static size_t remove_dot_segments(char *path, size_t len)
{
    size_t in = 0, out = 0;
    while (in < len) {
        const char *p = path + in;
        size_t rest = len - in;
        if (rest >= 3 && memcmp(p, "../", 3) == 0) {
            in += 3;
        } else if (rest >= 2 && memcmp(p, "./", 2) == 0) {
            in += 2;
        } else if (rest >= 3 && memcmp(p, "/./", 3) == 0) {
            in += 2;
        } else if (rest == 2 && memcmp(p, "/.", 2) == 0) {
            path[in + 1] = '/';
            in += 1;
        } else if ((rest >= 4 && memcmp(p, "/../", 4) == 0) ||
                   (rest == 3 && memcmp(p, "/..", 3) == 0)) {
            /* "/../x" becomes "/x" and the last output segment goes. */
            in += 3;
            if (rest == 3) {
                in -= 1;
                path[in] = '/';
            }
            while (out > 0 && path[out - 1] != '/')
                out--;
            if (out > 0)
                out--;
        } else if ((rest == 1 && p[0] == '.') ||
                   (rest == 2 && memcmp(p, "..", 2) == 0)) {
            in += rest;
        } else {
            /* The first segment, with its leading slash if any. */
            size_t seg = p[0] == '/' ? 1 : 0;
            while (seg < rest && p[seg] != '/')
                seg++;
            memmove(path + out, p, seg);
            out += seg;
            in += seg;
        }
    }
    return out;
}

/* The output, written with a hard cap; once full every write is a no-op
 * and the call fails at the end. */
typedef struct {
    char *out;
    size_t size, len;
    bool is_full;
} out_buf;

static void put(out_buf *b, const char *bytes, size_t len)
{
    if (b->is_full || len >= b->size - b->len) {
        b->is_full = true;
        return;
    }
    memcpy(b->out + b->len, bytes, len);
    b->len += len;
    b->out[b->len] = '\0';
}

/* Appends PATH (LEN bytes) with its dot segments removed. */
static void put_path(out_buf *b, const char *path, size_t len)
{
    char *scratch = malloc(len + 1);
    if (scratch == NULL) {
        b->is_full = true;
        return;
    }
    memcpy(scratch, path, len);
    put(b, scratch, remove_dot_segments(scratch, len));
    free(scratch);
}

/* Appends section 5.2.3's merge of BASE's path and REF's, dots removed. */
static void put_merged_path(out_buf *b, const uri_parts *base,
                            const uri_parts *ref)
{
    size_t dir_len = 0;
    const char *dir = "/";
    if (base->has_authority && base->path_len == 0) {
        dir_len = 1;
    } else {
        dir = base->path;
        for (size_t i = base->path_len; i > 0; i--)
            if (base->path[i - 1] == '/') {
                dir_len = i;
                break;
            }
    }
    char *merged = malloc(dir_len + ref->path_len + 1);
    if (merged == NULL) {
        b->is_full = true;
        return;
    }
    memcpy(merged, dir, dir_len);
    memcpy(merged + dir_len, ref->path, ref->path_len);
    put(b, merged, remove_dot_segments(merged, dir_len + ref->path_len));
    free(merged);
}

static void put_authority(out_buf *b, const uri_parts *p)
{
    if (!p->has_authority)
        return;
    put(b, "//", 2);
    put(b, p->authority, p->authority_len);
}

/* Appends "?" and P's query, when it has one. */
static void put_query(out_buf *b, const uri_parts *p)
{
    if (!p->has_query)
        return;
    put(b, "?", 1);
    put(b, p->query, p->query_len);
}

int dossier_url_resolve(const char *base, const char *ref, char *out,
                        size_t out_size)
{
    if (ref == NULL || out == NULL || out_size == 0)
        return -1;
    /* Feeds pad their links with white space; it is never part of one. */
    while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
        ref++;
    size_t ref_len = strlen(ref);
    while (ref_len > 0 && (ref[ref_len - 1] == ' ' ||
                           ref[ref_len - 1] == '\t' ||
                           ref[ref_len - 1] == '\n' ||
                           ref[ref_len - 1] == '\r'))
        ref_len--;

    uri_parts r, bp;
    split(ref, ref_len, &r);
    out_buf b = {.out = out, .size = out_size};
    out[0] = '\0';
    if (r.has_scheme) {
        put(&b, r.scheme, r.scheme_len + 1);
        put_authority(&b, &r);
        put_path(&b, r.path, r.path_len);
        put_query(&b, &r);
    } else {
        if (base == NULL || !dossier_url_is_absolute(base))
            return -1;
        split(base, strlen(base), &bp);
        put(&b, bp.scheme, bp.scheme_len + 1);
        if (r.has_authority) {
            put_authority(&b, &r);
            put_path(&b, r.path, r.path_len);
            put_query(&b, &r);
        } else {
            put_authority(&b, &bp);
            if (r.path_len == 0) {
                put(&b, bp.path, bp.path_len);
                put_query(&b, r.has_query ? &r : &bp);
            } else {
                if (r.path[0] == '/')
                    put_path(&b, r.path, r.path_len);
                else
                    put_merged_path(&b, &bp, &r);
                put_query(&b, &r);
            }
        }
    }
    if (r.has_fragment) {
        put(&b, "#", 1);
        put(&b, r.fragment, r.fragment_len);
    }
    return b.is_full ? -1 : (int)b.len;
}
