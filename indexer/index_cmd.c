/*
 * index_cmd.c: the indexing run.
 */
#include "index_cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build_pool.h"
#include "dossier/facet_image.h"
#include "dossier/language.h"
#include "dossier/paths.h"
#include "dossier/schema.h"
#include "dossier/stub.h"
#include "escape.h"
#include "progress.h"
#include "writer.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

struct index_run {
    const char *program;
    const index_options *opts;
    build_pool *pool;
    writer *w;                 /* an index; or */
    archive_writer *archive;   /* an archive in shards */
    FILE *duplicates;          /* the report of --duplicates, or NULL */
    progress bar;
    input_progress input;
    uint64_t articles_read, articles_written;
    uint64_t rejected;         /* items skipped (reader.h) */
    uint64_t warnings;         /* problems in items kept all the same */
    const dossier_gazetteer *gaz;
    char languages_warned[8][16];
    size_t n_languages_warned;
    dossier_status fatal;      /* what stopped the run (reported), or
                                  DOSSIER_OK */
};

static void on_reject(void *ctx, const char *where, const char *reason)
{
    index_run *r = ctx;
    progress_clear(&r->bar);
    escape_message(stderr, "%s: %s: %s", r->program, where, reason);
    r->rejected++;
}

void index_run_warn(index_run *r, const char *where, const char *message)
{
    progress_clear(&r->bar);
    escape_message(stderr, "%s: %s: %s", r->program, where, message);
    r->warnings++;
}

static void on_warn(void *ctx, const char *where, const char *message)
{
    index_run_warn(ctx, where, message);
}

/* Warns once per language that has no stemmer. */
static void warn_language(index_run *r, const char *lang, const char *where)
{
    for (size_t i = 0; i < r->n_languages_warned; i++)
        if (strcmp(r->languages_warned[i], lang) == 0)
            return;
    if (r->n_languages_warned < 8)
        snprintf(r->languages_warned[r->n_languages_warned++], 16, "%s",
                 lang);
    progress_clear(&r->bar);
    escape_message(stderr,
                   "%s: %s: no stemmer for language \"%s\"; its words are "
                   "indexed unstemmed",
                   r->program, where, lang);
}

/* Writes S to OUT with control characters as spaces: an id comes from
 * the input, and must not break the report's lines (messages on the
 * terminal escape it instead). */
static void put_field(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
}

/* Tells of an article skipped as an exact duplicate: a line on stderr
 * with --verbose, a line of the --duplicates report. */
static void on_duplicate(index_run *r, const writer_skip *skip,
                         const char *where)
{
    if (r->opts->is_verbose) {
        progress_clear(&r->bar);
        escape_message(stderr, "%s: %s: id %s: exact duplicate of %s, skipped",
                       r->program, where, skip->id, skip->keeper_id);
    }
    if (r->duplicates) {
        put_field(r->duplicates, skip->id);
        fputc('\t', r->duplicates);
        put_field(r->duplicates, skip->keeper_id);
        fputc('\t', r->duplicates);
        put_field(r->duplicates, where);
        fputc('\n', r->duplicates);
    }
}

/* Receives each built article, in input order, from the build pool. */
static dossier_status on_built(void *ctx, dossier_status st,
                               dossier_built *built, const char *where,
                               const char *lang)
{
    index_run *r = ctx;
    if (st == DOSSIER_ERR_INVALID) {
        on_reject(r, where, "article has neither title nor body");
        return DOSSIER_OK;
    }
    if (st != DOSSIER_OK) {
        progress_clear(&r->bar);
        escape_message(stderr, "%s: %s: out of memory", r->program, where);
        return r->fatal = DOSSIER_ERR_NOMEM;
    }
    if (built->is_language_unknown)
        warn_language(r, lang, where);
    dossier_error err;
    writer_skip skip;
    st = r->archive ? archive_writer_add(r->archive, built, &skip, &err)
                    : writer_add(r->w, built, &skip, &err);
    if (st != DOSSIER_OK) {
        progress_clear(&r->bar);
        escape_message(stderr, "%s: %s: %s", r->program, where,
                       dossier_error_message(&err));
        return r->fatal = st;
    }
    if (skip.is_duplicate)
        on_duplicate(r, &skip, where);
    r->articles_written++;
    progress_update(&r->bar, r->articles_written,
                    input_progress_bytes(&r->input), r->input.name);
    return DOSSIER_OK;
}

/* Receives each article a reader produced; the build pool analyses it on
 * another core. */
static dossier_status on_article(void *ctx, dossier_article *a,
                                 const char *where)
{
    index_run *r = ctx;
    if (interrupted)
        return DOSSIER_INTERRUPTED;
    if (r->fatal != DOSSIER_OK)
        return r->fatal;
    r->articles_read++;
    /* A language that is none is said, and the text's own taken. */
    if (a->lang && *a->lang && !dossier_language_tag_valid(a->lang)) {
        progress_clear(&r->bar);
        escape_message(stderr,
                       "%s: %s: language \"%s\" is no language tag; the "
                       "text's own is used",
                       r->program, where, a->lang);
        r->warnings++;
        free(a->lang);
        a->lang = NULL;
    }
    /* The stored record should say the language it was analysed in. */
    if ((a->lang == NULL || *a->lang == '\0') && r->opts->lang &&
        dossier_article_set(&a->lang, r->opts->lang,
                            strlen(r->opts->lang)) != 0) {
        /* No memory for it: the builder falls back to the same language,
         * only the stored record will not say it. */
    }
    if (build_pool_submit(r->pool, a, where) != DOSSIER_OK) {
        /* A delivery that said stop has reported why; the pool alone
         * fails for want of memory. */
        if (r->fatal == DOSSIER_OK) {
            progress_clear(&r->bar);
            escape_message(stderr, "%s: %s: out of memory", r->program, where);
            r->fatal = DOSSIER_ERR_NOMEM;
        }
        return r->fatal;
    }
    return DOSSIER_OK;
}

/* Leaves the gazetteer compiled next to the index: the CGI, a process a
 * request, then loads it in a quarter of the time.  Searching works without
 * it, so failing to write it is a warning. */
static void save_gazetteer_image(const char *program, const char *db_path,
                                 const char *tsv_path,
                                 const dossier_gazetteer *gaz)
{
    char path[4096];
    if (gaz == NULL ||
        dossier_gazetteer_image_path(db_path, path, sizeof path) != 0)
        return;
    /* Beside the TSV too, for searches of remote shards only, which have
     * no index here: when its folder takes it (an installed TSV's may
     * not), and quietly otherwise. */
    char beside[4096];
    if (tsv_path != NULL &&
        dossier_tsv_image_path(tsv_path, beside, sizeof beside) == 0)
        dossier_gazetteer_save_image(gaz, beside);
    dossier_status st = dossier_gazetteer_save_image(gaz, path);
    if (st != DOSSIER_OK)
        escape_message(stderr,
                       "%s: warning: cannot write %s: %s (searches will "
                       "parse the gazetteer)",
                       program, path,
                st == DOSSIER_ERR_IO ? strerror(errno)
                                     : dossier_status_to_string(st));
}

/* Leaves the facet image of the index's new commit beside it
 * (dossier/facet_image.h): searches then count facets and stories over
 * every match from it.  They count from the values without it, so failing
 * to write it is a warning. */
void index_save_facet_image(const char *program, const char *db_path)
{
    dossier_error err;
    if (dossier_facet_image_write(db_path, &err) != DOSSIER_OK)
        escape_message(stderr,
                       "%s: warning: no facet image: %s (searches will "
                       "count facets from the index's values)",
                       program, dossier_error_message(&err));
}

/* Opens a run; FLAGS are writer_open's. */
static dossier_status run_open(const char *program, const index_options *opts,
                               const dossier_gazetteer *gaz,
                               unsigned writer_jobs, unsigned flags,
                               index_run **out)
{
    index_run *r = calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL) {
        escape_message(stderr, "%s: out of memory", program);
        return DOSSIER_ERR_NOMEM;
    }
    r->program = program;
    r->opts = opts;
    r->gaz = gaz;
    /* Enough articles in flight to keep every builder busy. */
    dossier_status st = build_pool_start(gaz, opts->lang, opts->jobs,
                                         64 * opts->jobs, on_built, r,
                                         &r->pool);
    if (st != DOSSIER_OK) {
        escape_message(stderr, "%s: cannot start the builders: out of memory",
                program);
        index_run_free(r);
        return st;
    }
    if (opts->duplicates_path &&
        (r->duplicates = fopen(opts->duplicates_path, "w")) == NULL) {
        escape_message(stderr, "%s: cannot write %s: %s", program,
                opts->duplicates_path, strerror(errno));
        index_run_free(r);
        return DOSSIER_ERR_IO;
    }
    char *mismatch = NULL;
    if (opts->is_restart)
        flags |= WRITER_RESTART;
    dossier_error err;
    char stub[4096];
    if (opts->shard_by != ARCHIVE_BY_NONE ||
        dossier_archive_stub(opts->db_path, stub, sizeof stub)) {
        /* An archive: its shards take no bulk load (the builders still
         * analyse on every core). */
        st = archive_writer_open(opts->db_path, opts->shard_by, opts->batch,
                                 gaz ? dossier_gazetteer_version(gaz) : NULL,
                                 &r->archive, &err);
    } else {
        st = writer_open(opts->db_path, opts->batch, writer_jobs, flags,
                         gaz ? dossier_gazetteer_version(gaz) : NULL, &r->w,
                         &mismatch, &err);
    }
    if (st != DOSSIER_OK) {
        escape_message(stderr, "%s: %s", program,
                       dossier_error_message(&err));
        index_run_free(r);
        return st;
    }
    if (r->w && writer_get_notice(r->w))
        escape_message(stderr, "%s: %s", program, writer_get_notice(r->w));
    if (mismatch) {
        escape_message(stderr, "%s: warning: %s", program, mismatch);
        free(mismatch);
    }
    *out = r;
    return DOSSIER_OK;
}

