/*
 * clusters.c: near-duplicate clusters (see clusters.h).
 */
#include "clusters.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/minhash.h"
#include "dossier/schema.h"
#include "u64map.h"

/* A representative: its signature, cut (dossier/minhash.h) since there
 * is one for every article of the index, the key of its cluster, its
 * document when known, and whether that document carries the key as its
 * cluster value. */
struct representative {
    dossier_minhash_cut sig;
    char key[DOSSIER_CLUSTER_KEY_LEN + 1];
    xc_docid docid; /* 0: not known */
    int is_marked;
};

struct clusters {
    u64map bands; /* (band, hash) -> representative index + 1 */
    struct representative *reps;
    size_t n_reps, cap_reps;
    u64map pending; /* keys whose first article awaits its value */
};

clusters *clusters_new(void)
{
    clusters *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    u64map_init(&c->bands);
    u64map_init(&c->pending);
    return c;
}

void clusters_free(clusters *c)
{
    if (c == NULL)
        return;
    u64map_free(&c->bands);
    u64map_free(&c->pending);
    free(c->reps);
    free(c);
}

/* The key as a number, for the set of pending ones. */
static uint64_t key_number(const char *key)
{
    char buf[DOSSIER_CLUSTER_KEY_LEN + 1];
    memcpy(buf, key, DOSSIER_CLUSTER_KEY_LEN);
    buf[DOSSIER_CLUSTER_KEY_LEN] = '\0';
    return strtoull(buf, NULL, 16);
}

/* Adds a representative; its index, or SIZE_MAX when memory ran out. */
static size_t add_representative(clusters *c, const dossier_minhash *sig,
                                 const char *key, xc_docid docid,
                                 int is_marked)
{
    if (c->n_reps == c->cap_reps) {
        size_t cap = c->cap_reps ? c->cap_reps * 2 : 1024;
        struct representative *p = realloc(c->reps, cap * sizeof *p);
        if (p == NULL)
            return SIZE_MAX;
        c->reps = p;
        c->cap_reps = cap;
    }
    size_t i = c->n_reps++;
    struct representative *r = &c->reps[i];
    dossier_minhash_cut_of(sig, &r->sig);
    memcpy(r->key, key, DOSSIER_CLUSTER_KEY_LEN);
    r->key[DOSSIER_CLUSTER_KEY_LEN] = '\0';
    r->docid = docid;
    r->is_marked = is_marked;
    for (int band = 0; band < DOSSIER_MINHASH_BANDS; band++) {
        uint64_t k = (uint64_t)band << 32 | dossier_minhash_band(sig, band);
        if (u64map_get(&c->bands, k) == NULL &&
            u64map_put(&c->bands, k, i + 1) != 0)
            return SIZE_MAX;
    }
    return i;
}

/* The representative SIG resembles, or SIZE_MAX. */
static size_t find(const clusters *c, const dossier_minhash *sig)
{
    dossier_minhash_cut cut;
    dossier_minhash_cut_of(sig, &cut);
    for (int band = 0; band < DOSSIER_MINHASH_BANDS; band++) {
        uint64_t k = (uint64_t)band << 32 | dossier_minhash_band(sig, band);
        uint64_t *rep = u64map_get(&c->bands, k);
        if (rep &&
            dossier_minhash_similarity(&cut, &c->reps[*rep - 1].sig) >=
                DOSSIER_NEAR_DUP_JACCARD)
            return *rep - 1;
    }
    return SIZE_MAX;
}

/* Splits a signature value into the signature and the article's own key
 * (*OWN_KEY NULL in an index older than schema 4): whether it is one. */
static bool read_signature(const char *bytes, size_t len, dossier_minhash *sig,
                           const char **own_key)
{
    const size_t n = 4 * DOSSIER_MINHASH_SIZE;
    *own_key = len == n + DOSSIER_CLUSTER_KEY_LEN ? bytes + n : NULL;
    if (len != n && *own_key == NULL)
        return false;
    return dossier_minhash_decode((const unsigned char *)bytes, n, sig) ==
           DOSSIER_OK;
}

