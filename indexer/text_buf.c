/*
 * text_buf.c: a growing byte buffer; see text_buf.h.
 */
#include "text_buf.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"

bool text_buf_reserve(text_buf *b, size_t more)
{
    if (b->is_failed)
        return false;
    if (b->cap - b->len > more)
        return true;
    size_t max = b->max ? b->max : SIZE_MAX / 2;
    if (more > max || b->len > max - more) {
        b->is_failed = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= more)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (s == NULL) {
        b->is_failed = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void text_buf_put(text_buf *b, const char *bytes, size_t n)
{
    if (!text_buf_reserve(b, n))
        return;
    memcpy(b->s + b->len, bytes, n);
    b->len += n;
    for (size_t i = 0; i < n; i++)
        b->n_lines += bytes[i] == '\n';
}

void text_buf_put_char(text_buf *b, uint32_t cp)
{
    char u[4];
    text_buf_put(b, u, dossier_utf8_encode(cp, u));
}

char *text_buf_finish(text_buf *b, size_t *len)
{
    if (!text_buf_reserve(b, 1)) {
        text_buf_clear(b);
        return NULL;
    }
    char *s = b->s;
    s[b->len] = '\0';
    if (len)
        *len = b->len;
    memset(b, 0, sizeof *b);
    return s;
}

void text_buf_clear(text_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}
