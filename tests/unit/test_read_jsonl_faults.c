/*
 * test_read_jsonl_faults.c: faulty JSON Lines input, read through
 * input_read() as dossier-index reads a file: a NUL byte costs its line,
 * never the file (whatever the binary guess would say); a field of the
 * wrong JSON type is converted when that loses nothing, else told and the
 * record skipped, never dropped in silence; and the escaping that keeps
 * control characters of the input off the terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "escape.h"
#include "input.h"
#include "reader.h"
#include "util.h"

/* ------------------------------------------------------------ the sink */

typedef struct collected {
    dossier_article *articles;
    size_t n_articles, cap_articles;
    char **rejects; /* "WHERE: REASON", each malloc'd */
    size_t n_rejects, cap_rejects;
} collected;

static dossier_status on_article(void *ctx, dossier_article *a,
                                 const char *where)
{
    collected *c = ctx;
    (void)where;
    if (c->n_articles == c->cap_articles) {
        c->cap_articles = c->cap_articles ? c->cap_articles * 2 : 16;
        c->articles =
            realloc(c->articles, c->cap_articles * sizeof *c->articles);
        assert_non_null(c->articles);
    }
    c->articles[c->n_articles++] = *a;
    memset(a, 0, sizeof *a);
    return DOSSIER_OK;
}

static void on_reject(void *ctx, const char *where, const char *reason)
{
    collected *c = ctx;
    if (c->n_rejects == c->cap_rejects) {
        c->cap_rejects = c->cap_rejects ? c->cap_rejects * 2 : 16;
        c->rejects = realloc(c->rejects, c->cap_rejects * sizeof *c->rejects);
        assert_non_null(c->rejects);
    }
    size_t len = strlen(where) + 2 + strlen(reason) + 1;
    char *line = malloc(len);
    assert_non_null(line);
    snprintf(line, len, "%s: %s", where, reason);
    c->rejects[c->n_rejects++] = line;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n_articles; i++)
        dossier_article_clear(&c->articles[i]);
    free(c->articles);
    for (size_t i = 0; i < c->n_rejects; i++)
        free(c->rejects[i]);
    free(c->rejects);
    memset(c, 0, sizeof *c);
}

/* Whether some reject contains NEEDLE. */
static int has_reject(const collected *c, const char *needle)
{
    for (size_t i = 0; i < c->n_rejects; i++)
        if (strstr(c->rejects[i], needle))
            return 1;
    return 0;
}

static void print_rejects(const collected *c)
{
    for (size_t i = 0; i < c->n_rejects; i++)
        print_message("reject: %s\n", c->rejects[i]);
}

/* ------------------------------------------------------------ files */

static char *tmp;

static int group_setup(void **state)
{
    (void)state;
    tmp = test_tmpdir_new("jsonlfaults");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    test_tmpdir_remove(tmp);
    return 0;
}

/* A growing byte buffer. */
typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        b->cap = (b->len + len + 1) * 2;
        b->s = realloc(b->s, b->cap);
        assert_non_null(b->s);
    }
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
}

static void buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* Records FROM to TO, one a line, each its own words. */
static void buf_records(buf *b, int from, int to)
{
    char line[256];
    for (int i = from; i <= to; i++) {
        snprintf(line, sizeof line,
                 "{\"id\":\"rec-%d\",\"title\":\"Report %d\","
                 "\"body\":\"Body of report %d.\"}\n",
                 i, i, i);
        buf_str(b, line);
    }
}

/* Writes B to NAME under the test folder (gzip-compressed when IS_GZIP),
 * reads it in FORMAT into C, and frees B.  Returns the path (freed by the
 * caller). */
