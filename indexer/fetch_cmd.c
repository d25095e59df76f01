/*
 * fetch_cmd.c: the feed run.
 *
 * Three phases: fetch every due feed at once (politely: see fetcher.c),
 * keeping the items not seen before; with --full-text, fetch the pages of
 * the items that carry only a summary; then index feed by feed, each
 * feed's state written in the same transaction as its articles.
 */
#include "fetch_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dossier/hash.h"
#include "dossier/url.h"
#include "escape.h"
#include "feed_list.h"
#include "feed_state.h"
#include "reader.h"
#include "writer.h"
#include "xapian-c.h"

/* Backoff after failures: 15 minutes, doubling, at most a day.  A feed
 * that is gone (410) is asked again after a week. */
#define BACKOFF_FIRST (15 * 60)
#define BACKOFF_MAX (24 * 3600)
#define GONE_RETRY (7 * 24 * 3600)
/* Items with less text than this are summaries: --full-text fetches their
 * page. */
#define FULL_TEXT_BELOW 1000

#define FEED_ACCEPT                                                         \
    "application/rss+xml, application/atom+xml, application/rdf+xml, "     \
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
#define PAGE_ACCEPT "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

enum outcome { NOT_DUE, FETCHED, UNCHANGED, FAILED };

struct item {
    dossier_article a;
    char *where;
    int is_update;
};

struct feed_run;

/* What a request is for: a feed, or the page of one of its items. */
struct tag {
    struct feed_run *feed;
    size_t item;          /* (size_t)-1 for the feed itself */
};

struct feed_run {
    const char *program;
    const feed_source *src;
    feed_state st;
    char key[FEED_STATE_KEY_SIZE];
    enum outcome outcome;
    char detail[600];
    struct item *items;
    size_t n_items, cap_items;
    size_t n_known, n_parsed, n_rejected;
    char first_reject[300];
    struct tag self;
    int is_state_dirty;
    /* The run that indexes the items, which counts their warnings; NULL
     * with --check. */
    index_run *index;
};

struct fetch_run {
    const char *program;
    const fetch_command_options *o;
    struct feed_run *feeds;
    size_t n_feeds, n_done, n_pages, n_pages_done;
    fetcher *net;
    progress *bar;
    int is_fatal;
};

static void warn_list(void *ctx, const char *where, const char *reason)
{
    const struct fetch_run *r = ctx;
    escape_message(stderr, "%s: %s: %s", r->program, where, reason);
}

static void format_time(int64_t t, char *out, size_t size)
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm);
}

/* ---------------------------------------------------------------- items */

/* The key of an item within its feed: its GUID, else its link, else its
 * title and date (feeds without either are rare and change little). */
static uint64_t item_key(const dossier_article *a)
{
    if (a->id && *a->id)
        return dossier_fnv64(a->id, strlen(a->id), DOSSIER_FNV64_INIT);
    if (a->url && *a->url)
        return dossier_fnv64(a->url, strlen(a->url), 1);
    const char *title = a->title ? a->title : "";
    uint64_t h = dossier_fnv64(title, strlen(title), 2);
    return dossier_fnv64(&a->published, sizeof a->published, h);
}

static uint64_t item_content(const dossier_article *a)
{
    const char *title = a->title ? a->title : "";
    const char *body = a->body ? a->body : "";
    uint64_t h = dossier_fnv64(title, strlen(title) + 1, DOSSIER_FNV64_INIT);
    return dossier_fnv64(body, strlen(body), h);
}

static void item_clear(struct item *it)
{
    dossier_article_clear(&it->a);
    free(it->where);
}

/* Receives each item of a fetched feed: keeps it unless the feed listed it
 * before with the same text. */
