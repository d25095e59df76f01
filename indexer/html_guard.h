/*
 * html_guard.h: bounds on the markup that libxml2's HTML parser is given,
 * applied in one linear pass over the bytes before it reads them.
 */
#ifndef DOSSIER_HTML_GUARD_H
#define DOSSIER_HTML_GUARD_H

#include <stddef.h>

/* Attributes kept on one tag.  libxml2 2.9 compares each attribute of a
 * tag with every one before it: 100,000 attributes cost it most of a
 * minute.  Real tags carry a few, SVG and framework markup some dozens;
 * 64 keeps them all and bounds the comparisons of a tag to about 2,000.
 * Past the bound, the first of each attribute the readers use (content,
 * property, name, class, id, href, rel, lang, datetime, charset,
 * http-equiv) is still kept. */
#define HTML_GUARD_MAX_ATTRIBUTES 64

/* Bytes kept of one attribute value, as written (before character
 * references are decoded).  Far more than any title, description, date,
 * URL or class list a page gives; what is longer is an inline image or
 * serialized script state, never article text, or a page built to be
 * slow.  An og:title cut here is still a title. */
#define HTML_GUARD_MAX_VALUE_BYTES 8192

/* Elements open at once.  libxml2 stops at 256 open elements and drops
 * the rest of the page; the deepest real pages nest less than half this.
 * Past it, start tags are dropped with as many end tags after them, and
 * the text between is kept. */
#define HTML_GUARD_MAX_DEPTH 200

/* The longest tag or attribute name quoted in a report. */
#define HTML_GUARD_NAME_QUOTED 32

/* What one pass cut.  Lines count from 1 in the input. */
typedef struct html_guard_report {
    size_t n_attributes_dropped;  /* past HTML_GUARD_MAX_ATTRIBUTES */
    size_t attributes_line;       /* of the first tag that lost some */
    char attributes_tag[HTML_GUARD_NAME_QUOTED];
    size_t n_values_cut;          /* to HTML_GUARD_MAX_VALUE_BYTES */
    size_t values_line;           /* of the first value cut */
    char values_tag[HTML_GUARD_NAME_QUOTED];
    char values_attribute[HTML_GUARD_NAME_QUOTED];
    size_t n_start_tags_dropped;  /* nested deeper than the bound */
    size_t n_end_tags_dropped;
    size_t nesting_line;          /* of the first start tag dropped */
} html_guard_report;

/* A copy of LEN bytes of HTML (any ASCII-compatible encoding; not UTF-16
 * or UTF-32) within the bounds above, read as libxml2 2.9 reads markup:
 * comments, processing instructions, DOCTYPE and the raw text of script
 * and style are copied as they are, and every start tag the parser would
 * read is bounded.  The end tags the parser would imply are written out;
 * a NUL byte becomes a space (libxml2 takes one inside a tag for the end
 * of the page).  Text is never dropped.
 *
 * Returns a new buffer the caller frees, NUL-terminated, of *OUT_LEN
 * bytes (at most 3 * LEN + 16), or NULL when memory ran out.  Fills
 * *REPORT (may be NULL) with what was cut.  Linear in LEN; thread-safe. */
char *html_guard(const char *html, size_t len, size_t *out_len,
                 html_guard_report *report);

/* Whether REPORT records any cut. */
int html_guard_has_cuts(const html_guard_report *report);

/* Writes one line saying what REPORT records as cut and where into BUF,
 * CAP > 0 bytes, always NUL-terminated, cut to fit.  The names it quotes
 * come from the input: the caller escapes the line where it prints it. */
void html_guard_describe(const html_guard_report *report, char *buf,
                         size_t cap);

#endif