/* What walk() hands over for each article with a signature: its own key
 * is NULL in an index older than schema 4, its cluster value NULL when it
 * has none. */
struct article {
    xc_docid id;
    dossier_minhash sig;
    const char *own_key;
    const char *value;
    size_t value_len;
};

/* Calls EACH for every article of DB with a signature, in document order,
 * until it fails (only when memory runs out).  Two value streams merged
 * by document id. */
static dossier_status walk(xc_db *db,
                           dossier_status (*each)(void *ctx,
                                                  const struct article *a),
                           void *ctx, dossier_error *err)
{
    xc_values *sigs = NULL, *values = NULL;
    dossier_status st = DOSSIER_OK;
    if (xc_db_values(db, DOSSIER_SLOT_MINHASH, &sigs) != XC_STATUS_SUCCESS ||
        xc_db_values(db, DOSSIER_SLOT_CLUSTER, &values) != XC_STATUS_SUCCESS) {
        st = dossier_fail(err, DOSSIER_ERR_INDEX, "cannot read the index: %s",
                          xc_db_last_error(db));
        goto done;
    }
    for (; xc_values_valid(sigs); xc_values_next(sigs)) {
        struct article a = {.id = xc_values_docid(sigs)};
        size_t len;
        const char *bytes = xc_values_value(sigs, &len);
        if (!read_signature(bytes, len, &a.sig, &a.own_key) ||
            a.sig.is_empty)
            continue;
        if (xc_values_skip_to(values, a.id))
            a.value = xc_values_value(values, &a.value_len);
        if ((st = each(ctx, &a)) != DOSSIER_OK) {
            dossier_fail(err, st, "out of memory");
            goto done;
        }
    }
    if (xc_values_status(sigs) != XC_STATUS_SUCCESS ||
        xc_values_status(values) != XC_STATUS_SUCCESS)
        st = dossier_fail(err, DOSSIER_ERR_INDEX, "cannot read the index: %s",
                          xc_values_last_error(sigs));
done:
    xc_values_destroy(sigs);
    xc_values_destroy(values);
    return st;
}

/* Members, and first articles with members, carry their cluster's key;
 * the others their own. */
static dossier_status load_one(void *ctx, const struct article *a)
{
    clusters *c = ctx;
    const char *key = a->value ? a->value : a->own_key;
    size_t key_len = a->value ? a->value_len : DOSSIER_CLUSTER_KEY_LEN;
    if (key == NULL || key_len != DOSSIER_CLUSTER_KEY_LEN)
        return DOSSIER_OK;
    return add_representative(c, &a->sig, key, a->id, a->value != NULL) ==
                   SIZE_MAX
               ? DOSSIER_ERR_NOMEM
               : DOSSIER_OK;
}

dossier_status clusters_load(clusters *c, xc_db *db, dossier_error *err)
{
    return walk(db, load_one, c, err);
}

/* Marks DOC a member of the cluster KEY: its value, and the term that
 * finds every clustered article (schema.h). */
static xc_status set_cluster(xc_doc *doc, const char *key)
{
    xc_status st = xc_doc_set_value(doc, DOSSIER_SLOT_CLUSTER, key,
                                    DOSSIER_CLUSTER_KEY_LEN);
    return st == XC_STATUS_SUCCESS
               ? xc_doc_add_boolean_term(doc, DOSSIER_TERM_CLUSTERED)
               : st;
}

