/*
 * feed_xml.c: a feed's bytes to an XML tree; see feed_xml.h.
 *
 * Three steps, each of which keeps what the one before it could not:
 *   1. The bytes are decoded to UTF-8 here (charset.c), not by libxml2, so
 *      that ISO-8859-1 is read as Windows-1252, a stray byte of invalid
 *      UTF-8 costs one character instead of the feed, and UTF-16 files
 *      read from disk work as fetched ones do.  The parser is then told
 *      the text is UTF-8 and to ignore the declaration.
 *   2. The text is repaired where feeds commonly break XML, outside
 *      comments, CDATA sections and processing instructions: HTML's named
 *      entities (which need the HTML DTD XML never loads) become their
 *      characters; an entity the feed declares as plain text is expanded
 *      (so nothing it stands for is lost, and no DTD need be read); a
 *      stray "&" or an unknown "&name;" is escaped and kept as text;
 *      characters XML forbids become spaces.  Lines stay where they were,
 *      so messages point at the input.  This is what a browser's reading
 *      would keep, and what feedparser's loose parser keeps.
 *   3. The repaired text is parsed strictly; if it still is not
 *      well-formed (a tag left open in one item), it is parsed again in
 *      libxml2's recovery mode, which keeps every element it can.
 *
 * Entities: XML_PARSE_NOENT and XML_PARSE_DTDLOAD are never set, so an
 * entity declared with markup stays a reference node (the reader skips
 * those), an external entity is never loaded, and libxml2's own checks
 * refuse an expansion bomb.  Entities declared as plain text are expanded
 * by step 2 under a budget, so a million references to a long one cannot
 * blow up the text either.
 */
#include "feed_xml.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "dossier/utf8.h"
#include "feed_entities_table.h"
#include "text_buf.h"

/* The most entity declarations of a feed that are expanded, and the most
 * bytes all their expansions together may add to the text beyond its own
 * size: past it none is expanded (a blow-up is an attack, and half of one
 * expanded would be a text nobody wrote). */
#define MAX_DECLARED_ENTITIES 256
#define DECLARED_EXPANSION_SLACK (256u << 10)
/* The longest entity name looked up; longer is no entity. */
#define MAX_ENTITY_NAME 64

void feed_xml_quote(char *out, const char *s)
{
    size_t len = strlen(s);
    if (len > FEED_XML_MAX_QUOTED) {
        len = FEED_XML_MAX_QUOTED;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    for (size_t i = 0; i < len; i++)
        out[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    out[len] = '\0';
}

/* ------------------------------------------------------------ encoding */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The encoding named by the XML declaration at the start of DATA, into
 * OUT; false when there is none. */
static bool declared_encoding(const char *data, size_t len, char out[40])
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (len - i < 5 || memcmp(data + i, "<?xml", 5) != 0)
        return false;
    const char *start = data + i;
    size_t window = len - i < 512 ? len - i : 512;
    const char *end = memchr(start, '>', window);
    if (end == NULL)
        return false;
    for (const char *p = start; p + 8 < end; p++) {
        if (memcmp(p, "encoding", 8) != 0)
            continue;
        p += 8;
        while (p < end && is_space(*p))
            p++;
        if (p >= end || *p != '=')
            return false;
        p++;
        while (p < end && is_space(*p))
            p++;
        if (p >= end || (*p != '"' && *p != '\''))
            return false;
        char quote = *p++;
        const char *value_end = memchr(p, quote, (size_t)(end - p));
        if (value_end == NULL || value_end == p ||
            (size_t)(value_end - p) >= 40)
            return false;
        memcpy(out, p, (size_t)(value_end - p));
        out[value_end - p] = '\0';
        return true;
    }
    return false;
}

/* The encoding to read DATA in, into OUT ("" for UTF-8 by default). */
static void choose_encoding(const char *data, size_t len,
                            const char *transport, char out[40])
{
    const char *wide = charset_wide(data, len);
    out[0] = '\0';
    if (wide != NULL) {
        snprintf(out, 40, "%s", wide);
        return;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        snprintf(out, 40, "UTF-8");
        return;
    }
    /* UTF-16 or UTF-32 named on one-byte text is a label the bytes
     * contradict (a file re-encoded, or decoded already). */
    char declared[40];
    if (declared_encoding(data, len, declared) &&
        !charset_is_wide_label(declared)) {
        snprintf(out, 40, "%s", declared);
        return;
    }
    if (transport != NULL && *transport != '\0' &&
        !charset_is_wide_label(transport))
        snprintf(out, 40, "%s", transport);
}

/* ------------------------------------------------------------ entities */

typedef struct declared_entity {
    const char *name, *value;
    size_t name_len, value_len;
    /* Whether its value is text, character references and references to
     * such entities (HTML's among them), with no cycle: what step 2
     * expands.  EXPANDED_LEN: the length of that expansion, saturating. */
    bool is_plain;
    size_t expanded_len;
    enum { UNCHECKED, CHECKING, CHECKED } state;
} declared_entity;

typedef struct repairer {
    const char *in;
    size_t len;
    text_buf out;
    feed_xml_report *report;
    declared_entity declared[MAX_DECLARED_ENTITIES];
    size_t n_declared;
    size_t expansion_left; /* bytes declared entities may still add */
    size_t doctype_start, doctype_end; /* [start, end) of <!DOCTYPE ...> */
} repairer;

static bool starts_with(const repairer *r, size_t i, const char *s)
{
    size_t n = strlen(s);
    return r->len - i >= n && memcmp(r->in + i, s, n) == 0;
}

static bool is_name_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
           c == ':' || c >= 0x80;
}

