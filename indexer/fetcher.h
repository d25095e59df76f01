/*
 * fetcher.h: polite HTTP(S) downloads over libcurl's multi interface.
 *
 * Several requests run at once, but never two to the same host, and a
 * host sees its next request only after a minimum delay.  Redirects are
 * followed here, not by libcurl, so that every hop waits its turn, loops
 * are caught and a permanent move can be recorded.  Not thread-safe: one
 * fetcher per thread.
 */
#ifndef DOSSIER_FETCHER_H
#define DOSSIER_FETCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"

/* At most this many redirects are followed for one request. */
#define FETCH_MAX_REDIRECTS 5

typedef struct fetch_options {
    long connect_timeout_ms;   /* 0: 10 s */
    long timeout_ms;           /* the whole transfer; 0: 30 s */
    size_t max_bytes;          /* of a decoded body; 0: 8 MiB */
    long host_delay_ms;        /* between two requests to one host */
    unsigned max_parallel;     /* transfers at once; 0: 8 */
    const char *user_agent;    /* NULL: FETCH_USER_AGENT */
} fetch_options;

/* Names Dossier and where to read about it, so that a site's operator
 * knows who is asking.  The project's address is set at build time
 * (make PROJECT_URL=...), so that a deployment can name its own. */
#ifndef DOSSIER_PROJECT_URL
#define DOSSIER_PROJECT_URL "https://github.com/dossier-search/dossier"
#endif
#define FETCH_USER_AGENT \
    "Dossier/0.1 (news search; +" DOSSIER_PROJECT_URL ")"

typedef struct fetch_response {
    const char *url;           /* as requested */
    const char *final_url;     /* after redirects (== url without any) */
    const char *redirects;     /* "a -> b -> c", or NULL without any */
    int is_moved_permanently;  /* redirected, and every hop was 301/308 */
    long status;               /* HTTP status of the last hop; 0: none */
    /* Why there is no usable answer (transport error, size cap, timeout,
     * redirect loop), or NULL.  An HTTP error status is not an error
     * here: STATUS tells it. */
    const char *error;
    const char *body;          /* decoded; NUL-terminated; NULL on error */
    size_t len;
    const char *etag;          /* response headers, NULL when absent */
    const char *last_modified;
    const char *content_type;
    const char *charset;       /* Content-Type's charset, lower-cased */
    const char *content_location; /* as sent: maybe relative to final_url */
    /* Retry-After as a UTC time (0: none).  Also set, with an error, for
     * a request not made because its host had asked to wait. */
    int64_t retry_after;
} fetch_response;

/* Receives each finished request with the TAG it was added with.  The
 * response lives until the callback returns.  The callback may add more
 * requests. */
typedef void (*fetch_done_fn)(void *ctx, void *tag, const fetch_response *r);

typedef struct fetcher fetcher;

/* Returns a new fetcher (free with fetcher_free), or NULL when libcurl
 * or memory fails.  OPTS is copied (its strings must outlive it). */
fetcher *fetcher_new(const fetch_options *opts);

/* Queues a GET of URL.  ETAG and LAST_MODIFIED (each may be NULL) are sent
 * back as If-None-Match and If-Modified-Since, each on its own.  ACCEPT is
 * the Accept header (NULL: none).  Returns DOSSIER_OK or DOSSIER_ERR_NOMEM.
 * A URL that is not http or https is answered through the callback with
 * an error, during fetcher_run. */
dossier_status fetcher_add(fetcher *f, const char *url, const char *etag,
                           const char *last_modified, const char *accept,
                           void *tag);

/* Runs every queued request, and those the callback adds, to the end.
 * Stops early (the rest answered with error "interrupted") once
 * SHOULD_STOP (may be NULL) says so; it is asked at least once a second.
 * Returns DOSSIER_OK, or DOSSIER_ERR_NOMEM when libcurl failed as a
 * whole (out of memory). */
dossier_status fetcher_run(fetcher *f, fetch_done_fn done, void *ctx,
                           bool (*should_stop)(void *ctx));

void fetcher_free(fetcher *f);

/* Parses a Retry-After value, seconds or an HTTP date, against NOW.
 * Returns the UTC time it names, or 0 when it is neither. */
int64_t fetch_parse_retry_after(const char *value, int64_t now);

/* Copies the charset parameter of a Content-Type value, lower-cased and
 * unquoted, into OUT.  Returns DOSSIER_OK, or DOSSIER_NOT_FOUND when
 * there is none (or it does not fit). */
dossier_status fetch_content_type_charset(const char *content_type,
                                          char *out, size_t out_size);

#endif
