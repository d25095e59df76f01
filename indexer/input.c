/*
 * input.c: input files: gzip or not, which format, which reader.
 *
 * JSON Lines streams (a corpus may be gigabytes); feeds, pages and text
 * are read whole, up to a cap, because their parsers want the whole
 * document.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "charset.h"
#include "read_jsonl.h"
#include "read_text.h"

/* A feed, page or text file larger than this is not one. */
#define MAX_DOCUMENT_BYTES (64u << 20)
/* How much is looked at to tell a format. */
#define SNIFF_BYTES 4096

uint64_t input_progress_bytes(const input_progress *p)
{
    uint64_t n = p->bytes_of_done_files;
    if (p->current) {
        z_off_t read = gztell(p->current);
        if (read > 0)
            n += (uint64_t)read;
    }
    return n;
}

uint64_t input_estimate_bytes(const char *path)
{
    /* Only a regular file: opening a FIFO would wait for its writer, and
     * take the input the reader is to read. */
    struct stat sb;
    if (strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    unsigned char magic[2] = {0}, tail[4];
    uint64_t size = 0, estimate = 0;
    if (fseeko(f, 0, SEEK_END) == 0) {
        off_t end = ftello(f);
        size = end > 0 ? (uint64_t)end : 0;
    }
    estimate = size;
    if (size > 18 && fseeko(f, 0, SEEK_SET) == 0 &&
        fread(magic, 1, 2, f) == 2 && magic[0] == 0x1f && magic[1] == 0x8b &&
        fseeko(f, -4, SEEK_END) == 0 && fread(tail, 1, 4, f) == 4) {
        uint64_t isize = (uint64_t)tail[0] | (uint64_t)tail[1] << 8 |
                         (uint64_t)tail[2] << 16 | (uint64_t)tail[3] << 24;
        /* ISIZE is the size modulo 4 GiB, of the last member only: below
         * the compressed size it is one of those; then a text's usual
         * ratio. */
        estimate = isize >= size ? isize : size * 4;
    }
    fclose(f);
    return estimate;
}

dossier_status input_format_parse(const char *name, input_format *out)
{
    static const struct {
        const char *name;
        input_format format;
    } names[] = {
        {"auto", INPUT_AUTO}, {"jsonl", INPUT_JSONL}, {"rss", INPUT_FEED},
        {"atom", INPUT_FEED}, {"feed", INPUT_FEED},   {"html", INPUT_HTML},
        {"text", INPUT_TEXT},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return DOSSIER_OK;
        }
    }
    return DOSSIER_ERR_INVALID;
}

static int starts_with_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != prefix[i])
            return 0;
    }
    return 1;
}

/* Whether C is white space before a line's first byte that counts. */
static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether the first bytes look like JSON Lines: the first non-blank byte
 * is '{', or the lines of the window (the last one maybe cut) mostly begin
 * with '{' once blanks and control bytes before it are skipped, so that a
 * NUL byte or other junk at the start of one line does not hide the
 * records of the others (unless it begins with markup). */
static int looks_like_jsonl(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && is_blank((unsigned char)s[i]))
        i++;
    if (i < len && s[i] == '{')
        return 1;
    /* Markup is for the feed and page readers, whatever its lines. */
    if (i < len && s[i] == '<')
        return 0;
    size_t records = 0, others = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        size_t k = i;
        while (k < end && ((unsigned char)s[k] < 0x20 || s[k] == ' '))
            k++;
        if (k < end) {
            if (s[k] == '{')
                records++;
            else
                others++;
        }
        i = end + 1;
    }
    return records > others;
}

/* Whether the first bytes look binary: a NUL byte, or more than one byte
 * in twenty a control character that text does not hold. */
static int looks_binary(const char *s, size_t len)
{
    size_t zeros = 0, controls = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        zeros += c == 0;
        controls += c < 0x09 || (c > 0x0D && c < 0x20);
    }
    return zeros > 0 || controls * 20 > len + 20;
}

/* Whether PATH's name says JSON Lines: .jsonl or .ndjson, gzip-compressed
 * or not. */
static int has_jsonl_name(const char *path)
{
    static const char *const suffixes[] = {".jsonl", ".ndjson", ".jsonl.gz",
                                           ".ndjson.gz"};
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && starts_with_ci(path + len - n, n, suffixes[i]))
            return 1;
    }
    return 0;
}

/* Tells the format from the first bytes (after gzip is undone): the
 * structured formats first, plain text when it is none of them. */
static input_format sniff(const char *s, size_t len)
{
    if (looks_like_jsonl(s, len))
        return INPUT_JSONL;
    size_t i = 0;
    /* A UTF-8 byte order mark, then white space. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && is_blank((unsigned char)s[i]))
        i++;
    const char *p = s + i;
    size_t rest = len - i;
    if (starts_with_ci(p, rest, "<!doctype html") ||
        starts_with_ci(p, rest, "<html"))
        return INPUT_HTML;
    if (rest > 0 && p[0] == '<') {
        /* XML: a feed if its root is one; else HTML that skipped the
         * doctype, else give the feed reader the verdict. */
        size_t wlen = rest < SNIFF_BYTES ? rest : SNIFF_BYTES;
        char buf[SNIFF_BYTES + 1];
        memcpy(buf, p, wlen);
        buf[wlen] = '\0';
        if (strstr(buf, "<rss") || strstr(buf, "<feed") ||
            strstr(buf, "<rdf:RDF") || strstr(buf, "<RDF"))
            return INPUT_FEED;
        if (strstr(buf, "<head") || strstr(buf, "<body") ||
            strstr(buf, "<HTML") || strstr(buf, "<HEAD"))
            return INPUT_HTML;
        return INPUT_FEED;
    }
    return INPUT_TEXT;
}

