/*
 * read_html.c: one article from a web page.  The metadata comes from the
 * Open Graph and article <meta> tags (the byline from <meta name=author>,
 * else the names of <meta property=article:author>, which may also be
 * links to profile pages), with <title>, <h1>, <time> and <html lang>
 * behind them; the text from the main container (<article>,
 * else <main>, else the element whose own paragraphs hold the most text)
 * with the page furniture inside it cut out, then reduced by
 * html_to_text.
 *
 * The page goes through html_guard first, which bounds what libxml2's
 * parser would spend superlinear time on or drop the rest of the page
 * for (attributes, their values, nesting), and is told as one warning.
 *
 * Every walk of the tree is iterative, along parent pointers, so no
 * nesting depth costs stack, and visits a node once or, for the text of
 * furniture-named wrappers, reads sizes counted in one earlier walk: no
 * page costs quadratic time.
 */
#include "reader.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "dossier/url.h"
#include "html_guard.h"
#include "html_text.h"

/* The largest page read: libxml2 takes an int length, and the guarded
 * copy may be three times as long. */
#define HTML_MAX_PAGE ((size_t)256 << 20)
_Static_assert(HTML_MAX_PAGE <= (INT_MAX - 16) / 3,
               "a guarded page must fit libxml2's int length");
/* The longest date quoted in a reject. */
#define MAX_QUOTED 160
/* The article:author tags read: a page credits a few people, not more. */
#define MAX_PAGE_AUTHORS 16

/* What a page says about itself: the first of each, in document order. */
typedef struct page_meta {
    const char *og_title, *og_site_name, *og_url;
    const char *published_time; /* article:published_time */
    const char *meta_date;      /* meta name=date, pubdate, publishdate */
    const char *time_datetime;  /* the first <time datetime> */
    const char *canonical;      /* link rel=canonical */
    const char *base_href;      /* <base href>: what relative links mean */
    const char *html_lang;
    const char *meta_author;    /* meta name=author, when no link */
    /* article:author names (not links), in document order. */
    const char *article_authors[MAX_PAGE_AUTHORS];
    size_t n_article_authors;
    xmlNode *title, *h1, *main, *body;
    xmlNode *article; /* the outermost <article> with the most text */
    size_t article_bytes;
} page_meta;

