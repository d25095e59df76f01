/*
 * feed_xml.h: a feed's bytes to an XML tree, as tolerant as the feeds
 * publishers really write: any encoding (UTF-16/32 too), HTML's named
 * entities without a DTD, stray "&", control characters, and markup
 * broken in one item that must not cost the others.
 */
#ifndef DOSSIER_FEED_XML_H
#define DOSSIER_FEED_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "charset.h"
#include "dossier/status.h"

/* The longest libxml2 message quoted. */
#define FEED_XML_MAX_QUOTED 160

/* One kind of repair made before parsing: how often, and where first. */
typedef struct feed_xml_repair {
    size_t n;
    long first_line;
    char first[48]; /* the first piece repaired, quoted in the warning */
} feed_xml_repair;

/* What reading the feed took, for the warnings the reader gives. */
typedef struct feed_xml_report {
    char label[40];          /* the encoding the feed or transport named;
                                "" when neither did */
    charset_report charset;  /* how the bytes were decoded */
    feed_xml_repair stray_amp;      /* "&" that starts no reference */
    feed_xml_repair stray_lt;       /* "<" that starts no tag ("a < b") */
    feed_xml_repair unknown_entity; /* "&name;" that names nothing */
    feed_xml_repair control;        /* characters XML forbids */
    size_t n_markup_entities; /* references to entities the feed declares
                                 with markup inside: left out */
    /* References to entities declared as text that were not expanded,
     * because together they would have added UNEXPANDED_BYTES to the
     * text, past the limit: left out. */
    size_t n_unexpanded_entities;
    size_t unexpanded_bytes;
    /* Not well-formed even after the repairs: read in libxml2's recovery
     * mode, which keeps what it can.  ERROR is libxml2's first message,
     * at ERROR_LINE (0: unknown). */
    bool is_recovered;
    /* Well-formed but for its namespaces (a prefix never declared): read
     * as it stands, ERROR saying what is wrong. */
    bool is_namespace_error;
    long error_line;
    char error[FEED_XML_MAX_QUOTED + 1];
} feed_xml_report;

/* Parses LEN bytes of DATA (named NAME in libxml2's messages).  The
 * encoding is the byte order mark's, else the XML declaration's, else
 * TRANSPORT_CHARSET (may be NULL), else UTF-8; a declaration the bytes
 * contradict (UTF-16 on one-byte text) is ignored.  HTML's named
 * entities are decoded unless the feed declares the name itself; an
 * entity the feed declares as plain text is expanded.  No DTD or
 * external entity is ever loaded.
 * Returns DOSSIER_OK with *DOC the tree (the caller frees it with
 * xmlFreeDoc) or NULL when nothing could be read (REPORT->error says
 * why); DOSSIER_ERR_NOMEM.  REPORT is always filled.  Thread-safe as
 * libxml2 is: the structured error handler is swapped during the call. */
dossier_status feed_xml_parse(const char *data, size_t len, const char *name,
                              const char *transport_charset, xmlDocPtr *doc,
                              feed_xml_report *report);

/* Copies at most FEED_XML_MAX_QUOTED bytes of S into OUT (that + 1
 * bytes), cut on a character boundary, control characters as spaces, so
 * that a quoted piece of input cannot break a message's line. */
void feed_xml_quote(char *out, const char *s);

#endif
