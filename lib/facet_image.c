/*
 * facet_image.c: the facets and clusters of an index as numbers, in a
 * file beside it.
 *
 * Layout: a header, then value_field[n_values], value_at[n_values] (into
 * the pool), doc_start[max_docid + 2] (into items), items[n_items] (value
 * numbers), doc_cluster[max_docid + 1] (0: none, else 1 + the cluster's
 * number), and the pool of NUL-terminated values.  All uint32_t.
 */
#include "dossier/facet_image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier/hash.h"
#include "dossier/paths.h"
#include "dossier/schema.h"
#include "strmap.h"

#define MAGIC "DSFACET1"
#define BYTE_ORDER_MARK 0x01020304u

struct header {
    char magic[8];
    uint32_t byte_order;
    uint32_t n_fields;
    char uuid[XC_UUID_SIZE + 3]; /* padded to 40 */
    uint32_t pad;
    uint64_t revision;
    uint32_t max_docid;
    uint32_t n_values;
    uint32_t n_items;
    uint32_t n_clusters;
    uint32_t pool_bytes;
    uint32_t pad2;
};

struct dossier_facet_image {
    void *map;
    size_t map_len;
    const struct header *h;
    const uint32_t *value_field, *value_at, *doc_start, *items, *doc_cluster;
    const char *pool;
    /* The tally. */
    uint32_t *counts;   /* per value */
    uint32_t *seen_in;  /* per cluster: the tally that last saw it */
    uint32_t tally;
    uint32_t docs, articles, stories;
};

/* ---------------------------------------------------------------- writing */

struct u32s {
    uint32_t *v;
    size_t n, cap;
};

static int push(struct u32s *a, uint32_t x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        uint32_t *v = realloc(a->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

/* What the builder keeps. */
struct builder {
    strmap values;        /* field byte + value -> 1 + value number */
    struct u32s value_field, value_at, doc_start, items, doc_cluster;
    /* Clusters: key -> 1 + number, open addressing over a power of two. */
    uint64_t *cluster_keys;
    uint32_t *cluster_numbers;
    size_t cluster_cap, n_clusters;
};

/* The number of VALUE (LEN bytes) of FIELD, added if new; UINT32_MAX when
 * memory ran out. */
static uint32_t value_number(struct builder *b, unsigned field,
                             const char *value, size_t len)
{
    char small[256];
    char *key = len + 1 <= sizeof small ? small : malloc(len + 1);
    if (key == NULL)
        return UINT32_MAX;
    key[0] = (char)('0' + field);
    memcpy(key + 1, value, len);
    int is_new = 0;
    uint32_t *slot = strmap_insert(&b->values, key, len + 1,
                                   strmap_hash(key, len + 1, 0), &is_new);
    if (key != small)
        free(key);
    if (slot == NULL)
        return UINT32_MAX;
    if (is_new) {
        /* The value, NUL-terminated, in the map's own pool (which also
         * holds the keys), written out whole as the image's. */
        uint32_t at;
        *slot = (uint32_t)b->value_field.n + 1;
        if (strmap_store(&b->values, value, len, &at) != 0 ||
            push(&b->value_field, field) != 0 || push(&b->value_at, at) != 0)
            return UINT32_MAX;
    }
    return *slot - 1;
}

/* Adds the facets value VALUE of the document being built. */
static int add_facets(struct builder *b, const char *value, size_t len)
{
    size_t doc_first = b->items.n;
    const char *end = value + len;
    unsigned field = 0;
    for (const char *p = value; p <= end && field < DOSSIER_FACET_FIELDS;
         field++) {
        const char *field_end = memchr(p, '\x1e', (size_t)(end - p));
        if (field_end == NULL)
            field_end = end;
        while (p < field_end) {
            const char *item_end = memchr(p, '\n', (size_t)(field_end - p));
            if (item_end == NULL)
                item_end = field_end;
            if (item_end > p) {
                uint32_t n = value_number(b, field, p, (size_t)(item_end - p));
                if (n == UINT32_MAX)
                    return -1;
                int is_known = 0; /* once per document */
                for (size_t i = doc_first; i < b->items.n && !is_known; i++)
                    is_known = b->items.v[i] == n;
                if (!is_known && push(&b->items, n) != 0)
                    return -1;
            }
            p = item_end + 1;
        }
        p = field_end + 1;
    }
    return 0;
}

static int parse_key(const char *value, size_t len, uint64_t *key)
{
    if (len != DOSSIER_CLUSTER_KEY_LEN || len > 16)
        return -1;
    uint64_t k = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)value[i];
        int digit = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
        if (digit < 0)
            return -1;
        k = k << 4 | (uint64_t)digit;
    }
    *key = k;
    return 0;
}

