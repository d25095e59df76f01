/*
 * cgi_params.c: decoding and checking dossier.cgi's parameters.
 */
#include "cgi_params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes LEN bytes of a query component (+ is a space) into OUT, at most
 * OUT_SIZE - 1 bytes.  Returns the length, -1 for a bad %-escape, -2 when
 * it does not fit. */
static long decode(const char *s, size_t len, char *out, size_t out_size)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= len)
                return -1; /* the escape is cut short */
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (w + 1 >= out_size)
            return -2;
        out[w++] = c;
    }
    out[w] = '\0';
    return (long)w;
}

/* Whether S (LEN bytes) is valid UTF-8 without control characters. */
static int is_clean_text(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned char b = u[i];
        if (b < 0x20 || b == 0x7F)
            return 0;
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t n = (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3
                                                                          : 0;
        if (n == 0 || i + n >= len)
            return 0;
        unsigned cp = b & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if ((u[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        static const unsigned min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
            (cp >= 0x80 && cp < 0xA0))
            return 0;
        i += n + 1;
    }
    return 1;
}

static void set_error(cgi_params *p, const char *message, const char *name)
{
    if (p->error[0] == '\0')
        snprintf(p->error, sizeof p->error, message, name);
}

/* Parses a positive number no larger than MAX; 0 when it is not one. */
static unsigned long parse_number(const char *s)
{
    if (*s == '\0' || strlen(s) > 9)
        return 0;
    unsigned long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    return v;
}

/* YYYY, YYYY-MM or YYYY-MM-DD with plausible numbers. */
static int is_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return 0;
    }
    return 1;
}

/* An entity's id or name, as the form's field takes it ("pla", "Wagner
 * Group", "People's Liberation Army"): no quote, backslash or angle
 * bracket, which no name holds and a filter's quoting would not survive
 * (control characters were refused above). */
static int is_entity_name(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s == '"' || *s == '\\' || *s == '<' || *s == '>')
            return 0;
    return 1;
}

static void take(cgi_params *p, const char *raw_name, const char *value,
                 size_t value_len)
{
    /* Messages name the parameter: only in bytes safe in any output (a
     * name is not decoded, and may be any bytes: "\xff=%zz"). */
    char name[16];
    size_t i = 0;
    for (; raw_name[i] && i < sizeof name - 1; i++) {
        char c = raw_name[i];
        int is_safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                      c == '.';
        name[i] = is_safe ? c : '?';
    }
    name[i] = '\0';
    char buf[sizeof p->q + 8];
    long n = decode(value, value_len, buf, sizeof buf);
    if (n == -1) {
        set_error(p, "The %s parameter has a broken %%-escape.", name);
        return;
    }
    if (n == -2 && strcmp(name, "q") == 0) {
        /* Longer than the buffer: its first bytes, cut between two
         * characters; the search cuts them at a word's end and says
         * so. */
        n = (long)sizeof p->q - 1;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
            n--;
        buf[n] = '\0';
    }
    if (n < 0) {
        set_error(p, "The %s parameter is too long.", name);
        return;
    }
    if (!is_clean_text(buf, (size_t)n)) {
        set_error(p, "The %s parameter holds control characters or invalid "
                     "UTF-8.", name);
        return;
    }
    if (strcmp(name, "q") == 0) {
        memcpy(p->q, buf, (size_t)n + 1);
    } else if (strcmp(name, "page") == 0) {
        unsigned long v = parse_number(buf);
        if (v == 0)
            set_error(p, "The %s parameter must be a page number.", name);
        else
            p->page = v > CGI_MAX_PAGE ? CGI_MAX_PAGE : (unsigned)v;
    } else if (strcmp(name, "per") == 0) {
        unsigned long v = parse_number(buf);
        if (v == 0 && strcmp(buf, "0") != 0)
            set_error(p, "The %s parameter must be a number.", name);
        else
            p->per = v < 1 ? 1 : v > CGI_MAX_PER ? CGI_MAX_PER : (unsigned)v;
    } else if (strcmp(name, "sort") == 0) {
        if (search_parse_sort(buf, &p->sort) != DOSSIER_OK)
            set_error(p, "The %s parameter must be relevance, newest or "
                         "oldest.", name);
    } else if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
        if (buf[0] == '\0')
            return;
        if (!is_date(buf)) {
            set_error(p, "The %s parameter must be a date: 2020, 2020-06 or "
                         "2020-06-15.", name);
            return;
        }
        snprintf(strcmp(name, "from") == 0 ? p->from : p->to, 11, "%s", buf);
    } else if (strcmp(name, "source") == 0) {
        if ((size_t)n >= sizeof p->source)
            set_error(p, "The %s parameter is too long.", name);
        else
            memcpy(p->source, buf, (size_t)n + 1);
    } else if (strcmp(name, "entity") == 0) {
        if (buf[0] == '\0')
            return;
        if (!is_entity_name(buf) || (size_t)n >= sizeof p->entities[0])
            set_error(p, "The %s parameter must be an entity id or name "
                         "such as pla.", name);
        else if (p->n_entities == CGI_MAX_ENTITIES)
            set_error(p, "At most 8 entity filters%s.", "");
        else
            memcpy(p->entities[p->n_entities++], buf, (size_t)n + 1);
    } else if (strcmp(name, "similar") == 0) {
        /* Any id the index may hold: a record's own, a canonical URL, or
         * h<hash>; the bytes were checked above. */
        if (buf[0] == '\0')
            return;
        if ((size_t)n >= sizeof p->similar)
            set_error(p, "The %s parameter must be an article id.", name);
        else
            memcpy(p->similar, buf, (size_t)n + 1);
    } else if (strcmp(name, "show") == 0) {
        if (buf[0] == '\0')
            return;
        if ((size_t)n >= sizeof p->show)
            set_error(p, "The %s parameter must be an article id.", name);
        else
            memcpy(p->show, buf, (size_t)n + 1);
    } else if (strcmp(name, "profile") == 0) {
        if ((size_t)n >= sizeof p->profile)
            set_error(p, "The %s parameter is too long.", name);
        else
            memcpy(p->profile, buf, (size_t)n + 1);
    } else if (strcmp(name, "url") == 0) {
        if ((size_t)n >= sizeof p->url)
            set_error(p, "The %s parameter is too long.", name);
        else
            memcpy(p->url, buf, (size_t)n + 1);
    } else if (strcmp(name, "astyped") == 0) {
        p->as_typed = strcmp(buf, "1") == 0;
    } else if (strcmp(name, "recent") == 0) {
        if (buf[0] == '\0' || strcmp(buf, "0") == 0)
            return; /* the form's "no" */
        unsigned long v = parse_number(buf);
        if (v == 0 || v > 36500)
            set_error(p, "The %s parameter must be a half-life in days, 1 "
                         "to 36500.", name);
        else
            p->recent = (unsigned)v;
    } else if (strcmp(name, "format") == 0) {
        if (strcmp(buf, "json") == 0)
            p->is_json = 1;
        else if (strcmp(buf, "csv") == 0)
            p->export_format = CGI_EXPORT_CSV, p->is_json = 1;
        else if (strcmp(buf, "jsonl") == 0)
            p->export_format = CGI_EXPORT_JSONL, p->is_json = 1;
        else if (strcmp(buf, "html") != 0)
            set_error(p, "The %s parameter must be html, json, csv or "
                         "jsonl.", name);
    }
}

