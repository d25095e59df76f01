/*
 * sort.c: the names of the orders a search lists its hits in.
 */
#include "sort.h"

#include <string.h>

static const struct {
    const char *name;
    search_sort sort;
} names[] = {
    {"relevance", SORT_RELEVANCE},
    {"newest", SORT_DATE},
    {"oldest", SORT_DATE_ASC},
    /* The command line's first names, still read. */
    {"date", SORT_DATE},
    {"date-asc", SORT_DATE_ASC},
};

dossier_status search_parse_sort(const char *name, search_sort *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].sort;
            return DOSSIER_OK;
        }
    return DOSSIER_ERR_INVALID;
}

const char *search_sort_name(search_sort sort)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sort == sort)
            return names[i].name;
    return "relevance";
}
