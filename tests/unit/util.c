/*
 * util.c: helpers shared by the unit tests.
 */
#define _XOPEN_SOURCE 700
#include "util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"

char *test_path_join(const char *dir, const char *name)
{
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *path = malloc(len);
    assert_non_null(path);
    snprintf(path, len, "%s/%s", dir, name);
    return path;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s (tests run from the repository root)", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    char *data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    data[size] = '\0';
    *len = (size_t)size;
    return data;
}

char *test_tmpdir_new(const char *tag)
{
    const char *base = getenv("DOSSIER_TEST_TMP");
    if (base == NULL || *base == '\0')
        base = "/tmp";
    mkdir(base, 0755); /* may exist already */
    char name[128];
    snprintf(name, sizeof name, "dossier-%s-XXXXXX", tag);
    char *path = test_path_join(base, name);
    assert_non_null(mkdtemp(path));
    return path;
}

void test_tmpdir_remove(char *path)
{
    if (path == NULL)
        return;
    remove_tree(path);
    free(path);
}

int test_teardown_libxml(void **state)
{
    (void)state;
    xmlCleanupParser();
    return 0;
}

/* Written apart from lib/utf8.h, so that it checks that code. */
int test_is_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char b = p[i];
        size_t n;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
            cp = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            cp = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            cp = b & 0x07;
        } else {
            return 0;
        }
        if (len - i < n)
            return 0;
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += n;
    }
    return 1;
}

static int n_libxml_errors;

static void count_libxml_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
    n_libxml_errors++;
}

void test_libxml_handler_begin(void)
{
    n_libxml_errors = 0;
    xmlSetStructuredErrorFunc(NULL, count_libxml_error);
}

void test_libxml_handler_end(void)
{
    assert_ptr_equal(xmlStructuredError, count_libxml_error);
    assert_int_equal(n_libxml_errors, 0);
    xmlSetStructuredErrorFunc(NULL, NULL);
}

void test_mset_describe(xc_mset *m, char *out, size_t out_len)
{
    out[0] = '\0';
    for (uint32_t i = 0; i < xc_mset_size(m); i++) {
        xc_doc *doc = NULL;
        char *data = NULL;
        assert_int_equal(xc_mset_document(m, i, &doc), XC_STATUS_SUCCESS);
        assert_int_equal(xc_doc_get_data(doc, &data, NULL), XC_STATUS_SUCCESS);
        size_t used = strlen(out);
        snprintf(out + used, out_len - used, "%s:%.6f ", data,
                 xc_mset_weight(m, i));
        xc_free(data);
        xc_doc_destroy(doc);
    }
}

xc_doc *test_doc_from_words(const char *id, const char *text,
                            const char *data)
{
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);
    char word[256];
    xc_termpos pos = 1;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        assert_true(n < sizeof word);
        memcpy(word, p, n);
        word[n] = '\0';
        assert_int_equal(xc_doc_add_posting(doc, word, pos++, 1),
                         XC_STATUS_SUCCESS);
        p += n;
    }
    char unique[256];
    snprintf(unique, sizeof unique, "Q%s", id);
    assert_int_equal(xc_doc_add_boolean_term(doc, unique), XC_STATUS_SUCCESS);
    if (data != NULL)
        assert_int_equal(xc_doc_set_data(doc, data, strlen(data)),
                         XC_STATUS_SUCCESS);
    return doc;
}

void test_db_put(xc_db *db, const char *id, const char *text)
{
    xc_doc *doc = test_doc_from_words(id, text, text);
    char unique[256];
    snprintf(unique, sizeof unique, "Q%s", id);
    assert_int_equal(xc_db_replace_document_by_term(db, unique, doc, NULL),
                     XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);
}

void test_write_file(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

void test_fail_on_warning(void *ctx, const char *where, const char *message)
{
    (void)ctx;
    fail_msg("gazetteer warning: %s: %s", where, message);
}

void test_analyzer_open(dossier_gazetteer **gaz, dossier_analyzer **an,
                        dossier_analysis **res)
{
    if (gaz)
        assert_int_equal(dossier_gazetteer_load("feeds/entities.tsv",
                                                test_fail_on_warning, NULL, gaz),
                         DOSSIER_OK);
    assert_int_equal(dossier_analyzer_new(gaz ? *gaz : NULL, an), DOSSIER_OK);
    if (res)
        assert_int_equal(dossier_analysis_new(res), DOSSIER_OK);
}

void test_analyzer_close(dossier_gazetteer *gaz, dossier_analyzer *an,
                         dossier_analysis *res)
{
    dossier_analysis_free(res);
    dossier_analyzer_free(an);
    dossier_gazetteer_free(gaz);
}

unsigned test_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    socklen_t len = sizeof addr;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    return ntohs(addr.sin_port);
}
