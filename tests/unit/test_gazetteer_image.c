/*
 * test_gazetteer_image.c: the compiled gazetteer.  An image must match
 * exactly what parsing the TSV gives, be refused when the TSV changed,
 * and never be trusted: a corrupt or truncated image loads the TSV or
 * loads safely, never reads out of bounds (the sanitizer build checks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "dossier/schema.h"
#include "util.h"

#define TSV "feeds/entities.tsv"

static const char *const texts[] = {
    "The PLA and the People's Liberation Army Navy drilled near Taiwan as "
    "U.S. Cyber Command and USCYBERCOM officials met in Tokyo.",
    "Check Point Research said Volt Typhoon targeted NATO members; the "
    "Kremlin denied it, and Nato said nothing.",
    "Japan's Ministry of Defense briefed the NSA, GCHQ and the Washington "
    "Post on the breach.",
};

/* Every mention of TEXT under GAZ as "id[text]" lines. */
static char *mentions(const dossier_gazetteer *gaz, const char *text)
{
    dossier_analyzer *an = NULL;
    dossier_analysis *res = NULL;
    assert_int_equal(dossier_analyzer_new(gaz, &an), DOSSIER_OK);
    assert_int_equal(dossier_analysis_new(&res), DOSSIER_OK);
    assert_int_equal(dossier_analyze(an, text, strlen(text), "en", res),
                     DOSSIER_OK);
    char *out = calloc(1, 4096);
    assert_non_null(out);
    size_t used = 0;
    const dossier_mention *m = dossier_analysis_mentions(res);
    for (size_t i = 0; i < dossier_analysis_mention_count(res); i++)
        used += (size_t)snprintf(out + used, 4096 - used, "%s[%.*s]\n",
                                 m[i].entity->id, (int)(m[i].end - m[i].start),
                                 text + m[i].start);
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
    return out;
}

static void test_image_matches_the_parsed_gazetteer(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("gazimage");
    char *image = test_path_join(dir, "gazetteer.image");
    dossier_gazetteer *parsed = NULL, *loaded = NULL;
    assert_int_equal(dossier_gazetteer_load(TSV, NULL, NULL, &parsed),
                     DOSSIER_OK);
    assert_int_equal(dossier_gazetteer_save_image(parsed, image), DOSSIER_OK);
    int is_image = 0;
    assert_int_equal(dossier_gazetteer_load_cached(TSV, image, NULL, NULL,
                                                   &is_image, &loaded),
                     DOSSIER_OK);
    assert_true(is_image);
    assert_string_equal(dossier_gazetteer_version(loaded),
                        dossier_gazetteer_version(parsed));
    size_t n = dossier_gazetteer_count(parsed);
    assert_true(n > 700);
    assert_int_equal(dossier_gazetteer_count(loaded), n);
    for (size_t i = 0; i < n; i++) {
        const dossier_entity *a = dossier_gazetteer_entity(parsed, i);
        const dossier_entity *b = dossier_gazetteer_entity(loaded, i);
        assert_string_equal(a->id, b->id);
        assert_string_equal(a->name, b->name);
        assert_int_equal(a->type, b->type);
        assert_int_equal(b->index, i);
        /* Every id and display name is found again, through the names map. */
        assert_ptr_equal(dossier_gazetteer_lookup(loaded, a->id), b);
    }
    assert_string_equal(dossier_gazetteer_lookup(loaded, "PLA")->id,
                        dossier_gazetteer_lookup(parsed, "PLA")->id);
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        char *want = mentions(parsed, texts[t]);
        char *got = mentions(loaded, texts[t]);
        assert_true(strlen(want) > 0);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    dossier_gazetteer_free(loaded);
    dossier_gazetteer_free(parsed);
    free(image);
    test_tmpdir_remove(dir);
}

/* The gazetteer of TSV, loaded by way of IMAGE; *IS_IMAGE tells whether
 * the image served. */