/* The end of the quoted string at I (its closing quote + 1), or LEN. */
static size_t skip_quoted(const repairer *r, size_t i)
{
    const char *close = memchr(r->in + i + 1, r->in[i], r->len - i - 1);
    return close != NULL ? (size_t)(close - r->in) + 1 : r->len;
}

/* Reads the declaration "<!ENTITY name 'value'>" at I, when it is one of
 * a general entity with a literal value. */
static void read_entity_declaration(repairer *r, size_t i)
{
    i += 8;
    while (i < r->len && is_space(r->in[i]))
        i++;
    if (i >= r->len || r->in[i] == '%' || r->n_declared == MAX_DECLARED_ENTITIES)
        return;
    size_t name = i;
    while (i < r->len && is_name_byte((unsigned char)r->in[i]))
        i++;
    size_t name_len = i - name;
    while (i < r->len && is_space(r->in[i]))
        i++;
    if (name_len == 0 || i >= r->len)
        return;
    declared_entity *d = &r->declared[r->n_declared++];
    d->name = r->in + name;
    d->name_len = name_len;
    d->is_plain = false;
    if (r->in[i] == '"' || r->in[i] == '\'') {
        size_t end = skip_quoted(r, i);
        if (end < r->len) {
            d->value = r->in + i + 1;
            d->value_len = end - i - 2;
        }
    }
}

/* Finds the DOCTYPE at I, its end, and the entities its internal subset
 * declares. */
static void read_doctype(repairer *r, size_t i)
{
    r->doctype_start = i;
    int in_subset = 0;
    i += 9;
    while (i < r->len) {
        char c = r->in[i];
        if (c == '"' || c == '\'') {
            i = skip_quoted(r, i);
        } else if (in_subset && starts_with(r, i, "<!--")) {
            const char *end = strstr(r->in + i + 4, "-->");
            i = end != NULL ? (size_t)(end - r->in) + 3 : r->len;
        } else if (in_subset && starts_with(r, i, "<!ENTITY")) {
            read_entity_declaration(r, i);
            i += 8;
        } else if (c == '[') {
            in_subset = 1;
            i++;
        } else if (c == ']') {
            in_subset = 0;
            i++;
        } else if (c == '>' && !in_subset) {
            i++;
            break;
        } else {
            i++;
        }
    }
    r->doctype_end = i;
}

static const declared_entity *find_declared(const repairer *r,
                                            const char *name, size_t len)
{
    for (size_t k = 0; k < r->n_declared; k++)
        if (r->declared[k].name_len == len &&
            memcmp(r->declared[k].name, name, len) == 0)
            return &r->declared[k];
    return NULL;
}

