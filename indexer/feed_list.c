/*
 * feed_list.c: OPML and plain feed lists.
 *
 * OPML is read with the same guard as feeds: libxml2 with no network and
 * no entity expansion, so a hostile list cannot reach out or blow up.
 */
#define _DEFAULT_SOURCE /* strncasecmp */
#include "feed_list.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"

#define MAX_LIST_BYTES (16u << 20)

static int is_web_url(const char *s)
{
    return (strncasecmp(s, "http://", 7) == 0 && s[7] != '\0') ||
           (strncasecmp(s, "https://", 8) == 0 && s[8] != '\0');
}

static void warn_at(feed_list_warn_fn warn, void *ctx, const char *path,
                    long line, const char *reason)
{
    char where[4200];
    snprintf(where, sizeof where, "%s:%ld", path, line);
    warn(ctx, where, reason);
}

/* Adds URL (TITLE, CATEGORY may be NULL) unless it is no web URL or a
 * repeat.  Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
static dossier_status add(feed_list *l, size_t *cap, const char *url,
                          const char *title, const char *category,
                          const char *path, long line,
                          feed_list_warn_fn warn, void *ctx)
{
    char reason[160];
    if (!is_web_url(url) || strpbrk(url, " \t\r\n") != NULL) {
        snprintf(reason, sizeof reason, "skipped: \"%.100s\" is not an "
                 "http or https URL", url);
        warn_at(warn, ctx, path, line, reason);
        return DOSSIER_OK;
    }
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->feeds[i].url, url) == 0) {
            snprintf(reason, sizeof reason, "skipped: the same feed as "
                     "line %ld", l->feeds[i].line);
            warn_at(warn, ctx, path, line, reason);
            return DOSSIER_OK;
        }
    if (l->n == *cap) {
        size_t n = *cap ? 2 * *cap : 64;
        feed_source *v = realloc(l->feeds, n * sizeof *v);
        if (v == NULL)
            return DOSSIER_ERR_NOMEM;
        l->feeds = v;
        *cap = n;
    }
    feed_source *s = &l->feeds[l->n];
    s->url = strdup(url);
    s->title = title && *title ? strdup(title) : NULL;
    s->category = category && *category ? strdup(category) : NULL;
    s->line = line;
    if (s->url == NULL || (title && *title && s->title == NULL) ||
        (category && *category && s->category == NULL)) {
        free(s->url);
        free(s->title);
        free(s->category);
        return DOSSIER_ERR_NOMEM;
    }
    l->n++;
    return DOSSIER_OK;
}

/* The value of N's attribute NAME as written, or NULL (free with
 * xmlFree): an entity reference stays "&name;", never its replacement,
 * since xmlGetProp would expand what the list's DTD declares (20,000
 * references to one 1 KB entity took 14 s and 90 MB).  *HAS_ENTITY tells
 * whether it held one. */
static char *attribute_text(xmlNode *n, const char *name, int *has_entity)
{
    xmlAttr *attr = xmlHasProp(n, BAD_CAST name);
    if (attr == NULL || attr->children == NULL)
        return NULL;
    /* A buffer that grows by doubling: linear in the value's length. */
    xmlBufferPtr buf = xmlBufferCreate();
    if (buf == NULL)
        return NULL;
    xmlBufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT);
    int rc = 0;
    for (xmlNode *c = attr->children; c != NULL && rc == 0; c = c->next) {
        if (c->type == XML_ENTITY_REF_NODE) {
            *has_entity = 1;
            rc = xmlBufferCCat(buf, "&") || xmlBufferCat(buf, c->name) ||
                 xmlBufferCCat(buf, ";");
        } else if (c->content != NULL) {
            rc = xmlBufferCat(buf, c->content);
        }
    }
    xmlChar *value = rc == 0 ? xmlBufferDetach(buf) : NULL;
    xmlBufferFree(buf);
    return (char *)value;
}

/* Walks OPML outlines: those with xmlUrl are feeds; a folder's text is the
 * category of the feeds in it that name none. */
