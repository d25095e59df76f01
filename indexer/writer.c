/*
 * writer.c: writing documents to the index.
 *
 * Crash safety: articles are added inside a flushed transaction that is
 * committed every BATCH articles, with the metadata, so a kill at any
 * moment leaves the index as of the last commit; running the same input
 * again replaces what is there (unique terms) and adds nothing twice.
 *
 * Deduplication needs "has this been indexed?" for both the index as it
 * was when the run began (a read-only snapshot, cheap term lookups) and
 * for this run's own uncommitted articles (in-memory maps): Xapian's
 * writer would answer too, but at the cost of flushing its buffers.
 *
 * A bulk load's shards commit as they go, and a killed load resumes from
 * them (writer_open in writer.h).  Its in-memory state is rebuilt by
 * reading every article again, not from the shards: the one code path
 * gives the state one uninterrupted run has, and the shards compare only
 * what they would write.
 */
#include "writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dossier/analyzer.h"
#include "dossier/hash.h"
#include "dossier/schema.h"
#include "clusters.h"
#include "disk_full.h"
#include "fs.h"
#include "shard_pool.h"
#include "spelling_counter.h"
#include "u64map.h"

struct writer {
    char *path;
    xc_db *db;
    shard_pool *pool;         /* a bulk load's shards, else NULL */
    xc_db *snapshot;          /* the index as it was; NULL when empty */
    size_t batch, in_batch;
    uint64_t committed;       /* articles in the index's last commit */
    uint64_t record_bytes;    /* stored records since the last commit */
    int has_pending_metadata; /* set since the last commit */
    u64map unique_seen;       /* hash of unique term -> 1 */
    /* Articles removed by writer_remove (moved to another shard of an
     * archive), no longer keepers of exact duplicates here: hash of
     * unique term -> 1, or 0 once added back. */
    u64map removed;
    /* The articles of this run by their exact-duplicate term, with their
     * unique terms: a duplicate names the one it duplicates. */
    u64map body_seen;         /* hash of XB term -> index + 1 in keepers */
    struct keeper {
        uint64_t unique;      /* hash of the unique term */
        char *unique_term;
    } *keepers;
    size_t n_keepers, cap_keepers;
    /* A bulk load's metadata (the duplicates it skipped, the gazetteer):
     * the shards take none, the merged index takes it. */
    struct deferred {
        char *key;
        char *value;
    } *deferred;
    size_t n_deferred, cap_deferred;
    clusters *clusters;       /* near-duplicates */
    /* Word counts for the spelling dictionary, written with each commit
     * (OWN_SPELLING), or counted for another writer (writer_share_spelling). */
    spelling_counter own_spelling;
    spelling_counter *spelling;
    writer_stats stats;
    char gaz_version[64];
    char notice[512];         /* what became of a killed load's shards */
};

static uint64_t hash64(const char *s)
{
    return dossier_fnv64(s, strlen(s), DOSSIER_FNV64_INIT);
}

/* The status of a failed call of libxapian-c on the index. */
static dossier_status index_status(xc_status st)
{
    return st == XC_STATUS_NO_MEMORY ? DOSSIER_ERR_NOMEM
           : st == XC_STATUS_LOCKED  ? DOSSIER_ERR_LOCKED
                                     : DOSSIER_ERR_INDEX;
}

/* Creates the parent folders of PATH, like mkdir -p. */
static dossier_status make_parents(const char *path, dossier_error *err)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return dossier_fail(err, DOSSIER_ERR_INVALID, "index path too long");
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return dossier_fail(err, DOSSIER_ERR_IO,
                                "cannot create the folders of %s: %s", path,
                                strerror(errno));
        *p = '/';
    }
    return DOSSIER_OK;
}

/* Begins the transaction of the next batch, which records the versions
 * of what builds its articles. */
static dossier_status begin_batch(writer *w, dossier_error *err)
{
    static const char *const keys[] = {DOSSIER_META_SCHEMA,
                                       DOSSIER_META_ANALYZER,
                                       DOSSIER_META_GAZETTEER};
    const char *values[] = {DOSSIER_SCHEMA_VERSION, DOSSIER_ANALYZER_VERSION,
                            w->gaz_version};
    xc_status st = xc_db_begin_transaction(w->db, 1);
    for (int i = 0; st == XC_STATUS_SUCCESS && i < 3; i++)
        st = xc_db_set_metadata(w->db, keys[i], values[i], strlen(values[i]));
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "index %s: %s", w->path,
                            xc_db_last_error(w->db));
    return DOSSIER_OK;
}

/* Compares the stored schema, analyzer and gazetteer versions with ours. */
static char *check_versions(xc_db *db, const char *gaz_version)
{
    char differs[256];
    if (!dossier_index_version_differs(db, gaz_version, differs,
                                       sizeof differs))
        return NULL;
    char *msg = malloc(512);
    if (msg)
        snprintf(msg, 512, "%s: articles indexed now and before may not "
                 "match alike (re-index everything to be consistent)",
                 differs);
    return msg;
}