static char *read_bytes(buf *b, const char *name, int is_gzip,
                        input_format format, collected *c)
{
    char *path = test_path_join(tmp, name);
    if (is_gzip) {
        gzFile out = gzopen(path, "wb");
        assert_non_null(out);
        assert_int_equal(gzwrite(out, b->s, (unsigned)b->len), (int)b->len);
        assert_int_equal(gzclose(out), Z_OK);
    } else {
        test_write_file(path, b->s, b->len);
    }
    free(b->s);
    memset(b, 0, sizeof *b);
    reader_sink sink = {
        .article = on_article,
        .reject = on_reject,
        .ctx = c,
        .max_article_bytes = 1u << 20,
        .default_lang = "en",
    };
    assert_int_equal(input_read(path, format, &sink, NULL), 0);
    return path;
}

/* Reads the one line LINE (a newline is added) as JSON Lines into C. */
static void read_line(const char *line, collected *c)
{
    buf b = {0};
    buf_str(&b, line);
    buf_str(&b, "\n");
    free(read_bytes(&b, "one.jsonl", 0, INPUT_AUTO, c));
}

/* Fails unless C holds exactly one reject, WHERE_SUFFIX + ": " + REASON
 * with WHERE ending in WHERE_SUFFIX. */
static void only_reject(const collected *c, const char *where_suffix,
                        const char *reason)
{
    print_rejects(c);
    assert_int_equal(c->n_rejects, 1);
    char want[1024];
    snprintf(want, sizeof want, "%s: %s", where_suffix, reason);
    size_t got_len = strlen(c->rejects[0]), want_len = strlen(want);
    if (got_len < want_len ||
        strcmp(c->rejects[0] + got_len - want_len, want) != 0)
        fail_msg("reject\n got      %s\n expected ...%s", c->rejects[0],
                 want);
}

/* ------------------------------------------------------------ NUL bytes */

/* The case reported: 100 records, a NUL byte in one of the first lines;
 * the 99 others are read, plain or gzip-compressed. */
static void test_nul_in_an_early_line(void **state)
{
    (void)state;
    static const char bad[] = "{\"id\":\"rec-3\",\"title\":\"Report\0 3\"}\n";
    for (int is_gzip = 0; is_gzip <= 1; is_gzip++) {
        buf b = {0};
        buf_records(&b, 1, 2);
        buf_add(&b, bad, sizeof bad - 1);
        buf_records(&b, 4, 100);
        collected c = {0};
        const char *name = is_gzip ? "nul.jsonl.gz" : "nul.jsonl";
        free(read_bytes(&b, name, is_gzip, INPUT_AUTO, &c));
        char where[64];
        snprintf(where, sizeof where, "%s:3", name);
        only_reject(&c, where, "malformed JSON at column 30: NUL byte");
        assert_int_equal(c.n_articles, 99);
        assert_string_equal(c.articles[0].id, "rec-1");
        assert_string_equal(c.articles[2].id, "rec-4");
        collected_free(&c);
    }
}

/* A NUL byte before the first record, in a file whose name says nothing:
 * its lines are still JSON Lines. */
static void test_nul_before_the_first_record(void **state)
{
    (void)state;
    buf b = {0};
    buf_add(&b, "\0", 1);
    buf_records(&b, 1, 20);
    collected c = {0};
    free(read_bytes(&b, "lead.dat", 0, INPUT_AUTO, &c));
    only_reject(&c, "lead.dat:1", "malformed JSON at column 1: NUL byte");
    assert_int_equal(c.n_articles, 19);
    collected_free(&c);
}

/* A NUL byte between members, outside any string. */
static void test_nul_outside_a_string(void **state)
{
    (void)state;
    buf b = {0};
    buf_records(&b, 1, 1);
    buf_add(&b, "{\"id\":\"x\",\0\"title\":\"T\"}\n", 24);
    buf_records(&b, 3, 3);
    collected c = {0};
    free(read_bytes(&b, "between.jsonl", 0, INPUT_AUTO, &c));
    only_reject(&c, "between.jsonl:2",
                "malformed JSON at column 11: NUL byte");
    assert_int_equal(c.n_articles, 2);
    collected_free(&c);
}

