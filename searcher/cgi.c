/*
 * cgi.c: dossier.cgi, the search page and JSON API behind a web server.
 *
 * The same search as dossier-search (search.c), another front end.  The
 * index comes from the server's configuration (DOSSIER_DB), never from
 * the request.  One binary serves as a CGI (a process a request) and, when
 * a FastCGI server starts it, as a FastCGI responder (one process, many
 * requests).  Internal errors go to the server's log (stderr); the
 * visitor gets a plain message.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <fcgiapp.h>

#include "cgi_params.h"
#include "dossier/gazetteer.h"
#include "dossier/paths.h"
#include "render.h"
#include "render_html.h"
#include "search.h"

#define PROGRAM "dossier.cgi"

/* Seconds a search may hold a server process, unless the server's
 * configuration sets DOSSIER_TIME_LIMIT: never the request. */
#define DEFAULT_TIME_LIMIT 2.0

static void headers(FILE *out, int status, const char *reason, int is_json)
{
    fprintf(out, "Status: %d %s\r\n", status, reason);
    fprintf(out, "Content-Type: %s; charset=utf-8\r\n",
            is_json ? "application/json" : "text/html");
    /* No script, no external load of any kind; inline styles only. */
    fputs("Content-Security-Policy: default-src 'none'; "
          "style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
          "base-uri 'none'; frame-ancestors 'none'\r\n", out);
    fputs("X-Content-Type-Options: nosniff\r\n", out);
    fputs("Referrer-Policy: no-referrer\r\n", out);
    fputs("Cache-Control: no-store\r\n\r\n", out);
}

static void json_error(FILE *out, int status, const char *reason,
                       const char *message)
{
    headers(out, status, reason, 1);
    /* MESSAGE is ours (cgi_params writes no request bytes into it), but
     * escape quotes and backslashes all the same. */
    fputs("{\"error\": \"", out);
    for (const char *c = message; *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', out);
        if ((unsigned char)*c >= 0x20)
            fputc(*c, out);
    }
    fputs("\"}\n", out);
}

/* A page or a JSON error, as the request asked. */
static void fail(FILE *out, const cgi_params *p, int status,
                 const char *reason, const char *json_message,
                 const char *page_message, uint32_t doc_count)
{
    if (p->is_json) {
        json_error(out, status, reason, json_message);
    } else {
        headers(out, status, reason, 0);
        render_html(out, p, NULL, page_message, doc_count, 0);
    }
}

/* A JSON document made for the request (NULL: memory ran out), sent
 * and freed. */
