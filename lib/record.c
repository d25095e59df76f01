/*
 * record.c: the article record's memory.
 */
#include "dossier/record.h"

#include "dossier/date.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const dossier_text_field dossier_text_fields[DOSSIER_N_TEXT_FIELDS] = {
    {"id", offsetof(dossier_article, id)},
    {"url", offsetof(dossier_article, url)},
    {"title", offsetof(dossier_article, title)},
    {"body", offsetof(dossier_article, body)},
    {"source", offsetof(dossier_article, source)},
    {"lang", offsetof(dossier_article, lang)},
    {"category", offsetof(dossier_article, category)},
    {"author", offsetof(dossier_article, author)},
};

char **dossier_article_text_field(dossier_article *a, const char *name)
{
    for (size_t i = 0; i < DOSSIER_N_TEXT_FIELDS; i++)
        if (strcmp(name, dossier_text_fields[i].name) == 0)
            return (char **)(void *)((char *)a + dossier_text_fields[i].offset);
    return NULL;
}

void dossier_article_clear(dossier_article *a)
{
    for (size_t i = 0; i < DOSSIER_N_TEXT_FIELDS; i++)
        free(*(char **)(void *)((char *)a + dossier_text_fields[i].offset));
    memset(a, 0, sizeof *a);
}

dossier_status dossier_article_set(char **field, const char *value, size_t len)
{
    char *copy = NULL;
    if (value != NULL) {
        copy = malloc(len + 1);
        if (copy == NULL)
            return DOSSIER_ERR_NOMEM;
        memcpy(copy, value, len);
        copy[len] = '\0';
    }
    free(*field);
    *field = copy;
    return DOSSIER_OK;
}

int dossier_article_year(const dossier_article *a)
{
    if (a == NULL || !a->has_published)
        return 0;
    int year, month, day;
    dossier_date_parts(a->published, &year, &month, &day);
    return year;
}
