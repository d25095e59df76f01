/*
 * test_analyzer_props.c: properties that hold for any input, checked on
 * random and hostile byte strings: the analyzer terminates, every span
 * lies inside the input on character boundaries and holds valid UTF-8,
 * positions and sentences only go forward, strings are what their lengths
 * say, and memory stays bounded on huge inputs; and the analysis made
 * for finding given terms (snippets) agrees with the full one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <pthread.h>
#include <sys/resource.h>

#include "dossier/analyzer.h"
#include "dossier/gazetteer.h"
#include "spelling.h"
#include "util.h"

TEST_ANALYZER_FIXTURE(1)

/* Checks every property of the analysis of TEXT. */
/* Checks the analysis of TEXT in LANG (one without a stemmer gives
 * DOSSIER_ERR_LANGUAGE and a whole analysis). */
static void check_in(const char *text, size_t len, const char *lang)
{
    dossier_status st = dossier_analyze(an, text, len, lang, res);
    if (st != DOSSIER_ERR_LANGUAGE)
        assert_int_equal(st, DOSSIER_OK);
    const dossier_token *t = dossier_analysis_tokens(res);
    size_t n = dossier_analysis_token_count(res);
    uint32_t last_position = 0, last_sentence = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(t[i].start < t[i].end);
        assert_true(t[i].end <= len);
        if (!test_is_valid_utf8(text + t[i].start, t[i].end - t[i].start))
            fail_msg("token %zu [%u,%u) is not valid UTF-8", i, t[i].start,
                     t[i].end);
        assert_non_null(t[i].norm);
        assert_non_null(t[i].term);
        assert_int_equal(strlen(t[i].norm), t[i].norm_len);
        assert_int_equal(strlen(t[i].term), t[i].term_len);
        assert_true(t[i].norm_len <= DOSSIER_MAX_TERM_BYTES);
        assert_true(t[i].term_len <= DOSSIER_MAX_TERM_BYTES + 8);
        if (t[i].flags & DOSSIER_TOKEN_TOO_LONG)
            assert_int_equal(t[i].term_len, 0);
        else
            assert_true(t[i].term_len > 0);
        if (!(t[i].flags & DOSSIER_TOKEN_COMPOUND)) {
            assert_true(t[i].position > last_position);
            last_position = t[i].position;
        } else {
            assert_true(t[i].position <= last_position);
        }
        assert_true(t[i].sentence >= last_sentence);
        last_sentence = t[i].sentence;
    }
    size_t n_sentences = dossier_analysis_sentence_count(res);
    if (n > 0)
        assert_int_equal(n_sentences, t[n - 1].sentence + 1);
    else
        assert_int_equal(n_sentences, 0);
    const dossier_sentence *sent = dossier_analysis_sentences(res);
    for (size_t i = 0; i < n_sentences; i++) {
        assert_true(sent[i].start < sent[i].end && sent[i].end <= len);
        if (i > 0)
            assert_true(sent[i].start >= sent[i - 1].end);
    }
    const dossier_mention *m = dossier_analysis_mentions(res);
    for (size_t i = 0; i < dossier_analysis_mention_count(res); i++) {
        assert_true(m[i].start < m[i].end && m[i].end <= len);
        assert_true(m[i].first_token <= m[i].last_token);
        assert_true(m[i].last_token < n);
        assert_int_equal(m[i].start, t[m[i].first_token].start);
        assert_int_equal(m[i].end, t[m[i].last_token].end);
        assert_true(test_is_valid_utf8(text + m[i].start, m[i].end - m[i].start));
        if (i > 0)
            assert_true(m[i].start >= m[i - 1].end);
    }
}

static void check(const char *text, size_t len)
{
    check_in(text, len, "en");
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)rng_state;
}

static void test_random_bytes(void **state)
{
    (void)state;
    char buf[4096];
    for (int round = 0; round < 3000; round++) {
        size_t len = rng() % sizeof buf;
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)rng();
        check(buf, len);
    }
}

