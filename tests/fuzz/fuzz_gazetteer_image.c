/*
 * fuzz_gazetteer_image.c: the compiled gazetteer, as
 * dossier_gazetteer_load_cached() maps it (the CGI does, each request):
 * the input is an image file, and the gazetteer it gives is then used
 * the way the analyzer and the searcher use one (every entity, lookups by
 * id, name and alias, entity mentions in a text), since the loader checks
 * most of an image only as those reads reach it.
 *
 * An image is only used when its header names this build and the TSV it
 * was made from, which a fuzzer could not guess: the header's magic,
 * TSV version and word size are set to the right ones, and its record of
 * the TSV file's metadata to zeros (so the version decides), leaving every
 * other byte to the fuzzer.  The TSV is a small one made of lines of
 * feeds/entities.tsv, held in memory.
 *
 * The right header is taken from an image of that TSV written at start
 * (in a temporary folder, removed at once).  With DOSSIER_FUZZ_SEED_DIR
 * set, that image is also written there (seed-image), for the corpus:
 * images are native byte order and change with the layout, so `make
 * fuzz` makes a fresh one each run.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "fuzz_common.h"
#include "gazetteer_internal.h"

static const char tsv[] =
    "# A few entities of feeds/entities.tsv, for fuzz_gazetteer_image.\n"
    "china\tcountry\tChina\tChinese|PRC|People's Republic of China\n"
    "japan\tcountry\tJapan\tJapanese\n"
    "russia\tcountry\tRussia\tRussian|Russians|Russian Federation\n"
    "taiwan\tcountry\tTaiwan\tTaiwanese|Republic of China\n"
    "united-states\tcountry\tUnited States\tUS|U.S.|USA|U.S.A.|United "
    "States of America|American|Americans|America\n"
    "south-china-sea\tplace\tSouth China Sea\t\n"
    "pla\tmilitary\tPeople's Liberation Army\tPLA|Chinese military|China's "
    "military|Chinese People's Liberation Army|Chinese army\n"
    "pla-navy\tmilitary\tPLA Navy\tPLAN|People's Liberation Army "
    "Navy|Chinese navy|China's navy\n"
    "us-cyber-command\tmilitary\tUS Cyber Command\tCyber "
    "Command|USCYBERCOM|CYBERCOM|U.S. Cyber Command|United States Cyber "
    "Command\n"
    "kremlin\tgovernment\tKremlin\t\n"
    "gchq\tintelligence\tGCHQ\tGovernment Communications Headquarters\n"
    "nsa\tintelligence\tNational Security Agency\tNSA|US National Security "
    "Agency|U.S. National Security Agency\n"
    "check-point\tcompany\tCheck Point\tCheck Point Research|Check Point "
    "Software|Check Point Software Technologies\n"
    "volt-typhoon\tthreat-actor\tVolt Typhoon\tVanguard Panda|Bronze "
    "Silhouette|Insidious Taurus|Voltzite\n"
    "xi-jinping\tperson\tXi Jinping\tPresident Xi|Chinese President Xi "
    "Jinping\n"
    "washington-post\tmedia\tThe Washington Post\tWashington Post|WaPo\n"
    "nato\talliance\tNATO\tNorth Atlantic Treaty Organization|North "
    "Atlantic Treaty Organisation|Atlantic Alliance\n";

/* What the analyzer reads: every name above in running text, in the case
 * rules' different forms. */
static const char text[] =
    "The PLA and the People's Liberation Army Navy drilled near Taiwan as "
    "U.S. Cyber Command and USCYBERCOM officials met in Tokyo. Check Point "
    "Research said Volt Typhoon targeted NATO members; the Kremlin denied "
    "it, and Nato said nothing. Japan's ministry briefed the NSA, GCHQ and "
    "The Washington Post on the breach. CHINESE MILITARY AND THE US NAVY "
    "MET IN THE SOUTH CHINA SEA. President Xi, Chinese President Xi "
    "Jinping, the PRC, the Russian Federation, Americans and the USA. "
    "Insidious Taurus (IT) hit the Atlantic Alliance; IT said so. "
    "Government Communications Headquarters, WaPo, PLAN, CYBERCOM.";

static const char *const names[] = {
    "china", "China", "chinese", "PRC", "people's republic of china",
    "japan", "Japanese", "russia", "Russian Federation", "taiwan",
    "united-states", "US", "us", "U.S.", "u.s.a.", "America",
    "south-china-sea", "South China Sea", "pla", "PLA", "Chinese army",
    "People\xE2\x80\x99s Liberation Army", "pla-navy", "PLAN", "Chinese navy",
    "us-cyber-command", "Cyber Command", "CYBERCOM", "kremlin", "gchq",
    "nsa", "NSA", "check-point", "Check Point Research", "volt-typhoon",
    "Voltzite", "xi-jinping", "President Xi", "washington-post", "WaPo",
    "nato", "Atlantic Alliance", "", "x", "nobody", "T\xC3\xBCrkiye",
    "\xFF\xFE", "People's", "Liberation",
};

/* The header of an image, as gazetteer_image.c lays it out. */
struct image_header {
    char magic[8];
    char version[32];
    struct gaz_source source;
    uint32_t word_size;
    uint32_t n_entities, pool_len, n_nodes, n_aliases;
    uint32_t edges_pool_len, edges_slots;
    uint32_t names_pool_len, names_slots;
};

static fuzz_file tsv_file, image_file;
static struct image_header good; /* the header of a real image */
static dossier_analysis *res;