/* \u0000 inside a JSON string: that line only. */
static void test_escaped_nul_in_a_string(void **state)
{
    (void)state;
    buf b = {0};
    buf_records(&b, 1, 1);
    buf_str(&b, "{\"id\":\"x\",\"title\":\"a \\\\u0000 b \\u0000 c\"}\n");
    buf_records(&b, 3, 3);
    collected c = {0};
    free(read_bytes(&b, "esc.jsonl", 0, INPUT_AUTO, &c));
    only_reject(&c, "esc.jsonl:2",
                "malformed JSON at column 32: NUL character (\\u0000) in a "
                "string");
    assert_int_equal(c.n_articles, 2);
    collected_free(&c);
}

/* What looks binary in the first bytes: refused when nothing says JSON
 * Lines; read line by line when --format or the name says it. */
static void test_declared_jsonl_is_never_binary(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        input_format format;
        size_t n_articles;
    } cases[] = {
        {"mixed.bin", INPUT_AUTO, 0},
        {"mixed.bin", INPUT_JSONL, 10},
        {"mixed.jsonl", INPUT_AUTO, 10},
        {"mixed.ndjson", INPUT_AUTO, 10},
        {"mixed.jsonl.gz", INPUT_AUTO, 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b = {0};
        char junk[5000];
        memset(junk, 1, sizeof junk);
        buf_add(&b, junk, sizeof junk);
        buf_add(&b, "\0\n", 2);
        buf_records(&b, 1, 10);
        collected c = {0};
        int is_gzip = strstr(cases[i].name, ".gz") != NULL;
        free(read_bytes(&b, cases[i].name, is_gzip, cases[i].format, &c));
        char where[64];
        snprintf(where, sizeof where, "%s%s", cases[i].name,
                 cases[i].n_articles ? ":1" : "");
        only_reject(&c, where,
                    cases[i].n_articles ? "malformed JSON at column 5001: "
                                          "NUL byte"
                                        : "binary file, not an article");
        assert_int_equal(c.n_articles, cases[i].n_articles);
        collected_free(&c);
    }
}

/* A real binary file is still one reject; a text file still one article. */
static void test_binary_and_text_unchanged(void **state)
{
    (void)state;
    buf b = {0};
    buf_add(&b, "GIF89a\0\1\2\0binary\0data", 22);
    collected c = {0};
    free(read_bytes(&b, "image.gif", 0, INPUT_AUTO, &c));
    only_reject(&c, "image.gif", "binary file, not an article");
    assert_int_equal(c.n_articles, 0);
    collected_free(&c);

    buf_str(&b, "{Draft} A headline\nA body line.\nAnother one.\n");
    free(read_bytes(&b, "draft.txt", 0, INPUT_AUTO, &c));
    /* First byte '{': JSON Lines, as before (a malformed line each). */
    assert_int_equal(c.n_rejects, 3);
    collected_free(&c);

    buf_str(&b, "A headline\n{braces} in a body line.\n");
    free(read_bytes(&b, "plain.txt", 0, INPUT_AUTO, &c));
    assert_int_equal(c.n_rejects, 0);
    assert_int_equal(c.n_articles, 1);
    assert_string_equal(c.articles[0].title, "A headline");
    collected_free(&c);
}

/* A byte order mark before the first record is no fault. */
static void test_byte_order_mark(void **state)
{
    (void)state;
    buf b = {0};
    buf_str(&b, "\xEF\xBB\xBF");
    buf_records(&b, 1, 3);
    collected c = {0};
    free(read_bytes(&b, "bom.jsonl", 0, INPUT_AUTO, &c));
    print_rejects(&c);
    assert_int_equal(c.n_rejects, 0);
    assert_int_equal(c.n_articles, 3);
    collected_free(&c);
}

/* ------------------------------------------------------------ JSON types */

/* Every field and every JSON type it may wrongly be: the record arrives
 * with the field, or a message names the field.  Nothing in silence. */
