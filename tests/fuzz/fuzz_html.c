/*
 * fuzz_html.c: HTML pages and fragments: html_to_text() (feed bodies,
 * and every page's text in the end) and the page reader read_html(),
 * both on the input.
 *
 * html_to_text promises plain UTF-8 with no leading or trailing white
 * space, of the length it reports; read_html always sets a title and a
 * body, and its article goes through what the indexer does next (the URL
 * canonicalized, the stored record written and read back).
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "html_text.h"
#include "reader.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Whether S (LEN bytes) is valid UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF). */
static int is_valid_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            lo = b == 0xE0 ? 0xA0 : 0x80;
            hi = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            lo = b == 0xF0 ? 0x90 : 0x80;
            hi = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (len - i < n || s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t k = 2; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
        i += n;
    }
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = 0;
    char *text = html_to_text((const char *)data, size, &len);
    if (text != NULL) {
        FUZZ_CHECK(strlen(text) == len);
        FUZZ_CHECK(is_valid_utf8((const unsigned char *)text, len));
        FUZZ_CHECK(len == 0 || (!is_space(text[0]) && !is_space(text[len - 1])));
        free(text);
    }

    static const char *const charsets[] = {NULL, "utf-8", "windows-1252"};
    fuzz_sink_state state = {.is_title_body_required = 1};
    reader_sink sink = {
        .article = fuzz_sink_article,
        .reject = fuzz_sink_reject,
        .ctx = &state,
        .max_article_bytes = size % 2 ? 512 : 16u << 20,
        .default_lang = size % 3 ? NULL : "en",
        .transport_charset =
            charsets[size % (sizeof charsets / sizeof charsets[0])],
    };
    FUZZ_CHECK(read_html((const char *)data, size, "fuzz.html", &sink) == 0);
    FUZZ_CHECK(state.n_articles + state.n_rejects > 0);
    return 0;
}
