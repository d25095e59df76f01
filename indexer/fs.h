/*
 * fs.h: file system helpers of the indexer.
 */
#ifndef DOSSIER_FS_H
#define DOSSIER_FS_H

#include <stdbool.h>
#include <stddef.h>

/* Removes DIR and everything in it, not following links; a missing DIR is
 * no error.  Best effort: what cannot be removed stays. */
void remove_tree(const char *dir);

/* Whether PATH is a folder that holds nothing. */
bool is_empty_folder(const char *path);

/* The first line of the file at PATH into LINE (SIZE bytes, its newline
 * kept; "" when the file cannot be read). */
void first_line(const char *path, char *line, size_t size);

#endif
