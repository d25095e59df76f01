/*
 * gazetteer_image.c: the gazetteer compiled to a file, so that a process
 * per request does not tokenize 800 entities' names every time.
 *
 * Layout, native byte order: the header below, then each array in the
 * order of struct image_header's counts, each starting on a multiple of
 * IMAGE_ALIGN bytes (zeros pad the gaps).  Loading maps the file and
 * points the gazetteer's arrays into the mapping, copying nothing, so
 * that a process a request does not spend its time copying half a
 * megabyte.  A truncated file, or one whose header or entities do not add
 * up, is refused.  The rest is checked as it is read, as SQLite checks a
 * page when it reads it: each hash slot, trie node and alias the matcher
 * reaches (strmap.c, gazetteer.c, entities.c), so that a damaged image can
 * make a wrong match, never a read out of bounds or an endless loop.
 * Walking the whole image at load was 0.15 ms and 20 page faults of every
 * CGI request.
 */
#include "dossier/gazetteer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "gazetteer_internal.h"

/* Changes with the layout of this file or of the structures it copies,
 * and with the keys of the trie's edges (match_key.h). */
#define IMAGE_MAGIC "DOSSGZ14"
/* Every array starts aligned for its widest member, so that the loaded
 * gazetteer can point into the mapped file. */
#define IMAGE_ALIGN 8
/* As gaz_read_file's cap. */
#define IMAGE_MAX_BYTES (64u << 20)

struct image_header {
    char magic[8];
    char version[32];       /* the TSV's, gaz_version_of() */
    struct gaz_source source; /* the TSV's when it was read */
    uint32_t word_size;     /* sizeof(size_t): a build check */
    uint32_t n_entities, pool_len, n_nodes, n_aliases, n_contexts;
    uint32_t edges_pool_len, edges_slots;
    uint32_t names_pool_len, names_slots;
    uint32_t context_prefix_lengths;
};

/* ----------------------------------------------------------- writing */

struct out_buf {
    char *data;
    size_t len, cap;
};

/* Appends LEN bytes, after zeros up to the next IMAGE_ALIGN boundary
 * (the header starts the buffer, so it is never padded). */
static int put(struct out_buf *b, const void *bytes, size_t len)
{
    size_t pad = (IMAGE_ALIGN - b->len % IMAGE_ALIGN) % IMAGE_ALIGN;
    if (grow_array((void **)&b->data, &b->cap, b->len + pad + len, 1) != 0)
        return -1;
    memset(b->data + b->len, 0, pad);
    if (len > 0)
        memcpy(b->data + b->len + pad, bytes, len);
    b->len += pad + len;
    return 0;
}

static int put_strmap(struct out_buf *b, const strmap *m)
{
    return put(b, m->pool, m->pool_len) ||
           put(b, m->slots, m->n_slots * sizeof *m->slots);
}

dossier_status dossier_gazetteer_save_image(const dossier_gazetteer *g,
                                            const char *path)
{
    if (g == NULL || path == NULL)
        return DOSSIER_ERR_INVALID;
    struct image_header h = {
        .magic = IMAGE_MAGIC,
        .word_size = sizeof(size_t),
        .n_entities = (uint32_t)g->n_entities,
        .pool_len = (uint32_t)g->pool_len,
        .n_nodes = (uint32_t)g->n_nodes,
        .n_aliases = (uint32_t)g->n_aliases,
        .n_contexts = (uint32_t)g->n_contexts,
        .edges_pool_len = (uint32_t)g->edges.pool_len,
        .edges_slots = (uint32_t)g->edges.n_slots,
        .names_pool_len = (uint32_t)g->names.pool_len,
        .names_slots = (uint32_t)g->names.n_slots,
        .context_prefix_lengths = g->context_prefix_lengths,
    };
    memcpy(h.version, g->version, sizeof h.version);
    h.source = g->source;
    struct out_buf b = {0};
    uint32_t *types = malloc(g->n_entities ? g->n_entities * sizeof *types
                                           : 1);
    for (size_t i = 0; types != NULL && i < g->n_entities; i++)
        types[i] = (uint32_t)g->entities[i].type;
    int failed = types == NULL || put(&b, &h, sizeof h) ||
             put(&b, types, g->n_entities * sizeof *types) ||
             put(&b, g->offsets, g->n_entities * sizeof *g->offsets) ||
             put(&b, g->pool, g->pool_len) || put_strmap(&b, &g->edges) ||
             put(&b, g->edge_bits, GAZ_ALL_FILTER_BITS / 8) ||
             put(&b, g->node_alias, g->n_nodes * sizeof *g->node_alias) ||
             put(&b, g->aliases, g->n_aliases * sizeof *g->aliases) ||
             put(&b, g->contexts, g->n_contexts * sizeof *g->contexts) ||
             put_strmap(&b, &g->names);
    free(types);
    if (failed) {
        free(b.data);
        return DOSSIER_ERR_NOMEM;
    }

    /* A temporary file of this process's own: several runs may write the
     * image beside one TSV at once (dossier-index leaves one there). */
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path,
                         (long)getpid()) >= sizeof tmp) {
        free(b.data);
        errno = ENAMETOOLONG;
        return DOSSIER_ERR_IO;
    }
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL && fwrite(b.data, 1, b.len, f) == b.len;
    int saved = errno;
    if (f != NULL && fclose(f) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    free(b.data);
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        remove(tmp);
        errno = saved;
        return DOSSIER_ERR_IO;
    }
    return DOSSIER_OK;
}

/* ----------------------------------------------------------- reading */

struct in_buf {
    const char *p;
    size_t left;
};

