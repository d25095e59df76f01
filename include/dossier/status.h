/*
 * dossier/status.h: the status codes of libdossier.
 */
#ifndef DOSSIER_STATUS_H
#define DOSSIER_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DOSSIER_OK = 0,
    DOSSIER_ERR_NOMEM,    /* memory ran out */
    DOSSIER_ERR_IO,       /* a file could not be read (errno tells why) */
    DOSSIER_ERR_INVALID,  /* a bad argument, e.g. input over 4 GiB */
    DOSSIER_ERR_LANGUAGE, /* no Snowball stemmer for that language */
    DOSSIER_ERR_LAST
} dossier_status;

/* A static English description of STATUS.  Never NULL.  Thread-safe. */
const char *dossier_status_to_string(dossier_status status);

/* Receives one problem found in input that is otherwise processed: WHERE
 * names the place ("entities.tsv:12"), MESSAGE says what is wrong.  Both
 * are valid only during the call. */
typedef void (*dossier_warning_fn)(void *ctx, const char *where,
                                   const char *message);

#ifdef __cplusplus
}
#endif

#endif
