/*
 * test_record_json.c: the stored record's reader, which scans the JSON
 * itself rather than through jansson.  It must read what the writer
 * writes, and accept and refuse exactly what jansson would: each case and
 * each damaged copy of a real record is read by both and compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "dossier/date.h"
#include "dossier/record_json.h"

static const char *string_or_null(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void assert_same_field(const char *expected, const char *got,
                              const char *key, const char *json)
{
    if (expected == NULL && got == NULL)
        return;
    if (expected == NULL || got == NULL || strcmp(expected, got) != 0)
        fail_msg("%s differs for %s: jansson \"%s\", ours \"%s\"", key, json,
                 expected ? expected : "(none)", got ? got : "(none)");
}

/* Reads JSON (LEN bytes) with both readers and asserts they agree: both
 * refuse it, or both read the same fields. */
static void assert_reads_as_jansson(const char *json, size_t len)
{
    json_t *obj = json_loadb(json, len, 0, NULL);
    int jansson_ok = json_is_object(obj);
    dossier_article a = {0};
    int ours_ok = dossier_record_from_json(json, len, &a) == 0;
    if (jansson_ok != ours_ok)
        fail_msg("jansson %s, ours %s: %.*s", jansson_ok ? "reads" : "refuses",
                 ours_ok ? "reads" : "refuses", (int)len, json);
    if (jansson_ok) {
        assert_same_field(string_or_null(obj, "id"), a.id, "id", json);
        assert_same_field(string_or_null(obj, "url"), a.url, "url", json);
        assert_same_field(string_or_null(obj, "title"), a.title, "title", json);
        assert_same_field(string_or_null(obj, "body"), a.body, "body", json);
        assert_same_field(string_or_null(obj, "source"), a.source, "source",
                          json);
        assert_same_field(string_or_null(obj, "lang"), a.lang, "lang", json);
        assert_same_field(string_or_null(obj, "category"), a.category,
                          "category", json);
        assert_same_field(string_or_null(obj, "author"), a.author, "author",
                          json);
        const char *date = string_or_null(obj, "published");
        int64_t when = 0;
        int has_date = date && dossier_parse_date(date, &when) == 0;
        assert_int_equal(a.has_published, has_date);
        if (has_date)
            assert_int_equal(a.published, when);
    } else {
        assert_null(a.id);
        assert_null(a.title);
        assert_null(a.body);
    }
    json_decref(obj);
    dossier_article_clear(&a);
}

static void test_round_trip(void **state)
{
    (void)state;
    dossier_article a = {0};
    const char *tricky = "quote \" backslash \\ slash / tab \t newline \n "
                         "bell \x07 nul-free \xc3\xa9t\xc3\xa9 \xe2\x80\x94 "
                         "\xef\xbf\xbd emoji \xf0\x9f\x98\x80 </script>";
    assert_int_equal(dossier_article_set(&a.id, "id-1", 4), 0);
    assert_int_equal(dossier_article_set(&a.title, tricky, strlen(tricky)), 0);
    assert_int_equal(dossier_article_set(&a.body, "", 0), 0);
    assert_int_equal(dossier_article_set(&a.url, "https://e.com/a?b=c&d=\"e\"",
                                         25), 0);
    assert_int_equal(dossier_article_set(&a.category, "x", 1), 0);
    const char *byline = "Jane Doe, Jos\xc3\xa9 <Ro\xc3\xa9> & \"Co\"";
    assert_int_equal(dossier_article_set(&a.author, byline, strlen(byline)),
                     0);
    a.has_published = 1;
    a.published = 1691413200;
    size_t len = 0;
    char *json = dossier_record_to_json(&a, NULL, NULL, NULL, &len);
    assert_non_null(json);
    dossier_article back = {0};
    assert_int_equal(dossier_record_from_json(json, len, &back), 0);
    assert_string_equal(back.id, "id-1");
    assert_string_equal(back.title, tricky);
    assert_string_equal(back.body, "");
    assert_string_equal(back.url, a.url);
    assert_string_equal(back.category, "x");
    assert_string_equal(back.author, byline);
    assert_non_null(strstr(json, "\"author\":\"Jane Doe, Jos"));
    assert_null(back.source);
    assert_null(back.lang);
    assert_true(back.has_published);
    assert_int_equal(back.published, 1691413200);
    assert_reads_as_jansson(json, len);
    free(json);
    /* No byline: no "author" key, and none read back. */
    assert_int_equal(dossier_article_set(&a.author, NULL, 0), 0);
    json = dossier_record_to_json(&a, NULL, NULL, NULL, &len);
    assert_non_null(json);
    assert_null(strstr(json, "\"author\""));
    assert_int_equal(dossier_record_from_json(json, len, &back), 0);
    assert_null(back.author);
    free(json);
    dossier_article_clear(&back);
    dossier_article_clear(&a);
}

