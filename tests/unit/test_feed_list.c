/*
 * test_feed_list.c: feed lists: OPML with folders (the folder names the
 * category of feeds that give none), titles from title or text, nested
 * folders; plain lists with comments, blank lines and CRLF; entries that
 * are no http(s) URL and repeats, each warned about with its line; and
 * hostile OPML (an entity bomb, an external entity) that neither expands
 * nor reaches out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "feed_list.h"
#include "util.h"

struct warnings {
    int n;
    char last[512];
};

static void on_warn(void *ctx, const char *where, const char *reason)
{
    struct warnings *w = ctx;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s: %s", where, reason);
}

/* Writes TEXT to a new file in a new folder; returns the folder. */
static char *write_list(const char *text, char **path)
{
    char *dir = test_tmpdir_new("feedlist");
    *path = test_path_join(dir, "list");
    FILE *f = fopen(*path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return dir;
}

static void test_opml(void **state)
{
    (void)state;
    char *path, *dir = write_list(
        "<?xml version=\"1.0\"?>\n"
        "<opml version=\"2.0\"><head><title>x</title></head><body>\n"
        "<outline text=\"Asia\">\n"
        "  <outline type=\"rss\" text=\"T1\" xmlUrl=\"https://a.example/f\"/>\n"
        "  <outline text=\"Inner\">\n"
        "    <outline type=\"rss\" title=\"T2\" text=\"ignored\" "
        "xmlUrl=\"http://b.example/f?a=1&amp;b=2\" category=\"own\"/>\n"
        "  </outline>\n"
        "  <outline type=\"rss\" text=\"Bad\" xmlUrl=\"javascript:alert(1)\"/>\n"
        "</outline>\n"
        "<outline type=\"rss\" xmlUrl=\"https://a.example/f\"/>\n"
        "<outline type=\"rss\" xmlUrl=\"https://c.example/f\"/>\n"
        "</body></opml>\n", &path);
    feed_list l;
    struct warnings w = {0};
    assert_int_equal(feed_list_load(path, &l, on_warn, &w), DOSSIER_OK);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.feeds[0].url, "https://a.example/f");
    assert_string_equal(l.feeds[0].title, "T1");
    assert_string_equal(l.feeds[0].category, "Asia");
    assert_int_equal(l.feeds[0].line, 4);
    assert_string_equal(l.feeds[1].url, "http://b.example/f?a=1&b=2");
    assert_string_equal(l.feeds[1].title, "T2");
    assert_string_equal(l.feeds[1].category, "own");
    assert_string_equal(l.feeds[2].url, "https://c.example/f");
    assert_null(l.feeds[2].title);
    assert_null(l.feeds[2].category);
    assert_int_equal(w.n, 2);
    assert_non_null(strstr(w.last, "list:10: skipped: the same feed as line 4"));
    feed_list_clear(&l);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_plain(void **state)
{
    (void)state;
    char *path, *dir = write_list(
        "# my feeds\r\n"
        "\r\n"
        "  https://a.example/feed  \r\n"
        "ftp://b.example/feed\n"
        "HTTP://c.example/x\n"
        "https://a.example/feed\n"
        "https://d.example/has space\n", &path);
    feed_list l;
    struct warnings w = {0};
    assert_int_equal(feed_list_load(path, &l, on_warn, &w), DOSSIER_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.feeds[0].url, "https://a.example/feed");
    assert_int_equal(l.feeds[0].line, 3);
    assert_string_equal(l.feeds[1].url, "HTTP://c.example/x");
    assert_int_equal(w.n, 3);
    assert_non_null(strstr(w.last, "list:7: skipped"));
    feed_list_clear(&l);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_bad_lists(void **state)
{
    (void)state;
    feed_list l;
    struct warnings w = {0};
    assert_int_equal(feed_list_load("/nonexistent/list", &l, on_warn, &w), DOSSIER_ERR_IO);
    assert_non_null(strstr(w.last, "cannot open the feed list"));
    assert_int_equal(l.n, 0);

    char *path, *dir = write_list("<opml><body><outline xmlUrl=\"https://a/\">"
                                  "</body></opml>", &path);
    w.n = 0;
    assert_int_equal(feed_list_load(path, &l, on_warn, &w), DOSSIER_ERR_INVALID);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.last, "not well-formed OPML"));
    free(path);
    test_tmpdir_remove(dir);

    dir = write_list("<?xml version=\"1.0\"?><rss/>", &path);
    assert_int_equal(feed_list_load(path, &l, on_warn, &w), DOSSIER_ERR_INVALID);
    assert_non_null(strstr(w.last, "not OPML"));
    free(path);
    test_tmpdir_remove(dir);
}

/* Writes an OPML list whose one feed uses ENTITIES (declared in DTD) in
 * its text and URL, loads it, and expects it refused as a whole. */
static void expect_refused(const char *dtd, const char *text,
                           const char *url)
{
    char opml[2048];
    snprintf(opml, sizeof opml,
             "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [\n%s]>\n"
             "<opml version=\"2.0\"><body>\n"
             "<outline type=\"rss\" text=\"%s\" xmlUrl=\"%s\"/>\n"
             "</body></opml>\n", dtd, text, url);
    char *path, *dir = write_list(opml, &path);
    feed_list l;
    struct warnings w = {0};
    assert_int_equal(feed_list_load(path, &l, on_warn, &w), DOSSIER_ERR_INVALID);
    assert_int_equal(l.n, 0);
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.last, "not well-formed OPML"));
    free(path);
    test_tmpdir_remove(dir);
}

/* Hostile lists are refused whole: libxml2, without entity substitution
 * asked for, stops at an amplifying entity in an attribute and at an
 * external one, so nothing expands and nothing is read from disk. */
static void test_hostile_opml(void **state)
{
    (void)state;
    static const char bomb[] =
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n";
    expect_refused(bomb, "&d;", "https://a.example/feed");
    expect_refused(" <!ENTITY x SYSTEM \"file:///etc/passwd\">\n", "t",
                   "https://a.example/&x;");
}

/* An entity the list declares is never expanded: in a title it stays as
 * written, and a URL written with one is skipped with a warning (xmlGetProp
 * expanded them, quadratically for many references). */
static void test_declared_entities_not_expanded(void **state)
{
    (void)state;
    char *path, *dir = write_list(
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE opml [ <!ENTITY nest \"kestrel-nest\"> ]>\n"
        "<opml version=\"2.0\"><body>\n"
        "<outline text=\"Birds &nest;\" xmlUrl=\"https://a.example/f\"/>\n"
        "<outline text=\"Nest\" xmlUrl=\"https://b.example/&nest;.xml\"/>\n"
        "</body></opml>\n", &path);
    feed_list l;
    struct warnings w = {0};
    assert_int_equal(feed_list_load(path, &l, on_warn, &w), DOSSIER_OK);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.feeds[0].url, "https://a.example/f");
    assert_string_equal(l.feeds[0].title, "Birds &nest;");
    assert_int_equal(w.n, 1);
    assert_non_null(strstr(w.last, "written with an entity"));
    assert_null(strstr(w.last, "kestrel"));
    feed_list_clear(&l);
    free(path);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opml),
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_bad_lists),
        cmocka_unit_test(test_hostile_opml),
        cmocka_unit_test(test_declared_entities_not_expanded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
