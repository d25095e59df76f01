/*
 * render_html.c: the search page.
 */
#include "render_html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dossier/date.h"
#include "dossier/utf8.h"
#include "render.h"

void html_escape(FILE *out, const char *s, size_t len)
{
    char *clean = dossier_utf8_repair(s, len, &len);
    if (clean == NULL)
        return;
    /* Runs of plain bytes go out in one write: a page has tens of
     * kilobytes of snippets, and stdio locks the stream on every call. */
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)clean[i];
        const char *entity = NULL;
        switch (c) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        case '\n': case '\r': case '\t': entity = " "; break;
        default:
            if (c >= 0x20 && c != 0x7F)
                continue;
            entity = ""; /* other control bytes are dropped */
        }
        fwrite(clean + run, 1, i - run, out);
        fputs(entity, out);
        run = i + 1;
    }
    fwrite(clean + run, 1, len - run, out);
    free(clean);
}

static void esc(FILE *out, const char *s)
{
    if (s)
        html_escape(out, s, strlen(s));
}

/* Writes the page URL for P (a copy the caller changed), escaped for an
 * attribute. */
static void put_url(FILE *out, const cgi_params *p)
{
    char url[8192], value[4096];
    size_t used = 0;
#define ADD(name, v)                                                        \
    do {                                                                    \
        if (cgi_url_encode((v), value, sizeof value) >= 0)                  \
            used += (size_t)snprintf(url + used, sizeof url - used,         \
                                     "%s%s=%s", used ? "&" : "?", (name),   \
                                     value);                                \
    } while (0)
    url[0] = '\0';
    if (p->q[0])
        ADD("q", p->q);
    if (p->similar[0])
        ADD("similar", p->similar);
    if (p->url[0])
        ADD("url", p->url);
    if (p->profile[0])
        ADD("profile", p->profile);
    if (p->show[0])
        ADD("show", p->show);
    if (p->sort != SORT_RELEVANCE)
        ADD("sort", search_sort_name(p->sort));
    if (p->from[0])
        ADD("from", p->from);
    if (p->to[0])
        ADD("to", p->to);
    if (p->source[0])
        ADD("source", p->source);
    for (size_t i = 0; i < p->n_entities; i++)
        ADD("entity", p->entities[i]);
    if (p->per != 10) {
        char n[16];
        snprintf(n, sizeof n, "%u", p->per);
        ADD("per", n);
    }
    if (p->page > 1) {
        char n[16];
        snprintf(n, sizeof n, "%u", p->page);
        ADD("page", n);
    }
    if (p->as_typed)
        ADD("astyped", "1");
    if (p->recent) {
        char n[16];
        snprintf(n, sizeof n, "%u", p->recent);
        ADD("recent", n);
    }
    if (p->export_format == CGI_EXPORT_CSV)
        ADD("format", "csv");
    else if (p->export_format == CGI_EXPORT_JSONL)
        ADD("format", "jsonl");
#undef ADD
    if (used == 0)
        snprintf(url, sizeof url, "?");
    esc(out, url);
}

/* A link to the search of Q: <a href="...">LABEL TEXT AFTER</a>, TEXT
 * escaped (LABEL and AFTER are ours). */
static void put_link(FILE *out, const cgi_params *q, const char *label,
                     const char *text, const char *after)
{
    fputs("<a href=\"", out);
    put_url(out, q);
    fprintf(out, "\">%s", label);
    esc(out, text);
    fprintf(out, "%s</a>", after);
}

static const char *const style =
    "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;"
    "background:#fff}"
    "header{background:#12263a;color:#fff;padding:.8em 1em}"
    "header h1{font-size:1.2em;margin:0 0 .4em}"
    "header a{color:#fff}"
    "form{display:flex;flex-wrap:wrap;gap:.5em;align-items:center}"
    "input[type=search]{flex:1 1 20em;font-size:1em;padding:.4em}"
    "select,button{font-size:1em;padding:.35em}"
    "label.hidden{position:absolute;left:-9999px}"
    ".filters{display:flex;flex-wrap:wrap;gap:.3em .5em;align-items:center}"
    ".filters input{font-size:1em;padding:.3em}"
    ".wrap{display:flex;flex-wrap:wrap;gap:1.5em;padding:1em}"
    "main{flex:3 1 30em;min-width:0}"
    "aside{flex:1 1 15em}"
    "article{margin:0 0 1.3em}"
    "article h2{font-size:1.1em;margin:0}"
    ".meta{color:#4a4a4a;font-size:.9em;margin:.1em 0}"
    ".snip{margin:.2em 0}"
    "mark{background:#ffe066;color:#000;font-weight:bold}"
    ".e{border-bottom:2px solid;padding:0 .1em;color:inherit;"
    "text-decoration:none}"
    "table.counts{border-collapse:collapse;font-size:.9em}"
    "table.counts td,table.counts th{border:1px solid #ced4da;"
    "padding:.1em .4em;text-align:right}"
    ".e.hit{font-weight:bold}"
    ".e-country,.e-place{border-color:#0b7285;background:#e3fafc}"
    ".e-military{border-color:#c92a2a;background:#fff5f5}"
    ".e-government{border-color:#1864ab;background:#e7f5ff}"
    ".e-intelligence{border-color:#b08800;background:#fff9db}"
    ".e-company{border-color:#2b8a3e;background:#ebfbee}"
    ".e-threat-actor{border-color:#862e9c;background:#f8f0fc}"
    ".e-person{border-color:#a61e4d;background:#fff0f6}"
    ".e-media{border-color:#364fc7;background:#edf2ff}"
    ".e-organisation,.e-alliance{border-color:#5c940d;background:#f4fce3}"
    ".chips a{display:inline-block;margin:.2em .3em .2em 0;padding:.1em .6em;"
    "border:1px solid #495057;border-radius:1em;text-decoration:none;"
    "color:#1b1b1b}"
    ".warn,.error{background:#fff3bf;border-left:4px solid #e67700;"
    "padding:.4em .8em}"
    ".error{background:#ffe3e3;border-color:#c92a2a}"
    "aside h2{font-size:1em;margin:1em 0 .3em}"
    "aside ul{list-style:none;padding:0;margin:0}"
    "aside li{margin:.1em 0}"
    "aside .note{color:#555;font-size:.85em;margin:0 0 .5em}"
    "nav.pages a,nav.pages span{margin-right:.6em}"
    "svg a rect{fill:#1864ab}svg a:hover rect,svg a:focus rect{fill:#e67700}"
    "a:focus{outline:3px solid #e67700}"
    "@media (max-width:40em){.wrap{padding:.5em}}";

