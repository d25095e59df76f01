/*
 * fs.c: file system helpers of the indexer.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "fs.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

bool is_empty_folder(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

void first_line(const char *path, char *line, size_t size)
{
    FILE *f = fopen(path, "r");
    line[0] = '\0';
    if (f != NULL) {
        if (fgets(line, (int)size, f) == NULL)
            line[0] = '\0';
        fclose(f);
    }
}