static int is_named(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

/* The value of attribute NAME, or NULL.  The HTML parser lower-cases
 * attribute names and keeps each value as one text node. */
static const char *attr(const xmlNode *node, const char *name)
{
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        if (a->children != NULL && a->children->content != NULL)
            return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

/* The next node of a walk under ROOT after NODE, not entering NODE's
 * children: its next sibling, or that of the nearest ancestor below ROOT
 * that has one.  NULL when the walk is over. */
static xmlNode *next_outside(const xmlNode *root, xmlNode *node)
{
    while (node != root && node->next == NULL)
        node = node->parent;
    return node == root ? NULL : node->next;
}

static xmlNode *next_inside(const xmlNode *root, xmlNode *node)
{
    if (node->type == XML_ELEMENT_NODE && node->children != NULL)
        return node->children;
    return next_outside(root, node);
}

/* Bytes of text under ROOT, leaving out scripts and styles and not
 * entering elements named STOP (NULL: none), so that a caller that counts
 * each STOP element itself visits every node once. */
static size_t text_bytes(xmlNode *root, const char *stop)
{
    size_t n = 0;
    xmlNode *node = root->children;
    while (node != NULL) {
        if (node->type == XML_TEXT_NODE && node->content != NULL)
            n += strlen((const char *)node->content);
        if (is_named(node, "script") || is_named(node, "style") ||
            (stop != NULL && is_named(node, stop)))
            node = next_outside(root, node);
        else
            node = next_inside(root, node);
    }
    return n;
}

/* Records in each element under ROOT, ROOT too, the bytes of text under
 * it as text_bytes(node, NULL) counts them, in one walk: cutting the
 * furniture asks it of nested wrappers, each of which would otherwise
 * cost a walk of its own.  libxml2 leaves _private to the application. */
static void count_text_bytes(xmlNode *root)
{
    root->_private = NULL;
    xmlNode *node = root->children;
    while (node != NULL) {
        if (node->type == XML_ELEMENT_NODE) {
            node->_private = NULL;
            if (node->children != NULL) {
                node = node->children;
                continue;
            }
        } else if (node->type == XML_TEXT_NODE && node->content != NULL) {
            node->parent->_private =
                (void *)((uintptr_t)node->parent->_private +
                         strlen((const char *)node->content));
        }
        /* NODE is counted: add it to its parent, and climb out of every
         * element it ends. */
        for (;;) {
            if (node->type == XML_ELEMENT_NODE && !is_named(node, "script") &&
                !is_named(node, "style"))
                node->parent->_private =
                    (void *)((uintptr_t)node->parent->_private +
                             (uintptr_t)node->_private);
            if (node->next != NULL) {
                node = node->next;
                break;
            }
            node = node->parent;
            if (node == root) {
                node = NULL;
                break;
            }
        }
    }
}

static size_t counted_text_bytes(const xmlNode *node)
{
    return (size_t)(uintptr_t)node->_private;
}

/* Whether S is a link rather than a name: Open Graph's article:author is
 * a profile URL as often as a name. */
static int is_link(const char *s)
{
    s += strspn(s, " \t\n\r\f");
    return s[0] == '/' || strstr(s, "://") != NULL ||
           strncasecmp(s, "www.", 4) == 0;
}

static void note_meta(page_meta *m, const xmlNode *node)
{
    const char *key = attr(node, "property");
    if (key == NULL)
        key = attr(node, "name");
    const char *content = attr(node, "content");
    if (key == NULL || content == NULL)
        return;
    int is_author = strcasecmp(key, "author") == 0;
    if (is_author || strcasecmp(key, "article:author") == 0) {
        if (is_link(content))
            return;
        if (is_author && m->meta_author == NULL)
            m->meta_author = content;
        if (!is_author && m->n_article_authors < MAX_PAGE_AUTHORS)
            m->article_authors[m->n_article_authors++] = content;
        return;
    }
    static const struct {
        const char *key;
        size_t offset;
    } keys[] = {
        {"og:title", offsetof(page_meta, og_title)},
        {"og:site_name", offsetof(page_meta, og_site_name)},
        {"og:url", offsetof(page_meta, og_url)},
        {"article:published_time", offsetof(page_meta, published_time)},
        {"date", offsetof(page_meta, meta_date)},
        {"pubdate", offsetof(page_meta, meta_date)},
        {"publishdate", offsetof(page_meta, meta_date)},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char **field = (const char **)((char *)m + keys[i].offset);
        if (strcasecmp(key, keys[i].key) == 0 && *field == NULL)
            *field = content;
    }
}

/* Has the element a token of the rel attribute equal to "canonical"? */
static int is_canonical_link(const xmlNode *node)
{
    const char *rel = attr(node, "rel");
    if (rel == NULL)
        return 0;
    const char *p = rel;
    while (*p != '\0') {
        size_t skip = strspn(p, " \t\n\r\f");
        p += skip;
        size_t n = strcspn(p, " \t\n\r\f");
        if (n == 9 && strncasecmp(p, "canonical", 9) == 0)
            return 1;
        p += n;
    }
    return 0;
}

/* One walk of the whole page for its metadata and candidate containers. */
static void scan_page(xmlNode *root, page_meta *m)
{
    xmlNode *node = root;
    xmlNode *outer_article = NULL; /* the <article> being walked through */
    while (node != NULL) {
        if (node->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)node->name;
            if (strcmp(name, "meta") == 0) {
                note_meta(m, node);
            } else if (strcmp(name, "html") == 0 && m->html_lang == NULL) {
                m->html_lang = attr(node, "lang");
            } else if (strcmp(name, "title") == 0 && m->title == NULL) {
                m->title = node;
            } else if (strcmp(name, "h1") == 0 && m->h1 == NULL) {
                m->h1 = node;
            } else if (strcmp(name, "main") == 0 && m->main == NULL) {
                m->main = node;
            } else if (strcmp(name, "body") == 0 && m->body == NULL) {
                m->body = node;
            } else if (strcmp(name, "time") == 0 &&
                       m->time_datetime == NULL) {
                m->time_datetime = attr(node, "datetime");
            } else if (strcmp(name, "link") == 0 && m->canonical == NULL &&
                       is_canonical_link(node)) {
                m->canonical = attr(node, "href");
            } else if (strcmp(name, "base") == 0 && m->base_href == NULL) {
                m->base_href = attr(node, "href");
            } else if (strcmp(name, "article") == 0 && outer_article == NULL) {
                /* Articles nested in this one are parts of it. */
                outer_article = node;
                size_t bytes = text_bytes(node, NULL);
                if (m->article == NULL || bytes > m->article_bytes) {
                    m->article = node;
                    m->article_bytes = bytes;
                }
            }
        }
        if (node->children != NULL && (node->type == XML_ELEMENT_NODE ||
                                       node->type == XML_HTML_DOCUMENT_NODE)) {
            node = node->children;
            continue;
        }
        while (node != root && node->next == NULL) {
            node = node->parent;
            if (node == outer_article)
                outer_article = NULL;
        }
        if (node == root)
            break;
        if (node == outer_article)
            outer_article = NULL;
        node = node->next;
    }
}

/* ------------------------------------------------------------ furniture */

static const char *const furniture_elements[] = {
    "aside",  "button",   "figcaption", "figure", "footer", "form",
    "header", "nav",      "noscript",   "script", "style",
};

/* Words that mark furniture in a class or id, matched anywhere in it
 * regardless of case.  "byline" is the author-and-date line at the top of
 * a story, which would otherwise open every body. */
static const char *const furniture_words[] = {
    "nav",     "menu",      "footer", "share", "related",
    "comment", "subscribe", "cookie", "promo", "byline",
};

/* Does VALUE contain WORD, ignoring ASCII case?  With AT_WORD_START, only
 * at the start of VALUE or after a character that is no letter or digit:
 * "ad-" is an advert in "ad-slot" and "top-ad-banner", not in
 * "lead-paragraph" or "thread-list". */
static int contains_word(const char *value, const char *word,
                         int at_word_start)
{
    size_t len = strlen(word);
    for (const char *p = value; *p != '\0'; p++) {
        if (strncasecmp(p, word, len) != 0)
            continue;
        if (!at_word_start || p == value)
            return 1;
        unsigned char before = (unsigned char)p[-1];
        if (!((before >= 'a' && before <= 'z') ||
              (before >= 'A' && before <= 'Z') ||
              (before >= '0' && before <= '9')))
            return 1;
    }
    return 0;
}

static int is_furniture_label(const char *value)
{
    if (value == NULL)
        return 0;
    for (size_t i = 0; i < sizeof furniture_words / sizeof *furniture_words;
         i++)
        if (contains_word(value, furniture_words[i], 0))
            return 1;
    return contains_word(value, "ad-", 1);
}

enum furniture { NOT_FURNITURE, FURNITURE_BY_NAME, FURNITURE_BY_LABEL };

static enum furniture furniture_kind(const xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE)
        return NOT_FURNITURE;
    for (size_t i = 0;
         i < sizeof furniture_elements / sizeof *furniture_elements; i++)
        if (strcmp((const char *)node->name, furniture_elements[i]) == 0)
            return FURNITURE_BY_NAME;
    if (is_furniture_label(attr(node, "class")) ||
        is_furniture_label(attr(node, "id")))
        return FURNITURE_BY_LABEL;
    return NOT_FURNITURE;
}

