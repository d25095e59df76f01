/*
 * read_jsonl.c: JSON Lines articles, one object a line:
 *
 *   {"id": "...", "url": "...", "title": "...", "body": "...",
 *    "published": "2023-08-07T14:00:00Z", "source": "...", "lang": "en",
 *    "category": "...", "author": "Jane Doe"}
 *
 * Every field is optional, but a record needs a title or a body; other
 * fields are ignored; null is absent.  "id" may be a string or a whole
 * number (its decimal digits), "published" a date string or a number of
 * Unix seconds.  A bad line is rejected with its number and the rest goes
 * on; a NUL byte costs its line only.
 *
 * A field of another type is never dropped in silence: a whole number in
 * a text field is kept as its digits, with a warning; a number out of
 * range or any other type in "published" is warned of and the article
 * kept without a date; any other type (a fraction, a boolean, an object,
 * an array) in the id or a text field rejects the record, naming the
 * field: a guess would lose its text or replace an article under the
 * wrong key.
 *
 * The byline is the first of "author", "authors" and "byline" that is
 * present and not null: a name, an object with a string "name" (JSON
 * Feed, schema.org), or a list of either, whose names are joined with
 * ", ".  A byline of another shape is warned of and the article kept
 * without one: it is neither the article's key nor its text, and
 * dropping the record would lose the article for its credit line.
 */
#include "read_jsonl.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"

/* The longest date quoted in a message, in bytes. */
#define MAX_QUOTED 80
/* The range of dates (years 1000 to 9999, as dossier_parse_date), in Unix
 * seconds: 1000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define MIN_UNIX_SECONDS (-30610224000LL)
#define MAX_UNIX_SECONDS 253402300799LL


/* What V is, in words, for a message: "an object", "a number (4.5)"... */
static void describe(const json_t *v, char *out, size_t size)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        snprintf(out, size, "an object");
        break;
    case JSON_ARRAY:
        snprintf(out, size, "an array");
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        snprintf(out, size, "a boolean");
        break;
    case JSON_REAL:
        snprintf(out, size, "a number with a fraction or an exponent (%.15g)",
                 json_real_value(v));
        break;
    case JSON_INTEGER:
        snprintf(out, size, "a number");
        break;
    case JSON_STRING:
        snprintf(out, size, "a string");
        break;
    default:
        snprintf(out, size, "null");
        break;
    }
}

/* Whether V can be a text field: absent, null, a string, or a whole
 * number (kept as its digits). */
static int is_text_type(const json_t *v)
{
    return v == NULL || json_is_null(v) || json_is_string(v) ||
           json_is_integer(v);
}

/* Whether V gives text that is not empty. */
static int has_text(const json_t *v)
{
    return json_is_integer(v) ||
           (json_is_string(v) && json_string_length(v) > 0);
}

/* The 1-based column of the first \u0000 escape inside a string of LINE,
 * or 0. */
static size_t escaped_nul_column(const char *line, size_t len)
{
    int is_in_string = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_in_string) {
            is_in_string = line[i] == '"';
        } else if (line[i] == '"') {
            is_in_string = 0;
        } else if (line[i] == '\\') {
            if (len - i >= 6 && memcmp(line + i + 1, "u0000", 5) == 0)
                return i + 1;
            i++;
        }
    }
    return 0;
}

/* The keys a byline may come under, the first present and not null
 * counting: ours (JSON Feed 1.0's object too), JSON Feed 1.1's list, and
 * the name some exports give it. */
static const char *const byline_keys[] = {"author", "authors", "byline"};

/* Whether text field I is the byline, which take_byline reads. */
static int is_byline_field(size_t i)
{
    return dossier_text_fields[i].offset == offsetof(dossier_article, author);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
           c == '\v';
}

/* The name V gives, trimmed of white space, in *NAME and *LEN: a string,
 * or an object's string "name".  Returns 0, or -1 when V is neither. */