static void send_json(FILE *out, char *json)
{
    if (json == NULL) {
        json_error(out, 503, "Service Unavailable", "out of memory");
        return;
    }
    headers(out, 200, "OK", 1);
    fputs(json, out);
    fputc('\n', out);
    free(json);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The filters of the request in the query language, for search.c.
 * Values were validated; quotes are dropped from the free-text source. */
static void filter_query(const cgi_params *p, char *out, size_t out_size)
{
    size_t used = 0;
    out[0] = '\0';
    if (p->source[0]) {
        char source[sizeof p->source];
        size_t n = 0;
        for (const char *c = p->source; *c; c++)
            if (*c != '"')
                source[n++] = *c;
        source[n] = '\0';
        used += (size_t)snprintf(out + used, out_size - used,
                                 "source:\"%s\" ", source);
    }
    if (p->url[0] && used + 1 < out_size) {
        used += query_url_clause(p->url, out + used, out_size - used - 1);
        out[used++] = ' ';
        out[used] = '\0';
    }
    for (size_t i = 0; i < p->n_entities && used < out_size; i++)
        used += (size_t)snprintf(out + used, out_size - used,
                                 "entity:\"%s\" ", p->entities[i]);
    if ((p->from[0] || p->to[0]) && used < out_size)
        snprintf(out + used, out_size - used, "date:%s..%s", p->from, p->to);
}

/* The first error among Q's warnings, with its position, for a page or a
 * JSON error. */
static void query_error(const parsed_query *q, char *out, size_t out_size)
{
    snprintf(out, out_size, "the query has an error");
    for (size_t i = 0; i < q->n_warnings; i++)
        if (q->warnings[i].is_error) {
            snprintf(out, out_size, "Query position %zu: %s",
                     q->warnings[i].position, q->warnings[i].message);
            return;
        }
}

/* The server's side of a request: the index and the gazetteer.  A CGI
 * opens them for its one request; under FastCGI they stay open. */
struct service {
    const char *db;          /* DOSSIER_DB, NULL when not configured */
    double time_limit;       /* DOSSIER_TIME_LIMIT, seconds */
    double shard_timeout;    /* DOSSIER_SHARD_TIMEOUT, seconds; 0: default */
    dossier_gazetteer *gaz;  /* NULL: entities off */
    searcher *s;             /* NULL until the index opens */
};

static void service_init(struct service *svc)
{
    memset(svc, 0, sizeof *svc);
    svc->time_limit = DEFAULT_TIME_LIMIT;
    const char *limit = getenv("DOSSIER_TIME_LIMIT");
    if (limit && *limit &&
        search_parse_time_limit(limit, &svc->time_limit) != DOSSIER_OK) {
        fprintf(stderr, PROGRAM ": DOSSIER_TIME_LIMIT wants seconds from 0 "
                        "(none) to %d; using %g\n",
                SEARCH_MAX_TIME_LIMIT, DEFAULT_TIME_LIMIT);
        svc->time_limit = DEFAULT_TIME_LIMIT;
    }
    const char *shard = getenv("DOSSIER_SHARD_TIMEOUT");
    if (shard && *shard &&
        (search_parse_time_limit(shard, &svc->shard_timeout) != DOSSIER_OK ||
         svc->shard_timeout <= 0)) {
        fprintf(stderr, PROGRAM ": DOSSIER_SHARD_TIMEOUT wants seconds above "
                        "0, up to %d; using %g\n",
                SEARCH_MAX_TIME_LIMIT, SEARCH_SHARD_TIMEOUT_MS / 1000.0);
        svc->shard_timeout = 0;
    }
    const char *db = getenv("DOSSIER_DB");
    if (db == NULL || *db == '\0')
        return;
    svc->db = db;
    const char *env = getenv("DOSSIER_ENTITIES");
    const char *gaz_path = dossier_default_entities_path();
    if (searcher_load_gazetteer(gaz_path, db, !(env && *env), &svc->gaz) !=
        DOSSIER_OK)
        fprintf(stderr, PROGRAM ": %s: cannot load the gazetteer; entities "
                        "are off\n", gaz_path);
}

static void service_free(struct service *svc)
{
    searcher_free(svc->s);
    dossier_gazetteer_free(svc->gaz);
    memset(svc, 0, sizeof *svc);
}

/* The searcher for this request, opened or brought up to date; NULL with
 * the reason logged. */
static searcher *service_searcher(struct service *svc)
{
    dossier_error err;
    if (svc->s != NULL) {
        if (searcher_refresh(svc->s, &err) == DOSSIER_OK)
            return svc->s;
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        searcher_free(svc->s); /* try a fresh open below */
        svc->s = NULL;
    }
    if (searcher_open_archive(svc->db, svc->gaz, svc->shard_timeout, &svc->s,
                              &err) != DOSSIER_OK) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        svc->s = NULL;
    }
    return svc->s;
}

/* The profile page (or JSON) of the entity P->profile names, within the
 * query and FILTERS. */
