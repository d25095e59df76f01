/*
 * html_text.c: HTML to plain text with libxml2's HTML parser.
 *
 * The input is first made valid UTF-8 (bad bytes become U+FFFD), because
 * libxml2 told "UTF-8" passes invalid bytes through and, told nothing,
 * re-reads the whole rest of the input as Latin-1 at the first bad byte.
 * It then goes through html_guard, which bounds what the parser would
 * spend superlinear time on or drop the rest of the input for (a feed
 * body is as hostile as a page; the cuts go untold here, the text is
 * kept).  The tree is walked without recursion, following parent
 * pointers, so that no nesting depth can exhaust the stack.
 */
#include "html_text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "html_guard.h"

/* The largest input read; the rest is cut.  libxml2 takes an int length;
 * repair can triple the size and the guard writes end tags out, and the
 * parser is given no more than INT_MAX bytes of what results. */
#define HTML_TEXT_MAX_INPUT ((size_t)256 << 20)

/* What an element does to the text around it. */
enum element_kind {
    KIND_INLINE, /* nothing: <b>, <a>, <span>, unknown tags */
    KIND_BLOCK,  /* a paragraph break before and after */
    KIND_CELL,   /* a space before and after: table cells */
    KIND_SKIP,   /* dropped with everything inside */
};

struct element_rule {
    const char *name;
    enum element_kind kind;
};

/* Sorted by name for bsearch.  The HTML parser lower-cases tag names. */
static const struct element_rule element_rules[] = {
    {"address", KIND_BLOCK},    {"article", KIND_BLOCK},
    {"aside", KIND_BLOCK},      {"blockquote", KIND_BLOCK},
    {"body", KIND_BLOCK},       {"br", KIND_BLOCK},
    {"caption", KIND_BLOCK},    {"center", KIND_BLOCK},
    {"dd", KIND_BLOCK},         {"details", KIND_BLOCK},
    {"dialog", KIND_BLOCK},     {"dir", KIND_BLOCK},
    {"div", KIND_BLOCK},        {"dl", KIND_BLOCK},
    {"dt", KIND_BLOCK},         {"fieldset", KIND_BLOCK},
    {"figcaption", KIND_BLOCK}, {"figure", KIND_BLOCK},
    {"footer", KIND_BLOCK},     {"form", KIND_BLOCK},
    {"h1", KIND_BLOCK},         {"h2", KIND_BLOCK},
    {"h3", KIND_BLOCK},         {"h4", KIND_BLOCK},
    {"h5", KIND_BLOCK},         {"h6", KIND_BLOCK},
    /* <head> holds metadata, never text: its <title> is not body text. */
    {"head", KIND_SKIP},        {"header", KIND_BLOCK},
    {"hgroup", KIND_BLOCK},     {"hr", KIND_BLOCK},
    {"html", KIND_BLOCK},       {"iframe", KIND_SKIP},
    {"legend", KIND_BLOCK},     {"li", KIND_BLOCK},
    {"main", KIND_BLOCK},       {"menu", KIND_BLOCK},
    {"nav", KIND_BLOCK},        {"noscript", KIND_SKIP},
    {"ol", KIND_BLOCK},         {"p", KIND_BLOCK},
    {"pre", KIND_BLOCK},        {"script", KIND_SKIP},
    {"section", KIND_BLOCK},    {"style", KIND_SKIP},
    {"summary", KIND_BLOCK},    {"svg", KIND_SKIP},
    {"table", KIND_BLOCK},      {"tbody", KIND_BLOCK},
    {"td", KIND_CELL},          {"template", KIND_SKIP},
    {"tfoot", KIND_BLOCK},      {"th", KIND_CELL},
    {"thead", KIND_BLOCK},      {"tr", KIND_BLOCK},
    {"ul", KIND_BLOCK},
};

static int compare_rule(const void *key, const void *member)
{
    const struct element_rule *rule = member;
    return strcmp(key, rule->name);
}

static enum element_kind element_kind(const xmlNode *node)
{
    const struct element_rule *rule =
        bsearch(node->name, element_rules,
                sizeof element_rules / sizeof element_rules[0],
                sizeof element_rules[0], compare_rule);
    return rule != NULL ? rule->kind : KIND_INLINE;
}

