/*
 * read_feed.c: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and Atom 0.3 feeds,
 * and CDF channels, to articles.  The formats are read as tolerantly as
 * their readers have always been: RSS in a namespace or without a
 * channel, Atom in an old draft's namespace, items named either way.
 *
 * The bytes become a tree in feed_xml.c (encodings, HTML entities, broken
 * markup); this file reads the tree.  Entity references left in it (an
 * entity the feed declares with markup inside) are never read or entered
 * by the collectors of text here; feed_xml.c reports them.
 *
 * Links: every link and id is resolved against the base RFC 3986 and XML
 * Base give it: the xml:base attributes around it, then the address the
 * feed was read from (reader_sink.base_url).  A link that stays relative
 * is dropped with a warning (it would point into whatever site shows it),
 * and an id that is no URI is scoped by the feed (reader_sink.id_scope),
 * so that two feeds' "/world/1" or "1234" are never one article.
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

#include "dossier/date.h"
#include "dossier/url.h"
#include "feed_xml.h"
#include "html_text.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
/* Apple's first spelling, still in older podcasts' feeds. */
#define NS_ITUNES_OLD "http://www.itunes.com/DTDs/Podcast-1.0.dtd"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* The longest libxml2 message and date quoted in a reject. */
#define MAX_QUOTED FEED_XML_MAX_QUOTED
/* The longest link or base resolved; a longer one is kept as given. */
#define MAX_LINK 8192
/* The most xml:base attributes above one element that count. */
#define MAX_BASE_DEPTH 32

/* RSS 0.9x/2.0 (in any namespace or none), RSS 1.0 and 0.90 (RDF), Atom
 * 1.0, Atom 0.3 (and its drafts' namespaces), and Microsoft's CDF. */
enum feed_kind { FEED_RSS2, FEED_RSS1, FEED_ATOM, FEED_ATOM03, FEED_CDF };

