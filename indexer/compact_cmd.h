/*
 * compact_cmd.h: `dossier-index --db SOURCE --compact DEST`.
 */
#ifndef DOSSIER_COMPACT_CMD_H
#define DOSSIER_COMPACT_CMD_H

/* Writes at DEST (which must not exist) one compacted index of SOURCE: an
 * index, or every shard of an archive (a folder dossier-index --shard-by
 * wrote, or a stub file of local shards) merged in the stub's order, as
 * xapian-compact merges databases (document ids renumbered to follow one
 * another).  The gazetteer's image goes along, and the facet image is
 * made for the new index.  SOURCE is left as it is.  Messages go to stderr
 * prefixed with PROGRAM.  Returns the exit status: 0, or 2. */
int compact_command(const char *program, const char *source,
                    const char *dest);

#endif
