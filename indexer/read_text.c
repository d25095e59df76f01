/*
 * read_text.c: a plain text article: the first non-empty line is the
 * title, the rest the body.
 */
#include "read_text.h"

#include <stdio.h>
#include <string.h>

dossier_status read_text(const char *data, size_t len, const char *name,
                         const reader_sink *sink)
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
                            body_end - body_start) == 0)
        rc = sink->article(sink->ctx, &a, where);
    dossier_article_clear(&a);
    return rc;
}