/* A range whose start is after its end is an error, not a filter to drop:
 * its answer would be nothing, or everything without it.  Dates compare
 * as text over the shorter one's length: from=2005-06&to=2005 is June to
 * December. */
static void check_date_range(cgi_params *p)
{
    size_t from_len = strlen(p->from), to_len = strlen(p->to);
    size_t len = from_len < to_len ? from_len : to_len;
    if (len == 0 || strncmp(p->from, p->to, len) <= 0)
        return;
    char message[sizeof p->error];
    snprintf(message, sizeof message, "The date range is inverted: from "
             "%s is after to %s.", p->from, p->to);
    set_error(p, "%s", message);
    p->is_refused = 1;
    p->from[0] = p->to[0] = '\0';
}

dossier_status cgi_params_parse(const char *query, cgi_params *out)
{
    memset(out, 0, sizeof *out);
    out->page = 1;
    out->per = 10;
    if (query == NULL)
        return DOSSIER_OK;
    /* format= first, so that an error before it, or a request too long to
     * read, is still answered in the format asked for. */
    for (const char *f = strstr(query, "format=json"); f;
         f = strstr(f + 1, "format=json"))
        if ((f == query || f[-1] == '&') && (f[11] == '\0' || f[11] == '&'))
            out->is_json = 1;
    size_t len = strlen(query);
    if (len > CGI_MAX_QUERY_STRING) {
        set_error(out, "The request is too long%s.", "");
        return DOSSIER_REFUSED;
    }
    const char *p = query;
    while (*p) {
        const char *end = strchr(p, '&');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', plen);
        if (eq) {
            char name[16];
            size_t nlen = (size_t)(eq - p);
            if (nlen > 0 && nlen < sizeof name) {
                memcpy(name, p, nlen);
                name[nlen] = '\0';
                take(out, name, eq + 1, plen - nlen - 1);
            }
        }
        p += plen;
        if (*p == '&')
            p++;
    }
    check_date_range(out);
    return DOSSIER_OK;
}

int cgi_url_encode(const char *s, char *out, size_t out_size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t w = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int is_plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                       c == '.' || c == '~';
        if (w + (is_plain ? 1 : 3) >= out_size)
            return -1;
        if (is_plain) {
            out[w++] = (char)c;
        } else {
            out[w++] = '%';
            out[w++] = hex[c >> 4];
            out[w++] = hex[c & 15];
        }
    }
    out[w] = '\0';
    return (int)w;
}