static void put_segments(FILE *out, const char *text, const snippet *sn)
{
    for (size_t i = 0; i < sn->n_segments; i++) {
        const segment *g = &sn->segments[i];
        switch (g->type) {
        case SEG_ELLIPSIS:
            fputs(" … ", out);
            break;
        case SEG_TEXT:
            html_escape(out, text + g->start, g->end - g->start);
            break;
        case SEG_MATCH:
            fputs("<mark>", out);
            html_escape(out, text + g->start, g->end - g->start);
            fputs("</mark>", out);
            break;
        case SEG_ENTITY: {
            /* Each entity links to its profile. */
            const char *type = dossier_entity_type_name(g->entity->type);
            fprintf(out, "<a class=\"e e-%s%s\" href=\"?profile=", type,
                    g->is_match ? " hit" : "");
            esc(out, g->entity->id);
            fputs("\" title=\"", out);
            esc(out, type);
            fputs(": ", out);
            esc(out, g->entity->name);
            fputs("\">", out);
            if (g->is_match)
                fputs("<mark>", out);
            html_escape(out, text + g->start, g->end - g->start);
            if (g->is_match)
                fputs("</mark>", out);
            fputs("</a>", out);
            break;
        }
        }
    }
}

/* Only http and https links: a javascript: or data: URL in an article
 * never becomes a link. */
static int is_safe_link(const char *url)
{
    return url && (strncasecmp(url, "http://", 7) == 0 ||
                   strncasecmp(url, "https://", 8) == 0);
}

/* The page of article ID: show= and nothing else. */
static void put_show_url(FILE *out, const char *id)
{
    cgi_params q = {.page = 1, .per = 10}; /* the defaults: not written */
    snprintf(q.show, sizeof q.show, "%s", id);
    put_url(out, &q);
}

/* The related coverage of article ID within P's filters (dates, source,
 * entities, order), as the hits of a search. */
static void put_related_url(FILE *out, const cgi_params *p, const char *id)
{
    cgi_params q = *p;
    q.q[0] = q.show[0] = q.profile[0] = q.url[0] = '\0';
    q.page = 1;
    q.export_format = CGI_EXPORT_NONE;
    snprintf(q.similar, sizeof q.similar, "%s", id);
    put_url(out, &q);
}

/* The query's warnings, each with its position. */
static void put_warnings(FILE *out, const parsed_query *q)
{
    for (size_t i = 0; i < q->n_warnings; i++) {
        fprintf(out, "<p class=\"warn\">Query position %zu: ",
                q->warnings[i].position);
        esc(out, q->warnings[i].message);
        fputs("</p>\n", out);
    }
}

/* "Source · by Author · date" of A; whether it wrote any. */
static int put_meta(FILE *out, const dossier_article *a)
{
    int has_meta = 0;
    if (a->source) {
        esc(out, a->source);
        has_meta = 1;
    }
    if (a->author && *a->author) {
        fputs(has_meta ? " · by " : "by ", out);
        fputs("<span class=\"author\">", out);
        esc(out, a->author);
        fputs("</span>", out);
        has_meta = 1;
    }
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        fprintf(out, "%s<time datetime=\"%.10s\">%.10s</time>",
                has_meta ? " · " : "", date, date);
        has_meta = 1;
    }
    return has_meta;
}

/* Opens the element TAG of an article's own words: dir="auto", so that a
 * title or snippet in Arabic, Persian or Hebrew reads right to left, and
 * the article's language, so that Han characters are drawn as its
 * language writes them (Japanese and Chinese forms differ). */
