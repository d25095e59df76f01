/*
 * dossier/minhash.h: MinHash signatures of word 3-shingles, for
 * near-duplicate detection (dossier/schema.h says why MinHash).  Pure
 * functions over caller-owned structs: thread-safe.
 */
#ifndef DOSSIER_MINHASH_H
#define DOSSIER_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/analyzer.h"
#include "dossier/schema.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dossier_minhash {
    uint32_t h[DOSSIER_MINHASH_SIZE];
    int is_empty; /* fewer than 3 words: no shingles, no near-duplicates */
} dossier_minhash;

/* The signature of the terms of TOKENS (joined compounds skipped). */
void dossier_minhash_of_tokens(const dossier_token *tokens, size_t n,
                               dossier_minhash *out);

/* The estimated Jaccard similarity of two signatures, 0..1 (0 when either
 * is empty). */
double dossier_minhash_similarity(const dossier_minhash *a,
                                  const dossier_minhash *b);

/* The hash of band B (0 .. DOSSIER_MINHASH_BANDS-1). */
uint32_t dossier_minhash_band(const dossier_minhash *m, int b);

/* Serialises to DOSSIER_MINHASH_SIZE * 4 bytes (little-endian), and back:
 * dossier_minhash_decode returns 0, or -1 when LEN is wrong. */
void dossier_minhash_encode(const dossier_minhash *m, unsigned char *out);
int dossier_minhash_decode(const unsigned char *in, size_t len,
                           dossier_minhash *out);

#ifdef __cplusplus
}
#endif

#endif
