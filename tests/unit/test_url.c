/*
 * test_url.c: dossier_canonical_url, one row per rule of dossier/url.h
 * (case of scheme and host, default ports, empty path, fragment, tracking
 * parameters) and per extra case feeds send (userinfo, IPv6 hosts, a
 * trailing dot, parameters without '='), the URLs it must reject, and
 * output buffers too small by one byte or more.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dossier/schema.h"
#include "dossier/url.h"

typedef struct {
    const char *input;
    const char *expected; /* NULL: rejected */
} url_case;

static const url_case url_cases[] = {
    /* Scheme, host, port and path. */
    {"https://example.com/a", "https://example.com/a"},
    {"HTTPS://Example.COM/Path/To", "https://example.com/Path/To"},
    {"Http://example.com/", "http://example.com/"},
    {"http://example.com", "http://example.com/"},
    {"http://example.com:80/x", "http://example.com/x"},
    {"https://example.com:443/x", "https://example.com/x"},
    {"http://example.com:443/x", "http://example.com:443/x"},
    {"https://example.com:80/x", "https://example.com:80/x"},
    {"http://example.com:8080", "http://example.com:8080/"},
    {"http://example.com:0080/x", "http://example.com/x"},
    {"http://example.com:/x", "http://example.com/x"},
    {"http://example.com./x", "http://example.com/x"},
    {"http://example.com.:8080/x", "http://example.com:8080/x"},
    {"http://user:Pass@Example.com/x", "http://user:Pass@example.com/x"},
    {"http://a@b:c@example.com/", "http://a@b:c@example.com/"},
    {"http://[2001:DB8::1]/x", "http://[2001:db8::1]/x"},
    {"http://[2001:db8::1]:80/x", "http://[2001:db8::1]/x"},
    {"http://[::1]:8080", "http://[::1]:8080/"},
    {"https://example.com/A%2fb/", "https://example.com/A%2fb/"},
    {"https://example.com/story/", "https://example.com/story/"},
    {"https://example.com/caf\xc3\xa9", "https://example.com/caf\xc3\xa9"},
    /* Fragment and query. */
    {"https://example.com/a#top", "https://example.com/a"},
    {"https://example.com#top", "https://example.com/"},
    {"https://example.com/a?", "https://example.com/a"},
    {"https://example.com/a?id=7&page=2", "https://example.com/a?id=7&page=2"},
    {"https://example.com/a?utm_source=x&id=7&utm_medium=y",
     "https://example.com/a?id=7"},
    {"https://example.com/a?utm_source=rss&utm_campaign=c",
     "https://example.com/a"},
    {"https://example.com/a?fbclid=1&gclid=2&dclid=3&msclkid=4",
     "https://example.com/a"},
    {"https://example.com/a?mc_cid=1&mc_eid=2&yclid=3&igshid=4&_ga=5",
     "https://example.com/a"},
    {"https://example.com/a?ref_src=1&cmpid=2&ocid=3&smid=4&sr_share=5",
     "https://example.com/a"},
    {"https://example.com/a?CMP=share_btn_tw&x=1",
     "https://example.com/a?x=1"},
    {"https://example.com/a?cmp=1", "https://example.com/a?cmp=1"},
    {"https://example.com/a?utm_source=a&utm_source=b&p=1",
     "https://example.com/a?p=1"},
    {"https://example.com/a?print&fbclid&id=3",
     "https://example.com/a?print&id=3"},
    {"https://example.com/a?id=1&&utm_term=x&", "https://example.com/a?id=1"},
    {"https://example.com/a?id=1#x&utm_source=y",
     "https://example.com/a?id=1"},
    {"https://example.com/a?utm_source=y#frag", "https://example.com/a"},
    {"https://example.com?id=1", "https://example.com/?id=1"},
    {"https://example.com/a?q=a%20b&ref=home",
     "https://example.com/a?q=a%20b&ref=home"},
    {"https://example.com/a?fbclid_x=1", "https://example.com/a?fbclid_x=1"},
    /* Rejected. */
    {"", NULL},
    {"example.com/a", NULL},
    {"//example.com/a", NULL},
    {"ftp://example.com/a", NULL},
    {"javascript:alert(1)", NULL},
    {"data:text/html,hi", NULL},
    {"mailto:news@example.com", NULL},
    {"http:example.com", NULL},
    {"http:/example.com", NULL},
    {"http://", NULL},
    {"http:///a", NULL},
    {"http://?q=1", NULL},
    {"http://user@/a", NULL},
    {"http://./a", NULL},
    {"http://example.com../a", NULL},
    {"http://example.com:8o/", NULL},
    {"http://example.com:65536/", NULL},
    {"http://[]/", NULL},
    {"http://[2001:db8::1/", NULL},
    {"http://[2001:db8::1]x/", NULL},
    {"http://[fe80::1%25eth0]/", NULL},
    {"http://exa[mple.com/", NULL},
    {"https://example.com/a b", NULL},
    {" https://example.com/a", NULL},
    {"https://example.com/a\n", NULL},
    {"https://example.com/\ta", NULL},
    {"https://example.com/\x7f", NULL},
    {"https://example.com/\x01", NULL},
};

