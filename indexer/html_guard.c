/*
 * html_guard.c: one linear pass over a page's bytes, before libxml2's HTML
 * parser reads them, bounding what the parser spends superlinear time or
 * its depth limit on (html_guard.h has the bounds and why).
 *
 * The pass reads markup as libxml2 2.9 does: a start tag is "<" and an
 * ASCII letter, an end tag "</" and a name, ended by the first ">"; tag
 * and attribute names stop after 100 characters (what follows is read as
 * the next attribute); values are quoted or bare; a comment runs from
 * "<!--" to the first "-->" or "--!>"; a processing instruction to the
 * first ">"; a DOCTYPE past its quoted literals to the next ">"; the raw
 * text of script and style to "</script" or "</style".  Where it cannot
 * tell what the parser will do, it reads more tags rather than fewer, so
 * that nothing the parser reads escapes the bounds.
 *
 * Depth is bounded by a model of the parser's stack of open elements: the
 * html, head, body and p it implies, the html, head and body tags it
 * ignores, void elements, the start tags that close an open element (a
 * <p> closes an open <p>), the end tags that close what is above their
 * element unless an element of higher end priority is in the way.  Every
 * element the model closes is closed by an explicit end tag in the
 * output: the parser's stack then never holds an element the model does
 * not, whatever rules of its own it follows, so it is never deeper.  The
 * model holds at most HTML_GUARD_MAX_DEPTH elements, and an end tag costs
 * at most that many comparisons.
 */
#include "html_guard.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 reads at most this many characters of a tag or attribute name
 * (HTML_PARSER_BUFFER_SIZE). */
#define NAME_MAX_CHARS 100
/* libxml2 refuses an XML name (a processing instruction's target, a
 * DOCTYPE's name) longer than this (XML_MAX_NAME_LENGTH). */
#define XML_NAME_MAX_CHARS 50000
/* How far back from a cut a character reference may start. */
#define REFERENCE_MAX_BYTES 32

/* A tag name as libxml2 keeps it: lower case, at most NAME_MAX_CHARS. */
typedef struct tag_name {
    char s[NAME_MAX_CHARS + 1];
    size_t len;
} tag_name;

typedef struct open_element {
    tag_name name;
    int end_priority;
} open_element;

typedef struct attribute {
    size_t start, end;             /* as written, without blanks around */
    size_t value_start, value_end; /* its value without quotes, if any */
} attribute;

/* The attributes the readers use: past the bound, the first of each is
 * kept. */
static const char *const read_attributes[] = {
    "charset", "class", "content", "datetime", "href",     "http-equiv",
    "id",      "lang",  "name",    "property", "rel",
};
#define N_READ_ATTRIBUTES (sizeof read_attributes / sizeof *read_attributes)

typedef struct start_tag {
    tag_name name;
    size_t start, name_end, end;
    enum { TAG_OPEN, TAG_SELF_CLOSED, TAG_UNFINISHED } kind;
    attribute kept[HTML_GUARD_MAX_ATTRIBUTES + N_READ_ATTRIBUTES];
    size_t n_kept, n_dropped, n_cut;
    unsigned read_seen; /* bit I: read_attributes[I] seen */
} start_tag;

/* How far the parser has come into the page (libxml2's ctxt->html). */
enum page_part { BEFORE_HEAD, HEAD_SEEN, BODY_SEEN };

typedef struct guard {
    const unsigned char *in;
    size_t len;
    char *out;
    size_t out_len, out_cap, out_max;
    int is_failed; /* out of memory */
    open_element open[HTML_GUARD_MAX_DEPTH];
    size_t n_open;
    enum page_part part;
    /* html, head and body start tags the parser ignored: as many of their
     * end tags it ignores too (libxml2's ctxt->depth). */
    size_t n_ignored;
    /* Start tags dropped for depth that no end tag has answered yet. */
    size_t n_dropped_open;
    /* Where the content starts: a DOCTYPE there opens the page. */
    size_t content_start;
    /* Line numbers, counted on demand: LINE is the line of IN[COUNTED]. */
    size_t counted, line;
    html_guard_report *report;
    start_tag tag; /* the one being read */
} guard;

/* ------------------------------------------------------------ bytes */

/* A NUL byte counts as a blank: it is written as a space. */
static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

static int is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_name_start(unsigned char c)
{
    return is_ascii_letter(c) || c == '_' || c == ':' || c == '.';
}

static int is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Do the N bytes at S spell WORD (lower case), ignoring ASCII case? */
static int ascii_case_equal(const unsigned char *s, const char *word,
                            size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ascii_lower(s[i]) != (unsigned char)word[i])
            return 0;
    return 1;
}

