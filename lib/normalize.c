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

/* Letters Unicode does not decompose into a base letter and a mark, so
 * that stripping marks leaves them: folded as the names that hold them
 * are written without them in English-language news ("Walesa", "Oresund",
 * "Dordevic", "Thorsson").  One table, used by indexing, queries and
 * snippets alike (all go through normalize_word).  Case folding has run
 * first: only lower-case forms.  utf8proc already folds ß to "ss". */
static const struct letter_fold {
    utf8proc_int32_t letter;
    char ascii[3];
} letter_folds[] = {
    {0x00E6, "ae"}, /* æ */
    {0x00F0, "d"},  /* ð */
    {0x00F8, "o"},  /* ø */
    {0x00FE, "th"}, /* þ */
    {0x0111, "d"},  /* đ */
    {0x0127, "h"},  /* ħ */
    {0x0131, "i"},  /* ı */
    {0x0142, "l"},  /* ł */
    {0x0153, "oe"}, /* œ */
    {0x0167, "t"},  /* ŧ */
};

/* The ASCII fold of letter CP, or NULL when it has none. */
static const char *letter_fold(utf8proc_int32_t cp)
{
    for (size_t i = 0; i < sizeof letter_folds / sizeof letter_folds[0]; i++)
        if (letter_folds[i].letter == cp)
            return letter_folds[i].ascii;
    return NULL;
}

/* Replaces in BUF (N code points, room for CAP) each letter of the table
 * by its fold.  Returns the new count, or -1 when it would not fit. */
static utf8proc_ssize_t fold_letters(utf8proc_int32_t *buf,
                                     utf8proc_ssize_t n, size_t cap)
{
    utf8proc_int32_t folded[MAX_CODEPOINTS * 2];
    size_t w = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        const char *ascii = buf[i] >= 0x00E6 ? letter_fold(buf[i]) : NULL;
        if (ascii == NULL) {
            if (w >= sizeof folded / sizeof folded[0])
                return -1;
            folded[w++] = buf[i];
            continue;
        }
        for (const char *c = ascii; *c != '\0'; c++) {
            if (w >= sizeof folded / sizeof folded[0])
                return -1;
            folded[w++] = (utf8proc_int32_t)*c;
        }
    }
    if (w > cap)
        return -1;
    memcpy(buf, folded, w * sizeof folded[0]);
    return (utf8proc_ssize_t)w;
}

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

    /* Room for the letter folds, which may double a word. */
    utf8proc_int32_t buf[MAX_CODEPOINTS * 2];
    const utf8proc_option_t options =
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP;
    utf8proc_ssize_t n = utf8proc_decompose(
        (const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, buf,
        MAX_CODEPOINTS, options);
    if (n < 0 || n > MAX_CODEPOINTS)
        return -1;
    n = fold_letters(buf, n, sizeof buf / sizeof buf[0]);
    if (n < 0)
        return -1;
    /* Hebrew's geresh and gershayim mark an acronym or abbreviation
     * inside a word (צה״ל): they are no part of its norm, as the periods
     * of U.S. are not. */
    utf8proc_ssize_t kept = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        if (buf[i] != 0x05F3 && buf[i] != 0x05F4)
            buf[kept++] = buf[i];
    n = kept;
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