/* The length of the valid UTF-8 sequence at S (LEN > 0 bytes left), or 0
 * when S starts with an invalid one (stray continuation byte, overlong
 * form, surrogate, past U+10FFFF, truncated). */
static size_t utf8_valid_len(const unsigned char *s, size_t len)
{
    unsigned char b = s[0];
    if (b < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0)
            lo = 0x90; /* overlong */
        else if (b == 0xF4)
            hi = 0x8F; /* past U+10FFFF */
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* A copy of LEN bytes of S as valid UTF-8 without NUL bytes (which would
 * end the parser's input early): invalid bytes become U+FFFD, NULs
 * spaces.  Returns NULL when memory ran out. */
static char *utf8_repair(const char *s, size_t len, size_t *out_len)
{
    const unsigned char *in = (const unsigned char *)s;
    size_t n_bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_valid_len(in + i, len - i);
        n_bad += n == 0;
        i += n == 0 ? 1 : n;
    }
    char *copy = malloc(len + 2 * n_bad + 1);
    if (copy == NULL)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_valid_len(in + i, len - i);
        if (n == 0) {
            memcpy(copy + used, replacement, 3);
            used += 3;
            i++;
        } else {
            memcpy(copy + used, in + i, n);
            if (n == 1 && in[i] == '\0')
                copy[used] = ' ';
            used += n;
            i += n;
        }
    }
    copy[used] = '\0';
    *out_len = used;
    return copy;
}

/* What goes between two words, widest last. */
enum separator { SEP_NONE, SEP_SPACE, SEP_PARA };

/* The text being built.  Separators are held back until the next word, so
 * that none leads or trails and runs of them collapse into the widest.
 * BUF, once allocated, always has room for a terminating NUL. */
typedef struct text_out {
    char *buf;
    size_t len, cap;
    size_t max;           /* hard cap: text past it is dropped */
    enum separator pending;
    int is_full;          /* the cap was reached: the text ends there */
    int is_out_of_memory;
} text_out;

static int out_reserve(text_out *out, size_t extra)
{
    if (out->is_out_of_memory || out->is_full)
        return -1;
    if (extra > out->max - out->len) {
        out->is_full = 1;
        return -1;
    }
    if (out->len + extra + 1 <= out->cap)
        return 0;
    size_t cap = out->cap ? out->cap : 256;
    while (cap < out->len + extra + 1)
        cap *= 2;
    if (cap > out->max + 1)
        cap = out->max + 1;
    char *grown = realloc(out->buf, cap);
    if (grown == NULL) {
        out->is_out_of_memory = 1;
        return -1;
    }
    out->buf = grown;
    out->cap = cap;
    return 0;
}

static void out_separate(text_out *out, enum separator sep)
{
    if (out->pending < sep)
        out->pending = sep;
}

/* Appends a word (no white space in it), preceded by the pending
 * separator unless it is the first. */
static void out_word(text_out *out, const char *word, size_t len)
{
    const char *sep = "";
    if (out->len > 0)
        sep = out->pending == SEP_PARA ? "\n\n"
              : out->pending == SEP_SPACE ? " "
                                          : "";
    size_t sep_len = strlen(sep);
    if (out_reserve(out, sep_len + len) != 0)
        return;
    memcpy(out->buf + out->len, sep, sep_len);
    memcpy(out->buf + out->len + sep_len, word, len);
    out->len += sep_len + len;
    out->pending = SEP_NONE;
}

/* Appends the text of a text node, collapsing white space (ASCII and
 * U+00A0) and replacing what is not valid UTF-8, which libxml2 may still
 * produce from character references. */
static void out_text(text_out *out, const xmlChar *text)
{
    const unsigned char *s = text;
    size_t len = strlen((const char *)s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            out_separate(out, SEP_SPACE);
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0) {
            out_separate(out, SEP_SPACE);
            i += 2;
            continue;
        }
        size_t n = utf8_valid_len(s + i, len - i);
        if (n == 0) {
            out_word(out, replacement, 3);
            i++;
            continue;
        }
        /* Take the whole run of non-space characters at once. */
        size_t start = i;
        while (i < len && n > 0 && s[i] != ' ' && s[i] != '\t' &&
               s[i] != '\n' && s[i] != '\r' && s[i] != '\f' &&
               !(s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0xA0)) {
            i += n;
            n = i < len ? utf8_valid_len(s + i, len - i) : 0;
        }
        out_word(out, (const char *)s + start, i - start);
    }
}

