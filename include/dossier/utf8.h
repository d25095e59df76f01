/*
 * dossier/utf8.h: making outside text valid UTF-8 before it is printed or
 * serialised.
 */
#ifndef DOSSIER_UTF8_PUBLIC_H
#define DOSSIER_UTF8_PUBLIC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns a new NUL-terminated copy of LEN bytes of S in which every
 * invalid UTF-8 sequence (and every NUL byte) is replaced by U+FFFD; its
 * length in *out_len (may be NULL).  The caller frees it.  NULL when
 * memory ran out.  Thread-safe. */
char *dossier_utf8_repair(const char *s, size_t len, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif
