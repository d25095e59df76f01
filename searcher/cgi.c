/*
 * cgi.c: dossier.cgi, the search page and JSON API behind a web server.
 *
 * The same search as dossier-search (search.c), another front end.  The
 * index comes from the server's configuration (DOSSIER_DB), never from
 * the request.  Internal errors go to the server's log (stderr); the
 * visitor gets a plain message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cgi_params.h"
#include "dossier/gazetteer.h"
#include "dossier/paths.h"
#include "render.h"
#include "render_html.h"
#include "search.h"

#define PROGRAM "dossier.cgi"

/* A search may not hold a server process longer than this. */
#define SEARCH_TIME_LIMIT 2.0

static void headers(int status, const char *reason, int is_json)
{
    printf("Status: %d %s\r\n", status, reason);
    printf("Content-Type: %s; charset=utf-8\r\n",
           is_json ? "application/json" : "text/html");
    /* No script, no external load of any kind; inline styles only. */
    printf("Content-Security-Policy: default-src 'none'; "
           "style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
           "base-uri 'none'; frame-ancestors 'none'\r\n");
    printf("X-Content-Type-Options: nosniff\r\n");
    printf("Referrer-Policy: no-referrer\r\n");
    printf("Cache-Control: no-store\r\n\r\n");
}

static void json_error(int status, const char *reason, const char *message)
{
    headers(status, reason, 1);
    /* MESSAGE is ours (cgi_params writes no request bytes into it), but
     * escape quotes and backslashes all the same. */
    fputs("{\"error\": \"", stdout);
    for (const char *c = message; *c; c++) {
        if (*c == '"' || *c == '\\')
            putchar('\\');
        if ((unsigned char)*c >= 0x20)
            putchar(*c);
    }
    fputs("\"}\n", stdout);
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
    for (size_t i = 0; i < p->n_entities && used < out_size; i++)
        used += (size_t)snprintf(out + used, out_size - used,
                                 "entity:\"%s\" ", p->entities[i]);
    if ((p->from[0] || p->to[0]) && used < out_size)
        snprintf(out + used, out_size - used, "date:%s..%s", p->from, p->to);
}

int main(void)
{
    const char *method = getenv("REQUEST_METHOD");
    cgi_params p;
    int rc = cgi_params_parse(getenv("QUERY_STRING"), &p);
    if (method && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        if (p.is_json)
            json_error(405, "Method Not Allowed", "only GET is supported");
        else {
            headers(405, "Method Not Allowed", 0);
            render_html(stdout, &p, NULL, "Only GET requests are answered.",
                        0, 0);
        }
        return 0;
    }
    if (rc != 0 || (p.error[0] && p.is_json)) {
        if (p.is_json)
            json_error(400, "Bad Request", p.error);
        else {
            headers(400, "Bad Request", 0);
            render_html(stdout, &p, NULL, p.error, 0, 0);
        }
        return 0;
    }
    const char *db = getenv("DOSSIER_DB");
    if (db == NULL || *db == '\0') {
        fprintf(stderr, PROGRAM ": DOSSIER_DB is not set in the server's "
                        "configuration\n");
        if (p.is_json)
            json_error(503, "Service Unavailable",
                       "the archive is not configured");
        else {
            headers(503, "Service Unavailable", 0);
            render_html(stdout, &p, NULL,
                        "The archive is not configured on this server.", 0, 0);
        }
        return 0;
    }
    dossier_gazetteer *gaz = NULL;
    const char *gaz_path = dossier_default_entities_path();
    if (searcher_load_gazetteer(gaz_path, db, &gaz) != DOSSIER_OK)
        fprintf(stderr, PROGRAM ": %s: cannot load the gazetteer; entities "
                        "are off\n", gaz_path);
    char message[512];
    searcher *s = NULL;
    if (searcher_open(db, gaz, &s, message, sizeof message) != 0) {
        fprintf(stderr, PROGRAM ": %s\n", message);
        if (p.is_json)
            json_error(503, "Service Unavailable",
                       "the archive is unavailable right now");
        else {
            headers(503, "Service Unavailable", 0);
            render_html(stdout, &p, NULL,
                        "The archive is unavailable right now.", 0, 0);
        }
        dossier_gazetteer_free(gaz);
        return 0;
    }
    char filters[2048];
    filter_query(&p, filters, sizeof filters);
    int is_search = p.q[0] || filters[0] || p.similar[0];
    if (!is_search) {
        if (p.is_json)
            json_error(400, "Bad Request", "no query (q=...)");
        else {
            headers(200, "OK", 0);
            render_html(stdout, &p, NULL, p.error, searcher_doc_count(s), 0);
        }
        searcher_free(s);
        dossier_gazetteer_free(gaz);
        return 0;
    }
    search_options opts = {
        .offset = (size_t)(p.page - 1) * p.per,
        .limit = p.per,
        .sort = p.sort == CGI_SORT_NEWEST   ? SORT_DATE
                : p.sort == CGI_SORT_OLDEST ? SORT_DATE_ASC
                                            : SORT_RELEVANCE,
        .want_facets = 1,
        .collapse = 1,
        .time_limit = SEARCH_TIME_LIMIT,
        .filter_query = filters,
    };
    double start = now_ms();
    search_result r;
    int found = 1;
    if (p.similar[0]) {
        found = searcher_similar(s, p.similar, &opts, &r, message,
                                 sizeof message);
        rc = found < 0 ? -1 : 0;
    } else {
        rc = searcher_run(s, p.q, strlen(p.q), &opts, &r, message,
                          sizeof message);
    }
    double elapsed = now_ms() - start;
    if (rc != 0) {
        fprintf(stderr, PROGRAM ": %s\n", message);
        if (p.is_json)
            json_error(503, "Service Unavailable",
                       "the search failed; try again");
        else {
            headers(503, "Service Unavailable", 0);
            render_html(stdout, &p, NULL, "The search failed; try again.",
                        0, 0);
        }
    } else if (found == 0) {
        if (p.is_json)
            json_error(404, "Not Found", "no article with that id");
        else {
            headers(404, "Not Found", 0);
            render_html(stdout, &p, NULL, "No article has that id.",
                        searcher_doc_count(s), 0);
        }
    } else if (p.is_json) {
        char *json = render_json(&r, p.q, opts.offset, elapsed);
        if (json) {
            headers(200, "OK", 1);
            puts(json);
            free(json);
        } else {
            json_error(503, "Service Unavailable", "out of memory");
        }
    } else {
        headers(200, "OK", 0);
        render_html(stdout, &p, &r, p.error, searcher_doc_count(s), elapsed);
    }
    search_result_free(&r); /* both calls set it up, whatever happened */
    searcher_free(s);
    dossier_gazetteer_free(gaz);
    return 0;
}