static void test_no_wrong_type_is_silent(void **state)
{
    (void)state;
    static const char *const fields[] = {"id",     "url",  "title",
                                         "body",   "published", "source",
                                         "lang",   "category"};
    static const char *const values[] = {
        "7",  "-3", "1.5", "1e3", "true", "false", "{}", "{\"a\": \"b\"}",
        "[]", "[\"x\"]", "1691416800000", "\"\"",
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
            char line[256];
            const char *name = fields[f];
            if (strcmp(name, "title") == 0)
                snprintf(line, sizeof line,
                         "{\"title\": %s, \"body\": \"B\"}", values[v]);
            else if (strcmp(name, "body") == 0)
                snprintf(line, sizeof line,
                         "{\"title\": \"T\", \"body\": %s}", values[v]);
            else
                snprintf(line, sizeof line,
                         "{\"title\": \"T\", \"body\": \"B\", \"%s\": %s}",
                         name, values[v]);
            collected c = {0};
            read_line(line, &c);
            char told[64];
            snprintf(told, sizeof told, "one.jsonl:1: %s is ", name);
            int is_told = has_reject(&c, told);
            int is_kept = 0;
            if (c.n_articles == 1) {
                const dossier_article *a = &c.articles[0];
                const char *got = NULL;
                if (strcmp(name, "published") == 0)
                    is_kept = a->has_published;
                else if (strcmp(name, "id") == 0)
                    got = a->id;
                else if (strcmp(name, "url") == 0)
                    got = a->url;
                else if (strcmp(name, "title") == 0)
                    got = a->title;
                else if (strcmp(name, "body") == 0)
                    got = a->body;
                else if (strcmp(name, "source") == 0)
                    got = a->source;
                else if (strcmp(name, "lang") == 0)
                    got = a->lang;
                else
                    got = a->category;
                is_kept |= got != NULL;
            }
            /* "" is a string (a title or body of it: neither). */
            int is_empty_string = strcmp(values[v], "\"\"") == 0;
            if (!is_told && !is_kept && !is_empty_string) {
                print_rejects(&c);
                fail_msg("%s: %s vanished in silence", line, name);
            }
            if (is_told && c.n_articles == 1 &&
                !strstr(c.rejects[0], "; kept as ") &&
                !strstr(c.rejects[0], "article kept without a date"))
                fail_msg("%s: told \"%s\" yet the record was indexed", line,
                         c.rejects[0]);
            collected_free(&c);
        }
    }
}

static void test_wrong_types_exact_messages(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        const char *reason; /* NULL: none */
        int is_kept;
    } cases[] = {
        {"{\"id\": 4.5, \"title\": \"T\"}",
         "id is a number with a fraction or an exponent (4.5), expected a "
         "string or a whole number; record skipped", 0},
        {"{\"id\": true, \"title\": \"T\"}",
         "id is a boolean, expected a string or a whole number; record "
         "skipped", 0},
        {"{\"id\": \"x\", \"title\": {\"text\": \"T\"}, \"body\": \"B\"}",
         "title is an object, expected a string; record skipped", 0},
        {"{\"title\": \"T\", \"body\": [\"B\"]}",
         "body is an array, expected a string; record skipped", 0},
        {"{\"title\": \"T\", \"category\": [\"world\", \"asia\"]}",
         "category is an array, expected a string; record skipped", 0},
        {"{\"title\": \"T\", \"url\": 0.25}",
         "url is a number with a fraction or an exponent (0.25), expected a "
         "string; record skipped", 0},
        {"{\"title\": 1984, \"body\": \"B\"}",
         "title is a number, expected a string; kept as \"1984\"", 1},
        {"{\"title\": \"T\", \"published\": 1691416800000}",
         "published is a number out of range for Unix seconds "
         "(1691416800000); article kept without a date", 1},
        {"{\"title\": \"T\", \"published\": 1e300}",
         "published is a number out of range for Unix seconds (1e+300); "
         "article kept without a date", 1},
        {"{\"title\": \"T\", \"published\": {\"date\": \"2023-08-07\"}}",
         "published is an object, expected a date string or Unix seconds; "
         "article kept without a date", 1},
        {"{\"title\": \"T\", \"published\": false}",
         "published is a boolean, expected a date string or Unix seconds; "
         "article kept without a date", 1},
        /* Documented forms: no message. */
        {"{\"id\": 42, \"title\": \"T\"}", NULL, 1},
        {"{\"title\": \"T\", \"published\": 1691416800}", NULL, 1},
        {"{\"title\": \"T\", \"published\": null, \"id\": null}", NULL, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c = {0};
        read_line(cases[i].line, &c);
        print_message("%s\n", cases[i].line);
        if (cases[i].reason)
            only_reject(&c, "one.jsonl:1", cases[i].reason);
        else
            assert_int_equal(c.n_rejects, 0);
        assert_int_equal(c.n_articles, cases[i].is_kept);
        collected_free(&c);
    }
}

