/*
 * main.c: dossier-index, the command line.
 *
 * Exit status: 0 success; 1 some input was rejected (reported on stderr);
 * 2 a fatal error (bad usage, unreadable gazetteer, out of memory).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_cmd.h"
#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "dossier/paths.h"

#define PROGRAM "dossier-index"
/* The largest article accepted, by default. */
#define DEFAULT_MAX_ARTICLE_BYTES (16u << 20)

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " PROGRAM " --analyze [--lang L] [--json] [--entities FILE]"
            " < TEXT\n"
            "\n"
            "  --analyze        print the tokens, terms, entities and sentences"
            " the\n"
            "                   analyzer finds in standard input\n"
            "  --lang L         language of the text (ISO 639-1 or Snowball"
            " name;\n"
            "                   default en)\n"
            "  --json           print one JSON document instead of a table\n"
            "  --entities FILE  the gazetteer (default: $DOSSIER_ENTITIES, the"
            " installed\n"
            "                   copy, or feeds/entities.tsv)\n"
            "  --no-entities    skip entity matching\n"
            "  --help           this text\n"
            "\n"
            "Indexing articles (JSON Lines, RSS/Atom, HTML, text) and fetching"
            " feeds\ncome with the indexer's own issues; see README.md.\n");
}

static void print_warning(void *ctx, const char *where, const char *message)
{
    (void)ctx;
    fprintf(stderr, PROGRAM ": %s: %s\n", where, message);
}

int main(int argc, char **argv)
{
    enum { OPT_ENTITIES = 256, OPT_NO_ENTITIES };
    static const struct option options[] = {
        {"analyze", no_argument, NULL, 'a'},
        {"lang", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},
        {"entities", required_argument, NULL, OPT_ENTITIES},
        {"no-entities", no_argument, NULL, OPT_NO_ENTITIES},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int is_analyze = 0, is_json = 0, use_entities = 1;
    const char *lang = "en", *entities_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'a': is_analyze = 1; break;
        case 'l': lang = optarg; break;
        case 'j': is_json = 1; break;
        case OPT_ENTITIES: entities_path = optarg; break;
        case OPT_NO_ENTITIES: use_entities = 0; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!is_analyze || optind != argc) {
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
    int status = analyze_command(PROGRAM, stdin, stdout, gaz, lang, is_json,
                                 DEFAULT_MAX_ARTICLE_BYTES);
    dossier_gazetteer_free(gaz);
    return status;
}