static dossier_status on_feed_item(void *ctx, dossier_article *a,
                                   const char *where)
{
    struct feed_run *f = ctx;
    f->n_parsed++;
    uint64_t key = item_key(a), content = item_content(a);
    feed_item_seen *seen = feed_state_find(&f->st, key);
    int64_t now = (int64_t)time(NULL);
    if (seen != NULL && seen->content == content) {
        seen->seen = now;
        f->n_known++;
        return DOSSIER_OK;
    }
    if (f->n_items == f->cap_items) {
        size_t cap = f->cap_items ? 2 * f->cap_items : 32;
        struct item *v = realloc(f->items, cap * sizeof *v);
        if (v == NULL)
            return DOSSIER_ERR_NOMEM;
        f->items = v;
        f->cap_items = cap;
    }
    struct item *it = &f->items[f->n_items];
    it->where = strdup(where);
    if (it->where == NULL || feed_state_note(&f->st, key, content, now) !=
                                  DOSSIER_OK) {
        free(it->where);
        return DOSSIER_ERR_NOMEM;
    }
    it->is_update = seen != NULL;
    it->a = *a;
    memset(a, 0, sizeof *a); /* taken */
    f->n_items++;
    /* The list's words for what the feed does not say. */
    if (it->a.source == NULL && f->src->title &&
        dossier_article_set(&it->a.source, f->src->title,
                            strlen(f->src->title)) != DOSSIER_OK)
        return DOSSIER_ERR_NOMEM;
    if (it->a.category == NULL && f->src->category &&
        dossier_article_set(&it->a.category, f->src->category,
                            strlen(f->src->category)) != DOSSIER_OK)
        return DOSSIER_ERR_NOMEM;
    return DOSSIER_OK;
}

static void on_feed_reject(void *ctx, const char *where, const char *reason)
{
    struct feed_run *f = ctx;
    if (f->n_rejected++ == 0)
        snprintf(f->first_reject, sizeof f->first_reject, "%s", reason);
    escape_message(stderr, "%s: %s: %s", f->program, where, reason);
}

/* A problem in an item that is kept all the same (a bad date dropped):
 * told and counted as a warning, never as the reason a feed failed. */
static void on_feed_warn(void *ctx, const char *where, const char *message)
{
    struct feed_run *f = ctx;
    if (f->index)
        index_run_warn(f->index, where, message);
    else
        escape_message(stderr, "%s: %s: %s", f->program, where, message);
}

/* ---------------------------------------------------------------- outcomes */

static void fail(struct fetch_run *r, struct feed_run *f, const char *why,
                 int64_t retry_after, int is_gone)
{
    int64_t now = (int64_t)time(NULL);
    f->outcome = FAILED;
    f->st.failures++;
    int64_t wait = BACKOFF_FIRST;
    for (unsigned i = 1; i < f->st.failures && wait < BACKOFF_MAX; i++)
        wait *= 2;
    if (wait > BACKOFF_MAX)
        wait = BACKOFF_MAX;
    if (is_gone)
        wait = GONE_RETRY;
    /* The server's own word wins over our guess, either way. */
    f->st.next_fetch = retry_after > now ? retry_after : now + wait;
    if (feed_state_set(&f->st.last_error, why) != DOSSIER_OK)
        r->is_fatal = 1;
    char when[40];
    format_time(f->st.next_fetch, when, sizeof when);
    snprintf(f->detail, sizeof f->detail, "%s; next try after %s", why,
             when);
    f->is_state_dirty = 1;
}

static void succeed(struct fetch_run *r, struct feed_run *f)
{
    int64_t now = (int64_t)time(NULL);
    f->st.failures = 0;
    f->st.last_success = now;
    f->st.next_fetch = now + r->o->min_interval;
    if (feed_state_set(&f->st.last_error, NULL) != DOSSIER_OK)
        r->is_fatal = 1;
    f->is_state_dirty = 1;
}