/* Points *OUT at the next array, N elements of SIZE bytes, in place. */
static int take(struct in_buf *in, size_t n, size_t size, const void **out)
{
    *out = NULL;
    size_t pad = (IMAGE_ALIGN - (uintptr_t)in->p % IMAGE_ALIGN) % IMAGE_ALIGN;
    if (pad > in->left)
        return -1;
    in->p += pad;
    in->left -= pad;
    if (size != 0 && n > in->left / size)
        return -1;
    *out = in->p;
    in->p += n * size;
    in->left -= n * size;
    return 0;
}

/* The gazetteer's arrays are not const (the parser builds them); loaded
 * from an image they are only ever read, and a mapping is read-only. */
#define TAKE(in, n, array) take((in), (n), sizeof *(array), \
                                (const void **)(void *)&(array))

/* Points M at a strmap's pool and slots.  Only the shape is checked
 * here (a power of two, the pool's last byte a NUL); keys and values are
 * checked as lookups read them (strmap.c, gazetteer.c). */
static int take_strmap(struct in_buf *in, uint32_t pool_len, uint32_t slots,
                       strmap *m)
{
    memset(m, 0, sizeof *m);
    if (pool_len == 0 || slots == 0 || (slots & (slots - 1)) != 0 ||
        TAKE(in, pool_len, m->pool) != 0 || TAKE(in, slots, m->slots) != 0)
        return -1;
    m->pool_len = m->pool_cap = pool_len;
    m->n_slots = slots;
    m->n_used = slots; /* unknown, and never inserted into */
    return m->pool[pool_len - 1] == '\0' ? 0 : -1;
}

static int is_known_source(const struct gaz_source *s)
{
    static const struct gaz_source unknown;
    return memcmp(s, &unknown, sizeof unknown) != 0;
}

/* Reads the image DATA into G when it was made from the TSV that SOURCE
 * describes, or (SOURCE NULL) from one whose text has VERSION. */
static int read_image(const char *data, size_t len, const char *version,
                      const struct gaz_source *source, dossier_gazetteer *g)
{
    struct image_header h;
    if (len < sizeof h)
        return -1;
    memcpy(&h, data, sizeof h);
    int is_current =
        source ? is_known_source(source) &&
                     memcmp(&h.source, source, sizeof h.source) == 0
               : memcmp(h.version, version, sizeof h.version) == 0;
    if (memcmp(h.magic, IMAGE_MAGIC, sizeof h.magic) != 0 ||
        h.word_size != sizeof(size_t) || !is_current ||
        h.pool_len == 0 || h.n_nodes == 0)
        return -1;
    struct in_buf in = {data + sizeof h, len - sizeof h};
    const uint32_t *types = NULL;
    int bad = TAKE(&in, h.n_entities, types) ||
              TAKE(&in, h.n_entities, g->offsets) ||
              TAKE(&in, h.pool_len, g->pool) ||
              take_strmap(&in, h.edges_pool_len, h.edges_slots, &g->edges) ||
              TAKE(&in, GAZ_ALL_FILTER_BITS / 64, g->edge_bits);
    bad = bad || TAKE(&in, h.n_nodes, g->node_alias) ||
          TAKE(&in, h.n_aliases, g->aliases) ||
          TAKE(&in, h.n_contexts, g->contexts) ||
          take_strmap(&in, h.names_pool_len, h.names_slots, &g->names) ||
          in.left != 0 || g->pool[h.pool_len - 1] != '\0' ||
          (g->entities = calloc(h.n_entities ? h.n_entities : 1,
                                sizeof *g->entities)) == NULL;
    g->n_entities = g->cap_entities = g->cap_offsets = h.n_entities;
    g->pool_len = g->pool_cap = h.pool_len;
    g->n_nodes = g->cap_nodes = h.n_nodes;
    g->n_aliases = g->cap_aliases = h.n_aliases;
    g->n_contexts = g->cap_contexts = h.n_contexts;
    g->context_prefix_lengths = h.context_prefix_lengths;
    for (uint32_t i = 0; i < h.n_entities && !bad; i++) {
        const struct entity_offsets *o = &g->offsets[i];
        bad = types[i] >= DOSSIER_ENTITY_TYPE_COUNT ||
              o->id_off >= h.pool_len || o->name_off >= h.pool_len;
        g->entities[i] = (dossier_entity){
            .id = g->pool + o->id_off,
            .name = g->pool + o->name_off,
            .type = (dossier_entity_type)types[i],
            .index = i,
        };
    }
    memcpy(g->version, h.version, sizeof g->version);
    g->version[sizeof g->version - 1] = '\0';
    g->source = h.source;
    return bad ? -1 : 0;
}

/* The image at PATH into G->image: mapped, or read where mapping fails.
 * The mapping stays valid when dossier-index replaces the file (it
 * renames a new one over it); only cutting the file short in place
 * would fault its reader. */
static int open_image(const char *path, dossier_gazetteer *g)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uintmax_t)st.st_size > IMAGE_MAX_BYTES) {
        close(fd);
        return -1;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p != MAP_FAILED) {
        g->image = p;
        g->image_len = (size_t)st.st_size;
        g->is_image_mapped = 1;
        return 0;
    }
    char *data = NULL;
    if (gaz_read_file(path, &data, &g->image_len, NULL) != DOSSIER_OK)
        return -1;
    g->image = data; /* malloc's alignment is enough for IMAGE_ALIGN */
    return 0;
}

int gaz_image_load(const char *image_path, const char *version,
                   const struct gaz_source *source, dossier_gazetteer **out)
{
    dossier_gazetteer *g = calloc(1, sizeof *g);
    if (g != NULL && open_image(image_path, g) == 0 &&
        read_image(g->image, g->image_len, version, source, g) == 0) {
        *out = g;
        return 0;
    }
    dossier_gazetteer_free(g);
    return -1;
}