/* 1 + the number of the cluster with key VALUE; 0 for a value that is no
 * key of ours (no image then: its stories are counted from the values);
 * UINT32_MAX when memory ran out. */
static uint32_t cluster_number(struct builder *b, const char *value,
                               size_t len)
{
    uint64_t key;
    if (parse_key(value, len, &key) != 0)
        return 0;
    if (2 * (b->n_clusters + 1) > b->cluster_cap) {
        size_t cap = b->cluster_cap ? 2 * b->cluster_cap : 1024;
        uint64_t *keys = calloc(cap, sizeof *keys);
        uint32_t *numbers = calloc(cap, sizeof *numbers);
        if (keys == NULL || numbers == NULL) {
            free(keys);
            free(numbers);
            return UINT32_MAX;
        }
        for (size_t i = 0; i < b->cluster_cap; i++) {
            if (b->cluster_numbers[i] == 0)
                continue;
            size_t at = (size_t)dossier_fnv64(&b->cluster_keys[i], 8,
                                              DOSSIER_FNV64_INIT) & (cap - 1);
            while (numbers[at] != 0)
                at = (at + 1) & (cap - 1);
            keys[at] = b->cluster_keys[i];
            numbers[at] = b->cluster_numbers[i];
        }
        free(b->cluster_keys);
        free(b->cluster_numbers);
        b->cluster_keys = keys;
        b->cluster_numbers = numbers;
        b->cluster_cap = cap;
    }
    size_t mask = b->cluster_cap - 1;
    size_t at = (size_t)dossier_fnv64(&key, 8, DOSSIER_FNV64_INIT) & mask;
    while (b->cluster_numbers[at] != 0 && b->cluster_keys[at] != key)
        at = (at + 1) & mask;
    if (b->cluster_numbers[at] == 0) {
        b->cluster_keys[at] = key;
        b->cluster_numbers[at] = (uint32_t)++b->n_clusters;
    }
    return b->cluster_numbers[at];
}

/* Reads DB into B.  Returns DOSSIER_OK, DOSSIER_ERR_NOMEM, or
 * DOSSIER_ERR_INDEX with ERR. */
static dossier_status build(struct builder *b, xc_db *db, xc_docid max_docid,
                            dossier_error *err)
{
    xc_values *facets = NULL, *clusters = NULL;
    dossier_status rc = DOSSIER_ERR_NOMEM;
    if (xc_db_values(db, DOSSIER_SLOT_FACETS, &facets) != XC_STATUS_SUCCESS ||
        xc_db_values(db, DOSSIER_SLOT_CLUSTER, &clusters) !=
            XC_STATUS_SUCCESS) {
        rc = dossier_fail(err, DOSSIER_ERR_INDEX,
                          "cannot read the index: %s", xc_db_last_error(db));
        goto done;
    }
    dossier_fail(err, rc, "out of memory");
    for (xc_docid d = 0; d <= max_docid; d++) {
        if (push(&b->doc_start, (uint32_t)b->items.n) != 0)
            goto done;
        uint32_t cluster = 0;
        if (d > 0 && xc_values_skip_to(clusters, d)) {
            size_t len = 0;
            const char *v = xc_values_value(clusters, &len);
            if ((cluster = cluster_number(b, v, len)) == UINT32_MAX)
                goto done;
            if (cluster == 0) {
                rc = dossier_fail(err, DOSSIER_ERR_INDEX,
                                  "document %u holds a cluster value that "
                                  "is not a key of ours", (unsigned)d);
                goto done;
            }
        }
        if (push(&b->doc_cluster, cluster) != 0)
            goto done;
        if (d > 0 && xc_values_skip_to(facets, d)) {
            size_t len = 0;
            const char *v = xc_values_value(facets, &len);
            if (add_facets(b, v, len) != 0)
                goto done;
        }
        if (b->items.n > UINT32_MAX)
            goto done;
    }
    if (push(&b->doc_start, (uint32_t)b->items.n) != 0)
        goto done;
    if (xc_values_status(facets) != XC_STATUS_SUCCESS ||
        xc_values_status(clusters) != XC_STATUS_SUCCESS) {
        rc = dossier_fail(err, DOSSIER_ERR_INDEX,
                          "cannot read the index: %s",
                          xc_values_last_error(facets));
        goto done;
    }
    rc = DOSSIER_OK;
done:
    xc_values_destroy(facets);
    xc_values_destroy(clusters);
    return rc;
}

