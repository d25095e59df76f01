/*
 * reader.c: what the readers share.
 */
#include "reader.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int reader_primary_subtag(const char *tag, char out[4])
{
    if (tag == NULL)
        return -1;
    while (is_space(*tag))
        tag++;
    size_t n = 0;
    while (n < 4 && ((tag[n] >= 'a' && tag[n] <= 'z') ||
                     (tag[n] >= 'A' && tag[n] <= 'Z')))
        n++;
    if (n < 2 || n > 3 ||
        (tag[n] != '\0' && tag[n] != '-' && tag[n] != '_' &&
         !is_space(tag[n])))
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(tag[i] | 0x20);
    out[n] = '\0';
    return 0;
}
