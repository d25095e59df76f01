/*
 * strmap.h: a hash map from byte strings to 32-bit values, with its own
 * string pool.  Private to libdossier; the stem cache and the gazetteer's
 * trie are built on it.  Not thread-safe: each owner keeps its own.
 */
#ifndef DOSSIER_STRMAP_H
#define DOSSIER_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct strmap_slot {
    uint32_t hash;
    uint32_t key_off; /* into the pool; 0 marks an empty slot */
    uint32_t key_len;
    uint32_t value;
} strmap_slot;

typedef struct strmap {
    char *pool; /* keys and stored strings, each NUL-terminated */
    size_t pool_len, pool_cap;
    strmap_slot *slots;
    size_t n_slots; /* a power of two */
    size_t n_used;
} strmap;

/* FNV-1a, 32 bits, seeded.  Good enough for short words. */
uint32_t strmap_hash(const void *key, size_t len, uint32_t seed);

/* The hash of a key one byte longer than the one hashed H: strmap_hash(K
 * + B) == strmap_hash_step(strmap_hash(K), B). */
static inline uint32_t strmap_hash_step(uint32_t h, unsigned char b)
{
    return (h ^ b) * 16777619u;
}

/* Returns 0, or -1 when memory ran out. */
int strmap_init(strmap *m);
void strmap_free(strmap *m);
/* Forgets every key and string, keeping the memory. */
void strmap_clear(strmap *m);

/* The value of KEY, or NULL when absent.  The pointer stays valid until the
 * next insert or clear. */
uint32_t *strmap_find(const strmap *m, const void *key, size_t len,
                      uint32_t hash);

/* Adds KEY (if absent) and returns its value slot; *is_new tells whether it
 * was added (its value is then 0).  NULL when memory ran out. */
uint32_t *strmap_insert(strmap *m, const void *key, size_t len, uint32_t hash,
                        int *is_new);

/* Copies LEN bytes into the pool, NUL-terminated, and returns the offset in
 * *off.  Returns 0, or -1 when memory ran out or the pool would pass 4 GiB.
 */
int strmap_store(strmap *m, const void *bytes, size_t len, uint32_t *off);

static inline const char *strmap_str(const strmap *m, uint32_t off)
{
    return m->pool + off;
}

/* Bytes held by the pool, to decide when a cache should be cleared. */
static inline size_t strmap_pool_bytes(const strmap *m)
{
    return m->pool_len;
}

#endif