#define N_URL_CASES (sizeof url_cases / sizeof url_cases[0])

static void test_url_table(void **state)
{
    (void)state;
    assert_true(N_URL_CASES >= 35);
    for (size_t i = 0; i < N_URL_CASES; i++) {
        const url_case *c = &url_cases[i];
        /* A heap copy of the exact length lets the sanitizers see any
         * read past the end. */
        size_t len = strlen(c->input);
        char *input = malloc(len + 1);
        assert_non_null(input);
        memcpy(input, c->input, len + 1);
        char out[256];
        int n = dossier_canonical_url(input, out, sizeof out);
        free(input);
        if (c->expected == NULL) {
            if (n != -1)
                fail_msg("\"%s\": got \"%s\", want rejected", c->input, out);
            assert_string_equal(out, "");
        } else if (n < 0 || strcmp(out, c->expected) != 0 ||
                   (size_t)n != strlen(c->expected)) {
            fail_msg("\"%s\": got %d \"%s\", want \"%s\"", c->input, n,
                     n < 0 ? "" : out, c->expected);
        }
    }
}

/* Every size from 0 to one byte short fails and writes nothing past the
 * size given; the exact size (length + NUL) succeeds. */
static void test_small_buffers(void **state)
{
    (void)state;
    const char *url = "HTTPS://Example.com:443/a?utm_source=x&id=7#f";
    const char *expected = "https://example.com/a?id=7";
    size_t need = strlen(expected) + 1;
    for (size_t size = 0; size < need; size++) {
        char *out = malloc(size + 1);
        assert_non_null(out);
        out[size] = 'x';
        assert_int_equal(dossier_canonical_url(url, out, size), -1);
        assert_int_equal(out[size], 'x');
        if (size > 0)
            assert_int_equal(out[0], '\0');
        free(out);
    }
    char *out = malloc(need);
    assert_non_null(out);
    assert_int_equal(dossier_canonical_url(url, out, need),
                     (int)strlen(expected));
    assert_string_equal(out, expected);
    free(out);
}

static void test_null_arguments(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(dossier_canonical_url(NULL, out, sizeof out), -1);
    assert_int_equal(dossier_canonical_url("http://a.com/", NULL, 64), -1);
}

/* RFC 3986 section 5.4's examples (base "http://a/b/c/d;p?q"), then the
 * cases feeds bring: xml:base chains, a base without a path, a fragment,
 * white space around a link. */
