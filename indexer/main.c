/*
 * main.c: dossier-index, the command line.
 *
 * Exit status: 0 success; 1 some input was rejected or kept with a
 * warning (each reported on stderr); 2 a fatal error (bad usage, index
 * locked or unusable, unreadable gazetteer, out of memory); 130
 * interrupted.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze_cmd.h"
#include "compact_cmd.h"
#include "fetch_cmd.h"
#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "dossier/paths.h"
#include "escape.h"
#include "index_cmd.h"
#include "replicate_cmd.h"

#define PROGRAM "dossier-index"
/* The largest article accepted, by default. */
#define DEFAULT_MAX_ARTICLE_BYTES (16u << 20)

static void usage(FILE *out)
{
    fprintf(out,
"usage: " PROGRAM " [--db PATH] [--format FORMAT] [--lang L] [--batch N]\n"
"                     [--max-article-bytes N] [--quiet] [--verbose]\n"
"                     [--duplicates FILE] [--jobs N] [--restart]\n"
"                     [--base-url URL] [--shard-by year|month] FILE... | -\n"
"       " PROGRAM " --fetch [--feeds LIST] [--check | --dry-run] [--full-text]\n"
"                     [--force] [--db PATH] ...\n"
"       " PROGRAM " --compact DEST [--db PATH]\n"
"       " PROGRAM " --replicate HOST:PORT[/NAME] --db REPLICA [--once]\n"
"                     [--interval SECS] [--timeout SECS] [--quiet]\n"
"       " PROGRAM " --analyze [--lang L] [--json] < TEXT\n"
"\n"
"Indexes articles from FILEs (- is standard input): JSON Lines (.gz too),\n"
"RSS/Atom feeds, HTML pages or plain text, told from their content.\n"
"With --fetch, downloads the feeds of LIST that changed and indexes their\n"
"new articles.\n"
"\n"
"  --db PATH          the index (default $DOSSIER_DB, else\n"
"                     $XDG_DATA_HOME/dossier/index, else\n"
"                     ~/.local/share/dossier/index)\n"
"  --format F         auto (default), jsonl, rss (any feed), html, text\n"
"  --lang L           language of articles that do not say (default: the\n"
"                     one their text is in, else en); an article whose\n"
"                     text is clearly in another language is analysed in\n"
"                     that one\n"
"  --batch N          commit every N articles (default 10000)\n"
"  --max-article-bytes N  reject larger articles (default 16 MiB)\n"
"  --quiet            no progress line\n"
"  --verbose          a line per exact duplicate skipped\n"
"  --duplicates FILE  write the exact duplicates skipped to FILE: id,\n"
"                     id of the article kept, FILE:LINE, tab-separated\n"
"  --base-url URL     where the files were saved from: their relative\n"
"                     links resolve against it (feeds: after xml:base)\n"
"  --jobs N           shards built in parallel when loading an empty index\n"
"                     (default: one per core, at most 4; 1 commits batches\n"
"                     as it goes even then); a killed bulk load is resumed\n"
"                     from its shards, with their number\n"
"  --restart          discard the shards of a killed bulk load and start\n"
"                     over instead of resuming it\n"
"  --compact DEST     write at DEST one compacted index of the index, or\n"
"                     of every shard of the archive, --db (as\n"
"                     xapian-compact merges), with its gazetteer image\n"
"  --replicate HOST:PORT[/NAME]  keep at --db a read replica of the index\n"
"                     or archive NAME that xapian-replicate-server\n"
"                     publishes there, a round every --interval SECS\n"
"                     (default 60) until stopped, or --once\n"
"  --shard-by P       write an archive: one index per year or month of\n"
"                     publication (and one for undated articles) in the\n"
"                     folder --db, listed by its stub XAPIANDB, which\n"
"                     dossier-search opens as one; later runs into the\n"
"                     folder keep its split without the option\n"
"  --entities FILE    the gazetteer (default $DOSSIER_ENTITIES, the\n"
"                     installed copy, or feeds/entities.tsv)\n"
"  --no-entities      do not tag entities\n"
"  --fetch            fetch the feed list's feeds (conditional GET, polite)\n"
"  --feeds LIST       OPML or one URL a line (default $DOSSIER_FEEDS, the\n"
"                     installed feeds.opml, or feeds/feeds.opml)\n"
"  --check            fetch every feed once and list those that fail\n"
"  --dry-run          say what --fetch would fetch; no network, no writes\n"
"  --full-text        fetch the pages of items that carry only a summary\n"
"  --force            fetch feeds that are not due yet (not backed off)\n"
"  --interval SECS    between two fetches of one feed (default 900)\n"
"                     (--replicate: between two rounds, default 60)\n"
"  --host-delay MS    between two requests to one host (default 1000)\n"
"  --timeout SECS     for a whole response (default 30; --replicate: for\n"
"                     a master that stops answering)\n"
"  --max-response-bytes N  larger responses fail (default 8 MiB)\n"
"  --user-agent UA    instead of Dossier's own\n"
"  --analyze          print what the analyzer makes of standard input\n"
"  --json             with --analyze: one JSON document\n"
"  --help             this text\n"
"\n"
"Exit status: 0 all indexed, 1 some input rejected or kept with a\n"
"warning, 2 fatal error, 130 interrupted (what was read is committed).\n");
}

