/*
 * minhash.c: MinHash over word 3-shingles.
 *
 * One 64-bit hash per shingle, then DOSSIER_MINHASH_SIZE cheap
 * permutations of it (multiply-xorshift with fixed odd constants), keeping
 * the minimum of each: the standard construction, deterministic across
 * runs and machines so that signatures stored in an index stay valid.
 */
#include "dossier/minhash.h"

#include <string.h>

#include "dossier/hash.h"


static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}

/* The K-th permutation of a shingle hash X: multiply-shift hashing with
 * fixed odd multipliers, two multiplies a value instead of a full mix:
 * this loop runs 64 times per word of every article indexed. */
static uint64_t multiplier(int k)
{
    return mix64(0x9E3779B97F4A7C15ull * (uint64_t)(k + 1)) | 1u;
}

void dossier_minhash_of_tokens(const dossier_token *tokens, size_t n,
                               dossier_minhash *out)
{
    /* 64 mixes per article, not per word; no shared state. */
    uint64_t mul[DOSSIER_MINHASH_SIZE], add[DOSSIER_MINHASH_SIZE];
    for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++) {
        mul[k] = multiplier(k);
        add[k] = mix64((uint64_t)k + 0x632BE59BD9B4E019ull);
    }
    for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++)
        out->h[k] = UINT32_MAX;
    out->is_empty = 1;
    /* The last three word terms, as hashes. */
    uint64_t window[3] = {0, 0, 0};
    size_t n_words = 0;
    for (size_t i = 0; i < n; i++) {
        const dossier_token *t = &tokens[i];
        if (t->flags & (DOSSIER_TOKEN_COMPOUND | DOSSIER_TOKEN_TOO_LONG))
            continue;
        window[0] = window[1];
        window[1] = window[2];
        window[2] = dossier_fnv64(t->term, t->term_len, DOSSIER_FNV64_INIT);
        if (++n_words < 3)
            continue;
        uint64_t shingle = mix64(window[0] ^ mix64(window[1] ^
                                                   mix64(window[2])));
        out->is_empty = 0;
        for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++) {
            uint32_t v = (uint32_t)((shingle * mul[k] + add[k]) >> 32);
            if (v < out->h[k])
                out->h[k] = v;
        }
    }
}

/* The high bits, as the clusters of every index so far were decided.  A
 * minimum is a small number, so two unrelated ones share their high 16
 * bits more often than 2^-16 (0.06% of hashes on Reuters, against 0.001%
 * for the low bits): estimates run that little high.  Cutting elsewhere
 * would move articles between clusters. */
void dossier_minhash_cut_of(const dossier_minhash *m, dossier_minhash_cut *out)
{
    for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++)
        out->h[k] = (uint16_t)(m->h[k] >> 16);
    out->is_empty = m->is_empty != 0;
}

double dossier_minhash_similarity(const dossier_minhash_cut *a,
                                  const dossier_minhash_cut *b)
{
    if (a->is_empty || b->is_empty)
        return 0;
    int same = 0;
    for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++)
        same += a->h[k] == b->h[k];
    return (double)same / DOSSIER_MINHASH_SIZE;
}

uint32_t dossier_minhash_band(const dossier_minhash *m, int b)
{
    uint64_t h = 0x84222325CBF29CE4ull ^ (uint64_t)b;
    for (int r = 0; r < DOSSIER_MINHASH_ROWS; r++)
        h = mix64(h ^ m->h[b * DOSSIER_MINHASH_ROWS + r]);
    return (uint32_t)h;
}

void dossier_minhash_encode(const dossier_minhash *m, unsigned char *out)
{
    for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++) {
        out[4 * k] = (unsigned char)m->h[k];
        out[4 * k + 1] = (unsigned char)(m->h[k] >> 8);
        out[4 * k + 2] = (unsigned char)(m->h[k] >> 16);
        out[4 * k + 3] = (unsigned char)(m->h[k] >> 24);
    }
}

dossier_status dossier_minhash_decode(const unsigned char *in, size_t len, dossier_minhash *out)
{
    if (len != 4 * DOSSIER_MINHASH_SIZE)
        return DOSSIER_ERR_INVALID;
    out->is_empty = 1;
    for (int k = 0; k < DOSSIER_MINHASH_SIZE; k++) {
        out->h[k] = (uint32_t)in[4 * k] | (uint32_t)in[4 * k + 1] << 8 |
                    (uint32_t)in[4 * k + 2] << 16 |
                    (uint32_t)in[4 * k + 3] << 24;
        if (out->h[k] != UINT32_MAX)
            out->is_empty = 0;
    }
    return DOSSIER_OK;
}