static int name_of(const json_t *v, const char **name, size_t *len)
{
    if (json_is_object(v))
        v = json_object_get(v, "name");
    if (!json_is_string(v))
        return -1;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    while (n > 0 && is_space(s[0])) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *name = s;
    *len = n;
    return 0;
}

/* Reads the byline of OBJ into A (see the top of the file), or tells why
 * not.  Returns DOSSIER_OK, or DOSSIER_ERR_NOMEM. */
static dossier_status take_byline(const json_t *obj, const char *where,
                                  const reader_sink *sink, dossier_article *a)
{
    const char *key = NULL;
    const json_t *v = NULL;
    for (size_t i = 0; i < sizeof byline_keys / sizeof byline_keys[0]; i++) {
        v = json_object_get(obj, byline_keys[i]);
        key = byline_keys[i];
        if (v != NULL && !json_is_null(v))
            break;
        v = NULL;
    }
    if (v == NULL)
        return DOSSIER_OK;
    /* One name, or a list: the names' bytes and a ", " between each. */
    size_t n_items = json_is_array(v) ? json_array_size(v) : 1;
    size_t n_bad = 0, bytes = 0;
    for (size_t i = 0; i < n_items; i++) {
        const char *name;
        size_t len;
        if (name_of(json_is_array(v) ? json_array_get(v, i) : v, &name,
                    &len) != 0)
            n_bad++;
        else if (len > 0)
            bytes += len + 2;
    }
    char reason[256];
    if (n_bad > 0 && !json_is_array(v)) {
        char what[96];
        describe(v, what, sizeof what);
        snprintf(reason, sizeof reason,
                 "%s is %s, expected a name or a list of names; article kept "
                 "without a byline",
                 key, what);
        reader_warn(sink, where, reason);
        return DOSSIER_OK;
    }
    if (n_bad > 0) {
        snprintf(reason, sizeof reason,
                 "%s holds %zu item%s that %s no name; %s", key, n_bad,
                 n_bad == 1 ? "" : "s", n_bad == 1 ? "is" : "are",
                 bytes > 0 ? "the others are the byline"
                           : "article kept without a byline");
        reader_warn(sink, where, reason);
    }
    if (bytes == 0)
        return DOSSIER_OK; /* no name, or only empty ones: no byline */
    char *joined = malloc(bytes);
    if (joined == NULL)
        return DOSSIER_ERR_NOMEM;
    size_t used = 0;
    for (size_t i = 0; i < n_items; i++) {
        const char *name;
        size_t len;
        if (name_of(json_is_array(v) ? json_array_get(v, i) : v, &name,
                    &len) != 0 ||
            len == 0)
            continue;
        if (used > 0) {
            memcpy(joined + used, ", ", 2);
            used += 2;
        }
        memcpy(joined + used, name, len);
        used += len;
    }
    joined[used] = '\0';
    free(a->author);
    a->author = joined;
    return DOSSIER_OK;
}

/* Reads "published" (not absent, not null) into A, or tells why not.  The
 * article is kept either way. */