/* Writes the image of the TSV above into a temporary folder and reads it
 * back: its header is the template for the inputs', and with
 * DOSSIER_FUZZ_SEED_DIR set it is written there as a seed. */
static void make_image(void)
{
    char dir[] = "/tmp/fuzz-gazetteer-XXXXXX";
    char path[4096];
    dossier_gazetteer *g = NULL;
    if (mkdtemp(dir) == NULL ||
        dossier_gazetteer_parse(tsv, sizeof tsv - 1, "entities.tsv", NULL,
                                NULL, &g) != DOSSIER_OK) {
        perror("fuzz_gazetteer_image: setting up");
        exit(1);
    }
    snprintf(path, sizeof path, "%s/image", dir);
    FILE *f = NULL;
    char *bytes = NULL;
    long len = -1;
    if (dossier_gazetteer_save_image(g, path) == DOSSIER_OK &&
        (f = fopen(path, "rb")) != NULL && fseek(f, 0, SEEK_END) == 0 &&
        (len = ftell(f)) >= (long)sizeof good && fseek(f, 0, SEEK_SET) == 0 &&
        (bytes = malloc((size_t)len)) != NULL &&
        fread(bytes, 1, (size_t)len, f) != (size_t)len)
        len = -1;
    if (f != NULL)
        fclose(f);
    remove(path);
    rmdir(dir);
    dossier_gazetteer_free(g);
    if (bytes == NULL || len < (long)sizeof good) {
        fprintf(stderr, "fuzz_gazetteer_image: cannot make an image\n");
        exit(1);
    }
    memcpy(&good, bytes, sizeof good);
    memset(&good.source, 0, sizeof good.source);

    const char *seeds = getenv("DOSSIER_FUZZ_SEED_DIR");
    if (seeds != NULL && *seeds != '\0') {
        snprintf(path, sizeof path, "%s/seed-image", seeds);
        f = fopen(path, "wb");
        if (f == NULL || fwrite(bytes, 1, (size_t)len, f) != (size_t)len ||
            fclose(f) != 0) {
            fprintf(stderr, "fuzz_gazetteer_image: cannot write %s\n", path);
            exit(1);
        }
    }
    free(bytes);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&tsv_file, "entities.tsv");
    fuzz_file_open(&image_file, "gazetteer.image");
    fuzz_file_set(&tsv_file, tsv, sizeof tsv - 1);
    if (dossier_analysis_new(&res) != DOSSIER_OK)
        abort();
    make_image();
    return 0;
}

static void use(const dossier_gazetteer *g)
{
    size_t n = dossier_gazetteer_count(g);
    for (size_t i = 0; i < n; i++) {
        const dossier_entity *e = dossier_gazetteer_entity(g, i);
        FUZZ_CHECK(e != NULL && e->index == i);
        fuzz_bytes_seen += strlen(e->id) + strlen(e->name) +
                           strlen(dossier_entity_type_name(e->type));
        const dossier_entity *found = dossier_gazetteer_lookup(g, e->id);
        if (found != NULL)
            fuzz_bytes_seen += strlen(found->id);
    }
    FUZZ_CHECK(dossier_gazetteer_entity(g, n) == NULL);
    fuzz_bytes_seen += strlen(dossier_gazetteer_version(g));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const dossier_entity *e = dossier_gazetteer_lookup(g, names[i]);
        if (e != NULL)
            FUZZ_CHECK(e->index < n && e == dossier_gazetteer_entity(g, e->index));
    }

    dossier_analyzer *an = NULL;
    if (dossier_analyzer_new(g, &an) != DOSSIER_OK)
        return;
    if (dossier_analyze(an, text, sizeof text - 1, "en", res) == DOSSIER_OK) {
        size_t n_tokens = dossier_analysis_token_count(res);
        const dossier_mention *m = dossier_analysis_mentions(res);
        for (size_t i = 0; i < dossier_analysis_mention_count(res); i++) {
            FUZZ_CHECK(m[i].entity != NULL && m[i].entity->index < n);
            FUZZ_CHECK(m[i].entity == dossier_gazetteer_entity(g, m[i].entity->index));
            FUZZ_CHECK(m[i].start < m[i].end && m[i].end <= sizeof text - 1);
            FUZZ_CHECK(m[i].first_token <= m[i].last_token &&
                       m[i].last_token < n_tokens);
            if (m[i].alias != NULL)
                fuzz_bytes_seen += strlen(m[i].alias);
        }
    }
    dossier_analyzer_free(an);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image_header h;
    if (size >= sizeof h) {
        uint8_t *image = malloc(size);
        if (image == NULL)
            return 0;
        memcpy(image, data, size);
        memcpy(&h, image, sizeof h);
        memcpy(h.magic, good.magic, sizeof h.magic);
        memcpy(h.version, good.version, sizeof h.version);
        h.source = good.source;
        h.word_size = good.word_size;
        memcpy(image, &h, sizeof h);
        fuzz_file_set(&image_file, image, size);
        free(image);
    } else {
        fuzz_file_set(&image_file, data, size);
    }

    dossier_gazetteer *g = NULL;
    int is_image = 0;
    if (dossier_gazetteer_load_cached(tsv_file.path, image_file.path, NULL,
                                      NULL, &is_image, &g) != DOSSIER_OK)
        return 0;
    FUZZ_CHECK(g != NULL);
    if (is_image)
        use(g);
    else /* refused: the TSV was parsed instead */
        FUZZ_CHECK(dossier_gazetteer_count(g) == 17);
    dossier_gazetteer_free(g);
    return 0;
}
