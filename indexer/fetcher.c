/*
 * fetcher.c: polite downloads over libcurl's multi interface.
 *
 * The scheduler is ours, not libcurl's: a request starts only when its
 * host is idle and its delay has passed, so a feed list with ten feeds on
 * one site never bursts at it (the 429s feed readers are known for).
 */
#define _DEFAULT_SOURCE /* strcasecmp, strncasecmp */
#include "fetcher.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_MAX_BYTES (8u << 20)
#define DEFAULT_MAX_PARALLEL 8u
#define MAX_HOST_KEY 300

struct host {
    char key[MAX_HOST_KEY]; /* scheme://host:port, lower-cased */
    int is_busy;
    double next_start;      /* monotonic seconds */
    int64_t blocked_until;  /* UTC: the host asked us to wait (429/503) */
};

struct request {
    char *first_url, *url, *etag, *last_modified, *accept;
    void *tag;
    size_t host;             /* index in hosts, valid once started */
    unsigned hops;
    int all_permanent;
    char *chain;             /* "a -> b -> ..." of the hops so far */
    CURL *easy;
    struct curl_slist *headers;
    char *body;
    size_t len, cap;
    size_t max_bytes;
    int is_too_large;
    char *h_etag, *h_last_modified, *h_content_type, *h_retry_after;
    char *h_content_location;
    struct request *next;
};

struct fetcher {
    fetch_options o;
    CURLM *multi;
    struct request *pending;  /* FIFO: oldest first */
    struct request **pending_tail;
    struct request *active;   /* handed to libcurl */
    size_t n_active;
    struct host *hosts;
    size_t n_hosts, cap_hosts;
};

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

fetcher *fetcher_new(const fetch_options *opts)
{
    static int is_global_done;
    if (!is_global_done) {
        /* Once per process; libcurl asks for this before any thread. */
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return NULL;
        is_global_done = 1;
    }
    fetcher *f = calloc(1, sizeof *f);
    if (f == NULL)
        return NULL;
    f->o = *opts;
    if (f->o.connect_timeout_ms <= 0)
        f->o.connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
    if (f->o.timeout_ms <= 0)
        f->o.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (f->o.max_bytes == 0)
        f->o.max_bytes = DEFAULT_MAX_BYTES;
    if (f->o.max_parallel == 0)
        f->o.max_parallel = DEFAULT_MAX_PARALLEL;
    if (f->o.user_agent == NULL)
        f->o.user_agent = FETCH_USER_AGENT;
    f->pending_tail = &f->pending;
    f->multi = curl_multi_init();
    if (f->multi == NULL) {
        free(f);
        return NULL;
    }
    /* Our scheduler already keeps to one request per host; this makes
     * libcurl agree, and reuse that one connection. */
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                      (long)f->o.max_parallel);
    return f;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void request_reset_response(struct request *r)
{
    free(r->body);
    free(r->h_etag);
    free(r->h_last_modified);
    free(r->h_content_type);
    free(r->h_content_location);
    free(r->h_retry_after);
    r->h_content_location = NULL;
    r->body = r->h_etag = r->h_last_modified = r->h_content_type =
        r->h_retry_after = NULL;
    r->len = r->cap = 0;
    r->is_too_large = 0;
}

static void request_free(struct request *r)
{
    if (r == NULL)
        return;
    request_reset_response(r);
    if (r->easy)
        curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->headers);
    free(r->first_url);
    free(r->url);
    free(r->etag);
    free(r->last_modified);
    free(r->accept);
    free(r->chain);
    free(r);
}

static void enqueue(fetcher *f, struct request *r)
{
    r->next = NULL;
    *f->pending_tail = r;
    f->pending_tail = &r->next;
}

/* Takes the pending request at *LINK out of the queue, keeping the tail
 * right at once: the callback it is then answered through may queue
 * more. */
static struct request *unlink_pending(fetcher *f, struct request **link)
{
    struct request *r = *link;
    *link = r->next;
    if (f->pending_tail == &r->next)
        f->pending_tail = link;
    r->next = NULL;
    return r;
}

