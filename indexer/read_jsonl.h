/*
 * read_jsonl.h: the JSON Lines reader (read_jsonl.c documents the schema).
 */
#ifndef DOSSIER_READ_JSONL_H
#define DOSSIER_READ_JSONL_H

#include <zlib.h>

#include "reader.h"

/* Reads articles line by line from IN (gzip or plain, zlib tells), named
 * NAME in messages, streaming: memory stays bounded by the longest line
 * allowed.  Returns as the readers of reader.h do. */
int read_jsonl(gzFile in, const char *name, const reader_sink *sink);

#endif