/* Random sequences of fragments that exercise every rule. */
static void test_random_fragments(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "U.S.",  "U.K",   ".",     "..",   "'s",   "\xE2\x80\x99s", "-",
        "--",    "a",     "PLA",   "pla",  " ",    "\n",   "\n\n",  "1,000",
        "3.5",   ",",     "(",     ")",    "SCO",  "Shanghai Cooperation "
                                                   "Organisation ",
        "Gen.",  "Mr.",   "?",     "!",    "\"",   "\xC3\xA9", "\xE6\x97\xA5",
        "\xFF",  "\xC3",  "\xE2\x80", "\0", "Check Point", "cyber-security",
        "\xCC\x81", "Japan", "US",  "us",   "e.g.", "O'Brien", "\xF0\x9F\x98\x80",
        "\xED\xA0\x80", "\xC0\xAF", "NATO", "Nato", "'", "\xE2\x80\x94",
        /* Other scripts and their rules: stems, prefixes, bigrams,
         * elisions, case endings, gershayim, the zero-width non-joiner. */
        "России", "ГРУ", "ь", "وحزب", "الله", "والحرس", "צה", "ל",
        "ולישראל", "\xD7\xB4", "\xD7\xB3", "中国人民解放军", "中",
        "러시아는", "ｶﾀ", "l'", "qu\xE2\x80\x99", "L'", "'da", "Ankara'",
        "\xE2\x80\x8C", "خامنه", "ای",
    };
    static const char *const langs[] = {"en", "en", "tr", "ru", "ar", "he",
                                        "zh", "fr", "uk", "fa"};
    char buf[8192];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0, n = rng() % 200;
        for (size_t k = 0; k < n; k++) {
            const char *p = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
            size_t plen = *p ? strlen(p) : 1;
            if (len + plen > sizeof buf)
                break;
            memcpy(buf + len, p, plen);
            len += plen;
        }
        check_in(buf, len, langs[round % (sizeof langs / sizeof langs[0])]);
    }
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int is_instrumented(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#else
    const char *preload = getenv("LD_PRELOAD");
    return preload != NULL && strstr(preload, "vgpreload") != NULL;
#endif
}

/* Repeats PATTERN to fill LEN bytes. */
static char *repeat(const char *pattern, size_t plen, size_t len)
{
    char *buf = malloc(len);
    assert_non_null(buf);
    for (size_t i = 0; i < len; i++)
        buf[i] = pattern[i % plen];
    return buf;
}

static void test_hostile_inputs(void **state)
{
    (void)state;
    /* Smaller under valgrind and ASan, which are slow; the same shapes. */
    size_t big = is_instrumented() ? (1u << 20) : (10u << 20);
    static const struct {
        const char *pattern;
        size_t len;
    } shapes[] = {
        {"a", 1},                     /* one 10 MB word */
        {"\xC3\xA9", 2},              /* one 10 MB accented word */
        {".", 1},                     /* punctuation only */
        {"\0", 1},                    /* NUL bytes */
        {"\xFF", 1},                  /* invalid only */
        {"a-", 2},                    /* a compound of millions of parts */
        {"U.", 2},                    /* an endless dotted acronym */
        {"1,", 2},                    /* an endless number */
        {"\xE6\x97\xA5", 3},          /* CJK: a token per character */
        {"PLA ", 4},                  /* an entity per word */
        {"ab ", 3},                   /* many short words */
    };
    long rss_before = max_rss_kb();
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char *text = repeat(shapes[i].pattern, shapes[i].len, big);
        check(text, big);
        free(text);
    }
    /* 100k tokens in a row without a space. */
    char *words = repeat("x.y,z'w-", 8, 800000);
    check(words, 800000);
    free(words);
    if (!is_instrumented()) {
        /* Tokens cost tens of bytes each; 10 MB of "ab " is 3.5 M tokens.
         * Anything proportional to the input is fine; anything much past
         * it is a leak of bounds. */
        long grown_mb = (max_rss_kb() - rss_before) / 1024;
        if (grown_mb > 600)
            fail_msg("memory grew by %ld MB on 10 MB inputs", grown_mb);
    }
}