/* ------------------------------------------------------------ text */

/* LEN bytes of plain text S as one line: through html_to_text, for the
 * same white space and UTF-8 rules as the body, after escaping what HTML
 * would read as markup.  NULL when memory ran out. */
static char *plain_text(const char *s, size_t len)
{
    if (len > (SIZE_MAX - 1) / 5)
        return NULL;
    char *html = malloc(len * 5 + 1); /* "&" grows most, to "&amp;" */
    if (html == NULL)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '&') {
            memcpy(html + used, "&amp;", 5);
            used += 5;
        } else if (s[i] == '<') {
            memcpy(html + used, "&lt;", 4);
            used += 4;
        } else {
            html[used++] = s[i];
        }
    }
    char *text = html_to_text(html, used, NULL);
    free(html);
    return text;
}

/* Sets *OUT to the plain text of S when S has some.  Returns -1 when
 * memory ran out. */
static int set_plain(char **out, const char *s)
{
    if (*out != NULL || s == NULL)
        return 0;
    char *text = plain_text(s, strlen(s));
    if (text == NULL)
        return -1;
    if (*text == '\0') {
        free(text);
        return 0;
    }
    *out = text;
    return 0;
}

/* The same for the text content of an element. */
static int set_plain_of(char **out, const xmlNode *node)
{
    if (*out != NULL || node == NULL)
        return 0;
    xmlChar *content = xmlNodeGetContent(node);
    if (content == NULL)
        return -1;
    int rc = set_plain(out, (const char *)content);
    xmlFree(content);
    return rc;
}