static void test_cases_as_jansson(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "{}", " { } ", "{\"id\":\"a\"}", "{\"id\":\"a\",}", "{,}", "{\"id\"}",
        "{\"id\":}", "{\"id\" \"a\"}", "{\"id\":\"a\"", "{\"id\":\"a\"}x",
        "{\"id\":\"a\"} \n", "[]", "\"s\"", "", " ", "{\"id\":'a'}",
        /* Repeated keys: the last counts, whatever its type. */
        "{\"id\":\"a\",\"id\":\"b\"}", "{\"id\":\"a\",\"id\":1}",
        "{\"id\":1,\"id\":\"b\"}",
        /* Escapes. */
        "{\"title\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
        "{\"title\":\"\\u00e9\\u20AC\\ud83d\\ude00\"}",
        "{\"title\":\"\\u0000\"}", "{\"title\":\"\\ud83d\"}",
        "{\"title\":\"\\ud83dx\"}", "{\"title\":\"\\ude00\"}",
        "{\"title\":\"\\ud83d\\u0041\"}", "{\"title\":\"\\u12\"}",
        "{\"title\":\"\\u12g4\"}", "{\"title\":\"\\x\"}", "{\"title\":\"\\\"}",
        "{\"title\":\"a\\\\\"}", "{\"title\":\"tab\there\"}",
        /* UTF-8: valid, overlong, surrogate, truncated, stray. */
        "{\"title\":\"\xc3\xa9\"}", "{\"title\":\"\xc0\xaf\"}",
        "{\"title\":\"\xed\xa0\x80\"}", "{\"title\":\"\xe2\x80\"}",
        "{\"title\":\"\x80\"}", "{\"title\":\"\xf4\x90\x80\x80\"}",
        "{\"title\":\"\xef\xbf\xbd\"}", "{\"x\xff\":1}",
        /* Values stepped over. */
        "{\"entities\":[{\"id\":\"pla\",\"start\":1,\"end\":2}],\"id\":\"z\"}",
        "{\"x\":[1,2,[3,{\"y\":null}]],\"id\":\"z\"}", "{\"x\":[1,]}",
        "{\"x\":[,1]}", "{\"x\":{\"a\":1,}}", "{\"x\":{1:2}}",
        "{\"x\":true,\"y\":false,\"z\":null}", "{\"x\":tru}", "{\"x\":nul}",
        "{\"x\":-0.5e+3}", "{\"x\":01}", "{\"x\":-}", "{\"x\":1.}",
        "{\"x\":.5}", "{\"x\":1e}", "{\"x\":+1}", "{\"x\":0x10}",
        "{\"x\":[\"a\\\"]\"]}",
        /* The date: parsed, or not there. */
        "{\"published\":\"2023-08-07T13:00:00Z\"}",
        "{\"published\":\"yesterday\"}", "{\"published\":20230807}",
        "{\"published\":\"2023-08-07T13:00:00Z\",\"published\":null}",
        /* The byline: a string, or not there. */
        "{\"author\":\"Jane Doe\"}", "{\"author\":[\"Jane Doe\"]}",
        "{\"author\":\"Jane Doe\",\"author\":null}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_reads_as_jansson(cases[i], strlen(cases[i]));
}

/* A record as the indexer writes it, then every truncation of it and
 * every copy with one byte changed to one of a few troublemakers. */
static void test_damaged_records_as_jansson(void **state)
{
    (void)state;
    static const char record[] =
        "{\"id\":\"r-1\",\"url\":\"https://e.com/x\",\"title\":\"PLA \\\"drills\\\""
        " \\u2014 Taiwan\",\"body\":\"Caf\xc3\xa9 line\\nnext\",\"source\":"
        "\"Wire\",\"lang\":\"en\",\"published\":\"2023-08-07T13:00:00Z\","
        "\"entities\":[{\"id\":\"pla\",\"type\":\"military\",\"field\":"
        "\"title\",\"start\":0,\"end\":3}]}";
    size_t len = sizeof record - 1;
    char copy[sizeof record];
    for (size_t cut = 0; cut <= len; cut++)
        assert_reads_as_jansson(record, cut);
    static const char bytes[] = {'"', '\\', '}', ']', ',', ':', '{', '[',
                                 ' ', 'u', '0', '\n', (char)0x80, 0};
    for (size_t at = 0; at < len; at++) {
        for (size_t b = 0; b < sizeof bytes; b++) {
            memcpy(copy, record, sizeof record);
            copy[at] = bytes[b];
            assert_reads_as_jansson(copy, len);
        }
    }
    /* Then copies with up to four bytes changed at random, to any byte
     * or to one of the troublemakers, and cut at random. */
    uint64_t rng = 0x243F6A8885A308D3ull;
    for (int round = 0; round < 20000; round++) {
        memcpy(copy, record, sizeof record);
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        int changes = 1 + (int)(rng % 4);
        for (int k = 0; k < changes; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t at = (size_t)(rng % len);
            copy[at] = (rng >> 32) % 2 ? (char)(rng >> 40)
                                       : bytes[(rng >> 40) % sizeof bytes];
        }
        size_t cut = (rng >> 48) % 8 == 0 ? (size_t)((rng >> 52) % len) : len;
        assert_reads_as_jansson(copy, cut);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_cases_as_jansson),
        cmocka_unit_test(test_damaged_records_as_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