static const char *html_entity_text(const char *name, size_t len)
{
    size_t lo = 0, hi = html_n_entities;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *candidate = html_entities[mid].name;
        int cmp = strncmp(candidate, name, len);
        if (cmp == 0)
            cmp = candidate[len] == '\0' ? 0 : 1;
        if (cmp == 0)
            return html_entities[mid].text;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The length of the name of the reference at VALUE[I] ("&name;"), or 0
 * when it is no well-formed one; a character reference is "#...". */
static size_t reference_name_length(const char *value, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && j - i <= MAX_ENTITY_NAME &&
           (is_name_byte((unsigned char)value[j]) || value[j] == '#'))
        j++;
    return j < len && value[j] == ';' ? j - i - 1 : 0;
}

static size_t add_saturating(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/* Works out D->is_plain and D->expanded_len, following the entities its
 * value refers to (a cycle, markup or an unknown name makes it not plain:
 * libxml2 then deals with it). */
static void check_entity(repairer *r, declared_entity *d, unsigned depth)
{
    if (d->state == CHECKED)
        return;
    if (d->state == CHECKING || depth > 16 || d->value == NULL) {
        d->state = CHECKED;
        d->is_plain = false;
        return;
    }
    d->state = CHECKING;
    bool is_plain = true;
    size_t len = 0;
    for (size_t i = 0; i < d->value_len && is_plain; i++) {
        char c = d->value[i];
        if (c == '<' || c == '%') {
            is_plain = false;
        } else if (c != '&') {
            len = add_saturating(len, 1);
        } else {
            size_t name_len = reference_name_length(d->value, d->value_len, i);
            const char *name = d->value + i + 1;
            if (name_len == 0) {
                is_plain = false;
                break;
            }
            if (name[0] == '#') {
                len = add_saturating(len, name_len + 2);
            } else {
                /* The first declaration binds (XML 1.0, 4.2), here as
                 * in put_expansion. */
                declared_entity *inner =
                    (declared_entity *)find_declared(r, name, name_len);
                if (inner != NULL) {
                    check_entity(r, inner, depth + 1);
                    is_plain = inner->is_plain;
                    len = add_saturating(len, inner->expanded_len);
                } else {
                    const char *text = html_entity_text(name, name_len);
                    /* The predefined five are HTML's too. */
                    is_plain = text != NULL;
                    len = add_saturating(len, text ? 8 * strlen(text) : 0);
                }
            }
            i += name_len + 1;
        }
    }
    d->is_plain = is_plain;
    d->expanded_len = len;
    d->state = CHECKED;
}

static void put_as_text(repairer *r, const char *text, size_t len);

/* Writes the expansion of the plain entity D. */
static void put_expansion(repairer *r, const declared_entity *d)
{
    for (size_t i = 0; i < d->value_len; i++) {
        char c = d->value[i];
        if (c != '&') {
            put_as_text(r, &c, 1);
            continue;
        }
        size_t name_len = reference_name_length(d->value, d->value_len, i);
        const char *name = d->value + i + 1;
        if (name[0] == '#') {
            text_buf_put(&r->out, d->value + i, name_len + 2);
        } else {
            const declared_entity *inner =
                find_declared(r, name, name_len);
            if (inner != NULL) {
                put_expansion(r, inner);
            } else {
                /* check_entity found it, or D would not be plain. */
                const char *text = html_entity_text(name, name_len);
                if (text != NULL)
                    put_as_text(r, text, strlen(text));
            }
        }
        i += name_len + 1;
    }
}

static void note(repairer *r, feed_xml_repair *kind, const char *piece,
                 size_t len)
{
    if (kind->n++ == 0) {
        kind->first_line = (long)r->out.n_lines + 1;
        if (len >= sizeof kind->first)
            len = sizeof kind->first - 1;
        /* Cut on a character boundary (PIECE lies in a NUL-terminated
         * text, so the byte after it can be read). */
        while (len > 0 && ((unsigned char)piece[len] & 0xC0) == 0x80)
            len--;
        memcpy(kind->first, piece, len);
        kind->first[len] = '\0';
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)kind->first[i] < 0x20)
                kind->first[i] = ' ';
    }
}

/* Writes TEXT (UTF-8) as character data: markup characters as character
 * references, so that it means itself in text and in attribute values. */
static void put_as_text(repairer *r, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '<' || c == '&' || c == '"' || c == '\'' || c == '>') {
            char ref[8];
            int n = snprintf(ref, sizeof ref, "&#%d;", c);
            text_buf_put(&r->out, ref, (size_t)n);
        } else {
            text_buf_put(&r->out, &c, 1);
        }
    }
}