/* Cuts the furniture out of CONTAINER, and the first <h1> when its text
 * is TITLE (the title is not repeated as the body's first line).  A class
 * or id is only a hint: an element it marks that holds most of the text
 * is the story itself in a wrapper with an unlucky name
 * ("article-body has-share-bar"), and stays. */
static int cut_furniture(xmlNode *container, const char *title)
{
    /* A node's text does not change before the walk reaches it: what is
     * cut before it is no part of it. */
    count_text_bytes(container);
    size_t container_bytes = counted_text_bytes(container);
    int is_h1_seen = 0;
    xmlNode *node = container->children;
    while (node != NULL) {
        enum furniture kind = furniture_kind(node);
        int is_cut = kind == FURNITURE_BY_NAME ||
                     (kind == FURNITURE_BY_LABEL &&
                      counted_text_bytes(node) <= container_bytes / 2);
        if (!is_cut && !is_h1_seen && is_named(node, "h1")) {
            is_h1_seen = 1;
            char *text = NULL;
            if (set_plain_of(&text, node) != 0)
                return -1;
            is_cut = title != NULL && text != NULL && strcmp(text, title) == 0;
            free(text);
        }
        if (!is_cut) {
            node = next_inside(container, node);
            continue;
        }
        xmlNode *cut = node;
        node = next_outside(container, node);
        xmlUnlinkNode(cut);
        xmlFreeNode(cut);
    }
    return 0;
}

/* The element whose own <p> children hold the most text, outside the
 * furniture; NULL when no paragraph has any. */
static xmlNode *densest_block(xmlNode *root)
{
    xmlNode *best = NULL;
    size_t best_bytes = 0;
    xmlNode *node = root;
    while (node != NULL) {
        if (node != root && furniture_kind(node) != NOT_FURNITURE) {
            node = next_outside(root, node);
            continue;
        }
        if (node->type == XML_ELEMENT_NODE) {
            size_t bytes = 0;
            for (xmlNode *c = node->children; c != NULL; c = c->next)
                if (is_named(c, "p"))
                    bytes += text_bytes(c, "p");
            if (bytes > best_bytes) {
                best = node;
                best_bytes = bytes;
            }
        }
        node = next_inside(root, node);
    }
    return best;
}

/* The text of CONTAINER: written out as HTML and read back by
 * html_to_text, so that pages and feed bodies follow one set of rules. */