static const char *status_text(long status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

/* Keeps each validator the response gave; one it did not give no longer
 * applies (a server that dropped its ETag would never match it again).
 * Fails only for want of memory. */
static dossier_status take_validators(struct feed_run *f,
                                      const fetch_response *resp)
{
    dossier_status st = feed_state_set(&f->st.etag, resp->etag);
    return st == DOSSIER_OK
               ? feed_state_set(&f->st.last_modified, resp->last_modified)
               : st;
}

/* Queues the pages of F's summary-only items. */
static void queue_pages(struct fetch_run *r, struct feed_run *f)
{
    for (size_t i = 0; i < f->n_items; i++) {
        const dossier_article *a = &f->items[i].a;
        if (a->url == NULL || strlen(a->body ? a->body : "") >= FULL_TEXT_BELOW)
            continue;
        struct tag *t = malloc(sizeof *t);
        if (t == NULL || fetcher_add(r->net, a->url, NULL, NULL, PAGE_ACCEPT,
                                     t) != DOSSIER_OK) {
            free(t);
            r->is_fatal = 1;
            return;
        }
        t->feed = f;
        t->item = i;
        r->n_pages++;
    }
}

static void on_feed_response(struct fetch_run *r, struct feed_run *f,
                             const fetch_response *resp)
{
    char why[700];
    f->st.last_attempt = (int64_t)time(NULL);
    if (feed_state_set(&f->st.redirects, resp->redirects) != DOSSIER_OK) {
        r->is_fatal = 1;
        return;
    }
    if (resp->error && index_run_interrupted()) {
        f->outcome = NOT_DUE;
        snprintf(f->detail, sizeof f->detail, "not fetched: interrupted");
        return;
    }
    if (resp->error && resp->retry_after) {
        /* Not asked: another feed of its host got a Retry-After.  No
         * failure of this feed's own. */
        f->outcome = NOT_DUE;
        f->st.next_fetch = resp->retry_after;
        char when[40];
        format_time(resp->retry_after, when, sizeof when);
        snprintf(f->detail, sizeof f->detail, "not asked: its host asked "
                 "us to wait until %s", when);
        f->is_state_dirty = 1;
        return;
    }
    if (resp->error) {
        fail(r, f, resp->error, 0, 0);
        return;
    }
    long s = resp->status;
    if (s == 304) {
        f->outcome = UNCHANGED;
        snprintf(f->detail, sizeof f->detail, "304 Not Modified");
        /* A 304 may carry fresher validators; absent ones stay. */
        if ((resp->etag && feed_state_set(&f->st.etag, resp->etag)) ||
            (resp->last_modified &&
             feed_state_set(&f->st.last_modified, resp->last_modified)))
            r->is_fatal = 1;
        succeed(r, f);
        return;
    }
    if (s < 200 || s > 299) {
        snprintf(why, sizeof why, "HTTP %ld %s%s", s, status_text(s),
                 s == 410 ? " (the feed is gone: remove it from the list)"
                          : "");
        fail(r, f, why, (s == 429 || s == 503) ? resp->retry_after : 0,
             s == 410);
        return;
    }
    /* Relative links resolve against where the feed says it is
     * (Content-Location), else where it was found after redirects. */
    char base[4096];
    const char *base_url = resp->final_url;
    if (resp->content_location != NULL &&
        dossier_url_resolve(resp->final_url, resp->content_location, base,
                            sizeof base) > 0)
        base_url = base;
    reader_sink sink = {
        .article = on_feed_item, .reject = on_feed_reject,
        .warn = on_feed_warn, .ctx = f,
        .max_article_bytes = r->o->index.max_article_bytes,
        .default_lang = r->o->index.lang,
        .transport_charset = resp->charset,
        .base_url = base_url,
        .id_scope = f->src->url,
    };
    if (read_feed(resp->body, resp->len, resp->final_url, &sink) !=
        DOSSIER_OK) {
        r->is_fatal = 1;
        return;
    }
    if (f->n_parsed == 0 && f->n_rejected > 0) {
        /* Nothing usable: the validators are not kept, so that a fixed
         * feed is read in full next time. */
        fail(r, f, f->first_reject, 0, 0);
        return;
    }
    if (take_validators(f, resp) != DOSSIER_OK) {
        r->is_fatal = 1;
        return;
    }
    if (resp->is_moved_permanently &&
        feed_state_set(&f->st.url, resp->final_url) != DOSSIER_OK) {
        r->is_fatal = 1;
        return;
    }
    f->outcome = f->n_items ? FETCHED : UNCHANGED;
    succeed(r, f);
    if (r->o->is_full_text)
        queue_pages(r, f);
}

/* What the reader of a page reports to. */
struct page_ctx {
    const char *program;
    struct item *it;
    index_run *index; /* counts the page's warnings; NULL with --check */
};

/* Replaces a summary with the text of the item's page, when the page
 * gives more, and takes the page's byline when the feed gave none. */
static dossier_status on_page_article(void *ctx, dossier_article *page,
                                      const char *where)
{
    struct item *it = ((struct page_ctx *)ctx)->it;
    (void)where;
    size_t have = it->a.body ? strlen(it->a.body) : 0;
    if (page->body && strlen(page->body) > have) {
        free(it->a.body);
        it->a.body = page->body;
        page->body = NULL;
    }
    if (it->a.author == NULL) {
        it->a.author = page->author;
        page->author = NULL;
    }
    return DOSSIER_OK; /* a page is one article */
}

static void on_page_reject(void *ctx, const char *where, const char *reason)
{
    const struct page_ctx *pc = ctx;
    escape_message(stderr, "%s: %s: full text: %s; the summary is indexed",
            pc->program, where, reason);
}

/* A problem in a page whose text is read all the same (markup
 * simplified): the summary is not what is indexed then. */
static void on_page_warn(void *ctx, const char *where, const char *message)
{
    const struct page_ctx *pc = ctx;
    char text[1024];
    snprintf(text, sizeof text, "full text: %s", message);
    if (pc->index)
        index_run_warn(pc->index, where, text);
    else
        escape_message(stderr, "%s: %s: %s", pc->program, where, text);
}

static void on_page_response(struct fetch_run *r, struct tag *t,
                             const fetch_response *resp)
{
    struct page_ctx pc = {r->program, &t->feed->items[t->item],
                          t->feed->index};
    r->n_pages_done++;
    if (resp->error || resp->status != 200) {
        char why[300];
        if (resp->error)
            snprintf(why, sizeof why, "%s", resp->error);
        else
            snprintf(why, sizeof why, "HTTP %ld %s", resp->status,
                     status_text(resp->status));
        on_page_reject(&pc, resp->url, why);
        return;
    }
    reader_sink sink = {
        .article = on_page_article, .reject = on_page_reject,
        .warn = on_page_warn, .ctx = &pc,
        .max_article_bytes = r->o->index.max_article_bytes,
        .default_lang = r->o->index.lang,
        .transport_charset = resp->charset,
        .base_url = resp->final_url,
    };
    read_html(resp->body, resp->len, resp->final_url, &sink);
}

static void on_response(void *ctx, void *tag, const fetch_response *resp)
{
    struct fetch_run *r = ctx;
    struct tag *t = tag;
    if (t->item == (size_t)-1) {
        r->n_done++;
        on_feed_response(r, t->feed, resp);
    } else {
        on_page_response(r, t, resp);
        free(t);
    }
    char line[120];
    snprintf(line, sizeof line, "%zu of %zu feeds fetched", r->n_done,
             r->n_feeds);
    if (r->n_pages)
        snprintf(line + strlen(line), sizeof line - strlen(line),
                 ", %zu of %zu pages", r->n_pages_done, r->n_pages);
    progress_text(r->bar, line);
}

static bool should_stop(void *ctx)
{
    const struct fetch_run *r = ctx;
    return r->is_fatal || index_run_interrupted();
}

/* ---------------------------------------------------------------- state */

/* Reads F's state from the index (READER, or the run RUN's writer).  A
 * failure is reported. */
static dossier_status load_state(struct fetch_run *r, struct feed_run *f,
                                 xc_db *reader, index_run *run)
{
    char *json = NULL;
    feed_state_key(f->src->url, f->key);
    if (run != NULL) {
        dossier_error err;
        dossier_status st = index_run_get_metadata(run, f->key, &json, &err);
        if (st != DOSSIER_OK) {
            escape_message(stderr, "%s: %s", r->program,
                           dossier_error_message(&err));
            return st;
        }
    } else if (reader != NULL) {
        char *v = NULL;
        size_t len = 0;
        if (xc_db_get_metadata(reader, f->key, &v, &len) == XC_STATUS_SUCCESS
            && len > 0)
            json = strdup(v);
        xc_free(v);
    }
    dossier_status rc =
        json ? feed_state_parse(json, strlen(json), &f->st) : DOSSIER_OK;
    free(json);
    if (rc == DOSSIER_ERR_NOMEM) {
        escape_message(stderr, "%s: out of memory", r->program);
        return rc;
    }
    if (rc == DOSSIER_ERR_INVALID)
        escape_message(stderr,
                       "%s: %s: warning: the stored state of this feed is "
                       "unreadable; it starts afresh",
                       r->program, f->src->url);
    return DOSSIER_OK;
}

static const char *fetch_url(const struct feed_run *f)
{
    return f->st.url ? f->st.url : f->src->url;
}

/* Whether F may be fetched now; else says until when in its detail. */
static bool is_due(const struct fetch_run *r, struct feed_run *f, int64_t now)
{
    if (r->o->is_force || f->st.next_fetch <= now)
        return true;
    char when[40];
    format_time(f->st.next_fetch, when, sizeof when);
    if (f->st.last_error)
        snprintf(f->detail, sizeof f->detail, "not due until %s (after %u "
                 "failure%s: %s)", when, f->st.failures,
                 f->st.failures == 1 ? "" : "s", f->st.last_error);
    else
        snprintf(f->detail, sizeof f->detail, "not due until %s", when);
    return false;
}

/* ---------------------------------------------------------------- modes */

static void free_feeds(struct fetch_run *r)
{
    for (size_t i = 0; i < r->n_feeds; i++) {
        struct feed_run *f = &r->feeds[i];
        feed_state_clear(&f->st);
        for (size_t j = 0; j < f->n_items; j++)
            item_clear(&f->items[j]);
        free(f->items);
    }
    free(r->feeds);
}

/* --check: every feed once, no validators, nothing stored. */
static int check_feeds(struct fetch_run *r)
{
    for (size_t i = 0; i < r->n_feeds; i++) {
        struct feed_run *f = &r->feeds[i];
        if (fetcher_add(r->net, f->src->url, NULL, NULL, FEED_ACCEPT,
                        &f->self) != DOSSIER_OK)
            return 2;
    }
    if (fetcher_run(r->net, on_response, r, should_stop) != DOSSIER_OK ||
        r->is_fatal)
        return 2;
    progress_clear(r->bar);
    size_t failed = 0;
    for (size_t i = 0; i < r->n_feeds; i++) {
        struct feed_run *f = &r->feeds[i];
        if (f->outcome == FAILED) {
            failed++;
            /* The detail's "next try" is for runs, not checks. */
            escape_message(stdout, "failed    %s: %s", f->src->url,
                           f->st.last_error);
        } else if (f->outcome == NOT_DUE) {
            failed++;
            escape_message(stdout, "skipped   %s: %s", f->src->url,
                           f->detail);
        } else {
            escape_message(stdout, "ok        %s: %zu items%s%s", f->src->url,
                           f->n_parsed,
                   f->st.url ? "; moved permanently to " : "",
                   f->st.url ? f->st.url : "");
        }
    }
    escape_message(stderr, "%s: %zu feeds checked, %zu failed or not asked",
            r->program, r->n_feeds, failed);
    return failed ? 1 : 0;
}

/* --dry-run: what a run would ask, from the stored state. */
static int dry_run(struct fetch_run *r)
{
    xc_db *db = NULL;
    /* No index yet is no error: everything is due. */
    xc_db_open_readonly(r->o->index.db_path, &db);
    int64_t now = (int64_t)time(NULL);
    int status = 0;
    for (size_t i = 0; i < r->n_feeds && status == 0; i++) {
        struct feed_run *f = &r->feeds[i];
        if (load_state(r, f, db, NULL) != DOSSIER_OK) {
            status = 2;
            break;
        }
        if (!is_due(r, f, now)) {
            escape_message(stdout, "skip      %s: %s", f->src->url,
                           f->detail);
            continue;
        }
        /* The addresses come from the feed list, the validators from
         * the servers: all of it is escaped. */
        fputs("fetch     ", stdout);
        escape_fputs(stdout, fetch_url(f));
        if (f->st.url) {
            fputs(" (moved from ", stdout);
            escape_fputs(stdout, f->src->url);
            fputs(")", stdout);
        }
        if (f->st.etag) {
            fputs(" If-None-Match: ", stdout);
            escape_fputs(stdout, f->st.etag);
        }
        if (f->st.last_modified) {
            fputs(" If-Modified-Since: ", stdout);
            escape_fputs(stdout, f->st.last_modified);
        }
        fputc('\n', stdout);
    }
    xc_db_destroy(db);
    return status;
}

/* What became of a feed's items. */
struct item_counts {
    size_t submitted_new, submitted_updates;
    size_t across;     /* another feed brought the same address first */
};

/* Hands F's new items to the index run, skipping those whose address
 * this feed or another brought before (a GUID that changed, or the same
 * story in two feeds).  Returns DOSSIER_OK; DOSSIER_INTERRUPTED part way
 * (F's state must then not be stored: its items would count as seen);
 * or the fatal error that stopped the run (reported). */
static dossier_status index_items(struct fetch_run *r, struct feed_run *f,
                                  index_run *run, const reader_sink *sink,
                                  struct item_counts *c)
{
    char canonical[2048], key[FEED_STATE_KEY_SIZE];
    dossier_error err;
    dossier_status st;
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < f->n_items; i++) {
        struct item *it = &f->items[i];
        if (it->a.url &&
            dossier_canonical_url(it->a.url, canonical, sizeof canonical) > 0) {
            feed_url_key(canonical, key);
            char *owner = NULL;
            if ((st = index_run_get_metadata(run, key, &owner, &err)) !=
                DOSSIER_OK) {
                escape_message(stderr, "%s: %s", r->program,
                               dossier_error_message(&err));
                return st;
            }
            int is_other = owner && strcmp(owner, f->src->url) != 0;
            int is_repeat = owner && !it->is_update;
            free(owner);
            if (is_repeat) {
                if (is_other)
                    c->across++;
                else
                    f->n_known++;
                continue;
            }
            if (!is_other &&
                (st = index_run_set_metadata(run, key, f->src->url, &err)) !=
                    DOSSIER_OK) {
                escape_message(stderr, "%s: %s", r->program,
                               dossier_error_message(&err));
                return st;
            }
        }
        if (it->is_update)
            c->submitted_updates++;
        else
            c->submitted_new++;
        /* The sink reports its fatal errors, and says
         * DOSSIER_INTERRUPTED after a signal. */
        if ((st = sink->article(sink->ctx, &it->a, it->where)) != DOSSIER_OK)
            return st;
        dossier_article_clear(&it->a);
    }
    return index_run_drain(run);
}