static void take_published(const json_t *v, const char *where,
                           const reader_sink *sink, dossier_article *a)
{
    char reason[MAX_QUOTED + 128];
    if (json_is_string(v)) {
        const char *text = json_string_value(v);
        if (dossier_parse_date(text, &a->published) == 0) {
            a->has_published = 1;
            return;
        }
        /* Quoted whole characters at most MAX_QUOTED bytes long. */
        size_t n = strlen(text);
        if (n > MAX_QUOTED) {
            n = MAX_QUOTED;
            while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
                n--;
        }
        snprintf(reason, sizeof reason,
                 "bad date \"%.*s\"; article kept without a date", (int)n,
                 text);
    } else if (json_is_integer(v)) {
        json_int_t t = json_integer_value(v);
        if (t >= MIN_UNIX_SECONDS && t <= MAX_UNIX_SECONDS) {
            a->published = (int64_t)t;
            a->has_published = 1;
            return;
        }
        snprintf(reason, sizeof reason,
                 "published is a number out of range for Unix seconds "
                 "(%lld); article kept without a date",
                 (long long)t);
    } else if (json_is_real(v)) {
        /* Fractional seconds: the index keeps whole ones. */
        double d = json_real_value(v);
        if (d >= (double)MIN_UNIX_SECONDS &&
            d < (double)MAX_UNIX_SECONDS + 1) {
            int64_t t = (int64_t)d;
            if ((double)t > d)
                t--;
            a->published = t;
            a->has_published = 1;
            return;
        }
        snprintf(reason, sizeof reason,
                 "published is a number out of range for Unix seconds "
                 "(%.15g); article kept without a date",
                 d);
    } else {
        char what[96];
        describe(v, what, sizeof what);
        snprintf(reason, sizeof reason,
                 "published is %s, expected a date string or Unix seconds; "
                 "article kept without a date",
                 what);
    }
    reader_warn(sink, where, reason);
}

/* Parses one line into A.  Returns DOSSIER_OK (A filled, maybe with
 * warnings reported), DOSSIER_REFUSED when the line was rejected
 * (reported), or DOSSIER_ERR_NOMEM. */
static dossier_status parse_record(const char *line, size_t len,
                                   const char *where,
                                   const reader_sink *sink,
                                   dossier_article *a)
{
    char reason[320];
    /* No field may hold a NUL, and JSON has none outside strings: the
     * line is bad, and only the line. */
    const char *nul = memchr(line, '\0', len);
    if (nul != NULL) {
        snprintf(reason, sizeof reason,
                 "malformed JSON at column %zu: NUL byte",
                 (size_t)(nul - line) + 1);
        sink->reject(sink->ctx, where, reason);
        return DOSSIER_REFUSED;
    }
    json_error_t error;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &error);
    if (obj == NULL) {
        size_t column;
        if (strstr(error.text, "JSON_ALLOW_NUL") != NULL &&
            (column = escaped_nul_column(line, len)) > 0)
            snprintf(reason, sizeof reason,
                     "malformed JSON at column %zu: NUL character (\\u0000) "
                     "in a string",
                     column);
        else
            snprintf(reason, sizeof reason, "malformed JSON at column %d: %s",
                     error.column, error.text);
        sink->reject(sink->ctx, where, reason);
        return DOSSIER_REFUSED;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        sink->reject(sink->ctx, where, "not a JSON object");
        return DOSSIER_REFUSED;
    }
    /* First what skips the record, so that a skipped record gets one
     * message and no warnings before it. */
    for (size_t i = 0; i < DOSSIER_N_TEXT_FIELDS; i++) {
        json_t *v = json_object_get(obj, dossier_text_fields[i].name);
        if (is_text_type(v) || is_byline_field(i))
            continue;
        char what[96];
        describe(v, what, sizeof what);
        snprintf(reason, sizeof reason,
                 "%s is %s, expected a string%s; record skipped",
                 dossier_text_fields[i].name, what,
                 i == 0 ? " or a whole number" : "");
        json_decref(obj);
        sink->reject(sink->ctx, where, reason);
        return DOSSIER_REFUSED;
    }
    if (!has_text(json_object_get(obj, "title")) &&
        !has_text(json_object_get(obj, "body"))) {
        json_decref(obj);
        sink->reject(sink->ctx, where, "record has neither title nor body");
        return DOSSIER_REFUSED;
    }
    int rc = 0;
    for (size_t i = 0; i < DOSSIER_N_TEXT_FIELDS && rc == 0; i++) {
        if (is_byline_field(i))
            continue;
        json_t *v = json_object_get(obj, dossier_text_fields[i].name);
        char **field = (char **)((char *)a + dossier_text_fields[i].offset);
        if (json_is_string(v)) {
            rc = dossier_article_set(field, json_string_value(v),
                                     json_string_length(v));
        } else if (json_is_integer(v)) {
            char digits[32];
            snprintf(digits, sizeof digits, "%lld",
                     (long long)json_integer_value(v));
            rc = dossier_article_set(field, digits, strlen(digits));
            /* A whole-number id is documented; elsewhere it is told. */
            if (rc == 0 && i > 0) {
                snprintf(reason, sizeof reason,
                         "%s is a number, expected a string; kept as \"%s\"",
                         dossier_text_fields[i].name, digits);
                reader_warn(sink, where, reason);
            }
        }
    }
    json_t *published = json_object_get(obj, "published");
    if (rc == 0 && published != NULL && !json_is_null(published))
        take_published(published, where, sink, a);
    if (rc == 0 && take_byline(obj, where, sink, a) != DOSSIER_OK)
        rc = -1;
    json_decref(obj);
    return rc != 0 ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}

