/*
 * html_text.h: HTML to plain text, for feed item bodies and pages.
 */
#ifndef DOSSIER_HTML_TEXT_H
#define DOSSIER_HTML_TEXT_H

#include <stddef.h>

/* Reduces LEN bytes of HTML (a fragment or a whole page) to plain UTF-8
 * text: tags dropped, character references decoded, the content of
 * script, style, noscript, template, svg and iframe dropped, block
 * elements (p, div, h1-h6, li, br, blockquote, tr, ...) separating
 * paragraphs with "\n\n", other white space collapsed to one space, no
 * leading or trailing space.  Markup past html_guard's bounds (attributes
 * of a tag, bytes of a value, nesting depth) is cut before parsing,
 * without a message; the text is kept.  Never fetches anything.  Returns
 * a new string the caller frees, with its length in *out_len (may be
 * NULL), or NULL when memory ran out. */
char *html_to_text(const char *html, size_t len, size_t *out_len);

#endif
