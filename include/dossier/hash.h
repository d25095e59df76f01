/*
 * dossier/hash.h: the one 64-bit string hash Dossier uses for keys that
 * are never shown (dedupe sets, metadata keys, MinHash seeds).  FNV-1a:
 * fast on short strings and stable across builds, which stored keys need.
 */
#ifndef DOSSIER_HASH_H
#define DOSSIER_HASH_H

#include <stddef.h>
#include <stdint.h>

#define DOSSIER_FNV64_INIT 14695981039346656037ull

/* Continues hash H (start with DOSSIER_FNV64_INIT) over LEN bytes of P.
 * Pure: thread-safe. */
static inline uint64_t dossier_fnv64(const void *p, size_t len, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

#endif
