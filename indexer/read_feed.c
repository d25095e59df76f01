/*
 * read_feed.c: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds to articles.
 *
 * Entities: the feed is parsed without XML_PARSE_NOENT and without loading
 * any DTD, so an entity declared in the document's DTD stays an entity
 * reference node, and every collector of text here skips those nodes and
 * never descends into them.  libxml2 still checks the declarations as it
 * reads them and refuses an expansion bomb ("billion laughs") as an entity
 * loop, which makes the whole input one reject; a small declared entity is
 * simply left out of the text.  External entities are never loaded.  The
 * five predefined entities and character references are decoded by the
 * parser itself and arrive as plain text.
 *
 * Strings are built under a sticky status (int *rc, as SQLite's FTS5
 * does): once memory has run out every step is a no-op, and the item is
 * checked once at the end.
 */
#include "reader.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "html_text.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* The longest libxml2 message and date quoted in a reject. */
#define MAX_QUOTED 160

enum feed_kind { FEED_RSS2, FEED_RSS1, FEED_ATOM };

typedef struct feed {
    enum feed_kind kind;
    /* Namespace of the format's own elements; NULL for RSS 2.0, whose
     * elements have none. */
    const char *ns;
    const char *name;
    const reader_sink *sink;
    char *title; /* of the channel or feed: the default source */
    char lang[4]; /* of the channel or feed, "" when it says nothing */
    char *where;
    size_t where_cap;
    dossier_status stopped; /* what the sink said when it said stop */
} feed;

/* ------------------------------------------------------------ the tree */

static int is_element(const xmlNode *node, const char *ns, const char *name)
{
    if (node->type != XML_ELEMENT_NODE ||
        strcmp((const char *)node->name, name) != 0)
        return 0;
    const char *href = node->ns != NULL && node->ns->href != NULL
                           ? (const char *)node->ns->href
                           : NULL;
    if (ns == NULL || href == NULL)
        return ns == href;
    return strcmp(ns, href) == 0;
}

static xmlNode *child_element(const xmlNode *parent, const char *ns,
                              const char *name)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next)
        if (is_element(c, ns, name))
            return c;
    return NULL;
}

/* Appends the text under NODE to BUF (when not NULL) and returns its
 * length.  Elements are walked without recursion; entity references are
 * neither read nor entered. */
static size_t gather_text(const xmlNode *node, char *buf)
{
    size_t len = 0;
    const xmlNode *n = node->children;
    while (n != NULL) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
            n->content != NULL) {
            size_t n_len = strlen((const char *)n->content);
            if (buf != NULL)
                memcpy(buf + len, n->content, n_len);
            len += n_len;
        }
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        while (n != node && n->next == NULL)
            n = n->parent;
        if (n == node)
            break;
        n = n->next;
    }
    return len;
}

/* The text of NODE (attribute or element) in a new string, "" for NULL. */
static char *text_of(const xmlNode *node, int *rc)
{
    if (*rc != 0)
        return NULL;
    size_t len = node != NULL ? gather_text(node, NULL) : 0;
    char *text = malloc(len + 1);
    if (text == NULL) {
        *rc = -1;
        return NULL;
    }
    if (len > 0)
        gather_text(node, text);
    text[len] = '\0';
    return text;
}

/* The attribute NAME of NODE in namespace NS (NULL: none), or NULL. */
static const xmlNode *attribute(const xmlNode *node, const char *ns,
                                const char *name)
{
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        const char *href = a->ns != NULL ? (const char *)a->ns->href : NULL;
        if ((ns == NULL && href == NULL) ||
            (ns != NULL && href != NULL && strcmp(ns, href) == 0))
            return (const xmlNode *)a;
    }
    return NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Removes leading and trailing ASCII white space in place. */
static char *trim(char *s)
{
    if (s == NULL)
        return NULL;
    size_t start = 0, end = strlen(s);
    while (start < end && is_space(s[start]))
        start++;
    while (end > start && is_space(s[end - 1]))
        end--;
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
    return s;
}

