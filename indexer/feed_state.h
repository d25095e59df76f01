/*
 * feed_state.h: what `dossier-index --fetch` remembers about each feed.
 *
 * The state of a feed is a JSON document kept in the index's metadata
 * under a key derived from the feed's listed URL.  It is written in the
 * same transaction as the articles it describes: a crash leaves both as
 * of the last commit, so the state can never say "seen" of an article the
 * index lost, nor lose the validators of articles it kept.
 */
#ifndef DOSSIER_FEED_STATE_H
#define DOSSIER_FEED_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "u64map.h"

/* The item keys remembered per feed: enough for any real feed's window,
 * bounded for a feed that churns its GUIDs. */
#define FEED_STATE_MAX_ITEMS 4096

/* Metadata keys: FEED_STATE_KEY_PREFIX + 16 hex digits of a hash of the
 * listed URL (Xapian bounds key length; URLs are not). */
#define FEED_STATE_KEY_PREFIX "dossier:feed:"
/* Canonical URLs of fetched articles, across feeds: prefix + hash. */
#define FEED_URL_KEY_PREFIX "dossier:feed-url:"
#define FEED_STATE_KEY_SIZE 40

typedef struct feed_item_seen {
    /* Hash of the GUID (else link, else title+date).  Keys 0 and 1 are
     * one key (see u64map.h): a 2^-63 chance, of no consequence. */
    uint64_t key;
    uint64_t content;  /* hash of title and text, to see updates */
    int64_t seen;      /* last time the feed listed it (UTC) */
} feed_item_seen;

typedef struct feed_state {
    char *url;            /* where to fetch: the listed URL, or where it
                             moved permanently (owned; NULL: listed) */
    char *etag;           /* validators, each independent (owned or NULL) */
    char *last_modified;
    char *last_error;     /* NULL after a success */
    char *redirects;      /* the last fetch's redirect chain, or NULL */
    int64_t last_attempt, last_success, next_fetch; /* UTC; 0: never */
    unsigned failures;    /* in a row, for the backoff */
    feed_item_seen *items;
    size_t n_items, cap_items;
    u64map index;         /* key -> position + 1 in items */
} feed_state;

void feed_state_init(feed_state *s);
void feed_state_clear(feed_state *s);

/* The metadata key of the feed listed as URL, into OUT (FEED_STATE_KEY_SIZE
 * bytes).  And the key recording canonical URL CANONICAL. */
void feed_state_key(const char *url, char out[FEED_STATE_KEY_SIZE]);
void feed_url_key(const char *canonical, char out[FEED_STATE_KEY_SIZE]);

/* Reads the JSON of LEN bytes into S (initialised).  Returns DOSSIER_OK;
 * DOSSIER_ERR_INVALID when it is not a state document (S is left empty:
 * the feed starts afresh); DOSSIER_ERR_NOMEM. */
dossier_status feed_state_parse(const char *json, size_t len, feed_state *s);

/* The JSON of S, the newest FEED_STATE_MAX_ITEMS items only; a new string
 * the caller frees, or NULL on no memory. */
char *feed_state_format(const feed_state *s);

/* The item KEY, or NULL when the feed never listed it. */
feed_item_seen *feed_state_find(const feed_state *s, uint64_t key);

/* Records item KEY with CONTENT as seen at NOW.  Returns DOSSIER_OK or
 * DOSSIER_ERR_NOMEM. */
dossier_status feed_state_note(feed_state *s, uint64_t key,
                               uint64_t content, int64_t now);

/* Sets *SLOT to a copy of VALUE (NULL clears).  Returns DOSSIER_OK or
 * DOSSIER_ERR_NOMEM. */
dossier_status feed_state_set(char **slot, const char *value);

#endif
