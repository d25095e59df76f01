/*
 * charset.c: outside text to UTF-8; see charset.h.
 *
 * Windows-1252 is decoded here rather than by iconv because glibc's CP1252
 * refuses the five bytes the code page leaves undefined, where browsers
 * (and HTML5) map them to the C1 controls of the same number.
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/utf8.h"
#include "text_buf.h"

/* Windows-1252's bytes 0x80-0x9F; the undefined ones stay C1 controls. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static uint32_t cp1252_char(unsigned char c)
{
    return c >= 0x80 && c <= 0x9F ? cp1252_high[c - 0x80] : c;
}

static void note_bad(text_buf *b, charset_report *r, size_t *counter)
{
    (*counter)++;
    if (r->first_bad_line == 0)
        r->first_bad_line = (long)b->n_lines + 1;
}

/* Compares labels ignoring case and the difference of "-" and "_". */
static bool label_is(const char *label, const char *name)
{
    for (;; label++, name++) {
        char a = *label, b = *name;
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a == '_')
            a = '-';
        if (a != b)
            return false;
        if (a == '\0')
            return true;
    }
}

static bool is_label_in(const char *label, const char *const *names)
{
    for (; *names != NULL; names++)
        if (label_is(label, *names))
            return true;
    return false;
}

static const char *const utf8_labels[] = {"utf-8", "utf8",
                                          "unicode-1-1-utf-8", NULL};
/* The labels HTML5 reads as Windows-1252. */
static const char *const cp1252_labels[] = {
    "windows-1252", "cp1252",    "x-cp1252",  "iso-8859-1", "iso8859-1",
    "iso-88591",    "latin1",    "latin-1",   "l1",         "cp819",
    "ibm819",       "iso-ir-100", "csisolatin1", "iso-8859-1:1987",
    "us-ascii",     "ascii",     "ansi-x3.4-1968", "us", "iso-646-us",
    NULL,
};

bool charset_is_wide_label(const char *label)
{
    static const char *const wide[] = {
        "utf-16", "utf16", "utf-16le", "utf-16be", "ucs-2", "ucs2",
        "utf-32", "utf32", "utf-32le", "utf-32be", "ucs-4", "ucs4",
        "u16", "u32", "utf16le", "utf16be", "utf32le", "utf32be",
        "iso-10646-ucs-2", "iso-10646-ucs-4", "unicode", NULL,
    };
    return label != NULL && is_label_in(label, wide);
}

const char *charset_wide(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    if (len >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)
        return "UTF-32LE";
    if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)
        return "UTF-32BE";
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return "UTF-16LE";
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return "UTF-16BE";
    /* No mark: "<" as the first character, the way XML's appendix F
     * tells the encoding of a document that starts "<?xml". */
    if (len >= 4 && s[0] == '<' && s[1] == 0 && s[2] == 0 && s[3] == 0)
        return "UTF-32LE";
    if (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == '<')
        return "UTF-32BE";
    if (len >= 4 && s[0] == '<' && s[1] == 0 && s[2] != 0 && s[3] == 0)
        return "UTF-16LE";
    if (len >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0 && s[3] != 0)
        return "UTF-16BE";
    return NULL;
}

static void decode_utf8(const char *data, size_t len, text_buf *b,
                        charset_report *r)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && !b->is_failed) {
        uint32_t cp;
        size_t n = dossier_utf8_sequence(data, len, i, &cp);
        if (n > 0 && cp != 0) {
            text_buf_put(b, data + i, n);
            i += n;
            continue;
        }
        unsigned char c = (unsigned char)data[i++];
        if (c == 0) {
            note_bad(b, r, &r->n_replaced);
            text_buf_put_char(b, 0xFFFD);
        } else {
            note_bad(b, r, &r->n_fallback);
            text_buf_put_char(b, cp1252_char(c));
        }
    }
}

static void decode_cp1252(const char *data, size_t len, text_buf *b,
                          charset_report *r)
{
    for (size_t i = 0; i < len && !b->is_failed; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0) {
            note_bad(b, r, &r->n_replaced);
            text_buf_put_char(b, 0xFFFD);
        } else {
            text_buf_put_char(b, cp1252_char(c));
        }
    }
}

/* The size of one code unit of LABEL's encoding, to skip a bad one. */
static size_t unit_size(const char *label)
{
    if (!charset_is_wide_label(label))
        return 1;
    size_t n = strlen(label);
    return strstr(label, "32") != NULL || label[n - 1] == '4' ? 4 : 2;
}


/* Replaces each NUL of B with U+FFFD in one pass from the end, and
 * counts them in R (the first one's line counted from the start). */