dossier_status fetcher_add(fetcher *f, const char *url, const char *etag,
                           const char *last_modified, const char *accept,
                           void *tag)
{
    struct request *r = calloc(1, sizeof *r);
    if (r == NULL)
        return DOSSIER_ERR_NOMEM;
    r->first_url = strdup(url);
    r->url = strdup(url);
    r->etag = dup_or_null(etag);
    r->last_modified = dup_or_null(last_modified);
    r->accept = dup_or_null(accept);
    r->chain = strdup(url);
    r->tag = tag;
    r->all_permanent = 1;
    if (r->first_url == NULL || r->url == NULL || r->chain == NULL ||
        (etag && r->etag == NULL) ||
        (last_modified && r->last_modified == NULL) ||
        (accept && r->accept == NULL)) {
        request_free(r);
        return DOSSIER_ERR_NOMEM;
    }
    enqueue(f, r);
    return DOSSIER_OK;
}

/* The host key of URL ("https://example.org:443"), or -1 when URL is no
 * http(s) URL with a host. */
static int host_key(const char *url, char *out, size_t size)
{
    CURLU *u = curl_url();
    if (u == NULL)
        return -1;
    char *scheme = NULL, *host = NULL, *port = NULL;
    int rc = -1;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
            CURLUE_OK &&
        (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0)) {
        int n = snprintf(out, size, "%s://%s:%s", scheme, host, port);
        if (n > 0 && (size_t)n < size) {
            for (char *p = out; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            rc = 0;
        }
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return rc;
}

/* The index of the host called KEY, added if new; (size_t)-1 on no
 * memory. */
static size_t find_host(fetcher *f, const char *key)
{
    for (size_t i = 0; i < f->n_hosts; i++)
        if (strcmp(f->hosts[i].key, key) == 0)
            return i;
    if (f->n_hosts == f->cap_hosts) {
        size_t cap = f->cap_hosts ? 2 * f->cap_hosts : 16;
        struct host *h = realloc(f->hosts, cap * sizeof *h);
        if (h == NULL)
            return (size_t)-1;
        f->hosts = h;
        f->cap_hosts = cap;
    }
    struct host *h = &f->hosts[f->n_hosts];
    memset(h, 0, sizeof *h);
    snprintf(h->key, sizeof h->key, "%s", key);
    return f->n_hosts++;
}

/* The cap is checked against the decoded bytes, so a gzip bomb stops as
 * early as an endless plain body. */
static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct request *r = ctx;
    size_t len = size * n;
    if (r->len + len > r->max_bytes) {
        r->is_too_large = 1;
        return 0; /* libcurl stops with a write error */
    }
    if (r->len + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 16384;
        while (cap < r->len + len + 1)
            cap *= 2;
        char *body = realloc(r->body, cap);
        if (body == NULL)
            return 0;
        r->body = body;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, len);
    r->len += len;
    r->body[r->len] = '\0';
    return len;
}

/* Copies the value of header LINE if it is NAME, trimmed, into *SLOT. */
static void take_header(const char *line, size_t len, const char *name,
                        char **slot)
{
    size_t n = strlen(name);
    if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
        return;
    const char *v = line + n + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && isspace((unsigned char)end[-1]))
        end--;
    char *copy = malloc((size_t)(end - v) + 1);
    if (copy == NULL)
        return; /* a header lost to no memory: treated as absent */
    memcpy(copy, v, (size_t)(end - v));
    copy[end - v] = '\0';
    free(*slot);
    *slot = copy;
}

static size_t on_header(char *line, size_t size, size_t n, void *ctx)
{
    struct request *r = ctx;
    size_t len = size * n;
    /* A status line starts a response (after a 100 Continue, say): only
     * the last one's headers count. */
    if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
        request_reset_response(r);
        return len;
    }
    take_header(line, len, "ETag", &r->h_etag);
    take_header(line, len, "Last-Modified", &r->h_last_modified);
    take_header(line, len, "Content-Type", &r->h_content_type);
    take_header(line, len, "Content-Location", &r->h_content_location);
    take_header(line, len, "Retry-After", &r->h_retry_after);
    return len;
}

