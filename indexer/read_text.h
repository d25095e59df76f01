/*
 * read_text.h: the plain text reader.
 */
#ifndef DOSSIER_READ_TEXT_H
#define DOSSIER_READ_TEXT_H

#include "reader.h"

/* The first non-empty line of DATA is the title, the rest the body.
 * Returns as the readers of reader.h do. */
dossier_status read_text(const char *data, size_t len, const char *name,
                         const reader_sink *sink);

#endif
