/*
 * dossier/utf8.h: making outside text valid UTF-8 before it is printed or
 * serialised.
 */
#ifndef DOSSIER_UTF8_PUBLIC_H
#define DOSSIER_UTF8_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns a new NUL-terminated copy of LEN bytes of S in which every
 * invalid UTF-8 sequence (and every NUL byte) is replaced by U+FFFD; its
 * length in *out_len (may be NULL).  The caller frees it.  NULL when
 * memory ran out.  Thread-safe. */
char *dossier_utf8_repair(const char *s, size_t len, size_t *out_len);

/* The length of the valid UTF-8 sequence at S[I] (I < LEN), its code
 * point in *CP; 0 when the byte at S[I] begins none (stray, truncated,
 * overlong, a surrogate, past U+10FFFF).  Thread-safe. */
size_t dossier_utf8_sequence(const char *s, size_t len, size_t i,
                             uint32_t *cp);

/* Writes code point CP (at most U+10FFFF, not a surrogate) as UTF-8 into
 * OUT, which has room for 4 bytes; returns the length.  Thread-safe. */
size_t dossier_utf8_encode(uint32_t cp, char out[4]);

#ifdef __cplusplus
}
#endif

#endif
