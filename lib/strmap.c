/*
 * strmap.c: open-addressing hash map over a string pool.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

uint32_t strmap_hash(const void *key, size_t len, uint32_t seed)
{
    const unsigned char *p = key;
    uint32_t h = 2166136261u ^ seed;
    for (size_t i = 0; i < len; i++)
        h = strmap_hash_step(h, p[i]);
    return h;
}

int strmap_init(strmap *m)
{
    memset(m, 0, sizeof *m);
    m->n_slots = 1024;
    m->slots = calloc(m->n_slots, sizeof *m->slots);
    m->pool_cap = 16384;
    m->pool = malloc(m->pool_cap);
    if (m->slots == NULL || m->pool == NULL) {
        strmap_free(m);
        return -1;
    }
    m->pool[0] = '\0'; /* offset 0 is never a key: it marks empty slots */
    m->pool_len = 1;
    return 0;
}

void strmap_free(strmap *m)
{
    free(m->slots);
    free(m->pool);
    memset(m, 0, sizeof *m);
}

void strmap_clear(strmap *m)
{
    memset(m->slots, 0, m->n_slots * sizeof *m->slots);
    m->n_used = 0;
    m->pool_len = 1;
}

int strmap_store(strmap *m, const void *bytes, size_t len, uint32_t *off)
{
    if (len >= UINT32_MAX - m->pool_len - 1)
        return -1;
    if (m->pool_len + len + 1 > m->pool_cap) {
        size_t cap = m->pool_cap;
        while (cap < m->pool_len + len + 1)
            cap *= 2;
        if (cap > UINT32_MAX)
            cap = UINT32_MAX;
        char *pool = realloc(m->pool, cap);
        if (pool == NULL)
            return -1;
        m->pool = pool;
        m->pool_cap = cap;
    }
    memcpy(m->pool + m->pool_len, bytes, len);
    m->pool[m->pool_len + len] = '\0';
    *off = (uint32_t)m->pool_len;
    m->pool_len += len + 1;
    return 0;
}

/* The slot holding KEY, else the empty slot where it would go; NULL when
 * neither is found.  Keys are read only within the pool and the probe
 * ends after every slot, so that a map mapped from a damaged file (the
 * gazetteer image) can give a wrong answer, never a read out of bounds or
 * an endless loop. */
static strmap_slot *probe(const strmap *m, const void *key, size_t len,
                          uint32_t hash)
{
    size_t mask = m->n_slots - 1;
    size_t i = hash & mask;
    for (size_t n = 0; n < m->n_slots; n++, i = (i + 1) & mask) {
        strmap_slot *s = &m->slots[i];
        if (s->key_off == 0)
            return s;
        if (s->hash == hash && s->key_len == len &&
            s->key_off < m->pool_len && len <= m->pool_len - s->key_off &&
            memcmp(m->pool + s->key_off, key, len) == 0)
            return s;
    }
    return NULL;
}

uint32_t *strmap_find(const strmap *m, const void *key, size_t len,
                      uint32_t hash)
{
    strmap_slot *s = probe(m, key, len, hash);
    return s && s->key_off ? &s->value : NULL;
}

static int grow(strmap *m)
{
    size_t n = m->n_slots * 2;
    strmap_slot *slots = calloc(n, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < m->n_slots; i++) {
        strmap_slot *s = &m->slots[i];
        if (s->key_off == 0)
            continue;
        size_t j = s->hash & (n - 1);
        while (slots[j].key_off != 0)
            j = (j + 1) & (n - 1);
        slots[j] = *s;
    }
    free(m->slots);
    m->slots = slots;
    m->n_slots = n;
    return 0;
}

uint32_t *strmap_insert(strmap *m, const void *key, size_t len, uint32_t hash,
                        int *is_new)
{
    strmap_slot *s = probe(m, key, len, hash);
    if (s == NULL) /* only in a full table, which inserts never leave */
        return NULL;
    if (s->key_off != 0) {
        *is_new = 0;
        return &s->value;
    }
    /* Keep the load under 1/2 so probes stay short. */
    if ((m->n_used + 1) * 2 > m->n_slots) {
        if (grow(m) != 0)
            return NULL;
        s = probe(m, key, len, hash);
    }
    uint32_t off;
    if (strmap_store(m, key, len, &off) != 0)
        return NULL;
    s->hash = hash;
    s->key_off = off;
    s->key_len = (uint32_t)len;
    s->value = 0;
    m->n_used++;
    *is_new = 1;
    return &s->value;
}
