/*
 * disk_full.c: full disks (see disk_full.h).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "disk_full.h"

#include <ftw.h>
#include <string.h>
#include <sys/statvfs.h>

/* strerror's words for ENOSPC and EDQUOT, as glibc writes them in the C
 * locale, which dossier-index never leaves.  Literals rather than
 * strerror(), which is not thread-safe. */
static const char *const full_words[] = {
    "No space left on device",
    "Disk quota exceeded",
};

bool disk_full_error(const char *text)
{
    for (size_t i = 0; text && i < sizeof full_words / sizeof *full_words;
         i++)
        if (strstr(text, full_words[i]))
            return true;
    return false;
}

/* An index written in batches takes 3.3 (Reuters-21578) to 4.9 (short
 * generated articles) times its stored records; twice that leaves room
 * for the blocks Xapian copies on write.  A megabyte more for the tables'
 * roots and the version file. */
#define COMMIT_FACTOR 8
#define COMMIT_FLOOR (1u << 20)

uint64_t disk_full_commit_bytes(uint64_t record_bytes)
{
    return COMMIT_FLOOR + COMMIT_FACTOR * record_bytes;
}

uint64_t disk_full_merge_bytes(uint64_t shard_bytes)
{
    /* Measured on 20,000 short articles, three quarters of them in
     * clusters: shards of 25.9 MB compacted to 17.7 MB, which the marks
     * grew to 25.5 MB (a compacted index's blocks are full: any change
     * splits them).  One and a half times the shards covers that. */
    return COMMIT_FLOOR + shard_bytes + shard_bytes / 2;
}

/* nftw has no context: the sum is per thread. */
static _Thread_local uint64_t tree_sum;

static int add_entry(const char *path, const struct stat *st, int flag,
                     struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F)
        tree_sum += (uint64_t)st->st_blocks * 512;
    return 0;
}

uint64_t disk_full_tree_bytes(const char *dir)
{
    tree_sum = 0;
    if (nftw(dir, add_entry, 16, FTW_PHYS) != 0)
        return 0;
    return tree_sum;
}

/* Whether the free bytes for an unprivileged writer on the file system
 * of DIR are known: then they are in *AVAILABLE. */
static bool free_bytes(const char *dir, uint64_t *available)
{
    struct statvfs fs;
    if (statvfs(dir, &fs) != 0)
        return false;
    uint64_t unit = fs.f_frsize ? fs.f_frsize : fs.f_bsize;
    *available = (uint64_t)fs.f_bavail * unit;
    return true;
}

bool disk_full_is_full(const char *dir)
{
    uint64_t available;
    return free_bytes(dir, &available) && available < COMMIT_FLOOR;
}

dossier_status disk_full_check_room(const char *dir, uint64_t needed,
                                    dossier_error *err)
{
    uint64_t available;
    if (!free_bytes(dir, &available) || available >= needed)
        return DOSSIER_OK;
    return dossier_fail(err, DOSSIER_ERR_IO,
                        "%s: %.1f MB free, and the next write may need "
                        "%.1f MB: %s",
                        dir, (double)available / 1e6, (double)needed / 1e6,
                        full_words[0]);
}
