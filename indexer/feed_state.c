/*
 * feed_state.c: the per-feed state as JSON.
 *
 * {"url": ..., "etag": ..., "last_modified": ..., "last_error": ...,
 *  "redirects": ..., "last_attempt": T, "last_success": T,
 *  "next_fetch": T, "failures": N,
 *  "items": [["<key hex>", "<content hex>", T], ...]}
 * Times are seconds since 1970 UTC.  Hashes are hex strings: JSON numbers
 * do not hold 64 bits everywhere.
 */
#include "feed_state.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/hash.h"

void feed_state_init(feed_state *s)
{
    memset(s, 0, sizeof *s);
    u64map_init(&s->index);
}

void feed_state_clear(feed_state *s)
{
    free(s->url);
    free(s->etag);
    free(s->last_modified);
    free(s->last_error);
    free(s->redirects);
    free(s->items);
    u64map_free(&s->index);
    feed_state_init(s);
}

static void key_of(const char *prefix, const char *text,
                   char out[FEED_STATE_KEY_SIZE])
{
    snprintf(out, FEED_STATE_KEY_SIZE, "%s%016" PRIx64, prefix,
             dossier_fnv64(text, strlen(text), DOSSIER_FNV64_INIT));
}

void feed_state_key(const char *url, char out[FEED_STATE_KEY_SIZE])
{
    key_of(FEED_STATE_KEY_PREFIX, url, out);
}

void feed_url_key(const char *canonical, char out[FEED_STATE_KEY_SIZE])
{
    key_of(FEED_URL_KEY_PREFIX, canonical, out);
}

dossier_status feed_state_set(char **slot, const char *value)
{
    char *copy = NULL;
    if (value != NULL && (copy = strdup(value)) == NULL)
        return DOSSIER_ERR_NOMEM;
    free(*slot);
    *slot = copy;
    return DOSSIER_OK;
}

feed_item_seen *feed_state_find(const feed_state *s, uint64_t key)
{
    uint64_t *at = u64map_get(&s->index, key);
    return at ? &s->items[*at - 1] : NULL;
}

dossier_status feed_state_note(feed_state *s, uint64_t key,
                               uint64_t content, int64_t now)
{
    feed_item_seen *it = feed_state_find(s, key);
    if (it != NULL) {
        it->content = content;
        it->seen = now;
        return DOSSIER_OK;
    }
    if (s->n_items == s->cap_items) {
        size_t cap = s->cap_items ? 2 * s->cap_items : 64;
        feed_item_seen *v = realloc(s->items, cap * sizeof *v);
        if (v == NULL)
            return DOSSIER_ERR_NOMEM;
        s->items = v;
        s->cap_items = cap;
    }
    if (u64map_put(&s->index, key, s->n_items + 1) != DOSSIER_OK)
        return DOSSIER_ERR_NOMEM;
    s->items[s->n_items++] = (feed_item_seen){key, content, now};
    return DOSSIER_OK;
}

static int parse_hex(const char *s, uint64_t *out)
{
    if (s == NULL || strlen(s) != 16)
        return -1;
    char *end;
    *out = strtoull(s, &end, 16);
    return *end == '\0' ? 0 : -1;
}

/* Copies string member NAME of OBJ into *SLOT (absent or null: NULL).
 * Returns DOSSIER_OK, DOSSIER_ERR_INVALID when it is not a string, or
 * DOSSIER_ERR_NOMEM. */
static dossier_status take_string(json_t *obj, const char *name, char **slot)
{
    json_t *v = json_object_get(obj, name);
    if (v == NULL || json_is_null(v))
        return DOSSIER_OK;
    if (!json_is_string(v))
        return DOSSIER_ERR_INVALID;
    return feed_state_set(slot, json_string_value(v));
}

static dossier_status take_time(json_t *obj, const char *name, int64_t *out)
{
    json_t *v = json_object_get(obj, name);
    if (v == NULL)
        return DOSSIER_OK;
    if (!json_is_integer(v))
        return DOSSIER_ERR_INVALID;
    *out = (int64_t)json_integer_value(v);
    return DOSSIER_OK;
}

