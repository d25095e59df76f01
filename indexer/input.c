/*
 * input.c: input files: gzip or not, which format, which reader.
 *
 * JSON Lines streams (a corpus may be gigabytes); feeds, pages and text
 * are read whole, up to a cap, because their parsers want the whole
 * document.
 */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

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
        z_off_t raw = gzoffset(p->current);
        if (raw > 0)
            n += (uint64_t)raw;
    }
    return n;
}

int input_format_parse(const char *name, input_format *out)
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
            return 0;
        }
    }
    return -1;
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

/* Tells the format from the first bytes (after gzip is undone).  Returns
 * -1 for binary data. */
static int sniff(const char *s, size_t len, input_format *out)
{
    size_t zeros = 0, controls = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        zeros += c == 0;
        controls += c < 0x09 || (c > 0x0D && c < 0x20);
    }
    if (zeros > 0 || controls * 20 > len + 20)
        return -1;
    size_t i = 0;
    /* A UTF-8 byte order mark, then white space. */
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                       s[i] == '\n'))
        i++;
    const char *p = s + i;
    size_t rest = len - i;
    if (rest > 0 && p[0] == '{') {
        *out = INPUT_JSONL;
        return 0;
    }
    if (starts_with_ci(p, rest, "<!doctype html") ||
        starts_with_ci(p, rest, "<html")) {
        *out = INPUT_HTML;
        return 0;
    }
    if (rest > 0 && p[0] == '<') {
        /* XML: a feed if its root is one; else HTML that skipped the
         * doctype, else give the feed reader the verdict. */
        const char *window = p;
        size_t wlen = rest < SNIFF_BYTES ? rest : SNIFF_BYTES;
        char buf[SNIFF_BYTES + 1];
        memcpy(buf, window, wlen);
        buf[wlen] = '\0';
        if (strstr(buf, "<rss") || strstr(buf, "<feed") ||
            strstr(buf, "<rdf:RDF") || strstr(buf, "<RDF")) {
            *out = INPUT_FEED;
            return 0;
        }
        if (strstr(buf, "<head") || strstr(buf, "<body") ||
            strstr(buf, "<HTML") || strstr(buf, "<HEAD")) {
            *out = INPUT_HTML;
            return 0;
        }
        *out = INPUT_FEED;
        return 0;
    }
    *out = INPUT_TEXT;
    return 0;
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

int input_read(const char *path, input_format format, const reader_sink *sink,
               input_progress *progress)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "(standard input)" : path;
    gzFile in = is_stdin ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
    char reason[320];
    if (in == NULL) {
        snprintf(reason, sizeof reason, "cannot open: %s",
                 errno ? strerror(errno) : "out of memory");
        sink->reject(sink->ctx, name, reason);
        return 0;
    }
    gzbuffer(in, 1 << 17);
    char head[SNIFF_BYTES];
    int got = gzread(in, head, sizeof head);
    if (got < 0) {
        int err;
        snprintf(reason, sizeof reason, "cannot read: %s", gzerror(in, &err));
        sink->reject(sink->ctx, name, reason);
        gzclose(in);
        return 0;
    }
    size_t head_len = (size_t)got;
    input_format detected;
    if (sniff(head, head_len, &detected) != 0) {
        sink->reject(sink->ctx, name, "binary file, not an article");
        gzclose(in);
        return 0;
    }
    if (format == INPUT_AUTO)
        format = detected;

    int status = 0;
    if (progress)
        progress->current = in;
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
            if (format == INPUT_FEED)
                status = read_feed(data, len, name, sink);
            else if (format == INPUT_HTML)
                status = read_html(data, len, name, sink);
            else
                status = read_text(data, len, name, sink);
            free(data);
        }
    }
    if (progress) {
        z_off_t raw = gzoffset(in);
        if (raw > 0)
            progress->bytes_of_done_files += (uint64_t)raw;
        progress->current = NULL;
    }
    gzclose(in);
    return status;
}