static size_t skip_blanks(const guard *g, size_t i)
{
    while (i < g->len && is_blank(g->in[i]))
        i++;
    return i;
}

/* The end of the tag or attribute name at I, which starts one; the name
 * as libxml2 keeps it in *NAME (may be NULL). */
static size_t name_end(const guard *g, size_t i, tag_name *name)
{
    size_t start = i;
    while (i < g->len && i - start < NAME_MAX_CHARS && is_name_char(g->in[i]))
        i++;
    if (name != NULL) {
        name->len = i - start;
        for (size_t k = 0; k < name->len; k++)
            name->s[k] = (char)ascii_lower(g->in[start + k]);
        name->s[name->len] = '\0';
    }
    return i;
}

/* Just past the first C at or after I, else the end of the input. */
static size_t past(const guard *g, size_t i, unsigned char c)
{
    if (i >= g->len)
        return g->len;
    const unsigned char *hit = memchr(g->in + i, c, g->len - i);
    return hit != NULL ? (size_t)(hit - g->in) + 1 : g->len;
}

static size_t line_at(guard *g, size_t pos)
{
    while (g->counted < pos) {
        const unsigned char *nl =
            memchr(g->in + g->counted, '\n', pos - g->counted);
        if (nl == NULL) {
            g->counted = pos;
            break;
        }
        g->line++;
        g->counted = (size_t)(nl - g->in) + 1;
    }
    return g->line;
}

/* ------------------------------------------------------------ output */

static void put(guard *g, const void *bytes, size_t n)
{
    if (g->is_failed || n == 0)
        return;
    if (n > g->out_cap - g->out_len) {
        size_t cap = g->out_cap;
        while (n > cap - g->out_len && cap < g->out_max)
            cap = cap > g->out_max / 2 ? g->out_max : cap * 2;
        char *grown = n <= cap - g->out_len ? realloc(g->out, cap) : NULL;
        if (grown == NULL) {
            g->is_failed = 1;
            return;
        }
        g->out = grown;
        g->out_cap = cap;
    }
    char *to = g->out + g->out_len;
    memcpy(to, bytes, n);
    for (char *nul = memchr(to, '\0', n); nul != NULL;
         nul = memchr(nul, '\0', n - (size_t)(nul - to)))
        *nul = ' ';
    g->out_len += n;
}

static void put_input(guard *g, size_t from, size_t to)
{
    put(g, g->in + from, to - from);
}

static void put_end_tag(guard *g, const tag_name *name)
{
    put(g, "</", 2);
    put(g, name->s, name->len);
    put(g, ">", 1);
}

/* ------------------------------------------------------------ elements */

static int is_named(const tag_name *name, const char *s)
{
    return strcmp(name->s, s) == 0;
}

static int is_one_of(const tag_name *name, const char *const *names,
                     size_t n_names)
{
    for (size_t i = 0; i < n_names; i++)
        if (is_named(name, names[i]))
            return 1;
    return 0;
}

/* libxml2's void elements: never on its stack. */
static int is_void(const tag_name *name)
{
    static const char *const voids[] = {
        "area", "base", "basefont", "br",    "col",  "frame", "hr",
        "img",  "input", "isindex", "link", "meta", "param",
    };
    return is_one_of(name, voids, sizeof voids / sizeof *voids);
}

static int is_page_frame(const tag_name *name)
{
    return is_named(name, "html") || is_named(name, "head") ||
           is_named(name, "body");
}

static int is_raw_text(const tag_name *name)
{
    return is_named(name, "script") || is_named(name, "style");
}

/* An end tag closes what is above its element only past elements of no
 * higher priority than its own (libxml2's htmlEndPriority). */
static int end_priority(const tag_name *name)
{
    static const struct {
        const char *name;
        int priority;
    } priorities[] = {
        {"div", 150},   {"td", 160},    {"th", 160},    {"tr", 170},
        {"thead", 180}, {"tbody", 180}, {"tfoot", 180}, {"table", 190},
        {"head", 200},  {"body", 200},  {"html", 220},
    };
    for (size_t i = 0; i < sizeof priorities / sizeof *priorities; i++)
        if (is_named(name, priorities[i].name))
            return priorities[i].priority;
    return 100;
}

/* The start tags that close an open element before opening, by the
 * element they close, sorted by it: libxml2 2.9's htmlStartClose, as the
 * parser of Debian 12 (2.9.14) applies it.  With them the model stays as
 * shallow as the parser's stack, and writes out no end tag the parser
 * would not have implied. */