/* Whether the character reference at I ("&#...;", LEN bytes) names a
 * character XML allows. */
static bool is_good_char_ref(const char *s, size_t len)
{
    size_t i = 2;
    int base = 10;
    if (i < len && (s[i] == 'x' || s[i] == 'X')) {
        base = 16;
        i++;
    }
    if (i >= len - 1)
        return false;
    unsigned long cp = 0;
    for (; i < len - 1; i++) {
        char c = s[i];
        int digit = c >= '0' && c <= '9'                ? c - '0'
                    : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                         : -1;
        if (digit < 0)
            return false;
        cp = cp * (unsigned long)base + (unsigned long)digit;
        if (cp > 0x10FFFF)
            return false;
    }
    return cp == 0x9 || cp == 0xA || cp == 0xD ||
           (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           cp >= 0x10000;
}

/* The reference at I ("&"...): kept, replaced or escaped.  Returns the
 * index after what it consumed. */
static size_t repair_reference(repairer *r, size_t i)
{
    size_t j = i + 1;
    bool is_char_ref = j < r->len && r->in[j] == '#';
    if (is_char_ref)
        j++;
    while (j < r->len && j - i <= MAX_ENTITY_NAME &&
           is_name_byte((unsigned char)r->in[j]))
        j++;
    size_t name_len = j - i - 1 - (is_char_ref ? 1 : 0);
    if (j >= r->len || r->in[j] != ';' || name_len == 0) {
        /* Quoted with the few bytes after it, up to the line's end. */
        size_t quoted = 0;
        while (quoted < 12 && i + quoted < r->len &&
               r->in[i + quoted] != '\n' && r->in[i + quoted] != '<')
            quoted++;
        note(r, &r->report->stray_amp, r->in + i, quoted);
        text_buf_put(&r->out, "&amp;", 5);
        return i + 1;
    }
    j++; /* the ';' */
    const char *name = r->in + i + 1;
    if (is_char_ref) {
        if (is_good_char_ref(r->in + i, j - i)) {
            text_buf_put(&r->out, r->in + i, j - i);
        } else {
            note(r, &r->report->stray_amp, r->in + i, j - i);
            text_buf_put(&r->out, "&amp;", 5);
            text_buf_put(&r->out, r->in + i + 1, j - i - 1);
        }
        return j;
    }
    static const char *const predefined[] = {"amp", "lt", "gt", "quot",
                                             "apos"};
    for (size_t k = 0; k < 5; k++)
        if (strlen(predefined[k]) == name_len &&
            memcmp(predefined[k], name, name_len) == 0) {
            text_buf_put(&r->out, r->in + i, j - i);
            return j;
        }
    const declared_entity *d = find_declared(r, name, name_len);
    if (d != NULL) {
        declared_entity *plain = (declared_entity *)d;
        check_entity(r, plain, 0);
        if (plain->is_plain && plain->expanded_len <= r->expansion_left) {
            r->expansion_left -= plain->expanded_len;
            put_expansion(r, plain);
        } else if (plain->is_plain) {
            /* Over the budget: counted by budget_expansions. */
            text_buf_put(&r->out, r->in + i, j - i);
        } else {
            r->report->n_markup_entities++;
            text_buf_put(&r->out, r->in + i, j - i);
        }
        return j;
    }
    const char *text = html_entity_text(name, name_len);
    if (text != NULL) {
        put_as_text(r, text, strlen(text));
        return j;
    }
    note(r, &r->report->unknown_entity, r->in + i, j - i);
    text_buf_put(&r->out, "&amp;", 5);
    text_buf_put(&r->out, r->in + i + 1, j - i - 1);
    return j;
}

/* Copies IN[I, END) as it is but for characters XML forbids anywhere
 * (controls but tab, newline and return; U+FFFE and U+FFFF), which
 * become a space and U+FFFD. */
static void copy_checked(repairer *r, size_t i, size_t end)
{
    while (i < end) {
        size_t run = i;
        while (run < end) {
            unsigned char c = (unsigned char)r->in[run];
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
                (c == 0xEF && run + 2 < r->len &&
                 (unsigned char)r->in[run + 1] == 0xBF &&
                 ((unsigned char)r->in[run + 2] & 0xFE) == 0xBE))
                break;
            run++;
        }
        text_buf_put(&r->out, r->in + i, run - i);
        if (run >= end)
            return;
        note(r, &r->report->control, "", 0);
        if ((unsigned char)r->in[run] == 0xEF) {
            text_buf_put(&r->out, "\xEF\xBF\xBD", 3);
            i = run + 3;
        } else {
            text_buf_put(&r->out, " ", 1);
            i = run + 1;
        }
    }
}