static void open_text(FILE *out, const char *tag, const char *class,
                      const dossier_article *a)
{
    fprintf(out, "<%s", tag);
    if (class)
        fprintf(out, " class=\"%s\"", class);
    fputs(" dir=\"auto\"", out);
    const char *lang = a->lang;
    size_t n = lang ? strspn(lang, "abcdefghijklmnopqrstuvwxyz"
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789")
                    : 0;
    if (n > 0 && n < 36 && lang[n] == '\0')
        fprintf(out, " lang=\"%s\"", lang);
    fputc('>', out);
}

static void put_hit(FILE *out, const cgi_params *p, const search_hit *h)
{
    const dossier_article *a = &h->record;
    fputs("<article>\n", out);
    open_text(out, "h2", NULL, a);
    if (is_safe_link(a->url)) {
        fputs("<a href=\"", out);
        esc(out, a->url);
        fputs("\" rel=\"noopener noreferrer\">", out);
    }
    if (a->title && *a->title)
        put_segments(out, a->title, &h->title);
    else
        fputs("(untitled)", out);
    if (is_safe_link(a->url))
        fputs("</a>", out);
    fputs("</h2>\n<p class=\"meta\">", out);
    put_meta(out, a);
    fputs("</p>\n", out);
    open_text(out, "p", "snip", a);
    if (a->body)
        put_segments(out, a->body, &h->body);
    fputs("</p>\n<p class=\"meta\">", out);
    if (h->collapse_count > 0 && a->id) {
        fputs("<a href=\"", out);
        put_show_url(out, a->id);
        fprintf(out, "\">+%u similar</a> · ", h->collapse_count);
    }
    if (a->id) {
        fputs("<a href=\"", out);
        put_related_url(out, p, a->id);
        fputs("\">related coverage</a>", out);
    }
    fputs("</p>\n</article>\n", out);
}

static void put_chips(FILE *out, const cgi_params *p)
{
    int any = p->source[0] || p->from[0] || p->to[0] || p->n_entities ||
              p->url[0];
    if (!any)
        return;
    fputs("<p class=\"chips\">Filters (select one to remove it): ", out);
    if (p->url[0]) {
        cgi_params q = *p;
        q.url[0] = '\0';
        q.page = 1;
        put_link(out, &q, "url: ", p->url, " ✕");
    }
    if (p->source[0]) {
        cgi_params q = *p;
        q.source[0] = '\0';
        q.page = 1;
        put_link(out, &q, "source: ", p->source, " ✕");
    }
    if (p->from[0] || p->to[0]) {
        cgi_params q = *p;
        q.from[0] = q.to[0] = '\0';
        q.page = 1;
        fputs("<a href=\"", out);
        put_url(out, &q);
        fputs("\">dates: ", out);
        esc(out, p->from[0] ? p->from : "…");
        fputs(" to ", out);
        esc(out, p->to[0] ? p->to : "…");
        fputs(" ✕</a>", out);
    }
    for (size_t i = 0; i < p->n_entities; i++) {
        cgi_params q = *p;
        q.n_entities = 0;
        for (size_t k = 0; k < p->n_entities; k++)
            if (k != i)
                memcpy(q.entities[q.n_entities++], p->entities[k],
                       sizeof q.entities[0]);
        q.page = 1;
        put_link(out, &q, "entity: ", p->entities[i], " ✕");
        fputs(" <a href=\"?profile=", out);
        esc(out, p->entities[i]);
        fputs("\">profile</a>", out);
    }
    fputs("</p>\n", out);
}

/* Months since year 0 of "YYYY-MM". */
static int month_number(const char *value)
{
    return atoi(value) * 12 + atoi(value + 5) - 1;
}

/* The timeline of MONTHS (every month with a match, in time order): one
 * bar a month on a linear axis from the first to the last, months without
 * a match left empty, or one bar a year past 20 years; years labelled,
 * months too over two years or less; each bar's count on hover, and a
 * link to the search narrowed to its period. */
static void put_timeline(FILE *out, const cgi_params *p,
                         const facet_list *months)
{
    if (months->n == 0)
        return;
    int first = month_number(months->items[0].value);
    int last = month_number(months->items[months->n - 1].value);
    int span = last - first + 1;
    int by_year = span > 240;
    int slots = by_year ? last / 12 - first / 12 + 1 : span;
    uint32_t *count = calloc((size_t)slots, sizeof *count);
    if (count == NULL)
        return;
    for (size_t i = 0; i < months->n; i++) {
        int m = month_number(months->items[i].value);
        int slot = by_year ? m / 12 - first / 12 : m - first;
        if (slot >= 0 && slot < slots)
            count[slot] += months->items[i].count;
    }
    uint32_t max = 1;
    for (int k = 0; k < slots; k++)
        if (count[k] > max)
            max = count[k];
    int bar = slots > 120 ? 3 : slots > 48 ? 6 : 14;
    /* Room after the last bar for a label that starts there. */
    int width = slots * bar + 28, height = 64, axis = 16;
    fprintf(out, "<h2>Timeline</h2>\n<svg role=\"img\" class=\"timeline\" "
                 "aria-label=\"Matches per %s, %s to %s\" width=\"%d\" "
                 "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            by_year ? "year" : "month", months->items[0].value,
            months->items[months->n - 1].value, width, height + axis, width,
            height + axis);
    fprintf(out, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                 "stroke=\"#868e96\"/>\n", height, slots * bar, height);
    for (int k = 0; k < slots; k++) {
        int m = by_year ? (first / 12 + k) * 12 : first + k;
        int year = m / 12, month = m % 12 + 1;
        char period[11];
        if (by_year)
            snprintf(period, sizeof period, "%04d", year % 10000);
        else
            snprintf(period, sizeof period, "%04d-%02d", year % 10000,
                     month);
        /* Labels: each year where it starts (every fifth or tenth when
         * they crowd), the first when its January is not near, and the
         * months of a short range. */
        int step = by_year ? (slots > 60 ? 10 : 5)
                           : (span > 120 ? 5 : span > 60 ? 2 : 1);
        const char *label = NULL;
        if (by_year ? year % step == 0 || k == 0
                    : (month == 1 && year % step == 0) ||
                          (k == 0 && month <= 9))
            label = period; /* "2021", or "2021-" cut below */
        else if (!by_year && span <= 24)
            label = period + 5; /* "06" */
        if (label)
            fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%.4s"
                         "</text>\n",
                    k * bar, height + 12, label);
        if (count[k] == 0)
            continue; /* an empty month stays empty */
        unsigned h = (unsigned)(60.0 * count[k] / max);
        if (h < 2)
            h = 2;
        cgi_params q = *p;
        snprintf(q.from, sizeof q.from, "%s", period);
        snprintf(q.to, sizeof q.to, "%s", period);
        q.page = 1;
        fputs("<a href=\"", out);
        put_url(out, &q);
        fprintf(out, "\"><rect x=\"%d\" y=\"%u\" width=\"%d\" "
                     "height=\"%u\"><title>%s: %u</title></rect></a>\n",
                k * bar, height - h, bar > 3 ? bar - 1 : bar, h, period,
                count[k]);
    }
    fputs("</svg>\n", out);
    free(count);
}

