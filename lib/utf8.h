/*
 * utf8.h: decoding UTF-8 that may be broken.  Private to libdossier.
 */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at S[*I] (I < LEN) and advances *I past it.
 * Invalid input (a stray continuation byte, a truncated or overlong
 * sequence, a surrogate, a value past U+10FFFF) decodes as U+FFFD and
 * advances by exactly one byte, so every byte is visited once and offsets
 * stay on boundaries the caller can cut at. */
static inline uint32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char b = s[*i];
    if (b < 0x80) {
        (*i)++;
        return b;
    }
    uint32_t cp, min;
    size_t n;
    if (b >= 0xC2 && b <= 0xDF) {
        cp = b & 0x1F;
        n = 1;
        min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        cp = b & 0x0F;
        n = 2;
        min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        cp = b & 0x07;
        n = 3;
        min = 0x10000;
    } else {
        (*i)++;
        return UTF8_REPLACEMENT;
    }
    if (len - *i <= n) { /* fewer than n continuation bytes left */
        (*i)++;
        return UTF8_REPLACEMENT;
    }
    for (size_t k = 1; k <= n; k++) {
        unsigned char c = s[*i + k];
        if ((c & 0xC0) != 0x80) {
            (*i)++;
            return UTF8_REPLACEMENT;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        (*i)++;
        return UTF8_REPLACEMENT;
    }
    *i += n + 1;
    return cp;
}

/* Writes CP as UTF-8 into OUT (room for 4 bytes); returns the length. */
static inline size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif
