/*
 * archive_writer.c: an archive's shards by period, each written by a
 * writer of its own, and the stub that joins them.
 */
#define _GNU_SOURCE /* mkdtemp-free rename, strdup */
#include "archive_writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "dossier/hash.h"
#include "dossier/schema.h"
#include "dossier/stub.h"
#include "fs.h"
#include "replicate_cmd.h"
#include "u64map.h"

/* Writers open at once: each holds the files of a Xapian database open,
 * and an archive by month over decades has hundreds of shards.  The
 * least recently used one is committed and closed to make room. */
#define MAX_OPEN_WRITERS 8

#define UNDATED_SHARD "undated"
/* The shard that holds no article, only the archive's metadata (the
 * feeds' state, the duplicates skipped, the versions it was built with):
 * first in the stub, where Xapian reads a stub's metadata from. */
#define META_SHARD "meta"

struct shard {
    char key[16];     /* "1987", "1987-03" or "undated" */
    char *path;
    writer *w;        /* open, or NULL */
    xc_db *before;    /* the shard as the run found it, for moves; or NULL */
    uint64_t last_use;
    bool is_listed;   /* in the stub on disk */
};

struct archive_writer {
    char *path;
    char *meta_path;      /* PATH/META_SHARD */
    archive_period by;
    size_t batch;
    char gaz_version[64];
    struct shard *shards;
    size_t n_shards, cap_shards;
    size_t n_open;
    uint64_t clock;
    /* The shard of each article written by this run: hash of unique term
     * -> shard index + 1. */
    u64map written;
    /* Metadata set by this run, written into the META_SHARD after every
     * shard's articles are committed: a crash before then loses it, and
     * the next run fetches and indexes again what it described. */
    struct meta_entry {
        char *key;
        char *value; /* NULL: deleted */
    } *meta;
    size_t n_meta, cap_meta;
    u64map meta_index;    /* hash of key -> index + 1 */
    xc_db *meta_before;   /* the META_SHARD as the run found it, or NULL */
    /* The spelling words of every shard's articles, counted as one index
     * of them would, batch by batch (BATCH_SPELLING, IN_BATCH articles so
     * far), then kept (RUN_SPELLING) for the META_SHARD's dictionary: the
     * archive's one, whatever shards a search joins (a remote shard has
     * none it can read). */
    spelling_counter batch_spelling, run_spelling;
    size_t in_batch;
    writer_stats closed;  /* of the writers closed so far */
    writer_stats total;   /* what archive_writer_stats returns */
    uint64_t moved;
};

static const char *const PERIOD_NAMES[] = {
    [ARCHIVE_BY_YEAR] = "year",
    [ARCHIVE_BY_MONTH] = "month",
};

bool archive_parse_period(const char *text, archive_period *out)
{
    for (int p = ARCHIVE_BY_YEAR; p <= ARCHIVE_BY_MONTH; p++)
        if (strcmp(text, PERIOD_NAMES[p]) == 0) {
            *out = (archive_period)p;
            return true;
        }
    return false;
}

static uint64_t hash_term(const char *term)
{
    return dossier_fnv64(term, strlen(term), DOSSIER_FNV64_INIT);
}

/* The first line of the stub, which says how the archive is split. */
static void stub_header(archive_period by, char *out, size_t out_size)
{
    snprintf(out, out_size,
             "# Dossier archive, one shard per %s (dossier-index "
             "--shard-by %s); Xapian stub format\n",
             PERIOD_NAMES[by], PERIOD_NAMES[by]);
}

/* How the archive whose stub is at STUB_PATH is split, from its first
 * line; ARCHIVE_BY_NONE when it does not say. */
static archive_period stub_period(const char *stub_path)
{
    char line[256];
    first_line(stub_path, line, sizeof line);
    for (int p = ARCHIVE_BY_YEAR; p <= ARCHIVE_BY_MONTH; p++) {
        char header[256];
        stub_header((archive_period)p, header, sizeof header);
        if (strcmp(line, header) == 0)
            return (archive_period)p;
    }
    return ARCHIVE_BY_NONE;
}

/* The shard of KEY, added when new (its writer not yet open).  NULL when
 * memory runs out. */
static struct shard *shard_of(archive_writer *a, const char *key)
{
    for (size_t i = 0; i < a->n_shards; i++)
        if (strcmp(a->shards[i].key, key) == 0)
            return &a->shards[i];
    if (a->n_shards == a->cap_shards) {
        size_t cap = a->cap_shards ? 2 * a->cap_shards : 64;
        struct shard *grown = realloc(a->shards, cap * sizeof *grown);
        if (grown == NULL)
            return NULL;
        a->shards = grown;
        a->cap_shards = cap;
    }
    struct shard *s = &a->shards[a->n_shards];
    memset(s, 0, sizeof *s);
    snprintf(s->key, sizeof s->key, "%s", key);
    size_t n = strlen(a->path) + strlen(key) + 2;
    if ((s->path = malloc(n)) == NULL)
        return NULL;
    snprintf(s->path, n, "%s/%s", a->path, key);
    a->n_shards++;
    return s;
}

static void add_stats(writer_stats *to, const writer_stats *from)
{
    to->added += from->added;
    to->replaced += from->replaced;
    to->kept += from->kept;
    to->duplicates += from->duplicates;
    to->near_duplicates += from->near_duplicates;
    to->commits += from->commits;
}

/* Commits and closes S's writer. */
static dossier_status close_writer(archive_writer *a, struct shard *s,
                                   dossier_error *err)
{
    if (s->w == NULL)
        return DOSSIER_OK;
    dossier_status st = writer_finish(s->w, err);
    if (st == DOSSIER_OK)
        add_stats(&a->closed, writer_get_stats(s->w));
    writer_free(s->w);
    s->w = NULL;
    a->n_open--;
    return st;
}

static dossier_status write_stub(archive_writer *a, dossier_error *err);

/* S's writer, opened (closing the least recently used one when too many
 * are open).  A shard new to the stub is listed in it at once: a run
 * killed later leaves no shard that searches and the next run do not
 * see. */
static dossier_status open_writer(archive_writer *a, struct shard *s,
                                  dossier_error *err)
{
    s->last_use = ++a->clock;
    if (s->w != NULL)
        return DOSSIER_OK;
    if (a->n_open >= MAX_OPEN_WRITERS) {
        struct shard *oldest = NULL;
        for (size_t i = 0; i < a->n_shards; i++)
            if (a->shards[i].w != NULL &&
                (oldest == NULL ||
                 a->shards[i].last_use < oldest->last_use))
                oldest = &a->shards[i];
        dossier_status st = close_writer(a, oldest, err);
        if (st != DOSSIER_OK)
            return st;
    }
    char *mismatch = NULL;
    dossier_status st = writer_open(s->path, a->batch, 1,
                                    WRITER_NEEDS_METADATA, a->gaz_version,
                                    &s->w, &mismatch, err);
    free(mismatch); /* each shard says the same as the first, which
                       dossier-index reports from the stub */
    if (st != DOSSIER_OK)
        return st;
    writer_share_spelling(s->w, &a->batch_spelling);
    a->n_open++;
    if (!s->is_listed) {
        s->is_listed = true;
        st = write_stub(a, err);
    }
    return st;
}

/* The key of the shard of the article built in B. */
static void period_key(const archive_writer *a, const dossier_built *b,
                       char *out, size_t out_size)
{
    time_t when = 0;
    int is_set = 0;
    struct tm tm;
    if (xc_doc_get_value_time(b->doc, DOSSIER_SLOT_PUBLISHED, &when,
                              &is_set) != XC_STATUS_SUCCESS ||
        !is_set || gmtime_r(&when, &tm) == NULL || tm.tm_year + 1900 < 0 ||
        tm.tm_year + 1900 > 9999) {
        snprintf(out, out_size, "%s", UNDATED_SHARD);
        return;
    }
    unsigned year = (unsigned)(tm.tm_year + 1900) % 10000u;
    unsigned month = (unsigned)(tm.tm_mon + 1) % 100u;
    if (a->by == ARCHIVE_BY_MONTH)
        snprintf(out, out_size, "%04u-%02u", year, month);
    else
        snprintf(out, out_size, "%04u", year);
}

/* An archive's shards may be hundreds, each a database with its files
 * open for the lookups of moves: as many files as the system allows. */
static void raise_open_files_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

/* Reads the shards of the existing archive's stub at STUB_PATH, opening
 * each read-only as it is now. */
static dossier_status read_shards(archive_writer *a, const char *stub_path,
                                  dossier_error *err)
{
    dossier_stub stub;
    dossier_status st = dossier_stub_read(stub_path, &stub, err);
    if (st == DOSSIER_ERR_INVALID) /* names no shard yet */
        return DOSSIER_OK;
    if (st != DOSSIER_OK)
        return st;
    for (size_t i = 0; i < stub.n_shards && st == DOSSIER_OK; i++) {
        const dossier_shard *from = &stub.shards[i];
        const char *slash = from->is_remote ? NULL : strrchr(from->path, '/');
        const char *key = slash ? slash + 1 : from->path;
        if (from->is_remote || slash == NULL ||
            strncmp(from->path, a->path, (size_t)(slash - from->path)) != 0 ||
            strlen(key) >= sizeof a->shards[0].key) {
            st = dossier_fail(err, DOSSIER_ERR_INVALID,
                              "%s:%u: \"%s\" is not a shard in the archive's "
                              "folder; dossier-index writes only those",
                              stub_path, from->line, from->name);
            break;
        }
        if (strcmp(key, META_SHARD) == 0) {
            if (xc_db_open_readonly(from->path, &a->meta_before) !=
                XC_STATUS_SUCCESS)
                st = dossier_fail(err, DOSSIER_ERR_INDEX,
                                  "%s:%u: cannot open the shard %s: %s",
                                  stub_path, from->line, from->path,
                                  xc_thread_last_error());
            continue;
        }
        struct shard *s = shard_of(a, key);
        if (s == NULL) {
            st = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
            break;
        }
        s->is_listed = true;
        if (xc_db_open_readonly(s->path, &s->before) != XC_STATUS_SUCCESS)
            st = dossier_fail(err, DOSSIER_ERR_INDEX,
                              "%s:%u: cannot open the shard %s: %s",
                              stub_path, from->line, s->path,
                              xc_thread_last_error());
    }
    dossier_stub_clear(&stub);
    return st;
}

dossier_status archive_writer_open(const char *path, archive_period by,
                                   size_t batch, const char *gaz_version,
                                   archive_writer **out, dossier_error *err)
{
    *out = NULL;
    char stub_path[4096];
    bool exists = dossier_archive_stub(path, stub_path, sizeof stub_path);
    if (!exists) {
        struct stat st;
        bool is_there = stat(path, &st) == 0;
        if (by == ARCHIVE_BY_NONE)
            return dossier_fail(err, DOSSIER_ERR_INVALID,
                                "%s is not an archive (no %s)", path,
                                DOSSIER_ARCHIVE_STUB);
        if (is_there && !(S_ISDIR(st.st_mode) && is_empty_folder(path)))
            return dossier_fail(err, DOSSIER_ERR_INVALID,
                                "%s exists and is not an archive: "
                                "--shard-by makes a new archive in a new "
                                "or empty folder", path);
        if (!is_there && mkdir(path, 0777) != 0)
            return dossier_fail(err, DOSSIER_ERR_IO, "cannot make %s: %s",
                                path, strerror(errno));
    } else {
        archive_period found = stub_period(stub_path);
        if (found == ARCHIVE_BY_NONE && replica_stub_kind(stub_path) != REPLICA_NONE)
            return dossier_fail(err, DOSSIER_ERR_INVALID,
                                "%s is a read replica (dossier-index "
                                "--replicate): index into its master, "
                                "which replication copies here", path);
        if (found == ARCHIVE_BY_NONE)
            return dossier_fail(err, DOSSIER_ERR_INVALID,
                                "%s does not say how the archive is split "
                                "(its first line is not dossier-index's)",
                                stub_path);
        if (by != ARCHIVE_BY_NONE && by != found)
            return dossier_fail(err, DOSSIER_ERR_INVALID,
                                "%s is an archive by %s, not by %s", path,
                                PERIOD_NAMES[found], PERIOD_NAMES[by]);
        by = found;
    }
    archive_writer *a = calloc(1, sizeof *a);
    if (a == NULL || (a->path = strdup(path)) == NULL) {
        free(a);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    size_t len = strlen(a->path);
    while (len > 1 && a->path[len - 1] == '/')
        a->path[--len] = '\0';
    if ((a->meta_path = malloc(len + sizeof META_SHARD + 1)) == NULL) {
        archive_writer_free(a);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    snprintf(a->meta_path, len + sizeof META_SHARD + 1, "%s/%s", a->path,
             META_SHARD);
    a->by = by;
    a->batch = batch;
    snprintf(a->gaz_version, sizeof a->gaz_version, "%s",
             gaz_version ? gaz_version : "");
    u64map_init(&a->written);
    u64map_init(&a->meta_index);
    spelling_counter_init(&a->batch_spelling);
    spelling_counter_init(&a->run_spelling);
    raise_open_files_limit();
    /* A new archive is one from the start, even if this run is killed
     * before it writes a shard. */
    dossier_status st = exists ? read_shards(a, stub_path, err)
                               : write_stub(a, err);
    if (st != DOSSIER_OK) {
        archive_writer_free(a);
        return st;
    }
    *out = a;
    return DOSSIER_OK;
}

/* Removes the article of UNIQUE from the shard that held it, other than
 * TARGET: one written by this run, or one the archive held before.
 * *MOVED says whether there was one. */
static dossier_status remove_elsewhere(archive_writer *a,
                                       const char *unique_term,
                                       uint64_t unique, size_t target,
                                       bool *moved, dossier_error *err)
{
    *moved = false;
    size_t from = SIZE_MAX;
    const uint64_t *at = u64map_get(&a->written, unique);
    if (at != NULL) {
        from = (size_t)*at - 1;
    } else {
        /* Not written by this run: the shards as they were.  The target
         * first, where a replaced article mostly is. */
        uint32_t freq = 0;
        if (a->shards[target].before != NULL &&
            xc_db_term_freq(a->shards[target].before, unique_term, &freq) ==
                XC_STATUS_SUCCESS &&
            freq > 0)
            return DOSSIER_OK;
        for (size_t i = 0; i < a->n_shards && from == SIZE_MAX; i++) {
            freq = 0;
            if (i != target && a->shards[i].before != NULL &&
                xc_db_term_freq(a->shards[i].before, unique_term, &freq) ==
                    XC_STATUS_SUCCESS &&
                freq > 0)
                from = i;
        }
    }
    if (from == SIZE_MAX || from == target)
        return DOSSIER_OK;
    struct shard *s = &a->shards[from];
    dossier_status st = open_writer(a, s, err);
    if (st == DOSSIER_OK)
        st = writer_remove(s->w, unique_term, moved, err);
    return st;
}

/* The entry of KEY in the run's metadata, or NULL. */
static struct meta_entry *meta_entry_of(const archive_writer *a,
                                        const char *key)
{
    const uint64_t *at = u64map_get(&a->meta_index, hash_term(key));
    if (at != NULL && strcmp(a->meta[*at - 1].key, key) == 0)
        return &a->meta[*at - 1];
    /* Two keys of one hash: the later ones are found by looking. */
    for (size_t i = 0; at != NULL && i < a->n_meta; i++)
        if (strcmp(a->meta[i].key, key) == 0)
            return &a->meta[i];
    return NULL;
}

dossier_status archive_writer_set_metadata(archive_writer *a,
                                           const char *key, const char *value,
                                           dossier_error *err)
{
    char *copy = value ? strdup(value) : NULL;
    if (value && copy == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    struct meta_entry *e = meta_entry_of(a, key);
    if (e != NULL) {
        free(e->value);
        e->value = copy;
        return DOSSIER_OK;
    }
    if (a->n_meta == a->cap_meta) {
        size_t cap = a->cap_meta ? 2 * a->cap_meta : 256;
        struct meta_entry *grown = realloc(a->meta, cap * sizeof *grown);
        if (grown == NULL) {
            free(copy);
            return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        }
        a->meta = grown;
        a->cap_meta = cap;
    }
    char *key_copy = strdup(key);
    if (key_copy == NULL) {
        free(copy);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    a->meta[a->n_meta++] = (struct meta_entry){key_copy, copy};
    uint64_t h = hash_term(key);
    if (u64map_get(&a->meta_index, h) == NULL &&
        u64map_put(&a->meta_index, h, a->n_meta) != 0)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    return DOSSIER_OK;
}

dossier_status archive_writer_get_metadata(archive_writer *a, const char *key,
                                           char **value, dossier_error *err)
{
    *value = NULL;
    const struct meta_entry *e = meta_entry_of(a, key);
    if (e != NULL) {
        if (e->value && (*value = strdup(e->value)) == NULL)
            return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
        return DOSSIER_OK;
    }
    if (a->meta_before == NULL)
        return DOSSIER_OK;
    char *v = NULL;
    size_t len = 0;
    if (xc_db_get_metadata(a->meta_before, key, &v, &len) !=
        XC_STATUS_SUCCESS)
        return dossier_fail(err, DOSSIER_ERR_INDEX,
                            "cannot read the metadata of %s: %s", a->path,
                            xc_db_last_error(a->meta_before));
    if (len > 0 && (*value = strndup(v, len)) == NULL) {
        xc_free(v);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    xc_free(v);
    return DOSSIER_OK;
}

dossier_status archive_writer_add(archive_writer *a, dossier_built *b,
                                  writer_skip *skip, dossier_error *err)
{
    char key[16];
    period_key(a, b, key, sizeof key);
    struct shard *s = shard_of(a, key);
    if (s == NULL) {
        dossier_built_clear(b);
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    size_t target = (size_t)(s - a->shards);
    uint64_t unique = hash_term(b->unique_term);
    bool moved = false;
    dossier_status st = remove_elsewhere(a, b->unique_term, unique, target,
                                         &moved, err);
    /* The shard array may have grown: S again by index. */
    if (st == DOSSIER_OK)
        st = open_writer(a, &a->shards[target], err);
    if (st != DOSSIER_OK) {
        dossier_built_clear(b);
        return st;
    }
    writer *w = a->shards[target].w;
    uint64_t added_before = writer_get_stats(w)->added;
    uint64_t written_before = added_before + writer_get_stats(w)->replaced;
    writer_skip own_skip;
    if (skip == NULL)
        skip = &own_skip;
    st = writer_add(w, b, skip, err);
    if (st != DOSSIER_OK)
        return st;
    if (skip->is_duplicate) {
        /* Where --show finds it: the archive's metadata, which searches
         * read (the shard's own is not). */
        char mkey[DOSSIER_META_DUPLICATE_KEY_MAX + 1];
        st = dossier_duplicate_meta_key(skip->id, mkey, sizeof mkey);
        if (st == DOSSIER_OK)
            st = archive_writer_set_metadata(a, mkey, skip->keeper_id, err);
        else
            st = dossier_fail(err, st, "id %s too long to record",
                              skip->id);
        return st;
    }
    if (u64map_put(&a->written, unique, target + 1) != 0)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    /* Where one index would commit, a batch of spelling ends. */
    const writer_stats *ws = writer_get_stats(w);
    if (ws->added + ws->replaced > written_before &&
        ++a->in_batch >= a->batch) {
        a->in_batch = 0;
        if (spelling_counter_flush_into(&a->batch_spelling,
                                        &a->run_spelling) != DOSSIER_OK)
            return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    }
    /* In one index it would have replaced its former version. */
    if (moved && writer_get_stats(w)->added > added_before)
        a->moved++;
    return DOSSIER_OK;
}

static int by_key(const void *x, const void *y)
{
    const struct shard *a = x, *b = y;
    /* Undated last; periods in time order. */
    bool ua = strcmp(a->key, UNDATED_SHARD) == 0;
    bool ub = strcmp(b->key, UNDATED_SHARD) == 0;
    if (ua != ub)
        return ua ? 1 : -1;
    return strcmp(a->key, b->key);
}

/* The stub's lines for every shard ("auto 1987\n"), meta first when
 * WITH_META, then in time order: a new string (free()), NULL for want of
 * memory. */
static char *shard_lines(const archive_writer *a, bool with_meta)
{
    struct shard *sorted = malloc((a->n_shards + 1) * sizeof *sorted);
    size_t cap = sizeof "auto " META_SHARD "\n";
    for (size_t i = 0; i < a->n_shards; i++)
        cap += sizeof "auto \n" + strlen(a->shards[i].key);
    char *lines = malloc(cap);
    if (sorted == NULL || lines == NULL) {
        free(sorted);
        free(lines);
        return NULL;
    }
    /* A new archive has no shard yet (and no array to copy). */
    if (a->n_shards > 0) {
        memcpy(sorted, a->shards, a->n_shards * sizeof *sorted);
        qsort(sorted, a->n_shards, sizeof *sorted, by_key);
    }
    size_t len = 0;
    lines[0] = '\0';
    if (with_meta)
        len += (size_t)sprintf(lines + len, "auto %s\n", META_SHARD);
    struct stat st;
    for (size_t i = 0; i < a->n_shards; i++) {
        /* A shard the run only looked at, or that an error left unmade,
         * is listed only when it exists. */
        if (stat(sorted[i].path, &st) == 0)
            len += (size_t)sprintf(lines + len, "auto %s\n", sorted[i].key);
    }
    free(sorted);
    return lines;
}

/* Writes the stub listing every shard, in time order, through a temporary
 * file renamed over the old one: a search never reads half a stub. */
static dossier_status write_stub(archive_writer *a, dossier_error *err)
{
    char path[4096], tmp[4112];
    snprintf(path, sizeof path, "%s/%s", a->path, DOSSIER_ARCHIVE_STUB);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    struct stat st;
    char *lines = shard_lines(a, stat(a->meta_path, &st) == 0);
    if (lines == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    FILE *f = fopen(tmp, "w");
    int failed = f == NULL;
    if (f != NULL) {
        char header[256];
        stub_header(a->by, header, sizeof header);
        fputs(header, f);
        fputs(lines, f);
        failed |= fflush(f) != 0 || ferror(f);
        failed |= fclose(f) != 0;
    }
    free(lines);
    if (failed || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return dossier_fail(err, DOSSIER_ERR_IO, "cannot write %s: %s", path,
                            strerror(e));
    }
    return DOSSIER_OK;
}

/* Writes the run's metadata into the META_SHARD, made when new: after
 * the articles, so that it never says more than they are.  It lists the
 * shards too, for a replica (DOSSIER_META_ARCHIVE_SHARDS). */
static dossier_status write_meta(archive_writer *a, dossier_error *err)
{
    char *lines = shard_lines(a, true);
    if (lines == NULL)
        return dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    writer *w = NULL;
    const char *path = a->meta_path;
    char *mismatch = NULL;
    dossier_status st = writer_open(path, a->batch, 1, WRITER_NEEDS_METADATA,
                                    a->gaz_version, &w, &mismatch, err);
    free(mismatch);
    for (size_t i = 0; st == DOSSIER_OK && i < a->n_meta; i++)
        st = writer_set_metadata(w, a->meta[i].key, a->meta[i].value, err);
    if (st == DOSSIER_OK)
        st = writer_set_metadata(w, DOSSIER_META_ARCHIVE_SHARDS, lines, err);
    if (st == DOSSIER_OK &&
        spelling_counter_flush_into(&a->batch_spelling, &a->run_spelling) !=
            DOSSIER_OK)
        st = dossier_fail(err, DOSSIER_ERR_NOMEM, "out of memory");
    if (st == DOSSIER_OK)
        st = writer_add_spelling(w, &a->run_spelling, err);
    if (st == DOSSIER_OK)
        st = writer_finish(w, err);
    writer_free(w);
    free(lines);
    return st;
}

dossier_status archive_writer_finish(archive_writer *a, dossier_error *err)
{
    for (size_t i = 0; i < a->n_shards; i++) {
        dossier_status st = close_writer(a, &a->shards[i], err);
        if (st != DOSSIER_OK)
            return st;
    }
    dossier_status st = write_meta(a, err);
    return st == DOSSIER_OK ? write_stub(a, err) : st;
}

const writer_stats *archive_writer_stats(const archive_writer *a)
{
    archive_writer *m = (archive_writer *)a; /* the totals are a cache */
    m->total = a->closed;
    for (size_t i = 0; i < a->n_shards; i++)
        if (a->shards[i].w != NULL)
            add_stats(&m->total, writer_get_stats(a->shards[i].w));
    uint64_t moved = a->moved < m->total.added ? a->moved : m->total.added;
    m->total.added -= moved;
    m->total.replaced += moved;
    return &m->total;
}

const char *archive_writer_path(const archive_writer *a)
{
    return a->path;
}

void archive_writer_free(archive_writer *a)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n_shards; i++) {
        writer_free(a->shards[i].w);
        xc_db_destroy(a->shards[i].before);
        free(a->shards[i].path);
    }
    free(a->shards);
    u64map_free(&a->written);
    for (size_t i = 0; i < a->n_meta; i++) {
        free(a->meta[i].key);
        free(a->meta[i].value);
    }
    free(a->meta);
    u64map_free(&a->meta_index);
    spelling_counter_free(&a->batch_spelling);
    spelling_counter_free(&a->run_spelling);
    xc_db_destroy(a->meta_before);
    free(a->meta_path);
    free(a->path);
    free(a);
}