/* The trimmed text of NODE, or NULL when NODE is NULL or that is empty. */
static char *value_of(const xmlNode *node, int *rc)
{
    if (node == NULL)
        return NULL;
    char *text = trim(text_of(node, rc));
    if (text != NULL && *text == '\0') {
        free(text);
        text = NULL;
    }
    return text;
}

/* ------------------------------------------------------------ text */

/* TEXT (freed here) as HTML reduced to plain text. */
static char *reduce_html(char *text, int *rc)
{
    if (text == NULL || *rc != 0) {
        free(text);
        return NULL;
    }
    char *plain = html_to_text(text, strlen(text), NULL);
    free(text);
    if (plain == NULL)
        *rc = -1;
    return plain;
}

/* TEXT (freed here) as plain text: through html_to_text too, for the same
 * white space and paragraph rules, after escaping what HTML would read as
 * markup and turning blank lines into paragraph breaks. */
static char *reduce_plain(char *text, int *rc)
{
    if (text == NULL || *rc != 0) {
        free(text);
        return NULL;
    }
    size_t len = strlen(text);
    /* "&" grows most, to "&amp;"; a blank line is at least two bytes and
     * becomes "<p>". */
    if (len > (SIZE_MAX - 1) / 5) {
        free(text);
        *rc = -1;
        return NULL;
    }
    char *html = malloc(len * 5 + 1);
    if (html == NULL) {
        free(text);
        *rc = -1;
        return NULL;
    }
    size_t used = 0;
    int n_newlines = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n' && ++n_newlines == 2) {
            memcpy(html + used, "<p>", 3);
            used += 3;
            continue;
        }
        if (!is_space(c))
            n_newlines = 0;
        if (c == '&') {
            memcpy(html + used, "&amp;", 5);
            used += 5;
        } else if (c == '<') {
            memcpy(html + used, "&lt;", 4);
            used += 4;
        } else {
            html[used++] = c;
        }
    }
    html[used] = '\0';
    free(text);
    return reduce_html(html, rc);
}

static void discard_entity_refs(xmlNode *root)
{
    xmlNode *n = root->children;
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
            n = n->children;
            continue;
        }
        xmlNode *done = n->type == XML_ENTITY_REF_NODE ? n : NULL;
        while (n != root && n->next == NULL)
            n = n->parent;
        n = n == root ? NULL : n->next;
        if (done != NULL) {
            xmlUnlinkNode(done);
            xmlFreeNode(done);
        }
    }
}

/* The XHTML children of an Atom text construct, as plain text: written
 * out as markup and read back by the HTML reducer, so that both kinds of
 * HTML follow one set of rules.  Entity references are removed first, so
 * that none is written out as "&name;". */
static char *reduce_xhtml(xmlNode *construct, int *rc)
{
    if (*rc != 0)
        return NULL;
    discard_entity_refs(construct);
    xmlBufferPtr buf = xmlBufferCreate();
    if (buf == NULL) {
        *rc = -1;
        return NULL;
    }
    /* libxml2's default grows the buffer by exactly what each write
     * needs: quadratic copying on long content. */
    xmlBufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT);
    for (xmlNode *c = construct->children; c != NULL; c = c->next) {
        if (xmlNodeDump(buf, construct->doc, c, 0, 0) < 0) {
            xmlBufferFree(buf);
            *rc = -1;
            return NULL;
        }
    }
    char *html = malloc((size_t)xmlBufferLength(buf) + 1);
    if (html == NULL) {
        xmlBufferFree(buf);
        *rc = -1;
        return NULL;
    }
    memcpy(html, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    html[xmlBufferLength(buf)] = '\0';
    xmlBufferFree(buf);
    return reduce_html(html, rc);
}

/* An Atom text construct (title, summary, content) as plain text, by its
 * type attribute.  IS_TEXT_HTML reads type="text" as HTML too, for
 * titles, which feeds fill with escaped markup whatever they declare.
 * Content given by reference (src) or in another media type gives "". */
