/*
 * test_charset.c: outside text to UTF-8 as browsers read it: Windows-1252
 * for ISO-8859-1 and US-ASCII labels (the five undefined bytes kept as C1
 * controls), invalid UTF-8 byte by byte, UTF-16/32 told by a mark or by
 * "<", iconv for the rest with refused bytes counted, and C1 references
 * mapped to the punctuation they stand for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "charset.h"

static char *decode(const char *data, size_t len, const char *label,
                    charset_report *r)
{
    size_t out_len;
    char *out = charset_to_utf8(data, len, label, &out_len, r);
    assert_non_null(out);
    assert_int_equal(strlen(out), out_len);
    return out;
}

static void test_latin1_labels_read_as_windows_1252(void **state)
{
    (void)state;
    static const char *const labels[] = {"ISO-8859-1", "iso_8859-1", "latin1",
                                         "US-ASCII", "windows-1252",
                                         "CP1252"};
    /* 0x92 right quote, 0x96 en dash, 0xE9 e acute, 0x81 undefined. */
    static const char in[] = "Don\x92t \x96 caf\xE9 \x81";
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        charset_report r;
        char *out = decode(in, sizeof in - 1, labels[i], &r);
        assert_string_equal(out, "Don\xE2\x80\x99t \xE2\x80\x93 caf\xC3\xA9 "
                                 "\xC2\x81");
        assert_string_equal(r.used, "windows-1252");
        assert_int_equal(r.n_replaced, 0);
        free(out);
    }
}

static void test_invalid_utf8_byte_by_byte(void **state)
{
    (void)state;
    /* Valid UTF-8 stays; the lone 0x92 on line 2 is Windows-1252. */
    static const char in[] = "\xEF\xBB\xBF" "caf\xC3\xA9\nDon\x92t\n";
    charset_report r;
    char *out = decode(in, sizeof in - 1, NULL, &r);
    assert_string_equal(out, "caf\xC3\xA9\nDon\xE2\x80\x99t\n");
    assert_int_equal(r.n_fallback, 1);
    assert_int_equal(r.first_bad_line, 2);
    free(out);
    /* A NUL byte is no character. */
    static const char nul[] = "a\0b";
    out = decode(nul, 3, "UTF-8", &r);
    assert_string_equal(out, "a\xEF\xBF\xBD" "b");
    assert_int_equal(r.n_replaced, 1);
    free(out);
}

static void test_wide_encodings(void **state)
{
    (void)state;
    static const char utf16le_bom[] = "\xFF\xFE<\0a\0\xE9\0";
    static const char utf16be[] = "\0<\0?\0x";
    static const char utf32le_bom[] = "\xFF\xFE\0\0<\0\0\0";
    static const char utf32be[] = "\0\0\0<\0\0\0?";
    assert_string_equal(charset_wide(utf16le_bom, 8), "UTF-16LE");
    assert_string_equal(charset_wide(utf16be, 6), "UTF-16BE");
    assert_string_equal(charset_wide(utf32le_bom, 8), "UTF-32LE");
    assert_string_equal(charset_wide(utf32be, 8), "UTF-32BE");
    assert_null(charset_wide("<?xml", 5));
    assert_null(charset_wide("", 0));
    charset_report r;
    char *out = decode(utf16le_bom, 8, "UTF-16LE", &r);
    assert_string_equal(out, "<a\xC3\xA9");
    free(out);
    assert_true(charset_is_wide_label("utf-16"));
    assert_true(charset_is_wide_label("UCS-4"));
    assert_false(charset_is_wide_label("utf-8"));
}

/* NUL characters of a wide encoding become U+FFFD in one pass: counted,
 * the first one's line told, and a file full of them is no quadratic
 * work. */
static void test_wide_nul_characters(void **state)
{
    (void)state;
    /* "a\nb<NUL>c<NUL>\nd\n" in UTF-16LE. */
    static const char in[] = "a\0\n\0b\0\0\0c\0\0\0\n\0d\0\n\0";
    charset_report r;
    char *out = decode(in, sizeof in - 1, "UTF-16LE", &r);
    assert_string_equal(out, "a\nb\xEF\xBF\xBD" "c\xEF\xBF\xBD\nd\n");
    assert_int_equal(r.n_replaced, 2);
    assert_int_equal(r.first_bad_line, 2);
    free(out);

    size_t n = 2000000;
    char *many = calloc(2 * n, 1);
    assert_non_null(many);
    for (size_t i = 0; i < n; i += 2)
        many[2 * i] = 'x'; /* every other character a NUL */
    out = decode(many, 2 * n, "UTF-16LE", &r);
    assert_int_equal(r.n_replaced, n / 2);
    assert_int_equal(r.first_bad_line, 1);
    assert_int_equal(strlen(out), n / 2 + 3 * (n / 2));
    assert_memory_equal(out, "x\xEF\xBF\xBDx", 5);
    free(out);
    free(many);
}

static void test_iconv_and_unknown_labels(void **state)
{
    (void)state;
    charset_report r;
    /* KOI8-R "мир". */
    char *out = decode("\xCD\xC9\xD2", 3, "koi8-r", &r);
    assert_string_equal(out, "\xD0\xBC\xD0\xB8\xD1\x80");
    free(out);
    /* Shift_JIS with a cut sequence at the end: one U+FFFD, counted. */
    out = decode("ab\x82", 3, "Shift_JIS", &r);
    assert_string_equal(out, "ab\xEF\xBF\xBD");
    assert_int_equal(r.n_replaced, 1);
    free(out);
    out = decode("caf\xC3\xA9", 5, "x-no-such-charset", &r);
    assert_true(r.is_unknown_label);
    assert_string_equal(out, "caf\xC3\xA9");
    free(out);
}

static void test_c1_references_mapped(void **state)
{
    (void)state;
    size_t n;
    /* U+0092 U+0093 U+0094, and U+0081 which Windows-1252 leaves. */
    char *out = charset_map_c1("Don\xC2\x92t \xC2\x93x\xC2\x94 \xC2\x81", &n);
    assert_non_null(out);
    assert_string_equal(out, "Don\xE2\x80\x99t \xE2\x80\x9Cx\xE2\x80\x9D "
                             "\xC2\x81");
    assert_int_equal(n, 3);
    free(out);
    out = charset_map_c1("plain \xC3\xA9", &n);
    assert_string_equal(out, "plain \xC3\xA9");
    assert_int_equal(n, 0);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latin1_labels_read_as_windows_1252),
        cmocka_unit_test(test_invalid_utf8_byte_by_byte),
        cmocka_unit_test(test_wide_encodings),
        cmocka_unit_test(test_wide_nul_characters),
        cmocka_unit_test(test_iconv_and_unknown_labels),
        cmocka_unit_test(test_c1_references_mapped),
    };
    return cmocka_run_group_tests_name("charset", tests, NULL, NULL);
}
