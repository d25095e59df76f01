/*
 * escape.h: text from the input made safe to print.  Every message of
 * dossier-index that may quote its input (a date, a language, an id, a
 * parser's error, a file name, a URL) goes through here, so that no byte
 * of an input file drives the terminal or breaks a message's line.
 */
#ifndef DOSSIER_ESCAPE_H
#define DOSSIER_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* The escaping: a C0 control (U+0000 to U+001F, the tab and the newline
 * included) and DEL as \xNN; a C1 control (U+0080 to U+009F, as valid
 * UTF-8) as \u00NN; each byte of what is not valid UTF-8 (a stray or
 * missing continuation byte, an overlong form, a surrogate, past
 * U+10FFFF) as \xNN; everything else, the backslash too, as it is.  The
 * result is printable, valid UTF-8, and escaping it again changes
 * nothing.  Hex digits are lower case. */

/* Escapes LEN bytes of S into DST, CAP bytes (CAP > 0), always
 * NUL-terminated; what does not fit is cut at a whole character or
 * escape.  Returns the length the whole escaped text has, as snprintf
 * does: a result of CAP or more means it was cut. */
size_t escape_text(char *dst, size_t cap, const char *s, size_t len);

/* Writes LEN bytes of S, escaped, to OUT. */
void escape_fwrite(FILE *out, const char *s, size_t len);

/* Writes the NUL-terminated S (NULL writes nothing), escaped, to OUT. */
void escape_fputs(FILE *out, const char *s);

/* Formats as printf does, escapes all of it, and writes it to OUT with a
 * newline: one message line whatever the arguments hold. */
void escape_message(FILE *out, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#endif