static int put(FILE *f, const void *p, size_t len)
{
    return len == 0 || fwrite(p, 1, len, f) == len ? 0 : -1;
}

dossier_status dossier_facet_image_write(const char *db_path,
                                         dossier_error *err)
{
    char path[4096], tmp[4200];
    if (dossier_facet_image_path(db_path, path, sizeof path) != 0)
        return dossier_fail(err, DOSSIER_ERR_INVALID, "index path too long");
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    xc_db *db = NULL;
    struct builder b = {0};
    struct header h = {.byte_order = BYTE_ORDER_MARK,
                       .n_fields = DOSSIER_FACET_FIELDS};
    memcpy(h.magic, MAGIC, sizeof h.magic);
    dossier_status st = DOSSIER_ERR_NOMEM;
    xc_docid max_docid = 0;
    if (xc_db_open_readonly(db_path, &db) != XC_STATUS_SUCCESS ||
        xc_db_uuid(db, h.uuid) != XC_STATUS_SUCCESS ||
        xc_db_revision(db, &h.revision) != XC_STATUS_SUCCESS ||
        xc_db_last_docid(db, &max_docid) != XC_STATUS_SUCCESS) {
        st = dossier_fail(err, DOSSIER_ERR_INDEX,
                          "cannot read the index %s: %s", db_path,
                          db ? xc_db_last_error(db) : xc_thread_last_error());
        goto done;
    }
    /* A run that committed nothing leaves the image as it is. */
    dossier_facet_image *current = NULL;
    if (dossier_facet_image_open(db_path, db, &current) == 0) {
        dossier_facet_image_free(current);
        st = DOSSIER_OK;
        goto done;
    }
    if (max_docid >= UINT32_MAX - 2) {
        st = dossier_fail(err, DOSSIER_ERR_INVALID, "too many documents");
        goto done;
    }
    if (strmap_init(&b.values) != 0) {
        st = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        goto done;
    }
    if ((st = build(&b, db, max_docid, err)) != DOSSIER_OK)
        goto done;
    h.max_docid = max_docid;
    h.n_values = (uint32_t)b.value_field.n;
    h.n_items = (uint32_t)b.items.n;
    h.n_clusters = (uint32_t)b.n_clusters;
    if (b.values.pool_len > UINT32_MAX) {
        st = dossier_fail(err, DOSSIER_ERR_INVALID,
                          "facet values past 4 GiB");
        goto done;
    }
    h.pool_bytes = (uint32_t)b.values.pool_len;
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL && put(f, &h, sizeof h) == 0 &&
             put(f, b.value_field.v, b.value_field.n * 4) == 0 &&
             put(f, b.value_at.v, b.value_at.n * 4) == 0 &&
             put(f, b.doc_start.v, b.doc_start.n * 4) == 0 &&
             put(f, b.items.v, b.items.n * 4) == 0 &&
             put(f, b.doc_cluster.v, b.doc_cluster.n * 4) == 0 &&
             put(f, b.values.pool, b.values.pool_len) == 0;
    int saved = errno;
    if (f != NULL && fclose(f) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        remove(tmp);
        st = dossier_fail(err, DOSSIER_ERR_IO, "cannot write %s: %s", path,
                          strerror(saved));
        errno = saved;
        goto done;
    }
    st = DOSSIER_OK;
done:
    xc_db_destroy(db);
    strmap_free(&b.values);
    free(b.value_field.v);
    free(b.value_at.v);
    free(b.doc_start.v);
    free(b.items.v);
    free(b.doc_cluster.v);
    free(b.cluster_keys);
    free(b.cluster_numbers);
    return st;
}

/* ---------------------------------------------------------------- reading */

/* Whether the header H, of a file of LEN bytes, is sound and fits it; the
 * sections are then placed into IMG. */
static int place(dossier_facet_image *img, size_t len)
{
    const struct header *h = img->h;
    if (len < sizeof *h || memcmp(h->magic, MAGIC, sizeof h->magic) != 0 ||
        h->byte_order != BYTE_ORDER_MARK ||
        h->n_fields != DOSSIER_FACET_FIELDS || h->max_docid >= UINT32_MAX - 2)
        return -1;
    uint64_t words = 2ull * h->n_values + (h->max_docid + 2ull) +
                     h->n_items + (h->max_docid + 1ull);
    if (len != sizeof *h + 4 * words + h->pool_bytes)
        return -1;
    const uint32_t *w = (const uint32_t *)(h + 1);
    img->value_field = w;
    img->value_at = w += h->n_values;
    img->doc_start = w += h->n_values;
    img->items = w += h->max_docid + 2;
    img->doc_cluster = w += h->n_items;
    img->pool = (const char *)(w + h->max_docid + 1);
    /* Every value must end inside the pool. */
    return h->n_values == 0 ||
                   (h->pool_bytes > 0 && img->pool[h->pool_bytes - 1] == '\0')
               ? 0
               : -1;
}