static dossier_status walk(feed_list *l, size_t *cap, xmlNode *node,
                           const char *folder, const char *path,
                           feed_list_warn_fn warn, void *ctx)
{
    for (xmlNode *n = node; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE ||
            xmlStrcmp(n->name, BAD_CAST "outline") != 0)
            continue;
        int url_entity = 0, other_entity = 0;
        char *url = attribute_text(n, "xmlUrl", &url_entity);
        char *title = attribute_text(n, "title", &other_entity);
        char *text = attribute_text(n, "text", &other_entity);
        char *category = attribute_text(n, "category", &other_entity);
        dossier_status rc = DOSSIER_OK;
        if (url != NULL && url_entity) {
            char reason[200];
            snprintf(reason, sizeof reason, "skipped: \"%.100s\" is written "
                     "with an entity, which lists may not use", url);
            warn_at(warn, ctx, path, xmlGetLineNo(n), reason);
        } else if (url != NULL) {
            rc = add(l, cap, url, title ? title : text,
                     category ? category : folder, path, xmlGetLineNo(n),
                     warn, ctx);
        } else if (n->children != NULL) {
            rc = walk(l, cap, n->children, text ? text : title ? title : folder,
                      path, warn, ctx);
        }
        xmlFree(url);
        xmlFree(title);
        xmlFree(text);
        xmlFree(category);
        if (rc != 0)
            return rc;
    }
    return DOSSIER_OK;
}

static dossier_status load_opml(const char *data, size_t len,
                                const char *path, feed_list *l, size_t *cap,
                                feed_list_warn_fn warn, void *ctx)
{
    /* Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD: no entity expansion,
     * no external loads. */
    xmlDocPtr doc = xmlReadMemory(data, (int)len, path, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (doc == NULL) {
        const xmlError *e = xmlGetLastError();
        warn_at(warn, ctx, path, e && e->line > 0 ? e->line : 1,
                "not well-formed OPML");
        return DOSSIER_ERR_INVALID;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    dossier_status rc = DOSSIER_OK;
    if (root == NULL || xmlStrcmp(root->name, BAD_CAST "opml") != 0) {
        warn_at(warn, ctx, path, root ? xmlGetLineNo(root) : 1,
                "not OPML: the root element is not <opml>");
        rc = DOSSIER_ERR_INVALID;
    } else {
        for (xmlNode *n = root->children; n != NULL && rc == 0; n = n->next)
            if (n->type == XML_ELEMENT_NODE &&
                xmlStrcmp(n->name, BAD_CAST "body") == 0)
                rc = walk(l, cap, n->children, NULL, path, warn, ctx);
    }
    xmlFreeDoc(doc);
    return rc;
}

/* A plain list: one URL a line; blank lines and # comments are skipped. */
static dossier_status load_plain(char *data, const char *path,
                                 feed_list *l, size_t *cap,
                                 feed_list_warn_fn warn, void *ctx)
{
    long line = 0;
    for (char *p = data, *next; p != NULL; p = next) {
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        line++;
        while (isspace((unsigned char)*p))
            p++;
        char *end = p + strlen(p);
        while (end > p && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (*p == '\0' || *p == '#')
            continue;
        dossier_status rc = add(l, cap, p, NULL, NULL, path, line, warn, ctx);
        if (rc != 0)
            return rc;
    }
    return DOSSIER_OK;
}

dossier_status feed_list_load(const char *path, feed_list *out,
                              feed_list_warn_fn warn, void *ctx)
{
    memset(out, 0, sizeof *out);
    gzFile in = gzopen(path, "rb");
    if (in == NULL) {
        char reason[256];
        snprintf(reason, sizeof reason, "cannot open the feed list: %s",
                 strerror(errno ? errno : ENOMEM));
        warn(ctx, path, reason);
        return DOSSIER_ERR_IO;
    }
    size_t len;
    char *data = input_read_rest(in, NULL, 0, MAX_LIST_BYTES, &len);
    int err = errno;
    gzclose(in);
    if (data == NULL) {
        if (err == ENOMEM)
            return DOSSIER_ERR_NOMEM;
        char reason[256];
        snprintf(reason, sizeof reason, "cannot read the feed list: %s",
                 err == EFBIG ? "larger than 16 MiB" : strerror(err));
        warn(ctx, path, reason);
        return DOSSIER_ERR_IO;
    }
    /* The plain reader wants a string. */
    char *text = realloc(data, len + 1);
    if (text == NULL) {
        free(data);
        return DOSSIER_ERR_NOMEM;
    }
    data = text;
    data[len] = '\0';
    const char *p = data;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (isspace((unsigned char)*p))
        p++;
    size_t cap = 0;
    dossier_status rc = *p == '<' ? load_opml(data, len, path, out, &cap, warn, ctx)
                       : load_plain(data, path, out, &cap, warn, ctx);
    free(data);
    if (rc != 0)
        feed_list_clear(out);
    return rc;
}

void feed_list_clear(feed_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->feeds[i].url);
        free(l->feeds[i].title);
        free(l->feeds[i].category);
    }
    free(l->feeds);
    l->feeds = NULL;
    l->n = 0;
}