dossier_status index_run_open(const char *program, const index_options *opts,
                              const dossier_gazetteer *gaz,
                              unsigned writer_jobs, index_run **out)
{
    return run_open(program, opts, gaz, writer_jobs,
                    writer_jobs > 1 ? 0 : WRITER_NEEDS_METADATA, out);
}

reader_sink index_run_sink(index_run *r)
{
    return (reader_sink){
        .article = on_article, .reject = on_reject, .warn = on_warn,
        .ctx = r,
        .max_article_bytes = r->opts->max_article_bytes,
        .default_lang = r->opts->lang,
        .base_url = r->opts->base_url,
    };
}

dossier_status index_run_drain(index_run *r)
{
    /* A delivery that said stop has reported why. */
    if (r->fatal == DOSSIER_OK)
        r->fatal = build_pool_drain(r->pool);
    return r->fatal;
}

dossier_status index_run_get_metadata(index_run *r, const char *key,
                                      char **value, dossier_error *err)
{
    return r->archive ? archive_writer_get_metadata(r->archive, key, value,
                                                    err)
                      : writer_get_metadata(r->w, key, value, err);
}

dossier_status index_run_set_metadata(index_run *r, const char *key,
                                      const char *value, dossier_error *err)
{
    return r->archive ? archive_writer_set_metadata(r->archive, key, value,
                                                    err)
                      : writer_set_metadata(r->w, key, value, err);
}

progress *index_run_progress(index_run *r)
{
    return &r->bar;
}

uint64_t index_run_rejected(const index_run *r)
{
    return r->rejected;
}

uint64_t index_run_warnings(const index_run *r)
{
    return r->warnings;
}

/* Prints the summary line: what became of the articles (writer.h), the
 * items rejected and the warnings of items kept (reader.h), and on a
 * resumed bulk load what its shards held. */
const writer_stats *index_run_stats(const index_run *r)
{
    return r->archive ? archive_writer_stats(r->archive)
                      : writer_get_stats(r->w);
}

static void print_summary(index_run *r, uint64_t articles_read)
{
    const writer_stats *s = index_run_stats(r);
    double elapsed = progress_elapsed(&r->bar);
    char kept[64] = "", resumed[160] = "";
    if (s->is_resumed) {
        snprintf(kept, sizeof kept, "%llu kept, ",
                 (unsigned long long)s->kept);
        snprintf(resumed, sizeof resumed,
                 "; resumed a killed bulk load whose %u shards held %llu "
                 "articles",
                 s->shards, (unsigned long long)s->resumed_articles);
    }
    escape_message(stderr,
            "%s: %llu added, %llu replaced, %s%llu merged (exact duplicates), "
            "%llu near-duplicates, %llu rejected, %llu warnings%s; %.1f s, "
            "%.0f articles/s",
            r->program, (unsigned long long)s->added,
            (unsigned long long)s->replaced, kept,
            (unsigned long long)s->duplicates,
            (unsigned long long)s->near_duplicates,
            (unsigned long long)r->rejected,
            (unsigned long long)r->warnings, resumed, elapsed,
            elapsed > 0 ? (double)articles_read / elapsed : 0.0);
}

/* Keeps the gazetteer's text in the index's metadata, with the last
 * batch, when it is not already there: the entities then travel with the
 * databases (dossier/schema.h).  Searching works without it, so failing
 * is a warning, but for want of memory. */
