/*
 * fuzz_http_headers.c: the two HTTP response headers the fetcher reads
 * from any server: Retry-After, fetch_parse_retry_after() (seconds or an
 * HTTP date), and the charset of Content-Type,
 * fetch_content_type_charset(), which then picks the decoder of the feed.
 * The input is one header value (cut at its first NUL).
 *
 * Checked: a Retry-After in seconds is at most a week ahead; a charset
 * fits its buffer, is lower case and holds no separator.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fetcher.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *value = fuzz_cstring(data, size);
    if (value == NULL)
        return 0;

    const int64_t now = INT64_C(1700000000);
    int64_t when = fetch_parse_retry_after(value, now);
    size_t i = strspn(value, " \t");
    if (value[i] >= '0' && value[i] <= '9')
        FUZZ_CHECK(when == 0 || (when >= now && when <= now + 7 * 86400));

    /* Buffers of every small size, to catch an overrun or a cut. */
    size_t out_size = size % 40 + 1;
    char *out = malloc(out_size);
    if (out == NULL)
        abort();
    if (fetch_content_type_charset(value, out, out_size) == 0) {
        size_t n = strlen(out);
        FUZZ_CHECK(n > 0 && n < out_size);
        for (size_t k = 0; k < n; k++)
            FUZZ_CHECK(out[k] != ';' && out[k] != '"' && out[k] != ' ' &&
                       out[k] != '\t' && !(out[k] >= 'A' && out[k] <= 'Z'));
    }
    free(out);
    free(value);
    return 0;
}
