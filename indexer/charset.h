/*
 * charset.h: outside text turned into UTF-8 the way browsers read it.
 *
 * Publishers label Windows-1252 text as ISO-8859-1 (or as nothing), write
 * its punctuation as "&#146;", and serve UTF-16 files.  Browsers and
 * HTML5 read ISO-8859-1 and US-ASCII labels as Windows-1252, and so do
 * these functions; what cannot be decoded is counted, never dropped.
 * All functions are thread-safe.
 */
#ifndef DOSSIER_CHARSET_H
#define DOSSIER_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

/* What decoding found, for the warning the caller gives. */
typedef struct charset_report {
    char used[40];          /* the encoding read, "UTF-8", "windows-1252" */
    size_t n_fallback;      /* bytes of invalid UTF-8 read as Windows-1252 */
    size_t n_replaced;      /* invalid sequences (and NULs): U+FFFD */
    long first_bad_line;    /* line of the first of those; 0: none */
    bool is_unknown_label;  /* the label named no encoding: UTF-8 used */
} charset_report;

/* The encoding of a document in UTF-16 or UTF-32, told by its byte order
 * mark or by "<" (of "<?xml" or a root element) written in it: "UTF-16LE",
 * "UTF-16BE", "UTF-32LE" or "UTF-32BE"; NULL when it is none of those. */
const char *charset_wide(const char *data, size_t len);

/* Decodes LEN bytes of DATA, in the encoding LABEL names (NULL: UTF-8;
 * case and "_" or "-" do not matter), into a new NUL-terminated UTF-8
 * string, without a byte order mark; its length in *OUT_LEN.  UTF-8 input
 * keeps its valid sequences and reads each invalid byte as Windows-1252
 * (the usual mix-up); ISO-8859-1, US-ASCII and Windows-1252 are read as
 * Windows-1252; other encodings through iconv, a byte it refuses becoming
 * U+FFFD.  NUL bytes become U+FFFD too.  REPORT says what happened.
 * Returns NULL only when memory ran out.  The caller frees the string. */
char *charset_to_utf8(const char *data, size_t len, const char *label,
                      size_t *out_len, charset_report *report);

/* Whether LABEL names UTF-16 or UTF-32 (any byte order). */
bool charset_is_wide_label(const char *label);

/* S (NUL-terminated UTF-8) with each C1 control character U+0080-U+009F
 * that Windows-1252 gives a meaning to replaced by that character (U+0092
 * becomes U+2019), as HTML5 reads "&#146;": a new string the caller frees,
 * or NULL when memory ran out.  *N_MAPPED (may be NULL) gets the count. */
char *charset_map_c1(const char *s, size_t *n_mapped);

#endif
