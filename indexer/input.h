/*
 * input.h: opening an input file, telling its format, and handing it to
 * the right reader.
 */
#ifndef DOSSIER_INPUT_H
#define DOSSIER_INPUT_H

#include <stdint.h>
#include <zlib.h>

#include "reader.h"

typedef enum {
    INPUT_AUTO = 0,
    INPUT_JSONL,
    INPUT_FEED,
    INPUT_HTML,
    INPUT_TEXT
} input_format;

/* Parses "auto", "jsonl", "rss" (any feed), "html", "text".  Returns
 * DOSSIER_OK, or DOSSIER_ERR_INVALID for any other name. */
dossier_status input_format_parse(const char *name, input_format *out);

/* Where a running read is, for progress reports. */
typedef struct input_progress {
    uint64_t bytes_of_done_files; /* uncompressed bytes of the files read */
    gzFile current;               /* the file being read, or NULL */
    const char *name;             /* the name of the file being read, or
                                     last read (PATH of input_read) */
} input_progress;

/* Bytes of input consumed so far, uncompressed: the text the analyzer
 * works through, which a gzip file's compressed bytes tell badly (one
 * corpus compresses three times, another five). */
uint64_t input_progress_bytes(const input_progress *p);

/* The uncompressed size PATH will have, for a progress line's total: a
 * gzip file's own record of it (its last four bytes, exact under 4 GiB
 * for a file of one member), else its size.  0 when it cannot be told
 * (standard input, a file that cannot be read). */
uint64_t input_estimate_bytes(const char *path);

/* Reads PATH ("-" for standard input) in FORMAT (INPUT_AUTO: told from
 * the content, gzip undone first: JSON Lines when its first non-blank
 * byte is '{' or most lines of its first 4 KiB begin with one, a feed or
 * a page when it begins with markup, else JSON Lines when PATH ends in
 * .jsonl or .ndjson, gzip or not, else text) and hands its articles to
 * SINK.  Only text is ever refused as binary (a NUL byte or many control
 * characters in its first 4 KiB): the other formats have readers that
 * tell what is bad in them, a JSON line at a time.  A file that cannot be
 * opened or read, a binary file and a file too large for its format are
 * one reject each.  PROGRESS (may be NULL) is advanced
 * as the file is consumed.  Returns as the readers of reader.h do. */
dossier_status input_read(const char *path, input_format format,
                          const reader_sink *sink, input_progress *progress);

/* Reads the rest of IN, after the HEAD_LEN bytes already read into HEAD
 * (may be NULL when 0), into one new buffer the caller frees; gzip is
 * undone if IN was opened so.  NULL with errno set: EFBIG past MAX bytes,
 * EIO for a read error, ENOMEM. */
char *input_read_rest(gzFile in, const char *head, size_t head_len,
                      size_t max, size_t *len);

#endif