/* Writes F's state into the run's batch.  A failure is reported. */
static dossier_status store_state(struct fetch_run *r, struct feed_run *f,
                                  index_run *run)
{
    char *json = feed_state_format(&f->st);
    if (json == NULL) {
        escape_message(stderr, "%s: out of memory", r->program);
        return DOSSIER_ERR_NOMEM;
    }
    dossier_error err;
    dossier_status st = index_run_set_metadata(run, f->key, json, &err);
    free(json);
    if (st != DOSSIER_OK)
        escape_message(stderr, "%s: %s", r->program,
                       dossier_error_message(&err));
    return st;
}

static int fetch_and_index(struct fetch_run *r, const dossier_gazetteer *gaz)
{
    index_run *run;
    /* One writer, no bulk load: the state lives in the index's metadata,
     * which a bulk load's shards would not carry. */
    if (index_run_open(r->program, &r->o->index, gaz, 1, &run) != DOSSIER_OK)
        return 2;
    for (size_t i = 0; i < r->n_feeds; i++)
        r->feeds[i].index = run;
    r->bar = index_run_progress(run);
    progress_start(r->bar, stderr, !r->o->index.is_quiet, 0);
    int status = 2;
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < r->n_feeds; i++) {
        struct feed_run *f = &r->feeds[i];
        if (load_state(r, f, NULL, run) != DOSSIER_OK)
            goto done;
        if (!is_due(r, f, now))
            continue;
        if (fetcher_add(r->net, fetch_url(f), f->st.etag, f->st.last_modified,
                        FEED_ACCEPT, &f->self) != DOSSIER_OK)
            goto nomem;
    }
    if (fetcher_run(r->net, on_response, r, should_stop) != DOSSIER_OK)
        goto nomem;
    if (r->is_fatal)
        goto nomem;
    /* Interrupted while fetching: what was fetched is still indexed (it
     * takes moments); a second interruption stops that too. */
    int was_interrupted = index_run_interrupted();
    index_run_clear_interrupted();

    reader_sink sink = index_run_sink(run);
    size_t counts[4] = {0}, new_items = 0, updated_items = 0, articles = 0;
    for (size_t i = 0; i < r->n_feeds; i++) {
        struct feed_run *f = &r->feeds[i];
        uint64_t added_before = index_run_stats(run)->added;
        struct item_counts c;
        dossier_status rc = index_items(r, f, run, &sink, &c);
        if (rc == DOSSIER_INTERRUPTED) {
            /* What was handed in before is committed below; this feed and
             * the rest keep their old state and are fetched again. */
            if (index_run_drain(run) != DOSSIER_OK)
                goto done;
            break;
        }
        if (rc != DOSSIER_OK)
            goto done;
        articles += f->n_items;
        if (f->is_state_dirty && store_state(r, f, run) != DOSSIER_OK)
            goto done;
        counts[f->outcome]++;
        static const char *const names[] = {"skipped", "fetched",
                                            "unchanged", "failed"};
        const char *name = names[f->outcome];
        if (f->outcome == FETCHED) {
            /* A new item the writer did not add was already in the index
             * (from a file, or another feed under the same id). */
            size_t added =
                (size_t)(index_run_stats(run)->added - added_before);
            size_t dups = c.submitted_new - added + c.across;
            new_items += added;
            updated_items += c.submitted_updates;
            name = added ? "new" : c.submitted_updates ? "updated"
                                                       : "unchanged";
            snprintf(f->detail, sizeof f->detail, "%zu new, %zu updated, "
                     "%zu duplicates, %zu already seen", added,
                     c.submitted_updates, dups, f->n_known);
        } else if (f->outcome == UNCHANGED && f->detail[0] == '\0') {
            snprintf(f->detail, sizeof f->detail, "no new items (%zu seen)",
                     f->n_known);
        }
        progress_clear(r->bar);
        int is_redirected = f->st.redirects && f->outcome != NOT_DUE;
        escape_message(stdout, "%-9s %s: %s%s%s%s%s", name, f->src->url,
                       f->detail, is_redirected ? " [redirected: " : "",
                       is_redirected ? f->st.redirects : "",
                       is_redirected && f->st.url &&
                               strcmp(f->st.url, f->src->url) != 0
                           ? "; moved permanently, stored"
                           : "",
                       is_redirected ? "]" : "");
    }
    fflush(stdout);
    if (index_run_finish(run, articles) != DOSSIER_OK)
        goto done;
    escape_message(stderr,
                   "%s: %zu feeds: %zu fetched, %zu unchanged, %zu failed, "
                   "%zu not due; %zu new and %zu updated articles",
                   r->program,
            r->n_feeds, counts[FETCHED], counts[UNCHANGED], counts[FAILED],
            counts[NOT_DUE], new_items, updated_items);
    if (was_interrupted || index_run_interrupted())
        status = 130;
    else
        status = counts[FAILED] || index_run_rejected(run) ? 1 : 0;
    goto done;
