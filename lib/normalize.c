/*
 * normalize.c: case folding, compatibility composition and accent removal
 * of single words, with a fast path for ASCII, which most news is.
 */
#include "normalize.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

/* Longest word utf8proc works on, in code points after decomposition. */
#define MAX_CODEPOINTS 512

static int normalize_ascii(const char *word, size_t len, char drop_char,
                           char *out, size_t out_size)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        if (c == drop_char)
            continue;
        if (n + 1 >= out_size)
            return -1;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[n] = '\0';
    return (int)n;
}

int normalize_word(const char *word, size_t len, char drop_char, char *out,
                   size_t out_size)
{
    int is_ascii = 1;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)word[i] >= 0x80) {
            is_ascii = 0;
            break;
        }
    }
    if (is_ascii)
        return normalize_ascii(word, len, drop_char, out, out_size);

    utf8proc_int32_t buf[MAX_CODEPOINTS];
    const utf8proc_option_t options =
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP;
    utf8proc_ssize_t n = utf8proc_decompose(
        (const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, buf,
        MAX_CODEPOINTS, options);
    if (n < 0 || n > MAX_CODEPOINTS)
        return -1;
    /* Composes in place and writes UTF-8 over the code points. */
    n = utf8proc_reencode(buf, n, options);
    if (n < 0)
        return -1;
    const char *bytes = (const char *)buf;
    size_t w = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        char c = bytes[i];
        if (c == drop_char && drop_char != 0)
            continue;
        if (w + 1 >= out_size)
            return -1;
        out[w++] = c;
    }
    out[w] = '\0';
    return (int)w;
}
