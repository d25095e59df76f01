/*
 * fuzz_cgi_params.c: dossier.cgi's parameters, cgi_params_parse(), on the
 * input as a QUERY_STRING (cut at its first NUL, as an environment
 * variable is).
 *
 * Checked: every field NUL-terminated inside its array, numbers clamped,
 * the query clean UTF-8, dates well-formed and in order unless refused,
 * and cgi_url_encode() of the query parsed back to the same query.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgi_params.h"
#include "query_parse.h"
#include "fuzz_common.h"

#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static int is_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 0 && n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *query = fuzz_cstring(data, size);
    if (query == NULL)
        return 0;

    cgi_params p;
    dossier_status rc = cgi_params_parse(query, &p);
    FUZZ_CHECK(rc == DOSSIER_OK || rc == DOSSIER_REFUSED);
    FUZZ_CHECK(rc == DOSSIER_OK || p.error[0] != '\0');
    FUZZ_CHECK(TERMINATED(p.q) && TERMINATED(p.from) && TERMINATED(p.to) &&
               TERMINATED(p.source) && TERMINATED(p.similar) &&
               TERMINATED(p.error));
    FUZZ_CHECK(p.page >= 1 && p.page <= CGI_MAX_PAGE);
    FUZZ_CHECK(p.per >= 1 && p.per <= CGI_MAX_PER);
    FUZZ_CHECK(p.sort == SORT_RELEVANCE || p.sort == SORT_DATE ||
               p.sort == SORT_DATE_ASC);
    FUZZ_CHECK(p.n_entities <= CGI_MAX_ENTITIES);
    for (size_t i = 0; i < p.n_entities; i++)
        FUZZ_CHECK(TERMINATED(p.entities[i]) && p.entities[i][0] != '\0');
    /* Up to QUERY_MAX_BYTES runs; a longer one keeps a byte more, so
     * the search can cut it at a word's end and say so. */
    FUZZ_CHECK(strlen(p.q) <= QUERY_MAX_BYTES + 1);
    FUZZ_CHECK(p.recent <= 36500);
    FUZZ_CHECK(is_date(p.from) && is_date(p.to));
    if (p.is_refused)
        FUZZ_CHECK(p.from[0] == '\0' && p.to[0] == '\0' && p.error[0]);

    /* The query, encoded as the pages' links encode it, reads back the
     * same. */
    char encoded[3 * sizeof p.q + 8];
    memcpy(encoded, "q=", 2);
    int n = cgi_url_encode(p.q, encoded + 2, sizeof encoded - 2);
    FUZZ_CHECK(n >= 0 && (size_t)n == strlen(encoded + 2));
    cgi_params again;
    FUZZ_CHECK(cgi_params_parse(encoded, &again) == DOSSIER_OK);
    FUZZ_CHECK(strcmp(again.q, p.q) == 0);
    FUZZ_CHECK(again.error[0] == '\0');

    /* Too small a buffer is refused, never overrun. */
    char tiny[8];
    int m = cgi_url_encode(p.q, tiny, (size % sizeof tiny) + 1);
    FUZZ_CHECK(m < 0 || ((size_t)m == strlen(tiny) && strlen(tiny) < sizeof tiny));
    free(query);
    return 0;
}