char *input_read_rest(gzFile in, const char *head, size_t head_len,
                      size_t max, size_t *len)
{
    size_t cap = head_len + 65536, n = head_len;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    if (head_len > 0)
        memcpy(buf, head, head_len);
    for (;;) {
        if (n > max) {
            free(buf);
            errno = EFBIG;
            return NULL;
        }
        if (n == cap) {
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        int got = gzread(in, buf + n, (unsigned)(cap - n));
        if (got < 0) {
            free(buf);
            errno = EIO;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    *len = n;
    return buf;
}

dossier_status input_read(const char *path, input_format format,
                          const reader_sink *sink, input_progress *progress)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "(standard input)" : path;
    gzFile in = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    char reason[320];
    if (in == NULL) {
        snprintf(reason, sizeof reason, "cannot open: %s",
                 errno ? strerror(errno) : "out of memory");
        sink->reject(sink->ctx, name, reason);
        return DOSSIER_OK;
    }
    gzbuffer(in, 1 << 17);
    char head[SNIFF_BYTES];
    int got = gzread(in, head, sizeof head);
    if (got < 0) {
        int err;
        snprintf(reason, sizeof reason, "cannot read: %s", gzerror(in, &err));
        sink->reject(sink->ctx, name, reason);
        gzclose(in);
        return DOSSIER_OK;
    }
    size_t head_len = (size_t)got;
    /* UTF-16 and UTF-32 (a byte order mark, or "<" written in them) are
     * text for every reader once decoded, not binary. */
    const char *wide = format != INPUT_JSONL ? charset_wide(head, head_len)
                                             : NULL;
    /* A feed's ids that are no URIs are scoped by the file's address. */
    reader_sink file_sink = *sink;
    char *scope = NULL;
    if (!is_stdin && sink->id_scope == NULL) {
        char *real = realpath(path, NULL);
        const char *where = real != NULL ? real : path;
        scope = malloc(strlen(where) + 8);
        if (scope != NULL) {
            memcpy(scope, "file://", 7);
            memcpy(scope + 7, where, strlen(where) + 1);
        }
        free(real);
        file_sink.id_scope = scope;
    }
    sink = &file_sink;
    /* The binary guess never overrides a format that parses: JSON Lines,
     * a feed and a page have their own readers, which reject what is bad
     * in them (a JSON line at a time).  Only text, which any bytes would
     * be, is refused as binary. */
    if (format == INPUT_AUTO && wide == NULL) {
        format = sniff(head, head_len);
        if (format == INPUT_TEXT && !is_stdin && has_jsonl_name(path))
            format = INPUT_JSONL;
    }
    if (format == INPUT_TEXT && wide == NULL && looks_binary(head, head_len)) {
        sink->reject(sink->ctx, name, "binary file, not an article");
        gzclose(in);
        free(scope);
        return DOSSIER_OK;
    }

    dossier_status status = DOSSIER_OK;
    if (progress) {
        progress->current = in;
        progress->name = name;
    }
    if (format == INPUT_JSONL) {
        status = read_jsonl(head, head_len, in, name, sink);
    } else {
        size_t len;
        char *data =
            input_read_rest(in, head, head_len, MAX_DOCUMENT_BYTES, &len);
        if (data == NULL) {
            snprintf(reason, sizeof reason, "%s",
                     errno == EFBIG ? "file larger than 64 MiB, not one "
                                      "document"
                                    : strerror(errno));
            sink->reject(sink->ctx, name, reason);
        } else {
            if (wide != NULL) {
                charset_report report;
                size_t utf8_len;
                char *utf8 = charset_to_utf8(data, len, wide, &utf8_len,
                                             &report);
                free(data);
                data = utf8;
                len = utf8_len;
                if (data != NULL && report.n_replaced > 0) {
                    snprintf(reason, sizeof reason,
                             "%zu invalid %s in %s replaced by U+FFFD "
                             "(first on line %ld)",
                             report.n_replaced,
                             report.n_replaced > 1 ? "sequences" : "sequence",
                             report.used, report.first_bad_line);
                    reader_warn(sink, name, reason);
                }
                if (data != NULL && format == INPUT_AUTO)
                    format = sniff(data, len < SNIFF_BYTES ? len : SNIFF_BYTES);
            }
            if (data == NULL)
                status = DOSSIER_ERR_NOMEM;
            else if (format == INPUT_FEED)
                status = read_feed(data, len, name, sink);
            else if (format == INPUT_HTML)
                status = read_html(data, len, name, sink);
            else
                status = read_text(data, len, name, sink);
            free(data);
        }
    }
    if (progress) {
        z_off_t read = gztell(in);
        if (read > 0)
            progress->bytes_of_done_files += (uint64_t)read;
        /* The name stays: the articles of a file are written after it is
         * read, and the line names it until the next one begins. */
        progress->current = NULL;
    }
    gzclose(in);
    free(scope);
    return status;
}
