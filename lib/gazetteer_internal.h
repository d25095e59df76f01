/*
 * gazetteer_internal.h: the gazetteer's representation, shared by the
 * parser (gazetteer.c), its compiled image (gazetteer_image.c) and the
 * loader that takes one or the other (gazetteer_load.c), each depending
 * only on those before it.  Private to libdossier.
 */
#ifndef DOSSIER_GAZETTEER_INTERNAL_H
#define DOSSIER_GAZETTEER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/gazetteer.h"
#include "gazetteer_trie.h"
#include "strmap.h"

/* What fstat(2) said of the TSV a gazetteer was read from, taken before
 * reading it.  An image made from that gazetteer is current while the
 * file still says the same (as git trusts its index), so a process a
 * request need not read and hash the TSV.  Any write changes ctime, and a
 * file renamed over it has another inode.  All zero: unknown. */
struct gaz_source {
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

/* Per entity, beside the public dossier_entity: where its strings are,
 * and what its ambiguous names need (entity_resolve.c). */
struct entity_offsets {
    uint32_t id_off, name_off;
    /* Active years; 0: open at that end. */
    int32_t year_from, year_to;
    /* Its context items: contexts[ctx_first .. ctx_first + ctx_count). */
    uint32_t ctx_first, ctx_count;
};


#define GAZ_ALL_FILTER_BITS \
    (GAZ_FILTER_BITS + GAZ_START_BITS + GAZ_CONTEXT_BITS)

struct dossier_gazetteer {
    dossier_entity *entities;
    struct entity_offsets *offsets; /* pointers are set once loading ends */
    size_t n_entities, cap_entities, cap_offsets;

    char *pool; /* ids, names, aliases, alias cases */
    size_t pool_len, pool_cap;

    strmap edges;          /* (node, norm) -> child node */
    /* The filters of gazetteer_trie.h, one after the other: the edge
     * filter's GAZ_FILTER_BITS, the start filter's, the context
     * filter's. */
    uint64_t *edge_bits;
    /* Bit L set when some context prefix is in the filter by its first
     * L bytes (1 <= L <= GAZ_CONTEXT_PREFIX_BYTES): only those lengths
     * are probed for an article's every word. */
    uint32_t context_prefix_lengths;
    /* Per node: first alias index + 1, or 0; GAZ_NODE_PARENT set when
     * an edge leaves it. */
    uint32_t *node_alias;
    size_t n_nodes, cap_nodes;
    gaz_alias *aliases;    /* an alias's next is always a later alias */
    size_t n_aliases, cap_aliases;
    gaz_context *contexts;
    size_t n_contexts, cap_contexts;

    strmap names;          /* normalized name or "\1" id -> entity + 1 */
    char version[32];
    struct gaz_source source;

    /* Loaded from an image, every array above but entities points into
     * these bytes, read-only: they are freed (or unmapped) whole. */
    void *image;
    size_t image_len;
    int is_image_mapped;   /* munmap, not free */
};

/* Reads the file at PATH (at most 64 MiB) into *OUT (malloc'd, owned by
 * the caller, not NUL-terminated), and what it was before the read into
 * *SOURCE when not NULL.  DOSSIER_ERR_IO with errno set, or
 * DOSSIER_ERR_NOMEM; *OUT is NULL then. */
dossier_status gaz_read_file(const char *path, char **out, size_t *out_len,
                             struct gaz_source *source);

/* What PATH (or the open FD when PATH is NULL) is now; 0 or -1. */
int gaz_source_of(const char *path, int fd, struct gaz_source *out);

/* The version of a gazetteer read from TEXT: "fnv64:" and 16 hex digits. */
void gaz_version_of(const char *text, size_t len, char out[32]);

/* The image at IMAGE_PATH into *OUT (freed by dossier_gazetteer_free)
 * when it was made from the TSV that SOURCE describes, or (SOURCE NULL)
 * from one whose text has VERSION; 0, or -1 with *OUT untouched. */
int gaz_image_load(const char *image_path, const char *version,
                   const struct gaz_source *source, dossier_gazetteer **out);

#endif
