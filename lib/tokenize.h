/*
 * tokenize.h: splitting text into tokens, with spans, positions, flags,
 * normalized forms and sentences.  Private to libdossier.
 */
#ifndef DOSSIER_TOKENIZE_H
#define DOSSIER_TOKENIZE_H

#include <stddef.h>

#include "analysis.h"

/* Appends the tokens and sentences of LEN bytes of TEXT to RES (which the
 * caller has reset); each token gets its norm (term_off left at the norm).
 * Returns 0, or -1 when memory ran out. */
int tokenize(const char *text, size_t len, dossier_analysis *res);

#endif