static dossier_gazetteer *load_via(const char *tsv, const char *image,
                                   int *is_image)
{
    dossier_gazetteer *g = NULL;
    assert_int_equal(
        dossier_gazetteer_load_cached(tsv, image, NULL, NULL, is_image, &g),
        DOSSIER_OK);
    assert_non_null(g);
    return g;
}

/* Loads TSV by way of IMAGE; whether the image served.  NAME, unless
 * NULL, must name an entity of what was loaded. */
static int loads_image(const char *tsv, const char *image, const char *name)
{
    int is_image = -1;
    dossier_gazetteer *g = load_via(tsv, image, &is_image);
    if (name)
        assert_non_null(dossier_gazetteer_lookup(g, name));
    dossier_gazetteer_free(g);
    return is_image;
}

static void test_changed_tsv_is_parsed_not_the_stale_image(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("gazstale");
    char *image = test_path_join(dir, "gazetteer.image");
    char *tsv = test_path_join(dir, "entities.tsv");
    size_t len;
    char *text = test_read_file(TSV, &len);
    test_write_file(tsv, text, len);
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_load(tsv, NULL, NULL, &g), DOSSIER_OK);
    assert_int_equal(dossier_gazetteer_save_image(g, image), DOSSIER_OK);
    dossier_gazetteer_free(g);

    static const char extra[] = "zz-test-bureau\torganisation\tZz Test Bureau"
                                "\tZTB\n";
    char *more = malloc(len + sizeof extra);
    assert_non_null(more);
    memcpy(more, text, len);
    memcpy(more + len, extra, sizeof extra - 1);
    test_write_file(tsv, more, len + sizeof extra - 1);
    assert_false(loads_image(tsv, image, "ZTB"));

    /* The same bytes written again (new times): the image serves. */
    test_write_file(tsv, text, len);
    assert_int_equal(dossier_gazetteer_load(tsv, NULL, NULL, &g), DOSSIER_OK);
    assert_int_equal(dossier_gazetteer_save_image(g, image), DOSSIER_OK);
    dossier_gazetteer_free(g);
    test_write_file(tsv, text, len);
    assert_true(loads_image(tsv, image, NULL));
    /* One letter of an alias changed in place, the size kept: the image
     * made before is stale, whatever the clock's resolution. */
    char *edited = malloc(len);
    assert_non_null(edited);
    memcpy(edited, text, len);
    char *alias = strstr(edited, "\tPLAAF|");
    assert_non_null(alias);
    alias[2] = 'X'; /* PXAAF */
    test_write_file(tsv, edited, len);
    assert_false(loads_image(tsv, image, "PXAAF"));
    free(edited);

    /* No image at all: the TSV, quietly. */
    assert_false(loads_image(tsv, "/nonexistent/img", NULL));
    free(more);
    free(text);
    free(tsv);
    free(image);
    test_tmpdir_remove(dir);
}

/* Saves the image of feeds/entities.tsv at PATH; returns its bytes. */
static char *saved_image(const char *path, size_t *len)
{
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_load(TSV, NULL, NULL, &g), DOSSIER_OK);
    assert_int_equal(dossier_gazetteer_save_image(g, path), DOSSIER_OK);
    dossier_gazetteer_free(g);
    return test_read_file(path, len);
}

/* The mentions of TEXT by the gazetteer loaded from IMAGE, which must
 * serve. */
static char *image_mentions(const char *image, const char *text)
{
    int is_image = 0;
    dossier_gazetteer *g = load_via(TSV, image, &is_image);
    assert_true(is_image);
    char *found = mentions(g, text);
    dossier_gazetteer_free(g);
    return found;
}

