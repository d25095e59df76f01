/*
 * test_query_parse.c: the query language, table-driven: each row a query,
 * the tree it parses to, and the warnings it gives (with positions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "query_parse.h"

static void test_table(void **state)
{
    (void)state;
    static const struct {
        const char *query;
        const char *tree;
        const char *warnings; /* "position:message|..." prefixes */
    } rows[] = {
        {"cyber", "cyber", ""},
        {"cyber attack", "(DEFAULT cyber attack)", ""},
        {"\"check point\"", "\"check point\"", ""},
        {"a AND b", "(AND a b)", ""},
        {"a OR b OR c", "(OR a b c)", ""},
        {"a b OR c", "(OR (DEFAULT a b) c)", ""},
        {"a NOT b", "(DEFAULT a (NOT b))", ""},
        {"a AND NOT b", "(AND a (NOT b))", ""},
        {"+japan -china", "(DEFAULT +japan (NOT china))", ""},
        {"-\"cyber command\"", "(NOT \"cyber command\")", ""},
        {"(a OR b) c", "(DEFAULT (OR a b) c)", ""},
        {"japan NEAR/5 hackers", "(NEAR/5 japan hackers)", ""},
        {"a NEAR b", "(NEAR/10 a b)", ""},
        {"cyber*", "cyber*", ""},
        {"title:japan", "title:japan", ""},
        {"title:\"check point\"", "title:\"check point\"", ""},
        {"entity:PLA source:reuters", "(DEFAULT entity:PLA source:reuters)",
         ""},
        {"date:2020", "date:2020-01-01T00:00:00Z..2020-12-31T23:59:59Z", ""},
        {"date:2020-06..2021-03",
         "date:2020-06-01T00:00:00Z..2021-03-31T23:59:59Z", ""},
        {"date:2024-02", "date:2024-02-01T00:00:00Z..2024-02-29T23:59:59Z",
         ""},
        {"since:2021-01-01", "date:2021-01-01T00:00:00Z..", ""},
        {"until:2021-12-31", "date:..2021-12-31T23:59:59Z", ""},
        {"date:..2019", "date:..2019-12-31T23:59:59Z", ""},
        /* The last year and month we read end at 9999's last second. */
        {"date:9999", "date:9999-01-01T00:00:00Z..9999-12-31T23:59:59Z", ""},
        {"until:9999-12", "date:..9999-12-31T23:59:59Z", ""},
        {"date:2020..9999", "date:2020-01-01T00:00:00Z..9999-12-31T23:59:59Z",
         ""},
        /* Lower-case operators are words. */
        {"war and peace", "(DEFAULT war and peace)", ""},
        /* Malformed input: warnings with positions, the rest runs. */
        {"\"check point", "\"check point\"", "0:unbalanced quote"},
        {"(a OR b", "(OR a b)", "0:unbalanced parenthesis"},
        {"a) b", "(DEFAULT a b)", "1:unbalanced parenthesis"},
        {"OR a", "a", "0:OR needs something"},
        {"a OR", "a", "2:OR needs something"},
        {"a AND", "a", "2:AND without a right side"},
        {"NOT", "", "0:NOT without anything"},
        {"NEAR/3 a", "a", "0:NEAR needs a word on each side"},
        {"colour:red war", "(DEFAULT colour:red war)",
         "0:unknown field \"colour\""},
        {"date:yesterday japan", "japan", "0:bad date \"yesterday\""},
        {"date:2021..2020", "", "0:inverted date range"},
        {"title: japan", "japan", "0:field title: has no value"},
        {"http://example.org", "http://example.org", ""},
        {"", "", ""},
        {"   ", "", ""},
        {"((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))"
         "))))))))))))",
         "a", "32:parentheses nested too deep"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        parsed_query q;
        dossier_status st =
            query_parse(rows[i].query, strlen(rows[i].query), 0, &q);
        /* Refused only for an error in the query, which is not run. */
        assert_int_equal(st, q.has_error ? DOSSIER_REFUSED : DOSSIER_OK);
        char tree[1024];
        query_describe(q.root, tree, sizeof tree);
        char warnings[1024] = "";
        size_t used = 0;
        for (size_t w = 0; w < q.n_warnings; w++)
            used += (size_t)snprintf(warnings + used, sizeof warnings - used,
                                     "%s%zu:%s", w ? "|" : "",
                                     q.warnings[w].position,
                                     q.warnings[w].message);
        if (strcmp(tree, rows[i].tree) != 0 ||
            strncmp(warnings, rows[i].warnings, strlen(rows[i].warnings)) != 0 ||
            (rows[i].warnings[0] == '\0' && warnings[0] != '\0'))
            fail_msg("row %zu: %s\n  tree:     %s\n  expected: %s\n"
                     "  warnings: %s\n  expected: %s",
                     i, rows[i].query, tree, rows[i].tree, warnings,
                     rows[i].warnings);
        query_free(&q);
    }
}

static void test_length_cap_and_hostile(void **state)
{
    (void)state;
    char big[QUERY_MAX_BYTES + 2];
    memset(big, 'a', sizeof big);
    parsed_query q;
    assert_int_equal(query_parse(big, sizeof big, 0, &q), DOSSIER_REFUSED);
    assert_null(q.root);
    assert_int_equal(q.n_warnings, 1);
    assert_non_null(strstr(q.warnings[0].message, "longer than 1024"));
    query_free(&q);

    /* Every byte value, operators glued everywhere: no crash, bounded
     * warnings. */
    char junk[QUERY_MAX_BYTES];
    uint32_t x = 12345;
    for (int round = 0; round < 2000; round++) {
        size_t len = (x = x * 1103515245u + 12345u) % sizeof junk;
        static const char pieces[] = "()\"+-:*ANDORNOT NEAR/3 date:";
        for (size_t k = 0; k < len; k++) {
            x = x * 1103515245u + 12345u;
            junk[k] = (x >> 16) % 3 ? pieces[(x >> 8) % (sizeof pieces - 1)]
                                    : (char)(x >> 24);
        }
        dossier_status st = query_parse(junk, len, 0, &q);
        assert_true(st == DOSSIER_OK || st == DOSSIER_REFUSED);
        assert_int_equal(st == DOSSIER_REFUSED, q.has_error);
        assert_true(q.n_warnings <= QUERY_MAX_WARNINGS);
        char tree[4096];
        query_describe(q.root, tree, sizeof tree);
        query_free(&q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_length_cap_and_hostile),
    };
    return cmocka_run_group_tests_name("query parser", tests, NULL, NULL);
}