static void replace_nuls(text_buf *b, charset_report *r)
{
    size_t n = 0;
    long line = 1;
    for (size_t i = 0; i < b->len; i++) {
        if (b->s[i] == '\0') {
            if (n++ == 0 && r->first_bad_line == 0)
                r->first_bad_line = line;
        } else if (b->s[i] == '\n' && n == 0) {
            line++;
        }
    }
    if (n == 0)
        return;
    r->n_replaced += n;
    if (!text_buf_reserve(b, 2 * n))
        return;
    size_t to = b->len + 2 * n;
    for (size_t i = b->len; i-- > 0;) {
        if (b->s[i] == '\0') {
            to -= 3;
            memcpy(b->s + to, "\xEF\xBF\xBD", 3);
        } else {
            b->s[--to] = b->s[i];
        }
    }
    b->len += 2 * n;
}

/* Returns false when iconv does not know LABEL. */
static bool decode_iconv(const char *data, size_t len, const char *label,
                         text_buf *b, charset_report *r)
{
    iconv_t cd = iconv_open("UTF-8", label);
    if (cd == (iconv_t)-1)
        return false;
    char *in = (char *)data;
    size_t in_left = len;
    size_t unit = unit_size(label);
    size_t want = in_left * 2 + 16;
    while (in_left > 0 && !b->is_failed) {
        if (!text_buf_reserve(b, want))
            break;
        char *out = b->s + b->len;
        size_t out_left = b->cap - b->len - 1;
        size_t rc = iconv(cd, &in, &in_left, &out, &out_left);
        size_t written = (size_t)(out - (b->s + b->len));
        for (size_t i = 0; i < written; i++)
            b->n_lines += b->s[b->len + i] == '\n';
        b->len += written;
        if (rc != (size_t)-1)
            break;
        if (errno == E2BIG) {
            want = b->cap;
            continue;
        }
        /* EILSEQ, or EINVAL for a sequence cut at the end. */
        size_t skip = unit < in_left ? unit : in_left;
        in += skip;
        in_left -= skip;
        note_bad(b, r, &r->n_replaced);
        text_buf_put_char(b, 0xFFFD);
    }
    iconv_close(cd);
    /* A byte order mark decoded by an encoding that keeps it. */
    if (!b->is_failed && b->len >= 3 && memcmp(b->s, "\xEF\xBB\xBF", 3) == 0) {
        memmove(b->s, b->s + 3, b->len - 3);
        b->len -= 3;
    }
    /* iconv writes NUL for a NUL character: text holds none. */
    if (!b->is_failed)
        replace_nuls(b, r);
    return true;
}

char *charset_to_utf8(const char *data, size_t len, const char *label,
                      size_t *out_len, charset_report *report)
{
    memset(report, 0, sizeof *report);
    text_buf b = {0};
    if (!text_buf_reserve(&b, len + 1))
        return NULL;
    if (label == NULL || is_label_in(label, utf8_labels)) {
        snprintf(report->used, sizeof report->used, "UTF-8");
        decode_utf8(data, len, &b, report);
    } else if (is_label_in(label, cp1252_labels)) {
        snprintf(report->used, sizeof report->used, "windows-1252");
        decode_cp1252(data, len, &b, report);
    } else {
        snprintf(report->used, sizeof report->used, "%s", label);
        if (!decode_iconv(data, len, label, &b, report)) {
            if (b.is_failed) {
                text_buf_clear(&b);
                return NULL;
            }
            report->is_unknown_label = true;
            snprintf(report->used, sizeof report->used, "UTF-8");
            b.len = 0;
            b.n_lines = 0;
            decode_utf8(data, len, &b, report);
        }
    }
    return text_buf_finish(&b, out_len);
}

char *charset_map_c1(const char *s, size_t *n_mapped)
{
    size_t len = strlen(s), n = 0;
    text_buf b = {0};
    if (!text_buf_reserve(&b, len + 1))
        return NULL;
    for (size_t i = 0; i < len;) {
        /* U+0080-U+009F are C2 80-C2 9F. */
        if ((unsigned char)s[i] == 0xC2 && i + 1 < len &&
            (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9F) {
            uint32_t cp = cp1252_char((unsigned char)s[i + 1]);
            if (cp > 0x9F) {
                text_buf_put_char(&b, cp);
                n++;
                i += 2;
                continue;
            }
        }
        text_buf_put(&b, s + i, 1);
        i++;
    }
    if (n_mapped)
        *n_mapped = n;
    return text_buf_finish(&b, NULL);
}