nomem:
    escape_message(stderr, "%s: out of memory", r->program);
done:
    progress_clear(r->bar);
    index_run_free(run);
    return status;
}

int fetch_command(const char *program, const fetch_command_options *opts,
                  const dossier_gazetteer *gaz)
{
    struct fetch_run r = {.program = program, .o = opts};
    feed_list list;
    dossier_status rc = feed_list_load(opts->feeds_path, &list, warn_list, &r);
    if (rc != DOSSIER_OK) {
        if (rc == DOSSIER_ERR_NOMEM)
            escape_message(stderr, "%s: out of memory", program);
        return 2;
    }
    if (list.n == 0) {
        escape_message(stderr, "%s: %s: no feeds listed", program,
                opts->feeds_path);
        feed_list_clear(&list);
        return 2;
    }
    int status = 2;
    progress quiet_bar = {0};
    r.bar = &quiet_bar;
    r.feeds = calloc(list.n, sizeof *r.feeds);
    if (r.feeds == NULL)
        goto done;
    r.n_feeds = list.n;
    for (size_t i = 0; i < list.n; i++) {
        r.feeds[i].program = program;
        r.feeds[i].src = &list.feeds[i];
        feed_state_init(&r.feeds[i].st);
        r.feeds[i].self = (struct tag){&r.feeds[i], (size_t)-1};
    }
    index_run_on_signals();
    if (opts->mode == FETCH_DRY_RUN) {
        status = dry_run(&r);
        goto done;
    }
    r.net = fetcher_new(&opts->net);
    if (r.net == NULL) {
        escape_message(stderr, "%s: cannot start libcurl", program);
        goto done;
    }
    if (opts->mode == FETCH_CHECK) {
        progress_start(&quiet_bar, stderr, !opts->index.is_quiet, 0);
        status = check_feeds(&r);
        progress_clear(&quiet_bar);
    } else {
        status = fetch_and_index(&r, gaz);
    }
done:
    fetcher_free(r.net);
    free_feeds(&r);
    feed_list_clear(&list);
    return status;
}