/* Renders everything an analysis found, to compare two of them. */
static void fingerprint(dossier_analyzer *a, dossier_analysis *r,
                        const char *text, char *out, size_t out_size)
{
    dossier_analyze(a, text, strlen(text), "en", r);
    size_t used = 0;
    const dossier_token *t = dossier_analysis_tokens(r);
    for (size_t i = 0; i < dossier_analysis_token_count(r) && used < out_size;
         i++)
        used += (size_t)snprintf(out + used, out_size - used, "%s@%u ",
                                 t[i].term, t[i].position);
    const dossier_mention *m = dossier_analysis_mentions(r);
    for (size_t i = 0; i < dossier_analysis_mention_count(r) && used < out_size;
         i++)
        used += (size_t)snprintf(out + used, out_size - used, "%s[%u] ",
                                 m[i].entity->id, m[i].start);
}

static const char *const thread_texts[] = {
    "Gen. Paul Nakasone, head of the NSA and US Cyber Command, visited Tokyo.",
    "cyber spies of the People's Liberation Army sneaked into Japan's systems",
    "Check Point Research said Twisted Panda phished Russian defence "
    "institutes.",
    "The Shanghai Cooperation Organisation (SCO) met. SCO leaders spoke.",
    "U.S. TREASURY SAYS DOLLAR STABLE; NATO AND THE PLA",
};
#define N_THREAD_TEXTS (sizeof thread_texts / sizeof thread_texts[0])
static char expected_prints[N_THREAD_TEXTS][2048];

static void *analyze_in_thread(void *arg)
{
    (void)arg;
    dossier_analyzer *a = NULL;
    dossier_analysis *r = NULL;
    if (dossier_analyzer_new(gaz, &a) != DOSSIER_OK ||
        dossier_analysis_new(&r) != DOSSIER_OK)
        return (void *)1;
    intptr_t failures = 0;
    char got[2048];
    for (int round = 0; round < 300; round++) {
        size_t i = (size_t)round % N_THREAD_TEXTS;
        fingerprint(a, r, thread_texts[i], got, sizeof got);
        failures += strcmp(got, expected_prints[i]) != 0;
    }
    dossier_analysis_free(r);
    dossier_analyzer_free(a);
    return (void *)failures;
}

/* One analyzer per thread over one shared gazetteer gives, in every
 * thread, what a single thread gives: no hidden shared state. */
static void test_threads_share_a_gazetteer(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_THREAD_TEXTS; i++)
        fingerprint(an, res, thread_texts[i], expected_prints[i],
                    sizeof expected_prints[i]);
    assert_non_null(strstr(expected_prints[0], "nsa["));
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, analyze_in_thread,
                                        NULL),
                         0);
    for (int i = 0; i < 4; i++) {
        void *failures;
        assert_int_equal(pthread_join(threads[i], &failures), 0);
        assert_int_equal((intptr_t)failures, 0);
    }
}

static void test_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(dossier_analyze(NULL, "a", 1, "en", res),
                     DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_analyze(an, NULL, 1, "en", res),
                     DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_analyze(an, "a", 1, "en", NULL),
                     DOSSIER_ERR_INVALID);
    assert_int_equal(dossier_analyze(an, NULL, 0, NULL, res), DOSSIER_OK);
    assert_int_equal(dossier_analysis_token_count(res), 0);
    assert_int_equal(dossier_analysis_token_count(NULL), 0);
    assert_string_equal(dossier_status_to_string(DOSSIER_ERR_LAST),
                        "unknown status");
}

/* Analyzes TEXT fully and for the terms beginning with a byte of
 * FIRST_BYTES, and checks that they agree: the same tokens, norms,
 * positions, sentences and mentions; a term made is the full one; a term
 * left out is one that could not begin with a wanted byte.  In English
 * (IS_ENGLISH) every term of a word in Latin letters begins with the
 * first byte of its norm's American spelling, or of its own when a proper
 * noun keeps it. */
static dossier_analysis *part; /* the analysis for terms */