static const struct closed_by {
    const char *name;
    const char *closers; /* each between spaces */
} closers_of[] = {
    {"a", " a fieldset table td th "},
    {"address", " dd dl dt form li ul "},
    {"b", " center p td th "},
    {"big", " p "},
    {"caption", " col colgroup tbody tfoot thead tr "},
    {"colgroup", " colgroup tbody tfoot thead tr "},
    {"dd", " dt "},
    {"dir", " dd dl dt form ul "},
    {"dl", " form li "},
    {"dt", " dd dl "},
    {"font", " center td th "},
    {"form", " form "},
    {"h1", " fieldset form li p table "},
    {"h2", " fieldset form li p table "},
    {"h3", " fieldset form li p table "},
    {"h4", " fieldset form li p table "},
    {"h5", " fieldset form li p table "},
    {"h6", " fieldset form li p table "},
    {"head", " a abbr acronym address b bdo big blockquote body br center "
             "cite code dd dfn dir div dl dt em fieldset font form frameset "
             "h1 h2 h3 h4 h5 h6 hr i iframe img kbd li listing map menu ol "
             "p pre q s samp small span strike strong sub sup table tt u ul "
             "var xmp "},
    {"i", " center p td th "},
    {"legend", " fieldset "},
    {"li", " li "},
    {"listing", " dd dl dt fieldset form li table ul "},
    {"menu", " dd dl dt form ul "},
    {"ol", " form ul "},
    {"option", " optgroup option "},
    {"p", " address blockquote body caption center col colgroup dd dir div "
          "dl dt fieldset form frameset h1 h2 h3 h4 h5 h6 head hr li "
          "listing menu ol p pre table tbody td tfoot th title tr ul xmp "},
    {"pre", " dd dl dt fieldset form li table ul "},
    {"s", " p "},
    {"script", " noscript "},
    {"small", " p "},
    {"span", " td th "},
    {"strike", " p "},
    {"style", " body frameset "},
    {"tbody", " tbody tfoot "},
    {"td", " tbody td tfoot th tr "},
    {"tfoot", " tbody "},
    {"th", " tbody td tfoot th tr "},
    {"thead", " tbody tfoot "},
    {"title", " body frameset "},
    {"tr", " tbody tfoot tr "},
    {"tt", " p "},
    {"u", " p td th "},
    {"ul", " address form menu ol pre "},
    {"xmp", " dd dl dt fieldset form li table ul "},
};

static int compare_closed_by(const void *key, const void *member)
{
    const struct closed_by *entry = member;
    return strcmp(key, entry->name);
}

static int is_closed_by(const tag_name *open, const tag_name *start)
{
    const struct closed_by *entry =
        bsearch(open->s, closers_of, sizeof closers_of / sizeof *closers_of,
                sizeof *closers_of, compare_closed_by);
    /* No name in the table is longer than 16 characters. */
    if (entry == NULL || start->len > 16)
        return 0;
    char word[20] = " ";
    memcpy(word + 1, start->s, start->len);
    memcpy(word + 1 + start->len, " ", 2);
    return strstr(entry->closers, word) != NULL;
}

static const tag_name *top(const guard *g)
{
    return g->n_open > 0 ? &g->open[g->n_open - 1].name : NULL;
}

static int is_open(const guard *g, const char *name)
{
    for (size_t i = 0; i < g->n_open; i++)
        if (is_named(&g->open[i].name, name))
            return 1;
    return 0;
}

/* The parser notes a head or body it opens, even one it closes at
 * once. */
static void note_part(guard *g, const tag_name *name)
{
    if (is_named(name, "head") && g->part < HEAD_SEEN)
        g->part = HEAD_SEEN;
    else if (is_named(name, "body"))
        g->part = BODY_SEEN;
}

/* Opens NAME on the model; returns 0 when it is full. */
static int push(guard *g, const tag_name *name)
{
    if (g->n_open == HTML_GUARD_MAX_DEPTH)
        return 0;
    open_element *e = &g->open[g->n_open++];
    e->name = *name;
    e->end_priority = end_priority(name);
    note_part(g, name);
    return 1;
}

static void push_implied(guard *g, const char *s)
{
    tag_name name;
    name.len = strlen(s);
    memcpy(name.s, s, name.len + 1);
    push(g, &name);
}

/* Closes, with explicit end tags, every open element from the top down to
 * (not including) index KEEP. */
static void close_down_to(guard *g, size_t keep)
{
    while (g->n_open > keep) {
        g->n_open--;
        const tag_name *name = &g->open[g->n_open].name;
        /* While it ignores some html, head and body tags, libxml2 ignores
         * as many of their end tags, which would then close nothing. */
        if (g->n_ignored == 0 || !is_page_frame(name))
            put_end_tag(g, name);
    }
}