static char *atom_text(xmlNode *construct, int is_text_html, int *rc)
{
    if (construct == NULL || *rc != 0)
        return NULL;
    char *type = value_of(attribute(construct, NULL, "type"), rc);
    char *text = NULL;
    if (attribute(construct, NULL, "src") != NULL) {
        text = NULL;
    } else if (type == NULL || strcmp(type, "text") == 0 ||
               strncmp(type, "text/", 5) == 0) {
        int is_html = is_text_html ||
                      (type != NULL && strcmp(type, "text/html") == 0);
        text = is_html ? reduce_html(text_of(construct, rc), rc)
                       : reduce_plain(text_of(construct, rc), rc);
    } else if (strcmp(type, "html") == 0) {
        text = reduce_html(text_of(construct, rc), rc);
    } else if (strcmp(type, "xhtml") == 0 ||
               strcmp(type, "application/xhtml+xml") == 0) {
        text = reduce_xhtml(construct, rc);
    }
    free(type);
    return text;
}

/* Keeps the longer of two texts, freeing the other; A wins a tie. */
static char *longer(char *a, char *b)
{
    size_t a_len = a != NULL ? strlen(a) : 0;
    size_t b_len = b != NULL ? strlen(b) : 0;
    if (b_len > a_len) {
        free(a);
        return b;
    }
    free(b);
    return a;
}

/* ------------------------------------------------------------ fields */


/* Sets OUT from the language tag of NODE's text, when it is one.
 * Returns 1 when set. */
static int lang_from(const xmlNode *node, char out[4], int *rc)
{
    if (node == NULL || *rc != 0)
        return 0;
    char *tag = text_of(node, rc);
    int is_set = reader_primary_subtag(tag, out) == 0;
    free(tag);
    return is_set;
}

/* The language the channel or feed declares: RSS <language> or
 * <dc:language>, else xml:lang on it or above it. */
static void feed_lang(feed *f, const xmlNode *channel, int *rc)
{
    f->lang[0] = '\0';
    if (f->kind != FEED_ATOM &&
        (lang_from(child_element(channel, f->ns, "language"), f->lang, rc) ||
         lang_from(child_element(channel, NS_DC, "language"), f->lang, rc)))
        return;
    for (const xmlNode *n = channel; n != NULL && n->type == XML_ELEMENT_NODE;
         n = n->parent)
        if (lang_from(attribute(n, NS_XML, "lang"), f->lang, rc))
            return;
}

/* The article's language: the item's xml:lang, the feed's, or the sink's
 * default (which may be NULL). */
static char *item_lang(const feed *f, const xmlNode *item, int *rc)
{
    char code[4];
    const char *lang = f->sink->default_lang;
    if (lang_from(attribute(item, NS_XML, "lang"), code, rc))
        lang = code;
    else if (f->lang[0] != '\0')
        lang = f->lang;
    if (lang == NULL || *rc != 0)
        return NULL;
    char *copy = malloc(strlen(lang) + 1);
    if (copy == NULL) {
        *rc = -1;
        return NULL;
    }
    memcpy(copy, lang, strlen(lang) + 1);
    return copy;
}

/* Parses the first of the date elements NAMES (namespace, name pairs)
 * that holds a date.  When some hold text but none parses, returns the
 * first such text for the caller to report. */
static char *item_date(const xmlNode *item, const char *const names[][2],
                       size_t n_names, dossier_article *a, int *rc)
{
    char *bad = NULL;
    for (size_t i = 0; i < n_names && *rc == 0; i++) {
        const xmlNode *el = child_element(item, names[i][0], names[i][1]);
        if (reader_offer_date(a, value_of(el, rc), &bad))
            return NULL;
    }
    return bad;
}

/* RSS: a <guid> is the item's address unless isPermaLink="false", and
 * only when it looks like one. */
static char *guid_url(const xmlNode *guid, int *rc)
{
    if (guid == NULL)
        return NULL;
    char *permalink = value_of(attribute(guid, NULL, "isPermaLink"), rc);
    int is_permalink = permalink == NULL || strcmp(permalink, "true") == 0;
    free(permalink);
    if (!is_permalink)
        return NULL;
    char *url = value_of(guid, rc);
    if (url != NULL && strncmp(url, "http://", 7) != 0 &&
        strncmp(url, "https://", 8) != 0) {
        free(url);
        url = NULL;
    }
    return url;
}

