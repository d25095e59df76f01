/*
 * fuzz_record_json.c: the stored record's reader,
 * dossier_record_from_json(), which the searcher runs on every hit's
 * document data (a damaged or hostile index included).
 *
 * It must accept and refuse exactly what jansson would, and read the
 * same fields (test_record_json.c states the same of its cases; inputs
 * holding a NUL byte are left out, see check_as_jansson), and a
 * record it accepts, written again with dossier_record_to_json(), reads
 * back to the same fields.
 */
#define _GNU_SOURCE /* memfd_create, in fuzz_common.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dossier/date.h"
#include "dossier/record.h"
#include "dossier/record_json.h"
#include "fuzz_common.h"

static int same(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static const char *string_or_null(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Jansson's reading of the same bytes: the same verdict, the same
 * fields. */
static void check_as_jansson(const uint8_t *data, size_t size, int ours_ok,
                             const dossier_article *a)
{
    /* Jansson's stream skips a NUL byte that follows a number or a
     * literal ({"a":1\0} reads as {"a":1}), a quirk not worth copying:
     * jansson never writes a NUL, and ours refuses every one. */
    if (memchr(data, '\0', size) != NULL)
        return;
    json_t *obj = json_loadb((const char *)data, size, 0, NULL);
    int jansson_ok = json_is_object(obj);
    if (jansson_ok != ours_ok)
        fuzz_fail("jansson %s, ours %s: %.*s",
                  jansson_ok ? "reads" : "refuses",
                  ours_ok ? "reads" : "refuses", (int)(size < 300 ? size : 300),
                  (const char *)data);
    if (jansson_ok) {
        static const char *const keys[] = {"id",     "url",  "title",
                                           "body",   "source", "lang",
                                           "category", "author"};
        const char *ours[] = {a->id,     a->url,  a->title,
                              a->body,   a->source, a->lang,
                              a->category, a->author};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (!same(string_or_null(obj, keys[i]), ours[i]))
                fuzz_fail("%s differs from jansson's", keys[i]);
        const char *date = string_or_null(obj, "published");
        int64_t when = 0;
        int has_date = date && dossier_parse_date(date, &when) == 0;
        FUZZ_CHECK(a->has_published == has_date);
        if (has_date)
            FUZZ_CHECK(a->published == when);
    }
    json_decref(obj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that a read past the end is caught. */
    char *json = malloc(size ? size : 1);
    if (json == NULL)
        return 0;
    memcpy(json, data, size);
    dossier_article a = {.title = NULL};
    int ours_ok = dossier_record_from_json(json, size, &a) == 0;
    check_as_jansson(data, size, ours_ok, &a);
    if (!ours_ok) {
        FUZZ_CHECK(a.id == NULL && a.url == NULL && a.title == NULL &&
                   a.body == NULL && a.source == NULL && a.lang == NULL &&
                   a.category == NULL && a.author == NULL);
        free(json);
        return 0;
    }
    free(json);

    size_t len = 0;
    char *again = dossier_record_to_json(&a, NULL, NULL, NULL, &len);
    if (again != NULL) {
        dossier_article b = {0};
        if (dossier_record_from_json(again, len, &b) != 0)
            fuzz_fail("record written cannot be read: %.300s", again);
        FUZZ_CHECK(same(a.id, b.id) && same(a.url, b.url) &&
                   same(a.source, b.source) && same(a.lang, b.lang) &&
                   same(a.category, b.category) && same(a.author, b.author));
        /* The writer gives every record a title and a body. */
        FUZZ_CHECK(same(a.title ? a.title : "", b.title));
        FUZZ_CHECK(same(a.body ? a.body : "", b.body));
        FUZZ_CHECK(a.has_published == b.has_published);
        if (a.has_published)
            FUZZ_CHECK(a.published == b.published);
        dossier_article_clear(&b);
        free(again);
    }
    dossier_article_clear(&a);
    return 0;
}