/* Loads the damaged image and, if it was taken, uses it. */
static void load_and_use(const char *image, int *taken)
{
    int is_image = 0;
    dossier_gazetteer *g = load_via(TSV, image, &is_image);
    *taken += is_image;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        free(mentions(g, texts[t]));
    for (size_t i = 0; i < dossier_gazetteer_count(g); i += 97)
        (void)dossier_gazetteer_lookup(g, dossier_gazetteer_entity(g, i)->id);
    dossier_gazetteer_free(g);
}

static void test_corrupt_or_truncated_images_are_safe(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("gazcorrupt");
    char *image = test_path_join(dir, "gazetteer.image");
    size_t len;
    char *good = saved_image(image, &len);
    char *bad = malloc(len);
    assert_non_null(bad);

    int taken = 0, tries = 0;
    /* Truncations: all refused. */
    for (size_t cut = 0; cut < len; cut += len / 50 + 1, tries++) {
        test_write_file(image, good, cut);
        load_and_use(image, &taken);
    }
    assert_int_equal(taken, 0);
    /* Bytes overwritten across the whole file, header and arrays alike. */
    size_t stride = len / 600 + 1;
    for (size_t at = 0; at < len; at += stride) {
        memcpy(bad, good, len);
        bad[at] = (char)(bad[at] ^ 0xA5);
        if (at + 3 < len)
            memset(bad + at + 1, 0xFF, 3); /* huge offsets and counts */
        test_write_file(image, bad, len);
        load_and_use(image, &taken);
    }
    /* Damage in the pools or hashes can pass the checks (a name then
     * fails to match): that is allowed, reading out of bounds is not. */
    print_message("%d of %zu damaged images were taken\n", taken,
                  len / stride);
    /* The intact image is taken again. */
    test_write_file(image, good, len);
    taken = 0;
    load_and_use(image, &taken);
    assert_int_equal(taken, 1);
    free(bad);
    free(good);
    free(image);
    test_tmpdir_remove(dir);
}

static uint32_t header_field(const char *image, int k)
{
    uint32_t v;
    /* After the magic, the version and the TSV's stat fields. */
    memcpy(&v, image + 96 + 4 * k, sizeof v);
    return v;
}

/* An alias longer than its path in the trie would have the matcher read
 * tokens past the ones it matched (past the text's last, here): though
 * every offset in the image is in bounds, the matcher passes over it. */
static void test_alias_longer_than_its_path_never_matches(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("gazdepth");
    char *image = test_path_join(dir, "gazetteer.image");
    size_t len;
    char *data = saved_image(image, &len);
    /* Header fields: word size, entities, pool, nodes, aliases,
     * contexts, edges pool, edges slots, names pool, names slots, context
     * prefix lengths.  Each array starts on a multiple of 8 bytes. */
    size_t arrays[] = {
        140,                               /* the header */
        4 * (size_t)header_field(data, 1), /* entity types */
        24 * (size_t)header_field(data, 1), /* offsets, years, context */
        header_field(data, 2),             /* pool */
        header_field(data, 6),             /* edges pool */
        16 * (size_t)header_field(data, 7), /* edges slots */
        (262144 + 4096 + 65536 + 32768) / 8, /* the filters */
        4 * (size_t)header_field(data, 3), /* node aliases */
    };
    size_t at = 0;
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        at = (at + arrays[i] + 7) / 8 * 8;
    /* Afghanistan before a word and at the end of the text. */
    static const char text[] = "Afghanistan and Albania and Afghanistan";
    char *before = image_mentions(image, text);
    assert_string_equal(before, "afghanistan[Afghanistan]\nalbania[Albania]\n"
                                "afghanistan[Afghanistan]\n");
    free(before);
    /* The first alias, Afghanistan's name: entity, name, n_tokens, cases,
     * next. */
    uint32_t n_tokens;
    memcpy(&n_tokens, data + at + 8, sizeof n_tokens);
    assert_true(n_tokens >= 1 && n_tokens <= 8); /* found the field */
    n_tokens += 1;
    memcpy(data + at + 8, &n_tokens, sizeof n_tokens);
    test_write_file(image, data, len);
    char *after = image_mentions(image, text);
    assert_string_equal(after, "albania[Albania]\n");
    free(after);
    free(data);
    free(image);
    test_tmpdir_remove(dir);
}

