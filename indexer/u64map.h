/*
 * u64map.h: a hash map from 64-bit keys to 64-bit values, for the
 * writer's sets of what this run has seen.  Not thread-safe.
 */
#ifndef DOSSIER_U64MAP_H
#define DOSSIER_U64MAP_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"

typedef struct u64map {
    uint64_t *keys;   /* 0 marks an empty slot: key 0 is stored as 1 */
    uint64_t *values;
    size_t n_slots, n_used;
} u64map;

void u64map_init(u64map *m);
void u64map_free(u64map *m);
/* The value of KEY, or NULL. */
uint64_t *u64map_get(const u64map *m, uint64_t key);
/* Sets KEY to VALUE.  Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
dossier_status u64map_put(u64map *m, uint64_t key, uint64_t value);

#endif
