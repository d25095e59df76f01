/*
 * spelling.h: British to American spelling, so that "defence" and
 * "defense" index alike, and back, so that a query finds the names that
 * keep their British spelling (analyzer.h).  The list is
 * lib/spelling_gb_us.tsv, compiled in.  Private to libdossier.
 */
#ifndef DOSSIER_SPELLING_H
#define DOSSIER_SPELLING_H

#include <stddef.h>

/* The American form of the normalized English word WORD (LEN bytes), or
 * NULL when it has no British spelling.  Static.  Thread-safe. */
const char *spelling_to_american(const char *word, size_t len);

/* The British forms whose American form is the normalized English word
 * WORD (LEN bytes): writes at most MAX of them to OUT and returns how many
 * ("tire" -> "tyre"; "defense" -> "defence"; 0 for a word with no British
 * form).  The strings are static.  Thread-safe. */
size_t spelling_to_british(const char *word, size_t len, const char **out,
                           size_t max);

/* The first byte of WORD's American form (LEN > 0 bytes): WORD's own
 * first byte but for a few respellings ("aeon" -> "eon"). */
char spelling_first_byte(const char *word, size_t len);

#endif
