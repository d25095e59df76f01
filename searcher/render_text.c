/*
 * render_text.c: results for people at a terminal.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"
#include "dossier/utf8.h"

/* Colours by entity type (ANSI SGR), so a reader sees at a glance which
 * names are states, forces, agencies, companies or hackers. */
static const char *type_colour(dossier_entity_type t)
{
    switch (t) {
    case DOSSIER_ENTITY_COUNTRY:
    case DOSSIER_ENTITY_PLACE: return "36";        /* cyan */
    case DOSSIER_ENTITY_MILITARY: return "31";     /* red */
    case DOSSIER_ENTITY_GOVERNMENT: return "34";   /* blue */
    case DOSSIER_ENTITY_INTELLIGENCE: return "33"; /* yellow */
    case DOSSIER_ENTITY_COMPANY: return "32";      /* green */
    case DOSSIER_ENTITY_THREAT_ACTOR: return "91"; /* bright red */
    case DOSSIER_ENTITY_PERSON: return "35";       /* magenta */
    case DOSSIER_ENTITY_MEDIA: return "94";        /* bright blue */
    case DOSSIER_ENTITY_ALLIANCE:
    case DOSSIER_ENTITY_ORGANISATION: return "96"; /* bright cyan */
    default: return "0";
    }
}

/* Writes LEN bytes of S as valid UTF-8 with no control characters: line
 * breaks and tabs become spaces, other controls (escape sequences from a
 * hostile article) are dropped. */
static void put_text(FILE *out, const char *s, size_t len)
{
    char *clean = dossier_utf8_repair(s, len, &len);
    if (clean == NULL)
        return;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)clean[i];
        if (c == '\n' || c == '\r' || c == '\t')
            fputc(' ', out);
        else if (c < 0x20 || c == 0x7F)
            continue;
        else if (c == 0xC2 && i + 1 < len &&
                 (unsigned char)clean[i + 1] >= 0x80 &&
                 (unsigned char)clean[i + 1] <= 0x9F)
            i++; /* a C1 control (U+0080..U+009F) */
        else
            fputc(c, out);
    }
    free(clean);
}

static void put_segments(FILE *out, const char *text, const snippet *sn,
                         int is_color)
{
    for (size_t i = 0; i < sn->n_segments; i++) {
        const segment *g = &sn->segments[i];
        switch (g->type) {
        case SEG_ELLIPSIS:
            fputs(" … ", out);
            continue;
        case SEG_TEXT:
            put_text(out, text + g->start, g->end - g->start);
            continue;
        case SEG_MATCH:
            if (is_color)
                fputs("\033[1m", out);
            else
                fputc('[', out);
            put_text(out, text + g->start, g->end - g->start);
            fputs(is_color ? "\033[0m" : "]", out);
            continue;
        case SEG_ENTITY:
            if (is_color)
                fprintf(out, "\033[%s%sm", g->is_match ? "1;" : "",
                        type_colour(g->entity->type));
            else
                fputs(g->is_match ? "[" : "", out);
            put_text(out, text + g->start, g->end - g->start);
            if (is_color)
                fputs("\033[0m", out);
            else
                fprintf(out, "%s{%s}", g->is_match ? "]" : "",
                        dossier_entity_type_name(g->entity->type));
            continue;
        }
    }
}

/* The line under a title: "Reuters, by Jane Doe, 2023-08-07  URL". */
static void put_meta(FILE *out, const dossier_article *a, int is_color)
{
    int any = 0;
    if (is_color)
        fputs("\033[2m", out);
    if (a->source) {
        put_text(out, a->source, strlen(a->source));
        any = 1;
    }
    if (a->author && *a->author) {
        fputs(any ? ", by " : "by ", out);
        put_text(out, a->author, strlen(a->author));
        any = 1;
    }
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        fprintf(out, "%s%.10s", any ? ", " : "", date);
        any = 1;
    }
    if (a->url) {
        fputs(any ? "  " : "", out);
        put_text(out, a->url, strlen(a->url));
        any = 1;
    }
    if (!any && a->id)
        put_text(out, a->id, strlen(a->id));
    if (is_color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

/* A line of the timeline: "  months: 2023-07 (4), 2023-08 (9)".  The
 * values are ours (digits and a hyphen): nothing to clean. */
static void put_periods(FILE *out, const char *name, const facet_list *list)
{
    if (list->n == 0)
        return;
    fprintf(out, "  %s:", name);
    for (size_t i = 0; i < list->n; i++)
        fprintf(out, "%s%s (%u)", i ? ", " : " ", list->items[i].value,
                list->items[i].count);
    fputc('\n', out);
}

/* "LABEL value (count), value (count)", a line; nothing for none. */
static void put_counted(FILE *out, const char *label, const facet_list *list)
{
    if (list->n == 0)
        return;
    fputs(label, out);
    for (size_t i = 0; i < list->n; i++) {
        fputs(i ? ", " : " ", out);
        put_text(out, list->items[i].value, strlen(list->items[i].value));
        fprintf(out, " (%u)", list->items[i].count);
    }
    fputc('\n', out);
}

void render_text(FILE *out, const search_result *r, const char *query,
                 int is_color, size_t offset)
{
    (void)query;
    if (r->corrected_from && r->suggestion) {
        /* The query as typed found nothing; its correction ran. */
        fputs("Showing results for ", out);
        put_text(out, r->suggestion, strlen(r->suggestion));
        fputs("; search instead for ", out);
        put_text(out, r->corrected_from, strlen(r->corrected_from));
        fputs(" with --as-typed.\n", out);
    } else if (r->suggestion) {
        fputs("Did you mean: ", out);
        put_text(out, r->suggestion, strlen(r->suggestion));
        fputs("?\n", out);
    }
    char total[160];
    render_total(r, total, sizeof total);
    if (r->is_refused) {
        /* Not run: nothing is known of what matches. */
        fputs("The query was refused, not run", out);
        for (size_t i = 0; i < r->parsed.n_warnings; i++)
            if (r->parsed.warnings[i].is_error) {
                fprintf(out, ": query position %zu: ",
                        r->parsed.warnings[i].position);
                put_text(out, r->parsed.warnings[i].message,
                         strlen(r->parsed.warnings[i].message));
                break;
            }
        fputs(".\n", out);
        return;
    }
    if (r->n_hits == 0 && r->total == 0) {
        fprintf(out, "No articles match.\n");
        return;
    }
    if (r->n_hits == 0) {
        /* An offset past the end: say where the results end. */
        char last[32];
        render_thousands(r->stories, last, sizeof last);
        fprintf(out, "%s; none from %zu on: the results end at %s%s.\n",
                total, offset + 1, r->is_stories_exact ? "" : "more than ",
                last);
        return;
    }
    fprintf(out, "%s; %zu to %zu:\n\n", total, offset + 1,
            offset + r->n_hits);
    for (size_t i = 0; i < r->n_hits; i++) {
        const search_hit *h = &r->hits[i];
        const char *title = h->record.title ? h->record.title : "";
        fprintf(out, "%zu. ", offset + i + 1);
        if (*title)
            put_segments(out, title, &h->title, is_color);
        else
            fputs("(untitled)", out);
        fputc('\n', out);
        fputs("   ", out);
        put_meta(out, &h->record, is_color);
        if (h->body.n_segments > 0) {
            fputs("   ", out);
            put_segments(out, h->record.body, &h->body, is_color);
            fputc('\n', out);
        }
        if (h->collapse_count > 0)
            fprintf(out, "   +%u similar\n", h->collapse_count);
        fputc('\n', out);
    }
    if (r->entities.n + r->sources.n + r->months.n > 0) {
        char basis[160];
        render_facet_basis(r, basis, sizeof basis);
        fprintf(out, "Facets (%s):\n", basis);
        put_counted(out, "  sources:", &r->sources);
        for (int t = 0; t < DOSSIER_ENTITY_TYPE_COUNT; t++) {
            int any = 0;
            for (size_t i = 0; i < r->entities.n; i++) {
                const facet_count *c = &r->entities.items[i];
                if ((int)c->entity->type != t)
                    continue;
                if (!any)
                    fprintf(out, "  %s:", dossier_entity_type_name(c->entity->type));
                fprintf(out, "%s%s (%u)", any ? ", " : " ", c->entity->name,
                        c->count);
                any = 1;
            }
            if (any)
                fputc('\n', out);
        }
        put_periods(out, "months", &r->months);
        put_periods(out, "years", &r->years);
    }
}

void render_text_article(FILE *out, const search_hit *hit, int is_color)
{
    const dossier_article *a = &hit->record;
    if (is_color)
        fputs("\033[1m", out);
    put_text(out, a->title ? a->title : "", a->title ? strlen(a->title) : 0);
    if (is_color)
        fputs("\033[0m", out);
    fputc('\n', out);
    put_meta(out, a, is_color);
    fputc('\n', out);
    /* Paragraphs keep their breaks here. */
    const char *body = a->body ? a->body : "";
    const char *p = body;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        put_text(out, p, n);
        fputc('\n', out);
        p += n + (nl ? 1 : 0);
    }
}