/* The text an index keeps of its gazetteer: the TSV's bytes while they
 * are what the gazetteer was loaded from, and parsed back from the index
 * it gives the same entities. */
static void test_text_kept_in_the_index(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("gazstored");
    char *tsv = test_path_join(dir, "entities.tsv");
    char *index = test_path_join(dir, "index");
    size_t len;
    char *text = test_read_file(TSV, &len);
    test_write_file(tsv, text, len);
    dossier_gazetteer *g = NULL, *stored = NULL;
    assert_int_equal(dossier_gazetteer_load(tsv, NULL, NULL, &g), DOSSIER_OK);
    char *kept = NULL;
    size_t kept_len = 0;
    assert_int_equal(dossier_gazetteer_read_text(tsv, g, &kept, &kept_len),
                     DOSSIER_OK);
    assert_int_equal(kept_len, len);
    assert_memory_equal(kept, text, len);

    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(index, XC_DB_CREATE_OR_OPEN, &db),
                     XC_STATUS_SUCCESS);
    assert_int_equal(dossier_gazetteer_load_stored(db, index, &stored),
                     DOSSIER_NOT_FOUND);
    assert_null(stored);
    assert_int_equal(xc_db_set_metadata(db, DOSSIER_META_GAZETTEER_TSV, kept,
                                        kept_len),
                     XC_STATUS_SUCCESS);
    assert_int_equal(dossier_gazetteer_load_stored(db, index, &stored),
                     DOSSIER_OK);
    assert_string_equal(dossier_gazetteer_version(stored),
                        dossier_gazetteer_version(g));
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *a = mentions(g, texts[i]), *b = mentions(stored, texts[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    xc_db_destroy(db);
    free(kept);

    /* The file changed since it was loaded: not its text any more. */
    test_write_file(tsv, text, len - 1);
    assert_int_equal(dossier_gazetteer_read_text(tsv, g, &kept, &kept_len),
                     DOSSIER_NOT_FOUND);
    assert_null(kept);
    dossier_gazetteer_free(stored);
    dossier_gazetteer_free(g);
    free(text);
    free(index);
    free(tsv);
    test_tmpdir_remove(dir);
}

/* Several processes writing the image at one path at once (dossier-index
 * runs into different indexes leave one beside their shared TSV): every
 * write succeeds, and what is left is a whole image.  With one temporary
 * name for all, a writer's rename found its file renamed away by another
 * (or the image cut short by a writer truncating it). */
static void test_writers_at_once_leave_a_whole_image(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("gazwriters");
    char *image = test_path_join(dir, "entities.tsv.image");
    dossier_gazetteer *g = NULL;
    assert_int_equal(dossier_gazetteer_load(TSV, NULL, NULL, &g), DOSSIER_OK);
    pid_t kids[3];
    for (int k = 0; k < 3; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            int failed = 0;
            for (int i = 0; i < 15; i++)
                failed |= dossier_gazetteer_save_image(g, image) != DOSSIER_OK;
            _exit(failed);
        }
    }
    for (int k = 0; k < 3; k++) {
        int status = -1;
        assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(loads_image(TSV, image, "pla"), 1);
    dossier_gazetteer_free(g);
    free(image);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image_matches_the_parsed_gazetteer),
        cmocka_unit_test(test_changed_tsv_is_parsed_not_the_stale_image),
        cmocka_unit_test(test_corrupt_or_truncated_images_are_safe),
        cmocka_unit_test(test_alias_longer_than_its_path_never_matches),
        cmocka_unit_test(test_text_kept_in_the_index),
        cmocka_unit_test(test_writers_at_once_leave_a_whole_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
