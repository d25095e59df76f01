/*
 * fuzz_common.h: what the libFuzzer harnesses of tests/fuzz/ share: an
 * in-memory file for readers that want a path or a gzFile, a reader sink
 * that checks what it is handed, and a failure that libFuzzer reports as
 * a crash.  Test code only; each harness includes it once.
 *
 * A harness prints nothing on a normal input: a message goes to stderr
 * only just before abort(), when a check fails.
 */
#ifndef DOSSIER_FUZZ_COMMON_H
#define DOSSIER_FUZZ_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dossier/record.h"
#include "dossier/record_json.h"
#include "dossier/url.h"
#include "reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional (libFuzzer calls it when defined): harnesses with set-up. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a C string, cut at its first NUL as a C caller would see
 * it, in a new buffer the caller frees; NULL when memory ran out. */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s != NULL) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* A check failed: say which, then crash so that libFuzzer keeps the
 * input. */
static void fuzz_fail(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
static void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "fuzz check failed: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond))                                                       \
            fuzz_fail("%s:%d: %s", __FILE__, __LINE__, #cond);             \
    } while (0)

/* ------------------------------------------------------------ files */

/* An anonymous in-memory file (memfd) that one input at a time is
 * written to, and the path that opens it ("/proc/self/fd/N"), for
 * readers that only take a path: no file system is touched. */
typedef struct fuzz_file {
    int fd;
    char path[64];
} fuzz_file;

static inline void fuzz_file_open(fuzz_file *f, const char *name)
{
    f->fd = memfd_create(name, MFD_CLOEXEC);
    if (f->fd < 0) {
        perror("memfd_create");
        abort();
    }
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

/* Replaces the file's content with SIZE bytes of DATA; its offset is 0. */
static inline void fuzz_file_set(fuzz_file *f, const void *data, size_t size)
{
    if (ftruncate(f->fd, 0) != 0 || lseek(f->fd, 0, SEEK_SET) != 0) {
        perror("memfd reset");
        abort();
    }
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(f->fd, p, size);
        if (n <= 0) {
            perror("memfd write");
            abort();
        }
        p += n;
        size -= (size_t)n;
    }
    if (lseek(f->fd, 0, SEEK_SET) != 0) {
        perror("memfd seek");
        abort();
    }
}

/* ------------------------------------------------------------ articles */

/* What every reader promises of an article, and what the indexer does
 * with one next: the URL canonicalized, the stored record written and
 * read back (the searcher must be able to read every record the indexer
 * writes). */
static inline void fuzz_check_article(const dossier_article *a)
{
    char canonical[4096];
    const char *url = NULL;
    if (a->url != NULL &&
        dossier_canonical_url(a->url, canonical, sizeof canonical) >= 0) {
        FUZZ_CHECK(strlen(canonical) < sizeof canonical);
        url = canonical;
    }
    size_t len = 0;
    char *json = dossier_record_to_json(a, url, NULL, NULL, &len);
    if (json == NULL)
        return; /* out of memory */
    FUZZ_CHECK(len == strlen(json));
    dossier_article back = {0};
    if (dossier_record_from_json(json, len, &back) != 0)
        fuzz_fail("the stored record cannot be read back: %.300s", json);
    FUZZ_CHECK(back.title != NULL && back.body != NULL);
    FUZZ_CHECK((back.author == NULL) == (a->author == NULL));
    FUZZ_CHECK(back.has_published == a->has_published);
    if (a->has_published)
        FUZZ_CHECK(back.published == a->published);
    dossier_article_clear(&back);
    free(json);
}

/* Lengths summed here are not optimized away. */
static volatile size_t fuzz_bytes_seen;

typedef struct fuzz_sink_state {
    size_t n_articles, n_rejects;
    int is_title_body_required; /* feed and HTML readers always set both */
} fuzz_sink_state;

static inline dossier_status fuzz_sink_article(void *ctx, dossier_article *a,
                                               const char *where)
{
    fuzz_sink_state *s = ctx;
    FUZZ_CHECK(where != NULL);
    fuzz_bytes_seen += strlen(where);
    if (s->is_title_body_required)
        FUZZ_CHECK(a->title != NULL && a->body != NULL);
    FUZZ_CHECK((a->title != NULL && *a->title != '\0') ||
               (a->body != NULL && *a->body != '\0'));
    fuzz_check_article(a);
    s->n_articles++;
    return DOSSIER_OK;
}

static inline void fuzz_sink_reject(void *ctx, const char *where, const char *reason)
{
    fuzz_sink_state *s = ctx;
    FUZZ_CHECK(where != NULL && reason != NULL);
    /* Read both whole, so that the sanitizer sees a missing NUL. */
    fuzz_bytes_seen += strlen(where) + strlen(reason);
    s->n_rejects++;
}

/* A reader sink into STATE whose limits vary with the input's SIZE (the
 * article cap MAX_BYTES or 16 MiB, a default language or none) and whose
 * transport charset is one of the N of CHARSETS (N 0: none). */
static inline reader_sink fuzz_sink(fuzz_sink_state *state, size_t size,
                                    size_t max_bytes,
                                    const char *const *charsets, size_t n)
{
    reader_sink sink = {
        .article = fuzz_sink_article,
        .reject = fuzz_sink_reject,
        .ctx = state,
        .max_article_bytes = size % 2 ? max_bytes : 16u << 20,
        .default_lang = size % 3 ? NULL : "en",
        .transport_charset = n ? charsets[size % n] : NULL,
    };
    return sink;
}

#endif
