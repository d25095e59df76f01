/*
 * tokenize.h: splitting text into tokens, with spans, positions, flags,
 * normalized forms and sentences.  Private to libdossier.
 */
#ifndef DOSSIER_TOKENIZE_H
#define DOSSIER_TOKENIZE_H

#include <stddef.h>

#include "analysis.h"

/* Options of tokenize(). */
enum {
    /* A case ending after an apostrophe on a name is no part of it, as a
     * possessive's 's is not ("Ankara'da" is Ankara): Turkish and
     * Azerbaijani (tokenize_flags). */
    TOKENIZE_NAME_SUFFIXES = 1u << 0
};

/* The options for text in language LANG (NULL: English). */
unsigned tokenize_flags(const char *lang);

/* Appends the tokens and sentences of LEN bytes of TEXT to RES (which the
 * caller has reset), with the options FLAGS (TOKENIZE_*); each token gets
 * its norm (term_off left at the norm).  Returns 0, or -1 when memory ran
 * out. */
int tokenize(const char *text, size_t len, unsigned flags,
             dossier_analysis *res);

#endif