static void answer_profile(struct service *svc, searcher *s,
                           const cgi_params *p, const char *filters,
                           FILE *out)
{
    search_options opts = {
        .time_limit = svc->time_limit,
        .filter_query = filters,
    };
    dossier_error err;
    double start = now_ms();
    entity_profile prof = {0};
    dossier_status rc = svc->gaz == NULL
                            ? dossier_fail(&err, DOSSIER_NOT_FOUND,
                                           "entities are off on this server")
                            : searcher_profile(s, p->profile, p->q,
                                               strlen(p->q), &opts, &prof,
                                               &err);
    double elapsed = now_ms() - start;
    if (rc == DOSSIER_NOT_FOUND) {
        fail(out, p, 404, "Not Found", dossier_error_message(&err),
             dossier_error_message(&err), searcher_doc_count(s));
    } else if (rc != DOSSIER_OK && rc != DOSSIER_REFUSED) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        fail(out, p, 503, "Service Unavailable",
             "the search failed; try again", "The search failed; try again.",
             0);
    } else if (prof.result.parsed.has_error) {
        char error[sizeof prof.result.parsed.warnings[0].message + 64];
        query_error(&prof.result.parsed, error, sizeof error);
        fail(out, p, 400, "Bad Request", error, error, 0);
    } else if (p->is_json) {
        send_json(out, render_json_profile(&prof, svc->gaz, elapsed));
    } else {
        headers(out, 200, "OK", 0);
        render_html_profile(out, p, &prof, svc->gaz, elapsed);
    }
    entity_profile_free(&prof);
}

/* A download being written: its headers go out with the first row,
 * which knows how many match, or after the last when there is none. */
struct download {
    FILE *out;
    int is_csv, has_headers;
    export_writer writer;
};

static void download_headers(struct download *d, uint32_t total)
{
    uint32_t shown = total < CGI_MAX_EXPORT ? total : CGI_MAX_EXPORT;
    fprintf(d->out, "Status: 200 OK\r\nContent-Type: %s; charset=utf-8\r\n"
                    "Content-Disposition: attachment; "
                    "filename=\"dossier.%s\"\r\n"
                    "X-Dossier-Total: %u\r\nX-Dossier-Rows: %u\r\n",
            d->is_csv ? "text/csv" : "application/x-ndjson",
            d->is_csv ? "csv" : "jsonl", total, shown);
    fputs("X-Content-Type-Options: nosniff\r\n"
          "Referrer-Policy: no-referrer\r\nCache-Control: no-store\r\n\r\n",
          d->out);
    d->has_headers = 1;
}

static int download_row(const export_row *row, void *arg)
{
    struct download *d = arg;
    if (!d->has_headers)
        download_headers(d, row->total);
    return export_writer_row(row, &d->writer);
}

/* A download of every article the search of P matches, the first
 * CGI_MAX_EXPORT of them, as CSV or JSON Lines (dossier-search's
 * --format); X-Dossier-Total and X-Dossier-Rows say when it is cut. */
static void answer_export(searcher *s, const cgi_params *p,
                          const char *filters, FILE *out)
{
    search_options opts = {.sort = p->sort, .filter_query = filters};
    struct download d = {.out = out,
                         .is_csv = p->export_format == CGI_EXPORT_CSV};
    d.writer = (export_writer){.out = out,
                               .format = d.is_csv ? EXPORT_CSV : EXPORT_JSONL};
    search_result r;
    uint32_t rows = 0, total = 0;
    dossier_error err;
    dossier_status rc = searcher_export(s, p->q, strlen(p->q), &opts,
                                        CGI_MAX_EXPORT, download_row, &d, &r,
                                        &rows, &total, &err);
    if (!d.has_headers && rc != DOSSIER_OK) {
        char error[sizeof r.parsed.warnings[0].message + 64];
        if (rc == DOSSIER_REFUSED)
            query_error(&r.parsed, error, sizeof error);
        else
            snprintf(error, sizeof error, "the search failed; try again");
        json_error(out, rc == DOSSIER_REFUSED ? 400 : 503,
                   rc == DOSSIER_REFUSED ? "Bad Request"
                                         : "Service Unavailable",
                   error);
    } else if (rc != DOSSIER_OK) {
        /* The rows out are of one commit; the reader sees a short file
         * only here, and the log says so. */
        fprintf(stderr, PROGRAM ": export cut after %u rows: %s\n",
                (unsigned)rows, dossier_error_message(&err));
    } else {
        if (!d.has_headers)
            download_headers(&d, total);
        export_writer_begin(&d.writer); /* an empty CSV has its header */
    }
    search_result_free(&r);
}

