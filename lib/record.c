/*
 * record.c: the article record's memory.
 */
#include "dossier/record.h"

#include <stdlib.h>
#include <string.h>

void dossier_article_clear(dossier_article *a)
{
    free(a->id);
    free(a->url);
    free(a->title);
    free(a->body);
    free(a->source);
    free(a->lang);
    free(a->category);
    memset(a, 0, sizeof *a);
}

int dossier_article_set(char **field, const char *value, size_t len)
{
    char *copy = NULL;
    if (value != NULL) {
        copy = malloc(len + 1);
        if (copy == NULL)
            return -1;
        memcpy(copy, value, len);
        copy[len] = '\0';
    }
    free(*field);
    *field = copy;
    return 0;
}