/* The end of a construct opened at I and closed by CLOSE, or LEN. */
static size_t construct_end(const repairer *r, size_t i, size_t open_len,
                            const char *close)
{
    const char *end = strstr(r->in + i + open_len, close);
    return end != NULL ? (size_t)(end - r->in) + strlen(close) : r->len;
}

/* Allows the expansions of the document's references to plain declared
 * entities when all of them together fit in BUDGET bytes; otherwise none
 * is expanded, and the report says how much they would have been. */
static void budget_expansions(repairer *r, size_t budget)
{
    if (r->n_declared == 0)
        return;
    size_t total = 0, n_refs = 0;
    for (size_t i = r->doctype_end; i < r->len; i++) {
        if (r->in[i] != '&')
            continue;
        size_t name_len = reference_name_length(r->in, r->len, i);
        declared_entity *d =
            name_len > 0 ? (declared_entity *)find_declared(r, r->in + i + 1,
                                                            name_len)
                         : NULL;
        if (d == NULL)
            continue;
        check_entity(r, d, 0);
        if (d->is_plain) {
            total = add_saturating(total, d->expanded_len);
            n_refs++;
        }
    }
    if (total <= budget) {
        r->expansion_left = total;
    } else {
        r->report->n_unexpanded_entities = n_refs;
        r->report->unexpanded_bytes = total;
    }
}

/* Whether C, after "<", can begin markup: a name, an end tag, a comment,
 * CDATA or a declaration, a processing instruction. */
static bool starts_markup(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == ':' || c == '/' || c == '!' || c == '?' ||
           (unsigned char)c >= 0x80;
}

/* Step 2: IN (NUL-terminated UTF-8) repaired into R->out. */
static void repair(repairer *r)
{
    size_t i = 0;
    while (i < r->len && !r->out.is_failed) {
        size_t next = i;
        while (next < r->len && r->in[next] != '<' && r->in[next] != '&')
            next++;
        copy_checked(r, i, next);
        i = next;
        if (i >= r->len)
            break;
        size_t end;
        if (r->in[i] == '&') {
            i = repair_reference(r, i);
            continue;
        }
        if (starts_with(r, i, "<!--"))
            end = construct_end(r, i, 4, "-->");
        else if (starts_with(r, i, "<![CDATA["))
            end = construct_end(r, i, 9, "]]>");
        else if (starts_with(r, i, "<?"))
            end = construct_end(r, i, 2, "?>");
        else if (starts_with(r, i, "<!DOCTYPE") && i == r->doctype_start)
            end = r->doctype_end;
        else if (i + 1 < r->len && !starts_markup(r->in[i + 1])) {
            /* "a < b": no tag starts so; text, as HTML reads it. */
            size_t quoted = 0;
            while (quoted < 12 && i + quoted < r->len &&
                   r->in[i + quoted] != '\n' &&
                   (quoted == 0 || r->in[i + quoted] != '<'))
                quoted++;
            note(r, &r->report->stray_lt, r->in + i, quoted);
            text_buf_put(&r->out, "&lt;", 4);
            i++;
            continue;
        } else
            end = i + 1;
        copy_checked(r, i, end);
        i = end;
    }
}

/* ------------------------------------------------------------ parsing */

typedef struct first_error {
    bool is_set;
    int code;
    long line;
    char message[FEED_XML_MAX_QUOTED + 1];
} first_error;

/* Keeps the first error, and the first line it names in the input itself:
 * errors inside an entity's text count lines from the entity's start. */