static char *container_text(xmlDoc *doc, xmlNode *container)
{
    xmlBufferPtr buf = xmlBufferCreate();
    if (buf == NULL)
        return NULL;
    /* libxml2's default grows the buffer by exactly what each write
     * needs: quadratic copying on a long page. */
    xmlBufferSetAllocationScheme(buf, XML_BUFFER_ALLOC_DOUBLEIT);
    char *text = NULL;
    if (htmlNodeDump(buf, doc, container) >= 0)
        text = html_to_text((const char *)xmlBufferContent(buf),
                            (size_t)xmlBufferLength(buf), NULL);
    xmlBufferFree(buf);
    return text;
}

/* ------------------------------------------------------------ the page */


/* Sets the publication date from the first candidate that parses.  When
 * some say something but none parses, returns the first of them (for a
 * reject) in *BAD. */
static int set_published(dossier_article *a, const page_meta *m,
                         char **bad)
{
    const char *candidates[] = {m->published_time, m->meta_date,
                                m->time_datetime};
    for (size_t i = 0; i < 3; i++) {
        char *text = NULL;
        if (set_plain(&text, candidates[i]) != 0)
            return -1;
        if (reader_offer_date(a, text, bad))
            return 0;
    }
    return 0;
}

/* Sets A's byline: <meta name=author>, else the article:author names
 * joined with ", ", each once (a page may credit one person in several
 * tags).  Returns 0, or -1 when memory ran out. */
static int set_byline(dossier_article *a, const page_meta *m)
{
    if (set_plain(&a->author, m->meta_author) != 0)
        return -1;
    char *names[MAX_PAGE_AUTHORS] = {NULL};
    size_t n = 0, bytes = 0;
    int rc = 0;
    for (size_t i = 0; a->author == NULL && i < m->n_article_authors; i++) {
        if (set_plain(&names[n], m->article_authors[i]) != 0) {
            rc = -1;
            goto done;
        }
        for (size_t k = 0; names[n] != NULL && k < n; k++)
            if (strcmp(names[k], names[n]) == 0) {
                free(names[n]);
                names[n] = NULL;
            }
        if (names[n] != NULL)
            bytes += strlen(names[n++]) + 2;
    }
    if (n == 0)
        goto done;
    char *joined = malloc(bytes);
    if (joined == NULL) {
        rc = -1;
        goto done;
    }
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if (i > 0) {
            memcpy(joined + used, ", ", 2);
            used += 2;
        }
        memcpy(joined + used, names[i], len);
        used += len;
    }
    joined[used] = '\0';
    a->author = joined;
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    return rc;
}

/* Fills A from the page.  Returns 0, or -1 when memory ran out. */
/* Makes A's url (a canonical link or og:url, which HTML allows to be
 * relative) absolute: against the page's <base href>, itself against the
 * address the page was read from (reader_sink.base_url).  One that stays
 * relative is dropped with a warning, and the page is keyed by its text:
 * a bare path would make two sites' "/world/1" one article.  Returns -1
 * when memory ran out. */
