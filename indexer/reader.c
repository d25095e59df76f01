/*
 * reader.c: what the readers share.
 */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "dossier/date.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void reader_warn(const reader_sink *sink, const char *where,
                 const char *message)
{
    if (sink->warn != NULL)
        sink->warn(sink->ctx, where, message);
    else
        sink->reject(sink->ctx, where, message);
}

dossier_status reader_primary_subtag(const char *tag, char out[4])
{
    if (tag == NULL)
        return DOSSIER_ERR_INVALID;
    while (is_space(*tag))
        tag++;
    size_t n = 0;
    while (n < 4 && ((tag[n] >= 'a' && tag[n] <= 'z') ||
                     (tag[n] >= 'A' && tag[n] <= 'Z')))
        n++;
    if (n < 2 || n > 3 ||
        (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' &&
         !is_space(tag[n])))
        return DOSSIER_ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(tag[i] | 0x20);
    out[n] = '\0';
    return DOSSIER_OK;
}

bool reader_offer_date(dossier_article *a, char *text, char **bad)
{
    if (text == NULL)
        return false;
    int64_t when;
    if (dossier_parse_date(text, &when) == 0) {
        a->published = when;
        a->has_published = 1;
        free(text);
        free(*bad);
        *bad = NULL;
        return true;
    }
    if (*bad == NULL)
        *bad = text;
    else
        free(text);
    return false;
}

dossier_status reader_fix_c1(dossier_article *a)
{
    for (size_t i = 0; i < DOSSIER_N_TEXT_FIELDS; i++) {
        char **field = (char **)((char *)a + dossier_text_fields[i].offset);
        if (*field == NULL || strstr(*field, "\xC2") == NULL)
            continue;
        char *fixed = charset_map_c1(*field, NULL);
        if (fixed == NULL)
            return DOSSIER_ERR_NOMEM;
        free(*field);
        *field = fixed;
    }
    return DOSSIER_OK;
}