dossier_status read_jsonl(const char *head, size_t head_len, gzFile in,
                          const char *name, const reader_sink *sink)
{
    size_t head_pos = 0;
    /* A line may hold one article of up to the cap, escaped: allow some
     * room for JSON escapes and the other fields. */
    size_t max_line = sink->max_article_bytes * 2 + 65536;
    size_t cap = 65536, len = 0;
    char *line = malloc(cap);
    if (line == NULL)
        return DOSSIER_ERR_NOMEM;
    size_t line_no = 0;
    dossier_status status = DOSSIER_OK;
    int is_overlong = 0;
    dossier_article a = {0};
    char where[512];
    for (;;) {
        int c = head_pos < head_len ? (unsigned char)head[head_pos++]
                                    : gzgetc(in);
        if (c != '\n' && c != -1) {
            if (is_overlong)
                continue;
            if (len + 1 >= cap) {
                if (cap >= max_line) {
                    is_overlong = 1;
                    continue;
                }
                char *p = realloc(line, cap * 2);
                if (p == NULL) {
                    status = DOSSIER_ERR_NOMEM;
                    break;
                }
                line = p;
                cap *= 2;
            }
            line[len++] = (char)c;
            continue;
        }
        if (c == -1 && len == 0 && !is_overlong)
            break;
        line_no++;
        snprintf(where, sizeof where, "%s:%zu", name, line_no);
        size_t start = 0;
        /* A UTF-8 byte order mark before the first record. */
        if (line_no == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
            start = 3;
        while (start < len && (line[start] == ' ' || line[start] == '\t' ||
                               line[start] == '\r'))
            start++;
        if (is_overlong) {
            char reason[96];
            snprintf(reason, sizeof reason, "line longer than %zu bytes",
                     max_line);
            sink->reject(sink->ctx, where, reason);
        } else if (start < len) {
            dossier_status rc =
                parse_record(line + start, len - start, where, sink, &a);
            if (rc == DOSSIER_ERR_NOMEM) {
                status = rc;
                break;
            }
            if (rc == DOSSIER_OK) {
                size_t text = (a.title ? strlen(a.title) : 0) +
                              (a.body ? strlen(a.body) : 0);
                if (text > sink->max_article_bytes) {
                    char reason[96];
                    snprintf(reason, sizeof reason,
                             "article larger than %zu bytes",
                             sink->max_article_bytes);
                    sink->reject(sink->ctx, where, reason);
                } else if ((status = sink->article(sink->ctx, &a, where)) !=
                           DOSSIER_OK) {
                    break;
                }
            }
            dossier_article_clear(&a);
        }
        len = 0;
        is_overlong = 0;
        if (c == -1)
            break;
    }
    int err;
    const char *message = gzerror(in, &err);
    if (status == DOSSIER_OK && err != Z_OK && err != Z_STREAM_END) {
        snprintf(where, sizeof where, "%s:%zu", name, line_no);
        char reason[256];
        snprintf(reason, sizeof reason, "read error: %s", message);
        sink->reject(sink->ctx, where, reason);
    }
    dossier_article_clear(&a);
    free(line);
    return status;
}