static void test_lossless_conversions(void **state)
{
    (void)state;
    collected c = {0};
    read_line("{\"id\": -12345678901234, \"title\": 1984, \"body\": \"B\", "
              "\"lang\": \"en\", \"source\": 7, \"published\": 1691416800.9}",
              &c);
    print_rejects(&c);
    assert_int_equal(c.n_articles, 1);
    const dossier_article *a = &c.articles[0];
    assert_string_equal(a->id, "-12345678901234");
    assert_string_equal(a->title, "1984");
    assert_string_equal(a->source, "7");
    assert_true(a->has_published);
    assert_int_equal(a->published, 1691416800);
    assert_int_equal(c.n_rejects, 2);
    assert_true(has_reject(&c, "title is a number, expected a string; kept "
                               "as \"1984\""));
    assert_true(has_reject(&c, "source is a number, expected a string; kept "
                               "as \"7\""));
    collected_free(&c);

    /* The first and last seconds of the years dates may have. */
    read_line("{\"title\": \"T\", \"published\": -30610224000}", &c);
    assert_int_equal(c.n_rejects, 0);
    assert_int_equal(c.articles[0].published, -30610224000LL);
    collected_free(&c);
    read_line("{\"title\": \"T\", \"published\": 253402300799}", &c);
    assert_int_equal(c.n_rejects, 0);
    assert_int_equal(c.articles[0].published, 253402300799LL);
    collected_free(&c);
    read_line("{\"title\": \"T\", \"published\": 253402300800}", &c);
    assert_int_equal(c.n_rejects, 1);
    assert_false(c.articles[0].has_published);
    collected_free(&c);
}

/* The byline: "author", else "authors", else "byline"; a name, an object
 * with a name, or a list of them joined with ", "; any other shape told,
 * and the article kept without one. */
