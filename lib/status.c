/*
 * status.c: dossier/status.h.
 */
#include "dossier/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *dossier_status_to_string(dossier_status status)
{
    switch (status) {
    case DOSSIER_OK: return "success";
    case DOSSIER_ERR_NOMEM: return "out of memory";
    case DOSSIER_ERR_IO: return "cannot read or write a file";
    case DOSSIER_ERR_INVALID: return "invalid argument";
    case DOSSIER_ERR_LANGUAGE: return "no stemmer for that language";
    case DOSSIER_ERR_INDEX: return "the index failed";
    case DOSSIER_ERR_LOCKED: return "another process is writing the index";
    case DOSSIER_ERR_MODIFIED: return "the index changed during the read";
    case DOSSIER_NOT_FOUND: return "not found";
    case DOSSIER_REFUSED: return "refused";
    case DOSSIER_INTERRUPTED: return "interrupted";
    case DOSSIER_ERR_NETWORK: return "a remote shard did not answer";
    case DOSSIER_ERR_LAST: break;
    }
    return "unknown status";
}

dossier_status dossier_fail(dossier_error *err, dossier_status status,
                            const char *format, ...)
{
    if (err == NULL)
        return status;
    err->status = status;
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(err->message, sizeof err->message, format, ap);
    va_end(ap);
    if (n >= (int)sizeof err->message) {
        /* Cut before a UTF-8 character that did not fit whole. */
        unsigned char *m = (unsigned char *)err->message;
        size_t end = sizeof err->message - 1, lead = end;
        while (lead > 0 && (m[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0) {
            unsigned char c = m[--lead];
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (lead + need > end)
                m[lead] = '\0';
        }
    }
    return status;
}

const char *dossier_error_message(const dossier_error *err)
{
    if (err == NULL)
        return dossier_status_to_string(DOSSIER_ERR_LAST);
    return err->message[0] ? err->message
                           : dossier_status_to_string(err->status);
}