static void note_error(void *ctx, xmlErrorPtr error)
{
    first_error *first = ctx;
    if (error == NULL || error->level < XML_ERR_ERROR)
        return;
    if (!first->is_set) {
        first->is_set = true;
        first->code = error->code;
        feed_xml_quote(first->message,
                       error->message != NULL ? error->message : "");
        size_t n = strlen(first->message);
        while (n > 0 && is_space(first->message[n - 1]))
            first->message[--n] = '\0';
    }
    if (first->line == 0 && error->file != NULL && error->line > 0)
        first->line = error->line;
}

/* Parses the UTF-8 TEXT, strictly or in recovery mode. */
static xmlDocPtr parse_utf8(const char *text, size_t len, const char *name,
                            bool is_recovery, first_error *first,
                            bool *is_out_of_memory)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        *is_out_of_memory = true;
        return NULL;
    }
    xmlStructuredErrorFunc old_handler = xmlStructuredError;
    void *old_context = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(first, note_error);
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES |
                  XML_PARSE_IGNORE_ENC;
    if (is_recovery)
        options |= XML_PARSE_RECOVER;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, text, (int)len, name, "UTF-8",
                                      options);
    xmlSetStructuredErrorFunc(old_context, old_handler);
    if (doc == NULL && ctxt->errNo == XML_ERR_NO_MEMORY)
        *is_out_of_memory = true;
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* ------------------------------------------------------------ salvage */

/* Step 3, when the repaired text still is not well-formed: each item is
 * parsed on its own, in recovery mode, inside a copy of the root's start
 * tag (for its namespace declarations), and written back well-formed.
 * A tag left open in one item then closes inside that item, where
 * recovery of the whole would have swallowed every item after it.  Each
 * item keeps its line count, so that messages still name input lines. */

/* The index after the comment, CDATA section or processing instruction
 * at I, or I when none starts there. */
static size_t skip_construct(const char *t, size_t len, size_t i)
{
    static const struct {
        const char *open, *close;
    } constructs[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(constructs[k].open);
        if (len - i >= n && memcmp(t + i, constructs[k].open, n) == 0) {
            const char *end = strstr(t + i + n, constructs[k].close);
            return end != NULL ? (size_t)(end - t) + strlen(constructs[k].close)
                               : len;
        }
    }
    return i;
}

/* Whether a start tag (IS_END false) or an end tag of one of NAMES, with
 * any namespace prefix, begins at I; *AFTER gets the index after the
 * name. */
static bool is_tag_of(const char *t, size_t len, size_t i, bool is_end,
                      const char *const *names, size_t *after)
{
    size_t j = i + 1 + (is_end ? 1 : 0);
    if (j > len || t[i] != '<' || (is_end && t[i + 1] != '/'))
        return false;
    size_t name = j;
    while (j < len && is_name_byte((unsigned char)t[j]))
        j++;
    const char *colon = memchr(t + name, ':', j - name);
    if (colon != NULL)
        name = (size_t)(colon - t) + 1;
    for (; *names != NULL; names++) {
        size_t n = strlen(*names);
        if (j - name == n && memcmp(t + name, *names, n) == 0 &&
            (j == len || t[j] == '>' || t[j] == '/' || is_space(t[j]))) {
            *after = j;
            return true;
        }
    }
    return false;
}

static const char *const item_names[] = {"item", "entry", "ITEM", NULL};
static const char *const holder_names[] = {"channel", "rss", "feed", "RDF",
                                           "CHANNEL", NULL};

/* The end of the item starting at I: after its end tag, or where the
 * next item or the end of its channel or feed begins. */
static size_t item_end(const char *t, size_t len, size_t i)
{
    size_t after;
    for (size_t j = i + 1; j < len;) {
        size_t skipped = skip_construct(t, len, j);
        if (skipped != j) {
            j = skipped;
            continue;
        }
        if (t[j] == '<') {
            if (is_tag_of(t, len, j, true, item_names, &after)) {
                const char *close = memchr(t + after, '>', len - after);
                return close != NULL ? (size_t)(close - t) + 1 : len;
            }
            if (is_tag_of(t, len, j, false, item_names, &after) ||
                is_tag_of(t, len, j, true, holder_names, &after))
                return j;
        }
        j++;
    }
    return len;
}

/* Parses CHUNK inside ROOT_TAG ... </ROOT_NAME> in recovery mode and
 * writes the elements it holds to OUT, then as many newlines as keep
 * CHUNK's line count.  Returns false when memory ran out. */