/* The page (or JSON) of one stored article, P->show (its id or link; an
 * exact duplicate's id shows the article it was merged into), with the
 * other copies of its story and its related coverage. */
static void answer_article(struct service *svc, searcher *s,
                           const cgi_params *p, FILE *out)
{
    dossier_error err;
    search_hit hit;
    char keeper[XC_MAX_TERM_BYTES + 1];
    dossier_status rc = searcher_show_article(s, p->show, &hit, keeper,
                                              sizeof keeper, &err);
    const char *id = keeper[0] ? keeper : p->show;
    if (rc == DOSSIER_NOT_FOUND) {
        search_hit_clear(&hit);
        fail(out, p, 404, "Not Found", "no article with that id",
             "No article has that id.", searcher_doc_count(s));
        return;
    }
    if (rc != DOSSIER_OK) {
        search_hit_clear(&hit);
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        fail(out, p, 503, "Service Unavailable",
             "the archive is unavailable right now",
             "The archive is unavailable right now.", 0);
        return;
    }
    const char *own = hit.record.id ? hit.record.id : id;
    search_result copies, related;
    if (searcher_copies(s, own, &copies, &err) != DOSSIER_OK)
        search_result_free(&copies); /* the article still shows */
    search_options opts = {.limit = 5, .collapse = 1,
                           .time_limit = svc->time_limit};
    if (searcher_similar(s, own, "", 0, &opts, &related, &err) != DOSSIER_OK)
        search_result_free(&related);
    if (p->is_json) {
        send_json(out, render_json_article(&hit, &copies));
    } else {
        headers(out, 200, "OK", 0);
        render_html_article(out, p, &hit, &copies, &related,
                            id != p->show ? p->show : NULL);
    }
    search_result_free(&related);
    search_result_free(&copies);
    search_hit_clear(&hit);
}

/* Answers one request: METHOD and QUERY_STRING as the server gave them
 * (either may be NULL), the response written to OUT. */