/* The break an element makes where it starts and where it ends. */
static void out_element_edge(text_out *out, enum element_kind kind)
{
    if (kind == KIND_BLOCK)
        out_separate(out, SEP_PARA);
    else if (kind == KIND_CELL)
        out_separate(out, SEP_SPACE);
}

static void walk(const xmlNode *root, text_out *out)
{
    const xmlNode *node = root;
    while (node != NULL) {
        int descend = 0;
        if (node->type == XML_ELEMENT_NODE) {
            enum element_kind kind = element_kind(node);
            out_element_edge(out, kind);
            descend = kind != KIND_SKIP;
        } else if (node->type == XML_TEXT_NODE ||
                   node->type == XML_CDATA_SECTION_NODE) {
            if (node->content != NULL)
                out_text(out, node->content);
        } else if (node->type == XML_DOCUMENT_NODE ||
                   node->type == XML_HTML_DOCUMENT_NODE) {
            descend = 1;
        }
        /* Comments, processing instructions, DTDs and entity references
         * carry no text. */
        if (descend && node->children != NULL) {
            node = node->children;
            continue;
        }
        /* Climb out of every element this node was the last child of. */
        while (node != root && node->next == NULL) {
            node = node->parent;
            if (node->type == XML_ELEMENT_NODE)
                out_element_edge(out, element_kind(node));
        }
        if (node == root)
            break;
        node = node->next;
    }
}

/* Swallows libxml2's messages for the length of one parse: a malformed
 * fragment is normal input here, and a library never prints. */
static void ignore_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

char *html_to_text(const char *html, size_t len, size_t *out_len)
{
    text_out out = {0};
    char *clean = NULL;
    htmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    int is_failed = 0;

    if (len > HTML_TEXT_MAX_INPUT)
        len = HTML_TEXT_MAX_INPUT;
    size_t clean_len = 0;
    if (len > 0) {
        clean = utf8_repair(html, len, &clean_len);
        if (clean == NULL) {
            is_failed = 1;
            goto done;
        }
        char *guarded = html_guard(clean, clean_len, &clean_len, NULL);
        free(clean);
        clean = guarded;
        if (clean == NULL) {
            is_failed = 1;
            goto done;
        }
        if (clean_len > INT_MAX)
            clean_len = INT_MAX;
    }
    /* Separators and decoded references never make the text longer than
     * its source; the slack is for safety only. */
    out.max = clean_len + 64;

    if (clean_len > 0) {
        ctxt = htmlNewParserCtxt();
        if (ctxt == NULL) {
            is_failed = 1;
            goto done;
        }
        xmlStructuredErrorFunc old_handler = xmlStructuredError;
        void *old_context = xmlStructuredErrorContext;
        xmlSetStructuredErrorFunc(NULL, ignore_error);
        /* No HTML_PARSE_NOIMPLIED: without the implied <html><body>,
         * libxml2 nests sibling fragments ("<p>a</p><p>b</p>") inside
         * each other. */
        doc = htmlCtxtReadMemory(ctxt, clean, (int)clean_len, NULL, "UTF-8",
                                 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING |
                                     HTML_PARSE_RECOVER);
        xmlSetStructuredErrorFunc(old_context, old_handler);
        if (doc == NULL && ctxt->errNo == XML_ERR_NO_MEMORY) {
            is_failed = 1;
            goto done;
        }
        /* Any other failure (input of nothing but white space) is no
         * text. */
        if (doc != NULL)
            walk((const xmlNode *)doc, &out);
    }
    if (out.is_out_of_memory) {
        is_failed = 1;
        goto done;
    }
    if (out.buf == NULL && (out.buf = malloc(1)) == NULL) {
        is_failed = 1;
        goto done;
    }
    out.buf[out.len] = '\0';

done:
    if (doc != NULL)
        xmlFreeDoc(doc);
    if (ctxt != NULL)
        htmlFreeParserCtxt(ctxt);
    free(clean);
    if (is_failed) {
        free(out.buf);
        return NULL;
    }
    if (out_len != NULL)
        *out_len = out.len;
    return out.buf;
}
