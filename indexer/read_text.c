/*
 * read_text.c: a plain text article: the first non-empty line is the
 * title, the rest the body.  Text is UTF-8; a byte that is not is read
 * as Windows-1252 (as HTML5 reads an unlabelled page, and as feeds are
 * read), with a warning, so that an old file's "caf\xE9" stays "café"
 * and no letter turns into U+FFFD unsaid.
 */
#include "read_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"

static dossier_status read_utf8(const char *data, size_t len,
                                const char *name, const reader_sink *sink);

dossier_status read_text(const char *raw, size_t raw_len, const char *name,
                         const reader_sink *sink)
{
    charset_report report;
    size_t len;
    char *data = charset_to_utf8(raw, raw_len, NULL, &len, &report);
    if (data == NULL)
        return DOSSIER_ERR_NOMEM;
    char where[512], message[128];
    size_t n_bad = report.n_fallback + report.n_replaced;
    if (n_bad > 0) {
        snprintf(where, sizeof where, "%s:%ld", name, report.first_bad_line);
        int n = 0;
        if (report.n_fallback > 0)
            n = snprintf(message, sizeof message,
                         "%zu %s not UTF-8 read as Windows-1252",
                         report.n_fallback,
                         report.n_fallback > 1 ? "bytes that are"
                                               : "byte that is");
        if (report.n_replaced > 0 && n >= 0 && (size_t)n < sizeof message)
            snprintf(message + n, sizeof message - (size_t)n,
                     "%s%zu NUL %s replaced by U+FFFD", n ? "; " : "",
                     report.n_replaced,
                     report.n_replaced > 1 ? "bytes" : "byte");
        reader_warn(sink, where, message);
    }
    dossier_status rc = read_utf8(data, len, name, sink);
    free(data);
    return rc;
}

static dossier_status read_utf8(const char *data, size_t len,
                                const char *name, const reader_sink *sink)
{
    size_t i = 0, line = 1;
    /* Skip blank lines before the title. */
    while (i < len && (data[i] == '\n' || data[i] == '\r' || data[i] == ' ' ||
                       data[i] == '\t')) {
        line += data[i] == '\n';
        i++;
    }
    const char *nl = memchr(data + i, '\n', len - i);
    size_t title_end = nl ? (size_t)(nl - data) : len;
    size_t body_start = nl ? title_end + 1 : len;
    while (title_end > i && (data[title_end - 1] == '\r' ||
                             data[title_end - 1] == ' '))
        title_end--;
    while (body_start < len && (data[body_start] == '\n' ||
                                data[body_start] == '\r'))
        body_start++;
    size_t body_end = len;
    while (body_end > body_start &&
           (data[body_end - 1] == '\n' || data[body_end - 1] == '\r' ||
            data[body_end - 1] == ' '))
        body_end--;

    char where[512];
    snprintf(where, sizeof where, "%s:%zu", name, line);
    if (title_end == i && body_end == body_start) {
        sink->reject(sink->ctx, where, "empty text file");
        return DOSSIER_OK;
    }
    if (len > sink->max_article_bytes) {
        char reason[96];
        snprintf(reason, sizeof reason, "article larger than %zu bytes",
                 sink->max_article_bytes);
        sink->reject(sink->ctx, where, reason);
        return DOSSIER_OK;
    }
    dossier_article a = {0};
    dossier_status rc = DOSSIER_ERR_NOMEM;
    if (dossier_article_set(&a.title, data + i, title_end - i) == 0 &&
        dossier_article_set(&a.body, data + body_start,
                            body_end - body_start) == 0 &&
        reader_fix_c1(&a) == DOSSIER_OK)
        rc = sink->article(sink->ctx, &a, where);
    dossier_article_clear(&a);
    return rc;
}