static void put_facets(FILE *out, const cgi_params *p, const search_result *r)
{
    if (r->entities.n + r->sources.n + r->months.n == 0)
        return;
    fputs("<aside aria-label=\"Facets\">\n", out);
    /* Past SEARCH_FACET_COUNT matches the counts cover the best ones
     * only: say which. */
    char basis[160];
    render_facet_basis(r, basis, sizeof basis);
    fprintf(out, "<p class=\"note\">Counts %s.</p>\n", basis);
    for (int t = 0; t < DOSSIER_ENTITY_TYPE_COUNT; t++) {
        int any = 0;
        for (size_t i = 0; i < r->entities.n; i++) {
            const facet_count *c = &r->entities.items[i];
            if ((int)c->entity->type != t)
                continue;
            int is_active = 0;
            for (size_t k = 0; k < p->n_entities; k++)
                is_active |= strcmp(p->entities[k], c->entity->id) == 0;
            if (is_active || p->n_entities == CGI_MAX_ENTITIES)
                continue;
            if (!any)
                fprintf(out, "<h2><span class=\"e e-%s\">%s</span></h2>\n<ul>\n",
                        dossier_entity_type_name(c->entity->type),
                        dossier_entity_type_name(c->entity->type));
            any = 1;
            cgi_params q = *p;
            snprintf(q.entities[q.n_entities++], sizeof q.entities[0], "%s",
                     c->entity->id);
            q.page = 1;
            fputs("<li>", out);
            put_link(out, &q, "", c->entity->name, "");
            fprintf(out, " (%u) <a href=\"?profile=", c->count);
            esc(out, c->entity->id);
            fputs("\" class=\"meta\">profile</a></li>\n", out);
        }
        if (any)
            fputs("</ul>\n", out);
    }
    if (r->sources.n) {
        fputs("<h2>Sources</h2>\n<ul>\n", out);
        for (size_t i = 0; i < r->sources.n; i++) {
            cgi_params q = *p;
            snprintf(q.source, sizeof q.source, "%s", r->sources.items[i].value);
            q.page = 1;
            fputs("<li>", out);
            put_link(out, &q, "", r->sources.items[i].value, "");
            fprintf(out, " (%u)</li>\n", r->sources.items[i].count);
        }
        fputs("</ul>\n", out);
    }
    put_timeline(out, p, &r->months);
    if (r->years.n) {
        fputs("<h2>Years</h2>\n<ul>\n", out);
        for (size_t i = 0; i < r->years.n; i++) {
            cgi_params q = *p;
            snprintf(q.from, sizeof q.from, "%.4s", r->years.items[i].value);
            snprintf(q.to, sizeof q.to, "%.4s", r->years.items[i].value);
            q.page = 1;
            fputs("<li>", out);
            put_link(out, &q, "", r->years.items[i].value, "");
            fprintf(out, " (%u)</li>\n", r->years.items[i].count);
        }
        fputs("</ul>\n", out);
    }
    fputs("<h2>Legend</h2>\n<p>", out);
    for (int t = 0; t < DOSSIER_ENTITY_TYPE_COUNT; t++)
        fprintf(out, "<span class=\"e e-%s\">%s</span> ",
                dossier_entity_type_name((dossier_entity_type)t),
                dossier_entity_type_name((dossier_entity_type)t));
    fputs("<mark>query match</mark></p>\n</aside>\n", out);
}