static void answer(struct service *svc, const char *method,
                   const char *query_string, FILE *out)
{
    cgi_params p;
    dossier_status rc = cgi_params_parse(query_string, &p);
    if (method && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        fail(out, &p, 405, "Method Not Allowed", "only GET is supported",
             "Only GET requests are answered.", 0);
        return;
    }
    if (rc != DOSSIER_OK || (p.error[0] && (p.is_json || p.is_refused))) {
        fail(out, &p, 400, "Bad Request", p.error, p.error, 0);
        return;
    }
    if (svc->db == NULL) {
        fprintf(stderr, PROGRAM ": DOSSIER_DB is not set in the server's "
                        "configuration\n");
        fail(out, &p, 503, "Service Unavailable",
             "the archive is not configured",
             "The archive is not configured on this server.", 0);
        return;
    }
    searcher *s = service_searcher(svc);
    if (s == NULL) {
        fail(out, &p, 503, "Service Unavailable",
             "the archive is unavailable right now",
             "The archive is unavailable right now.", 0);
        return;
    }
    char filters[4096];
    filter_query(&p, filters, sizeof filters);
    int is_search = p.q[0] || filters[0] || p.similar[0] || p.profile[0] ||
                    p.show[0];
    if (!is_search) {
        if (p.is_json) {
            json_error(out, 400, "Bad Request", "no query (q=...)");
        } else {
            headers(out, 200, "OK", 0);
            render_html(out, &p, NULL, p.error, searcher_doc_count(s), 0);
        }
        return;
    }
    if (p.export_format != CGI_EXPORT_NONE) {
        answer_export(s, &p, filters, out);
        return;
    }
    if (p.show[0]) {
        answer_article(svc, s, &p, out);
        return;
    }
    if (p.profile[0]) {
        answer_profile(svc, s, &p, filters, out);
        return;
    }
    search_options opts = {
        .offset = (size_t)(p.page - 1) * p.per,
        .limit = p.per,
        .sort = p.sort,
        .want_facets = 1,
        .collapse = 1,
        .time_limit = svc->time_limit,
        .filter_query = filters,
        .as_typed = p.as_typed,
        .recent_days = p.recent,
    };
    dossier_error err;
    double start = now_ms();
    search_result r;
    rc = p.similar[0] ? searcher_similar(s, p.similar, p.q, strlen(p.q),
                                         &opts, &r, &err)
                      : searcher_run(s, p.q, strlen(p.q), &opts, &r, &err);
    double elapsed = now_ms() - start;
    /* A refused query is answered with its warnings (or 400 for an error
     * in it), below. */
    if (rc != DOSSIER_OK && rc != DOSSIER_REFUSED && rc != DOSSIER_NOT_FOUND) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        fail(out, &p, 503, "Service Unavailable",
             "the search failed; try again", "The search failed; try again.",
             0);
    } else if (rc == DOSSIER_NOT_FOUND) {
        fail(out, &p, 404, "Not Found", "no article with that id",
             "No article has that id.", searcher_doc_count(s));
    } else if (r.parsed.has_error) {
        char error[sizeof r.parsed.warnings[0].message + 64];
        query_error(&r.parsed, error, sizeof error);
        fail(out, &p, 400, "Bad Request", error, error, 0);
    } else if (p.is_json) {
        send_json(out, render_json(&r, p.q, opts.offset, elapsed));
    } else {
        headers(out, 200, "OK", 0);
        render_html(out, &p, &r, p.error, searcher_doc_count(s), elapsed);
    }
    search_result_free(&r); /* both calls set it up, whatever happened */
}

/* FastCGI: the web server keeps this process and hands it request after
 * request, so the index stays open and the gazetteer loaded; each request
 * first reopens the index to see the latest commit.  The response is
 * rendered to memory, then sent. */
static int serve_fastcgi(void)
{
    struct service svc;
    service_init(&svc);
    FCGX_Request req;
    if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0) {
        fprintf(stderr, PROGRAM ": cannot start FastCGI\n");
        service_free(&svc);
        return 1;
    }
    while (FCGX_Accept_r(&req) >= 0) {
        char *body = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&body, &len);
        if (out == NULL) {
            FCGX_FPrintF(req.out, "Status: 503 Service Unavailable\r\n"
                                  "Content-Type: text/plain\r\n\r\n"
                                  "Out of memory.\n");
        } else {
            answer(&svc, FCGX_GetParam("REQUEST_METHOD", req.envp),
                   FCGX_GetParam("QUERY_STRING", req.envp), out);
            fclose(out);
            FCGX_PutStr(body, (int)len, req.out);
            free(body);
        }
        FCGX_Finish_r(&req);
    }
    service_free(&svc);
    return 0;
}

int main(void)
{
    /* Started by a FastCGI server, standard input is a listening socket. */
    if (!FCGX_IsCGI())
        return serve_fastcgi();
    /* FCGX_IsCGI() installed libfcgi's handlers, which ignore SIGTERM and
     * SIGPIPE: a plain CGI must end when the server stops it (lighttpd
     * sends SIGTERM when the client leaves) or its client is gone. */
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
    struct service svc;
    service_init(&svc);
    answer(&svc, getenv("REQUEST_METHOD"), getenv("QUERY_STRING"), stdout);
    service_free(&svc);
    return 0;
}
