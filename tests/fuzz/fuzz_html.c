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

#include "dossier/utf8.h"
#include "fuzz_common.h"
#include "html_text.h"
#include "reader.h"

/* Whether S (LEN bytes) is valid UTF-8. */
static int is_valid_utf8(const char *s, size_t len)
{
    uint32_t cp;
    for (size_t i = 0, n; i < len; i += n)
        if ((n = dossier_utf8_sequence(s, len, i, &cp)) == 0)
            return 0;
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
        FUZZ_CHECK(is_valid_utf8(text, len));
        FUZZ_CHECK(len == 0 || (!is_space(text[0]) && !is_space(text[len - 1])));
        free(text);
    }

    static const char *const charsets[] = {NULL, "utf-8", "windows-1252"};
    fuzz_sink_state state = {.is_title_body_required = 1};
    reader_sink sink = fuzz_sink(&state, size, 512, charsets,
                                 sizeof charsets / sizeof charsets[0]);
    FUZZ_CHECK(read_html((const char *)data, size, "fuzz.html", &sink) == 0);
    FUZZ_CHECK(state.n_articles + state.n_rejects > 0);
    return 0;
}