dossier_status feed_state_parse(const char *text, size_t len, feed_state *s)
{
    json_t *root = json_loadb(text, len, 0, NULL);
    dossier_status rc = DOSSIER_ERR_INVALID;
    if (root == NULL || !json_is_object(root))
        goto done;
    int64_t failures = 0;
    if ((rc = take_string(root, "url", &s->url)) != 0 ||
        (rc = take_string(root, "etag", &s->etag)) != 0 ||
        (rc = take_string(root, "last_modified", &s->last_modified)) != 0 ||
        (rc = take_string(root, "last_error", &s->last_error)) != 0 ||
        (rc = take_string(root, "redirects", &s->redirects)) != 0 ||
        (rc = take_time(root, "last_attempt", &s->last_attempt)) != 0 ||
        (rc = take_time(root, "last_success", &s->last_success)) != 0 ||
        (rc = take_time(root, "next_fetch", &s->next_fetch)) != 0 ||
        (rc = take_time(root, "failures", &failures)) != 0)
        goto done;
    rc = DOSSIER_ERR_INVALID;
    if (failures < 0 || failures > 1000)
        goto done;
    s->failures = (unsigned)failures;
    json_t *items = json_object_get(root, "items");
    if (items != NULL && !json_is_array(items))
        goto done;
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        uint64_t key, content;
        json_t *seen = json_array_get(item, 2);
        if (json_array_size(item) != 3 ||
            parse_hex(json_string_value(json_array_get(item, 0)), &key) ||
            parse_hex(json_string_value(json_array_get(item, 1)), &content) ||
            !json_is_integer(seen))
            goto done;
        if (feed_state_note(s, key, content,
                            (int64_t)json_integer_value(seen)) != DOSSIER_OK) {
            rc = DOSSIER_ERR_NOMEM;
            goto done;
        }
    }
    rc = DOSSIER_OK;
done:
    json_decref(root);
    if (rc != DOSSIER_OK)
        feed_state_clear(s);
    return rc;
}

static int by_newest(const void *a, const void *b)
{
    const feed_item_seen *x = a, *y = b;
    return x->seen < y->seen ? 1 : x->seen > y->seen ? -1 : 0;
}

/* Sets NAME to the string VALUE, or null. */
static int put_string(json_t *obj, const char *name, const char *value)
{
    json_t *v = value ? json_string(value) : json_null();
    return v == NULL ? -1 : json_object_set_new(obj, name, v);
}

char *feed_state_format(const feed_state *s)
{
    json_t *root = json_object(), *items = json_array();
    char *out = NULL;
    feed_item_seen *sorted = NULL;
    if (root == NULL || items == NULL)
        goto done;
    if (put_string(root, "url", s->url) ||
        put_string(root, "etag", s->etag) ||
        put_string(root, "last_modified", s->last_modified) ||
        put_string(root, "last_error", s->last_error) ||
        put_string(root, "redirects", s->redirects) ||
        json_object_set_new(root, "last_attempt",
                            json_integer(s->last_attempt)) ||
        json_object_set_new(root, "last_success",
                            json_integer(s->last_success)) ||
        json_object_set_new(root, "next_fetch",
                            json_integer(s->next_fetch)) ||
        json_object_set_new(root, "failures", json_integer(s->failures)))
        goto done;
    /* The newest items, when there are too many: an item a feed dropped
     * long ago will not come back. */
    size_t n = s->n_items;
    if (n > 0) {
        sorted = malloc(n * sizeof *sorted);
        if (sorted == NULL)
            goto done;
        memcpy(sorted, s->items, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, by_newest);
        if (n > FEED_STATE_MAX_ITEMS)
            n = FEED_STATE_MAX_ITEMS;
    }
    for (size_t i = 0; i < n; i++) {
        char key[17], content[17];
        snprintf(key, sizeof key, "%016" PRIx64, sorted[i].key);
        snprintf(content, sizeof content, "%016" PRIx64, sorted[i].content);
        json_t *item = json_pack("[ssI]", key, content,
                                 (json_int_t)sorted[i].seen);
        if (item == NULL || json_array_append_new(items, item) != 0)
            goto done;
    }
    if (json_object_set(root, "items", items) != 0)
        goto done;
    out = json_dumps(root, JSON_COMPACT);
done:
    free(sorted);
    json_decref(items);
    json_decref(root);
    return out;
}