static void test_bylines(void **state)
{
    (void)state;
    static const struct {
        const char *fields;  /* after "title" */
        const char *author;  /* NULL: none */
        const char *reason;  /* NULL: no message */
    } cases[] = {
        {"\"author\": \"Jane Doe\"", "Jane Doe", NULL},
        {"\"author\": \"  Jane Doe \\n\"", "Jane Doe", NULL},
        {"\"authors\": [\"Jane Doe\", \" John Roe\", \"\"]",
         "Jane Doe, John Roe", NULL},
        {"\"byline\": \"By the desk\"", "By the desk", NULL},
        {"\"authors\": \"Jane Doe\"", "Jane Doe", NULL},
        {"\"author\": [\"Jane Doe\"]", "Jane Doe", NULL},
        /* JSON Feed 1.0 and 1.1, schema.org. */
        {"\"author\": {\"name\": \"Jane Doe\", \"url\": \"https://x\"}",
         "Jane Doe", NULL},
        {"\"authors\": [{\"name\": \"Jane Doe\"}, {\"name\": \"John Roe\"}]",
         "Jane Doe, John Roe", NULL},
        /* The first present and not null counts. */
        {"\"byline\": \"B\", \"author\": \"A\", \"authors\": [\"C\"]", "A",
         NULL},
        {"\"author\": null, \"byline\": \"B\"", "B", NULL},
        /* Nothing to credit: no byline, nothing to tell. */
        {"\"author\": \"\"", NULL, NULL},
        {"\"authors\": []", NULL, NULL},
        {"\"author\": null", NULL, NULL},
        /* Other shapes: told, the article kept. */
        {"\"author\": 7", NULL,
         "author is a number, expected a name or a list of names; article "
         "kept without a byline"},
        {"\"byline\": {\"first\": \"Jane\"}", NULL,
         "byline is an object, expected a name or a list of names; article "
         "kept without a byline"},
        {"\"authors\": [\"Jane Doe\", 7, {\"url\": \"x\"}]", "Jane Doe",
         "authors holds 2 items that are no name; the others are the "
         "byline"},
        {"\"authors\": [true]", NULL,
         "authors holds 1 item that is no name; article kept without a "
         "byline"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char line[512];
        snprintf(line, sizeof line, "{\"title\": \"T\", %s}",
                 cases[i].fields);
        collected c = {0};
        read_line(line, &c);
        print_message("%s\n", line);
        if (cases[i].reason)
            only_reject(&c, "one.jsonl:1", cases[i].reason);
        else
            assert_int_equal(c.n_rejects, 0);
        assert_int_equal(c.n_articles, 1);
        if (cases[i].author)
            assert_string_equal(c.articles[0].author, cases[i].author);
        else
            assert_null(c.articles[0].author);
        collected_free(&c);
    }
}

/* A record that is skipped says so once, not once a field. */
static void test_skipped_record_one_message(void **state)
{
    (void)state;
    collected c = {0};
    read_line("{\"title\": 1984, \"body\": {}, \"source\": 7}", &c);
    only_reject(&c, "one.jsonl:1",
                "body is an object, expected a string; record skipped");
    assert_int_equal(c.n_articles, 0);
    collected_free(&c);
}

/* ------------------------------------------------------------ escaping */

static void escaped_is(const char *s, size_t len, const char *want)
{
    char out[256];
    size_t n = escape_text(out, sizeof out, s, len);
    if (strcmp(out, want) != 0)
        fail_msg("escaped\n got      %s\n expected %s", out, want);
    assert_int_equal(n, strlen(want));
}

static void test_escape_table(void **state)
{
    (void)state;
    escaped_is("plain text", 10, "plain text");
    escaped_is("\x1b[31mred\x1b[0m", 12, "\\x1b[31mred\\x1b[0m");
    escaped_is("tab\there\nnew\rline", 17, "tab\\x09here\\x0anew\\x0dline");
    escaped_is("nul\0byte", 8, "nul\\x00byte");
    escaped_is("del\x7f", 4, "del\\x7f");
    /* C1 controls, valid UTF-8: the 8-bit CSI and NEL. */
    escaped_is("\xc2\x9b" "2J \xc2\x85", 7, "\\u009b2J \\u0085");
    /* Printable text beyond ASCII stays: U+00A0, e acute, an em dash, a
     * CJK character, an emoji. */
    escaped_is("\xc2\xa0\xc3\xa9\xe2\x80\x94\xe4\xb8\xad\xf0\x9f\x98\x80", 14,
               "\xc2\xa0\xc3\xa9\xe2\x80\x94\xe4\xb8\xad\xf0\x9f\x98\x80");
    /* What is not UTF-8, a byte at a time. */
    escaped_is("\xff\xfe", 2, "\\xff\\xfe");
    escaped_is("\x9b" "2J", 3, "\\x9b2J");                 /* a raw C1 byte */
    escaped_is("\xc0\xaf", 2, "\\xc0\\xaf");               /* overlong */
    escaped_is("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");      /* a surrogate */
    escaped_is("\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80"); /* past U+10FFFF */
    escaped_is("cut \xe2\x80", 6, "cut \\xe2\\x80");       /* cut short */
    escaped_is("\xe2\x80" "x", 3, "\\xe2\\x80x");
    /* The backslash stays: escaping twice changes nothing. */
    escaped_is("a\\x1b", 5, "a\\x1b");
}

/* A tiny deterministic generator: the same bytes on every run. */
static uint32_t next_random(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void test_escape_is_safe_and_stable(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    /* Bytes that make trouble, and ones that make valid characters. */
    static const unsigned char pool[] = {
        0x00, 0x07, 0x09, 0x0a, 0x1b, 0x1f, 0x20, 'a', '\\', 0x7f, 0x80,
        0x85, 0x9b, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2,
        0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
    };
    for (int round = 0; round < 20000; round++) {
        char in[24];
        size_t len = next_random(&seed) % sizeof in;
        for (size_t i = 0; i < len; i++)
            in[i] = (char)pool[next_random(&seed) % sizeof pool];
        char once[24 * 6 + 1], twice[24 * 6 + 1];
        size_t n = escape_text(once, sizeof once, in, len);
        assert_int_equal(n, strlen(once));
        assert_true(test_is_valid_utf8(once, n));
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)once[i];
            assert_false(c < 0x20 || c == 0x7f);
            if (c == 0xc2)
                assert_false((unsigned char)once[i + 1] <= 0x9f);
        }
        assert_int_equal(escape_text(twice, sizeof twice, once, n), n);
        assert_string_equal(twice, once);
    }
}