/* Folders next to PATH: SUFFIX appended, into OUT.  Whether it fit. */
static bool sibling(const char *path, const char *suffix, char *out,
                    size_t out_size)
{
    return snprintf(out, out_size, "%s%s", path, suffix) < (int)out_size;
}


#define BULK_DONE_MARKER "/dossier-merged"

/* A bulk load killed between the two renames of writer_finish left no
 * index but a complete merge: put it in place.  Runs before the index is
 * opened (opening would create an empty one). */
static void recover_merged(const char *path)
{
    char merged[4096], marker[4200], in_place[4200];
    struct stat sb;
    if (!sibling(path, ".new", merged, sizeof merged))
        return;
    snprintf(marker, sizeof marker, "%s" BULK_DONE_MARKER, merged);
    if (stat(path, &sb) != 0 && stat(marker, &sb) == 0 &&
        rename(merged, path) == 0) {
        snprintf(in_place, sizeof in_place, "%s" BULK_DONE_MARKER, path);
        remove(in_place);
    }
}

/* Clears what a crashed merge left (the shards are open_bulk's).  Only
 * the lock holder may: the leftovers of a running load look the same. */
static void clear_merge_leftovers(const char *path)
{
    static const char *const suffixes[] = {".new", ".old"};
    char dir[4096];
    for (size_t i = 0; i < 2; i++)
        if (sibling(path, suffixes[i], dir, sizeof dir))
            remove_tree(dir);
}

/* When the failure ST, whose message is ERR's, tells of a full disk or
 * quota, or the disk is full whatever it tells, rewrites the message in
 * plain words, saying what is safe: the last commit, or a bulk load's
 * shards, which are first stopped so that their count is final.  Returns
 * the failure's status, DOSSIER_ERR_IO for a full disk. */
