/*
 * dossier/url.h: canonical article URLs, so that one story reached by
 * several links is one document.
 */
#ifndef DOSSIER_URL_H
#define DOSSIER_URL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the canonical form of URL to OUT (OUT_SIZE bytes, NUL included):
 * scheme and host lower-cased; the default port (:80 for http, :443 for
 * https) removed; an empty path made "/"; the fragment removed; tracking
 * parameters removed from the query (utm_*, fbclid, gclid, dclid, msclkid,
 * mc_cid, mc_eid, yclid, igshid, _ga, ref_src, cmpid, ocid, smid, sr_share,
 * CMP) keeping the others in their order; a query left empty removed.
 * Percent-encoding, path case and trailing slashes are kept as they are
 * (servers differ on them).  Only http and https URLs with a host are
 * accepted.  Returns the length written, or -1 when URL is not such a URL
 * or does not fit. */
int dossier_canonical_url(const char *url, char *out, size_t out_size);

/* Resolves the URI reference REF against BASE as RFC 3986 section 5.2
 * says (strict: a reference with a scheme is absolute), removing dot
 * segments, into OUT (OUT_SIZE bytes, NUL included).  White space around
 * REF is ignored; nothing is decoded or re-encoded.  BASE may be NULL.
 * Returns the length written, or -1 when REF is relative and BASE is
 * NULL or not absolute, or the result does not fit.  Thread-safe. */
int dossier_url_resolve(const char *base, const char *ref, char *out,
                        size_t out_size);

/* Whether S (may be NULL) starts with a scheme, "name:" as RFC 3986
 * spells one: an absolute URI, not a reference to resolve. */
bool dossier_url_is_absolute(const char *s);

#ifdef __cplusplus
}
#endif

#endif