/* Appends "Name: VALUE" to R's request headers; -1 on no memory. */
static int add_header(struct request *r, const char *name, const char *value)
{
    size_t cap = strlen(name) + strlen(value) + 3;
    char *line = malloc(cap);
    if (line == NULL)
        return -1;
    snprintf(line, cap, "%s: %s", name, value);
    struct curl_slist *l = curl_slist_append(r->headers, line);
    free(line);
    if (l == NULL)
        return -1;
    r->headers = l;
    return 0;
}

/* Sets up R's transfer and hands it to libcurl.  Returns 0 or -1. */
static int start(fetcher *f, struct request *r)
{
    r->easy = curl_easy_init();
    if (r->easy == NULL)
        return -1;
    r->max_bytes = f->o.max_bytes;
    if ((r->etag && add_header(r, "If-None-Match", r->etag) != 0) ||
        (r->last_modified &&
         add_header(r, "If-Modified-Since", r->last_modified) != 0) ||
        (r->accept && add_header(r, "Accept", r->accept) != 0))
        return -1;
    CURL *e = r->easy;
    curl_easy_setopt(e, CURLOPT_URL, r->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, r);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Redirects are ours (see the top of the file). */
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    /* "" offers every encoding this libcurl decodes: gzip, deflate,
     * brotli, zstd as built. */
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(e, CURLOPT_USERAGENT, f->o.user_agent);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                     (curl_off_t)f->o.max_bytes);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
    if (curl_multi_add_handle(f->multi, e) != CURLM_OK)
        return -1;
    f->n_active++;
    r->next = f->active;
    f->active = r;
    f->hosts[r->host].is_busy = 1;
    return 0;
}

/* Answers R through DONE with ERROR (NULL: the response R holds). */
static void answer(struct request *r, long status, const char *error,
                   fetch_done_fn done, void *ctx)
{
    fetch_response resp = {
        .url = r->first_url,
        .final_url = r->url,
        .redirects = r->hops ? r->chain : NULL,
        .is_moved_permanently = r->hops > 0 && r->all_permanent,
        .status = status,
        .error = error,
    };
    char charset[64];
    if (error == NULL) {
        resp.body = r->body ? r->body : "";
        resp.len = r->len;
        resp.etag = r->h_etag;
        resp.last_modified = r->h_last_modified;
        resp.content_type = r->h_content_type;
        resp.content_location = r->h_content_location;
        if (r->h_content_type &&
            fetch_content_type_charset(r->h_content_type, charset,
                                       sizeof charset) == 0)
            resp.charset = charset;
        if (r->h_retry_after)
            resp.retry_after =
                fetch_parse_retry_after(r->h_retry_after, (int64_t)time(NULL));
    }
    done(ctx, r->tag, &resp);
}

