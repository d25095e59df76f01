/*
 * test_fetcher.c: the header parsing of the fetcher (Retry-After in both
 * forms, Content-Type charsets), and a fetch of a URL that is no http(s)
 * URL, answered through the callback without touching the network.
 * Transfers themselves are tested end to end (tests/e2e/fetch.bats).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fetcher.h"

static void test_retry_after(void **state)
{
    (void)state;
    int64_t now = 1700000000;
    assert_int_equal(fetch_parse_retry_after("120", now), now + 120);
    assert_int_equal(fetch_parse_retry_after("  0 ", now), now);
    /* More than a week is taken as a week. */
    assert_int_equal(fetch_parse_retry_after("99999999999", now),
                     now + 7 * 86400);
    assert_int_equal(fetch_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
                                             now), 1445412480);
    assert_int_equal(fetch_parse_retry_after("", now), 0);
    assert_int_equal(fetch_parse_retry_after("soon", now), 0);
    assert_int_equal(fetch_parse_retry_after("12abc", now), 0);
    assert_int_equal(fetch_parse_retry_after("-5", now), 0);
}

static void test_charset(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(fetch_content_type_charset(
                         "application/rss+xml; charset=Windows-1251", out,
                         sizeof out), 0);
    assert_string_equal(out, "windows-1251");
    assert_int_equal(fetch_content_type_charset(
                         "text/xml;charset=\"ISO-8859-1\"; q=1", out,
                         sizeof out), 0);
    assert_string_equal(out, "iso-8859-1");
    assert_int_equal(fetch_content_type_charset(
                         "text/html; foo=bar;  CHARSET=utf-8", out,
                         sizeof out), 0);
    assert_string_equal(out, "utf-8");
    assert_int_equal(fetch_content_type_charset("text/xml", out, sizeof out),
                     DOSSIER_NOT_FOUND);
    assert_int_equal(fetch_content_type_charset("text/xml; charset=", out,
                                                sizeof out), DOSSIER_NOT_FOUND);
    char tiny[4];
    assert_int_equal(fetch_content_type_charset("text/xml; charset=utf-8",
                                                tiny, sizeof tiny),
                     DOSSIER_NOT_FOUND);
}

struct answers {
    int n;
    char error[128];
};

static void on_done(void *ctx, void *tag, const fetch_response *r)
{
    struct answers *a = ctx;
    assert_ptr_equal(tag, a);
    a->n++;
    snprintf(a->error, sizeof a->error, "%s", r->error ? r->error : "");
    assert_null(r->body);
}

static void test_only_http(void **state)
{
    (void)state;
    fetch_options o = {0};
    fetcher *f = fetcher_new(&o);
    assert_non_null(f);
    struct answers a = {0};
    assert_int_equal(fetcher_add(f, "file:///etc/passwd", NULL, NULL, NULL,
                                 &a), 0);
    assert_int_equal(fetcher_add(f, "gopher://example.org/", "\"e\"", NULL,
                                 NULL, &a), 0);
    assert_int_equal(fetcher_add(f, "not a url", NULL, NULL, NULL, &a), 0);
    assert_int_equal(fetcher_run(f, on_done, &a, NULL), 0);
    assert_int_equal(a.n, 3);
    assert_string_equal(a.error, "not an http or https URL");
    fetcher_free(f);
}

struct chain {
    fetcher *f;
    int answered, to_add;
};

static void add_more(void *ctx, void *tag, const fetch_response *r)
{
    struct chain *c = ctx;
    (void)tag;
    assert_non_null(r->error);
    c->answered++;
    /* Each answer queues another request, while the queue is being
     * walked: none may be lost. */
    if (c->to_add > 0) {
        c->to_add--;
        assert_int_equal(fetcher_add(c->f, "ftp://example.org/more", NULL,
                                     NULL, NULL, c), 0);
    }
}

static void test_callback_queues_more(void **state)
{
    (void)state;
    fetch_options o = {0};
    struct chain c = {.f = fetcher_new(&o), .to_add = 5};
    assert_non_null(c.f);
    /* One request: the one answered is the queue's last, the case where
     * a stale tail would lose what the callback adds. */
    assert_int_equal(fetcher_add(c.f, "ftp://example.org/a", NULL, NULL,
                                 NULL, &c), 0);
    assert_int_equal(fetcher_run(c.f, add_more, &c, NULL), 0);
    assert_int_equal(c.answered, 6);
    fetcher_free(c.f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_charset),
        cmocka_unit_test(test_only_http),
        cmocka_unit_test(test_callback_queues_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