static dossier_status store_gazetteer(index_run *r)
{
    const char *path = r->opts->entities_path;
    if (r->gaz == NULL || path == NULL)
        return DOSSIER_OK;
    char *text = NULL, *stored = NULL;
    size_t len = 0;
    dossier_error err;
    dossier_status st = dossier_gazetteer_read_text(path, r->gaz, &text, &len);
    if (st == DOSSIER_OK)
        st = index_run_get_metadata(r, DOSSIER_META_GAZETTEER_TSV, &stored,
                                    &err);
    if (st == DOSSIER_OK && (stored == NULL || strcmp(stored, text) != 0))
        st = index_run_set_metadata(r, DOSSIER_META_GAZETTEER_TSV, text,
                                    &err);
    if (st == DOSSIER_ERR_NOMEM)
        escape_message(stderr, "%s: out of memory", r->program);
    else if (st == DOSSIER_NOT_FOUND)
        escape_message(stderr, "%s: warning: %s changed while indexing: the "
                       "index keeps no copy of its gazetteer", r->program,
                       path);
    else if (st != DOSSIER_OK)
        escape_message(stderr, "%s: warning: the index keeps no copy of its "
                       "gazetteer: %s", r->program,
                       st == DOSSIER_ERR_IO ? strerror(errno)
                                            : dossier_error_message(&err));
    free(text);
    free(stored);
    return st == DOSSIER_ERR_NOMEM ? st : DOSSIER_OK;
}

dossier_status index_run_finish(index_run *r, uint64_t articles_read)
{
    dossier_status st = index_run_drain(r);
    if (st != DOSSIER_OK)
        return st; /* the open batch is dropped: the index stays as of the
                      last commit */
    if ((st = store_gazetteer(r)) != DOSSIER_OK)
        return st;
    progress_clear(&r->bar);
    unsigned shards = index_run_stats(r)->shards;
    if (shards > 0) {
        /* The merge draws nothing while it runs: say what it is. */
        char phase[160];
        snprintf(phase, sizeof phase,
                 "merging the %u shards into the index (reading took "
                 "%.0f s) ...", shards, progress_elapsed(&r->bar));
        progress_phase(&r->bar, phase);
    }
    dossier_error err;
    st = r->archive ? archive_writer_finish(r->archive, &err)
                    : writer_finish(r->w, &err);
    if (st != DOSSIER_OK) {
        progress_clear(&r->bar);
        escape_message(stderr, "%s: %s", r->program,
                       dossier_error_message(&err));
        return st;
    }
    progress_clear(&r->bar);
    save_gazetteer_image(r->program, r->opts->db_path,
                         r->opts->entities_path, r->gaz);
    /* An archive's searches count from the values (the image numbers
     * one index's documents). */
    if (r->archive == NULL)
        index_save_facet_image(r->program, r->opts->db_path);
    if (r->duplicates) {
        int failed = ferror(r->duplicates);
        failed |= fclose(r->duplicates) != 0;
        r->duplicates = NULL;
        if (failed) {
            escape_message(stderr, "%s: cannot write %s: %s", r->program,
                    r->opts->duplicates_path, strerror(errno));
            return DOSSIER_ERR_IO;
        }
    }
    print_summary(r, articles_read);
    return DOSSIER_OK;
}

void index_run_free(index_run *r)
{
    if (r == NULL)
        return;
    build_pool_free(r->pool);
    writer_free(r->w);
    archive_writer_free(r->archive);
    if (r->duplicates)
        fclose(r->duplicates);
    free(r);
}

void index_run_on_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool index_run_interrupted(void)
{
    return interrupted != 0;
}

void index_run_clear_interrupted(void)
{
    interrupted = 0;
}

int index_command(const char *program, const index_options *opts,
                  const dossier_gazetteer *gaz, char *const *files, size_t n)
{
    index_run *r;
    if (run_open(program, opts, gaz, opts->jobs, 0, &r) != DOSSIER_OK)
        return 2;
    int status = 2;
    /* The input's size, uncompressed: unknown when a part is. */
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t bytes = input_estimate_bytes(files[i]);
        if (bytes == 0) {
            total = 0;
            break;
        }
        total += bytes;
    }
    index_run_on_signals();
    progress_start(&r->bar, stderr, !opts->is_quiet, total);
    if (index_run_stats(r)->shards > 0)
        r->bar.after = "(then the merge)";
    reader_sink sink = index_run_sink(r);
    for (size_t i = 0; i < n && !interrupted && r->fatal == DOSSIER_OK;
         i++) {
        /* The readers fail on their own only for want of memory. */
        if (input_read(files[i], opts->format, &sink, &r->input) !=
                DOSSIER_OK &&
            !interrupted && r->fatal == DOSSIER_OK) {
            escape_message(stderr, "%s: %s: out of memory", program, files[i]);
            r->fatal = DOSSIER_ERR_NOMEM;
        }
    }
    if (r->fatal != DOSSIER_OK ||
        index_run_finish(r, r->articles_read) != DOSSIER_OK)
        goto done;
    if (interrupted) {
        escape_message(stderr, "%s: interrupted; what was read is committed",
                program);
        status = 130;
    } else {
        /* A warning is a problem too: scripts see it as they see a
         * rejection, and the summary tells them apart. */
        status = r->rejected || r->warnings ? 1 : 0;
    }
done:
    progress_clear(&r->bar);
    index_run_free(r);
    return status;
}
