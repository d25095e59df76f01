/*
 * test_xc_document.c: libxapian-c documents: postings, terms, boolean
 * terms, values (raw, numbers, times), data and term iteration, through a
 * real database round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"
#include "xapian-c.h"

static void test_terms_and_positions(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("doc");
    char *path = test_path_join(dir, "index");
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE, &db),
                     XC_STATUS_SUCCESS);

    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_docid(doc), 0);
    assert_int_equal(xc_doc_add_posting(doc, "cyber", 1, 1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_posting(doc, "spi", 2, 1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_posting(doc, "cyber", 7, 2), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_term(doc, "XEpla", 5), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_boolean_term(doc, "XSwashington-post"),
                     XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_term(doc, "", 1), XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_posting(doc, NULL, 1, 1),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_true(strlen(xc_doc_last_error(doc)) > 0);

    xc_docid id = 0;
    assert_int_equal(xc_db_add_document(db, doc, &id), XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);

    /* Term list of the stored document: byte order, wdf as added. */
    assert_int_equal(xc_db_get_document(db, id, &doc), XC_STATUS_SUCCESS);
    xc_terms *it = NULL;
    assert_int_equal(xc_doc_terms(doc, &it), XC_STATUS_SUCCESS);
    static const struct {
        const char *term;
        uint32_t wdf;
    } expected[] = {
        {"XEpla", 5}, {"XSwashington-post", 0}, {"cyber", 3}, {"spi", 1},
    };
    size_t i = 0;
    for (; xc_terms_valid(it); xc_terms_next(it), i++) {
        assert_true(i < 4);
        assert_string_equal(xc_terms_term(it), expected[i].term);
        assert_int_equal(xc_terms_wdf(it), expected[i].wdf);
        assert_int_equal(xc_terms_freq(it), 1);
    }
    assert_int_equal(i, 4);
    assert_int_equal(xc_terms_status(it), XC_STATUS_SUCCESS);
    xc_terms_destroy(it);
    xc_doc_destroy(doc);

    /* Document length counts wdf of non-boolean terms: 3 + 1 + 5. */
    double avg = 0;
    assert_int_equal(xc_db_avg_length(db, &avg), XC_STATUS_SUCCESS);
    assert_true(avg > 8.99 && avg < 9.01);

    xc_db_destroy(db);
    free(path);
    test_tmpdir_remove(dir);
}

static void test_values_and_data(void **state)
{
    (void)state;
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);

    static const char raw[] = {'x', '\0', 'y'};
    assert_int_equal(xc_doc_set_value(doc, 1, raw, 3), XC_STATUS_SUCCESS);
    char *value = NULL;
    size_t len = 0;
    assert_int_equal(xc_doc_get_value(doc, 1, &value, &len),
                     XC_STATUS_SUCCESS);
    assert_int_equal(len, 3);
    assert_memory_equal(value, raw, 3);
    xc_free(value);
    assert_int_equal(xc_doc_get_value(doc, 9, &value, &len),
                     XC_STATUS_SUCCESS);
    assert_string_equal(value, "");
    assert_int_equal(len, 0);
    xc_free(value);

    double number = 0;
    int is_set = -1;
    assert_int_equal(xc_doc_set_value_double(doc, 2, -12.5), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_get_value_double(doc, 2, &number, &is_set),
                     XC_STATUS_SUCCESS);
    assert_true(number == -12.5);
    assert_int_equal(is_set, 1);
    assert_int_equal(xc_doc_get_value_double(doc, 3, &number, &is_set),
                     XC_STATUS_SUCCESS);
    assert_int_equal(is_set, 0);
    assert_true(number == 0);

    /* 2020-11-30T00:00:00Z */
    time_t when = 1606694400;
    time_t back = 0;
    assert_int_equal(xc_doc_set_value_time(doc, 0, when), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_get_value_time(doc, 0, &back, &is_set),
                     XC_STATUS_SUCCESS);
    assert_int_equal(back, when);
    assert_int_equal(is_set, 1);

    /* Data keeps NUL bytes and arbitrary bytes. */
    static const char data[] = {'{', '\0', '\xff', '}'};
    assert_int_equal(xc_doc_set_data(doc, data, 4), XC_STATUS_SUCCESS);
    char *out = NULL;
    assert_int_equal(xc_doc_get_data(doc, &out, &len), XC_STATUS_SUCCESS);
    assert_int_equal(len, 4);
    assert_memory_equal(out, data, 4);
    assert_int_equal(out[4], '\0');
    xc_free(out);

    assert_int_equal(xc_doc_set_data(doc, NULL, 3), XC_STATUS_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_set_value(doc, 1, NULL, 1),
                     XC_STATUS_INVALID_ARGUMENT);
    xc_doc_destroy(doc);
}

