/*
 * read_jsonl.c: JSON Lines articles, one object a line:
 *
 *   {"id": "...", "url": "...", "title": "...", "body": "...",
 *    "published": "2023-08-07T14:00:00Z", "source": "...", "lang": "en",
 *    "category": "..."}
 *
 * Every field is optional, but a record needs a title or a body; "id" may
 * be a string or an integer; other fields are ignored; null is absent.  A
 * bad line is rejected with its number and the rest goes on.
 */
#include "read_jsonl.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"

/* Copies a string member; returns -1 only when memory ran out. */
static int take_string(json_t *obj, const char *key, char **field)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v))
        return dossier_article_set(field, json_string_value(v),
                                   json_string_length(v));
    return 0;
}

/* Parses one line into A.  Returns 0 (A filled, or a reject reported),
 * 1 when the line was rejected, -1 when memory ran out. */
static int parse_record(const char *line, size_t len, const char *where,
                        const reader_sink *sink, dossier_article *a)
{
    json_error_t error;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &error);
    char reason[320];
    if (obj == NULL) {
        snprintf(reason, sizeof reason, "malformed JSON at column %d: %s",
                 error.column, error.text);
        sink->reject(sink->ctx, where, reason);
        return 1;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        sink->reject(sink->ctx, where, "not a JSON object");
        return 1;
    }
    int rc = 0;
    json_t *id = json_object_get(obj, "id");
    if (json_is_integer(id)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(id));
        rc |= dossier_article_set(&a->id, buf, strlen(buf));
    } else {
        rc |= take_string(obj, "id", &a->id);
    }
    rc |= take_string(obj, "url", &a->url);
    rc |= take_string(obj, "title", &a->title);
    rc |= take_string(obj, "body", &a->body);
    rc |= take_string(obj, "source", &a->source);
    rc |= take_string(obj, "lang", &a->lang);
    rc |= take_string(obj, "category", &a->category);
    json_t *published = json_object_get(obj, "published");
    if (rc == 0 && json_is_string(published)) {
        if (dossier_parse_date(json_string_value(published), &a->published) ==
            0) {
            a->has_published = 1;
        } else {
            snprintf(reason, sizeof reason,
                     "bad date \"%.80s\"; article kept without a date",
                     json_string_value(published));
            sink->reject(sink->ctx, where, reason);
        }
    }
    json_decref(obj);
    if (rc != 0)
        return -1;
    if ((a->title == NULL || *a->title == '\0') &&
        (a->body == NULL || *a->body == '\0')) {
        sink->reject(sink->ctx, where, "record has neither title nor body");
        return 1;
    }
    return 0;
}

int read_jsonl(const char *head, size_t head_len, gzFile in, const char *name,
               const reader_sink *sink)
{
    size_t head_pos = 0;
    /* A line may hold one article of up to the cap, escaped: allow some
     * room for JSON escapes and the other fields. */
    size_t max_line = sink->max_article_bytes * 2 + 65536;
    size_t cap = 65536, len = 0;
    char *line = malloc(cap);
    if (line == NULL)
        return -1;
    size_t line_no = 0;
    int status = 0, is_overlong = 0;
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
                    status = -1;
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
        while (start < len && (line[start] == ' ' || line[start] == '\t' ||
                               line[start] == '\r'))
            start++;
        if (is_overlong) {
            char reason[96];
            snprintf(reason, sizeof reason, "line longer than %zu bytes",
                     max_line);
            sink->reject(sink->ctx, where, reason);
        } else if (start < len) {
            int rc = parse_record(line + start, len - start, where, sink, &a);
            if (rc < 0) {
                status = -1;
                break;
            }
            if (rc == 0) {
                size_t text = (a.title ? strlen(a.title) : 0) +
                              (a.body ? strlen(a.body) : 0);
                if (text > sink->max_article_bytes) {
                    char reason[96];
                    snprintf(reason, sizeof reason,
                             "article larger than %zu bytes",
                             sink->max_article_bytes);
                    sink->reject(sink->ctx, where, reason);
                } else if (sink->article(sink->ctx, &a, where) != 0) {
                    status = -1;
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
    if (status == 0 && err != Z_OK && err != Z_STREAM_END) {
        snprintf(where, sizeof where, "%s:%zu", name, line_no);
        char reason[256];
        snprintf(reason, sizeof reason, "read error: %s", message);
        sink->reject(sink->ctx, where, reason);
    }
    dossier_article_clear(&a);
    free(line);
    return status;
}
