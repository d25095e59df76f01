/*
 * text_buf.h: a growing byte buffer for text being rewritten (decoded,
 * repaired), with a sticky failure: once memory has run out every write
 * is a no-op and the owner checks once at the end (curl's dynbuf, with a
 * hard cap).
 */
#ifndef DOSSIER_TEXT_BUF_H
#define DOSSIER_TEXT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct text_buf {
    char *s;        /* owned; not NUL-terminated until text_buf_finish */
    size_t len, cap;
    size_t max;     /* the most bytes it may hold; 0: SIZE_MAX / 2 */
    bool is_failed; /* memory ran out or MAX was passed */
    size_t n_lines; /* newlines written, for the line of a problem */
} text_buf;

/* Makes room for MORE bytes.  Returns false (and fails B) when it can't. */
bool text_buf_reserve(text_buf *b, size_t more);

/* Appends N bytes. */
void text_buf_put(text_buf *b, const char *bytes, size_t n);

/* Appends code point CP (at most U+10FFFF) in UTF-8. */
void text_buf_put_char(text_buf *b, uint32_t cp);

/* NUL-terminates B's text and hands it over (*LEN: its length, may be
 * NULL); B is left empty.  NULL when B failed (its memory is freed). */
char *text_buf_finish(text_buf *b, size_t *len);

/* Frees B's text; B is left empty. */
void text_buf_clear(text_buf *b);

#endif
