/*
 * main.c: dossier-search, the command line.
 *
 * Exit status, like grep: 0 some article matched, 1 none, 2 an error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dossier/date.h"
#include "dossier/gazetteer.h"
#include "dossier/paths.h"
#include "render.h"
#include "search.h"

#define PROGRAM "dossier-search"

static void usage(FILE *out)
{
    fprintf(out,
"usage: " PROGRAM " [OPTIONS] QUERY...\n"
"       " PROGRAM " [--db PATH] --show ID\n"
"       " PROGRAM " [OPTIONS] --similar ID [QUERY...]\n"
"       " PROGRAM " [OPTIONS] --profile ENTITY [QUERY...]\n"
"\n"
"  --db PATH         the index (default $DOSSIER_DB, else\n"
"                    $XDG_DATA_HOME/dossier/index, else\n"
"                    ~/.local/share/dossier/index)\n"
"  --limit N         hits to show (default 10, at most 1000)\n"
"  --offset N        hits to skip (default 0)\n"
"  --sort S          relevance (default), newest, oldest\n"
"  --facets          counts of entities, sources and months\n"
"  --json            one JSON document (--format json)\n"
"  --format F        text (default), json; or every match, not a page:\n"
"                    csv (RFC 4180) or jsonl, one article a row\n"
"  --with-text       csv and jsonl rows hold the stored text too\n"
"  --count           print the exact number of matching articles\n"
"  --ids             print the id of every matching article, one a line\n"
"  --color WHEN      auto (default; off when piped or NO_COLOR is set),\n"
"                    always, never\n"
"  --no-collapse     show near-duplicates as hits of their own\n"
"  --recent DAYS     rank newer articles higher: a half-life in days\n"
"  --time-limit S    seconds the search may take (default 5; 0: none);\n"
"                    past it, what is ready, with a warning\n"
"  --shard-timeout S  an archive (--db STUB): seconds a remote shard may\n"
"                    take to answer before the search goes on without it\n"
"                    (default 2), with a warning\n"
"  --lang L          language of the query (default en)\n"
"  --as-typed        run the query as typed even when it finds nothing\n"
"                    and a spelling correction would (else that runs)\n"
"  --fragments N     snippet fragments (default 3)\n"
"  --fragment-words N  words a fragment (default 30)\n"
"  --url URL         the article at URL, pasted as it is (url:URL)\n"
"  --profile ENTITY  what the archive has on an entity (any of its names):\n"
"                    first and last mention, articles per year and month,\n"
"                    sources, entities with it; within the QUERY if given\n"
"  --show ID         print one article with its entities (ID or URL)\n"
"  --similar ID      articles related to one article (ID or URL), within\n"
"                    the QUERY's words, fields and dates when given\n"
"  --entities FILE   the gazetteer; --no-entities for none\n"
"  --help            this text\n"
"\n"
"Query language: words, \"phrases\", AND OR NOT + -, ( ), a NEAR/5 b,\n"
"prefix*, title: source: author: entity: type: lang: category: url:\n"
"site:,\n"
"date:2020, date:2020-06..2021-03, since:DATE, until:DATE.\n"
"See dossier-search(1).\n"
"Exit status: 0 matches, 1 none, 2 error.\n");
}

static int parse_count(const char *s, size_t max, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v > max)
        return -1;
    *out = (size_t)v;
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The exit status of a search that failed with RC: 3 when the archive's
 * shards did not answer (try again later), else 2. */
static int failure_status(dossier_status rc)
{
    return rc == DOSSIER_ERR_NETWORK ? 3 : 2;
}

