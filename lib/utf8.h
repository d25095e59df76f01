/*
 * utf8.h: decoding UTF-8 that may be broken.  Private to libdossier.
 */
#ifndef DOSSIER_UTF8_H
#define DOSSIER_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* The length of the valid UTF-8 sequence at S[I] (I < LEN), its code
 * point in *CP; 0 when the byte at S[I] begins none (a stray continuation
 * byte, a truncated or overlong sequence, a surrogate, a value past
 * U+10FFFF). */
static inline size_t utf8_sequence(const unsigned char *s, size_t len,
                                   size_t i, uint32_t *cp)
{
    unsigned char b = s[i];
    uint32_t c, min;
    size_t n;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        c = b & 0x1F;
        n = 1;
        min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        c = b & 0x0F;
        n = 2;
        min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        c = b & 0x07;
        n = 3;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len - i <= n) /* fewer than n continuation bytes left */
        return 0;
    for (size_t k = 1; k <= n; k++) {
        unsigned char t = s[i + k];
        if ((t & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (t & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n + 1;
}

/* Decodes the code point at S[*I] (I < LEN) and advances *I past it.
 * Invalid input decodes as U+FFFD and advances by exactly one byte, so
 * every byte is visited once and offsets stay on boundaries the caller
 * can cut at. */
static inline uint32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    uint32_t cp;
    size_t n = utf8_sequence(s, len, *i, &cp);
    if (n == 0) {
        (*i)++;
        return UTF8_REPLACEMENT;
    }
    *i += n;
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