static int resolve_page_url(dossier_article *a, const page_meta *m,
                            const reader_sink *sink, const char *name)
{
    if (a->url == NULL || dossier_url_is_absolute(a->url))
        return 0;
    char base[4096], url[4096];
    const char *page_base = sink->base_url;
    if (m->base_href != NULL &&
        dossier_url_resolve(sink->base_url, m->base_href, base,
                            sizeof base) > 0)
        page_base = base;
    if (dossier_url_resolve(page_base, a->url, url, sizeof url) > 0) {
        char *copy = strdup(url);
        if (copy == NULL)
            return -1;
        free(a->url);
        a->url = copy;
        return 0;
    }
    char reason[MAX_QUOTED + 128];
    size_t n = strlen(a->url);
    if (n > MAX_QUOTED) {
        n = MAX_QUOTED;
        while (n > 0 && ((unsigned char)a->url[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(reason, sizeof reason,
             "link \"%.*s\" is relative and nothing gives the address it is "
             "relative to; article kept without it",
             (int)n, a->url);
    reader_warn(sink, name, reason);
    free(a->url);
    a->url = NULL;
    return 0;
}

static int read_page(xmlDoc *doc, const reader_sink *sink, dossier_article *a,
                     char **bad_date, const char *name)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    page_meta m = {0};
    if (root != NULL)
        scan_page(root, &m);

    if (set_plain(&a->title, m.og_title) != 0 ||
        set_plain_of(&a->title, m.title) != 0 ||
        set_plain_of(&a->title, m.h1) != 0 ||
        set_plain(&a->source, m.og_site_name) != 0 ||
        set_plain(&a->url, m.canonical) != 0 ||
        set_plain(&a->url, m.og_url) != 0 ||
        resolve_page_url(a, &m, sink, name) != 0 ||
        set_byline(a, &m) != 0 ||
        set_published(a, &m, bad_date) != 0)
        return -1;

    char code[4];
    const char *lang = reader_primary_subtag(m.html_lang, code) == 0
                           ? code
                           : sink->default_lang;
    if (lang != NULL && (a->lang = strdup(lang)) == NULL)
        return -1;

    xmlNode *container = m.article != NULL ? m.article : m.main;
    if (container == NULL && root != NULL)
        container = densest_block(root);
    if (container == NULL)
        container = m.body;
    if (container != NULL) {
        if (cut_furniture(container, a->title) != 0)
            return -1;
        a->body = container_text(doc, container);
        if (a->body == NULL)
            return -1;
    }
    if (a->title == NULL && (a->title = strdup("")) == NULL)
        return -1;
    if (a->body == NULL && (a->body = strdup("")) == NULL)
        return -1;
    return 0;
}

/* Swallows libxml2's messages for the length of one parse: real pages are
 * rarely valid HTML, and a library never prints. */
static void ignore_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* Is the page valid UTF-8 (xmlGetUTF8Char checks the byte structure)? */
static int is_utf8(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int n = len - i < 4 ? (int)(len - i) : 4;
        if (xmlGetUTF8Char(s + i, &n) < 0 || n <= 0)
            return 0;
        i += (size_t)n;
    }
    return 1;
}

/* The encoding to read the page in, NULL to let libxml2 decide.  libxml2
 * 2.9 reads a page that declares nothing as Latin-1 from its first
 * non-ASCII byte, which garbles the UTF-8 most pages are written in; a
 * page that is valid UTF-8 all through is UTF-8 whatever it declares,
 * since text in other encodings almost never is.  UTF-16 (a BOM) is left
 * to libxml2. */
static const char *page_encoding(const char *data, size_t len,
                                 const char *transport_charset)
{
    const unsigned char *s = (const unsigned char *)data;
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                     (s[0] == 0xFE && s[1] == 0xFF)))
        return NULL;
    /* Else the server's word (HTTP's charset), and libxml2's guess from
     * the page's <meta> only when there is none. */
    return is_utf8(data, len) ? "UTF-8" : transport_charset;
}

/* Can html_guard read the page byte by byte?  Not when libxml2 reads it
 * in ENCODING (NULL: its own guess from the first bytes) as UTF-16,
 * UTF-32 or EBCDIC, where "<" is no "<" byte. */
static int is_ascii_compatible(const char *data, size_t len,
                               const char *encoding)
{
    if (encoding != NULL)
        return strncasecmp(encoding, "UTF-16", 6) != 0 &&
               strncasecmp(encoding, "UTF-32", 6) != 0 &&
               strncasecmp(encoding, "UCS-", 4) != 0 &&
               strncasecmp(encoding, "EBCDIC", 6) != 0;
    const unsigned char *s = (const unsigned char *)data;
    if (len >= 2 && (s[0] == 0 || s[1] == 0 ||
                     (s[0] == 0xFF && s[1] == 0xFE) ||
                     (s[0] == 0xFE && s[1] == 0xFF)))
        return 0;
    return !(len >= 4 && memcmp(s, "\x4C\x6F\xA7\x94", 4) == 0);
}