/* Links to download every match of the search as CSV or JSON Lines,
 * saying when a download holds only the first CGI_MAX_EXPORT. */
static void put_downloads(FILE *out, const cgi_params *p,
                          const search_result *r)
{
    cgi_params q = *p;
    q.page = 1;
    q.per = 10;
    fputs("<p class=\"meta\">Download ", out);
    if (r->total > CGI_MAX_EXPORT || !r->is_total_exact) {
        char all[32];
        render_thousands(r->total, all, sizeof all);
        fprintf(out, "the first 10,000 of %s%s articles (the command line's "
                     "<code>dossier-search --format csv</code> has them "
                     "all) ",
                r->is_total_exact ? "" : "more than ", all);
    } else {
        fputs("these articles ", out);
    }
    fputs("as <a href=\"", out);
    q.export_format = CGI_EXPORT_CSV;
    put_url(out, &q);
    fputs("\">CSV</a> or <a href=\"", out);
    q.export_format = CGI_EXPORT_JSONL;
    put_url(out, &q);
    fputs("\">JSON</a> (JSON Lines).</p>\n", out);
}

/* The pages the results fill: one hit a story. */
static unsigned long page_count(const cgi_params *p, const search_result *r)
{
    unsigned long pages = ((unsigned long)r->stories + p->per - 1) / p->per;
    return pages > CGI_MAX_PAGE ? CGI_MAX_PAGE : pages;
}

static void put_pages(FILE *out, const cgi_params *p, const search_result *r)
{
    unsigned long pages = page_count(p, r);
    if (pages <= 1 && p->page == 1)
        return;
    fputs("<nav class=\"pages\" aria-label=\"Pages\">\n", out);
    unsigned first = p->page > 5 ? p->page - 5 : 1;
    for (unsigned long n = first; n <= pages && n < first + 10; n++) {
        if (n == p->page) {
            fprintf(out, "<span aria-current=\"page\">%lu</span>", n);
            continue;
        }
        cgi_params q = *p;
        q.page = (unsigned)n;
        fputs("<a href=\"", out);
        put_url(out, &q);
        fprintf(out, "\">%s%lu</a>",
                n == p->page + 1 ? "next: " : n + 1 == p->page ? "previous: "
                                                               : "",
                n);
    }
    fputs("\n</nav>\n", out);
}

/* The page up to its main column: head, title (TITLE, escaped, or the
 * query), the search form with P's query, order and filters. */
static void put_page_start(FILE *out, const cgi_params *p, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, "
          "initial-scale=1\">\n<title>", out);
    if (title && *title) {
        esc(out, title);
        fputs(" — ", out);
    } else if (p->q[0]) {
        esc(out, p->q);
        fputs(" — ", out);
    }
    fprintf(out, "Dossier</title>\n<style>%s</style>\n</head>\n<body>\n", style);
    fputs("<header>\n<h1><a href=\"?\">Dossier</a>: geopolitics news archive</h1>\n"
          "<form method=\"get\" action=\"\" role=\"search\">\n"
          "<label class=\"hidden\" for=\"q\">Search the archive</label>\n"
          "<input type=\"search\" id=\"q\" name=\"q\" value=\"", out);
    esc(out, p->q);
    fputs("\" placeholder=\"e.g. cyber command japan, entity:PLA since:2020\">\n"
          "<label for=\"sort\">Order</label>\n<select id=\"sort\" name=\"sort\">\n",
          out);
    static const char *const sorts[] = {"relevance", "newest", "oldest"};
    for (int i = 0; i < 3; i++)
        fprintf(out, "<option value=\"%s\"%s>%s</option>\n", sorts[i],
                (int)p->sort == i ? " selected" : "", sorts[i]);
    fputs("</select>\n", out);
    /* Recency blended into relevance (search.c): a half-life, in days. */
    static const unsigned recents[] = {0, 7, 30, 365};
    static const char *const recent_labels[] = {
        "no", "a week", "a month", "a year"};
    int is_listed = 0;
    fputs("<label for=\"recent\">Favour recent news, half-life</label>\n"
          "<select id=\"recent\" name=\"recent\">\n", out);
    for (int i = 0; i < 4; i++) {
        is_listed |= p->recent == recents[i];
        fprintf(out, "<option value=\"%u\"%s>%s</option>\n", recents[i],
                p->recent == recents[i] ? " selected" : "", recent_labels[i]);
    }
    if (!is_listed) /* another value, from a link: kept, and shown */
        fprintf(out, "<option value=\"%u\" selected>%u days</option>\n",
                p->recent, p->recent);
    fputs("</select>\n", out);
    /* Active filters ride along with a new query. */
    if (p->profile[0]) {
        fputs("<input type=\"hidden\" name=\"profile\" value=\"", out);
        esc(out, p->profile);
        fputs("\">\n", out);
    }
    if (p->url[0]) {
        fputs("<input type=\"hidden\" name=\"url\" value=\"", out);
        esc(out, p->url);
        fputs("\">\n", out);
    }
    /* The filters the URL parameters set, as fields: dates, a source, an
     * entity (by any name); further entities ride along hidden. */
    fputs("<span class=\"filters\">\n<label for=\"from\">From</label>\n"
          "<input id=\"from\" name=\"from\" size=\"10\" "
          "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" "
          "placeholder=\"2020-06\" value=\"", out);
    esc(out, p->from);
    fputs("\">\n<label for=\"to\">to</label>\n"
          "<input id=\"to\" name=\"to\" size=\"10\" "
          "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" "
          "placeholder=\"2021\" value=\"", out);
    esc(out, p->to);
    fputs("\">\n<label for=\"source\">Source</label>\n"
          "<input id=\"source\" name=\"source\" size=\"14\" "
          "placeholder=\"Reuters\" value=\"", out);
    esc(out, p->source);
    fputs("\">\n<label for=\"entity\">Entity</label>\n"
          "<input id=\"entity\" name=\"entity\" size=\"14\" "
          "placeholder=\"PLA\" value=\"", out);
    if (p->n_entities > 0)
        esc(out, p->entities[0]);
    fputs("\">\n</span>\n", out);
    for (size_t i = 1; i < p->n_entities; i++) {
        fputs("<input type=\"hidden\" name=\"entity\" value=\"", out);
        esc(out, p->entities[i]);
        fputs("\">\n", out);
    }
    fputs("<button type=\"submit\">Search</button>\n</form>\n</header>\n"
          "<div class=\"wrap\">\n<main>\n", out);
}

