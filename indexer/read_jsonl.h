/*
 * read_jsonl.h: the JSON Lines reader (read_jsonl.c documents the schema).
 */
#ifndef DOSSIER_READ_JSONL_H
#define DOSSIER_READ_JSONL_H

#include <zlib.h>

#include "reader.h"

/* Reads articles line by line from the HEAD_LEN bytes of HEAD (what was
 * already read to tell the format) and then the rest of IN (gzip or
 * plain, zlib tells), named NAME in messages, streaming: memory stays
 * bounded by the longest line allowed, whatever the input's size.
 * Returns as the readers of reader.h do. */
dossier_status read_jsonl(const char *head, size_t head_len, gzFile in,
                          const char *name, const reader_sink *sink);

#endif