static void read_rss_item(const feed *f, xmlNode *item, dossier_article *a,
                          char **bad_date, int *rc)
{
    const xmlNode *guid = child_element(item, f->ns, "guid");
    if (f->kind == FEED_RSS1)
        a->id = value_of(attribute(item, NS_RDF, "about"), rc);
    else
        a->id = value_of(guid, rc);
    a->url = value_of(child_element(item, f->ns, "link"), rc);
    if (a->url == NULL && f->kind == FEED_RSS2)
        a->url = guid_url(guid, rc);
    a->title = reduce_html(text_of(child_element(item, f->ns, "title"), rc),
                           rc);
    /* RSS gives no type: descriptions are HTML often enough that plain
     * text is read as HTML too. */
    char *content =
        reduce_html(value_of(child_element(item, NS_CONTENT, "encoded"), rc),
                    rc);
    char *description = reduce_html(
        value_of(child_element(item, f->ns, "description"), rc), rc);
    a->body = longer(content, description);

    const xmlNode *source = child_element(item, f->ns, "source");
    if (source != NULL)
        a->source = reduce_plain(value_of(source, rc), rc);
    a->category = value_of(child_element(item, f->ns, "category"), rc);
    if (a->category == NULL)
        a->category = value_of(child_element(item, NS_DC, "subject"), rc);

    static const char *const dates[][2] = {
        {NULL, "pubDate"},
        {NS_DC, "date"},
    };
    *bad_date = item_date(item, dates, 2, a, rc);
}

static void read_atom_entry(xmlNode *entry, dossier_article *a,
                            char **bad_date, int *rc)
{
    a->id = value_of(child_element(entry, NS_ATOM, "id"), rc);
    for (const xmlNode *c = entry->children; c != NULL && a->url == NULL;
         c = c->next) {
        if (!is_element(c, NS_ATOM, "link"))
            continue;
        char *rel = value_of(attribute(c, NULL, "rel"), rc);
        if (rel == NULL || strcmp(rel, "alternate") == 0)
            a->url = value_of(attribute(c, NULL, "href"), rc);
        free(rel);
    }
    a->title = atom_text(child_element(entry, NS_ATOM, "title"), 1, rc);
    char *content = atom_text(child_element(entry, NS_ATOM, "content"), 0, rc);
    char *summary = atom_text(child_element(entry, NS_ATOM, "summary"), 0, rc);
    a->body = longer(content, summary);

    const xmlNode *source = child_element(entry, NS_ATOM, "source");
    if (source != NULL)
        a->source = atom_text(child_element(source, NS_ATOM, "title"), 1, rc);
    const xmlNode *category = child_element(entry, NS_ATOM, "category");
    if (category != NULL)
        a->category = value_of(attribute(category, NULL, "term"), rc);

    static const char *const dates[][2] = {
        {NS_ATOM, "published"},
        {NS_ATOM, "updated"},
    };
    *bad_date = item_date(entry, dates, 2, a, rc);
}

/* ------------------------------------------------------------ items */

/* Writes "NAME:LINE: item N" (or "NAME: item N") into f->where. */
static void set_where(feed *f, const xmlNode *item, size_t n_item)
{
    long line = xmlGetLineNo(item);
    if (line > 0)
        snprintf(f->where, f->where_cap, "%s:%ld: item %zu", f->name, line,
                 n_item);
    else
        snprintf(f->where, f->where_cap, "%s: item %zu", f->name, n_item);
}

/* Copies at most MAX_QUOTED bytes of S into OUT (MAX_QUOTED + 1 bytes),
 * cut on a character boundary, with control characters as spaces, so
 * that a quoted piece of input cannot break a message's line. */