/* A buffer too small is cut at a whole escape or character. */
static void test_escape_cut(void **state)
{
    (void)state;
    char out[16];
    assert_int_equal(escape_text(out, 6, "ab\x1b", 3), 6);
    assert_string_equal(out, "ab");
    assert_int_equal(escape_text(out, 7, "ab\x1b", 3), 6);
    assert_string_equal(out, "ab\\x1b");
    assert_int_equal(escape_text(out, 4, "ab\xc3\xa9", 4), 4);
    assert_string_equal(out, "ab");
    assert_int_equal(escape_text(out, 1, "abc", 3), 3);
    assert_string_equal(out, "");
    /* Nothing written after a cut, even what would fit. */
    assert_int_equal(escape_text(out, 4, "a\x1b" "b", 3), 6);
    assert_string_equal(out, "a");
}

/* Messages: one line each, whatever the arguments hold, short or long. */
static void test_escape_message(void **state)
{
    (void)state;
    char *path = test_path_join(tmp, "messages.txt");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    escape_message(f, "%s: %s: %s", "prog", "file\x1b]0;x\x07.jsonl:3",
                   "bad date \"\xc2\x9b" "2J\"\n");
    char big[3001];
    memset(big, 'a', 3000);
    big[2998] = '\x1b';
    big[3000] = '\0';
    escape_message(f, "long %s %d", big, 7);
    escape_fputs(f, "x\x7fy");
    escape_fwrite(f, "\0z", 2);
    escape_fputs(f, NULL);
    fputc('\n', f);
    assert_int_equal(fclose(f), 0);
    size_t len;
    char *got = test_read_file(path, &len);
    const char *first = "prog: file\\x1b]0;x\\x07.jsonl:3: bad date "
                        "\"\\u009b2J\"\\x0a\n";
    assert_memory_equal(got, first, strlen(first));
    const char *second = got + strlen(first);
    assert_memory_equal(second, "long aaa", 8);
    const char *nl = strchr(second, '\n');
    assert_non_null(nl);
    assert_int_equal(nl - second, 5 + 2998 + 4 + 1 + 2);
    assert_memory_equal(nl - 7, "\\x1ba 7", 7);
    assert_string_equal(nl + 1, "x\\x7fy\\x00z\n");
    free(got);
    free(path);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nul_in_an_early_line),
        cmocka_unit_test(test_nul_before_the_first_record),
        cmocka_unit_test(test_nul_outside_a_string),
        cmocka_unit_test(test_escaped_nul_in_a_string),
        cmocka_unit_test(test_declared_jsonl_is_never_binary),
        cmocka_unit_test(test_binary_and_text_unchanged),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_no_wrong_type_is_silent),
        cmocka_unit_test(test_wrong_types_exact_messages),
        cmocka_unit_test(test_lossless_conversions),
        cmocka_unit_test(test_skipped_record_one_message),
        cmocka_unit_test(test_bylines),
        cmocka_unit_test(test_escape_table),
        cmocka_unit_test(test_escape_is_safe_and_stable),
        cmocka_unit_test(test_escape_cut),
        cmocka_unit_test(test_escape_message),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