static bool salvage_item(text_buf *out, const char *root_tag,
                         size_t root_tag_len, const char *root_name,
                         size_t root_name_len, const char *chunk,
                         size_t chunk_len, const char *name)
{
    text_buf wrapped = {0};
    text_buf_put(&wrapped, root_tag, root_tag_len);
    text_buf_put(&wrapped, chunk, chunk_len);
    text_buf_put(&wrapped, "</", 2);
    text_buf_put(&wrapped, root_name, root_name_len);
    text_buf_put(&wrapped, ">", 1);
    size_t wrapped_len;
    char *text = text_buf_finish(&wrapped, &wrapped_len);
    if (text == NULL || wrapped_len > INT_MAX) {
        free(text);
        return text != NULL;
    }
    first_error ignored = {0};
    bool is_out_of_memory = false;
    xmlDocPtr doc =
        parse_utf8(text, wrapped_len, name, true, &ignored, &is_out_of_memory);
    free(text);
    size_t lines_before = out->n_lines;
    xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    xmlBufferPtr buf = root != NULL ? xmlBufferCreate() : NULL;
    for (xmlNode *c = root != NULL ? root->children : NULL;
         c != NULL && buf != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        xmlBufferEmpty(buf);
        if (xmlNodeDump(buf, doc, c, 0, 0) >= 0)
            text_buf_put(out, (const char *)xmlBufferContent(buf),
                         (size_t)xmlBufferLength(buf));
    }
    if (buf != NULL)
        xmlBufferFree(buf);
    xmlFreeDoc(doc);
    size_t chunk_lines = 0;
    for (size_t k = 0; k < chunk_len; k++)
        chunk_lines += chunk[k] == '\n';
    while (out->n_lines - lines_before < chunk_lines && !out->is_failed)
        text_buf_put(out, "\n", 1);
    return !is_out_of_memory && !out->is_failed;
}

/* TEXT with every item parsed on its own and written back (above), or
 * NULL when it has no root element or no item, or memory ran out
 * (*IS_OUT_OF_MEMORY). */
static char *salvage_items(const char *text, size_t len, const char *name,
                           size_t *out_len, bool *is_out_of_memory)
{
    size_t i = 0;
    while (i < len) {
        size_t skipped = skip_construct(text, len, i);
        if (skipped != i) {
            i = skipped;
        } else if (text[i] == '<' && i + 1 < len && text[i + 1] != '!' &&
                   text[i + 1] != '?' && text[i + 1] != '/') {
            break;
        } else if (len - i >= 9 && memcmp(text + i, "<!DOCTYPE", 9) == 0) {
            const char *end = strchr(text + i, '>');
            const char *subset = memchr(text + i, '[', (size_t)(end != NULL ? end - (text + i) : 0));
            if (subset != NULL) {
                const char *close = strstr(subset, "]>");
                end = close != NULL ? close + 1 : NULL;
            }
            i = end != NULL ? (size_t)(end - text) + 1 : len;
        } else {
            i++;
        }
    }
    if (i >= len)
        return NULL;
    size_t root_start = i, root_name_end = i + 1;
    while (root_name_end < len && is_name_byte((unsigned char)text[root_name_end]))
        root_name_end++;
    const char *close = memchr(text + root_start, '>', len - root_start);
    if (close == NULL || close[-1] == '/')
        return NULL;
    size_t root_tag_end = (size_t)(close - text) + 1;

    text_buf out = {0};
    size_t copied = 0, n_items = 0, after;
    for (i = root_tag_end; i < len && !out.is_failed;) {
        size_t skipped = skip_construct(text, len, i);
        if (skipped != i) {
            i = skipped;
            continue;
        }
        if (text[i] != '<' || !is_tag_of(text, len, i, false, item_names, &after)) {
            i++;
            continue;
        }
        size_t end = item_end(text, len, i);
        text_buf_put(&out, text + copied, i - copied);
        if (!salvage_item(&out, text + root_start, root_tag_end - root_start,
                          text + root_start + 1, root_name_end - root_start - 1,
                          text + i, end - i, name)) {
            text_buf_clear(&out);
            *is_out_of_memory = true;
            return NULL;
        }
        n_items++;
        copied = i = end;
    }
    text_buf_put(&out, text + copied, len - copied);
    if (n_items == 0 || out.is_failed) {
        *is_out_of_memory = out.is_failed;
        text_buf_clear(&out);
        return NULL;
    }
    return text_buf_finish(&out, out_len);
}