static void check_for_terms(const char *text, size_t len, const char *lang,
                            const unsigned char first_bytes[256],
                            int is_english)
{
    dossier_status full_st = dossier_analyze(an, text, len, lang, res);
    assert_int_equal(dossier_analyze_for_terms(an, text, len, lang,
                                               first_bytes, part),
                     full_st);
    size_t n = dossier_analysis_token_count(res);
    assert_int_equal(dossier_analysis_token_count(part), n);
    const dossier_token *f = dossier_analysis_tokens(res);
    const dossier_token *p = dossier_analysis_tokens(part);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(p[i].start, f[i].start);
        assert_int_equal(p[i].position, f[i].position);
        assert_int_equal(p[i].sentence, f[i].sentence);
        assert_string_equal(p[i].norm, f[i].norm);
        if (p[i].term_len > 0)
            assert_string_equal(p[i].term, f[i].term);
        else if (f[i].term_len > 0 &&
                 first_bytes[(unsigned char)f[i].term[0]])
            fail_msg("\"%s\" (%s) was left without its term \"%s\"",
                     f[i].norm, lang, f[i].term);
        /* A proper noun keeps its spelling, and its first byte. */
        const char *american =
            is_english && !(f[i].flags & DOSSIER_TOKEN_SPELLING_KEPT)
                ? spelling_to_american(f[i].norm, f[i].norm_len)
                : NULL;
        char first = american ? american[0] : f[i].norm[0];
        /* Words of other scripts are stemmed in their script's language
         * (Arabic's takes "wa-" off): English words only. */
        if (is_english && f[i].term_len > 0 &&
            (unsigned char)f[i].norm[0] < 0x80 && f[i].term[0] != first)
            fail_msg("the term \"%s\" of \"%s\" begins with another byte",
                     f[i].term, f[i].norm);
    }
    assert_int_equal(dossier_analysis_mention_count(part),
                     dossier_analysis_mention_count(res));
    assert_int_equal(dossier_analysis_sentence_count(part),
                     dossier_analysis_sentence_count(res));
}

/* Every first byte alone, then random sets of them, over TEXT. */
static void check_for_terms_sets(const char *text, size_t len,
                                 const char *lang, int is_english)
{
    unsigned char first_bytes[256];
    for (int b = 'a'; b <= 'z'; b++) {
        memset(first_bytes, 0, sizeof first_bytes);
        first_bytes[b] = 1;
        check_for_terms(text, len, lang, first_bytes, is_english);
    }
    for (int round = 0; round < 8; round++) {
        for (size_t b = 0; b < sizeof first_bytes; b++)
            first_bytes[b] = rng() % 4 == 0;
        check_for_terms(text, len, lang, first_bytes, is_english);
    }
}

static void test_for_terms_agrees_with_full_analysis(void **state)
{
    (void)state;
    assert_int_equal(dossier_analysis_new(&part), DOSSIER_OK);
    /* Words Snowball's English stemmer treats apart, y and apostrophe
     * forms, and every British and American spelling we fold. */
    static const char special[] =
        "skis skies dying lying tying idly gently ugly early only singly "
        "sky news howe atlas cosmos bias andes yelling Yemen yoyo 'twas "
        "o'clock rock'n'roll \xE2\x80\x99tis Yes YES y y's ies sses ied "
        "\xC3\x89tats-Unis \xC3\xA9lite \xC5\x93uvre aluminium colour "
        "organisation analyse programme catalogue defence travelled "
        "the Aeon of the Gaol in Tyre";
    check_for_terms_sets(special, sizeof special - 1, "en", 1);
    static const char *const files[] = {"lib/spelling_gb_us.tsv",
                                        "feeds/sample/articles.jsonl",
                                        "feeds/entities.tsv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *text = test_read_file(files[i], &len);
        check_for_terms_sets(text, len, "en", 1);
        free(text);
    }
    /* French has a stemmer that may change a first byte: nothing is
     * left out. */
    static const char french[] = "Les \xC3\xA9tats et l'arm\xC3\xA9" "e "
                                 "chinoise, les exercices militaires";
    unsigned char none[256] = {0};
    check_for_terms(french, sizeof french - 1, "fr", none, 0);
    const dossier_token *t = dossier_analysis_tokens(res);
    for (size_t i = 0; i < dossier_analysis_token_count(res); i++)
        assert_true(t[i].term_len > 0);
    /* Random fragments, as above. */
    static const char *const pieces[] = {
        "U.S. ", "PLA", " ", "'s", "dying ", "colour ", "\xC3\xA9", "y",
        "-", "Check Point ", "1,000 ", "\xE6\x97\xA5", "\xFF", ". ", "\n\n",
    };
    char buf[2048];
    for (int round = 0; round < 300; round++) {
        size_t len = 0, n = rng() % 120;
        for (size_t k = 0; k < n; k++) {
            const char *p = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
            size_t plen = strlen(p);
            if (len + plen > sizeof buf)
                break;
            memcpy(buf + len, p, plen);
            len += plen;
        }
        check_for_terms_sets(buf, len, "en", 1);
    }
    dossier_analysis_free(part);
}