/* Sortable encoding: byte order must follow numeric order, table-driven. */
static void test_sortable_order(void **state)
{
    (void)state;
    static const double numbers[] = {
        -1e300, -1606694400.0, -1.5, -0.0, 0.0, 1e-300, 1.0, 2.0,
        1606694400.0, 1606694401.0, 4102444800.0, 1e300,
    };
    char prev[XC_SORTABLE_MAX], cur[XC_SORTABLE_MAX];
    size_t prev_len = xc_sortable_serialise(numbers[0], prev);
    for (size_t i = 1; i < sizeof numbers / sizeof numbers[0]; i++) {
        size_t cur_len = xc_sortable_serialise(numbers[i], cur);
        assert_true(cur_len <= XC_SORTABLE_MAX);
        assert_true(xc_sortable_unserialise(cur, cur_len) == numbers[i]);
        size_t n = prev_len < cur_len ? prev_len : cur_len;
        int cmp = memcmp(prev, cur, n);
        if (cmp == 0)
            cmp = (prev_len > cur_len) - (prev_len < cur_len);
        /* -0.0 and 0.0 encode the same. */
        if (numbers[i - 1] == numbers[i])
            assert_int_equal(cmp, 0);
        else
            assert_true(cmp < 0);
        memcpy(prev, cur, cur_len);
        prev_len = cur_len;
    }
}

/* Xapian's term limit: reported as INVALID_ARGUMENT when the document is
 * added, and the writer stays usable. */
static void test_term_too_long(void **state)
{
    (void)state;
    char *dir = test_tmpdir_new("longterm");
    char *path = test_path_join(dir, "index");
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE, &db),
                     XC_STATUS_SUCCESS);
    char term[XC_MAX_TERM_BYTES + 2];
    memset(term, 'a', sizeof term - 1);
    term[sizeof term - 1] = '\0';
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_term(doc, term, 1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_document(db, doc, NULL),
                     XC_STATUS_INVALID_ARGUMENT);
    assert_non_null(strstr(xc_db_last_error(db), "Term too long"));
    xc_doc_destroy(doc);

    /* The longest allowed term goes in. */
    term[XC_MAX_TERM_BYTES] = '\0';
    assert_int_equal(xc_doc_new(&doc), XC_STATUS_SUCCESS);
    assert_int_equal(xc_doc_add_term(doc, term, 1), XC_STATUS_SUCCESS);
    assert_int_equal(xc_db_add_document(db, doc, NULL), XC_STATUS_SUCCESS);
    xc_doc_destroy(doc);
    assert_int_equal(xc_db_commit(db), XC_STATUS_SUCCESS);
    uint32_t n = 0;
    assert_int_equal(xc_db_doc_count(db, &n), XC_STATUS_SUCCESS);
    assert_int_equal(n, 1);

    xc_db_destroy(db);
    free(path);
    test_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_and_positions),
        cmocka_unit_test(test_values_and_data),
        cmocka_unit_test(test_sortable_order),
        cmocka_unit_test(test_term_too_long),
    };
    return cmocka_run_group_tests_name("xapian-c document", tests, NULL, NULL);
}