dossier_status feed_xml_parse(const char *data, size_t len, const char *name,
                              const char *transport_charset, xmlDocPtr *doc,
                              feed_xml_report *report)
{
    memset(report, 0, sizeof *report);
    *doc = NULL;
    choose_encoding(data, len, transport_charset, report->label);
    size_t text_len;
    char *text = charset_to_utf8(data, len,
                                 report->label[0] ? report->label : NULL,
                                 &text_len, &report->charset);
    if (text == NULL)
        return DOSSIER_ERR_NOMEM;

    repairer *r = calloc(1, sizeof *r);
    if (r == NULL) {
        free(text);
        return DOSSIER_ERR_NOMEM;
    }
    r->in = text;
    r->len = text_len;
    r->report = report;
    r->out.max = text_len + DECLARED_EXPANSION_SLACK +
                 (text_len < SIZE_MAX / 16 ? text_len * 8 : 0);
    r->expansion_left = 0;
    r->doctype_start = r->doctype_end = SIZE_MAX;
    const char *doctype = strstr(text, "<!DOCTYPE");
    const char *root = strchr(text, '<');
    /* Only a DOCTYPE before the first element counts. */
    while (root != NULL && (root[1] == '?' || root[1] == '!') &&
           root != doctype)
        root = strchr(root + 1, '<');
    if (doctype != NULL && doctype == root) {
        read_doctype(r, (size_t)(doctype - text));
        budget_expansions(r, text_len + DECLARED_EXPANSION_SLACK);
    }
    repair(r);
    size_t fixed_len;
    char *fixed = text_buf_finish(&r->out, &fixed_len);
    free(r);
    free(text);
    if (fixed == NULL)
        return DOSSIER_ERR_NOMEM;
    if (fixed_len > INT_MAX) {
        free(fixed);
        snprintf(report->error, sizeof report->error,
                 "larger than %d bytes once decoded", INT_MAX);
        return DOSSIER_OK;
    }

    first_error first = {0};
    bool is_out_of_memory = false;
    *doc = parse_utf8(fixed, fixed_len, name, false, &first,
                      &is_out_of_memory);
    if (*doc == NULL && !is_out_of_memory) {
        report->error_line = first.line;
        snprintf(report->error, sizeof report->error, "%s", first.message);
    }
    /* An expansion bomb is an attack, not a slip: nothing of it is read
     * (libxml2 would stop at it anyway, keeping a truncated item). */
    if (*doc == NULL && !is_out_of_memory &&
        first.code != XML_ERR_ENTITY_LOOP) {
        report->is_recovered = true;
        size_t salvaged_len = 0;
        char *salvaged = salvage_items(fixed, fixed_len, name, &salvaged_len,
                                       &is_out_of_memory);
        if (salvaged != NULL && salvaged_len <= INT_MAX) {
            first_error ignored = {0};
            *doc = parse_utf8(salvaged, salvaged_len, name, false, &ignored,
                              &is_out_of_memory);
            if (*doc == NULL && !is_out_of_memory)
                *doc = parse_utf8(salvaged, salvaged_len, name, true,
                                  &ignored, &is_out_of_memory);
        }
        free(salvaged);
        if (*doc == NULL && !is_out_of_memory) {
            first_error ignored = {0};
            *doc = parse_utf8(fixed, fixed_len, name, true, &ignored,
                              &is_out_of_memory);
        }
    }
    /* Well-formed, with errors all the same: namespace errors (an
     * undeclared prefix), which libxml2 reports and reads past. */
    if (*doc != NULL && !report->is_recovered && first.is_set) {
        report->is_namespace_error = true;
        report->error_line = first.line;
        snprintf(report->error, sizeof report->error, "%s", first.message);
    }
    free(fixed);
    if (is_out_of_memory) {
        xmlFreeDoc(*doc);
        *doc = NULL;
        return DOSSIER_ERR_NOMEM;
    }
    if (*doc != NULL && xmlDocGetRootElement(*doc) == NULL) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    return DOSSIER_OK;
}
