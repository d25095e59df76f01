/*
 * record_json.c: the stored record: written through jansson, read by a
 * scanner of its own (see "reading" below).
 */
#include "dossier/record_json.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"
#include "dossier/gazetteer.h"
#include "dossier/utf8.h"
#include "utf8.h"

/* Jansson refuses invalid UTF-8; readers may hand us some. */
static json_t *utf8_string(const char *s)
{
    json_t *j = json_string(s);
    if (j != NULL)
        return j;
    size_t len;
    char *fixed = dossier_utf8_repair(s, strlen(s), &len);
    if (fixed == NULL)
        return NULL;
    j = json_stringn(fixed, len);
    free(fixed);
    return j;
}

static int set_string(json_t *obj, const char *key, const char *value)
{
    if (value == NULL)
        return 0;
    json_t *s = utf8_string(value);
    return s ? json_object_set_new(obj, key, s) : -1;
}

static int add_mentions(json_t *list, const dossier_analysis *res,
                        const char *field)
{
    if (res == NULL)
        return 0;
    const dossier_mention *m = dossier_analysis_mentions(res);
    for (size_t i = 0; i < dossier_analysis_mention_count(res); i++) {
        json_t *e = json_pack("{s:s,s:s,s:s,s:I,s:I}", "id", m[i].entity->id,
                              "type",
                              dossier_entity_type_name(m[i].entity->type),
                              "field", field, "start",
                              (json_int_t)m[i].start, "end",
                              (json_int_t)m[i].end);
        if (e == NULL || json_array_append_new(list, e) != 0)
            return -1;
    }
    return 0;
}

char *dossier_record_to_json(const dossier_article *a,
                             const char *canonical_url,
                             const dossier_analysis *title,
                             const dossier_analysis *body, size_t *len)
{
    json_t *obj = json_object();
    json_t *entities = json_array();
    char *out = NULL;
    if (obj == NULL || entities == NULL)
        goto done;
    if (set_string(obj, "id", a->id) || set_string(obj, "url",
                                                  canonical_url ? canonical_url
                                                                : a->url) ||
        set_string(obj, "title", a->title ? a->title : "") ||
        set_string(obj, "body", a->body ? a->body : "") ||
        set_string(obj, "source", a->source) ||
        set_string(obj, "author", a->author) ||
        set_string(obj, "lang", a->lang) ||
        set_string(obj, "category", a->category))
        goto done;
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        if (set_string(obj, "published", date))
            goto done;
    }
    if (add_mentions(entities, title, "title") ||
        add_mentions(entities, body, "body"))
        goto done;
    if (json_object_set(obj, "entities", entities) != 0)
        goto done;
    out = json_dumps(obj, JSON_COMPACT);
    if (out && len)
        *len = strlen(out);
done:
    json_decref(entities);
    json_decref(obj);
    return out;
}

/* ----------------------------------------------------------- reading
 *
 * The searcher reads a record for every hit it shows, and a record holds
 * every entity mention found in the article.  Building jansson's tree of
 * those mentions only to drop them cost more than any other step of a
 * results page (0.4 ms for ten long articles), so the reader below decodes
 * the top-level strings it keeps and steps over everything else.  It is
 * as strict as jansson: RFC 8259 syntax, valid UTF-8, no NUL in a string,
 * nothing after the object but white space. */

/* How deep arrays and objects may nest in a value we skip. */
#define MAX_DEPTH 64

struct scan {
    const char *p, *end;
};