/* Whether URL is already in R's chain of hops. */
static int chain_has(const struct request *r, const char *url)
{
    size_t n = strlen(url);
    for (const char *p = r->chain; p != NULL;) {
        const char *end = strstr(p, " -> ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, url, n) == 0)
            return 1;
        p = end ? end + 4 : NULL;
    }
    return 0;
}

/* Follows R's redirect to LOCATION: R goes back in the queue.  Returns 1
 * when it did, 0 when R is answered instead (loop, too many), -1 on no
 * memory. */
static int follow(fetcher *f, struct request *r, long status,
                  const char *location, fetch_done_fn done, void *ctx)
{
    char why[128];
    if (chain_has(r, location) || r->hops >= FETCH_MAX_REDIRECTS) {
        if (chain_has(r, location))
            snprintf(why, sizeof why, "redirect loop");
        else
            snprintf(why, sizeof why, "more than %d redirects",
                     FETCH_MAX_REDIRECTS);
        answer(r, status, why, done, ctx);
        return 0;
    }
    size_t cap = strlen(r->chain) + strlen(location) + 5;
    char *chain = malloc(cap);
    char *url = strdup(location);
    if (chain == NULL || url == NULL) {
        free(chain);
        free(url);
        return -1;
    }
    snprintf(chain, cap, "%s -> %s", r->chain, location);
    free(r->chain);
    r->chain = chain;
    free(r->url);
    r->url = url;
    r->hops++;
    if (status != 301 && status != 308)
        r->all_permanent = 0;
    request_reset_response(r);
    curl_slist_free_all(r->headers);
    r->headers = NULL;
    curl_easy_cleanup(r->easy);
    r->easy = NULL;
    enqueue(f, r);
    return 1;
}

/* Describes a libcurl failure of R for a person. */
static void describe_failure(const struct request *r, CURLcode code,
                             char *out, size_t size, const fetcher *f)
{
    if (r->is_too_large || code == CURLE_FILESIZE_EXCEEDED)
        snprintf(out, size, "response larger than %zu bytes", f->o.max_bytes);
    else if (code == CURLE_OPERATION_TIMEDOUT)
        snprintf(out, size, "timed out after %.1f s",
                 (double)f->o.timeout_ms / 1000.0);
    else
        snprintf(out, size, "%s", curl_easy_strerror(code));
}

/* Takes R, finished or abandoned, out of libcurl's hands. */
static void unlink_active(fetcher *f, struct request *r)
{
    for (struct request **link = &f->active; *link; link = &(*link)->next)
        if (*link == r) {
            *link = r->next;
            break;
        }
    r->next = NULL;
    curl_multi_remove_handle(f->multi, r->easy);
    f->n_active--;
}

/* Handles R's finished transfer.  Returns 0, or -1 on no memory. */
static int finish(fetcher *f, struct request *r, CURLcode code,
                  fetch_done_fn done, void *ctx)
{
    unlink_active(f, r);
    struct host *h = &f->hosts[r->host];
    h->is_busy = 0;
    h->next_start = monotonic() + (double)f->o.host_delay_ms / 1000.0;

    long status = 0;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK) {
        char why[CURL_ERROR_SIZE + 64];
        describe_failure(r, code, why, sizeof why, f);
        answer(r, status, why, done, ctx);
        request_free(r);
        return 0;
    }
    if ((status == 429 || status == 503) && r->h_retry_after) {
        int64_t until =
            fetch_parse_retry_after(r->h_retry_after, (int64_t)time(NULL));
        if (until > h->blocked_until)
            h->blocked_until = until;
    }
    if (status >= 300 && status < 400 && status != 304) {
        char *location = NULL;
        curl_easy_getinfo(r->easy, CURLINFO_REDIRECT_URL, &location);
        if (location != NULL && *location != '\0') {
            char *copy = strdup(location);
            if (copy == NULL)
                return -1;
            int rc = follow(f, r, status, copy, done, ctx);
            free(copy);
            if (rc < 0)
                return -1;
            if (rc == 0)
                request_free(r);
            return 0;
        }
    }
    answer(r, status, NULL, done, ctx);
    request_free(r);
    return 0;
}

/* Starts what may start now; returns the seconds until the next pending
 * request could (1 at most: new work may come from a callback). */
static double start_ready(fetcher *f, fetch_done_fn done, void *ctx,
                          int *failed)
{
    double now = monotonic(), wait = 1.0;
    int64_t wall = (int64_t)time(NULL);
    struct request **link = &f->pending;
    while (*link != NULL && f->n_active < f->o.max_parallel) {
        struct request *r = *link;
        char key[MAX_HOST_KEY];
        if (host_key(r->url, key, sizeof key) != 0) {
            unlink_pending(f, link);
            answer(r, 0, "not an http or https URL", done, ctx);
            request_free(r);
            continue;
        }
        size_t i = find_host(f, key);
        if (i == (size_t)-1) {
            *failed = 1;
            return 0;
        }
        struct host *h = &f->hosts[i];
        if (h->blocked_until > wall) {
            unlink_pending(f, link);
            fetch_response resp = {
                .url = r->first_url, .final_url = r->url,
                .error = "not asked: the host asked us to wait",
                .retry_after = h->blocked_until,
            };
            done(ctx, r->tag, &resp);
            request_free(r);
            continue;
        }
        if (h->is_busy || h->next_start > now) {
            if (!h->is_busy && h->next_start - now < wait)
                wait = h->next_start - now;
            link = &r->next;
            continue;
        }
        unlink_pending(f, link);
        r->host = i;
        if (start(f, r) != 0) {
            request_free(r);
            *failed = 1;
            return 0;
        }
    }
    return wait < 0 ? 0 : wait;
}

