/*
 * feed_list.h: the feeds `dossier-index --fetch` reads: an OPML file (as
 * feed readers export them) or a plain list of URLs, one a line.
 */
#ifndef DOSSIER_FEED_LIST_H
#define DOSSIER_FEED_LIST_H

#include <stddef.h>

#include "dossier/status.h"

typedef struct feed_source {
    char *url;       /* http or https */
    char *title;     /* NULL when the list gives none */
    char *category;  /* NULL when the list gives none */
    long line;       /* where the list names it, for messages */
} feed_source;

typedef struct feed_list {
    feed_source *feeds;
    size_t n;
} feed_list;

/* Receives each problem of the list that is skipped: WHERE is
 * "PATH:LINE", REASON in plain words. */
typedef void (*feed_list_warn_fn)(void *ctx, const char *where,
                                  const char *reason);

/* Reads the list at PATH into OUT (cleared first; free with
 * feed_list_clear), telling OPML from a plain list by its first
 * character.  Entries that are not http(s) URLs, and repeats, are warned
 * about and skipped.  Returns DOSSIER_OK; DOSSIER_ERR_IO when the file
 * cannot be read, DOSSIER_ERR_INVALID when it is not well-formed OPML
 * (WARN has said why in both cases); DOSSIER_ERR_NOMEM. */
dossier_status feed_list_load(const char *path, feed_list *out,
                              feed_list_warn_fn warn, void *ctx);

void feed_list_clear(feed_list *l);

#endif