static void skip_space(struct scan *s)
{
    while (s->p < s->end &&
           (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static int take_byte(struct scan *s, char c)
{
    skip_space(s);
    if (s->p == s->end || *s->p != c)
        return -1;
    s->p++;
    return 0;
}

static int hex4(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads the \u escape at P (past the backslash and the 'u'), a surrogate
 * pair whole, into *CP; returns the bytes read or 0 when malformed. */
static size_t unicode_escape(const char *p, const char *end, uint32_t *cp)
{
    if (end - p < 4 || hex4(p, cp) != 0 || *cp == 0 ||
        (*cp >= 0xDC00 && *cp <= 0xDFFF))
        return 0;
    if (*cp < 0xD800 || *cp > 0xDBFF)
        return 4;
    uint32_t low;
    if (end - p < 10 || p[4] != '\\' || p[5] != 'u' || hex4(p + 6, &low) ||
        low < 0xDC00 || low > 0xDFFF)
        return 0;
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (low - 0xDC00);
    return 10;
}

/* Scans the string at s->p (its opening quote) and, when OUT is not NULL,
 * decodes it into a new NUL-terminated *OUT (*OUT_LEN bytes).  Returns 0,
 * or -1 when the string is malformed or memory ran out. */
static int scan_string(struct scan *s, char **out, size_t *out_len)
{
    if (take_byte(s, '"') != 0)
        return -1;
    /* The closing quote, past escaped ones: the text between bounds the
     * decoded string, as no escape is shorter than what it stands for. */
    size_t len = 0, avail = (size_t)(s->end - s->p);
    while (len < avail && s->p[len] != '"')
        len += s->p[len] == '\\' ? 2 : 1;
    if (len >= avail)
        return -1;
    char *buf = NULL;
    size_t used = 0;
    if (out && (buf = malloc(len + 1)) == NULL)
        return -1;
    const unsigned char *u = (const unsigned char *)s->p;
    size_t i = 0;
    while (i < len) {
        unsigned char c = u[i];
        if (c < 0x20)
            goto bad;
        if (c == '\\') {
            char e = (char)u[i + 1], plain = 0;
            uint32_t cp = 0;
            size_t n = 2;
            switch (e) {
            case '"': case '\\': case '/': plain = e; break;
            case 'b': plain = '\b'; break;
            case 'f': plain = '\f'; break;
            case 'n': plain = '\n'; break;
            case 'r': plain = '\r'; break;
            case 't': plain = '\t'; break;
            case 'u': {
                size_t k = unicode_escape(s->p + i + 2, s->p + len, &cp);
                if (k == 0)
                    goto bad;
                n += k;
                break;
            }
            default:
                goto bad;
            }
            if (buf && plain)
                buf[used++] = plain;
            else if (buf)
                used += put_utf8(buf + used, cp);
            i += n;
            continue;
        }
        size_t at = i;
        uint32_t cp = c < 0x80 ? (i++, c) : utf8_next(u, len, &i);
        if (cp == UTF8_REPLACEMENT && i - at == 1)
            goto bad; /* an invalid byte, not a real U+FFFD */
        if (buf) {
            memcpy(buf + used, u + at, i - at);
            used += i - at;
        }
    }
    s->p += i + 1;
    if (buf) {
        buf[used] = '\0';
        *out = buf;
        *out_len = used;
    }
    return 0;
bad:
    free(buf);
    return -1;
}

static int scan_literal(struct scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return -1;
    s->p += n;
    return 0;
}

static int is_digit(const struct scan *s)
{
    return s->p < s->end && *s->p >= '0' && *s->p <= '9';
}

/* Whether the number of LEN bytes at TEXT is one jansson refuses as too
 * large to hold: an integer past long long, a real past double. */
static int is_number_overflow(const char *text, size_t len, int is_real)
{
    /* Up to 18 digits fit a long long, and a real without an exponent
     * needs over 300 before the point to pass DBL_MAX. */
    if (!is_real && len <= 18)
        return 0;
    char small[64];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (copy == NULL)
        return 1;
    memcpy(copy, text, len);
    copy[len] = '\0';
    errno = 0;
    int is_overflow;
    if (is_real) {
        double v = strtod(copy, NULL);
        is_overflow = errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL);
    } else {
        (void)strtoll(copy, NULL, 10);
        is_overflow = errno == ERANGE;
    }
    if (copy != small)
        free(copy);
    return is_overflow;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and one jansson can
 * hold: it refuses "too big integer" and "real number overflow". */
static int scan_number(struct scan *s)
{
    const char *start = s->p;
    int is_real = 0;
    if (s->p < s->end && *s->p == '-')
        s->p++;
    if (!is_digit(s))
        return -1;
    if (*s->p++ != '0')
        while (is_digit(s))
            s->p++;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        is_real = 1;
        if (!is_digit(s))
            return -1;
        while (is_digit(s))
            s->p++;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        is_real = 1;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
            s->p++;
        if (!is_digit(s))
            return -1;
        while (is_digit(s))
            s->p++;
    }
    return is_number_overflow(start, (size_t)(s->p - start), is_real) ? -1
                                                                       : 0;
}

/* Steps over one value. */
static int skip_value(struct scan *s, int depth)
{
    skip_space(s);
    if (s->p == s->end || depth > MAX_DEPTH)
        return -1;
    char c = *s->p;
    if (c == '"')
        return scan_string(s, NULL, NULL);
    if (c == 't')
        return scan_literal(s, "true");
    if (c == 'f')
        return scan_literal(s, "false");
    if (c == 'n')
        return scan_literal(s, "null");
    if (c != '[' && c != '{')
        return scan_number(s);
    char close = c == '[' ? ']' : '}';
    s->p++;
    skip_space(s);
    if (s->p < s->end && *s->p == close) {
        s->p++;
        return 0;
    }
    for (;;) {
        if (close == '}' &&
            (scan_string(s, NULL, NULL) != 0 || take_byte(s, ':') != 0))
            return -1;
        if (skip_value(s, depth + 1) != 0)
            return -1;
        skip_space(s);
        if (s->p == s->end)
            return -1;
        if (*s->p++ == close)
            return 0;
        if (s->p[-1] != ',')
            return -1;
    }
}

/* Reads one "key": value member into OUT. */
static int read_member(struct scan *s, dossier_article *out)
{
    char *key = NULL, *value = NULL;
    size_t key_len, value_len;
    if (scan_string(s, &key, &key_len) != 0)
        return -1;
    int rc = take_byte(s, ':');
    char **field = dossier_article_text_field(out, key);
    int is_date = strcmp(key, "published") == 0;
    skip_space(s);
    if (rc == 0 && (field || is_date) && s->p < s->end && *s->p == '"') {
        rc = scan_string(s, &value, &value_len);
        if (rc == 0 && field) {
            free(*field); /* a repeated key: the last one counts */
            *field = value;
            value = NULL;
        } else if (rc == 0) {
            out->has_published =
                dossier_parse_date(value, &out->published) == 0;
            if (!out->has_published)
                out->published = 0;
        }
    } else if (rc == 0) {
        rc = skip_value(s, 0);
        if (rc == 0 && field) { /* as jansson keeps only the last */
            free(*field);
            *field = NULL;
        } else if (rc == 0 && is_date) {
            out->has_published = 0;
        }
    }
    free(key);
    free(value);
    return rc;
}

dossier_status dossier_record_from_json(const char *json, size_t len,
                                        dossier_article *out)
{
    dossier_article_clear(out);
    struct scan s = {json, json + len};
    int rc = take_byte(&s, '{');
    skip_space(&s);
    if (rc == 0 && s.p < s.end && *s.p == '}') {
        s.p++;
    } else {
        while (rc == 0) {
            rc = read_member(&s, out);
            if (rc == 0)
                rc = take_byte(&s, ',') == 0 ? 0 : take_byte(&s, '}') == 0 ? 1 : -1;
        }
        rc = rc == 1 ? 0 : -1;
    }
    skip_space(&s);
    if (rc != 0 || s.p != s.end) {
        dossier_article_clear(out);
        return DOSSIER_ERR_INVALID;
    }
    return DOSSIER_OK;
}