typedef struct feed {
    enum feed_kind kind;
    /* Namespace of the format's own elements; NULL for RSS 2.0, whose
     * elements have none. */
    const char *ns;
    const char *name;
    const reader_sink *sink;
    const xmlNode *channel; /* the RSS channel or the Atom feed */
    char *title; /* of the channel or feed: the default source */
    char *author; /* of an Atom feed: its entries' default */
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

/* Decodes the base64 TEXT (freed here) in place; white space is skipped.
 * NULL (and *RC untouched) when it is not base64. */
static char *decode_base64(char *text, int *rc)
{
    if (text == NULL || *rc != 0)
        return text;
    size_t out = 0;
    unsigned bits = 0, n_bits = 0;
    for (const char *p = text; *p != '\0'; p++) {
        char c = *p;
        int v = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '+'             ? 62
                : c == '/'             ? 63
                                       : -1;
        if (v < 0) {
            if (c == '=' || is_space(c))
                continue;
            free(text);
            return NULL;
        }
        bits = (bits << 6) | (unsigned)v;
        n_bits += 6;
        if (n_bits >= 8) {
            n_bits -= 8;
            text[out++] = (char)((bits >> n_bits) & 0xFF);
        }
    }
    text[out] = '\0';
    return text;
}

static int is_html_type(const char *type)
{
    return type != NULL && (strcmp(type, "html") == 0 ||
                            strcmp(type, "text/html") == 0 ||
                            strcmp(type, "application/xhtml+xml") == 0 ||
                            strcmp(type, "xhtml") == 0);
}

/* An Atom 0.3 content construct, whose mode says how its text is held:
 * "xml" (the default: the children), "escaped" (markup as text) or
 * "base64"; its type (default text/plain) says what the text is. */
static char *atom03_text(xmlNode *construct, int *rc)
{
    char *type = value_of(attribute(construct, NULL, "type"), rc);
    char *mode = value_of(attribute(construct, NULL, "mode"), rc);
    /* Without a type, Atom 0.3 says text/plain, but its feeds held HTML
     * there as RSS's did: read as RSS is.  A type says what it says. */
    int is_html = type == NULL || is_html_type(type);
    char *text = NULL;
    if (mode != NULL && strcmp(mode, "escaped") == 0) {
        text = is_html ? reduce_html(text_of(construct, rc), rc)
                       : reduce_plain(text_of(construct, rc), rc);
    } else if (mode != NULL && strcmp(mode, "base64") == 0) {
        char *raw = decode_base64(text_of(construct, rc), rc);
        text = is_html ? reduce_html(raw, rc) : reduce_plain(raw, rc);
    } else if (child_element(construct, NS_XHTML, "div") != NULL ||
               (type != NULL && (strcmp(type, "application/xhtml+xml") == 0 ||
                                 strcmp(type, "xhtml") == 0))) {
        text = reduce_xhtml(construct, rc);
    } else {
        text = is_html ? reduce_html(text_of(construct, rc), rc)
                       : reduce_plain(text_of(construct, rc), rc);
    }
    free(type);
    free(mode);
    return text;
}

/* Whether an Atom 1.0 content TYPE is an XML media type, whose content
 * is inline markup rather than Base64 (RFC 4287, 4.1.3.3). */
static int is_xml_type(const char *type)
{
    size_t len = strlen(type);
    return (len >= 4 && strcmp(type + len - 4, "+xml") == 0) ||
           (len >= 4 && strcmp(type + len - 4, "/xml") == 0);
}

/* An Atom text construct (title, summary, content) as plain text, by its
 * type attribute (1.0) or its mode and type (0.3).  IS_TEXT_HTML reads a
 * title without a type as HTML too: feeds fill titles with escaped markup
 * whatever the default says; an explicit type="text" is plain text.
 * Content in another media type is Base64 (RFC 4287) and read as HTML;
 * content given by reference (src) gives "". */
static char *atom_text(const feed *f, xmlNode *construct, int is_text_html,
                       int *rc)
{
    if (construct == NULL || *rc != 0)
        return NULL;
    if (f->kind == FEED_ATOM03)
        return atom03_text(construct, rc);
    char *type = value_of(attribute(construct, NULL, "type"), rc);
    char *text = NULL;
    if (attribute(construct, NULL, "src") != NULL) {
        text = NULL;
    } else if (type == NULL || strcmp(type, "text") == 0 ||
               strncmp(type, "text/", 5) == 0) {
        int is_html = (is_text_html && type == NULL) ||
                      (type != NULL && strcmp(type, "text/html") == 0);
        text = is_html ? reduce_html(text_of(construct, rc), rc)
                       : reduce_plain(text_of(construct, rc), rc);
    } else if (strcmp(type, "html") == 0) {
        text = reduce_html(text_of(construct, rc), rc);
    } else if (strcmp(type, "xhtml") == 0 ||
               strcmp(type, "application/xhtml+xml") == 0) {
        text = reduce_xhtml(construct, rc);
    } else if (!is_xml_type(type)) {
        text = reduce_html(decode_base64(text_of(construct, rc), rc), rc);
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

/* A copy of S, or NULL; *RC set when memory ran out. */
static char *copy_of(const char *s, int *rc)
{
    if (s == NULL || *rc != 0)
        return NULL;
    char *copy = strdup(s);
    if (copy == NULL)
        *rc = -1;
    return copy;
}

/* ------------------------------------------------------------ links */

/* The base URI of NODE, into OUT (MAX_LINK bytes): the sink's base_url,
 * then each xml:base from the root down to NODE resolved against the one
 * before.  Returns false when there is no absolute base. */
static bool base_of(const feed *f, const xmlNode *node, char *out, int *rc)
{
    const xmlNode *bases[MAX_BASE_DEPTH];
    size_t n_bases = 0;
    for (const xmlNode *n = node; n != NULL && n->type == XML_ELEMENT_NODE;
         n = n->parent) {
        const xmlNode *base = attribute(n, NS_XML, "base");
        if (base != NULL && n_bases < MAX_BASE_DEPTH)
            bases[n_bases++] = base;
    }
    bool is_set = false;
    if (f->sink->base_url != NULL &&
        dossier_url_resolve(NULL, f->sink->base_url, out, MAX_LINK) > 0)
        is_set = true;
    char next[MAX_LINK];
    while (n_bases > 0) {
        char *value = value_of(bases[--n_bases], rc);
        if (value != NULL &&
            dossier_url_resolve(is_set ? out : NULL, value, next,
                                sizeof next) > 0) {
            memcpy(out, next, strlen(next) + 1);
            is_set = true;
        }
        free(value);
    }
    return is_set;
}

/* REF (freed here) resolved against the base of CONTEXT: a new absolute
 * URI; REF itself when it is too long to resolve; NULL when it stays
 * relative (*WAS_RELATIVE then says so). */
static char *resolve_link(const feed *f, const xmlNode *context, char *ref,
                          bool *was_relative, int *rc)
{
    *was_relative = false;
    if (ref == NULL || *rc != 0)
        return ref;
    if (strlen(ref) >= MAX_LINK)
        return ref;
    char base[MAX_LINK], out[MAX_LINK];
    bool has_base = base_of(f, context, base, rc);
    if (dossier_url_resolve(has_base ? base : NULL, ref, out, sizeof out) <
        0) {
        *was_relative = !dossier_url_is_absolute(ref);
        if (*was_relative) {
            free(ref);
            return NULL;
        }
        return ref;
    }
    free(ref);
    return copy_of(out, rc);
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
    if (f->kind != FEED_ATOM && f->kind != FEED_ATOM03 &&
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
    return copy_of(lang, rc);
}

/* A date element: namespace and name. */
typedef struct element_name {
    const char *ns, *name;
} element_name;

/* A date element: namespace, name, and its rank: elements of one rank
 * mean the same date (Atom 0.3's issued, and the published some of its
 * feeds write), and the lower rank is preferred. */
typedef struct date_name {
    const char *ns, *name;
    int rank;
} date_name;

/* Sets A's date from the date elements NAMES (sorted by rank) of ITEM:
 * the best rank that holds a date, and within it the last element that
 * does, in document order (a repeated element is a correction, as
 * feedparser reads it).  When some hold text but none parses, returns the
 * first such text for the caller to report. */
static char *item_date(const xmlNode *item, const date_name *names,
                       size_t n_names, dossier_article *a, int *rc)
{
    char *bad = NULL;
    for (size_t first = 0; first < n_names && *rc == 0;) {
        size_t end = first;
        while (end < n_names && names[end].rank == names[first].rank)
            end++;
        bool is_set = false;
        for (const xmlNode *c = item->children; c != NULL && *rc == 0;
             c = c->next) {
            for (size_t i = first; i < end; i++) {
                if (!is_element(c, names[i].ns, names[i].name))
                    continue;
                char *text = value_of(c, rc);
                if (text == NULL)
                    break;
                int64_t when;
                if (dossier_parse_date(text, &when) == DOSSIER_OK) {
                    a->published = when;
                    a->has_published = 1;
                    is_set = true;
                    free(text);
                } else if (bad == NULL) {
                    bad = text;
                } else {
                    free(text);
                }
                break;
            }
        }
        if (is_set) {
            free(bad);
            return NULL;
        }
        first = end;
    }
    return bad;
}

/* The first of the elements NAMES under PARENT with text, reduced as
 * HTML (these are titles and descriptions of RSS, which gives no type). */
static char *first_html(const xmlNode *parent, const element_name *names,
                        size_t n_names, int *rc)
{
    for (size_t i = 0; i < n_names && *rc == 0; i++) {
        char *text = reduce_html(
            value_of(child_element(parent, names[i].ns, names[i].name), rc),
            rc);
        if (text != NULL && *text != '\0')
            return text;
        free(text);
    }
    return NULL;
}

static bool looks_like_email(const char *s, size_t len)
{
    const char *at = memchr(s, '@', len);
    if (at == NULL || at == s || at == s + len - 1)
        return false;
    for (size_t i = 0; i < len; i++)
        if (is_space(s[i]))
            return false;
    return true;
}

/* A byline from RSS's "email (Name)" or "Name (email)": the name; any
 * other text as it is.  NAME is freed here. */
static char *byline_of(char *name, int *rc)
{
    if (name == NULL || *rc != 0)
        return name;
    size_t len = strlen(name);
    char *open = strchr(name, '(');
    if (open == NULL || len < 4 || name[len - 1] != ')')
        return name;
    size_t before = (size_t)(open - name);
    while (before > 0 && is_space(name[before - 1]))
        before--;
    const char *inside = open + 1;
    size_t inside_len = len - 1 - (size_t)(inside - name);
    const char *keep = NULL;
    size_t keep_len = 0;
    if (looks_like_email(name, before)) {
        keep = inside;
        keep_len = inside_len;
    } else if (looks_like_email(inside, inside_len)) {
        keep = name;
        keep_len = before;
    }
    if (keep == NULL || keep_len == 0)
        return name;
    memmove(name, keep, keep_len);
    name[keep_len] = '\0';
    return trim(name);
}

/* Appends NAME (freed here) to the list *NAMES, ", " between two. */
static void add_name(char **names, char *name, int *rc)
{
    if (name == NULL || *rc != 0) {
        free(name);
        return;
    }
    if (*names == NULL) {
        *names = name;
        return;
    }
    size_t a = strlen(*names), b = strlen(name);
    char *joined = malloc(a + b + 3);
    if (joined == NULL) {
        free(name);
        *rc = -1;
        return;
    }
    memcpy(joined, *names, a);
    memcpy(joined + a, ", ", 2);
    memcpy(joined + a + 2, name, b + 1);
    free(*names);
    free(name);
    *names = joined;
}

/* The names of PARENT's Atom authors (each author/name, else its text),
 * ", " between them, or NULL. */
static char *atom_authors(const feed *f, const xmlNode *parent, int *rc)
{
    char *names = NULL;
    if (parent == NULL)
        return NULL;
    for (const xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (!is_element(c, f->ns, "author"))
            continue;
        char *name = value_of(child_element(c, f->ns, "name"), rc);
        if (name == NULL)
            name = value_of(child_element(c, f->ns, "email"), rc);
        add_name(&names, reduce_plain(name, rc), rc);
    }
    return names;
}

/* The byline of an RSS item: <author>, <dc:creator> (each), <dc:author>. */
static char *rss_authors(const feed *f, const xmlNode *item, int *rc)
{
    const element_name names[] = {
        {f->ns, "author"},       {NS_DC, "creator"},
        {NS_DC, "author"},       {NS_ITUNES, "author"},
        {NS_ITUNES_OLD, "author"},
    };
    char *authors = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        for (const xmlNode *c = item->children; c != NULL; c = c->next)
            if (is_element(c, names[i].ns, names[i].name))
                add_name(&authors,
                         byline_of(reduce_html(value_of(c, rc), rc), rc), rc);
        if (authors != NULL)
            break;
    }
    return authors;
}

/* A <media:description>, in the item or in its media:group or
 * media:content. */
static char *media_description(const xmlNode *item, int *rc)
{
    const xmlNode *d = child_element(item, NS_MEDIA, "description");
    for (const xmlNode *c = item->children; c != NULL && d == NULL;
         c = c->next)
        if (is_element(c, NS_MEDIA, "group") ||
            is_element(c, NS_MEDIA, "content"))
            d = child_element(c, NS_MEDIA, "description");
    return reduce_html(value_of(d, rc), rc);
}

/* Warns that the link of the item at hand stays relative. */
static void warn_relative(const feed *f, const char *what, const char *link)
{
    char quoted[MAX_QUOTED + 1];
    char message[MAX_QUOTED + 160];
    feed_xml_quote(quoted, link);
    snprintf(message, sizeof message,
             "%s \"%s\" is relative and nothing gives the address it is "
             "relative to; article kept without it",
             what, quoted);
    reader_warn(f->sink, f->where, message);
}

/* The item's link: LINK (freed here) resolved, with a warning when it
 * stays relative. */
static char *item_link(const feed *f, const xmlNode *context, char *link,
                       int *rc)
{
    if (link == NULL)
        return NULL;
    char *given = *rc == 0 ? strdup(link) : NULL;
    bool was_relative;
    char *url = resolve_link(f, context, link, &was_relative, rc);
    if (was_relative && given != NULL)
        warn_relative(f, "link", given);
    free(given);
    return url;
}

/* The item's id: ID (freed here) resolved when IS_LINK (a permalink GUID,
 * an Atom id); otherwise, or when it stays relative, scoped by the feed
 * unless it is a URI already. */
static char *item_id(const feed *f, const xmlNode *context, char *id,
                     bool is_link, int *rc)
{
    if (id == NULL || *rc != 0)
        return id;
    if (is_link && !dossier_url_is_absolute(id)) {
        char *copy = strdup(id);
        bool was_relative;
        char *resolved = resolve_link(f, context, id, &was_relative, rc);
        if (resolved != NULL) {
            free(copy);
            return resolved;
        }
        id = copy;
        if (id == NULL) {
            *rc = -1;
            return NULL;
        }
    }
    if (dossier_url_is_absolute(id))
        return id;
    const char *scope = f->sink->id_scope ? f->sink->id_scope : f->name;
    size_t scope_len = strlen(scope), id_len = strlen(id);
    char *scoped = malloc(scope_len + id_len + 2);
    if (scoped == NULL) {
        free(id);
        *rc = -1;
        return NULL;
    }
    memcpy(scoped, scope, scope_len);
    scoped[scope_len] = '#';
    memcpy(scoped + scope_len + 1, id, id_len + 1);
    free(id);
    return scoped;
}

static void read_rss_item(const feed *f, xmlNode *item, dossier_article *a,
                          char **bad_date, int *rc)
{
    const xmlNode *guid = child_element(item, f->ns, "guid");
    const xmlNode *link = child_element(item, f->ns, "link");
    char *permalink = value_of(attribute(guid != NULL ? guid : item, NULL,
                                         "isPermaLink"),
                               rc);
    bool is_permalink = guid != NULL &&
                        (permalink == NULL || strcmp(permalink, "false") != 0);
    free(permalink);
    if (f->kind == FEED_RSS1)
        a->id = item_id(f, item, value_of(attribute(item, NS_RDF, "about"), rc),
                        true, rc);
    else
        a->id = item_id(f, guid, value_of(guid, rc), is_permalink, rc);
    if (link != NULL)
        a->url = item_link(f, link, value_of(link, rc), rc);
    else if (is_permalink && a->id != NULL &&
             (strncmp(a->id, "http://", 7) == 0 ||
              strncmp(a->id, "https://", 8) == 0))
        a->url = copy_of(a->id, rc);

    const element_name titles[] = {
        {f->ns, "title"}, {NS_DC, "title"}, {NS_MEDIA, "title"}};
    a->title = first_html(item, titles, 3, rc);
    /* RSS gives no type: descriptions are HTML often enough that plain
     * text is read as HTML too. */
    const element_name descriptions[] = {
        {NS_CONTENT, "encoded"}, {f->ns, "description"},
        {NS_DC, "description"},  {f->ns, "fullitem"},
        {NS_ITUNES, "summary"},  {NS_ITUNES_OLD, "summary"},
    };
    char *body = NULL;
    for (size_t i = 0; i < sizeof descriptions / sizeof descriptions[0]; i++)
        body = longer(body,
                      reduce_html(value_of(child_element(item,
                                                         descriptions[i].ns,
                                                         descriptions[i].name),
                                           rc),
                                  rc));
    /* An XHTML body, in XHTML's namespace or (older feeds) in RSS's. */
    xmlNode *xhtml_body = child_element(item, NS_XHTML, "body");
    if (xhtml_body == NULL)
        xhtml_body = child_element(item, f->ns, "body");
    if (xhtml_body != NULL)
        body = longer(body, reduce_xhtml(xhtml_body, rc));
    a->body = longer(body, media_description(item, rc));
    a->author = rss_authors(f, item, rc);

    const xmlNode *source = child_element(item, f->ns, "source");
    if (source != NULL)
        a->source = reduce_plain(value_of(source, rc), rc);
    a->category = value_of(child_element(item, f->ns, "category"), rc);
    if (a->category == NULL)
        a->category = value_of(child_element(item, NS_DC, "subject"), rc);

    const date_name dates[] = {
        {f->ns, "pubDate", 0},       {NS_DC, "date", 1},
        {NS_DCTERMS, "issued", 2},   {NS_DCTERMS, "created", 3},
        {NS_DCTERMS, "modified", 4}, {NS_ATOM, "published", 5},
        {NS_ATOM, "updated", 6},
    };
    *bad_date = item_date(item, dates, sizeof dates / sizeof dates[0], a, rc);
}

static void read_atom_entry(const feed *f, xmlNode *entry, dossier_article *a,
                            char **bad_date, int *rc)
{
    const xmlNode *id = child_element(entry, f->ns, "id");
    a->id = item_id(f, id, value_of(id, rc), true, rc);
    for (const xmlNode *c = entry->children; c != NULL && a->url == NULL;
         c = c->next) {
        if (!is_element(c, f->ns, "link"))
            continue;
        char *rel = value_of(attribute(c, NULL, "rel"), rc);
        if (rel == NULL || strcmp(rel, "alternate") == 0) {
            /* Early Atom feeds put the address in the text. */
            char *href = value_of(attribute(c, NULL, "href"), rc);
            if (href == NULL)
                href = value_of(c, rc);
            a->url = item_link(f, c, href, rc);
        }
        free(rel);
    }
    a->title = atom_text(f, child_element(entry, f->ns, "title"), 1, rc);
    if (a->title == NULL || *a->title == '\0') {
        free(a->title);
        a->title = reduce_html(value_of(child_element(entry, NS_DC, "title"),
                                        rc),
                               rc);
    }
    char *body = NULL;
    for (xmlNode *c = entry->children; c != NULL; c = c->next)
        if (is_element(c, f->ns, "content") || is_element(c, f->ns, "summary"))
            body = longer(body, atom_text(f, c, 0, rc));
    body = longer(body, reduce_html(value_of(child_element(entry, NS_DC,
                                                           "description"),
                                             rc),
                                    rc));
    a->body = longer(body, media_description(entry, rc));

    const xmlNode *source = child_element(entry, f->ns, "source");
    if (source != NULL)
        a->source = atom_text(f, child_element(source, f->ns, "title"), 1, rc);
    a->author = atom_authors(f, entry, rc);
    if (a->author == NULL)
        a->author = atom_authors(f, source, rc);
    if (a->author == NULL) {
        static const element_name creators[] = {{NS_DC, "creator"}};
        a->author = byline_of(first_html(entry, creators, 1, rc), rc);
    }
    if (a->author == NULL)
        a->author = copy_of(f->author, rc);
    const xmlNode *category = child_element(entry, f->ns, "category");
    if (category != NULL)
        a->category = value_of(attribute(category, NULL, "term"), rc);
    if (a->category == NULL)
        a->category = value_of(child_element(entry, NS_DC, "subject"), rc);

    const date_name atom10_dates[] = {
        {f->ns, "published", 0},  {f->ns, "updated", 1},
        {NS_DC, "date", 2},       {NS_DCTERMS, "issued", 3},
        {NS_DCTERMS, "modified", 4}};
    /* Atom 0.3's issued is the publication date, and some of its feeds
     * wrote a published instead. */
    const date_name atom03_dates[] = {
        {f->ns, "issued", 0},    {f->ns, "published", 0},
        {f->ns, "created", 1},   {f->ns, "modified", 2},
        {NS_DC, "date", 3},      {NS_DCTERMS, "issued", 4},
        {NS_DCTERMS, "modified", 5}};
    if (f->kind == FEED_ATOM03)
        *bad_date = item_date(entry, atom03_dates,
                              sizeof atom03_dates / sizeof atom03_dates[0], a,
                              rc);
    else
        *bad_date = item_date(entry, atom10_dates,
                              sizeof atom10_dates / sizeof atom10_dates[0], a,
                              rc);
}

/* A CDF item: its HREF and LASTMOD attributes, TITLE and ABSTRACT. */
static void read_cdf_item(const feed *f, xmlNode *item, dossier_article *a,
                          char **bad_date, int *rc)
{
    a->url = item_link(f, item, value_of(attribute(item, NULL, "HREF"), rc),
                       rc);
    a->title = reduce_html(value_of(child_element(item, NULL, "TITLE"), rc),
                           rc);
    a->body = reduce_html(value_of(child_element(item, NULL, "ABSTRACT"), rc),
                          rc);
    *bad_date = NULL;
    reader_offer_date(a, value_of(attribute(item, NULL, "LASTMOD"), rc),
                      bad_date);
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

static void warn_bad_date(const feed *f, const char *date)
{
    char quoted[MAX_QUOTED + 1];
    char reason[MAX_QUOTED + 64];
    feed_xml_quote(quoted, date);
    snprintf(reason, sizeof reason,
             "bad date \"%s\"; article kept without a date", quoted);
    reader_warn(f->sink, f->where, reason);
}

static bool is_atom(const feed *f)
{
    return f->kind == FEED_ATOM || f->kind == FEED_ATOM03;
}

/* Reads one item or entry and hands it on.  Returns 0, or -1 when memory
 * ran out or the sink said stop. */
static int read_item(feed *f, xmlNode *item, size_t n_item)
{
    dossier_article a = {0};
    char *bad_date = NULL;
    int rc = 0;
    set_where(f, item, n_item);
    if (is_atom(f))
        read_atom_entry(f, item, &a, &bad_date, &rc);
    else if (f->kind == FEED_CDF)
        read_cdf_item(f, item, &a, &bad_date, &rc);
    else
        read_rss_item(f, item, &a, &bad_date, &rc);
    if (rc == 0 && a.source == NULL)
        a.source = copy_of(f->title, &rc);
    if (rc == 0 && a.author != NULL && *a.author == '\0') {
        free(a.author);
        a.author = NULL;
    }
    if (rc == 0)
        a.lang = item_lang(f, item, &rc);
    if (rc == 0 && a.title == NULL)
        a.title = copy_of("", &rc);
    if (rc == 0 && a.body == NULL)
        a.body = copy_of("", &rc);
    if (rc == 0 && reader_fix_c1(&a) != DOSSIER_OK)
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

static const char *namespace_of(const xmlNode *node)
{
    return node->ns != NULL && node->ns->href != NULL
               ? (const char *)node->ns->href
               : NULL;
}

static bool is_named(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

static bool has_child(const xmlNode *parent, const char *ns,
                      const char *name)
{
    return child_element(parent, ns, name) != NULL;
}

/* Which feed ROOT is, and the element holding the feed's own title and
 * language (the channel; the root when there is none).  Returns -1 when
 * ROOT is none. */
static int identify(feed *f, xmlNode *root, xmlNode **channel)
{
    const char *ns = namespace_of(root);
    if (is_named(root, "rss")) {
        /* RSS 2.0 has no namespace, but Userland's and others' exist. */
        f->kind = FEED_RSS2;
        f->ns = ns;
    } else if (is_named(root, "RDF") && ns != NULL &&
               strcmp(ns, NS_RDF) == 0) {
        f->kind = FEED_RSS1;
        f->ns = NS_RSS1;
        if (!has_child(root, NS_RSS1, "channel") &&
            !has_child(root, NS_RSS1, "item") &&
            (has_child(root, NS_RSS090, "channel") ||
             has_child(root, NS_RSS090, "item")))
            f->ns = NS_RSS090;
    } else if (is_named(root, "feed")) {
        /* Atom 1.0 by its namespace; 0.3 by its own, an old draft's or
         * its version attribute; a feed in no namespace reads as 1.0. */
        const xmlNode *version = attribute(root, NULL, "version");
        bool is_03 = ns != NULL ? strcmp(ns, NS_ATOM) != 0
                                : version != NULL && version->children != NULL &&
                                      version->children->content != NULL &&
                                      strcmp((const char *)version->children
                                                 ->content,
                                             "0.3") == 0;
        f->kind = is_03 ? FEED_ATOM03 : FEED_ATOM;
        f->ns = ns;
    } else if (is_named(root, "CHANNEL") && ns == NULL) {
        f->kind = FEED_CDF;
        f->ns = NULL;
    } else {
        return -1;
    }
    *channel = root;
    if (f->kind == FEED_RSS2 || f->kind == FEED_RSS1) {
        xmlNode *c = child_element(root, f->ns, "channel");
        if (c != NULL)
            *channel = c;
    }
    return 0;
}

/* Reads the items named NAME (and ALSO_NAME, when not NULL) that are
 * children of PARENT.  Returns 0, or -1 when the sink said stop or memory
 * ran out. */
static int read_items_of(feed *f, const xmlNode *parent, const char *name,
                         const char *also_name, size_t *n_item)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (!is_element(c, f->ns, name) &&
            (also_name == NULL || !is_element(c, f->ns, also_name)))
            continue;
        if (read_item(f, c, ++*n_item) != 0)
            return -1;
    }
    return 0;
}

/* Reads every item: RSS's in the channel and beside it (RSS 1.0 puts them
 * there, and some RSS 2.0 feeds have no channel), Atom's entries (and
 * items, which some Atom feeds hold), CDF's in the channel and in the
 * channels it holds. */
static int read_all_items(feed *f, xmlNode *root, xmlNode *channel)
{
    size_t n_item = 0;
    if (f->kind == FEED_CDF) {
        if (read_items_of(f, root, "ITEM", NULL, &n_item) != 0)
            return -1;
        for (xmlNode *c = root->children; c != NULL; c = c->next)
            if (is_element(c, NULL, "CHANNEL") &&
                read_items_of(f, c, "ITEM", NULL, &n_item) != 0)
                return -1;
        return 0;
    }
    if (is_atom(f))
        return read_items_of(f, root, "entry", "item", &n_item);
    if (channel != root && read_items_of(f, channel, "item", NULL, &n_item) != 0)
        return -1;
    return read_items_of(f, root, "item", NULL, &n_item);
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

/* Warns about the input as a whole, at LINE when known. */
static void warn_input(const feed *f, long line, const char *message)
{
    size_t cap = strlen(f->name) + 32;
    char *where = malloc(cap);
    if (where == NULL) {
        reader_warn(f->sink, f->name, message);
        return;
    }
    if (line > 0)
        snprintf(where, cap, "%s:%ld", f->name, line);
    else
        snprintf(where, cap, "%s", f->name);
    reader_warn(f->sink, where, message);
    free(where);
}

/* Warns of one kind of repair: ONE or MANY (a count goes before it)
 * what was found, and what was done. */
static void warn_repair(const feed *f, const feed_xml_repair *repair,
                        const char *one, const char *many, const char *done)
{
    if (repair->n == 0)
        return;
    char message[MAX_QUOTED + 200];
    char quoted[sizeof repair->first];
    char count[32] = "";
    feed_xml_quote(quoted, repair->first);
    if (repair->n > 1)
        snprintf(count, sizeof count, "%zu ", repair->n);
    snprintf(message, sizeof message, "not well-formed XML: %s%s%s%s%s; %s",
             count, repair->n > 1 ? many : one,
             quoted[0] ? (repair->n > 1 ? " (first \"" : " (\"") : "",
             quoted, quoted[0] ? "\")" : "", done);
    warn_input(f, repair->first_line, message);
}

/* Tells the sink what reading the input took. */
static void warn_about_input(const feed *f, const feed_xml_report *r)
{
    char message[MAX_QUOTED + 200];
    if (r->charset.is_unknown_label) {
        char quoted[MAX_QUOTED + 1];
        feed_xml_quote(quoted, r->label);
        snprintf(message, sizeof message,
                 "unknown encoding \"%s\"; read as UTF-8", quoted);
        warn_input(f, 1, message);
    }
    if (r->charset.n_fallback == 1)
        warn_input(f, r->charset.first_bad_line,
                   "a byte that is not UTF-8 read as Windows-1252");
    if (r->charset.n_fallback > 1) {
        snprintf(message, sizeof message,
                 "%zu bytes that are not UTF-8 read as Windows-1252",
                 r->charset.n_fallback);
        warn_input(f, r->charset.first_bad_line, message);
    }
    if (r->charset.n_replaced > 0) {
        snprintf(message, sizeof message,
                 "%zu invalid %s in %s replaced by U+FFFD",
                 r->charset.n_replaced,
                 r->charset.n_replaced > 1 ? "sequences" : "sequence",
                 r->charset.used);
        warn_input(f, r->charset.first_bad_line, message);
    }
    warn_repair(f, &r->stray_amp, "an \"&\" that begins no entity",
                "\"&\" that begin no entity", "kept as text");
    warn_repair(f, &r->stray_lt, "a \"<\" that begins no tag",
                "\"<\" that begin no tag", "kept as text");
    warn_repair(f, &r->unknown_entity, "an unknown entity",
                "unknown entities", "kept as text");
    warn_repair(f, &r->control, "a character XML does not allow",
                "characters XML does not allow", "replaced by a space");
    if (r->n_markup_entities > 0) {
        snprintf(message, sizeof message,
                 "%zu %s the feed declares with markup or outside it, left "
                 "out of the text",
                 r->n_markup_entities,
                 r->n_markup_entities > 1 ? "references to entities"
                                          : "reference to an entity");
        warn_input(f, 0, message);
    }
    if (r->n_unexpanded_entities > 0) {
        snprintf(message, sizeof message,
                 "%zu references to entities the feed declares not expanded: "
                 "together they would add %zu bytes; left out of the text",
                 r->n_unexpanded_entities, r->unexpanded_bytes);
        warn_input(f, 0, message);
    }
    if (r->is_namespace_error) {
        snprintf(message, sizeof message,
                 "not well-formed XML (namespaces): %s; read as it stands",
                 r->error);
        warn_input(f, r->error_line, message);
    }
    if (r->is_recovered) {
        snprintf(message, sizeof message,
                 "not well-formed XML: %s; read in recovery mode, the items "
                 "near it may be incomplete",
                 r->error);
        warn_input(f, r->error_line, message);
    }
}

dossier_status read_feed(const char *data, size_t len, const char *name,
                         const reader_sink *sink)
{
    feed f = {.name = name, .sink = sink};
    xmlDocPtr doc = NULL;
    dossier_status status = DOSSIER_OK;
    char reason[MAX_QUOTED + 64];

    feed_xml_report report;
    status = feed_xml_parse(data, len, name, sink->transport_charset, &doc,
                            &report);
    if (status != DOSSIER_OK)
        return status;
    if (doc == NULL) {
        snprintf(reason, sizeof reason, "not well-formed XML%s%s",
                 report.error[0] ? ": " : "", report.error);
        reject_input(&f, report.error_line, reason);
        return DOSSIER_OK;
    }

    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *channel = NULL;
    if (root == NULL || identify(&f, root, &channel) != 0) {
        char quoted[MAX_QUOTED + 1];
        feed_xml_quote(quoted, root != NULL ? (const char *)root->name : "");
        snprintf(reason, sizeof reason,
                 "not a feed: the root element is <%s>", quoted);
        reject_input(&f, root != NULL ? xmlGetLineNo(root) : 0, reason);
        goto done;
    }
    warn_about_input(&f, &report);

    f.channel = channel;
    f.where_cap = strlen(name) + 64;
    f.where = malloc(f.where_cap);
    int rc = 0;
    if (f.where == NULL)
        rc = -1;
    if (is_atom(&f)) {
        f.title = atom_text(&f, child_element(channel, f.ns, "title"), 1, &rc);
        f.author = atom_authors(&f, channel, &rc);
    } else {
        f.title = reduce_html(
            text_of(child_element(channel, f.ns,
                                  f.kind == FEED_CDF ? "TITLE" : "title"),
                    &rc),
            &rc);
    }
    if (f.title != NULL && *f.title == '\0') {
        free(f.title);
        f.title = NULL;
    }
    feed_lang(&f, channel, &rc);
    if (rc != 0) {
        status = DOSSIER_ERR_NOMEM;
        goto done;
    }

    if (read_all_items(&f, root, channel) != 0)
        status = f.stopped != DOSSIER_OK ? f.stopped : DOSSIER_ERR_NOMEM;

done:
    free(f.title);
    free(f.author);
    free(f.where);
    xmlFreeDoc(doc);
    return status;
}
