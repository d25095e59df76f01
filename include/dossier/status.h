/*
 * dossier/status.h: how every layer above libxapian-c says what happened.
 *
 * One shape, as notmuch's: a function that can fail returns a
 * dossier_status, and when it has more to say than the status (which
 * file, which article, what the index said) it takes a dossier_error *ERR
 * that it fills.  DOSSIER_OK is 0; the DOSSIER_ERR_* codes are failures;
 * DOSSIER_NOT_FOUND, DOSSIER_REFUSED and DOSSIER_INTERRUPTED are outcomes
 * a caller expects and handles (no article with that id, a query over the
 * cap, a signal), never a crash of ours.  A predicate returns bool; a
 * function that builds a string or object returns it or NULL (memory ran
 * out); one that writes into the caller's buffer returns the length it
 * wrote, or -1 when that does not fit (as snprintf).  The programs' main
 * functions (and the commands they run: index_command, fetch_command,
 * analyze_command) alone turn statuses into exit statuses.  libxapian-c
 * keeps its own xc_status (xapian-c.h).
 */
#ifndef DOSSIER_STATUS_H
#define DOSSIER_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DOSSIER_OK = 0,
    DOSSIER_ERR_NOMEM,    /* memory ran out */
    DOSSIER_ERR_IO,       /* a file could not be read or written */
    DOSSIER_ERR_INVALID,  /* a bad argument or setting, e.g. input over
                             4 GiB, "--limit 0" */
    DOSSIER_ERR_LANGUAGE, /* no Snowball stemmer for that language */
    DOSSIER_ERR_INDEX,    /* the index could not be opened, read or
                             written */
    DOSSIER_ERR_LOCKED,   /* another process is writing the index */
    DOSSIER_ERR_MODIFIED, /* a writer moved the index on during a read:
                             reopen it and try again */
    DOSSIER_NOT_FOUND,    /* what was asked for is not there: an article
                             id, an index, a metadata entry */
    DOSSIER_REFUSED,      /* the input as given is refused, and nothing was
                             done with it (a query over the cap, a query
                             with an error): the message or the warnings
                             say why */
    DOSSIER_INTERRUPTED,  /* stopped on request (a signal); what was done
                             is kept */
    DOSSIER_ERR_NETWORK,  /* a remote shard did not answer in time; when
                             no shard of an archive does, the search
                             fails with it */
    DOSSIER_ERR_LAST
} dossier_status;

/* A static English description of STATUS.  Never NULL.  Thread-safe. */
const char *dossier_status_to_string(dossier_status status);

/* What a failed call has to say beyond its status, for a person: "cannot
 * open index /srv/x: ...".  The caller's (often on its stack); the callee
 * fills it only when it returns a status other than DOSSIER_OK. */
typedef struct dossier_error {
    dossier_status status;
    char message[512];
} dossier_error;

/* Records STATUS and the printf-style message in ERR (may be NULL), and
 * returns STATUS, so that a failure is one statement:
 *     return dossier_fail(err, DOSSIER_ERR_INDEX, "cannot open %s: %s", ...);
 * A message longer than dossier_error.message is cut (at a UTF-8
 * character boundary). */
dossier_status dossier_fail(dossier_error *err, dossier_status status,
                            const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ERR's message, or its status's description when it has none.  Never
 * NULL. */
const char *dossier_error_message(const dossier_error *err);

/* Receives one problem found in input that is otherwise processed: WHERE
 * names the place ("entities.tsv:12"), MESSAGE says what is wrong.  Both
 * are valid only during the call. */
typedef void (*dossier_warning_fn)(void *ctx, const char *where,
                                   const char *message);

#ifdef __cplusplus
}
#endif

#endif
