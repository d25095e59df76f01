/*
 * compact_cmd.c: `dossier-index --db SOURCE --compact DEST`: one compacted
 * index of an index, or of every shard of an archive, with what a Dossier
 * index keeps beside Xapian's tables.
 */
#define _POSIX_C_SOURCE 200809L
#include "compact_cmd.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dossier/paths.h"
#include "dossier/stub.h"
#include "escape.h"
#include "fs.h"
#include "index_cmd.h"
#include "xapian-c.h"

/* Bytes of Xapian's tables in DIR (the images beside them aside). */
static uint64_t folder_bytes(const char *dir)
{
    uint64_t total = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[4096];
        struct stat st;
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = strlen(e->d_name);
        if (n > 0 && (size_t)n < sizeof path && len > 6 &&
            strcmp(e->d_name + len - 6, ".glass") == 0 &&
            stat(path, &st) == 0 && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
    }
    closedir(d);
    return total;
}

/* Copies the file FROM to TO.  Returns 0, or -1 with errno. */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (in == NULL)
        return -1;
    FILE *out = fopen(to, "wb");
    if (out == NULL) {
        int e = errno;
        fclose(in);
        errno = e;
        return -1;
    }
    char buf[1 << 16];
    size_t n;
    int failed = 0;
    while (!failed && (n = fread(buf, 1, sizeof buf, in)) > 0)
        failed = fwrite(buf, 1, n, out) != n;
    failed |= ferror(in);
    int e = errno;
    fclose(in);
    failed |= fclose(out) != 0;
    if (failed) {
        remove(to);
        errno = e ? e : EIO;
        return -1;
    }
    return 0;
}

int compact_command(const char *program, const char *source,
                    const char *dest)
{
    struct stat st;
    if (stat(dest, &st) == 0) {
        escape_message(stderr, "%s: %s exists: --compact writes a new index",
                       program, dest);
        return 2;
    }
    /* The sources: the index, or the shards of the archive, all on this
     * machine. */
    char stub_path[4096];
    const char *stub = dossier_is_stub(source) ? source
                       : dossier_archive_stub(source, stub_path,
                                              sizeof stub_path)
                           ? stub_path
                           : NULL;
    dossier_stub shards = {0};
    const char **paths = NULL;
    size_t n = 1;
    int status = 2;
    if (stub != NULL) {
        dossier_error err;
        if (dossier_stub_read(stub, &shards, &err) != DOSSIER_OK) {
            escape_message(stderr, "%s: %s", program,
                           dossier_error_message(&err));
            return 2;
        }
        n = shards.n_shards;
    }
    paths = calloc(n, sizeof *paths);
    if (paths == NULL) {
        escape_message(stderr, "%s: out of memory", program);
        goto done;
    }
    uint64_t before = 0;
    for (size_t i = 0; i < n; i++) {
        if (stub == NULL) {
            paths[i] = source;
        } else if (shards.shards[i].is_remote) {
            escape_message(stderr,
                           "%s: %s:%u: remote %s: compact on the machine "
                           "that holds the shard",
                           program, stub, shards.shards[i].line,
                           shards.shards[i].name);
            goto done;
        } else {
            paths[i] = shards.shards[i].path;
        }
        before += folder_bytes(paths[i]);
    }
    if (xc_compact(paths, n, dest, XC_COMPACT_MULTIPASS) !=
        XC_STATUS_SUCCESS) {
        escape_message(stderr, "%s: cannot compact %s into %s: %s", program,
                       source, dest, xc_thread_last_error());
        remove_tree(dest);
        goto done;
    }
    /* The gazetteer's image travels with the index: searches load it in a
     * quarter of the time, and read it when no gazetteer is installed.
     * An archive keeps it in its folder, a stub file's shards in each. */
    char image[4096], image_to[4096];
    const char *image_dir = stub == source ? paths[0] : source;
    if (dossier_gazetteer_image_path(image_dir, image, sizeof image) ==
            DOSSIER_OK &&
        dossier_gazetteer_image_path(dest, image_to, sizeof image_to) ==
            DOSSIER_OK &&
        stat(image, &st) == 0 && copy_file(image, image_to) != 0)
        escape_message(stderr, "%s: warning: cannot copy %s: %s", program,
                       image, strerror(errno));
    /* The facet image numbers this index's documents: made anew. */
    index_save_facet_image(program, dest);
    xc_db *db = NULL;
    uint32_t docs = 0;
    if (xc_db_open_readonly(dest, &db) == XC_STATUS_SUCCESS)
        xc_db_doc_count(db, &docs);
    xc_db_destroy(db);
    escape_message(stderr,
                   "%s: %zu %s of %s compacted into %s: %u articles, tables "
                   "of %.1f MB (from %.1f MB)",
                   program, n, n == 1 ? "index" : "shards", source, dest,
                   (unsigned)docs, (double)folder_bytes(dest) / 1e6,
                   (double)before / 1e6);
    status = 0;
done:
    free(paths);
    dossier_stub_clear(&shards);
    return status;
}
