/*
 * main.c: dossier-index, the command line.
 *
 * Exit status: 0 success; 1 some input was rejected (each reported on
 * stderr); 2 a fatal error (bad usage, index locked or unusable,
 * unreadable gazetteer, out of memory); 130 interrupted.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze_cmd.h"
#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "dossier/paths.h"
#include "index_cmd.h"

#define PROGRAM "dossier-index"
/* The largest article accepted, by default. */
#define DEFAULT_MAX_ARTICLE_BYTES (16u << 20)

static void usage(FILE *out)
{
    fprintf(out,
"usage: " PROGRAM " [--db PATH] [--format FORMAT] [--lang L] [--batch N]\n"
"                     [--max-article-bytes N] [--quiet] FILE... | -\n"
"       " PROGRAM " --analyze [--lang L] [--json] < TEXT\n"
"\n"
"Indexes articles from FILEs (- is standard input): JSON Lines (.gz too),\n"
"RSS/Atom feeds, HTML pages or plain text, told from their content.\n"
"\n"
"  --db PATH          the index (default $DOSSIER_DB, else\n"
"                     $XDG_DATA_HOME/dossier/index, else\n"
"                     ~/.local/share/dossier/index)\n"
"  --format F         auto (default), jsonl, rss (any feed), html, text\n"
"  --lang L           language of articles that do not say (default en)\n"
"  --batch N          commit every N articles (default 10000)\n"
"  --max-article-bytes N  reject larger articles (default 16 MiB)\n"
"  --quiet            no progress line\n"
"  --jobs N           shards built in parallel when loading an empty index\n"
"                     (default: one per core, at most 4; 1 commits batches\n"
"                     as it goes even then)\n"
"  --entities FILE    the gazetteer (default $DOSSIER_ENTITIES, the\n"
"                     installed copy, or feeds/entities.tsv)\n"
"  --no-entities      do not tag entities\n"
"  --analyze          print what the analyzer makes of standard input\n"
"  --json             with --analyze: one JSON document\n"
"  --help             this text\n"
"\n"
"Exit status: 0 all indexed, 1 some input rejected, 2 fatal error,\n"
"130 interrupted (what was read is committed).\n");
}

static void print_warning(void *ctx, const char *where, const char *message)
{
    (void)ctx;
    fprintf(stderr, PROGRAM ": %s: %s\n", where, message);
}

/* One shard per core, at most four: past that the merge eats the gain. */
static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
}

/* Parses a positive size; 0 on error. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > (1ull << 40) || *s == '-')
        return 0;
    return (size_t)v;
}

int main(int argc, char **argv)
{
    enum {
        OPT_ENTITIES = 256, OPT_NO_ENTITIES, OPT_DB, OPT_FORMAT, OPT_BATCH,
        OPT_MAX, OPT_QUIET, OPT_JOBS,
    };
    static const struct option options[] = {
        {"analyze", no_argument, NULL, 'a'},
        {"lang", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},
        {"entities", required_argument, NULL, OPT_ENTITIES},
        {"no-entities", no_argument, NULL, OPT_NO_ENTITIES},
        {"db", required_argument, NULL, OPT_DB},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"max-article-bytes", required_argument, NULL, OPT_MAX},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int is_analyze = 0, is_json = 0, use_entities = 1;
    const char *lang = NULL, *entities_path = NULL;
    char db_buf[4096];
    index_options opts = {
        .format = INPUT_AUTO, .batch = 10000,
        .max_article_bytes = DEFAULT_MAX_ARTICLE_BYTES,
        .jobs = default_jobs(),
    };
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'a': is_analyze = 1; break;
        case 'l': lang = optarg; break;
        case 'j': is_json = 1; break;
        case OPT_ENTITIES: entities_path = optarg; break;
        case OPT_NO_ENTITIES: use_entities = 0; break;
        case OPT_DB: opts.db_path = optarg; break;
        case OPT_FORMAT:
            if (input_format_parse(optarg, &opts.format) != 0) {
                fprintf(stderr, PROGRAM ": unknown format \"%s\" (auto, "
                                "jsonl, rss, html, text)\n", optarg);
                return 2;
            }
            break;
        case OPT_BATCH:
            if ((opts.batch = parse_size(optarg)) == 0) {
                fprintf(stderr, PROGRAM ": --batch wants a positive number, "
                                "not \"%s\"\n", optarg);
                return 2;
            }
            break;
        case OPT_MAX:
            if ((opts.max_article_bytes = parse_size(optarg)) == 0) {
                fprintf(stderr, PROGRAM ": --max-article-bytes wants a "
                                "positive number, not \"%s\"\n", optarg);
                return 2;
            }
            break;
        case OPT_QUIET: opts.is_quiet = 1; break;
        case OPT_JOBS: {
            size_t jobs = parse_size(optarg);
            if (jobs == 0 || jobs > 64) {
                fprintf(stderr, PROGRAM ": --jobs wants a number from 1 to "
                                "64, not \"%s\"\n", optarg);
                return 2;
            }
            opts.jobs = (unsigned)jobs;
            break;
        }
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (is_analyze ? optind != argc : optind == argc) {
        usage(stderr);
        return 2;
    }

    dossier_gazetteer *gaz = NULL;
    if (use_entities) {
        if (entities_path == NULL)
            entities_path = dossier_default_entities_path();
        dossier_status st = dossier_gazetteer_load(entities_path,
                                                   print_warning, NULL, &gaz);
        if (st != DOSSIER_OK) {
            fprintf(stderr, PROGRAM ": %s: cannot load the gazetteer: %s\n",
                    entities_path,
                    st == DOSSIER_ERR_IO ? strerror(errno)
                                         : dossier_status_to_string(st));
            return 2;
        }
    }
    int status;
    if (is_analyze) {
        status = analyze_command(PROGRAM, stdin, stdout, gaz,
                                 lang ? lang : "en", is_json,
                                 opts.max_article_bytes);
    } else {
        opts.lang = lang ? lang : "en";
        if (opts.db_path == NULL)
            opts.db_path = dossier_default_db_path(db_buf, sizeof db_buf);
        status = index_command(PROGRAM, &opts, gaz, argv + optind,
                               (size_t)(argc - optind));
    }
    dossier_gazetteer_free(gaz);
    return status;
}
