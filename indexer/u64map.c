/*
 * u64map.c: open addressing, linear probing, load under 1/2.
 */
#include "u64map.h"

#include <stdlib.h>
#include <string.h>

static uint64_t fix(uint64_t key)
{
    return key ? key : 1;
}

static size_t slot_of(uint64_t key, size_t n)
{
    key ^= key >> 33;
    key *= 0xFF51AFD7ED558CCDull;
    key ^= key >> 33;
    return (size_t)key & (n - 1);
}

void u64map_init(u64map *m)
{
    memset(m, 0, sizeof *m);
}

void u64map_free(u64map *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

uint64_t *u64map_get(const u64map *m, uint64_t key)
{
    if (m->n_slots == 0)
        return NULL;
    key = fix(key);
    for (size_t i = slot_of(key, m->n_slots);; i = (i + 1) & (m->n_slots - 1)) {
        if (m->keys[i] == key)
            return &m->values[i];
        if (m->keys[i] == 0)
            return NULL;
    }
}

static dossier_status grow(u64map *m)
{
    size_t n = m->n_slots ? m->n_slots * 2 : 1024;
    uint64_t *keys = calloc(n, sizeof *keys);
    uint64_t *values = malloc(n * sizeof *values);
    if (keys == NULL || values == NULL) {
        free(keys);
        free(values);
        return DOSSIER_ERR_NOMEM;
    }
    for (size_t i = 0; i < m->n_slots; i++) {
        if (m->keys[i] == 0)
            continue;
        size_t j = slot_of(m->keys[i], n);
        while (keys[j] != 0)
            j = (j + 1) & (n - 1);
        keys[j] = m->keys[i];
        values[j] = m->values[i];
    }
    free(m->keys);
    free(m->values);
    m->keys = keys;
    m->values = values;
    m->n_slots = n;
    return DOSSIER_OK;
}

dossier_status u64map_put(u64map *m, uint64_t key, uint64_t value)
{
    uint64_t *v = u64map_get(m, key);
    if (v) {
        *v = value;
        return DOSSIER_OK;
    }
    if ((m->n_used + 1) * 2 > m->n_slots && grow(m) != DOSSIER_OK)
        return DOSSIER_ERR_NOMEM;
    key = fix(key);
    size_t i = slot_of(key, m->n_slots);
    while (m->keys[i] != 0)
        i = (i + 1) & (m->n_slots - 1);
    m->keys[i] = key;
    m->values[i] = value;
    m->n_used++;
    return DOSSIER_OK;
}
