/*
 * escape.c: text from the input made safe to print (escape.h).
 */
#include "escape.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"

/* The next unit of output for S[*I]: either bytes of S to copy (*COPY
 * set, their count returned) or an escape written into ESC (its length
 * returned, *COPY NULL).  Advances *I. */
static size_t next_unit(const unsigned char *s, size_t len, size_t *i,
                        const unsigned char **copy, char esc[8])
{
    static const char hex[] = "0123456789abcdef";
    uint32_t cp = 0;
    size_t n = dossier_utf8_sequence((const char *)s, len, *i, &cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F) {
        /* A control byte, or a byte of what is not UTF-8. */
        unsigned char b = s[(*i)++];
        esc[0] = '\\';
        esc[1] = 'x';
        esc[2] = hex[b >> 4];
        esc[3] = hex[b & 15];
        *copy = NULL;
        return 4;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
        *i += n;
        esc[0] = '\\';
        esc[1] = 'u';
        esc[2] = '0';
        esc[3] = '0';
        esc[4] = hex[cp >> 4];
        esc[5] = hex[cp & 15];
        *copy = NULL;
        return 6;
    }
    *copy = s + *i;
    *i += n;
    return n;
}

size_t escape_text(char *dst, size_t cap, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, total = 0, used = 0;
    int is_cut = 0;
    while (i < len) {
        const unsigned char *copy;
        char esc[8];
        size_t n = next_unit(u, len, &i, &copy, esc);
        if (!is_cut && used + n < cap) {
            for (size_t k = 0; k < n; k++)
                dst[used++] = copy ? (char)copy[k] : esc[k];
        } else {
            is_cut = 1;
        }
        total += n;
    }
    dst[used] = '\0';
    return total;
}

void escape_fwrite(FILE *out, const char *s, size_t len)
{
    /* A chunk at a time, so that an unbuffered stream (stderr) gets a few
     * writes, not one a character. */
    const unsigned char *u = (const unsigned char *)s;
    char chunk[512];
    size_t used = 0, i = 0;
    flockfile(out);
    while (i < len) {
        const unsigned char *copy;
        char esc[8];
        size_t n = next_unit(u, len, &i, &copy, esc);
        if (used + n > sizeof chunk) {
            fwrite(chunk, 1, used, out);
            used = 0;
        }
        memcpy(chunk + used, copy ? (const void *)copy : (const void *)esc,
               n);
        used += n;
    }
    if (used > 0)
        fwrite(chunk, 1, used, out);
    funlockfile(out);
}

void escape_fputs(FILE *out, const char *s)
{
    if (s != NULL)
        escape_fwrite(out, s, strlen(s));
}

void escape_message(FILE *out, const char *format, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(small, sizeof small, format, ap);
    va_end(ap);
    if (n < 0)
        return;
    char *text = small;
    if ((size_t)n >= sizeof small) {
        char *big = malloc((size_t)n + 1);
        if (big != NULL) {
            va_start(ap, format);
            vsnprintf(big, (size_t)n + 1, format, ap);
            va_end(ap);
            text = big;
        } else {
            /* No memory for the whole message: its start is better than
             * nothing. */
            n = (int)sizeof small - 1;
        }
    }
    /* Escaped into one buffer with its newline and written at once: one
     * write on an unbuffered stream, whole among other threads' lines. */
    char line_small[2048];
    char *line = line_small;
    size_t need = escape_text(line_small, sizeof line_small - 1, text,
                              (size_t)n);
    if (need + 2 > sizeof line_small) {
        char *big = malloc(need + 2);
        if (big != NULL) {
            escape_text(big, need + 2, text, (size_t)n);
            line = big;
        } else {
            need = strlen(line_small);
        }
    }
    line[need] = '\n';
    fwrite(line, 1, need + 1, out);
    if (line != line_small)
        free(line);
    if (text != small)
        free(text);
}