/* --show: the article, its entities marked. */
static int show(searcher *s, const char *id, int is_json, int is_color)
{
    char keeper[XC_MAX_TERM_BYTES + 1];
    dossier_error err;
    search_hit hit;
    dossier_status rc = searcher_show_article(s, id, &hit, keeper,
                                              sizeof keeper, &err);
    if (rc == DOSSIER_OK && keeper[0])
        fprintf(stderr, PROGRAM ": \"%s\" is an exact duplicate of \"%s\" "
                        "(the same title, body, source and date), indexed as "
                        "that article:\n", id, keeper);
    if (rc != DOSSIER_OK) {
        search_hit_clear(&hit);
        if (rc == DOSSIER_NOT_FOUND)
            fprintf(stderr, PROGRAM ": no article with id \"%s\"\n", id);
        else
            fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        return rc == DOSSIER_NOT_FOUND ? 1 : failure_status(rc);
    }
    /* The other copies of its story ("+N similar"). */
    search_result copies;
    if (searcher_copies(s, hit.record.id ? hit.record.id : id, &copies,
                        &err) != DOSSIER_OK)
        search_result_free(&copies); /* the article still shows */
    int status = 0;
    if (is_json) {
        char *json = render_json_article(&hit, &copies);
        if (json) {
            puts(json);
            free(json);
        } else {
            status = 2;
        }
    } else {
        render_text_article(stdout, &hit, is_color);
        fputs("\nEntities:", stdout);
        const dossier_entity *seen[256];
        size_t n_seen = 0;
        const snippet *parts[2] = {&hit.title, &hit.body};
        for (int p = 0; p < 2; p++)
            for (size_t i = 0; i < parts[p]->n_segments; i++) {
                const segment *g = &parts[p]->segments[i];
                if (g->type != SEG_ENTITY)
                    continue;
                size_t k = 0;
                while (k < n_seen && seen[k] != g->entity)
                    k++;
                if (k < n_seen || n_seen == 256)
                    continue;
                seen[n_seen++] = g->entity;
                printf("%s %s (%s, %s)", n_seen > 1 ? "," : "",
                       g->entity->name,
                       dossier_entity_type_name(g->entity->type),
                       g->entity->id);
            }
        puts(n_seen ? "" : " none");
        if (copies.n_hits > 0) {
            printf("\nOther copies of this story (%zu%s):\n", copies.n_hits,
                   copies.is_total_exact ? "" : " shown, more exist");
            for (size_t i = 0; i < copies.n_hits; i++) {
                const dossier_article *a = &copies.hits[i].record;
                char date[32] = "undated";
                if (a->has_published)
                    dossier_format_date(a->published, date);
                printf("  %.10s  %s  [%s]\n", date,
                       a->source ? a->source : "", a->id ? a->id : "");
            }
        }
    }
    search_result_free(&copies);
    search_hit_clear(&hit);
    return status;
}

/* What the search has to say beside its hits, on standard error. */
static void print_warnings(const search_result *r)
{
    if (r->shard_warning[0])
        fprintf(stderr, PROGRAM ": warning: %s; the results and counts are "
                        "those of the others (counts are lower bounds)\n",
                r->shard_warning);
    if (r->version_warning[0])
        fprintf(stderr, PROGRAM ": warning: %s\n", r->version_warning);
    if (r->deadline_warning[0])
        fprintf(stderr, PROGRAM ": warning: %s\n", r->deadline_warning);
    for (size_t i = 0; i < r->parsed.n_warnings; i++)
        fprintf(stderr, PROGRAM ": query position %zu: %s\n",
                r->parsed.warnings[i].position, r->parsed.warnings[i].message);
}

/* --count, --ids, --format csv or jsonl: every match, to W (NULL: the
 * count).  Returns the exit status. */
static int export_matches(searcher *s, const char *query, size_t len,
                          const search_options *opts, export_writer *w)
{
    static char buffer[1 << 16];
    setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    search_result r;
    uint32_t rows = 0, total = 0;
    dossier_error err;
    dossier_status rc =
        searcher_export(s, query, len, opts, 0, w ? export_writer_row : NULL,
                        w, &r, &rows, &total, &err);
    print_warnings(&r);
    int status = total > 0 ? 0 : 1;
    if (rc == DOSSIER_ERR_IO) {
        fprintf(stderr, PROGRAM ": cannot write the rows: %s (%u of %u "
                        "written)\n", strerror(errno), (unsigned)rows,
                (unsigned)total);
        status = 2;
    } else if (rc != DOSSIER_OK) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        status = failure_status(rc);
    } else if (w) {
        export_writer_begin(w); /* an empty CSV has its header */
    } else {
        printf("%u\n", (unsigned)total);
    }
    search_result_free(&r);
    if (fflush(stdout) != 0 && status != 2) {
        fprintf(stderr, PROGRAM ": cannot write: %s\n", strerror(errno));
        status = 2;
    }
    return status;
}

/* --profile: what the archive has on the entity NAME.  Returns the exit
 * status. */
static int profile(searcher *s, const dossier_gazetteer *gaz,
                   const char *name, const char *query, size_t len,
                   const search_options *opts, int is_json, int is_color)
{
    if (gaz == NULL) {
        fprintf(stderr, PROGRAM ": --profile needs the gazetteer\n");
        return 2;
    }
    double start = now_ms();
    entity_profile p;
    dossier_error err;
    dossier_status rc = searcher_profile(s, name, query, len, opts, &p, &err);
    double elapsed = now_ms() - start;
    int status = 0;
    if (rc == DOSSIER_OK || rc == DOSSIER_REFUSED)
        print_warnings(&p.result);
    if (rc == DOSSIER_NOT_FOUND) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        status = 2;
    } else if (rc != DOSSIER_OK) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        status = failure_status(rc);
    } else if (is_json) {
        char *json = render_json_profile(&p, gaz, elapsed);
        if (json == NULL) {
            fprintf(stderr, PROGRAM ": out of memory\n");
            status = 2;
        } else {
            puts(json);
            free(json);
        }
    } else {
        render_text_profile(stdout, &p, gaz, is_color);
    }
    if (status == 0)
        status = p.total > 0 ? 0 : 1;
    entity_profile_free(&p);
    return status;
}