/* The terms of TEXT's tokens, one a line, from analyzer A. */
static char *terms_of(dossier_analyzer *a, const char *text, size_t len)
{
    dossier_analysis *r;
    assert_int_equal(dossier_analysis_new(&r), DOSSIER_OK);
    assert_int_equal(dossier_analyze(a, text, len, "en", r), DOSSIER_OK);
    size_t n = dossier_analysis_token_count(r), cap = 160 * n + 1, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    const dossier_token *t = dossier_analysis_tokens(r);
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s %s %x\n",
                                 t[i].norm, t[i].term, t[i].flags);
    out[used] = '\0';
    dossier_analysis_free(r);
    return out;
}

/* The stem cache answers the words met most often from a small table
 * in front of it, one word a slot (lib/stem.c): words sharing a slot,
 * words too long for it, British spellings folded (or kept, for a
 * proper noun) must get from a warm analyzer the terms a fresh one
 * makes of them. */
static void test_stem_cache_agrees_with_the_stemmer(void **state)
{
    (void)state;
    /* 20,000 sentences of words in five times as many slots as the
     * table has, some over its 12 bytes, with Snowball's suffixes and
     * British forms, each also capitalized mid-sentence (a proper noun
     * keeps its spelling), before it is met in lower case. */
    static const char *const suffixes[] = {"", "s", "ing", "ational", "ies",
                                           "ed", "ousness", "y"};
    static const char *const british[] = {"colour", "organisation",
                                          "defence", "programme",
                                          "travelled", "catalogue"};
    enum { N = 20000, SENTENCE = 96 };
    char *text = malloc((size_t)N * SENTENCE);
    size_t *at = malloc(((size_t)N + 1) * sizeof *at);
    assert_non_null(text);
    assert_non_null(at);
    size_t len = 0;
    for (int w = 0; w < N; w++) {
        char word[40];
        int n = 3 + (int)(rng() % 12);
        for (int k = 0; k < n; k++)
            word[k] = (char)('a' + rng() % 26);
        snprintf(word + n, sizeof word - (size_t)n, "%s",
                 suffixes[rng() % (sizeof suffixes / sizeof suffixes[0])]);
        const char *b = british[rng() % (sizeof british / sizeof british[0])];
        at[w] = len;
        len += (size_t)snprintf(text + len, SENTENCE, "%s %c%s said %c%s "
                                "and %s. ", word, word[0] - 32, word + 1,
                                b[0] - 32, b + 1, b);
    }
    at[N] = len;
    dossier_analyzer *warm;
    assert_int_equal(dossier_analyzer_new(NULL, &warm), DOSSIER_OK);
    for (int pass = 0; pass < 2; pass++)
        free(terms_of(warm, text, len));
    /* Each of the first sentences, again from the warm analyzer's cache
     * and table, and from an analyzer that never saw a word. */
    for (int w = 0; w < 1000; w++) {
        dossier_analyzer *fresh;
        assert_int_equal(dossier_analyzer_new(NULL, &fresh), DOSSIER_OK);
        char *want = terms_of(fresh, text + at[w], at[w + 1] - at[w]);
        char *got = terms_of(warm, text + at[w], at[w + 1] - at[w]);
        assert_string_equal(got, want);
        free(got);
        free(want);
        dossier_analyzer_free(fresh);
    }
    dossier_analyzer_free(warm);
    free(at);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_random_fragments),
        cmocka_unit_test(test_hostile_inputs),
        cmocka_unit_test(test_threads_share_a_gazetteer),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_for_terms_agrees_with_full_analysis),
        cmocka_unit_test(test_stem_cache_agrees_with_the_stemmer),
    };
    return cmocka_run_group_tests_name("analyzer properties", tests, setup,
                                       teardown);
}
