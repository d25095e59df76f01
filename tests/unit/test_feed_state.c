/*
 * test_feed_state.c: the per-feed state of `dossier-index --fetch`: a
 * round trip of every field, the item cap keeping the newest, damaged
 * documents refused without crashing (the feed starts afresh), and keys
 * that stay within Xapian's limit whatever the URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feed_state.h"

static void test_round_trip(void **state)
{
    (void)state;
    feed_state s;
    feed_state_init(&s);
    assert_int_equal(feed_state_set(&s.url, "https://example.org/new"), 0);
    assert_int_equal(feed_state_set(&s.etag, "W/\"x\\\"y\""), 0);
    assert_int_equal(feed_state_set(&s.last_error, "HTTP 500 \xC3\xA9"), 0);
    s.last_attempt = 1700000000;
    s.last_success = 1690000000;
    s.next_fetch = 1700000900;
    s.failures = 3;
    assert_int_equal(feed_state_note(&s, 1, 2, 10), 0);
    assert_int_equal(feed_state_note(&s, UINT64_MAX, 0, 11), 0);
    assert_int_equal(feed_state_note(&s, 42, 5, 12), 0);
    /* Noting a known item updates it. */
    assert_int_equal(feed_state_note(&s, 1, 3, 13), 0);
    assert_int_equal(s.n_items, 3);

    char *json = feed_state_format(&s);
    assert_non_null(json);
    feed_state t;
    feed_state_init(&t);
    assert_int_equal(feed_state_parse(json, strlen(json), &t), 0);
    assert_string_equal(t.url, "https://example.org/new");
    assert_string_equal(t.etag, "W/\"x\\\"y\"");
    assert_null(t.last_modified);
    assert_string_equal(t.last_error, "HTTP 500 \xC3\xA9");
    assert_int_equal(t.last_attempt, 1700000000);
    assert_int_equal(t.last_success, 1690000000);
    assert_int_equal(t.next_fetch, 1700000900);
    assert_int_equal(t.failures, 3);
    assert_int_equal(t.n_items, 3);
    feed_item_seen *it = feed_state_find(&t, 1);
    assert_non_null(it);
    assert_int_equal(it->content, 3);
    assert_int_equal(it->seen, 13);
    assert_non_null(feed_state_find(&t, UINT64_MAX));
    assert_non_null(feed_state_find(&t, 42));
    assert_null(feed_state_find(&t, 2));
    free(json);
    feed_state_clear(&t);
    feed_state_clear(&s);
}

static void test_cap_keeps_newest(void **state)
{
    (void)state;
    feed_state s;
    feed_state_init(&s);
    size_t n = FEED_STATE_MAX_ITEMS + 100;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(feed_state_note(&s, 1000 + i, i, (int64_t)i), 0);
    char *json = feed_state_format(&s);
    assert_non_null(json);
    feed_state t;
    feed_state_init(&t);
    assert_int_equal(feed_state_parse(json, strlen(json), &t), 0);
    assert_int_equal(t.n_items, FEED_STATE_MAX_ITEMS);
    assert_null(feed_state_find(&t, 1000));
    assert_null(feed_state_find(&t, 1099));
    assert_non_null(feed_state_find(&t, 1100));
    assert_non_null(feed_state_find(&t, 1000 + n - 1));
    free(json);
    feed_state_clear(&t);
    feed_state_clear(&s);
}

static void test_damaged_documents(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "null", "[]", "{", "{\"url\": 5}", "{\"failures\": -1}",
        "{\"failures\": \"x\"}", "{\"next_fetch\": 1.5}",
        "{\"items\": {}}", "{\"items\": [[\"zz\", \"00\", 1]]}",
        "{\"items\": [[\"0000000000000001\", \"0000000000000002\"]]}",
        "{\"items\": [[\"000000000000000g\", \"0000000000000002\", 1]]}",
        "{\"items\": [[\"0000000000000001\", \"0000000000000002\", \"1\"]]}",
        "{\"items\": [5]}", "{\"etag\": [\"a\"]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        feed_state s;
        feed_state_init(&s);
        assert_int_equal(feed_state_parse(bad[i], strlen(bad[i]), &s),
                         DOSSIER_ERR_INVALID);
        /* Left empty: the feed starts afresh. */
        assert_null(s.url);
        assert_null(s.etag);
        assert_int_equal(s.n_items, 0);
        assert_int_equal(s.failures, 0);
        feed_state_clear(&s);
    }
    /* Every truncation of a good document is refused or read, never
     * crashes. */
    feed_state s;
    feed_state_init(&s);
    feed_state_set(&s.etag, "\"abc\"");
    feed_state_note(&s, 7, 8, 9);
    char *json = feed_state_format(&s);
    assert_non_null(json);
    for (size_t len = 0; len < strlen(json); len++) {
        feed_state t;
        feed_state_init(&t);
        dossier_status rc = feed_state_parse(json, len, &t);
        assert_true(rc == DOSSIER_ERR_INVALID || rc == DOSSIER_OK);
        feed_state_clear(&t);
    }
    free(json);
    feed_state_clear(&s);
}

static void test_keys(void **state)
{
    (void)state;
    char a[FEED_STATE_KEY_SIZE], b[FEED_STATE_KEY_SIZE],
        c[FEED_STATE_KEY_SIZE];
    char long_url[5000];
    memset(long_url, 'x', sizeof long_url - 1);
    long_url[sizeof long_url - 1] = '\0';
    feed_state_key("https://example.org/feed", a);
    feed_state_key(long_url, b);
    feed_url_key("https://example.org/feed", c);
    assert_int_equal(strlen(a), strlen(FEED_STATE_KEY_PREFIX) + 16);
    assert_int_equal(strlen(b), strlen(FEED_STATE_KEY_PREFIX) + 16);
    assert_true(strncmp(a, FEED_STATE_KEY_PREFIX, strlen(FEED_STATE_KEY_PREFIX)) == 0);
    assert_true(strncmp(c, FEED_URL_KEY_PREFIX, strlen(FEED_URL_KEY_PREFIX)) == 0);
    assert_string_not_equal(a, b);
    /* Stable: stored keys must be found by the next run. */
    feed_state_key("https://example.org/feed", b);
    assert_string_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_cap_keeps_newest),
        cmocka_unit_test(test_damaged_documents),
        cmocka_unit_test(test_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