/* The start tag NAME closes the open elements it implies the end of. */
static void close_implied(guard *g, const tag_name *name)
{
    size_t keep = g->n_open;
    while (keep > 0 && is_closed_by(&g->open[keep - 1].name, name))
        keep--;
    close_down_to(g, keep);
}

/* The html, head or body that the parser opens before NAME when the page
 * has not (libxml2's htmlCheckImplied). */
static void open_implied(guard *g, const tag_name *name)
{
    static const char *const head_elements[] = {
        "base", "link", "meta", "script", "style", "title",
    };
    static const char *const frame_elements[] = {
        "frame", "frameset", "noframes",
    };
    if (is_named(name, "html"))
        return;
    if (g->n_open == 0)
        push_implied(g, "html");
    if (is_named(name, "body") || is_named(name, "head"))
        return;
    if (g->n_open <= 1 &&
        is_one_of(name, head_elements,
                  sizeof head_elements / sizeof *head_elements)) {
        if (g->part < HEAD_SEEN)
            push_implied(g, "head");
    } else if (!is_one_of(name, frame_elements,
                          sizeof frame_elements / sizeof *frame_elements) &&
               g->part < BODY_SEEN && !is_open(g, "body") &&
               !is_open(g, "head")) {
        push_implied(g, "body");
    }
}

/* Does the parser ignore the start tag NAME (an html, head or body where
 * the page already has one)? */
static int is_ignored(const guard *g, const tag_name *name)
{
    return (is_named(name, "html") && g->n_open > 0) ||
           (is_named(name, "head") && g->n_open != 1) ||
           (is_named(name, "body") && is_open(g, "body"));
}

/* Text that is not all blanks, where the parser holds no element that
 * takes text, opens a p for it first (libxml2's htmlCheckParagraph). */
static void open_paragraph_for_text(guard *g, size_t from, size_t to)
{
    const tag_name *t = top(g);
    if (g->n_dropped_open > 0 ||
        (t != NULL && !is_named(t, "html") && !is_named(t, "head")))
        return;
    while (from < to && is_blank(g->in[from]))
        from++;
    if (from == to)
        return;
    tag_name p = {"p", 1};
    close_implied(g, &p);
    open_implied(g, &p);
    push(g, &p);
}

/* The index of the open element the end tag NAME closes, as libxml2 finds
 * it; -1 when the parser ignores the end tag. */
static long closed_by_end_tag(const guard *g, const tag_name *name)
{
    int priority = end_priority(name);
    for (size_t i = g->n_open; i > 0; i--) {
        const open_element *e = &g->open[i - 1];
        if (e->name.len == name->len &&
            memcmp(e->name.s, name->s, name->len) == 0)
            return (long)(i - 1);
        if (e->end_priority > priority)
            return -1;
    }
    return -1;
}

/* ------------------------------------------------------------ reports */

static void quote_name(char *to, const tag_name *name)
{
    size_t n = name->len < HTML_GUARD_NAME_QUOTED - 1
                   ? name->len
                   : HTML_GUARD_NAME_QUOTED - 1;
    memcpy(to, name->s, n);
    to[n] = '\0';
}

static void note_dropped_start_tag(guard *g, size_t pos)
{
    if (g->report == NULL)
        return;
    if (g->report->n_start_tags_dropped == 0)
        g->report->nesting_line = line_at(g, pos);
    g->report->n_start_tags_dropped++;
}

/* ------------------------------------------------------------ end tags */

/* Just past the end tag at POS ("</" and a name start): its first ">". */
static size_t end_tag_end(const guard *g, size_t pos, tag_name *name)
{
    return past(g, name_end(g, pos + 2, name), '>');
}

static size_t on_end_tag(guard *g, size_t pos)
{
    tag_name name;
    size_t end = end_tag_end(g, pos, &name);
    if (g->n_dropped_open > 0) {
        g->n_dropped_open--;
        if (g->report != NULL)
            g->report->n_end_tags_dropped++;
        return end;
    }
    if (g->n_ignored > 0 && is_page_frame(&name)) {
        g->n_ignored--;
    } else {
        long closed = closed_by_end_tag(g, &name);
        if (closed >= 0) {
            close_down_to(g, (size_t)closed + 1);
            g->n_open = (size_t)closed;
        }
    }
    put_input(g, pos, end);
    return end;
}

static size_t on_start_tag(guard *g, size_t pos);

/* Is the character at I one libxml2's raw text reader stops at (no XML
 * character: a C0 control but a blank, U+FFFE, U+FFFF)?  Its length in
 * *N. */
