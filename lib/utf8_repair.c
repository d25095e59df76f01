/*
 * utf8_repair.c: invalid UTF-8 made valid, with the decoder the analyzer
 * uses, so text and spans agree on what a character is.
 */
#include "dossier/utf8.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

char *dossier_utf8_repair(const char *s, size_t len, size_t *out_len)
{
    /* U+FFFD is 3 bytes for what may be 1 invalid byte. */
    char *out = malloc(3 * len + 1);
    if (out == NULL)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t w = 0;
    for (size_t i = 0; i < len;) {
        size_t start = i;
        uint32_t cp = utf8_next(u, len, &i);
        if (cp == 0 || (cp == UTF8_REPLACEMENT &&
                        !(i - start == 3 && memcmp(s + start,
                                                   "\xEF\xBF\xBD", 3) == 0))) {
            memcpy(out + w, "\xEF\xBF\xBD", 3);
            w += 3;
        } else {
            memcpy(out + w, s + start, i - start);
            w += i - start;
        }
    }
    out[w] = '\0';
    if (out_len)
        *out_len = w;
    return out;
}

size_t dossier_utf8_sequence(const char *s, size_t len, size_t i,
                             uint32_t *cp)
{
    return utf8_sequence((const unsigned char *)s, len, i, cp);
}

size_t dossier_utf8_encode(uint32_t cp, char out[4])
{
    return utf8_encode(cp, out);
}