/* A mention line of a profile: "First dated mention: 2023-08-07  Title
 * [id]". */
static void put_mention(FILE *out, const char *label, const search_hit *h,
                        int is_color)
{
    char date[32];
    dossier_format_date(h->record.published, date);
    fprintf(out, "%s %.10s  ", label, date);
    const char *title = h->record.title ? h->record.title : "";
    if (*title)
        put_text(out, title, strlen(title));
    else
        fputs("(untitled)", out);
    if (is_color)
        fputs("\033[2m", out);
    fputs("  [", out);
    if (h->record.id)
        put_text(out, h->record.id, strlen(h->record.id));
    fputc(']', out);
    if (is_color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

void render_text_profile(FILE *out, const entity_profile *p,
                         const dossier_gazetteer *gaz, int is_color)
{
    const dossier_entity *e = p->entity;
    fprintf(out, "%s (%s; entity:%s)\n", e->name,
            dossier_entity_type_name(e->type), e->id);
    const char *names[64];
    int ambiguous[64];
    size_t n = dossier_gazetteer_names(gaz, e, names, ambiguous, 64);
    fputs("Names:", out);
    for (size_t i = 0; i < n && i < 64; i++) {
        fprintf(out, "%s", i ? ", " : " ");
        put_text(out, names[i], strlen(names[i]));
        if (ambiguous[i])
            fputs(" (with support)", out);
    }
    fputs(n > 64 ? ", ...\n" : "\n", out);
    char total[32];
    render_thousands(p->total, total, sizeof total);
    fprintf(out, "%s article%s mention%s it.\n", total,
            p->total == 1 ? "" : "s", p->total == 1 ? "s" : "");
    if (p->total == 0)
        return;
    if (p->has_first)
        put_mention(out, "First dated mention:", &p->first, is_color);
    if (p->has_last)
        put_mention(out, "Last dated mention: ", &p->last, is_color);
    const search_result *r = &p->result;
    if (!p->is_exact)
        fprintf(out, "The counts below are over the first %u articles "
                     "only.\n", r->facet_docs);
    uint32_t dated = 0;
    for (size_t i = 0; i < r->months.n; i++)
        dated += r->months.items[i].count;
    if (r->years.n > 0) {
        fputs("\nArticles per year and month:\n      total"
              "    Jan   Feb   Mar   Apr   May   Jun   Jul   Aug   Sep"
              "   Oct   Nov   Dec\n", out);
        size_t m = 0;
        for (size_t y = 0; y < r->years.n; y++) {
            const char *year = r->years.items[y].value;
            uint32_t per[12];
            m = render_year_months(r, m, year, per);
            fprintf(out, "%.4s %6u", year, r->years.items[y].count);
            for (int k = 0; k < 12; k++) {
                if (per[k])
                    fprintf(out, " %5u", per[k]);
                else
                    fputs("     -", out);
            }
            fputc('\n', out);
        }
    }
    if (p->is_exact && p->total > dated)
        fprintf(out, "Undated: %u\n", p->total - dated);
    put_counted(out, "\nTop sources:", &r->sources);
    int any = 0;
    for (size_t i = 0; i < r->entities.n; i++) {
        const facet_count *c = &r->entities.items[i];
        if (c->entity == e)
            continue;
        fputs(any ? ", " : "Mentioned with:", out);
        if (!any)
            fputc(' ', out);
        fprintf(out, "%s (%u)", c->entity->name, c->count);
        any = 1;
    }
    if (any)
        fputc('\n', out);
}