static const struct {
    const char *base, *ref, *expected;
} resolve_cases[] = {
    {"http://a/b/c/d;p?q", "g:h", "g:h"},
    {"http://a/b/c/d;p?q", "g", "http://a/b/c/g"},
    {"http://a/b/c/d;p?q", "./g", "http://a/b/c/g"},
    {"http://a/b/c/d;p?q", "g/", "http://a/b/c/g/"},
    {"http://a/b/c/d;p?q", "/g", "http://a/g"},
    {"http://a/b/c/d;p?q", "//g", "http://g"},
    {"http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"},
    {"http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"},
    {"http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"},
    {"http://a/b/c/d;p?q", "g#s", "http://a/b/c/g#s"},
    {"http://a/b/c/d;p?q", "g?y#s", "http://a/b/c/g?y#s"},
    {"http://a/b/c/d;p?q", ";x", "http://a/b/c/;x"},
    {"http://a/b/c/d;p?q", "g;x", "http://a/b/c/g;x"},
    {"http://a/b/c/d;p?q", "g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"},
    {"http://a/b/c/d;p?q", ".", "http://a/b/c/"},
    {"http://a/b/c/d;p?q", "./", "http://a/b/c/"},
    {"http://a/b/c/d;p?q", "..", "http://a/b/"},
    {"http://a/b/c/d;p?q", "../", "http://a/b/"},
    {"http://a/b/c/d;p?q", "../g", "http://a/b/g"},
    {"http://a/b/c/d;p?q", "../..", "http://a/"},
    {"http://a/b/c/d;p?q", "../../", "http://a/"},
    {"http://a/b/c/d;p?q", "../../g", "http://a/g"},
    {"http://a/b/c/d;p?q", "../../../g", "http://a/g"},
    {"http://a/b/c/d;p?q", "../../../../g", "http://a/g"},
    {"http://a/b/c/d;p?q", "/./g", "http://a/g"},
    {"http://a/b/c/d;p?q", "/../g", "http://a/g"},
    {"http://a/b/c/d;p?q", "g.", "http://a/b/c/g."},
    {"http://a/b/c/d;p?q", ".g", "http://a/b/c/.g"},
    {"http://a/b/c/d;p?q", "g..", "http://a/b/c/g.."},
    {"http://a/b/c/d;p?q", "..g", "http://a/b/c/..g"},
    {"http://a/b/c/d;p?q", "./../g", "http://a/b/g"},
    {"http://a/b/c/d;p?q", "./g/.", "http://a/b/c/g/"},
    {"http://a/b/c/d;p?q", "g/./h", "http://a/b/c/g/h"},
    {"http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h"},
    {"http://a/b/c/d;p?q", "g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"},
    {"http://a/b/c/d;p?q", "g?y/./x", "http://a/b/c/g?y/./x"},
    {"http://a/b/c/d;p?q", "g?y/../x", "http://a/b/c/g?y/../x"},
    {"http://a/b/c/d;p?q", "g#s/./x", "http://a/b/c/g#s/./x"},
    {"http://a/b/c/d;p?q", "g#s/../x", "http://a/b/c/g#s/../x"},
    {"http://a/b/c/d;p?q", "http:g", "http:g"},
    {"https://news.example.org", "world/1", "https://news.example.org/world/1"},
    {"https://news.example.org/feeds/rss.xml", "/world/1",
     "https://news.example.org/world/1"},
    {"https://news.example.org/feeds/", "../world/1?id=2",
     "https://news.example.org/world/1?id=2"},
    {"https://news.example.org/a/", "  item.html\n ",
     "https://news.example.org/a/item.html"},
    {"https://news.example.org/a/", "HTTPS://Other.example/x/../y",
     "HTTPS://Other.example/y"},
    {"tag:example.org,2026:feed", "x", "tag:x"},
};

static void test_resolve_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof resolve_cases / sizeof resolve_cases[0];
         i++) {
        char out[256];
        int n = dossier_url_resolve(resolve_cases[i].base,
                                    resolve_cases[i].ref, out, sizeof out);
        if (n < 0 || strcmp(out, resolve_cases[i].expected) != 0 ||
            (size_t)n != strlen(out))
            fail_msg("\"%s\" against \"%s\": got %d \"%s\", want \"%s\"",
                     resolve_cases[i].ref, resolve_cases[i].base, n,
                     n < 0 ? "" : out, resolve_cases[i].expected);
    }
}