static dossier_status explain_disk_full(writer *w, dossier_status st,
                                        dossier_error *err)
{
    char dir[4096];
    /* The index's folder may not exist yet: its parent's disk is the
     * same. */
    snprintf(dir, sizeof dir, "%s", w->path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    if (!disk_full_error(err->message) && !disk_full_is_full(dir))
        return st;
    if (w->pool) {
        shard_pool_counts c;
        shard_pool_halt(w->pool);
        shard_pool_get_counts(w->pool, &c);
        return dossier_fail(
            err, DOSSIER_ERR_IO,
            "the disk holding the index %s is full.  Nothing is lost: the "
            "bulk load's shards are intact as of their last commits (%llu "
            "articles), and the index as it was.  Free some space and run "
            "the same command again: the load resumes from its shards, and "
            "no article is indexed twice.",
            w->path, (unsigned long long)c.committed);
    }
    return dossier_fail(
        err, DOSSIER_ERR_IO,
        "the disk holding the index %s is full.  Nothing is lost: earlier "
        "commits are safe, and the index is intact as of its last commit "
        "(%llu articles).  Free some space and run the same command again: "
        "articles already indexed are replaced, not duplicated.",
        w->path, (unsigned long long)w->committed);
}

/* Whether NAME is a file that only an index holds: a version file of
 * Xapian's (iamglass, or another backend's), a glass table, or one that
 * Dossier leaves beside them.  Xapian's lock file, flintlock, holds
 * nothing, and a folder that has nothing else holds no index. */
static bool is_index_file(const char *name)
{
    static const char *const names[] = {
        "iamglass", "iamchert", "iamhoney", "facets.image", "gazetteer.image",
        &BULK_DONE_MARKER[1], /* without its "/" */
    };
    size_t len = strlen(name);
    if (len > 6 && strcmp(name + len - 6, ".glass") == 0)
        return true;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* Whether PATH holds an index, or part of one, into *HOLDS.  A path that
 * is not a folder does: Xapian opens a stub or a single-file database
 * there. */
static dossier_status holds_index_files(const char *path, bool *holds,
                                        dossier_error *err)
{
    *holds = false;
    DIR *d = opendir(path);
    if (d == NULL) {
        if (errno == ENOENT)
            return DOSSIER_OK;
        if (errno == ENOTDIR) {
            *holds = true;
            return DOSSIER_OK;
        }
        return dossier_fail(err, DOSSIER_ERR_IO, "cannot open index %s: %s",
                            path, strerror(errno));
    }
    struct dirent *e;
    while (!*holds && (e = readdir(d)) != NULL)
        *holds = is_index_file(e->d_name);
    closedir(d);
    return DOSSIER_OK;
}

/* Whether another process holds the write lock of the index at PATH, the
 * lock Xapian takes on its flintlock file.  Only asks: a lock taken here
 * would be dropped with every other lock this process holds on the file
 * when it is closed. */
static bool is_locked_elsewhere(const char *path)
{
    char lock[4200];
    snprintf(lock, sizeof lock, "%s/flintlock", path);
    int fd = open(lock, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    bool is_locked = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return is_locked;
}

/* Opens W->path for writing, creating a new index only where there is
 * none (writer.h). */
static dossier_status open_index(writer *w, dossier_error *err)
{
    bool has_files = false;
    dossier_status st = holds_index_files(w->path, &has_files, err);
    if (st != DOSSIER_OK)
        return st;
    xc_status xst = xc_db_open_writable(
        w->path, has_files ? XC_DB_OPEN : XC_DB_CREATE_OR_OPEN, &w->db);
    if (xst == XC_STATUS_SUCCESS)
        return DOSSIER_OK;
    const char *why = xc_thread_last_error();
    /* A writer that creates the index writes its tables before its
     * version file: to another, it looks incomplete meanwhile. */
    if (xst == XC_STATUS_LOCKED || (has_files && is_locked_elsewhere(w->path)))
        st = dossier_fail(err, DOSSIER_ERR_LOCKED,
                          "index %s is being written by another process",
                          w->path);
    else if (has_files &&
             (xst == XC_STATUS_NOT_FOUND || xst == XC_STATUS_CORRUPT) &&
             !disk_full_error(why))
        return dossier_fail(err, DOSSIER_ERR_INDEX,
                            "index %s is damaged or incomplete (xapian-check "
                            "%s tells what is wrong; restore a copy, or "
                            "remove the folder and index again); nothing "
                            "was written: %s",
                            w->path, w->path, why);
    else
        st = dossier_fail(err, index_status(xst), "cannot open index %s: %s",
                          w->path, why);
    return explain_disk_full(w, st, err);
}

/* Reopens the shards of a killed bulk load, which shard_pool_inspect
 * found in DIR as KEPT. */
static dossier_status resume_bulk(writer *w, const char *dir,
                                  const shard_pool_kept *kept, unsigned jobs,
                                  dossier_error *err)
{
    dossier_status st =
        shard_pool_resume(dir, kept->n_shards, w->batch, &w->pool, err);
    if (st != DOSSIER_OK)
        return st;
    w->stats.shards = kept->n_shards;
    w->stats.is_resumed = 1;
    w->stats.resumed_articles = kept->n_articles;
    int n = snprintf(w->notice, sizeof w->notice,
                     "resuming a killed bulk load: %llu articles kept in %u "
                     "shards",
                     (unsigned long long)kept->n_articles, kept->n_shards);
    if (jobs != kept->n_shards && n > 0 && (size_t)n < sizeof w->notice)
        snprintf(w->notice + n, sizeof w->notice - (size_t)n,
                 " (%u shards as before, not %u: an article must go to the "
                 "shard that holds it)",
                 kept->n_shards, jobs);
    return DOSSIER_OK;
}

/* Starts the bulk load of the empty index: resumes the shards a killed
 * one left, unless told to restart (writer.h), else starts new ones when
 * JOBS > 1. */
static dossier_status open_bulk(writer *w, unsigned jobs, unsigned flags,
                                dossier_error *err)
{
    char dir[4096];
    /* What every shard carries, and a kept one must carry to be resumed:
     * the articles it holds were built as this run builds them. */
    const char *metadata[] = {
        DOSSIER_META_SCHEMA, DOSSIER_SCHEMA_VERSION,
        DOSSIER_META_ANALYZER, DOSSIER_ANALYZER_VERSION,
        DOSSIER_META_GAZETTEER, w->gaz_version, NULL,
    };
    shard_pool_kept kept;
    dossier_error why = {0};
    if (!sibling(w->path, ".shards", dir, sizeof dir))
        return dossier_fail(err, DOSSIER_ERR_INVALID, "index path too long");
    dossier_status found = shard_pool_inspect(dir, metadata, &kept, &why);
    /* Shards that might be resumed are not removed for want of memory. */
    if (found == DOSSIER_ERR_NOMEM)
        return dossier_fail(err, found, "out of memory");
    bool is_restart = (flags & WRITER_RESTART) != 0;
    if (found == DOSSIER_OK && kept.n_articles > 0 && !is_restart) {
        if (flags & WRITER_NEEDS_METADATA)
            return dossier_fail(
                err, DOSSIER_REFUSED,
                "index %s is a bulk load that was killed, with %llu articles "
                "in its shards: run dossier-index on its files to resume "
                "it, or with --restart to discard them",
                w->path, (unsigned long long)kept.n_articles);
        return resume_bulk(w, dir, &kept, jobs, err);
    }
    if (found == DOSSIER_OK && kept.n_articles > 0)
        snprintf(w->notice, sizeof w->notice,
                 "--restart: the %llu articles of a killed bulk load are "
                 "discarded",
                 (unsigned long long)kept.n_articles);
    else if (found != DOSSIER_OK && found != DOSSIER_NOT_FOUND && !is_restart)
        snprintf(w->notice, sizeof w->notice,
                 "the shards of a killed bulk load cannot be resumed (%.400s): "
                 "starting over",
                 dossier_error_message(&why));
    remove_tree(dir);
    if (jobs < 2 || (flags & WRITER_NEEDS_METADATA))
        return DOSSIER_OK;
    dossier_status st =
        shard_pool_start(dir, jobs, w->batch, metadata, &w->pool, err);
    if (st != DOSSIER_OK)
        return st;
    w->stats.shards = jobs;
    return DOSSIER_OK;
}

dossier_status writer_open(const char *path, size_t batch, unsigned jobs,
                           unsigned flags, const char *gaz_version,
                           writer **out, char **mismatch, dossier_error *err)
{
    dossier_error own;
    if (err == NULL)
        err = &own; /* explain_disk_full reads the message */
    *out = NULL;
    if (mismatch)
        *mismatch = NULL;
    writer *w = calloc(1, sizeof *w);
    if (w == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    w->batch = batch ? batch : 10000;
    w->path = strdup(path);
    w->clusters = clusters_new();
    if (w->path == NULL || w->clusters == NULL) {
        free(w->path);
        clusters_free(w->clusters);
        free(w);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    snprintf(w->gaz_version, sizeof w->gaz_version, "%s",
             gaz_version ? gaz_version : "none");
    u64map_init(&w->unique_seen);
    u64map_init(&w->removed);
    u64map_init(&w->body_seen);
    spelling_counter_init(&w->own_spelling);
    w->spelling = &w->own_spelling;
    dossier_status st = make_parents(path, err);
    if (st != DOSSIER_OK)
        goto fail;
    /* Xapian flushes its in-memory postings every 10,000 documents by
     * default; news articles are short, and at 1,000 indexing Reuters runs
     * about 25% faster (bench/BENCHMARKS.md).  The user's setting wins. */
    setenv("XAPIAN_FLUSH_THRESHOLD", "1000", 0);
    recover_merged(path);
    if ((st = open_index(w, err)) != DOSSIER_OK)
        goto fail;
    clear_merge_leftovers(path);
    uint32_t n = 0;
    xc_db_doc_count(w->db, &n);
    w->committed = n;
    if (n > 0) {
        char shards[4096];
        /* A bulk load writes into an empty index only: these are no
         * load's to resume. */
        if (sibling(path, ".shards", shards, sizeof shards))
            remove_tree(shards);
        if (mismatch)
            *mismatch = check_versions(w->db, w->gaz_version);
        xc_status xst = xc_db_open_readonly(path, &w->snapshot);
        if (xst != XC_STATUS_SUCCESS) {
            st = dossier_fail(err, index_status(xst),
                              "cannot read index %s: %s", path,
                              xc_thread_last_error());
            goto fail;
        }
        if ((st = clusters_load(w->clusters, w->snapshot, err)) !=
            DOSSIER_OK)
            goto fail;
    }
    if (n == 0 && (st = open_bulk(w, jobs, flags, err)) != DOSSIER_OK) {
        st = explain_disk_full(w, st, err);
        goto fail;
    }
    if ((st = begin_batch(w, err)) != DOSSIER_OK) {
        st = explain_disk_full(w, st, err);
        goto fail;
    }
    *out = w;
    return DOSSIER_OK;
fail:
    if (mismatch) {
        free(*mismatch);
        *mismatch = NULL;
    }
    writer_free(w);
    return st;
}

/* Whether the article of unique-term hash UNIQUE was moved out of W's
 * index (writer_remove) and not added back. */
static bool is_removed(const writer *w, uint64_t unique)
{
    const uint64_t *at = u64map_get(&w->removed, unique);
    return at != NULL && *at != 0;
}

static bool snapshot_has(writer *w, const char *term)
{
    uint32_t freq = 0;
    if (w->snapshot == NULL || term[0] == '\0')
        return false;
    /* A snapshot that fails to answer (overtaken by another writer, which
     * our lock forbids) reports nothing: dedupe is best effort there. */
    xc_db_term_freq(w->snapshot, term, &freq);
    return freq > 0;
}

/* The id of the article that holds TERM in the snapshot: its unique term
 * without the prefix, into OUT (OUT_SIZE bytes). */
static dossier_status snapshot_keeper(writer *w, const char *term, char *out,
                                      size_t out_size, dossier_error *err)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *mset = NULL;
    xc_doc *doc = NULL;
    xc_terms *terms = NULL;
    dossier_status st = DOSSIER_ERR_INDEX;
    out[0] = '\0';
    if (xc_query_term(term, 1, 0, &q) != XC_STATUS_SUCCESS ||
        xc_enquire_new(w->snapshot, &enq) != XC_STATUS_SUCCESS ||
        xc_enquire_set_query(enq, q, 1) != XC_STATUS_SUCCESS ||
        xc_enquire_get_mset(enq, 0, 1, 0, NULL, &mset) != XC_STATUS_SUCCESS ||
        xc_mset_size(mset) == 0 ||
        xc_mset_document(mset, 0, &doc) != XC_STATUS_SUCCESS ||
        xc_doc_terms(doc, &terms) != XC_STATUS_SUCCESS)
        goto done;
    /* Terms come sorted: the unique term is the first with its prefix. */
    size_t prefix_len = strlen(DOSSIER_PREFIX_ID);
    for (; xc_terms_valid(terms); xc_terms_next(terms)) {
        const char *t = xc_terms_term(terms);
        if (strncmp(t, DOSSIER_PREFIX_ID, prefix_len) == 0) {
            snprintf(out, out_size, "%s", t + prefix_len);
            st = DOSSIER_OK;
            break;
        }
    }
done:
    if (st != DOSSIER_OK)
        dossier_fail(err, st, "cannot find the indexed article that holds "
                     "%s: %s", term, xc_thread_last_error());
    xc_terms_destroy(terms);
    xc_doc_destroy(doc);
    xc_mset_destroy(mset);
    xc_enquire_destroy(enq);
    xc_query_destroy(q);
    return st;
}

/* Remembers that the article of unique term UNIQUE_TERM holds the
 * exact-duplicate term of hash BODY.  Fails only for want of memory. */
static dossier_status remember_keeper(writer *w, uint64_t body,
                                      const char *unique_term,
                                      uint64_t unique)
{
    if (w->n_keepers == w->cap_keepers) {
        size_t cap = w->cap_keepers ? w->cap_keepers * 2 : 1024;
        struct keeper *p = realloc(w->keepers, cap * sizeof *p);
        if (p == NULL)
            return DOSSIER_ERR_NOMEM;
        w->keepers = p;
        w->cap_keepers = cap;
    }
    char *copy = strdup(unique_term);
    if (copy == NULL)
        return DOSSIER_ERR_NOMEM;
    w->keepers[w->n_keepers++] = (struct keeper){unique, copy};
    return u64map_put(&w->body_seen, body, w->n_keepers) == 0
               ? DOSSIER_OK
               : DOSSIER_ERR_NOMEM;
}

/* Records in the metadata that the article ID was skipped as a duplicate
 * of KEEPER_ID: in this batch, or for a bulk load in the merged index. */
static dossier_status record_duplicate(writer *w, const char *id,
                                       const char *keeper_id,
                                       dossier_error *err)
{
    char key[DOSSIER_META_DUPLICATE_KEY_MAX + 1];
    if (dossier_duplicate_meta_key(id, key, sizeof key) != 0)
        return dossier_fail(err, DOSSIER_ERR_INVALID,
                            "duplicate key too long");
    return writer_set_metadata(w, key, keeper_id, err);
}

/* Keeps KEY = VALUE in memory until a bulk load's merged index exists. */
static dossier_status defer_metadata(writer *w, const char *key,
                                     const char *value, dossier_error *err)
{
    if (w->n_deferred == w->cap_deferred) {
        size_t cap = w->cap_deferred ? w->cap_deferred * 2 : 64;
        struct deferred *p = realloc(w->deferred, cap * sizeof *p);
        if (p == NULL)
            goto nomem;
        w->deferred = p;
        w->cap_deferred = cap;
    }
    struct deferred entry = {strdup(key), strdup(value)};
    if (entry.key == NULL || entry.value == NULL) {
        free(entry.key);
        free(entry.value);
        goto nomem;
    }
    w->deferred[w->n_deferred++] = entry;
    return DOSSIER_OK;
nomem:
    return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
}

/* Writes the spelling words counted since the last commit into DB's
 * dictionary (spelling_counter.h), unless another writer owns them. */
static dossier_status flush_spelling(writer *w, xc_db *db,
                                     dossier_error *err)
{
    if (w->spelling != &w->own_spelling)
        return DOSSIER_OK;
    xc_status st = spelling_counter_flush(w->spelling, db);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "cannot write the "
                            "spelling dictionary: %s", xc_db_last_error(db));
    return DOSSIER_OK;
}

/* The bytes of DOC's stored record: what a commit's room is reckoned
 * from (disk_full.h). */
static size_t stored_record_bytes(xc_doc *doc)
{
    char *data = NULL;
    size_t len = 0;
    xc_doc_get_data(doc, &data, &len);
    xc_free(data);
    return len;
}

/* Commits the index's transaction with the spelling counted since the
 * last commit, when the disk has room for it (disk_full.h).  The next
 * transaction is the caller's to begin. */
static dossier_status commit_index(writer *w, dossier_error *err)
{
    uint32_t n = 0;
    dossier_status st = flush_spelling(w, w->db, err);
    if (st == DOSSIER_OK)
        st = disk_full_check_room(
            w->path, disk_full_commit_bytes(w->record_bytes), err);
    if (st != DOSSIER_OK)
        return st;
    xc_status xst = xc_db_commit_transaction(w->db);
    if (xst == XC_STATUS_SUCCESS)
        xst = xc_db_doc_count(w->db, &n);
    if (xst != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(xst), "cannot commit: %s",
                            xc_db_last_error(w->db));
    w->committed = n;
    w->record_bytes = 0;
    w->stats.commits++;
    w->in_batch = 0;
    w->has_pending_metadata = 0;
    return DOSSIER_OK;
}

/* On a resumed bulk load, removes the article of UNIQUE_TERM that a
 * kept shard may hold, which this run skips (an exact duplicate now):
 * the merged index must not keep it. */
static dossier_status forget_kept(writer *w, const char *unique_term,
                                  dossier_error *err)
{
    if (w->pool == NULL || !w->stats.is_resumed)
        return DOSSIER_OK;
    return shard_pool_add(w->pool, unique_term, NULL, false, err);
}

dossier_status writer_add(writer *w, dossier_built *b, writer_skip *skip,
                          dossier_error *err)
{
    dossier_error own;
    if (err == NULL)
        err = &own; /* explain_disk_full reads the message */
    uint64_t unique = hash64(b->unique_term);
    /* One moved out by writer_remove and back is new here again. */
    bool was_removed = is_removed(w, unique);
    bool is_replacement = !was_removed &&
                          (u64map_get(&w->unique_seen, unique) != NULL ||
                           snapshot_has(w, b->unique_term));
    dossier_status st = DOSSIER_OK;
    size_t prefix_len = strlen(DOSSIER_PREFIX_ID);
    if (skip)
        skip->is_duplicate = 0;

    /* Exact duplicates: the same article under another unique term. */
    if (b->body_hash_term[0]) {
        uint64_t body = hash64(b->body_hash_term);
        uint64_t *at = u64map_get(&w->body_seen, body);
        const struct keeper *owner = at ? &w->keepers[*at - 1] : NULL;
        char keeper_id[XC_MAX_TERM_BYTES + 1] = "";
        bool is_duplicate = false;
        /* A record that replaces its own former version is never
         * skipped: skipping would leave that version's text in place. */
        if (owner && owner->unique != unique && !is_replacement &&
            !is_removed(w, owner->unique)) {
            is_duplicate = true;
            snprintf(keeper_id, sizeof keeper_id, "%s",
                     owner->unique_term + prefix_len);
        } else if (owner == NULL && !is_replacement &&
                   snapshot_has(w, b->body_hash_term)) {
            st = snapshot_keeper(w, b->body_hash_term, keeper_id,
                                 sizeof keeper_id, err);
            if (st != DOSSIER_OK)
                goto done;
            /* A keeper that moved to another shard keeps nothing here. */
            char term[XC_MAX_TERM_BYTES + 8];
            snprintf(term, sizeof term, "%s%s", DOSSIER_PREFIX_ID,
                     keeper_id);
            is_duplicate = !is_removed(w, hash64(term));
        }
        if (is_duplicate) {
            const char *id = b->unique_term + prefix_len;
            if ((st = record_duplicate(w, id, keeper_id, err)) !=
                    DOSSIER_OK ||
                (st = forget_kept(w, b->unique_term, err)) != DOSSIER_OK)
                goto done;
            w->stats.duplicates++;
            if (skip) {
                skip->is_duplicate = 1;
                snprintf(skip->id, sizeof skip->id, "%s", id);
                snprintf(skip->keeper_id, sizeof skip->keeper_id, "%s",
                         keeper_id);
            }
            goto done;
        }
        if (owner == NULL &&
            remember_keeper(w, body, b->unique_term, unique) != DOSSIER_OK)
            goto nomem;
    }

    /* Near-duplicates join the cluster of what they resemble. */
    size_t rep = SIZE_MAX;
    if (!b->signature.is_empty) {
        bool is_new_member = false;
        st = clusters_place(w->clusters, b, w->db, &is_new_member, &rep, err);
        if (st != DOSSIER_OK)
            goto done;
        w->stats.near_duplicates += is_new_member;
    }

    if (spelling_counter_count(w->spelling, b->spelling_words,
                               b->n_spelling_words) != DOSSIER_OK)
        goto nomem;
    if (w->pool) {
        xc_doc *doc = b->doc;
        b->doc = NULL; /* the pool owns it now, even on failure */
        st = shard_pool_add(w->pool, b->unique_term, doc, !is_replacement,
                            err);
        if (st != DOSSIER_OK)
            goto done;
    } else {
        xc_docid docid = 0;
        w->record_bytes += stored_record_bytes(b->doc);
        xc_status xst = xc_db_replace_document_by_term(w->db, b->unique_term,
                                                       b->doc, &docid);
        if (xst != XC_STATUS_SUCCESS) {
            st = dossier_fail(err, index_status(xst),
                              "cannot add to the index: %s",
                              xc_db_last_error(w->db));
            goto done;
        }
        clusters_set_docid(w->clusters, rep, docid);
    }
    if (u64map_put(&w->unique_seen, unique, 1) != 0 ||
        (was_removed && u64map_put(&w->removed, unique, 0) != 0))
        goto nomem;
    if (is_replacement)
        w->stats.replaced++;
    else
        w->stats.added++;
    if (w->pool == NULL && ++w->in_batch >= w->batch &&
        ((st = commit_index(w, err)) != DOSSIER_OK ||
         (st = begin_batch(w, err)) != DOSSIER_OK))
        goto done;
    goto done;
nomem:
    st = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
done:
    if (st != DOSSIER_OK)
        st = explain_disk_full(w, st, err);
    dossier_built_clear(b);
    return st;
}

dossier_status writer_remove(writer *w, const char *unique_term,
                             bool *was_there, dossier_error *err)
{
    *was_there = false;
    if (w->pool != NULL)
        return dossier_fail(err, DOSSIER_ERR_INVALID,
                            "a bulk load cannot remove articles");
    uint32_t freq = 0;
    uint64_t unique = hash64(unique_term);
    xc_status xst =
        xc_db_delete_document_by_term(w->db, unique_term, &freq);
    if (xst != XC_STATUS_SUCCESS)
        return explain_disk_full(
            w, dossier_fail(err, index_status(xst),
                            "cannot remove %s from the index: %s",
                            unique_term, xc_db_last_error(w->db)),
            err);
    if (freq == 0)
        return DOSSIER_OK;
    *was_there = true;
    if (u64map_put(&w->removed, unique, 1) != 0)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    return DOSSIER_OK;
}

/* Gives the merged index MERGED the cluster values that the shards could
 * not (the first articles of clusters, which only the merged index
 * numbers) and the metadata of the duplicates skipped, committed with its
 * articles; drops the shards' own metadata, which compaction copied. */
static dossier_status mark_merged(writer *w, const char *merged,
                                  dossier_error *err)
{
    xc_db *db = NULL;
    xc_status xst = xc_db_open_writable(merged, XC_DB_OPEN, &db);
    if (xst != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(xst),
                            "cannot open the merged index: %s",
                            xc_thread_last_error());
    dossier_status st = clusters_mark_pending(w->clusters, db, err);
    if (st == DOSSIER_OK &&
        (xst = xc_db_set_metadata(db, SHARD_POOL_META_SHARD, "", 0)) !=
            XC_STATUS_SUCCESS)
        st = dossier_fail(err, index_status(xst), "cannot write the merged "
                          "index's metadata: %s", xc_db_last_error(db));
    for (size_t i = 0; st == DOSSIER_OK && i < w->n_deferred; i++) {
        const struct deferred *d = &w->deferred[i];
        xst = xc_db_set_metadata(db, d->key, d->value, strlen(d->value));
        if (xst != XC_STATUS_SUCCESS)
            st = dossier_fail(err, index_status(xst), "cannot write the "
                              "merged index's metadata: %s",
                              xc_db_last_error(db));
    }
    if (st == DOSSIER_OK)
        st = disk_full_check_room(merged, disk_full_commit_bytes(0), err);
    if (st == DOSSIER_OK && (xst = xc_db_close(db)) != XC_STATUS_SUCCESS)
        st = dossier_fail(err, index_status(xst), "cannot commit the merged "
                          "index: %s", xc_db_last_error(db));
    xc_db_destroy(db);
    return st;
}

/* Counts, on a resumed load, what the shards found they held: an article
 * counted as added was kept, or replaced a version with other content
 * (writer.h).  Once, when the shards' threads have stopped. */
static void count_kept(writer *w)
{
    shard_pool_counts c;
    shard_pool_get_counts(w->pool, &c);
    w->stats.kept = c.unchanged;
    w->stats.added -= c.unchanged + c.rewritten;
    w->stats.replaced += c.rewritten;
}

/* Merges a bulk load's shards and puts the result in place of the empty
 * index: merge into PATH.new, mark it complete, then two renames.  The
 * shards go last: until the merged index is in place, a rerun resumes
 * from them. */
static dossier_status finish_bulk(writer *w, dossier_error *err)
{
    char merged[4096], marker[4200], old[4096], shards[4096];
    if (!sibling(w->path, ".new", merged, sizeof merged) ||
        !sibling(w->path, ".old", old, sizeof old) ||
        !sibling(w->path, ".shards", shards, sizeof shards))
        return dossier_fail(err, DOSSIER_ERR_INVALID, "index path too long");
    remove_tree(merged);
    dossier_status st = shard_pool_stop(w->pool, err);
    if (st != DOSSIER_OK)
        return st;
    count_kept(w);
    if ((st = flush_spelling(w, shard_pool_first_db(w->pool), err)) !=
            DOSSIER_OK ||
        (st = shard_pool_finish(w->pool, merged, err)) != DOSSIER_OK ||
        (st = mark_merged(w, merged, err)) != DOSSIER_OK)
        return st;
    snprintf(marker, sizeof marker, "%s" BULK_DONE_MARKER, merged);
    FILE *f = fopen(marker, "w");
    if (f == NULL || fclose(f) != 0)
        return dossier_fail(err, DOSSIER_ERR_IO, "cannot write %s: %s",
                            marker, strerror(errno));
    /* The empty index goes; its lock goes with it when W->db closes. */
    xc_db_cancel_transaction(w->db);
    remove_tree(old);
    if (rename(w->path, old) != 0 || rename(merged, w->path) != 0)
        return dossier_fail(err, DOSSIER_ERR_IO, "cannot put the new index "
                            "in place: %s", strerror(errno));
    char in_place[4200];
    snprintf(in_place, sizeof in_place, "%s" BULK_DONE_MARKER, w->path);
    remove(in_place);
    xc_db_destroy(w->db);
    w->db = NULL;
    remove_tree(old);
    shard_pool_free(w->pool);
    w->pool = NULL;
    remove_tree(shards);
    w->stats.commits++;
    return DOSSIER_OK;
}

dossier_status writer_get_metadata(writer *w, const char *key, char **value,
                                   dossier_error *err)
{
    *value = NULL;
    for (size_t i = w->n_deferred; i-- > 0;) {
        if (strcmp(w->deferred[i].key, key) != 0)
            continue;
        if (w->deferred[i].value[0] != '\0' &&
            (*value = strdup(w->deferred[i].value)) == NULL)
            return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        return DOSSIER_OK;
    }
    char *v = NULL;
    size_t len = 0;
    xc_status xst = xc_db_get_metadata(w->db, key, &v, &len);
    if (xst != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(xst), "cannot read the "
                            "index's metadata: %s", xc_db_last_error(w->db));
    dossier_status st = DOSSIER_OK;
    if (len > 0 && (*value = strdup(v)) == NULL)
        st = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    xc_free(v);
    return st;
}

dossier_status writer_set_metadata(writer *w, const char *key,
                                   const char *value, dossier_error *err)
{
    if (w->pool != NULL)
        return defer_metadata(w, key, value ? value : "", err);
    xc_status xst = xc_db_set_metadata(w->db, key, value ? value : "",
                                       value ? strlen(value) : 0);
    if (xst != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(xst), "cannot write the "
                            "index's metadata: %s", xc_db_last_error(w->db));
    w->has_pending_metadata = 1;
    return DOSSIER_OK;
}

dossier_status writer_finish(writer *w, dossier_error *err)
{
    dossier_error own;
    if (err == NULL)
        err = &own; /* explain_disk_full reads the message */
    dossier_status st =
        w->pool ? finish_bulk(w, err) : commit_index(w, err);
    if (st != DOSSIER_OK)
        return explain_disk_full(w, st, err);
    if (w->db == NULL)
        return DOSSIER_OK; /* a bulk load's: closed with its merge */
    xc_status xst = xc_db_close(w->db);
    if (xst != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(xst), "cannot close the "
                            "index: %s", xc_db_last_error(w->db));
    return DOSSIER_OK;
}

void writer_free(writer *w)
{
    if (w == NULL)
        return;
    /* A transaction still open is cancelled, not committed: Xapian would
     * commit it on close, and an interrupted batch must not land half. */
    if (w->db && (w->in_batch > 0 || w->has_pending_metadata))
        xc_db_cancel_transaction(w->db);
    shard_pool_free(w->pool);
    xc_db_destroy(w->db);
    free(w->path);
    xc_db_destroy(w->snapshot);
    u64map_free(&w->unique_seen);
    u64map_free(&w->removed);
    u64map_free(&w->body_seen);
    for (size_t i = 0; i < w->n_keepers; i++)
        free(w->keepers[i].unique_term);
    free(w->keepers);
    for (size_t i = 0; i < w->n_deferred; i++) {
        free(w->deferred[i].key);
        free(w->deferred[i].value);
    }
    free(w->deferred);
    clusters_free(w->clusters);
    spelling_counter_free(&w->own_spelling);
    free(w);
}

void writer_share_spelling(writer *w, spelling_counter *counter)
{
    w->spelling = counter ? counter : &w->own_spelling;
}

dossier_status writer_add_spelling(writer *w, spelling_counter *counter,
                                   dossier_error *err)
{
    if (w->pool != NULL)
        return dossier_fail(err, DOSSIER_ERR_INVALID,
                            "a bulk load takes no spelling of another's");
    xc_status st = spelling_counter_flush(counter, w->db);
    if (st != XC_STATUS_SUCCESS)
        return dossier_fail(err, index_status(st), "cannot write the "
                            "spelling dictionary: %s",
                            xc_db_last_error(w->db));
    w->has_pending_metadata = 1;
    return DOSSIER_OK;
}

const writer_stats *writer_get_stats(const writer *w)
{
    return &w->stats;
}

const char *writer_get_notice(const writer *w)
{
    return w->notice[0] ? w->notice : NULL;
}