dossier_status dossier_facet_image_open(const char *db_path, xc_db *db,
                                        dossier_facet_image **out)
{
    *out = NULL;
    char path[4096], uuid[XC_UUID_SIZE];
    uint64_t revision;
    if (dossier_facet_image_path(db_path, path, sizeof path) != 0 ||
        xc_db_uuid(db, uuid) != XC_STATUS_SUCCESS ||
        xc_db_revision(db, &revision) != XC_STATUS_SUCCESS)
        return DOSSIER_NOT_FOUND;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return DOSSIER_NOT_FOUND;
    struct stat sb;
    dossier_facet_image *img = calloc(1, sizeof *img);
    if (img == NULL || fstat(fd, &sb) != 0 || sb.st_size <= 0) {
        close(fd);
        free(img);
        return DOSSIER_NOT_FOUND;
    }
    img->map_len = (size_t)sb.st_size;
    img->map = mmap(NULL, img->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (img->map == MAP_FAILED) {
        free(img);
        return DOSSIER_NOT_FOUND;
    }
    img->h = img->map;
    if (place(img, img->map_len) != 0 ||
        strncmp(img->h->uuid, uuid, sizeof img->h->uuid) != 0 ||
        img->h->revision != revision ||
        (img->counts = calloc(img->h->n_values + 1, sizeof *img->counts)) ==
            NULL ||
        (img->seen_in = calloc(img->h->n_clusters + 1,
                               sizeof *img->seen_in)) == NULL) {
        dossier_facet_image_free(img);
        return DOSSIER_NOT_FOUND;
    }
    *out = img;
    return DOSSIER_OK;
}

void dossier_facet_image_free(dossier_facet_image *img)
{
    if (img == NULL)
        return;
    if (img->map != NULL && img->map != MAP_FAILED)
        munmap(img->map, img->map_len);
    free(img->counts);
    free(img->seen_in);
    free(img);
}

void dossier_facet_image_begin(dossier_facet_image *img)
{
    memset(img->counts, 0, (img->h->n_values + 1) * sizeof *img->counts);
    img->docs = img->articles = img->stories = 0;
    if (++img->tally == 0) { /* wrapped: forget every earlier tally */
        memset(img->seen_in, 0,
               (img->h->n_clusters + 1) * sizeof *img->seen_in);
        img->tally = 1;
    }
}

void dossier_facet_image_see(void *ctx, xc_docid docid)
{
    dossier_facet_image *img = ctx;
    const struct header *h = img->h;
    if (docid == 0 || docid > h->max_docid)
        return;
    img->docs++;
    uint32_t first = img->doc_start[docid], end = img->doc_start[docid + 1];
    if (first <= end && end <= h->n_items)
        for (uint32_t i = first; i < end; i++)
            if (img->items[i] < h->n_values)
                img->counts[img->items[i]]++;
    uint32_t c = img->doc_cluster[docid];
    if (c == 0 || c > h->n_clusters)
        return;
    img->articles++;
    if (img->seen_in[c] != img->tally) {
        img->seen_in[c] = img->tally;
        img->stories++;
    }
}

void dossier_facet_image_tally(const dossier_facet_image *img,
                               uint32_t *docs, uint32_t *articles,
                               uint32_t *stories)
{
    *docs = img->docs;
    *articles = img->articles;
    *stories = img->stories;
}

dossier_status dossier_facet_image_counts(
    const dossier_facet_image *img, unsigned field,
    dossier_status (*each)(void *ctx, const char *value, uint32_t count),
    void *ctx)
{
    const struct header *h = img->h;
    for (uint32_t v = 0; v < h->n_values; v++) {
        if (img->counts[v] == 0 || img->value_field[v] != field ||
            img->value_at[v] >= h->pool_bytes)
            continue;
        dossier_status rc =
            each(ctx, img->pool + img->value_at[v], img->counts[v]);
        if (rc != DOSSIER_OK)
            return rc;
    }
    return DOSSIER_OK;
}