static void quote_into(char *out, const char *s)
{
    size_t len = strlen(s);
    if (len > MAX_QUOTED) {
        len = MAX_QUOTED;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    for (size_t i = 0; i < len; i++)
        out[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    out[len] = '\0';
}

static void warn_bad_date(const feed *f, const char *date)
{
    char quoted[MAX_QUOTED + 1];
    char reason[MAX_QUOTED + 64];
    quote_into(quoted, date);
    snprintf(reason, sizeof reason,
             "bad date \"%s\"; article kept without a date", quoted);
    reader_warn(f->sink, f->where, reason);
}

/* Reads one item or entry and hands it on.  Returns 0, or -1 when memory
 * ran out or the sink said stop. */
static int read_item(feed *f, xmlNode *item, size_t n_item)
{
    dossier_article a = {0};
    char *bad_date = NULL;
    int rc = 0;
    set_where(f, item, n_item);
    if (f->kind == FEED_ATOM)
        read_atom_entry(item, &a, &bad_date, &rc);
    else
        read_rss_item(f, item, &a, &bad_date, &rc);
    if (rc == 0 && a.source == NULL && f->title != NULL) {
        a.source = strdup(f->title);
        if (a.source == NULL)
            rc = -1;
    }
    if (rc == 0)
        a.lang = item_lang(f, item, &rc);
    if (rc == 0 && a.title == NULL)
        a.title = strdup("");
    if (rc == 0 && a.body == NULL)
        a.body = strdup("");
    if (rc == 0 && (a.title == NULL || a.body == NULL))
        rc = -1;
    if (rc != 0)
        goto done;

    size_t size = strlen(a.title) + strlen(a.body);
    if (size == 0) {
        f->sink->reject(f->sink->ctx, f->where,
                        "item has neither title nor body");
    } else if (f->sink->max_article_bytes > 0 &&
               size > f->sink->max_article_bytes) {
        char reason[64];
        snprintf(reason, sizeof reason, "article larger than %zu bytes",
                 f->sink->max_article_bytes);
        f->sink->reject(f->sink->ctx, f->where, reason);
    } else {
        if (bad_date != NULL)
            warn_bad_date(f, bad_date);
        f->stopped = f->sink->article(f->sink->ctx, &a, f->where);
        rc = f->stopped == DOSSIER_OK ? 0 : -1;
    }

done:
    free(bad_date);
    dossier_article_clear(&a);
    return rc;
}

/* ------------------------------------------------------------ parsing */

/* The first error libxml2 reports while parsing one input, and the first
 * line it names in the input itself: errors found inside an entity's
 * replacement text carry no file name and count lines from the entity's
 * start, which would point the reader at the wrong place. */
typedef struct first_error {
    int is_set;
    long line;
    char message[MAX_QUOTED + 1];
} first_error;

static void note_error(void *ctx, xmlErrorPtr error)
{
    first_error *first = ctx;
    if (error == NULL || error->level < XML_ERR_ERROR)
        return;
    if (!first->is_set) {
        first->is_set = 1;
        quote_into(first->message,
                   error->message != NULL ? error->message : "");
        trim(first->message);
    }
    if (first->line == 0 && error->file != NULL && error->line > 0)
        first->line = error->line;
}

/* Whether the document names its own encoding: a byte order mark, or an
 * XML declaration with an encoding. */
static int declares_encoding(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    if (len >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) ||
                     (s[0] == 0xFF && s[1] == 0xFE)))
        return 1;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 1;
    if (len < 5 || memcmp(data, "<?xml", 5) != 0)
        return 0;
    const char *end = memchr(data, '>', len < 512 ? len : 512);
    if (end == NULL)
        return 0;
    for (const char *p = data; p + 8 <= end; p++)
        if (memcmp(p, "encoding", 8) == 0)
            return 1;
    return 0;
}

/* Parses the feed.  Its errors go to FIRST, never to libxml2's default
 * handlers (which print); the caller's handler is back on return. */
