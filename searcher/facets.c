/*
 * facets.c: a search's facets (sources, entities, months, years) as lists,
 * from a count's value counter or from the facet image it tallied.
 */
#include <stdlib.h>
#include <string.h>

#include "dossier/schema.h"
#include "search_internal.h"

void facets_free(facet_list *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->items[i].value);
    free(f->items);
    memset(f, 0, sizeof *f);
}

/* Reads a facet counter into LIST; PREFIX_LEN bytes of each value are
 * dropped. */
static int read_facet(xc_terms *it, size_t prefix_len, const searcher *s,
                      int is_entity, facet_list *list)
{
    for (; xc_terms_valid(it); xc_terms_next(it)) {
        const char *value = xc_terms_term(it) + prefix_len;
        facet_count c = {.count = xc_terms_freq(it)};
        if (is_entity) {
            c.entity = dossier_gazetteer_lookup(s->gaz, value);
            if (c.entity == NULL)
                continue; /* indexed with another gazetteer */
        }
        facet_count *items =
            realloc(list->items, (list->n + 1) * sizeof *items);
        if (items == NULL)
            return -1;
        list->items = items;
        if ((c.value = strdup(value)) == NULL)
            return -1;
        list->items[list->n++] = c;
    }
    return 0;
}

static int by_value(const void *a, const void *b)
{
    return strcmp(((const facet_count *)a)->value,
                  ((const facet_count *)b)->value);
}

/* Facet FIELD of the facets value: its MAX (0: all) most frequent
 * values. */
static int read_field(searcher *s, xc_enquire *enq, unsigned field,
                      uint32_t max, int is_entity, facet_list *out)
{
    xc_terms *it = NULL;
    int rc = 0;
    if (xc_enquire_field_counts(enq, DOSSIER_SLOT_FACETS, field, max, &it) ==
        XC_STATUS_SUCCESS)
        rc = read_facet(it, 0, s, is_entity, out);
    xc_terms_destroy(it);
    return rc;
}

/* The years of MONTHS (in time order): each year's count is the sum of
 * its months', since an article has one date. */
static int add_years(const facet_list *months, facet_list *years)
{
    for (size_t i = 0; i < months->n; i++) {
        const char *month = months->items[i].value;
        if (strlen(month) < 4)
            continue;
        if (years->n > 0 &&
            strncmp(years->items[years->n - 1].value, month, 4) == 0) {
            years->items[years->n - 1].count += months->items[i].count;
            continue;
        }
        facet_count *items =
            realloc(years->items, (years->n + 1) * sizeof *items);
        if (items == NULL)
            return -1;
        years->items = items;
        facet_count c = {.value = strndup(month, 4),
                         .count = months->items[i].count};
        if (c.value == NULL)
            return -1;
        years->items[years->n++] = c;
    }
    return 0;
}

dossier_status facets_read_counted(searcher *s, xc_enquire *enq,
                                   search_result *out)
{
    int rc = read_field(s, enq, DOSSIER_FACET_SOURCE, 12, 0, &out->sources) |
             read_field(s, enq, DOSSIER_FACET_ENTITIES, 40, 1, &out->entities) |
             /* Every month with matches, in time order, for the timeline. */
             read_field(s, enq, DOSSIER_FACET_MONTH, 0, 0, &out->months);
    if (out->months.n > 1)
        qsort(out->months.items, out->months.n, sizeof out->months.items[0],
              by_value);
    xc_enquire_counted_docs(enq, &out->facet_docs);
    rc |= add_years(&out->months, &out->years);
    return rc ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}

/* The facets a facet image tallied, as read_facets reads a counter's:
 * each field's MAX (0: all) most frequent values, ties in byte order. */
static dossier_status collect_value(void *ctx, const char *value,
                                    uint32_t count)
{
    facet_list *list = ctx;
    facet_count *items = realloc(list->items, (list->n + 1) * sizeof *items);
    if (items == NULL)
        return DOSSIER_ERR_NOMEM;
    list->items = items;
    facet_count c = {.count = count, .value = strdup(value)};
    if (c.value == NULL)
        return DOSSIER_ERR_NOMEM;
    list->items[list->n++] = c;
    return DOSSIER_OK;
}

static int by_count(const void *a, const void *b)
{
    const facet_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static int read_image_field(searcher *s, dossier_facet_image *img,
                            unsigned field, size_t max, int is_entity,
                            facet_list *out)
{
    facet_list all = {0};
    int rc = dossier_facet_image_counts(img, field, collect_value, &all);
    if (all.n > 1)
        qsort(all.items, all.n, sizeof all.items[0], by_count);
    size_t kept = 0;
    for (size_t i = 0; i < all.n; i++) {
        facet_count c = all.items[i];
        if (rc != 0 || (max != 0 && i >= max) ||
            (is_entity && (c.entity = dossier_gazetteer_lookup(
                               s->gaz, c.value)) == NULL)) {
            free(c.value); /* past MAX, or of another gazetteer */
            continue;
        }
        all.items[kept++] = c;
    }
    out->items = all.items;
    out->n = kept;
    return rc;
}

dossier_status facets_read_image(searcher *s, dossier_facet_image *img,
                                 search_result *out)
{
    uint32_t docs = 0, articles, stories;
    dossier_facet_image_tally(img, &docs, &articles, &stories);
    int rc = 0;
    struct {
        unsigned field;
        size_t max;
        int is_entity;
        facet_list *out;
    } fields[] = {
        {DOSSIER_FACET_SOURCE, 12, 0, &out->sources},
        {DOSSIER_FACET_ENTITIES, 40, 1, &out->entities},
        {DOSSIER_FACET_MONTH, 0, 0, &out->months},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        rc |= read_image_field(s, img, fields[f].field, fields[f].max,
                               fields[f].is_entity, fields[f].out);
    if (out->months.n > 1)
        qsort(out->months.items, out->months.n, sizeof out->months.items[0],
              by_value);
    out->facet_docs = docs;
    rc |= add_years(&out->months, &out->years);
    return rc ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}