static void print_warning(void *ctx, const char *where, const char *message)
{
    (void)ctx;
    escape_message(stderr, PROGRAM ": %s: %s", where, message);
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

/* Parses a whole number from MIN to MAX; -1 when it is none. */
static long long parse_range(const char *s, long long min, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    return v;
}

/* Says what --OPTION wants instead of VALUE; the exit status of bad
 * usage. */
static int bad_number(const char *option, const char *value,
                      const char *wanted)
{
    escape_message(stderr, PROGRAM ": --%s wants %s, not \"%s\"", option,
                   wanted,
            value);
    return 2;
}

int main(int argc, char **argv)
{
    enum {
        OPT_ENTITIES = 256, OPT_NO_ENTITIES, OPT_DB, OPT_FORMAT, OPT_BATCH,
        OPT_MAX, OPT_QUIET, OPT_JOBS, OPT_FETCH, OPT_FEEDS, OPT_CHECK,
        OPT_DRY_RUN, OPT_FULL_TEXT, OPT_FORCE, OPT_INTERVAL, OPT_HOST_DELAY,
        OPT_TIMEOUT, OPT_MAX_RESPONSE, OPT_USER_AGENT, OPT_VERBOSE,
        OPT_DUPLICATES, OPT_RESTART, OPT_BASE_URL, OPT_SHARD_BY, OPT_COMPACT,
        OPT_REPLICATE, OPT_ONCE,
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
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"duplicates", required_argument, NULL, OPT_DUPLICATES},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"restart", no_argument, NULL, OPT_RESTART},
        {"shard-by", required_argument, NULL, OPT_SHARD_BY},
        {"compact", required_argument, NULL, OPT_COMPACT},
        {"replicate", required_argument, NULL, OPT_REPLICATE},
        {"once", no_argument, NULL, OPT_ONCE},
        {"fetch", no_argument, NULL, OPT_FETCH},
        {"feeds", required_argument, NULL, OPT_FEEDS},
        {"check", no_argument, NULL, OPT_CHECK},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"full-text", no_argument, NULL, OPT_FULL_TEXT},
        {"force", no_argument, NULL, OPT_FORCE},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"host-delay", required_argument, NULL, OPT_HOST_DELAY},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-response-bytes", required_argument, NULL, OPT_MAX_RESPONSE},
        {"user-agent", required_argument, NULL, OPT_USER_AGENT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int is_analyze = 0, is_json = 0, use_entities = 1, is_fetch = 0;
    const char *compact_dest = NULL;
    replicate_options replicate = {.interval = 60, .timeout = 30};
    fetch_command_options fetch = {
        .min_interval = 900,
        .net = {.host_delay_ms = 1000},
    };
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
                escape_message(stderr,
                               PROGRAM ": unknown format \"%s\" (auto, "
                                       "jsonl, rss, html, text)",
                               optarg);
                return 2;
            }
            break;
        case OPT_BATCH:
            if ((opts.batch = parse_size(optarg)) == 0) {
                escape_message(stderr,
                               PROGRAM ": --batch wants a positive number, "
                                       "not \"%s\"",
                               optarg);
                return 2;
            }
            break;
        case OPT_MAX:
            if ((opts.max_article_bytes = parse_size(optarg)) == 0) {
                escape_message(stderr,
                               PROGRAM ": --max-article-bytes wants a "
                                       "positive number, not \"%s\"",
                               optarg);
                return 2;
            }
            break;
        case OPT_QUIET: opts.is_quiet = 1; break;
        case OPT_VERBOSE: opts.is_verbose = 1; break;
        case OPT_DUPLICATES: opts.duplicates_path = optarg; break;
        case OPT_BASE_URL:
            if (strncmp(optarg, "http://", 7) != 0 &&
                strncmp(optarg, "https://", 8) != 0) {
                escape_message(stderr,
                               PROGRAM ": --base-url wants an http or https "
                                       "URL, not \"%s\"",
                               optarg);
                return 2;
            }
            opts.base_url = optarg;
            break;
        case OPT_JOBS: {
            size_t jobs = parse_size(optarg);
            if (jobs == 0 || jobs > 64) {
                escape_message(stderr,
                               PROGRAM ": --jobs wants a number from 1 to "
                                       "64, not \"%s\"",
                               optarg);
                return 2;
            }
            opts.jobs = (unsigned)jobs;
            break;
        }
        case OPT_RESTART: opts.is_restart = 1; break;
        case OPT_COMPACT: compact_dest = optarg; break;
        case OPT_SHARD_BY:
            if (!archive_parse_period(optarg, &opts.shard_by)) {
                escape_message(stderr,
                               PROGRAM ": --shard-by wants year or month, "
                                       "not \"%s\"",
                               optarg);
                return 2;
            }
            break;
        case OPT_FETCH: is_fetch = 1; break;
        case OPT_FEEDS: fetch.feeds_path = optarg; break;
        case OPT_CHECK: is_fetch = 1; fetch.mode = FETCH_CHECK; break;
        case OPT_DRY_RUN: is_fetch = 1; fetch.mode = FETCH_DRY_RUN; break;
        case OPT_FULL_TEXT: fetch.is_full_text = 1; break;
        case OPT_FORCE: fetch.is_force = 1; break;
        case OPT_INTERVAL:
            /* 0 is allowed for these two: tests, a private server. */
            if ((fetch.min_interval = parse_range(optarg, 0, 30 * 86400)) < 0)
                return bad_number("interval", optarg, "0 to 2592000 seconds");
            replicate.interval = (unsigned)fetch.min_interval;
            break;
        case OPT_HOST_DELAY:
            if ((fetch.net.host_delay_ms = parse_range(optarg, 0, 60000)) < 0)
                return bad_number("host-delay", optarg, "0 to 60000 ms");
            break;
        case OPT_TIMEOUT: {
            long long secs = parse_range(optarg, 1, 3600);
            if (secs < 0)
                return bad_number("timeout", optarg, "1 to 3600 seconds");
            fetch.net.timeout_ms = (long)secs * 1000;
            replicate.timeout = (unsigned)secs;
            break;
        }
        case OPT_MAX_RESPONSE:
            if ((fetch.net.max_bytes = parse_size(optarg)) == 0) {
                escape_message(stderr,
                               PROGRAM ": --max-response-bytes wants a "
                                       "positive number, not \"%s\"",
                               optarg);
                return 2;
            }
            break;
        case OPT_USER_AGENT: fetch.net.user_agent = optarg; break;
        case OPT_REPLICATE: replicate.master = optarg; break;
        case OPT_ONCE: replicate.is_once = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (is_analyze || is_fetch || compact_dest || replicate.master
            ? optind != argc
                                               : optind == argc) {
        usage(stderr);
        return 2;
    }

    if (replicate.master) {
        if (opts.db_path == NULL) {
            escape_message(stderr, PROGRAM ": --replicate wants --db, the "
                           "replica's folder");
            return 2;
        }
        replicate.replica = opts.db_path;
        replicate.is_quiet = opts.is_quiet;
        return replicate_command(PROGRAM, &replicate);
    }
    if (compact_dest) {
        if (opts.db_path == NULL)
            opts.db_path = dossier_default_db_path(db_buf, sizeof db_buf);
        return compact_command(PROGRAM, opts.db_path, compact_dest);
    }
    dossier_gazetteer *gaz = NULL;
    if (use_entities) {
        if (entities_path == NULL)
            entities_path = dossier_default_entities_path();
        dossier_status st = dossier_gazetteer_load(entities_path,
                                                   print_warning, NULL, &gaz);
        opts.entities_path = entities_path;
        if (st != DOSSIER_OK) {
            escape_message(stderr,
                           PROGRAM ": %s: cannot load the gazetteer: %s",
                    entities_path,
                    st == DOSSIER_ERR_IO ? strerror(errno)
                                         : dossier_status_to_string(st));
            return 2;
        }
    }
    int status;
    if (is_analyze) {
        status = analyze_command(PROGRAM, stdin, stdout, gaz, lang, is_json,
                                 opts.max_article_bytes);
    } else {
        opts.lang = lang; /* NULL: an article that says none is detected */
        if (opts.db_path == NULL)
            opts.db_path = dossier_default_db_path(db_buf, sizeof db_buf);
        if (is_fetch) {
            fetch.index = opts;
            if (fetch.feeds_path == NULL)
                fetch.feeds_path = dossier_default_feeds_path();
            status = fetch_command(PROGRAM, &fetch, gaz);
        } else {
            status = index_command(PROGRAM, &opts, gaz, argv + optind,
                                   (size_t)(argc - optind));
        }
    }
    dossier_gazetteer_free(gaz);
    return status;
}
