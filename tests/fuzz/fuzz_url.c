/*
 * fuzz_url.c: the URL canonicalizer, dossier_canonical_url(), on the
 * input as a C string (cut at its first NUL), as every reader's URL
 * reaches it.
 *
 * Checked: the canonical form is canonical (canonicalizing it again
 * changes nothing), holds no white space or control byte, and a buffer
 * too small for it is refused with "" rather than overrun or cut.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/url.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = fuzz_cstring(data, size);
    if (url == NULL)
        return 0;

    /* As large as any input libFuzzer makes by default, and more. */
    size_t cap = size + 16;
    char *out = malloc(cap);
    char *twice = malloc(cap);
    if (out == NULL || twice == NULL)
        abort();
    int n = dossier_canonical_url(url, out, cap);
    if (n < 0) {
        FUZZ_CHECK(n == -1 && out[0] == '\0');
    } else {
        FUZZ_CHECK((size_t)n == strlen(out));
        for (int i = 0; i < n; i++)
            FUZZ_CHECK((unsigned char)out[i] > 0x20 && out[i] != 0x7f);
        FUZZ_CHECK(strncmp(out, "http://", 7) == 0 ||
                   strncmp(out, "https://", 8) == 0);
        int m = dossier_canonical_url(out, twice, cap);
        if (m != n || strcmp(out, twice) != 0)
            fuzz_fail("not idempotent: \"%s\" -> \"%s\" -> \"%s\"", url, out,
                      m < 0 ? "(refused)" : twice);
    }

    /* A small buffer: the same answer, or refused. */
    size_t small = size % 24 + 1;
    char tiny[24];
    int k = dossier_canonical_url(url, tiny, small);
    if (k < 0)
        FUZZ_CHECK(tiny[0] == '\0' && (n < 0 || (size_t)n >= small));
    else
        FUZZ_CHECK(k == n && (size_t)k < small && strcmp(tiny, out) == 0);

    free(twice);
    free(out);
    free(url);
    return 0;
}