static void put_page_end(FILE *out)
{
    fputs("</div>\n<footer><p style=\"padding:0 1em;color:#4a4a4a\">Dossier "
          "full-text search. Words, \"phrases\", AND OR NOT, +word -word, "
          "title: source: author: entity: type: date:2020..2021.</p>"
          "</footer>\n"
          "</body>\n</html>\n", out);
}

/* The banner of an archive whose shards did not all answer. */
static void put_shard_warning(FILE *out, const search_result *r)
{
    if (r->shard_warning[0] == '\0')
        return;
    fputs("<p class=\"warn\" role=\"status\">Part of the archive did not "
          "answer: ", out);
    esc(out, r->shard_warning);
    fputs(". The results and counts are those of the rest.</p>\n", out);
}

void render_html(FILE *out, const cgi_params *p, const search_result *r,
                 const char *error, unsigned doc_count, double elapsed_ms)
{
    put_page_start(out, p, NULL);
    if (error && *error) {
        fputs("<p class=\"error\" role=\"alert\">", out);
        esc(out, error);
        fputs("</p>\n", out);
    }
    if (r) {
        put_shard_warning(out, r);
        if (r->deadline_warning[0]) {
            fputs("<p class=\"warn\" role=\"status\">Partial results: ",
                  out);
            esc(out, r->deadline_warning);
            fputs(".</p>\n", out);
        }
        put_warnings(out, &r->parsed);
        if (r->corrected_from && r->suggestion) {
            /* The query as typed found nothing; its correction ran. */
            cgi_params q = *p;
            snprintf(q.q, sizeof q.q, "%s", r->corrected_from);
            q.page = 1;
            q.as_typed = 1;
            fputs("<p class=\"warn\">Showing results for <strong>", out);
            esc(out, r->suggestion);
            fputs("</strong>; search instead for ", out);
            put_link(out, &q, "", r->corrected_from, "");
            fputs(".</p>\n", out);
        } else if (r->suggestion) {
            cgi_params q = *p;
            snprintf(q.q, sizeof q.q, "%s", r->suggestion);
            q.page = 1;
            q.as_typed = 0;
            fputs("<p>Did you mean ", out);
            put_link(out, &q, "", r->suggestion, "");
            fputs("?</p>\n", out);
        }
        put_chips(out, p);
        if (p->similar[0]) {
            fputs("<p>Coverage related to article ", out);
            esc(out, p->similar);
            fputs(":</p>\n", out);
        }
        char total[160];
        render_total(r, total, sizeof total);
        if (r->n_hits == 0 && r->total == 0) {
            fputs("<p>No articles match.</p>\n", out);
        } else if (r->n_hits == 0) {
            /* A page past the end: where the results end, and a way
             * there. */
            unsigned long last = page_count(p, r);
            cgi_params q = *p;
            q.page = last ? (unsigned)last : 1;
            fprintf(out, "<p class=\"warn\">%s; this is page %u, and the "
                         "results end at page %lu: <a href=\"",
                    total, p->page, last);
            put_url(out, &q);
            fprintf(out, "\">go to page %lu</a>.</p>\n", last);
        } else {
            size_t first = (size_t)(p->page - 1) * p->per + 1;
            fprintf(out, "<p>%s; %zu to %zu, in %.1f ms.</p>\n", total, first,
                    first + r->n_hits - 1, elapsed_ms);
            if (!p->similar[0])
                put_downloads(out, p, r);
            for (size_t i = 0; i < r->n_hits; i++)
                put_hit(out, p, &r->hits[i]);
        }
        put_pages(out, p, r);
    } else if (!error || !*error) {
        fprintf(out, "<p>Search %u articles of geopolitics and security news. "
                     "Try <a href=\"?q=cyber+command+japan\">cyber command "
                     "japan</a> or <a href=\"?q=entity%%3APLA+since%%3A2020"
                     "\">entity:PLA since:2020</a>.</p>\n",
                doc_count);
    }
    fputs("</main>\n", out);
    if (r)
        put_facets(out, p, r);
    put_page_end(out);
}

