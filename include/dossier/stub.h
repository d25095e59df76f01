/*
 * dossier/stub.h: the shards of an archive, read from a Xapian stub
 * database file.
 *
 * An archive too large for one index is several Xapian databases (shards)
 * joined by a stub file, a text file Xapian itself reads: one shard per
 * line, "auto PATH" (also "glass PATH" or "chert PATH"; PATH relative to
 * the stub's folder) or "remote HOST:PORT" (a xapian-tcpsrv; HOST may be
 * empty, for localhost), with '#' comments and blank lines ignored.
 * Reading it here, rather than leaving it to Xapian, lets a search open
 * each shard on its own, with a timeout, and go on without one that does
 * not answer.  Lines of other kinds (a "remote" program, "inmemory") are
 * not shards this reader knows: dossier_stub_read then says so, and the
 * caller leaves the whole stub to Xapian.
 *
 * Thread-safety: none needed; a dossier_stub is its owner's.
 */
#ifndef DOSSIER_STUB_H
#define DOSSIER_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/status.h"

typedef struct dossier_shard {
    bool is_remote;
    char *path;      /* a local shard: resolved against the stub's folder */
    char *host;      /* a remote shard: "127.0.0.1" for an empty host */
    unsigned port;
    unsigned line;   /* in the stub file, for messages */
    char *name;      /* as written after the keyword, for messages */
} dossier_shard;

typedef struct dossier_stub {
    dossier_shard *shards;
    size_t n_shards;
} dossier_stub;

/* The stub of an archive folder that dossier-index --shard-by writes: its
 * shards are folders beside it, named by period ("1987", "1987-03",
 * "undated"), and its first line says how it is split.  Xapian itself
 * takes a folder holding a stub of this name for the database the stub
 * describes: the archive folder is a database for Xapian's tools too
 * (xapian-delve, quest, xapian-compact, which merges the shards). */
#define DOSSIER_ARCHIVE_STUB "XAPIANDB"

/* Whether PATH is a stub file rather than a database folder: a regular
 * file.  False when it cannot be examined. */
bool dossier_is_stub(const char *path);

/* Whether PATH is an archive folder (it holds DOSSIER_ARCHIVE_STUB), and
 * then its stub's path into OUT (OUT_SIZE bytes).  False also when the
 * path does not fit. */
bool dossier_archive_stub(const char *path, char *out, size_t out_size);

/* Reads the stub file at PATH into *OUT (dossier_stub_clear it after any
 * status).  Returns DOSSIER_OK; DOSSIER_ERR_IO when it cannot be read;
 * DOSSIER_REFUSED when a line is of a kind this reader does not know (a
 * remote program, inmemory) or malformed (a port out of range): ERR
 * names the stub and the line; DOSSIER_ERR_INVALID for a stub with no
 * shard; DOSSIER_ERR_NOMEM. */
dossier_status dossier_stub_read(const char *path, dossier_stub *out,
                                 dossier_error *err);

void dossier_stub_clear(dossier_stub *stub);

#endif