/* A relative reference needs an absolute base; a small buffer fails. */
static void test_resolve_failures(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(dossier_url_resolve(NULL, "/world/1", out, sizeof out),
                     -1);
    assert_int_equal(
        dossier_url_resolve("/feeds/rss.xml", "world/1", out, sizeof out), -1);
    assert_int_equal(dossier_url_resolve(NULL, "https://a.example/x", out,
                                         sizeof out),
                     (int)strlen("https://a.example/x"));
    assert_int_equal(
        dossier_url_resolve("https://a.example/", "b/c/d", out, 12), -1);
    assert_true(dossier_url_is_absolute("urn:isbn:1"));
    assert_true(dossier_url_is_absolute("tag:example.org,2026:1"));
    assert_false(dossier_url_is_absolute("1234"));
    assert_false(dossier_url_is_absolute("/world/1"));
    assert_false(dossier_url_is_absolute("1:2"));
    assert_false(dossier_url_is_absolute(NULL));
}

/* The lookup term of a link: one term for the ways a link to one page is
 * written, another for another page. */
static void test_url_term(void **state)
{
    (void)state;
    static const struct {
        const char *url, *term;
    } rows[] = {
        {"https://www.Example.org/world/story/", "Uexample.org/world/story"},
        {"HTTP://example.org:80/world/story?utm_source=x#top",
         "Uexample.org/world/story"},
        {"https://example.org/world/story//?id=7&fbclid=z",
         "Uexample.org/world/story?id=7"},
        {"https://example.org/", "Uexample.org"},
        {"https://example.org", "Uexample.org"},
        {"https://example.org:8443/a", "Uexample.org:8443/a"},
        {"https://www2.example.org/a", "Uwww2.example.org/a"},
    };
    char term[XC_MAX_TERM_BYTES + 1];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(dossier_url_term(rows[i].url, term, sizeof term),
                         DOSSIER_OK);
        assert_string_equal(term, rows[i].term);
    }
    assert_int_equal(dossier_url_term("ftp://example.org/a", term,
                                      sizeof term),
                     DOSSIER_ERR_INVALID);
    assert_string_equal(term, "");
    assert_int_equal(dossier_url_term(NULL, term, sizeof term),
                     DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_url_term("https://example.org/a", term, 10),
                     DOSSIER_ERR_INVALID);
    /* Over a term's limit: hashed, and the same link the same hash. */
    char long_url[1200], other[1200], t2[XC_MAX_TERM_BYTES + 1];
    snprintf(long_url, sizeof long_url, "https://example.org/%0900d/", 7);
    snprintf(other, sizeof other, "https://www.example.org/%0900d", 7);
    assert_int_equal(dossier_url_term(long_url, term, sizeof term),
                     DOSSIER_OK);
    assert_int_equal(dossier_url_term(other, t2, sizeof t2), DOSSIER_OK);
    assert_int_equal(strlen(term), 2 + 16);
    assert_memory_equal(term, "U#", 2);
    assert_string_equal(term, t2);
}

static void test_site_key(void **state)
{
    (void)state;
    static const struct {
        const char *text, *site;
    } rows[] = {
        {"https://www.Reuters.com/world/x", "reuters.com"},
        {"reuters.com", "reuters.com"},
        {"WWW.BBC.CO.UK", "bbc.co.uk"},
        {"http://user:pw@uk.reuters.com:8080/a?b#c", "uk.reuters.com"},
        {"example.org.", "example.org"},
        {"http://127.0.0.1:8080/", "127.0.0.1"},
    };
    char site[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(dossier_site_key(rows[i].text, site, sizeof site),
                         DOSSIER_OK);
        assert_string_equal(site, rows[i].site);
    }
    static const char *const bad[] = {"", "https://", "exa mple.org",
                                      "ex\"ample.org", ":8080/x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(dossier_site_key(bad[i], site, sizeof site),
                         DOSSIER_ERR_INVALID);
        assert_string_equal(site, "");
    }
    assert_int_equal(dossier_site_key(NULL, site, sizeof site),
                     DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_site_key("reuters.com", site, 5),
                     DOSSIER_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_table),
        cmocka_unit_test(test_small_buffers),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_resolve_table),
        cmocka_unit_test(test_resolve_failures),
        cmocka_unit_test(test_url_term),
        cmocka_unit_test(test_site_key),
    };
    return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