static int is_raw_text_stop(const guard *g, size_t i, size_t *n)
{
    unsigned char c = g->in[i];
    *n = 1;
    if (c < 0x20 && !is_blank(c))
        return 1;
    *n = 3;
    return c == 0xEF && i + 2 < g->len && g->in[i + 1] == 0xBF &&
           (g->in[i + 2] == 0xBE || g->in[i + 2] == 0xBF);
}

/* Where libxml2's raw text reader for the element NAME stops, from I:
 * at "</" and the name, or just past a character it stops at. */
static size_t raw_text_reader_end(const guard *g, size_t i,
                                  const tag_name *name)
{
    for (; i < g->len; i++) {
        unsigned char c = g->in[i];
        size_t n;
        if (c == '<' && i + 2 + name->len <= g->len && g->in[i + 1] == '/' &&
            ascii_case_equal(g->in + i + 2, name->s, name->len))
            return i;
        if ((c < 0x20 || c == 0xEF) && is_raw_text_stop(g, i, &n))
            return i + n;
    }
    return g->len;
}

/* Copies the raw text of the script or style element NAME from POS to its
 * end tag, and that end tag.  libxml2 reads raw text to "</" and the
 * element's name; each time it starts reading (after the start tag, after
 * a character its reader stops at, after an end tag of another name) an
 * end tag there is read as such, and so is a start tag that closes the
 * element (<noscript> a script).  An end tag of another name closes
 * nothing, or also the element, which is then closed explicitly first.
 * IS_IN_MODEL: whether the model holds the element. */
static size_t raw_text(guard *g, size_t pos, const tag_name *name,
                       int is_in_model)
{
    size_t i = pos;
    while (i < g->len) {
        if (i + 1 < g->len && g->in[i] == '<' &&
            is_ascii_letter(g->in[i + 1])) {
            tag_name start_name;
            name_end(g, i + 1, &start_name);
            if (is_closed_by(name, &start_name))
                return on_start_tag(g, i);
        }
        if (i + 2 < g->len && g->in[i] == '<' && g->in[i + 1] == '/' &&
            is_name_start(g->in[i + 2])) {
            tag_name end_name;
            size_t end = end_tag_end(g, i, &end_name);
            if (end_name.len == name->len &&
                memcmp(end_name.s, name->s, name->len) == 0) {
                put_input(g, i, end);
                if (is_in_model)
                    g->n_open--;
                return end;
            }
            if (g->n_ignored == 0 || !is_page_frame(&end_name)) {
                if (closed_by_end_tag(g, &end_name) >= 0) {
                    put_end_tag(g, name);
                    if (is_in_model)
                        g->n_open--;
                    return on_end_tag(g, i);
                }
            } else {
                g->n_ignored--;
            }
            put_input(g, i, end);
            i = end;
            continue;
        }
        size_t stop = raw_text_reader_end(g, i + (g->in[i] == '<'), name);
        put_input(g, i, stop);
        i = stop;
    }
    return g->len;
}

/* ------------------------------------------------------------ start tags */

static int read_attribute_index(const tag_name *name)
{
    for (size_t i = 0; i < N_READ_ATTRIBUTES; i++)
        if (is_named(name, read_attributes[i]))
            return (int)i;
    return -1;
}

/* Reads the attribute at I (which starts a name) into *A and its name
 * into *NAME; returns the end of it. */
static size_t read_attribute(const guard *g, size_t i, attribute *a,
                             tag_name *name)
{
    a->start = i;
    a->end = name_end(g, i, name);
    a->value_start = a->value_end = a->end;
    i = skip_blanks(g, a->end);
    if (i >= g->len || g->in[i] != '=')
        return a->end;
    i = skip_blanks(g, i + 1);
    if (i < g->len && (g->in[i] == '"' || g->in[i] == '\'')) {
        /* To the closing quote, else to the end of the input. */
        const unsigned char *close =
            memchr(g->in + i + 1, g->in[i], g->len - i - 1);
        a->value_start = i + 1;
        a->value_end = close != NULL ? (size_t)(close - g->in) : g->len;
        a->end = close != NULL ? a->value_end + 1 : g->len;
        return a->end;
    }
    a->value_start = i;
    while (i < g->len && !is_blank(g->in[i]) && g->in[i] != '>')
        i++;
    a->value_end = a->end = i;
    return i;
}