/* Gives document DOCID of DB the cluster value KEY. */
static dossier_status mark_document(xc_db *db, xc_docid docid,
                                    const char *key, dossier_error *err)
{
    xc_doc *doc = NULL;
    xc_status st = xc_db_get_document(db, docid, &doc);
    if (st == XC_STATUS_SUCCESS)
        st = set_cluster(doc, key);
    if (st == XC_STATUS_SUCCESS)
        st = xc_db_replace_document(db, docid, doc);
    xc_doc_destroy(doc);
    if (st == XC_STATUS_NOT_FOUND)
        return DOSSIER_OK; /* gone: nothing to mark */
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err,
                            st == XC_STATUS_NO_MEMORY ? DOSSIER_ERR_NOMEM
                                                      : DOSSIER_ERR_INDEX,
                            "cannot update document %u: %s", (unsigned)docid,
                            xc_db_last_error(db));
    return DOSSIER_OK;
}

dossier_status clusters_place(clusters *c, dossier_built *b, xc_db *db,
                              bool *is_new_member, size_t *rep,
                              dossier_error *err)
{
    *is_new_member = false;
    *rep = SIZE_MAX;
    size_t found = find(c, &b->signature);
    if (found == SIZE_MAX) {
        *rep = add_representative(c, &b->signature, b->cluster, 0, 0);
        if (*rep == SIZE_MAX)
            goto nomem;
        return DOSSIER_OK;
    }
    struct representative *r = &c->reps[found];
    /* Its own key: what it resembles is its former version, or a member
     * of the cluster that version leads. */
    bool is_own = strcmp(r->key, b->cluster) == 0;
    *is_new_member = !is_own;
    if ((!is_own || r->is_marked) &&
        set_cluster(b->doc, r->key) != XC_STATUS_SUCCESS)
        goto nomem;
    if (is_own || r->is_marked)
        return DOSSIER_OK;
    /* The cluster's second article: the first gets the value too. */
    if (r->docid != 0) {
        dossier_status st = mark_document(db, r->docid, r->key, err);
        if (st != DOSSIER_OK)
            return st;
    } else if (u64map_put(&c->pending, key_number(r->key), 1) != 0) {
        goto nomem;
    }
    r->is_marked = 1;
    return DOSSIER_OK;
nomem:
    return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
}

void clusters_set_docid(clusters *c, size_t rep, xc_docid docid)
{
    if (rep < c->n_reps)
        c->reps[rep].docid = docid;
}

/* The first articles clusters_mark_pending must mark. */
struct pending {
    const clusters *c;
    xc_docid *ids;
    char (*keys)[DOSSIER_CLUSTER_KEY_LEN + 1];
    size_t n, cap;
};

static dossier_status collect_pending(void *ctx, const struct article *a)
{
    struct pending *p = ctx;
    if (a->own_key == NULL || a->value != NULL ||
        u64map_get(&p->c->pending, key_number(a->own_key)) == NULL)
        return DOSSIER_OK;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        xc_docid *ids = realloc(p->ids, cap * sizeof *ids);
        if (ids)
            p->ids = ids;
        char(*keys)[DOSSIER_CLUSTER_KEY_LEN + 1] =
            realloc(p->keys, cap * sizeof *keys);
        if (keys)
            p->keys = keys;
        if (ids == NULL || keys == NULL)
            return DOSSIER_ERR_NOMEM;
        p->cap = cap;
    }
    p->ids[p->n] = a->id;
    memcpy(p->keys[p->n], a->own_key, DOSSIER_CLUSTER_KEY_LEN);
    p->keys[p->n][DOSSIER_CLUSTER_KEY_LEN] = '\0';
    p->n++;
    return DOSSIER_OK;
}

dossier_status clusters_mark_pending(clusters *c, xc_db *db,
                                     dossier_error *err)
{
    if (c->pending.n_used == 0)
        return DOSSIER_OK;
    /* The documents first, then the changes: an iterator does not
     * survive changes to its database. */
    struct pending p = {.c = c};
    dossier_status st = walk(db, collect_pending, &p, err);
    for (size_t i = 0; st == DOSSIER_OK && i < p.n; i++)
        st = mark_document(db, p.ids[i], p.keys[i], err);
    free(p.ids);
    free(p.keys);
    return st;
}
