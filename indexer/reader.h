/*
 * reader.h: what every input reader of dossier-index shares: where the
 * articles go and where the problems go.
 */
#ifndef DOSSIER_READER_H
#define DOSSIER_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/record.h"
#include "dossier/status.h"

typedef struct reader_sink {
    /* Receives each article read.  A belongs to the reader, which clears
     * it after the call (the callee may take a field by setting it to
     * NULL).  WHERE names the item for messages: "news.jsonl:12",
     * "feed.xml: item 3".  Returns DOSSIER_OK to go on; any other status
     * stops everything (a fatal error the callee has reported, or
     * DOSSIER_INTERRUPTED), and the reader returns it. */
    dossier_status (*article)(void *ctx, dossier_article *a,
                              const char *where);
    /* Receives each rejected item or problem in the input, which the
     * reader then skips: WHERE as above, REASON in plain words. */
    void (*reject)(void *ctx, const char *where, const char *reason);
    /* Receives each problem in an item that is kept all the same (a bad
     * date dropped, markup simplified), through reader_warn: never
     * counted as a rejection.  NULL: they go to REJECT. */
    void (*warn)(void *ctx, const char *where, const char *message);
    void *ctx;
    /* Articles whose text passes this many bytes are rejected. */
    size_t max_article_bytes;
    /* Language for articles that do not say (NULL: none). */
    const char *default_lang;
    /* The charset the transport declared (HTTP Content-Type), or NULL.
     * It applies only to a document that declares none itself: servers
     * label feeds with a default charset far more often than feeds
     * declare a wrong one. */
    const char *transport_charset;
    /* The address the input was read from, against which its relative
     * links resolve (after its own xml:base): a fetched feed's URL after
     * redirects, or its Content-Location resolved against that; what the
     * user gave for a file (--base-url).  NULL: none, and a link that is
     * relative is no link. */
    const char *base_url;
    /* What makes a feed's item ids that are not URIs ("12345") unique
     * beyond the feed: its URL as listed, or the file's address.  NULL:
     * the reader's NAME. */
    const char *id_scope;
} reader_sink;

/* Each reader parses LEN bytes of DATA, read from NAME (a path or URL,
 * used in WHERE), and hands every article to SINK.  Returns DOSSIER_OK
 * when the input was read to the end (some items may have been rejected,
 * each reported); DOSSIER_ERR_NOMEM; or what the sink returned when it
 * said stop.  A malformed input as a whole (not XML at all) is one
 * reject, and returns DOSSIER_OK. */
dossier_status read_feed(const char *data, size_t len, const char *name,
                         const reader_sink *sink);
dossier_status read_html(const char *data, size_t len, const char *name,
                         const reader_sink *sink);

/* Tells SINK of a problem in an item it still receives (its warn, else
 * its reject). */
void reader_warn(const reader_sink *sink, const char *where,
                 const char *message);

/* The primary subtag of a language tag, lower-cased, into OUT: "en-US"
 * gives "en".  Returns DOSSIER_OK, or DOSSIER_ERR_INVALID when TAG (may
 * be NULL) is no ISO 639 code. */
dossier_status reader_primary_subtag(const char *tag, char out[4]);

/* Offers TEXT (owned; NULL offers nothing) as A's publication date, for
 * readers with several candidates.  Whether it parsed: then A has its
 * date, *BAD is freed and NULL.  Otherwise TEXT becomes *BAD if that is
 * still NULL (the first bad date is the one reported), or is freed. */
bool reader_offer_date(dossier_article *a, char *text, char **bad);

/* Rewrites every text field of A so that C1 control characters that
 * Windows-1252 gives a meaning to are those characters (U+0092 becomes
 * U+2019): the text of a page labelled ISO-8859-1, or "&#146;", as a
 * browser shows it.  Returns DOSSIER_OK or DOSSIER_ERR_NOMEM. */
dossier_status reader_fix_c1(dossier_article *a);

#endif