/* Keeps attribute A of T, the N_READ-th, within the bounds, or drops it. */
static void keep_or_drop(guard *g, start_tag *t, const attribute *a,
                         const tag_name *name, size_t n_read)
{
    int read_index = read_attribute_index(name);
    int is_kept = n_read <= HTML_GUARD_MAX_ATTRIBUTES ||
                  (read_index >= 0 && !(t->read_seen & (1u << read_index)));
    if (read_index >= 0)
        t->read_seen |= 1u << read_index;
    if (!is_kept) {
        t->n_dropped++;
        return;
    }
    t->kept[t->n_kept++] = *a;
    if (a->value_end - a->value_start <= HTML_GUARD_MAX_VALUE_BYTES)
        return;
    t->n_cut++;
    html_guard_report *r = g->report;
    if (r != NULL && r->n_values_cut == 0) {
        r->values_line = line_at(g, a->start);
        quote_name(r->values_tag, &t->name);
        quote_name(r->values_attribute, name);
    }
    if (r != NULL)
        r->n_values_cut++;
}

/* Reads the attributes of T as libxml2 does, to the end of the tag: a
 * string that starts no name it skips to the next blank. */
static void read_attributes_of(guard *g, start_tag *t)
{
    size_t n_read = 0;
    size_t i = skip_blanks(g, t->name_end);
    while (i < g->len) {
        unsigned char c = g->in[i];
        if (c == '>') {
            t->kind = TAG_OPEN;
            t->end = i + 1;
            return;
        }
        if (c == '/' && i + 1 < g->len && g->in[i + 1] == '>') {
            t->kind = TAG_SELF_CLOSED;
            t->end = i + 2;
            return;
        }
        if (is_name_start(c)) {
            attribute a;
            tag_name name;
            i = read_attribute(g, i, &a, &name);
            keep_or_drop(g, t, &a, &name, ++n_read);
        } else {
            while (i < g->len && !is_blank(g->in[i]) && g->in[i] != '>' &&
                   !(g->in[i] == '/' && i + 1 < g->len && g->in[i + 1] == '>'))
                i++;
        }
        i = skip_blanks(g, i);
    }
    t->kind = TAG_UNFINISHED;
    t->end = g->len;
}

/* Where to cut a value longer than HTML_GUARD_MAX_VALUE_BYTES: at a
 * character boundary, before a character reference the cut would split
 * (its remains would read as text). */
static size_t value_cut(const guard *g, const attribute *a)
{
    const unsigned char *s = g->in;
    size_t cut = a->value_start + HTML_GUARD_MAX_VALUE_BYTES;
    for (int n = 0; n < 3 && cut > a->value_start && (s[cut] & 0xC0) == 0x80;
         n++)
        cut--;
    for (size_t k = cut;
         k > a->value_start && cut - k < REFERENCE_MAX_BYTES;) {
        k--;
        if (s[k] == ';' || is_blank(s[k]))
            break;
        if (s[k] == '&')
            return k;
    }
    return cut;
}

/* Writes T: as written when nothing of it was cut, else rebuilt from the
 * attributes kept (the strings libxml2 skips left out). */
static void put_start_tag(guard *g, const start_tag *t)
{
    if (t->n_dropped == 0 && t->n_cut == 0) {
        put_input(g, t->start, t->end);
        return;
    }
    put_input(g, t->start, t->name_end);
    for (size_t i = 0; i < t->n_kept; i++) {
        const attribute *a = &t->kept[i];
        put(g, " ", 1);
        if (a->value_end - a->value_start <= HTML_GUARD_MAX_VALUE_BYTES) {
            put_input(g, a->start, a->end);
            continue;
        }
        put_input(g, a->start, value_cut(g, a));
        put_input(g, a->value_end, a->end);
    }
    if (t->kind == TAG_OPEN)
        put(g, ">", 1);
    else if (t->kind == TAG_SELF_CLOSED)
        put(g, "/>", 2);
    html_guard_report *r = g->report;
    if (r != NULL && t->n_dropped > 0) {
        if (r->n_attributes_dropped == 0) {
            r->attributes_line = line_at(g, t->start);
            quote_name(r->attributes_tag, &t->name);
        }
        r->n_attributes_dropped += t->n_dropped;
    }
}

/* Reads the start tag at POS into G->TAG. */
static start_tag *read_start_tag(guard *g, size_t pos)
{
    start_tag *t = &g->tag;
    t->start = pos;
    t->name_end = name_end(g, pos + 1, &t->name);
    t->n_kept = t->n_dropped = t->n_cut = 0;
    t->read_seen = 0;
    read_attributes_of(g, t);
    return t;
}

/* A start tag: opens an element on the model, or past the depth bound is
 * dropped.  Script and style are never dropped: their raw text must stay
 * raw, and they hold no element. */