int main(int argc, char **argv)
{
    enum {
        OPT_DB = 256, OPT_LIMIT, OPT_OFFSET, OPT_SORT, OPT_FACETS, OPT_JSON,
        OPT_COLOR, OPT_NO_COLLAPSE, OPT_LANG, OPT_FRAGMENTS, OPT_WORDS,
        OPT_SHOW, OPT_SIMILAR, OPT_ENTITIES, OPT_NO_ENTITIES, OPT_RECENT,
        OPT_TIME_LIMIT, OPT_FORMAT, OPT_WITH_TEXT, OPT_COUNT, OPT_IDS,
        OPT_URL, OPT_PROFILE, OPT_AS_TYPED, OPT_SHARD_TIMEOUT,
    };
    static const struct option options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"sort", required_argument, NULL, OPT_SORT},
        {"facets", no_argument, NULL, OPT_FACETS},
        {"json", no_argument, NULL, OPT_JSON},
        {"color", required_argument, NULL, OPT_COLOR},
        {"no-collapse", no_argument, NULL, OPT_NO_COLLAPSE},
        {"lang", required_argument, NULL, OPT_LANG},
        {"fragments", required_argument, NULL, OPT_FRAGMENTS},
        {"fragment-words", required_argument, NULL, OPT_WORDS},
        {"show", required_argument, NULL, OPT_SHOW},
        {"similar", required_argument, NULL, OPT_SIMILAR},
        {"entities", required_argument, NULL, OPT_ENTITIES},
        {"no-entities", no_argument, NULL, OPT_NO_ENTITIES},
        {"recent", required_argument, NULL, OPT_RECENT},
        {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
        {"shard-timeout", required_argument, NULL, OPT_SHARD_TIMEOUT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"with-text", no_argument, NULL, OPT_WITH_TEXT},
        {"count", no_argument, NULL, OPT_COUNT},
        {"ids", no_argument, NULL, OPT_IDS},
        {"url", required_argument, NULL, OPT_URL},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"as-typed", no_argument, NULL, OPT_AS_TYPED},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    search_options opts = {.limit = 10, .collapse = 1, .time_limit = 5.0};
    double shard_timeout = 0;
    const char *db = NULL, *show_id = NULL, *similar_id = NULL;
    const char *url = NULL, *profile_name = NULL;
    const char *entities_path = NULL, *color = "auto";
    int is_json = 0, use_entities = 1, is_export = 0, is_count = 0;
    export_writer writer = {.out = stdout};
    char db_buf[4096];
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: db = optarg; break;
        case OPT_LIMIT:
            if (parse_count(optarg, 1000, &opts.limit) || opts.limit == 0) {
                fprintf(stderr, PROGRAM ": --limit wants 1 to 1000, not "
                                "\"%s\"\n", optarg);
                return 2;
            }
            break;
        case OPT_OFFSET:
            if (parse_count(optarg, 1000000, &opts.offset)) {
                fprintf(stderr, PROGRAM ": --offset wants 0 to 1000000, not "
                                "\"%s\"\n", optarg);
                return 2;
            }
            break;
        case OPT_SORT:
            if (search_parse_sort(optarg, &opts.sort) != DOSSIER_OK) {
                fprintf(stderr, PROGRAM ": --sort wants relevance, newest or "
                                "oldest, not \"%s\"\n", optarg);
                return 2;
            }
            break;
        case OPT_FACETS: opts.want_facets = 1; break;
        case OPT_JSON: is_json = 1; break;
        case OPT_FORMAT:
            is_json = is_export = 0;
            if (strcmp(optarg, "json") == 0)
                is_json = 1;
            else if (strcmp(optarg, "csv") == 0)
                is_export = 1, writer.format = EXPORT_CSV;
            else if (strcmp(optarg, "jsonl") == 0)
                is_export = 1, writer.format = EXPORT_JSONL;
            else if (strcmp(optarg, "text") != 0) {
                fprintf(stderr, PROGRAM ": --format wants text, json, csv or "
                                "jsonl, not \"%s\"\n", optarg);
                return 2;
            }
            break;
        case OPT_WITH_TEXT: writer.with_text = 1; break;
        case OPT_COUNT: is_count = 1; break;
        case OPT_IDS: is_export = 1, writer.format = EXPORT_IDS; break;
        case OPT_URL: url = optarg; break;
        case OPT_PROFILE: profile_name = optarg; break;
        case OPT_AS_TYPED: opts.as_typed = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
                strcmp(optarg, "never")) {
                fprintf(stderr, PROGRAM ": --color wants auto, always or "
                                "never\n");
                return 2;
            }
            color = optarg;
            break;
        case OPT_NO_COLLAPSE: opts.collapse = 0; break;
        case OPT_LANG: opts.lang = optarg; break;
        case OPT_FRAGMENTS:
            if (parse_count(optarg, 10, &opts.snippet.max_fragments) ||
                opts.snippet.max_fragments == 0) {
                fprintf(stderr, PROGRAM ": --fragments wants 1 to 10\n");
                return 2;
            }
            break;
        case OPT_WORDS:
            if (parse_count(optarg, 200, &opts.snippet.fragment_words) ||
                opts.snippet.fragment_words < 5) {
                fprintf(stderr, PROGRAM ": --fragment-words wants 5 to 200\n");
                return 2;
            }
            break;
        case OPT_SHOW: show_id = optarg; break;
        case OPT_SIMILAR: similar_id = optarg; break;
        case OPT_ENTITIES: entities_path = optarg; break;
        case OPT_NO_ENTITIES: use_entities = 0; break;
        case OPT_RECENT: {
            size_t days;
            if (parse_count(optarg, 36500, &days) || days == 0) {
                fprintf(stderr, PROGRAM ": --recent wants 1 to 36500 days\n");
                return 2;
            }
            opts.recent_days = (double)days;
            break;
        }
        case OPT_SHARD_TIMEOUT:
            if (search_parse_time_limit(optarg, &shard_timeout) !=
                    DOSSIER_OK ||
                shard_timeout <= 0) {
                fprintf(stderr, PROGRAM ": --shard-timeout wants seconds "
                                "above 0, up to %d, not \"%s\"\n",
                        SEARCH_MAX_TIME_LIMIT, optarg);
                return 2;
            }
            break;
        case OPT_TIME_LIMIT:
            if (search_parse_time_limit(optarg, &opts.time_limit) != DOSSIER_OK) {
                fprintf(stderr, PROGRAM ": --time-limit wants seconds from 0 "
                                "(none) to %d, not \"%s\"\n",
                        SEARCH_MAX_TIME_LIMIT, optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int has_query = optind < argc || url != NULL;
    int n_modes = !!show_id + !!similar_id + !!profile_name;
    if (n_modes > 1 || (show_id && has_query) ||
        (n_modes == 0 && !has_query)) {
        usage(stderr);
        return 2;
    }
    if ((is_export || is_count) && n_modes > 0) {
        fprintf(stderr, PROGRAM ": --count, --ids, --format csv and jsonl "
                        "take a query, not --show, --similar or --profile\n");
        return 2;
    }
    if (writer.with_text && (!is_export || writer.format == EXPORT_IDS)) {
        fprintf(stderr, PROGRAM ": --with-text goes with --format csv or "
                        "jsonl\n");
        return 2;
    }
    const char *no_color = getenv("NO_COLOR");
    int is_color = strcmp(color, "always") == 0 ||
                   (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) &&
                    !(no_color && *no_color));

    if (db == NULL)
        db = dossier_default_db_path(db_buf, sizeof db_buf);
    dossier_gazetteer *gaz = NULL;
    if (use_entities) {
        const char *env = getenv("DOSSIER_ENTITIES");
        int is_default = entities_path == NULL && !(env && *env);
        if (entities_path == NULL)
            entities_path = dossier_default_entities_path();
        if (searcher_load_gazetteer(entities_path, db, is_default, &gaz) !=
            DOSSIER_OK) {
            fprintf(stderr, PROGRAM ": %s: cannot load the gazetteer: %s\n",
                    entities_path, strerror(errno));
            return 2;
        }
    }
    dossier_error err;
    searcher *s = NULL;
    dossier_status opened =
        searcher_open_archive(db, gaz, shard_timeout, &s, &err);
    if (opened != DOSSIER_OK) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        dossier_gazetteer_free(gaz);
        return failure_status(opened);
    }
    int status;
    char *query = NULL;
    if (show_id) {
        status = show(s, show_id, is_json, is_color);
        goto done;
    }

    /* The query: the arguments joined by spaces (the search cuts one past
     * QUERY_MAX_BYTES, and says so). */
    size_t len = 0, size = 1;
    for (int i = optind; i < argc; i++)
        size += strlen(argv[i]) + 1;
    query = malloc(size);
    if (query == NULL) {
        fprintf(stderr, PROGRAM ": out of memory\n");
        status = 2;
        goto done;
    }
    for (int i = optind; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (len)
            query[len++] = ' ';
        memcpy(query + len, argv[i], n);
        len += n;
    }
    query[len] = '\0';
    /* --url: a filter of the query's own, as the page's url= is. */
    char url_filter[2100];
    if (url) {
        query_url_clause(url, url_filter, sizeof url_filter);
        opts.filter_query = url_filter;
    }
    if (is_count || is_export) {
        status = export_matches(s, query, len, &opts,
                                is_count ? NULL : &writer);
        goto done;
    }
    if (profile_name) {
        status = profile(s, gaz, profile_name, query, len, &opts, is_json,
                         is_color);
        goto done;
    }
    double start = now_ms();
    search_result r;
    dossier_status rc =
        similar_id ? searcher_similar(s, similar_id, query, len, &opts, &r,
                                      &err)
                   : searcher_run(s, query, len, &opts, &r, &err);
    double elapsed = now_ms() - start;
    if (rc == DOSSIER_NOT_FOUND) {
        fprintf(stderr, PROGRAM ": no article with id \"%s\"\n", similar_id);
        search_result_free(&r);
        status = 2;
        goto done;
    }
    /* A refused query is shown with the warnings that say why. */
    if (rc != DOSSIER_OK && rc != DOSSIER_REFUSED) {
        fprintf(stderr, PROGRAM ": %s\n", dossier_error_message(&err));
        search_result_free(&r);
        status = failure_status(rc);
        goto done;
    }
    print_warnings(&r);
    if (is_json) {
        char *json = render_json(&r, similar_id ? "" : query, opts.offset,
                                 elapsed);
        if (json == NULL) {
            fprintf(stderr, PROGRAM ": out of memory\n");
            status = 2;
        } else {
            puts(json);
            free(json);
            status = r.n_hits > 0 ? 0 : 1;
        }
    } else {
        render_text(stdout, &r, query, is_color, opts.offset);
        status = r.n_hits > 0 ? 0 : 1;
    }
    if (r.is_refused)
        status = 2;
    search_result_free(&r);
done:
    free(query);
    searcher_free(s);
    dossier_gazetteer_free(gaz);
    return status;
}
