/*
 * dossier/gazetteer.h: the entity gazetteer: canonical entities, their
 * types and aliases, loaded from a TSV file (feeds/entities.tsv documents
 * the format).
 *
 * A gazetteer is immutable once loaded: one instance may be shared by any
 * number of analyzers in any number of threads.
 */
#ifndef DOSSIER_GAZETTEER_H
#define DOSSIER_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    DOSSIER_ENTITY_COUNTRY = 0,
    DOSSIER_ENTITY_PLACE,
    DOSSIER_ENTITY_ORGANISATION,
    DOSSIER_ENTITY_MILITARY,
    DOSSIER_ENTITY_GOVERNMENT,
    DOSSIER_ENTITY_INTELLIGENCE,
    DOSSIER_ENTITY_COMPANY,
    DOSSIER_ENTITY_THREAT_ACTOR,
    DOSSIER_ENTITY_PERSON,
    DOSSIER_ENTITY_MEDIA,
    DOSSIER_ENTITY_ALLIANCE,
    DOSSIER_ENTITY_TYPE_COUNT
} dossier_entity_type;

/* The type's name as written in the gazetteer ("threat-actor").  Static;
 * "unknown" for a value out of range. */
const char *dossier_entity_type_name(dossier_entity_type type);

/* Parses a type name: DOSSIER_OK and *TYPE set, or DOSSIER_ERR_INVALID. */
dossier_status dossier_entity_type_parse(const char *name,
                                         dossier_entity_type *type);

typedef struct dossier_entity {
    const char *id;   /* canonical id: [a-z0-9-]+ */
    const char *name; /* display name */
    dossier_entity_type type;
    uint32_t index;   /* 0 .. count-1, in file order */
} dossier_entity;

typedef struct dossier_gazetteer dossier_gazetteer;

/* Loads the gazetteer at PATH.  A malformed line (wrong field count, bad
 * id or type, duplicate id) is reported through WARN (may be NULL) with
 * "PATH:LINE" and skipped; an alias already claimed by another entity is
 * reported and ignored.  *out belongs to the caller (dossier_gazetteer_free).
 * Returns DOSSIER_ERR_IO (errno set) or DOSSIER_ERR_NOMEM. */
dossier_status dossier_gazetteer_load(const char *path,
                                      dossier_warning_fn warn, void *ctx,
                                      dossier_gazetteer **out);

/* The same from LEN bytes of TEXT; NAME is used in warnings. */
dossier_status dossier_gazetteer_parse(const char *text, size_t len,
                                       const char *name,
                                       dossier_warning_fn warn, void *ctx,
                                       dossier_gazetteer **out);

/* Writes GAZ compiled to PATH, for dossier_gazetteer_load_cached(): a
 * programme run once a request (the CGI) loads it about 4x faster than
 * it parses the TSV.  The file is written to a temporary file of the
 * process's own (PATH.PID.tmp), then renamed, so readers see the old
 * image or the new one, and writers at once do not mix their bytes.  The image is for this build
 * on this machine (native byte order), not an exchange format.  Returns
 * DOSSIER_ERR_IO (errno set) or DOSSIER_ERR_NOMEM.  Thread-safe. */
dossier_status dossier_gazetteer_save_image(const dossier_gazetteer *gaz,
                                            const char *path);

/* As dossier_gazetteer_load(PATH), but takes the image at IMAGE_PATH when
 * it was compiled from PATH's present bytes (the same version) by this
 * build.  A missing, stale or corrupt image is ignored and PATH parsed;
 * every offset in an image is checked before use.  Warnings about PATH's
 * lines are reported only when it is parsed (dossier-index reports them
 * when it writes the image).  *IS_IMAGE (may be NULL) tells which way it
 * went. */
dossier_status dossier_gazetteer_load_cached(const char *path,
                                             const char *image_path,
                                             dossier_warning_fn warn,
                                             void *ctx, int *is_image,
                                             dossier_gazetteer **out);