static size_t on_start_tag(guard *g, size_t pos)
{
    start_tag *t = read_start_tag(g, pos);
    int is_raw = t->kind == TAG_OPEN && is_raw_text(&t->name);
    int opens = t->kind == TAG_OPEN && !is_void(&t->name);
    int is_in_model = 0;
    if (g->n_dropped_open == 0) {
        close_implied(g, &t->name);
        open_implied(g, &t->name);
        if (is_ignored(g, &t->name)) {
            g->n_ignored++;
            /* libxml2 then takes the tag's "/>", or its missing ">", for
             * the end of the element it is in. */
            if (t->kind != TAG_OPEN && g->n_open > 0)
                g->n_open--;
        } else if (!opens) {
            note_part(g, &t->name);
        } else {
            is_in_model = push(g, &t->name);
            if (!is_in_model && !is_raw) {
                g->n_dropped_open = 1;
                note_dropped_start_tag(g, pos);
                return t->end;
            }
        }
    } else if (opens && !is_raw) {
        g->n_dropped_open++;
        note_dropped_start_tag(g, pos);
        return t->end;
    }
    put_start_tag(g, t);
    if (is_raw)
        return raw_text(g, t->end, &t->name, is_in_model);
    return t->end;
}

/* ------------------------------------------------------------ the rest */

/* Just past the comment at POS ("<!--"): libxml2 ends it at the first
 * "-->" or "--!>" after the opener, or at the end of the input. */
static size_t comment_end(const guard *g, size_t pos)
{
    const unsigned char *s = g->in;
    for (size_t i = pos + 4; i + 2 < g->len; i++) {
        const unsigned char *dash = memchr(s + i, '-', g->len - i);
        if (dash == NULL)
            break;
        i = (size_t)(dash - s);
        if (i + 2 < g->len && s[i + 1] == '-' && s[i + 2] == '>')
            return i + 3;
        if (i + 3 < g->len && s[i + 1] == '-' && s[i + 2] == '!' &&
            s[i + 3] == '>')
            return i + 4;
    }
    return g->len;
}

/* Past a quoted literal at I, else I. */
static size_t literal_end(const guard *g, size_t i)
{
    if (i < g->len && (g->in[i] == '"' || g->in[i] == '\''))
        return past(g, i + 1, g->in[i]);
    return i;
}

/* Just past the DOCTYPE at POS ("<!DOCTYPE"): a name, then after SYSTEM
 * or PUBLIC quoted literals in which ">" is text, then the first ">".
 * When the name goes on in bytes past ASCII, which libxml2 reads by
 * character class, the first ">" is taken: the earliest end it can
 * have. */
static size_t doctype_end(const guard *g, size_t pos)
{
    size_t i = skip_blanks(g, pos + 9);
    if (i < g->len && (is_ascii_letter(g->in[i]) || g->in[i] == '_' ||
                       g->in[i] == ':')) {
        size_t n = i;
        while (n < g->len && is_name_char(g->in[n]))
            n++;
        if (n < g->len && g->in[n] >= 0x80)
            return past(g, pos, '>');
        if (n - i <= XML_NAME_MAX_CHARS)
            i = n;
    } else if (i < g->len && g->in[i] >= 0x80) {
        return past(g, pos, '>');
    }
    i = skip_blanks(g, i);
    if (i + 6 <= g->len && ascii_case_equal(g->in + i, "system", 6)) {
        i = literal_end(g, skip_blanks(g, i + 6));
    } else if (i + 6 <= g->len && ascii_case_equal(g->in + i, "public", 6)) {
        i = skip_blanks(g, literal_end(g, skip_blanks(g, i + 6)));
        i = literal_end(g, i);
    }
    return past(g, i, '>');
}

/* Copies the DOCTYPE at POS.  Past the start of the page, libxml2 reads
 * the markup right after one without its check for end tags ("</p>"
 * becomes text): an empty comment after it makes the parser start over. */
static size_t on_doctype(guard *g, size_t pos)
{
    size_t end = doctype_end(g, pos);
    put_input(g, pos, end);
    if (pos != g->content_start)
        put(g, "<!---->", 7);
    return end;
}

/* Just past the processing instruction at POS ("<?" and an ASCII name
 * start): its first ">".  0 when libxml2 would refuse its target as too
 * long, and so read what follows as content. */
static size_t processing_instruction_end(const guard *g, size_t pos)
{
    size_t n = pos + 2;
    while (n < g->len && (is_name_char(g->in[n]) || g->in[n] >= 0x80))
        n++;
    if (n - (pos + 2) > XML_NAME_MAX_CHARS)
        return 0;
    return past(g, pos + 2, '>');
}