dossier_status fetcher_run(fetcher *f, fetch_done_fn done, void *ctx,
                           bool (*should_stop)(void *ctx))
{
    int failed = 0;
    while (!failed && (f->pending != NULL || f->n_active > 0)) {
        if (should_stop && should_stop(ctx))
            break;
        double wait = start_ready(f, done, ctx, &failed);
        if (failed)
            break;
        int running = 0;
        if (f->n_active > 0) {
            int ms = (int)(wait * 1000.0) + 1;
            if (curl_multi_poll(f->multi, NULL, 0, ms, NULL) != CURLM_OK ||
                curl_multi_perform(f->multi, &running) != CURLM_OK) {
                failed = 1;
                break;
            }
        } else if (f->pending != NULL) {
            struct timespec ts = {
                .tv_sec = (time_t)wait,
                .tv_nsec = (long)((wait - (double)(time_t)wait) * 1e9),
            };
            nanosleep(&ts, NULL);
            continue;
        }
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(f->multi, &left)) != NULL) {
            if (m->msg != CURLMSG_DONE)
                continue;
            struct request *r = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
            if (finish(f, r, m->data.result, done, ctx) != 0) {
                failed = 1;
                break;
            }
        }
    }
    /* Interrupted (or failed): what is left is answered, not lost
     * silently. */
    while (f->active != NULL) {
        struct request *r = f->active;
        unlink_active(f, r);
        answer(r, 0, "interrupted", done, ctx);
        request_free(r);
    }
    while (f->pending != NULL) {
        struct request *r = unlink_pending(f, &f->pending);
        answer(r, 0, "interrupted", done, ctx);
        request_free(r);
    }
    return failed ? DOSSIER_ERR_NOMEM : DOSSIER_OK;
}

void fetcher_free(fetcher *f)
{
    if (f == NULL)
        return;
    struct request *r;
    while (f->pending != NULL)
        request_free(unlink_pending(f, &f->pending));
    while ((r = f->active) != NULL) {
        unlink_active(f, r);
        request_free(r);
    }
    curl_multi_cleanup(f->multi);
    free(f->hosts);
    free(f);
}

int64_t fetch_parse_retry_after(const char *value, int64_t now)
{
    while (*value == ' ' || *value == '\t')
        value++;
    if (isdigit((unsigned char)*value)) {
        char *end;
        errno = 0;
        long long secs = strtoll(value, &end, 10);
        while (*end == ' ' || *end == '\t')
            end++;
        if (errno || *end != '\0' || secs < 0)
            return 0;
        /* A server asking for more than a week is taken at a week. */
        if (secs > 7 * 86400)
            secs = 7 * 86400;
        return now + secs;
    }
    time_t t = curl_getdate(value, NULL);
    return t > 0 ? (int64_t)t : 0;
}

dossier_status fetch_content_type_charset(const char *content_type,
                                          char *out, size_t out_size)
{
    const char *p = content_type;
    while ((p = strchr(p, ';')) != NULL) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "charset=", 8) != 0)
            continue;
        p += 8;
        int quoted = *p == '"';
        if (quoted)
            p++;
        size_t n = 0;
        while (p[n] && p[n] != ';' && p[n] != '"' && p[n] != ' ' &&
               p[n] != '\t')
            n++;
        if (n == 0 || n >= out_size)
            return DOSSIER_NOT_FOUND;
        for (size_t i = 0; i < n; i++)
            out[i] = (char)tolower((unsigned char)p[i]);
        out[n] = '\0';
        return DOSSIER_OK;
    }
    return DOSSIER_NOT_FOUND;
}
