/*
 * normalize.h: the normalized form of one word.  Private to libdossier.
 */
#ifndef DOSSIER_NORMALIZE_H
#define DOSSIER_NORMALIZE_H

#include <stddef.h>

/* Writes the normalized form of the LEN bytes of WORD (valid UTF-8, no
 * separators) to OUT: NFKC, case folded, marks removed, typographic
 * apostrophes made "'"; dropping DROP_CHAR (a byte, e.g. '.' for dotted
 * acronyms, or 0 for none).  OUT has room for OUT_SIZE bytes, NUL
 * included.  Returns the length, or -1 when it does not fit (the word is
 * then too long to be a term). */
int normalize_word(const char *word, size_t len, char drop_char, char *out,
                   size_t out_size);

#endif