/* A dated mention: its date, its title linked to its page (show=), its
 * source. */
static void put_article_link(FILE *out, const search_hit *h)
{
    if (h->record.has_published) {
        char date[32];
        dossier_format_date(h->record.published, date);
        fprintf(out, "<time datetime=\"%.10s\">%.10s</time> ", date, date);
    }
    fputs("<a href=\"", out);
    put_show_url(out, h->record.id ? h->record.id : "");
    fputs("\">", out);
    esc(out, h->record.title && *h->record.title ? h->record.title
                                                 : "(untitled)");
    fputs("</a>", out);
    if (h->record.source) {
        fputs(" <span class=\"meta\">", out);
        esc(out, h->record.source);
        fputs("</span>", out);
    }
}

/* Each hit of r as an item of a list of article links. */
static void put_article_list(FILE *out, const search_result *r)
{
    fputs("<ul>\n", out);
    for (size_t i = 0; i < r->n_hits; i++) {
        fputs("<li>", out);
        put_article_link(out, &r->hits[i]);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

void render_html_profile(FILE *out, const cgi_params *p,
                         const entity_profile *prof,
                         const dossier_gazetteer *gaz, double elapsed_ms)
{
    const dossier_entity *e = prof->entity;
    const search_result *r = &prof->result;
    put_page_start(out, p, e->name);
    const char *type = dossier_entity_type_name(e->type);
    fprintf(out, "<h2><span class=\"e e-%s\">", type);
    esc(out, e->name);
    fprintf(out, "</span> <span class=\"meta\">%s · entity:", type);
    esc(out, e->id);
    fputs("</span></h2>\n", out);
    put_shard_warning(out, r);
    put_warnings(out, &r->parsed);
    put_chips(out, p);
    const char *names[64];
    int ambiguous[64];
    size_t n = dossier_gazetteer_names(gaz, e, names, ambiguous, 64);
    fputs("<p>Names: ", out);
    for (size_t i = 0; i < n && i < 64; i++) {
        fputs(i ? ", " : "", out);
        esc(out, names[i]);
        if (ambiguous[i])
            fputs(" <span class=\"meta\">(with support in the "
                  "article)</span>", out);
    }
    fputs("</p>\n", out);
    /* The search of its articles, within the same filters. */
    cgi_params all = *p;
    all.profile[0] = '\0';
    all.page = 1;
    int has_it = 0;
    for (size_t i = 0; i < all.n_entities; i++)
        has_it |= strcmp(all.entities[i], e->id) == 0;
    if (!has_it && all.n_entities < CGI_MAX_ENTITIES)
        snprintf(all.entities[all.n_entities++], sizeof all.entities[0],
                 "%s", e->id);
    char total[32];
    render_thousands(prof->total, total, sizeof total);
    fputs("<p><a href=\"", out);
    put_url(out, &all);
    fprintf(out, "\">%s article%s</a> mention%s it (%.1f ms).</p>\n", total,
            prof->total == 1 ? "" : "s", prof->total == 1 ? "s" : "",
            elapsed_ms);
    if (prof->has_first || prof->has_last) {
        fputs("<ul>\n", out);
        if (prof->has_first) {
            fputs("<li>First dated mention: ", out);
            put_article_link(out, &prof->first);
            fputs("</li>\n", out);
        }
        if (prof->has_last) {
            fputs("<li>Last dated mention: ", out);
            put_article_link(out, &prof->last);
            fputs("</li>\n", out);
        }
        fputs("</ul>\n", out);
    }
    if (!prof->is_exact)
        fprintf(out, "<p class=\"warn\">The counts below are over the "
                     "first %u articles only.</p>\n", r->facet_docs);
    if (r->years.n > 0) {
        static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                             "May", "Jun", "Jul", "Aug",
                                             "Sep", "Oct", "Nov", "Dec"};
        fputs("<table class=\"counts\">\n<caption>Articles per year and "
              "month</caption>\n<thead><tr><th scope=\"col\">Year</th>"
              "<th scope=\"col\">All</th>", out);
        for (int k = 0; k < 12; k++)
            fprintf(out, "<th scope=\"col\">%s</th>", months[k]);
        fputs("</tr></thead>\n<tbody>\n", out);
        size_t m = 0;
        for (size_t y = 0; y < r->years.n; y++) {
            const char *year = r->years.items[y].value;
            uint32_t per[12];
            m = render_year_months(r, m, year, per);
            cgi_params q = all;
            snprintf(q.from, sizeof q.from, "%.4s", year);
            snprintf(q.to, sizeof q.to, "%.4s", year);
            fprintf(out, "<tr><th scope=\"row\">%.4s</th><td><a href=\"",
                    year);
            put_url(out, &q);
            fprintf(out, "\">%u</a></td>", r->years.items[y].count);
            for (int k = 0; k < 12; k++) {
                if (per[k] == 0) {
                    fputs("<td></td>", out);
                    continue;
                }
                snprintf(q.from, sizeof q.from, "%.4s-%02d", year, k + 1);
                snprintf(q.to, sizeof q.to, "%.4s-%02d", year, k + 1);
                fputs("<td><a href=\"", out);
                put_url(out, &q);
                fprintf(out, "\">%u</a></td>", per[k]);
            }
            fputs("</tr>\n", out);
        }
        fputs("</tbody>\n</table>\n", out);
    }
    uint32_t dated = 0;
    for (size_t i = 0; i < r->months.n; i++)
        dated += r->months.items[i].count;
    if (prof->is_exact && prof->total > dated)
        fprintf(out, "<p>Undated: %u.</p>\n", prof->total - dated);
    fputs("</main>\n<aside aria-label=\"Sources and entities\">\n", out);
    if (r->sources.n) {
        fputs("<h2>Top sources</h2>\n<ul>\n", out);
        for (size_t i = 0; i < r->sources.n; i++) {
            cgi_params q = all;
            snprintf(q.source, sizeof q.source, "%s",
                     r->sources.items[i].value);
            fputs("<li>", out);
            put_link(out, &q, "", r->sources.items[i].value, "");
            fprintf(out, " (%u)</li>\n", r->sources.items[i].count);
        }
        fputs("</ul>\n", out);
    }
    int any = 0;
    for (size_t i = 0; i < r->entities.n; i++) {
        const facet_count *c = &r->entities.items[i];
        if (c->entity == e)
            continue;
        if (!any)
            fputs("<h2>Mentioned with it</h2>\n<ul>\n", out);
        any = 1;
        cgi_params other = *p;
        snprintf(other.profile, sizeof other.profile, "%s", c->entity->id);
        other.page = 1;
        cgi_params both = all;
        if (both.n_entities < CGI_MAX_ENTITIES)
            snprintf(both.entities[both.n_entities++],
                     sizeof both.entities[0], "%s", c->entity->id);
        fprintf(out, "<li><span class=\"e e-%s\">",
                dossier_entity_type_name(c->entity->type));
        put_link(out, &other, "", c->entity->name, "");
        fputs("</span> <a href=\"", out);
        put_url(out, &both);
        fprintf(out, "\">%u together</a></li>\n", c->count);
    }
    if (any)
        fputs("</ul>\n", out);
    fputs("</aside>\n", out);
    put_page_end(out);
}

void render_html_article(FILE *out, const cgi_params *p, const search_hit *h,
                         const search_result *copies,
                         const search_result *related, const char *merged)
{
    const dossier_article *a = &h->record;
    put_page_start(out, p, a->title && *a->title ? a->title : "(untitled)");
    if (merged) {
        fputs("<p class=\"warn\">", out);
        esc(out, merged);
        fputs(" is an exact duplicate of this article (the same title, "
              "body, source and date), indexed as it.</p>\n", out);
    }
    fputs("<article class=\"full\">\n", out);
    open_text(out, "h2", NULL, a);
    if (a->title && *a->title)
        put_segments(out, a->title, &h->title);
    else
        fputs("(untitled)", out);
    fputs("</h2>\n<p class=\"meta\">", out);
    int has_meta = put_meta(out, a);
    if (is_safe_link(a->url)) {
        fputs(has_meta ? " · <a href=\"" : "<a href=\"", out);
        esc(out, a->url);
        fputs("\" rel=\"noopener noreferrer\">the original</a>", out);
    }
    fputs("</p>\n", out);
    /* The text, its paragraphs as written, its entities marked. */
    open_text(out, "div", "text", a);
    fputs("<p>", out);
    if (a->body) {
        size_t from = 0;
        for (size_t i = 0; i < h->body.n_segments; i++) {
            const segment *g = &h->body.segments[i];
            if (g->type != SEG_TEXT) {
                snippet one = {.segments = (segment *)g, .n_segments = 1};
                put_segments(out, a->body, &one);
                continue;
            }
            /* Paragraph breaks ("\n\n") inside plain text. */
            from = g->start;
            const char *text = a->body;
            for (size_t k = g->start; k + 1 < g->end; k++)
                if (text[k] == '\n' && text[k + 1] == '\n') {
                    html_escape(out, text + from, k - from);
                    fputs("</p>\n<p>", out);
                    while (k + 1 < g->end && text[k + 1] == '\n')
                        k++;
                    from = k + 1;
                }
            html_escape(out, text + from, g->end - from);
        }
    }
    fputs("</p></div>\n</article>\n", out);
    if (copies->n_hits > 0) {
        fprintf(out, "<h2>Other copies of this story (%zu%s)</h2>\n",
                copies->n_hits,
                copies->is_total_exact ? "" : " shown; more exist");
        put_article_list(out, copies);
    }
    if (related->n_hits > 0 && a->id) {
        fputs("<h2>Related coverage</h2>\n", out);
        put_article_list(out, related);
        fputs("<p><a href=\"", out);
        put_related_url(out, p, a->id);
        fputs("\">all related coverage</a></p>\n", out);
    }
    fputs("</main>\n", out);
    put_page_end(out);
}
