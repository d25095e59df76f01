/*
 * read_text.h: the plain text reader.
 */
#ifndef DOSSIER_READ_TEXT_H
#define DOSSIER_READ_TEXT_H

#include "reader.h"

int read_text(const char *data, size_t len, const char *name,
              const reader_sink *sink);

#endif
