/*
 * fuzz_feed_list.c: the feed list of `dossier-index --fetch`,
 * feed_list_load(): OPML as feed readers export it, or a plain list of
 * URLs (the first byte tells), gzip or not.  The loader only takes a
 * path: the input is written to an in-memory file (memfd) and read back
 * through /proc/self/fd.
 *
 * Checked: every feed kept is an http(s) URL without white space, named
 * once, with a line number; each problem is reported with a place.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed_list.h"
#include "fuzz_common.h"

static fuzz_file file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&file, "feeds.opml");
    return 0;
}

static void warn(void *ctx, const char *where, const char *reason)
{
    size_t *n = ctx;
    FUZZ_CHECK(where != NULL && reason != NULL);
    fuzz_bytes_seen += strlen(where) + strlen(reason);
    (*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file_set(&file, data, size);
    feed_list l;
    size_t n_warnings = 0;
    dossier_status rc = feed_list_load(file.path, &l, warn, &n_warnings);
    FUZZ_CHECK(rc == DOSSIER_OK || rc == DOSSIER_ERR_IO ||
               rc == DOSSIER_ERR_INVALID || rc == DOSSIER_ERR_NOMEM);
    if (rc == DOSSIER_ERR_IO || rc == DOSSIER_ERR_INVALID)
        FUZZ_CHECK(n_warnings > 0);
    if (rc != DOSSIER_OK)
        FUZZ_CHECK(l.n == 0 && l.feeds == NULL);
    for (size_t i = 0; i < l.n; i++) {
        const feed_source *f = &l.feeds[i];
        FUZZ_CHECK(f->url != NULL && f->line > 0);
        FUZZ_CHECK(strncasecmp(f->url, "http://", 7) == 0 ||
                   strncasecmp(f->url, "https://", 8) == 0);
        FUZZ_CHECK(strpbrk(f->url, " \t\r\n") == NULL);
        if (f->title != NULL)
            FUZZ_CHECK(*f->title != '\0');
        if (f->category != NULL)
            FUZZ_CHECK(*f->category != '\0');
        for (size_t k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(l.feeds[k].url, f->url) != 0);
    }
    feed_list_clear(&l);
    return 0;
}
