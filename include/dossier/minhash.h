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

/* A signature as it is held for comparing: each hash cut to its high 16
 * bits, half the memory of a dossier_minhash, for a writer that holds one
 * for every article of an index (indexer/clusters.c). */
typedef struct dossier_minhash_cut {
    uint16_t h[DOSSIER_MINHASH_SIZE];
    uint8_t is_empty;
} dossier_minhash_cut;

void dossier_minhash_cut_of(const dossier_minhash *m,
                            dossier_minhash_cut *out);

/* The estimated Jaccard similarity of two signatures, 0..1: the share of
 * their hashes that agree (0 when either is empty).  Over cut signatures
 * only, so that what a test measures is what a writer decides with
 * (DOSSIER_NEAR_DUP_JACCARD or more: near-duplicates). */
double dossier_minhash_similarity(const dossier_minhash_cut *a,
                                  const dossier_minhash_cut *b);

/* The hash of band B (0 .. DOSSIER_MINHASH_BANDS-1). */
uint32_t dossier_minhash_band(const dossier_minhash *m, int b);

/* Serialises to DOSSIER_MINHASH_SIZE * 4 bytes (little-endian), and back:
 * dossier_minhash_decode returns DOSSIER_OK, or DOSSIER_ERR_INVALID when
 * LEN is wrong. */
void dossier_minhash_encode(const dossier_minhash *m, unsigned char *out);
dossier_status dossier_minhash_decode(const unsigned char *in, size_t len,
                                      dossier_minhash *out);

#ifdef __cplusplus
}
#endif

#endif