/* The image at IMAGE_PATH alone, without its TSV, when this build compiled
 * it from a gazetteer of VERSION (dossier_gazetteer_version(), as an
 * index records it): how a program searches an index whose TSV is not
 * where it runs.  Every offset is checked as for load_cached.  Returns
 * DOSSIER_OK; DOSSIER_NOT_FOUND when there is no such image, or it is
 * of another version, build or machine, or corrupt; DOSSIER_ERR_INVALID.
 * *OUT belongs to the caller (dossier_gazetteer_free).  Thread-safe. */
dossier_status dossier_gazetteer_load_image(const char *image_path,
                                            const char *version,
                                            dossier_gazetteer **out);

/* The text of the TSV at PATH into *TEXT (malloc'd, NUL-terminated,
 * *LEN bytes without the NUL) when it is still the text GAZ was loaded
 * from (the same version): what an index keeps of its gazetteer
 * (DOSSIER_META_GAZETTEER_TSV).  Returns DOSSIER_OK; DOSSIER_NOT_FOUND
 * when the file changed since GAZ was loaded, or holds a NUL byte;
 * DOSSIER_ERR_IO (errno set); DOSSIER_ERR_NOMEM.  Thread-safe. */
dossier_status dossier_gazetteer_read_text(const char *path,
                                           const dossier_gazetteer *gaz,
                                           char **text, size_t *len);

void dossier_gazetteer_free(dossier_gazetteer *gaz);

size_t dossier_gazetteer_count(const dossier_gazetteer *gaz);

/* Entity I (0-based), or NULL past the end.  Owned by GAZ. */
const dossier_entity *dossier_gazetteer_entity(const dossier_gazetteer *gaz,
                                               size_t i);

/* The entity whose id, display name or alias is NAME, compared after the
 * analyzer's normalization (case, accents, apostrophes), so "pla",
 * "PLA" and "People's Liberation Army" all find the PLA.  NULL if none. */
const dossier_entity *dossier_gazetteer_lookup(const dossier_gazetteer *gaz,
                                               const char *name);

/* The names of E: its display name first, then its aliases and its
 * ambiguous names as written in the gazetteer, in file order, each once.
 * Writes at most MAX of them to OUT (owned by GAZ) and, when IS_AMBIGUOUS
 * is not NULL, whether each is an ambiguous name (it names E only with
 * support in the article); returns how many there are.  Thread-safe for
 * concurrent readers. */
size_t dossier_gazetteer_names(const dossier_gazetteer *gaz,
                               const dossier_entity *e, const char **out,
                               int *is_ambiguous, size_t max);

/* Every entity NAME names: the entity whose id it is, else each entity
 * with a display name, alias or ambiguous name of NAME's normalized
 * words (feeds/entities.tsv lets entities share an ambiguous name:
 * "Bush"), the one whose display name or plain alias it is first, the
 * others in file order.  *HAS_PRIMARY (may be NULL) tells whether there
 * is such a first one (an id, a display name, a plain alias), or only
 * entities that share the name as an ambiguous one.  Writes at most MAX
 * of them to OUT and returns how many there are, 0 when none.
 * Thread-safe for concurrent readers. */
size_t dossier_gazetteer_lookup_all(const dossier_gazetteer *gaz,
                                    const char *name,
                                    const dossier_entity **out, size_t max,
                                    int *has_primary);

/* The entity with a name (display name or alias) nearest to NAME, for a
 * "did you mean" when dossier_gazetteer_lookup found nothing: names are
 * compared after the same normalization, by edit distance (insertions,
 * deletions, substitutions, transpositions of neighbours), and one within
 * a third of NAME's length (at least 1) is near enough.  The smallest
 * distance wins, then the earlier entity.  *MATCHED (may be NULL) gets
 * the normalized name that matched, owned by GAZ.  NULL when none is
 * near enough, or memory ran out.  Thread-safe for concurrent readers. */
const dossier_entity *dossier_gazetteer_nearest(const dossier_gazetteer *gaz,
                                                const char *name,
                                                const char **matched);

/* A digest of the gazetteer's content ("fnv64:0123456789abcdef"), stored in
 * an index so that a searcher can tell it was built with another one.
 * Owned by GAZ. */
const char *dossier_gazetteer_version(const dossier_gazetteer *gaz);

#ifdef __cplusplus
}
#endif

#endif