static xmlDocPtr parse_xml(const char *data, size_t len, const char *name,
                           const char *charset, first_error *first,
                           int *is_out_of_memory)
{
    *is_out_of_memory = 0;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        *is_out_of_memory = 1;
        return NULL;
    }
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_context = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(first, note_error);
    /* Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD: see the top of the
     * file.  No recovery either: a broken feed is one reject. */
    xmlDocPtr doc = xmlCtxtReadMemory(
        ctxt, data, (int)len, name,
        charset && !declares_encoding(data, len) ? charset : NULL,
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
            XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
    xmlSetStructuredErrorFunc(old_context, old_handler);
    if (doc == NULL && ctxt->errNo == XML_ERR_NO_MEMORY)
        *is_out_of_memory = 1;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* Which feed ROOT is, and the element holding the feed's own title and
 * language (RSS channel or Atom feed).  Returns -1 when ROOT is none. */
static int identify(feed *f, xmlNode *root, xmlNode **channel)
{
    if (is_element(root, NULL, "rss")) {
        f->kind = FEED_RSS2;
        f->ns = NULL;
        *channel = child_element(root, NULL, "channel");
        return *channel != NULL ? 0 : -1;
    }
    if (is_element(root, NS_RDF, "RDF")) {
        f->kind = FEED_RSS1;
        f->ns = NS_RSS1;
        *channel = child_element(root, NS_RSS1, "channel");
        return *channel != NULL ? 0 : -1;
    }
    if (is_element(root, NS_ATOM, "feed")) {
        f->kind = FEED_ATOM;
        f->ns = NS_ATOM;
        *channel = root;
        return 0;
    }
    return -1;
}

/* Reports that the input as a whole is no feed, at LINE when known. */
static void reject_input(const feed *f, long line, const char *reason)
{
    size_t cap = strlen(f->name) + 32;
    char *where = malloc(cap);
    if (where == NULL) {
        f->sink->reject(f->sink->ctx, f->name, reason);
        return;
    }
    if (line > 0)
        snprintf(where, cap, "%s:%ld", f->name, line);
    else
        snprintf(where, cap, "%s", f->name);
    f->sink->reject(f->sink->ctx, where, reason);
    free(where);
}

dossier_status read_feed(const char *data, size_t len, const char *name,
                         const reader_sink *sink)
{
    feed f = {.name = name, .sink = sink};
    xmlDocPtr doc = NULL;
    dossier_status status = DOSSIER_OK;
    char reason[MAX_QUOTED + 64];

    if (len > INT_MAX) {
        snprintf(reason, sizeof reason, "not read: larger than %d bytes",
                 INT_MAX);
        reject_input(&f, 0, reason);
        return DOSSIER_OK;
    }
    first_error first = {0};
    int is_out_of_memory;
    doc = parse_xml(data, len, name, sink->transport_charset, &first,
                    &is_out_of_memory);
    if (is_out_of_memory)
        return DOSSIER_ERR_NOMEM;
    if (doc == NULL) {
        snprintf(reason, sizeof reason, "not well-formed XML%s%s",
                 first.is_set ? ": " : "", first.message);
        reject_input(&f, first.line, reason);
        return DOSSIER_OK;
    }

    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *channel = NULL;
    if (root == NULL || identify(&f, root, &channel) != 0) {
        char quoted[MAX_QUOTED + 1];
        quote_into(quoted, root != NULL ? (const char *)root->name : "");
        snprintf(reason, sizeof reason,
                 "not a feed: the root element is <%s>", quoted);
        reject_input(&f, root != NULL ? xmlGetLineNo(root) : 0, reason);
        goto done;
    }

    f.where_cap = strlen(name) + 64;
    f.where = malloc(f.where_cap);
    int rc = 0;
    if (f.where == NULL)
        rc = -1;
    if (f.kind == FEED_ATOM)
        f.title = atom_text(child_element(channel, NS_ATOM, "title"), 1, &rc);
    else
        f.title = reduce_html(
            text_of(child_element(channel, f.ns, "title"), &rc), &rc);
    if (f.title != NULL && *f.title == '\0') {
        free(f.title);
        f.title = NULL;
    }
    feed_lang(&f, channel, &rc);
    if (rc != 0) {
        status = DOSSIER_ERR_NOMEM;
        goto done;
    }

    /* Items: RSS 2.0 in the channel, RSS 1.0 beside it, Atom in the feed. */
    const xmlNode *holder = f.kind == FEED_RSS2 ? channel : root;
    const char *item_name = f.kind == FEED_ATOM ? "entry" : "item";
    size_t n_item = 0;
    for (xmlNode *c = holder->children; c != NULL; c = c->next) {
        if (!is_element(c, f.ns, item_name))
            continue;
        if (read_item(&f, c, ++n_item) != 0) {
            status = f.stopped != DOSSIER_OK ? f.stopped : DOSSIER_ERR_NOMEM;
            break;
        }
    }

done:
    free(f.title);
    free(f.where);
    xmlFreeDoc(doc);
    return status;
}