/* Handles the markup at POS, a "<"; returns where the text goes on. */
static size_t on_markup(guard *g, size_t pos)
{
    const unsigned char *s = g->in + pos;
    size_t left = g->len - pos;
    size_t end = 0;
    if (left >= 4 && memcmp(s, "<!--", 4) == 0)
        end = comment_end(g, pos);
    else if (left >= 9 && s[1] == '!' && ascii_case_equal(s + 2, "doctype", 7))
        return on_doctype(g, pos);
    else if (left >= 3 && s[1] == '?' &&
             (is_ascii_letter(s[2]) || s[2] == '_' || s[2] == ':'))
        end = processing_instruction_end(g, pos);
    else if (left >= 3 && s[1] == '/' && is_name_start(s[2]))
        return on_end_tag(g, pos);
    else if (left >= 2 && is_ascii_letter(s[1]))
        return on_start_tag(g, pos);
    /* libxml2 drops a "<?" or "</" that starts nothing; any other "<" is
     * text, which opens no p. */
    if (end == 0)
        end = left >= 2 && (s[1] == '?' || s[1] == '/') ? pos + 2 : pos + 1;
    put_input(g, pos, end);
    return end;
}

/* Where the content starts: past blanks and a UTF-8 byte order mark. */
static size_t content_start(const guard *g)
{
    size_t i = 0;
    if (g->len >= 3 && memcmp(g->in, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    return skip_blanks(g, i);
}

char *html_guard(const char *html, size_t len, size_t *out_len,
                 html_guard_report *report)
{
    if (report != NULL)
        memset(report, 0, sizeof *report);
    if (len > (SIZE_MAX - 16) / 3)
        return NULL;
    guard *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->in = (const unsigned char *)html;
    g->len = len;
    g->out_max = 3 * len + 16;
    g->out_cap = len + len / 16 + 16;
    g->out = malloc(g->out_cap);
    g->line = 1;
    g->report = report;
    g->is_failed = g->out == NULL;
    g->content_start = content_start(g);

    size_t pos = 0;
    while (pos < len && !g->is_failed) {
        const unsigned char *lt = memchr(g->in + pos, '<', len - pos);
        size_t text_end = lt != NULL ? (size_t)(lt - g->in) : len;
        open_paragraph_for_text(g, pos, text_end);
        put_input(g, pos, text_end);
        pos = lt != NULL ? on_markup(g, text_end) : len;
    }
    put(g, "", 1);

    char *out = g->out;
    if (g->is_failed) {
        free(out);
        out = NULL;
    } else {
        *out_len = g->out_len - 1;
        out[*out_len] = '\0';
    }
    free(g);
    return out;
}

/* ------------------------------------------------------------ describe */

int html_guard_has_cuts(const html_guard_report *r)
{
    return r->n_attributes_dropped > 0 || r->n_values_cut > 0 ||
           r->n_start_tags_dropped > 0 || r->n_end_tags_dropped > 0;
}

/* Appends to BUF (CAP bytes, *USED of them used) as snprintf would, cut
 * to fit. */
static void append(char *buf, size_t cap, size_t *used, const char *format,
                   ...) __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t cap, size_t *used, const char *format,
                   ...)
{
    if (*used + 1 >= cap)
        return;
    va_list args;
    va_start(args, format);
    int n = vsnprintf(buf + *used, cap - *used, format, args);
    va_end(args);
    if (n > 0)
        *used += (size_t)n < cap - *used ? (size_t)n : cap - 1 - *used;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

void html_guard_describe(const html_guard_report *r, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    append(buf, cap, &used, "markup simplified before parsing, text kept:");
    const char *sep = " ";
    if (r->n_attributes_dropped > 0) {
        append(buf, cap, &used,
               "%s%zu attribute%s past the first %d of a tag dropped "
               "(first <%s> at line %zu)",
               sep, r->n_attributes_dropped, plural(r->n_attributes_dropped),
               HTML_GUARD_MAX_ATTRIBUTES, r->attributes_tag,
               r->attributes_line);
        sep = "; ";
    }
    if (r->n_values_cut > 0) {
        append(buf, cap, &used,
               "%s%zu attribute value%s cut to %d bytes (first %s of <%s> "
               "at line %zu)",
               sep, r->n_values_cut, plural(r->n_values_cut),
               HTML_GUARD_MAX_VALUE_BYTES, r->values_attribute, r->values_tag,
               r->values_line);
        sep = "; ";
    }
    if (r->n_start_tags_dropped > 0 || r->n_end_tags_dropped > 0)
        append(buf, cap, &used,
               "%s%zu start tag%s and %zu end tag%s nested deeper than %d "
               "dropped (from line %zu)",
               sep, r->n_start_tags_dropped, plural(r->n_start_tags_dropped),
               r->n_end_tags_dropped, plural(r->n_end_tags_dropped),
               HTML_GUARD_MAX_DEPTH, r->nesting_line);
}
