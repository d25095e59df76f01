/*
 * replicate_cmd.h: `dossier-index --replicate HOST:PORT[/NAME] --db
 * REPLICA`: a read replica of an index or an archive that
 * xapian-replicate-server publishes, kept current by xapian-replicate.
 *
 * Xapian replicates one database at a time, and a replica receives
 * databases, not the files beside them.  So for an archive this command
 * replicates its shard "meta" first, reads there which shards the archive
 * has (DOSSIER_META_ARCHIVE_SHARDS), replicates each into a folder of the
 * same name, and only then writes the replica's stub, listing the shards
 * that have arrived.  Xapian applies each shard's commits whole (a search
 * sees a commit once it is replicated, never part of one); a search of
 * the replica meanwhile may see one shard's newer commit before
 * another's, as on the master while dossier-index writes.  The gazetteer
 * comes in the index's metadata (DOSSIER_META_GAZETTEER_TSV), from which
 * the replica's gazetteer image is made.
 *
 * The master keeps changesets when dossier-index runs with
 * XAPIAN_MAX_CHANGESETS set; without them each round copies every
 * changed shard whole.
 */
#ifndef DOSSIER_REPLICATE_CMD_H
#define DOSSIER_REPLICATE_CMD_H

typedef struct replicate_options {
    const char *master;    /* "HOST:PORT" (the server publishes the index
                              or archive itself) or "HOST:PORT/NAME" */
    const char *replica;   /* the replica's folder */
    unsigned interval;     /* seconds between two rounds */
    unsigned timeout;      /* seconds a silent master is waited for */
    int is_once;           /* one round, then exit */
    int is_quiet;          /* errors only */
} replicate_options;

/* What the stub at STUB_PATH says its folder is, from its first line: a
 * replica of an archive (written here), of one index (Xapian's own stub
 * of a replica), or neither (REPLICA_NONE, also when it cannot be
 * read).  A replica is never indexed into, nor made over anything else. */
typedef enum { REPLICA_NONE, REPLICA_OF_INDEX, REPLICA_OF_ARCHIVE } replica_kind;
replica_kind replica_stub_kind(const char *stub_path);

/* Replicates in rounds until SIGINT or SIGTERM (or once).  Messages go
 * to stderr prefixed with PROGRAM.  Returns the exit status: 0; 1 when
 * the last round left some shard behind (named); 2 when nothing could be
 * replicated, or on bad arguments. */
int replicate_command(const char *program, const replicate_options *o);

#endif