/* Parses the page, through html_guard when its encoding allows, into *DOC
 * (NULL when libxml2 made nothing of it), and says what the guard cut in
 * *CUTS.  Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
static dossier_status parse_page(const char *data, size_t len,
                                 const char *name,
                                 const char *transport_charset,
                                 html_guard_report *cuts, xmlDocPtr *doc)
{
    const char *encoding = page_encoding(data, len, transport_charset);
    char *guarded = NULL;
    memset(cuts, 0, sizeof *cuts);
    if (is_ascii_compatible(data, len, encoding)) {
        guarded = html_guard(data, len, &len, cuts);
        if (guarded == NULL)
            return DOSSIER_ERR_NOMEM;
        data = guarded;
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (ctxt == NULL) {
        free(guarded);
        return DOSSIER_ERR_NOMEM;
    }
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_context = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, ignore_error);
    *doc = htmlCtxtReadMemory(ctxt, data, (int)len, name, encoding,
                              HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                  HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
    xmlSetStructuredErrorFunc(old_context, old_handler);
    int is_out_of_memory = *doc == NULL && ctxt->errNo == XML_ERR_NO_MEMORY;
    htmlFreeParserCtxt(ctxt);
    free(guarded);
    return is_out_of_memory ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}

dossier_status read_html(const char *data, size_t len, const char *name,
                         const reader_sink *sink)
{
    char reason[MAX_QUOTED + 64];
    if (len > HTML_MAX_PAGE) {
        snprintf(reason, sizeof reason, "page larger than %zu bytes",
                 HTML_MAX_PAGE);
        sink->reject(sink->ctx, name, reason);
        return DOSSIER_OK;
    }
    html_guard_report cuts;
    xmlDocPtr doc = NULL;
    if (parse_page(data, len, name, sink->transport_charset, &cuts, &doc) !=
        DOSSIER_OK)
        return DOSSIER_ERR_NOMEM;
    if (html_guard_has_cuts(&cuts)) {
        char cut_reason[512];
        html_guard_describe(&cuts, cut_reason, sizeof cut_reason);
        reader_warn(sink, name, cut_reason);
    }

    dossier_article a = {0};
    char *bad_date = NULL;
    dossier_status status = DOSSIER_OK;
    if (doc != NULL && read_page(doc, sink, &a, &bad_date, name) != 0) {
        status = DOSSIER_ERR_NOMEM;
        goto done;
    }
    size_t size = a.title != NULL ? strlen(a.title) : 0;
    size += a.body != NULL ? strlen(a.body) : 0;
    if (a.body == NULL || *a.body == '\0') {
        sink->reject(sink->ctx, name, "no article text found");
    } else if (sink->max_article_bytes > 0 &&
               size > sink->max_article_bytes) {
        snprintf(reason, sizeof reason, "article larger than %zu bytes",
                 sink->max_article_bytes);
        sink->reject(sink->ctx, name, reason);
    } else {
        if (bad_date != NULL) {
            /* The date went through plain_text: one line of valid UTF-8;
             * only its length needs a cap. */
            size_t n = strlen(bad_date);
            if (n > MAX_QUOTED) {
                n = MAX_QUOTED;
                while (n > 0 && ((unsigned char)bad_date[n] & 0xC0) == 0x80)
                    n--;
            }
            snprintf(reason, sizeof reason,
                     "bad date \"%.*s\"; article kept without a date", (int)n,
                     bad_date);
            reader_warn(sink, name, reason);
        }
        status = reader_fix_c1(&a);
        if (status == DOSSIER_OK)
            status = sink->article(sink->ctx, &a, name);
    }

done:
    free(bad_date);
    dossier_article_clear(&a);
    if (doc != NULL)
        xmlFreeDoc(doc);
    return status;
}
